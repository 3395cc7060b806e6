"""Calibrated predictive distributions, learned from the scoreboard.

Why
    Model intervals for short annual series are too narrow: they ignore the
    uncertainty of the estimated parameters, of the model choice and of shocks
    the record has not yet seen (Hyndman & Athanasopoulos, *FPP3* §5.5 and
    §13.8: "prediction intervals from models tend to be too narrow"; Chatfield
    1993). The package's own back-test showed 80 % model intervals containing
    well under half of later outcomes. So the interval and the chance of
    reaching a target used for a verdict come from the *errors the combined
    forecast actually made*, one year ahead, across the reference class of all
    series in the store.

Method: pooled, scale-normalised split conformal prediction
    For every rolling origin of every series (`hatinh_analysis.evaluation`)
    the scoreboard stores the combined point forecast ``f``, the outcome ``y``
    and the series' typical year-to-year change ``s``
    (`hatinh_analysis.combination.series_scale`). The normalised errors
    ``z = (y - f) / s`` form the calibration set. A new forecast ``f*`` with
    scale ``s*`` gets the predictive distribution ``f* + s* · z`` — the
    split-conformal construction (Vovk, Gammerman & Shafer 2005; Lei, G'Sell,
    Rinaldo, Tibshirani & Wasserman 2018, *JASA* 113, 1094-1111) with
    locally-weighted (scale-normalised) residuals, pooled across series as in
    panel conformal forecasting. Quantiles use the plotting positions
    ``i/(n+1)`` of the sorted ``z``, so a central interval at level ``1-a`` is
    finite only when ``n >= 2/a - 1`` (19 errors for 80 %, 79 for 95 %), and the
    chance of reaching a target is never 0 or 1: it lies in
    ``[1/(n+1), n/(n+1)]``. If the errors are exchangeable with the new one, the
    interval covers with probability >= ``1-a`` (Lei et al. 2018, Thm 2.2).

No look-ahead (vintage-exact)
    Every scoreboard row carries ``made`` (the latest publication date among the
    figures its forecast used: training data, the outside view's panel and national
    series) and ``published`` (the same with the outcome). A check as of ``D`` whose
    last observed year is ``T`` uses only errors for outcome years up to ``T`` with
    ``published <= D`` (`reference_errors`), never those of its own province; the
    scoreboard calibrates each past forecast the same way with ``D = made``. The rule
    that decides whether a chance may be printed reads only the coverage of outcomes
    published by ``D`` (`coverage_record`). Exchangeability is an assumption: years
    share national shocks, so errors of one year are correlated across series; the
    variants of `calibrate` (years as units, a year random effect) address this, and
    the scoreboard (`hatinh_analysis.evaluation`) compares them and chooses one.

The table
    The scoreboard rows needed here are built once from the shipped data and
    committed as ``hatinh_analysis/scoreboard.csv`` with
    ``hatinh_analysis/scoreboard.json`` (the data fingerprint, settings and the
    per-method summary). Rebuild after the data change with::

        python -m hatinh_analysis.evaluation build

    `load_table` returns it. With other data (``HATINH_DATA_DIR``, your own
    figures), build a table for them once with
    ``python -m hatinh_analysis.evaluation build --cache``: it goes to the cache
    directory (``$HATINH_CACHE_DIR``, default ``~/.cache/hatinh_analysis``) under
    the data fingerprint, and `active_table` picks it up. Without one, the
    committed table is used and every result says so.

Size: 662 lines, over the ~600 of the style rule, because one module owns the calibration rule
and the variants the scoreboard compares (pooled, years as units, year effects, similar series),
which must read the same reference rows; about half is docstrings.
"""
from __future__ import annotations

import functools
import json
import math
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from hatinh_analysis.notes import Note

__all__ = ["CalibratedForecast", "calibrate", "reference_errors", "similar_records", "load_table",
           "table_info", "active_table", "cache_paths", "coverage_record", "wilson", "coverage_word",
           "series_class", "series_id", "chosen_calibration", "calibrate_from", "distribution", "CALIBRATIONS", "TABLE_PATH", "META_PATH", "MIN_REFERENCE",
           "REBUILD_COMMAND"]

#: The committed scoreboard rows and their metadata.
TABLE_PATH = Path(__file__).with_name("scoreboard.csv")
META_PATH = Path(__file__).with_name("scoreboard.json")
#: How to rebuild the committed table after the data change.
REBUILD_COMMAND = "python -m hatinh_analysis.evaluation build"
#: Fewer reference errors than this: no calibrated distribution.
MIN_REFERENCE = 30
#: The calibrations the scoreboard compares (see `calibrate`); the one the scoreboard chose is
#: ``settings["calibration"]`` of the committed table.
CALIBRATIONS = ("pooled", "year_blocks", "year_effects", "year_mix", "similar")
#: year_mix: normal quantiles of the new year's effect convolved with the within-year residuals.
_MIX_K = 25
#: Similarity weighting: a reference series whose scale differs by this factor gets weight
#: exp(-1/2) (a Gaussian kernel in log scale; a factor of two is "a different kind of series").
SIMILAR_SCALE_FACTOR = 2.0
#: Fewer outcome years than this: no year-effects distribution (a variance between years
#: needs them).
MIN_YEARS = 3
_FINE = (np.arange(999) + 0.5) / 999


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


def series_class(unit, indicator, industry=None) -> str:
    """The reference class a scoreboard series belongs to: ``"industry"`` (one industry of
    the national index), ``"national"`` (the whole country's total) or ``"province"``.

    When to use
        To report coverage by class (`hatinh_analysis.evaluation.Scoreboard.by_class`).
    """
    if industry:
        return "industry"
    return "national" if str(unit) == "vietnam" else "province"


def series_id(unit, indicator, industry=None) -> str:
    """A scoreboard series' name: ``"unit:indicator"``, ``"unit:indicator:industry"`` for one
    industry (``"vietnam:iip:C"``).

    When to use
        To find a series' rows in the scoreboard, or to leave it out of its own reference class.
    """
    return f"{unit}:{indicator}" + (f":{industry}" if industry else "")


@dataclass
class CalibratedForecast:
    """A calibrated predictive distribution ``point + scale * z`` (see module doc).

    Attributes
    ----------
    point : float
        The combined point forecast (% growth).
    scale : float
        The series' typical year-to-year change (points).
    z : numpy.ndarray
        Sorted normalised reference errors.
    target_year : int
    reference : dict
        What the reference class holds: n, years, series, horizon, excluded unit.
    notes : list of str
    pos : numpy.ndarray, optional
        Cumulative probability of each ``z`` (default the plotting positions
        ``i/(n+1)``; weighted calibrations and the year-effects distribution give their own).
    n_reference : int, optional
        Number of reference errors when ``z`` is a quantile grid (default ``len(z)``).
    how : str
        Which calibration built it (`CALIBRATIONS`).
    """

    point: float
    scale: float
    z: np.ndarray
    target_year: int
    reference: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)
    pos: np.ndarray | None = None
    n_reference: int | None = None
    how: str = "pooled"

    @property
    def n(self) -> int:
        """Number of reference errors."""
        return int(len(self.z)) if self.n_reference is None else int(self.n_reference)

    @property
    def ok(self) -> bool:
        return self.n >= MIN_REFERENCE and math.isfinite(self.point) and self.scale > 0

    @property
    def mean(self) -> float:
        """The central forecast: the combined point forecast (NaN when not usable)."""
        return float(self.point) if self.ok else float("nan")

    def _positions(self):
        if self.pos is not None:
            return self.pos
        n = len(self.z)
        return np.arange(1, n + 1) / (n + 1)

    def ppf(self, q):
        """Quantile(s) in %: interpolated between plotting positions ``i/(n+1)``;
        ``-inf``/``+inf`` beyond the first/last position (too few errors to say)."""
        q = np.asarray(q, dtype=float)
        if not self.ok:
            return np.full(q.shape, np.nan) if q.ndim else float("nan")
        pos = self._positions()
        zq = np.interp(q, pos, self.z)
        zq = np.where(q < pos[0], -np.inf, np.where(q > pos[-1], np.inf, zq))
        out = self.point + self.scale * zq
        return out if q.ndim else float(out)

    def cdf(self, x):
        """P(growth <= x), interpolated, clipped to ``[1/(n+1), n/(n+1)]``."""
        x = np.asarray(x, dtype=float)
        if not self.ok:
            return np.full(x.shape, np.nan) if x.ndim else float("nan")
        pos = self._positions()
        zx = (x - self.point) / self.scale
        out = np.interp(zx, self.z, pos, left=pos[0], right=pos[-1])
        return out if x.ndim else float(out)

    def sf(self, x):
        """P(growth >= x) = 1 - cdf(x)."""
        c = self.cdf(x)
        return 1.0 - c

    def prob_between(self, low: float, high: float) -> float:
        """P(low <= growth <= high)."""
        c = self.cdf(np.array([low, high], dtype=float))
        return float(c[1] - c[0])

    def interval(self, level: float = 0.8) -> tuple[float, float]:
        """Central interval; infinite ends when there are too few errors for the level."""
        a = (1.0 - level) / 2.0
        lo, hi = self.ppf(np.array([a, 1.0 - a]))
        return float(lo), float(hi)

    def fan(self, levels=(0.5, 0.8, 0.95)) -> dict:
        """``{level: (lower, upper)}`` for a fan chart."""
        return {float(lv): self.interval(lv) for lv in levels}

    def sample(self) -> np.ndarray:
        """The reference errors as an ensemble ``point + scale * z`` (unweighted)."""
        return self.point + self.scale * self.z

    def ensemble(self, m: int = 199) -> np.ndarray:
        """``m`` quantiles at ``(k + 0.5)/m``, held at the outermost reference error beyond the
        known positions: the distribution as an ensemble for the CRPS (every calibration alike)."""
        grid = (np.arange(m) + 0.5) / m
        return self.point + self.scale * np.interp(grid, self._positions(), self.z)

    def to_dict(self) -> dict:
        from hatinh_analysis.models.base import json_clean

        return json_clean({"point": self.point, "scale": self.scale, "n_reference": self.n,
                           "ok": self.ok, "calibration": self.how, "median": self.mean, "reference": self.reference,
                           "intervals": {f"{round(lv * 100)}%": list(iv) for lv, iv in self.fan().items()},
                           "notes": self.notes})


def _date_end(value) -> str:
    from hatinh_analysis.data.schema import parse_as_of

    return parse_as_of(value)[1].isoformat()


def reference_errors(table: pd.DataFrame, *, horizon: int, upto_year: int, as_of=None,
                     exclude_unit: str | None = None, exclude_series: str | None = None,
                     method: str = "combined") -> pd.DataFrame:
    """The rows of the scoreboard that may calibrate a forecast (no look-ahead).

    When to use
        To see (or plot) the reference class of a check: errors of ``method``
        at ``horizon`` for outcome years ``<= upto_year`` whose every figure -
        the training data, the outside view's panel and the outcome - was
        published by ``as_of``; other provinces only.

    Parameters
    ----------
    as_of : str or date, optional
        The check's date (``series.attrs["as_of"]``); a row counts only when its
        ``published`` date (the latest publication among the figures it used) is
        on or before it. None: no date limit (the check uses the data as now).
    exclude_unit, exclude_series : str, optional
        A province (all its series) or one series (``"unit:indicator"``) left out.

    Returns
    -------
    DataFrame
        The scoreboard rows with a column ``z`` = (actual - forecast) / scale.
    """
    t = table
    keep = (t["method"] == method) & (t["horizon"] == int(horizon)) & (t["year"] <= int(upto_year))
    keep &= np.isfinite(t["forecast"]) & np.isfinite(t["actual"]) & (t["scale"] > 0)
    if as_of is not None:
        if "published" not in t.columns:
            raise KeyError("the scoreboard table has no 'published' column, so as_of cannot be "
                           f"applied; rebuild it with `{REBUILD_COMMAND}`")
        keep &= t["published"].astype(str) <= _date_end(as_of)
    if exclude_unit is not None and str(exclude_unit) != "vietnam":
        keep &= t["unit"] != exclude_unit
    if exclude_series is not None:
        keep &= t["series"] != exclude_series
    out = t.loc[keep].copy()
    out["z"] = (out["actual"] - out["forecast"]) / out["scale"]
    return out


def _year_effects(z: np.ndarray, years: np.ndarray):
    """Variance components of the normalised errors, one random effect per outcome year
    (statsmodels MixedLM, REML): ``z_iy = mu + u_y + e_iy``."""
    import warnings

    import statsmodels.api as sm

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = sm.MixedLM(z, np.ones((len(z), 1)), groups=years).fit(reml=True)
    mu = float(res.fe_params[0])
    var_u = max(float(np.asarray(res.cov_re)[0, 0]), 0.0)
    var_e = float(res.scale)
    # Var of the GLS mean, 1 / sum_j n_j / (n_j var_u + var_e), from the components (the
    # fitted covariance is singular when var_u sits at the boundary 0)
    labels, inv, n_j = np.unique(years, return_inverse=True, return_counts=True)
    var_mu = 1.0 / float(np.sum(n_j / (n_j * var_u + var_e)))
    # BLUP of each year's effect, n var_u / (n var_u + var_e) * (mean_j - mu): the one-way
    # formula (statsmodels refuses it when var_u sits at 0, where it is 0)
    means = np.bincount(inv, weights=z) / n_j
    shrink = n_j * var_u / (n_j * var_u + var_e)
    blup = {lab: float(k * (m - mu)) for lab, k, m in zip(labels, shrink, means)}
    return mu, var_u, var_e, var_mu, blup


def distribution(z, years, scales, *, how: str = "pooled", scale: float | None = None):
    """The normalised predictive distribution of one calibration, as sorted values and
    their cumulative probabilities (see `calibrate` for the methods).

    When to use
        Through `calibrate`; directly to compare the calibrations on one reference set.

    Returns
    -------
    (z, pos, info)
        Sorted values, their positions, and what the method estimated.
    """
    z = np.asarray(z, dtype=float)
    years = np.asarray(years)
    order = np.argsort(z, kind="mergesort")
    zs = z[order]
    n = len(z)
    if how == "pooled":
        return zs, np.arange(1, n + 1) / (n + 1), {}
    if how == "year_blocks":
        _, inv, counts = np.unique(years, return_inverse=True, return_counts=True)
        w = (1.0 / counts[inv])[order]
        return zs, np.cumsum(w) / (len(counts) + 1.0), {"n_years": int(len(counts))}
    if how == "similar":
        if scale is None or not scale > 0:
            raise ValueError("similar: the new forecast's scale is needed")
        d = np.log(np.asarray(scales, dtype=float) / float(scale)) / math.log(SIMILAR_SCALE_FACTOR)
        w = np.exp(-0.5 * d * d)[order]
        return zs, np.cumsum(w) / (w.sum() + 1.0), {"effective_n": float(w.sum() ** 2 / (w @ w))}
    if how == "year_effects":
        from scipy import stats

        J = len(np.unique(years))
        mu, var_u, var_e, var_mu, _ = _year_effects(z, years)
        sd = math.sqrt(var_u + var_e + var_mu)
        q = mu + sd * stats.t.ppf(_FINE, df=max(J - 1, 1))
        return q, _FINE.copy(), {"mu": mu, "var_between_years": var_u, "var_within_year": var_e,
                                 "var_mu": var_mu, "n_years": int(J), "sd": sd}
    if how == "year_mix":
        from scipy import stats

        J = len(np.unique(years))
        mu, var_u, var_e, var_mu, blup = _year_effects(z, years)
        resid = z - mu - np.array([blup.get(y, 0.0) for y in years])
        u = math.sqrt(var_u + var_mu) * stats.norm.ppf((np.arange(_MIX_K) + 0.5) / _MIX_K)
        zz = np.sort((mu + u[:, None] + resid[None, :]).ravel())
        return zz, np.arange(1, len(zz) + 1) / (len(zz) + 1), {
            "mu": mu, "var_between_years": var_u, "var_within_year": var_e, "var_mu": var_mu,
            "n_years": int(J)}
    raise ValueError(f"calibration must be one of {', '.join(CALIBRATIONS)}, got {how!r}")


def calibrate(point: float, scale: float, *, target_year: int, horizon: int, upto_year: int,
              exclude_unit: str | None = None, table: pd.DataFrame | None = None, as_of=None,
              exclude_series: str | None = None, how: str | None = None) -> CalibratedForecast:
    """Calibrated predictive distribution of a combined forecast (see module doc).

    When to use
        After `hatinh_analysis.combination.run_ensemble`, to turn its point
        forecast into an honest interval and chance of reaching a target;
        `hatinh_analysis.check_target` does this for you.

    Methods (``how``; the scoreboard compares them out of sample, and the committed
    table names the one it chose, ``table_info()["settings"]["calibration"]``)

    * ``"pooled"`` - split conformal over the pooled rows (module doc).
    * ``"year_blocks"`` - weighted conformal with *years* as the exchangeable
      units: each outcome year has weight 1 shared by its rows, the new forecast
      is a new year of weight 1, so the positions are ``C_i / (J + 1)`` over ``J``
      years (Tibshirani, Barber, Candès & Ramdas 2019, weighted conformal; Barber
      et al. 2023, *Ann. Statist.* 51, 816-845). An 80 % range needs 9 years, a
      95 % range 39.
    * ``"year_effects"`` - variance components ``z = mu + u_year + e`` by REML
      (statsmodels ``MixedLM``; errors of one year share a national shock): the
      new year's error is ``mu + t_{J-1} * sqrt(var_between + var_within + var(mu))``.
    * ``"year_mix"`` - the same variance components, but only the year effect is
      taken as normal: the new error is ``mu + u + r`` with ``u ~ N(0, var_between +
      var(mu))`` and ``r`` drawn from the empirical within-year residuals
      ``z - mu - BLUP(year)`` (heavy tails kept; 25 normal quantiles for ``u``).
    * ``"similar"`` - weighted conformal with weights ``exp(-d^2 / 2)``,
      ``d = log(s_i / s) / log 2``: reference series of a similar scale (typical
      annual change) count more; the new forecast has weight 1.

    Parameters
    ----------
    point, scale : float
        Combined point forecast and the series' scale (`series_scale`).
    target_year, horizon : int
        The year forecast and its distance from the last observed year.
    upto_year : int
        Last outcome year the reference errors may come from (the check's last
        observed year: no look-ahead).
    exclude_unit, exclude_series : str, optional
        Province or series left out of the reference class (the one being checked).
    table : DataFrame, optional
        Scoreboard rows (default: the committed table, `load_table`).
    as_of : str or date, optional
        Only errors whose figures were all published by then (`reference_errors`).
    how : str, optional
        One of `CALIBRATIONS`; default the one the committed scoreboard chose.
    """
    tab = active_table()[0] if table is None else table
    how = how or chosen_calibration()
    if how not in CALIBRATIONS:
        raise ValueError(f"how must be one of {', '.join(CALIBRATIONS)}, got {how!r}")
    ref = reference_errors(tab, horizon=horizon, upto_year=upto_year, exclude_unit=exclude_unit,
                           as_of=as_of, exclude_series=exclude_series)
    info = {"horizon": int(horizon), "upto_year": int(upto_year), "excluded_unit": exclude_unit,
            "as_of": None if as_of is None else str(as_of)}
    return calibrate_from(ref, point, scale, target_year=target_year, how=how, info=info)


def calibrate_from(ref: pd.DataFrame, point: float, scale: float, *, target_year: int,
                   how: str = "pooled", info: dict | None = None, cache: dict | None = None
                   ) -> CalibratedForecast:
    """`calibrate` on reference errors already chosen (`reference_errors`).

    When to use
        To calibrate many forecasts that share one reference class (the scoreboard):
        ``cache`` (a dict) keeps the fitted distribution of methods that do not depend
        on the forecast's scale, keyed by the caller's ``info["key"]``.
    """
    info = dict(info or {})
    key = info.pop("key", None)
    notes = []
    n = len(ref)
    info.update({"n": int(n), "n_series": int(ref["series"].nunique()),
                 "years": sorted(int(y) for y in ref["year"].unique()), "calibration": how})
    if "published" in ref.columns and n:
        info["latest_published"] = str(ref["published"].max())
    if n < MIN_REFERENCE:
        notes.append(Note("only %(n)d reference errors at horizon %(horizon)d for outcomes up to "
                          "%(year)d (needs %(need)d): no calibrated distribution",
                          n=int(n), horizon=int(info.get("horizon", 0)),
                          year=int(info.get("upto_year", 0)), need=MIN_REFERENCE))
        return CalibratedForecast(float(point), float(scale), np.sort(ref["z"].to_numpy(dtype=float)),
                                  int(target_year), info, notes, n_reference=n, how=how)
    if how in ("year_effects", "year_mix") and len(info["years"]) < MIN_YEARS:
        notes.append(Note("the reference errors come from %(n)d outcome years (needs %(need)d): no "
                          "calibrated distribution", n=len(info["years"]), need=MIN_YEARS))
        return CalibratedForecast(float(point), float(scale), np.array([]), int(target_year), info,
                                  notes, n_reference=0, how=how)
    ck = None if cache is None or key is None or how == "similar" else (key, how)
    if ck is not None and ck in cache:
        zq, pos, extra = cache[ck]
    else:
        zq, pos, extra = distribution(ref["z"].to_numpy(dtype=float), ref["year"].to_numpy(),
                                      ref["scale"].to_numpy(dtype=float), how=how, scale=scale)
        if ck is not None:
            cache[ck] = (zq, pos, extra)
    info.update(extra)
    return CalibratedForecast(float(point), float(scale), zq, int(target_year), info, notes,
                              pos=pos if how in ("year_blocks", "similar", "year_effects") else None,
                              n_reference=n, how=how)


def coverage_record(table: pd.DataFrame, *, horizon: int, level: float, as_of=None,
                    upto_year: int | None = None, method: str = "calibrated") -> dict:
    """The scoreboard's record of ``method``'s central ``level`` ranges at ``horizon``,
    counting only forecasts whose outcome was published by ``as_of`` (and whose year is
    ``<= upto_year``): what the printing rule may know on that date.

    When to use
        Before printing a calibrated chance (`hatinh_analysis.target.probability_printable`
        reads this record); `check_target` does it with the check's ``as_of``.

    Returns
    -------
    dict
        ``level, hits, n, coverage, wilson`` (95 % band) and ``word``
        (`coverage_word`); only ``word = "not scored"`` when the level is not one of
        50/80/95 % or no forecast qualifies.
    """
    cols = {0.5: ("q25", "q75"), 0.8: ("q10", "q90"), 0.95: ("q025", "q975")}
    lv = round(float(level), 4)
    if lv not in cols:
        return {"word": "not scored"}  # a level the scoreboard does not score (50/80/95%)
    t = table
    keep = (t["method"] == method) & (t["horizon"] == int(horizon))
    if as_of is not None:
        keep &= t["published"].astype(str) <= _date_end(as_of)
    if upto_year is not None:
        keep &= t["year"] <= int(upto_year)
    d = t.loc[keep]
    if d.empty:
        return {"word": "not scored", "n": 0}
    lo, hi = cols[lv]
    y = d["actual"].to_numpy(dtype=float)
    hits = int(((d[lo].to_numpy(dtype=float) <= y) & (y <= d[hi].to_numpy(dtype=float))).sum())
    n = len(d)
    return {"level": float(level), "hits": hits, "n": n, "coverage": hits / n,
            "wilson": list(wilson(hits, n)), "word": coverage_word(hits, n, float(level)),
            "as_of": None if as_of is None else str(as_of),
            "outcome_years": sorted(int(x) for x in d["year"].unique())}


def similar_records(panel: pd.DataFrame, recent: float, *, upto_year: int, window: int = 3,
                    band: float = 5.0) -> pd.DataFrame:
    """The outside view as data: every province-year whose previous ``window`` years had a
    median growth within ``band`` points of ``recent``, with the growth that followed.

    When to use
        To draw "all provinces, one year ahead, from a similar recent record" next to
        a province's own forecast (`hatinh_analysis.plots.reference_chart`); the
        reference-class forecasting of Kahneman & Lovallo (1993) / Flyvbjerg (2006).

    Returns
    -------
    DataFrame
        ``unit, year, recent, outcome`` for outcome years ``<= upto_year``.
    """
    if panel is None or panel.empty:
        return pd.DataFrame(columns=["unit", "year", "recent", "outcome"])
    wide = panel.pivot_table(index="year", columns="unit", values="growth")
    wide = wide.reindex(range(int(wide.index.min()), int(wide.index.max()) + 1))
    past = wide.shift(1).rolling(window, min_periods=window).median()
    long = pd.DataFrame({"recent": past.stack(), "outcome": wide.stack()}).dropna().reset_index()
    long.columns = ["year", "unit", "recent", "outcome"]
    keep = (long["year"] <= upto_year) & ((long["recent"] - recent).abs() <= band)
    return long.loc[keep, ["unit", "year", "recent", "outcome"]].reset_index(drop=True)


@functools.lru_cache(maxsize=2)
def _read(path: str, stamp):
    return pd.read_csv(path, dtype={"unit": str, "indicator": str, "series": str, "method": str,
                                    "mode": str, "actual_status": str, "made": str, "published": str,
                                    "ref_class": str})


def load_table(path=None) -> pd.DataFrame:
    """The committed scoreboard rows (cached per process; a copy is not made — do not edit).

    When to use
        To read the scoreboard rows that calibrate checks (fast, cached); for scores use `hatinh_analysis.evaluation.load_scoreboard`.

    Raises
    ------
    FileNotFoundError
        With the rebuild command, when the table is missing.
    """
    p = Path(path) if path is not None else TABLE_PATH
    if not p.exists():
        raise FileNotFoundError(f"{p}: scoreboard table missing; build it with `{REBUILD_COMMAND}`")
    st = p.stat()
    return _read(str(p), (st.st_mtime_ns, st.st_size))


def table_info(path=None) -> dict:
    """Metadata of the committed table: data fingerprint, settings, per-method summary,
    and ``current`` (whether it matches the data in use).

    When to use
        To report which data the calibration was learned from, and whether it must be rebuilt.
    """
    p = Path(path) if path is not None else META_PATH
    if not p.exists():
        raise FileNotFoundError(f"{p}: scoreboard metadata missing; build it with `{REBUILD_COMMAND}`")
    meta = json.loads(p.read_text(encoding="utf-8"))
    try:
        from hatinh_analysis.data.store import data_fingerprint

        meta["current"] = meta.get("settings", {}).get("data_fingerprint") == data_fingerprint()
    except Exception:  # noqa: BLE001 - no data directory: the table is still usable
        meta["current"] = False
    return meta


def chosen_calibration(path=None) -> str:
    """The calibration the committed scoreboard chose (`CALIBRATIONS`; ``"pooled"`` when
    the metadata names none).

    When to use
        To know which method `calibrate` and `check_target` use by default; the
        choice and its reason are ``table_info()["settings"]["calibration"/"calibration_reason"]``.
    """
    p = Path(path) if path is not None else META_PATH
    if not p.exists():
        return "pooled"
    st = p.stat()
    return _chosen(str(p), (st.st_mtime_ns, st.st_size))


@functools.lru_cache(maxsize=2)
def _chosen(path: str, stamp) -> str:
    how = json.loads(Path(path).read_text(encoding="utf-8")).get("settings", {}).get("calibration")
    return how if how in CALIBRATIONS else "pooled"


def cache_paths(fingerprint: str) -> tuple[Path, Path]:
    """Where a table built for data with this fingerprint is cached (csv, json).

    When to use
        To find or remove tables built with ``python -m hatinh_analysis.evaluation build --cache``.
    """
    base = Path(os.environ.get("HATINH_CACHE_DIR") or Path.home() / ".cache" / "hatinh_analysis")
    return base / f"scoreboard-{fingerprint}.csv", base / f"scoreboard-{fingerprint}.json"


def active_table() -> tuple[pd.DataFrame, dict]:
    """The scoreboard table that matches the data in use, and its metadata.

    When to use
        Whenever a check is calibrated (`calibrate` and `check_target` do it): the
        committed table when its fingerprint matches the data, else a cached table
        for this data's fingerprint, else the committed one with ``current = False``.
    """
    info = table_info()
    if info.get("current"):
        return load_table(), info
    try:
        from hatinh_analysis.data.store import data_fingerprint

        csv, meta = cache_paths(data_fingerprint())
    except Exception:  # noqa: BLE001 - no data directory: the committed table it is
        return load_table(), info
    if csv.exists() and meta.exists():
        cached = json.loads(meta.read_text(encoding="utf-8"))
        cached["current"] = True
        cached["path"] = str(csv)
        return load_table(csv), cached
    return load_table(), info
