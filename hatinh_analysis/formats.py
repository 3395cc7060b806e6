"""One place for the small vocabularies shown to readers: names, year ranges, numbers, JSON.

Charts, tables, notebook text, the index page and batch summaries all format
the same things; they use these functions so that they never disagree
(e.g. the whole country is always called by its name in
:data:`hatinh_analysis.data.vocab.PROVINCES`).

This module imports nothing heavy (no pandas, no NumPy) and nothing else of the
package at import time, so every layer may use it.
"""
from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["province_name", "indicator_label", "series_label", "year_ranges", "fmt_growth", "format_value", "to_jsonable"]


def province_name(code: str, lang: str | None = None, *, in_sentence: bool = False) -> str:
    """Display name of a province code in ``lang`` (default: the current language).

    The one rule, from :func:`hatinh_analysis.i18n.area_name`: provinces keep their
    Vietnamese names in both languages, the whole country is "Whole country" /
    "Cả nước"; a code outside the vocabulary (e.g. a user's own series) is shown as given.

    >>> province_name("ha_tinh")
    'Hà Tĩnh'
    >>> province_name("vietnam", "en"), province_name("vietnam", "vi")
    ('Whole country', 'Cả nước')
    >>> province_name("atlantis")
    'atlantis'

    ``in_sentence=True``: the whole country as inside a sentence ("the whole country" / "cả
    nước", no capital mid-sentence).
    """
    from hatinh_analysis.i18n import area_name

    try:
        return area_name(code, lang, in_sentence=in_sentence)
    except ValueError:
        return str(code)


def indicator_label(code: str) -> str:
    """Human label of an indicator id (the id itself when unknown).

    >>> indicator_label("iip")
    'Industrial production index (IIP)'
    """
    from hatinh_analysis.data.vocab import INDICATORS

    return INDICATORS[code].label if code in INDICATORS else code


def series_label(series, lang: str | None = None) -> str:
    """What a loaded series measures, in running text and in ``lang``.

    The indicator's term from the catalogue (``vi``) or the series' own label,
    with a lower-case first letter unless it is an acronym:
    "industrial production index (IIP)" / "chỉ số sản xuất công nghiệp (IIP)".
    Use it inside sentences and titles; :func:`indicator_label` is the heading form.
    """
    from hatinh_analysis.i18n import translator

    _ = translator(lang)
    attrs = getattr(series, "attrs", {}) or {}
    label = str(attrs.get("label") or getattr(series, "name", "") or "series")
    if _.lang != "en" and attrs.get("indicator"):
        try:
            label = _.term("indicator", attrs["indicator"])
        except ValueError:  # an indicator outside the vocabulary keeps its label
            pass
    return label[0].lower() + label[1:] if len(label) > 1 and label[1].islower() else label


def year_ranges(years: Iterable[int]) -> str:
    """Years as runs: consecutive years joined by an en dash, runs by commas.

    >>> year_ranges([2019, 2017, 2018, 2021, 2015])
    '2015, 2017–2019, 2021'
    >>> year_ranges([])
    ''
    """
    ys = sorted({int(y) for y in years})
    out, start = [], None
    for i, y in enumerate(ys):
        if start is None:
            start = y
        if i + 1 == len(ys) or ys[i + 1] != y + 1:
            out.append(str(start) if start == y else f"{start}–{y}")
            start = None
    return ", ".join(out)


def fmt_growth(x: Any, digits: int = 1) -> str:
    """A growth rate in % with its sign; a missing value is an en dash.

    >>> fmt_growth(8.5), fmt_growth(-0.84, 2), fmt_growth(float("nan")), fmt_growth(None)
    ('+8.5%', '-0.84%', '–', '–')
    """
    if x is None:
        return "–"
    try:
        x = float(x)
    except (TypeError, ValueError):
        return str(x)
    return "–" if math.isnan(x) else f"{x:+.{digits}f}%"


def format_value(value: Any) -> str:
    """A parameter value in a file name, a table or a message.

    >>> format_value(None), format_value(True), format_value(5.0), format_value([2017, 2018]), format_value([])
    ('none', 'true', '5', '2017,2018', '[]')
    """
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple)):
        return ",".join(format_value(v) for v in value) if value else "[]"
    return str(value)


def to_jsonable(value: Any) -> Any:
    """Convert *value* into plain JSON types.

    NumPy scalars become Python numbers, NaN and ±inf become ``None``, tuples and
    sets become lists, dates ISO strings, pandas objects go through
    ``to_dict``/``tolist`` and mapping keys become strings.

    >>> to_jsonable({"a": (1, float("nan")), 2: {"d": __import__("datetime").date(2019, 12, 25)}})
    {'a': [1, None], '2': {'d': '2019-12-25'}}
    """
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_jsonable(v) for v in value]
    # NumPy / pandas, without importing them
    if hasattr(value, "item") and getattr(value, "ndim", None) == 0:
        return to_jsonable(value.item())
    if hasattr(value, "to_dict") and hasattr(value, "columns"):  # DataFrame
        return to_jsonable(value.to_dict(orient="records"))
    if hasattr(value, "to_dict"):  # Series
        return to_jsonable(value.to_dict())
    if hasattr(value, "tolist"):
        return to_jsonable(value.tolist())
    return str(value)
