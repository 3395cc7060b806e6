"""Benchmark of the statistical engine: all models via check_target + a backtest.

Workload of one run
    1. ``check_target`` with all five models on Hà Tĩnh IIP growth 2008-2019
       (12 real observations, target +10.64 % for 2020);
    2. ``backtest`` (all models, min_train=6, level 0.8) on a **15-year** series
       2005-2019. No real 15-year series exists in the data (Hà Tĩnh IIP and
       the national IIP both cover 2008-2019), so this series is synthetic:
       Hà Tĩnh-like growth drawn from a seeded generator (seed 2020) — for
       timing only, never for analysis. That is 9 origins x 5 models.

The figure reported is the median wall time of ``--runs`` runs (default 7)
after one warm-up run (which pays the one-off statsmodels/scipy import). The
target is "well under a second" per run.

Usage: ``.venv/bin/python benchmarks/bench_engine.py [--runs N] [--profile]``
"""
from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
import pandas as pd

from hatinh_analysis.backtesting import backtest
from hatinh_analysis.target import check_target

HT = pd.Series([8.5, -0.8, 17.6, 6.1, 7.0, 13.1, 19.1, 20.3, 20.9, 81.76, 89.0, 30.74],
               index=pd.Index(range(2008, 2020), name="year"), name="iip")


def synthetic_15() -> pd.Series:
    rng = np.random.default_rng(2020)
    g = 12.0 + 0.6 * np.arange(15) + rng.normal(0.0, 6.0, 15)
    return pd.Series(np.round(g, 2), index=pd.Index(range(2005, 2020), name="year"),
                     name="synthetic")


def one_run(s15: pd.Series) -> tuple[float, float]:
    t0 = time.perf_counter()
    check_target(HT, 10.64)
    t1 = time.perf_counter()
    backtest(s15)
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--profile", action="store_true", help="cProfile one run")
    args = ap.parse_args(argv)
    if args.runs < 5:
        ap.error("--runs must be at least 5")
    s15 = synthetic_15()
    t_import = time.perf_counter()
    one_run(s15)                       # warm-up: imports statsmodels/scipy once
    t_import = time.perf_counter() - t_import
    if args.profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.enable()
        one_run(s15)
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    runs = [one_run(s15) for _ in range(args.runs)]
    ct = statistics.median(r[0] for r in runs)
    bt = statistics.median(r[1] for r in runs)
    tot = statistics.median(r[0] + r[1] for r in runs)
    print(f"first run incl. imports: {t_import:.3f} s")
    print(f"check_target, 5 models, Hà Tĩnh IIP 2008-2019 (n=12): median {ct * 1000:.0f} ms")
    print(f"backtest, 5 models, synthetic 2005-2019 (n=15, 9 origins): median {bt * 1000:.0f} ms")
    print(f"engine total (median of {args.runs} runs): {tot:.3f} s")


if __name__ == "__main__":
    main()
