"""The workers that run report notebooks: one warm kernel each.

:func:`start_pool` is called by the command line *before* it checks the
parameters, so the kernels start and import pandas, statsmodels and seaborn
while the parameters are being checked (no notebook runs before they all pass).
With several workers, or a fresh kernel per notebook (``isolated``), the first
thing it starts is the kernel template (:func:`start_template`,
:mod:`~hatinh_analysis.report.kernel_template`): every kernel of the command is
forked from it, so those imports are paid once, not once per kernel.

- one worker (``--jobs 1``): :class:`InProcessPool` — the command's own process
  drives one :class:`~hatinh_analysis.report.kernels.KernelSlot` and imports
  papermill and nbconvert while its kernel warms up;
- several: :class:`ProcessPool` — that many worker *processes*, each with its
  own kernel, each running papermill, the HTML export and the sidecar for its
  notebooks, so the parent (progress bar, publication, index) never becomes the
  bottleneck. They are forked from a ``multiprocessing`` fork server that has
  imported papermill and nbconvert once (:mod:`._worker_preload`); ``spawn``
  where there is no fork server, or with ``HATINH_REPORT_START_METHOD=spawn``.
  Notebooks are handed out one at a time from a shared queue (the longest
  first when earlier timings are known).

A worker process ignores Ctrl-C (the parent handles it and stops the workers),
shuts its kernel down on SIGTERM and exits by itself when the parent is gone.
When a worker process dies, its notebook is recorded as failed and the other
workers carry on.

``HATINH_REPORT_TRACE=FILE`` makes every process append timing events (JSON
lines) to FILE: how the benchmarks' timelines were made.
"""
from __future__ import annotations

import os
import queue
import signal
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["cores", "default_workers", "start_pool", "start_template", "InProcessPool", "ProcessPool",
           "speed_up_imports", "trace"]


def speed_up_imports() -> None:
    """Skip an optional import that costs ~0.7 s per process and is never used here.

    ``jsonschema`` (imported by ``nbformat``) builds a Lark grammar at import
    time when the optional ``rfc3987_syntax`` package is installed (it comes with
    JupyterLab's dependencies), only to check ``"format": "iri"`` in schemas when a
    format checker is requested. ``nbformat``, ``nbconvert`` and ``papermill``
    never request one, so in the report command's own processes (never in a
    kernel) the import is marked unavailable. Has no effect once ``jsonschema``
    is imported.
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)


def trace(event: str, **info: Any) -> None:
    """Append ``{"t": time, "pid", "event", …}`` to ``$HATINH_REPORT_TRACE`` if set (for profiling)."""
    path = os.environ.get("HATINH_REPORT_TRACE")
    if not path:
        return
    import json

    with open(path, "a", encoding="utf-8") as fh:
        fh.write(json.dumps({"t": time.time(), "pid": os.getpid(), "event": event, **info}) + "\n")


def cores() -> int:
    """CPU cores this process may use (its affinity mask where the system has one)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def default_workers(n_items: int) -> int:
    """``min(n_items, cores)``, at least 1."""
    return max(1, min(int(n_items), cores()))


# --------------------------------------------------------------------------- one task
def run_task(slot, job, staging, context, *, more: bool):
    """Run one job in *slot*'s kernel and decide whether the kernel may be reused."""
    from hatinh_analysis.report import pipeline
    from hatinh_analysis.report.kernels import KernelError

    trace("acquire", job=job.name)
    try:
        kernel = slot.acquire()
    except KernelError:
        kernel = None  # papermill then starts a kernel itself; a failure is recorded as usual
    trace("run", job=job.name)
    try:
        result = pipeline.run_job(job, staging, context, kernel=kernel)
    except BaseException:  # interrupted or a bug: this kernel's state is unknown
        slot.discard(start_next=False)
        raise
    trace("done", job=job.name, timings=result.timings)
    slot.release(result.status != "failed", more=more)
    return result


def _crash_result(job, staging, context, exc: BaseException | str):
    from hatinh_analysis.report import pipeline

    if isinstance(exc, BaseException):
        error = {"ename": type(exc).__name__, "evalue": str(exc), "cell": None}
    else:
        error = {"ename": "WorkerError", "evalue": str(exc), "cell": None}
    return pipeline.write_failure_record(job, staging, context, error)


def start_template(kernel_name: str = "python3", modules=None):
    """Start the :class:`~hatinh_analysis.report.kernel_template.KernelTemplate` the kernels fork from.

    Returns None where kernels cannot be forked (or ``HATINH_REPORT_KERNEL_TEMPLATE=0``):
    every kernel is then launched directly, as without a template.
    """
    from hatinh_analysis.report.kernel_template import KernelTemplate, enabled

    if not enabled():
        return None
    template = KernelTemplate(modules, kernel_name=kernel_name).start()
    trace("template-start", template_pid=template.process.pid if template.process else None)
    return template if template.address else None


# --------------------------------------------------------------------------- in-process
class InProcessPool:
    """One warm kernel driven from this process."""

    n_workers = 1

    def __init__(self, *, isolated: bool = False, kernel_name: str = "python3", modules=None):
        from hatinh_analysis.report.kernels import KernelSlot

        # One kernel has nothing to share a template with (measured: launching it directly is as
        # fast); a fresh kernel per notebook has.
        self.template = start_template(kernel_name, modules) if isolated else None
        try:
            self.slot = KernelSlot(isolated=isolated, kernel_name=kernel_name, modules=modules,
                                   template=self.template.address if self.template else None).start()
        except BaseException:
            if self.template is not None:
                self.template.close()
            raise

    def run(self, tasks: Sequence[tuple], on_done: Callable[[Any, Any], None]) -> None:
        """Run ``(key, job, staging, context)`` tasks in order; ``on_done(key, JobResult)`` after each."""
        # import papermill and nbconvert while the kernel is still warming up on another core
        from hatinh_analysis.report.export import warm_up
        from hatinh_analysis.report.kernels import register_engine

        register_engine()
        if tasks:
            warm_up(with_code=bool(tasks[0][3].get("with_code")))
        for i, (key, job, staging, context) in enumerate(tasks):
            on_done(key, run_task(self.slot, job, staging, context, more=i < len(tasks) - 1))

    def close(self) -> None:
        try:
            self.slot.close()
        finally:
            if self.template is not None:
                self.template.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


# --------------------------------------------------------------------------- processes
def _worker_main(tasks, results, remaining, isolated: bool, kernel_name: str, modules, template, env,
                 cwd) -> None:
    """Body of a worker process: start the kernel first, then import, then serve tasks."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    if env is not None:  # a forked worker has the fork server's environment: use the command's
        os.environ.clear()
        os.environ.update(env)
    if cwd is not None:
        os.chdir(cwd)

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    trace("worker-start")
    speed_up_imports()
    from hatinh_analysis.report.kernels import KernelSlot

    slot = KernelSlot(isolated=isolated, kernel_name=kernel_name, modules=modules, template=template)
    try:
        slot.start()  # the kernel boots and imports while this process imports papermill & nbconvert
        from hatinh_analysis.report import pipeline  # noqa: F401
        from hatinh_analysis.report.export import warm_up
        from hatinh_analysis.report.kernels import register_engine

        register_engine()  # imports papermill
        warm_up()  # imports nbconvert and compiles the template
        trace("worker-imported")
        import multiprocessing

        parent = multiprocessing.parent_process()
        while True:
            try:
                task = tasks.get(timeout=1.0)
            except queue.Empty:
                if parent is not None and not parent.is_alive():
                    break  # the command was killed: do not linger with a kernel
                continue
            if task is None:
                break
            key, job, staging, context = task
            with remaining.get_lock():
                remaining.value -= 1
                more = remaining.value > 0
            results.put(("start", key, os.getpid()))
            try:
                result = run_task(slot, job, staging, context, more=more)
            except Exception as exc:  # a bug in export / sidecar: record it, keep serving
                traceback.print_exc()
                result = _crash_result(job, staging, context, exc)
            results.put(("done", key, result))
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # let the kernel be shut down in peace
        if os.environ.get("HATINH_REPORT_TRACE"):
            import resource

            ru = resource.getrusage(resource.RUSAGE_SELF)
            trace("worker-exit", cpu_seconds=round(ru.ru_utime + ru.ru_stime, 3))
        slot.close()


class ProcessPool:
    """*n* worker processes, each with its own warm kernel."""

    def __init__(self, n: int, *, isolated: bool = False, kernel_name: str = "python3", modules=None,
                 start_method: str | None = None):
        import multiprocessing

        start_method = start_method or os.environ.get("HATINH_REPORT_START_METHOD", "forkserver")
        if start_method not in multiprocessing.get_all_start_methods():
            start_method = "spawn"
        ctx = multiprocessing.get_context(start_method)  # never a fork of this (threaded) process
        if start_method == "forkserver":
            ctx.set_forkserver_preload(["hatinh_analysis.report._worker_preload"])
        self.n_workers = n
        # first of all: the kernels' imports are the long pole, and the workers' kernels fork from it
        self.template = start_template(kernel_name, modules)
        self._tasks = ctx.Queue()
        self._results = ctx.Queue()
        self._remaining = ctx.Value("i", 0)
        self._procs = [ctx.Process(target=_worker_main, name=f"hatinh-report-worker-{i + 1}", daemon=True,
                                   args=(self._tasks, self._results, self._remaining, isolated, kernel_name,
                                         modules, self.template.address if self.template else None,
                                         dict(os.environ), os.getcwd()))
                       for i in range(n)]
        self._closed = False
        self._done = False
        self._start_error: BaseException | None = None
        # With the fork server, Process.start() waits until the server has imported papermill &
        # co. (~0.5 s): start the workers from a helper thread, so the parameters are checked
        # meanwhile. (The fork server forks the workers; this process itself never forks.)
        import threading

        # An Event, not Thread.join(): a Ctrl-C during join() makes Python 3.11 consider the
        # thread finished while it still runs.
        self._started = threading.Event()
        threading.Thread(target=self._start_all, name="hatinh-report-start-workers", daemon=True).start()

    def _start_all(self) -> None:
        try:
            for p in self._procs:
                if self._closed:
                    break
                p.start()
        except BaseException as exc:  # pragma: no cover - reported by run()
            self._start_error = exc
        finally:
            self._started.set()

    def run(self, tasks: Sequence[tuple], on_done: Callable[[Any, Any], None]) -> None:
        """Hand out ``(key, job, staging, context)`` tasks; ``on_done(key, JobResult)`` as they finish."""
        by_key = {t[0]: t for t in tasks}
        while not self._started.wait(0.2):
            pass
        if self._start_error is not None:
            raise RuntimeError(f"the worker processes could not be started: {self._start_error}") \
                from self._start_error
        with self._remaining.get_lock():
            self._remaining.value = len(tasks)
        for t in tasks:
            self._tasks.put(t)
        for _ in self._procs:
            self._tasks.put(None)
        running: dict[Any, int] = {}  # key -> pid
        pending = set(by_key)
        while pending:
            try:
                msg = self._results.get(timeout=0.5)
            except queue.Empty:
                self._check_workers(by_key, running, pending, on_done)
                continue
            kind, key = msg[0], msg[1]
            if kind == "start":
                running[key] = msg[2]
            elif kind == "done" and key in pending:
                running.pop(key, None)
                pending.discard(key)
                on_done(key, msg[2])
        self._done = True

    def _check_workers(self, by_key, running, pending, on_done) -> None:
        alive = {p.pid for p in self._procs if p.is_alive()}
        for key, pid in list(running.items()):
            if pid not in alive and key in pending:
                # give a message already on its way a moment to arrive
                time.sleep(0.2)
                try:
                    while True:
                        msg = self._results.get_nowait()
                        if msg[0] == "done" and msg[1] in pending:
                            pending.discard(msg[1])
                            running.pop(msg[1], None)
                            on_done(msg[1], msg[2])
                        elif msg[0] == "start":
                            running[msg[1]] = msg[2]
                except queue.Empty:
                    pass
                if key in pending:
                    _, job, staging, context = by_key[key]
                    proc = next((p for p in self._procs if p.pid == pid), None)
                    code = proc.exitcode if proc is not None else None
                    pending.discard(key)
                    running.pop(key, None)
                    on_done(key, _crash_result(job, staging, context,
                                               f"the worker process running this notebook died (exit code {code})"))
        if not alive and pending:
            for key in sorted(pending, key=str):
                _, job, staging, context = by_key[key]
                on_done(key, _crash_result(job, staging, context, "no worker process was left to run this notebook"))
            pending.clear()

    def close(self) -> None:
        """Stop the workers (their kernels are shut down) and wait for them."""
        if self._closed:
            return
        self._closed = True
        self._started.wait(30)  # a worker being started is then stopped like the others
        if self._done:  # every worker was sent its stop marker: let them shut their kernels down
            deadline = time.monotonic() + 5
            for p in self._procs:
                if p.pid is not None:
                    p.join(max(0.01, deadline - time.monotonic()))
        for p in self._procs:
            if p.pid is not None and p.is_alive():
                p.terminate()  # SIGTERM: the worker kills its kernel and exits
        deadline = time.monotonic() + 10
        for p in self._procs:
            if p.pid is None:
                continue
            p.join(max(0.1, deadline - time.monotonic()))
            if p.is_alive():
                p.kill()
                p.join(1)
        for q in (self._tasks, self._results):
            q.cancel_join_thread()
            q.close()
        if self.template is not None:
            self.template.close()  # also ends any kernel a worker could not shut down

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def start_pool(n_workers: int, *, isolated: bool = False, kernel_name: str = "python3", modules=None):
    """Start *n_workers* warm kernels now (in worker processes when more than one).

    Returns
    -------
    InProcessPool or ProcessPool
        Call ``close()`` when done (also on errors); both are context managers.
    """
    if n_workers <= 1:
        return InProcessPool(isolated=isolated, kernel_name=kernel_name, modules=modules)
    return ProcessPool(n_workers, isolated=isolated, kernel_name=kernel_name, modules=modules)
