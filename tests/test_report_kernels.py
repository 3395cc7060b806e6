"""Warm kernels and workers: what is reset between notebooks, when a kernel is replaced, laziness.

The notebooks used here are written into a temporary folder by the tests. The
tests that start kernels are marked ``slow``.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner

from hatinh_analysis.report.cli import main

ROOT = Path(__file__).parents[1]

HELPER = '''import warnings


def warn():
    warnings.warn("helper warning", UserWarning)
'''

POLLUTE = [
    "import os, sys, warnings\nimport numpy as np, pandas as pd, matplotlib\nimport matplotlib.pyplot as plt\n"
    "import helper\nhelper.warn()\nprint('pid', os.getpid())",
    "secret = 42\nmatplotlib.rcParams['lines.linewidth'] = 7.5\npd.set_option('display.max_rows', 3)\n"
    "np.set_printoptions(precision=2)\nwarnings.simplefilter('ignore')",
    "os.environ['HATINH_POLLUTED'] = '1'\nsys.path.insert(0, '/polluted')\nos.chdir('/')\nplt.figure()",
]

PROBE = [
    "import os, sys\nimport numpy as np, pandas as pd, matplotlib\nimport matplotlib.pyplot as plt\n"
    "import helper\nhelper.warn()",
    "from hatinh_analysis.report import publish\n"
    "publish('probe', details={'has_secret': 'secret' in dir(), 'lw': matplotlib.rcParams['lines.linewidth'],\n"
    "    'max_rows': pd.get_option('display.max_rows'), 'precision': np.get_printoptions()['precision'],\n"
    "    'env': os.environ.get('HATINH_POLLUTED'), 'path': '/polluted' in sys.path, 'cwd': os.getcwd(),\n"
    "    'figs': plt.get_fignums(), 'pid': os.getpid()})",
]


def notebook(path: Path, cells, params: str = "x: int = 1  # anything") -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    first = nbformat.v4.new_code_cell(params)
    first.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {path.stem}\n\nA test notebook."), first,
                *[nbformat.v4.new_code_cell(c) for c in cells]]
    nbformat.write(nb, path)
    return path


@pytest.fixture
def nbdir(tmp_path):
    folder = tmp_path / "nbs"
    folder.mkdir()
    (folder / "helper.py").write_text(HELPER)
    return folder


def run(nbdir, *args):
    return CliRunner().invoke(main, ["--notebooks-dir", str(nbdir), "run", *map(str, args), "--no-progress"],
                              catch_exceptions=False)


def details(folder: Path, stem: str) -> dict:
    return json.loads((folder / f"{stem}.json").read_text())["result"]["details"]


def stdout_of(folder: Path, stem: str) -> str:
    nb = json.loads((folder / f"{stem}.ipynb").read_text())
    return "".join("".join(o.get("text", "")) for c in nb["cells"] if c["cell_type"] == "code"
                   for o in c.get("outputs", []) if o.get("output_type") == "stream")


def pid_printed(folder: Path, stem: str) -> int:
    return int(stdout_of(folder, stem).split("pid", 1)[1].split()[0])


# ------------------------------------------------------------------ what the reset restores
@pytest.mark.slow
def test_warm_kernel_is_reset_between_notebooks(nbdir, tmp_path):
    notebook(nbdir / "a_pollute.ipynb", POLLUTE)
    notebook(nbdir / "b_probe.ipynb", PROBE)
    out = tmp_path / "reports"
    result = run(nbdir, "--out", out, "--date", "2020-01-01", "--jobs", "1")
    assert result.exit_code == 0, result.output
    folder = out / "2020-01-01"
    found = details(folder, "b_probe")
    import matplotlib

    assert found["pid"] == pid_printed(folder, "a_pollute"), "the kernel was reused"
    assert found["has_secret"] is False
    assert found["lw"] == matplotlib.rcParamsDefault["lines.linewidth"]
    assert found["max_rows"] == 60 and found["precision"] == 8
    assert found["env"] is None and found["path"] is False and found["figs"] == []
    assert Path(found["cwd"]) == nbdir.resolve()
    # a warning shown by the first notebook is shown again by the second (same code location)
    assert "helper warning" in stdout_of(folder, "a_pollute")
    probe = json.loads((folder / "b_probe.ipynb").read_text())
    streams = [o for c in probe["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])
               if o.get("output_type") == "stream" and o.get("name") == "stderr"]
    assert any("helper warning" in "".join(o["text"]) for o in streams)
    for stem in ("a_pollute", "b_probe"):
        nb = json.loads((folder / f"{stem}.ipynb").read_text())
        counts = [c["execution_count"] for c in nb["cells"] if c["cell_type"] == "code"]
        assert counts == list(range(1, len(counts) + 1)), stem


@pytest.mark.slow
def test_isolated_runs_every_notebook_in_a_fresh_kernel(nbdir, tmp_path):
    notebook(nbdir / "a_pollute.ipynb", POLLUTE)
    notebook(nbdir / "b_probe.ipynb", PROBE)
    out = tmp_path / "reports"
    assert run(nbdir, "--out", out, "--date", "2020-01-01", "--jobs", "1", "--isolated").exit_code == 0
    folder = out / "2020-01-01"
    assert details(folder, "b_probe")["pid"] != pid_printed(folder, "a_pollute")


@pytest.mark.slow
def test_a_kernel_is_replaced_after_a_failure_and_after_a_timeout(nbdir, tmp_path):
    notebook(nbdir / "a_fail.ipynb", ["import os\nprint('pid', os.getpid())", "secret = 1\nraise ValueError('boom')"])
    notebook(nbdir / "b_sleep.ipynb", ["import os, time\nprint('pid', os.getpid())", "secret = 2\ntime.sleep(60)"])
    notebook(nbdir / "c_probe.ipynb", PROBE)
    out = tmp_path / "reports"
    result = run(nbdir, "--out", out, "--date", "2020-01-01", "--jobs", "1", "--timeout", "3")
    assert result.exit_code == 1
    folder = out / "2020-01-01"
    a = json.loads((folder / "a_fail.json").read_text())
    b = json.loads((folder / "b_sleep.json").read_text())
    assert a["status"] == "failed" and a["error"]["ename"] == "ValueError"
    assert b["status"] == "failed" and "Timeout" in b["error"]["ename"] + b["error"]["evalue"]
    assert b["timings"]["execute_seconds"] < 30
    pids = {pid_printed(folder, "a_fail"), details(folder, "c_probe")["pid"]}
    assert len(pids) == 2, "the kernel of the failed notebook was not reused"
    assert details(folder, "c_probe")["has_secret"] is False
    assert json.loads((folder / "c_probe.json").read_text())["status"] == "ok"


@pytest.mark.slow
def test_a_worker_that_dies_is_recorded_and_the_others_go_on(nbdir, tmp_path, monkeypatch):
    # the notebook kills the worker process running it (found in the trace: its "run" event)
    trace = tmp_path / "trace.jsonl"
    monkeypatch.setenv("HATINH_REPORT_TRACE", str(trace))
    notebook(nbdir / "a_kill_worker.ipynb", [
        "import json, os, signal\n"
        "events = [json.loads(l) for l in open(os.environ['HATINH_REPORT_TRACE'])]\n"
        "worker = [e['pid'] for e in events if e['event'] == 'run' and e['job'] == 'a_kill_worker'][-1]\n"
        "os.kill(worker, signal.SIGKILL)",
        "import time\ntime.sleep(30)"])
    notebook(nbdir / "b_probe.ipynb", PROBE)
    out = tmp_path / "reports"
    result = run(nbdir, "--out", out, "--date", "2020-01-01", "--jobs", "2")
    assert result.exit_code == 1
    folder = out / "2020-01-01"
    dead = json.loads((folder / "a_kill_worker.json").read_text())
    assert dead["status"] == "failed" and "worker process" in dead["error"]["evalue"]
    assert "did not finish" in (folder / "a_kill_worker.html").read_text()
    assert json.loads((folder / "b_probe.json").read_text())["status"] == "ok"
    assert "1 failed" in (out / "index.html").read_text()


@pytest.mark.slow
def test_no_kernel_is_left_running(nbdir, tmp_path):
    notebook(nbdir / "b_probe.ipynb", PROBE)
    out = tmp_path / "reports"
    assert run(nbdir, "--out", out, "--date", "2020-01-01", "--jobs", "1").exit_code == 0
    pid = details(out / "2020-01-01", "b_probe")["pid"]
    # a kernel forked from the template keeps the template's command line: look at the parent too
    assert not Path(f"/proc/{pid}").exists() or not any(
        name in Path(f"/proc/{pid}/cmdline").read_text() for name in ("ipykernel", "_template_process"))


@pytest.mark.slow
@pytest.mark.parametrize("forked", [False, True], ids=["launched", "forked-from-template"])
def test_warm_and_fresh_kernels_give_the_same_notebook(tmp_path, forked):
    from hatinh_analysis.report.execute import execute_notebook
    from hatinh_analysis.report.kernel_template import KernelTemplate, supported
    from hatinh_analysis.report.kernels import WarmKernel

    if forked and not supported():
        pytest.skip("kernels cannot be forked here")
    tiny = ROOT / "tests" / "fixtures" / "notebooks" / "tiny.ipynb"
    fresh = execute_notebook(tiny, tmp_path / "fresh.ipynb", {"n": 4})  # papermill's own kernel
    template = KernelTemplate().start() if forked else None
    try:
        with WarmKernel(template=template.address if template else None) as kernel:
            kernel.start()
            assert getattr(kernel.km.provisioner, "forked", False) is forked
            execute_notebook(tiny, tmp_path / "first.ipynb", {"n": 2}, kernel=kernel)
            warm = execute_notebook(tiny, tmp_path / "warm.ipynb", {"n": 4}, kernel=kernel)
    finally:
        if template is not None:
            template.close()
    assert fresh.ok and warm.ok

    def strip(path):
        nb = nbformat.read(path, as_version=4)
        return [(c.cell_type, c.source, c.get("execution_count"),
                 [{k: v for k, v in o.items() if k != "metadata"} for o in c.get("outputs", [])])
                for c in nb.cells]

    assert strip(tmp_path / "warm.ipynb") == strip(tmp_path / "fresh.ipynb")


@pytest.mark.slow
def test_a_forked_kernel_behaves_as_a_launched_one_for_user_code(nbdir, tmp_path, monkeypatch):
    """Import-time choices a launched kernel makes (matplotlib's inline backend, tqdm.auto's bar)."""
    from hatinh_analysis.report.kernel_template import supported

    if not supported():
        pytest.skip("kernels cannot be forked here")
    monkeypatch.delenv("MPLBACKEND", raising=False)  # as on a user's machine (CI sets Agg)
    notebook(nbdir / "a_user.ipynb", [
        "import os, matplotlib, tqdm.auto\nprint(matplotlib.get_backend(), os.environ.get('MPLBACKEND'),"
        " tqdm.auto.tqdm.__name__)",
        "import matplotlib.pyplot as plt\nplt.plot([1, 2, 3]);"])  # shown by the inline backend, no show()

    def outputs(template: str):
        monkeypatch.setenv("HATINH_REPORT_KERNEL_TEMPLATE", template)
        out = tmp_path / f"reports-{template}"
        trace = tmp_path / f"trace-{template}.jsonl"
        monkeypatch.setenv("HATINH_REPORT_TRACE", str(trace))
        # --isolated: one worker forks its kernels from a template (when allowed)
        assert run(nbdir, "--out", out, "--date", "2020-01-01", "--jobs", "1", "--isolated").exit_code == 0
        starts = [json.loads(line) for line in trace.read_text().splitlines() if '"kernel-start"' in line]
        assert starts and all(e["forked"] is (template == "1") for e in starts)
        nb = json.loads((out / "2020-01-01" / "a_user.ipynb").read_text())
        return [[(o["output_type"], "".join(o.get("text", "")), sorted(o.get("data", {})))
                 for o in c["outputs"]] for c in nb["cells"] if c["cell_type"] == "code"]

    launched, forked = outputs("0"), outputs("1")
    assert forked == launched
    assert "module://matplotlib_inline.backend_inline" in launched[1][0][1]
    assert ("display_data", "", ["image/png", "text/plain"]) in launched[2]


# ------------------------------------------------------------------ laziness and the thread environment
def test_kernel_env_keeps_user_settings():
    from hatinh_analysis.report.kernels import kernel_env

    env = kernel_env({"PATH": "/bin", "OMP_NUM_THREADS": "4"})
    assert env["OMP_NUM_THREADS"] == "4" and env["OPENBLAS_NUM_THREADS"] == "1" and env["PATH"] == "/bin"


HEAVY = ("nbconvert", "papermill", "matplotlib", "nbclient", "seaborn", "statsmodels")


@pytest.mark.parametrize("argv", [
    ["--help"],
    ["run", "--help"],
    ["batch", "--help"],
    ["list"],
    ["params", "02_target_check"],
    ["run", "02_target_check", "-p", "target_growth", "abc", "--jobs", "2"],
    ["run", "02_target_check", "-p", "level", "80", "--jobs", "2"],
    ["run", "-p", "level", "80"],
    ["batch", "benchmarks/grid_target_growth_5_24.yaml", "--out", "{tmp}/never"],
])
def test_help_and_validation_do_not_import_heavy_libraries(argv, tmp_path):
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    if argv[0] == "batch" and "--help" not in argv:  # a batch that fails validation
        bad = tmp_path / "bad.yaml"
        bad.write_text("notebook: 02_target_check\ngrid:\n  level: [0.8, 80]\n")
        argv[1] = str(bad)
    code = ("import sys\nfrom hatinh_analysis.report.cli import main\n"
            f"try:\n    main({argv!r}, standalone_mode=False)\nexcept SystemExit:\n    pass\n"
            "except Exception as e:\n    print('error', e, file=sys.stderr)\n"
            f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.stdout.strip().splitlines()[-1] == "[]", proc.stdout + proc.stderr


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_publishes_nothing_and_leaves_no_process(nbdir, tmp_path, jobs):
    import signal
    import time

    notebook(nbdir / "a_slow.ipynb", ["import time\ntime.sleep(60)"])
    notebook(nbdir / "b_slow.ipynb", ["import time\ntime.sleep(60)"])
    out = tmp_path / "reports"
    (out / "2020-01-01").mkdir(parents=True)
    (out / "2020-01-01" / "x.html").write_text("earlier")
    trace = tmp_path / "trace.jsonl"
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "hatinh-report"), "--notebooks-dir", str(nbdir), "run", "--out", str(out),
         "--date", "2020-01-01", "--jobs", jobs, "--no-progress"],
        start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "HATINH_REPORT_TRACE": str(trace)},
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    while not any(p.name.startswith(".incomplete-") for p in out.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(2)  # the notebooks are running
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
    output, _ = proc.communicate(timeout=60)
    assert proc.returncode == 130, output
    assert "Interrupted: nothing was published" in output
    assert sorted(p.name for p in out.iterdir()) == ["2020-01-01"]
    assert (out / "2020-01-01" / "x.html").read_text() == "earlier"
    events = [json.loads(line) for line in trace.read_text().splitlines()]
    pids = ({e["pid"] for e in events} | {e["kernel_pid"] for e in events if e.get("kernel_pid")}
            | {e["template_pid"] for e in events if e.get("template_pid")})
    assert any(e["event"] == "kernel-start" for e in events) and len(pids) >= 2
    time.sleep(0.5)
    left = [pid for pid in pids if Path(f"/proc/{pid}").exists()
            and "(Z)" not in Path(f"/proc/{pid}/stat").read_text()]
    assert not left, "processes of the interrupted run are still alive"
