"""Benchmarks of the report pipeline against the by-hand papermill + nbconvert path.

Run from the repository root (the README gives the command)::

    make bench                                   # all ratios, 5 repetitions each
    .venv/bin/python benchmarks/run_benchmarks.py --reps 5 --only R1,R4

Everything is measured in one run on one machine; each figure is the median of
``--reps`` repetitions (wall clock, ``time.perf_counter``). The table is printed and
written as JSON to ``benchmarks/results/`` together with a description of the machine.

Ratios and their goals (issue 5):

R1  ``hatinh-report run`` (all notebooks, HTML and index) ÷ the by-hand sequence a user
    types today: per notebook ``papermill IN OUT -p …`` then
    ``jupyter nbconvert --to html --no-input OUT``.                       goal ≤ 0.5
R2  the same report ÷ the floor: one kernel start plus
    ``import pandas, statsmodels.api, seaborn, hatinh_analysis``, times
    ⌈notebooks ÷ cores⌉.                                                   goal ≤ 1.5
    The floor is measured as a user script would: ``start_new_kernel()`` (which
    includes jupyter_client's ready handshake) then the imports. A stricter floor
    without the handshake (send the imports as soon as the kernel is launched, as
    our pipeline does) is reported too, as ``R2_strict``.
R3  the in-process engine (check_target with all models plus a backtest on Hà Tĩnh's
    IIP as of 2019-12-25, measured in this process after a warm-up) as a share of
    one notebook's wall time: ``hatinh-report run 02_target_check`` end to end
    (a subprocess: interpreter start, checks, kernel, HTML, index).       goal ≤ 10 %
R4  ``python -c "import hatinh_analysis"`` ÷ ``python -c "import pandas"``. goal ≤ 1.2
R5  a batch of 20 parameter sets, ``--jobs 1`` vs ``--jobs 2``: speed-up (goal ≥ 1.7)
    and the marginal seconds per extra report ((T20 − T1) ÷ 19, T1 a batch of one set).

Every repetition writes to a fresh reports folder (so no earlier timings help to
order the notebooks). Our runs and the by-hand runs are interleaved, as are the
--jobs 1 and --jobs 2 batches, so that drift in the machine's load hits both alike.
The 1-minute load average is recorded before and after each measurement.

None of this runs in the unit tests: timings depend on the machine.
"""
from __future__ import annotations

import argparse
import json
import math
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
BIN = Path(sys.executable).parent          # the venv's bin/: papermill, jupyter, hatinh-report
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
GRID_20 = ROOT / "benchmarks" / "grid_target_growth_5_24.yaml"
FLOOR_IMPORTS = "import pandas, statsmodels.api, seaborn, hatinh_analysis"
# What a user would type by hand for each notebook: the same parameters as the default report.
BY_HAND_PARAMS = {"02_target_check": [("target_growth", "10.64"), ("target_year", "2020")]}


def machine() -> dict:
    """Describe the machine the numbers were measured on."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gib = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem_gib = round(int(line.split()[1]) / 1024 ** 2, 1)
    except OSError:
        pass
    from importlib.metadata import version
    pkgs = {p: version(p) for p in ("pandas", "statsmodels", "seaborn", "papermill", "nbconvert",
                                    "nbclient", "ipykernel", "hatinh_analysis")}
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": mem_gib,
            "python": platform.python_version(), "platform": platform.platform(), "packages": pkgs}


def _run(argv, **kw) -> float:
    """Wall seconds of one subprocess; raises with its output if it fails."""
    t0 = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, text=True, **kw)
    dt = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, argv))} exited {proc.returncode}:\n"
                           f"{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}")
    return dt


def _median(fn, reps: int, label: str) -> tuple[float, list[float]]:
    runs = []
    for i in range(reps):
        runs.append(fn(i))
        print(f"  {label}: run {i + 1}/{reps}: {runs[-1]:.2f} s", flush=True)
    return statistics.median(runs), runs


def ours_report(work: Path, i: int, stems=None, extra=(), tag="ours") -> float:
    out = work / f"{tag}-{i}"
    argv = [BIN / "hatinh-report", "run", *(stems or []), "--out", out, "--date", "2000-01-01",
            "--no-progress", *extra]
    return _run(argv, cwd=ROOT)


def by_hand_report(work: Path, i: int) -> float:
    out = work / f"by-hand-{i}"
    out.mkdir(parents=True)
    t0 = time.perf_counter()
    for nb in NOTEBOOKS:
        dest = out / nb.name
        argv = [BIN / "papermill", nb, dest, "-k", "python3", "--cwd", nb.parent]
        for name, value in BY_HAND_PARAMS.get(nb.stem, []):
            argv += ["-p", name, value]
        _run(argv, cwd=ROOT)
        _run([BIN / "jupyter", "nbconvert", "--to", "html", "--no-input", dest], cwd=ROOT)
    return time.perf_counter() - t0


def floor_once(_i: int) -> float:
    """One kernel start plus the heavy imports, as the kernel reports ready."""
    from jupyter_client.manager import start_new_kernel

    t0 = time.perf_counter()
    km, kc = start_new_kernel(kernel_name="python3")
    try:
        reply = kc.execute_interactive(FLOOR_IMPORTS, timeout=120)
        assert reply["content"]["status"] == "ok", reply["content"]
        return time.perf_counter() - t0
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def floor_strict_once(_i: int) -> float:
    """Kernel launch, then the imports sent at once (no ready handshake), until the reply."""
    from jupyter_client.manager import KernelManager

    t0 = time.perf_counter()
    km = KernelManager(kernel_name="python3")
    km.start_kernel()
    kc = km.client()
    kc.start_channels(hb=False, stdin=False)
    try:
        msg_id = kc.execute(FLOOR_IMPORTS, store_history=False)
        while True:
            reply = kc.get_shell_msg(timeout=120)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        assert reply["content"]["status"] == "ok", reply["content"]
        return time.perf_counter() - t0
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def engine_once(_i: int) -> float:
    import hatinh_analysis as ha

    series = ha.load_series("iip", as_of="2019-12-25")
    t0 = time.perf_counter()
    ha.check_target(series, 10.64, target_year=2020)
    ha.backtest(series)
    return time.perf_counter() - t0


def import_once(module: str) -> float:
    return _run([sys.executable, "-c", f"import {module}"], cwd=ROOT)


def notebook_seconds(work: Path, i: int) -> tuple[float, float]:
    """``hatinh-report run 02_target_check`` end to end, and its execute seconds (from the sidecar)."""
    out = work / f"one-{i}"
    wall = _run([BIN / "hatinh-report", "run", "02_target_check", "--out", out, "--date", "2000-01-01",
                 "--no-progress"], cwd=ROOT)
    sidecar = json.loads((out / "2000-01-01" / "02_target_check.json").read_text())
    return wall, float(sidecar["timings"]["execute_seconds"])


def batch_once(work: Path, grid: Path, jobs: int, tag: str, *, template: bool = True) -> float:
    """One ``hatinh-report batch``; ``template=False`` launches every kernel directly (no kernel template)."""
    out = work / f"batch-{tag}"
    env = {**os.environ, "HATINH_REPORT_KERNEL_TEMPLATE": "1" if template else "0"}
    return _run([BIN / "hatinh-report", "batch", grid, "--out", out, "--date", "2000-01-01",
                 "--jobs", str(jobs), "--no-progress"], cwd=ROOT, env=env)


def cpu_calibration() -> float:
    """Seconds of a fixed pure-Python loop: how fast this (virtual) machine is right now.

    Recorded at the start and the end, because a shared host can slow down by
    tens of percent between runs; the ratios are only compared within one run.
    """
    t0 = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i * i
    return round(time.perf_counter() - t0, 3)


def _load() -> float:
    return round(os.getloadavg()[0], 2)


def _interleaved(fns: dict, reps: int) -> dict[str, list[float]]:
    """Run each named measurement *reps* times, alternating between them."""
    runs: dict[str, list[float]] = {k: [] for k in fns}
    for i in range(reps):
        for label, fn in fns.items():
            runs[label].append(fn(i))
            print(f"  {label}: run {i + 1}/{reps}: {runs[label][-1]:.2f} s", flush=True)
    return runs


def _table(res: dict) -> str:
    """The results as a Markdown table (for the README)."""
    sec, rat = res["seconds"], res["ratios"]
    lines = ["| measure | seconds (median) |", "|---|---:|"]
    lines += [f"| {k} | {v:.2f} |" for k, v in sec.items()]
    lines += ["", "| ratio | value | goal | met |", "|---|---:|---|---|"]
    for k, v in rat.items():
        lines.append(f"| {k} | {v['value']:.3f} | {v['goal']} | {'yes' if v['met'] else 'NO'} |")
    return "\n".join(lines)


def _ratio(value: float, goal: str) -> dict:
    op, bound = goal.split()
    met = value <= float(bound) if op == "<=" else value >= float(bound)
    return {"value": value, "goal": goal, "met": met}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reps", type=int, default=5, help="repetitions per measurement (median)")
    ap.add_argument("--only", default="R1,R2,R3,R4,R5", help="comma-separated subset")
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    ap.add_argument("--no-variants", dest="variants", action="store_false",
                    help="skip the information-only variants (report with --jobs 1 and --isolated; batches "
                         "without the kernel template)")
    args = ap.parse_args(argv)
    if args.reps < 1:
        ap.error("--reps must be at least 1")
    wanted = {r.strip().upper() for r in args.only.split(",")}
    cores = os.cpu_count() or 1
    work = Path(tempfile.mkdtemp(prefix="hatinh-bench-"))
    res: dict = {"measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                 "reps": args.reps, "machine": machine(), "notebooks": [p.stem for p in NOTEBOOKS],
                 "load_1min": {"start": _load()}, "cpu_calibration_seconds": {"start": cpu_calibration()},
                 "ratios": {}, "seconds": {}, "runs": {}}
    sec, rat, runs = res["seconds"], res["ratios"], res["runs"]
    print(f"1-minute load average at start: {res['load_1min']['start']} on {cores} cores"
          + ("  (not quiet: other processes are running, numbers will be noisy)"
             if res["load_1min"]["start"] > 0.5 else ""), flush=True)
    try:
        if wanted & {"R1", "R2"}:
            print("R1/R2: our pipeline (all notebooks) and, for R1, the by-hand sequence, interleaved", flush=True)
            ours_report(work, -1)  # warm the file cache; not counted
            fns = {"ours": lambda i: ours_report(work, i)}
            if "R1" in wanted:
                fns["by hand"] = lambda i: by_hand_report(work, i)
            if args.variants:  # for the isolation trade-off: one worker, and a fresh kernel per notebook
                fns["ours --jobs 1"] = lambda i: ours_report(work, i, extra=["--jobs", "1"], tag="jobs1")
                fns["ours --isolated"] = lambda i: ours_report(work, i, extra=["--isolated"], tag="isolated")
            got = _interleaved(fns, args.reps)
            if args.variants:
                runs["ours_report_jobs1"], runs["ours_report_isolated"] = got["ours --jobs 1"], got["ours --isolated"]
                sec["ours_report_jobs1"] = statistics.median(got["ours --jobs 1"])
                sec["ours_report_isolated"] = statistics.median(got["ours --isolated"])
            runs["ours_report"] = got["ours"]
            sec["ours_report"] = statistics.median(got["ours"])
            if "R1" in wanted:
                runs["by_hand_report"] = got["by hand"]
                sec["by_hand_report"] = statistics.median(got["by hand"])
                rat["R1_ours_over_by_hand"] = _ratio(sec["ours_report"] / sec["by_hand_report"], "<= 0.5")
            res["load_1min"]["after_R1"] = _load()
        if "R2" in wanted:
            print("R2: floor, kernel start + imports", flush=True)
            got = _interleaved({"kernel+imports": floor_once, "strict": floor_strict_once}, args.reps)
            runs["kernel_plus_imports"], runs["kernel_plus_imports_strict"] = got["kernel+imports"], got["strict"]
            sec["kernel_plus_imports"] = statistics.median(got["kernel+imports"])
            sec["kernel_plus_imports_strict"] = statistics.median(got["strict"])
            rounds = math.ceil(len(NOTEBOOKS) / cores)
            sec["floor"] = sec["kernel_plus_imports"] * rounds
            sec["floor_strict"] = sec["kernel_plus_imports_strict"] * rounds
            res["floor_rounds"] = rounds
            rat["R2_ours_over_floor"] = _ratio(sec["ours_report"] / sec["floor"], "<= 1.5")
            rat["R2_strict_ours_over_strict_floor"] = _ratio(sec["ours_report"] / sec["floor_strict"], "<= 1.5")
            res["load_1min"]["after_R2"] = _load()
        if "R3" in wanted:
            print("R3: engine in-process vs one notebook end to end", flush=True)
            engine_once(-1)  # warm-up: the imports are the kernel's cost, not the engine's
            sec["engine"], runs["engine"] = _median(engine_once, args.reps, "engine")
            walls, execs = [], []
            for i in range(args.reps):
                w, e = notebook_seconds(work, i)
                walls.append(w)
                execs.append(e)
                print(f"  run 02_target_check: run {i + 1}/{args.reps}: {w:.2f} s (execute {e:.2f} s)", flush=True)
            runs["run_02_end_to_end"], runs["run_02_execute"] = walls, execs
            sec["run_02_end_to_end"] = statistics.median(walls)
            sec["run_02_execute"] = statistics.median(execs)
            rat["R3_engine_share"] = _ratio(sec["engine"] / sec["run_02_end_to_end"], "<= 0.10")
            res["load_1min"]["after_R3"] = _load()
        if "R4" in wanted:
            print("R4: import cost", flush=True)
            reps = max(args.reps, 10)
            ours, base = [], []
            for i in range(reps):  # interleaved, so drift hits both alike
                base.append(import_once("pandas"))
                ours.append(import_once("hatinh_analysis"))
            runs["import_pandas"], runs["import_hatinh_analysis"] = base, ours
            sec["import_pandas"], sec["import_hatinh_analysis"] = statistics.median(base), statistics.median(ours)
            rat["R4_import_ratio"] = _ratio(sec["import_hatinh_analysis"] / sec["import_pandas"], "<= 1.2")
        if "R5" in wanted:
            print("R5: batch of 20 sets, --jobs 1 and --jobs 2 (and a batch of one set)", flush=True)
            one = work / "grid_1.yaml"
            text = GRID_20.read_text(encoding="utf-8")
            one.write_text(text.split("grid:")[0] + "grid:\n  target_growth: [10.64]\n", encoding="utf-8")
            fns = {
                "batch 1, jobs 1": lambda i: batch_once(work, one, 1, f"1-{i}"),
                "batch 20, jobs 1": lambda i: batch_once(work, GRID_20, 1, f"20j1-{i}"),
                "batch 20, jobs 2": lambda i: batch_once(work, GRID_20, 2, f"20j2-{i}"),
            }
            keys = [("batch 1, jobs 1", "batch1_jobs1"), ("batch 20, jobs 1", "batch20_jobs1"),
                    ("batch 20, jobs 2", "batch20_jobs2")]
            if args.variants:  # what the kernel template brings (--jobs 1 launches its one kernel anyway)
                fns["batch 20, jobs 2, no template"] = lambda i: batch_once(work, GRID_20, 2, f"20j2n-{i}",
                                                                            template=False)
                keys += [("batch 20, jobs 2, no template", "batch20_jobs2_no_template")]
            got = _interleaved(fns, args.reps)
            for label, key in keys:
                runs[key] = got[label]
                sec[key] = statistics.median(got[label])
            rat["R5_speedup_jobs2"] = _ratio(sec["batch20_jobs1"] / sec["batch20_jobs2"], ">= 1.7")
            # the speed-up of every interleaved round, to show its spread
            res["R5_speedup_per_round"] = [round(a / b, 3) for a, b in zip(runs["batch20_jobs1"],
                                                                           runs["batch20_jobs2"])]
            if args.variants:
                res["R5_speedup_no_template"] = round(sec["batch20_jobs1"] / sec["batch20_jobs2_no_template"], 3)
            sec["marginal_per_report_jobs1"] = (sec["batch20_jobs1"] - sec["batch1_jobs1"]) / 19
            sec["marginal_per_report_jobs2"] = (sec["batch20_jobs2"] - sec["batch1_jobs1"]) / 19
        res["load_1min"]["end"] = _load()
        res["cpu_calibration_seconds"]["end"] = cpu_calibration()
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"work folder kept: {work}")

    m = res["machine"]
    print(f"\nMachine: {m['cpu']}, {cores} cores, {m['memory_gib']} GiB, Python {m['python']}; "
          f"median of {args.reps}; 1-min load {res['load_1min']}; "
          f"CPU calibration loop {res['cpu_calibration_seconds']} s")
    print(f"{'measure':38s} {'seconds':>9s}")
    for k, v in sec.items():
        print(f"{k:38s} {v:9.3f}")
    print(f"\n{'ratio':38s} {'value':>9s}  goal")
    for k, v in rat.items():
        print(f"{k:38s} {v['value']:9.3f}  {v['goal']:8s} {'met' if v['met'] else 'NOT MET'}")
    res["markdown"] = _table(res)
    outdir = ROOT / "benchmarks" / "results"
    outdir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y-%m-%dT%H%M")
    for name in (f"{stamp}.json", "latest.json"):
        (outdir / name).write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten: benchmarks/results/{stamp}.json and latest.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
