"""The report run: plan (validate everything) → execute → export → sidecar → publish → index.

Each step is its own function so that a later optimisation (warm kernels,
another executor) can replace one without touching the others:

- :func:`plan_run` — resolve notebooks, parse and check every parameter; raises
  :class:`~hatinh_analysis.report.params.ParameterError` before anything is written;
- :func:`run_job` — for one notebook, in the staging folder:
  :func:`~hatinh_analysis.report.execute.execute_notebook`,
  :func:`~hatinh_analysis.report.export.export_html`,
  :func:`~hatinh_analysis.report.sidecar.write_sidecar`;
- :func:`run_jobs` — all jobs, sequentially or in ``jobs`` worker processes,
  with a progress bar;
- :func:`~hatinh_analysis.report.folders.publish_run` and
  :func:`~hatinh_analysis.report.index.write_index`.

:func:`run_report` chains them.
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

__all__ = ["Job", "JobResult", "RunResult", "load_params_file", "plan_run", "run_job", "run_jobs", "run_report"]


@dataclass
class Job:
    """One notebook to run, with its checked parameters."""

    path: Path
    stem: str
    title: str
    parameters: dict[str, Any]
    overrides: dict[str, Any] = field(default_factory=dict)


@dataclass
class JobResult:
    """What :func:`run_job` produced in the staging folder."""

    stem: str
    status: str
    seconds: float
    verdict: str | None = None
    summary: str | None = None
    error: dict | None = None


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
    notebooks : sequence of str
        Stems, file names or paths; empty: every notebook in *notebooks_dir*.
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
    infos: list[NotebookInfo] = (
        [resolve_notebook(n, notebooks_dir) for n in notebooks] if notebooks else list_notebooks(notebooks_dir)
    )
    if not infos:
        raise ParameterError("no notebooks found", name="NOTEBOOK")
    seen, unique = set(), []
    for info in infos:  # the same notebook twice would write the same files
        if info.path not in seen:
            seen.add(info.path)
            unique.append(info)
    infos = unique
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


def run_job(job: Job, staging: str | os.PathLike, context: Mapping[str, Any]) -> JobResult:
    """Execute, export and record one notebook into *staging*.

    Parameters
    ----------
    job : Job
    staging : path-like
        The run's staging folder; writes ``<stem>.ipynb``, ``.html``, ``.json``.
    context : mapping
        ``report_date``, ``with_code``, ``data_fingerprint``, ``package_version``,
        ``kernel_name``, ``timeout``.

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
    outcome = execute_notebook(job.path, staging / f"{job.stem}.ipynb", job.overrides,
                               kernel_name=context.get("kernel_name", "python3"),
                               timeout=context.get("timeout"))
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
        "notebook": job.stem,
        "report_date": context.get("report_date"),
        "generated_at": started_at,
        "package_version": context.get("package_version"),
        "data_fingerprint": context.get("data_fingerprint"),
        "parameters": job.parameters,
        "error": outcome.error,
    })
    (staging / f"{job.stem}.html").write_text(page, encoding="utf-8")
    t2 = time.perf_counter()
    if result is None and outcome.ok:
        result = {"summary": "The notebook ran but published no result.", "verdict": None,
                  "status": "warning", "headline": None, "details": {}}
    side = build_sidecar(
        notebook=job.stem, title=job.title, source=job.path.name, status=status,
        parameters=job.parameters, overrides=job.overrides, result=result, error=outcome.error,
        report_date=str(context.get("report_date")), started_at=started_at, finished_at=_now(),
        timings={"execute_seconds": outcome.seconds, "export_html_seconds": t2 - t1,
                 "total_seconds": time.perf_counter() - t0},
        data_fingerprint=context.get("data_fingerprint"), package_version=str(context.get("package_version")),
        with_code=bool(context.get("with_code")), kernel_name=context.get("kernel_name", "python3"),
    )
    write_sidecar(staging / f"{job.stem}.json", side)
    return JobResult(job.stem, status, time.perf_counter() - t0, side.get("verdict"), side.get("summary"),
                     outcome.error)


def run_jobs(jobs: Sequence[Job], staging: str | os.PathLike, context: Mapping[str, Any], *,
             n_jobs: int = 1, progress: bool = True) -> list[JobResult]:
    """Run every job into *staging*, in order or in ``n_jobs`` worker processes.

    A progress bar (tqdm, on stderr) counts finished notebooks.

    Returns
    -------
    list of JobResult
        In the order of *jobs*.
    """
    from tqdm import tqdm

    bar = tqdm(total=len(jobs), desc="notebooks", unit="nb", disable=not progress, file=sys.stderr,
               dynamic_ncols=True)
    results: dict[str, JobResult] = {}
    try:
        if n_jobs <= 1 or len(jobs) == 1:
            for job in jobs:
                bar.set_postfix_str(job.stem)
                results[job.stem] = run_job(job, staging, context)
                bar.update(1)
        else:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor, as_completed

            ctx = multiprocessing.get_context("spawn")  # no fork of a threaded parent
            with ProcessPoolExecutor(max_workers=min(n_jobs, len(jobs)), mp_context=ctx) as pool:
                futures = {pool.submit(run_job, job, staging, dict(context)): job for job in jobs}
                bar.set_postfix_str(", ".join(j.stem for j in jobs[:n_jobs]))
                try:
                    for fut in as_completed(futures):
                        job = futures[fut]
                        results[job.stem] = fut.result()
                        bar.set_postfix_str(f"done {job.stem}")
                        bar.update(1)
                except BaseException:
                    pool.shutdown(wait=False, cancel_futures=True)
                    raise
    finally:
        bar.close()
    return [results[j.stem] for j in jobs]


def _package_version() -> str:
    import hatinh_analysis

    return hatinh_analysis.__version__


def _data_fingerprint() -> str | None:
    try:
        from hatinh_analysis.data.store import data_fingerprint
    except ImportError:
        return None
    return str(data_fingerprint())


def run_report(
    jobs: Sequence[Job],
    out: str | os.PathLike = "reports",
    *,
    date: str | None = None,
    force: bool = False,
    with_code: bool = False,
    n_jobs: int = 1,
    progress: bool = True,
    timeout: float | None = None,
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
    n_jobs : int
        Notebooks run in parallel (worker processes).
    progress : bool
        Show the progress bar.
    timeout : float, optional
        Per-cell timeout in seconds.

    Returns
    -------
    RunResult
    """
    from hatinh_analysis.report.folders import make_staging_dir, publish_run, validate_date
    from hatinh_analysis.report.index import write_index

    date = validate_date(date)
    context = {
        "report_date": date,
        "with_code": with_code,
        "data_fingerprint": _data_fingerprint(),
        "package_version": _package_version(),
        "kernel_name": "python3",
        "timeout": timeout,
    }
    staging = make_staging_dir(out, date)
    try:
        results = run_jobs(jobs, staging, context, n_jobs=n_jobs, progress=progress)
        folder = publish_run(staging, out, date, force=force)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    index = write_index(out)
    return RunResult(folder, index, results)
