"""``OUT/index.html``: every dated run, its verdicts and links — rebuilt from the sidecars on disk.

A batch folder (one holding ``batch.json``, see :mod:`hatinh_analysis.report.batch`)
is listed as one entry linking to its summary page, not report by report.
"""
from __future__ import annotations

import datetime as _dt
import html
import json
import os
from pathlib import Path
from urllib.parse import quote

from hatinh_analysis.report.folders import atomic_write_text, index_lock, list_run_dirs

#: The record of a batch folder (its presence marks the folder as a batch).
BATCH_RECORD = "batch.json"


def read_json(path: str | os.PathLike) -> dict | None:
    """A JSON object from *path*; ``None`` if missing, unreadable or not an object."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None

__all__ = ["collect_runs", "render_index", "write_index"]

#: The style of the index and batch summary pages (no network, no scripts).
PAGE_CSS = (Path(__file__).parent / "templates" / "pages.css").read_text(encoding="utf-8")


def collect_runs(out: str | os.PathLike, extra: tuple[Path, str] | None = None) -> list[dict]:
    """Read every published run of ``OUT``, newest first.

    Returns
    -------
    list of dict
        ``{"name": folder name, "reports": [sidecar, …]}``; a report whose
        sidecar is unreadable is listed with status ``unknown``. A batch folder
        gives ``{"name", "batch": its batch.json, "reports": []}``.
    """
    folders = [(f, f.name) for f in list_run_dirs(out)]
    if extra is not None:  # a folder about to be published under this name
        folders = sorted(folders + [extra], key=lambda fn: (fn[1][:10], int(fn[1][11:] or 1)), reverse=True)
    runs = []
    for folder, name in folders:
        record = read_json(folder / BATCH_RECORD)
        if record is not None:
            record["_files"] = {f: (folder / f).exists() for f in ("summary.html", "summary.csv", "batch.json")}
            runs.append({"name": name, "batch": record, "reports": []})
            continue
        reports = []
        stems = sorted({p.stem for p in folder.iterdir() if p.suffix in (".json", ".html", ".ipynb")})
        for stem in stems:
            side = read_json(folder / f"{stem}.json")
            if side is None:
                side = {"notebook": stem, "title": stem, "status": "unknown",
                        "summary": "No readable record (.json) for this report."}
            side["_files"] = {ext: (folder / f"{stem}.{ext}").exists() for ext in ("html", "ipynb", "json")}
            side["_stem"] = stem
            reports.append(side)
        runs.append({"name": name, "reports": reports})
    return runs


def _link(folder: str, stem: str, ext: str, label: str) -> str:
    return f'<a href="{html.escape(quote(folder))}/{html.escape(quote(stem))}.{ext}">{html.escape(label)}</a>'


def _params_text(side: dict) -> str:
    over = side.get("overrides") or {}
    if not over:
        return "default parameters"
    return "; ".join(f"{k} = {v}" for k, v in over.items())


def render_index(out: str | os.PathLike, extra: tuple[Path, str] | None = None) -> str:
    """The HTML of the index page for ``OUT`` (static: no scripts, no network).

    *extra* ``(folder, name)``: include a folder about to be published as *name*.
    """
    runs = collect_runs(out, extra)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Hà Tĩnh analysis — reports</title>",
        f"<style>{PAGE_CSS}</style></head><body>",
        "<h1>Hà Tĩnh analysis — reports</h1>",
        '<p class="lead">Every dated run, newest first. Each report is a self-contained web page; '
        "the executed notebook (.ipynb) and a machine-readable record (.json: parameters, result, "
        "data fingerprint, timings) sit beside it. "
        f"Page updated {html.escape(_dt.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z'))}.</p>",
    ]
    if not runs:
        parts.append("<p>No reports yet. Run <code>hatinh-report run</code> or <code>hatinh-report batch</code>.</p>")
    for run in runs:
        name = run["name"]
        if "batch" in run:
            parts.extend(_batch_entry(name, run["batch"]))
            continue
        n_failed = sum(1 for r in run["reports"] if r.get("status") not in ("ok", "warning"))
        state = f" — {n_failed} failed" if n_failed else ""
        parts.append(f'<h2 id="run-{html.escape(name)}">{html.escape(name)}{html.escape(state)}</h2>')
        if not run["reports"]:
            parts.append("<p>This folder holds no report files.</p>")
            continue
        parts.append('<table><thead><tr><th scope="col">Report</th><th scope="col">Status</th>'
                     '<th scope="col">Result</th><th scope="col">Files</th></tr></thead><tbody>')
        for side in run["reports"]:
            stem = str(side.get("_stem") or side.get("notebook", ""))
            files = side.get("_files", {})
            status = str(side.get("status") or "unknown")
            cls = status if status in ("ok", "warning", "failed") else "failed"
            title = html.escape(str(side.get("title") or stem))
            title_cell = _link(name, stem, "html", str(side.get("title") or stem)) if files.get("html") else title
            result_info = side.get("result") or {}
            verdict = result_info.get("headline") or side.get("verdict")
            summary = side.get("summary")
            if status == "failed":
                err = side.get("error") or {}
                summary = (f"Did not finish: {err.get('ename', 'error')}: {err.get('evalue', '')}"
                           if err else (summary or "Did not finish."))
            result = ""
            if verdict:
                result += f'<div class="verdict">{html.escape(str(verdict))}</div>'
            if summary:
                result += f'<div class="summary">{html.escape(str(summary))}</div>'
            result += f'<div class="params">{html.escape(_params_text(side))}</div>'
            links = [_link(name, stem, ext, label) for ext, label in
                     (("html", "report"), ("ipynb", "notebook"), ("json", "record")) if files.get(ext)]
            parts.append(
                f"<tr><td>{title_cell}<div class=\"files\">{html.escape(stem)}</div></td>"
                f'<td><span class="status status-{cls}">{html.escape(status)}</span></td>'
                f"<td>{result}</td><td class=\"files\">{' · '.join(links)}</td></tr>"
            )
        parts.append("</tbody></table>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _batch_entry(name: str, rec: dict) -> list[str]:
    esc = html.escape
    n_sets, n_failed = rec.get("n_sets") or 0, rec.get("n_failed") or 0
    state = f" — {n_failed} failed" if n_failed else ""
    files = rec.get("_files", {})
    title = str(rec.get("title") or rec.get("notebook") or name)
    href = f"{esc(quote(name))}/summary.html"
    title_cell = f'<a href="{href}">{esc(title)}</a>' if files.get("summary.html") else esc(title)
    status = "failed" if n_failed else "ok"
    verdicts: dict[str, int] = {}
    for s in rec.get("sets") or []:
        if s.get("verdict"):
            verdicts[str(s["verdict"])] = verdicts.get(str(s["verdict"]), 0) + 1
    result = f'<div class="verdict">{esc(", ".join(f"{v} ×{n}" for v, n in verdicts.items()))}</div>' \
        if verdicts else ""
    varying = ", ".join(rec.get("varying") or []) or "nothing"
    result += (f'<div class="summary">{n_sets} parameter set{"s" if n_sets != 1 else ""} of '
               f'{esc(str(rec.get("notebook")))}{f", {n_failed} failed" if n_failed else ""}.</div>'
               f'<div class="params">varying: {esc(varying)}</div>')
    links = [f'<a href="{esc(quote(name))}/{f}">{label}</a>' for f, label in
             (("summary.html", "summary"), ("summary.csv", "table (CSV)"), ("batch.json", "record"))
             if files.get(f)]
    return [
        f'<h2 id="run-{esc(name)}">{esc(name)} — batch{esc(state)}</h2>',
        '<table><thead><tr><th scope="col">Batch</th><th scope="col">Status</th>'
        '<th scope="col">Result</th><th scope="col">Files</th></tr></thead><tbody>',
        f'<tr><td>{title_cell}<div class="files">{esc(str(rec.get("notebook")))}</div></td>'
        f'<td><span class="status status-{status}">{esc(f"{n_failed} of {n_sets} failed" if n_failed else "ok")}'
        f'</span></td><td>{result}</td><td class="files">{" · ".join(links)}</td></tr>',
        "</tbody></table>",
    ]


def write_index(out: str | os.PathLike) -> Path:
    """Rewrite ``OUT/index.html`` atomically, under the lock of *out*; return its path."""
    path = Path(out) / "index.html"
    with index_lock(out):
        atomic_write_text(path, render_index(out))
    return path
