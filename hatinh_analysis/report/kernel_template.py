"""Start report kernels by forking a pre-imported template process.

Every report kernel imports pandas, statsmodels, scipy, matplotlib and seaborn
before it can run a notebook: ~1.1 CPU-seconds each even with the garbage
collector off (profiled: ``scipy.stats``, ``matplotlib`` and ``statsmodels``
dominate). With two workers the two kernels booting at once saturate both
cores, so the batch's start-up is CPU-bound. A :class:`KernelTemplate` pays
that import once: a process (:mod:`._template_process`) imports the libraries
and reads the data tables, and each kernel is then a ``fork()`` of it that
becomes an ordinary ipykernel — ready ~0.13 s after it is asked for (measured).
The same makes ``--isolated`` (a fresh kernel per notebook) and the
replacement of a kernel after a failed notebook cheap.

:class:`ForkedKernelProvisioner` is a ``jupyter_client`` kernel provisioner
(the documented extension point for how kernels are launched): it asks the
template for the kernel and otherwise behaves as the standard
``LocalProvisioner`` — signals go to the kernel's process group, and the
process is watched through a Linux *pidfd*, which is safe for a process that is
not our child. When the kernel spec is not ``python -m ipykernel_launcher`` of
the template's own interpreter, or the template cannot serve (gone, refused),
the provisioner launches the kernel the ordinary way, so a template can only
make a kernel start faster, never change which kernel runs.

Isolation: a forked kernel is a new process that shares nothing writable with
its siblings; what it inherits is exactly what the warm-up would import
anyway (libraries and the parsed data tables), never notebook state. Set
``HATINH_REPORT_KERNEL_TEMPLATE=0`` to launch every kernel directly.

Needs ``os.fork`` and ``os.pidfd_open`` (Linux ≥ 5.3); :func:`supported`
says whether this machine has them.
"""
from __future__ import annotations

import json
import os
import select
import signal
import socket
import subprocess
import tempfile
import shutil
from typing import Any

from jupyter_client.provisioning import LocalProvisioner
from traitlets import Unicode

__all__ = ["KernelTemplate", "ForkedKernelProvisioner", "ForkedProcess", "TemplateError", "request_kernel", "fork_kernel",
           "supported", "enabled"]


class TemplateError(RuntimeError):
    """The template process could not fork a kernel (the caller launches one directly)."""


def supported() -> bool:
    """True where kernels can be forked and watched (``fork`` and a working ``pidfd_open``)."""
    if not (hasattr(os, "fork") and hasattr(os, "pidfd_open") and hasattr(signal, "pidfd_send_signal")):
        return False
    try:
        os.close(os.pidfd_open(os.getpid()))
    except OSError:
        return False
    return True


def enabled() -> bool:
    """:func:`supported` and not switched off with ``HATINH_REPORT_KERNEL_TEMPLATE=0``."""
    return os.environ.get("HATINH_REPORT_KERNEL_TEMPLATE", "1") != "0" and supported()


class KernelTemplate:
    """The template process of one command: started at once, closed at the end.

    Parameters
    ----------
    modules : sequence of str, optional
        Imported by the template (default
        :data:`~hatinh_analysis.report._kernel_side.DEFAULT_MODULES`).
    load_data : bool
        Also read the data tables, so every forked kernel has them parsed.
    env : mapping, optional
        The template's (and so the kernels' *import-time*) environment; default
        :func:`~hatinh_analysis.report.kernels.kernel_env`. Each kernel still gets
        the environment its launch asks for.

    Notes
    -----
    :meth:`start` returns at once; a fork request made while the template is
    still importing waits for it. The socket lives in a private (0700)
    temporary folder. Pass :attr:`address` to other processes (workers).
    """

    def __init__(self, modules=None, *, kernel_name: str = "python3", load_data: bool = True, env=None):
        from hatinh_analysis.report._kernel_side import DEFAULT_MODULES

        self.modules = tuple(DEFAULT_MODULES if modules is None else modules)
        self.kernel_name = kernel_name
        self.load_data = load_data
        self.env = env
        self.process: subprocess.Popen | None = None
        self.address: str | None = None
        self._folder: str | None = None

    def start(self) -> "KernelTemplate":
        """Launch the template process (does not wait for its imports).

        When the kernel spec does not start ``ipykernel_launcher`` with ``-m``,
        no template is started and :attr:`address` stays None.
        """
        if self.process is not None:  # already started
            return self
        from jupyter_client.kernelspec import KernelSpecManager

        from hatinh_analysis.report.kernels import kernel_env

        spec = KernelSpecManager().get_kernel_spec(self.kernel_name)
        prefix = _interpreter_prefix(spec.argv)
        if prefix is None:
            return self
        launch_env = _launch_env(kernel_env(self.env), spec)
        self._folder = tempfile.mkdtemp(prefix="hatinh-template-")
        address = os.path.join(self._folder, _SOCKET)
        with open(os.path.join(self._folder, _PREFIX), "w", encoding="utf-8") as fh:
            json.dump({"prefix": prefix, "env": launch_env}, fh)
        # What a launched kernel has set before any user code imports a library: ipykernel makes
        # the inline backend matplotlib's default (read when matplotlib is imported).
        import_env = dict(launch_env)
        if not import_env.get("MPLBACKEND"):
            import_env["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            listener.bind(address)
            listener.listen(16)
            # the kernel spec's own interpreter and options (e.g. -Xfrozen_modules=off)
            self.process = subprocess.Popen(
                [*prefix, "-m", "hatinh_analysis.report._template_process", str(listener.fileno()),
                 ",".join(self.modules), "1" if self.load_data else "0"],
                stdin=subprocess.PIPE, pass_fds=(listener.fileno(),), env=import_env,
                start_new_session=True)  # Ctrl-C in the terminal is the command's to handle
            self.address = address
        except BaseException:
            self.close()
            raise
        finally:
            listener.close()  # the template holds its own copy
        return self

    @property
    def alive(self) -> bool:
        """True while the template process runs."""
        return self.process is not None and self.process.poll() is None

    def close(self) -> None:
        """End the template and every kernel it forked (idempotent)."""
        proc, self.process = self.process, None
        if proc is not None:
            try:
                proc.stdin.close()  # end of file on the lifeline: the template kills its kernels and exits
            except OSError:
                pass
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
        if self._folder:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.close()


def request_kernel(address: str, argv: list[str], env: dict[str, str], cwd: str) -> "ForkedProcess":
    """Ask the template at *address* for a kernel started as ``ipykernel_launcher ARGV``.

    Does not wait for the template (it answers once its imports are done): the
    returned :class:`ForkedProcess` learns the process id when it is first
    needed, while the caller connects to the kernel's sockets meanwhile.

    Raises
    ------
    TemplateError
        If the template is not there (it exited, or never started).
    """
    request = json.dumps({"argv": list(argv), "env": dict(env), "cwd": str(cwd)}).encode() + b"\n"
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.settimeout(10)
        conn.connect(address)
        conn.sendall(request)
    except OSError as exc:
        conn.close()
        raise TemplateError(f"the kernel template at {address} is not there: {exc}") from exc
    return ForkedProcess(conn, address)


#: Templates (by address) that refused a fork in this process: later kernels are launched directly.
_REFUSED: set[str] = set()


def fork_kernel(address: str, argv: list[str], env: dict[str, str], cwd: str, timeout: float = 120.0) -> int:
    """:func:`request_kernel` and wait for the answer; returns the kernel's process id.

    Raises
    ------
    TemplateError
        If the template is gone, refuses, or does not answer within *timeout* seconds.
    """
    proc = request_kernel(address, argv, env, cwd)
    return proc.resolve(timeout)


class ForkedProcess:
    """The part of ``subprocess.Popen`` that ``LocalProvisioner`` uses, for a kernel forked by the template.

    Created as soon as the request is sent; the process id arrives with the
    template's answer (:meth:`resolve`). Until then the process counts as
    running. The process is then watched and signalled through a pidfd, safe
    for a process that is not our child; signals go to its process group (it
    leads one), like ``LocalProvisioner`` does. The exit status belongs to the
    template (the real parent): after the process ends, :attr:`returncode` is
    ``-signal`` when we sent the fatal signal, else 1.
    """

    stdin = stdout = stderr = None

    def __init__(self, conn: socket.socket, address: str = ""):
        self._conn: socket.socket | None = conn
        self._address = address
        self._answer = b""
        self._pid: int | None = None
        self._fd: int | None = None
        self._last_signal: int | None = None
        self.error: str | None = None
        self.returncode: int | None = None

    # ------------------------------------------------------------------ the answer
    def _read_answer(self, timeout: float | None) -> bool:
        """Read the answer if it is there within *timeout* (None: wait); True once settled."""
        conn = self._conn
        if conn is None:
            return True
        ready, _, _ = select.select([conn], [], [], timeout)
        if not ready:
            return False
        try:
            while not self._answer.endswith(b"\n"):
                conn.settimeout(10)
                chunk = conn.recv(4096)
                if not chunk:
                    break
                self._answer += chunk
            reply = json.loads(self._answer) if self._answer.endswith(b"\n") else {
                "error": "the kernel template closed the connection without an answer"}
        except (OSError, ValueError) as exc:
            reply = {"error": f"no answer from the kernel template: {exc}"}
        conn.close()
        self._conn = None
        if "pid" in reply:
            self._pid = int(reply["pid"])
            try:
                self._fd = os.pidfd_open(self._pid)
            except OSError:  # already gone
                self.returncode = 1
        else:
            self.error = str(reply.get("error", reply))
            self.returncode = 1
            _REFUSED.add(self._address)  # do not ask again: the next kernel is launched directly
        return True

    def resolve(self, timeout: float | None = None) -> int:
        """Wait for the template's answer and return the kernel's process id.

        Raises
        ------
        TemplateError
            If the template refused, vanished or did not answer in *timeout* seconds.
        """
        if not self._read_answer(timeout):
            raise TemplateError(f"the kernel template did not answer within {timeout} s")
        if self._pid is None:
            raise TemplateError(f"the kernel template refused: {self.error}")
        return self._pid

    @property
    def pid(self) -> int | None:
        """The kernel's process id (None while the template has not answered, or when it refused)."""
        self._read_answer(0)
        return self._pid

    # ------------------------------------------------------------------ Popen's interface
    def poll(self) -> int | None:
        if self.returncode is None and self._read_answer(0) and self._fd is not None:
            ready, _, _ = select.select([self._fd], [], [], 0)
            if ready:
                sig = self._last_signal
                self.returncode = -sig if sig in (signal.SIGKILL, signal.SIGTERM) else 1
                os.close(self._fd)
                self._fd = None
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            self._read_answer(timeout)
            if self._fd is not None:
                ready, _, _ = select.select([self._fd], [], [], timeout)
                if not ready:
                    raise subprocess.TimeoutExpired(f"kernel {self._pid}", timeout)
        return self.poll()

    def send_signal(self, sig: int) -> None:
        self._read_answer(None)  # a kernel being forked is signalled once it exists
        if self.poll() is not None:
            raise ProcessLookupError(3, "No such process")  # as os.kill; LocalProvisioner tolerates it
        self._last_signal = sig
        try:
            os.killpg(self._pid, sig)  # the pidfd says it still runs, so the group is still its own
        except OSError:
            signal.pidfd_send_signal(self._fd, sig)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def __del__(self):
        for attr in ("_fd",):
            fd = getattr(self, attr, None)
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:
                    pass
        conn = getattr(self, "_conn", None)
        if conn is not None:
            conn.close()


_SOCKET = "fork.sock"
_PREFIX = "template.json"  # the interpreter prefix and the environment the template was made for


def _launch_env(env: dict[str, str], spec) -> dict[str, str]:
    """The environment jupyter_client gives a kernel launched with *env* (kernel spec ``env`` applied)."""
    from string import Template

    env = dict(env)
    env.update({k: Template(v).safe_substitute(env) for k, v in (spec.env or {}).items()})
    env.pop("PYTHONEXECUTABLE", None)  # jupyter_client drops it for Python kernels
    return env


def _interpreter_prefix(argv: list[str]) -> list[str] | None:
    """``[python, *options]`` of a kernel command ``python [options] -m ipykernel_launcher …`` (else None)."""
    for i in range(1, len(argv) - 1):
        if argv[i] == "-m":
            return list(argv[:i]) if argv[i + 1] == "ipykernel_launcher" else None
        if not argv[i].startswith("-"):
            return None
    return None


def _forkable(cmd: list[str], env: dict[str, str], address: str) -> list[str] | None:
    """The ipykernel arguments of *cmd*, when the template at *address* is an exact stand-in for launching it.

    That is: the same interpreter and options, and the same environment (variables
    read at import time — ``MPLBACKEND``, the BLAS thread counts, ``PYTHONPATH`` … —
    would otherwise differ from what a launched kernel gets).
    """
    try:
        with open(os.path.join(os.path.dirname(address), _PREFIX), encoding="utf-8") as fh:
            made_for = json.load(fh)
    except (OSError, ValueError):
        return None
    prefix = made_for.get("prefix")
    if _interpreter_prefix(cmd) != prefix or dict(env) != made_for.get("env"):
        return None
    return list(cmd[len(prefix) + 2:])


class ForkedKernelProvisioner(LocalProvisioner):
    """``LocalProvisioner`` that gets its kernel process from a :class:`KernelTemplate`.

    Set :attr:`template_address`; when it is empty, the command is not the
    template's interpreter running ``ipykernel_launcher``, the environment is not
    the one the template was made for, or the template fails, the kernel is
    launched exactly as ``LocalProvisioner`` would.
    :attr:`forked` says which happened.
    """

    template_address = Unicode("", help="Unix socket of the kernel template process").tag(config=True)
    forked = False

    async def launch_kernel(self, cmd: list[str], **kwargs: Any):
        usable = self.template_address and self.template_address not in _REFUSED
        env = kwargs.get("env") or dict(os.environ)
        argv = _forkable(cmd, env, self.template_address) if usable else None
        if argv is not None:
            cwd = str(kwargs.get("cwd") or os.getcwd())
            try:
                self.process = request_kernel(self.template_address, argv, env, cwd)
            except TemplateError as exc:
                self.log.warning("%s; launching the kernel directly", exc)
            else:
                self.pgid = None  # ForkedProcess.send_signal signals the group itself
                self.cwd = cwd
                self.forked = True
                return self.connection_info
        return await super().launch_kernel(cmd, **kwargs)
