"""``hatinh-report batch``: the batch file, checking every set first, the summary, failures.

Fast tests cover the file format and every way a batch must stop before anything
is written; tests marked ``slow`` run small batches of the fixture notebooks.
"""
from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import listing, snapshot

from hatinh_analysis.report.batch import (check_batch_spec, expand_sets, headline_numbers, load_batch_file,
                                          plan_batch, varying_names)
from hatinh_analysis.report.cli import main
from hatinh_analysis.report.params import ParameterError

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"
ROOT = Path(__file__).parents[1]


def cli(*args, notebooks_dir=FIXTURES):
    return CliRunner().invoke(main, ["--notebooks-dir", str(notebooks_dir), *map(str, args)],
                              catch_exceptions=False)


def write(tmp_path, text, name="grid.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path



# ------------------------------------------------------------------ the file's shape
@pytest.mark.parametrize("text, fragment", [
    ("- 1\n- 2\n", "must be a mapping"),
    ("grid:\n  n: [1, 2]\n", "missing key 'notebook'"),
    ("notebook: tiny\ngird:\n  n: [1]\n", "unknown key 'gird' (did you mean 'grid'?)"),
    ("notebook: tiny\ngrid:\n  n: 3\n", "grid.n must be a non-empty list of values"),
    ("notebook: tiny\ngrid:\n  n: []\n", "grid.n must be a non-empty list of values"),
    ("notebook: tiny\ngrid: [1, 2]\n", "'grid' must be a non-empty mapping"),
    ("notebook: tiny\nsets: {n: 1}\n", "'sets' must be a non-empty list of mappings"),
    ("notebook: tiny\nsets:\n  - n: 1\n  - 5\n", "sets[2] (set 2 of the list) must be a mapping"),
    ("notebook: tiny\nparameters: [n, 1]\n", "'parameters' must be a mapping"),
    ("notebook: tiny\nparameters: {n: 1}\ngrid:\n  n: [2, 3]\n", "grid.n: 'n' is also in 'parameters'"),
    ("notebook: tiny\nsets:\n  - {label: a}\n  - {n: 4}\ngrid:\n  n: [2, 3]\n", "grid.n: 'n' is also in sets[2]"),
    ("notebook: [a, b]\n", "'notebook' must be a notebook name"),
])
def test_shape_errors_name_the_key(tmp_path, text, fragment):
    with pytest.raises(ParameterError) as err:
        load_batch_file(write(tmp_path, text))
    assert fragment in str(err.value)


def test_not_yaml_and_missing_file(tmp_path):
    with pytest.raises(ParameterError, match="not valid YAML"):
        load_batch_file(write(tmp_path, "notebook: [tiny\n"))
    with pytest.raises(ParameterError, match="cannot read the batch file"):
        load_batch_file(tmp_path / "nope.yaml")


def test_expansion_grid_is_a_product_first_key_slowest():
    spec = check_batch_spec({"notebook": "tiny", "parameters": {"label": "x"},
                             "grid": {"n": [1, 2], "scale": [0.5, 1.0, 2.0]}})
    sets = expand_sets(spec)
    assert len(sets) == 6
    assert [(s["n"], s["scale"]) for s in sets] == [(1, 0.5), (1, 1.0), (1, 2.0), (2, 0.5), (2, 1.0), (2, 2.0)]
    assert all(s["label"] == "x" for s in sets)


def test_expansion_sets_times_grid_and_sets_override_common():
    spec = check_batch_spec({"notebook": "tiny", "parameters": {"label": "common", "n": 3},
                             "sets": [{"label": "a"}, {"n": 5}], "grid": {"scale": [1.0, 2.0]}})
    sets = expand_sets(spec)
    assert sets == [{"label": "a", "n": 3, "scale": 1.0}, {"label": "a", "n": 3, "scale": 2.0},
                    {"label": "common", "n": 5, "scale": 1.0}, {"label": "common", "n": 5, "scale": 2.0}]
    assert varying_names(sets) == ["label", "n", "scale"]


def test_neither_sets_nor_grid_is_one_set():
    assert expand_sets(check_batch_spec({"notebook": "tiny", "parameters": {"n": 2}})) == [{"n": 2}]


def test_the_benchmark_grid_has_20_sets_of_the_target_check():
    plan = plan_batch(ROOT / "benchmarks" / "grid_target_growth_5_24.yaml")
    assert plan.n_sets == 20 and plan.notebook.stem == "02_target_check"
    assert plan.varying == ["target_growth"]
    assert plan.jobs[0].name == "02_target_check-001__target_growth=5"
    assert plan.jobs[-1].overrides["target_growth"] == 24.0
    assert plan.jobs[-1].parameters["as_of"] == "2019-12-25"
    assert len({j.name for j in plan.jobs}) == 20


# ------------------------------------------------------------------ every set checked before any kernel
def test_plan_names_files_and_types_values(tmp_path):
    path = write(tmp_path, "notebook: tiny\nparameters: {label: demo}\n"
                           "grid:\n  n: [2, '3']\n  years: [[], '2017,2018']\n")
    plan = plan_batch(path, notebooks_dir=FIXTURES)
    assert [j.name for j in plan.jobs] == ["tiny-001__n=2_years=empty", "tiny-002__n=2_years=2017,2018",
                                           "tiny-003__n=3_years=empty", "tiny-004__n=3_years=2017,2018"]
    assert plan.jobs[3].overrides == {"label": "demo", "n": 3, "years": [2017, 2018]}
    assert plan.jobs[1].batch == {"set": 2, "n_sets": 4, "varying": {"n": 2, "years": [2017, 2018]}}
    assert plan.common == {"label": "demo"}


@pytest.mark.parametrize("text, fragments", [
    ("notebook: tiny\ngrid:\n  nn: [1, 2]\n", ["grid: unknown parameter 'nn' (did you mean 'n'?)"]),
    ("notebook: tiny\nsets:\n  - {n: 1}\n  - {lable: x}\n", ["sets[2]: unknown parameter 'lable'"]),
    ("notebook: tiny\nparameters:\n  scale: 1,5\ngrid:\n  n: [1, 2]\n",
     ["parameters: scale: expected a number, got '1,5': use a dot"]),
    ("notebook: tiny\ngrid:\n  n: [1, two, 3]\n", ["grid.n: n: expected a whole number, got 'two'"]),
    ("notebook: tiny\nsets:\n  - {n: 1}\n  - {n: 1}\n", ["sets 1 and 2 are identical"]),
    ("notebook: tinny\ngrid:\n  n: [1]\n", ["did you mean 'tiny'"]),
])
def test_bad_sets_exit_2_and_write_nothing(tmp_path, text, fragments):
    out = tmp_path / "reports"
    result = cli("batch", write(tmp_path, text), "--out", out)
    assert result.exit_code == 2, result.output
    for fragment in fragments:
        assert fragment in result.output
    assert not out.exists()


def test_domain_error_names_the_set_number_and_parameter(tmp_path):
    out = tmp_path / "reports"
    path = write(tmp_path, "notebook: 02_target_check\nparameters: {as_of: '2019-12-25'}\n"
                           "grid:\n  target_growth: [8, -150, 12]\n")
    result = CliRunner().invoke(main, ["batch", str(path), "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 2
    assert "set 2 (target_growth=-150): target_growth: must be a growth rate in % between -99.9 and 1000, got -150" in result.output
    # the same message for several sets is given once, with their numbers
    path = write(tmp_path, "notebook: 02_target_check\ngrid:\n  level: [0.8, 80]\n  target_growth: [8, 12]\n"
                           "  start_year: [2008, 1990]\n")
    result = CliRunner().invoke(main, ["batch", str(path), "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 2
    assert re.search(r"sets 5–8: level: must be an interval level .0.8 for 80% intervals. between 0.5 and 0.99.*did you mean 0\.8", result.output)
    assert "sets 2, 4: start_year" in result.output
    assert not out.exists()


def test_rejected_batch_leaves_earlier_reports_untouched(tmp_path, earlier_reports):
    out = earlier_reports
    before = snapshot(out)
    path = write(tmp_path, "notebook: tiny\ngrid:\n  n: [1, x]\n")
    assert cli("batch", path, "--out", out, "--date", "2020-01-01").exit_code == 2
    assert snapshot(out) == before


# ------------------------------------------------------------------ headline numbers
def test_headline_numbers_of_a_target_check():
    result = {"verdict": "conservative", "headline": "h", "details": {
        "verdict": "conservative", "verdict_counts": {"conservative": 2, "consistent": 1},
        "target_growth": 10.0,
        "models": [{"model": "a", "forecast": 20.0, "prob_reach": 0.9, "verdict": "conservative"},
                   {"model": "b", "forecast": 30.0, "prob_reach": 0.95, "verdict": "conservative"},
                   {"model": "c", "forecast": 12.0, "prob_reach": 0.6, "verdict": "consistent"},
                   {"model": "d", "forecast": None, "prob_reach": None, "verdict": None}]}}
    assert headline_numbers(result) == {"models_usable": 3, "models_agreeing": 2, "prob_reach_min": 0.6,
                                        "prob_reach_max": 0.95, "forecast_median": 20.0}


def test_headline_numbers_backtest_given_and_generic():
    backtest = {"details": {"summary": [{"coverage": 0.5, "mae": 3.0, "n_forecasts": 6},
                                        {"coverage": 0.8, "mae": 1.0, "n_forecasts": 6}]}}
    assert headline_numbers(backtest) == {"forecasts": 12, "coverage_min": 0.5, "coverage_max": 0.8,
                                          "mae_median": 2.0}
    assert headline_numbers({"details": {"numbers": {"x": 1.5, "y": "text"}, "z": 3}}) == {"x": 1.5}
    assert headline_numbers({"details": {"n": 3, "years": [1], "ok": True, "w": 2.5}}, exclude=["n"]) == {"w": 2.5}
    assert headline_numbers(None) == {}


# ------------------------------------------------------------------ runs (execute the fixtures)
@pytest.mark.slow
def test_batch_writes_one_folder_with_summary_and_index(tmp_path):
    out = tmp_path / "reports"
    path = write(tmp_path, "notebook: tiny\ntitle: Tiny grid\nparameters: {label: demo}\n"
                           "grid:\n  n: [2, 3, 4]\n")
    result = cli("batch", path, "--out", out, "--date", "2020-01-01", "--no-progress")
    assert result.exit_code == 0, result.output
    run = out / "2020-01-01"
    names = [f"tiny-00{i}__n={n}" for i, n in ((1, 2), (2, 3), (3, 4))]
    assert sorted(p.name for p in run.iterdir()) == sorted(
        [f"{n}.{e}" for n in names for e in ("html", "ipynb", "json")] + ["batch.json", "summary.csv", "summary.html"])
    rows = list(csv.DictReader((run / "summary.csv").open(encoding="utf-8")))
    assert [(r["set"], r["n"], r["status"], r["verdict"], r["html"]) for r in rows] == [
        ("1", "2", "ok", "demo fine", f"{names[0]}.html"), ("2", "3", "ok", "demo fine", f"{names[1]}.html"),
        ("3", "4", "ok", "demo fine", f"{names[2]}.html")]
    side = json.loads((run / f"{names[1]}.json").read_text())
    assert side["notebook"] == "tiny" and side["parameters"]["n"] == 3 and side["parameters"]["label"] == "demo"
    assert side["files"] == {"notebook": f"{names[1]}.ipynb", "html": f"{names[1]}.html"}
    assert side["batch"] == {"set": 2, "n_sets": 3, "varying": {"n": 3}}
    assert side["result"]["details"]["n"] == 3
    record = json.loads((run / "batch.json").read_text())
    assert record["n_sets"] == 3 and record["n_failed"] == 0 and record["varying"] == ["n"]
    assert record["spec"]["grid"] == {"n": [2, 3, 4]} and record["source_file"] == "grid.yaml"
    page = (run / "summary.html").read_text()
    assert "Tiny grid" in page and f'href="{names[2]}.html"' in page and 'href="summary.csv"' in page
    assert "Common parameters: label = demo" in page
    index = (out / "index.html").read_text()
    assert "2020-01-01/summary.html" in index and "2020-01-01 — batch" in index and "Tiny grid" in index
    assert f"{names[0]}.html" not in index  # the index links the summary, not every set
    # each notebook numbers its cells from 1 although the kernel is reused
    for name in names:
        nb = json.loads((run / f"{name}.ipynb").read_text())
        counts = [c["execution_count"] for c in nb["cells"] if c["cell_type"] == "code"]
        assert counts == list(range(1, len(counts) + 1))
    assert not [p for p in out.iterdir() if p.name.startswith(".incomplete")]  # no staging left


@pytest.mark.slow
def test_a_failing_set_does_not_stop_the_others(tmp_path):
    out = tmp_path / "reports"
    path = write(tmp_path, "notebook: tiny\nsets:\n  - {n: 2}\n  - {n: 3, fail: true}\n  - {n: 4}\n")
    result = cli("batch", path, "--out", out, "--date", "2020-01-01", "--jobs", "1", "--no-progress")
    assert result.exit_code == 1
    assert "FAILED" in result.output and "RuntimeError: failing on purpose" in result.output
    run = out / "2020-01-01"
    rows = list(csv.DictReader((run / "summary.csv").open(encoding="utf-8")))
    assert [(r["n"], r["fail"], r["status"]) for r in rows] == [("2", "false", "ok"), ("3", "true", "failed"),
                                                                ("4", "false", "ok")]
    assert rows[1]["error"] == "RuntimeError: failing on purpose"
    failed = json.loads((run / "tiny-002__n=3_fail=true.ipynb").read_text())
    assert any("papermill-error-cell" in "".join(c["source"]) for c in failed["cells"])  # papermill's banner
    assert "This report did not finish" in (run / "tiny-002__n=3_fail=true.html").read_text()
    # the set after the failure ran in a fresh kernel and is complete
    after = json.loads((run / "tiny-003__n=4_fail=false.json").read_text())
    assert after["status"] == "ok" and after["verdict"] == "demo fine"
    assert "1 failed" in (run / "summary.html").read_text()
    assert "1 of 3 failed" in (out / "index.html").read_text()


@pytest.mark.slow
def test_batch_of_the_failing_fixture_in_two_workers_and_date_2(tmp_path):
    out = tmp_path / "reports"
    assert cli("run", "tiny", "--out", out, "--date", "2020-01-01", "--no-progress").exit_code == 0
    before = snapshot(out / "2020-01-01")
    path = write(tmp_path, "notebook: failing\ngrid:\n  x: [1, 2]\n")
    result = cli("batch", path, "--out", out, "--date", "2020-01-01", "--jobs", "2", "--no-progress")
    assert result.exit_code == 1
    assert snapshot(out / "2020-01-01") == before
    record = json.loads((out / "2020-01-01-2" / "batch.json").read_text())
    assert [s["status"] for s in record["sets"]] == ["failed", "failed"]
    assert all(s["error"] == "ValueError: this notebook always fails" for s in record["sets"])
    index = (out / "index.html").read_text()
    assert "2020-01-01-2/summary.html" in index and "2020-01-01/tiny.html" in index
    # --force replaces the folder of that date
    path2 = write(tmp_path, "notebook: tiny\ngrid:\n  n: [2]\n", "one.yaml")
    assert cli("batch", path2, "--out", out, "--date", "2020-01-01", "--force", "--no-progress").exit_code == 0
    assert (out / "2020-01-01" / "batch.json").exists() and not (out / "2020-01-01" / "tiny.html").exists()
    assert listing(out) == ["2020-01-01", "2020-01-01-2", "index.html", "index.vi.html"]


def test_batch_sets_take_a_data_file_relative_to_the_caller(tmp_path, monkeypatch):
    """data_file in a batch: checked before any kernel, passed to the kernel as an absolute path."""
    nb = tmp_path / "figures.ipynb"
    nb.write_text(json.dumps({
        "cells": [{"id": "p", "cell_type": "code", "metadata": {"tags": ["parameters"]}, "outputs": [],
                   "execution_count": None, "source": "data_file: str | None = None  # my figures\n"}],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "nbformat": 4, "nbformat_minor": 5}))
    header = "province,indicator,year,value,value_high,unit,basis,status,published,source_id,quote"
    (tmp_path / "mine.csv").write_text(header + "\nha_tinh,iip,2020,5.2,,pct_change,iip,estimate,2020-12-20,mine,x\n")
    (tmp_path / "bad.csv").write_text(header + "\nha_tinh,iip,2020,abc,,pct_change,iip,estimate,2020-12-20,mine,x\n")
    monkeypatch.chdir(tmp_path)
    plan = plan_batch({"notebook": str(nb), "sets": [{"data_file": "mine.csv"}, {"data_file": None}]})
    assert plan.jobs[0].parameters["data_file"] == str(tmp_path / "mine.csv")
    with pytest.raises(ParameterError, match=r"set 1 .*bad.csv, row 2.*'value'"):
        plan_batch({"notebook": str(nb), "sets": [{"data_file": "bad.csv"}, {"data_file": None}]})
