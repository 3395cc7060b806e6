"""Benchmark: a batch of 20 targets with and without reusing the target-free forecast (issue 18, item 3).

``hatinh-report batch benchmarks/grid_target_growth_5_24.yaml`` runs notebook 02 for 20
targets, each in a fresh kernel. Without reuse every kernel fits the same forecast (the
ensemble, the outside view's REML fit, and the same again for the sensitivity scenarios);
with reuse (:mod:`hatinh_analysis.forecast_cache`, the default of ``run_batch``) the first
kernel fits and the others read the result back. Only the target differs between the sets.

Measures, per mode and repetition (modes interleaved, each into a fresh folder): wall
seconds, and CPU seconds of the kernels (``RUSAGE_CHILDREN``: less sensitive than wall time
to the other work of a shared machine). Checks that both modes publish the same summary
(verdicts and headline numbers) — the reuse must not change a result.

Writes ``benchmarks/results/batch-reuse-<timestamp>.json`` and prints a Markdown table.

Usage: ``/work/venv/bin/python benchmarks/bench_batch_reuse.py [--reps 1] [--jobs 1]``
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
GRID = HERE / "grid_target_growth_5_24.yaml"


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_once(reuse: bool, jobs: int) -> dict:
    from hatinh_analysis.report.batch import plan_batch, run_batch

    plan = plan_batch(GRID)
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as out:
        t, c = time.perf_counter(), _children_cpu()
        result = run_batch(plan, out, date="2020-01-01", forecast_reuse=reuse, n_jobs=jobs, progress=False)
        wall, cpu = time.perf_counter() - t, _children_cpu() - c
        record = json.loads((result.folder / "batch.json").read_text(encoding="utf-8"))
    sets = [(s["parameters"], s["status"], s["verdict"], s["numbers"]) for s in record["sets"]]
    return {"wall": wall, "cpu_children": cpu, "n_failed": result.n_failed, "sets": sets}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=1)
    a = ap.parse_args(argv)
    load0 = os.getloadavg()[0]
    runs: dict[str, list[dict]] = {"before (no reuse)": [], "after (reuse)": []}
    for _ in range(a.reps):
        for name, reuse in (("before (no reuse)", False), ("after (reuse)", True)):
            runs[name].append(run_once(reuse, a.jobs))
            print(f"{name}: {runs[name][-1]['wall']:.1f} s wall, {runs[name][-1]['cpu_children']:.1f} s kernel CPU",
                  file=sys.stderr)
    same = all(r["sets"] == runs["before (no reuse)"][0]["sets"] for rs in runs.values() for r in rs)
    res = {"date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
           "grid": GRID.name, "jobs": a.jobs, "reps": a.reps, "same_results": same,
           "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                       "platform": platform.platform(), "load_before": load0, "load_after": os.getloadavg()[0]},
           "modes": {name: {"wall_median": statistics.median(r["wall"] for r in rs),
                            "wall_runs": [r["wall"] for r in rs],
                            "cpu_children_median": statistics.median(r["cpu_children"] for r in rs),
                            "cpu_children_runs": [r["cpu_children"] for r in rs],
                            "n_failed": [r["n_failed"] for r in rs]}
                     for name, rs in runs.items()}}
    b, r = res["modes"]["before (no reuse)"], res["modes"]["after (reuse)"]
    res["after_over_before_wall"] = r["wall_median"] / b["wall_median"]
    res["after_over_before_cpu"] = r["cpu_children_median"] / b["cpu_children_median"]
    out = HERE / "results" / f"batch-reuse-{dt.datetime.now():%Y-%m-%dT%H%M}.json"
    out.write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    print(f"| mode | wall s (median of {a.reps}) | kernel CPU s |\n|---|---:|---:|")
    for name, m in res["modes"].items():
        print(f"| {name} | {m['wall_median']:.1f} | {m['cpu_children_median']:.1f} |")
    print(f"after/before: wall {res['after_over_before_wall']:.2f}, CPU {res['after_over_before_cpu']:.2f}; "
          f"same results: {same}; load {load0:.2f} -> {res['machine']['load_after']:.2f}; {out}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
