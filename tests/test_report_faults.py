"""Breaking the runner on purpose: interruptions, a full disk, unwritable folders, killed runs, races.

Each fault must leave either a complete, indexed report (and say so) or nothing
at all — no staging folder, no kernel files, the index as it was.
"""
from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import listing, snapshot

from hatinh_analysis.report import folders
from hatinh_analysis.report.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"


def cli(*args):
    return CliRunner().invoke(main, ["--notebooks-dir", str(FIXTURES), *map(str, args)], catch_exceptions=False)


def leftovers(out: Path) -> list[str]:
    """Staging folders, temporary index files and kernel connection files left in *out*."""
    return [str(p.relative_to(out)) for p in out.rglob("*")
            if p.name.startswith((".incomplete", ".index.html.")) or p.name.startswith("kernel-")
            or p.name == ".kernels"]


@pytest.fixture
def no_kernels(monkeypatch):
    """Fail the test if any kernel is started."""
    from hatinh_analysis.report import execute

    def refuse(*args, **kwargs):
        raise AssertionError("a kernel was started")

    monkeypatch.setattr(execute.Kernels, "__init__", refuse)


# ------------------------------------------------------------------ checked before any kernel starts
def test_unwritable_output_folder_exits_2_before_any_kernel(tmp_path, no_kernels):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = cli("run", "tiny", "--out", blocker / "reports")
    assert result.exit_code == 2
    assert "cannot write to the reports folder" in result.output and "no notebook ran" in result.output


def _as_an_ordinary_user() -> list[str]:
    """Command prefix under which a read-only folder is read-only.

    Root ignores a folder's permission bits (CAP_DAC_OVERRIDE), and CI runs as root. util-linux
    ``setpriv`` drops that capability from the child's bounding set, so the child — still uid 0 —
    is refused like any user. Without root nothing is needed.
    """
    if not (hasattr(os, "geteuid") and os.geteuid() == 0):
        return []
    prefix = [shutil.which("setpriv") or "setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner"]
    try:
        usable = subprocess.run([*prefix, "true"], capture_output=True).returncode == 0
    except OSError:
        usable = False
    if not usable:
        pytest.skip("running as root and setpriv cannot drop CAP_DAC_OVERRIDE: a read-only folder cannot be made")
    return prefix


@pytest.mark.skipif(os.name == "nt", reason="Windows ignores a folder's read-only bit")
def test_read_only_output_folder_exits_2(tmp_path):
    out = tmp_path / "reports"
    out.mkdir()
    out.chmod(0o555)
    try:
        proc = subprocess.run([*_as_an_ordinary_user(), sys.executable, "-m", "hatinh_analysis.report.cli",
                               "--notebooks-dir", str(FIXTURES), "run", "tiny", "--out", str(out), "--no-progress"],
                              capture_output=True, text=True, timeout=300)
        assert list(out.iterdir()) == []
    finally:
        out.chmod(0o755)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    said = proc.stdout + proc.stderr
    assert "cannot write to the reports folder" in said and "no notebook ran" in said


@pytest.mark.parametrize("args, fragment", [
    (["-p", "target_year", "99999999999999999999"], "out of range"),
    (["-p", "target_year", "2031"], "more than 5 years after the last figure"),
    (["-p", "level", "0.3"], "between 0.5 and 0.99"),
    (["-p", "level", "0.999"], "between 0.5 and 0.99"),
    (["-p", "target_growth", "1e300"], "out of range"),
    (["-p", "target_growth", "2000"], "between -99.9 and 1000"),
])
def test_parameters_outside_sane_domains_exit_2(tmp_path, no_kernels, args, fragment):
    out = tmp_path / "reports"
    result = CliRunner().invoke(main, ["run", "02_target_check", *args, "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert fragment in result.output
    assert not out.exists()


def _bomb(path: Path) -> Path:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    path.write_text("\n".join(lines) + "\n")
    return path


def test_yaml_alias_bomb_exits_2_fast_with_a_short_message(tmp_path, no_kernels):
    bomb = _bomb(tmp_path / "p.yaml")
    t0 = time.perf_counter()
    result = cli("run", "tiny", "-f", bomb, "--out", tmp_path / "r")
    assert result.exit_code == 2 and "expands to more than" in result.output
    assert len(result.output) < 500 and time.perf_counter() - t0 < 10
    grid = tmp_path / "grid.yaml"
    grid.write_text("notebook: tiny\n" + bomb.read_text().replace("i: &i", "grid: &i"))
    result = cli("batch", grid, "--out", tmp_path / "r")
    assert result.exit_code == 2 and "expands to more than" in result.output
    assert not (tmp_path / "r").exists()


# ------------------------------------------------------------------ killed runs, locks, races
def test_stale_staging_of_a_killed_run_is_removed_but_a_live_one_kept(tmp_path):
    out = tmp_path / "reports"
    dead = out / ".incomplete-2020-01-01-dead"
    (dead / ".kernels").mkdir(parents=True)
    (dead / ".kernels" / "kernel-1234.json").write_text("{}")
    (dead / "tiny.ipynb").write_text("{}")
    live = out / ".incomplete-2020-01-01-live"
    live.mkdir()
    holder = subprocess.Popen(  # another process holds the live run's lock
        [sys.executable, "-c", "import sys, filelock; l = filelock.FileLock(sys.argv[1]); l.acquire(); "
                               "print('locked', flush=True); sys.stdin.read()", str(live) + ".lock"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with folders.Staging(out, "2020-01-02") as staging:
            assert staging.path.exists()
            assert not dead.exists() and live.exists()
        assert not staging.path.exists()
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    assert folders.remove_stale_staging(out) == [live]  # its owner is gone now
    assert leftovers(out) == []


def _staged(out: Path, date: str, text: str) -> folders.Staging:
    staging = folders.Staging(out, date)
    (staging.path / "x.html").write_text(text)
    (staging.path / "x.json").write_text('{"title": "%s", "status": "ok"}' % text)
    return staging


def test_concurrent_publications_lose_no_index_update(tmp_path, monkeypatch):
    from hatinh_analysis.report.index import render_index

    out = tmp_path / "reports"
    stagings = [_staged(out, "2020-01-01", f"run {i}") for i in range(4)]

    def slow_render(path, name):
        time.sleep(0.2)  # widen the window in which an unlocked writer would lose the other's folder
        return render_index(out, (path, name))

    threads = [threading.Thread(target=folders.publish, args=(s, "2020-01-01", slow_render)) for s in stagings]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for s in stagings:
        s.close()
    assert listing(out) == ["2020-01-01", "2020-01-01-2", "2020-01-01-3", "2020-01-01-4", "index.html"]
    index = (out / "index.html").read_text()
    for name in ("2020-01-01/", "2020-01-01-2/", "2020-01-01-3/", "2020-01-01-4/"):
        assert f'href="{name}x.html"' in index
    assert leftovers(out) == []


def test_force_replaces_only_the_folder_it_saw(tmp_path):
    from hatinh_analysis.report.index import render_index

    out = tmp_path / "reports"
    first = _staged(out, "2020-01-01", "original")
    folders.publish(first, "2020-01-01", lambda p, n: render_index(out, (p, n)))
    seen = folders.folder_stamp(out / "2020-01-01")
    a, b = _staged(out, "2020-01-01", "run A"), _staged(out, "2020-01-01", "run B")
    # B (started with A, same --force) publishes first: it replaces the original
    _, _, note_b = folders.publish(b, "2020-01-01", lambda p, n: render_index(out, (p, n)), force=True,
                                   expected=seen)
    assert note_b is None and (out / "2020-01-01" / "x.html").read_text() == "run B"
    # A must not silently replace B's report
    folder, _, note_a = folders.publish(a, "2020-01-01", lambda p, n: render_index(out, (p, n)), force=True,
                                        expected=seen)
    assert folder.name == "2020-01-01-2" and "published by another run meanwhile" in note_a
    assert (out / "2020-01-01" / "x.html").read_text() == "run B"
    for s in (first, a, b):
        s.close()
    assert listing(out) == ["2020-01-01", "2020-01-01-2", "index.html"]


# ------------------------------------------------------------------ runs (execute the tiny fixture)
def _enospc(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.slow
def test_disk_full_while_writing_the_index_publishes_nothing(tmp_path, earlier_reports, monkeypatch):
    out = earlier_reports
    before = snapshot(out)
    def full(path, text):  # the temporary index cannot be written
        try:
            _enospc()
        except OSError as exc:
            folders.reraise_no_space(exc, str(path))

    monkeypatch.setattr(folders, "_write_temp", full)
    result = cli("run", "tiny", "--out", out, "--date", "2020-01-01")
    assert result.exit_code == 1
    assert "no space left on device" in result.output and "Nothing was published" in result.output
    assert snapshot(out) == before and leftovers(out) == []


@pytest.mark.slow
def test_disk_full_while_writing_a_report_names_the_cause(tmp_path, earlier_reports, monkeypatch):
    import nbformat

    out = earlier_reports
    before = snapshot(out)
    monkeypatch.setattr(nbformat, "write", _enospc)
    result = cli("run", "tiny", "--out", out, "--date", "2020-01-01")
    assert result.exit_code == 1
    assert "no space left on device" in result.output and "JSON" not in result.output
    assert snapshot(out) == before and leftovers(out) == []


@pytest.mark.slow
def test_signal_during_publication_finishes_it_and_says_so(tmp_path, earlier_reports, monkeypatch):
    out = earlier_reports
    write_temp = folders._write_temp

    def signalled(path, text):  # SIGTERM arrives while the index is being written
        os.kill(os.getpid(), signal.SIGTERM)
        return write_temp(path, text)

    monkeypatch.setattr(folders, "_write_temp", signalled)
    result = cli("run", "tiny", "--out", out, "--date", "2020-01-01")
    assert result.exit_code == 130
    assert "Interrupted after the report was published" in result.output
    assert (out / "2020-01-01-2" / "tiny.html").exists()
    assert "2020-01-01-2/tiny.html" in (out / "index.html").read_text()
    assert leftovers(out) == []


@pytest.mark.slow
@pytest.mark.skipif(os.name == "nt", reason="POSIX SIGTERM; Windows ends processes without a signal")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_signal_while_notebooks_run_leaves_nothing(tmp_path, earlier_reports, sig):
    out = earlier_reports
    before = snapshot(out)
    proc = subprocess.Popen([sys.executable, "-m", "hatinh_analysis.report.cli", "--notebooks-dir", str(FIXTURES),
                             "run", "tiny", "--out", str(out), "--date", "2020-01-01", "--no-progress"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.time() + 60
    while time.time() < deadline and not list(out.glob(".incomplete-*/.kernels/kernel-*.json")):
        time.sleep(0.05)  # wait until a kernel runs
    assert list(out.glob(".incomplete-*/.kernels/kernel-*.json")), "the run did not start a kernel"
    proc.send_signal(sig)
    output, _ = proc.communicate(timeout=60)
    assert proc.returncode == 130, output
    assert "Interrupted: nothing was published" in output
    assert snapshot(out) == before and leftovers(out) == []


@pytest.mark.slow
def test_a_finished_run_leaves_no_kernel_files(tmp_path):
    out = tmp_path / "reports"
    assert cli("run", "tiny", "--out", out, "--date", "2020-01-01").exit_code == 0
    assert leftovers(out) == []
    assert listing(out / "2020-01-01") == ["tiny.html", "tiny.ipynb", "tiny.json"]
