"""The ``hatinh-report`` command line and the dated-report pipeline.

Fast tests (no kernel) cover listing, parameter help and every way a run must
stop *before* anything is written. Tests marked ``slow`` execute the tiny
fixture notebooks (tests/fixtures/notebooks) through papermill.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import listing, snapshot

from hatinh_analysis.report.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"
TINY = str(FIXTURES / "tiny.ipynb")
FAILING = str(FIXTURES / "failing.ipynb")


def cli(*args, notebooks_dir=FIXTURES):
    runner = CliRunner()
    return runner.invoke(main, ["--notebooks-dir", str(notebooks_dir), *map(str, args)], catch_exceptions=False)



# ------------------------------------------------------------------ list / params
def test_list_shows_description():
    result = cli("list")
    assert result.exit_code == 0
    assert re.search(r"^tiny\s+A fixture notebook for the report pipeline tests\.$", result.output, re.M)
    assert re.search(r"^failing\s+A fixture notebook that always raises\.$", result.output, re.M)


def test_list_of_the_project_notebooks():
    result = CliRunner().invoke(main, ["list"])
    assert result.exit_code == 0
    for stem in ("01_explore_series", "02_target_check", "03_backtest"):
        assert stem in result.output


def test_params_shows_type_default_help():
    result = cli("params", "tiny")
    assert result.exit_code == 0
    assert "n: int = 3" in result.output
    assert "number of points" in result.output
    assert "scale: float | None = None" in result.output
    assert "years: list[int] = []" in result.output


@pytest.mark.parametrize("ref", ["02_target_check", "02_target_check.ipynb", "notebooks/02_target_check.ipynb"])
def test_params_accepts_stem_file_name_or_path(ref, monkeypatch):
    monkeypatch.chdir(Path(__file__).parents[1])
    result = CliRunner().invoke(main, ["params", ref])
    assert result.exit_code == 0, result.output
    assert "target_growth: float = 10.64" in result.output
    assert "as_of: str | None = '2019-12-25'" in result.output


def test_params_unknown_notebook_exits_2_with_suggestion():
    result = cli("params", "tinny")
    assert result.exit_code == 2
    assert "did you mean 'tiny'" in result.output


# ------------------------------------------------------------------ fail fast, write nothing
@pytest.mark.parametrize("args, fragment", [
    (["tiny", "-p", "n", "abc"], "n: expected a whole number, got 'abc'"),
    (["tiny", "-p", "nn", "3"], "did you mean 'n'"),
    (["tiny", "-p", "scale", "1,5"], "use a dot as decimal separator"),
    (["tiny", "-p", "years", "2017,abc"], "item 'abc'"),
    (["tiny", "-p", "fail", "perhaps"], "true or false"),
    (["tiny", "--date", "2020-02-30"], "--date must be a calendar date"),
    (["tinny"], "did you mean 'tiny'"),
    (["tiny", "--jobs", "0"], "0"),
])
def test_bad_input_exits_2_and_writes_nothing(tmp_path, args, fragment):
    out = tmp_path / "reports"
    result = cli("run", *args, "--out", out)
    assert result.exit_code == 2
    assert fragment in result.output
    assert not out.exists()


@pytest.mark.parametrize("params, fragment", [
    (["-p", "target_growth", "abc"], "target_growth: expected a number, got 'abc'"),
    (["-p", "level", "80"], "did you mean 0.8"),
    (["-p", "province", "ha_tnh"], "did you mean 'ha_tinh'"),
    (["-p", "indicator", "ipi"], "did you mean 'iip'"),
    (["-p", "target_year", "2019"], "after the last observed year 2019"),
    (["-p", "start_year", "1990"], "before the first observed year"),
    (["-p", "exclude_years", "2005"], "2005 is outside the series range"),
    (["-p", "models", "ets,arma"], "did you mean 'arima'"),
    (["-p", "as_of", "25/12/2019"], "as_of: must be a date"),
    (["-p", "target_grwoth", "12"], "did you mean 'target_growth'"),
])
def test_domain_errors_on_the_real_notebook_exit_2(tmp_path, params, fragment):
    out = tmp_path / "reports"
    result = CliRunner().invoke(main, ["run", "02_target_check", *params, "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert fragment in result.output
    assert not out.exists()


@pytest.mark.parametrize("params, fragment", [
    (["-p", "level", "0.9"], "level: must be an interval level the scoreboard scores: one of 0.5, 0.8, 0.95, got 0.9"),
    (["-p", "horizon", "3"], "horizon: must be a number of years ahead the scoreboard scores: one of 1, 2, got 3"),
])
def test_notebook_03_level_and_horizon_are_checked_before_any_kernel(tmp_path, params, fragment):
    """Issue 18: notebook 03 declares its own domains (hatinh_analysis.parameters.NOTEBOOK_PARAMETERS);
    `-p level 0.9` used to pass the runner's check and fail in the kernel with exit 1."""
    out = tmp_path / "reports"
    result = CliRunner().invoke(main, ["run", "03_backtest", *params, "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert fragment in result.output
    assert not out.exists()


def test_existing_reports_untouched_by_a_rejected_run(tmp_path, earlier_reports):
    out = earlier_reports
    before = snapshot(out)
    assert cli("run", "tiny", "-p", "n", "x", "--out", out).exit_code == 2
    assert snapshot(out) == before


def test_params_file_errors(tmp_path):
    bad = tmp_path / "p.yaml"
    bad.write_text("n: [1, 2\n")
    result = cli("run", "tiny", "-f", bad, "--out", tmp_path / "r")
    assert result.exit_code == 2 and "not valid YAML" in result.output
    bad.write_text("- 1\n- 2\n")
    assert "name: value" in cli("run", "tiny", "-f", bad, "--out", tmp_path / "r").output
    bad.write_text("tiny:\n  nn: 3\n")
    result = cli("run", "tiny", "-f", bad, "--out", tmp_path / "r")
    assert result.exit_code == 2 and "unknown parameter 'nn' for tiny" in result.output
    bad.write_text("n: three\n")
    assert "expected a whole number" in cli("run", "tiny", "-f", bad, "--out", tmp_path / "r").output
    assert not (tmp_path / "r").exists()


def test_plan_applies_shared_names_only_where_declared(tmp_path):
    from hatinh_analysis.report.pipeline import plan_run

    f = tmp_path / "p.yaml"
    f.write_text("x: 5\ntiny:\n  n: 7\n")
    jobs = plan_run([TINY, FAILING], [("label", "hello")], f)
    tiny, failing = jobs
    assert tiny.overrides == {"n": 7, "label": "hello"}
    assert tiny.parameters["scale"] is None
    assert failing.overrides == {"x": 5}


# ------------------------------------------------------------------ runs (execute the fixtures)
@pytest.mark.slow
def test_run_writes_dated_report_with_sidecar_and_index(tmp_path):
    out = tmp_path / "reports"
    result = cli("run", "tiny", "-p", "years", "2017,2018", "-p", "label", "demo chart", "--out", out,
                 "--date", "2020-01-01")
    assert result.exit_code == 0, result.output
    run = out / "2020-01-01"
    assert sorted(p.name for p in run.iterdir()) == ["tiny.html", "tiny.ipynb", "tiny.json"]
    side = json.loads((run / "tiny.json").read_text())
    assert side["status"] == "ok"
    assert side["parameters"] == {"n": 3, "label": "demo chart", "scale": None, "years": [2017, 2018], "fail": False}
    assert side["overrides"] == {"years": [2017, 2018], "label": "demo chart"}
    assert side["verdict"] == "demo chart fine"
    assert side["summary"] == "Tiny report with 3 points."
    assert side["result"]["details"] == {"n": 3, "years": [2017, 2018]}
    assert side["package"]["version"]
    assert re.fullmatch(r"[0-9a-f]{12}", side["data_fingerprint"])
    assert set(side["timings"]) == {"execute_seconds", "export_html_seconds", "total_seconds"}
    assert side["report_date"] == "2020-01-01"
    page = (run / "tiny.html").read_text()
    assert "jp-InputArea-editor" not in page.split("</style>")[-1]  # no code cell input in the body
    assert '<span class="n">show</span>' not in page
    assert 'alt="Line chart of 3 points labelled demo chart"' in page
    assert re.search(r"<img[^>]+src=\"data:image/png;base64,", page)
    assert not re.search(r"<script[^>]+src=", page) and not re.search(r"<link[^>]+href=\"http", page)
    assert "application/vnd.hatinh.result+json" not in page
    index = (out / "index.html").read_text()
    assert "2020-01-01/tiny.html" in index and "demo chart fine" in index
    nb = json.loads((run / "tiny.ipynb").read_text())
    assert nb["metadata"]["papermill"]["output_path"] == "tiny.ipynb"  # no staging path leaks


@pytest.mark.slow
def test_second_run_same_date_goes_to_date_2_and_force_replaces(tmp_path):
    out = tmp_path / "reports"
    assert cli("run", "tiny", "--out", out, "--date", "2020-01-01", "--no-progress").exit_code == 0
    first = snapshot(out / "2020-01-01")
    assert cli("run", "tiny", "-p", "n", "4", "--out", out, "--date", "2020-01-01").exit_code == 0
    assert snapshot(out / "2020-01-01") == first
    assert json.loads((out / "2020-01-01-2" / "tiny.json").read_text())["parameters"]["n"] == 4
    index = (out / "index.html").read_text()
    assert index.index("2020-01-01-2") < index.index('id="run-2020-01-01"')  # newest first
    assert cli("run", "tiny", "-p", "n", "5", "--out", out, "--date", "2020-01-01", "--force").exit_code == 0
    assert json.loads((out / "2020-01-01" / "tiny.json").read_text())["parameters"]["n"] == 5
    assert listing(out) == ["2020-01-01", "2020-01-01-2", "index.html", "index.vi.html"]


@pytest.mark.slow
def test_failing_run_keeps_earlier_report_and_is_marked_failed(tmp_path):
    out = tmp_path / "reports"
    assert cli("run", "tiny", "--out", out, "--date", "2020-01-01").exit_code == 0
    before = snapshot(out / "2020-01-01")
    result = cli("run", "failing", "--out", out, "--date", "2020-01-01")
    assert result.exit_code == 1
    assert "FAILED" in result.output and "this notebook always fails" in result.output
    assert snapshot(out / "2020-01-01") == before  # byte-identical
    failed = out / "2020-01-01-2"
    nb = json.loads((failed / "failing.ipynb").read_text())
    assert any("papermill-error-cell" in "".join(c["source"]) for c in nb["cells"])  # papermill's banner
    side = json.loads((failed / "failing.json").read_text())
    assert side["status"] == "failed" and side["error"]["ename"] == "ValueError"
    page = (failed / "failing.html").read_text()
    assert "This report did not finish" in page and "this notebook always fails" in page
    index = (out / "index.html").read_text()
    assert 'id="run-2020-01-01-2"' in index and "status-failed" in index.split('id="run-2020-01-01-2"')[1]
    assert not [p for p in out.iterdir() if p.name.startswith(".incomplete")]  # no staging left


@pytest.mark.slow
def test_interrupted_run_publishes_nothing(tmp_path, monkeypatch):
    from hatinh_analysis.report import pipeline

    out = tmp_path / "reports"
    assert cli("run", "tiny", "--out", out, "--date", "2020-01-01").exit_code == 0
    before = snapshot(out)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "run_job", interrupted)
    result = cli("run", "tiny", "--out", out, "--date", "2020-01-01")
    assert result.exit_code == 130
    assert snapshot(out) == before
    assert listing(out) == ["2020-01-01", "index.html", "index.vi.html"]


@pytest.mark.slow
def test_with_code_and_parallel_jobs(tmp_path):
    out = tmp_path / "reports"
    result = cli("run", TINY, FAILING, "--jobs", "2", "--with-code", "--out", out, "--date", "2020-01-01")
    assert result.exit_code == 1  # the failing fixture
    run = out / "2020-01-01"
    assert sorted(p.name for p in run.iterdir()) == sorted(
        f"{s}.{e}" for s in ("tiny", "failing") for e in ("html", "ipynb", "json"))
    page = (run / "tiny.html").read_text()
    assert 'class="jp-CodeMirrorEditor jp-Editor jp-InputArea-editor"' in page
    assert '<span class="n">show</span>' in page  # highlighted code
    assert json.loads((run / "tiny.json").read_text())["status"] == "ok"


def test_index_tolerates_broken_sidecars(tmp_path):
    from hatinh_analysis.report.index import write_index

    run = tmp_path / "2020-01-01"
    run.mkdir()
    (run / "a.json").write_text("{not json")
    (run / "a.html").write_text("<html></html>")
    (tmp_path / ".incomplete-2020-01-02-x").mkdir()
    (tmp_path / "notes").mkdir()
    page = write_index(tmp_path).read_text()
    assert "2020-01-01/a.html" in page and "No readable record" in page
    assert "incomplete" not in page and "notes" not in page
