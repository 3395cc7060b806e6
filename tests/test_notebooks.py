"""The report notebooks: committed clean, declared parameters, and they run (slow)."""
from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import pytest

from hatinh_analysis.report.notebooks import NotebookInfo, list_notebooks
from hatinh_analysis.report.params import validate_parameters
from hatinh_analysis.report.result import read_result

NOTEBOOKS = Path(__file__).parents[1] / "notebooks"
STEMS = ["01_explore_series", "02_target_check", "03_backtest"]
KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}

#: A second parameter set per notebook, exercising other paths than the defaults.
SECOND = {
    "01_explore_series": dict(province="nghe_an", neighbours=["thanh_hoa", "ha_tinh"], as_of="2018-12-31"),
    "02_target_check": dict(target_growth=15.0, target_year=2021, as_of=None, exclude_years=[2017, 2018],
                            alt_exclude_years=[], alt_break_years=[2016], level=0.95,
                            models=["mean_growth", "linear_trend", "ets"]),
    "03_backtest": dict(province="nghe_an", level=0.95, horizon=2),
}


def read(stem):
    return nbformat.read(NOTEBOOKS / f"{stem}.ipynb", as_version=4)


def find_parameters_cell(nb):
    return next((c for c in nb.cells if c.cell_type == "code" and "parameters" in c.metadata.get("tags", [])), None)


def test_the_three_notebooks_are_there():
    assert [nb.stem for nb in list_notebooks(NOTEBOOKS)] == STEMS


@pytest.mark.parametrize("stem", STEMS)
def test_committed_clean(stem):
    nb = read(stem)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"] == KERNELSPEC
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{stem}: outputs committed"
    assert "papermill" not in nb.metadata


@pytest.mark.parametrize("stem", STEMS)
def test_narrative_structure(stem):
    nb = read(stem)
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    assert nb.metadata["hatinh"]["description"]
    first_code = next(c for c in nb.cells if c.cell_type == "code")
    assert find_parameters_cell(nb) is first_code, "the first code cell must be the parameters cell"
    code = [c for c in nb.cells if c.cell_type == "code" and c is not first_code]
    prose = [c for c in nb.cells if c.cell_type == "markdown"]
    assert len(prose) >= len(code) / 2, "notebooks are narrative: prose between the library calls"
    for cell in code:
        tree = ast.parse(cell.source)
        assert not any(isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.For, ast.While)) for n in ast.walk(tree)), \
            f"{stem}: logic belongs in the library, not in a cell:\n{cell.source}"
        assert len(cell.source.splitlines()) <= 8, f"{stem}: cell too long:\n{cell.source}"
    assert "publish(" in code[-1].source, "each notebook ends by publishing its result"


@pytest.mark.parametrize("stem", STEMS)
def test_parameters_are_typed_documented_and_valid(stem):
    nb = read(stem)
    cell = find_parameters_cell(nb)
    tree = ast.parse(cell.source)
    assert all(isinstance(s, ast.AnnAssign) for s in tree.body), "every parameter has a type annotation"
    params = NotebookInfo(NOTEBOOKS / f"{stem}.ipynb").parameters
    assert all(p.help for p in params.values()), "every parameter has a help comment"
    defaults = {n: p.default for n, p in params.items()}
    validate_parameters(defaults)
    validate_parameters({**defaults, **SECOND[stem]})
    assert set(SECOND[stem]) <= set(params)


def _run(stem, parameters, tmp_path):
    import papermill

    papermill.execute_notebook(str(NOTEBOOKS / f"{stem}.ipynb"), str(tmp_path / f"{stem}.ipynb"),
                               parameters=parameters, kernel_name="python3", cwd=str(NOTEBOOKS),
                               progress_bar=False)  # raises PapermillExecutionError on an error
    nb = nbformat.read(tmp_path / f"{stem}.ipynb", as_version=4)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    result = read_result(nb)
    assert result and result["summary"], "the notebook published a result"
    pngs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
            if "image/png" in o.get("data", {})]
    assert pngs and all(o["metadata"]["image/png"]["alt"] for o in pngs), "every figure has alt text"
    return nb, result


@pytest.mark.slow
@pytest.mark.parametrize("stem", STEMS)
def test_runs_with_defaults(stem, tmp_path):
    nb, result = _run(stem, {}, tmp_path)
    if stem == "02_target_check":
        assert result["verdict"] == "plausible"      # calibrated chance 83%, range narrower than the panel's spread
        assert result["details"]["shock_years"] == [2017, 2018, 2019]
        assert result["details"]["cross_check"]["same_basis_assumed"] is True
        assert [s["name"] for s in result["details"]["scenarios"]] == [
            "As specified", "Leaving out 2017–2018", "Break in 2017", "Flagged shocks kept"]
        # the verdict is the first output shown after the title: at the top of the report
        # (a progress bar on stderr may come first; the HTML export drops it)
        first_output = next(o for c in nb.cells if c.cell_type == "code" for o in c.outputs
                            if o.output_type != "stream")
        assert "Verdict: the target is" in first_output["data"]["text/html"]


@pytest.mark.slow
@pytest.mark.parametrize("stem", STEMS)
def test_runs_with_a_second_parameter_set(stem, tmp_path):
    nb, result = _run(stem, SECOND[stem], tmp_path)
    injected = next(c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", []))
    for name in SECOND[stem]:
        assert name in injected.source
    if stem == "01_explore_series":  # prose generated for the province, nothing fixed to Hà Tĩnh
        outputs = [o.get("data", {}) for c in nb.cells if c.cell_type == "code" for o in c.outputs]
        prose = " ".join(str(d.get("text/markdown", "")) for d in outputs) + " ".join(
            str(d.get("text/html", "")) for d in outputs if "hatinh-callout" in str(d.get("text/html", "")))
        assert "Nghệ An" in prose and "Formosa" not in prose and "Hà Tĩnh's" not in prose, prose
        assert "Hà Tĩnh" not in "".join(c.source for c in nb.cells if c.cell_type == "markdown")
    if stem == "02_target_check":
        assert result["details"]["target_year"] == 2021
        assert result["details"]["cross_check"] is None
        assert "no output-value target for 2021" in result["details"]["cross_check_note"]
