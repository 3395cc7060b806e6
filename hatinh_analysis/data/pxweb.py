"""Reader for tables exported from the statistics office's PX-Web site (CSV)."""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd

from hatinh_analysis.data import vocab
from hatinh_analysis.data.errors import DataError
from hatinh_analysis.data.tables import read_text

# PX-Web writes missing-value symbols as runs of dots ("." to "......"; GSO uses "..").
_MISSING = re.compile(r"\.{1,6}")
_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")
_YEAR = re.compile(r"\d{4}")


def column_letter(index: int) -> str:
    """Spreadsheet column letters of a 0-based column index.

    Parameters
    ----------
    index : int
        0-based column (field) position.

    Returns
    -------
    str
        ``"A"`` for 0, ``"Z"`` for 25, ``"AA"`` for 26.
    """
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _fields(line: str, sep: str) -> list[str]:
    return next(csv.reader([line], delimiter=sep))


def read_pxweb_csv(path, subtotals: str = "drop", *, keep_missing: bool = False,
                   sep: str = ";", encoding: str = "utf-8-sig") -> pd.DataFrame:
    """Read a PX-Web CSV export (rows = items, columns = years) into a tidy table.

    The layout is the one PX-Web's "semicolon-separated with heading" export
    writes: an optional title line, a blank line, a header ``"<dimension>";
    "2012";"2013";…``, then one line per item. Numbers use ``.`` as decimal
    mark (a decimal comma is also read); runs of dots (``..``) mean "not
    available".

    Parameters
    ----------
    path : str or Path
        The exported file (UTF-8; a byte-order mark is fine).
    subtotals : {"drop", "mark", "keep"}, default "drop"
        What to do with region subtotal rows ("Red River Delta" …) of a
        province table. ``"drop"`` for province-level analysis (the usual case);
        ``"mark"`` keeps them and adds a boolean ``is_subtotal`` column (use when
        you want regional aggregates too); ``"keep"`` keeps them without marking.
        The whole-country row is a total, not a subtotal, and is always kept
        (id ``vietnam``). Tables of other dimensions (e.g. industrial activity)
        have no code list telling sections from items, so nothing is marked.
    keep_missing : bool, default False
        By default ``..`` cells are absent (no row), so a missing figure can
        never be mistaken for a number; ``True`` keeps them as NaN rows, e.g.
        to see which cells the office left empty.
    sep : str, default ";"
        Field separator of the export.
    encoding : str, default "utf-8-sig"

    Returns
    -------
    DataFrame
        Columns ``id`` (province id such as ``ha_tinh`` — ``" WHOLE COUNTRY"``
        → ``vietnam``, regions → region id — or, for other dimensions, a
        snake_case slug of the name), ``name`` (as printed, whitespace
        normalised: ``"Thai  Nguyen"`` → ``"Thai Nguyen"``), ``year`` (int64),
        ``value`` (float64), ``cell`` (A1 reference of the value when the CSV is
        opened as a grid: line number and field position), plus ``is_subtotal``
        when ``subtotals="mark"``. Rows in file order. ``attrs`` holds
        ``title``, ``dimension`` (the first header cell as printed),
        ``kind`` (``"province"`` or ``"other"``), ``notes`` (footnote lines)
        and ``path``.

    Raises
    ------
    DataError
        Naming the file, line and column: empty file, undecodable text, no
        ``sep``-separated header (wrong separator or layout), a header cell
        that is not a year, a row with the wrong number of fields, a
        non-numeric cell, an unknown name in a province table.
    """
    if subtotals not in ("drop", "mark", "keep"):
        raise ValueError(f"subtotals must be 'drop', 'mark' or 'keep', not {subtotals!r}")
    path = Path(path)
    text = read_text(path, encoding)
    lines = text.splitlines()

    # The header is the first line that splits on sep; anything above is the title.
    header_at = next((i for i, line in enumerate(lines)
                      if line.strip() and len(_fields(line, sep)) >= 2), None)
    if header_at is None:
        seen = [s for s in (",", "\t", ";", "|") if s != sep and any(s in ln for ln in lines)]
        hint = f"; the file seems to use {seen[0]!r} — pass sep={seen[0]!r}" if seen else ""
        raise DataError(f"wrong separator or layout: no line splits on separator {sep!r} "
                        "into a header (expected a PX-Web table export)" + hint, path=path)
    title = " ".join(" ".join(_fields(ln, sep)).strip() for ln in lines[:header_at]
                     if ln.strip())
    header = [h.strip() for h in _fields(lines[header_at], sep)]
    header_row = header_at + 1
    dimension = " ".join(header[0].split())
    years = []
    for j, h in enumerate(header[1:], start=1):
        if not _YEAR.fullmatch(h):
            raise DataError(f"header cell {h!r} is not a year (only yearly tables are "
                            "supported: items in rows, years in columns)",
                            path=path, row=header_row, column=column_letter(j))
        years.append(int(h))

    records, notes = [], []
    for i in range(header_at + 1, len(lines)):
        line, lineno = lines[i], i + 1
        if not line.strip():
            continue
        fields = _fields(line, sep)
        if len(fields) == 1:  # a footnote below the table
            notes.append(fields[0].strip())
            continue
        if notes:
            raise DataError("data line after footnotes", path=path, row=lineno)
        if len(fields) != len(header):
            raise DataError(f"{len(fields)} fields, header has {len(header)} "
                            f"(is the separator {sep!r} right?)", path=path, row=lineno)
        name = " ".join(fields[0].split())
        if not name:
            raise DataError("empty item name", path=path, row=lineno, column=dimension)
        for j, (year, cell) in enumerate(zip(years, fields[1:]), start=1):
            cell = cell.strip()
            if _MISSING.fullmatch(cell):
                value = float("nan")
            elif _NUMBER.fullmatch(cell):
                value = float(cell.replace(",", "."))
            else:
                raise DataError(f"{cell!r} is not a number (nor '..' for missing)",
                                path=path, row=lineno, column=str(year))
            records.append((name, year, value, f"{column_letter(j)}{lineno}", lineno))
    if not records:
        raise DataError("no data lines below the header", path=path, row=header_row)

    df = pd.DataFrame(records, columns=["name", "year", "value", "cell", "_line"])
    names = df.drop_duplicates("name")[["name", "_line"]]
    provinces = {n: vocab.province_id(n) for n in names["name"]}
    regions = {n: vocab.region_id(n) for n in names["name"]}
    # A province table is recognised by content: most of its names are provinces.
    is_province = sum(v is not None for v in provinces.values()) * 2 >= len(names)
    if is_province:
        for n, line_no in names.itertuples(index=False):
            if provinces[n] is None and regions[n] is None:
                raise DataError(f"{n!r} is neither a province nor a region known to "
                                "hatinh_analysis.data.vocab (add its spelling there)",
                                path=path, row=line_no, column=dimension)
        df.insert(0, "id", [provinces[n] or regions[n] for n in df["name"]])
        subtotal = df["name"].map(lambda n: regions[n] is not None).astype(bool)
    else:
        df.insert(0, "id", [vocab.slugify(n) for n in df["name"]])
        subtotal = pd.Series(False, index=df.index)
    if subtotals == "drop":
        df = df[~subtotal]
    elif subtotals == "mark":
        df["is_subtotal"] = subtotal
    if not keep_missing:
        df = df[df["value"].notna()]
    df = df.drop(columns="_line").reset_index(drop=True)
    df["year"] = df["year"].astype("int64")
    df["value"] = df["value"].astype("float64")
    df.attrs = {"title": title, "dimension": dimension,
                "kind": "province" if is_province else "other", "notes": notes,
                "path": str(path)}
    return df
