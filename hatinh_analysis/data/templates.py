"""Templates for a table of your own figures (``data/templates/my_figures.csv`` / ``.xlsx``).

The templates have the columns of ``data/observations.csv`` plus ``month`` and
``comparison`` (a row with a month is a figure about months of a year, read by
``read_user_monthly``; a row without is a whole-year figure) and two filled
example rows — real figures copied from the shipped tables, with their sources —
so a user sees how a figure, its status, publication date and quote are written. The
XLSX has a second sheet, ``Codes``, listing every allowed code (provinces with the
2025 reorganisation, indicators, units with their plausibility bounds, price
bases, statuses). ``hatinh-data template PATH`` writes a fresh copy.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from hatinh_analysis.data import vocab
from hatinh_analysis.data.errors import DataError
from hatinh_analysis.data.schema import CONFIRM_COLUMN, COLUMNS, PLAUSIBLE, format_number
from hatinh_analysis.data.tables import MONTH_COLUMNS

#: Columns of the template: the observations columns, then ``month`` and ``comparison``.
TEMPLATE_COLUMNS = COLUMNS + MONTH_COLUMNS
#: The monthly example row: the national IIP for January–June 2019 against the same
#: months of 2018 (release workbook of 28 June 2019), exactly as in data/monthly.csv.
MONTHLY_EXAMPLE_KEY = {"province": "vietnam", "indicator": "iip", "industry": "", "year": 2019,
                       "month": 6, "comparison": "ytd", "published": "2019-06-28"}
_COMPARISON_MEANING = {
    "ytd": "months 1..M of the year against the same months a year earlier "
           "('6 tháng năm 2019 so với cùng kỳ năm trước'); not for January",
    "yoy": "month M against the same month a year earlier",
    "mom": "month M against the previous month (unit index or pct_change)",
}

TEMPLATE_NAMES = ("my_figures.csv", "my_figures.xlsx")
#: The example row: Hà Tĩnh's 2019 IIP estimate, +30.74 % (Báo Hà Tĩnh, 25 Dec 2019),
#: exactly as in data/observations.csv (checked by the tests).
EXAMPLE_KEY = {"province": "ha_tinh", "indicator": "iip", "year": 2019, "status": "estimate",
               "source_id": "seed_baohatinh_184456"}

_UNIT_MEANING = {
    "index_prev_year=100": "index, previous year = 100 (108.5 means +8.5 %)",
    "pct_change": "growth in % (30.74 means +30.74 %; a cell formatted as % is read as shown)",
    "bn_vnd": "billion VND (tỷ đồng)",
    "mn_usd": "million USD (triệu USD)",
    "mn_tonnes": "million tonnes (triệu tấn)",
}
_STATUS_MEANING = {
    "final": "final figure (chính thức)",
    "preliminary": "preliminary (sơ bộ)",
    "estimate": "estimate, e.g. a December estimate (ước tính)",
    "target": "plan figure (kế hoạch / mục tiêu)",
}
_BASIS_MEANING = {
    "constant_1994": "constant 1994 prices (giá so sánh 1994)",
    "constant_2010": "constant 2010 prices (giá so sánh 2010)",
    "current_prices": "current prices (giá hiện hành)",
    "comparable_unstated": "'giá so sánh' without a base year",
    "unstated": "price basis not stated",
    "iip": "industrial production index",
    "": "(empty) no price basis: trade flows, tonnages",
}


def example_row() -> dict:
    """The template's example row, read from the shipped ``observations.csv``."""
    from hatinh_analysis.data.store import load_observations

    obs = load_observations(EXAMPLE_KEY["province"], EXAMPLE_KEY["indicator"])
    mask = (obs["year"] == EXAMPLE_KEY["year"]) & (obs["status"] == EXAMPLE_KEY["status"]) \
        & (obs["source_id"] == EXAMPLE_KEY["source_id"])
    if mask.sum() != 1:
        raise DataError("the template's example row is not (exactly once) in observations.csv")
    row = obs[mask].iloc[0]
    return {**{c: row[c] for c in COLUMNS}, "month": "", "comparison": ""}


def monthly_example_row() -> dict:
    """The template's monthly example row, read from the shipped ``monthly.csv``."""
    from hatinh_analysis.data.store import load_monthly

    key = MONTHLY_EXAMPLE_KEY
    rows = load_monthly(key["indicator"], key["province"], key["industry"] or None,
                        comparison=key["comparison"], vintages="all")
    rows = rows[(rows["year"] == key["year"]) & (rows["month"] == key["month"])
                & (rows["published"] == key["published"])]
    if len(rows) != 1:
        raise DataError("the template's monthly example row is not (exactly once) in "
                        "monthly.csv")
    row = rows.iloc[0]
    out = {c: "" for c in TEMPLATE_COLUMNS}
    out.update({c: row[c] for c in ("province", "indicator", "industry", "year", "month",
                                     "comparison", "status", "published", "source_id",
                                     "quote", "file", "sheet", "cell")})
    out.update(value=float(row["index"]), unit="index")
    return out


def codes() -> list[tuple[str, str, str]]:
    """(column, code, meaning) for every allowed code, in the order the Codes sheet shows."""
    out = []
    new_units = vocab.provinces_2025()
    for pid, name in vocab.PROVINCES.items():
        if pid == "vietnam":
            note = "whole country"
        elif pid in vocab.ABOLISHED_2025:
            new = vocab.ABOLISHED_2025[pid]
            note = f"up to 2024 only; merged into {vocab.PROVINCES[new]} ({new}) on 1 July 2025"
        elif pid in vocab.MERGED_INTO_2025:
            joined = ", ".join(vocab.PROVINCES[o] for o in vocab.MERGERS_2025[pid] if o != pid)
            note = (f"up to 2024 the old unit; from 2025 {new_units[pid]} including {joined} "
                    "(a series may not join the two)")
        else:
            note = "unchanged by the 2025 reorganisation"
        out.append(("province", pid, f"{name} — {note}"))
    for iid, ind in vocab.INDICATORS.items():
        out.append(("indicator", iid, f"{ind.label} ({ind.kind}; unit {' or '.join(ind.units)})"))
    for unit in vocab.UNITS:
        low, high = PLAUSIBLE[unit]
        out.append(("unit", unit, f"{_UNIT_MEANING[unit]}; plausible {format_number(low)} … "
                                  f"{format_number(high)}"))
    for basis in vocab.BASES:
        out.append(("basis", basis, _BASIS_MEANING[basis]))
    for status in vocab.STATUSES:
        out.append(("status", status, _STATUS_MEANING[status]))
    out += [
        ("year", "YYYY", "the year the figure is about"),
        ("published", "YYYY-MM-DD, YYYY-MM or YYYY",
         "when the figure became public (a partial date counts as the end of its period)"),
        ("source_id", "your name for the source",
         "e.g. so_cong_thuong_2025-12; letters, digits, _ - ."),
        ("quote", "text", "the words carrying the figure (or fill file/sheet/cell)"),
        ("value_high", "number",
         "only when a range was published ('18-19%': value 18, value_high 19)"),
        (CONFIRM_COLUMN, "yes",
         "optional extra column: confirms a figure beyond the plausible range"),
        ("industry", "(empty)", "whole of industry, or the indicator as such"),
    ]
    out += [("industry", code, f"{vi} — {en}") for code, (vi, en) in vocab.INDUSTRIES.items()]
    out += [("month", "1 … 12", "only for a figure about months; empty for a whole year")]
    out += [("comparison", c, m) for c, m in _COMPARISON_MEANING.items()]
    out += [("unit", "index", "monthly rows: index, the base period of the comparison = 100 "
                              "(index_prev_year=100 is accepted for ytd and yoy)")]
    return out


def template_csv() -> bytes:
    """The CSV template: header and the example row (UTF-8 with BOM, so Excel opens it right)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(TEMPLATE_COLUMNS)
    for row in (example_row(), monthly_example_row()):
        w.writerow(["" if c == "value_high" else
                    (format_number(row[c]) if c == "value" else row[c])
                    for c in TEMPLATE_COLUMNS])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def write_template_xlsx(path) -> Path:
    """Write the XLSX template (sheet ``Figures`` first, then ``Codes``) to ``path``."""
    import openpyxl
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Figures"
    ws.append(list(TEMPLATE_COLUMNS))
    for row in (example_row(), monthly_example_row()):
        ws.append([None if c == "value_high" or row[c] == "" else row[c]
                   for c in TEMPLATE_COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    widths = (14, 24, 7, 10, 10, 20, 16, 11, 12, 24, 50, 8, 8, 8, 9, 7, 11)
    for letter, width in zip("ABCDEFGHIJKLMNOPQ", widths):
        ws.column_dimensions[letter].width = width
    cs = wb.create_sheet("Codes")
    cs.append(["column", "code", "meaning"])
    for cell in cs[1]:
        cell.font = Font(bold=True)
    for r in codes():
        cs.append(list(r))
    cs.column_dimensions["A"].width = 14
    cs.column_dimensions["B"].width = 28
    cs.column_dimensions["C"].width = 100
    path = Path(path)
    wb.save(path)
    return path


def write_template(path) -> Path:
    """Write a fresh template to ``path`` (``.csv`` or ``.xlsx``); refuse to overwrite a file.

    Raises
    ------
    DataError
        ``path`` exists (your figures are never overwritten) or has another extension.
    """
    path = Path(path)
    if path.exists():
        raise DataError("exists already; choose another name (nothing was overwritten)",
                        path=path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        path.write_bytes(template_csv())
    elif suffix == ".xlsx":
        write_template_xlsx(path)
    else:
        raise DataError("a template is .csv or .xlsx", path=path)
    return path
