"""Notebook 02 with its defaults fits any province (issue 19, item 2).

Every pre-2025 province and every unit that exists since 1 July 2025 is run through the
runner's pre-run checks with only ``-p province``: it is accepted, or refused in one
sentence naming why. The sensitivity scenarios come from the province's own flagged
years, inside its own series. Two provinces also run through the notebook (slow).
"""
import json

import pytest

from hatinh_analysis.data import vocab

PROVINCES = [p for p in vocab.PROVINCES if p != "vietnam"]
UNITS_2025 = list(vocab.provinces_2025())


def test_the_province_lists_are_complete():
    assert len(PROVINCES) == 63 and len(UNITS_2025) == 34


@pytest.mark.parametrize("province", sorted(set(PROVINCES) | set(UNITS_2025)))
def test_defaults_run_or_say_why_in_one_sentence(province):
    import hatinh_analysis as ha
    from hatinh_analysis.breaks import scenario_years
    from hatinh_analysis.report.params import ParameterError
    from hatinh_analysis.report.pipeline import plan_run

    try:
        [job] = plan_run(["02_target_check"], [("province", province)])
    except ParameterError as exc:
        text = str(exc)
        assert "\n" not in text and text.count(". ") <= 1 and province in text, text
        return
    p = job.parameters
    assert p["alt_exclude_years"] is None and p["alt_break_years"] is None  # the province's own, in the kernel
    series = ha.load_series(p["indicator"], province, as_of=p["as_of"])
    ex, br = scenario_years(series)
    assert set(ex) <= set(series.index) and set(br) <= set(ex) and all(y > series.index[0] for y in br)


def test_hatinh_keeps_its_scenarios_and_other_provinces_get_their_own():
    import hatinh_analysis as ha
    from hatinh_analysis.breaks import scenario_years

    assert scenario_years(ha.load_series("iip", "ha_tinh", as_of="2019-12-25")) == ([2017, 2018], [2017])
    ex, _ = scenario_years(ha.load_series("iip", "nghe_an", as_of="2019-12-25"))
    assert 2017 not in ex and 2018 not in ex


@pytest.mark.slow
@pytest.mark.parametrize("province", ["nghe_an", "quang_binh"])
def test_notebook_runs_with_defaults(province, tmp_path):
    from click.testing import CliRunner

    from hatinh_analysis.report.cli import main

    result = CliRunner().invoke(main, ["run", "02_target_check", "-p", "province", province, "--out",
                                       str(tmp_path), "--date", "2020-01-01", "--no-progress"])
    assert result.exit_code == 0, result.output
    side = json.loads((tmp_path / "2020-01-01" / "02_target_check.json").read_text())
    assert side["status"] != "failed"
    names = [sc["name"] for sc in side["result"]["details"]["scenarios"]]
    assert names[0] == "As specified" and not any("2017" in n for n in names), names  # not Hà Tĩnh's years
    assert all(sc["error"] is None for sc in side["result"]["details"]["scenarios"])
