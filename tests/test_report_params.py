"""Parameter declaration, parsing and validation (hatinh_analysis.report.params) — no kernels."""
from __future__ import annotations

import datetime as dt

import pytest

from hatinh_analysis.report.params import (Parameter, ParameterError, TypeSpec, parse_parameters_cell,
                                           resolve_parameters, validate_parameters)

CELL = '''
province: str = "ha_tinh"  # province code
target_growth: float = 10.64  # the target, %
target_year: int = 2020  # year of the target
start_year: int | None = None  # first year used
exclude_years: list[int] = []  # years left out
models: list[str] | None = None  # models to use
fast: bool = False  # skip slow parts
# the level of the ranges
level = 0.8
import os  # not a parameter
'''


@pytest.fixture
def declared():
    return {p.name: p for p in parse_parameters_cell(CELL)}


def test_parse_cell_types_defaults_help(declared):
    assert list(declared) == ["province", "target_growth", "target_year", "start_year", "exclude_years",
                              "models", "fast", "level"]
    assert str(declared["province"].type) == "str"
    assert str(declared["start_year"].type) == "int | None"
    assert str(declared["exclude_years"].type) == "list[int]"
    assert str(declared["models"].type) == "list[str] | None"
    assert declared["target_growth"].default == 10.64
    assert declared["target_growth"].help == "the target, %"
    # unannotated: type from the default, help from the comment line above
    assert str(declared["level"].type) == "float"
    assert declared["level"].help == "the level of the ranges"


@pytest.mark.parametrize("source, fragment", [
    ("x: int = foo()", "must be a literal"),
    ("x: dict = {}", "unsupported type annotation"),
    ("x: int", "no default"),
    ("x = = 1", "not valid Python"),
])
def test_parse_cell_rejects(source, fragment):
    with pytest.raises(ParameterError, match=fragment):
        parse_parameters_cell(source)


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
    ("target_growth", "nan", "finite"),
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
    import ast

    for src in ("int | None", "None | int", "Optional[int]"):
        t = TypeSpec.from_annotation(ast.parse(src, mode="eval").body, "test")
        assert t == TypeSpec("int", None, True)
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
    ({"level": 1.0}, "level", "strictly between 0 and 1"),
    ({"as_of": "2019-13-45"}, "as_of", "YYYY-MM-DD"),
    ({"as_of": "2005-01-01"}, "as_of", "published on or before"),
    ({"target_year": 2019}, "target_year", "after the last observed year 2019"),
    ({"start_year": 1990}, "start_year", "before the first observed year"),
    ({"exclude_years": [2005]}, "exclude_years", "2005 is outside the series range"),
    ({"break_years": [2008]}, "break_years", "2008 must be after the first year"),
    ({"alt_exclude_years": [2030]}, "alt_exclude_years", "2030"),
    ({"models": ["ets", "arma"]}, "models", "did you mean 'arima'"),
    ({"target_growth": -150.0}, "target_growth", "above -100"),
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
