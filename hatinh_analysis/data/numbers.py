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


# --------------------------------------------------------------------------- which notation a table uses
#: "75.800": 75 800 in Vietnamese notation, 75.8 in English — the text alone cannot tell.
_AMBIGUOUS_DOT = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+")
#: "1,234": 1.234 in Vietnamese notation, 1 234 in English.
_AMBIGUOUS_COMMA = re.compile(r"[+-]?\d{1,3},\d{3}")
#: A decimal comma that cannot be a thousands separator ("10,64", "1.108,95", "1108,9").
_SURE_VI = re.compile(r"[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+),\d+")
#: A decimal point that cannot be a thousands separator ("10.64", "1108.95", "0.5").
_SURE_EN = re.compile(r"[+-]?\d*\.\d+")

#: What each notation means, for messages.
NOTATIONS = {
    "vi": "Vietnamese notation (',' is the decimal mark, '.' groups thousands: 1.108,95)",
    "en": "machine notation ('.' is the decimal mark, no thousands separator: 1108.95)",
}


def ambiguity(text: str, notation: str) -> str | None:
    """Why *text* cannot be read safely in *notation* (``"vi"`` or ``"en"``), or None.

    ``"75.800"`` in a table written with decimal points and ``"1,234"`` in a
    Vietnamese table could each be a thousand or a fraction: such a cell is refused,
    never guessed (a 1000× error would pass every later check).
    """
    s = str(text).strip()
    if notation == "en" and _AMBIGUOUS_DOT.fullmatch(s):
        whole = s.replace(".", "")
        return (f"{s!r} is ambiguous: {whole} in Vietnamese notation ('.' groups thousands), "
                f"{float(s):g} with a decimal point. Write {whole} (no separator) for the thousands, or "
                f"add a decimal digit ({s}0) for the fraction; a table written the Vietnamese way "
                "(decimal commas elsewhere, or number_format='vi') reads it as thousands")
    if notation == "vi" and _AMBIGUOUS_COMMA.fullmatch(s):
        whole = s.replace(",", "")
        return (f"{s!r} is ambiguous: {s.replace(',', '.')} in Vietnamese notation (',' is the decimal "
                f"mark), {whole} with ',' grouping thousands. Write {whole} (no separator) for the "
                f"thousands, or add a decimal digit ({s}0) for the fraction")
    return None


def decide_notation(cells) -> tuple[str, str]:
    """The notation of a table's numbers written as text, from the cells that show it.

    Parameters
    ----------
    cells : iterable of (row, column, text)
        The value cells that hold text (numeric spreadsheet cells carry no notation).

    Returns
    -------
    (str, str)
        ``"vi"`` when some cell has a decimal comma that cannot be a thousands
        separator (``"10,64"``), ``"en"`` otherwise; and the reason, naming the
        row and column that showed it (``""`` when no cell did: then ``"en"``,
        and ambiguous cells are refused by :func:`ambiguity`).

    Raises
    ------
    DataError
        Both notations in one table (``"10,64"`` in one row, ``"10.64"`` in
        another), naming both cells.
    """
    first = {}
    for row, column, text in cells:
        s = str(text).strip().rstrip("%").strip()
        for notation, pattern in (("vi", _SURE_VI), ("en", _SURE_EN)):
            if notation not in first and pattern.fullmatch(s) and not ambiguity(s, notation):
                first[notation] = (row, column, s)
    if "vi" in first and "en" in first:
        (r1, c1, t1), (r2, c2, t2) = first["vi"], first["en"]
        err = DataError(f"numbers are written two ways: {t1!r} (row {r1}, column {c1}) has a decimal comma, "
                        f"{t2!r} (row {r2}, column {c2}) a decimal point; write every number one way")
        err.row, err.column = r2, c2
        raise err
    for notation in ("vi", "en"):
        if notation in first:
            row, column, s = first[notation]
            return notation, f"row {row}, column {column}: {s!r}"
    return "en", ""
