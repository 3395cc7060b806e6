"""Batch runs: one notebook over many parameter sets, one dated folder, a summary table.

A batch file (YAML; format in ``docs/CONTRACTS.md`` and ``hatinh-report batch --help``)
names a ``notebook``, optional ``title``, common ``parameters``, explicit ``sets``
and/or a ``grid`` of lists: every set × every point of the grid's Cartesian
product (first key slowest). :func:`load_batch_file` checks its shape (errors
name the key), :func:`plan_batch` types and checks every set before any kernel
starts (errors name the set and the parameter), :func:`run_batch` runs them like
:func:`~hatinh_analysis.report.pipeline.run_report` and adds ``summary.csv``,
``summary.html`` and ``batch.json`` (whose presence marks a batch folder).
"""
from __future__ import annotations

import csv
import io
import itertools
import json
import math
import os
import re
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hatinh_analysis.forecast_cache import forecast_cache
from hatinh_analysis.formats import format_value, to_jsonable, year_ranges
from hatinh_analysis.i18n import TERMS, format_date, format_number, format_pct, translator
from hatinh_analysis.report.execute import Job, JobResult
from hatinh_analysis.report.index import BATCH_RECORD, INDEX_FILES, page_renderer, read_json
from hatinh_analysis.report.notebooks import first_heading, resolve_notebook
from hatinh_analysis.report.params import ParameterError, load_yaml, named_message, suggest, validate_parameters
from hatinh_analysis.report.pipeline import run_report

__all__ = ["BATCH_KEYS", "BATCH_RECORD", "BatchPlan", "BatchResult", "load_batch_file", "expand_sets",
           "plan_batch", "run_batch", "headline_numbers", "write_summary"]

#: Keys a batch file may have.
BATCH_KEYS = ("notebook", "title", "parameters", "sets", "grid")
#: Format version of ``batch.json``.
BATCH_VERSION = 1


def _bad(msg: str, key: str) -> ParameterError:
    return ParameterError([(None, msg)], name=key)


# --------------------------------------------------------------------------- the file
def load_batch_file(path: str | os.PathLike) -> dict[str, Any]:
    """Read a batch file and check its shape (not yet the parameter values).

    Returns
    -------
    dict
        ``notebook`` (str), ``title`` (str or None), ``parameters`` (dict),
        ``sets`` (list of dict or None), ``grid`` (dict of lists or None).

    Raises
    ------
    ParameterError
        The file is missing or not YAML, or a key is missing, unknown or of the
        wrong shape; the message names the key (``grid.target_growth``,
        ``sets[2]`` …).
    """
    where = str(path)
    data = load_yaml(path, "batch file", "GRID_FILE")
    return check_batch_spec(data, where)


def _name_ok(name) -> bool:
    return isinstance(name, str) and name.isidentifier()


def check_batch_spec(data: Any, where: str = "the batch file") -> dict[str, Any]:
    """Check the shape of a parsed batch file (see :func:`load_batch_file`)."""
    problems: list[tuple[None, str]] = []

    def bad(msg):
        problems.append((None, f"{where}: {msg}"))

    if not isinstance(data, Mapping):
        raise _bad(f"{where}: must be a mapping with the keys notebook, parameters, sets and/or grid "
                   f"(see benchmarks/grid_target_growth_5_24.yaml), got {type(data).__name__}", "GRID_FILE")
    for key in data:
        if key not in BATCH_KEYS:
            bad(f"unknown key {key!r}{suggest(str(key), BATCH_KEYS)}; the keys are {', '.join(BATCH_KEYS)}")
    notebook = data.get("notebook")
    if notebook is None:
        bad("missing key 'notebook' (the notebook to run, e.g. notebook: 02_target_check)")
    elif not isinstance(notebook, str) or not notebook.strip():
        bad(f"'notebook' must be a notebook name such as 02_target_check, got {notebook!r}")
    title = data.get("title")
    if title is not None and not isinstance(title, (str, int, float)):
        bad(f"'title' must be a text, got {title!r}")
    common = data.get("parameters")
    if common is None:
        common = {}
    elif not isinstance(common, Mapping):
        bad(f"'parameters' must be a mapping name: value, got {common!r}")
        common = {}
    else:
        for name in common:
            if not _name_ok(name):
                bad(f"parameters: {name!r} is not a parameter name")
    sets = data.get("sets")
    if sets is not None:
        if not isinstance(sets, list) or not sets:
            bad(f"'sets' must be a non-empty list of mappings (- name: value), got {sets!r}")
            sets = None
        else:
            for i, s in enumerate(sets, start=1):
                if not isinstance(s, Mapping):
                    bad(f"sets[{i}] (set {i} of the list) must be a mapping name: value, got {s!r}")
                else:
                    for name in s:
                        if not _name_ok(name):
                            bad(f"sets[{i}]: {name!r} is not a parameter name")
    grid = data.get("grid")
    if grid is not None:
        if not isinstance(grid, Mapping) or not grid:
            bad(f"'grid' must be a non-empty mapping name: [values], got {grid!r}")
            grid = None
        else:
            for name, values in grid.items():
                if not _name_ok(name):
                    bad(f"grid: {name!r} is not a parameter name")
                elif not isinstance(values, list) or not values:
                    bad(f"grid.{name} must be a non-empty list of values, e.g. [5, 6, 7], got {values!r}")
                elif name in common:
                    bad(f"grid.{name}: {name!r} is also in 'parameters'; give it in one place")
                elif sets and any(isinstance(s, Mapping) and name in s for s in sets):
                    first = next(i for i, s in enumerate(sets, 1) if isinstance(s, Mapping) and name in s)
                    bad(f"grid.{name}: {name!r} is also in sets[{first}]; give it in one place")
    if problems:
        err = ParameterError(problems)
        err.name = "GRID_FILE"
        raise err
    return {"notebook": str(notebook).strip(), "title": None if title is None else str(title),
            "parameters": dict(common), "sets": None if sets is None else [dict(s) for s in sets],
            "grid": None if grid is None else {k: list(v) for k, v in grid.items()}}


def expand_sets(spec: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The raw parameter values of every set, in order (see the module docstring)."""
    common = dict(spec.get("parameters") or {})
    sets = spec.get("sets") or [{}]
    grid = spec.get("grid") or {}
    names = list(grid)
    points = [dict(zip(names, combo)) for combo in itertools.product(*(grid[n] for n in names))] or [{}]
    return [{**common, **s, **g} for s in sets for g in points]


# --------------------------------------------------------------------------- planning
def _key(value) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def varying_names(sets: Sequence[Mapping[str, Any]]) -> list[str]:
    """Names whose value differs between *sets* (all given names when there is one set), in order."""
    names: list[str] = []
    for s in sets:
        for n in s:
            if n not in names:
                names.append(n)
    if len(sets) <= 1:
        return names
    missing = object()
    return [n for n in names if len({_key(s.get(n, missing)) if n in s else "<unset>" for s in sets}) > 1]


def _describe(values: Mapping[str, Any]) -> str:
    return ", ".join(f"{k}={format_value(v)}" for k, v in values.items())


def _slug(values: Mapping[str, Any], limit: int = 60) -> str:
    text = "_".join(f"{k}={'empty' if v in ([], ()) else format_value(v)}" for k, v in values.items())
    text = re.sub(r"[^A-Za-z0-9._=,+-]+", "-", text).strip("-")
    return text if len(text) <= limit else ""


@dataclass
class BatchPlan:
    """A checked batch: the notebook, the common values and one Job per set."""

    source: Path | None
    spec: dict[str, Any]
    notebook: Any  # NotebookInfo
    title: str
    common: dict[str, Any]
    varying: list[str]
    jobs: list[Job]
    lang: str = "en"  # of the summary page: the first set's ``lang``

    @property
    def n_sets(self) -> int:
        return len(self.jobs)


#: A batch runs at most this many sets unless ``--max-sets`` raises it: a grid file of a few
#: hundred bytes can describe 90,000 notebooks (about 126 GB of reports).
MAX_SETS = 500


def count_sets(spec: Mapping[str, Any]) -> int:
    """How many sets :func:`expand_sets` would make, without making them."""
    n = max(1, len(spec.get("sets") or [{}]))
    for values in (spec.get("grid") or {}).values():
        n *= len(values) if isinstance(values, (list, tuple)) else 1
    return n


def plan_batch(spec_or_path, *, notebooks_dir: str | os.PathLike | None = None,
               check_domain: bool = True, lang: str | None = None, max_sets: int = MAX_SETS) -> BatchPlan:
    """Type and check every set of a batch, before any kernel starts.

    Parameters
    ----------
    spec_or_path : path-like or mapping
        The batch file, or its content as returned by :func:`load_batch_file`.
    notebooks_dir : path-like, optional
        Where a notebook given by stem is looked up.
    check_domain : bool
        Also apply :func:`~hatinh_analysis.report.params.validate_parameters`.
    lang : {"vi", "en"}, optional
        ``--lang``: the parameter ``lang`` of every set (wins over the file).
    max_sets : int
        More sets than this are refused before anything else (:data:`MAX_SETS`).

    Raises
    ------
    ParameterError
        Listing every problem: unknown parameters by where they are given
        (``parameters``, ``set 3``, ``grid``), badly typed values, and the
        domain errors of each set — ``set 4 (target_growth=-150): target_growth:
        …`` (identical messages of several sets are listed once, with the set
        numbers).
    """
    if isinstance(spec_or_path, Mapping):
        source, spec = None, check_batch_spec(dict(spec_or_path))
    else:
        source, spec = Path(spec_or_path), load_batch_file(spec_or_path)
    n_sets = count_sets(spec)
    if n_sets > max_sets:
        raise ParameterError(f"the batch has {n_sets:,} sets, more than {max_sets:,}: check the grid "
                             "(every list multiplies the number of reports), or raise the limit with "
                             "--max-sets", "--max-sets")
    info = resolve_notebook(spec["notebook"], notebooks_dir)
    declared = info.parameters
    problems: list[tuple[str | None, str]] = []

    def unknown(where: str, names) -> None:
        for name in names:
            if name not in declared:
                problems.append((name, f"{where}: unknown parameter {name!r}{suggest(name, declared)}; "
                                       f"{info.stem} declares: {', '.join(declared) or 'no parameters'}"))

    def typed(where: str, name: str, value):
        try:
            return declared[name].coerce(value)
        except ParameterError as exc:
            for n, msg in exc.problems:
                text = named_message(n, msg)
                problems.append((name, f"{where}: {text}"))
            return _INVALID

    common = spec["parameters"]
    unknown("parameters", common)
    for i, s in enumerate(spec["sets"] or [], start=1):
        unknown(f"sets[{i}]", s)
    unknown("grid", spec["grid"] or {})
    unknown("--lang", ["lang"] if lang is not None else [])
    # type every value once, where it is written
    typed_common = {n: typed("parameters", n, v) for n, v in common.items() if n in declared}
    typed_sets = [{n: typed(f"sets[{i}]", n, v) for n, v in s.items() if n in declared}
                  for i, s in enumerate(spec["sets"] or [{}], start=1)]
    typed_grid = {n: [typed(f"grid.{n}", n, v) for v in vals] for n, vals in (spec["grid"] or {}).items()
                  if n in declared}
    if lang is not None and "lang" in declared:  # --lang: common to every set, and wins over the file
        typed_common["lang"] = typed_lang = typed("--lang", "lang", lang)
    else:
        typed_lang = None
    if problems:
        raise _collect(problems)

    expanded = expand_sets({"parameters": typed_common, "sets": typed_sets, "grid": typed_grid})
    expanded = [{**s, "lang": typed_lang} for s in expanded] if typed_lang is not None else expanded
    varying = varying_names(expanded)
    # identical sets would be identical reports
    seen: dict[str, int] = {}
    for number, values in enumerate(expanded, start=1):
        k = _key(values)
        if k in seen:
            problems.append((None, f"sets {seen[k]} and {number} are identical ({_describe(values) or 'defaults'}); "
                                   "remove one"))
        else:
            seen[k] = number
    if problems:
        raise _collect(problems)

    width = max(3, len(str(len(expanded))))
    jobs = []
    domain: dict[str, list[int]] = {}
    first_name = None
    defaults = info.defaults()
    for number, overrides in enumerate(expanded, start=1):
        effective = {**defaults, **overrides}
        shown = {n: overrides.get(n, defaults.get(n)) for n in varying}
        if check_domain and effective:
            try:
                effective = validate_parameters(effective, notebook=info.stem)
            except ParameterError as exc:
                for n, msg in exc.problems:
                    text = named_message(n, msg)
                    domain.setdefault(text, []).append(number)
                    first_name = first_name or n
                continue
        slug = _slug(shown)
        name = f"{info.stem}-{number:0{width}d}" + (f"__{slug}" if slug else "")
        jobs.append(Job(info.path, info.stem, info.title, effective, dict(overrides), name=name,
                        batch={"set": number, "n_sets": len(expanded), "varying": shown}))
    if domain:
        lines = []
        for text, numbers in domain.items():
            if len(numbers) == 1:
                desc = _describe({n: expanded[numbers[0] - 1].get(n) for n in varying})
                lines.append((None, f"set {numbers[0]}" + (f" ({desc})" if desc else "") + f": {text}"))
            else:
                lines.append((None, f"sets {year_ranges(numbers)}: {text}"))
        err = ParameterError(lines)
        err.name = first_name
        raise err
    lang, title = (jobs[0].parameters.get("lang") if jobs else None) or "en", info.title
    if lang != "en":  # the notebook's title as its report in that language shows it
        import nbformat

        from hatinh_analysis.prose import localize_notebook
        title = first_heading(localize_notebook(nbformat.read(info.path, as_version=4), lang).cells, title)
    title = spec["title"] or translator(lang).plural("batch_title", len(jobs), title=title)
    return BatchPlan(source, spec, info, title, typed_common, varying, jobs, lang)


_INVALID = object()  # a value that failed its type check (reported already)


def _collect(problems) -> ParameterError:
    err = ParameterError([(None, msg) for _, msg in problems])
    err.name = next((n for n, _ in problems if n), None)
    return err


# --------------------------------------------------------------------------- results
def _number(x) -> float | None:
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return None
    return float(x) if math.isfinite(x) else None


def headline_numbers(result: Mapping[str, Any] | None, exclude: Sequence[str] = ()) -> dict[str, float]:
    """A few numbers of a published result, for one row of a summary table.

    ``details.numbers`` (a flat mapping name → number) is used as given when a
    notebook publishes it. Otherwise they are derived from what the project's
    notebooks publish:

    - a target check (``details.models`` with ``prob_reach``): ``models_usable``,
      ``models_agreeing`` (with the combined verdict), ``prob_reach_min``,
      ``prob_reach_max``, ``forecast_median`` (% growth);
    - a back-test (``details.summary`` rows with ``coverage``): ``forecasts``,
      ``coverage_min``, ``coverage_max``, ``mae_median``;
    - anything else: the numeric top-level entries of ``details``.

    Names in *exclude* (the parameters) are left out.
    """
    if not result:
        return {}
    details = result.get("details") or {}
    out: dict[str, float] = {}
    given = details.get("numbers")
    models = details.get("models")
    rows = details.get("summary")
    if isinstance(given, Mapping):
        out = {str(k): v for k, v in given.items() if _number(v) is not None}
    elif isinstance(models, list) and models and all(isinstance(m, Mapping) for m in models) \
            and any("prob_reach" in m for m in models):
        usable = [m for m in models if m.get("verdict")]
        probs = [p for p in (_number(m.get("prob_reach")) for m in usable) if p is not None]
        fcs = [f for f in (_number(m.get("forecast")) for m in usable) if f is not None]
        counts = details.get("verdict_counts") or {}
        verdict = details.get("verdict") or result.get("verdict")
        out["models_usable"] = len(usable)
        if isinstance(counts, Mapping) and verdict in counts:
            out["models_agreeing"] = counts[verdict]
        if probs:
            out["prob_reach_min"], out["prob_reach_max"] = min(probs), max(probs)
        if fcs:
            out["forecast_median"] = statistics.median(fcs)
    elif isinstance(rows, list) and rows and all(isinstance(r, Mapping) for r in rows) \
            and any("coverage" in r for r in rows):
        cov = [c for c in (_number(r.get("coverage")) for r in rows) if c is not None]
        mae = [m for m in (_number(r.get("mae")) for r in rows) if m is not None]
        out["forecasts"] = sum(int(r.get("n_forecasts") or 0) for r in rows)
        if cov:
            out["coverage_min"], out["coverage_max"] = min(cov), max(cov)
        if mae:
            out["mae_median"] = statistics.median(mae)
    elif isinstance(details, Mapping):
        out = {str(k): v for k, v in details.items() if _number(v) is not None}
    return {k: v for k, v in out.items() if k not in set(exclude)}


@dataclass
class BatchResult:
    """A published batch."""

    folder: Path
    index: Path
    summary: Path
    plan: BatchPlan
    results: list[JobResult] = field(default_factory=list)
    note: str | None = None

    @property
    def ok(self) -> bool:
        return all(r.status != "failed" for r in self.results)

    @property
    def n_failed(self) -> int:
        return sum(r.status == "failed" for r in self.results)


def _rows(plan: BatchPlan, results) -> tuple[list[str], list[dict[str, Any]]]:
    numbers = [headline_numbers(r.result, exclude=plan.varying) for r in results]
    number_cols: list[str] = []
    for n in numbers:
        for k in n:
            if k not in number_cols:
                number_cols.append(k)
    rows = []
    for job, r, nums in zip(plan.jobs, results, numbers):
        headline = (r.result or {}).get("headline") if r.result else None
        rows.append({
            "set": job.batch["set"],
            "name": job.name,
            **{f"param:{n}": job.batch["varying"].get(n) for n in plan.varying},
            "status": r.status,
            "verdict": r.verdict,
            "headline": headline,
            **{f"num:{k}": nums.get(k) for k in number_cols},
            "seconds": round(r.seconds, 2),
            "error": (f"{r.error.get('ename')}: {r.error.get('evalue')}" if r.error else None),
        })
    return number_cols, rows


def _csv_text(plan: BatchPlan, number_cols, rows) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    header = ["set", *plan.varying, "status", "verdict", "headline", *number_cols, "seconds",
              "html", "ipynb", "json", "error"]
    w.writerow(header)
    for row in rows:
        w.writerow([row["set"], *(format_value(row[f"param:{n}"]) for n in plan.varying), row["status"],
                    row["verdict"] or "", row["headline"] or "",
                    *("" if row[f"num:{k}"] is None else f"{row[f'num:{k}']:.6g}" for k in number_cols),
                    row["seconds"], f"{row['name']}.html", f"{row['name']}.ipynb", f"{row['name']}.json",
                    row["error"] or ""])
    return buf.getvalue()


def _fmt_num(name: str, value, lang: str) -> str:
    if value is None:
        return "–"
    if name.startswith(("prob_", "coverage")):
        return format_pct(value * 100, lang, decimals=0)
    if name in _GROWTH_COLUMNS:  # growth in %, as every other page prints it
        return format_pct(value, lang, decimals=1, signed=True)
    return format_number(value, lang, decimals=0 if float(value).is_integer() else 2)


#: Number columns that hold a growth rate in % (notebook 02's details.numbers).
_GROWTH_COLUMNS = ("forecast", "lower", "upper", "forecast_median")


def _fmt_param(value, lang: str) -> str:
    """A parameter's value as typed (English) or with the language's decimal mark (``10,64``)."""
    if lang != "en" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_number(value, lang)
    return format_value(value)


def _html_page(plan: BatchPlan, number_cols, rows, date: str) -> str:
    lang, _ = plan.lang, translator(plan.lang)
    return page_renderer(lang)(
        "batch_summary.html.j2", title=plan.title, stem=plan.notebook.stem, source=plan.source and plan.source.name,
        date=date if lang == "en" else format_date(date, lang), index_file=INDEX_FILES[lang],
        n_failed=sum(1 for r in rows if r["status"] == "failed"), varying=plan.varying, rows=rows,
        common=", ".join(f"{k} = {format_value(v)}" for k, v in plan.common.items()), number_cols=number_cols,
        value=lambda v: _fmt_param(v, lang), number=lambda k, v: _fmt_num(k, v, lang),
        column_name=lambda k: _.term("batch_column", k) if k in TERMS["batch_column"] else k.replace("_", " "))


def write_summary(folder: str | os.PathLike, plan: BatchPlan, results, *, date: str,
                  seconds: float | None = None) -> Path:
    """Write ``summary.csv``, ``summary.html`` and ``batch.json`` into *folder*; return the HTML path."""
    folder = Path(folder)
    number_cols, rows = _rows(plan, results)
    (folder / "summary.csv").write_text(_csv_text(plan, number_cols, rows), encoding="utf-8")
    page = folder / "summary.html"
    page.write_text(_html_page(plan, number_cols, rows, date), encoding="utf-8")
    record = {
        "batch_version": BATCH_VERSION,
        "kind": "batch",
        "notebook": plan.notebook.stem,
        "title": plan.title,
        "source_file": plan.source.name if plan.source else None,
        "spec": plan.spec,
        "common": plan.common,
        "varying": plan.varying,
        "report_date": date,
        "n_sets": len(rows),
        "n_failed": sum(1 for r in rows if r["status"] == "failed"),
        "number_columns": number_cols,
        "seconds": None if seconds is None else round(seconds, 2),
        "sets": [{"set": r["set"], "name": r["name"],
                  "parameters": {n: r[f"param:{n}"] for n in plan.varying},
                  "status": r["status"], "verdict": r["verdict"], "headline": r["headline"],
                  "numbers": {k: r[f"num:{k}"] for k in number_cols if r[f"num:{k}"] is not None},
                  "error": r["error"],
                  "files": {e: f"{r['name']}.{e}" for e in ("html", "ipynb", "json")}}
                 for r in rows],
    }
    (folder / BATCH_RECORD).write_text(json.dumps(to_jsonable(record), indent=2, ensure_ascii=False) + "\n",
                                       encoding="utf-8")
    return page


# --------------------------------------------------------------------------- running
def run_batch(plan: BatchPlan, out: str | os.PathLike = "reports", *, date: str | None = None,
              forecast_reuse: bool = True, **options) -> BatchResult:
    """Run every set of *plan* and publish them, with the summary, as ``OUT/DATE[-N]``.

    Same rules and *options* as :func:`~hatinh_analysis.report.pipeline.run_report`
    (staging, ``DATE-2`` … unless ``force``, nothing published on an
    interruption); failed sets are included and marked. With ``forecast_reuse`` (the
    default) the kernels share :func:`hatinh_analysis.forecast_cache.forecast_cache`:
    sets that differ only in the target compute the forecast once
    (``benchmarks/bench_batch_reuse.py`` measures it).
    """
    from hatinh_analysis.report.folders import validate_date

    date = validate_date(date)

    def summary(staging, results, seconds):
        write_summary(staging, plan, results, date=date, seconds=seconds)

    # the sets share the target-free forecast: fitted by the first kernel, read by the others
    with forecast_cache(forecast_reuse):
        run = run_report(plan.jobs, out, date=date, before_publish=summary, **options)
    return BatchResult(run.folder, run.index, run.folder / "summary.html", plan, list(run.results), run.note)
