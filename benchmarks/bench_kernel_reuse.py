"""Does running two notebooks in one kernel pay? (issue 11: "keep a warm kernel only if ... it matters")

Runs the three report notebooks through papermill's Python API on two threads, without HTML
export, two ways, interleaved, median of ``--reps``:

- ``fresh``: one fresh kernel per notebook (what ``hatinh-report run`` does);
- ``reuse``: 02 in a fresh kernel; 01 then 03 in one kernel, ``%reset -f`` in between, so 03
  finds pandas, statsmodels, matplotlib and the package already imported (papermill's public
  ``km=`` argument hands the running kernel to nbclient, which then does not shut it down).

The saving is the import cost of one kernel. Reuse also hands 03 whatever 01 left behind
outside its namespace (imported modules, matplotlib rcParams, the package's language setting),
which is what the fresh-kernel design rules out. Results go to
``benchmarks/results/kernel-reuse-<timestamp>.json``.

    .venv/bin/python benchmarks/bench_kernel_reuse.py --reps 3
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import papermill as pm
from jupyter_client.manager import KernelManager

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"


def _run(name: str, out: Path, km: KernelManager | None = None) -> None:
    extra = {"km": km} if km is not None else {}
    pm.execute_notebook(NOTEBOOKS / f"{name}.ipynb", out / f"{name}-{time.time_ns()}.ipynb", cwd=str(NOTEBOOKS),
                        kernel_name="python3", progress_bar=False, log_output=False, **extra)


def fresh(out: Path) -> None:
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda name: _run(name, out), ["02_target_check", "01_explore_series", "03_backtest"]))


def reuse(out: Path) -> None:
    def chain():
        km = KernelManager(kernel_name="python3")
        km.start_kernel(cwd=str(NOTEBOOKS))
        try:
            _run("01_explore_series", out, km)
            client = km.client()
            client.start_channels()
            client.wait_for_ready(timeout=60)
            client.execute_interactive("%reset -f", timeout=60)
            client.stop_channels()
            _run("03_backtest", out, km)
        finally:
            km.shutdown_kernel(now=True)

    with ThreadPoolExecutor(2) as pool:
        futures = [pool.submit(_run, "02_target_check", out), pool.submit(chain)]
        for future in futures:
            future.result()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):  # as the runner sets
        os.environ[var] = "1"
    logging.getLogger("papermill").setLevel(logging.WARNING)
    seconds: dict[str, list[float]] = {"fresh": [], "reuse": []}
    load = [os.getloadavg()[0]] if hasattr(os, "getloadavg") else []
    with tempfile.TemporaryDirectory() as tmp:
        for rep in range(args.reps):
            for name, how in (("fresh", fresh), ("reuse", reuse)):
                start = time.perf_counter()
                how(Path(tmp))
                seconds[name].append(round(time.perf_counter() - start, 2))
                print(f"rep {rep + 1} {name:5s} {seconds[name][-1]:6.2f} s", flush=True)
    load += [os.getloadavg()[0]] if hasattr(os, "getloadavg") else []
    medians = {name: statistics.median(values) for name, values in seconds.items()}
    result = {"seconds": seconds, "median": medians, "reuse_over_fresh": round(medians["reuse"] / medians["fresh"], 3),
              "load_1min_before_after": load, "cpus": os.cpu_count()}
    stamp = dt.datetime.now().strftime("%Y-%m-%dT%H%M")
    path = ROOT / "benchmarks" / "results" / f"kernel-reuse-{stamp}.json"
    path.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result["median"]), "reuse/fresh", result["reuse_over_fresh"], "->", path.relative_to(ROOT))


if __name__ == "__main__":
    main()
