"""Limits on what a user can hand the package (issue 19, item 7): each refused with a clear message."""
import pytest
from click.testing import CliRunner

from hatinh_analysis import DataError
from hatinh_analysis.data import tables
from hatinh_analysis.data.tables import read_user_figures

HEADER = "province,indicator,year,value,value_high,unit,basis,status,published,source_id,quote"
ROW = 'ha_tinh,iip,2019,30.74,,pct_change,iip,estimate,2019-12-25,seed,"{quote}"'


@pytest.mark.parametrize("n, fragment", [(50_000, "a cell of 50,000 characters"),
                                         (200_000, "a cell of more than 131,072 characters")])
def test_a_cell_too_long_is_refused_with_its_row(tmp_path, n, fragment):
    p = tmp_path / "mine.csv"
    p.write_text(HEADER + "\n" + ROW.format(quote="x" * n) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        read_user_figures(p)
    assert "row 2" in str(info.value) and fragment in str(info.value), str(info.value)


def test_a_file_above_the_size_limit_is_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(tables, "MAX_TABLE_BYTES", 1000)
    monkeypatch.setattr(tables.check_size, "__defaults__", (1000,))
    p = tmp_path / "big.csv"
    p.write_text(HEADER + "\n" + "\n".join(ROW.format(quote=f"q{i}") for i in range(30)) + "\n")
    with pytest.raises(DataError, match="more than a table of figures"):
        read_user_figures(p)


@pytest.mark.parametrize("value", ["nan", "inf", "-inf"])
def test_non_finite_target_says_so(value):
    from hatinh_analysis.report.params import ParameterError
    from hatinh_analysis.report.pipeline import plan_run

    with pytest.raises(ParameterError, match=f"target_growth: must be a finite number, got '{value}'"):
        plan_run(["02_target_check"], [("target_growth", value)])


def test_a_huge_batch_is_refused_unless_raised(tmp_path):
    from hatinh_analysis.report.cli import main

    grid = tmp_path / "grid.yaml"
    grid.write_text("notebook: 02_target_check\ngrid:\n  target_growth: [" + ", ".join(str(x) for x in range(300))
                    + "]\n  level: [0.5, 0.8]\n")
    result = CliRunner().invoke(main, ["batch", str(grid), "--out", str(tmp_path / "r")])
    assert result.exit_code == 2 and "600 sets, more than 500" in result.output, result.output
    from hatinh_analysis.report.batch import plan_batch

    assert plan_batch(grid, max_sets=600).n_sets == 600


def test_accept_changes_of_a_file_that_does_not_exist_is_refused(tmp_path, capsys):
    import shutil

    from hatinh_analysis.data.build import main as data_main
    from hatinh_analysis.data.store import data_dir

    d = tmp_path / "data"
    shutil.copytree(data_dir() / "raw", d / "raw")
    assert data_main(["build", "--data-dir", str(d), "--out-dir", str(tmp_path / "o"),
                      "--accept-changes", "no/such/file"]) == 2
    assert "neither a file" in capsys.readouterr().err
