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

Size: 650 lines, over the ~600 of the style rule, because the scoreboard's forecasts, its scores
and the fixed rule that chooses a calibration must read the same rows; splitting them would
spread one rule over modules. About a third is docstrings.
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

from hatinh_analysis.calibration import (CALIBRATIONS, META_PATH, MIN_REFERENCE, TABLE_PATH,
                                         CalibratedForecast, calibrate, coverage_word,
                                         series_class, series_id, wilson)
from hatinh_analysis.combination import _published_end
from hatinh_analysis.combination import run_ensemble, series_scale
from hatinh_analysis.notes import Note
from hatinh_analysis.models import BENCHMARK_NAMES, MODEL_NAMES, get_model
from hatinh_analysis.models.base import Forecast, Predictive, json_clean, prepare

__all__ = ["scoreboard", "Scoreboard", "score_rows", "level_scores", "LEVEL_COLUMNS", "wilson", "coverage_word", "series_catalogue",
           "choose_calibration", "METHODS", "VARIANTS", "LEVELS", "build_table", "main"]

#: Interval levels scored.
LEVELS = (0.5, 0.8, 0.95)
#: Methods in the order shown.
#: The calibration variants scored side by side (``calibrated_<how>``, see
#: `hatinh_analysis.calibration.calibrate`); ``calibrated`` repeats the chosen one.
VARIANTS = tuple(f"calibrated_{h}" for h in CALIBRATIONS)
METHODS = (MODEL_NAMES + ("pooled", "combined", "calibrated") + VARIANTS + BENCHMARK_NAMES
           + ("national_same_year",))
_Q = np.array([0.025, 0.1, 0.25, 0.5, 0.75, 0.9, 0.975])
_GRID = (np.arange(199) + 0.5) / 199
_COLS = ["series", "unit", "indicator", "mode", "origin", "year", "horizon", "method", "forecast",
         "q025", "q10", "q25", "q50", "q75", "q90", "q975", "actual", "actual_status", "scale",
         "m4_scale", "threshold", "prob_reach", "crps", "n_reference", "made", "published",
         "ref_class"]


def series_catalogue(indicators=None, industries: bool = True) -> pd.DataFrame:
    """Every growth series the scoreboard covers: province, indicator, industry ("" for a
    whole indicator), mode (``vintage`` when the store holds December estimates for it, else
    ``final``).

    When to use
        To see which series the scoreboard covers and how (as known at the time, or final figures).

    With ``industries`` (default) the national IIP of every industry (sections and divisions,
    `hatinh_analysis.data.vocab.INDUSTRIES`) is included: December estimates as published,
    scored against the latest figure for the year (a January restatement where the office
    published one, 2014-2016; else the December estimate itself).
    """
    from hatinh_analysis.data import vocab
    from hatinh_analysis.data.store import list_series

    d = list_series()
    d = d[[vocab.INDICATORS[i].kind == "growth" for i in d["indicator"]]]
    if indicators is not None:
        d = d[d["indicator"].isin(list(indicators))]
    d = d.assign(mode=np.where(d["statuses"].str.contains("estimate"), "vintage", "final"),
                 industry="")
    cols = ["province", "indicator", "industry", "mode", "first_year", "last_year"]
    if industries and (indicators is None or "iip" in indicators):
        from hatinh_analysis.combination import industry_panel

        p = industry_panel()
        if p is not None:
            g = p.groupby("unit", sort=False)["year"].agg(["min", "max"]).reset_index()
            ind = pd.DataFrame({"province": "vietnam", "indicator": "iip", "industry": g["unit"],
                                "mode": "vintage", "first_year": g["min"], "last_year": g["max"]})
            d = pd.concat([d[cols], ind], ignore_index=True)
    return d[cols].reset_index(drop=True)


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
                "threshold": float(raw[-1]), "n_reference": np.nan, "made": spec["made"],
                "published": max(spec["made"], spec["actual_published"][h]),
                "ref_class": spec["ref_class"]}
        ens = run_ensemble(train, year, panel=spec["panel"], national=spec["national"],
                           pool=spec["pool"], unit=spec["unit"], shock_floor=spec["floor"],
                           outside_view=not spec["industry"])
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


def _latest(pub: dict, years) -> str:
    """Latest publication date (ISO, period end) among the figures of ``years``."""
    return max((_published_end(pub.get(int(y))) for y in years), default="")


def _specs(catalogue: pd.DataFrame, horizons, min_train: int, panel_cache: dict) -> list[dict]:
    from hatinh_analysis.combination import load_panel, pool_for
    from hatinh_analysis.data.errors import DataError
    from hatinh_analysis.data.store import load_series

    from hatinh_analysis.combination import industry_panel, shock_scale_floor

    specs = []
    for r in catalogue.itertuples(index=False):
        industry = r.industry or None
        final = load_series(r.indicator, r.province, industry=industry)
        fpub = final.attrs.get("published", {})
        # an industry has no outside view of provinces; its comparable series are the industries
        panel, nat_final = (None, None) if industry else panel_cache.get(r.indicator, (None, None))
        for origin in range(int(final.index[0]) + min_train - 1, int(final.index[-1])):
            as_of = f"{origin}-12-31"
            if r.mode == "vintage":
                try:
                    train = load_series(r.indicator, r.province, as_of=as_of, industry=industry)
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
            floor = None
            if panel is not None:
                # the outside view as known at the time: at the origin's year end for a series
                # with vintages (like a check as of that date); for a final-figure series, when
                # its own figures used here were published (never a later revision of others)
                when = as_of if r.mode == "vintage" else max(
                    [_latest(fpub, train.index)] + [_published_end(fpub.get(y))
                                                    for y, _, _ in actuals.values()])
                pv, nv = load_panel(r.indicator, when)
                if pv is not None and nv is not None:
                    pan = pv[pv["year"] <= origin]
                    nat = nv.loc[nv.index <= origin]
                    pool = pool_for(r.indicator, when, r.province, origin)
            fpanel = industry_panel(as_of) if industry else None
            if fpanel is not None:
                fpanel = fpanel[fpanel["year"] <= origin]
                floor = shock_scale_floor(fpanel)[0]
            # when the forecast could have been made: the latest publication of a figure it used
            made = max([_latest(train.attrs.get("published", {}), train.index)]
                       + [str(x["published"].max()) for x in (pan, fpanel)
                          if x is not None and len(x)]
                       + ([_latest(nat.attrs.get("published", {}), nat.index)]
                          if nat is not None and len(nat) else []))
            train = train.copy()
            train.attrs = dict(train.attrs)
            specs.append({"series": series_id(r.province, r.indicator, industry),
                          "unit": r.province, "indicator": r.indicator, "industry": industry,
                          "mode": r.mode, "origin": origin, "train": train, "actuals": actuals,
                          "panel": pan, "national": nat, "pool": pool, "nat_final": nat_final,
                          "made": made, "floor": floor,
                          "actual_published": {h: _published_end(fpub.get(y))
                                               for h, (y, _, _) in actuals.items()},
                          "ref_class": series_class(r.province, r.indicator, industry)})
    return specs


def _calibrated_task(comb: pd.DataFrame, idx) -> list[dict]:
    """The calibrated distributions (every variant) of the combined forecasts ``idx``."""
    import warnings

    import scoringrules as sr

    from hatinh_analysis.calibration import calibrate_from, reference_errors

    warnings.simplefilter("ignore")
    out, cache = [], {}
    for i in idx:
        r = comb.loc[i]
        # strictly out of sample: errors for outcome years up to the origin whose every figure
        # was published by the time this forecast was made; never the province's own
        unit = None if r["unit"] == "vietnam" else r["unit"]
        key = (int(r["horizon"]), int(r["origin"]), r["made"], unit)
        ref = cache.get(key)
        if ref is None:
            ref = cache[key] = reference_errors(comb, horizon=int(r["horizon"]),
                                                upto_year=int(r["origin"]), exclude_unit=unit,
                                                as_of=r["made"])
        for how in CALIBRATIONS:
            cf = calibrate_from(ref, r["forecast"], r["scale"], target_year=int(r["year"]), how=how,
                                info={"key": key}, cache=cache)
            if not cf.ok:
                continue
            q = cf.ppf(_Q)
            d = r.to_dict()
            d.update(method=f"calibrated_{how}", forecast=cf.mean, q025=q[0], q10=q[1], q25=q[2],
                     q50=q[3], q75=q[4], q90=q[5], q975=q[6], prob_reach=float(cf.sf(r["threshold"])),
                     crps=float(sr.crps_ensemble(r["actual"], cf.ensemble())), n_reference=cf.n)
            out.append(d)
    return out


def _calibrated_rows(rows: pd.DataFrame, n_jobs=None) -> pd.DataFrame:
    """Second pass: every calibration variant of each combined forecast, from errors
    known when the forecast was made (no look-ahead)."""
    from joblib import Parallel, delayed

    comb = rows[rows["method"] == "combined"].reset_index(drop=True)
    # rows sharing a reference class sit in one chunk, so its fits are made once
    order = comb.sort_values(["horizon", "origin", "made", "unit"], kind="mergesort").index.to_numpy()
    chunks = [c for c in np.array_split(order, max(1, min(len(comb), 8))) if len(c)]
    res = Parallel(n_jobs=n_jobs)(delayed(_calibrated_task)(comb, c) for c in chunks)
    return pd.DataFrame([d for part in res for d in part], columns=_COLS)


def choose_calibration(rows: pd.DataFrame, horizon: int = 1) -> tuple[str, str]:
    """The calibration the check uses, chosen on the scoreboard by a rule fixed in advance.

    When to use
        After the scoreboard's second pass (`scoreboard` calls it); the rule is
        stated here so the choice can be repeated and is never tuned.

    Rule: among the variants (`VARIANTS`) at ``horizon`` whose 80 % and 95 % ranges
    are bounded on every forecast (a finite interval score: an unbounded range
    "covers" trivially and says nothing), keep those whose 80 % and 95 % ranges
    are "as promised" (Wilson 95 % band contains the level); of these, the
    lowest mean CRPS (a proper score of the whole distribution). If none is as
    promised at both levels, the lowest mean CRPS among the bounded ones; only
    forecasts every variant made are compared.

    Returns
    -------
    (name, reason)
        The calibration (`hatinh_analysis.calibration.CALIBRATIONS`) and why, in words.
    """
    d = rows[rows["method"].isin(VARIANTS) & (rows["horizon"] == horizon)]
    if d.empty:
        return "pooled", "no variant scored: pooled split conformal"
    key = ["series", "origin", "year", "horizon"]
    common = None
    for _, g in d.groupby("method"):
        k = pd.MultiIndex.from_frame(g[key])
        common = k if common is None else common.intersection(k)
    d = d[pd.MultiIndex.from_frame(d[key]).isin(common)]
    s = score_rows(d).set_index("method")
    unbounded = sorted(m.removeprefix("calibrated_") for m in s.index
                       if not (np.isfinite(s.loc[m, "is_80"]) and np.isfinite(s.loc[m, "is_95"])))
    bounded = s[np.isfinite(s["is_80"]) & np.isfinite(s["is_95"])]
    bounded = bounded if len(bounded) else s
    ok = bounded[(bounded["calibration_80"] == "as promised")
                 & (bounded["calibration_95"] == "as promised")]
    pick = (ok if len(ok) else bounded)["crps"].idxmin()
    how = pick.removeprefix("calibrated_")
    why = (f"{how}: lowest mean CRPS ({s.loc[pick, 'crps']:.3f}) "
           + ("among the bounded variants whose 80% and 95% ranges kept their promise"
              if len(ok) else "among the bounded variants (none kept both promises)")
           + (f"; unbounded ranges excluded: {', '.join(unbounded)}" if unbounded else "")
           + f" on {int(s.loc[pick, 'n'])} forecasts every variant made, horizon {horizon}")
    return how, why


#: Central ranges scored, with the quantile columns that bound them.
LEVEL_COLUMNS = ((0.5, "q25", "q75"), (0.8, "q10", "q90"), (0.95, "q025", "q975"))


def level_scores(rows: pd.DataFrame) -> tuple[dict, dict]:
    """Coverage of the 50/80/95 % central ranges of scoreboard rows (``actual`` against the
    quantile columns of `LEVEL_COLUMNS`): ``hits_L``, ``coverage_L``, Wilson band, word; and the
    mean interval score ``is_80``, ``is_95`` (Gneiting & Raftery 2007; an unbounded range scores
    infinity). Also returns the per-row interval scores by level (``{"80": array, "95": array}``).

    When to use
        Any scoreboard of ranges (the annual one, `score_rows`; the tracker's,
        `hatinh_analysis.tracking_record.score_frame`): one rule for both.
    """
    import scoringrules as sr

    y = rows["actual"].to_numpy(dtype=float)
    rec, per_row = {}, {}
    for lv, lo, hi in LEVEL_COLUMNS:
        k = f"{round(lv * 100)}"
        inside = (rows[lo].to_numpy() <= y) & (y <= rows[hi].to_numpy())
        hits = int(inside.sum())
        wl, wh = wilson(hits, len(rows))
        rec.update({f"hits_{k}": hits, f"coverage_{k}": hits / len(rows), f"wilson_lo_{k}": wl,
                    f"wilson_hi_{k}": wh, f"calibration_{k}": coverage_word(hits, len(rows), lv)})
        if lv != 0.5:
            lo_v, hi_v = rows[lo].to_numpy(dtype=float), rows[hi].to_numpy(dtype=float)
            with np.errstate(invalid="ignore"):
                isc = np.atleast_1d(np.asarray(sr.interval_score(y, lo_v, hi_v, 1 - lv), dtype=float))
            isc[~(np.isfinite(lo_v) & np.isfinite(hi_v))] = np.inf
            rec[f"is_{k}"] = float(np.mean(isc))
            per_row[k] = isc
    return rec, per_row


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
        scores, per_row = level_scores(d)
        rec.update(scores)
        for k, isc in per_row.items():
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

    def summary_frame(self, horizon: int | None = 1, mode: str | None = None,
                      variants: bool = False) -> pd.DataFrame:
        """Per-method scores (`score_rows`) on the pooled panel, optionally one horizon
        or one mode (``"vintage"``/``"final"``); with ``variants`` also every calibration
        variant (`VARIANTS`; ``calibrated`` is the chosen one)."""
        d = self.forecasts
        if not variants:
            d = d[~d["method"].isin(VARIANTS)]
        if horizon is not None:
            d = d[d["horizon"] == horizon]
        if mode is not None:
            d = d[d["mode"] == mode]
        return score_rows(d)

    def by_class(self, horizon: int | None = 1, methods=None) -> pd.DataFrame:
        """`score_rows` per reference class (``province``, ``industry``, ``national``) with a
        first column ``ref_class``; ``methods`` default the calibrations and benchmarks."""
        return self._split("ref_class", horizon, methods)

    def by_year(self, horizon: int | None = 1, methods=None) -> pd.DataFrame:
        """`score_rows` per outcome year (first column ``year``)."""
        return self._split("year", horizon, methods)

    def _split(self, col: str, horizon, methods) -> pd.DataFrame:
        d = self.forecasts
        if horizon is not None:
            d = d[d["horizon"] == horizon]
        methods = methods or (("calibrated",) + VARIANTS + ("combined",) + BENCHMARK_NAMES)
        d = d[d["method"].isin(methods)]
        parts = [score_rows(g).assign(**{col: k}) for k, g in d.groupby(col, sort=True)]
        if not parts:
            return pd.DataFrame()
        out = pd.concat(parts, ignore_index=True)
        return out[[col] + [c for c in out.columns if c != col]]

    def comparison_frame(self, horizon: int | None = 1, against: str = "calibrated",
                         variants: bool = False) -> pd.DataFrame:
        """Every method (with ``variants`` also the calibration variants) against the
        calibrated one on the forecasts both made."""
        d = self.forecasts if horizon is None else self.forecasts[self.forecasts["horizon"] == horizon]
        if not variants:
            d = d[~d["method"].isin(VARIANTS)]
        return _compare(d, against)

    def to_dict(self) -> dict:
        """JSON-ready: settings, the per-method summary and the pairwise comparison."""
        return json_clean({"settings": self.settings,
                           "summary": self.summary_frame(None, variants=True).to_dict(orient="records"),
                           "comparison": self.comparison_frame(None, variants=True).to_dict(orient="records")})

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
    specs = _specs(cat, horizons, min_train, cache)
    results = Parallel(n_jobs=n_jobs)(delayed(_origin_task)(s) for s in specs)
    rows = pd.DataFrame([r for rs in results for r in rs], columns=_COLS)
    variants = _calibrated_rows(rows, n_jobs)
    how, why = choose_calibration(variants)
    chosen = variants[variants["method"] == f"calibrated_{how}"].assign(method="calibrated")
    rows = pd.concat([rows, variants, chosen], ignore_index=True)
    order = {m: i for i, m in enumerate(METHODS)}
    rows = rows.sort_values(["series", "origin", "horizon", "method"],
                            key=lambda s: s.map(order) if s.name == "method" else s,
                            kind="mergesort").reset_index(drop=True)
    settings = {"horizons": list(horizons), "min_train": min_train,
                "data_fingerprint": data_fingerprint(), "n_series": int(rows["series"].nunique()),
                "min_reference": MIN_REFERENCE, "calibration": how, "calibration_reason": why,
                "modes": {series_id(r.province, r.indicator, r.industry): r.mode
                          for r in cat.itertuples(index=False)}}
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
