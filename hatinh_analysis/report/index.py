"""``OUT/index.html`` and ``OUT/index.vi.html``: every dated run of both languages, its verdicts and links.

Rebuilt from the sidecars on disk, once per language of :data:`INDEX_FILES`; each
page lists the runs of every language (a language column) and links to the
others. A batch folder (one holding ``batch.json``, see
:mod:`hatinh_analysis.report.batch`) is listed as one entry linking to its summary
page, not report by report. The pages are Jinja2 templates in ``templates/``
whose words come from the catalogue (:func:`page_renderer`).
"""
from __future__ import annotations

import datetime as _dt
import functools
import json
import os
from pathlib import Path

from hatinh_analysis.i18n import LANGUAGES, TERMS, format_datetime, language_name, translator
from hatinh_analysis.report.folders import atomic_write_text, index_lock, list_run_dirs, run_sort_key

#: The record of a batch folder (its presence marks the folder as a batch).
BATCH_RECORD = "batch.json"
#: The index page of each language (English keeps the historical name).
INDEX_FILES = {lang: "index.html" if lang == "en" else f"index.{lang}.html" for lang in LANGUAGES}
TEMPLATES = Path(__file__).parent / "templates"
#: The style of the index and batch summary pages (no network, no scripts).
PAGE_CSS = (TEMPLATES / "pages.css").read_text(encoding="utf-8")

__all__ = ["INDEX_FILES", "collect_runs", "render_index", "render_indexes", "write_index", "page_renderer", "html_messages"]


def read_json(path: str | os.PathLike) -> dict | None:
    """A JSON object from *path*; ``None`` if missing, unreadable or not an object."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def html_messages(lang: str):
    """``msg(key, n=None, **values)``: a label (with *n*, a plural) of :mod:`hatinh_analysis.i18n` in
    *lang* as HTML (:class:`markupsafe.Markup`; the catalogue's text is trusted markup), its values
    escaped unless they are markup already."""
    from markupsafe import Markup, escape

    _ = translator(lang)

    def msg(key, n=None, **values):
        values = {k: escape(v) if isinstance(v, str) else v for k, v in values.items()}
        return Markup(_.label(key, **values) if n is None else _.plural(key, n, **values))
    return msg


@functools.lru_cache(maxsize=None)  # one Jinja environment per language: templates compile once
def page_renderer(lang: str):
    """``render(template, **values)`` of the runner's pages in *lang*.

    The templates get ``msg(key, n=None, **values)`` — a label (or with *n* a plural) of
    :mod:`hatinh_analysis.i18n` as HTML, its values escaped unless already markup —
    ``status_name``, ``language_name(code, lang)``, ``lang`` and ``css``.
    """
    import jinja2

    _ = translator(lang)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.globals.update(msg=html_messages(lang), lang=lang, css=PAGE_CSS, language_name=lambda c, in_=lang: language_name(c, in_),
                       status_name=lambda s: _.term("run_status", s) if s in TERMS["run_status"] else s)
    return lambda template, **values: env.get_template(template).render(**values)


def _lang(side: dict) -> str:
    """The language a report was written in: its ``lang`` parameter (English without one)."""
    lang = (side.get("parameters") or {}).get("lang") or ((side.get("result") or {}).get("details") or {}).get("lang")
    return lang if lang in LANGUAGES else "en"


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
        folders = sorted(folders + [extra], key=lambda fn: run_sort_key(fn[1]), reverse=True)
    runs = []
    for folder, name in folders:
        record = read_json(folder / BATCH_RECORD)
        if record is not None:
            record["_files"] = {f: (folder / f).exists() for f in ("summary.html", "summary.csv", "batch.json")}
            runs.append({"name": name, "batch": record, "reports": []})
            continue
        reports = []
        for stem in sorted({p.stem for p in folder.iterdir() if p.suffix in (".json", ".html", ".ipynb")}):
            side = read_json(folder / f"{stem}.json") or {"notebook": stem, "title": stem, "status": "unknown",
                                                           "_no_record": True}
            side["_files"] = {ext: (folder / f"{stem}.{ext}").exists() for ext in ("html", "ipynb", "json")}
            side["_stem"] = stem
            reports.append(side)
        runs.append({"name": name, "reports": reports})
    return runs


def _prepare(run: dict, msg) -> dict:
    """Add what the index template shows: languages, texts of failures, parameters."""
    if "batch" in run:
        rec = run["batch"]
        rec.update(title=rec.get("title") or rec.get("notebook") or run["name"], notebook=str(rec.get("notebook")),
                   n_sets=rec.get("n_sets") or 0, n_failed=rec.get("n_failed") or 0)
        sets = rec.get("sets") or []
        verdicts: dict[str, int] = {}
        for s in sets:
            if s.get("verdict"):
                verdicts[str(s["verdict"])] = verdicts.get(str(s["verdict"]), 0) + 1
        langs = {(s.get("parameters") or {}).get("lang") for s in sets} - {None}
        return {**run, "verdicts": ", ".join(f"{v} ×{n}" for v, n in verdicts.items()),
                "varying": ", ".join(rec.get("varying") or []),
                "langs": sorted(langs or {(rec.get("common") or {}).get("lang") or "en"}, key=LANGUAGES.index)}
    for side in run["reports"]:
        side.update(title=side.get("title") or side["_stem"], status=str(side.get("status") or "unknown"),
                    _lang=_lang(side), _verdict=(side.get("result") or {}).get("headline") or side.get("verdict"))
        err, summary = side.get("error") or {}, side.get("summary")
        if side["status"] == "failed":
            summary = (msg("index.did_not_finish", error=f"{err.get('ename', 'error')}: {err.get('evalue', '')}")
                       if err else (summary or msg("index.not_finished")))
        elif side.get("_no_record"):
            summary = msg("index.no_record")
        over = side.get("overrides") or {}
        side.update(_summary=summary, _params="; ".join(f"{k} = {v}" for k, v in over.items())
                    or msg("index.default_parameters"))
    return {**run, "n_failed": sum(1 for r in run["reports"] if r["status"] not in ("ok", "warning"))}


def render_index(out: str | os.PathLike, extra: tuple[Path, str] | None = None, lang: str = "en") -> str:
    """The HTML of the index page of *lang* for ``OUT`` (static: no scripts, no network).

    *extra* ``(folder, name)``: include a folder about to be published as *name*.
    """
    render = page_renderer(lang)
    msg = translator(lang).label
    runs = [_prepare(run, msg) for run in collect_runs(out, extra)]
    return render("runs_index.html.j2", runs=runs, updated=format_datetime(_dt.datetime.now().astimezone(), lang),
                  others=[(code, file) for code, file in INDEX_FILES.items() if code != lang])


def render_indexes(out: str | os.PathLike, extra: tuple[Path, str] | None = None) -> dict[str, str]:
    """The index page of every language: ``{file name: HTML}`` (see :data:`INDEX_FILES`)."""
    return {file: render_index(out, extra, lang) for lang, file in INDEX_FILES.items()}


def write_index(out: str | os.PathLike) -> Path:
    """Rewrite the index pages of ``OUT`` atomically, under the lock of *out*; return the English one."""
    with index_lock(out):
        for file, text in render_indexes(out).items():
            atomic_write_text(Path(out) / file, text)
    return Path(out) / INDEX_FILES["en"]
