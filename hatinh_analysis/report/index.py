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

from hatinh_analysis.i18n import LANGUAGES, N_, TERMS, format_datetime, language_name, say, translator
from hatinh_analysis.report.folders import atomic_write_text, index_lock, list_run_dirs, run_sort_key

#: The record of a batch folder (its presence marks the folder as a batch).
BATCH_RECORD = "batch.json"
#: The index page of each language (English keeps the historical name).
INDEX_FILES = {lang: "index.html" if lang == "en" else f"index.{lang}.html" for lang in LANGUAGES}
TEMPLATES = Path(__file__).parent / "templates"
#: The style of the index and batch summary pages (no network, no scripts).
PAGE_CSS = (TEMPLATES / "pages.css").read_text(encoding="utf-8")

__all__ = ["INDEX_FILES", "INDEX_COLUMNS", "collect_runs", "index_rows", "render_index", "render_indexes", "write_index", "page_renderer", "html_messages"]


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
            side["_files"] = {ext: (folder / f"{stem}.{ext}").exists() for ext, _ in REPORT_FILES}
            side["_stem"] = stem
            reports.append(side)
        runs.append({"name": name, "reports": reports})
    return runs


#: Column headings of the index table (catalogue msgids), in the order shown.
INDEX_COLUMNS = {"date": N_("Date"), "report": N_("Report"), "province": N_("Province"),
                 "indicator": N_("Indicator"), "target_year": N_("Target year"), "target": N_("Target"),
                 "verdict": N_("Verdict"), "chance": N_("Chance"), "language": N_("Language"),
                 "status": N_("Status"), "files": N_("Files")}
#: The files of a report the index links, in order, with their link words.
REPORT_FILES = (("html", "link.report"), ("xlsx", N_("Excel")), ("docx", N_("Word")), ("ipynb", "link.notebook"),
                ("json", "link.record"))
#: Parameters that tell twin reports apart without making them different runs.
_NOT_THE_RUN = ("lang",)


def _twin_key(side: dict):
    """Reports of the same run in different languages share this key (date, notebook, other parameters)."""
    params = {k: v for k, v in (side.get("parameters") or {}).items() if k not in _NOT_THE_RUN}
    return (side.get("report_date"), side.get("notebook") or side.get("_stem"),
            json.dumps(params, sort_keys=True, default=str))


def _words(lang: str) -> dict:
    """What a row needs in the page's language: formatters of codes and numbers."""
    from hatinh_analysis.i18n import area_name, format_date, format_pct, term
    from hatinh_analysis.target import VERDICTS, format_probability, probability_printable
    from hatinh_analysis.words import verdict_word as verdict_label

    _ = translator(lang)

    def area(code):
        try:
            return area_name(code, lang)
        except ValueError:
            return str(code)

    def indicator(code):
        try:
            return term("indicator", code, lang)
        except ValueError:
            return str(code)

    def pct(x):
        x = float(x)
        decimals = len(f"{x:.2f}".rstrip("0").rstrip(".").partition(".")[2])
        return format_pct(x, lang, decimals=decimals, signed=True)

    def date(text):
        if not text or lang == "en":
            return text or ""
        try:
            return format_date(text, lang)
        except ValueError:
            return str(text)

    return {"_": _, "area": area, "indicator": indicator, "pct": pct, "date": date, "verdict": verdict_label,
            "probability": format_probability, "printable": probability_printable, "verdicts": VERDICTS}


def _report_row(side: dict, folder: str, lang: str, w: dict) -> dict:
    """One report as a row of the page of *lang*: every word made in *lang* from the sidecar's codes."""
    _ = w["_"]
    result = side.get("result") or {}
    details = result.get("details") if isinstance(result.get("details"), dict) else {}
    params = side.get("parameters") or {}
    rlang = _lang(side)
    row = {"folder": folder, "stem": side["_stem"], "title": side.get("title") or side["_stem"],
           "status": str(side.get("status") or "unknown"), "lang": rlang, "files": side["_files"],
           "date": w["date"](side.get("report_date")), "province": "", "indicator": "", "target_year": "",
           "target": "", "verdict": "", "verdict_lang": lang, "chance": "", "chance_note": "",
           "summary": side.get("summary") or "", "summary_lang": rlang, "twins": []}
    province = details.get("province") or params.get("province")
    if province:
        row["province"] = w["area"](province)
    indicator = details.get("indicator") or params.get("indicator")
    if indicator:
        row["indicator"] = w["indicator"](indicator)
    row["target_year"] = details.get("target_year") or params.get("target_year") or ""
    target = details.get("target", params.get("target_growth"))
    if isinstance(target, dict) and {"low", "high"} <= set(target):
        row["target"] = _("%(low)s to %(high)s", low=w["pct"](target["low"]), high=w["pct"](target["high"]))
    elif isinstance(target, (int, float)) and not isinstance(target, bool):
        row["target"] = w["pct"](target)
    code = details.get("verdict")
    if code in w["verdicts"]:
        row["verdict"] = w["verdict"](code, lang)
    elif result.get("headline") or side.get("verdict"):  # another notebook's own words, in its language
        row["verdict"], row["verdict_lang"] = result.get("headline") or side.get("verdict"), rlang
    prob = details.get("probability")
    if isinstance(prob, dict):
        numbers = details.get("numbers") or {}
        if prob.get("printed") and isinstance(numbers.get("prob_reach"), (int, float)):
            row["chance"] = w["probability"](numbers["prob_reach"], lang)
        else:
            row["chance"] = _("withheld")
            record = details.get("calibration")
            if isinstance(record, dict) and record.get("hits") is not None:
                row["chance_note"] = say(w["printable"](record)[1], lang)
            else:
                row["chance_note"] = prob.get("note") or ""
    err = side.get("error") or {}
    if row["status"] == "failed":
        row["summary"] = (_.label("index.did_not_finish", error=f"{err.get('ename', 'error')}: {err.get('evalue', '')}")
                          if err else (row["summary"] or _.label("index.not_finished")))
        row["summary_lang"] = lang if err or not side.get("summary") else rlang
    elif side.get("_no_record"):
        row["summary"], row["summary_lang"] = _.label("index.no_record"), lang
    over = side.get("overrides") or {}
    row["params"] = "; ".join(f"{k} = {v}" for k, v in over.items()) or _.label("index.default_parameters")
    return row


def _batch_row(run: dict, lang: str, w: dict) -> dict:
    _ = w["_"]
    rec = run["batch"]
    sets = rec.get("sets") or []
    common = rec.get("common") or {}
    verdicts: dict[str, int] = {}
    for s in sets:
        if s.get("verdict"):
            verdicts[str(s["verdict"])] = verdicts.get(str(s["verdict"]), 0) + 1
    langs = {(s.get("parameters") or {}).get("lang") for s in sets} - {None}
    langs = sorted(langs or {common.get("lang") or "en"}, key=LANGUAGES.index)
    targets = [p["target_growth"] for p in ((s.get("parameters") or {}) for s in sets)
               if isinstance(p.get("target_growth"), (int, float))]
    n_sets, n_failed = rec.get("n_sets") or 0, rec.get("n_failed") or 0
    return {
        "folder": run["name"], "batch": True, "title": rec.get("title") or rec.get("notebook") or run["name"],
        "notebook": str(rec.get("notebook")), "files": rec["_files"], "langs": langs,
        "date": w["date"](rec.get("report_date")), "n_sets": n_sets, "n_failed": n_failed,
        "province": w["area"](common["province"]) if common.get("province") else "",
        "indicator": w["indicator"](common["indicator"]) if common.get("indicator") else "",
        "target_year": common.get("target_year", ""),
        "target": (_("%(low)s to %(high)s", low=w["pct"](min(targets)), high=w["pct"](max(targets)))
                   if len(targets) > 1 else w["pct"](targets[0]) if targets else ""),
        "verdict": ", ".join(f"{v} ×{n}" for v, n in verdicts.items()), "verdict_lang": langs[0],
        "varying": ", ".join(rec.get("varying") or []),
    }


def index_rows(runs: list[dict], lang: str) -> list[dict]:
    """The rows of the index page of *lang*, newest first.

    A report whose twin in *lang* exists (same date, notebook and parameters but the
    language) is not listed twice: the twin's row links it under "also in". Every word of
    a row is made in *lang* from the sidecar's codes (province, indicator, target, verdict
    code, the scoreboard record behind the chance); only the long summary, one click away,
    is the report's own text, in its language when no twin in *lang* exists.
    """
    w = _words(lang)
    rows, by_key = [], {}
    for run in runs:
        if "batch" in run:
            rows.append(_batch_row(run, lang, w))
            continue
        for side in run["reports"]:
            row = _report_row(side, run["name"], lang, w)
            row["key"] = None if side.get("_no_record") else _twin_key(side)
            rows.append(row)
            if row["key"] is not None:
                by_key.setdefault(row["key"], []).append(row)
    shown = []
    for row in rows:
        twins = by_key.get(row.get("key"), []) if row.get("key") is not None else []
        if row.get("batch") or not twins:
            shown.append(row)
            continue
        own = [t for t in twins if t["lang"] == lang]
        if row["lang"] != lang and own:
            continue  # listed through its twin in the page's language
        others = [t for t in twins if t["lang"] != row["lang"] and t["lang"] != lang] if row["lang"] != lang else \
            [t for t in twins if t["lang"] != lang]
        row["twins"] = others  # every one linked: a hidden report stays one click away
        for t in others:
            t["twin_label"] = t["folder"] if sum(o["lang"] == t["lang"] for o in others) > 1 else None
        row["langs"] = list(dict.fromkeys([row["lang"]] + [t["lang"] for t in others]))
        shown.append(row)
    for row in shown:
        row.setdefault("langs", [row.get("lang", "en")])
    first = set()
    for row in shown:  # an anchor per dated folder, on its first row
        row["anchor"] = None if row["folder"] in first else f"run-{row['folder']}"
        first.add(row["folder"])
    return shown


def render_index(out: str | os.PathLike, extra: tuple[Path, str] | None = None, lang: str = "en") -> str:
    """The HTML of the index page of *lang* for ``OUT`` (static: no scripts, no network).

    *extra* ``(folder, name)``: include a folder about to be published as *name*.
    """
    render = page_renderer(lang)
    _ = translator(lang)
    rows = index_rows(collect_runs(out, extra), lang)
    return render("runs_index.html.j2", rows=rows, updated=format_datetime(_dt.datetime.now().astimezone(), lang),
                  columns={k: _(v) for k, v in INDEX_COLUMNS.items()},
                  report_files=[(ext, _.label(word) if word.startswith("link.") else _(word))
                                for ext, word in REPORT_FILES],
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
