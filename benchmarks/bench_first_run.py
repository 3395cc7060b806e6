"""Fresh clone to first report: `make report` on a clean checkout, uv against pip (median of 3).

Usage: python benchmarks/bench_first_run.py [--repeat 3] [--installers auto pip] [--repo .]

Each run clones the repository's committed HEAD into a temporary folder and times, from the
clone to the written report, ``make report INSTALLER=<installer>`` with empty download
caches (``UV_CACHE_DIR``/``PIP_CACHE_DIR`` in the temporary folder) and without ``uv`` on
PATH — as on a fresh machine: ``auto`` installs uv from the package index, then the package
with uv; ``pip`` installs with pip. Wheels still come from the configured package index.
Prints every run and the median per installer.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def one_run(repo: Path, installer: str) -> float:
    with tempfile.TemporaryDirectory(prefix="hatinh-first-run-") as d:
        d = Path(d)
        env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "CONDA_PREFIX")}
        # no uv on PATH: the machine is fresh (the project's own venv is not on PATH either)
        env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                      if not (Path(p) / "uv").exists())
        env["UV_CACHE_DIR"], env["PIP_CACHE_DIR"] = str(d / "uv-cache"), str(d / "pip-cache")
        t0 = time.perf_counter()
        subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(repo), str(d / "clone")], check=True)
        log = d / "make.log"
        with open(log, "w") as fh:
            proc = subprocess.run(["make", "report", f"INSTALLER={installer}", "OUT=reports"], cwd=d / "clone",
                                  env=env, stdout=fh, stderr=subprocess.STDOUT)
        seconds = time.perf_counter() - t0
        if proc.returncode != 0 or not list((d / "clone" / "reports").glob("*/02_target_check.html")):
            sys.stderr.write(log.read_text()[-3000:])
            raise SystemExit(f"make report INSTALLER={installer} failed")
        return seconds


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--installers", nargs="+", default=["auto", "pip"])
    ap.add_argument("--repo", type=Path, default=Path(__file__).resolve().parents[1])
    args = ap.parse_args()
    if shutil.which("make") is None or shutil.which("git") is None:
        raise SystemExit("needs make and git")
    for installer in args.installers:
        times = []
        for i in range(args.repeat):
            times.append(one_run(args.repo, installer))
            print(f"{installer}: run {i + 1}: {times[-1]:.1f} s", flush=True)
        print(f"{installer}: median of {len(times)}: {statistics.median(times):.1f} s "
              f"(runs {', '.join(f'{t:.1f}' for t in times)})", flush=True)


if __name__ == "__main__":
    main()
