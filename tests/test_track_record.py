"""Target track record (issue 9 item 6): real targets of data/observations.csv against hand
computations, and the rules (range, price basis, superseded targets, value targets) on a
small hand-made data directory."""
from __future__ import annotations

import csv
import json
import math
import shutil

import pytest
from conftest import write_user_csv

import hatinh_analysis as ha
from hatinh_analysis import track_record as tr
from hatinh_analysis.data.errors import DataError, UnknownNameError
from hatinh_analysis.data.store import data_dir
from hatinh_analysis.track_record import RESULTS, TABLE_COLUMNS, target_track_record

# The real rows behind the Hà Tĩnh record (data/observations.csv, province ha_tinh):
#   grdp_growth 2016 19.5 target   2016-12    htu_eba_142
#       "GRDP giảm 17.06% so với năm 2015 (kế hoạch tăng 19.5%)"
#   grdp_growth 2016 -17.06 estimate 2016-12  htu_eba_142            (same quote)
#   grdp_growth 2016 -15.31 estimate 2017-12  hatinhgov_ktxh_2017
#       "sau sự sụt giảm mạnh trong năm 2016 (tăng trưởng GRDP -15,31%)"
#   grdp_growth 2017 10.6 target, 10.51 estimate, both 2017-12, hatinhgov_ktxh_2017
#       "tốc độ tăng trưởng kinh tế dự ước tăng 10,51% so với năm 2016 (kế hoạch tăng 10,6%)"
#   grdp_growth 2018 18..19 target 2018-12-28 ctk_hatinh_227 "(kế hoạch tăng 18-19%)"
#   grdp_growth 2018 19.58..20 estimate 2018-11 congthuong_112019 "ước tăng 19,58 - 20%"
#   grdp_growth 2018 20.8 estimate 2018-12-28 ctk_hatinh_227 "dự ước tăng 20,8% so với năm 2017"
#   grdp_growth 2019 11.5..12 target 2019-06 ctk_hatinh_309 "(tăng từ 11,5%-12%)" — no 2019 figure
#   exports 2020 1200 mn_usd target, exports 2019 850 mn_usd estimate (seed_baohatinh_184456,
#       "Giá trị xuất khẩu trong năm ước đạt 850 triệu USD", "kim ngạch xuất khẩu đạt 1,2 tỷ USD")
#   industrial_output 2020 84142 bn_vnd constant_2010 target; 2019 75800 bn_vnd
#       comparable_unstated estimate ("Giá trị sản xuất công nghiệp năm 2019 đạt 75.800 tỷ đồng")
#   iip 2020 10.64 target (pct_change) — no 2020 figure


@pytest.fixture(scope="module")
def record():
    return target_track_record("ha_tinh")


def _row(rec, indicator, year):
    t = rec.table
    sel = t[(t["indicator"] == indicator) & (t["year"] == year)]
    assert len(sel) == 1
    return sel.iloc[0]


def test_table_columns_and_one_row_per_real_target(record):
    assert tuple(record.table.columns) == TABLE_COLUMNS
    assert len(record.table) == 7
    assert set(record.table["result"]) <= set(RESULTS)
    assert record.table["counted"].all()


def test_grdp_2016_missed_against_revised_and_year_end_figures(record):
    r = _row(record, "grdp_growth", 2016)
    assert r["target"] == 19.5 and math.isnan(r["target_high"])
    # as finally known: -15.31 (published 2017-12), -15.31 - 19.5 = -34.81
    assert r["outcome"] == -15.31 and r["outcome_source"] == "hatinhgov_ktxh_2017"
    assert r["outcome_status"] == "estimate"
    assert r["met"] is False or r["met"] == False  # noqa: E712  (pandas BooleanDtype scalar)
    assert r["gap_points"] == pytest.approx(-34.81, abs=1e-9)
    # known on 31 Dec 2016: -17.06 (published 2016-12), -17.06 - 19.5 = -36.56
    assert r["outcome_year_end"] == -17.06
    assert r["gap_points_year_end"] == pytest.approx(-36.56, abs=1e-9)
    assert r["result"] == "missed"
    assert "-17.06%" in r["note"] and "-15.31%" in r["note"]


def test_grdp_2017_missed_by_a_tenth(record):
    r = _row(record, "grdp_growth", 2017)
    assert (r["target"], r["outcome"]) == (10.6, 10.51)
    assert r["gap_points"] == pytest.approx(-0.09, abs=1e-9)   # 10.51 - 10.6
    assert r["result"] == "missed"


def test_grdp_2018_range_target_met_from_its_low_end(record):
    r = _row(record, "grdp_growth", 2018)
    assert (r["target"], r["target_high"]) == (18.0, 19.0)
    # the later December estimate 20.8 wins over the November range 19.58-20
    assert r["outcome"] == 20.8 and r["outcome_published"] == "2018-12-28"
    assert r["gap_points"] == pytest.approx(2.8, abs=1e-9)     # 20.8 - 18 (low end)
    assert r["result"] == "met" and bool(r["met"]) is True
    assert "low end" in r["note"] or "reaches 18%" in r["note"]


def test_targets_without_outcome(record):
    for ind, year in [("grdp_growth", 2019), ("iip", 2020), ("exports", 2020),
                      ("industrial_output", 2020)]:
        r = _row(record, ind, year)
        assert r["result"] == "no outcome", (ind, year)
        assert r["met"] is None or str(r["met"]) == "<NA>"
        assert not r["counted"] or math.isnan(r["gap_points"])


def test_value_target_implied_growth_same_basis(record):
    r = _row(record, "exports", 2020)
    # 1200 / 850 - 1 = 0.4117647...: trade in USD has no price basis, so growth is computed
    assert r["base_value"] == 850.0
    assert r["target_growth"] == pytest.approx((1200 / 850 - 1) * 100, rel=1e-12)
    assert r["target_growth"] == pytest.approx(41.176470588, abs=1e-8)


def test_value_target_across_price_bases_is_not_turned_into_growth(record):
    r = _row(record, "industrial_output", 2020)
    assert math.isnan(r["target_growth"]) and math.isnan(r["base_value"])
    assert "comparable_unstated" in r["note"] and "constant_2010" in r["note"]
    assert "never computed across price bases" in r["note"]


def test_hit_rate_and_mean_shortfall_by_hand(record):
    assert (record.n, record.n_met) == (3, 1)
    assert record.hit_rate == pytest.approx(1 / 3)
    # missed: 2016 short by 34.81, 2017 by 0.09 -> mean 17.45 points
    assert record.mean_shortfall == pytest.approx((34.81 + 0.09) / 2, abs=1e-9)
    assert record.mean_gap == pytest.approx((-34.81 - 0.09 + 2.8) / 3, abs=1e-9)
    # the December figures tell the same 1 of 3
    assert (record.n_year_end, record.n_met_year_end) == (3, 1)


def test_summary_states_count_rule_and_estimates(record):
    text = record.summary("en")
    assert text.startswith("Hà Tĩnh: 1 of 3 targets met (hit rate 33%).")
    assert "count, not a probability" in text
    assert "missed, -34.81 percentage points" in text
    assert "2 targets were missed, by 17.45 percentage points on average." in text
    assert "low end" in text and "Mean shortfall: the mean of" in text
    assert "3 of 3 outcomes are still estimates" in text
    assert "-17.06% as known at the end of 2016, missed then" in text
    assert "Gross industrial output value 2020: target 84,142 bn VND: no outcome (figures on " \
           "different price bases are not compared)." in text
    assert "1,200 m USD (implied growth +41.18%)" in text


def test_summary_in_vietnamese():
    text = target_track_record("ha_tinh", as_of="2019-12-25").summary("vi")
    assert text.startswith("Hà Tĩnh: đạt 1/3 mục tiêu (tỷ lệ đạt 33%).")
    assert "tính đến ngày 25 tháng 12 năm 2019" in text.lower()
    assert "Tăng trưởng GRDP 2016: kế hoạch +19,50%, kết quả -15,31% (ước tính, " \
           "hatinhgov_ktxh_2017): không đạt, -34,81 điểm phần trăm" in text
    assert "+18,00% đến +19,00%" in text and "84.142 tỷ đồng" in text
    assert "17,45 điểm phần trăm" in text
    # no English word of the summary's sentences is left
    for english in (" target", " outcome", " missed", " met ", "percentage points", " on average"):
        assert english not in text, english
    with pytest.raises(ValueError, match="lang="):
        target_track_record("ha_tinh").summary("fr")


def test_summary_frame_and_strict_json(record):
    sf = record.summary_frame()
    allrow = sf[sf["indicator"] == "all"].iloc[0]
    assert (allrow["judged"], allrow["met"], allrow["missed"], allrow["no_outcome"]) == (3, 1, 2, 4)
    grdp = sf[sf["indicator"] == "grdp_growth"].iloc[0]
    assert grdp["n_targets"] == 4 and grdp["hit_rate"] == pytest.approx(1 / 3)
    d = record.to_dict()
    text = json.dumps(d, allow_nan=False, ensure_ascii=False)
    assert d["n"] == 3 and d["mean_shortfall"] == pytest.approx(17.45)
    assert d["table"][0]["met"] is None  # exports 2020: no outcome -> null, not NaN
    assert d["lang"] == "en" and d["summary"] == record.summary("en")
    assert record.to_dict("vi")["summary"].startswith("Hà Tĩnh: đạt 1/3 mục tiêu")
    assert "Hà Tĩnh" in text and set(d["rules"]) == set(tr.RULES)


def test_as_of_reconstructs_what_was_known():
    rec = target_track_record("ha_tinh", as_of="2017-06-30")
    # only the 2016 target was announced; its outcome then was the December estimate -17.06
    assert len(rec.table) == 1
    r = rec.table.iloc[0]
    assert (r["indicator"], r["year"], r["outcome"]) == ("grdp_growth", 2016, -17.06)
    assert r["gap_points"] == pytest.approx(-36.56, abs=1e-9)
    assert rec.as_of == "2017-06-30" and (rec.n, rec.n_met) == (1, 0)


def test_no_targets_yet():
    rec = target_track_record("ha_tinh", as_of="2016-06")
    assert rec.table.empty and rec.n == 0 and math.isnan(rec.hit_rate)
    assert "no targets" in rec.summary()
    json.dumps(rec.to_dict(), allow_nan=False)
    # a province without any target in the data
    assert target_track_record("nghe_an").table.empty


def test_indicator_filter_and_bad_input():
    rec = target_track_record("ha_tinh", "grdp_growth")
    assert set(rec.table["indicator"]) == {"grdp_growth"} and rec.indicators == ("grdp_growth",)
    with pytest.raises(UnknownNameError, match="indicator"):
        target_track_record("ha_tinh", "gdp")
    with pytest.raises(UnknownNameError, match="province"):
        target_track_record("hatinh")
    for bad in (None, ["ha_tinh", "nghe_an"]):
        with pytest.raises(UnknownNameError, match="province must be one province id"):
            target_track_record(bad)
    with pytest.raises(DataError, match="as_of"):
        target_track_record(as_of="2019-13")


def test_exported_from_package():
    assert ha.target_track_record is target_track_record


def test_the_users_outcome_judges_a_target(tmp_path):
    # Test row (not data): a user's 2020 Hà Tĩnh IIP estimate of +12.5% against the shipped
    # 2020 target of +10.64% (seed article): met, by 12.5 - 10.64 = 1.86 points.
    mine = write_user_csv(tmp_path, [["ha_tinh", "iip", 2020, 12.5, "", "pct_change", "iip", "estimate",
                                      "2020-12-28", "so_ct_2020", "ước tăng 12,5%"]])
    before = target_track_record("ha_tinh", "iip").table.set_index("year").loc[2020]
    assert before["result"] == "no outcome"
    after = target_track_record("ha_tinh", "iip", extra=mine).table.set_index("year").loc[2020]
    assert after["result"] == "met" and after["outcome"] == 12.5
    assert after["gap_points"] == pytest.approx(1.86)


# ---------------------------------------------------------------- rules on hand-made rows
HEADER = ["province", "indicator", "year", "value", "value_high", "unit", "basis", "status",
          "published", "source_id", "quote", "file", "sheet", "cell"]


@pytest.fixture()
def handmade(tmp_path, monkeypatch):
    """A copy of the shipped data plus hypothetical Nghệ An rows (marked as such), so each rule
    has a case. The figures below are made up for the test and exist nowhere else."""
    src = data_dir()
    shutil.copy(src / "sources.csv", tmp_path / "sources.csv")
    with open(tmp_path / "sources.csv", "a", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerow(
            ["test_hypothetical", "test", "hypothetical rows for tests", "", "2020", "en", ""])
    shutil.copy(src / "observations.csv", tmp_path / "observations.csv")
    rows = [
        # value target on constant 2010 prices: base 100, target 110 (implied +10%), outcome 108
        ("industrial_output", 2015, 100, "", "bn_vnd", "constant_2010", "final", "2016"),
        ("industrial_output", 2016, 110, "", "bn_vnd", "constant_2010", "target", "2015-12"),
        ("industrial_output", 2016, 108, "", "bn_vnd", "constant_2010", "final", "2017"),
        # exports: target revised from 500 to 450; outcome 460 meets the revision only
        ("exports", 2016, 400, "", "mn_usd", "", "estimate", "2016-12"),
        ("exports", 2017, 500, "", "mn_usd", "", "target", "2016-12"),
        ("exports", 2017, 450, "", "mn_usd", "", "target", "2017-06"),
        ("exports", 2017, 460, "", "mn_usd", "", "estimate", "2017-12"),
        # target on an unstated basis: never judged
        ("steel_output", 2017, 2, "", "mn_tonnes", "", "estimate", "2017-12"),
        ("industrial_output", 2017, 130, "", "bn_vnd", "unstated", "target", "2016-12"),
        # outcome only on another basis than the target
        ("industrial_output", 2018, 150, "", "bn_vnd", "constant_2010", "target", "2017-12"),
        ("industrial_output", 2018, 160, "", "bn_vnd", "current_prices", "estimate", "2018-12"),
        # an IIP target given as an index (previous year = 100): 110 means +10%
        ("iip", 2023, 110, "", "index_prev_year=100", "iip", "target", "2022-12"),
        ("iip", 2023, 111.5, "", "index_prev_year=100", "iip", "final", "2024"),
    ]
    with open(tmp_path / "observations.csv", "a", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        for ind, year, v, vh, unit, basis, status, pub in rows:
            w.writerow(["nghe_an", ind, year, v, vh, unit, basis, status, pub,
                        "test_hypothetical", "hypothetical test row", "", "", "", ""])
    monkeypatch.setenv("HATINH_DATA_DIR", str(tmp_path))
    return target_track_record("nghe_an")


def test_value_target_met_on_level_gap_through_implied_growth(handmade):
    r = _row(handmade, "industrial_output", 2016)
    assert r["target_growth"] == pytest.approx(10.0)       # 110 / 100 - 1
    assert r["outcome_growth"] == pytest.approx(8.0)       # 108 / 100 - 1
    assert r["gap_points"] == pytest.approx(-2.0)
    assert r["result"] == "missed" and not r["met"]
    # the 2015 figure was published (2016) after the target (2015-12): said in the note
    assert "published 2016" in r["note"] and "after the target" in r["note"]


def test_superseded_target_is_listed_not_counted(handmade):
    t = handmade.table
    ex = t[(t["indicator"] == "exports") & (t["year"] == 2017)].set_index("target")
    assert ex.loc[500.0, "result"] == "superseded" and not ex.loc[500.0, "counted"]
    assert "2017-06" in ex.loc[500.0, "note"]
    assert ex.loc[450.0, "result"] == "met" and ex.loc[450.0, "counted"]
    # 460/400 - 1 = 15%; 450/400 - 1 = 12.5% -> +2.5 points
    assert ex.loc[450.0, "gap_points"] == pytest.approx(2.5)


def test_unstated_basis_and_other_basis_are_not_comparable(handmade):
    r = _row(handmade, "industrial_output", 2017)
    assert r["result"] == "not comparable" and "not stated" in r["note"]
    r = _row(handmade, "industrial_output", 2018)
    assert r["result"] == "not comparable"
    assert "current_prices" in r["note"] and "constant_2010" in r["note"]
    assert math.isnan(r["outcome"])


def test_index_target_compared_as_growth(handmade):
    r = _row(handmade, "iip", 2023)
    assert r["target_growth"] == pytest.approx(10.0) and r["outcome"] == pytest.approx(11.5)
    assert r["gap_points"] == pytest.approx(1.5) and r["result"] == "met"


def test_handmade_counts(handmade):
    # judged: output 2016 missed, exports 2017 met, iip 2023 met
    assert (handmade.n, handmade.n_met) == (3, 2)
    assert handmade.mean_shortfall == pytest.approx(2.0)
