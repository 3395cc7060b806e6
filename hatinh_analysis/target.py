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
"""
from __future__ import annotations

import math
import numbers
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from hatinh_analysis.engine_text import translate_text
from hatinh_analysis.i18n import N_, format_pct, get_language, term, translator
from hatinh_analysis.models.base import (ModelError, as_growth_series, check_level, fmt_years,
                                         json_clean)

__all__ = ["check_target", "TargetCheck", "verdict_from", "format_probability", "VERDICTS",
           "VERDICT_LABELS", "VERDICT_RULE", "DEFAULT_MAX_WIDTH", "PRINTING_RULE",
           "probability_printable", "verdict_caveat", "verdict_label", "shock_note_text",
           "shock_reason_text", "width_rule_text", "direction_text"]

#: Verdict codes, in the order shown.
VERDICTS = ("ambitious", "plausible", "cautious", "uncertain")
#: The one wording of each verdict, used in every output.
VERDICT_LABELS = {"ambitious": "ambitious", "plausible": "plausible", "cautious": "cautious",
                  "uncertain": "too uncertain to judge"}
#: The glossary id (``i18n.TERMS["verdict"]``) of each verdict code.
VERDICT_TERMS = {"ambitious": "ambitious", "plausible": "plausible", "cautious": "cautious",
                 "uncertain": "too_uncertain"}


def verdict_label(verdict: str, lang: str | None = None) -> str:
    """The wording of a verdict code in ``lang`` (default: the current language).

    ``verdict_label("uncertain", "vi")`` → ``"quá bất định để đánh giá"``; English gives
    `VERDICT_LABELS`. A code outside `VERDICTS` is returned as given.

    When to use
        Wherever a verdict code is shown to readers (the words come from the glossary).
    """
    if verdict not in VERDICT_TERMS:
        return str(verdict)
    return term("verdict", VERDICT_TERMS[verdict], lang)

#: Interval width (points) used when no panel gives the provinces' spread.
DEFAULT_MAX_WIDTH = 20.0
VERDICT_RULE = N_("calibrated chance p of reaching the target, a = (1 - level)/2: ambitious if "
                "p < a; cautious if p > 1 - a; otherwise plausible, or too uncertain to judge when "
                "the calibrated interval is wider than max_width points (default: the 10th-90th "
                "percentile spread of all provinces' annual growth) or no calibrated "
                "distribution exists")
#: When the calibrated chance is printed as a number (team rule: a probability is only
#: printed if a scoreboard shows it is calibrated).
PRINTING_RULE = ("the calibrated chance is printed as a number only when the scoreboard's 95% "
                 "Wilson band for the calibrated method's coverage, at the check's level and "
                 "horizon and over the outcomes published by the check's as_of, contains that level; otherwise it is withheld and the measured "
                 "coverage is given instead")
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


def _pct(x, signed=True, lang: str | None = None) -> str:
    if x is None or not math.isfinite(x):
        return translator(lang).label("not_available")
    if translator(lang).lang == "en":
        return f"{x:+.1f}%" if signed else f"{x:.1f}%"
    return format_pct(x, lang, decimals=1, signed=signed)


def _frac(x, lang: str | None = None) -> str:
    """A fraction as whole percent: ``0.667`` → ``67%``."""
    if translator(lang).lang == "en":
        return f"{x:.0%}"
    return format_pct(100 * float(x), lang, decimals=0)


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


def _coverage_text(record: dict, lang: str | None = None) -> str:
    _ = translator(lang)
    lv = _frac(round(record['level'] * 100) / 100, lang)
    lo, hi = record["wilson"]
    return _("the scoreboard's calibrated %(level)s ranges held %(hits)s of %(n)s "
             "outcomes (%(coverage)s; 95%% band %(lo)s-%(hi)s)", level=lv, hits=record['hits'],
             n=record['n'], coverage=_frac(record['coverage'], lang), lo=_frac(lo, lang),
             hi=_frac(hi, lang))


def probability_printable(record: dict, lang: str | None = None) -> tuple[bool, str]:
    """Apply `PRINTING_RULE` to a scoreboard record of the calibrated method.

    When to use
        Before printing a calibrated chance; `check_target` stores the answer in
        ``TargetCheck.calibration`` (``probability_printed``, ``probability_note``).

    Parameters
    ----------
    record : dict
        ``TargetCheck.calibration``: ``level``, ``hits``, ``n``, ``coverage``,
        ``wilson`` (95 % band, fractions) and ``word``; without ``hits`` the level or
        horizon was not scored.
    lang : {"vi", "en"}, optional
        Language of the reason (default: the current language).

    Returns
    -------
    (bool, str)
        Whether the chance may be printed, and why (or why not), in words.

    >>> rec = {"level": 0.8, "hits": 52, "n": 78, "coverage": 52 / 78,
    ...        "wilson": [0.556, 0.761], "word": "too narrow"}
    >>> probability_printable(rec)[0]
    False
    >>> probability_printable(dict(rec, hits=62, coverage=62 / 78, wilson=[0.69, 0.87]))[0]
    True
    """
    _ = translator(lang)
    if "hits" not in record or record.get("wilson") is None:
        return False, _("withheld: the scoreboard holds no record of calibrated ranges at this "
                        "level and horizon, so the chance is not shown to be calibrated")
    level = float(record["level"])
    lo, hi = (float(x) for x in record["wilson"])
    cov = _coverage_text(record, lang)
    if lo <= level <= hi:
        return True, _("printed: %(coverage)s, a band that contains %(level)s", coverage=cov,
                       level=_frac(level, lang))
    if hi < level:
        return False, _("withheld: %(coverage)s, a band that excludes %(level)s "
                        "(ranges too narrow), so the chance is not a measured frequency",
                        coverage=cov, level=_frac(level, lang))
    return False, _("withheld: %(coverage)s, a band that excludes %(level)s "
                    "(ranges too wide), so the chance is not a measured frequency",
                    coverage=cov, level=_frac(level, lang))


def verdict_caveat(verdict: str, record: dict, lang: str | None = None) -> str:
    """What the scoreboard's record of the calibrated ranges means for a verdict ("" if nothing).

    When to use
        Beside a verdict whose chance is withheld: the verdict word is still read
        from the calibrated ranges (nothing is widened by hand), and this sentence
        says how far the scoreboard backs it.

    Ranges that proved **too narrow** make "ambitious" and "cautious" less certain
    than they sound (the target may lie inside an honest range), while a
    "plausible" target inside a too-narrow range would also lie inside a wider one.
    Ranges that proved **too wide** make "plausible" the doubtful word instead.

    >>> rec = {"level": 0.8, "hits": 52, "n": 78, "coverage": 52 / 78,
    ...        "wilson": [0.556, 0.761], "word": "too narrow"}
    >>> verdict_caveat("ambitious", rec)[:42]
    'This verdict rests on calibrated ranges th'
    """
    _ = translator(lang)
    word = record.get("word")
    if "hits" not in record:
        if verdict == "uncertain":
            return ""
        return _("The scoreboard holds no record of calibrated ranges at this level and horizon: "
                 "the verdict is not backed by a measured coverage.")
    cov = _coverage_text(record, lang)
    if word == "too narrow":
        if verdict in ("ambitious", "cautious"):
            return _("This verdict rests on calibrated ranges that the scoreboard shows to be too "
                     "narrow (%(coverage)s): the target may lie less far outside the likely range "
                     "than it appears. Read it as a warning sign, not a measured probability.",
                     coverage=cov)
        if verdict == "plausible":
            return _("The calibrated ranges proved too narrow (%(coverage)s); the target lies "
                     "inside the range, and would lie inside a wider, honest one too.", coverage=cov)
    if word == "too wide" and verdict == "plausible":
        return _("This verdict rests on calibrated ranges that the scoreboard shows to be too "
                 "wide (%(coverage)s): a narrower, honest range might leave the target outside.",
                 coverage=cov)
    if word == "too few forecasts":
        return _("The scoreboard holds too few forecasts to judge the ranges (%(coverage)s).",
                 coverage=cov)
    return ""


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
        computed, for programmatic use), chance (the chance as it may be
        printed under `PRINTING_RULE`: ``"83%"``, ``"withheld"``, or ``"not
        calibrated"`` for the plug-in rows), target_percentile, verdict,
        calibrated, notes.
    verdict : str
        The combined row's verdict: a code of `VERDICTS`; `VERDICT_LABELS`
        gives its wording.
    verdict_rule : str
    summary : str
        Plain-language sentences.
    calibrated : CalibratedForecast
        The calibrated distribution (``.fan()``, ``.cdf()``, ``.reference``).
    plugin : Forecast
        The combination with a plug-in normal interval (comparison only).
    forecasts : dict
        ``{model: Forecast}`` of every member.
    families : dict
        Members per family and the family forecasts (equal weights).
    shocks : Shocks or None; shock_years : tuple; shock_note : str
        What the shock detector flagged, why, and what was done.
    calibration : dict
        The scoreboard's record of the calibrated method at this horizon and
        level: hits, n, coverage, Wilson band, word; plus the table's data
        fingerprint and whether it matches the data in use.
    max_width : float
        The width rule used for "too uncertain to judge".
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
    verdict_rule: str
    summary: str
    calibrated: object
    plugin: object
    forecasts: dict
    families: dict
    shocks: object
    shock_years: tuple
    shock_note: str
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
    summary_inputs: tuple | None = field(default=None, repr=False, compare=False)

    @property
    def is_range(self) -> bool:
        return isinstance(self.target, tuple)

    @property
    def verdict_label(self) -> str:
        """The verdict in words, in the current language (`verdict_label`; English: `VERDICT_LABELS`)."""
        return verdict_label(self.verdict)

    def verdict_text(self, lang: str | None = None) -> str:
        """The verdict in words in ``lang`` ("vi" or "en"; default: the current language)."""
        return verdict_label(self.verdict, lang)

    def summary_text(self, lang: str | None = None) -> str:
        """`summary` in ``lang`` ("vi" or "en"; default: the current language).

        ``summary`` itself is written in the language current when the check was made.
        The calibration's notes (``calibrated.notes``) and the check's ``notes`` are stored in
        English and shown in ``lang`` (:func:`hatinh_analysis.engine_text.translate_text`).
        """
        if self.summary_inputs is None:
            return self.summary
        return _summary(self, *self.summary_inputs, lang=lang)

    @property
    def combined(self) -> pd.Series:
        """The ``"combined"`` row of the table."""
        return self.table.iloc[-1]

    @property
    def prob_reach(self) -> float:
        """Calibrated chance of reaching the target, as computed (NaN when not calibrated).

        For programmatic use; whether it may be *printed* is `probability_printed`
        (`PRINTING_RULE`), and `prob_reach_text` is the printable form."""
        return float(self.combined["prob_reach"])

    @property
    def probability_printed(self) -> bool:
        """True when the scoreboard shows the calibrated chance to be calibrated (`PRINTING_RULE`)."""
        return bool(self.calibration.get("probability_printed"))

    @property
    def probability_note(self) -> str:
        """Why the chance is printed or withheld (measured coverage, counts and band), in the
        current language (`probability_note_text`)."""
        return self.probability_note_text()

    def probability_note_text(self, lang: str | None = None) -> str:
        """`probability_note` in ``lang`` (default: the current language)."""
        note = str(self.calibration.get("probability_note", ""))
        if translator(lang).lang == "en" or not note:
            return note
        if not self.calibrated.ok:
            return translator(lang)(_NO_DISTRIBUTION)
        return probability_printable(self.calibration, lang)[1]

    @property
    def prob_reach_text(self) -> str:
        """The calibrated chance for print: ``"83%"``, or ``"withheld"`` under `PRINTING_RULE`
        (current language; `prob_reach_text_in` for another)."""
        return self.prob_reach_text_in()

    def prob_reach_text_in(self, lang: str | None = None) -> str:
        """`prob_reach_text` in ``lang`` ("83%" / "withheld", vi "83%" / "không công bố")."""
        if not math.isfinite(self.prob_reach):
            return "–"
        if self.probability_printed:
            return format_probability(self.prob_reach, lang)
        _ = translator(lang)
        return _("withheld")

    @property
    def verdict_caveat(self) -> str:
        """How far the scoreboard backs the verdict (`verdict_caveat`); "" when fully.
        Current language; `verdict_caveat_text` for another."""
        return verdict_caveat(self.verdict, self.calibration)

    def verdict_caveat_text(self, lang: str | None = None) -> str:
        """`verdict_caveat` in ``lang`` (default: the current language)."""
        return verdict_caveat(self.verdict, self.calibration, lang)

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
            "verdict": self.verdict, "verdict_label": self.verdict_label,
            "verdict_rule": self.verdict_rule, "max_width": self.max_width,
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
            "probability_note": self.probability_note, "verdict_caveat": self.verdict_caveat,
        })

    def __repr__(self) -> str:
        return f"TargetCheck(verdict={self.verdict!r})\n{self.summary}"


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
        out["word"] = f"not scored at {round(level * 100)}% (the scoreboard scores 50/80/95%)"
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
    from hatinh_analysis.combination import load_panel, pool_for, run_ensemble

    level = check_level(level)
    given_max_width, given_table = max_width, table
    point, low, high = _check_target_value(target)
    if max_width is not None and (isinstance(max_width, bool) or not isinstance(max_width, numbers.Real)
                                  or not max_width > 0):
        raise ModelError(f"max_width must be a positive number of points, got {max_width!r}")
    clean, _ = as_growth_series(series)
    attrs = clean.attrs or {}
    unit, indicator = attrs.get("province"), attrs.get("indicator")
    panel = national = pool = floor = None
    industry = attrs.get("industry")
    if indicator and industry:  # one industry: no provinces' outside view; industries as peers
        from hatinh_analysis.combination import industry_panel, shock_scale_floor

        floor = shock_scale_floor(industry_panel(attrs.get("as_of")), int(clean.index[-1]))[0]
    elif indicator:
        try:
            panel, national = load_panel(indicator, attrs.get("as_of"))
            if outside_view:
                pool = pool_for(indicator, attrs.get("as_of"), unit, int(clean.index[-1]))
        except Exception:  # noqa: BLE001 - no data directory: no outside view, said below
            panel = national = pool = None
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
        cal.notes.append(N_("the target year is %(horizon)d years after the last figure (%(origin)d); "
                            "the scoreboard calibrates one and two years ahead only")
                         % {"horizon": int(horizon), "origin": origin})
        cal.z = np.array([])
    if max_width is None:
        max_width = DEFAULT_MAX_WIDTH
        width_rule = f"{DEFAULT_MAX_WIDTH:g} points (no panel of provinces)"
        width_info = {"kind": "default", "width": DEFAULT_MAX_WIDTH}
        if panel is not None:
            g = panel.loc[panel["year"] <= origin, "growth"].to_numpy(dtype=float)
            if len(g) >= 50:
                q10, q90 = np.quantile(g, [0.1, 0.9])
                max_width = float(q90 - q10)
                width_rule = (f"{max_width:.1f} points: the 10th-90th percentile spread of "
                              f"{len(g)} province-years of growth up to {origin} "
                              f"({q10:+.1f}% to {q90:+.1f}%)")
                width_info = {"kind": "panel", "width": max_width, "n": len(g), "origin": origin,
                              "q10": float(q10), "q90": float(q90)}
    else:
        width_rule = f"{float(max_width):g} points (given)"
        width_info = {"kind": "given", "width": float(max_width)}
    max_width = float(max_width)

    rows = []
    a = (1.0 - level) / 2.0

    def probs(dist):
        if point is not None:
            p = float(dist.sf(point))
            return p, p, p, 100.0 * (1.0 - p)
        pl, ph = float(dist.sf(low)), float(dist.sf(high))
        return float(dist.prob_between(low, high)), pl, ph, 100.0 * float(dist.cdf((low + high) / 2))

    from hatinh_analysis.models import model_family

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
                     "chance": N_("not calibrated") if fc.ok else "–", "target_percentile": pct,
                     "verdict": verdict, "calibrated": False,
                     "notes": "; ".join([N_("plug-in: not calibrated")] + [n for n in fc.notes
                                                                         if n not in prep.notes])})
    record = _scoreboard_record(horizon, level, meta, table, as_of)
    record["width_rule"] = width_rule
    record["width_info"] = width_info
    if not cal.ok:
        record["probability_printed"] = False
        record["probability_note"] = _NO_DISTRIBUTION
    else:
        # stored in English (the sidecar's record); TargetCheck.probability_note_text translates
        record["probability_printed"], record["probability_note"] = probability_printable(record, "en")
    if cal.ok:
        lo, hi = cal.interval(level)
        pr, pl, ph, pct = probs(cal)
        verdict = verdict_from(pl, ph, hi - lo, level, max_width)
    else:
        lo = hi = pr = pct = float("nan")
        verdict = "uncertain"
    chance = (format_probability(pr) if record["probability_printed"] else
              N_("withheld") if math.isfinite(pr) else "–")
    members = ", ".join(f"{f}: {'+'.join(d['members'])}" for f, d in ens.families.items())
    rows.append({"model": "combined", "family": "all", "spec": N_("equal weights over families (%(members)s)") % {"members": members},
                 "n_obs": len(prep.used), "forecast": ens.point, "lower": lo, "upper": hi,
                 "prob_reach": pr, "chance": chance, "target_percentile": pct,
                 "verdict": verdict,
                 "calibrated": bool(cal.ok), "notes": "; ".join(cal.notes)})
    tab = pd.DataFrame(rows, columns=COLUMNS)
    if not record["table_current"]:
        notes.append(N_("the calibration table was built from data %(fingerprint)s, not the data in "
                        "use; build one for these data with `%(command)s --cache` (or rebuild the "
                        "committed one after a change of the shipped data)")
                     % {"fingerprint": record["data_fingerprint"], "command": record["rebuild"]})
    hist = _history(prep.used, point, low, high)
    tgt = (low, high) if point is None else point
    excluded_years = sorted(set(prep.excluded))
    ref_class = None
    if panel is not None and len(prep.used) >= 3:
        from hatinh_analysis.calibration import similar_records

        recent = float(np.median(prep.used.iloc[-3:].to_numpy()))
        ref_class = similar_records(panel[panel["unit"] != unit], recent, upto_year=origin)
        ref_class.attrs = {"recent": recent, "window": 3, "band": 5.0,
                           "recent_years": [int(y) for y in prep.used.index[-3:]]}
    result = TargetCheck(
        table=tab, verdict=verdict, verdict_rule=VERDICT_RULE, summary="", calibrated=cal,
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
    result.summary_inputs = (prep, point, low, high, a)
    result.summary = _summary(result, prep, point, low, high, a)
    return result


_NO_DISTRIBUTION = N_("withheld: no calibrated distribution")


def direction_text(check: "TargetCheck", lang: str | None = None) -> str:
    """For a "too uncertain to judge" verdict with a calibrated distribution: where the target
    lies against the central forecast, with the calibrated chance when `PRINTING_RULE` allows
    it ("" otherwise) - so the reader learns how likely the target is without a verdict word.

    When to use
        After the verdict in any text of a check (the summary and the report use it).
    """
    if check.verdict != "uncertain" or not check.calibrated.ok:
        return ""
    _ = translator(lang)
    point = float(check.combined["forecast"])
    low, high = check.target if check.is_range else (check.target, check.target)
    side = "above" if low > point else "below" if high < point else "inside"
    forecast = _pct(point, True, lang)
    chance = (format_probability(check.prob_reach, lang) if check.probability_printed else
              _("withheld"))
    if side == "above":
        return _("Too uncertain to judge, but the target lies above the central forecast "
                 "(%(forecast)s): calibrated chance of reaching it %(chance)s.",
                 forecast=forecast, chance=chance)
    if side == "below":
        return _("Too uncertain to judge, but the target lies below the central forecast "
                 "(%(forecast)s): calibrated chance of reaching it %(chance)s.",
                 forecast=forecast, chance=chance)
    return _("Too uncertain to judge; the central forecast (%(forecast)s) lies inside the target "
             "range: calibrated chance of growth within it %(chance)s.",
             forecast=forecast, chance=chance)


def _summary(r: TargetCheck, prep, point, low, high, a, lang: str | None = None) -> str:
    _ = translator(lang)
    attrs = prep.series.attrs or {}
    what = attrs.get("label") or attrs.get("indicator") or prep.series.name
    if _.lang != "en" and attrs.get("indicator"):
        try:
            what = term("indicator", attrs["indicator"], lang)
        except ValueError:  # an indicator outside the vocabulary keeps its label
            pass
    where = _province_name(attrs.get("province"), lang)
    subject = ", ".join(str(x) for x in (what, where) if x)
    ttxt = (_pct(point, True, lang) if point is not None else
            _("%(low)s to %(high)s", low=_pct(low, True, lang), high=_pct(high, True, lang)))
    lv = _frac(round(r.level * 100) / 100, lang)
    used = prep.used
    span = dict(num=len(used), first=int(used.index[0]), last=int(used.index[-1]))
    if subject:
        first = _("Target: growth of %(target)s in %(year)s for %(subject)s, checked against "
                  "%(num)s years of growth (%(first)s-%(last)s).", target=ttxt, year=r.target_year,
                  subject=subject, **span)
    else:
        first = _("Target: growth of %(target)s in %(year)s, checked against %(num)s years of "
                  "growth (%(first)s-%(last)s).", target=ttxt, year=r.target_year, **span)
    out = [first]
    out.append(_("One-off shocks: %(note)s.", note=shock_note_text(r, lang)))
    if r.exclude_years:
        out.append(_("Left out at the user's request: %(years)s.", years=fmt_years(r.exclude_years)))
    if prep.breaks:
        out.append(_("A lasting level shift from %(years)s is assumed.", years=fmt_years(prep.breaks)))
    comb = r.combined
    fams = "; ".join(f"{_family_name(f, lang)} {_pct(d['forecast'], True, lang)} "
                     f"({', '.join(_model_name(m, lang) for m in d['members'])})"
                     for f, d in r.families.items())
    out.append(_("Combined forecast %(forecast)s (equal weights over families: %(families)s).",
                 forecast=_pct(comb['forecast'], True, lang), families=fams))
    cal = r.calibrated
    if cal.ok:
        ref = cal.reference
        event = (_("at least %(target)s", target=_pct(point, True, lang)) if point is not None else
                 _("between %(low)s and %(high)s", low=_pct(low, True, lang), high=_pct(high, True, lang)))
        note = r.probability_note_text(lang)
        chance = (_("%(chance)s (%(note)s).", chance=format_probability(r.prob_reach, lang), note=note)
                  if r.probability_printed else note + ".")
        out.append(_("Calibrated %(level)s range %(lower)s to %(upper)s, from %(n)s one-year-ahead "
                     "errors of %(n_series)s other series (outcomes %(first)s-%(last)s); chance of "
                     "growth %(event)s: ", level=lv, lower=_pct(comb['lower'], True, lang),
                     upper=_pct(comb['upper'], True, lang), n=ref['n'], n_series=ref['n_series'],
                     first=min(ref['years']), last=max(ref['years']), event=event) + chance)
    else:
        out.append(_("No calibrated distribution: %(notes)s.",
                     notes="; ".join(translate_text(n, lang) for n in cal.notes)))
    a_text = f"{a:.2f}" if _.lang == "en" else _babel_decimal(a, lang)
    out.append(_("Verdict: %(verdict)s. Rule: %(rule)s; here a = %(a)s and max_width = %(width)s.",
                 verdict=verdict_label(r.verdict, lang), rule=_(VERDICT_RULE), a=a_text,
                 width=width_rule_text(r.calibration, lang)))
    caveat = r.verdict_caveat_text(lang)
    if caveat:
        out.append(caveat)
    if direction_text(r, lang):
        out.append(direction_text(r, lang))
    out.append(_("The models' own (plug-in) ranges and chances in the table are not calibrated and "
                 "do not decide the verdict."))
    out.extend(translate_text(n, lang) for n in r.notes)
    return " ".join(out)


def _family_name(family: str, lang: str | None) -> str:
    """A model family's name: the code in English (as before), the glossary term otherwise."""
    if translator(lang).lang == "en":
        return family
    try:
        return term("family", family, lang)
    except ValueError:
        return family


def _model_name(model: str, lang: str | None) -> str:
    if translator(lang).lang == "en":
        return model
    try:
        return term("model", model, lang)
    except ValueError:
        return model


def width_rule_text(record: dict, lang: str | None = None) -> str:
    """The width rule of "too uncertain to judge" (``calibration["width_rule"]``) in ``lang``.

    When to use
        When printing the verdict rule in a language other than English (the stored text is English).
    """
    _ = translator(lang)
    info = record.get("width_info")
    if _.lang == "en" or not info:
        return str(record.get("width_rule", ""))
    from hatinh_analysis.i18n import format_points

    width = format_points(info["width"], lang, decimals=1, signed=False)
    if info["kind"] == "panel":
        return _("%(width)s: the 10th-90th percentile spread of %(n)s province-years of growth up "
                 "to %(origin)s (%(q10)s to %(q90)s)", width=width, n=info["n"], origin=info["origin"],
                 q10=_pct(info["q10"], True, lang), q90=_pct(info["q90"], True, lang))
    if info["kind"] == "given":
        return _("%(width)s (given)", width=width)
    return _("%(width)s (no panel of provinces)", width=width)


_JOINS = re.compile(r"(\d{4}) joins the shock episode of (\d{4}): ([\d.]+) robust sd from the median "
                    r"of the other years \(([+-]?[\d.]+)%, robust sd ([\d.]+)\)")


def shock_reason_text(shocks, year: int, lang: str | None = None) -> str:
    """Why ``year`` was flagged as a one-off shock (``Shocks.reason``) in ``lang``.

    When to use
        When printing shock reasons in Vietnamese (``Shocks.reason`` writes English); the
        episode notes of :mod:`hatinh_analysis.breaks` are read back from their English form.
    """
    _ = translator(lang)
    if _.lang == "en":
        return shocks.reason(year)
    for n in shocks.notes:
        m = _JOINS.match(n)
        if m and int(m.group(1)) == int(year):
            return _("%(year)s joins the shock episode of %(episode)s: %(z)s robust standard "
                     "deviations from the median of the other years (%(median)s, robust sd "
                     "%(scale)s)", year=year, episode=m.group(2),
                     z=_babel_decimal(float(m.group(3)), lang, 1),
                     median=_pct(float(m.group(4)), True, lang),
                     scale=_babel_decimal(float(m.group(5)), lang, 1))
    z = shocks.scores[int(year)]
    msg = (N_("%(year)s: %(z)s robust standard deviations above the median (%(median)s, robust sd "
              "%(scale)s points)") if z > 0 else
           N_("%(year)s: %(z)s robust standard deviations below the median (%(median)s, robust sd "
              "%(scale)s points)"))
    return _(msg, year=int(year), z=_babel_decimal(abs(z), lang, 1),
             median=_pct(shocks.median, True, lang), scale=_babel_decimal(shocks.scale, lang, 1))


def shock_note_text(check: "TargetCheck", lang: str | None = None) -> str:
    """``check.shock_note`` (what the shock detector flagged and what was done) in ``lang``.

    When to use
        When printing the shock note in a language other than English (``shock_note`` is English).
    """
    _ = translator(lang)
    sh = check.shocks
    if _.lang == "en":
        return check.shock_note
    if sh is None:
        return _("one-off shock detection turned off (shocks=False)")
    if not sh.ok:
        return _("no shock detection: %(notes)s",
                 notes="; ".join(translate_text(n, lang) for n in sh.notes))
    rule = _("|g - median| / (1.4826 x MAD) > %(threshold)s (modified z-score, Iglewicz & Hoaglin "
             "1993)", threshold=_babel_decimal(sh.threshold, lang, None))
    if check.shock_years:
        return _("flagged as one-off shocks and left out of every fit: %(reasons)s (rule: %(rule)s; "
                 "pass shocks=False to keep them, or break_years for a lasting shift)",
                 reasons="; ".join(shock_reason_text(sh, y, lang) for y in check.shock_years),
                 rule=rule)
    flagged = [y for y in sh.years if y not in check.exclude_years]
    if flagged:
        return _("flagged %(years)s but kept in the fits (%(reasons)s)", years=fmt_years(flagged),
                 reasons="; ".join(shock_reason_text(sh, y, lang) for y in flagged))
    return _("no year flagged as a one-off shock (rule: %(rule)s)", rule=rule)


def _babel_decimal(x: float, lang: str | None, decimals: int | None = 2) -> str:
    from hatinh_analysis.i18n import format_number

    return format_number(float(x), lang, decimals=decimals)


def _province_name(pid, lang: str | None = None) -> str | None:
    if not pid:
        return None
    from hatinh_analysis.i18n import area_name

    try:
        return area_name(pid, lang)
    except ValueError:  # a code outside the vocabulary (a user's test series): shown as given
        return str(pid)
