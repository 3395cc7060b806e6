"""The report run: plan (check everything) → staging → kernels → notebooks in parallel → publish.

:func:`plan_run` raises :class:`ParameterError` before anything is written or any
kernel starts; :func:`run_report` runs the jobs on ``n_jobs`` threads, each
notebook in a fresh kernel (:class:`~.execute.Kernels`: separate processes, so
the threads only wait), and publishes atomically. Ctrl-C/SIGTERM before
publication stops the kernels and removes the staging folder; once publication
has begun it is finished first and :class:`Interrupted` says so (``.published``).
"""
from __future__ import annotations

import concurrent.futures as cf
import contextlib
import os
import shutil
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hatinh_analysis.notes import Note
from hatinh_analysis.report.execute import STOP_WAIT, DaemonPool, Job, JobResult, Kernels, run_job
from hatinh_analysis.report.folders import Staging, folder_stamp, publish, validate_date
from hatinh_analysis.report.index import INDEX_FILES, render_indexes
from hatinh_analysis.report.notebooks import NotebookInfo, list_notebooks, resolve_notebook
from hatinh_analysis.report.params import ParameterError, named_message, load_yaml, resolve_parameters, suggest, validate_parameters

__all__ = ["Interrupted", "RunResult", "load_params_file", "resolve_notebooks", "plan_run", "run_report",
           "default_workers"]


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM; ``published`` is the folder when the run was published first, else None."""

    published: Path | None = None


@dataclass
class RunResult:
    """A published run; ``note`` says when ``--force`` kept a folder another run published meanwhile."""

    folder: Path
    index: Path
    results: list[JobResult]
    note: str | None = None

    @property
    def ok(self) -> bool:
        return all(r.status != "failed" for r in self.results)


def default_workers(n: int) -> int:
    """One worker per core, at most one per notebook."""
    return max(1, min(n, os.cpu_count() or 1))


def load_params_file(path: str | os.PathLike) -> dict[str, Any]:
    """Read a YAML parameter file: ``name: value`` for every notebook, or a section per notebook stem.

    Raises
    ------
    ParameterError
        Missing, oversized, not YAML, alias bomb, or not a mapping (named ``-f``).
    """
    data = load_yaml(path, "parameter file", "-f")
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ParameterError(f"the parameter file {str(path)!r} must hold name: value pairs", "-f")
    return {str(k): v for k, v in data.items()}


def resolve_notebooks(notebooks: Sequence[str] = (), notebooks_dir=None) -> list[NotebookInfo]:
    """The notebooks a run executes (each once), by stem, file name or path; default: all of them."""
    infos = [resolve_notebook(n, notebooks_dir) for n in notebooks] if notebooks else list_notebooks(notebooks_dir)
    if not infos:
        raise ParameterError("no notebooks found", "NOTEBOOK")
    return list({i.path: i for i in infos}.values())


def plan_run(notebooks: Sequence[str] = (), cli_params: Iterable[tuple[str, str]] = (),
             params_file: str | os.PathLike | None = None, *, notebooks_dir=None,
             check_domain: bool = True) -> list[Job]:
    """Resolve the notebooks and check every parameter, before any kernel starts.

    ``-p`` pairs are parsed by each notebook's declared type and win over the
    YAML file; a shared name applies to the notebooks that declare it. Raises
    :class:`ParameterError` with every problem (those common to several
    notebooks once, with the notebooks listed).
    """
    cli_params = [(str(n), str(v)) for n, v in cli_params]
    infos = resolve_notebooks(notebooks, notebooks_dir)
    file_values = load_params_file(params_file) if params_file is not None else {}
    stems = {i.stem for i in infos}
    sections = {k: v for k, v in file_values.items() if k in stems and isinstance(v, Mapping)}
    shared = {k: v for k, v in file_values.items() if k not in sections}
    declared = set().union(*(i.parameters for i in infos))
    messages: dict[str, list[str]] = {}
    first = None
    for name in dict.fromkeys([n for n, _ in cli_params] + list(shared)):
        if name not in declared:
            where = f"{infos[0].stem} declares" if len(infos) == 1 else "the selected notebooks declare"
            messages[f"unknown parameter {name!r}{suggest(name, declared)}; {where}: "
                     f"{', '.join(sorted(declared)) or 'no parameters'}"] = []
            first = first or name
    for stem, section in sections.items():
        info = next(i for i in infos if i.stem == stem)
        for name in section:
            if name not in info.parameters:
                messages[f"unknown parameter {name!r} for {stem}{suggest(name, info.parameters)}"] = []
                first = first or name
    jobs = []
    for info in infos:
        try:
            overrides = resolve_parameters(info.parameters, cli_params, {**shared, **sections.get(info.stem, {})},
                                           strict=False)
            notes: list = []  # Notes: what the runner did with the user's file
            if overrides.get("data_file") is not None:  # the file's own target, unless set explicitly
                notes = _from_data_file(overrides, info.parameters)
            effective = {**info.defaults(), **overrides}
            if check_domain and effective and not messages:
                effective = validate_parameters(effective, notebook=info.stem)
                if effective.get("data_file") and effective.get("province") and effective.get("indicator"):
                    from hatinh_analysis.parameters import user_figures_fate

                    notes += user_figures_fate(effective["data_file"], effective["province"],
                                               effective["indicator"], effective.get("as_of"))
        except ParameterError as exc:
            for name, msg in exc.problems:
                text = named_message(name, msg)
                messages.setdefault(text, []).append(info.stem)
                first = first or name
            continue
        jobs.append(Job(info.path, info.stem, info.title, effective, overrides, notes=notes))
    if messages:
        raise ParameterError([(None, t if len(infos) == 1 or not w else f"{t} [{', '.join(w)}]")
                              for t, w in messages.items()], first)
    return jobs


def _from_data_file(overrides: dict[str, Any], declared) -> list:
    """Set what the user's file implies (:func:`~hatinh_analysis.parameters.target_from_data_file`)
    into *overrides*; return the notes saying so. Errors are named ``data_file``."""
    from hatinh_analysis.data.errors import DataError
    from hatinh_analysis.parameters import left_out_by_as_of, target_from_data_file

    name = Path(str(overrides["data_file"])).name
    try:
        implied = target_from_data_file(overrides["data_file"], overrides, declared)
        overrides.update(implied)
        left_out = left_out_by_as_of(overrides["data_file"], overrides.get("as_of"))
    except (DataError, OSError) as exc:
        raise ParameterError(str(exc), "data_file") from None
    notes = []
    if "target_year" in implied:
        notes.append(Note("the target checked is the latest in %(file)s: %(what)s %(year)d, %(growth)s%% "
                          "(set target_year/target_growth to check another)", file=name,
                          what=" ".join(str(implied[k]) for k in ("indicator", "province") if implied.get(k)),
                          year=int(implied["target_year"]), growth=f"{implied['target_growth']:+g}"))
    if "as_of" in implied:
        notes.append(Note("as_of none: every figure counts, yours from %(file)s and the published ones",
                          file=name))
    if left_out:
        notes.append(Note("%(num)d of your figures are published after as_of=%(as_of)s and are left out: "
                          "%(rows)s", num=len(left_out), as_of=str(overrides.get("as_of")),
                          rows="; ".join(left_out[:5]) + (" …" if len(left_out) > 5 else "")))
    return notes


# --------------------------------------------------------------------------- signals
_DEFER = threading.local()


@contextlib.contextmanager
def _signals():
    """SIGINT and SIGTERM raise :class:`Interrupted`, except inside :func:`_deferred` (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        _DEFER.pending = []
        yield
        return
    pending: list[int] = []

    def handler(signum, frame):
        if getattr(_DEFER, "on", False):
            pending.append(signum)
            return
        raise Interrupted(signal.Signals(signum).name)

    old = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    _DEFER.pending = pending
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h)


@contextlib.contextmanager
def _deferred():
    """A section a signal does not cut short: publication, and the cleanup after an interruption."""
    before = getattr(_DEFER, "on", False)
    _DEFER.on = True
    try:
        yield
    finally:
        _DEFER.on = before


def _pending() -> bool:
    return bool(getattr(_DEFER, "pending", None))


# --------------------------------------------------------------------------- running
def _context(date: str, with_code: bool, timeout: float | None) -> dict[str, Any]:
    import hatinh_analysis
    from hatinh_analysis.data.store import data_fingerprint

    return {"report_date": date, "with_code": with_code, "timeout": timeout,
            "data_fingerprint": str(data_fingerprint()), "package_version": hatinh_analysis.__version__}


def _run_jobs(jobs: Sequence[Job], staging: Staging, context: dict, n_jobs: int, progress: bool,
              ahead: int) -> list[JobResult]:
    from tqdm import tqdm

    kernels = Kernels(staging.kernels, jobs[0].path.parent, len(jobs), n_jobs + ahead)
    results: dict[int, JobResult] = {}
    bar = tqdm(total=len(jobs), desc="notebooks", unit="nb", disable=not progress, file=sys.stderr,
               dynamic_ncols=True)

    def work(i: int) -> JobResult:
        job = jobs[i]
        km = kernels.take(job.path.parent)
        try:
            return run_job(job, staging.path, context, km)
        finally:
            kernels.release(km)

    pool = DaemonPool(n_jobs, "notebook")  # a thread stuck on a killed kernel cannot hold the exit
    try:
        todo = {pool.submit(work, i): i for i in range(len(jobs))}
        while todo:  # short waits: a signal is handled at once on every platform
            done, _ = cf.wait(todo, timeout=0.2, return_when=cf.FIRST_COMPLETED)
            for f in done:
                i = todo.pop(f)
                results[i] = f.result()  # a notebook's own error is in the result; anything else stops the run
                bar.set_postfix_str(f"done {jobs[i].name}")
                bar.update(1)
    except BaseException:
        with _deferred():
            kernels.close(now=True)
            pool.shutdown(wait=True, cancel_futures=True, timeout=STOP_WAIT)
            bar.close()
        raise
    pool.shutdown(wait=True)
    kernels.close()
    bar.close()
    return [results[i] for i in range(len(jobs))]


def run_report(jobs: Sequence[Job], out: str | os.PathLike = "reports", *, date: str | None = None,
               force: bool = False, with_code: bool = False, n_jobs: int | None = None, progress: bool = True,
               timeout: float | None = None, ahead: int = 0,
               before_publish: Callable[[Path, list[JobResult], float], None] | None = None) -> RunResult:
    """Run *jobs* (from :func:`plan_run`) and publish them as ``OUT/DATE[-N]`` with the index pages.

    *out* is created if needed and checked writable before any kernel starts;
    ``force`` replaces ``OUT/DATE`` as it was when the run started; ``n_jobs``
    notebooks run at once (default :func:`default_workers`), each in a fresh
    kernel, ``ahead`` more kernels boot ahead of need (measured in
    ``benchmarks/README.md``); ``timeout`` is per cell, in seconds;
    ``before_publish(staging_dir, results, seconds)`` writes extra files (a
    batch's summary) that are published with the reports. A run whose notebooks
    have ``lang`` (the first that sets it) other than English is ``OUT/DATE-vi[-N]``.

    Raises
    ------
    Interrupted
        On Ctrl-C/SIGTERM; ``.published`` tells whether the run was published.
    OSError
        ``FolderNotWritable`` or ``NoSpaceError``; nothing published in either case.
    """
    date, jobs = validate_date(date), list(jobs)
    lang = next((j.parameters["lang"] for j in jobs if j.parameters.get("lang")), "en")
    base = date if lang == "en" else f"{date}-{lang}"
    expected = folder_stamp(Path(out) / base) if force else None
    with _signals():
        staging = Staging(out, date)
        try:
            context = _context(date, with_code, timeout)
            t0 = time.perf_counter()
            results = _run_jobs(jobs, staging, context, min(len(jobs), n_jobs or default_workers(len(jobs))),
                                progress, ahead)
            if before_publish is not None:
                before_publish(staging.path, results, time.perf_counter() - t0)
            with _deferred():
                shutil.rmtree(staging.kernels, ignore_errors=True)
                folder, _, note = publish(staging, base, lambda path, name: render_indexes(out, (path, name)),
                                          force=force, expected=expected)
        except BaseException:
            with _deferred():
                staging.close()
            raise
        staging.close()
        if _pending():
            exc = Interrupted("after publication")
            exc.published = folder
            raise exc
    return RunResult(folder, Path(out) / INDEX_FILES.get(lang, "index.html"), results, note)
