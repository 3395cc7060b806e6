"""The engine's data frames for reading: headers in words, cells in the reader's language.

:func:`display_table` is for the raw frames a notebook shows for analysis
(``check.table``, ``record.table``, ``board.summary_frame()``), in an appendix of the
report; the frames themselves keep their codes and numbers.
"""
from __future__ import annotations

import math

import re

import numpy as np
import pandas as pd

from hatinh_analysis.i18n import N_, NC_, say, translator
from hatinh_analysis.words import _family, _p0, _yes, coverage_word, model_label, verdict_word

__all__ = ["display_table", "COLUMN_LABELS", "LEVEL_COLUMN_LABELS"]


#: Headers of the engine's data frames (``check.table``, ``record.table``,
#: ``board.summary_frame()``) by column; English msgids of the catalogue. Columns per
#: interval level (``hits_80`` …) are in :data:`LEVEL_COLUMN_LABELS`.
COLUMN_LABELS = {
    # check.table
    "model": N_("Model"), "family": N_("Model family"), "spec": N_("Specification"),
    "n_obs": N_("Years used"), "forecast": N_("Central forecast"), "lower": N_("Lower bound"),
    "upper": N_("Upper bound"), "prob_reach": N_("Chance of reaching the target"),
    "chance": N_("Chance as printed"), "target_percentile": N_("Percentile of the target"),
    "verdict": N_("Verdict"), "calibrated": N_("Calibrated"), "notes": N_("Notes"),
    # record.table
    "indicator": N_("Indicator"), "year": N_("Year"), "target": N_("Target"),
    "target_high": N_("Target, upper end"), "unit": N_("Unit"), "basis": N_("Price basis"),
    "target_published": N_("Target published"), "target_source": N_("Source of the target"),
    "target_growth": N_("Target growth, %"), "base_value": N_("Base-year value"),
    "outcome": N_("Outcome"), "outcome_status": N_("Status of the outcome"),
    "outcome_published": N_("Outcome published"), "outcome_source": N_("Source of the outcome"),
    "outcome_growth": N_("Outcome growth, %"), "met": N_("Met"),
    "gap_points": N_("Gap, percentage points"), "outcome_year_end": N_("Year-end estimate"),
    "outcome_year_end_status": N_("Status of the year-end estimate"),
    "met_year_end": N_("Met by the year-end estimate"),
    "gap_points_year_end": N_("Gap of the year-end estimate, percentage points"),
    "result": N_("Result"), "counted": N_("Counted"), "note": N_("Note"),
    # board.summary_frame()
    "method": N_("Method"), "horizon": N_("Years ahead"), "n": N_("Forecasts"),
    "crps": N_("CRPS"), "mae": N_("Mean absolute error, percentage points"),
    "brier": N_("Brier score"), "status": N_("Status"), "series": N_("Series"),
    "province": N_("Province"), "ref_class": N_("Class of series"),
    # the in-year tracker: TrackCheck.table, its summary_frame(), tracking_scoreboard_frame()
    "month": N_("Month"),
    "figure": N_("Growth, % (needed rows: the remaining months; others: the whole year)"), "ytd": N_("Growth of the months so far, %"), "years": N_("Years"),
    "n_figures": N_("Figures"), "mean_error": N_("Mean error, typical monthly swings"),
    "sd_year": N_("Spread common to the year, typical monthly swings"),
    "sd_within": N_("Spread within the year, typical monthly swings"),
    "year_share": N_("Share of the spread common to the year"),
    "year_share_pct": N_("Share of the spread common to the year, %"),
    "df": N_("Degrees of freedom"), "z_lower": N_("Lower bound, typical monthly swings"),
    "z_upper": N_("Upper bound, typical monthly swings"),
    "width_points": N_("Width of the range, percentage points"),
}
#: Headers of the columns per interval level; ``%(level)s`` is the level ("80%").
LEVEL_COLUMN_LABELS = {
    "hits": N_("Outcomes inside the %(level)s interval"),
    "coverage": N_("Coverage of the %(level)s interval"),
    "wilson_lo": N_("Coverage of the %(level)s interval, 95%% band from"),
    "wilson_hi": N_("Coverage of the %(level)s interval, 95%% band to"),
    "calibration": N_("Calibration of the %(level)s interval"),
    "is": N_("Interval score %(level)s"),
    "msis": N_("Scaled interval score (MSIS) %(level)s"),
}
_LEVEL_COLUMN = re.compile(r"(hits|coverage|wilson_lo|wilson_hi|calibration|is|msis)_(\d{2})")
_ALL_FAMILIES = NC_("family", "all families")
#: Columns holding codes of a vocabulary (``hatinh_analysis.i18n.TERMS``) by kind.
_TERM_COLUMNS = {"chance": "chance", "indicator": "indicator", "basis": "basis", "result": "result",
                 "ref_class": "ref_class",
                 "status": "status", "outcome_status": "status", "outcome_year_end_status": "status"}


def _model_display(code, lang: str | None) -> str:
    """A model or method code as a name: the glossary's term, else the table label."""
    try:
        return translator(lang).term("model", code)
    except ValueError:
        return model_label(code, lang)


def _code_display(column: str, value, lang: str | None):
    """One cell of a code column in words (a value outside the vocabulary as given)."""
    _ = translator(lang)
    if not isinstance(value, str):
        return value
    if column in ("model", "method"):
        return _model_display(value, lang)
    if column == "family":
        if value == "all":
            return _.pgettext("family", _ALL_FAMILIES)
        return _family(value, lang)
    if column == "verdict":
        return verdict_word(value, lang)
    if column == "unit":
        try:
            return _.term("axis", value)
        except ValueError:
            return value
    if column.startswith("calibration_"):
        return coverage_word(value, lang)
    kind = _TERM_COLUMNS.get(column)
    if kind:
        try:
            return _.term(kind, value)
        except ValueError:
            return value
    return say(value, lang)


def _header(column, lang: str | None):
    _ = translator(lang)
    if not isinstance(column, str):
        return column
    if column in COLUMN_LABELS:
        return _(COLUMN_LABELS[column])
    m = _LEVEL_COLUMN.fullmatch(column)
    if m:
        return _(LEVEL_COLUMN_LABELS[m.group(1)], level=_p0(int(m.group(2)) / 100, lang))
    return column


def _cell(column, value, lang: str | None) -> str:
    """One cell for reading: numbers in the language's notation, missing as "–", flags as
    yes/no, codes by their terms, notes said."""
    import numbers

    from hatinh_analysis.i18n import format_number

    if isinstance(value, (bool, np.bool_)):
        return _yes(bool(value), lang)
    if isinstance(value, (tuple, list)) or hasattr(value, "to_dict"):
        return say(value, lang) or "–"
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "–"
    if isinstance(value, numbers.Integral):
        return str(int(value))   # years and counts
    if isinstance(value, numbers.Real):
        if math.isinf(value):  # an unbounded range's interval score (calibration variants)
            return "∞" if value > 0 else "−∞"
        return format_number(float(value), lang, decimals=2)
    name = column if isinstance(column, str) else ""
    return _code_display(name, value, lang)


def display_table(frame, lang: str | None = None):
    """A copy of one of the engine's data frames for reading, in ``lang``.

    For the raw frames a notebook shows for analysis — ``check.table[[...]]``,
    ``record.table``, ``board.summary_frame()[[...]]`` — whose cells hold codes
    (``"plausible"``, ``"mean_growth"``, ``"met"``, ``True``), numbers and the engine's notes.
    The frame itself is not changed, so code that reads its codes keeps working in every
    language; only the copy shown is written for a reader.

    Parameters
    ----------
    frame : pandas.DataFrame
        Any of those frames or a selection of their columns.
    lang : {"vi", "en"}, optional
        Default: the current language.

    Returns
    -------
    pandas.DataFrame
        Same rows in the same order with the same index, every cell text: column headers
        in words (:data:`COLUMN_LABELS`); numbers in the language's notation (two
        decimals; years and counts as they are; ±∞ as "∞"), a missing value as "–"; True/False as
        yes/no; codes of verdicts, model families, models and methods, indicators, price
        bases, statuses, results and calibration words by their terms; notes and
        specifications said by :func:`hatinh_analysis.i18n.say`.

    Raises
    ------
    ValueError
        ``frame`` is not a DataFrame, or ``lang`` is not supported (the message names the
        parameter).

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"model": ["mean_growth"], "forecast": [12.19], "verdict": ["plausible"],
    ...                       "calibrated": [False]})
    >>> shown = display_table(frame, "vi")
    >>> list(shown.columns)
    ['Mô hình', 'Dự báo trung tâm', 'Kết luận', 'Đã hiệu chuẩn']
    >>> shown.iloc[0].tolist()
    ['tăng trưởng bình quân', '12,19', 'có thể đạt', 'không']
    """
    from hatinh_analysis.i18n import check_lang

    lang = check_lang(lang, param="lang")
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"frame must be a pandas DataFrame (e.g. check.table[[...]]), got "
                         f"{type(frame).__name__}")
    out = frame.copy()
    for i, column in enumerate(frame.columns):
        words = frame.iloc[:, i].map(lambda v, c=column: _cell(c, v, lang))
        out.isetitem(i, words.astype(object))
    out.columns = [_header(c, lang) for c in frame.columns]
    return out
