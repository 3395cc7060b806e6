"""Parameter declaration (papermill), parsing, YAML limits and domains (hatinh_analysis.report.params)."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from hatinh_analysis.report.params import (MAX_YAML_BYTES, Parameter, ParameterError, TypeSpec, load_yaml,
                                           notebook_parameters, resolve_parameters, validate_parameters)

CELL = '''
province: str = "ha_tinh"  # province code
target_growth: float = 10.64  # the target, %
target_year: int = 2020  # year of the target
start_year: int | None = None  # first year used
exclude_years: list[int] = []  # years left out
models: Optional[list[str]] = None  # models to use
fast: bool = False  # skip slow parts (1 = yes)
level = 0.8  # the level of the ranges
'''


def write_notebook(path, cell: str):
    nb = {"cells": [{"id": "parameters", "cell_type": "code", "metadata": {"tags": ["parameters"]}, "source": cell,
                     "outputs": [], "execution_count": None}],
          "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
          "nbformat": 4, "nbformat_minor": 5}
    path.write_text(json.dumps(nb))
    return path


def read_cell(tmp_path, cell: str):
    return notebook_parameters(write_notebook(tmp_path / "nb.ipynb", cell), cell)


@pytest.fixture
def declared(tmp_path):
    return read_cell(tmp_path, CELL)


def test_read_by_papermill_types_defaults_help(declared):
    assert list(declared) == ["province", "target_growth", "target_year", "start_year", "exclude_years",
                              "models", "fast", "level"]
    assert str(declared["province"].type) == "str"
    assert str(declared["start_year"].type) == "int | None"  # read with ast: papermill skips `| None`
    assert str(declared["exclude_years"].type) == "list[int]"
    assert str(declared["models"].type) == "list[str] | None"
    assert declared["target_growth"].default == 10.64
    assert declared["target_growth"].help == "the target, %"
    assert declared["fast"].help == "skip slow parts (1 = yes)"  # '=' in the comment: papermill skips it
    assert str(declared["level"].type) == "float"  # unannotated: type from the default
    assert declared["level"].help == "the level of the ranges"


@pytest.mark.parametrize("source, fragment", [
    ("x: int = foo()", "must be a literal"),
    ("x: dict = {}", "unsupported type"),
    ("x = = 1", "not valid Python"),
])
def test_declarations_rejected(tmp_path, source, fragment):
    with pytest.raises(ParameterError, match=fragment):
        read_cell(tmp_path, source)


@pytest.mark.parametrize("name, text, expected", [
    ("target_growth", "12", 12.0),
    ("target_growth", "-3.5", -3.5),
    ("target_year", "2021", 2021),
    ("start_year", "none", None),
    ("start_year", "", None),
    ("start_year", "2012", 2012),
    ("exclude_years", "2017,2018", [2017, 2018]),
    ("exclude_years", "[2017, 2018]", [2017, 2018]),
    ("exclude_years", "2017 2018", [2017, 2018]),
    ("exclude_years", "", []),
    ("exclude_years", "[]", []),
    ("models", "ets,arima", ["ets", "arima"]),
    ("models", "None", None),
    ("fast", "yes", True),
    ("fast", "0", False),
    ("province", "nghe_an", "nghe_an"),
])
def test_parse_by_declared_type(declared, name, text, expected):
    value = declared[name].parse(text)
    assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize("name, text, fragment", [
    ("target_growth", "abc", "expected a number"),
    ("target_growth", "10,64", "use a dot"),
    ("target_growth", "nan", "must be a finite number"),
    ("target_year", "99999999999999999999", "out of range"),
    ("target_year", "2020.5", "whole number"),
    ("target_year", "none", "whole number"),  # not None-able
    ("exclude_years", "2017,x", "item 'x'"),
    ("fast", "maybe", "true or false"),
])
def test_parse_errors_name_the_parameter(declared, name, text, fragment):
    with pytest.raises(ParameterError, match=fragment) as info:
        declared[name].parse(text)
    assert info.value.name == name
    assert name in str(info.value)


def test_yaml_values_are_checked_against_the_type(declared):
    assert declared["target_growth"].coerce(12) == 12.0
    assert declared["exclude_years"].coerce([2017]) == [2017]
    assert declared["exclude_years"].coerce(2017) == [2017]
    assert declared["province"].coerce(dt.date(2019, 12, 25)) == "2019-12-25"
    for name, value in [("target_year", True), ("target_year", 2020.5), ("fast", 1), ("province", [1]),
                        ("exclude_years", {"a": 1})]:
        with pytest.raises(ParameterError):
            declared[name].coerce(value)


def test_resolve_unknown_name_suggests_closest(declared):
    with pytest.raises(ParameterError, match=r"unknown parameter 'target_grwoth' \(did you mean 'target_growth'\?\)"):
        resolve_parameters(declared, [("target_grwoth", "12")])


def test_resolve_reports_every_problem_and_cli_wins(declared):
    with pytest.raises(ParameterError) as info:
        resolve_parameters(declared, [("target_growth", "abc"), ("target_year", "x")])
    assert [n for n, _ in info.value.problems] == ["target_growth", "target_year"]
    out = resolve_parameters(declared, [("target_growth", "12")], {"target_growth": 11, "fast": True})
    assert out == {"target_growth": 12.0, "fast": True}


def test_typespec_optional_forms():
    for src in ("int | None", "None | int", "Optional[int]"):
        assert TypeSpec.parse_annotation(src) == TypeSpec("int", None, True)
    assert Parameter("x", TypeSpec("int", optional=True), None).parse("NULL") is None


# ------------------------------------------------------------------ domain rules (need the data)
DEFAULTS = dict(province="ha_tinh", indicator="iip", target_growth=10.64, target_year=2020, as_of="2019-12-25",
                start_year=None, exclude_years=[], break_years=[], level=0.8, models=None,
                alt_exclude_years=[2017, 2018], alt_break_years=[2017])


def test_defaults_of_the_target_check_are_valid():
    out = validate_parameters(DEFAULTS)
    assert out["as_of"] == "2019-12-25"
    assert out["alt_exclude_years"] == [2017, 2018]


@pytest.mark.parametrize("change, name, fragment", [
    ({"province": "ha_tnh"}, "province", "did you mean 'ha_tinh'"),
    ({"indicator": "ipi"}, "indicator", "did you mean 'iip'"),
    ({"province": "ha_noi", "indicator": "grdp_growth"}, "province", "no 'grdp_growth' series for 'ha_noi'"),
    ({"level": 80}, "level", "did you mean 0.8"),
    ({"level": 1.0}, "level", "between 0.5 and 0.99"),
    ({"level": 0.3}, "level", "between 0.5 and 0.99"),
    ({"target_year": 2026}, "target_year", "more than 5 years after the last figure \\(2019"),
    ({"target_year": 99999999999999999999}, "target_year", "between 1990 and 2100"),
    ({"as_of": "2019-13-45"}, "as_of", "YYYY-MM-DD"),
    ({"as_of": "2005-01-01"}, "as_of", "published on or before"),
    ({"target_year": 2019}, "target_year", "after the last observed year 2019"),
    ({"start_year": 1990}, "start_year", "before the first observed year"),
    ({"exclude_years": [2005]}, "exclude_years", "2005 is outside the series range"),
    ({"break_years": [2008]}, "break_years", "2008 must be after the first year"),
    ({"alt_exclude_years": [2030]}, "alt_exclude_years", "2030"),
    ({"models": ["ets", "arma"]}, "models", "did you mean 'arima'"),
    ({"target_growth": -150.0}, "target_growth", "between -99.9 and 1000"),
])
def test_domain_errors_name_the_parameter(change, name, fragment):
    with pytest.raises(ParameterError, match=fragment) as info:
        validate_parameters({**DEFAULTS, **change})
    assert info.value.name == name


def test_min_train_checked_on_every_series():
    with pytest.raises(ParameterError, match="min_train") as info:
        validate_parameters(province="ha_tinh", national="vietnam", indicator="iip", min_train=20)
    assert len(info.value.problems) == 2
    assert validate_parameters(province="ha_tinh", national="vietnam", indicator="iip", min_train=6)


def test_names_without_rules_pass_untouched():
    assert validate_parameters(n=3, label="x") == {"n": 3, "label": "x"}



def test_a_target_year_five_years_ahead_is_still_allowed():
    assert validate_parameters({**DEFAULTS, "target_year": 2024})["target_year"] == 2024


def test_engine_error_attribute_wins_over_the_step(monkeypatch):
    """An engine error carrying ``param`` is attributed to it (no message parsing)."""
    from hatinh_analysis.models import base

    def prepare(series, target_year=None, exclude_years=(), break_years=(), start_year=None):
        if target_year is not None:
            err = base.ModelError("something about the years")
            err.param = "break_years"
            raise err

    monkeypatch.setattr(base, "prepare", prepare)
    with pytest.raises(ParameterError) as info:
        validate_parameters({**DEFAULTS, "target_year": 2021})
    assert info.value.name == "break_years"


# ------------------------------------------------------------------ YAML files
def test_yaml_alias_bomb_is_refused_quickly(tmp_path):
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n")
    assert path.stat().st_size < 1000
    with pytest.raises(ParameterError, match="expands to more than 100,000 values") as info:
        load_yaml(path, "parameter file", "-f")
    assert len(str(info.value)) < 300 and info.value.name == "-f"


def test_yaml_oversized_and_recursive_files_are_refused(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text("x: " + "1" * MAX_YAML_BYTES + "\n")
    with pytest.raises(ParameterError, match="larger than"):
        load_yaml(big, "parameter file", "-f")
    loop = tmp_path / "loop.yaml"
    loop.write_text("a: &a [*a]\n")
    with pytest.raises(ParameterError, match="expands to more than"):
        load_yaml(loop, "parameter file", "-f")
    ok = tmp_path / "ok.yaml"
    ok.write_text("common: &c {level: 0.9}\nsets: [*c, *c]\n")  # a few aliases are fine
    assert load_yaml(ok, "batch file", "GRID_FILE") == {"common": {"level": 0.9}, "sets": [{"level": 0.9}] * 2}


# ------------------------------------------------------------------ data_file
def test_data_file_relative_path_becomes_absolute(tmp_path, monkeypatch):
    (tmp_path / "mine.csv").write_text(HEADER + "\n" + ROW.format(year="2020", value="5.2") + "\n")
    monkeypatch.chdir(tmp_path)
    out = validate_parameters(data_file="mine.csv")
    assert out["data_file"] == str(tmp_path / "mine.csv")


HEADER = "province,indicator,year,value,value_high,unit,basis,status,published,source_id,quote"
ROW = "ha_tinh,iip,{year},{value},,pct_change,iip,estimate,2020-12-20,mine,my note"


@pytest.mark.parametrize("content, fragments", [
    (HEADER + "\n" + ROW.format(year="2020", value="5.2") + "\n" + ROW.format(year="20x1", value="4"),
     ["mine.csv", "row 3", "'year'"]),
    (HEADER + "\n" + ROW.format(year="2020", value="abc"), ["mine.csv", "row 2", "'value'"]),
])
def test_data_file_errors_name_file_row_and_column(tmp_path, content, fragments):
    (tmp_path / "mine.csv").write_text(content)
    with pytest.raises(ParameterError) as info:
        validate_parameters(data_file=str(tmp_path / "mine.csv"))
    assert info.value.name == "data_file"
    for fragment in fragments:
        assert fragment in str(info.value)


def test_data_file_missing_or_wrong_kind(tmp_path):
    with pytest.raises(ParameterError, match="no file"):
        validate_parameters(data_file=str(tmp_path / "nope.csv"))
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(ParameterError, match="not a table file"):
        validate_parameters(data_file=str(tmp_path / "notes.txt"))
