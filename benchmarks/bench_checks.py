"""Benchmark of the calibrated target check and of the scoreboard (issue 9, item 7).

Measures (wall clock, median of ``--runs`` runs, reported with min and max):

C1  ``check_target`` warm in-process — Hà Tĩnh IIP as of 2019-12-25, target +10.64 % for 2020,
    all models + the outside view + the calibration from the committed table; one untimed
    warm-up run first (imports, the panel of provinces and the table are then cached).
    Goal ≤ 1 s.
C2  the full scoreboard (``hatinh_analysis.evaluation.scoreboard``: every growth series, every
    origin, horizons 1 and 2, all methods, the calibrated second pass) with
    ``n_jobs=--jobs`` joblib workers (default 2, this machine's cores). Goal ≤ 60 s.
    A fresh process per run, so no per-process cache helps.

Writes ``benchmarks/results/checks-<timestamp>.json`` and prints a Markdown table.

Usage: ``.venv/bin/python benchmarks/bench_checks.py [--runs 5] [--jobs 2]``
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent

_SCOREBOARD = ("import time, warnings; warnings.simplefilter('ignore'); t=time.perf_counter(); "
               "from hatinh_analysis.evaluation import scoreboard; sb = scoreboard(n_jobs={jobs}); "
               "print(time.perf_counter()-t, len(sb.forecasts))")


def bench_check(runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of warm ``check_target`` calls (CPU time is what a quiet
    machine's wall time would be: the check is single-threaded)."""
    import hatinh_analysis as ha

    s = ha.load_series("iip", "ha_tinh", as_of="2019-12-25")
    ha.check_target(s, 10.64, 2020)  # warm-up
    wall, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        ha.check_target(s, 10.64, 2020)
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return wall, cpu


def bench_scoreboard(runs: int, jobs: int) -> list[float]:
    out = []
    for _ in range(runs):
        res = subprocess.run([sys.executable, "-c", _SCOREBOARD.format(jobs=jobs)], check=True,
                             capture_output=True, text=True)
        out.append(float(res.stdout.split()[0]))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args(argv)
    load0 = os.getloadavg()[0]
    if load0 > 1.0:
        print(f"warning: load average {load0:.2f} on {os.cpu_count()} cores: timings will be inflated",
              file=sys.stderr)
    c1, c1_cpu = bench_check(a.runs)
    c2 = bench_scoreboard(a.runs, a.jobs)
    res = {"date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
           "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                       "platform": platform.platform(), "load_before": load0,
                       "load_after": os.getloadavg()[0]},
           "C1_check_target_warm_s": {"median": statistics.median(c1), "runs": c1, "goal": 1.0,
                                      "cpu_median": statistics.median(c1_cpu), "cpu_runs": c1_cpu},
           "C2_scoreboard_s": {"median": statistics.median(c2), "runs": c2, "jobs": a.jobs, "goal": 60.0}}
    md = ("| measure | median s | min–max | goal |\n|---|---:|---:|---:|\n"
          f"| C1 `check_target` warm, in-process | {statistics.median(c1):.3f} | {min(c1):.3f}–{max(c1):.3f} | ≤ 1 |\n"
          f"| C1 the same, CPU seconds of the process | {statistics.median(c1_cpu):.3f} | {min(c1_cpu):.3f}–{max(c1_cpu):.3f} | |\n"
          f"| C2 full scoreboard, `n_jobs={a.jobs}` | {statistics.median(c2):.1f} | {min(c2):.1f}–{max(c2):.1f} | ≤ 60 |\n")
    res["markdown"] = md
    stamp = dt.datetime.now().strftime("%Y-%m-%dT%H%M")
    (HERE / "results" / f"checks-{stamp}.json").write_text(json.dumps(res, indent=1) + "\n", encoding="utf-8")
    print(md)
    print(f"load average before/after: {load0:.2f} / {res['machine']['load_after']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
