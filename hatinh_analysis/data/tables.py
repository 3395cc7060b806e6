"""Reading a user's own table of observations (CSV or Excel) in the package schema."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from hatinh_analysis.data.errors import DataError
from hatinh_analysis.data.schema import COLUMNS, validate_observations


def read_text(path, encoding: str = "utf-8-sig") -> str:
    """Whole text of a file, or a :class:`DataError` naming it.

    One place for the checks every text importer needs: the file exists, decodes
    in ``encoding`` (the error gives the byte offset) and is not blank.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError("file not found", path=path) from None
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DataError(f"not {encoding} text (byte {exc.start}); save the file as UTF-8",
                        path=path) from None
    if not text.strip():
        raise DataError("file is empty", path=path)
    return text

_EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
#: Workbooks whose number formats and cached formula values are read (openpyxl).
_OPENXML_SUFFIXES = (".xlsx", ".xlsm")


def read_csv_cells(path, *, sep: str | None = None, encoding: str = "utf-8-sig") -> pd.DataFrame:
    """Read a CSV as text cells (nothing converted), header row = column names.

    Parameters
    ----------
    path : str or Path
    sep : str, optional
        ``None`` takes ``,`` unless the header only splits on ``;`` (the list
        separator Excel uses on Vietnamese-locale machines).
    encoding : str, default "utf-8-sig"

    Returns
    -------
    DataFrame
        object dtype, every cell a str; trailing empty lines dropped.

    Raises
    ------
    DataError
        Missing or empty file, undecodable bytes, ragged rows (names the row).
    """
    path = Path(path)
    text = read_text(path, encoding)
    if sep is None:
        first = text.lstrip("\r\n").splitlines()[0]
        sep = ";" if ";" in first and "," not in first else ","
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
    # Excel appends fully empty lines; they carry nothing and are not data rows.
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    header, body = rows[0], rows[1:]
    if len(header) < 2:
        raise DataError(f"header has a single column {header[0]!r}: is the separator "
                        f"{sep!r} right?", path=path, row=1)
    for i, r in enumerate(body, start=2):
        if len(r) != len(header):
            raise DataError(f"{len(r)} fields, header has {len(header)}", path=path, row=i)
    return pd.DataFrame(body, columns=header, dtype=object)


def _percent_format(fmt) -> bool:
    """Whether an Excel number format shows the value as a percentage."""
    if not fmt or "%" not in fmt:
        return False
    # a "%" inside a quoted literal ("0.0"%"") or escaped (\%) is printed, not applied
    import re
    bare = re.sub(r'"[^"]*"|\\.', "", fmt)
    return "%" in bare


def _openxml_grid(path: Path, sheet):
    """Cells of one sheet from A1 via openpyxl, with percent cells and uncached formulas marked."""
    import openpyxl

    from hatinh_analysis.data.schema import FormulaWithoutValue, PercentCell

    try:
        formulas = openpyxl.load_workbook(path, data_only=False)
        values = openpyxl.load_workbook(path, data_only=True)
    except Exception as exc:  # zipfile/XML errors of a damaged file
        raise DataError(f"cannot open as a spreadsheet ({type(exc).__name__}: {exc}); the "
                        "workbook is damaged or not an Excel file", path=path) from None
    names = list(formulas.sheetnames)
    if sheet is None:
        sheet = names[0]
    elif sheet not in names:
        raise DataError(f"no sheet {sheet!r}; sheets: " + ", ".join(repr(s) for s in names),
                        path=path)
    fs, vs = formulas[sheet], values[sheet]
    grid = []
    for frow, vrow in zip(fs.iter_rows(min_row=1, min_col=1), vs.iter_rows(min_row=1, min_col=1)):
        out = []
        for fc, vc in zip(frow, vrow):
            v = vc.value
            if fc.data_type == "f" or (isinstance(fc.value, str) and fc.value.startswith("=")):
                if v is None:
                    out.append(FormulaWithoutValue(str(fc.value)))
                    continue
            if isinstance(v, (int, float)) and not isinstance(v, bool) \
                    and _percent_format(fc.number_format):
                v = PercentCell(v, fc.number_format)
            out.append(v)
        grid.append(out)
    width = max((len(r) for r in grid), default=0)
    grid = [r + [None] * (width - len(r)) for r in grid]
    return pd.DataFrame(grid, dtype=object), sheet


def read_excel_cells(path, sheet=None) -> tuple[pd.DataFrame, str, int]:
    """Read one sheet as raw cells; the first non-empty row holds the column names.

    Parameters
    ----------
    path : str or Path
    sheet : str, optional
        Default: the first sheet.

    Returns
    -------
    (DataFrame, str, int)
        Cells (object dtype), the sheet name, and the sheet row number of the
        first data row (for error messages). For ``.xlsx``/``.xlsm`` the cells
        are read with openpyxl: a number with a percent format comes as a
        :class:`~hatinh_analysis.data.schema.PercentCell`, a formula without a
        saved (cached) value as a
        :class:`~hatinh_analysis.data.schema.FormulaWithoutValue`. Other formats
        are read with calamine (values only).

    Raises
    ------
    DataError
        Missing file, unreadable workbook, missing sheet (lists the sheets that
        exist), empty sheet.
    """
    path = Path(path)
    if not path.exists():
        raise DataError("file not found", path=path)
    if path.suffix.lower() in _OPENXML_SUFFIXES:
        grid, sheet = _openxml_grid(path, sheet)
    else:
        try:
            book = pd.ExcelFile(path, engine="calamine")
        except Exception as exc:  # calamine raises its own types for corrupt files
            raise DataError(f"cannot open as a spreadsheet: {exc}", path=path) from None
        with book:
            names = list(book.sheet_names)
            if sheet is None:
                if not names:
                    raise DataError("workbook has no sheets", path=path)
                sheet = names[0]
            elif sheet not in names:
                raise DataError(f"no sheet {sheet!r}; sheets: "
                                + ", ".join(repr(s) for s in names), path=path)
            grid = pd.read_excel(book, sheet_name=sheet, header=None, dtype=object)
    if grid.empty or grid.isna().all().all():
        raise DataError("sheet is empty", path=f"{path} [sheet {sheet!r}]")
    grid = grid.dropna(how="all", axis=1)
    # The grid starts at A1, so position h is sheet row h + 1.
    h = int(grid.notna().any(axis=1).to_numpy().argmax())
    header = [("" if pd.isna(x) else str(x).strip()) for x in grid.iloc[h]]
    body = grid.iloc[h + 1:]
    # Trailing all-empty rows are formatting residue, not data rows.
    last = body.notna().any(axis=1)
    body = body.loc[: last[last].index.max()] if last.any() else body.iloc[0:0]
    cells = pd.DataFrame(body.to_numpy(dtype=object), columns=header, dtype=object)
    return cells, sheet, h + 2


def read_table(path, sheet=None, *, number_format: str = "plain", sep: str | None = None,
               sources=None, allow_beyond_bound: bool = False) -> pd.DataFrame:
    """Read your own observations (CSV or Excel) in the package schema, fully validated.

    Use this to bring figures you typed yourself (e.g. from a provincial report)
    into the same checks and models as the shipped data.

    Parameters
    ----------
    path : str or Path
        ``.csv`` (UTF-8, with or without BOM) or a spreadsheet (``.xlsx``,
        ``.xls``, ``.ods`` …) whose first row holds the column names.
    sheet : str, optional
        Sheet of a spreadsheet; default the first. Ignored for CSV.
    number_format : {"plain", "vi"}, default "plain"
        How numbers written as *text* are read. ``"plain"``: machine notation,
        ``.`` decimal point, no thousands separator (``1108.95``) — use for files
        written by programs. ``"vi"``: Vietnamese notation (``1.108,95``; note
        ``"1.200"`` is then 1200) — use for CSVs saved by Excel on a
        Vietnamese-locale machine. Numeric spreadsheet cells are used as they are.
    sep : str, optional
        CSV field separator; default ``,`` unless the header only splits on ``;``.
    sources : collection of str, optional
        Known source ids to check ``source_id`` against (default: not checked —
        your own sources need not be in the package's ``sources.csv``).
    allow_beyond_bound : bool, default False
        Accept figures beyond the plausibility bounds of their unit
        (``schema.PLAUSIBLE``). Prefer confirming single rows with a column
        ``beyond_bound`` = ``yes``.

    Returns
    -------
    DataFrame
        Columns, in order: province, indicator, year, value, value_high, unit,
        basis, status, published, source_id, quote, file, sheet, cell (the last
        three ``""`` when absent from the file).

    Raises
    ------
    DataError
        Naming file, row (header = row 1) and column, for: empty file, missing
        sheet (lists the sheets), missing or extra columns, non-numeric value
        (quotes the text), a value outside its domain (non-finite, index ≤ 0,
        growth ≤ −100 %, negative amount) or beyond the plausibility bound of its
        unit, a percent-formatted cell for an amount, a formula without a saved
        value, an ``.xls``/``.xlsb``/``.ods`` file (their number formats cannot
        be read: save as ``.xlsx`` or CSV), duplicated row, year outside
        1945..2100, bad date, a row without provenance (neither quote nor file).
    UnknownNameError
        Unknown province/indicator/unit/status/basis (lists the valid ones).

    Notes
    -----
    Validation is exactly the one applied to the shipped ``data/observations.csv``.
    Nothing is coerced to NaN or dropped: an empty ``value`` is an error.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in _EXCEL_SUFFIXES and suffix not in _OPENXML_SUFFIXES:
        raise DataError(f"{suffix} workbooks are not read as tables of figures: their number "
                        "formats cannot be read, so a cell showing 32,12% (stored as 0.3212) "
                        "could not be told from 0.3212. Save the sheet as .xlsx (Excel "
                        "Workbook) or as CSV UTF-8", path=path)
    if suffix in _OPENXML_SUFFIXES:
        cells, sheet_name, first_row = read_excel_cells(path, sheet)
        return validate_observations(cells, path=path, sheet=sheet_name, first_row=first_row,
                                     sources=sources, number_format=number_format,
                                     allow_beyond_bound=allow_beyond_bound)
    cells = read_csv_cells(path, sep=sep)
    return validate_observations(cells, path=path, sources=sources, number_format=number_format,
                                 allow_beyond_bound=allow_beyond_bound)


#: Columns added to a table of observations to tell the user's figures from the shipped ones.
ORIGIN_COLUMNS = ("origin", "user_row")


def read_user_figures(source, *, sheet=None, number_format: str = "plain",
                      sep: str | None = None, allow_beyond_bound: bool = False) -> pd.DataFrame:
    """Read and validate a table of your own figures (and targets), marked as yours.

    This is the check to run before using the figures anywhere (the report
    runner calls it before any kernel starts); :func:`~hatinh_analysis.load_series`,
    :func:`~hatinh_analysis.load_targets`, :func:`~hatinh_analysis.load_observations`
    and :func:`~hatinh_analysis.list_series` accept the same ``extra=`` argument
    and call it.

    Parameters
    ----------
    source : str, Path or DataFrame
        A ``.csv`` (UTF-8) or ``.xlsx`` file with the columns of
        ``data/observations.csv`` (``file``, ``sheet``, ``cell`` optional; an
        optional ``beyond_bound`` column confirms figures beyond the
        plausibility bounds), e.g. a copy of ``data/templates/my_figures.xlsx``
        (the figures are read from its first sheet). A DataFrame with those
        columns is accepted too (columns ``origin``/``user_row`` are ignored).
    sheet, number_format, sep, allow_beyond_bound :
        As in :func:`read_table`.

    Returns
    -------
    DataFrame
        The observations columns plus ``origin`` (``"user"``) and ``user_row``
        (where the row is: ``"my_figures.xlsx, row 7"`` — the file name and the
        row number as the spreadsheet shows it, header = row 1; for a
        DataFrame ``"DataFrame row <index>"``).

    Raises
    ------
    DataError
        The first problem, naming file, row and column (attributes ``path``,
        ``row``, ``column``): anything :func:`read_table` refuses (unknown
        codes, values outside their domain, percent-formatted amounts, formulas
        without a value …), or a figure for a province that no longer exists in
        the year it is about (see ``vocab.REORGANISATION_2025``).
    """
    from hatinh_analysis.data.schema import validate_observations

    cells, where, sheet_name, rows, name = _user_cells(source, sheet, sep)
    annual, annual_rows, monthly, _ = _split_months(cells, rows, where)
    if annual.empty and not monthly.empty:  # a table of monthly figures only
        table = pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS}).astype(
            {"year": "int64", "value": "float64", "value_high": "float64"})
        annual_rows = []
    else:
        table = validate_observations(annual.reset_index(drop=True), path=where,
                                      sheet=sheet_name, row_numbers=annual_rows,
                                      number_format=number_format,
                                      allow_beyond_bound=allow_beyond_bound)
    table["origin"] = "user"
    table["user_row"] = [_row_name(name, r) for r in annual_rows]
    return table


#: Optional columns of a user's table that make a row a figure about a month.
MONTH_COLUMNS = ("month", "comparison")


def _row_name(name, row):
    return f"DataFrame row {row}" if name is None else f"{name}, row {row}"


def _user_cells(source, sheet, sep):
    """(cells, where for messages, sheet name, row numbers, file name or None)."""
    if isinstance(source, pd.DataFrame):
        cells = source.drop(columns=[c for c in ORIGIN_COLUMNS if c in source.columns])
        cells = cells.astype(object).reset_index(drop=True)
        return (cells, "extra DataFrame (rows by position from 0)", None,
                list(range(len(cells))), None)
    path = Path(source)
    suffix = path.suffix.lower()
    if suffix in _OPENXML_SUFFIXES:
        cells, sheet_name, first_row = read_excel_cells(path, sheet)
    elif suffix in _EXCEL_SUFFIXES:
        read_table(path, sheet)  # refuses .xls/.xlsb/.ods with the reason
        raise AssertionError("unreachable")  # pragma: no cover
    elif suffix == ".csv":
        cells, sheet_name, first_row = read_csv_cells(path, sep=sep), None, 2
    else:
        kind = repr(suffix) if suffix else "a name without extension"
        raise DataError(f"expected a .csv or .xlsx file of figures, not {kind}", path=path)
    return cells, path, sheet_name, list(range(first_row, first_row + len(cells))), path.name


def _split_months(cells, rows, where):
    """Annual rows (month columns dropped) and monthly rows of a user's table."""
    present = [c for c in MONTH_COLUMNS if c in cells.columns]
    if not present:
        return cells, rows, cells.iloc[0:0], []
    if "month" not in present:
        raise DataError("column 'comparison' without a column 'month': a monthly figure needs "
                        "both (month 1..12; comparison ytd, yoy or mom)", path=where, row=1)
    blank = cells["month"].map(lambda x: str(x).strip() in ("", "nan", "None", "<NA>"))
    is_month = ~blank.to_numpy()
    if "comparison" in cells.columns:
        stray = blank & ~cells["comparison"].map(
            lambda x: str(x).strip() in ("", "nan", "None", "<NA>"))
        if stray.any():
            i = int(stray.to_numpy().nonzero()[0][0])
            raise DataError("a comparison without a month: fill 'month' (1..12) for a figure "
                            "about months, or leave 'comparison' empty for a whole year",
                            path=where, row=rows[i], column="comparison")
    annual = cells[~is_month].drop(columns=present)
    monthly = cells[is_month]
    return (annual, [r for r, m in zip(rows, is_month) if not m], monthly,
            [r for r, m in zip(rows, is_month) if m])


def read_user_monthly(source, *, sheet=None, sep: str | None = None,
                      allow_beyond_bound: bool = False) -> pd.DataFrame:
    """Your own figures about months: the rows of your table that have a ``month``.

    The same table as :func:`read_user_figures` (same file, same columns), with
    two more columns: ``month`` (1..12) and ``comparison`` (``ytd`` months 1..M
    against the same months a year earlier, ``yoy`` month M against the same
    month a year earlier, ``mom`` against the previous month; see
    ``vocab.MONTHLY_COMPARISONS``). Rows without a month are annual figures
    (read by :func:`read_user_figures`); ``value_high`` and ``basis`` must stay
    empty in a monthly row. ``unit``: ``index`` (base period = 100),
    ``index_prev_year=100`` (the same, for ``ytd``/``yoy``) or ``pct_change``.

    Parameters
    ----------
    source : str, Path or DataFrame
    sheet, sep, allow_beyond_bound :
        As in :func:`read_user_figures`.

    Returns
    -------
    DataFrame
        The monthly columns (``schema.MONTHLY_COLUMNS``) plus ``origin``
        (``"user"``) and ``user_row``; empty when the table has no monthly row.

    Raises
    ------
    DataError
        Naming file, row and column: anything the monthly validator refuses
        (unknown codes, month outside 1..12, ``ytd`` for January, an index
        ≤ 0, a value beyond the plausibility bound without ``beyond_bound`` =
        ``yes``, a range or price basis in a monthly row).
    """
    from hatinh_analysis.data.schema import MONTHLY_COLUMNS, validate_monthly

    cells, where, _, rows, name = _user_cells(source, sheet, sep)
    _, _, monthly, monthly_rows = _split_months(cells, rows, where)
    if monthly.empty:
        out = pd.DataFrame({c: pd.Series(dtype=object) for c in MONTHLY_COLUMNS})
        out = out.astype({"year": "int64", "month": "int64", "value": "float64"})
        out["origin"], out["user_row"] = pd.Series(dtype=object), pd.Series(dtype=object)
        return out
    monthly = monthly.reset_index(drop=True)
    for c in ("value_high", "basis"):
        if c in monthly.columns:
            filled = monthly[c].map(lambda x: str(x).strip() not in ("", "nan", "None", "<NA>"))
            if filled.any():
                i = int(filled.to_numpy().nonzero()[0][0])
                raise DataError(f"{c} is not used for a figure about months; leave it empty",
                                path=where, row=monthly_rows[i], column=c)
            monthly = monthly.drop(columns=c)
    table = validate_monthly(monthly, path=where, row_numbers=monthly_rows,
                             allow_beyond_bound=allow_beyond_bound)
    table["origin"] = "user"
    table["user_row"] = [_row_name(name, r) for r in monthly_rows]
    return table


__all__ = ["read_table", "read_user_figures", "read_user_monthly", "COLUMNS"]
