"""Warm Jupyter kernels for the report pipeline: started early, pre-imported, reused.

A :class:`WarmKernel` is started as soon as the command line knows how many
workers it needs — while it is still checking the parameters — and is asked at
once to import pandas, statsmodels, seaborn and the package and to read the data
tables (:func:`hatinh_analysis.report._kernel_side.prewarm`). The notebooks then
run in it one after the other through papermill (its parameter injection,
per-cell metadata and error banner are kept): :meth:`WarmKernel.prepare`
resets the namespace and global state before each notebook
(:func:`~hatinh_analysis.report._kernel_side.reset`) and the papermill engine
:data:`ENGINE_NAME` hands the kernel manager *and* its client to
``nbclient``, which neither starts nor shuts down a kernel it does not own.

Isolation rules (also in ``docs/CONTRACTS.md``): a kernel in which a notebook
failed or timed out is never reused (:class:`KernelSlot` replaces it);
``isolated=True`` replaces it after every notebook.

Given the address of a kernel template
(:mod:`~hatinh_analysis.report.kernel_template`), the kernel process is forked
from it, with the libraries already imported, instead of being launched; before
it counts as ready, :meth:`WarmKernel.wait_ready` also makes sure the client's
IOPub subscription has arrived (a forked kernel answers so fast that outputs
published earlier would be lost).

The kernel talks to us over IPC sockets in a private temporary folder (not
unencrypted localhost TCP), runs with one BLAS/OpenMP thread
(:data:`KERNEL_THREAD_ENV`, unless the environment says otherwise), imports
its libraries with the garbage collector off (~1.1 s instead of ~1.5 s) and
then freezes them out of the collector's sight (``gc.freeze()``), so the full
collection of every reset costs ~3 ms instead of ~100 ms.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from typing import Any

__all__ = ["ENGINE_NAME", "KERNEL_THREAD_ENV", "KernelError", "WarmKernel", "KernelSlot", "kernel_env",
           "register_engine"]

#: Name of the papermill engine that runs a notebook in a :class:`WarmKernel`.
ENGINE_NAME = "hatinh-warm"
#: Seconds to wait for a kernel to start and pre-import (the imports take ~1-2 s).
STARTUP_TIMEOUT = 120.0
#: Thread-pool sizes of the numerical libraries inside a report kernel, unless the
#: environment sets them. The models fit 10-30 observations: BLAS threads only cost,
#: and several kernels each spinning a BLAS thread per core make each other crawl
#: (measured: two concurrent back-tests took 12-16 s each instead of 1.2 s).
KERNEL_THREAD_ENV = {
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "VECLIB_MAXIMUM_THREADS": "1",
    "NUMEXPR_NUM_THREADS": "1",
}


def kernel_env(base=None) -> dict[str, str]:
    """The environment of a report kernel: *base* (default ``os.environ``) plus :data:`KERNEL_THREAD_ENV`
    for the variables *base* does not set."""
    env = dict(os.environ if base is None else base)
    for key, value in KERNEL_THREAD_ENV.items():
        env.setdefault(key, value)
    return env


class KernelError(RuntimeError):
    """The warm kernel could not be started, warmed or reset (it is then replaced)."""


def _prewarm_code(modules, load_data: bool) -> str:
    # __import__ binds no name in the user namespace
    return (f"__import__('hatinh_analysis.report._kernel_side', fromlist=['_'])"
            f".prewarm({tuple(modules)!r}, load_data={bool(load_data)!r})")


def _reset_code(cwd: str | None) -> str:
    return f"__import__('hatinh_analysis.report._kernel_side', fromlist=['_']).reset({cwd!r})"


class WarmKernel:
    """One ipykernel process and its client, pre-imported and reusable.

    Parameters
    ----------
    kernel_name : str
        Kernel spec (the notebooks use ``python3``).
    modules : sequence of str, optional
        Modules to import ahead (default
        :data:`~hatinh_analysis.report._kernel_side.DEFAULT_MODULES`).
    load_data : bool
        Also read the data tables into the kernel's cache.
    cwd : str, optional
        Working directory of the kernel process.
    template : str, optional
        Address of a :class:`~hatinh_analysis.report.kernel_template.KernelTemplate`
        to fork the kernel from (it then starts in ~0.1 s with everything
        imported); without it, or when the template cannot serve, the kernel is
        launched directly.

    Notes
    -----
    :meth:`start` returns as soon as the process is launched and the warm-up
    request is sent; :meth:`wait_ready` / :meth:`prepare` wait for it.
    """

    def __init__(self, kernel_name: str = "python3", *, modules=None, load_data: bool = True,
                 cwd: str | os.PathLike | None = None, template: str | None = None):
        from hatinh_analysis.report._kernel_side import DEFAULT_MODULES

        self.kernel_name = kernel_name
        self.modules = tuple(DEFAULT_MODULES if modules is None else modules)
        self.load_data = load_data
        self.cwd = str(cwd) if cwd is not None else None
        self.template = template
        self.km = None
        self.kc = None
        self._sockets: str | None = None
        self._pending: str | None = None  # msg_id of the warm-up request
        self.started_at: float | None = None
        self.ready_at: float | None = None
        self.notebooks_run = 0

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> "WarmKernel":
        """Launch the kernel process and send the warm-up request (does not wait)."""
        from jupyter_client import AsyncKernelManager
        from jupyter_core.utils import run_sync
        from traitlets.config import Config

        self.started_at = time.perf_counter()
        self._sockets = tempfile.mkdtemp(prefix="hatinh-kernel-")
        config = Config({"KernelManager": {"transport": "ipc", "ip": os.path.join(self._sockets, "kernel")}})
        self.km = AsyncKernelManager(kernel_name=self.kernel_name, config=config)
        try:
            if self.template:
                import uuid

                from hatinh_analysis.report.kernel_template import ForkedKernelProvisioner

                self.km.kernel_id = str(uuid.uuid4())
                self.km.provisioner = ForkedKernelProvisioner(
                    kernel_id=self.km.kernel_id, kernel_spec=self.km.kernel_spec, parent=self.km,
                    template_address=self.template)
            run_sync(self.km.start_kernel)(extra_arguments=["--HistoryManager.hist_file=:memory:"],
                                           cwd=self.cwd or os.getcwd(), env=kernel_env())
            from hatinh_analysis.report.workers import trace

            trace("kernel-start", kernel_pid=self.pid, forked=bool(getattr(self.km.provisioner, "forked", False)))
            self.kc = self.km.client()
            # no heartbeat thread (liveness comes from the manager, which owns the process) and no stdin
            self.kc.start_channels(shell=True, iopub=True, stdin=False, hb=False, control=True)
            self.kc.allow_stdin = False
            self._pending = self.kc.execute(_prewarm_code(self.modules, self.load_data), silent=True,
                                            store_history=False, allow_stdin=False)
        except Exception as exc:
            self.shutdown()
            raise KernelError(f"the {self.kernel_name} kernel did not start: {exc}") from exc
        except BaseException:  # interrupted or terminated while starting: leave no process behind
            self.shutdown()
            raise
        return self

    @property
    def pid(self) -> int | None:
        """Process id of the kernel (None when not running, or while a forked kernel is still being made)."""
        process = getattr(self.km.provisioner, "process", None) if self.km is not None else None
        return getattr(process, "pid", None)

    @property
    def alive(self) -> bool:
        """True while the kernel process runs."""
        if self.km is None:
            return False
        from jupyter_core.utils import run_sync

        try:
            return bool(run_sync(self.km.is_alive)())
        except Exception:
            return False

    def shutdown(self) -> None:
        """Kill the kernel process at once and remove its sockets (idempotent)."""
        from jupyter_core.utils import run_sync

        kc, km, self.kc, self.km = self.kc, self.km, None, None
        if kc is not None:
            try:
                kc.stop_channels()
            except Exception:
                pass
        if km is not None:
            async def kill():
                # SIGKILL straight away: nothing in the kernel needs saving, and the
                # polite path (interrupt, shutdown request, wait) costs time and noise.
                prov = km.provisioner
                if prov is not None and prov.has_process:
                    await prov.kill()
                    try:
                        await prov.wait()
                    except Exception:
                        pass
                await km.cleanup_resources()

            try:
                run_sync(kill)()
            except Exception:
                pass
        if self._sockets:
            shutil.rmtree(self._sockets, ignore_errors=True)
            self._sockets = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.shutdown()

    # ------------------------------------------------------------------ requests
    async def _reply(self, msg_id: str, timeout: float) -> dict:
        from queue import Empty

        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise KernelError(f"the kernel did not answer within {timeout:.0f} s")
            try:
                msg = await self.kc.get_shell_msg(timeout=min(left, 1.0))
            except Empty:
                if not await self.km.is_alive():
                    raise KernelError("the kernel died") from None
                continue
            if msg.get("parent_header", {}).get("msg_id") == msg_id:
                return msg

    async def _idle(self, msg_id: str, timeout: float) -> bool:
        """Drain IOPub until the kernel reports idle for *msg_id* (False on timeout)."""
        from queue import Empty

        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            try:
                msg = await self.kc.get_iopub_msg(timeout=left)
            except Empty:
                return False
            if (msg.get("msg_type") == "status" and msg["content"].get("execution_state") == "idle"
                    and msg.get("parent_header", {}).get("msg_id") == msg_id):
                return True

    async def _iopub_connected(self, timeout: float) -> None:
        """Return once this client's IOPub subscription has reached the kernel.

        A kernel forked from a template answers within ~0.1 s — possibly before
        the subscription arrives, and PUB/SUB drops what is published to nobody
        (the notebook's outputs and "idle" would be lost). Any IOPub message
        proves the subscription (ipykernel greets every new subscriber with
        ``iopub_welcome``); without one within a second, the standard
        kernel-info handshake settles it.
        """
        from queue import Empty

        try:
            await self.kc.get_iopub_msg(timeout=1.0)
        except Empty:
            await self.kc.wait_for_ready(timeout=timeout)

    def _run(self, code: str, timeout: float) -> dict:
        """Execute *code* silently (no history, no execution count) and wait until idle."""
        from jupyter_core.utils import run_sync

        if self.kc is None:
            raise KernelError("the kernel is not running")
        msg_id = self.kc.execute(code, silent=True, store_history=False, allow_stdin=False)

        async def go():
            reply = await self._reply(msg_id, timeout)
            if not await self._idle(msg_id, 10.0):
                # IOPub not connected yet (or very slow): the standard handshake settles it
                await self.kc.wait_for_ready(timeout=30)
            return reply

        return run_sync(go)()

    def wait_ready(self, timeout: float = STARTUP_TIMEOUT) -> None:
        """Wait until the warm-up request has finished.

        Raises
        ------
        KernelError
            If the kernel died or did not answer in time.
        """
        if self._pending is None:
            return
        from jupyter_core.utils import run_sync

        msg_id, self._pending = self._pending, None
        if self.kc is None:
            raise KernelError("the kernel is not running")
        async def go():
            await self._reply(msg_id, timeout)
            await self._iopub_connected(timeout)

        run_sync(go)()
        self.ready_at = time.perf_counter()
        from hatinh_analysis.report.workers import trace

        trace("kernel-ready", seconds=round(self.ready_at - self.started_at, 3), kernel_pid=self.pid)

    def prepare(self, cwd: str | os.PathLike | None = None, timeout: float = STARTUP_TIMEOUT) -> None:
        """Make the kernel ready for the next notebook: warm-up done, state reset, *cwd* set.

        Raises
        ------
        KernelError
            If the kernel died, did not answer, or the reset failed.
        """
        self.wait_ready(timeout)
        reply = self._run(_reset_code(str(cwd) if cwd is not None else None), timeout=30.0)
        if reply["content"].get("status") != "ok":
            c = reply["content"]
            raise KernelError(f"resetting the kernel failed: {c.get('ename')}: {c.get('evalue')}")

    def run_notebook(self, input_path: str, output_path: str, parameters: dict, *, cwd: str | None = None,
                     timeout: float | None, **papermill_kwargs: Any):
        """Execute one notebook with papermill in this kernel (after :meth:`prepare`)."""
        import papermill

        register_engine()
        self.notebooks_run += 1
        return papermill.execute_notebook(
            input_path, output_path, parameters=parameters, engine_name=ENGINE_NAME,
            kernel_name=self.kernel_name, cwd=cwd, execution_timeout=timeout,
            km=self.km, kc=self.kc, **papermill_kwargs)


_ENGINE_REGISTERED = False


def register_engine() -> None:
    """Register :data:`ENGINE_NAME` with papermill (in this process; idempotent)."""
    global _ENGINE_REGISTERED
    if _ENGINE_REGISTERED:
        return
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.log import logger
    from papermill.utils import merge_kwargs, remove_args

    class WarmKernelEngine(NBClientEngine):
        """papermill's nbclient engine, on a kernel (and client) owned by the caller.

        nbclient leaves a kernel it did not start running (``owns_km`` is false)
        and, given a client, does not open a new one per notebook.
        """

        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                     stderr_file=None, start_timeout=60, execution_timeout=None,
                                     km=None, kc=None, **kwargs):
            if km is None or kc is None:
                raise ValueError(f"the {ENGINE_NAME} engine needs km= and kc= (a WarmKernel)")
            kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
            final_kwargs = merge_kwargs(kwargs, timeout=execution_timeout, startup_timeout=start_timeout,
                                        kernel_name=kernel_name, log=logger, log_output=log_output,
                                        stdout_file=stdout_file, stderr_file=stderr_file)
            client = PapermillNotebookClient(nb_man, km=km, **final_kwargs)
            client.kc = kc  # reuse the open channels
            return client.execute()

    papermill_engines.register(ENGINE_NAME, WarmKernelEngine)
    _ENGINE_REGISTERED = True


class KernelSlot:
    """The kernel of one worker: started ahead, reused, replaced when it cannot be trusted.

    Parameters
    ----------
    isolated : bool
        Replace the kernel after every notebook (a fresh kernel per notebook).
    kernel_name, modules, load_data, cwd, template
        See :class:`WarmKernel`.
    """

    def __init__(self, *, isolated: bool = False, kernel_name: str = "python3", modules=None,
                 load_data: bool = True, cwd=None, template: str | None = None):
        self.isolated = isolated
        self._args = dict(kernel_name=kernel_name, modules=modules, load_data=load_data, cwd=cwd,
                          template=template)
        self.kernel: WarmKernel | None = None
        self.started = 0

    def start(self) -> "KernelSlot":
        """Start a kernel now if none is running (non-blocking)."""
        if self.kernel is None:
            self.kernel = WarmKernel(**self._args)
            self.started += 1
            try:
                self.kernel.start()
            except BaseException:
                self.kernel = None
                raise
        return self

    def acquire(self) -> WarmKernel:
        """A running, warmed-up kernel (started, or replaced once if it died or never got ready).

        The reset for the next notebook is done by
        :meth:`WarmKernel.prepare` (called by
        :func:`~hatinh_analysis.report.execute.execute_notebook`).

        Raises
        ------
        KernelError
            When even a fresh kernel cannot be started and warmed up.
        """
        for attempt in (1, 2):
            if self.kernel is None or not self.kernel.alive:
                self.discard(start_next=False)
                self.start()
            try:
                self.kernel.wait_ready()
                return self.kernel
            except KernelError:
                self.discard(start_next=False)
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def release(self, ok: bool, *, more: bool = True) -> None:
        """After a notebook: keep the kernel if it ran cleanly, else replace it.

        A kernel is replaced when the notebook failed or timed out (its state,
        or a still-running cell, must not reach the next notebook) and, with
        ``isolated``, always. The replacement starts at once when *more*
        notebooks may follow, so its warm-up overlaps the HTML export.
        """
        if not ok or self.isolated:
            self.discard(start_next=more)

    def discard(self, *, start_next: bool = False) -> None:
        """Shut the current kernel down; optionally start its replacement now."""
        if self.kernel is not None:
            self.kernel.shutdown()
            self.kernel = None
        if start_next:
            self.start()

    def close(self) -> None:
        """Shut down (idempotent)."""
        self.discard(start_next=False)
