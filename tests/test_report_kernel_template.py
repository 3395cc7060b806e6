"""Kernels forked from the template process: same kernel, own process, cleaned up, safe fallbacks.

The template (:mod:`hatinh_analysis.report.kernel_template`) only changes how
fast a kernel starts. These tests check that a forked kernel is an ordinary,
separate kernel (own pid, working directory, environment and random stream),
that closing the template ends its kernels, and that every case the template
cannot serve falls back to launching the kernel directly.
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from hatinh_analysis.report import kernel_template as kt

needs_fork = pytest.mark.skipif(not kt.supported(), reason="kernels cannot be forked here (no pidfd)")


def probe(kernel, out: Path) -> dict:
    """Run a snippet in *kernel* that writes what it sees to *out*; return it."""
    code = ("import json, os, sys, threading, numpy\n"
            f"json.dump({{'pid': os.getpid(), 'ppid': os.getppid(), 'cwd': os.getcwd(),\n"
            "  'env': os.environ.get('HATINH_PROBE'), 'draw': float(numpy.random.rand()),\n"
            "  'path0': sys.path[0], 'pgid': os.getpgid(0),\n"
            f"  'imported': 'statsmodels.api' in sys.modules}}, open({str(out)!r}, 'w'))")
    reply = kernel._run(code, timeout=60)
    assert reply["content"]["status"] == "ok", reply["content"]
    return json.loads(out.read_text())


# ------------------------------------------------------------------ pure helpers
@pytest.mark.parametrize("argv, prefix", [
    (["/py", "-m", "ipykernel_launcher", "-f", "{connection_file}"], ["/py"]),
    (["/py", "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f", "c.json"], ["/py", "-Xfrozen_modules=off"]),
    (["/py", "-m", "other_kernel", "-f", "c.json"], None),          # not ipykernel
    (["/py", "script.py", "-m", "ipykernel_launcher"], None),       # -m after a script is the script's
    (["R", "--slave", "-e", "IRkernel::main()"], None),
])
def test_interpreter_prefix(argv, prefix):
    assert kt._interpreter_prefix(argv) == prefix


def test_only_the_templates_own_interpreter_options_and_environment_are_forked(tmp_path):
    env = {"PATH": "/bin", "OPENBLAS_NUM_THREADS": "1"}
    (tmp_path / kt._PREFIX).write_text(json.dumps({"prefix": ["/venv/python", "-Xfrozen_modules=off"],
                                                   "env": env}))
    address = str(tmp_path / kt._SOCKET)
    cmd = ["/venv/python", "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f", "k.json"]
    assert kt._forkable(cmd, env, address) == ["-f", "k.json"]
    assert kt._forkable(["/venv/python", "-m", "ipykernel_launcher", "-f", "k.json"], env, address) is None
    assert kt._forkable(["/other/python", "-Xfrozen_modules=off", "-m", "ipykernel_launcher"], env, address) is None
    # a variable read at import time would differ from a launched kernel's
    assert kt._forkable(cmd, {**env, "MPLBACKEND": "Agg"}, address) is None
    assert kt._forkable(cmd, {**env, "OPENBLAS_NUM_THREADS": "4"}, address) is None
    assert kt._forkable(cmd, env, str(tmp_path / "gone" / kt._SOCKET)) is None  # no template there


def test_launch_env_is_what_jupyter_client_gives_the_kernel():
    from jupyter_client.kernelspec import KernelSpec

    spec = KernelSpec(argv=["python", "-m", "ipykernel_launcher"], language="python",
                      env={"EXTRA": "${HOME}/x"})
    env = kt._launch_env({"HOME": "/home/u", "PYTHONEXECUTABLE": "/py"}, spec)
    assert env == {"HOME": "/home/u", "EXTRA": "/home/u/x"}


def test_switched_off_by_the_environment(monkeypatch):
    from hatinh_analysis.report.workers import start_template

    monkeypatch.setenv("HATINH_REPORT_KERNEL_TEMPLATE", "0")
    assert kt.enabled() is False
    assert start_template() is None


def test_a_template_that_is_gone_is_reported(tmp_path):
    with pytest.raises(kt.TemplateError, match="not there"):
        kt.request_kernel(str(tmp_path / "fork.sock"), ["-f", "x.json"], {}, str(tmp_path))


# ------------------------------------------------------------------ real kernels
@needs_fork
@pytest.mark.slow
def test_forked_kernels_are_separate_ordinary_kernels(tmp_path, monkeypatch):
    from hatinh_analysis.report.kernels import WarmKernel

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    monkeypatch.setenv("HATINH_PROBE", "from-the-launch")
    template = kt.KernelTemplate().start()
    with template, WarmKernel(template=template.address, cwd=tmp_path / "a") as k1, \
            WarmKernel(template=template.address, cwd=tmp_path / "b") as k2:
        k1.start()
        k2.start()
        assert k1.km.provisioner.forked and k2.km.provisioner.forked
        k1.wait_ready()
        k2.wait_ready()
        one, two = probe(k1, tmp_path / "1.json"), probe(k2, tmp_path / "2.json")
        tpl_pid = template.process.pid
    assert len({one["pid"], two["pid"], tpl_pid}) == 3
    assert one["ppid"] == two["ppid"] == tpl_pid
    assert one["pgid"] == one["pid"] and two["pgid"] == two["pid"], "each kernel leads its own process group"
    assert Path(one["cwd"]) == (tmp_path / "a").resolve() and Path(two["cwd"]) == (tmp_path / "b").resolve()
    assert one["path0"] == one["cwd"], "sys.path[0] is the kernel's directory, as for python -m ipykernel_launcher"
    assert one["env"] == two["env"] == "from-the-launch"
    assert one["draw"] != two["draw"], "each kernel has its own NumPy random stream"
    assert one["imported"] and two["imported"], "the libraries came from the template"


@needs_fork
@pytest.mark.slow
def test_shutdown_ends_a_forked_kernel_and_closing_the_template_ends_the_rest(tmp_path):
    from hatinh_analysis.report.kernels import WarmKernel

    tpl = kt.KernelTemplate().start()
    k1 = WarmKernel(template=tpl.address).start()
    k2 = WarmKernel(template=tpl.address).start()
    try:
        k1.wait_ready()
        k2.wait_ready()
        pids = [k1.pid, k2.pid]
        assert all(pids) and k1.alive and k2.alive
        k1.shutdown()
        assert not k1.alive
        tpl.close()  # k2 is still running: the template takes it down on its way out
        deadline = time.monotonic() + 5
        while k2.alive and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not k2.alive
        assert not any(Path(f"/proc/{pid}").exists() for pid in pids), "no zombie or orphan is left"
    finally:
        k1.shutdown()
        k2.shutdown()
        tpl.close()


@needs_fork
@pytest.mark.slow
def test_a_kernel_whose_environment_differs_is_launched_directly(tmp_path, monkeypatch):
    from hatinh_analysis.report.kernels import WarmKernel

    tpl = kt.KernelTemplate().start()
    try:
        monkeypatch.setenv("HATINH_PROBE", "set-after-the-template")  # the template imported without it
        with WarmKernel(template=tpl.address) as kernel:
            kernel.start()
            assert kernel.km.provisioner.forked is False
            seen = probe(kernel, tmp_path / "p.json")
        assert seen["env"] == "set-after-the-template" and seen["ppid"] == os.getpid()
    finally:
        tpl.close()


@needs_fork
@pytest.mark.slow
def test_without_a_template_the_kernel_is_launched_directly(tmp_path):
    from hatinh_analysis.report.kernels import WarmKernel

    tpl = kt.KernelTemplate().start()
    address = tpl.address
    tpl.close()  # gone before the kernel is asked for
    with WarmKernel(template=address) as kernel:
        kernel.start()
        assert kernel.km.provisioner.forked is False
        seen = probe(kernel, tmp_path / "p.json")
    assert seen["ppid"] == os.getpid(), "launched by this process, as without a template"


@needs_fork
@pytest.mark.slow
def test_a_refused_fork_counts_as_a_dead_kernel_and_the_slot_launches_one(tmp_path, monkeypatch):
    """A template that answers with an error (e.g. it found a thread) must not leave the slot stuck."""
    import socket
    import threading

    from hatinh_analysis.report.kernels import KernelSlot

    folder = tmp_path / "tpl"
    folder.mkdir()
    from jupyter_client.kernelspec import KernelSpecManager

    from hatinh_analysis.report.kernels import kernel_env

    spec = KernelSpecManager().get_kernel_spec("python3")
    (folder / kt._PREFIX).write_text(json.dumps({"prefix": kt._interpreter_prefix(spec.argv),
                                                 "env": kt._launch_env(kernel_env(), spec)}))
    address = str(folder / kt._SOCKET)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(address)
    listener.listen(4)

    def refuse():  # a stand-in template that refuses every request
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with conn:
                conn.recv(1 << 16)
                conn.sendall(b'{"error": "the template process has started threads; forking is unsafe"}\n')

    threading.Thread(target=refuse, daemon=True).start()
    slot = KernelSlot(template=address)
    try:
        kernel = slot.acquire()  # first fork refused -> replaced; the provisioner then launches directly
        assert kernel.alive
        assert probe(kernel, tmp_path / "p.json")["ppid"] == os.getpid()
    finally:
        slot.close()
        listener.close()
