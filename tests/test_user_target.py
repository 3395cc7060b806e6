"""This year's target from the user's own file, in one command (issue 19, item 1)."""
import pytest

from hatinh_analysis.i18n import say

from hatinh_analysis.parameters import left_out_by_as_of, target_from_data_file

HEADER = "province,indicator,year,value,value_high,unit,basis,status,published,source_id,quote"
#: A template filled to 2025 as a user might (test input, not data): IIP estimates and the 2026 plan.
ROWS = [f'Hà Tĩnh,iip,{y},{v},,index_prev_year=100,iip,estimate,{y}-12-20,so_ct_{y},"IIP {v}"'
        for y, v in [(2020, 104.1), (2021, 109.0), (2022, 111.2), (2023, 106.3), (2024, 108.8), (2025, 110.4)]] \
    + ['Hà Tĩnh,iip,2026,112,,index_prev_year=100,iip,target,2025-12-20,nq_2026,"kế hoạch IIP tăng 12%"',
       'ha_tinh,grdp_growth,2025,8.5,,pct_change,,target,2024-12-20,nq_2025,"GRDP tăng 8,5%"']
DECLARED = ("province", "indicator", "target_growth", "target_year", "as_of", "data_file")


@pytest.fixture
def my_figures(tmp_path):
    p = tmp_path / "my_figures.csv"
    p.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    return p


def test_the_latest_target_row_sets_the_check_and_as_of_is_everything(my_figures):
    out = target_from_data_file(my_figures, {"data_file": str(my_figures)}, DECLARED)
    assert out == {"as_of": None, "target_year": 2026, "target_growth": 12.0, "province": "ha_tinh",
                   "indicator": "iip"}


def test_explicit_parameters_win(my_figures):
    given = {"data_file": str(my_figures), "as_of": "2024-01-01", "target_growth": 10.0, "target_year": 2026}
    assert target_from_data_file(my_figures, given, DECLARED) == {}
    # an explicit indicator picks that indicator's latest target (a pct_change target is the growth itself)
    out = target_from_data_file(my_figures, {"data_file": "x", "indicator": "grdp_growth"}, DECLARED)
    assert out["target_year"] == 2025 and out["target_growth"] == 8.5 and "indicator" not in out


def test_figures_after_as_of_are_listed(my_figures):
    assert left_out_by_as_of(my_figures, "2023-06-01") == [f"my_figures.csv, row {r}" for r in (5, 6, 7, 8, 9)]
    assert left_out_by_as_of(my_figures, None) == []


@pytest.mark.slow
def test_one_command_checks_this_years_target(my_figures, tmp_path, monkeypatch):
    import json

    from click.testing import CliRunner

    from hatinh_analysis.report.cli import main

    monkeypatch.chdir(my_figures.parent)
    result = CliRunner().invoke(main, ["run", "02_target_check", "-p", "data_file", "my_figures.csv",
                                       "--out", str(tmp_path / "r"), "--date", "2026-01-05", "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "the target checked is the latest in my_figures.csv: iip ha_tinh 2026, +12%" in result.output
    side = json.loads((tmp_path / "r" / "2026-01-05" / "02_target_check.json").read_text())
    p = side["parameters"]
    assert (p["target_year"], p["target_growth"], p["as_of"]) == (2026, 12.0, None)
    assert any("the target checked is the latest in my_figures.csv" in n for n in side["runner_notes"])
    assert p["data_file"] == "my_figures.csv"  # a shared report names the file, not the local path
    page = (tmp_path / "r" / "2026-01-05" / "02_target_check.html").read_text(encoding="utf-8")
    assert str(my_figures.parent) not in page.split("<main>")[-1].split("hatinh-params")[-1][:2000]
    assert 'class="hatinh-runner-notes"' in page
    assert "the target checked is the latest in my_figures.csv" in page  # said atop the report too
    assert "2026" in side["summary"]
    figures = side["result"]["details"]["figures"]  # fitted up to the user's 2025 figure
    assert any(f["year"] == 2025 and f["origin"] == "user" for f in figures)


def test_what_happens_to_each_user_figure_is_said(tmp_path):
    from hatinh_analysis.parameters import user_figures_fate
    from hatinh_analysis.report.pipeline import plan_run

    p = tmp_path / "fate.csv"
    p.write_text("\n".join([HEADER,
                            'ha_tinh,iip,2016,120.0,,index_prev_year=100,iip,estimate,2016-12-20,mine_2016,"IIP 20%"',
                            'ha_tinh,iip,2019,131.0,,index_prev_year=100,iip,final,2020-06-20,mine_2019,"IIP 31%"'])
                 + "\n", encoding="utf-8")
    notes = user_figures_fate(p, "ha_tinh", "iip")
    assert notes[0].id.endswith("then the latest published") and "fate.csv" not in notes[0].id  # a message id
    assert "năm 2016, ước tính) không được dùng" in say(notes[0], "vi")
    notes = [str(n) for n in user_figures_fate(p, "ha_tinh", "iip")]
    assert notes[0].startswith("fate.csv, row 2 (iip 2016, estimate) is not used") and "(final)" in notes[0]
    assert notes[1].startswith("fate.csv, row 3 (iip 2019) is used instead of the published 30.74")
    [job] = plan_run(["02_target_check"], [("data_file", str(p)), ("target_year", "2020"),
                                           ("target_growth", "10")])
    assert notes[0] in [str(n) for n in job.notes] and notes[1] in [str(n) for n in job.notes]
