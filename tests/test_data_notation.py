"""Numbers as written in Vietnam (issue 19, item 5): thousands never read as decimals, ambiguity refused."""
import pytest

from hatinh_analysis import DataError, read_table
from hatinh_analysis.data.build import main as data_main

HEADER = "province,indicator,year,value,value_high,unit,basis,status,published,source_id,quote"


def row(value, *, province="ha_tinh", indicator="industrial_output", year=2019, unit="bn_vnd",
        basis="comparable_unstated"):
    return f'{province},{indicator},{year},"{value}",,{unit},{basis},estimate,{year}-12-25,seed,q'


def write(tmp_path, *rows):
    p = tmp_path / "mine.csv"
    p.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return p


def test_vietnamese_table_reads_thousands_and_decimal_commas(tmp_path):
    p = write(tmp_path, row("75.800", year=2019), row("84.142", year=2020),
              row("10,64", indicator="iip", unit="pct_change", basis="iip", year=2020))
    t = read_table(p)
    assert t["value"].tolist() == [75800.0, 84142.0, 10.64]
    assert t.attrs["number_format"] == "vi" and "row 4" in t.attrs["number_format_reason"]


@pytest.mark.parametrize("rows, fragments", [
    # 75.800 alone, or beside decimal points: 75.8 or 75 800? refused, naming row and column
    ([row("75.800")], ["row 2", "column 'value'", "'75.800' is ambiguous", "75800"]),
    ([row("1108.95", year=2018), row("75.800")], ["row 3", "column 'value'", "ambiguous"]),
    # 1,234 in a Vietnamese table (10,64 elsewhere): 1.234 or 1 234? refused
    ([row("10,64", indicator="iip", unit="pct_change", basis="iip", year=2018), row("1,234")],
     ["row 3", "column 'value'", "'1,234' is ambiguous"]),
    # both decimal marks in one table
    ([row("10,64", indicator="iip", unit="pct_change", basis="iip", year=2018), row("1108.95")],
     ["written two ways", "'10,64'", "'1108.95'", "row 3"]),
])
def test_ambiguous_numbers_are_refused_never_guessed(tmp_path, rows, fragments):
    with pytest.raises(DataError) as info:
        read_table(write(tmp_path, *rows))
    for f in fragments:
        assert f in str(info.value), str(info.value)


def test_explicit_vietnamese_format_refuses_a_comma_thousand(tmp_path):
    with pytest.raises(DataError, match="'1,234' is ambiguous"):
        read_table(write(tmp_path, row("1,234")), number_format="vi")
    assert read_table(write(tmp_path, row("75.800")), number_format="vi")["value"][0] == 75800.0


def test_province_written_as_a_vietnamese_name(tmp_path):
    t = read_table(write(tmp_path, row("1108.95", province="Hà Tĩnh"), row("2.5", province="Nghe An",
                                                                             indicator="iip", unit="pct_change",
                                                                             basis="iip")))
    assert t["province"].tolist() == ["ha_tinh", "nghe_an"]


def test_check_figures_says_which_notation_it_assumed(tmp_path, capsys):
    p = write(tmp_path, row("75.800"), row("10,64", indicator="iip", unit="pct_change", basis="iip"))
    assert data_main(["check-figures", str(p)]) == 0
    out = capsys.readouterr().out
    assert "Vietnamese notation" in out and "'10,64'" in out
    p = write(tmp_path, row("75.800"))
    assert data_main(["check-figures", str(p)]) == 2
    assert "ambiguous" in capsys.readouterr().err


# ------------------------------------------------------------------ one figure typed twice (item 6)
def test_one_figure_with_two_values_is_refused_naming_both_rows(tmp_path):
    from hatinh_analysis.data.tables import read_user_figures

    p = write(tmp_path, row("1108.95"), row("2.5", indicator="iip", unit="pct_change", basis="iip"),
              row("1200.5"))
    with pytest.raises(DataError) as info:
        read_user_figures(p)
    msg = str(info.value)
    assert "two values for one figure" in msg and "mine.csv, row 2" in msg and "mine.csv, row 4" in msg
    assert data_main(["check-figures", str(p)]) == 2


def test_duplicates_exit_2_before_any_kernel(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from hatinh_analysis.report import execute
    from hatinh_analysis.report.cli import main

    def refuse(*args, **kwargs):
        raise AssertionError("a kernel was started")

    monkeypatch.setattr(execute.Kernels, "__init__", refuse)
    p = write(tmp_path, row("5.5", indicator="iip", unit="pct_change", basis="iip"),
              row("6.5", indicator="iip", unit="pct_change", basis="iip"))
    result = CliRunner().invoke(main, ["run", "02_target_check", "--out", str(tmp_path / "r"),
                                       "-p", "data_file", str(p)])
    assert result.exit_code == 2, result.output
    assert "two values for one figure" in result.output and not (tmp_path / "r").exists()
