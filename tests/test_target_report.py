"""Tests of the target report (hatinh_analysis.target_view, .target_words) and of the printing rule
(hatinh_analysis.target.PRINTING_RULE), against hand computations and hand-made scoreboards."""
from __future__ import annotations

import html
import json
import pathlib
import re

import pytest
from conftest import write_user_xlsx

import hatinh_analysis as ha
from hatinh_analysis import calibration
from hatinh_analysis.data.schema import COLUMNS
from hatinh_analysis.formats import year_ranges
from hatinh_analysis.i18n import say
from hatinh_analysis.target import coverage_note, probability_printable, verdict_caveat
from hatinh_analysis.target_view import sensitivity, target_report

NOTEBOOKS = pathlib.Path(__file__).resolve().parents[1] / "notebooks"

# Hand-made scoreboard records of the calibrated method at 80% (not data):
#   52 of 78: Wilson 95% band by hand  p=0.6667, centre (p + z^2/2n)/(1 + z^2/n) = 0.6588,
#   half-width z*sqrt(p(1-p)/n + z^2/4n^2)/(1 + z^2/n) = 0.1024  ->  0.556 to 0.761 (excludes 0.8);
#   62 of 78: p=0.7949 -> centre 0.7811, half-width 0.0885 -> 0.693 to 0.870 (contains 0.8).
NARROW = {"method": "calibrated", "horizon": 1, "n": 78, "hits_80": 52, "coverage_80": 52 / 78,
          "wilson_lo_80": 0.556, "wilson_hi_80": 0.761, "calibration_80": "too narrow"}
KEPT = {"method": "calibrated", "horizon": 1, "n": 78, "hits_80": 62, "coverage_80": 62 / 78,
        "wilson_lo_80": 0.693, "wilson_hi_80": 0.870, "calibration_80": "as promised"}


def _record(row):
    return {"level": 0.8, "hits": row["hits_80"], "n": row["n"], "coverage": row["coverage_80"],
            "wilson": [row["wilson_lo_80"], row["wilson_hi_80"]], "word": row["calibration_80"]}


def test_wilson_bands_of_the_hand_made_records():
    from hatinh_analysis.evaluation import wilson

    assert wilson(52, 78) == pytest.approx((0.556, 0.761), abs=1e-3)
    assert wilson(62, 78) == pytest.approx((0.693, 0.870), abs=1e-3)


def test_printing_rule_both_ways():
    ok, note = probability_printable(_record(NARROW))
    assert not ok
    assert say(note, "en") == ("withheld: such ranges proved too narrow on the scoreboard, so the "
                               "chance is not a measured frequency")
    assert say(coverage_note(_record(NARROW)), "en") == (
        "the scoreboard's calibrated 80% ranges held 52 of 78 outcomes (67%; 95% band 56%–76%)")
    ok, note = probability_printable(_record(KEPT))
    assert ok and str(note).startswith("printed: such ranges kept their promise")
    ok, note = probability_printable({"word": "not scored"})
    assert not ok and "no record" in str(note) and coverage_note({"word": "not scored"}) is None


def test_verdict_caveat_reads_the_direction_of_the_miss():
    narrow = _record(NARROW)
    assert "too narrow" in str(verdict_caveat("ambitious", narrow))
    assert "less far from the likely range" in str(verdict_caveat("cautious", narrow))
    assert "a wider, honest range would hold the target" in str(verdict_caveat("plausible", narrow))
    assert verdict_caveat("ambitious", _record(KEPT)) is None
    wide = dict(narrow, word="too wide")
    assert verdict_caveat("ambitious", wide) is None and "too wide" in str(verdict_caveat("plausible", wide))


def _with_scoreboard(monkeypatch, rows):
    """The printing rule reads the scoreboard's record as of the check's date
    (`calibration.coverage_record`): replace it with the hand-made one."""
    real = calibration.coverage_record

    def fake(table, *, horizon, level, as_of=None, **kw):
        for row in rows:
            if row["horizon"] == horizon and level == 0.8:
                return dict(_record(row), as_of=as_of)
        return real(table, horizon=horizon, level=level, as_of=as_of, **kw)

    monkeypatch.setattr(calibration, "coverage_record", fake)


@pytest.fixture(scope="module")
def ht():
    return ha.load_series("iip", "ha_tinh", as_of="2019-12-25")


def test_check_withholds_the_chance_when_the_scoreboard_says_too_narrow(monkeypatch, ht):
    _with_scoreboard(monkeypatch, [NARROW])
    check = ha.check_target(ht, 10.64, 2020)
    p = check.prob_reach
    assert 0 < p < 1  # the number stays available for programmatic use
    assert check.table.iloc[-1]["prob_reach"] == p
    assert check.table.iloc[-1]["chance"] == "withheld"
    assert set(check.table.iloc[:-1]["chance"]) <= {"not_calibrated", "none"}
    assert not check.probability_printed
    assert "too narrow" in str(check.probability_note) and "52 of 78" in str(check.coverage)
    summary = say(check.summary, "en")
    assert ha.format_probability(p) not in summary
    assert "Calibrated chance of reaching the target: withheld: such ranges proved too narrow" in summary
    assert summary.count("52 of 78") == 1
    d = check.to_dict()
    assert d["probability_printed"] is False and "too narrow" in d["probability_note"]["text"]
    report = target_report(ht, check)
    out = report.to_result()
    assert "prob_reach" not in out["details"]["numbers"]  # batch summaries never show it
    prob = out["details"]["probability"]
    assert prob["printed"] is False and prob["text"] == "withheld" and "52 of 78" in prob["coverage"]
    assert prob["computed_not_for_print"] == pytest.approx(p)
    assert {m["model"]: m["chance"] for m in out["details"]["models"]}["combined"] == "withheld"
    assert out["headline"].endswith("chance withheld")
    box = report.verdict_box().data
    assert "not stated, because such ranges proved too narrow" in box
    assert f"{ha.format_probability(p)}" not in box
    assert box.count("52 of 78") == 1
    shown = report.results_table().data.iloc[0]["Chance of reaching the target"]
    assert shown == "withheld"


def test_check_prints_the_chance_when_the_scoreboard_keeps_the_promise(monkeypatch, ht):
    _with_scoreboard(monkeypatch, [KEPT])
    check = ha.check_target(ht, 10.64, 2020)
    text = ha.format_probability(check.prob_reach)
    assert check.probability_printed and check.table.iloc[-1]["chance"] == "printed"
    assert f"Calibrated chance of reaching the target: {text} (printed:" in say(check.summary, "en")
    report = target_report(ht, check)
    assert report.to_result()["details"]["numbers"]["prob_reach"] == pytest.approx(check.prob_reach)
    assert report.to_result()["details"]["probability"]["text"] == text
    assert report.headline().endswith(f"chance {text}")
    assert report.results_table().data.iloc[0]["Chance of reaching the target"] == text
    # the models' plug-in chances are never printed: the scoreboard does not back them
    assert set(report.results_table().data.iloc[1:]["Chance of reaching the target"]) <= {
        "not calibrated: not shown", "–"}


def test_unscored_level_withholds(ht):
    check = ha.check_target(ht, 10.64, 2020, level=0.9)
    assert not check.probability_printed and "no record" in str(check.probability_note)


@pytest.fixture(scope="module")
def default_report(ht):
    check = ha.check_target(ht, 10.64, 2020)
    return target_report(ht, check, alt_exclude_years=[2017, 2018], alt_break_years=[2017])


def test_the_check_is_not_recomputed(default_report, ht):
    assert default_report.scenarios[0].check is default_report.check
    assert default_report.scenarios[0].name == "As specified"


def test_scenarios_equal_direct_checks(default_report, ht):
    names = [s.name for s in default_report.scenarios]
    # issue 18: leaving out 2017-2018 turns shock detection on the other years: 2019 is then not
    # flagged and is back in the fit, and the name says so
    assert names == ["As specified", "Leaving out 2017–2018 (2019 back in)", "Break in 2017",
                     "Flagged shocks kept"]
    by_name = {s.name: s for s in default_report.scenarios}
    direct = ha.check_target(ht, 10.64, 2020, exclude_years=[2017, 2018])
    assert sorted(direct.excluded.index) == [2017, 2018]
    s = by_name["Leaving out 2017–2018 (2019 back in)"]
    assert s.options == {"exclude_years": [2017, 2018]}
    assert s.check.combined["forecast"] == pytest.approx(direct.combined["forecast"])
    assert s.verdict == direct.verdict
    kept = ha.check_target(ht, 10.64, 2020, shocks=False)
    assert by_name["Flagged shocks kept"].check.combined["forecast"] == pytest.approx(kept.combined["forecast"])


def test_rerun_refuses_unknown_arguments(default_report):
    with pytest.raises(ValueError, match="unknown argument"):
        default_report.check.rerun(exclude=[2017])


def test_report_refuses_a_check_of_another_series(default_report):
    other = ha.load_series("iip", "nghe_an")
    with pytest.raises(ValueError, match="same series"):
        target_report(other, default_report.check)


def test_cross_check_by_hand(default_report):
    # 2020 plan: output 84,142 bn VND (2010 prices) against 75,800 bn VND in 2019 (seed facts)
    x = default_report.cross_check
    implied = 100 * (84142 / 75800 - 1)  # 11.0053 %
    assert x.implied_value_growth == pytest.approx(implied, abs=1e-6)
    assert x.gap_pp == pytest.approx(implied - 10.64, abs=1e-6)
    assert default_report.cross_check_inputs["base_value"] == 75800
    box = default_report.cross_check_caveats("en").data
    assert "84,142 bn VND in 2020 against 75,800 bn VND in 2019 implies +11.01%, +0.37 points" in box


def test_target_source_is_the_published_plan(default_report):
    t = default_report.target_source
    assert t["source_id"] == "seed_baohatinh_184456" and t["published"] == "2019-12-25"
    assert t["user_row"] is None
    assert "published by Báo Hà Tĩnh on 25 December 2019" in default_report.question()


def test_year_ranges():
    assert year_ranges([2019, 2015, 2016, 2017]) == "2015–2017, 2019"
    assert year_ranges([2020]) == "2020"
    assert year_ranges([]) == ""


def test_sensitivity_skips_kept_shocks_when_none_were_flagged():
    s = ha.load_series("iip", "nghe_an", as_of="2020-12-31")
    check = ha.check_target(s, 10.0, 2020)
    assert check.shock_years == ()
    assert [x.name for x in sensitivity(check)] == ["As specified"]


# ------------------------------------------------------------------ the user's own figures
# Test rows (not data): a user's 2020 Hà Tĩnh IIP estimate and a 2021 target.
USER_ROWS = [
    ["ha_tinh", "iip", 2020, 12.5, None, "pct_change", "iip", "estimate", "2020-12-28", "so_ct_2020",
     "ước tăng 12,5%"],
    ["ha_tinh", "iip", 2021, 11.0, None, "pct_change", "iip", "target", "2020-12-30", "nq_hdnd_2021",
     "tăng 11%"],
]


def user_file(tmp_path):
    return write_user_xlsx(tmp_path, USER_ROWS)


def test_user_figures_are_marked(tmp_path):
    p = user_file(tmp_path)
    series = ha.load_series("iip", "ha_tinh", as_of="2020-12-31", extra=p)
    check = ha.check_target(series, 11.0, 2021)
    report = target_report(series, check, extra=p)
    assert report.user_rows == {2020: "my_figures.xlsx, row 2"}
    assert report.target_source["user_row"] == "my_figures.xlsx, row 3"
    assert report.question() == ("Is growth of +11% in 2021 (the target from your file, my_figures.xlsx, row 3) "
                                 "within reach for Hà Tĩnh's industrial production index (IIP), with the figures "
                                 "published by 31 December 2020 and your own figures?")
    assert report.user_sentence() == ("Your own figures are used for 2020 (my_figures.xlsx, row 2), the target "
                                      "(my_figures.xlsx, row 3).")
    table = report.record_table().data.set_index("Year")
    assert table.loc[2020, "Whose figure"] == "yours: my_figures.xlsx, row 2"
    assert table.loc[2019, "Whose figure"] == "published"
    d = report.to_result()["details"]
    fig = {f["year"]: f for f in d["figures"]}
    assert fig[2020]["origin"] == "user" and fig[2020]["user_row"] == "my_figures.xlsx, row 2"
    assert fig[2019]["origin"] == "shipped" and fig[2019]["user_row"] is None
    assert d["user_figures"]["years"] == [2020]
    assert d["user_figures"]["target_row"] == "my_figures.xlsx, row 3"
    chart = report.history_chart()
    legend = [t.get_text() for t in chart.fig.axes[0].get_legend().get_texts()]
    assert "Your figures" in legend
    assert "2020 (my_figures.xlsx, row 2)" in chart.alt
    assert any("your figures (so_ct_2020: my_figures.xlsx, row 2)" in t.get_text() for t in chart.fig.texts)


# ------------------------------------------------------------------ notebook 02 (papermill)
def _run(tmp_path, name, **params):
    import papermill as pm

    out = tmp_path / name
    pm.execute_notebook(str(NOTEBOOKS / "02_target_check.ipynb"), str(out), parameters=params,
                        kernel_name="python3", cwd=str(NOTEBOOKS), progress_bar=False)
    return json.loads(out.read_text(encoding="utf-8"))


def _texts_and_result(nb):
    texts, result = [], None
    for c in nb["cells"]:
        for o in c.get("outputs", []):
            for mime, v in o.get("data", {}).items():
                if isinstance(v, dict) and "details" in v:
                    result = v
                elif mime.startswith("text/"):
                    texts.append("".join(v) if isinstance(v, list) else str(v))
            if "text" in o:
                texts.append("".join(o["text"]))
    return "\n".join(texts), result


@pytest.mark.slow
def test_notebook_02_with_the_users_file(tmp_path):
    p = user_file(tmp_path)
    nb = _run(tmp_path, "user.ipynb", target_growth=11.0, target_year=2021, as_of="2020-12-31",
              data_file=str(p))
    text, result = _texts_and_result(nb)
    assert result is not None
    d = result["details"]
    assert d["user_figures"]["years"] == [2020]
    assert d["user_figures"]["rows"] == {"2020": "my_figures.xlsx, row 2"}
    assert d["user_figures"]["target_row"] == "my_figures.xlsx, row 3"
    assert {f["year"]: f["origin"] for f in d["figures"]}[2020] == "user"
    assert "yours: my_figures.xlsx, row 2" in text
    assert "Your own figures are used for 2020 (my_figures.xlsx, row 2)" in text
    assert d["track_record"]["province"] == "ha_tinh"


@pytest.mark.slow
def test_notebook_02_prose_follows_the_province(tmp_path):
    nb = _run(tmp_path, "nghe_an.ipynb", province="nghe_an", target_growth=10.0, target_year=2020,
              as_of="2020-12-31", alt_exclude_years=[], alt_break_years=[])
    text, result = _texts_and_result(nb)
    assert "Nghệ An" in text
    assert "Formosa" not in text and "Hà Tĩnh" not in text
    assert result["details"]["province"] == "nghe_an"
    # every markdown cell is province-neutral: the province's words come from the library
    source = " ".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert "Formosa" not in source and "Hà Tĩnh" not in source


# ------------------------------------------------------------------ notebook 03's view
# Test rows (not data): a user's "final" 2019 Hà Tĩnh IIP figure and a 2020 estimate.
SCORE_ROWS = [
    ["ha_tinh", "iip", 2019, 31.0, None, "pct_change", "iip", "final", "2020-06", "ctk_2019", "tăng 31%"],
    ["ha_tinh", "iip", 2020, 12.5, None, "pct_change", "iip", "estimate", "2020-12-28", "so_ct_2020",
     "ước tăng 12,5%"],
]


def test_scoreboard_report_sets_past_forecasts_against_the_users_figures(tmp_path):
    p = write_user_xlsx(tmp_path, SCORE_ROWS)
    board = ha.scoreboard_report(province="ha_tinh", extra=p)
    mine = board.user_figures()
    assert mine.to_dict(orient="records") == [
        {"indicator": "iip", "year": 2019, "value": 31.0, "user_row": "my_figures.xlsx, row 2"},
        {"indicator": "iip", "year": 2020, "value": 12.5, "user_row": "my_figures.xlsx, row 3"}]
    table = board.province_table().data
    row = table[(table["Series"] == "ha_tinh:iip") & (table["For"] == 2019)
                & (table["Method"] == "Combined, calibrated")].iloc[0]
    # the committed scoreboard's calibrated 80% range for 2019 (made in 2018)
    d = board.scoreboard.forecasts
    f = d[(d["series"] == "ha_tinh:iip") & (d["year"] == 2019) & (d["horizon"] == 1)
          & (d["method"] == "calibrated")].iloc[0]
    assert row["Your figure"] == "+31.0% (my_figures.xlsx, row 2)"
    assert row["Inside (your figure)"] == ("yes" if f["q10"] <= 31.0 <= f["q90"] else "no")
    assert "do not enter the scoreboard" in board.user_sentence()
    assert board.to_result()["details"]["user_figures"][0]["user_row"] == "my_figures.xlsx, row 2"
    assert "Your figure" not in ha.scoreboard_report(province="ha_tinh").province_table().data.columns
    box = board.verdict_box().data  # notebook 03's summary box: the user's sentence is its last item
    assert box.count("<li>") == 4 and html.escape(board.user_sentence()) + "</li></ul>" in box


def test_scoreboard_verdict_box_lists_scope_coverage_and_comparison():
    board = ha.scoreboard_report(province="ha_tinh")
    found = board.sentences()
    box = board.verdict_box().data
    # title "In short: <headline>"; items: the scope, the calibrated combination, the comparison
    assert html.escape("In short: " + board.headline()) in box
    assert [html.unescape(i) for i in re.findall(r"<li>(.*?)</li>", box)] == [found[0], found[1], found[-1]]
    assert found[1].startswith("Calibrated combination:") and found[-1].startswith("On common forecasts")
    vi_box = board.verdict_box("vi").data
    assert html.escape(board.headline("vi")) in vi_box and "In short" not in vi_box


def test_scoreboard_report_refuses_a_bad_user_file(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_text(",".join(COLUMNS[:11]) + "\nha_tinh,iip,2020,abc,,pct_change,iip,estimate,2020-12-28,x,y\n",
                 encoding="utf-8")
    with pytest.raises(ha.DataError, match="bad.csv"):
        ha.scoreboard_report(province="ha_tinh", extra=p)


@pytest.mark.slow
def test_notebook_03_with_the_users_file(tmp_path):
    import papermill as pm

    p = write_user_xlsx(tmp_path, SCORE_ROWS)
    out = tmp_path / "03.ipynb"
    pm.execute_notebook(str(NOTEBOOKS / "03_backtest.ipynb"), str(out), parameters={"data_file": str(p)},
                        kernel_name="python3", cwd=str(NOTEBOOKS), progress_bar=False)
    text, result = _texts_and_result(json.loads(out.read_text(encoding="utf-8")))
    assert "my_figures.xlsx, row 2" in text
    assert [f["year"] for f in result["details"]["user_figures"]] == [2019, 2020]


def test_scenario_table_says_which_verdicts_rest_on_too_narrow_ranges(default_report):
    # the scoreboard's record as known on 2019-12-25 (vintage-exact): the caption names the
    # scenarios only when that record says "too narrow"
    caption = default_report.scenario_table().caption
    word = default_report.check.calibration["word"]
    assert word in ("too narrow", "as promised", "too wide")
    assert caption.endswith("the scoreboard shows to be too narrow") == (word == "too narrow")


def test_cross_check_caveat_names_both_price_bases(default_report):
    box = default_report.cross_check_caveats().data
    assert "stated at constant 2010 prices, the 2019 figure at constant prices, base year not stated" in box


def test_notebook_02_shows_the_check_once_in_plain_view():
    nb = json.loads((NOTEBOOKS / "02_target_check.ipynb").read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert code.count("ha.check_target(") == 1 and "ha.load_series(" in code
    assert "check.table[" in code and "plots.fan_chart(check)" in code
    assert code.count("extra=data_file") == 3  # load_series, target_report, target_track_record
    assert "checks." not in code
