"""The forecast behind a target check: shock handling, the models, the outside view and
their equal-weight combination.

One function, `run_ensemble`, does for one series exactly what
`hatinh_analysis.check_target` does by default and what the scoreboard
(`hatinh_analysis.evaluation`) scores at every rolling origin — so the
calibration learned from the scoreboard fits the forecasts it is applied to.

Steps
    1. **One-off shocks** (`hatinh_analysis.breaks.detect_shocks`): years whose
       growth is more than 3.5 robust standard deviations from the median are
       left out of every fit (a pulse dummy per year), unless the user passes
       ``shocks=False`` or ``break_years`` (a level shift they expect to persist).
    2. **Members**: the trend models (`hatinh_analysis.models.MODEL_NAMES`) and
       the outside view (`hatinh_analysis.models.pooled`).
    3. **Combination**: the point forecasts are averaged with equal weights over
       *distinct families* (Makridakis, Spiliotis & Assimakopoulos 2020, M4:
       simple combinations of different methods beat the single best method):
       duplicates such as ETS(A,N,N) and ARIMA(0,1,1) — the same model — are
       first averaged into one member (`hatinh_analysis.models.model_family`).
       Degenerate fits are dropped inside the models (ARIMA at the invertibility
       boundary).

The combination's own *plug-in* interval (normal, average member variance) is
kept for comparison only; the interval a verdict uses is the calibrated one
(`hatinh_analysis.calibration`).
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from hatinh_analysis.breaks import SHOCK_THRESHOLD, Shocks, detect_shocks
from hatinh_analysis.forecast_cache import disk_cached
from hatinh_analysis.i18n import N_
from hatinh_analysis.models import FAMILIES, model_family, resolve_models
from hatinh_analysis.models.base import Forecast, Predictive, Prepared, fmt_years, prepare
from hatinh_analysis.models.pooled import pooled_forecast

__all__ = ["Ensemble", "run_ensemble", "combine_point", "load_panel", "pool_for", "series_scale",
           "predictive_sd", "MIN_YEARS_AFTER_SHOCKS"]

#: Flagged years are only left out when at least this many years remain.
MIN_YEARS_AFTER_SHOCKS = 5


def series_scale(values) -> float:
    """Typical year-to-year change of a growth series: median of ``|g_t - g_{t-1}|``
    over consecutive observed years, floored at 0.5 points.

    When to use
        To put forecast errors of different series on one scale before pooling them.

    The calibration divides forecast errors by it so that errors of a volatile
    province and of the steady national series can be pooled (scale-normalised
    conformal prediction; Lei et al. 2018, §5.2 "locally weighted" residuals). A
    median, not a mean, so one shock year does not set the scale. Needs 2 values.
    """
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    if len(v) < 2:
        return float("nan")
    return max(float(np.median(np.abs(np.diff(v)))), 0.5)


def predictive_sd(fc: Forecast) -> float:
    """Standard deviation of a forecast's predictive distribution (from its 16/84%
    quantiles, so it works for the back-transformed log-scale models too).

    When to use
        To compare the spread of forecasts whose distributions differ (normal, t, log-scale t).
    """
    if not fc.ok:
        return float("nan")
    lo, hi = fc.ppf([0.15865525393145707, 0.8413447460685429])
    return float(hi - lo) / 2.0


def combine_point(forecasts: dict) -> tuple[float, dict]:
    """Equal-weight combination of distinct families.

    When to use
        To combine forecasts of your own models the way the check does.

    Parameters
    ----------
    forecasts : dict
        ``{name: Forecast}``; unusable forecasts and naive benchmarks are ignored.

    Returns
    -------
    (point, families)
        ``families`` = ``{family: {"members": [...], "forecast": mean of the members}}``;
        ``point`` the mean over families (NaN when none is usable).
    """
    fam: dict[str, list] = {}
    for name, fc in forecasts.items():
        if not fc.ok:
            continue
        f = model_family(name, fc.spec)
        if f is None:
            continue
        fam.setdefault(f, []).append((name, fc.mean))
    out = {f: {"members": [n for n, _ in m], "forecast": float(np.mean([v for _, v in m]))}
           for f, m in fam.items()}
    point = float(np.mean([d["forecast"] for d in out.values()])) if out else float("nan")
    return point, out


@dataclass
class Ensemble:
    """Result of `run_ensemble`.

    Attributes
    ----------
    prep : Prepared
        The series as fitted (user exclusions and flagged shocks left out).
    shocks : Shocks or None
        What the detector found (None when ``shocks=False``).
    shock_years : tuple of int
        The flagged years actually left out of the fits.
    shock_note : str
        What was flagged, why, and what was done, in words.
    forecasts : dict
        ``{name: Forecast}`` for every member (usable or not).
    families : dict
        See `combine_point`.
    point : float
        The combined point forecast.
    plugin : Forecast
        The combination with a plug-in normal interval (average member variance).
    scale : float
        `series_scale` of the fitted years (the calibration's unit).
    """

    prep: Prepared
    shocks: Shocks | None
    shock_years: tuple
    shock_note: str
    forecasts: dict
    families: dict
    point: float
    plugin: Forecast
    scale: float
    notes: list = field(default_factory=list)


@disk_cached  # target-free: a batch over targets fits once (hatinh_analysis.forecast_cache)
def run_ensemble(series, target_year=None, *, models=None, exclude_years=(), break_years=(),
                 start_year=None, shocks: bool = True, shock_threshold: float = SHOCK_THRESHOLD,
                 outside_view: bool = True, unit: str | None = None, panel=None, national=None,
                 pool=None) -> Ensemble:
    """Fit the members and combine them (see module doc).

    When to use
        Directly only to inspect the members; `hatinh_analysis.check_target`
        adds the calibrated interval and the verdict.

    Parameters
    ----------
    series, target_year, models, exclude_years, break_years, start_year
        As in `hatinh_analysis.check_target`.
    shocks : bool, default True
        Detect one-off shocks and leave them out of the fits.
    shock_threshold : float
        Modified z-score cut-off (`hatinh_analysis.breaks.detect_shocks`).
    outside_view : bool, default True
        Include the pooled model (needs ``panel`` and ``national``).
    unit : str, optional
        Province id for the outside view (default ``series.attrs["province"]``).
    panel, national, pool
        The provinces' panel and national growth as known at the origin
        (`load_panel`), and an optional pre-fitted pool
        (`hatinh_analysis.models.pooled.fit_pool`).
    """
    base = prepare(series, target_year, exclude_years, break_years, start_year)
    shock_res, auto, note = None, (), "one-off shock detection turned off (shocks=False)"
    if shocks:
        shock_res = detect_shocks(base.series, shock_threshold, exclude_years=base.excluded)
        flagged = tuple(y for y in shock_res.years if y not in base.excluded)
        if not shock_res.ok:
            note = "no shock detection: " + "; ".join(shock_res.notes)
        elif not flagged:
            note = f"no year flagged as a one-off shock (rule: {shock_res.rule})"
        elif base.breaks:
            note = (f"flagged {fmt_years(flagged)} ({'; '.join(shock_res.reason(y) for y in flagged)})"
                    f" but kept: break_years={list(base.breaks)} models a lasting shift instead")
        elif len(base.used) - len(flagged) < MIN_YEARS_AFTER_SHOCKS:
            note = (f"flagged {fmt_years(flagged)} but kept: leaving them out would leave fewer "
                    f"than {MIN_YEARS_AFTER_SHOCKS} years")
        else:
            auto = flagged
            note = (f"flagged as one-off shocks and left out of every fit: "
                    + "; ".join(shock_res.reason(y) for y in flagged)
                    + f" (rule: {shock_res.rule}; pass shocks=False to keep them, or "
                      "break_years for a lasting shift)")
    prep = prepare(series, base.target_year, tuple(base.excluded) + auto, base.breaks, start_year) \
        if auto else base
    forecasts = {}
    for m in resolve_models(models):
        forecasts[m.key] = m.forecast_prepared(prep)
    if outside_view:
        unit = unit if unit is not None else (series.attrs or {}).get("province")
        forecasts["pooled"] = pooled_forecast(prep, unit, panel, national, pool)
    point, fams = combine_point(forecasts)
    plugin = Forecast(model="combined", target_year=prep.target_year, n_obs=len(prep.used),
                      years_used=tuple(int(y) for y in prep.used.index))
    sds = [predictive_sd(fc) for fc in forecasts.values() if fc.ok and model_family(fc.model, fc.spec)]
    if math.isfinite(point) and sds:
        plugin.set_normal(point, float(np.mean(np.square(sds))), spec=N_("equal weights over families"),
                          aicc=float("nan"), params={"families": {k: v["forecast"] for k, v in fams.items()}})
        plugin.notes.append(N_("plug-in interval: normal with the members' average variance "
                               "(for comparison only; not calibrated)"))
    return Ensemble(prep=prep, shocks=shock_res, shock_years=auto, shock_note=note,
                    forecasts=forecasts, families=fams, point=point, plugin=plugin,
                    scale=series_scale(prep.used.to_numpy()))


@functools.lru_cache(maxsize=16)
def _panel_cached(indicator: str, as_of, fingerprint: str):
    from hatinh_analysis.data.errors import DataError
    from hatinh_analysis.data.store import list_series, load_series

    have = list_series()
    units = have.loc[have["indicator"] == indicator, "province"].tolist()
    frames, national = [], None
    for u in units:
        try:
            s = load_series(indicator, u, as_of=as_of)
        except DataError:
            continue
        if u == "vietnam":
            national = s
            continue
        frames.append(pd.DataFrame({"unit": u, "year": s.index.to_numpy(), "growth": s.to_numpy()}))
    panel = pd.concat(frames, ignore_index=True) if frames else None
    return panel, national


def load_panel(indicator: str = "iip", as_of=None):
    """Every province's growth series and the national one, as known on ``as_of``.

    When to use
        To give `run_ensemble` (or the outside view) its reference class.
        Cached per process by indicator, ``as_of`` and the data fingerprint.

    Returns
    -------
    (panel, national)
        ``panel``: DataFrame ``unit, year, growth`` (provinces only, or None);
        ``national``: the ``vietnam`` Series (or None).
    """
    from hatinh_analysis.data.store import data_fingerprint

    panel, national = _panel_cached(indicator, None if as_of is None else str(as_of),
                                    data_fingerprint())
    return (None if panel is None else panel.copy()), (None if national is None else national.copy())


@functools.lru_cache(maxsize=32)
def _pool_cached(indicator: str, as_of, unit, origin: int, fingerprint: str):
    from hatinh_analysis.models.pooled import MIN_UNITS, fit_pool, gaps_frame

    panel, national = _panel_cached(indicator, as_of, fingerprint)
    if panel is None or national is None:
        return None
    others = panel[(panel["unit"] != unit) & (panel["year"] <= origin)]
    nat = national.loc[national.index <= origin]
    if len(nat) < 3:
        return None
    gaps = gaps_frame(others, nat)
    if gaps["unit"].nunique() < MIN_UNITS:
        return None
    return disk_cached(fit_pool)(gaps)


def pool_for(indicator: str, as_of, unit: str | None, origin: int):
    """The outside view's variance components for one province and origin, fitted on the
    *other* provinces as known on ``as_of`` (cached per process and data fingerprint).

    When to use
        Before `run_ensemble` when several checks share the province and origin (the
        report's sensitivity scenarios): the REML fit is then done once.
    """
    from hatinh_analysis.data.store import data_fingerprint

    return _pool_cached(indicator, None if as_of is None else str(as_of), unit, int(origin),
                        data_fingerprint())


FAMILY_LABELS = FAMILIES
