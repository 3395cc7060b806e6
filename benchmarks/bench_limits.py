"""Time and peak memory of reading a user's table at the size limit, and of refusing a 2 GB one.

Usage: python benchmarks/bench_limits.py [--bytes N]

Writes a CSV of valid rows just below ``tables.MAX_TABLE_BYTES`` (every row its own
source id, so none is a duplicate), reads it with ``read_user_figures`` in a fresh
process and reports wall time and peak resident memory (``ru_maxrss``); then makes a
sparse 2 GB file and times its refusal. Figures go to stdout (benchmarks/README.md).
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = "province,indicator,year,value,value_high,unit,basis,status,published,source_id,quote\n"

CHILD = r"""
import resource, sys, time
t0 = time.perf_counter()
from hatinh_analysis.data.tables import read_user_figures
try:
    n = len(read_user_figures(sys.argv[1]))
    outcome = f"{n} rows read"
except Exception as exc:
    outcome = f"refused: {str(exc)[-120:]}"
print(f"{time.perf_counter() - t0:.2f} s, peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB, {outcome}")
"""


def write_rows(path: Path, limit: int) -> int:
    size, i = len(HEADER), 0
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(HEADER)
        while True:
            line = f"ha_tinh,iip,{2000 + i % 26},{100 + (i % 997) / 100:.2f},,index_prev_year=100,iip,estimate," \
                   f"{2000 + i % 26}-12-20,user_source_{i},IIP row {i}\n"
            if size + len(line) > limit:
                return i
            fh.write(line)
            size += len(line)
            i += 1


def measure(path: Path) -> str:
    out = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def main() -> None:
    from hatinh_analysis.data.tables import MAX_TABLE_BYTES

    ap = argparse.ArgumentParser()
    ap.add_argument("--bytes", type=int, default=MAX_TABLE_BYTES - 1000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "at_limit.csv"
        rows = write_rows(p, args.bytes)
        print(f"limit {MAX_TABLE_BYTES:,} bytes; file of {p.stat().st_size:,} bytes, {rows:,} rows: {measure(p)}")
        big = Path(d) / "two_gb.csv"
        with open(big, "wb") as fh:
            fh.write(HEADER.encode())
            fh.truncate(2 * 1024**3)  # sparse: no disk used
        t0 = time.perf_counter()
        print(f"2 GB file: {measure(big)} (wall incl. interpreter start {time.perf_counter() - t0:.2f} s)")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    os.environ.setdefault("PYTHONPATH", str(Path(__file__).resolve().parents[1]))
    main()
