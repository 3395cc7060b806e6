"""HTML export of an executed notebook: self-contained, code hidden by default, alt text on figures.

nbconvert's ``lab`` template is extended by a template kept in this module (so it
ships with the package without package-data configuration). The extension

- drops the require.js, MathJax, mermaid and widget ``<script src=…>`` tags (CDN
  downloads the reports do not need), so the page renders fully offline;
- writes ``alt="…"`` on every image from the output metadata
  (``{"image/png": {"alt": …}}``, set by :func:`hatinh_analysis.plots.show`) —
  nbconvert 7.17's ``lab`` template ignores that key (only ``classic`` reads it);
- adds a header (report date, parameters) and a provenance footer, and a red
  banner when the notebook failed.

Before rendering, a copy of the notebook is cleaned: the machine-readable result
bundle (:data:`~hatinh_analysis.report.result.RESULT_MIME`), progress-bar
streams and widget views are removed; with the code hidden, warnings on stderr
and code cells left without output are removed too. The executed ``.ipynb``
beside the HTML keeps everything.
"""
from __future__ import annotations

import copy
import html
import re
import threading
from collections.abc import Mapping
from typing import Any

from hatinh_analysis.formats import format_value
from hatinh_analysis.report.result import RESULT_MIME

__all__ = ["export_html", "clean_for_export", "TEMPLATE_FILE"]

TEMPLATE_FILE = "hatinh_report.html.j2"

_CSS = """
body.jp-Notebook { background: #fff; }
main { max-width: 62rem; margin: 0 auto; padding: 0 1rem 2rem; }
.hatinh-header { font: 0.85rem/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #333; border-bottom: 1px solid #ddd; padding: 0.6rem 0; margin: 0 0 0.5rem; }
.hatinh-header b { font-weight: 600; }
.hatinh-header .hatinh-params { color: #555; }
.hatinh-failed { background: #fdecea; border: 2px solid #b71c1c; color: #7f0000;
  padding: 0.8rem 1rem; margin: 0.8rem 0; font: 1rem/1.4 system-ui, sans-serif; }
.hatinh-footer { font: 0.8rem/1.4 system-ui, sans-serif; color: #555; border-top: 1px solid #ddd;
  margin-top: 2rem; padding-top: 0.6rem; }
.hatinh-footer table { border-collapse: collapse; }
.hatinh-footer td, .hatinh-footer th { padding: 0.1rem 0.6rem 0.1rem 0; text-align: left;
  vertical-align: top; font-weight: normal; }
.hatinh-footer th { color: #777; }
.jp-RenderedImage img { max-width: 100%; height: auto; }
.jp-RenderedHTMLCommon table { font-size: 0.9rem; }
"""

_TEMPLATE = r"""{%- extends 'index.html.j2' -%}
{#- Hà Tĩnh reports: offline (no CDN scripts), alt text on images, header and footer. -#}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}

{%- block extra_css -%}
<style type="text/css">{{ resources.hatinh.css }}</style>
{%- endblock extra_css -%}

{%- block body_header -%}
{{ super() }}
{%- if resources.hatinh.header_html %}
<header class="hatinh-header">{{ resources.hatinh.header_html }}</header>
{%- endif %}
{%- if resources.hatinh.failure_html %}
<div class="hatinh-failed" role="alert">{{ resources.hatinh.failure_html }}</div>
{%- endif %}
{%- endblock body_header -%}

{% block body_footer %}
{%- if resources.hatinh.footer_html %}
<footer class="hatinh-footer">{{ resources.hatinh.footer_html }}</footer>
{%- endif %}
{{ super() }}
{% endblock body_footer %}

{%- macro alt_attr(output, cell, mime) -%}
{%- set alttext = (output | get_metadata('alt', mime)) or (cell | get_metadata('alt')) or resources.hatinh.default_alt -%}
 alt="{{ alttext | escape_html }}"
{%- endmacro -%}

{% block data_png scoped %}
<div class="jp-RenderedImage jp-OutputArea-output {{ extra_class }}">
<img src="data:image/png;base64,{{ output.data['image/png'] | escape_html }}"{{ alt_attr(output, cell, 'image/png') }}
{%- set width=output | get_metadata('width', 'image/png') -%}
{%- if width is not none %} width="{{ width | escape_html }}"{%- endif %}
{%- set height=output | get_metadata('height', 'image/png') -%}
{%- if height is not none %} height="{{ height | escape_html }}"{%- endif %}>
</div>
{%- endblock data_png %}

{% block data_jpg scoped %}
<div class="jp-RenderedImage jp-OutputArea-output {{ extra_class }}">
<img src="data:image/jpeg;base64,{{ output.data['image/jpeg'] | escape_html }}"{{ alt_attr(output, cell, 'image/jpeg') }}>
</div>
{%- endblock data_jpg %}

{% block data_svg scoped -%}
<div class="jp-RenderedSVG jp-OutputArea-output {{ extra_class }}" data-mime-type="image/svg+xml">
<img src="data:image/svg+xml;base64,{{ output.data['image/svg+xml'] | text_base64 | escape_html }}"{{ alt_attr(output, cell, 'image/svg+xml') }}>
</div>
{%- endblock data_svg %}
"""

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
        extra_loaders=[jinja2.DictLoader({TEMPLATE_FILE: _TEMPLATE})],
        embed_images=True,
        exclude_input=not with_code,
        exclude_input_prompt=not with_code,
        exclude_output_prompt=not with_code,
    )
    cache[with_code] = exporter
    return exporter


def _header_html(context: Mapping[str, Any]) -> str:
    bits = []
    if context.get("report_date"):
        bits.append(f"<b>Report of {html.escape(str(context['report_date']))}</b>")
    if context.get("package_version"):
        bits.append(f"hatinh_analysis {html.escape(str(context['package_version']))}")
    params = context.get("parameters") or {}
    line = " · ".join(bits)
    if params:
        shown = ", ".join(f"{html.escape(k)} = {html.escape(format_value(v))}" for k, v in params.items())
        line += f'<br><span class="hatinh-params">Parameters: {shown}</span>'
    return line


def _footer_html(context: Mapping[str, Any], with_code: bool) -> str:
    rows = [
        ("Notebook", context.get("notebook")),
        ("Report date", context.get("report_date")),
        ("Generated", context.get("generated_at")),
        ("Package", f"hatinh_analysis {context['package_version']}" if context.get("package_version") else None),
        ("Data fingerprint", context.get("data_fingerprint")),
    ]
    body = "".join(
        f"<tr><th scope=\"row\">{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>" for k, v in rows if v
    )
    note = ("The code is hidden in this page; the executed notebook beside it "
            f"({html.escape(str(context.get('notebook', 'the .ipynb file')))}.ipynb) holds it."
            if not with_code else "")
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
        ``data_fingerprint``, ``parameters`` (dict), and ``error`` (dict with
        ``ename``/``evalue``, when the notebook failed).

    Returns
    -------
    str
        The HTML document. Images are inline (base64) and carry ``alt`` text;
        no script or stylesheet is loaded from the network.
    """
    context = dict(context or {})
    clean = clean_for_export(nb, with_code=with_code)
    if context.get("title"):
        clean.metadata["title"] = str(context["title"])
    error = context.get("error")
    failure = None
    if error:
        failure = ("<b>This report did not finish.</b> The notebook stopped with "
                   f"<code>{html.escape(str(error.get('ename', 'an error')))}: "
                   f"{html.escape(str(error.get('evalue', '')))}</code>. "
                   "Results below are incomplete; the error is shown where it happened.")
    resources = {
        "metadata": {"name": str(context.get("title") or context.get("notebook") or "report")},
        "hatinh": {
            "css": _CSS,
            "header_html": _header_html(context),
            "footer_html": _footer_html(context, with_code),
            "failure_html": failure,
            "default_alt": "Chart (no description was provided)",
        },
    }
    body, _ = _exporter(with_code).from_notebook_node(clean, resources=resources)
    body = _EXTERNAL_SCRIPT.sub("", body)
    body = _EXTERNAL_LINK.sub("", body)
    return body
