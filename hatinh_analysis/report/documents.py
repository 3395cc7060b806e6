"""The department's own documents beside a report: ``<stem>.xlsx`` (its tables) and ``<stem>.docx`` (a brief).

``hatinh-report run --xlsx --docx`` writes them into the run's folder next to the
HTML, in the report's language, before the folder is published. Both are built from
what the run already holds — the JSON sidecar (the result the notebook published:
the verdict sentence, the chance or why it is withheld, the range, the figures and
their sources) and the executed notebook (its tables and its first chart) — so they
say exactly what the HTML says, and nothing is computed again.

* **xlsx** (openpyxl): a summary sheet, the figures and the forecasts as numbers
  (when the notebook published them: notebook 02), then every table the report shows,
  as shown (read from the notebook's HTML outputs with :func:`pandas.read_html`).
* **docx** (python-docx): one page — the title, the verdict sentence, the chance or the
  reason it is withheld, the range, one chart and the source line.

Text from the data or the user (titles, file names, notes) is written as text: Word
and Excel never interpret it as markup or formulas (a leading ``=`` is kept as text).
"""
from __future__ import annotations

import base64
import html
import io
import json
import re
from pathlib import Path
from typing import Any

from hatinh_analysis.i18n import format_date, format_pct, term, translator

__all__ = ["DOCUMENT_KINDS", "verdict_sentence", "write_xlsx", "write_docx", "write_documents",
           "documents_hook"]

#: The document kinds and their file suffixes.
DOCUMENT_KINDS = ("xlsx", "docx")

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-ỸĐ\"“(])")
_EXCEL_BAD = re.compile(r"[\[\]:*?/\\]")


def _result(side: dict) -> dict:
    return side.get("result") or {}


def _details(side: dict) -> dict:
    return _result(side).get("details") or {}


def verdict_sentence(side: dict) -> str:
    """The one sentence a document leads with, from a sidecar.

    The notebook's own ``details.sentence`` when it publishes one; otherwise the first
    sentence of its published summary (for notebook 02: the verdict and the forecast).
    """
    details = _details(side)
    for key in ("sentence", "verdict_sentence"):
        if isinstance(details.get(key), str) and details[key].strip():
            return details[key].strip()
    if details.get("verdict") and details.get("target") is not None and details.get("target_year"):
        from hatinh_analysis.words import verdict_word as verdict_label

        lang, target = _lang(side), details["target"]
        _ = translator(lang)
        words = (_("%(low)s to %(high)s", low=_target(target.get("low"), lang), high=_target(target.get("high"), lang))
                 if isinstance(target, dict) else _target(target, lang))
        return _("Verdict: the target of %(target)s for %(year)s is %(verdict)s.", target=words,
                 year=details["target_year"], verdict=verdict_label(details["verdict"], lang))
    summary = str(_result(side).get("summary") or side.get("summary") or "").strip()
    return _SENTENCE_END.split(summary, maxsplit=1)[0] if summary else ""


def _target(x, lang: str) -> str:
    """A target as published: up to two decimals (+10.64%, +12%)."""
    x = float(x)
    decimals = len(f"{x:.2f}".rstrip("0").split(".")[1]) if "." in f"{x:.2f}".rstrip("0") else 0
    return format_pct(x, lang, decimals=decimals, signed=True)


def _lang(side: dict) -> str:
    lang = (side.get("parameters") or {}).get("lang") or _details(side).get("lang") or "en"
    return lang if lang in ("vi", "en") else "en"


def _pct(x, lang: str) -> str:
    return format_pct(float(x), lang, decimals=1, signed=True)


def range_sentence(side: dict) -> str | None:
    """"Central forecast +18.1%; calibrated 80% range +8.3% to +25.5%." (None without numbers)."""
    details, lang = _details(side), _lang(side)
    numbers = details.get("numbers") or {}
    if not all(isinstance(numbers.get(k), (int, float)) for k in ("forecast", "lower", "upper")):
        return None
    _ = translator(lang)
    level = details.get("level") or 0.8
    return _("Central forecast for %(year)s: %(forecast)s; calibrated %(level)s range: %(lower)s to %(upper)s.",
             year=details.get("target_year", ""), forecast=_pct(numbers["forecast"], lang),
             level=format_pct(100 * float(level), lang, decimals=0), lower=_pct(numbers["lower"], lang),
             upper=_pct(numbers["upper"], lang))


def chance_sentence(side: dict) -> str | None:
    """The chance as printed, or why it is withheld (None when the notebook has no chance)."""
    prob = _details(side).get("probability")
    if not isinstance(prob, dict):
        return None
    _ = translator(_lang(side))
    if prob.get("printed"):
        return _("Chance of reaching the target: %(chance)s.", chance=prob.get("text", ""))
    return _("Chance of reaching the target: not printed — %(reason)s.", reason=prob.get("note", ""))


def source_sentence(side: dict) -> str | None:
    """The source line of the figures the report used (:func:`hatinh_analysis.plots.source_line`)."""
    figures = _details(side).get("figures")
    if not isinstance(figures, list) or not figures:
        return None
    from hatinh_analysis.plots import source_line

    ids = [str(f["source_id"]) for f in figures if isinstance(f, dict) and f.get("source_id")]
    return source_line(source_ids=ids, lang=_lang(side)) if ids else None


# --------------------------------------------------------------------------- notebook outputs
def _outputs(nb, mime: str):
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        for out in cell.get("outputs", []):
            data = out.get("data") or {}
            if mime in data:
                yield out, data[mime]


def first_chart(nb) -> tuple[bytes, str] | None:
    """The first PNG of an executed notebook and its alt text (``None`` without one)."""
    for out, data in _outputs(nb, "image/png"):
        alt = ((out.get("metadata") or {}).get("image/png") or {}).get("alt") or ""
        text = data if isinstance(data, str) else "".join(data)
        return base64.b64decode(text), str(alt)
    return None


def report_tables(nb) -> list[tuple[str, Any]]:
    """Every table the report shows: ``(caption, DataFrame)`` read from the HTML outputs."""
    import pandas as pd

    tables = []
    for _out, data in _outputs(nb, "text/html"):
        text = data if isinstance(data, str) else "".join(data)
        if "<table" not in text:
            continue
        try:
            frames = pd.read_html(io.StringIO(text), keep_default_na=False)
        except ValueError:  # no table after all
            continue
        captions = re.findall(r"<caption[^>]*>(.*?)</caption>", text, re.S)
        for i, frame in enumerate(frames):
            caption = html.unescape(re.sub(r"<[^>]+>", "", captions[i])).strip() if i < len(captions) else ""
            tables.append((caption, frame))
    return tables


# --------------------------------------------------------------------------- xlsx
def _cell_text(value):
    """A value for a cell: numbers stay numbers, NaN an empty cell, anything else text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return value if value == value else None
    return str(value)


def _append(ws, values) -> None:
    """Append a row; a text starting with "=" stays text (openpyxl would store a formula)."""
    ws.append([_cell_text(v) for v in values])
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"


def _sheet_name(wb, name: str) -> str:
    base = _EXCEL_BAD.sub(" ", name).strip()[:31] or "Sheet"
    out, n = base, 2
    while out in wb.sheetnames:
        suffix = f" ({n})"
        out, n = base[:31 - len(suffix)] + suffix, n + 1
    return out


def _write_rows(ws, header: list[str], rows: list[list], number_format: dict[int, str] | None = None):
    from openpyxl.styles import Alignment, Font

    _append(ws, header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        _append(ws, row)
    for col, fmt in (number_format or {}).items():
        for (cell,) in ws.iter_rows(min_row=2, min_col=col, max_col=col):
            if isinstance(cell.value, (int, float)):
                cell.number_format = fmt
    for i, h in enumerate(header, start=1):
        width = max([len(str(h))] + [len(str(r[i - 1])) for r in rows if i - 1 < len(r) and r[i - 1] is not None])
        ws.column_dimensions[ws.cell(1, i).column_letter].width = min(60, max(8, width + 2))
    ws.freeze_panes = "A2"


def _model_name(code, lang: str) -> str:
    for kind in ("model", "family"):
        try:
            return term(kind, str(code), lang)
        except ValueError:
            continue
    return str(code)


def write_xlsx(path, side: dict, nb=None) -> Path:
    """Write the report's tables to *path* (see the module doc); return the path."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    lang = _lang(side)
    _ = translator(lang)
    details = _details(side)
    wb = Workbook()
    ws = wb.active
    ws.title = _sheet_name(wb, _("Summary"))
    _append(ws, [side.get("title") or side.get("notebook") or ""])
    ws["A1"].font = Font(bold=True, size=13)
    lines = [(_("Verdict"), verdict_sentence(side)), (_("Chance"), chance_sentence(side)),
             (_("Range"), range_sentence(side)), (_("Question"), details.get("question")),
             (_("Summary"), _result(side).get("summary")), (_("Source"), source_sentence(side)),
             (_.label("report.date"), side.get("report_date")), (_.label("report.notebook"), side.get("notebook")),
             (_("Parameters"), "; ".join(f"{k} = {v}" for k, v in (side.get("parameters") or {}).items()))]
    for key, text in lines:
        if text:
            _append(ws, [key, text])
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 100
    for row in ws.iter_rows(min_row=2):
        row[0].font = Font(bold=True)
        row[1].alignment = Alignment(wrap_text=True, vertical="top")

    figures = details.get("figures")
    if isinstance(figures, list) and figures:
        sheet = wb.create_sheet(_sheet_name(wb, _("Published figures")))
        header = [_("Year"), _("Growth, %"), _("Status"), _("Source"), _("Used in the forecast"), _("Your file")]
        rows = []
        for f in figures:
            status = f.get("status")
            try:
                status = term("status", status, lang) if status else ""
            except ValueError:
                pass
            rows.append([f.get("year"), f.get("value"), status, f.get("source_id"),
                         _("yes") if f.get("used") else _("no"), f.get("user_row") or ""])
        _write_rows(sheet, header, rows, {2: "0.0"})
    models = details.get("models")
    if isinstance(models, list) and models:
        from hatinh_analysis.words import verdict_word as verdict_label

        sheet = wb.create_sheet(_sheet_name(wb, _("Forecasts")))
        level = format_pct(100 * float(details.get("level") or 0.8), lang, decimals=0)
        header = [_("Method"), _("Central forecast, %"), _("Lower end of the %(level)s range, %%", level=level),
                  _("Upper end of the %(level)s range, %%", level=level), _("Chance of reaching the target"),
                  _("Verdict"), _("Calibrated")]
        rows = []
        for m in models:
            chance = m.get("chance")
            rows.append([_model_name(m.get("model"), lang), m.get("forecast"), m.get("lower"), m.get("upper"),
                         _(chance) if isinstance(chance, str) else chance,
                         verdict_label(m["verdict"], lang) if m.get("verdict") else "",
                         _("yes") if m.get("calibrated") else _("no")])
        _write_rows(sheet, header, rows, {2: "0.0", 3: "0.0", 4: "0.0"})
    for i, (caption, frame) in enumerate(report_tables(nb) if nb is not None else [], start=1):
        sheet = wb.create_sheet(_sheet_name(wb, caption or _("Table %(num)s", num=i)))
        columns = [" ".join(str(c) for c in col if not str(c).startswith("Unnamed")) if isinstance(col, tuple)
                   else ("" if str(col).startswith("Unnamed") else str(col)) for col in frame.columns]
        _write_rows(sheet, columns, frame.astype(object).values.tolist())
    path = Path(path)
    wb.save(path)
    return path


# --------------------------------------------------------------------------- docx
def write_docx(path, side: dict, nb=None) -> Path:
    """Write the one-page brief to *path* (see the module doc); return the path."""
    from docx import Document
    from docx.shared import Cm, Pt, RGBColor

    lang = _lang(side)
    _ = translator(lang)
    doc = Document()
    section = doc.sections[0]
    section.top_margin = section.bottom_margin = Cm(1.8)
    section.left_margin = section.right_margin = Cm(2.0)
    doc.core_properties.language = lang
    doc.core_properties.title = str(side.get("title") or "")
    doc.add_heading(str(side.get("title") or side.get("notebook") or ""), level=1)
    date = side.get("report_date")
    if date:
        try:
            date = date if lang == "en" else format_date(date, lang)
        except ValueError:
            pass
        meta = doc.add_paragraph(_.label("report.header", date=date))
        meta.runs[0].font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    sentence = verdict_sentence(side)
    if sentence:
        p = doc.add_paragraph()
        run = p.add_run(sentence)
        run.bold = True
        run.font.size = Pt(13)
    for text in (chance_sentence(side), range_sentence(side)):
        if text:
            doc.add_paragraph(text)
    chart = first_chart(nb) if nb is not None else None
    if chart is not None:
        doc.add_picture(io.BytesIO(chart[0]), width=Cm(16.5))
    source = source_sentence(side)
    if source:
        p = doc.add_paragraph(source)
        p.runs[0].font.size = Pt(8.5)
    footer = section.footer.paragraphs[0]
    footer.text = _("hatinh_analysis %(version)s · notebook %(notebook)s · data %(fingerprint)s",
                    version=(side.get("package") or {}).get("version") or "", notebook=side.get("notebook") or "",
                    fingerprint=side.get("data_fingerprint") or "")
    footer.runs[0].font.size = Pt(7.5)
    path = Path(path)
    doc.save(path)
    return path


def write_documents(folder, name: str, kinds=DOCUMENT_KINDS) -> list[Path]:
    """Write ``<name>.xlsx`` / ``<name>.docx`` in *folder* from ``<name>.json`` and ``<name>.ipynb`` there."""
    import nbformat

    folder = Path(folder)
    side = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
    try:
        nb = nbformat.read(folder / f"{name}.ipynb", as_version=4)
    except (OSError, ValueError):
        nb = None
    writers = {"xlsx": write_xlsx, "docx": write_docx}
    return [writers[k](folder / f"{name}.{k}", side, nb) for k in kinds]


def documents_hook(kinds):
    """``before_publish`` of :func:`hatinh_analysis.report.pipeline.run_report`: the documents
    of every report that has a sidecar, written into the staging folder (published with it)."""
    kinds = tuple(k for k in DOCUMENT_KINDS if k in kinds)

    def hook(staging, results, seconds):
        for r in results:
            if kinds and (Path(staging) / f"{r.name}.json").exists():
                write_documents(staging, r.name, kinds)
    return hook

