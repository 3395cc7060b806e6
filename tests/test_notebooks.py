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
STEMS = ["01_explore_series", "02_target_check", "03_backtest", "04_in_year_tracker"]
KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}

#: A second parameter set per notebook, exercising other paths than the defaults.
SECOND = {
    "01_explore_series": dict(province="nghe_an", neighbours=["thanh_hoa", "ha_tinh"], as_of="2018-12-31"),
    "02_target_check": dict(target_growth=15.0, target_year=2021, as_of=None, exclude_years=[2017, 2018],
                            alt_exclude_years=[], alt_break_years=[2016], level=0.95,
                            models=["mean_growth", "linear_trend", "ets"]),
    "03_backtest": dict(province="nghe_an", level=0.95, horizon=2),
    "04_in_year_tracker": dict(industry="C", year=2018, month=9, level=0.95),
}


def read(stem):
    return nbformat.read(NOTEBOOKS / f"{stem}.ipynb", as_version=4)


def find_parameters_cell(nb):
    return next((c for c in nb.cells if c.cell_type == "code" and "parameters" in c.metadata.get("tags", [])), None)


def test_the_notebooks_are_there():
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
        assert result["details"]["verdict"] == "plausible" and result["verdict"] == "within reach"
        assert result["details"]["shock_years"] == [2017, 2018, 2019]
        assert result["details"]["cross_check"]["same_basis_assumed"] is True
        assert [s["name"] for s in result["details"]["scenarios"]] == [
            "As specified", "Leaving out 2017–2018 (2019 back in)", "Break in 2017", "Flagged shocks kept"]
        # the verdict is the first output shown after the title: at the top of the report
        # (a progress bar on stderr may come first; the HTML export drops it)
        first_output = next(o for c in nb.cells if c.cell_type == "code" for o in c.outputs
                            if o.output_type != "stream")
        assert "Verdict: within reach" in first_output["data"]["text/html"]


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


# --------------------------------------------------------------------------- Vietnamese twins (issue 12)
TWINS = NOTEBOOKS / "vi"


def test_twins_are_what_the_sync_command_writes():
    """notebooks/vi/ holds exactly what `make notebooks-vi` would write now: a changed code cell,
    paragraph or translation without re-running it fails here (so code cannot drift)."""
    from hatinh_analysis.prose import sync_twins

    assert sync_twins(NOTEBOOKS, "vi", check=True) == [], "run `make notebooks-vi` and commit notebooks/vi/"
    assert sorted(p.name for p in TWINS.glob("*.ipynb")) == [f"{s}.ipynb" for s in STEMS]


@pytest.mark.parametrize("stem", STEMS)
def test_every_parameter_help_is_in_the_catalogue(stem):
    """A twin shows each parameter's help comment in Vietnamese: every comment is a msgid of
    prose.PARAMETER_HELP (derived from hatinh_analysis.parameters.NOTEBOOK_PARAMETERS: declare a new
    parameter there, then `python -m hatinh_analysis.prose sync` and docs/I18N.md steps 1-4).
    The parameters cell itself is the declaration's (parameters_cell)."""
    from hatinh_analysis.parameters import parameters_cell

    assert find_parameters_cell(read(stem)).source == parameters_cell(stem)
    from hatinh_analysis.prose import PARAMETER_HELP, parameter_comments

    comments = parameter_comments(find_parameters_cell(read(stem)).source)
    assert comments and [c for c in comments if c not in PARAMETER_HELP] == []


def test_the_runner_does_not_list_the_twins():
    assert all(nb.path.parent == NOTEBOOKS.resolve() for nb in list_notebooks(NOTEBOOKS))


@pytest.mark.parametrize("stem", STEMS)
def test_twin_is_the_notebook_in_vietnamese(stem, tmp_path):
    from hatinh_analysis.i18n import gettext
    from hatinh_analysis.prose import prose_text, sync_twins

    twin, nb = nbformat.read(TWINS / f"{stem}.ipynb", as_version=4), read(stem)
    nbformat.validate(twin)
    assert twin.metadata["kernelspec"] == KERNELSPEC and twin.metadata["hatinh"]["lang"] == "vi"
    assert twin.metadata["hatinh"]["generated_from"] == f"../{stem}.ipynb"
    assert all(c.outputs == [] and c.execution_count is None for c in twin.cells if c.cell_type == "code")
    assert [c.cell_type for c in twin.cells] == [c.cell_type for c in nb.cells]
    for t, c in zip(twin.cells, nb.cells):
        if c.cell_type == "markdown":
            assert t.source == prose_text(c.metadata["hatinh"]["prose"], "vi") != c.source
        elif find_parameters_cell(nb) is c:   # the default language and the help comments differ
            assert "parameters" in t.metadata["tags"]
            assert ast.dump(ast.parse(t.source)) == ast.dump(ast.parse(
                c.source.replace('lang: str = "en"', 'lang: str = "vi"')))
            twin_params, params = (NotebookInfo(TWINS / f"{stem}.ipynb").parameters,
                                   NotebookInfo(NOTEBOOKS / f"{stem}.ipynb").parameters)
            assert list(twin_params) == list(params) and twin_params["lang"].default == "vi"
            assert all(twin_params[n].help == gettext(params[n].help, "vi") != params[n].help for n in params)
        else:
            assert t.source == c.source
    # the check notices an edited twin, and the sync command repairs it
    folder = tmp_path / "notebooks"
    (folder / "vi").mkdir(parents=True)
    (folder / f"{stem}.ipynb").write_bytes((NOTEBOOKS / f"{stem}.ipynb").read_bytes())
    edited = (TWINS / f"{stem}.ipynb").read_text(encoding="utf-8").replace("import hatinh_analysis as ha",
                                                                          "import hatinh_analysis as hx")
    (folder / "vi" / f"{stem}.ipynb").write_text(edited, encoding="utf-8")
    (folder / "vi" / "99_gone.ipynb").write_text("{}", encoding="utf-8")
    assert sorted(p.name for p in sync_twins(folder, check=True)) == [f"{stem}.ipynb", "99_gone.ipynb"]
    assert len(sync_twins(folder)) == 2 and sync_twins(folder, check=True) == []
    assert (folder / "vi" / f"{stem}.ipynb").read_bytes() == (TWINS / f"{stem}.ipynb").read_bytes()


@pytest.mark.slow
@pytest.mark.parametrize("stem", STEMS)
def test_twin_runs_in_vietnamese_as_it_is(stem, tmp_path):
    """What an economist gets by opening notebooks/vi/<stem>.ipynb and running all cells."""
    import papermill

    papermill.execute_notebook(str(TWINS / f"{stem}.ipynb"), str(tmp_path / f"{stem}.ipynb"), parameters={},
                               kernel_name="python3", cwd=str(TWINS), progress_bar=False)
    nb = nbformat.read(tmp_path / f"{stem}.ipynb", as_version=4)
    assert not [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    result = read_result(nb)
    expected = {"01_explore_series": ("headline", "Tổng quan số liệu"), "02_target_check": ("verdict", "có thể đạt"),
                "03_backtest": ("verdict", "các khoảng đã hiệu chuẩn quá hẹp"),
                "04_in_year_tracker": ("verdict", "có thể đạt")}[stem]
    assert result[expected[0]] == expected[1]
    alts = [o["metadata"]["image/png"]["alt"] for c in nb.cells if c.cell_type == "code" for o in c.outputs
            if "image/png" in o.get("data", {})]
    assert alts and all(any(ch in a for ch in "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ") for a in alts)
