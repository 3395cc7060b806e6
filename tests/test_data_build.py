"""hatinh-data build: reproducible, checked, with provenance on every row."""
import shutil
from pathlib import Path

import pandas as pd
import pytest

from hatinh_analysis.data.build import main
from hatinh_analysis.data.schema import COLUMNS
from hatinh_analysis.data.tables import read_table

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    out = tmp_path_factory.mktemp("built")
    assert main(["build", "--data-dir", str(DATA), "--out-dir", str(out)]) == 0
    return out


@pytest.mark.parametrize("name", ["observations.csv", "sources.csv", "monthly.csv"])
def test_rebuild_is_byte_identical(rebuilt, name):
    assert (rebuilt / name).read_bytes() == (DATA / name).read_bytes()
    assert not list(rebuilt.glob(".*.tmp"))  # atomic write left no temp file


def test_check_passes_on_committed_files(capsys):
    assert main(["build", "--check", "--data-dir", str(DATA)]) == 0
    assert "up to date" in capsys.readouterr().out


def test_check_fails_with_diff_summary(rebuilt, tmp_path, capsys):
    for name in ("observations.csv", "sources.csv", "monthly.csv"):
        shutil.copy(rebuilt / name, tmp_path / name)
    path = tmp_path / "observations.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("ha_tinh,iip,2019,30.74,", "ha_tinh,iip,2019,30.75,"),
                    encoding="utf-8")
    assert main(["build", "--check", "--data-dir", str(DATA), "--out-dir", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "observations.csv: differs" in out
    assert "-ha_tinh,iip,2019,30.75," in out and "+ha_tinh,iip,2019,30.74," in out
    assert "sources.csv" not in out.replace("observations.csv", "")
    (tmp_path / "sources.csv").unlink()
    assert main(["build", "--check", "--data-dir", str(DATA), "--out-dir", str(tmp_path)]) == 1
    assert "sources.csv: missing" in capsys.readouterr().out


def test_contents_by_source(rebuilt):
    obs = read_table(rebuilt / "observations.csv")
    assert list(obs.columns) == list(COLUMNS)
    curated = pd.read_csv(DATA / "raw" / "curated" / "observations.csv")
    px = obs[obs["source_id"] == "gso_pxweb_iip_province"]
    rel = obs[obs["source_id"].str.startswith("gso_release_")]
    assert len(obs) == len(curated) + len(px) + len(rel)
    assert len(px) == 64 * 5 and set(px["status"]) == {"final"}
    assert set(px["published"]) == {"2018-09"}
    total = rel[rel["industry"] == ""]
    december = total[total["published"].str[5:7] == "12"]
    assert len(december) == 14 and sorted(december["year"]) == list(range(2011, 2025))
    # the January workbooks of 2015-2017 restate the previous whole year
    assert sorted(total.loc[total["published"].str[5:7] == "01", "year"]) == [2014, 2015, 2016]
    assert len(total) == 17
    # every industry row of the whole-year columns: 38 codes, 502 figures
    assert len(rel) == 502 and rel["industry"].nunique() == 38
    assert set(rel["status"]) == {"estimate"} and set(rel["province"]) == {"vietnam"}
    # official-file rows carry file + cell (+ sheet for workbooks); curated rows a quote
    assert (px["file"] != "").all() and (px["cell"] != "").all()
    assert (rel["sheet"] != "").all()
    assert (obs.loc[obs["file"] == "", "quote"] != "").all()
    for f in set(obs["file"]) - {""}:
        assert (DATA / "raw" / f).is_file(), f
    row = obs[(obs["province"] == "ha_tinh") & (obs["source_id"] == "gso_pxweb_iip_province")
              & (obs["year"] == 2016)].iloc[0]
    assert (row["value"], row["cell"]) == (120.9, "F35")


def test_build_error_exit_2(tmp_path, capsys):
    shutil.copytree(DATA, tmp_path, dirs_exist_ok=True)
    cur = tmp_path / "raw" / "curated" / "observations.csv"
    lines = cur.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].replace(",99.2,", ",99.2x,")  # row 3: ha_tinh iip 2009
    cur.write_text("".join(lines), encoding="utf-8")
    before = {n: (tmp_path / n).read_bytes()
              for n in ("observations.csv", "sources.csv", "raw/MANIFEST.csv")}
    # accepted as a change, the file is read, and its bad cell refused
    assert main(["build", "--data-dir", str(tmp_path),
                 "--accept-changes", "curated/observations.csv"]) == 2
    err = capsys.readouterr().err
    assert "observations.csv" in err and "row 3" in err and "'99.2x'" in err
    assert {n: (tmp_path / n).read_bytes() for n in before} == before
