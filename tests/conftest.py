"""Shared test helpers: tiny .xlsx files without an Excel writer dependency; a reports folder from an earlier run."""
from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from hatinh_analysis.data.pxweb import column_letter  # checked against a hand-made table in test_data_pxweb


def write_xlsx(path, sheets: dict) -> Path:
    """Write a minimal .xlsx: {sheet name: list of rows (str, int, float or None)}."""
    path = Path(path)
    names = list(sheets)
    ct = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
          'package/2006/content-types"><Default Extension="rels" ContentType="application/'
          'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
          'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
          '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
          + "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
                    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                    for i in range(1, len(names) + 1)) + "</Types>")
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
            'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>')
    wb = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.'
          'org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
          'officeDocument/2006/relationships"><sheets>'
          + "".join(f'<sheet name="{escape(n)}" sheetId="{i}" r:id="rId{i}"/>'
                    for i, n in enumerate(names, start=1)) + "</sheets></workbook>")
    wb_rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
               'openxmlformats.org/package/2006/relationships">'
               + "".join(f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/'
                         'officeDocument/2006/relationships/worksheet" '
                         f'Target="worksheets/sheet{i}.xml"/>'
                         for i in range(1, len(names) + 1)) + "</Relationships>")
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", ct)
        z.writestr("_rels/.rels", rels)
        z.writestr("xl/workbook.xml", wb)
        z.writestr("xl/_rels/workbook.xml.rels", wb_rels)
        for i, name in enumerate(names, start=1):
            rows = []
            for r, row in enumerate(sheets[name], start=1):
                cells = []
                for c, v in enumerate(row):
                    ref = f"{column_letter(c)}{r}"
                    if v is None:
                        continue
                    if isinstance(v, str):
                        cells.append(f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">'
                                     f"{escape(v)}</t></is></c>")
                    else:
                        cells.append(f'<c r="{ref}"><v>{v!r}</v></c>')
                rows.append(f'<row r="{r}">{"".join(cells)}</row>')
            z.writestr(f"xl/worksheets/sheet{i}.xml",
                       '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
                       'openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                       + "".join(rows) + "</sheetData></worksheet>")
    return path


@pytest.fixture
def make_xlsx(tmp_path):
    """Factory: make_xlsx("name.xlsx", {"Sheet": [[...], ...]}) → path in tmp_path."""
    return lambda name, sheets: write_xlsx(tmp_path / name, sheets)


def write_user_csv(folder: Path, rows, name: str = "mine.csv") -> Path:
    """A user's figures file (CSV) with the package's first 11 columns and *rows*."""
    import csv

    from hatinh_analysis.data.schema import COLUMNS

    p = Path(folder) / name
    with open(p, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS[:11])
        w.writerows(rows)
    return p


def write_user_xlsx(folder: Path, rows, name: str = "my_figures.xlsx", sheet: str = "Figures") -> Path:
    """A user's figures file (XLSX written by openpyxl) with the package's first 11 columns and *rows*."""
    import openpyxl

    from hatinh_analysis.data.schema import COLUMNS

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(list(COLUMNS[:11]))
    for r in rows:
        ws.append(r)
    p = Path(folder) / name
    wb.save(p)
    return p


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under *folder* (relative path → bytes): to check that nothing was altered."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != ".lock"}


def listing(out: Path) -> list[str]:
    """The names in a reports folder, without its lock file (``.lock``, kept between runs)."""
    return sorted(p.name for p in out.iterdir() if p.name != ".lock")


@pytest.fixture
def earlier_reports(tmp_path) -> Path:
    """``tmp_path/reports`` holding an earlier run (``2020-01-01/x.html``) and an index."""
    out = tmp_path / "reports"
    (out / "2020-01-01").mkdir(parents=True)
    (out / "2020-01-01" / "x.html").write_text("earlier")
    (out / "index.html").write_text("index")
    return out
