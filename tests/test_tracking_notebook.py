"""Notebook 04 through the runner, and the tracker on the real releases (store)."""
from __future__ import annotations

import json
import math

import pytest

import hatinh_analysis as ha


def test_default_case_reads_the_june_2019_release():
    check = ha.track_target(month=6, year=2019)
    # the whole-of-industry cumulative figure of the June 2019 workbook, sheet 9.IIPthang, cell E9
    assert check.ytd == pytest.approx(9.529257, abs=1e-6)
    assert check.sources["cell"] == "E9" and check.sources["sheet"] == "9.IIPthang"
    assert check.as_of == "2019-06-28"
    # no plan figure for the country: last year's whole-year growth (December 2018 release)
    assert check.target == pytest.approx(10.24, abs=0.01)
    # vintage-exact: the history ends in 2018 and holds only figures published by the release
    assert check.reference["year"].max() == 2018
    assert (check.reference["final_published"] <= "2019-06-28").all()
    assert check.verdict in ("ambitious", "plausible", "cautious", "uncertain")
    lo, hi = check.forecast.interval(0.8)
    assert lo < hi and check.table.iloc[-1]["method"] == "tracker"


def test_an_earlier_as_of_sees_fewer_years():
    early = ha.track_target(month=6, year=2016)
    late = ha.track_target(month=6, year=2019)
    assert early.fit.n_years < late.fit.n_years
    assert early.reference["year"].max() == 2015


def test_the_users_figure_replaces_the_release_and_is_ringed():
    check = ha.track_target(month=6, ytd=2.8, year=2019)
    assert check.ytd == 2.8 and check.sources["user"]
    assert check.path.loc[check.path["month"] == 6, "ytd"].item() == 2.8


def test_an_area_without_monthly_figures_borrows_a_scale_and_withholds_the_chance():
    check = ha.track_target(month=6, ytd=2.8, province="ha_tinh", year=2020)
    assert check.target == pytest.approx(10.64)          # the 2020 plan figure in the data
    assert not check.probability_printed
    from hatinh_analysis.tracking import BORROWED_SCALE
    from hatinh_analysis.tracking_views import summary_text, verdict_sentences

    assert check.notes[-1].id == BORROWED_SCALE
    assert "borrowed" in summary_text(check, "en") and "borrowed" in verdict_sentences(check, "en")[-1]
    assert "mượn" in verdict_sentences(check, "vi")[-1]
    assert math.isfinite(check.scale) and check.scale > 0


def test_bad_inputs_name_their_parameter():
    with pytest.raises(ValueError, match="month"):
        ha.track_target(month=12, year=2019)
    with pytest.raises(ValueError, match="industry"):
        ha.track_target(month=6, year=2019, industry="ZZ")
    with pytest.raises(ValueError, match="ytd"):
        ha.track_target(month=6, year=2025)


@pytest.mark.slow
def test_report_run_with_month_and_ytd(tmp_path):
    from click.testing import CliRunner

    from hatinh_analysis.report.cli import main

    out = tmp_path / "reports"
    res = CliRunner().invoke(main, ["run", "04_in_year_tracker", "-p", "month", "6", "-p", "ytd", "2.8",
                                    "--out", str(out), "--date", "2026-01-05", "--no-progress"],
                             catch_exceptions=False)
    assert res.exit_code == 0, res.output
    side = json.loads((out / "2026-01-05" / "04_in_year_tracker.json").read_text(encoding="utf-8"))
    numbers = side["result"]["details"]["numbers"]
    assert numbers["ytd"] == 2.8 and numbers["month"] == 6
    assert side["result"]["details"]["verdict_code"] == "ambitious"
    assert side["result"]["verdict"] == "hard to reach"
    html = (out / "2026-01-05" / "04_in_year_tracker.html").read_text(encoding="utf-8")
    assert "catch-up path" in html                        # the chart's alt text


MONTHS = """province,indicator,year,value,value_high,unit,basis,status,published,source_id,quote,file,sheet,cell,industry,month,comparison
ha_tinh,iip,2020,3.5,,pct_change,,estimate,2020-04-30,my_office,test figure,,,,,4,ytd
ha_tinh,iip,2020,3.1,,pct_change,,estimate,2020-05-31,my_office,test figure,,,,,5,ytd
ha_tinh,iip,2020,2.8,,pct_change,,estimate,2020-06-30,my_office,test figure,,,,,6,ytd
"""


def test_the_users_monthly_file_gives_the_year_so_far(tmp_path):
    path = tmp_path / "my_months.csv"
    path.write_text(MONTHS, encoding="utf-8")
    check = ha.track_target(month=6, province="ha_tinh", year=2020, extra=str(path))
    assert check.ytd == 2.8 and check.as_of == "2020-06-30"
    assert check.path["ytd"].tolist() == [3.5, 3.1, 2.8]
    assert check.sources["user"] == "my_months.csv, row 4"
    assert check.reference["year"].max() == 2019       # nothing after the user's date


@pytest.mark.slow
def test_report_run_with_a_data_file(tmp_path):
    from click.testing import CliRunner

    from hatinh_analysis.report.cli import main

    path = tmp_path / "my_months.csv"
    path.write_text(MONTHS, encoding="utf-8")
    out = tmp_path / "reports"
    res = CliRunner().invoke(main, ["run", "04_in_year_tracker", "-p", "province", "ha_tinh", "-p", "year",
                                    "2020", "-p", "month", "6", "-p", "data_file", str(path), "--out",
                                    str(out), "--date", "2026-01-05", "--no-progress"],
                             catch_exceptions=False)
    assert res.exit_code == 0, res.output
    side = json.loads((out / "2026-01-05" / "04_in_year_tracker.json").read_text(encoding="utf-8"))
    assert side["result"]["details"]["numbers"]["ytd"] == 2.8
    assert "chance_text" in side["result"]["details"]
    assert "prob_reach" not in side["result"]["details"]["numbers"]   # borrowed scale: never printed
