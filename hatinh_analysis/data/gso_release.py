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
from typing import NamedTuple

import pandas as pd

from hatinh_analysis.data.errors import DataError
from hatinh_analysis.data.pxweb import column_letter
from hatinh_analysis.data.schema import cell_text
from hatinh_analysis.data.vocab import (INDUSTRY_GROUP_NAMES, INDUSTRY_SECOND_ROW, fold,
                                        industry_code)

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


# ----------------------------------------------------------------------------------
# Every industry row and every comparison column (December and January–November
# workbooks alike).



class Column(NamedTuple):
    """What a column header says: the period it is about and its base."""

    year: int
    month: int          # 12 for the whole year
    comparison: str     # one of vocab.COMPARISONS
    status: str         # "estimate" unless the header says "chính thức" / "sơ bộ"


_STATUS_WORDS = (("chinh thuc", "final"), ("so bo", "preliminary"), ("uoc tinh", "estimate"),
                 ("uoc", "estimate"), ("thuc hien", "estimate"))
_Y = r"(\d{4})"
_M = r"(\d{1,2})"
_MONTH = re.compile(rf"thang {_M}(?: nam |/){_Y}(?: thang \1)?")
_YTD = re.compile(rf"{_M} thang (?:dau )?nam {_Y}")
_Q1 = re.compile(rf"(?:quy|qui) (?:i|1) nam {_Y}")
_YEAR = re.compile(rf"(?:ca )?nam {_Y}")
_LATER_QUARTER = re.compile(r"\b(?:quy|qui) (?:ii|iii|iv|2|3|4)\b")


def _normalise_header(text: str) -> str:
    text = fold(text).replace("nam nam", "nam").replace(":", " ")
    text = re.sub(r"(\d)\s*/\s*(\d)", r"\1/\2", text)
    return " ".join(_UNIT_NOTE.sub(" ", text).split())


def parse_column_header(text: str) -> Column | None:
    """Place a column by its header words (any case, diacritics, line breaks).

    Parameters
    ----------
    text : str
        The header cells of one column read top to bottom and joined, e.g.
        ``"Tháng 5 năm 2013 so với tháng 4 năm 2013"``, ``"6 tháng năm 2019 so
        với cùng kỳ năm trước"``, ``"Quý I năm 2014 so với cùng kỳ năm 2013"``,
        ``"Tháng 1/2018 so với tháng 12/2017"``, ``"Năm 2019 so với năm 2018"``.

    Returns
    -------
    Column or None
        ``None`` when the words do not say one period against one base that this
        reader knows (the caller refuses the sheet then). A base year must be the
        year before (``"năm 2019 so với năm 2015"`` is not placed).
    """
    head = _normalise_header(text)
    status = "estimate"
    for word, st in _STATUS_WORDS:
        if head.startswith(word + " "):
            status, head = st, head[len(word) + 1:]
            break
    if head.count(" so voi ") != 1:
        return None
    left, base = head.split(" so voi ")

    def prev_year(y: str, year: int) -> bool:
        return y == "truoc" or int(y) == year - 1

    m = _MONTH.fullmatch(left)
    if m:
        month, year = int(m.group(1)), int(m.group(2))
        if not 1 <= month <= 12:
            return None
        pm, py = (month - 1, year) if month > 1 else (12, year - 1)
        b = re.fullmatch(rf"thang (?:{_M}(?: nam |/){_Y}|truoc)", base)
        if b and b.group(1) is None:
            return Column(year, month, "mom", status)
        if b and (int(b.group(1)), int(b.group(2))) == (pm, py):
            return Column(year, month, "mom", status)
        if b and int(b.group(1)) == month and int(b.group(2)) == year - 1:
            return Column(year, month, "yoy", status)
        b = re.fullmatch(r"(?:cung ky )?nam (\d{4}|truoc)", base)
        if b and prev_year(b.group(1), year):
            return Column(year, month, "yoy", status)
        return None
    m = _YTD.fullmatch(left)
    q = _Q1.fullmatch(left)
    if m or q:
        month, year = (int(m.group(1)), int(m.group(2))) if m else (3, int(q.group(1)))
        b = re.fullmatch(r"cung ky nam (\d{4}|truoc)", base)
        if b and prev_year(b.group(1), year) and 1 <= month <= 12:
            return Column(year, month, "year" if month == 12 else "ytd", status)
        return None
    m = _YEAR.fullmatch(left)
    if m:
        year = int(m.group(1))
        b = re.fullmatch(r"(?:cung ky )?nam (\d{4}|truoc)", base)
        if b and prev_year(b.group(1), year):
            return Column(year, 12, "year", status)
    return None


class NoIIPSheetError(DataError):
    """A workbook without any industrial production index sheet (e.g. January–May 2011)."""


def _number(x):
    """Float of a numeric cell or of a number typed as text; None for anything else."""
    if isinstance(x, numbers.Real) and not isinstance(x, bool):
        f = float(x)
        return None if math.isnan(f) else f
    if isinstance(x, str):
        t = x.strip().replace("\u00a0", "")
        if re.fullmatch(r"[+-]?\d+(?:\.\d+)?", t):
            return float(t)
        if re.fullmatch(r"[+-]?\d+,\d+", t):
            return float(t.replace(",", "."))
    return None


def _sheet_columns(printed, text, total_row, label_col, *, path, sheet):
    """{column index: (Column, printed header)} of a monthly IIP sheet; refuse unknown headers."""
    cols, unknown = {}, []
    for c in range(label_col + 1, len(text[0])):
        rows = [r for r in range(total_row) if text[r][c]]
        header = " ".join(text[r][c] for r in rows)
        if not _normalise_header(header):
            continue
        col = parse_column_header(header)
        shown = " ".join(printed[r][c] for r in rows if not _UNIT_NOTE.fullmatch(text[r][c]))
        if col is None:
            unknown.append(f"{column_letter(c)}: {shown!r}")
        else:
            cols[c] = (col, shown)
    if unknown or not cols:
        raise DataError(f"sheet {sheet!r}: cannot place column(s) " + "; ".join(unknown or
                        ["none found"]) + " — a header must say one period against its base "
                        "(e.g. 'Tháng 5 năm 2019 so với cùng kỳ năm trước', '5 tháng năm 2019 "
                        "so với cùng kỳ năm trước', 'Năm 2019 so với năm 2018')", path=path)
    placed = [col for col, _ in cols.values()]
    keys = [(c.year, c.month, c.comparison) for c in placed]
    if len(set(keys)) != len(keys):
        raise DataError(f"sheet {sheet!r}: two columns say the same comparison "
                        f"{sorted(k for k in keys if keys.count(k) > 1)[0]}", path=path)
    return cols


def _sheet_rows(grid, printed, text, total_row, label_col, cols, *, path, sheet):
    """Figures of every industry row below (and including) the total row.

    Returns (figures, detail rows not read, ignored cells with the reason).
    """
    rows = []
    for r in range(total_row, len(text)):
        values = {c: _number(grid.iat[r, c]) for c in cols}
        rows.append((r, printed[r][label_col], values,
                     any(v is not None for v in values.values())))
    figures, detail, ignored, taken, pending = [], [], [], set(), []
    for i, (r, own, values, has_numbers) in enumerate(rows):
        if not has_numbers:
            pending = ([*pending, own] if own else pending)[-3:]
            continue
        label = own
        code = "" if r == total_row else industry_code(own) if own else None
        if code is None and pending and own:  # a label wrapped onto the numbers' row
            joined = " ".join([*pending, own])
            code = industry_code(joined)
            label = joined if code is not None else own
        nxt = rows[i + 1] if i + 1 < len(rows) else None
        if code is None and own and nxt and nxt[1] and not nxt[3]:  # … onto the next row
            joined = f"{own} {nxt[1]}"
            code = industry_code(joined)
            label = joined if code is not None else own
        pending = []
        if code is None and not own:
            ignored.append((", ".join(a1(r, c) for c, v in values.items() if v is not None),
                            "numbers in a row without a label"))
            continue
        if code is None:
            raise DataError(f"sheet {sheet!r} cell {a1(r, label_col)}: row label {own!r} is no "
                            "known industry (hatinh_analysis.data.vocab.INDUSTRIES; add its "
                            "wording to the vocabulary if it is a new name of a known row)",
                            path=path)
        if code == "detail":
            detail.append((a1(r, label_col), label))
            continue
        if code in taken and code in INDUSTRY_SECOND_ROW:
            code = INDUSTRY_SECOND_ROW[code]
        if code in taken:
            raise DataError(f"sheet {sheet!r} cell {a1(r, label_col)}: a second row for "
                            f"industry {code or 'total'} ({label!r})", path=path)
        taken.add(code)
        for c, (col, header) in cols.items():
            v = values[c]
            if v is None:
                continue
            if v == 0:  # an index of 0 is impossible: a blank typed as 0, not a figure
                ignored.append((a1(r, c), "index 0 (a blank typed as 0)"))
                continue
            if not (math.isfinite(v) and v > 0):
                raise DataError(f"sheet {sheet!r} cell {a1(r, c)}: index {v!r} is not above 0",
                                path=path)
            figures.append({"industry": code, "year": col.year, "month": col.month,
                            "comparison": col.comparison, "status": col.status, "value": v,
                            "sheet": sheet, "cell": a1(r, c), "row_label": label,
                            "column_label": " ".join(header.split())})
    if detail and INDUSTRY_GROUP_NAMES & taken:  # group-level sheet: 291, not 29
        figures = [f for f in figures if f["industry"] not in INDUSTRY_GROUP_NAMES]
    return figures, detail, ignored


def read_release_workbook(path, *, published: str | None = None) -> dict:
    """Every industry row and every comparison column of a release workbook's IIP sheet.

    One reader for the December and the January–November workbooks (2011 on): the
    IIP sheet (title "Chỉ số sản xuất công nghiệp", any sheet name), its total row
    (:data:`TOTAL_LABELS`), the columns placed by their header words
    (:func:`parse_column_header`, never by position) and each row below mapped to
    a VSIC 2007 code (:func:`hatinh_analysis.data.vocab.industry_code`; labels
    split over two lines are joined). Quarterly sheets ("Quý II", "Quý III" …)
    and sheets by province are not read.

    Parameters
    ----------
    path : str or Path
        The workbook, its name starting with the release date ``YYYY-MM-DD``.
    published : str, optional
        Release date when the file name does not start with one.

    Returns
    -------
    dict
        ``published``, ``file`` (path as given), ``sheet``, ``figures`` (list of
        dicts: industry — ``""`` whole of industry, else a VSIC code —, year,
        month — 12 for ``comparison == "year"`` —, comparison (``vocab.COMPARISONS``),
        status, value — index, base period = 100, as stored in the cell —, sheet,
        cell (A1), row_label, column_label), ``detail_rows`` (list of (cell,
        label) rows finer than a division, recognised and not read),
        ``ignored_cells`` (list of (cells, reason): a 0 typed for a blank, numbers
        in a row without a label), ``skipped_sheets`` (list of (sheet, reason)).

    Raises
    ------
    NoIIPSheetError
        No sheet titled as the IIP (lists the sheets).
    DataError
        A sheet that cannot be placed: no total row, a column header that says no
        known comparison, an unknown row label, a non-positive index, two monthly
        IIP sheets — naming file, sheet and cell.
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
    read, skipped = [], []
    with book:
        sheets = list(book.sheet_names)
        for sheet in sheets:
            try:
                grid = pd.read_excel(book, sheet_name=sheet, header=None, dtype=object)
            except Exception as exc:  # calamine's own exception types for damaged sheets
                raise DataError(f"sheet {sheet!r} cannot be read ({type(exc).__name__}: "
                                f"{exc})", path=path) from None
            if grid.empty:
                continue
            printed = _printed_grid(grid)
            text = [[fold(x) for x in row] for row in printed]
            top = " ".join(cell for row in text[:6] for cell in row)
            if _TITLE not in top:
                continue
            if "dia phuong" in top:
                skipped.append((sheet, "by province"))
                continue
            total = _find_total_row(text)
            if total is None:
                raise DataError(f"sheet {sheet!r}: no total row (looked for "
                                + ", ".join(repr(t) for t in TOTAL_LABELS) + ")", path=path)
            r, label_col = total
            headers = " ".join(text[i][c] for i in range(r) for c in range(len(text[0])))
            if _LATER_QUARTER.search(headers) or "quy" in fold(sheet):
                skipped.append((sheet, "quarterly"))
                continue
            cols = _sheet_columns(printed, text, r, label_col, path=path, sheet=sheet)
            figures, detail, ignored = _sheet_rows(grid, printed, text, r, label_col, cols,
                                                   path=path, sheet=sheet)
            read.append((sheet, figures, detail, ignored))
    if not read:
        raise NoIIPSheetError("no industrial production index (IIP) sheet"
                              + (f" (skipped: {skipped})" if skipped else "")
                              + ". Sheets: " + ", ".join(repr(s) for s in sheets), path=path)
    if len(read) > 1:
        raise DataError("several monthly IIP sheets: " + ", ".join(repr(s[0]) for s in read)
                        + "; cannot tell which one to read", path=path)
    sheet, figures, detail, ignored = read[0]
    return {"published": published, "file": str(path), "sheet": sheet, "figures": figures,
            "detail_rows": detail, "ignored_cells": ignored, "skipped_sheets": skipped}
