"""The raw-data manifest: the build refuses missing, changed, truncated or unregistered files."""
import shutil
from pathlib import Path

import pytest

from hatinh_analysis.data.build import main
from hatinh_analysis.data.manifest import (MANIFEST_NAME, read_manifest, render_manifest,
                                           sha256_of)

DATA = Path(__file__).resolve().parents[1] / "data"
PXWEB = "gso_pxweb/iip_by_province_2012-2016_retrieved-2018-09.csv"
RELEASE = "gso_releases/2016-12-29-Bieu-2016.xlsx"
OUTPUTS = ("observations.csv", "sources.csv", "raw/" + MANIFEST_NAME)


@pytest.fixture
def data(tmp_path):
    """A private copy of data/ (raw files, manifest and built tables)."""
    shutil.copytree(DATA, tmp_path / "data")
    return tmp_path / "data"


def saved(d):
    return {n: (d / n).read_bytes() for n in OUTPUTS}


def build(d, *args):
    return main(["build", "--data-dir", str(d), *args])


def test_manifest_lists_every_raw_file_with_its_hash():
    entries = read_manifest(DATA / "raw")
    files = sorted(p.relative_to(DATA / "raw").as_posix() for p in (DATA / "raw").rglob("*")
                   if p.is_file() and p.name != MANIFEST_NAME)
    assert sorted(entries) == files
    for rel, e in entries.items():
        path = DATA / "raw" / rel
        assert e.bytes == path.stat().st_size and e.sha256 == sha256_of(path)
    assert entries[PXWEB].rows_read == 320
    assert entries["curated/observations.csv"].rows_read == 83
    assert entries[RELEASE].rows_read == 112  # 28 rows (total, sections, divisions) x 4 columns
    assert entries["gso_releases_monthly/2011-01-28-Bieu-012011.xls"].rows_read == 0  # no IIP
    assert entries["README.md"].rows_read is None
    # deterministic: rendering the parsed manifest gives the committed bytes
    assert render_manifest(entries.values()) == (DATA / "raw" / MANIFEST_NAME).read_bytes()


def test_truncated_table_refused(data, capsys):
    # the failure of issue 10: a truncated PX-Web export rebuilt with exit status 0
    path = data / "raw" / PXWEB
    text = path.read_bytes()
    path.write_bytes(text[: len(text) * 6 // 10])
    before = saved(data)
    assert build(data) == 2
    err = capsys.readouterr().err
    assert PXWEB in err and "truncated" in err and f"{len(text)}" in err
    assert "--accept-changes" in err
    assert saved(data) == before
    # --check reports it too instead of "up to date"
    assert build(data, "--check") == 2
    assert "truncated" in capsys.readouterr().err


def test_changed_value_same_size_refused(data, capsys):
    path = data / "raw" / PXWEB
    content = path.read_bytes()
    assert content.count(b'"Ha Tinh";') == 1 and b";120.9" in content  # Hà Tĩnh 2016
    path.write_bytes(content.replace(b";120.9", b";100.9", 1))
    before = saved(data)
    assert build(data) == 2
    err = capsys.readouterr().err
    assert PXWEB in err and "changed" in err and "same size" in err
    assert saved(data) == before


def test_missing_workbook_refused(data, capsys):
    (data / "raw" / RELEASE).unlink()
    before = saved(data)
    assert build(data) == 2
    err = capsys.readouterr().err
    assert RELEASE in err and "missing" in err
    assert saved(data) == before


def test_unregistered_file_refused(data, capsys):
    extra = data / "raw" / "gso_releases" / "2025-12-29-Bieu-2025.xlsx"
    shutil.copy(data / "raw" / RELEASE, extra)
    before = saved(data)
    assert build(data, "--check") == 2
    assert build(data) == 2
    err = capsys.readouterr().err
    assert "gso_releases/2025-12-29-Bieu-2025.xlsx" in err and "unregistered" in err
    assert saved(data) == before


def test_rows_read_differ_refused(data, capsys):
    manifest = data / "raw" / MANIFEST_NAME
    text = manifest.read_text(encoding="utf-8")
    assert ",320\n" in text
    manifest.write_text(text.replace(",320\n", ",319\n"), encoding="utf-8")
    before = saved(data)
    assert build(data) == 2
    err = capsys.readouterr().err
    assert PXWEB in err and "320 rows read, the manifest says 319 rows" in err
    assert saved(data) == before


def test_missing_manifest_refused(data, capsys):
    (data / "raw" / MANIFEST_NAME).unlink()
    assert build(data) == 2
    assert "manifest is missing" in capsys.readouterr().err
    assert not (data / "raw" / MANIFEST_NAME).exists()


def test_accept_changes_rewrites_entry_and_says_so(data, capsys):
    # a deleted workbook, accepted: its year drops out deliberately
    (data / "raw" / RELEASE).unlink()
    assert build(data, "--accept-changes", str(data / "raw" / RELEASE)) == 0
    out = capsys.readouterr().out
    assert f"manifest: {RELEASE}: removed" in out and "manifest rewritten" in out
    assert RELEASE not in read_manifest(data / "raw")
    obs = (data / "observations.csv").read_text(encoding="utf-8")
    assert "gso_release_2016-12" not in obs and "gso_release_2017-12" in obs
    assert build(data, "--check") == 0  # consistent again


def test_corrupt_workbook_clear_message(data, capsys):
    path = data / "raw" / RELEASE
    path.write_bytes(path.read_bytes()[:50000])
    before = saved(data)
    assert build(data, "--accept-changes", f"gso_releases/{path.name}") == 2
    err = capsys.readouterr().err
    assert path.name in err and "damaged, truncated or not an Excel file" in err
    assert "Traceback" not in err
    assert saved(data) == before  # manifest not rewritten either


def test_accept_outside_raw_refused(data, tmp_path, capsys):
    assert build(data, "--accept-changes", str(tmp_path / "elsewhere.csv")) == 2
    assert "not a path under" in capsys.readouterr().err
