"""The kernel template process: imports the report libraries once, then forks kernels.

Run by :class:`hatinh_analysis.report.kernel_template.KernelTemplate` as
``python -m hatinh_analysis.report._template_process LISTEN_FD MODULES LOAD_DATA``
with the kernels' environment (one BLAS thread …). It

1. imports ipykernel and the report libraries
   (:data:`~hatinh_analysis.report._kernel_side.DEFAULT_MODULES`, except those
   that look for a running kernel when imported) and reads the data tables —
   the ~1.5 s every kernel would otherwise spend on its own — in the
   environment a launched kernel has when user code starts (ipykernel's
   default ``MPLBACKEND``, set by :class:`KernelTemplate`);
2. serves fork requests on the Unix socket it was handed (one JSON line each:
   ``{"argv": [...], "env": {...}, "cwd": "..."}``, answered with
   ``{"pid": N}`` or ``{"error": "..."}``). The child becomes an ordinary
   ipykernel (``ipykernel_launcher`` with those arguments) in its own session,
   with that environment and working directory;
3. exits — killing the kernels it forked — when its standard input (a pipe
   from the command) reaches end of file, i.e. when the command closes it or
   dies in any way.

Forking is only safe from a single-threaded process: the loop checks that no
library started a thread and refuses (the caller then launches an ordinary
kernel) if one did. Nothing in this process ever runs notebook code.
"""
from __future__ import annotations

import gc
import json
import os
import select
import signal
import socket
import sys
import threading
import traceback

#: sys.path[0] as Python set it for ``-m`` (this process's start directory); a forked
#: kernel gets its own working directory there, as ``python -m ipykernel_launcher`` would.
_START_PATH0 = sys.path[0] if sys.path else None


#: Modules that look for a running IPython when imported (tqdm.auto picks its progress bar
#: then): left to the kernel's own warm-up, so they see the kernel as a launched kernel's would.
NEEDS_RUNNING_KERNEL = frozenset({"tqdm.auto", "tqdm.autonotebook"})


def _prepare(modules: tuple[str, ...], load_data: bool) -> list[str]:
    import ipykernel.ipkernel  # noqa: F401 - the kernel class, IPython, zmq, tornado
    import ipykernel.kernelapp  # noqa: F401

    from hatinh_analysis.report._kernel_side import prewarm

    return prewarm(tuple(m for m in modules if m not in NEEDS_RUNNING_KERNEL), load_data=load_data)


def _become_kernel(request: dict, template_pid: int) -> None:
    """In the forked child: turn into ``python -m ipykernel_launcher ARGV`` (never returns)."""
    code = 1
    try:
        os.setsid()  # like jupyter_client: interrupts go to the kernel's own process group
        for sig in (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)  # not the template's lifeline pipe
        os.close(devnull)
        os.environ.clear()
        os.environ.update(request["env"])
        os.environ["JPY_PARENT_PID"] = str(template_pid)
        os.chdir(request["cwd"])
        if sys.path and sys.path[0] == _START_PATH0:
            sys.path[0] = os.getcwd()
        gc.enable()
        np = sys.modules.get("numpy")
        if np is not None:  # every kernel its own unseeded stream (Python's random reseeds at fork)
            np.random.seed()
        import ipykernel_launcher
        from ipykernel import kernelapp

        # the trait's default was read from JPY_PARENT_PID when the template imported ipykernel:
        # name the parent explicitly, so the kernel exits if the template dies (as a launched
        # kernel does when its launcher dies)
        argv = [*request["argv"], f"--IPKernelApp.parent_handle={template_pid}"]
        sys.argv = [ipykernel_launcher.__file__, *argv]
        kernelapp.launch_new_instance(argv=argv)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _reap(children: set[int]) -> None:
    while children:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            children.clear()
            return
        if pid == 0:
            return
        children.discard(pid)


def _answer(conn: socket.socket, reply: dict) -> None:
    try:
        conn.sendall(json.dumps(reply).encode() + b"\n")
    except OSError:
        pass


def _read_request(conn: socket.socket) -> dict:
    conn.settimeout(10)
    data = b""
    while not data.endswith(b"\n"):
        chunk = conn.recv(1 << 16)
        if not chunk:
            raise ValueError("the request ended early")
        data += chunk
    request = json.loads(data)
    if not (isinstance(request.get("argv"), list) and isinstance(request.get("env"), dict)
            and isinstance(request.get("cwd"), str)):
        raise ValueError("a request needs argv (list), env (object) and cwd (string)")
    return request


def serve(listener: socket.socket, lifeline: int = 0) -> None:
    """Fork a kernel per request until *lifeline* reaches end of file; then kill them all."""
    children: set[int] = set()
    template_pid = os.getpid()
    # reap a kernel as soon as it ends (shut down by its worker), not at the next loop turn
    signal.signal(signal.SIGCHLD, lambda signum, frame: _reap(children))
    try:
        while True:
            ready, _, _ = select.select([listener, lifeline], [], [], 1.0)
            _reap(children)
            if lifeline in ready and not os.read(lifeline, 4096):
                return
            if listener not in ready:
                continue
            conn, _ = listener.accept()
            with conn:
                try:
                    request = _read_request(conn)
                except (OSError, ValueError) as exc:
                    _answer(conn, {"error": f"bad request: {exc}"})
                    continue
                if threading.active_count() > 1:
                    _answer(conn, {"error": "the template process has started threads; forking is unsafe"})
                    continue
                # no reaping between the fork and the bookkeeping (a stale pid could be signalled later)
                signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGCHLD})
                try:
                    pid = os.fork()
                    if pid == 0:
                        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGCHLD})
                        listener.close()
                        conn.close()
                        _become_kernel(request, template_pid)
                    children.add(pid)
                finally:
                    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGCHLD})
                _answer(conn, {"pid": pid})
    finally:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        for pid in list(children):
            try:
                os.killpg(pid, signal.SIGKILL)  # each kernel leads its own process group
            except OSError:
                pass
        for pid in list(children):  # wait for them: an orphaned zombie may never be reaped
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass


def main(argv: list[str] | None = None) -> None:
    # The pattern Python's gc documentation gives for a pre-fork server: collector off while
    # importing (faster), everything frozen before the forks (prewarm does it; no kernel then
    # touches the template's objects when it collects), and on again in each child.
    gc.disable()
    argv = sys.argv[1:] if argv is None else argv
    fd, modules, load_data = int(argv[0]), tuple(m for m in argv[1].split(",") if m), argv[2] == "1"
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the command handles Ctrl-C and closes the lifeline
    listener = socket.socket(fileno=fd)
    problems = _prepare(modules, load_data)
    from hatinh_analysis.report.workers import trace

    trace("template-ready")
    for problem in problems:
        print(f"hatinh-report kernel template: {problem}", file=sys.stderr)
    serve(listener)


if __name__ == "__main__":
    main()
