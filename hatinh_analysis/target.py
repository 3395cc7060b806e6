"""Is a growth target consistent with recent years?

`check_target` puts a growth target (a number or a range, in %) against the
predictive distributions of several simple models estimated on the realised
annual growth rates, and against the record itself.

Per model it reports the point forecast, the central prediction interval, the
probability of reaching the target, the target's percentile in the predictive
distribution and a verdict:

* ``consistent``   — the target lies inside the interval (a range target: it
  overlaps the interval);
* ``ambitious``    — the target lies above the upper bound;
* ``conservative`` — the target lies below the lower bound.

Combined verdict rule
    The verdict shared by a **strict majority** of the usable models (more than
    half of them). Without a strict majority the combined verdict is
    ``"mixed"`` and the summary lists the split. AICc is *not* used to pick a
    winner: the models' likelihoods cover different data (log vs. % scale,
    diffuse initial states, conditioning) and are not comparable across
    families, and with n ≈ 12 an AICc-best model is itself very uncertain.

Importing this module is cheap (numpy/pandas only); the models load
statsmodels/scipy when they are used.
"""
from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from hatinh_analysis.models import resolve_models
from hatinh_analysis.models.base import (Forecast, ModelError, as_growth_series, check_level,
                                         fmt_years, json_clean, prepare)

__all__ = ["check_target", "TargetCheck", "combine_verdicts", "VERDICTS", "COMBINED_RULE"]

VERDICTS = ("consistent", "ambitious", "conservative")
COMBINED_RULE = ("the verdict shared by a strict majority (more than half) of the usable models; "
                 "'mixed' when no verdict has a majority")


def _pct(x: float, signed: bool = True) -> str:
    if x is None or not math.isfinite(x):
        return "n/a"
    return f"{x:+.2f}%" if signed else f"{x:.2f}%"


def _province_name(pid) -> str | None:
    """Display name of a province id (``ha_tinh`` -> ``Hà Tĩnh``) when the data
    layer's vocabulary is available; otherwise the id itself."""
    if not pid:
        return None
    try:
        from hatinh_analysis.data import vocab

        return vocab.PROVINCES.get(pid, pid) if isinstance(vocab.PROVINCES, dict) else pid
    except Exception:  # the data layer is optional for the engine
        return str(pid)


def _check_target_value(target) -> tuple[float | None, float | None, float | None]:
    """Returns (point, low, high); exactly one of point / (low, high) is set."""
    def num(v, what):
        if isinstance(v, bool) or not isinstance(v, numbers.Real) or not math.isfinite(float(v)):
            raise ModelError(f"target: {what} must be a finite number (growth in %), got {v!r}")
        if float(v) <= -100:
            raise ModelError(f"target: {what} must be above -100%, got {v!r}")
        return float(v)

    if isinstance(target, (list, tuple, np.ndarray)):
        if len(target) != 2:
            raise ModelError(f"target: a range must be (low, high), got {target!r}")
        low, high = num(target[0], "low"), num(target[1], "high")
        if not low < high:
            raise ModelError(f"target: range needs low < high, got ({low:g}, {high:g}); "
                             "give a single number for a point target")
        return None, low, high
    return num(target, "target"), None, None


def _verdict(lo: float, hi: float, point, low, high) -> str | None:
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return None
    if point is not None:
        if point > hi:
            return "ambitious"
        if point < lo:
            return "conservative"
        return "consistent"
    if low > hi:
        return "ambitious"
    if high < lo:
        return "conservative"
    return "consistent"


def combine_verdicts(verdicts) -> tuple[str, dict]:
    """Combined verdict of the usable models' verdicts (see `COMBINED_RULE`).

    Returns ``(verdict, counts)``: the verdict held by more than half of the
    models, else ``"mixed"``; ``counts`` = {verdict: number of models}.

    >>> combine_verdicts(["consistent", "consistent", "ambitious"])[0]
    'consistent'
    >>> combine_verdicts(["consistent", "ambitious"])[0]
    'mixed'
    """
    verdicts = [v for v in verdicts if v is not None]
    bad = [v for v in verdicts if v not in VERDICTS]
    if bad:
        raise ModelError(f"unknown verdict(s) {bad}; valid: {', '.join(VERDICTS)}")
    if not verdicts:
        raise ModelError("no usable model verdicts to combine")
    counts = {v: sum(1 for x in verdicts if x == v) for v in VERDICTS}
    top = max(VERDICTS, key=lambda v: counts[v])
    return (top if counts[top] * 2 > len(verdicts) else "mixed"), counts


def _history(values: pd.Series, point, low, high) -> dict:
    v = values.to_numpy(dtype=float)
    ref = point if point is not None else (low + high) / 2.0
    if point is not None:
        below, above = int(np.sum(v < point)), int(np.sum(v > point))
        within = int(np.sum(v == point))
    else:
        below, above = int(np.sum(v < low)), int(np.sum(v > high))
        within = len(v) - below - above
    n_less, n_eq = int(np.sum(v < ref)), int(np.sum(v == ref))
    return {
        "n": len(v),
        "years": [int(y) for y in values.index],
        "first_year": int(values.index[0]),
        "last_year": int(values.index[-1]),
        "min": float(v.min()), "median": float(np.median(v)), "max": float(v.max()),
        "mean": float(v.mean()),
        "reference": ref,
        "reference_is_midpoint": point is None,
        # mid-rank percentile: share of years below, ties counted half
        "percentile": 100.0 * (n_less + 0.5 * n_eq) / len(v),
        "n_below": below,
        "n_above": above,
        "n_within" if point is None else "n_equal": within,
    }


@dataclass
class TargetCheck:
    """Result of `check_target`.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per model: model, spec, n_obs, forecast, lower, upper, prob_reach,
        target_percentile, verdict, aicc, notes (NaN / None where not usable).
    summary : str
        Plain-language sentences, including the combined verdict and its rule.
    verdict : str
        Combined verdict: "consistent", "ambitious", "conservative" or "mixed".
    verdict_rule : str
        The rule that produced ``verdict``.
    history : dict
        Where the target sits among the realised growth rates used.
    forecasts : dict
        ``{model: Forecast}`` (e.g. for fan charts: ``fc.interval(0.5/0.8/0.95)``).
    series : pandas.Series
        The growth rates used for estimation (exclusions removed).
    excluded : pandas.Series
        The observations left out with ``exclude_years`` (for plotting).
    target, target_year, level, exclude_years, break_years, start_year
        The inputs, validated.
    """

    table: pd.DataFrame
    summary: str
    verdict: str
    verdict_rule: str
    history: dict
    forecasts: dict
    series: pd.Series
    excluded: pd.Series
    target: float | tuple
    target_year: int
    level: float
    exclude_years: tuple = ()
    break_years: tuple = ()
    start_year: int | None = None
    counts: dict = field(default_factory=dict)

    @property
    def is_range(self) -> bool:
        return isinstance(self.target, tuple)

    def to_dict(self) -> dict:
        """JSON-serialisable dict (plain floats; NaN -> None)."""
        attrs = self.series.attrs or {}
        info = {k: attrs.get(k) for k in ("province", "indicator", "label", "unit", "basis",
                                          "as_of") if k in attrs}
        target = ({"low": self.target[0], "high": self.target[1]} if self.is_range
                  else self.target)
        table = self.table.astype(object).where(self.table.notna(), None)
        return json_clean({
            "target": target,
            "target_year": self.target_year,
            "level": self.level,
            "verdict": self.verdict,
            "verdict_rule": self.verdict_rule,
            "verdict_counts": self.counts,
            "summary": self.summary,
            "table": table.to_dict(orient="records"),
            "history": self.history,
            "series": {int(k): float(v) for k, v in self.series.items()},
            "excluded": {int(k): float(v) for k, v in self.excluded.items()},
            "series_info": info,
            "exclude_years": list(self.exclude_years),
            "break_years": list(self.break_years),
            "start_year": self.start_year,
            "forecasts": {k: fc.to_dict() for k, fc in self.forecasts.items()},
        })

    def __repr__(self) -> str:
        return f"TargetCheck(verdict={self.verdict!r})\n{self.summary}"


def check_target(series, target, target_year=None, models=None, level=0.8, exclude_years=(),
                 break_years=(), start_year=None) -> TargetCheck:
    """Check a growth target against the realised growth record and simple models.

    Parameters
    ----------
    series : pandas.Series
        Annual growth in % (8.5 = +8.5 %) indexed by int year, e.g. from
        ``load_series("iip")``. Missing years are simply absent.
    target : float or (float, float)
        Target growth in %, or a published range ``(low, high)`` such as
        "18-19 %".
    target_year : int, optional
        Default: last observed year + 1. Must be after the last observed year.
    models : str, Model or list, optional
        Model names from `hatinh_analysis.models.MODEL_NAMES` (default all) or
        model objects from `get_model` (e.g. ``get_model("linear_trend", hac=True)``).
    level : float, default 0.8
        Central prediction-interval level in (0, 1). 0.8 is the usual choice for
        planning questions with short series (FPP3 shows 80 % and 95 %); with
        n ≈ 12 a 95 % interval is wide enough to call almost anything consistent.
    exclude_years : iterable of int
        Observed years to leave out of estimation (e.g. a one-off plant start-up).
        Use when those years are not representative of the target year.
    break_years : iterable of int
        Years from which a persistent level shift is modelled (see each model
        for how); use when the shift is expected to persist into the target year.
    start_year : int, optional
        Ignore observations before this year.

    Returns
    -------
    TargetCheck

    Raises
    ------
    ValueError (`ModelError`)
        Invalid parameters (the message names the parameter), or no requested
        model can use the series (the message gives each model's reason).

    Notes
    -----
    ``prob_reach`` is P(growth >= target) for a number and P(low <= growth <=
    high) for a range. ``target_percentile`` is 100·P(growth <= target) — for a
    range, of its midpoint. Verdicts and the combined rule are described in the
    module docstring (`hatinh_analysis.target`).
    """
    level = check_level(level)
    point, low, high = _check_target_value(target)
    model_objs = resolve_models(models)
    clean = as_growth_series(series)
    prep = prepare(series, target_year, exclude_years, break_years, start_year, clean=clean)

    forecasts: dict[str, Forecast] = {}
    rows = []
    for m in model_objs:
        fc = m.forecast_prepared(prep)
        forecasts[m.key] = fc
        lo, hi = fc.interval(level)
        if fc.ok:
            prob = fc.sf(point) if point is not None else fc.prob_between(low, high)
            pctl = 100.0 * fc.cdf(point if point is not None else (low + high) / 2.0)
        else:
            prob = pctl = float("nan")
        notes = list(fc.notes)
        if point is None and fc.ok:
            notes.append("target_percentile uses the midpoint of the target range")
        rows.append({
            "model": m.key, "spec": fc.spec or None, "n_obs": fc.n_obs,
            "forecast": fc.mean, "lower": lo, "upper": hi,
            "prob_reach": float(prob), "target_percentile": float(pctl),
            "verdict": _verdict(lo, hi, point, low, high) if fc.ok else None,
            "aicc": fc.aicc, "notes": "; ".join(notes),
        })
    table = pd.DataFrame(rows, columns=["model", "spec", "n_obs", "forecast", "lower", "upper",
                                        "prob_reach", "target_percentile", "verdict", "aicc",
                                        "notes"])
    usable = table[table["verdict"].notna()]
    if usable.empty:
        reasons = "; ".join(f"{k}: {fc.notes[0] if fc.notes else 'not usable'}"
                            for k, fc in forecasts.items())
        raise ModelError(f"no model can use this series ({len(prep.used)} observations used): "
                         + reasons)
    combined, counts = combine_verdicts(usable["verdict"].tolist())

    hist = _history(prep.used, point, low, high)
    if prep.breaks:
        since = prep.used.loc[prep.used.index >= prep.breaks[-1]]
        hist["since_last_break"] = _history(since, point, low, high)
    tgt = (low, high) if point is None else point
    summary = _summary(prep, tgt, point, low, high, level, table, forecasts, hist, counts,
                       combined)
    return TargetCheck(table=table, summary=summary, verdict=combined,
                       verdict_rule=COMBINED_RULE, history=hist, forecasts=forecasts,
                       series=prep.used, excluded=prep.series.loc[list(prep.excluded)],
                       target=tgt, target_year=prep.target_year, level=level,
                       exclude_years=prep.excluded, break_years=prep.breaks,
                       start_year=None if start_year is None else int(start_year), counts=counts)


def _summary(prep, tgt, point, low, high, level, table, forecasts, hist, counts, combined) -> str:
    attrs = prep.series.attrs or {}
    what = attrs.get("label") or attrs.get("indicator") or prep.series.name
    where = _province_name(attrs.get("province"))
    subject = ", ".join(str(x) for x in (what, where) if x)
    ttxt = (f"{_pct(point)}" if point is not None else f"{_pct(low)} to {_pct(high)}")
    used = prep.used
    lv = f"{level * 100:g}%"
    out = [f"Target: growth of {ttxt} in {prep.target_year}" + (f" for {subject}" if subject else "")
           + f", checked against {len(used)} years of realised growth "
           f"({int(used.index[0])}-{int(used.index[-1])})."]
    statuses = attrs.get("statuses") or {}
    not_final = sorted(int(y) for y, st in statuses.items()
                       if st != "final" and int(y) in set(used.index.tolist()))
    if not_final:
        out.append(f"Not yet final (estimate or preliminary): {fmt_years(not_final)}.")
    if prep.excluded:
        out.append(f"Excluded from estimation: {fmt_years(prep.excluded)}.")
    if prep.missing:
        out.append(f"No published figure for {fmt_years(prep.missing)}.")
    if prep.breaks:
        out.append(f"A level shift from {fmt_years(prep.breaks)} is assumed to persist into "
                   f"{prep.target_year}.")
    ref = "The target" if point is not None else f"The target range (midpoint {_pct(hist['reference'])})"
    rel = (f"below {hist['n_above']} and above {hist['n_below']}" if point is not None
           else f"below {hist['n_above']}, overlapping {hist['n_within']} and above {hist['n_below']}")
    out.append(f"History: {ref} is {rel} of those {hist['n']} years' growth rates "
               f"(percentile {hist['percentile']:.0f}; median {_pct(hist['median'])}, "
               f"range {_pct(hist['min'])} to {_pct(hist['max'])}).")
    usable = table[table["verdict"].notna()]
    groups = []
    for v in VERDICTS:
        names = usable.loc[usable["verdict"] == v, "model"].tolist()
        if names:
            groups.append(f"{v} — {', '.join(names)}")
    out.append(f"Models ({lv} prediction intervals): " + "; ".join(groups) + ".")
    pr = usable[["model", "prob_reach"]].dropna()
    if len(pr):
        lo_r, hi_r = pr.loc[pr["prob_reach"].idxmin()], pr.loc[pr["prob_reach"].idxmax()]
        event = (f"at least {_pct(point)}" if point is not None else f"between {_pct(low)} and {_pct(high)}")
        if len(pr) == 1 or math.isclose(lo_r["prob_reach"], hi_r["prob_reach"], abs_tol=5e-3):
            out.append(f"Probability of growth {event}: {hi_r['prob_reach'] * 100:.0f}%.")
        else:
            out.append(f"Probability of growth {event}: from {lo_r['prob_reach'] * 100:.0f}% "
                       f"({lo_r['model']}) to {hi_r['prob_reach'] * 100:.0f}% ({hi_r['model']}).")
    n_use = len(usable)
    if combined == "mixed":
        split = ", ".join(f"{counts[v]} {v}" for v in VERDICTS if counts[v])
        out.append(f"Combined verdict: mixed — no verdict has a strict majority of the {n_use} "
                   f"usable models ({split}). Rule: {COMBINED_RULE}.")
    else:
        out.append(f"Combined verdict: {combined} — {counts[combined]} of {n_use} usable models "
                   f"agree. Rule: {COMBINED_RULE}.")
    bad = [(k, fc) for k, fc in forecasts.items() if not fc.ok]
    if bad:
        out.append("Not usable: " + "; ".join(
            f"{k} ({fc.notes[0] if fc.notes else 'no forecast'})" for k, fc in bad) + ".")
    plug = [k for k, fc in forecasts.items()
            if fc.ok and any("ignore parameter uncertainty" in n for n in fc.notes)]
    if plug:
        out.append(f"Caveat: the intervals of {', '.join(plug)} ignore parameter uncertainty and "
                   f"are too narrow for {len(used)} years; AICc values are not comparable across "
                   "models and are not used for the verdict.")
    if point is None:
        out.append("For the range target, target_percentile refers to its midpoint.")
    return " ".join(out)
