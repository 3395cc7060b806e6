"""Ctrl-C and SIGTERM at any moment of a real run end it within seconds (issue 19, item 4).

The default run (all three notebooks, two at once) is timed once, then interrupted at
ten moments spread over that duration, alternately with SIGINT and SIGTERM: start-up,
parameter checks, kernels booting, cells running, export, publication. Each time the
command must exit within :data:`LIMIT` seconds with status 130 (or 0 if it had already
finished), leave no kernel process and no staging folder behind, and either publish
nothing (earlier reports unchanged) or a complete, indexed report.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from conftest import snapshot

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(os.name == "nt", reason="POSIX signals")]

LIMIT = 10.0
STEMS = ("01_explore_series", "02_target_check", "03_backtest")
POINTS = 10


def start(out):
    cmd = [sys.executable, "-m", "hatinh_analysis.report.cli", "run", "--out", str(out), "--date", "2020-01-01",
           "--no-progress", "-j", "2"]
    # its own session, as a terminal's foreground job: the signal goes to the command only
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)


def kernels_of(out) -> list[int]:
    """Kernel processes whose connection file lies under *out* (the run's staging folder)."""
    import psutil

    found = []
    for p in psutil.process_iter(["pid", "cmdline"]):
        try:
            if any(str(out) in part for part in (p.info["cmdline"] or [])):
                found.append(p.info["pid"])
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return found


def leftovers(out) -> list[str]:
    return [p.name for p in out.rglob("*") if p.name.startswith((".incomplete", ".index.html.", "kernel-"))]


@pytest.fixture(scope="module")
def whole_run(tmp_path_factory):
    """Seconds a full run takes on this machine now (the interrupt moments are fractions of it)."""
    out = tmp_path_factory.mktemp("full") / "reports"
    t0 = time.monotonic()
    proc = start(out)
    output, _ = proc.communicate(timeout=600)
    assert proc.returncode == 0, output
    return time.monotonic() - t0


@pytest.mark.parametrize("k", range(1, POINTS + 1))
def test_interrupt_ends_the_run_within_seconds(tmp_path, whole_run, k):
    out = tmp_path / "reports"
    (out / "2019-01-01").mkdir(parents=True)
    (out / "2019-01-01" / "earlier.html").write_text("an earlier report")
    before = snapshot(out)
    sig = signal.SIGINT if k % 2 else signal.SIGTERM
    at = whole_run * k / (POINTS + 1)
    proc = start(out)
    time.sleep(at)
    sent = time.monotonic()
    proc.send_signal(sig)
    try:
        output, _ = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail(f"{sig.name} at {at:.1f} s: the command was still alive 60 s later")
    took = time.monotonic() - sent
    print(f"{sig.name} at {at:.1f} s of {whole_run:.1f} s: exit {proc.returncode} after {took:.2f} s")
    assert took < LIMIT, f"{sig.name} at {at:.1f} s: exit took {took:.1f} s\n{output}"
    assert proc.returncode in (130, 0), output
    time.sleep(0.5)  # a killed kernel's process is reaped by now
    assert kernels_of(out) == [], "kernel processes left running"
    assert leftovers(out) == [], "staging files left behind"
    run = out / "2020-01-01"
    if proc.returncode == 0 or "after the report was published" in output:
        assert sorted(p.name for p in run.iterdir()) == sorted(f"{s}.{e}" for s in STEMS
                                                                for e in ("html", "ipynb", "json"))
        index = (out / "index.html").read_text(encoding="utf-8")
        assert all(f"2020-01-01/{s}.html" in index for s in STEMS)
    else:
        assert "Interrupted: nothing was published" in output, output
        assert snapshot(out) == before, "something was published or changed"
