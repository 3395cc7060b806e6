"""The in-year tracker's own scoreboard: did its ranges keep their promise, month by month?

For every outcome year 2012-2019, every month M = 1..11 and every series (the whole of
industry and each industry) whose cumulative figure after M months and whole-year figure
the store holds, the tracker (`hatinh_analysis.tracking`) is run **as of the release date
of month M of that year**: its history holds only years before, with whole-year figures
published by then. Each range is scored against the whole-year figure of the December
release (an estimate, the first whole-year figure published; later restatements are not in
the monthly releases).

Methods (``method`` column)
    ``tracker``
        the calibrated distribution (year-component model, `hatinh_analysis.tracking`);
    ``naive``
        the rule "the year ends where the cumulative figure stands": a point, so its
        interval is the point itself (the interval score is then ``2 / alpha`` times the
        miss, and the CRPS the absolute miss);
    ``naive_range``
        the same rule with a range: the cumulative figure plus the raw errors
        ``g_year - g_ytd`` of the same month in the history, pooled over series and years
        (no scaling by volatility, no year component) — the range a reader would draw from
        the past without the tracker's model;
    ``annual``
        for the whole of industry only, the calibrated range of the annual check made
        before the year started (`hatinh_analysis.target`, the committed scoreboard's
        ``calibrated`` one-year-ahead forecast of the national IIP): the same at every M.

Scores (**scoringrules**): coverage of the central 50/80/95 % ranges with the Wilson 95 %
band (`hatinh_analysis.evaluation.wilson`), interval score at 80 and 95 %
(``sr.interval_score``), CRPS (``sr.crps_t`` for the tracker's Student t). Forecasts of one
year share the national shock, so a Wilson band that treats rows as independent is too
narrow; `summary_frame` also gives the number of distinct years behind each count.

The table is built once from the shipped data and committed
(``hatinh_analysis/tracking_scoreboard.csv`` + ``.json``); rebuild after the data change::

    python -m hatinh_analysis.tracking_scoreboard build

A test fails when the committed table was built from other data than the shipped data.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys

import numpy as np
import pandas as pd

from hatinh_analysis.models.base import json_clean
from hatinh_analysis.tracking import MIN_YEARS, TrackForecast, _history_for, fit_months
from hatinh_analysis.tracking_record import (META_PATH, REBUILD_COMMAND, TABLE_PATH,
                                             load_tracking_scoreboard, record_for, score_frame)

__all__ = ["tracking_scoreboard_frame", "weighting_summary", "build_scoreboard", "score_frame",
           "summary_frame", "load_tracking_scoreboard",
           "write_table", "record_for", "TABLE_PATH", "META_PATH", "YEARS", "REBUILD_COMMAND",
           "main"]

#: Outcome years scored (the monthly releases shipped end in November 2019).
YEARS = range(2012, 2020)
_Q = {"q025": 0.025, "q10": 0.1, "q25": 0.25, "q50": 0.5, "q75": 0.75, "q90": 0.9, "q975": 0.975}
COLUMNS = ["series", "year", "month", "method", "ytd", "scale", "forecast", *_Q, "actual",
           "published", "final_published", "n_years", "crps"]


def _tracker_rows(reference: pd.DataFrame, years) -> list[dict]:
    import scoringrules as sr

    rows = []
    cases = reference[reference["year"].isin(list(years))]
    for (year, month, published), d in cases.groupby(["year", "month", "published"]):
        hist = _history_for(reference, int(year), published)
        fit = fit_months(hist)[int(month)]
        same = hist[hist["month"] == int(month)]
        # the naive rule with a range: the raw errors of the same month, pooled, no scale, no years
        raw = ((same["final"] - same["ytd"]).to_numpy(dtype=float)
               if same["year"].nunique() >= MIN_YEARS else np.array([]))
        for r in d.itertuples(index=False):
            base = {"series": r.series, "year": int(year), "month": int(month), "ytd": r.ytd,
                    "scale": r.scale, "actual": r.final, "published": r.published,
                    "final_published": r.final_published, "n_years": fit.n_years}
            rows.append(dict(base, method="naive", forecast=r.ytd, crps=abs(r.final - r.ytd),
                             **{k: r.ytd for k in _Q}))
            if len(raw):
                ens = r.ytd + raw
                rows.append(dict(base, method="naive_range", forecast=float(np.median(ens)),
                                 crps=float(sr.crps_ensemble(r.final, ens)),
                                 **dict(zip(_Q, (float(x) for x in np.quantile(ens, list(_Q.values())))))))
            fc = TrackForecast(float(r.ytd), float(r.scale), fit)
            if not fc.ok:
                continue
            q = fc.ppf(list(_Q.values()))
            crps = float(sr.crps_t(r.final, fit.df, fc.ytd + fc.scale * fit.mu, fc.scale * fit.sd))
            rows.append(dict(base, method="tracker", forecast=fc.mean, crps=crps,
                             **dict(zip(_Q, (float(x) for x in q)))))
    return rows


def _annual_rows(reference: pd.DataFrame, national: str, years) -> list[dict]:
    """The annual check made before the year, for the whole of industry (committed scoreboard)."""
    from hatinh_analysis.evaluation import load_scoreboard

    fc = load_scoreboard().forecasts
    ann = fc[(fc["series"] == "vietnam:iip") & (fc["method"] == "calibrated") & (fc["horizon"] == 1)]
    ann = ann.set_index("year")
    rows = []
    nat = reference[(reference["series"] == national) & reference["year"].isin(list(years))]
    for r in nat.itertuples(index=False):
        if int(r.year) not in ann.index:
            continue
        a = ann.loc[int(r.year)]
        import scoringrules as sr

        ens = np.interp(np.linspace(0.025, 0.975, 39), list(_Q.values()), [a[k] for k in _Q])
        rows.append({"series": r.series, "year": int(r.year), "month": int(r.month),
                     "method": "annual", "ytd": r.ytd, "scale": r.scale, "forecast": a["forecast"],
                     **{k: float(a[k]) for k in _Q}, "actual": r.final, "published": r.published,
                     "final_published": r.final_published, "n_years": np.nan,
                     "crps": float(sr.crps_ensemble(r.final, ens))})
    return rows


def build_scoreboard(reference: pd.DataFrame | None = None, *, years=YEARS,
                     national: str = "total") -> pd.DataFrame:
    """Every (series, year, month) case of `YEARS` x 1-11 scored as it was known (module doc).

    When to use
        To rebuild the committed table (`write_table`) or to score another history.

    Parameters
    ----------
    reference : DataFrame, optional
        `hatinh_analysis.tracking.REFERENCE_COLUMNS` rows; default the store's
        (`hatinh_analysis.tracking.reference_table`).
    national : str
        The ``series`` code of the whole of industry (for the ``annual`` comparison).
    """
    if reference is None:
        from hatinh_analysis.tracking_history import reference_table

        reference = reference_table()
    rows = _tracker_rows(reference, years) + _annual_rows(reference, national, years)
    out = pd.DataFrame(rows, columns=COLUMNS)
    order = {"tracker": 0, "naive": 1, "naive_range": 2, "annual": 3}
    return out.sort_values(["year", "month", "series", "method"],
                           key=lambda s: s.map(order) if s.name == "method" else s,
                           kind="mergesort").reset_index(drop=True)


def summary_frame(table: pd.DataFrame, *, by=("month",), series: str | None = None) -> pd.DataFrame:
    """Scores of tracker, naive rule and annual check by month (default), on the cases all
    compared methods scored: tracker and naive on the tracker's cases, the annual check on
    the whole of industry. ``series="national"`` or ``"industries"`` selects a class
    (``national`` = the whole of industry, series ``"total"``)."""
    d = table
    if series == "national":
        d = d[d["series"] == "total"]
    elif series == "industries":
        d = d[d["series"] != "total"]
    key = ["series", "year", "month"]
    have = d[d["method"] == "tracker"].set_index(key).index
    out = []
    for method, g in d.groupby("method", sort=False):
        if method in ("naive", "naive_range"):
            g = g.set_index(key).loc[lambda x: x.index.isin(have)].reset_index()
        for keys, gg in (g.groupby(list(by)) if by else [((), g)]):
            keys = keys if isinstance(keys, tuple) else (keys,)
            out.append({"method": method, **dict(zip(by, keys)), **score_frame(gg)})
    df = pd.DataFrame(out)
    order = {"tracker": 0, "naive": 1, "naive_range": 2, "annual": 3}
    return df.sort_values(list(by) + ["method"],
                          key=lambda s: s.map(order) if s.name == "method" else s,
                          kind="mergesort").reset_index(drop=True)


def tracking_scoreboard_frame(level: float = 0.8, *, series: str | None = None) -> pd.DataFrame:
    """The committed scoreboard by month (tracker, naive rule, annual check): cases, years,
    hits and coverage of the ``level`` range with its Wilson band, interval score, CRPS.

    When to use
        To see, month by month, whether the tracker's ranges kept their promise (notebook 04).
    """
    table, _meta = load_tracking_scoreboard()
    k = f"{round(level * 100)}"
    s = summary_frame(table, series=series)
    cols = ["method", "month", "n", "years", f"hits_{k}", f"coverage_{k}", f"wilson_lo_{k}",
            f"wilson_hi_{k}", f"calibration_{k}"] + ([f"is_{k}"] if k != "50" else []) + ["crps", "mae"]
    return s[[c for c in cols if c in s.columns]]


def write_table(table: pd.DataFrame, settings: dict) -> None:
    """Write the committed table and its metadata atomically (both complete before either is
    replaced)."""
    tmp_csv, tmp_meta = TABLE_PATH.with_suffix(".csv.tmp"), META_PATH.with_suffix(".json.tmp")
    table.to_csv(tmp_csv, index=False, float_format="%.6g", lineterminator="\n")
    summ = summary_frame(table)
    tmp_meta.write_text(json.dumps(json_clean({"settings": settings,
                                               "summary_by_month": summ.to_dict(orient="records")}),
                                   ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp_csv, TABLE_PATH)
    os.replace(tmp_meta, META_PATH)


def weighting_summary() -> dict:
    """The measured error of the equal-months weighting (`tracking_history.weighting_check`):
    absolute gaps (points) between the published cumulative growth and the single months
    averaged with equal weights / with last year's profile, and the profile's share of the
    months so far minus ``M/12``."""
    from hatinh_analysis.tracking_history import _monthly, weighting_check

    w = weighting_check(_monthly())
    if not len(w):
        return {"n": 0}
    e = (w["published"] - w["equal"]).abs()
    p = (w["published"] - w["profile"]).abs()
    ds = w["share_profile"] - w["share_equal"]
    return {"n": len(w), "series": int(w["series"].nunique()),
            "years": [int(w["year"].min()), int(w["year"].max())],
            "equal_median_abs": float(e.median()), "equal_p90_abs": float(e.quantile(0.9)),
            "profile_median_abs": float(p.median()), "profile_p90_abs": float(p.quantile(0.9)),
            "profile_closer_share": float((p < e).mean()),
            "share_diff_median": float(ds.median()), "share_diff_p10": float(ds.quantile(0.1)),
            "share_diff_p90": float(ds.quantile(0.9))}


def main(argv=None) -> int:
    """``python -m hatinh_analysis.tracking_scoreboard build``: rebuild the committed table."""
    ap = argparse.ArgumentParser(prog="python -m hatinh_analysis.tracking_scoreboard",
                                 description="Rebuild the in-year tracker's committed scoreboard.")
    ap.add_argument("command", choices=["build", "show"])
    a = ap.parse_args(argv)
    if a.command == "show":
        table, meta = load_tracking_scoreboard()
        print(json.dumps(meta.get("settings", {}), indent=1))
        print(summary_frame(table).to_string(index=False))
        return 0
    import time

    from hatinh_analysis.tracking_history import reference_fingerprint

    t = time.perf_counter()
    table = build_scoreboard()
    settings = {"years": [min(YEARS), max(YEARS)], "min_years": MIN_YEARS,
                "data_fingerprint": reference_fingerprint(), "n_rows": len(table),
                "rebuild": REBUILD_COMMAND, "weighting": weighting_summary()}
    write_table(table, settings)
    print(f"wrote {TABLE_PATH} (+ .json): {len(table)} rows ({time.perf_counter() - t:.1f} s)")
    s = summary_frame(table)
    cols = ["method", "month", "n", "years", "hits_80", "coverage_80", "wilson_lo_80",
            "wilson_hi_80", "is_80", "crps"]
    print(s[[c for c in cols if c in s]].to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
