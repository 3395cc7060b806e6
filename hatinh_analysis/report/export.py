"""HTML export of an executed notebook: self-contained, code hidden by default, alt text on figures.

nbconvert's ``lab`` template is extended by ``templates/hatinh_report.html.j2``,
which drops the CDN ``<script src=…>`` tags (require.js, MathJax, mermaid,
widgets) so the page renders offline, writes ``alt="…"`` on every image from the
output metadata set by :func:`hatinh_analysis.plots.show` (nbconvert's ``lab``
template ignores that key), and adds a header (date, parameters), a provenance
footer and a red banner when the notebook failed. A cleaned copy is exported
(:func:`clean_for_export`); the ``.ipynb`` beside the HTML keeps everything.
"""
from __future__ import annotations

import copy
import html
import re
import threading
from pathlib import Path
from collections.abc import Mapping
from typing import Any

from hatinh_analysis.formats import format_value
from hatinh_analysis.i18n import check_lang, format_date, format_datetime
from hatinh_analysis.report.index import html_messages
from hatinh_analysis.report.result import RESULT_MIME

__all__ = ["export_html", "clean_for_export", "TEMPLATE_FILE"]

TEMPLATE_FILE = "hatinh_report.html.j2"

TEMPLATES = Path(__file__).parent / "templates"


_PROGRESS = re.compile(r"\r|\d+%\|")
# belt and braces: external scripts / stylesheets the template might still carry
_EXTERNAL_SCRIPT = re.compile(r"<script\b[^>]*\bsrc\s*=\s*[\"']?(?:https?:)?//[^>]*>\s*</script>", re.I)
_EXTERNAL_LINK = re.compile(r"<link\b[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//[^>]*>", re.I)


def clean_for_export(nb, *, with_code: bool = False):
    """Return a copy of *nb* ready for HTML: without the result bundle and progress noise.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        An executed notebook (not modified).
    with_code : bool
        When false (the default report), stderr warnings and code cells without
        any remaining output are dropped as well.

    Returns
    -------
    nbformat.NotebookNode
    """
    nb = copy.deepcopy(nb)
    cells = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            outputs = []
            for out in cell.get("outputs", []):
                if out.get("output_type") == "stream":
                    if out.get("name") == "stderr" and (not with_code or _PROGRESS.search(out.get("text", ""))):
                        continue
                elif out.get("output_type") in ("display_data", "execute_result"):
                    data = out.get("data", {})
                    if RESULT_MIME in data or "application/vnd.jupyter.widget-view+json" in data:
                        continue
                outputs.append(out)
            cell.outputs = outputs
            if not with_code and not outputs:
                continue
        cells.append(cell)
    nb.cells = cells
    return nb


_LOCAL = threading.local()


def _exporter(with_code: bool):
    """One HTMLExporter per setting and thread (exporters keep state while they render)."""
    cache = _LOCAL.__dict__.setdefault("exporters", {})
    if with_code in cache:
        return cache[with_code]
    import jinja2
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="lab",
        template_file=TEMPLATE_FILE,
        extra_loaders=[jinja2.FileSystemLoader(str(TEMPLATES))],
        embed_images=True,
        exclude_input=not with_code,
        exclude_input_prompt=not with_code,
        exclude_output_prompt=not with_code,
    )
    cache[with_code] = exporter
    return exporter


def _when(value, lang: str, fmt) -> str:
    """A date or time of the header/footer: as stored in English (unchanged), else in words (*fmt*)."""
    return str(value) if lang == "en" else fmt(value, lang)


def _header_html(context: Mapping[str, Any], msg, lang: str) -> str:
    bits = [f"<b>{msg('report.header', date=_when(context['report_date'], lang, format_date))}</b>"
            if context.get("report_date") else "",
            f"hatinh_analysis {html.escape(str(context['package_version']))}" if context.get("package_version") else ""]
    head = " · ".join(b for b in bits if b)
    if notes := context.get("runner_notes"):  # what the runner did with the user's own file (issue 19)
        items = "".join(f"<li>{html.escape(str(n))}</li>" for n in notes)
        head += (f"<div class=\"hatinh-runner-notes\" role=\"note\"><b>{msg('report.your_figures')}</b>"
                 f"<ul>{items}</ul></div>")
    return head


def _footer_html(context: Mapping[str, Any], with_code: bool, msg, lang: str) -> str:
    c = {k: v for k, v in context.items() if v}
    rows = [("report.notebook", c.get("notebook")),
            ("report.date", c.get("report_date") and _when(c["report_date"], lang, format_date)),
            ("report.generated", c.get("generated_at") and _when(c["generated_at"], lang, format_datetime)),
            ("report.package", c.get("package_version") and f"hatinh_analysis {c['package_version']}"),
            ("report.fingerprint", c.get("data_fingerprint"))]
    body = "".join(f"<tr><th scope=\"row\">{msg(k)}</th><td>{html.escape(str(v))}</td></tr>" for k, v in rows if v)
    if params := c.get("parameters"):  # the run's parameters: in the footer, not atop the page (issue 18)
        shown = ", ".join(f"{k} = {format_value(v)}" for k, v in params.items())
        body += (f"<tr><th scope=\"row\">{msg('report.parameters_heading')}</th>"
                 f"<td class=\"hatinh-params\">{html.escape(shown)}</td></tr>")
    note = "" if with_code else msg("report.code_hidden", file=f"{context.get('notebook', 'the .ipynb file')}.ipynb")
    return f"<table>{body}</table><p>{note}</p>" if body or note else ""


def export_html(nb, *, with_code: bool = False, context: Mapping[str, Any] | None = None) -> str:
    """Render an executed notebook as one self-contained HTML page.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The executed notebook (not modified).
    with_code : bool, default False
        Keep the code cells (and their prompts); by default only prose and
        results are shown.
    context : mapping, optional
        Shown in the header and footer: ``title``, ``notebook`` (stem),
        ``report_date``, ``generated_at``, ``package_version``,
        ``data_fingerprint``, ``parameters`` (dict), ``lang`` (``<html lang>``, default
        ``"en"``), ``error`` (``ename``/``evalue``, when the notebook failed) and
        ``runner_notes`` (texts: what the runner did with the user's file, shown atop the page).

    Returns
    -------
    str
        The HTML document. Images are inline (base64) and carry ``alt`` text;
        no script or stylesheet is loaded from the network.
    """
    context = dict(context or {})
    lang = check_lang(context.get("lang") or "en", param="context['lang']")
    msg = html_messages(lang)
    clean = clean_for_export(nb, with_code=with_code)
    if context.get("title"):
        clean.metadata["title"] = str(context["title"])
    error = context.get("error")
    failure = msg("report.failed", error=f"{error.get('ename', 'an error')}: {error.get('evalue', '')}") if error else None
    resources = {
        "metadata": {"name": str(context.get("title") or context.get("notebook") or "report")},
        "hatinh": {
            "css": (TEMPLATES / "report.css").read_text(encoding="utf-8"),
            "header_html": _header_html(context, msg, lang),
            "footer_html": _footer_html(context, with_code, msg, lang),
            "failure_html": failure,
            "default_alt": msg("report.default_alt"),
        },
    }
    body, _ = _exporter(with_code).from_notebook_node(clean, resources=resources)
    body = _EXTERNAL_SCRIPT.sub("", body)
    body = _EXTERNAL_LINK.sub("", body)
    return body.replace('<html lang="en">', f'<html lang="{lang}">', 1)
