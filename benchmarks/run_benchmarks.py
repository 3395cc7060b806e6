"""Speed of ``hatinh-report`` against the plain ways of doing the same work.

Run from the repository root (``make bench``, or)::

    .venv/bin/python benchmarks/run_benchmarks.py --reps 3 [--tree PATH] [--only ours,plain,...]

Measures (wall clock, median of ``--reps`` interleaved repetitions, each into a
fresh output folder; the 1-minute load average is recorded around each):

ours        ``hatinh-report run`` — the three notebooks, HTML, sidecars, index
ours_ahead  variants through ``run_report``: one kernel started ahead of need (``ahead=1``),
ours_warm   kernels that pre-import pandas, statsmodels, seaborn, pyplot and the package as
            soon as they are up, and ours_warm_ahead (both). The default is neither.
plain       ``benchmarks/plain_script.py``: papermill's Python API +
            ``HTMLExporter(exclude_input=True)``, the three notebooks in 2 worker processes
by_hand     per notebook ``papermill IN OUT`` then ``jupyter nbconvert --to html --no-input OUT``
batch_j1    ``hatinh-report batch benchmarks/grid_target_growth_5_24.yaml --jobs 1`` (20 sets)
batch_j2    the same with ``--jobs 2``

Goals (issue 11): ours ≤ 0.6 × plain, ours ≤ 0.5 × by_hand, batch_j1 ÷ batch_j2 ≥ 1.5.
``--tree`` runs another checkout's package and notebooks with this interpreter
(``PYTHONPATH``), e.g. a copy with merge fixes applied. Results are printed and written
as JSON to ``benchmarks/results/``. Timings depend on the machine: never in the tests.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
GOALS = {"ours / plain": ("<=", 0.6), "ours / by_hand": ("<=", 0.5), "batch_j1 / batch_j2": (">=", 1.5)}

RUN_VARIANT = """
import sys
sys.modules.setdefault("rfc3987_syntax", None)  # as the command line does
from hatinh_analysis.report import execute, pipeline
variant, out = sys.argv[1], sys.argv[2]
if "warm" in variant:
    class Warm(execute.Kernels):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, preload="import pandas, statsmodels.api, seaborn, matplotlib.pyplot, "
                                            "hatinh_analysis", **kwargs)
    pipeline.Kernels = Warm
pipeline.run_report(pipeline.plan_run(), out, progress=False, ahead=1 if "ahead" in variant else 0)
"""


def commands(tree: Path, out: Path) -> dict[str, list[list[str]]]:
    nbdir = tree / "notebooks"
    notebooks = sorted(nbdir.glob("[0-9]*.ipynb"))
    py = sys.executable
    by_hand = []
    for nb in notebooks:
        executed = out / nb.name
        by_hand += [[str(BIN / "papermill"), str(nb), str(executed), "--cwd", str(nbdir), "--no-progress-bar"],
                    [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)]]
    grid = tree / "benchmarks" / "grid_target_growth_5_24.yaml"
    report = [str(BIN / "hatinh-report"), "--notebooks-dir", str(nbdir)]
    return {
        "ours": [report + ["run", "--out", str(out), "--no-progress"]],
        "ours_ahead": [[py, "-c", RUN_VARIANT, "ahead", str(out)]],
        "ours_warm": [[py, "-c", RUN_VARIANT, "warm", str(out)]],
        "ours_warm_ahead": [[py, "-c", RUN_VARIANT, "warm_ahead", str(out)]],
        "plain": [[py, str(ROOT / "benchmarks" / "plain_script.py"), str(nbdir), str(out)]],
        "by_hand": by_hand,
        "batch_j1": [report + ["batch", str(grid), "--out", str(out), "--jobs", "1", "--no-progress"]],
        "batch_j2": [report + ["batch", str(grid), "--out", str(out), "--jobs", "2", "--no-progress"]],
    }


def timed(cmds: list[list[str]], env: dict, cwd: Path) -> float:
    t0 = time.perf_counter()
    for cmd in cmds:
        proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"{cmd[:3]} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return time.perf_counter() - t0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--tree", type=Path, default=ROOT, help="checkout whose package and notebooks to run")
    ap.add_argument("--only", default="", help="comma-separated measures (default: all)")
    args = ap.parse_args(argv)
    tree = args.tree.resolve()
    env = {**os.environ, "PYTHONPATH": str(tree), "HATINH_NOTEBOOKS_DIR": str(tree / "notebooks"),
           "MPLBACKEND": "Agg"}
    names = [n for n in commands(tree, Path("x")) if not args.only or n in args.only.split(",")]
    times: dict[str, list[float]] = {n: [] for n in names}
    loads: list[float] = []
    with tempfile.TemporaryDirectory(prefix="hatinh-bench-") as tmp:
        for rep in range(args.reps):
            for name in names:  # interleaved: drift in the machine's load hits every measure alike
                out = Path(tmp) / f"{name}-{rep}"
                out.mkdir()
                loads.append(os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan"))
                seconds = timed(commands(tree, out)[name], env, Path(tmp))
                times[name].append(seconds)
                shutil.rmtree(out, ignore_errors=True)
                print(f"rep {rep + 1}/{args.reps}  {name:<12} {seconds:7.2f} s", flush=True)
    medians = {n: statistics.median(v) for n, v in times.items()}
    ratios = {}
    for key, (op, goal) in GOALS.items():
        a, b = key.split(" / ")
        if a in medians and b in medians:
            value = medians[a] / medians[b]
            ratios[key] = {"value": round(value, 3), "goal": f"{op} {goal}",
                           "met": value <= goal if op == "<=" else value >= goal}
    record = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform(),
                    "processor": platform.processor()},
        "tree": str(tree), "reps": args.reps, "seconds": times, "medians": medians, "ratios": ratios,
        "load_1min": {"min": min(loads), "max": max(loads)},
    }
    print(json.dumps({"medians": {k: round(v, 2) for k, v in medians.items()}, "ratios": ratios}, indent=2))
    results = ROOT / "benchmarks" / "results"
    results.mkdir(exist_ok=True)
    (results / f"{datetime.now().strftime('%Y-%m-%dT%H%M')}.json").write_text(json.dumps(record, indent=2))
    (results / "latest.json").write_text(json.dumps(record, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
