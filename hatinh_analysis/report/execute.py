"""Running one notebook: papermill in a fresh kernel, then the HTML export and the JSON sidecar.

Every notebook gets a fresh kernel (no state leaks between notebooks), started by :class:`Kernels`
when due (optionally *ahead*); papermill runs the notebook in it through nbclient's public ``km=``
argument; the kernel is killed once the notebook is saved. Pre-importing in kernels started ahead
did not pay on 2 cores (``benchmarks/README.md``).
"""
from __future__ import annotations

import concurrent.futures as cf
import datetime as _dt
import json
import os
import platform
import queue
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hatinh_analysis.formats import to_jsonable
from hatinh_analysis.report.folders import reraise_no_space
from hatinh_analysis.report.result import read_result

__all__ = ["KERNEL_NAME", "Job", "JobResult", "Kernels", "DaemonPool", "run_job", "SIDECAR_VERSION"]

#: The kernel every report notebook runs on (see the notebooks' kernelspec).
KERNEL_NAME = "python3"
#: Format version of the sidecar (bump when keys change meaning).
SIDECAR_VERSION = 1
#: Two kernels each spinning one BLAS thread per core made a back-test 10x slower.
_ONE_THREAD = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "VECLIB_MAXIMUM_THREADS",
               "NUMEXPR_NUM_THREADS")


#: On an interruption, how long to wait for threads (booting a kernel, running a notebook) to notice
#: that their kernel is gone before leaving them behind: the command must end within seconds.
STOP_WAIT = 2.0


class DaemonPool:
    """A pool of *n* daemon threads returning :class:`concurrent.futures.Future` objects.

    Unlike :class:`~concurrent.futures.ThreadPoolExecutor`, whose threads the interpreter
    joins at exit, a thread still blocked here (e.g. a notebook client waiting for output
    from a kernel that was killed on Ctrl-C) cannot keep the command alive:
    :meth:`shutdown` waits at most ``timeout`` seconds and the process exits anyway.
    """

    def __init__(self, n: int, name: str):
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._threads = [threading.Thread(target=self._work, name=f"{name}_{i}", daemon=True)
                         for i in range(max(1, n))]
        for t in self._threads:
            t.start()

    def submit(self, fn, *args) -> cf.Future:
        future: cf.Future = cf.Future()
        self._queue.put((future, fn, args))
        return future

    def _work(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            future, fn, args = item
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(fn(*args))
            except BaseException as exc:  # handed to whoever waits on the future
                future.set_exception(exc)

    def shutdown(self, wait: bool = True, cancel_futures: bool = False, timeout: float | None = None) -> bool:
        """Stop taking work; wait (at most *timeout* s) for running work; True if every thread ended."""
        if cancel_futures:
            while True:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is not None:
                    item[0].cancel()
        for _ in self._threads:
            self._queue.put(None)
        if not wait:
            return False
        end = None if timeout is None else time.monotonic() + timeout
        for t in self._threads:
            t.join(None if end is None else max(0.0, end - time.monotonic()))
        return not any(t.is_alive() for t in self._threads)


@dataclass
class Job:
    """One notebook to run with its checked parameters; ``name`` is the stem of its output files."""

    path: Path
    stem: str
    title: str
    parameters: dict[str, Any]
    overrides: dict[str, Any] = field(default_factory=dict)
    name: str = ""
    batch: dict[str, Any] | None = None
    #: What the runner decided for the user before the run (e.g. the target taken from data_file).
    notes: list = field(default_factory=list)  # hatinh_analysis.notes.Note

    def __post_init__(self):
        self.name = self.name or self.stem


@dataclass
class JobResult:
    """What :func:`run_job` wrote: status ``ok``/``warning``/``failed``, the published result, timings."""

    stem: str
    status: str
    seconds: float
    verdict: str | None = None
    error: dict | None = None
    name: str = ""
    result: dict | None = None
    timings: dict | None = None

    def __post_init__(self):
        self.name = self.name or self.stem


class Kernels:
    """Fresh kernels for *n_total* notebooks, at most *n_live* alive (booting or running) at once.

    Parameters
    ----------
    runtime_dir : path-like
        Where the connection files go (inside the staging folder, so a killed
        run's files are removed with it).
    cwd : path-like
        Working directory of the kernels (the notebooks' folder, as in JupyterLab).
    n_total, n_live : int
    preload : str or None
        Code a kernel runs, silently, as soon as it is up (none by default).
    """

    def __init__(self, runtime_dir, cwd, n_total: int, n_live: int, *, kernel_name: str = KERNEL_NAME,
                 preload: str | None = None):
        self.runtime_dir = Path(runtime_dir)
        self.runtime_dir.mkdir(parents=True, exist_ok=True)
        self.cwd, self.kernel_name, self.preload = str(cwd), kernel_name, preload
        self.env = {**os.environ, **{k: "1" for k in _ONE_THREAD if k not in os.environ}}
        self.env.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
        self._to_start = n_total
        self._slots = threading.Semaphore(max(1, n_live))
        self._lock = threading.Lock()
        self._ready: list[cf.Future] = []
        self._live: set = set()
        self._closed = False
        self._pool = DaemonPool(max(1, n_live), "kernel")
        for _ in range(min(n_total, max(1, n_live))):
            self._start_one()

    def _start_one(self) -> None:
        with self._lock:
            if self._to_start <= 0 or self._closed:
                return
            self._to_start -= 1
            self._ready.append(self._pool.submit(self._boot))

    def _boot(self):
        import zmq
        from jupyter_client import KernelManager

        self._slots.acquire()
        # one shared ZMQ context: a manager that made its own destroys it on shutdown, while
        # another thread's client may still be closing sockets in it
        km = KernelManager(kernel_name=self.kernel_name, context=zmq.Context.instance(),
                           connection_file=str(self.runtime_dir / f"kernel-{uuid.uuid4().hex}.json"))
        with self._lock:
            if self._closed:
                self._slots.release()
                raise RuntimeError("the run was stopped")
            self._live.add(km)
        # no log (e.g. its warning about unencrypted localhost TCP) and no history: a finished kernel is killed
        km.start_kernel(cwd=self.cwd, env=self.env,
                        extra_arguments=["--IPKernelApp.log_level=ERROR", "--HistoryManager.enabled=False"])
        if self.preload:
            _silently(km, self.preload)
        return km

    def take(self, cwd=None):
        """A started kernel that has run no notebook (waits for one to be up), working in *cwd*."""
        with self._lock:
            future = self._ready.pop(0)
        km = future.result()
        if cwd is not None and str(cwd) != self.cwd:
            _silently(km, f"import os; os.chdir({str(cwd)!r}); del os")
        return km

    def release(self, km) -> None:
        """Stop *km* (its notebook is saved: no need to wait for a graceful exit); start the next kernel."""
        def stop():
            try:
                km.shutdown_kernel(now=True)
            finally:
                with self._lock:
                    self._live.discard(km)
                self._slots.release()
        self._pool.submit(stop)
        self._start_one()

    def close(self, now: bool = False) -> None:
        """Stop every kernel and wait for them; ``now`` (Ctrl-C): kill at once, wait at most :data:`STOP_WAIT`."""
        with self._lock:
            self._closed = True
        self._stop_live(now)  # first, so that threads waiting on a kernel return at once
        self._pool.shutdown(wait=True, cancel_futures=True, timeout=STOP_WAIT if now else None)
        self._stop_live(now)  # any that came up meanwhile

    def _stop_live(self, now: bool) -> None:
        with self._lock:
            live = list(self._live)
        for km in live:
            try:
                if km.has_kernel:
                    km.shutdown_kernel(now=now)
            except Exception:  # already gone
                pass


def _silently(km, code: str, limit: float = 300) -> None:
    """Run *code* in the kernel, no output or history; a kernel killed meanwhile (Ctrl-C) ends the wait."""
    import queue

    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        msg_id, t0 = kc.execute(code, silent=True, store_history=False), time.monotonic()
        while True:
            try:
                reply = kc.get_shell_msg(timeout=0.2)
            except queue.Empty:
                if not km.is_alive() or time.monotonic() - t0 > limit:
                    raise RuntimeError(f"the kernel did not run {code!r}") from None
                continue
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"the kernel could not run {code!r}: {reply['content'].get('evalue')}")
    finally:
        kc.stop_channels()


def shared_parameters(values: dict[str, Any]) -> dict[str, Any]:
    """Parameters as a shared report shows them: the user's file by its name, not its local path."""
    if values.get("data_file"):
        return {**values, "data_file": Path(str(values["data_file"])).name}
    return dict(values)


def _now() -> str:
    return _dt.datetime.now().astimezone().isoformat(timespec="seconds")


def _run_papermill(job: Job, out: Path, km, timeout: float | None) -> dict | None:
    """Execute into *out*; return the error (``ename``, ``evalue``, ``cell``) or None."""
    import logging

    import papermill
    from papermill.exceptions import PapermillExecutionError

    logging.getLogger("papermill").setLevel(logging.ERROR)  # parameters were checked already
    # the values as validated (e.g. data_file made absolute), for the names the user set
    values = {k: job.parameters.get(k, v) for k, v in job.overrides.items()}
    try:
        import nbformat

        from hatinh_analysis.prose import localize_notebook

        # the narrative cells in the report's language: "vi", or "en" when running a Vietnamese twin
        nb = localize_notebook(nbformat.read(job.path, as_version=4), job.parameters.get("lang") or "en")
        nbformat.write(nb, out)
        papermill.execute_notebook(str(out), str(out), parameters=values, kernel_name=KERNEL_NAME,
                                   progress_bar=False, log_output=False, request_save_on_cell_execute=False,
                                   execution_timeout=timeout, km=km)
    except PapermillExecutionError as exc:
        return {"ename": exc.ename, "evalue": exc.evalue, "cell": exc.exec_count}
    except OSError as exc:
        reraise_no_space(exc, str(out))
        return {"ename": type(exc).__name__, "evalue": str(exc), "cell": None}
    except Exception as exc:  # kernel died, timeout …
        return {"ename": type(exc).__name__, "evalue": str(exc), "cell": None}
    return None


def run_job(job: Job, staging: Path, context: dict[str, Any], km) -> JobResult:
    """Execute one notebook in *km*, export it and write its sidecar into *staging*.

    ``context``: ``report_date``, ``with_code``, ``data_fingerprint``,
    ``package_version``, ``timeout``. A failing notebook is saved with the error
    (status ``failed``); only a full disk (``NoSpaceError``) or an
    interruption propagates.
    """
    import nbformat

    from hatinh_analysis.i18n import label, say
    from hatinh_analysis.report.export import export_html
    from hatinh_analysis.report.notebooks import first_heading

    staging, lang = Path(staging), job.parameters.get("lang") or "en"
    started_at, t0 = _now(), time.perf_counter()
    out = staging / f"{job.name}.ipynb"
    error = _run_papermill(job, out, km, context.get("timeout"))
    t1 = time.perf_counter()
    try:
        nb = nbformat.read(out, as_version=4)
        meta = nb.metadata.setdefault("papermill", {})  # no staging path in the saved notebook
        meta["input_path"], meta["output_path"] = job.path.name, out.name
    except (OSError, ValueError) as exc:  # papermill could not save: keep a record anyway
        if isinstance(exc, OSError):
            reraise_no_space(exc, str(out))
        nb = nbformat.read(job.path, as_version=4)
        nb.cells.insert(0, nbformat.v4.new_markdown_cell(label("report.not_run", lang, error=f"{error['ename']}: "
                        f"{error['evalue']}") if error else label("report.not_saved", lang)))
        error = error or {"ename": type(exc).__name__, "evalue": str(exc), "cell": None}
    result = read_result(nb)
    title = first_heading(nb.cells, job.title)  # of the executed notebook: in the report's language
    status = "failed" if error else ("warning" if result is None else result.get("status", "ok"))
    if result is None and not error:
        result = {"summary": label("report.no_result", lang), "verdict": None,
                  "status": "warning", "headline": None, "details": {}}
    shown = shared_parameters(job.parameters)
    runner_notes = [say(n, lang) for n in job.notes]  # what the runner did with the user's file
    page = export_html(nb, with_code=bool(context.get("with_code")), context={
        "title": title, "notebook": job.name, "report_date": context.get("report_date"), "lang": lang,
        "generated_at": started_at, "package_version": context.get("package_version"),
        "data_fingerprint": context.get("data_fingerprint"), "parameters": shown, "error": error,
        "runner_notes": runner_notes})
    t2 = time.perf_counter()
    side = to_jsonable({
        "sidecar_version": SIDECAR_VERSION, "notebook": job.stem, "title": title, "source": job.path.name,
        "status": status, "verdict": (result or {}).get("verdict"), "summary": (result or {}).get("summary"),
        "result": result, "error": error, "parameters": shown, "overrides": shared_parameters(job.overrides),
        "report_date": context.get("report_date"), "started_at": started_at, "finished_at": _now(),
        "timings": {"execute_seconds": round(t1 - t0, 3), "export_html_seconds": round(t2 - t1, 3),
                    "total_seconds": round(time.perf_counter() - t0, 3)},
        "data_fingerprint": context.get("data_fingerprint"),
        "package": {"name": "hatinh_analysis", "version": context.get("package_version")},
        "python": platform.python_version(), "kernel": KERNEL_NAME,
        "html_with_code": bool(context.get("with_code")),
        "files": {"notebook": f"{job.name}.ipynb", "html": f"{job.name}.html"},
        **({"batch": job.batch} if job.batch is not None else {}),
        # what the runner took from the user's file and did with the user's figures (also printed)
        **({"runner_notes": runner_notes} if runner_notes else {}),
    })
    try:
        nbformat.write(nb, out)
        (staging / f"{job.name}.html").write_text(page, encoding="utf-8")
        (staging / f"{job.name}.json").write_text(
            json.dumps(side, indent=2, ensure_ascii=False, allow_nan=False) + "\n", encoding="utf-8")
    except OSError as exc:
        reraise_no_space(exc, f"the report of {job.name}")
        raise
    return JobResult(job.stem, status, time.perf_counter() - t0, side["verdict"], error,
                     name=job.name, result=side["result"], timings=side["timings"])
