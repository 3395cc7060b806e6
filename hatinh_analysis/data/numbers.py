"""Parsing numbers written the Vietnamese way ("1.108,95", "32,12%")."""
from __future__ import annotations

import math
import numbers
import re
from decimal import Decimal

from hatinh_analysis.data.errors import DataError

# Only ASCII digits and the two separators are admitted before babel sees the
# text: babel (via Decimal) would also accept "1e5", "1_000" and non-ASCII
# digits, none of which is a number as printed in a Vietnamese publication.
_SHAPE = re.compile(r"[+-]?[0-9][0-9.,]*")
_MINUS_SIGNS = "\u2212\u2012\ufe63\uff0d"  # minus sign, figure dash, small/full-width hyphen-minus


def parse_vn_number(text, *, percent: str = "strip") -> float:
    """Parse a number printed in the Vietnamese convention.

    In Vietnamese, ``.`` groups thousands and ``,`` is the decimal mark:
    ``"75.800"`` is 75 800, ``"1.108,95"`` is 1 108.95, ``"32,12%"`` is 32.12.

    Parameters
    ----------
    text : str
        The number as printed. Surrounding whitespace (including non-breaking
        spaces), a leading ``+``/``-`` or Unicode minus sign ``−``, and a trailing
        ``%`` are allowed. A real number (``int``/``float``/``Decimal``, e.g. a
        numeric spreadsheet cell) is returned as ``float`` unchanged.
    percent : {"strip", "reject"}, default "strip"
        ``"strip"`` returns ``"32,12%"`` as 32.12 (the number of percent, which
        is how growth rates are stored, unit ``pct_change``). Use ``"reject"``
        when the field must not carry a percent sign (e.g. an amount).

    Returns
    -------
    float

    Raises
    ------
    DataError
        For anything that is not exactly one number in this convention, quoting
        the text: empty text, words (``"2,56 tỷ"`` — convert the unit yourself:
        2,56 tỷ USD is 2 560 mn USD), several decimal commas (``"1,2,3"``), dots
        that do not group thousands (``"1.2.3,4,5"``, ``"1.5"``), scientific
        notation.

    Notes
    -----
    ``"1.200"`` is **1200**, not 1.2: a dot followed by exactly three digits is a
    thousands separator in Vietnamese. Use this function only on text known to be
    Vietnamese-formatted (quotes from Vietnamese sources, Vietnamese Excel
    exports); English-formatted text such as ``"1.5"`` raises rather than being
    silently read as 15, but ``"1.200"`` cannot be told apart and reads as 1200.
    Parsing is delegated to ``babel.numbers.parse_decimal(locale="vi",
    strict=True)``, which checks the grouping.

    Examples
    --------
    >>> parse_vn_number("27.993,9")
    27993.9
    >>> parse_vn_number("-7,54")
    -7.54
    >>> parse_vn_number("32,12%")
    32.12
    """
    if isinstance(text, numbers.Real) and not isinstance(text, bool):
        value = float(text)
        if not math.isfinite(value):
            raise DataError(f"not a finite number: {text!r}")
        return value
    if isinstance(text, Decimal):  # Decimal is not registered as numbers.Real
        return parse_vn_number(float(text))
    if not isinstance(text, str):
        raise DataError(f"expected text holding a number, got {type(text).__name__} {text!r}")
    if percent not in ("strip", "reject"):
        raise ValueError(f"percent must be 'strip' or 'reject', not {percent!r}")

    s = text.strip()
    for ch in _MINUS_SIGNS:
        s = s.replace(ch, "-")
    if s.endswith("%"):
        if percent == "reject":
            raise DataError(f"{text!r} carries a percent sign where a plain number is expected")
        s = s[:-1].rstrip()
    if re.search(r"[^\W\d_]", s):
        raise DataError(
            f"{text!r} contains words, not just a number (a unit such as 'tỷ' or "
            "'triệu' must be converted by the caller)"
        )
    if not _SHAPE.fullmatch(s):
        raise DataError(
            f"{text!r} is not a number in Vietnamese notation "
            "(digits, '.' for thousands, ',' for decimals, optional sign and %)"
        )

    # Imported here: babel's locale data is only needed when text is parsed.
    from babel.numbers import NumberFormatError, parse_decimal

    try:
        value = parse_decimal(s, locale="vi", strict=True)
    except NumberFormatError as exc:
        hint = ""
        if getattr(exc, "suggestions", None):
            hint = " (did you mean " + " or ".join(repr(x) for x in exc.suggestions) + "?)"
        raise DataError(
            f"{text!r} is not a well-formed number in Vietnamese notation "
            f"('.' groups thousands in threes, ',' is the decimal mark){hint}"
        ) from None
    return float(value)
