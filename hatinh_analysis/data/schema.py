"""The observations schema and its one validator (shared by build, store, read_table, user files).

A table of observations is validated cell by cell; the first problem raises a
:class:`~hatinh_analysis.data.errors.DataError` naming the file, the row (1-based,
header = row 1, as a spreadsheet shows it) and the column. Nothing is coerced to
NaN and no row is dropped: an empty ``value`` is an error, not a missing figure.

Values must lie in their domain (:func:`check_value`): finite; an index
(previous year = 100) above 0; a growth rate above −100 %; a level (bn VND, mn USD,
mn tonnes) not negative; and inside the plausibility bounds :data:`PLAUSIBLE`
unless the figure is confirmed deliberately (column ``beyond_bound`` = ``yes`` or
``allow_beyond_bound=True``).

Size: 723 lines, over the ~600 of the style rule, because the one validator of every table
(shipped, user's, monthly): one place for every rule a figure must pass.
"""
from __future__ import annotations

import calendar
import datetime as dt
import math
import numbers
import re
from typing import NamedTuple

import pandas as pd

from hatinh_analysis.data import vocab
from hatinh_analysis.data.errors import DataError, UnknownNameError

#: Plausibility bounds per unit, inclusive (documented in data/README.md). Wider than any
#: figure published so far (index 43.3 … 322.8, Thái Nguyên 2014; growth −17 … +90 %;
#: output ≤ 84 142 bn VND …) and far inside what is impossible; a figure outside is
#: far more likely a typo or a unit mix-up (0.3212 for 32.12 %, VND for bn VND) than real.
#: Growth: index 10..600 = −90 % … +500 %. Levels: bn_vnd ≤ 50 000 000 (≈ 4× Vietnam's
#: 2024 GDP at current prices), mn_usd ≤ 2 000 000 (≈ 2.5× Vietnam's 2024 trade in goods),
#: mn_tonnes ≤ 1 000.
PLAUSIBLE = {
    "index_prev_year=100": (10.0, 600.0),
    "pct_change": (-90.0, 500.0),
    "bn_vnd": (0.0, 50_000_000.0),
    "mn_usd": (0.0, 2_000_000.0),
    "mn_tonnes": (0.0, 1_000.0),
}
#: Optional column of a user's table: "yes" confirms a figure beyond :data:`PLAUSIBLE`.
CONFIRM_COLUMN = "beyond_bound"
_YES, _NO = ("yes", "y", "true", "1", "x", "có", "co"), ("", "no", "n", "false", "0", "không")

COLUMNS = ("province", "indicator", "year", "value", "value_high", "unit", "basis",
           "status", "published", "source_id", "quote", "file", "sheet", "cell", "industry")
#: Provenance columns for rows read from an official file; may be absent in a user's table.
OPTIONAL_COLUMNS = ("industry", "file", "sheet", "cell")
SOURCE_COLUMNS = ("source_id", "publisher", "title", "url", "published", "language", "file")
SOURCE_OPTIONAL_COLUMNS = ("file",)
#: Two rows equal on all of these are the same published figure typed twice.
DUPLICATE_KEY = ("province", "indicator", "industry", "year", "status", "published", "source_id", "value")

_TEXT_COLUMNS = ("province", "indicator", "industry", "unit", "basis", "status", "published",
                 "source_id", "quote", "file", "sheet", "cell")
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_SOURCE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*")


# --------------------------------------------------------------------------- dates
def parse_date_text(text: str) -> dt.date | None:
    """Last day of the period a ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` text names.

    A partial date counts as the *end* of its period: "2018-12" is only known to
    have been public by 2018-12-31, so using its end avoids look-ahead.

    Parameters
    ----------
    text : str

    Returns
    -------
    datetime.date or None
        ``None`` when the text is not such a date (including 2019-02-30).
    """
    m = _DATE.fullmatch(text)
    if not m:
        return None
    year, month, day = m.group(1), m.group(2), m.group(3)
    try:
        y = int(year)
        if month is None:
            return dt.date(y, 12, 31)
        mo = int(month)
        if day is None:
            return dt.date(y, mo, calendar.monthrange(y, mo)[1])
        return dt.date(y, mo, int(day))
    except ValueError:  # month 13, 30 February ...
        return None


def parse_as_of(as_of, *, name: str = "as_of") -> tuple[str | None, dt.date | None]:
    """Validate an ``as_of`` argument.

    Parameters
    ----------
    as_of : None, str, int, datetime.date, datetime.datetime or pandas.Timestamp
        ``None`` (no limit), ``"YYYY-MM-DD"``, ``"YYYY-MM"``, ``"YYYY"`` (a
        partial date means the end of that month/year) or an ``int`` year.
    name : str
        Parameter name quoted in the error message.

    Returns
    -------
    (str or None, datetime.date or None)
        The text as given (ISO for date objects) and the last day it covers.

    Raises
    ------
    DataError
        Anything else, naming the parameter.
    """
    if as_of is None:
        return None, None
    if isinstance(as_of, dt.datetime):  # includes pandas.Timestamp
        d = as_of.date()
        return d.isoformat(), d
    if isinstance(as_of, dt.date):
        return as_of.isoformat(), as_of
    if isinstance(as_of, numbers.Integral) and not isinstance(as_of, bool):
        as_of = str(as_of)
    if isinstance(as_of, str):
        text = as_of.strip()
        end = parse_date_text(text)
        if end is not None:
            return text, end
    raise DataError(
        f"{name}={as_of!r} is not a date; use 'YYYY-MM-DD', 'YYYY-MM' or 'YYYY' "
        "(a partial date means the end of that month or year)"
    )


# --------------------------------------------------------------------------- cells
def _is_blank(x) -> bool:
    if x is None or x is pd.NA or x is pd.NaT:
        return True
    if isinstance(x, float) and math.isnan(x):
        return True
    return isinstance(x, str) and not x.strip()


def cell_text(x) -> str:
    """Text of a CSV or spreadsheet cell, without changing what it says.

    Parameters
    ----------
    x : object
        A cell as read (str, number, datetime, None/NaN).

    Returns
    -------
    str
        Stripped text; empty → ``""``; integral floats (a year typed in Excel,
        2019.0) → ``"2019"``; spreadsheet dates → ``YYYY-MM-DD``.
    """
    if _is_blank(x):
        return ""
    if isinstance(x, str):
        return x.strip()
    if isinstance(x, bool):
        return str(x)
    if isinstance(x, dt.datetime):
        if (x.hour, x.minute, x.second, x.microsecond) == (0, 0, 0, 0):
            return x.date().isoformat()
        return x.isoformat()
    if isinstance(x, dt.date):
        return x.isoformat()
    if isinstance(x, numbers.Integral):
        return str(int(x))
    if isinstance(x, numbers.Real):
        f = float(x)
        return str(int(f)) if f.is_integer() else repr(f)
    return str(x).strip()


def format_number(x: float) -> str:
    """Shortest text that reads back as the same float.

    Parameters
    ----------
    x : float

    Returns
    -------
    str
        ``"75800"`` for 75800.0, ``"108.5"``, ``"106.84340319013617"``.
    """
    text = repr(float(x))
    return text[:-2] if text.endswith(".0") else text


class PercentCell(float):
    """A numeric spreadsheet cell with a percent number format (e.g. ``0.00%``).

    The float is the value as stored (0.3212); the cell *shows* 32.12%. The
    validator reads it as the percentage shown for growth units and refuses it
    for amounts.
    """

    number_format: str = "0%"

    def __new__(cls, value, number_format="0%"):
        obj = super().__new__(cls, value)
        obj.number_format = number_format
        return obj

    def shown(self) -> float:
        """The number of percent the cell shows (0.3212 → 32.12, no float noise)."""
        from decimal import Decimal
        return float(Decimal(repr(float(self))) * 100)


class FormulaWithoutValue(NamedTuple):
    """A spreadsheet cell holding a formula whose computed value was never saved."""

    formula: str


def check_value(value: float, unit: str, *, allow_beyond_bound: bool = False) -> None:
    """Check that a figure lies in the domain of its unit.

    Parameters
    ----------
    value : float
    unit : str
        One of ``vocab.UNITS``.
    allow_beyond_bound : bool, default False
        Accept a figure outside :data:`PLAUSIBLE` (never one outside the domain).

    Raises
    ------
    DataError
        (without location; the validator adds file, row and column) for a
        non-finite number, an index ≤ 0, a growth ≤ −100 %, a negative level, or
        a figure beyond the plausibility bound of its unit (the message gives the
        bound and how to confirm such a figure deliberately).
    """
    if not math.isfinite(value):
        raise DataError(f"{value!r} is not a finite number")
    text = format_number(value)
    if unit == "index_prev_year=100" and value <= 0:
        raise DataError(f"index {text} is impossible: an index with previous year = 100 is "
                        "above 0 (100 = no change, 50 = halved)")
    if unit == "pct_change" and value <= -100:
        raise DataError(f"growth {text}% is impossible: a quantity cannot fall by 100% or more")
    if unit in ("bn_vnd", "mn_usd", "mn_tonnes") and value < 0:
        raise DataError(f"{text} {unit} is negative: an amount cannot be below 0")
    low, high = PLAUSIBLE[unit]
    if not allow_beyond_bound and not low <= value <= high:
        raise DataError(
            f"{text} ({unit}) is beyond the plausibility bound {format_number(low)} … "
            f"{format_number(high)} for this unit (data/README.md: 'Plausibility bounds'). "
            "If the figure is real, confirm it deliberately: put 'yes' in a column "
            f"'{CONFIRM_COLUMN}' of that row (or pass allow_beyond_bound=True)")


def _where(path, sheet):
    return f"{path} [sheet {sheet!r}]" if sheet is not None else path


def _parse_value(x, *, path, row, column, number_format):
    """A float from a numeric cell or from its text; DataError quoting the text otherwise."""
    if isinstance(x, numbers.Real) and not isinstance(x, bool) and not _is_blank(x):
        f = float(x)
        if not math.isfinite(f):
            raise DataError(f"not a finite number: {x!r}", path=path, row=row, column=column)
        return f
    text = cell_text(x)
    if number_format in ("vi", "en"):  # a person's table: a cell that could be 1000x off is refused
        from hatinh_analysis.data.numbers import ambiguity

        why = ambiguity(text, number_format)
        if why:
            raise DataError(why, path=path, row=row, column=column)
    if number_format == "vi":
        from hatinh_analysis.data.numbers import parse_vn_number
        try:
            return parse_vn_number(text, percent="reject")
        except DataError as exc:
            raise DataError(str(exc), path=path, row=row, column=column) from None
    if _PLAIN_NUMBER.fullmatch(text):
        f = float(text)
        if not math.isfinite(f):
            raise DataError(f"{text!r} is not a finite number (it overflows to infinity)",
                            path=path, row=row, column=column)
        return f
    hint = ""
    if re.fullmatch(r"[+-]?[\d.]*\d,\d+", text):
        hint = " (decimal comma? pass number_format='vi' for Vietnamese notation)"
    raise DataError(f"{text!r} is not a number{hint}", path=path, row=row, column=column)


def _check_columns(columns, *, required, optional, path):
    cols = [str(c).strip() for c in columns]
    seen = set()
    for c in cols:
        if c in seen:
            raise DataError(f"column {c!r} appears twice in the header", path=path, row=1)
        seen.add(c)
    missing = [c for c in required if c not in seen and c not in optional]
    extra = [c for c in cols if c not in required]
    if missing or extra:
        parts = []
        if missing:
            parts.append("missing column(s) " + ", ".join(repr(c) for c in missing))
        if extra:
            parts.append("unexpected column(s) " + ", ".join(repr(c) for c in extra))
        raise DataError("; ".join(parts) + ". Expected columns: " + ", ".join(required)
                        + " (" + ", ".join(optional) + " optional)", path=path, row=1)
    return cols


def _choose(value, valid, *, what, path, row, column, allow_empty=False):
    if value == "" and allow_empty:
        return value
    if value not in valid:
        shown = ", ".join(repr(v) for v in valid)
        raise UnknownNameError(f"unknown {what} {value!r}; valid: {shown}",
                               path=path, row=row, column=column)
    return value


# --------------------------------------------------------------------------- tables
def _cell_value(cells, column, unit, *, where, row, number_format, allow):
    """Parse one value cell; a percent-formatted cell becomes the percentage it shows."""
    x = cells.get(column)
    if isinstance(x, PercentCell):
        if unit not in vocab.GROWTH_UNITS:
            raise DataError(f"the cell shows a percentage ({format_number(x.shown())}%, number "
                            f"format {x.number_format!r}) but unit {unit!r} is an amount; "
                            "type the amount without percent format", path=where, row=row,
                            column=column)
        value = x.shown()
    else:
        value = _parse_value(x, path=where, row=row, column=column,
                             number_format=number_format)
    try:
        check_value(value, unit, allow_beyond_bound=allow)
    except DataError as exc:
        raise DataError(str(exc), path=where, row=row, column=column) from None
    return value


def validate_observations(table: pd.DataFrame, *, path, sheet=None, first_row: int = 2,
                          row_numbers=None, sources=None,
                          number_format: str = "plain",
                          allow_beyond_bound: bool = False) -> pd.DataFrame:
    """Validate a table in the observations schema and return it typed.

    Parameters
    ----------
    table : DataFrame
        Cells as read (strings and/or numbers, object dtype); columns as in the
        file. The optional columns ``file``, ``sheet``, ``cell`` may be absent.
    path : str or Path
        Named in every error message.
    sheet : str, optional
        Spreadsheet sheet, named in error messages.
    first_row, row_numbers :
        Row number of the first data row as the user sees it (header = 1), or one
        number per row when rows do not come from one contiguous block.
    sources : collection of str, optional
        Known source ids; when given, every ``source_id`` must be one of them
        (the build and the store pass ``sources.csv``; a user's own table need not).
    number_format : {"plain", "vi", "auto"}
        ``"plain"``: ``value``/``value_high`` text is machine notation (``1108.95``;
        for files written by programs, e.g. the shipped table);
        ``"vi"``: Vietnamese notation (``1.108,95``), see
        :func:`~hatinh_analysis.data.numbers.parse_vn_number`; ``"auto"`` (a
        person's table): Vietnamese when a cell shows a decimal comma (``10,64``),
        machine notation otherwise (:func:`~hatinh_analysis.data.numbers.decide_notation`).
        With ``"vi"`` and ``"auto"`` a cell that could be 1000× off either way
        (``75.800`` in a table with decimal points, ``1,234`` in a Vietnamese one)
        is refused (:func:`~hatinh_analysis.data.numbers.ambiguity`). Numeric cells are
        taken as they are either way, except a :class:`PercentCell` (percent
        number format), read as the percentage it shows for growth units and
        refused for amounts; a :class:`FormulaWithoutValue` is refused.
    allow_beyond_bound : bool, default False
        Accept every figure beyond :data:`PLAUSIBLE` (still inside the domain).
        Per row, the optional column ``beyond_bound`` = ``yes`` does the same.

    Returns
    -------
    DataFrame
        Columns :data:`COLUMNS` in order (``beyond_bound`` is consumed;
        ``province`` may be written as a name, "Hà Tĩnh", and is returned as its code);
        ``attrs["number_format"]`` the notation used and ``attrs["number_format_reason"]``
        the cell that showed it;
        ``year`` int64, ``value`` and
        ``value_high`` float64 (``value_high`` NaN when no range was published),
        other columns str (``""`` when empty).

    Raises
    ------
    DataError, UnknownNameError
        On the first problem, naming file, row and column.
    """
    if number_format not in ("plain", "vi", "auto"):
        raise ValueError(f"number_format must be 'auto', 'plain' or 'vi', not {number_format!r}")
    try:
        return _validate_observations(table, path=path, sheet=sheet, first_row=first_row,
                                      row_numbers=row_numbers, sources=sources,
                                      number_format=number_format,
                                      allow_beyond_bound=allow_beyond_bound)
    except DataError as exc:
        if sheet is not None:  # the message names file and sheet; the attributes apart
            exc.path, exc.sheet = path, sheet
        raise


def _validate_observations(table, *, path, sheet, first_row, row_numbers, sources,
                           number_format, allow_beyond_bound):
    where = _where(path, sheet)
    cols = _check_columns(table.columns, required=COLUMNS + (CONFIRM_COLUMN,),
                          optional=OPTIONAL_COLUMNS + (CONFIRM_COLUMN,), path=where)
    records = table.to_numpy(dtype=object).tolist()
    n = len(records)
    if n == 0:
        raise DataError("no data rows below the header", path=where)
    if row_numbers is None:
        row_numbers = range(first_row, first_row + n)
    row_numbers = list(row_numbers)
    known_sources = set(sources) if sources is not None else None
    reason = ""
    if number_format == "auto":
        from hatinh_analysis.data.numbers import decide_notation

        texts = [(rno, c, x) for rec, rno in zip(records, row_numbers) for c, x in zip(cols, rec)
                 if c in ("value", "value_high") and isinstance(x, str) and x.strip()]
        try:
            number_format, reason = decide_notation(texts)
        except DataError as exc:
            raise DataError(str(exc), path=where, row=exc.row, column=exc.column) from None

    out = {c: [] for c in COLUMNS}
    seen = {}
    for rec, rno in zip(records, row_numbers):
        cells = dict(zip(cols, rec))
        for c, x in cells.items():
            if isinstance(x, FormulaWithoutValue):
                raise DataError(f"the cell holds the formula {x.formula!r} but no computed value "
                                "(the file was saved by a program that does not calculate "
                                "formulas); open and save it in Excel or LibreOffice, or type "
                                "the number", path=where, row=rno, column=c)
        text = {c: cell_text(cells.get(c)) for c in _TEXT_COLUMNS}

        def err(msg, column, cls=DataError):
            return cls(msg, path=where, row=rno, column=column)

        confirm = cell_text(cells.get(CONFIRM_COLUMN)).lower()
        if confirm not in _YES + _NO:
            raise err(f"{CONFIRM_COLUMN} {confirm!r} must be 'yes' (confirm a figure beyond the "
                      "plausibility bound) or empty", CONFIRM_COLUMN)
        allow = allow_beyond_bound or confirm in _YES

        if text["province"] not in vocab.PROVINCES:  # a name as printed: "Hà Tĩnh", "Nghe An"
            text["province"] = vocab.province_id(text["province"]) or text["province"]
        prov = _choose(text["province"], vocab.PROVINCES, what="province",
                       path=where, row=rno, column="province")
        ind = _choose(text["indicator"], vocab.INDICATORS, what="indicator",
                      path=where, row=rno, column="indicator")
        industry = _choose(text["industry"], vocab.INDUSTRIES, what="industry (VSIC 2007 code; "
                           "empty = whole of industry)", path=where, row=rno,
                           column="industry", allow_empty=True)
        unit = _choose(text["unit"], vocab.UNITS, what="unit", path=where, row=rno, column="unit")
        basis = _choose(text["basis"], vocab.BASES, what="basis", path=where, row=rno,
                        column="basis", allow_empty=True)
        status = _choose(text["status"], vocab.STATUSES, what="status", path=where, row=rno,
                         column="status")
        allowed_units = vocab.INDICATORS[ind].units
        if unit not in allowed_units:
            raise err(f"unit {unit!r} does not fit indicator {ind!r} "
                      f"({vocab.INDICATORS[ind].kind}); allowed: {', '.join(allowed_units)}",
                      "unit")

        ytext = cell_text(cells.get("year"))
        if not re.fullmatch(r"\d{4}", ytext):
            raise err(f"year {ytext!r} is not a four-digit year", "year")
        year = int(ytext)
        if not vocab.YEAR_MIN <= year <= vocab.YEAR_MAX:
            raise err(f"year {year} is outside {vocab.YEAR_MIN}..{vocab.YEAR_MAX}", "year")

        if _is_blank(cells.get("value")):
            raise err("value is empty (a figure nobody published is left out, not blank)",
                      "value")
        value = _cell_value(cells, "value", unit, where=where, row=rno,
                            number_format=number_format, allow=allow)
        high = math.nan
        if not _is_blank(cells.get("value_high")):
            high = _cell_value(cells, "value_high", unit, where=where, row=rno,
                               number_format=number_format, allow=allow)
            if high < value:
                raise err(f"value_high {format_number(high)} is below value "
                          f"{format_number(value)}", "value_high")

        pub = text["published"]
        pub_end = parse_date_text(pub)
        if pub_end is None:
            raise err(f"published {pub!r} is not a date YYYY-MM-DD, YYYY-MM or YYYY",
                      "published")
        # A plan announced before the merger for an old unit is a historical fact.
        if not vocab.province_exists(prov, year) and not (
                status == "target" and pub_end < vocab.REORGANISATION_DATE):
            raise err(f"a {year} figure for {prov}: " + vocab.merger_explanation(prov),
                      "province")
        if status != "target" and pub_end.year < year:
            raise err(f"a {status} figure for {year} cannot have been published in {pub}",
                      "published")

        sid = text["source_id"]
        if not sid:
            raise err("source_id is empty", "source_id")
        if known_sources is not None and sid not in known_sources:
            raise err(f"source_id {sid!r} is not in the sources table; known: "
                      + ", ".join(sorted(known_sources)), "source_id", UnknownNameError)
        if not text["quote"] and not text["file"]:
            raise err("no provenance: give the quote carrying the figure, or file/sheet/cell",
                      "quote")

        key = (prov, ind, industry, year, status, pub, sid, value)
        if key in seen:
            raise err(f"duplicate of row {seen[key]} (same province, indicator, industry, year, "
                      "status, published, source_id and value)", "value")
        seen[key] = rno

        row = dict(text, province=prov, indicator=ind, industry=industry, unit=unit, basis=basis, status=status,
                   year=year, value=value, value_high=high)
        for c in COLUMNS:
            out[c].append(row[c])

    frame = pd.DataFrame({c: out[c] for c in COLUMNS})
    frame["year"] = frame["year"].astype("int64")
    frame["value"] = frame["value"].astype("float64")
    frame["value_high"] = frame["value_high"].astype("float64")
    frame.attrs["number_format"] = number_format  # "plain", "vi" or "en" (what "auto" decided)
    frame.attrs["number_format_reason"] = reason
    return frame


def validate_sources(table: pd.DataFrame, *, path) -> pd.DataFrame:
    """Validate a sources table (one row per publication) and return it as str columns.

    Parameters
    ----------
    table : DataFrame
        Columns :data:`SOURCE_COLUMNS` (``file`` optional: the path under
        ``data/raw`` of an official file).
    path : str or Path
        Named in error messages.

    Returns
    -------
    DataFrame
        All :data:`SOURCE_COLUMNS`, str.

    Raises
    ------
    DataError
        Duplicate or malformed ``source_id``, empty ``publisher``/``title``,
        ``published`` not a ``YYYY[-MM[-DD]]`` date, wrong columns.
    """
    cols = _check_columns(table.columns, required=SOURCE_COLUMNS,
                          optional=SOURCE_OPTIONAL_COLUMNS, path=path)
    records = table.to_numpy(dtype=object).tolist()
    if not records:
        raise DataError("no data rows below the header", path=path)
    out = {c: [] for c in SOURCE_COLUMNS}
    seen = {}
    for rno, rec in enumerate(records, start=2):
        text = {c: "" for c in SOURCE_COLUMNS}
        text.update({c: cell_text(v) for c, v in zip(cols, rec)})
        sid = text["source_id"]
        if not _SOURCE_ID.fullmatch(sid):
            raise DataError(f"source_id {sid!r} must be letters, digits, '_', '-', '.'",
                            path=path, row=rno, column="source_id")
        if sid in seen:
            raise DataError(f"source_id {sid!r} already defined in row {seen[sid]}",
                            path=path, row=rno, column="source_id")
        seen[sid] = rno
        for c in ("publisher", "title"):
            if not text[c]:
                raise DataError(f"{c} is empty", path=path, row=rno, column=c)
        if parse_date_text(text["published"]) is None:
            raise DataError(f"published {text['published']!r} is not a date YYYY-MM-DD, "
                            "YYYY-MM or YYYY", path=path, row=rno, column="published")
        for c in SOURCE_COLUMNS:
            out[c].append(text[c])
    return pd.DataFrame(out)


# --------------------------------------------------------------------------- monthly
#: Columns of ``data/monthly.csv`` (figures about months of a year; see docs/CONTRACTS.md).
MONTHLY_COLUMNS = ("province", "indicator", "industry", "year", "month", "comparison", "value",
                   "unit", "status", "published", "source_id", "quote", "file", "sheet", "cell")
MONTHLY_OPTIONAL_COLUMNS = ("industry", "quote", "file", "sheet", "cell")
#: Units of a monthly figure: ``index`` (the base period named by ``comparison`` = 100)
#: or ``pct_change`` (growth over that base, in %).
MONTHLY_UNITS = ("index", "pct_change")
_MONTHLY_KEY = ("province", "indicator", "industry", "year", "month", "comparison", "status",
                "published", "source_id")


def validate_monthly(table: pd.DataFrame, *, path, row_numbers=None, sources=None,
                     allow_beyond_bound: bool = True) -> pd.DataFrame:
    """Validate a table of monthly figures (:data:`MONTHLY_COLUMNS`) and return it typed.

    Parameters
    ----------
    table : DataFrame
        Cells as read. ``industry``, ``quote``, ``file``, ``sheet``, ``cell`` may
        be absent (a user's table), the others are required.
    path : str or Path
        Named in every error message.
    row_numbers : sequence of int, optional
        Row number of each data row as the user sees it (default 2, 3, …).
    sources : collection of str, optional
        Known source ids (the build and the store pass ``sources.csv``).
    allow_beyond_bound : bool, default True
        Single months of one division move far more than years of the whole of
        industry (refinery start-up: index 706 in July 2018), so the shipped
        table is checked for its domain only; a user's rows pass ``False`` and
        meet the plausibility bounds of the ``index_prev_year=100`` /
        ``pct_change`` units unless the row says ``beyond_bound`` = ``yes``.

    Returns
    -------
    DataFrame
        :data:`MONTHLY_COLUMNS`; year, month int64; value float64; others str.

    Raises
    ------
    DataError, UnknownNameError
        The first problem, naming file, row and column: unknown codes, a month
        outside 1..12, ``ytd`` for January (January alone is ``yoy``), an index
        ≤ 0, a duplicate, no provenance (``quote`` or ``file``/``cell``).
    """
    cols = _check_columns(table.columns, required=MONTHLY_COLUMNS + (CONFIRM_COLUMN,),
                          optional=MONTHLY_OPTIONAL_COLUMNS + (CONFIRM_COLUMN,), path=path)
    records = table.to_numpy(dtype=object).tolist()
    if not records:
        raise DataError("no data rows below the header", path=path)
    row_numbers = list(row_numbers) if row_numbers is not None else range(2, len(records) + 2)
    known = set(sources) if sources is not None else None
    out = {c: [] for c in MONTHLY_COLUMNS}
    seen = {}
    for rec, rno in zip(records, row_numbers):
        cells = dict(zip(cols, rec))
        text = {c: cell_text(cells.get(c)) for c in MONTHLY_COLUMNS}

        def err(msg, column, cls=DataError):
            return cls(msg, path=path, row=rno, column=column)

        prov = _choose(text["province"], vocab.PROVINCES, what="province", path=path,
                       row=rno, column="province")
        ind = _choose(text["indicator"], vocab.INDICATORS, what="indicator", path=path,
                      row=rno, column="indicator")
        if vocab.INDICATORS[ind].kind != "growth":
            raise err(f"indicator {ind!r} is a level; monthly figures are growth indices",
                      "indicator")
        industry = _choose(text["industry"], vocab.INDUSTRIES, what="industry (VSIC 2007 code; "
                           "empty = whole of industry)", path=path, row=rno, column="industry",
                           allow_empty=True)
        comparison = _choose(text["comparison"], vocab.MONTHLY_COMPARISONS, what="comparison",
                             path=path, row=rno, column="comparison")
        if text["unit"] == "index_prev_year=100" and comparison != "mom":
            text["unit"] = "index"  # ytd/yoy: the base is the same period a year earlier
        unit = _choose(text["unit"], MONTHLY_UNITS, what="unit of a monthly figure", path=path,
                       row=rno, column="unit")
        status = _choose(text["status"], vocab.STATUSES, what="status", path=path, row=rno,
                         column="status")
        if not re.fullmatch(r"\d{4}", text["year"]):
            raise err(f"year {text['year']!r} is not a four-digit year", "year")
        year = int(text["year"])
        if not vocab.YEAR_MIN <= year <= vocab.YEAR_MAX:
            raise err(f"year {year} is outside {vocab.YEAR_MIN}..{vocab.YEAR_MAX}", "year")
        mtext = text["month"].removesuffix(".0")
        if not re.fullmatch(r"\d{1,2}", mtext) or not 1 <= int(mtext) <= 12:
            raise err(f"month {text['month']!r} is not a month number 1..12", "month")
        month = int(mtext)
        if comparison == "ytd" and month == 1:
            raise err("'ytd' for January: January alone is the year so far; give it as "
                      "comparison 'yoy'", "comparison")
        if _is_blank(cells.get("value")):
            raise err("value is empty (a figure nobody published is left out, not blank)",
                      "value")
        confirm = cell_text(cells.get(CONFIRM_COLUMN)).lower()
        allow = allow_beyond_bound or confirm in _YES
        check_unit = "index_prev_year=100" if unit == "index" else "pct_change"
        value = _cell_value(cells, "value", check_unit, where=path, row=rno,
                            number_format="plain", allow=allow)
        pub = text["published"]
        pub_end = parse_date_text(pub)
        if pub_end is None:
            raise err(f"published {pub!r} is not a date YYYY-MM-DD, YYYY-MM or YYYY",
                      "published")
        if status != "target" and (pub_end.year, pub_end.month) < (year, month):
            raise err(f"a {status} figure for {year}-{month:02d} cannot have been published "
                      f"in {pub}", "published")
        if not vocab.province_exists(prov, year):
            raise err(f"a {year} figure for {prov}: " + vocab.merger_explanation(prov),
                      "province")
        sid = text["source_id"]
        if not sid:
            raise err("source_id is empty", "source_id")
        if known is not None and sid not in known:
            raise err(f"source_id {sid!r} is not in the sources table", "source_id",
                      UnknownNameError)
        if not text["quote"] and not text["file"]:
            raise err("no provenance: give the quote carrying the figure, or file/sheet/cell",
                      "quote")
        row = dict(text, province=prov, indicator=ind, industry=industry, year=year,
                   month=month, comparison=comparison, unit=unit, status=status, value=value)
        key = tuple(row[c] for c in _MONTHLY_KEY)
        if key in seen:
            raise err(f"duplicate of row {seen[key]} (same province, indicator, industry, "
                      "year, month, comparison, status, published and source_id)", "value")
        seen[key] = rno
        for c in MONTHLY_COLUMNS:
            out[c].append(row[c])
    frame = pd.DataFrame(out)
    return frame.astype({"year": "int64", "month": "int64", "value": "float64"})
