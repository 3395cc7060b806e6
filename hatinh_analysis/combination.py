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

from hatinh_analysis.breaks import SHOCK_SCALE_FLOOR, SHOCK_THRESHOLD, Shocks, detect_shocks
from hatinh_analysis.notes import Note
from hatinh_analysis.forecast_cache import disk_cached
from hatinh_analysis.models import FAMILIES, model_family, resolve_models
from hatinh_analysis.models.base import Forecast, Predictive, Prepared, fmt_years, prepare
from hatinh_analysis.models.pooled import pooled_forecast

__all__ = ["Ensemble", "run_ensemble", "combine_point", "load_panel", "pool_for", "series_scale",
           "predictive_sd", "shock_scale_floor", "industry_panel", "MIN_YEARS_AFTER_SHOCKS", "MIN_FLOOR_SERIES"]

#: Flagged years are only left out when at least this many years remain.
MIN_YEARS_AFTER_SHOCKS = 5
#: A panel gives the shock detector's scale floor only with this many series of >= 3 years.
MIN_FLOOR_SERIES = 5


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


def shock_scale_floor(panel: pd.DataFrame | None, upto_year: int | None = None) -> tuple[float, str]:
    """Floor of the shock detector's robust scale: the typical year-to-year change of
    comparable series (`hatinh_analysis.breaks.detect_shocks`).

    When to use
        Before `detect_shocks` on a series that has a panel of comparable series
        (`run_ensemble` does it): the floor keeps ordinary years of a calm series
        from being flagged.

    The median, over the panel's series with at least 3 years up to ``upto_year``,
    of each series' `series_scale` (median absolute annual change) — each series
    counts once, however long. Fewer than `MIN_FLOOR_SERIES` such series (or no
    panel): `hatinh_analysis.breaks.SHOCK_SCALE_FLOOR`, the same statistic of the
    shipped provincial panel.

    Returns
    -------
    (floor, source)
        Points, and where the floor comes from in words.
    """
    if panel is not None and len(panel):
        p = panel if upto_year is None else panel[panel["year"] <= int(upto_year)]
        p = p.sort_values(["unit", "year"])
        scales = [series_scale(g.to_numpy()) for _, g in p.groupby("unit")["growth"] if len(g) >= 3]
        if len(scales) >= MIN_FLOOR_SERIES:
            return float(np.median(scales)), (f"median typical annual change of {len(scales)} "
                                              "comparable series")
    return SHOCK_SCALE_FLOOR, "typical annual change of the shipped provincial panel"


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
    shock_note : Note
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
    shock_note: Note
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
                 pool=None, shock_floor: float | None = None) -> Ensemble:
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
    shock_floor : float, optional
        Floor of the shock detector's robust scale; default `shock_scale_floor` of
        ``panel`` (an industry's check passes the industries' floor, `industry_panel`).
    """
    base = prepare(series, target_year, exclude_years, break_years, start_year)
    shock_res, auto = None, ()
    note = Note("one-off shock detection turned off (shocks=False)")
    if shocks:
        floor = (shock_floor if shock_floor is not None else
                 shock_scale_floor(panel, int(base.series.index[-1]))[0])
        shock_res = detect_shocks(base.series, shock_threshold, exclude_years=base.excluded,
                                  scale_floor=floor)
        flagged = tuple(y for y in shock_res.years if y not in base.excluded)
        reasons = tuple(shock_res.reason(y) for y in flagged)
        if not shock_res.ok:
            note = Note("no shock detection: %(notes)s", notes=tuple(shock_res.notes))
        elif not flagged:
            note = Note("no year flagged as a one-off shock (rule: %(rule)s)", rule=shock_res.rule)
        elif base.breaks:
            note = Note("flagged %(years)s (%(reasons)s) but kept: the break in %(breaks)s models "
                        "a lasting shift instead", years=fmt_years(flagged), reasons=reasons,
                        breaks=fmt_years(base.breaks))
        elif len(base.used) - len(flagged) < MIN_YEARS_AFTER_SHOCKS:
            note = Note("flagged %(years)s but kept: leaving them out would leave fewer than "
                        "%(num)d years", years=fmt_years(flagged), num=MIN_YEARS_AFTER_SHOCKS)
        else:
            auto = flagged
            note = Note("flagged as one-off shocks and left out of every fit: %(reasons)s (rule: "
                        "%(rule)s; pass shocks=False to keep them, or break_years for a lasting "
                        "shift)", reasons=reasons, rule=shock_res.rule)
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
        plugin.set_normal(point, float(np.mean(np.square(sds))), spec=Note("equal weights over families"),
                          aicc=float("nan"), params={"families": {k: v["forecast"] for k, v in fams.items()}})
        plugin.notes.append(Note("plug-in interval: normal with the members' average variance "
                               "(for comparison only; not calibrated)"))
    return Ensemble(prep=prep, shocks=shock_res, shock_years=auto, shock_note=note,
                    forecasts=forecasts, families=fams, point=point, plugin=plugin,
                    scale=series_scale(prep.used.to_numpy()))


def _published_end(text) -> str:
    """A publication date as the ISO date it is known by (a partial date: its period's end)."""
    from hatinh_analysis.data.schema import parse_date_text

    d = parse_date_text(str(text)) if text else None
    return d.isoformat() if d is not None else ""


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
        pub = s.attrs.get("published", {})
        frames.append(pd.DataFrame({"unit": u, "year": s.index.to_numpy(), "growth": s.to_numpy(),
                                    "published": [_published_end(pub.get(int(y))) for y in s.index]}))
    panel = pd.concat(frames, ignore_index=True) if frames else None
    return panel, national


@functools.lru_cache(maxsize=32)
def _industry_panel_cached(as_of, fingerprint: str):
    from hatinh_analysis.data import vocab
    from hatinh_analysis.data.errors import DataError
    from hatinh_analysis.data.store import load_series

    frames = []
    for code in vocab.INDUSTRIES:
        try:
            s = load_series("iip", "vietnam", as_of=as_of, industry=code)
        except DataError:  # an industry without figures (yet)
            continue
        pub = s.attrs.get("published", {})
        frames.append(pd.DataFrame({"unit": code, "year": s.index.to_numpy(), "growth": s.to_numpy(),
                                    "published": [_published_end(pub.get(int(y))) for y in s.index]}))
    return pd.concat(frames, ignore_index=True) if frames else None


def industry_panel(as_of=None) -> pd.DataFrame | None:
    """Every industry's annual IIP growth (sections and divisions), as known on ``as_of``.

    When to use
        For the comparable series of an industry's check: the shock detector's floor
        (`shock_scale_floor`). Cached per process by ``as_of`` and the data fingerprint.

    Returns
    -------
    DataFrame ``unit`` (the VSIC code), ``year``, ``growth``, ``published``; None without figures.
    """
    from hatinh_analysis.data.store import data_fingerprint

    p = _industry_panel_cached(None if as_of is None else str(as_of), data_fingerprint())
    return None if p is None else p.copy()


def load_panel(indicator: str = "iip", as_of=None):
    """Every province's growth series and the national one, as known on ``as_of``.

    When to use
        To give `run_ensemble` (or the outside view) its reference class.
        Cached per process by indicator, ``as_of`` and the data fingerprint.

    Returns
    -------
    (panel, national)
        ``panel``: DataFrame ``unit, year, growth, published`` (provinces only, or None;
        ``published`` the ISO date each figure is known by);
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
