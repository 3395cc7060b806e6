"""The report run: plan (validate everything) → execute → export → sidecar → publish → index.

Each step is its own function so that one can be replaced without touching the
others:

- :func:`plan_run` — resolve notebooks, parse and check every parameter; raises
  :class:`~hatinh_analysis.report.params.ParameterError` before anything is written;
- :func:`run_job` — for one notebook, in the staging folder:
  :func:`~hatinh_analysis.report.execute.execute_notebook`,
  :func:`~hatinh_analysis.report.export.export_html`,
  :func:`~hatinh_analysis.report.sidecar.write_sidecar`;
- :func:`run_jobs` — all jobs on a pool of warm kernels
  (:mod:`~hatinh_analysis.report.workers`: in this process for one worker,
  else in worker processes), with a progress bar;
- :func:`~hatinh_analysis.report.folders.publish_run` and
  :func:`~hatinh_analysis.report.index.write_index`.

:func:`run_report` chains them; :func:`hatinh_analysis.report.batch.run_batch`
reuses all but :func:`plan_run` for the parameter sets of a batch.
"""
from __future__ import annotations

import datetime as _dt
import os
import shutil
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hatinh_analysis.report.catalog import NotebookInfo, list_notebooks, resolve_notebook
from hatinh_analysis.report.params import ParameterError, resolve_parameters, suggest, validate_parameters

__all__ = ["Job", "JobResult", "RunResult", "load_params_file", "resolve_notebooks", "plan_run", "run_job",
           "run_jobs", "run_report", "write_failure_record", "expected_seconds", "longest_first"]


@dataclass
class Job:
    """One notebook to run, with its checked parameters.

    ``name`` is the file stem of its outputs (``<name>.ipynb`` …): the notebook's
    stem for ``run``, a numbered name for each set of a batch. ``batch`` (set
    number, the parameters that vary) goes into the sidecar.
    """

    path: Path
    stem: str
    title: str
    parameters: dict[str, Any]
    overrides: dict[str, Any] = field(default_factory=dict)
    name: str = ""
    batch: dict[str, Any] | None = None

    def __post_init__(self):
        self.name = self.name or self.stem


@dataclass
class JobResult:
    """What :func:`run_job` produced in the staging folder."""

    stem: str
    status: str
    seconds: float
    verdict: str | None = None
    summary: str | None = None
    error: dict | None = None
    name: str = ""
    result: dict | None = None  # the published result (None when the notebook published none)
    timings: dict | None = None

    def __post_init__(self):
        self.name = self.name or self.stem


@dataclass
class RunResult:
    """A published run."""

    folder: Path
    index: Path
    results: list[JobResult]

    @property
    def ok(self) -> bool:
        """True when no notebook failed."""
        return all(r.status != "failed" for r in self.results)


def load_params_file(path: str | os.PathLike) -> dict[str, Any]:
    """Read a YAML parameter file.

    Top-level ``name: value`` pairs apply to every notebook that declares the
    name; a top-level key equal to a notebook stem holding a mapping applies to
    that notebook only::

        level: 0.95
        02_target_check:
          target_growth: 12.0

    Raises
    ------
    ParameterError
        When the file is missing, not valid YAML or not a mapping.
    """
    import yaml

    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ParameterError(f"cannot read the parameter file {str(path)!r}: {exc.strerror}", name="-f") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ParameterError(f"the parameter file {str(path)!r} is not valid YAML: {exc}", name="-f") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ParameterError(f"the parameter file {str(path)!r} must hold name: value pairs", name="-f")
    return {str(k): v for k, v in data.items()}


def resolve_notebooks(notebooks: Sequence[str] = (), notebooks_dir: str | os.PathLike | None = None
                      ) -> list[NotebookInfo]:
    """The notebooks a run will execute (each once); cheap: nothing is parsed yet.

    Raises
    ------
    ParameterError
        Unknown notebook (with the closest name), or no notebook at all.
    """
    infos: list[NotebookInfo] = (
        [n if isinstance(n, NotebookInfo) else resolve_notebook(n, notebooks_dir) for n in notebooks]
        if notebooks else list_notebooks(notebooks_dir)
    )
    if not infos:
        raise ParameterError("no notebooks found", name="NOTEBOOK")
    seen, unique = set(), []
    for info in infos:  # the same notebook twice would write the same files
        if info.path not in seen:
            seen.add(info.path)
            unique.append(info)
    return unique


def plan_run(
    notebooks: Sequence[str] = (),
    cli_params: Iterable[tuple[str, str]] = (),
    params_file: str | os.PathLike | None = None,
    *,
    notebooks_dir: str | os.PathLike | None = None,
    check_domain: bool = True,
) -> list[Job]:
    """Resolve the notebooks and check every parameter, before any kernel starts.

    Parameters
    ----------
    notebooks : sequence of str or NotebookInfo
        Stems, file names or paths (or notebooks already resolved by
        :func:`resolve_notebooks`); empty: every notebook in *notebooks_dir*.
    cli_params : iterable of (name, text)
        ``-p NAME VALUE`` pairs, parsed by each notebook's declared type.
    params_file : path-like, optional
        YAML file (see :func:`load_params_file`); ``-p`` wins over it.
    notebooks_dir : path-like, optional
        Where to look for notebooks (default: the project's ``notebooks/``).
    check_domain : bool
        Also apply :func:`~hatinh_analysis.report.params.validate_parameters`
        (known provinces, years in the data …).

    Returns
    -------
    list of Job

    Raises
    ------
    ParameterError
        Unknown notebook or parameter (with the closest name), a value that does
        not parse to the declared type, or a domain error — all problems at once.
    """
    cli_params = [(str(n), str(v)) for n, v in cli_params]
    infos = resolve_notebooks(notebooks, notebooks_dir)
    file_values = load_params_file(params_file) if params_file is not None else {}
    stems = {i.stem for i in infos}
    sections = {k: v for k, v in file_values.items() if k in stems and isinstance(v, Mapping)}
    shared = {k: v for k, v in file_values.items() if k not in sections}

    problems: list[tuple[str | None, str]] = []
    declared_union = set().union(*(i.parameters for i in infos))
    for name in dict.fromkeys([n for n, _ in cli_params] + list(shared)):
        if name not in declared_union:
            where = f"{infos[0].stem} declares" if len(infos) == 1 else "the selected notebooks declare"
            problems.append((name, f"unknown parameter {name!r}{suggest(name, declared_union)}; "
                                   f"{where}: {', '.join(sorted(declared_union)) or 'no parameters'}"))
    for stem, section in sections.items():
        info = next(i for i in infos if i.stem == stem)
        for name in section:
            if name not in info.parameters:
                problems.append((name, f"unknown parameter {name!r} for {stem}{suggest(name, info.parameters)}"))

    jobs: list[Job] = []
    # problems common to several notebooks are reported once, with the notebooks listed
    seen_msgs: dict[str, list[str]] = {}
    first_name = problems[0][0] if problems else None
    for name, msg in problems:
        seen_msgs.setdefault(msg, [])
    for info in infos:
        values = dict(shared)
        values.update(sections.get(info.stem, {}))
        try:
            overrides = resolve_parameters(info.parameters, cli_params, values, strict=False)
            effective = {**info.defaults(), **overrides}
            if check_domain and effective and not problems:
                effective = validate_parameters(effective)
        except ParameterError as exc:
            for name, msg in exc.problems:
                text = msg if (name is None or msg.startswith(name) or repr(name) in msg) else f"{name}: {msg}"
                seen_msgs.setdefault(text, []).append(info.stem)
                first_name = first_name or name
            continue
        jobs.append(Job(info.path, info.stem, info.title, effective, overrides))
    if seen_msgs:
        lines = []
        for text, where in seen_msgs.items():
            lines.append((None, text if len(infos) == 1 or not where else f"{text} [{', '.join(where)}]"))
        err = ParameterError(lines)
        err.name = first_name
        raise err
    return jobs


def _now() -> str:
    return _dt.datetime.now().astimezone().isoformat(timespec="seconds")


def run_job(job: Job, staging: str | os.PathLike, context: Mapping[str, Any], kernel=None) -> JobResult:
    """Execute, export and record one notebook into *staging*.

    Parameters
    ----------
    job : Job
    staging : path-like
        The run's staging folder; writes ``<name>.ipynb``, ``.html``, ``.json``.
    context : mapping
        ``report_date``, ``with_code``, ``data_fingerprint``, ``package_version``,
        ``kernel_name``, ``timeout``.
    kernel : hatinh_analysis.report.kernels.WarmKernel, optional
        A warm kernel to run in (reset first); ``None``: a fresh kernel.

    Returns
    -------
    JobResult
    """
    import nbformat

    from hatinh_analysis.report.execute import execute_notebook
    from hatinh_analysis.report.export import export_html
    from hatinh_analysis.report.result import read_result
    from hatinh_analysis.report.sidecar import build_sidecar, write_sidecar

    staging = Path(staging)
    started_at, t0 = _now(), time.perf_counter()
    outcome = execute_notebook(job.path, staging / f"{job.name}.ipynb", job.overrides,
                               kernel_name=context.get("kernel_name", "python3"),
                               timeout=context.get("timeout"), kernel=kernel)
    nb = nbformat.read(outcome.output_path, as_version=4)
    result = read_result(nb)
    if not outcome.ok:
        status = "failed"
    elif result is None:
        status = "warning"
    else:
        status = result.get("status", "ok")
    t1 = time.perf_counter()
    page = export_html(nb, with_code=bool(context.get("with_code")), context={
        "title": job.title,
        "notebook": job.name,
        "report_date": context.get("report_date"),
        "generated_at": started_at,
        "package_version": context.get("package_version"),
        "data_fingerprint": context.get("data_fingerprint"),
        "parameters": job.parameters,
        "error": outcome.error,
    })
    (staging / f"{job.name}.html").write_text(page, encoding="utf-8")
    t2 = time.perf_counter()
    if result is None and outcome.ok:
        result = {"summary": "The notebook ran but published no result.", "verdict": None,
                  "status": "warning", "headline": None, "details": {}}
    timings = {"execute_seconds": outcome.seconds, "export_html_seconds": t2 - t1,
               "total_seconds": time.perf_counter() - t0}
    side = build_sidecar(
        notebook=job.stem, title=job.title, source=job.path.name, status=status,
        parameters=job.parameters, overrides=job.overrides, result=result, error=outcome.error,
        report_date=str(context.get("report_date")), started_at=started_at, finished_at=_now(),
        timings=timings,
        data_fingerprint=context.get("data_fingerprint"), package_version=str(context.get("package_version")),
        with_code=bool(context.get("with_code")), kernel_name=context.get("kernel_name", "python3"),
        name=job.name, batch=job.batch,
    )
    write_sidecar(staging / f"{job.name}.json", side)
    return JobResult(job.stem, status, time.perf_counter() - t0, side.get("verdict"), side.get("summary"),
                     outcome.error, name=job.name, result=side.get("result"), timings=side.get("timings"))


def write_failure_record(job: Job, staging: str | os.PathLike, context: Mapping[str, Any],
                         error: dict[str, Any]) -> JobResult:
    """Record a job that could not even be run to the end (a worker died, an unexpected bug).

    Writes the notebook with a banner, a plain HTML page saying so and the
    sidecar (status ``failed``), so the run is complete and the index shows it.
    """
    import html as _html
    import json

    from hatinh_analysis.report.sidecar import build_sidecar, write_sidecar

    staging = Path(staging)
    text = f"{error.get('ename')}: {error.get('evalue')}"
    try:
        nb = json.loads(job.path.read_text(encoding="utf-8"))
        nb.setdefault("cells", []).insert(0, {"cell_type": "markdown", "metadata": {},
                                              "source": f"**This notebook could not be run:** `{text}`"})
        (staging / f"{job.name}.ipynb").write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n",
                                                   encoding="utf-8")
    except (OSError, ValueError):
        pass
    (staging / f"{job.name}.html").write_text(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{_html.escape(job.title)}</title></head><body><h1>{_html.escape(job.title)}</h1>"
        f"<p role=\"alert\"><b>This report did not finish.</b> <code>{_html.escape(text)}</code></p>"
        "</body></html>\n", encoding="utf-8")
    now = _now()
    side = build_sidecar(
        notebook=job.stem, title=job.title, source=job.path.name, status="failed",
        parameters=job.parameters, overrides=job.overrides, result=None, error=error,
        report_date=str(context.get("report_date")), started_at=now, finished_at=now, timings={},
        data_fingerprint=context.get("data_fingerprint"), package_version=str(context.get("package_version")),
        with_code=bool(context.get("with_code")), kernel_name=context.get("kernel_name", "python3"),
        name=job.name, batch=job.batch,
    )
    write_sidecar(staging / f"{job.name}.json", side)
    return JobResult(job.stem, "failed", 0.0, None, None, error, name=job.name)


def run_jobs(jobs: Sequence[Job], staging: str | os.PathLike, context: Mapping[str, Any], *,
             n_jobs: int = 1, progress: bool = True, pool=None, isolated: bool = False,
             order: Sequence[int] | None = None) -> list[JobResult]:
    """Run every job into *staging* on a pool of warm kernels.

    Parameters
    ----------
    jobs : sequence of Job
    staging, context
        See :func:`run_job`.
    n_jobs : int
        Workers when *pool* is not given (one: in this process).
    progress : bool
        Progress bar (tqdm, on stderr) counting finished notebooks.
    pool : optional
        Already started by :func:`hatinh_analysis.report.workers.start_pool`
        (the command line starts it before checking the parameters); left open.
    isolated : bool
        A fresh kernel per notebook (when this function starts the pool).
    order : sequence of int, optional
        Order in which the jobs are handed out (e.g. the longest first).

    Returns
    -------
    list of JobResult
        In the order of *jobs*.
    """
    from tqdm import tqdm

    from hatinh_analysis.report.workers import start_pool

    own = pool is None
    if own:
        pool = start_pool(min(max(1, n_jobs), len(jobs)), isolated=isolated,
                          kernel_name=context.get("kernel_name", "python3"))
    bar = tqdm(total=len(jobs), desc="notebooks", unit="nb", disable=not progress, file=sys.stderr,
               dynamic_ncols=True)
    results: dict[int, JobResult] = {}

    def done(key: int, result: JobResult) -> None:
        results[key] = result
        bar.set_postfix_str(f"done {result.name}")
        bar.update(1)

    try:
        order = list(order) if order is not None else list(range(len(jobs)))
        staging = Path(staging).resolve()  # workers may run in another working directory
        tasks = [(i, jobs[i], str(staging), dict(context)) for i in order]
        pool.run(tasks, done)
    except BaseException:
        pool.close()  # interrupted: stop the workers before the caller removes the staging folder
        raise
    finally:
        bar.close()
        if own:
            pool.close()
    return [results[i] for i in range(len(jobs))]


def expected_seconds(out: str | os.PathLike, jobs: Sequence[Job], max_runs: int = 5) -> list[float | None]:
    """Each job's execution time in the latest earlier run of ``OUT`` that has its notebook (or None).

    Used to hand out the longest notebooks first, which shortens a parallel run.
    """
    from hatinh_analysis.report.folders import list_run_dirs
    from hatinh_analysis.report.sidecar import read_sidecar

    wanted = {j.stem for j in jobs}
    found: dict[str, float] = {}
    for folder in list_run_dirs(out)[:max_runs]:
        for stem in wanted - set(found):
            side = read_sidecar(folder / f"{stem}.json")
            try:
                found[stem] = float(side["timings"]["execute_seconds"])
            except (TypeError, KeyError, ValueError):
                continue
        if len(found) == len(wanted):
            break
    return [found.get(j.stem) for j in jobs]


def _package_version() -> str:
    import hatinh_analysis

    return hatinh_analysis.__version__


def _data_fingerprint() -> str | None:
    try:
        from hatinh_analysis.data.store import data_fingerprint
    except ImportError:
        return None
    return str(data_fingerprint())


def _context(date: str, with_code: bool, timeout: float | None) -> dict[str, Any]:
    return {
        "report_date": date,
        "with_code": with_code,
        "data_fingerprint": _data_fingerprint(),
        "package_version": _package_version(),
        "kernel_name": "python3",
        "timeout": timeout,
    }


def longest_first(out: str | os.PathLike, jobs: Sequence[Job]) -> list[int]:
    """Job indices, those that took longest in an earlier run first (unknown ones first, in order)."""
    est = expected_seconds(out, jobs)
    return sorted(range(len(jobs)), key=lambda i: (est[i] is not None, -(est[i] or 0.0), i))


def run_report(
    jobs: Sequence[Job],
    out: str | os.PathLike = "reports",
    *,
    date: str | None = None,
    force: bool = False,
    with_code: bool = False,
    n_jobs: int | None = None,
    progress: bool = True,
    timeout: float | None = None,
    pool=None,
    isolated: bool = False,
    before_publish=None,
) -> RunResult:
    """Run *jobs* (from :func:`plan_run`) and publish them as ``OUT/DATE[-N]``.

    Everything is built in a staging folder inside *out*; only a complete run is
    moved into place (failed notebooks included, marked failed). On an
    interruption the staging folder is removed and nothing else changes.

    Parameters
    ----------
    jobs : sequence of Job
    out : path-like
        Reports folder (created if needed).
    date : str, optional
        ``YYYY-MM-DD``; default today.
    force : bool
        Replace an existing ``OUT/DATE`` instead of writing ``DATE-2`` …
    with_code : bool
        Keep code cells in the HTML.
    n_jobs : int, optional
        Workers (warm kernels) when *pool* is not given; default
        ``min(len(jobs), cores)``.
    progress : bool
        Show the progress bar.
    timeout : float, optional
        Per-cell timeout in seconds.
    pool : optional
        Workers already started with :func:`hatinh_analysis.report.workers.start_pool`
        (left open: the caller closes it).
    isolated : bool
        A fresh kernel for every notebook (when this function starts the pool).
    before_publish : callable, optional
        ``before_publish(staging_dir, results, seconds)`` writes extra files (a
        batch's summary) into the staging folder, so they are published
        atomically with the reports.

    Returns
    -------
    RunResult
    """
    from hatinh_analysis.report.folders import make_staging_dir, publish_run, validate_date
    from hatinh_analysis.report.index import write_index
    from hatinh_analysis.report.workers import default_workers

    date = validate_date(date)
    context = _context(date, with_code, timeout)
    order = longest_first(out, jobs)
    staging = make_staging_dir(out, date)
    t0 = time.perf_counter()
    try:
        results = run_jobs(jobs, staging, context, n_jobs=n_jobs or default_workers(len(jobs)),
                           progress=progress, pool=pool, isolated=isolated, order=order)
        if before_publish is not None:
            before_publish(staging, results, time.perf_counter() - t0)
        folder = publish_run(staging, out, date, force=force)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    index = write_index(out)
    return RunResult(folder, index, results)
