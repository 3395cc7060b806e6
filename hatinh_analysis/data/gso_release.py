"""Reader for the national statistics office's December release workbooks ("Biểu số liệu").

Each December workbook has a sheet with the industrial production index (IIP):
rows are industries under a total row, columns are comparisons (month on month,
month on year, whole year on previous year) with headers spread over several
rows in Vietnamese. Sheet names, the total row's wording and the column layout
changed from year to year (2011–2019 shipped), so everything is found by
content, never by position.
"""
from __future__ import annotations

import math
import numbers
import re
from pathlib import Path

import pandas as pd

from hatinh_analysis.data.errors import DataError
from hatinh_analysis.data.pxweb import column_letter
from hatinh_analysis.data.schema import cell_text
from hatinh_analysis.data.vocab import fold

# Folded (lower-case, no diacritics) wordings of the national total row.
TOTAL_LABELS = ("toan nganh cong nghiep", "toan quoc", "ca nuoc", "toan nganh", "tong so",
                "chung", "toan nganh cong nghiep (iip)")
_TITLE = "chi so san xuat cong nghiep"
# Whole-year comparison: "Năm 2019 so với năm 2018", "Cả năm 2015 so với năm 2014",
# "Ước tính năm … so với năm trước". Anchored so that "11 tháng năm 2013 so với
# cùng kỳ năm 2012" (eleven months) or "Tháng 12 năm …" do not qualify.
_WHOLE_YEAR = re.compile(
    r"(?:(?:ca|uoc tinh|uoc|chinh thuc|so bo) )*nam (\d{4}) so voi (?:cung ky )?nam (\d{4}|truoc)")
_UNIT_NOTE = re.compile(r"don vi tinh\s*:?\s*%?|\(%\)|%")
_FILE_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def a1(row: int, col: int) -> str:
    """A1 reference of a 0-based grid position.

    Parameters
    ----------
    row, col : int
        0-based, as in the grid pandas/calamine return (which starts at A1).

    Returns
    -------
    str
        E.g. ``a1(8, 3) == "D9"``.
    """
    return f"{column_letter(col)}{row + 1}"


def _printed_grid(grid: pd.DataFrame) -> list[list[str]]:
    # Numbers count as text too: a header may hold the year as a numeric cell
    # ("Cả năm" / 2015 / "so với" / "năm 2014" in the 2015 workbook).
    return [[" ".join(cell_text(x).split()) for x in row]
            for row in grid.to_numpy(dtype=object).tolist()]


def _find_total_row(text: list[list[str]]):
    for r, row in enumerate(text):
        for c, cell in enumerate(row):
            if cell.strip(" .:-") in TOTAL_LABELS:
                return r, c
    return None


def _whole_year_columns(printed, text, total_row, label_col):
    """Columns right of the label whose header (cells above the total row) is whole-year."""
    found, headers = [], {}
    for c in range(label_col + 1, len(text[0])):
        parts = [text[r][c] for r in range(total_row) if text[r][c]]
        header = " ".join(_UNIT_NOTE.sub(" ", " ".join(parts)).split())
        if not header:
            continue
        headers[c] = header
        m = _WHOLE_YEAR.fullmatch(header)
        if m and "thang" not in header and "quy" not in header:
            year = int(m.group(1))
            prev = m.group(2)
            if prev != "truoc" and int(prev) != year - 1:
                continue  # e.g. "năm 2019 so với năm 2015": not previous year = 100
            label = " ".join(printed[r][c] for r in range(total_row)
                             if printed[r][c] and not _UNIT_NOTE.fullmatch(text[r][c]))
            found.append((c, year, label))
    return found, headers


def read_gso_release(path, *, published: str | None = None) -> dict:
    """Whole-year national IIP from a December monthly release workbook (.xls/.xlsx).

    Finds, by content: the sheet titled "Chỉ số sản xuất công nghiệp" that has a
    whole-year column; its national total row ("Toàn ngành công nghiệp",
    "TOÀN NGÀNH CÔNG NGHIỆP", "TOÀN QUỐC" …); and the column whose header,
    read down the header rows, says "Năm YYYY so với năm YYYY-1" (or "Cả năm
    …"). Case, diacritics and line breaks do not matter.

    Parameters
    ----------
    path : str or Path
        The workbook, named as the office publishes it, starting with the release
        date (``2019-12-27-03-Bieu-2019.xlsx``).
    published : str, optional
        Release date ``YYYY-MM-DD`` (or ``YYYY-MM``); needed only when the file
        name does not start with one.

    Returns
    -------
    dict
        ``year`` (int, the year the figure is about, from the column header),
        ``value`` (float, index with previous year = 100, exactly as stored in
        the cell — the workbook shows it rounded, e.g. 109.108156 shown as
        109.1), ``published`` (str), ``file`` (str, path as given), ``sheet``,
        ``cell`` (A1 reference), ``row_label`` and ``column_label`` (as printed).
        These are December *estimates*; the office revises them later.

    Raises
    ------
    DataError
        No IIP sheet (lists the sheets that exist); no total row or no
        whole-year column (lists the column headers found); two sheets or
        columns that disagree; a non-numeric or empty total cell (names the cell);
        no release date.
    """
    path = Path(path)
    if not path.exists():
        raise DataError("file not found", path=path)
    if published is None:
        m = _FILE_DATE.match(path.name)
        if not m:
            raise DataError("file name does not start with the release date YYYY-MM-DD; "
                            "pass published='YYYY-MM-DD'", path=path)
        published = m.group(0)
    try:
        book = pd.ExcelFile(path, engine="calamine")
    except Exception as exc:  # calamine's own exception types for corrupt files
        raise DataError(f"cannot open as a spreadsheet ({type(exc).__name__}: {exc}); the "
                        "workbook is damaged, truncated or not an Excel file", path=path) from None

    hits, problems = [], []
    with book:
        sheets = list(book.sheet_names)
        for sheet in sheets:
            # calamine returns the grid from A1 (empty leading rows kept), so
            # positions translate directly into A1 references.
            try:
                grid = pd.read_excel(book, sheet_name=sheet, header=None, dtype=object)
            except Exception as exc:  # calamine's own exception types for damaged sheets
                raise DataError(f"sheet {sheet!r} cannot be read ({type(exc).__name__}: "
                                f"{exc}); the workbook is damaged or not a real Excel file",
                                path=path) from None
            if grid.empty:
                continue
            printed = _printed_grid(grid)
            text = [[fold(x) for x in row] for row in printed]
            top = " ".join(cell for row in text[:6] for cell in row)
            if _TITLE not in top:
                continue
            total = _find_total_row(text)
            if total is None:
                problems.append(f"sheet {sheet!r}: no total row (looked for "
                                + ", ".join(repr(t) for t in TOTAL_LABELS) + ")")
                continue
            r, label_col = total
            cols, headers = _whole_year_columns(printed, text, r, label_col)
            if not cols:
                problems.append(f"sheet {sheet!r}: no whole-year column; headers found: "
                                + "; ".join(f"{column_letter(c)}: {h!r}"
                                            for c, h in headers.items()))
                continue
            if len(cols) > 1:
                raise DataError(f"sheet {sheet!r} has several whole-year columns: "
                                + ", ".join(a1(r, c) for c, _, _ in cols), path=path)
            c, year, column_label = cols[0]
            raw = grid.iat[r, c]
            ref = a1(r, c)
            if isinstance(raw, numbers.Real) and not isinstance(raw, bool) \
                    and not math.isnan(float(raw)):
                value = float(raw)
            elif isinstance(raw, str) and raw.strip():
                from hatinh_analysis.data.numbers import parse_vn_number
                try:
                    value = parse_vn_number(raw)
                except DataError as exc:
                    raise DataError(f"sheet {sheet!r} cell {ref}: {exc}", path=path) from None
            else:
                raise DataError(f"sheet {sheet!r} cell {ref} (whole-year total) is empty",
                                path=path)
            hits.append({"year": year, "value": value, "published": published,
                         "file": str(path), "sheet": sheet, "cell": ref,
                         "row_label": printed[r][label_col],
                         "column_label": column_label})

    if not hits:
        detail = ("; ".join(problems) + ". ") if problems else ""
        raise DataError(f"no industrial production index (IIP) sheet with a whole-year total. "
                        f"{detail}Sheets: " + ", ".join(repr(s) for s in sheets), path=path)
    if len({(h["year"], h["value"]) for h in hits}) > 1:
        raise DataError("sheets disagree on the whole-year IIP: "
                        + "; ".join(f"{h['sheet']}!{h['cell']} = {h['value']}" for h in hits),
                        path=path)
    return hits[0]
