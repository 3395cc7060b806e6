"""The scoreboard: rolling-origin forecasts of every growth series in the store, scored.

For every annual growth series the store holds (each province's industrial
production index — 63 provinces and the whole country from the statistics
office's PX-Web table, spliced with yearbook years where the data has them —
Hà Tĩnh's other growth series, the national series) and every origin year
``T`` with at least ``min_train`` years known, each method forecasts ``T + 1``
and ``T + 2`` and is scored against the outcome (Tashman 2000; Hyndman &
Athanasopoulos, *FPP3* §5.10).

Vintages
    Series with December *estimates* in the store (the national IIP, Hà Tĩnh's
    series) are evaluated **as known at the time**: the training data at
    origin ``T`` are ``load_series(..., as_of="T-12-31")`` (an origin whose own
    year was not yet published by then is skipped), and the forecast is
    scored against the latest figure (final where one exists). All other
    series have a single vintage (final figures): they are truncated at ``T``
    and say so (``mode = "final"``). The outside view's panel uses final
    figures at every origin.

Methods (``method`` column)
    the trend models (`hatinh_analysis.models.MODEL_NAMES`, with the default
    shock handling of `hatinh_analysis.combination`), ``pooled`` (outside
    view), ``combined`` (equal-weight combination with its plug-in normal
    interval), ``calibrated`` (the same point forecast with the conformal
    distribution of `hatinh_analysis.calibration`, fitted only on errors of
    *other* provinces for outcome years ``<= T``), and the naive benchmarks
    ``naive_last``, ``naive_mean``, ``naive_median`` and, for a province,
    ``national_same_year`` (the national growth of the target year with the
    spread of the province's past gaps — it uses a figure not known at the
    origin, so it is a demanding benchmark, not a forecast).

Scores (computed with **scoringrules**)
    coverage of the central 50/80/95 % intervals with a Wilson 95 % band;
    interval (Winkler) score at 80 % and 95 % (``sr.interval_score``) and the
    same divided by the series' in-sample mean absolute annual change, M4's
    MSIS (Makridakis et al. 2020); CRPS (``sr.crps_ensemble`` on 199 quantiles of
    the distribution, or on the calibration ensemble itself); MAE; the Brier
    score (``sr.brier_score``) of P(growth >= last year's growth), a threshold
    target a plan often sets. Verdicts are per method: the Wilson band assumes
    independent forecasts, but one year's forecasts of many provinces share
    national shocks, so read a band as a lower bound on the uncertainty.

Speed and parallelism
    Origins run through ``joblib.Parallel``; ``n_jobs=None`` follows the
    active ``joblib.parallel_config`` (one process unless set). To run on a
    Dask cluster unchanged::

        from dask.distributed import Client
        import joblib
        client = Client(...)
        with joblib.parallel_config(backend="dask"):
            sb = scoreboard()

Build the committed table (after the data change)::

    python -m hatinh_analysis.evaluation build
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from hatinh_analysis.calibration import META_PATH, MIN_REFERENCE, TABLE_PATH, CalibratedForecast
from hatinh_analysis.combination import run_ensemble, series_scale
from hatinh_analysis.notes import Note
from hatinh_analysis.models import BENCHMARK_NAMES, MODEL_NAMES, get_model
from hatinh_analysis.models.base import Forecast, Predictive, json_clean, prepare

__all__ = ["scoreboard", "Scoreboard", "score_rows", "wilson", "coverage_word", "series_catalogue",
           "METHODS", "LEVELS", "build_table", "main"]

#: Interval levels scored.
LEVELS = (0.5, 0.8, 0.95)
#: Methods in the order shown.
METHODS = MODEL_NAMES + ("pooled", "combined", "calibrated") + BENCHMARK_NAMES + ("national_same_year",)
_Q = np.array([0.025, 0.1, 0.25, 0.5, 0.75, 0.9, 0.975])
_GRID = (np.arange(199) + 0.5) / 199
_COLS = ["series", "unit", "indicator", "mode", "origin", "year", "horizon", "method", "forecast",
         "q025", "q10", "q25", "q50", "q75", "q90", "q975", "actual", "actual_status", "scale",
         "m4_scale", "threshold", "prob_reach", "crps", "n_reference"]


def wilson(hits: int, n: int, alpha: float = 0.05) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion (statsmodels ``proportion_confint``).

    When to use
        For the band of a coverage count (e.g. 50 of 73 inside an 80 % range).
    """
    if n == 0:
        return float("nan"), float("nan")
    from statsmodels.stats.proportion import proportion_confint

    lo, hi = proportion_confint(hits, n, alpha=alpha, method="wilson")
    return float(lo), float(hi)


def coverage_word(hits: int, n: int, level: float) -> str:
    """``"as promised"`` when the nominal level lies in the Wilson 95 % band of the
    observed coverage, ``"too narrow"`` / ``"too wide"`` otherwise,
    ``"too few forecasts"`` below 10.

    When to use
        To say in one word whether intervals kept their promise.
    """
    if n < 10:
        return "too few forecasts"
    lo, hi = wilson(hits, n)
    if hi < level:
        return "too narrow"
    if lo > level:
        return "too wide"
    return "as promised"


def series_catalogue(indicators=None) -> pd.DataFrame:
    """Every growth series the scoreboard covers: province, indicator, mode
    (``vintage`` when the store holds December estimates for it, else ``final``).

    When to use
        To see which series the scoreboard covers and how (as known at the time, or final figures).
    """
    from hatinh_analysis.data import vocab
    from hatinh_analysis.data.store import list_series

    d = list_series()
    d = d[[vocab.INDICATORS[i].kind == "growth" for i in d["indicator"]]]
    if indicators is not None:
        d = d[d["indicator"].isin(list(indicators))]
    d = d.assign(mode=np.where(d["statuses"].str.contains("estimate"), "vintage", "final"))
    return d[["province", "indicator", "mode", "first_year", "last_year"]].reset_index(drop=True)


# ----------------------------------------------------------------- one forecast -> row
def _row_from(fc, base: dict, method: str, actual: float) -> dict:
    row = dict(base, method=method)
    if fc is None or not fc.ok:
        return None
    q = np.asarray(fc.ppf(_Q), dtype=float)
    row.update(forecast=float(fc.mean), q025=q[0], q10=q[1], q25=q[2], q50=q[3], q75=q[4],
               q90=q[5], q975=q[6], prob_reach=float(fc.sf(base["threshold"])))
    import scoringrules as sr

    ens = np.asarray(fc.ppf(_GRID), dtype=float)
    row["crps"] = float(sr.crps_ensemble(actual, ens))
    return row


def _national_benchmark(train: pd.Series, target_year: int, nat_final: pd.Series | None):
    if nat_final is None or target_year not in nat_final.index:
        return None
    both = train.index.intersection(nat_final.index)
    if len(both) < 2:
        return None
    gaps = train.loc[both].to_numpy() - nat_final.loc[both].to_numpy()
    sd = math.sqrt(float(np.mean(gaps ** 2)))
    if not sd > 0:
        return None
    fc = Forecast(model="national_same_year", target_year=target_year, n_obs=len(both))
    fc.set_normal(float(nat_final.loc[target_year]), sd ** 2, spec=Note("national growth of the year"),
                  aicc=float("nan"), params={})
    return fc


def _origin_task(spec: dict) -> list[dict]:
    """All methods at one origin of one series (runs in a joblib worker)."""
    import warnings

    warnings.simplefilter("ignore")
    train, rows = spec["train"], []
    raw = train.to_numpy(dtype=float)
    m4 = max(float(np.mean(np.abs(np.diff(raw)))), 0.1)
    for h, (year, actual, status) in spec["actuals"].items():
        base = {"series": spec["series"], "unit": spec["unit"], "indicator": spec["indicator"],
                "mode": spec["mode"], "origin": spec["origin"], "year": year, "horizon": h,
                "actual": actual, "actual_status": status, "m4_scale": m4,
                "threshold": float(raw[-1]), "n_reference": np.nan}
        ens = run_ensemble(train, year, panel=spec["panel"], national=spec["national"],
                           pool=spec["pool"], unit=spec["unit"])
        base["scale"] = ens.scale
        for name, fc in ens.forecasts.items():
            rows.append(_row_from(fc, base, name, actual))
        if math.isfinite(ens.point):
            r = _row_from(ens.plugin, base, "combined", actual)
            if r is not None:
                r["forecast"] = ens.point
            rows.append(r)
        prep = prepare(train, year)
        for name in BENCHMARK_NAMES:
            rows.append(_row_from(get_model(name).forecast_prepared(prep), base, name, actual))
        if spec["unit"] != "vietnam":
            rows.append(_row_from(_national_benchmark(train, year, spec["nat_final"]), base,
                                  "national_same_year", actual))
    return [r for r in rows if r is not None]


def _specs(catalogue: pd.DataFrame, horizons, min_train: int, panel_cache: dict) -> list[dict]:
    from hatinh_analysis.data.errors import DataError
    from hatinh_analysis.data.store import load_series

    specs = []
    for r in catalogue.itertuples(index=False):
        final = load_series(r.indicator, r.province)
        panel, nat_final = panel_cache.get(r.indicator, (None, None))
        for origin in range(int(final.index[0]) + min_train - 1, int(final.index[-1])):
            if r.mode == "vintage":
                try:
                    train = load_series(r.indicator, r.province, as_of=f"{origin}-12-31")
                except DataError:
                    continue
                train = train.loc[train.index <= origin]
            else:
                train = final.loc[final.index <= origin]
            if len(train) < min_train or origin not in train.index:
                continue
            actuals = {h: (origin + h, float(final.loc[origin + h]),
                           final.attrs["statuses"][origin + h])
                       for h in horizons if origin + h in final.index}
            if not actuals:
                continue
            pan = nat = pool = None
            if panel is not None and nat_final is not None:
                pan = panel[panel["year"] <= origin]
                nat = nat_final.loc[nat_final.index <= origin]
                pool = panel_cache.get((r.indicator, origin, "pool"))
            train = train.copy()
            train.attrs = dict(train.attrs)
            specs.append({"series": f"{r.province}:{r.indicator}", "unit": r.province,
                          "indicator": r.indicator, "mode": r.mode, "origin": origin,
                          "train": train, "actuals": actuals, "panel": pan, "national": nat,
                          "pool": pool, "nat_final": nat_final})
    return specs


def _pools(panel_cache: dict, origins) -> None:
    from hatinh_analysis.models.pooled import MIN_UNITS, fit_pool, gaps_frame

    for ind, (panel, nat) in list(panel_cache.items()):
        if panel is None or nat is None:
            continue
        for T in origins:
            p = panel[panel["year"] <= T]
            n = nat.loc[nat.index <= T]
            if len(n) < 3:
                continue
            g = gaps_frame(p, n)
            if g["unit"].nunique() >= MIN_UNITS and g.groupby("unit").size().max() >= 2:
                panel_cache[(ind, T, "pool")] = fit_pool(g)


def _calibrated_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """Second pass: the conformal distribution of each combined forecast, from errors of
    other provinces for outcome years <= its origin (no look-ahead)."""
    import scoringrules as sr

    comb = rows[rows["method"] == "combined"].copy()
    comb["z"] = (comb["actual"] - comb["forecast"]) / comb["scale"]
    out = []
    for r in comb.itertuples(index=False):
        ref = comb[(comb["horizon"] == r.horizon) & (comb["year"] <= r.origin) & (comb["unit"] != r.unit)]
        cf = CalibratedForecast(r.forecast, r.scale, np.sort(ref["z"].to_numpy()), r.year)
        if not cf.ok:
            continue
        q = cf.ppf(_Q)
        d = r._asdict()
        d.pop("z")
        d.update(method="calibrated", forecast=cf.mean, q025=q[0], q10=q[1], q25=q[2], q50=q[3],
                 q75=q[4], q90=q[5], q975=q[6], prob_reach=float(cf.sf(r.threshold)),
                 crps=float(sr.crps_ensemble(r.actual, cf.sample())), n_reference=cf.n)
        out.append(d)
    return pd.DataFrame(out, columns=_COLS)


def score_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """Per-method summary of scoreboard rows (one row per method and horizon).

    When to use
        To score any set of scoreboard rows (a subset of series, years or methods) the same way as the scoreboard.

    Columns: method, horizon, n; for each level L in 50/80/95: ``hits_L``,
    ``coverage_L``, ``wilson_lo_L``, ``wilson_hi_L``, ``calibration_L``;
    ``is_80``, ``is_95`` (mean interval score, points), ``msis_80``, ``msis_95``
    (scaled as in M4), ``crps``, ``mae``, ``brier``.
    """
    import scoringrules as sr

    out = []
    for (method, h), d in rows.groupby(["method", "horizon"], sort=False):
        y = d["actual"].to_numpy(dtype=float)
        rec = {"method": method, "horizon": int(h), "n": len(d)}
        for lv, lo, hi in ((0.5, "q25", "q75"), (0.8, "q10", "q90"), (0.95, "q025", "q975")):
            k = f"{round(lv * 100)}"
            inside = (d[lo].to_numpy() <= y) & (y <= d[hi].to_numpy())
            hits = int(inside.sum())
            wl, wh = wilson(hits, len(d))
            rec.update({f"hits_{k}": hits, f"coverage_{k}": hits / len(d), f"wilson_lo_{k}": wl,
                        f"wilson_hi_{k}": wh, f"calibration_{k}": coverage_word(hits, len(d), lv)})
            if lv != 0.5:
                isc = np.asarray(sr.interval_score(y, d[lo].to_numpy(), d[hi].to_numpy(), 1 - lv),
                                 dtype=float)
                rec[f"is_{k}"] = float(np.mean(isc))
                rec[f"msis_{k}"] = float(np.mean(isc / d["m4_scale"].to_numpy(dtype=float)))
        rec["crps"] = float(d["crps"].mean())
        rec["mae"] = float(np.mean(np.abs(d["forecast"].to_numpy() - y)))
        hit = (y >= d["threshold"].to_numpy()).astype(float)
        rec["brier"] = float(np.mean(sr.brier_score(hit, d["prob_reach"].to_numpy(dtype=float))))
        out.append(rec)
    df = pd.DataFrame(out)
    order = {m: i for i, m in enumerate(METHODS)}
    return df.sort_values(["horizon", "method"], key=lambda s: s.map(order) if s.name == "method" else s,
                          kind="mergesort").reset_index(drop=True)


def _compare(rows: pd.DataFrame, against: str = "calibrated") -> pd.DataFrame:
    """Each method against ``against`` on the forecasts both made (pairwise)."""
    out = []
    key = ["series", "origin", "year", "horizon"]
    ref = rows[rows["method"] == against].set_index(key)
    if ref.empty:
        return pd.DataFrame()
    summ_ref_cache = {}
    for method, d in rows[rows["method"] != against].groupby("method", sort=False):
        common = d.set_index(key).index.intersection(ref.index)
        if len(common) == 0:
            continue
        a = d.set_index(key).loc[common].reset_index().assign(method=method)
        b = ref.loc[common].reset_index().assign(method=against)
        s = score_rows(pd.concat([a, b], ignore_index=True))
        for h, g in s.groupby("horizon"):
            m, c = g[g["method"] == method].iloc[0], g[g["method"] == against].iloc[0]
            out.append({"method": method, "horizon": int(h), "n_common": int(m["n"]),
                        "msis_80": m["msis_80"], f"msis_80_{against}": c["msis_80"],
                        "msis_95": m["msis_95"], f"msis_95_{against}": c["msis_95"],
                        "crps": m["crps"], f"crps_{against}": c["crps"],
                        f"{against}_better_msis_95": bool(c["msis_95"] < m["msis_95"]),
                        f"{against}_better_crps": bool(c["crps"] < m["crps"])})
    del summ_ref_cache
    return pd.DataFrame(out)


@dataclass
class Scoreboard:
    """Result of `scoreboard`.

    Attributes
    ----------
    forecasts : DataFrame
        One row per (series, origin, horizon, method): the forecast, its
        2.5/10/25/50/75/90/97.5 % quantiles, the outcome and its status, the
        scales, the threshold (last year's growth), P(reach) and the CRPS.
    settings : dict
        horizons, min_train, data fingerprint, series covered.
    """

    forecasts: pd.DataFrame
    settings: dict = field(default_factory=dict)

    def summary_frame(self, horizon: int | None = 1, mode: str | None = None) -> pd.DataFrame:
        """Per-method scores (`score_rows`) on the pooled panel, optionally one horizon
        or one mode (``"vintage"``/``"final"``)."""
        d = self.forecasts
        if horizon is not None:
            d = d[d["horizon"] == horizon]
        if mode is not None:
            d = d[d["mode"] == mode]
        return score_rows(d)

    def comparison_frame(self, horizon: int | None = 1, against: str = "calibrated") -> pd.DataFrame:
        """Every method against the calibrated one on the forecasts both made."""
        d = self.forecasts if horizon is None else self.forecasts[self.forecasts["horizon"] == horizon]
        return _compare(d, against)

    def to_dict(self) -> dict:
        """JSON-ready: settings, the per-method summary and the pairwise comparison."""
        return json_clean({"settings": self.settings,
                           "summary": self.summary_frame(None).to_dict(orient="records"),
                           "comparison": self.comparison_frame(None).to_dict(orient="records")})

    def to_json(self, **kw) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, **kw)

    def __repr__(self) -> str:
        s = self.summary_frame(1)
        cols = ["method", "n", "hits_80", "coverage_80", "calibration_80", "msis_95", "crps", "mae"]
        return f"Scoreboard({len(self.forecasts)} forecasts)\n{s[cols].to_string(index=False)}"


def scoreboard(*, horizons=(1, 2), min_train: int = 3, indicators=None, n_jobs=None,
               progress: bool = False) -> Scoreboard:
    """Rolling-origin forecasts of every growth series, scored (see module doc).

    When to use
        To judge which methods keep their promises (notebook 03) and to build
        the calibration table (`build_table`). Takes about a minute; the
        committed result is read with `load_scoreboard`.

    Parameters
    ----------
    horizons : tuple of int, default (1, 2)
    min_train : int, default 3
        Years known at an origin before it forecasts (3: the PX-Web panel,
        2012–2016, then forecasts 2015 and 2016).
    indicators : list of str, optional
        Restrict to these indicators (default every growth indicator).
    n_jobs : int, optional
        joblib workers; None follows ``joblib.parallel_config`` (see module doc).
    """
    from joblib import Parallel, delayed

    from hatinh_analysis.combination import load_panel
    from hatinh_analysis.data.store import data_fingerprint

    if isinstance(min_train, bool) or not isinstance(min_train, int) or min_train < 3:
        raise ValueError(f"min_train must be an integer >= 3, got {min_train!r}")
    horizons = tuple(sorted({int(h) for h in horizons}))
    if not horizons or horizons[0] < 1:
        raise ValueError(f"horizons must be positive integers, got {horizons!r}")
    cat = series_catalogue(indicators)
    cache = {}
    for ind in cat["indicator"].unique():
        panel, nat = load_panel(ind)
        cache[ind] = (panel, nat)
    years = range(2000, 2100)
    _pools(cache, [y for y in years if any(p is not None and y in set(p["year"]) for p, _ in
                                               [v for k, v in cache.items() if isinstance(k, str)])])
    specs = _specs(cat, horizons, min_train, cache)
    results = Parallel(n_jobs=n_jobs)(delayed(_origin_task)(s) for s in specs)
    rows = pd.DataFrame([r for rs in results for r in rs], columns=_COLS)
    rows = pd.concat([rows, _calibrated_rows(rows)], ignore_index=True)
    order = {m: i for i, m in enumerate(METHODS)}
    rows = rows.sort_values(["series", "origin", "horizon", "method"],
                            key=lambda s: s.map(order) if s.name == "method" else s,
                            kind="mergesort").reset_index(drop=True)
    settings = {"horizons": list(horizons), "min_train": min_train,
                "data_fingerprint": data_fingerprint(), "n_series": int(rows["series"].nunique()),
                "min_reference": MIN_REFERENCE,
                "modes": cat.assign(s=cat["province"] + ":" + cat["indicator"])
                .set_index("s")["mode"].to_dict()}
    return Scoreboard(rows, settings)


def build_table(n_jobs=-1, *, cache: bool = False) -> Scoreboard:
    """Run `scoreboard` and write the committed table (``scoreboard.csv`` + ``.json``
    next to this module). Use after the shipped data changed.

    When to use
        After the shipped data changed (the test of the table's data fingerprint fails); same as `python -m hatinh_analysis.evaluation build`.
    """
    from hatinh_analysis.calibration import cache_paths

    sb = scoreboard(n_jobs=n_jobs)
    csv, meta = cache_paths(sb.settings["data_fingerprint"]) if cache else (TABLE_PATH, META_PATH)
    csv.parent.mkdir(parents=True, exist_ok=True)
    tmp_csv, tmp_meta = csv.with_suffix(".csv.tmp"), meta.with_suffix(".json.tmp")
    sb.forecasts.to_csv(tmp_csv, index=False, float_format="%.6g", lineterminator="\n")
    tmp_meta.write_text(sb.to_json(indent=1) + "\n", encoding="utf-8")
    os.replace(tmp_csv, csv)       # both files complete before either is replaced
    os.replace(tmp_meta, meta)
    sb.settings["written_to"] = str(csv)
    return sb


def load_scoreboard() -> Scoreboard:
    """The committed scoreboard (fast; see `build_table`).

    When to use
        Notebook 03 and your own analysis of past forecasts, without recomputing them.
    """
    from hatinh_analysis.calibration import load_table, table_info

    info = table_info()
    return Scoreboard(load_table().copy(), info.get("settings", {}))


def main(argv=None) -> int:
    """``python -m hatinh_analysis.evaluation build [--jobs N]``: rebuild the table.

    When to use
        From the command line, after the shipped data changed.
    """
    ap = argparse.ArgumentParser(prog="python -m hatinh_analysis.evaluation",
                                 description="Rebuild the committed scoreboard / calibration table.")
    ap.add_argument("command", choices=["build"])
    ap.add_argument("--jobs", type=int, default=-1, help="joblib workers (default: all cores)")
    ap.add_argument("--cache", action="store_true",
                    help="write to the cache directory under the data fingerprint (for data other "
                         "than the shipped one) instead of the package's committed table")
    a = ap.parse_args(argv)
    import time

    t = time.perf_counter()
    sb = build_table(a.jobs, cache=a.cache)
    print(f"wrote {sb.settings['written_to']} (+ .json): {len(sb.forecasts)} rows, "
          f"{sb.settings['n_series']} series, data fingerprint {sb.settings['data_fingerprint']} "
          f"({time.perf_counter() - t:.1f} s)")
    print(sb)
    return 0


if __name__ == "__main__":
    sys.exit(main())
