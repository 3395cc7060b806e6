"""Is a growth target within reach? A calibrated check.

`check_target` forecasts the target year with the combination of
`hatinh_analysis.combination` (one-off shocks left out, distinct model
families and the outside view of all provinces averaged with equal weights),
turns the combined forecast into a **calibrated** predictive distribution
(`hatinh_analysis.calibration`: the errors such forecasts really made, one
year ahead, across every series in the store) and reads the verdict from it.

Verdict rule (`VERDICT_RULE`; level ``L``, default 0.8)
    ``p`` = calibrated chance of reaching the target (for a range: of reaching
    its low end / its high end), ``a = (1 - L) / 2`` (0.10 by default):

    * **ambitious**   — ``p < a``: the target is above the calibrated ``L``
      interval;
    * **cautious**    — ``p > 1 - a``: the target is below it;
    * **plausible**   — in between, and the calibrated ``L`` interval is at
      most ``max_width`` points wide;
    * **too uncertain to judge** (code ``"uncertain"``) — in between, but the
      interval is wider than ``max_width``: by default the spread (10th to 90th
      percentile) of all provinces' annual growth up to the origin, i.e. the
      forecast says no more about this province than "growth of a province in
      a year"; also when no calibrated distribution exists (horizon beyond the
      scoreboard, too few reference errors).

The per-model rows of ``.table`` show each model's *plug-in* forecast,
interval and probability for comparison: those are not calibrated (the
scoreboard shows their coverage) and never decide the verdict. Probabilities
are printed with `format_probability`: never "0%" or "100%".

Importing this module is cheap (numpy/pandas only); the models load
statsmodels/scipy when they are used.

Size: about 700 lines, over the ~600 of the style rule, because one module owns the verdict
rule, the printing rule and the result object they fill (ARCHITECTURE: "one place owns each
rule"); half of it is docstrings. It says nothing in words: every text is a
`hatinh_analysis.notes.Note`, made text by `hatinh_analysis.i18n.say` where shown.
"""
from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from hatinh_analysis.i18n import format_pct
from hatinh_analysis.models.base import (ModelError, as_growth_series, check_level, fmt_years,
                                         json_clean)
from hatinh_analysis.notes import Code, Note

__all__ = ["check_target", "TargetCheck", "verdict_from", "format_probability", "VERDICTS",
           "VERDICT_RULE", "DEFAULT_MAX_WIDTH", "PRINTING_RULE", "CHANCE_CODES",
           "probability_printable", "verdict_caveat", "coverage_note", "direction_note"]

#: Verdict codes, in the order shown; their words are ``hatinh_analysis.i18n.TERMS["verdict"]``.
VERDICTS = ("ambitious", "plausible", "cautious", "uncertain")

#: Interval width (points) used when no panel gives the provinces' spread.
DEFAULT_MAX_WIDTH = 20.0
VERDICT_RULE = Note("calibrated chance p of reaching the target, a = (1 - level)/2: hard to reach "
                    "if p < a; likely to be exceeded if p > 1 - a; otherwise within reach, or too "
                    "uncertain to judge "
                    "when the calibrated interval is wider than the width limit (default: the "
                    "10th-90th percentile spread of all provinces' annual growth) or no calibrated "
                    "distribution exists")
#: When the calibrated chance is printed as a number (team rule: a probability is only
#: printed if a scoreboard shows it is calibrated).
PRINTING_RULE = Note("the calibrated chance is printed as a number only when the scoreboard's 95% "
                     "Wilson band for the calibrated method's coverage, at the check's level and "
                     "horizon and over the outcomes published by the check's as_of, contains that "
                     "level; otherwise it is withheld and the measured coverage is given instead")
#: Codes of the ``chance`` column of ``TargetCheck.table``: whether a row's chance may be
#: printed (``"printed"``), is withheld under `PRINTING_RULE` (``"withheld"``), is a model's
#: plug-in chance (``"not_calibrated"``, never printed) or does not exist (``"none"``).
CHANCE_CODES = ("printed", "withheld", "not_calibrated", "none")
COLUMNS = ["model", "family", "spec", "n_obs", "forecast", "lower", "upper", "prob_reach",
           "chance", "target_percentile", "verdict", "calibrated", "notes"]


def format_probability(p, lang: str | None = None) -> str:
    """A probability for print: ``"<1%"``, ``">99%"`` or whole percent; ``"–"`` for NaN.

    When to use
        Whenever a chance is printed (reports, notebooks, tables).

    Use for every printed chance: 0 % and 100 % are never true of a forecast.
    """
    if p is None or not isinstance(p, numbers.Real) or not math.isfinite(p):
        return "–"
    if p < 0.01:
        return "<" + format_pct(1, lang, decimals=0)
    if p > 0.99:
        return ">" + format_pct(99, lang, decimals=0)
    return format_pct(round(100 * p), lang, decimals=0)


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


def verdict_from(p_low: float, p_high: float, width: float, level: float, max_width: float) -> str:
    """The verdict rule (`VERDICT_RULE`) as a function.

    When to use
        To apply the verdict rule to your own probabilities (e.g. a scenario); `check_target` calls it for every row.

    Parameters
    ----------
    p_low, p_high : float
        Chance of reaching the target (point target: both the same; range: its
        low end and its high end). NaN: no calibrated distribution.
    width : float
        Width of the calibrated central ``level`` interval (points).
    level, max_width : float

    >>> verdict_from(0.05, 0.05, 12.0, 0.8, 20.0)
    'ambitious'
    >>> verdict_from(0.5, 0.5, 30.0, 0.8, 20.0)
    'uncertain'
    """
    a = (1.0 - level) / 2.0
    if not (math.isfinite(p_low) and math.isfinite(p_high)):
        return "uncertain"
    if p_low < a:
        return "ambitious"
    if p_high > 1.0 - a:
        return "cautious"
    if not math.isfinite(width) or width > max_width:
        return "uncertain"
    return "plausible"


def coverage_note(record: dict) -> Note | None:
    """The scoreboard's record of the calibrated ranges at the check's level and horizon, as a
    note ("… held 52 of 78 outcomes (67%; 95% band 56%–76%)"); None when not scored.

    When to use
        Once per page, beside the chance or the verdict it qualifies (`probability_printable`
        and `verdict_caveat` refer to it without repeating it).
    """
    if "hits" not in record or record.get("wilson") is None:
        return None
    lo, hi = record["wilson"]
    return Note("the scoreboard's calibrated %(level).0f%% ranges held %(hits)d of %(n)d outcomes "
                "(%(coverage).0f%%; 95%% band %(lo).0f%%–%(hi).0f%%)",
                level=100 * float(record["level"]), hits=int(record["hits"]), n=int(record["n"]),
                coverage=100 * float(record["coverage"]), lo=100 * float(lo), hi=100 * float(hi))


def probability_printable(record: dict) -> tuple[bool, Note]:
    """Apply `PRINTING_RULE` to a scoreboard record of the calibrated method.

    When to use
        Before printing a calibrated chance; `check_target` stores the answer in
        ``TargetCheck.calibration`` (``probability_printed``) and
        ``TargetCheck.probability_note``.

    Parameters
    ----------
    record : dict
        ``TargetCheck.calibration``: ``level``, ``hits``, ``n``, ``coverage``,
        ``wilson`` (95 % band, fractions) and ``word``; without ``hits`` the level or
        horizon was not scored.

    Returns
    -------
    (bool, Note)
        Whether the chance may be printed, and why (or why not); the measured record
        itself is `coverage_note`.

    >>> rec = {"level": 0.8, "hits": 52, "n": 78, "coverage": 52 / 78,
    ...        "wilson": [0.556, 0.761], "word": "too narrow"}
    >>> probability_printable(rec)[0]
    False
    >>> probability_printable(dict(rec, hits=62, coverage=62 / 78, wilson=[0.69, 0.87]))[0]
    True
    """
    if "hits" not in record or record.get("wilson") is None:
        return False, Note("withheld: the scoreboard holds no record of calibrated ranges at this "
                           "level and horizon, so the chance is not shown to be calibrated")
    level = float(record["level"])
    lo, hi = (float(x) for x in record["wilson"])
    if lo <= level <= hi:
        return True, Note("printed: such ranges kept their promise on the scoreboard")
    if hi < level:
        return False, Note("withheld: such ranges proved too narrow on the scoreboard, so the "
                           "chance is not a measured frequency")
    return False, Note("withheld: such ranges proved too wide on the scoreboard, so the chance is "
                       "not a measured frequency")


def verdict_caveat(verdict: str, record: dict) -> Note | None:
    """What the scoreboard's record of the calibrated ranges means for a verdict (None if nothing).

    When to use
        Beside a verdict whose chance is withheld: the verdict word is still read
        from the calibrated ranges (nothing is widened by hand), and this note
        says how far the scoreboard backs it.

    Ranges that proved **too narrow** make "ambitious" and "cautious" less certain
    than they sound (the target may lie inside an honest range), while a
    "plausible" target inside a too-narrow range would also lie inside a wider one.
    Ranges that proved **too wide** make "plausible" the doubtful word instead.

    >>> rec = {"level": 0.8, "hits": 52, "n": 78, "coverage": 52 / 78,
    ...        "wilson": [0.556, 0.761], "word": "too narrow"}
    >>> verdict_caveat("ambitious", rec).id[:42]
    'The ranges behind this verdict proved too '
    """
    word = record.get("word")
    if "hits" not in record:
        if verdict == "uncertain":
            return None
        return Note("The scoreboard holds no record of calibrated ranges at this level and "
                    "horizon: the verdict is not backed by a measured coverage.")
    if word == "too narrow":
        if verdict in ("ambitious", "cautious"):
            return Note("The ranges behind this verdict proved too narrow: the target may lie less "
                        "far from the likely range than it appears.")
        if verdict == "plausible":
            return Note("The ranges proved too narrow; a wider, honest range would hold the "
                        "target too.")
    if word == "too wide" and verdict == "plausible":
        return Note("The ranges behind this verdict proved too wide: a narrower, honest range "
                    "might leave the target outside.")
    if word == "too few forecasts":
        return Note("The scoreboard holds too few forecasts to judge the ranges.")
    return None


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
        "n": len(v), "years": [int(y) for y in values.index],
        "first_year": int(values.index[0]), "last_year": int(values.index[-1]),
        "min": float(v.min()), "median": float(np.median(v)), "max": float(v.max()),
        "mean": float(v.mean()), "reference": ref, "reference_is_midpoint": point is None,
        "percentile": 100.0 * (n_less + 0.5 * n_eq) / len(v),
        "n_below": below, "n_above": above,
        "n_within" if point is None else "n_equal": within,
    }


@dataclass
class TargetCheck:
    """Result of `check_target`.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per model (plug-in, ``calibrated=False``) and a last row with
        ``model == "combined"``: the calibrated combination. Columns: model,
        family, spec, n_obs, forecast, lower, upper (central ``level``
        interval), prob_reach (the chance of reaching the target as
        computed, for programmatic use), chance (a code of `CHANCE_CODES`:
        whether that chance may be printed under `PRINTING_RULE`),
        target_percentile, verdict (a code of `VERDICTS`), calibrated, notes
        (a tuple of :class:`~hatinh_analysis.notes.Note`; ``spec`` is a Note or a
        technical name such as "ETS(A,N,N)").
    verdict : str
        The combined row's verdict: a code of `VERDICTS` (its words:
        ``hatinh_analysis.i18n.term("verdict", code)``).
    verdict_rule : Note
    summary : tuple of Note
        The check in the engine's words (``hatinh_analysis.i18n.say`` makes the text).
    calibrated : CalibratedForecast
        The calibrated distribution (``.fan()``, ``.cdf()``, ``.reference``).
    plugin : Forecast
        The combination with a plug-in normal interval (comparison only).
    forecasts : dict
        ``{model: Forecast}`` of every member.
    families : dict
        Members per family and the family forecasts (equal weights).
    shocks : Shocks or None; shock_years : tuple; shock_note : Note
        What the shock detector flagged, why, and what was done.
    calibration : dict
        The scoreboard's record of the calibrated method at this horizon and
        level: hits, n, coverage, Wilson band, word; plus the table's data
        fingerprint and whether it matches the data in use.
    max_width : float
        The width rule used for "too uncertain to judge" (``calibration["width_info"]``
        says where it comes from; `width_rule` says it).
    history : dict
        Where the target sits among the realised growth rates used.
    series : pandas.Series
        The growth rates used for estimation.
    excluded : pandas.Series
        Years left out (user's ``exclude_years`` and flagged shocks).
    reference_class : DataFrame or None
        The outside view as data (`hatinh_analysis.calibration.similar_records`):
        province-years after a recent record like this province's, with the
        growth that followed.
    """

    table: pd.DataFrame
    verdict: str
    verdict_rule: Note
    summary: tuple
    calibrated: object
    plugin: object
    forecasts: dict
    families: dict
    shocks: object
    shock_years: tuple
    shock_note: Note
    calibration: dict
    max_width: float
    history: dict
    series: pd.Series
    excluded: pd.Series
    target: float | tuple
    target_year: int
    level: float
    exclude_years: tuple = ()
    break_years: tuple = ()
    start_year: int | None = None
    unit: str | None = None
    reference_class: pd.DataFrame | None = None
    notes: list = field(default_factory=list)
    options: dict = field(default_factory=dict, repr=False)
    input_series: pd.Series | None = field(default=None, repr=False)

    @property
    def is_range(self) -> bool:
        return isinstance(self.target, tuple)

    @property
    def combined(self) -> pd.Series:
        """The ``"combined"`` row of the table."""
        return self.table.iloc[-1]

    @property
    def prob_reach(self) -> float:
        """Calibrated chance of reaching the target, as computed (NaN when not calibrated).

        For programmatic use; whether it may be *printed* is `probability_printed`
        (`PRINTING_RULE`)."""
        return float(self.combined["prob_reach"])

    @property
    def probability_printed(self) -> bool:
        """True when the scoreboard shows the calibrated chance to be calibrated (`PRINTING_RULE`)."""
        return bool(self.calibration.get("probability_printed"))

    @property
    def probability_note(self) -> Note:
        """Why the chance is printed or withheld (a Note; the measured record is `coverage`)."""
        if not self.calibrated.ok:
            return _NO_DISTRIBUTION
        return probability_printable(self.calibration)[1]

    @property
    def coverage(self) -> Note | None:
        """The scoreboard's record of such calibrated ranges (`coverage_note`)."""
        return coverage_note(self.calibration)

    @property
    def verdict_caveat(self) -> Note | None:
        """How far the scoreboard backs the verdict (`verdict_caveat`); None when fully."""
        return verdict_caveat(self.verdict, self.calibration)

    @property
    def width_rule(self) -> Note:
        """Where the width limit of "too uncertain to judge" comes from."""
        return _width_rule(self.calibration.get("width_info") or
                           {"kind": "given", "width": self.max_width})

    def rerun(self, **changes) -> "TargetCheck":
        """The same check with some arguments of `check_target` changed: a scenario.

        >>> # check.rerun(exclude_years=[2017, 2018]); check.rerun(target=12.0, shocks=False)
        """
        if self.input_series is None:
            raise ModelError("rerun(): this check does not keep its input series")
        unknown = sorted(set(changes) - set(self.options))
        if unknown:
            raise ModelError(f"rerun(): unknown argument(s) {', '.join(unknown)}; choose from "
                             f"{', '.join(sorted(self.options))}")
        return check_target(self.input_series, **{**self.options, **changes})

    def to_dict(self) -> dict:
        """JSON-serialisable dict (plain floats; NaN -> None)."""
        attrs = self.series.attrs or {}
        info = {k: attrs.get(k) for k in ("province", "indicator", "label", "unit", "basis",
                                          "as_of") if k in attrs}
        target = {"low": self.target[0], "high": self.target[1]} if self.is_range else self.target
        table = self.table.astype(object).where(self.table.notna(), None)
        return json_clean({
            "target": target, "target_year": self.target_year, "level": self.level,
            "verdict": self.verdict, "verdict_rule": self.verdict_rule,
            "max_width": self.max_width, "width_rule": self.width_rule,
            "summary": self.summary, "table": table.to_dict(orient="records"),
            "calibrated": self.calibrated.to_dict(), "calibration": self.calibration,
            "shocks": None if self.shocks is None else self.shocks.to_dict(),
            "shock_years": list(self.shock_years), "shock_note": self.shock_note,
            "families": self.families, "history": self.history,
            "series": {int(k): float(v) for k, v in self.series.items()},
            "excluded": {int(k): float(v) for k, v in self.excluded.items()},
            "series_info": info, "exclude_years": list(self.exclude_years),
            "break_years": list(self.break_years), "start_year": self.start_year,
            "forecasts": {k: fc.to_dict() for k, fc in self.forecasts.items()},
            "notes": self.notes, "printing_rule": PRINTING_RULE,
            "probability_printed": self.probability_printed,
            "probability_note": self.probability_note, "coverage": self.coverage,
            "verdict_caveat": self.verdict_caveat,
        })

    def __repr__(self) -> str:
        from hatinh_analysis.i18n import say

        return f"TargetCheck(verdict={self.verdict!r})\n" + "\n".join(say(n) for n in self.summary)


def _scoreboard_record(horizon: int, level: float, info: dict, table=None, as_of=None) -> dict:
    """The scoreboard's coverage of the calibrated method, counting only outcomes published
    by ``as_of`` (`hatinh_analysis.calibration.coverage_record`), and the table's currency."""
    from hatinh_analysis.calibration import REBUILD_COMMAND, coverage_record

    out = {"data_fingerprint": info.get("settings", {}).get("data_fingerprint"),
           "table_current": bool(info.get("current")), "rebuild": REBUILD_COMMAND}
    if table is not None and "published" in table.columns:
        out.update(coverage_record(table, horizon=horizon, level=level, as_of=as_of))
    elif level in (0.5, 0.8, 0.95):
        out["word"] = "not scored"
    else:
        out["word"] = "not scored"   # horizon beyond the scoreboard, or a level it does not score
    return out


def check_target(series, target, target_year=None, models=None, level=0.8, exclude_years=(),
                 break_years=(), start_year=None, *, shocks: bool = True,
                 outside_view: bool = True, max_width: float | None = None,
                 table: pd.DataFrame | None = None) -> TargetCheck:
    """Check a growth target against a calibrated forecast of the target year.

    When to use
        For the question "is this growth target within reach, given the
        record?". The answer is one of `VERDICTS` by `VERDICT_RULE`, with the
        calibrated chance of reaching the target; the models' own plug-in
        numbers are shown beside it for comparison only.

    Parameters
    ----------
    series : pandas.Series
        Annual growth in % (8.5 = +8.5 %) indexed by int year, e.g. from
        ``load_series("iip", as_of=...)``. ``attrs["province"]`` (set by
        ``load_series``) selects the outside view and is left out of the
        reference class.
    target : float or (float, float)
        Target growth in %, or a published range ``(low, high)``.
    target_year : int, optional
        Default: last observed year + 1. One or two years after the last
        observed year can be calibrated; later years get "too uncertain".
    models : str or list, optional
        Trend models (`hatinh_analysis.models.MODEL_NAMES`, default all).
    level : float, default 0.8
        Central interval level; also sets the verdict's tail thresholds
        ``(1 - level)/2``. The scoreboard records 50, 80 and 95 %.
    exclude_years, break_years, start_year
        As before: years left out, lasting level shifts, first year used.
        Giving ``break_years`` turns the automatic shock handling off (the
        user's shift replaces it).
    shocks : bool, default True
        Leave years flagged by `hatinh_analysis.breaks.detect_shocks` out of
        the fits. The report says which and why.
    outside_view : bool, default True
        Include the pooled model of all provinces in the combination.
    max_width : float, optional
        Width (points) above which a calibrated interval is "too uncertain to
        judge"; default the provinces' 10–90 % growth spread (see module doc).
    table : DataFrame, optional
        Scoreboard rows to calibrate with (default the committed table).

    Returns
    -------
    TargetCheck

    Raises
    ------
    ValueError (`ModelError`)
        Invalid parameters (the message names the parameter), or no model can
        use the series.
    """
    from hatinh_analysis.calibration import active_table, calibrate
    from hatinh_analysis.combination import run_ensemble

    level = check_level(level)
    given_max_width, given_table = max_width, table
    point, low, high = _check_target_value(target)
    if max_width is not None and (isinstance(max_width, bool) or not isinstance(max_width, numbers.Real)
                                  or not max_width > 0):
        raise ModelError(f"max_width must be a positive number of points, got {max_width!r}")
    clean, _ = as_growth_series(series)
    attrs = clean.attrs or {}
    unit, indicator = attrs.get("province"), attrs.get("indicator")
    industry = attrs.get("industry")
    panel = national = pool = floor = None
    if indicator and industry:  # one industry: no provinces' outside view; industries as peers
        from hatinh_analysis.combination import industry_panel, shock_scale_floor

        floor = shock_scale_floor(industry_panel(attrs.get("as_of")), int(clean.index[-1]))[0]
    else:
        panel, national, pool = _panel(indicator, attrs.get("as_of"), unit, int(clean.index[-1]),
                                       outside_view)
    ens = run_ensemble(series, target_year, models=models, exclude_years=exclude_years,
                       break_years=break_years, start_year=start_year, shocks=shocks,
                       outside_view=outside_view and not industry, unit=unit, panel=panel,
                       national=national, pool=pool, shock_floor=floor)
    prep = ens.prep
    usable = {k: fc for k, fc in ens.forecasts.items() if fc.ok}
    if not usable:
        reasons = "; ".join(f"{k}: {fc.notes[0] if fc.notes else 'not usable'}"
                            for k, fc in ens.forecasts.items())
        raise ModelError(f"no model can use this series ({len(prep.used)} observations used): "
                         + reasons)
    origin = int(prep.series.index[-1])
    horizon = prep.target_year - origin
    if table is None:
        table, meta = active_table()
    else:
        meta = {"settings": {"data_fingerprint": "given"}, "current": True, "summary": []}
    as_of = attrs.get("as_of")  # vintage-exact: only errors and coverage published by then
    cal = calibrate(ens.point, ens.scale, target_year=prep.target_year, horizon=horizon,
                    upto_year=origin, exclude_unit=unit, table=table,
                    as_of=as_of if "published" in table.columns else None)
    notes = []
    if horizon > 2:
        cal.notes.append(Note("the target year is %(horizon)d years after the last figure "
                              "(%(origin)d); the scoreboard calibrates one and two years ahead only",
                              horizon=int(horizon), origin=origin))
        cal.z = np.array([])
    max_width, width_info = _width_limit(max_width, panel, origin)

    a = (1.0 - level) / 2.0

    def probs(dist):
        if point is not None:
            p = float(dist.sf(point))
            return p, p, p, 100.0 * (1.0 - p)
        pl, ph = float(dist.sf(low)), float(dist.sf(high))
        return float(dist.prob_between(low, high)), pl, ph, 100.0 * float(dist.cdf((low + high) / 2))

    rows = _model_rows(ens, level, max_width, probs)
    record = _scoreboard_record(horizon, level, meta, table, as_of)
    record["width_info"] = width_info
    record["probability_printed"] = bool(cal.ok) and probability_printable(record)[0]
    if cal.ok:
        lo, hi = cal.interval(level)
        pr, pl, ph, pct = probs(cal)
        verdict = verdict_from(pl, ph, hi - lo, level, max_width)
    else:
        lo = hi = pr = pct = float("nan")
        verdict = "uncertain"
    chance = ("none" if not math.isfinite(pr) else
              "printed" if record["probability_printed"] else "withheld")
    members = tuple(Note("%(family)s (%(models)s)", family=Code("family", f),
                         models=tuple(Code("model", m) for m in d["members"]))
                    for f, d in ens.families.items())
    rows.append({"model": "combined", "family": "all",
                 "spec": Note("equal weights over families (%(members)s)", members=members),
                 "n_obs": len(prep.used), "forecast": ens.point, "lower": lo, "upper": hi,
                 "prob_reach": pr, "chance": chance, "target_percentile": pct,
                 "verdict": verdict, "calibrated": bool(cal.ok), "notes": tuple(cal.notes)})
    tab = pd.DataFrame(rows, columns=COLUMNS)
    if not record["table_current"]:
        notes.append(Note("the calibration table was built from data %(fingerprint)s, not the data "
                          "in use; build one for these data with `%(command)s --cache` (or rebuild "
                          "the committed one after a change of the shipped data)",
                          fingerprint=record["data_fingerprint"], command=record["rebuild"]))
    hist = _history(prep.used, point, low, high)
    tgt = (low, high) if point is None else point
    excluded_years = sorted(set(prep.excluded))
    ref_class = _reference_class(panel, prep, unit, origin)
    result = TargetCheck(
        table=tab, verdict=verdict, verdict_rule=VERDICT_RULE, summary=(), calibrated=cal,
        plugin=ens.plugin, forecasts=ens.forecasts, families=ens.families, shocks=ens.shocks,
        shock_years=ens.shock_years, shock_note=ens.shock_note, calibration=record,
        max_width=max_width, history=hist, series=prep.used,
        excluded=prep.series.loc[excluded_years], target=tgt, target_year=prep.target_year,
        level=level, exclude_years=tuple(y for y in prep.excluded if y not in ens.shock_years),
        break_years=prep.breaks, start_year=None if start_year is None else int(start_year),
        unit=unit, reference_class=ref_class, notes=notes,
        options=dict(target=target, target_year=target_year, models=models, level=level,
                     exclude_years=tuple(exclude_years), break_years=tuple(break_years),
                     start_year=start_year, shocks=shocks, outside_view=outside_view,
                     max_width=given_max_width, table=given_table),
        input_series=series)
    result.summary = _summary(result, prep, a)
    return result


def _panel(indicator, as_of, unit, last_year: int, outside_view: bool):
    """The provinces' panel, the national series and the pooled fit (None without data)."""
    from hatinh_analysis.combination import load_panel, pool_for

    if not indicator:
        return None, None, None
    try:
        panel, national = load_panel(indicator, as_of)
        pool = pool_for(indicator, as_of, unit, last_year) if outside_view else None
    except Exception:  # noqa: BLE001 - no data directory: no outside view, said in the notes
        return None, None, None
    return panel, national, pool


def direction_note(check: "TargetCheck") -> Note | None:
    """For a "too uncertain to judge" verdict with a calibrated distribution: where the target
    lies against the central forecast, with the calibrated chance when `PRINTING_RULE` allows
    it (None otherwise) - so the reader learns how likely the target is without a verdict word.

    When to use
        After the verdict in any text of a check (the summary and the report use it).
    """
    if check.verdict != "uncertain" or not check.calibrated.ok:
        return None
    point = float(check.combined["forecast"])
    low, high = check.target if check.is_range else (check.target, check.target)
    if check.probability_printed:
        chance = Note("%(chance).0f%%", chance=100 * float(check.prob_reach))
    else:
        chance = Code("chance", "withheld")
    if low > point:
        return Note("Too uncertain to judge, but the target lies above the central forecast "
                    "(%(forecast)+.1f%%): calibrated chance of reaching it %(chance)s.",
                    forecast=point, chance=chance)
    if high < point:
        return Note("Too uncertain to judge, but the target lies below the central forecast "
                    "(%(forecast)+.1f%%): calibrated chance of reaching it %(chance)s.",
                    forecast=point, chance=chance)
    return Note("Too uncertain to judge; the central forecast (%(forecast)+.1f%%) lies inside the "
                "target range: calibrated chance of growth within it %(chance)s.",
                forecast=point, chance=chance)


def _width_limit(max_width, panel, origin: int) -> tuple[float, dict]:
    """The width above which a calibrated interval is "too uncertain", and where it comes from:
    given, the provinces' 10-90 % growth spread up to the origin, or `DEFAULT_MAX_WIDTH`."""
    if max_width is not None:
        return float(max_width), {"kind": "given", "width": float(max_width)}
    if panel is not None:
        g = panel.loc[panel["year"] <= origin, "growth"].to_numpy(dtype=float)
        if len(g) >= 50:
            q10, q90 = np.quantile(g, [0.1, 0.9])
            width = float(q90 - q10)
            return width, {"kind": "panel", "width": width, "n": len(g), "origin": origin,
                           "q10": float(q10), "q90": float(q90)}
    return DEFAULT_MAX_WIDTH, {"kind": "default", "width": DEFAULT_MAX_WIDTH}


def _model_rows(ens, level: float, max_width: float, probs) -> list[dict]:
    """One row per member model: its plug-in forecast, interval, chance and verdict (never
    printed as calibrated: ``chance`` is ``"not_calibrated"``)."""
    from hatinh_analysis.models import model_family

    rows = []
    for name, fc in ens.forecasts.items():
        lo, hi = fc.interval(level)
        if fc.ok:
            pr, pl, ph, pct = probs(fc)
            verdict = verdict_from(pl, ph, hi - lo, level, max_width)
        else:
            pr = pct = float("nan")
            verdict = None
        rows.append({"model": name, "family": model_family(name, fc.spec) if fc.ok else None,
                     "spec": fc.spec or None, "n_obs": fc.n_obs, "forecast": fc.mean,
                     "lower": lo, "upper": hi, "prob_reach": pr,
                     "chance": "not_calibrated" if fc.ok else "none", "target_percentile": pct,
                     "verdict": verdict, "calibrated": False,
                     "notes": (Note("plug-in: not calibrated"),
                               *(n for n in fc.notes if n not in ens.prep.notes))})
    return rows


def _reference_class(panel, prep, unit, origin: int):
    """The outside view as data: province-years after a recent record like this one."""
    if panel is None or len(prep.used) < 3:
        return None
    from hatinh_analysis.calibration import similar_records

    recent = float(np.median(prep.used.iloc[-3:].to_numpy()))
    ref_class = similar_records(panel[panel["unit"] != unit], recent, upto_year=origin)
    ref_class.attrs = {"recent": recent, "window": 3, "band": 5.0,
                       "recent_years": [int(y) for y in prep.used.index[-3:]]}
    return ref_class


_NO_DISTRIBUTION = Note("withheld: no calibrated distribution")


def target_note(target) -> Note:
    """A target growth (a number or a range ``(low, high)``) as a note: "+10.6%", "+8.0% to +9.0%"."""
    if isinstance(target, tuple):
        return Note("%(low)+.1f%% to %(high)+.1f%%", low=float(target[0]), high=float(target[1]))
    return Note("%(value)+.1f%%", value=float(target))


def _summary(r: TargetCheck, prep, a) -> tuple:
    """The check in the engine's words: what was checked, the shocks, the forecast, the
    calibrated range and chance, the verdict and its rule (notes, said where shown)."""

    attrs = prep.series.attrs or {}
    indicator = attrs.get("indicator")
    from hatinh_analysis.i18n import TERMS

    what = (Code("indicator", indicator) if indicator in TERMS["indicator"] else
            attrs.get("label") or indicator or prep.series.name)
    where = _province_name(attrs.get("province"))
    used = prep.used
    span = dict(num=len(used), first=int(used.index[0]), last=int(used.index[-1]),
                target=target_note(r.target), year=int(r.target_year))
    if what and where:
        out = [Note("Target: growth of %(target)s in %(year)d for %(what)s, %(where)s, checked "
                    "against %(num)d years of growth (%(first)d–%(last)d).", what=what,
                    where=where, **span)]
    else:
        out = [Note("Target: growth of %(target)s in %(year)d, checked against %(num)d years of "
                    "growth (%(first)d–%(last)d).", **span)]
    out.append(Note("One-off shocks: %(note)s.", note=r.shock_note))
    if r.exclude_years:
        out.append(Note("Left out at the user's request: %(years)s.", years=fmt_years(r.exclude_years)))
    if prep.breaks:
        out.append(Note("A lasting level shift from %(years)s is assumed.", years=fmt_years(prep.breaks)))
    comb = r.combined
    fams = tuple(Note("%(family)s %(forecast)+.1f%% (%(models)s)", family=Code("family", f),
                      forecast=float(d["forecast"]),
                      models=tuple(Code("model", m) for m in d["members"]))
                 for f, d in r.families.items())
    out.append(Note("Combined forecast %(forecast)+.1f%% (equal weights over families: "
                    "%(families)s).", forecast=float(comb["forecast"]), families=fams))
    cal = r.calibrated
    if cal.ok:
        ref = cal.reference
        out.append(Note("Calibrated %(level).0f%% range %(lower)+.1f%% to %(upper)+.1f%%, from "
                        "%(n)d one-year-ahead errors of %(n_series)d other series (outcomes "
                        "%(first)d–%(last)d).", level=100 * r.level, lower=float(comb["lower"]),
                        upper=float(comb["upper"]), n=int(ref["n"]), n_series=int(ref["n_series"]),
                        first=int(min(ref["years"])), last=int(max(ref["years"]))))
        if r.probability_printed:
            out.append(Note("Calibrated chance of reaching the target: %(chance).0f%% (%(note)s).",
                            chance=100 * r.prob_reach, note=r.probability_note))
        else:
            out.append(Note("Calibrated chance of reaching the target: %(note)s.",
                            note=r.probability_note))
        if r.coverage is not None:
            out.append(Note("Record: %(coverage)s.", coverage=r.coverage))
    else:
        out.append(Note("No calibrated distribution: %(notes)s.", notes=tuple(cal.notes)))
    out.append(Note("Verdict: %(verdict)s. Rule: %(rule)s; here a = %(a).2f and the width limit is "
                    "%(width)s.", verdict=Code("verdict", r.verdict), rule=VERDICT_RULE, a=a,
                    width=r.width_rule))
    if r.verdict_caveat is not None:
        out.append(r.verdict_caveat)
    if direction_note(r) is not None:
        out.append(direction_note(r))
    out.append(Note("The models' own (plug-in) ranges and chances in the table are not calibrated "
                    "and do not decide the verdict."))
    out.extend(r.notes)
    return tuple(out)


def _width_rule(info: dict) -> Note:
    if info.get("kind") == "panel":
        return Note("%(width).1f points: the 10th-90th percentile spread of %(n)d province-years "
                    "of growth up to %(origin)d (%(q10)+.1f%% to %(q90)+.1f%%)", width=info["width"],
                    n=int(info["n"]), origin=int(info["origin"]), q10=info["q10"], q90=info["q90"])
    if info.get("kind") == "default":
        return Note("%(width).1f points (no panel of provinces)", width=info["width"])
    return Note("%(width).1f points (given)", width=info["width"])


def _province_name(pid):
    """A province as a note value inside a sentence: the whole country as its in-sentence term
    ("the whole country" / "cả nước", never a capital mid-sentence), a province by its name
    (the same in both languages), a code outside the vocabulary as given."""
    if not pid:
        return None
    from hatinh_analysis.data.vocab import PROVINCES

    if pid == "vietnam":
        return Code("area_in_sentence", "vietnam")
    return PROVINCES.get(pid, str(pid))
