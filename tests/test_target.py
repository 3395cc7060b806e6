"""Tests of hatinh_analysis.target.check_target: the calibrated combination and the verdict rule,
against hand computations."""
from __future__ import annotations

import json
import math
import pathlib

import numpy as np
import pandas as pd
import pytest

from hatinh_analysis.calibration import load_table
from hatinh_analysis.i18n import say
from hatinh_analysis.models import MODEL_NAMES, get_model, model_family
from hatinh_analysis.notes import Note
from hatinh_analysis.target import (CHANCE_CODES, VERDICTS, TargetCheck, check_target,
                                    format_probability, verdict_from)

RESULTS = pathlib.Path(__file__).parent / "results"

HT = pd.Series([8.5, -0.8, 17.6, 6.1, 7.0, 13.1, 19.1, 20.3, 20.9, 81.76, 89.0, 30.74],
               index=pd.Index(range(2008, 2020), name="year"), name="iip")
HT.attrs = {"province": "ha_tinh", "indicator": "iip", "label": "Industrial production index (IIP)",
            "unit": "pct_change", "kind": "growth", "as_of": "2019-12-25"}
VN = pd.Series([8.7, 7.8, 8.8, 7.3, 5.8, 5.9, 7.6, 9.8, 7.4],
               index=pd.Index(range(2008, 2017), name="year"), name="iip")
COLUMNS = ["model", "family", "spec", "n_obs", "forecast", "lower", "upper", "prob_reach",
           "chance", "target_percentile", "verdict", "calibrated", "notes"]


@pytest.fixture(scope="module")
def ht_check():
    return check_target(HT, 10.64, 2020)


def _hand_z(unit, upto, horizon=1, as_of="2019-12-25", scale=None):
    """Sorted normalised errors and their positions, for the committed calibration: other
    provinces, outcome years <= upto, every figure published by as_of."""
    from hatinh_analysis.calibration import chosen_calibration, distribution

    t = load_table()
    d = t[(t["method"] == "combined") & (t["horizon"] == horizon) & (t["year"] <= upto)
          & (t["unit"] != unit) & (t["published"] <= as_of)]
    z = ((d["actual"] - d["forecast"]) / d["scale"]).to_numpy()
    if chosen_calibration() == "pooled":
        return np.sort(z), np.arange(1, len(z) + 1) / (len(z) + 1), len(z)
    zs, pos, _ = distribution(z, d["year"].to_numpy(), d["scale"].to_numpy(),
                              how=chosen_calibration(), scale=scale)
    return zs, pos, len(z)


def test_structure(ht_check):
    r = ht_check
    assert isinstance(r, TargetCheck)
    assert list(r.table.columns) == COLUMNS
    assert r.table["model"].tolist() == list(MODEL_NAMES) + ["pooled", "combined"]
    assert r.table["calibrated"].tolist() == [False] * 6 + [True]
    assert all(n[0] == Note("plug-in: not calibrated") for n in r.table["notes"].iloc[:-1])
    assert r.verdict == r.table.iloc[-1]["verdict"] and r.verdict in VERDICTS
    assert set(r.table["chance"]) <= set(CHANCE_CODES)
    text = say(r.summary, "en")
    assert "Hà Tĩnh" in text and "Verdict:" in text


def test_shocks_flagged_and_left_out(ht_check):
    r = ht_check
    assert r.shock_years == (2017, 2018, 2019)
    assert list(r.excluded.index) == [2017, 2018, 2019]
    assert "2017: 4.0 robust standard deviations above the median" in str(r.shock_note)
    assert "2019 joins the shock episode of 2018" in str(r.shock_note)
    usable = r.table[r.table["forecast"].notna()]
    # no central forecast reaches the growth of any start-up year (smallest: +30.74 % in 2019)
    assert (usable["forecast"] < 30.74).all()
    # with the shocks kept, the state-space models extrapolate the start-up
    raw = check_target(HT, 10.64, 2020, shocks=False)
    assert raw.shock_years == () and "turned off" in str(raw.shock_note)
    assert raw.forecasts["ets"].mean > 30.74
    # break_years replaces the automatic handling
    b = check_target(HT, 10.64, 2020, break_years=(2017,))
    assert b.shock_years == () and "but kept: the break in" in str(b.shock_note)


def test_combined_row_by_hand(ht_check):
    r = ht_check
    fams = {}
    for name, fc in r.forecasts.items():
        if fc.ok:
            fams.setdefault(model_family(name, fc.spec), []).append(fc.mean)
    point = np.mean([np.mean(v) for v in fams.values()])
    comb = r.table.iloc[-1]
    assert comb["forecast"] == pytest.approx(point, rel=1e-12)
    # ETS(A,N,N) and ARIMA(0,1,1) never count twice
    assert sum(len(d["members"]) for d in r.families.values()) >= len(r.families)
    # calibrated quantiles: point + scale * interpolated z at its positions (i/(n+1) if pooled)
    s = max(np.median(np.abs(np.diff(r.series.to_numpy()))), 0.5)
    z, pos, n = _hand_z("ha_tinh", 2019, scale=s)
    assert n == r.calibrated.n and n >= 30
    assert r.calibrated.scale == pytest.approx(s)
    lo, hi = point + s * np.interp([0.1, 0.9], pos, z)
    assert (comb["lower"], comb["upper"]) == pytest.approx((lo, hi), rel=1e-12)
    p = 1 - np.interp((10.64 - point) / s, z, pos, left=pos[0], right=pos[-1])
    assert comb["prob_reach"] == pytest.approx(p, rel=1e-12)
    expect = ("ambitious" if p < 0.1 else "cautious" if p > 0.9
              else "uncertain" if hi - lo > r.max_width else "plausible")
    assert r.verdict == expect


def test_no_look_ahead_and_own_province_left_out():
    t = load_table().copy()
    base = check_target(HT, 10.64, 2020, table=t)
    # errors from after the origin or from the province itself must not change anything
    extra = t[t["method"] == "combined"].head(40).copy()
    late = extra.assign(year=2025, origin=2024, actual=extra["forecast"] + 500)
    own = extra.assign(unit="ha_tinh", actual=extra["forecast"] - 500)
    r = check_target(HT, 10.64, 2020, table=pd.concat([t, late, own], ignore_index=True))
    pd.testing.assert_frame_equal(r.table, base.table)
    assert max(r.calibrated.reference["years"]) <= 2019
    assert r.calibrated.reference["excluded_unit"] == "ha_tinh"


@pytest.mark.parametrize("as_of", ["2016-12-31", "2018-12-31", "2019-12-25"])
def test_a_past_check_uses_only_errors_and_coverage_published_by_its_date(as_of):
    """Vintage-exact (issue 16, item 4): the reference errors and the coverage record behind a
    check as of D come only from forecasts and outcomes published by D."""
    from hatinh_analysis.calibration import reference_errors
    from hatinh_analysis.data.store import load_series

    s = load_series("iip", "ha_tinh", as_of=as_of)
    r = check_target(s, 10.0)
    ref = r.calibrated.reference
    used = reference_errors(load_table(), horizon=1, upto_year=int(s.index[-1]), as_of=as_of,
                            exclude_unit="ha_tinh")
    assert ref["n"] == len(used) and ref["as_of"] == as_of
    assert (used["published"] <= as_of).all() and (used["made"] <= as_of).all()
    assert max(ref.get("years") or [0]) <= int(s.index[-1])
    if ref["n"]:
        assert ref["latest_published"] <= as_of
    everything = load_table()
    later = everything[(everything["method"] == "combined") & (everything["published"] > as_of)]
    assert len(later) > 0                      # the table does hold errors published later
    rec = r.calibration
    if rec.get("n"):
        known = everything[(everything["method"] == "calibrated") & (everything["horizon"] == 1)
                           & (everything["published"] <= as_of)]
        assert rec["n"] == len(known) and rec["as_of"] == as_of
        assert max(rec["outcome_years"]) <= int(as_of[:4])


def test_verdict_rule_by_hand():
    assert verdict_from(0.05, 0.05, 10, 0.8, 20) == "ambitious"
    assert verdict_from(0.95, 0.95, 10, 0.8, 20) == "cautious"
    assert verdict_from(0.5, 0.5, 10, 0.8, 20) == "plausible"
    assert verdict_from(0.5, 0.5, 25, 0.8, 20) == "uncertain"
    assert verdict_from(0.05, 0.05, 50, 0.8, 20) == "ambitious"     # clear even when wide
    assert verdict_from(0.03, 0.03, 10, 0.9, 20) == "ambitious"     # a = 0.05
    assert verdict_from(0.07, 0.07, 10, 0.9, 20) == "plausible"
    assert verdict_from(float("nan"), float("nan"), 10, 0.8, 20) == "uncertain"
    assert verdict_from(0.5, 0.95, 10, 0.8, 20) == "cautious"       # range: high end likely


def test_format_probability_never_0_or_100():
    assert format_probability(0.0) == "<1%" and format_probability(0.004) == "<1%"
    assert format_probability(1.0) == ">99%" and format_probability(0.9993) == ">99%"
    assert format_probability(0.5) == "50%" and format_probability(0.834) == "83%"
    assert format_probability(float("nan")) == "–"


def test_verdict_directions_on_national_series():
    vn = VN.copy()
    vn.attrs = {"province": "vietnam", "indicator": "iip", "unit": "pct_change"}
    assert check_target(vn, 60.0).verdict == "ambitious"
    assert check_target(vn, -20.0).verdict == "cautious"
    mid = check_target(vn, 7.6)
    assert mid.verdict == "plausible"
    assert 0.1 <= mid.prob_reach <= 0.9
    assert "Verdict: within reach" in say(mid.summary, "en")


def test_probability_monotone_in_target(ht_check):
    probs = [check_target(HT, t, 2020).prob_reach for t in (-20, 0, 10, 20, 40, 80)]
    assert all(a >= b for a, b in zip(probs, probs[1:]))
    assert 0 < probs[-1] and probs[0] < 1


def test_range_target():
    r = check_target(HT, (8.0, 12.0), 2020)
    cal = r.calibrated
    comb = r.table.iloc[-1]
    assert comb["prob_reach"] == pytest.approx(cal.cdf(12.0) - cal.cdf(8.0))
    assert r.history["n_within"] == 1
    with pytest.raises(ValueError, match="low < high"):
        check_target(HT, (12.0, 8.0))


def test_horizon_beyond_scoreboard_is_too_uncertain():
    r = check_target(HT, 10.64, target_year=2023)
    assert r.verdict == "uncertain" and not r.table.iloc[-1]["calibrated"]
    assert "one and two years ahead only" in say(r.summary, "en")


def test_to_dict_is_strict_json(ht_check):
    d = ht_check.to_dict()
    text = json.dumps(d, allow_nan=False)
    back = json.loads(text)
    assert back["verdict"] == ht_check.verdict and back["table"][-1]["model"] == "combined"
    assert back["shock_years"] == [2017, 2018, 2019]


def test_regression_snapshot():
    """Numbers reviewed for the Hà Tĩnh 2020 target (tests/results/make_hatinh_reference.py)."""
    ref = json.loads((RESULTS / "hatinh_iip_2020.json").read_text(encoding="utf-8"))
    for case in ref["cases"].values():
        r = check_target(HT, ref["target"], ref["target_year"], level=ref["level"], **case["kwargs"])
        assert r.verdict == case["verdict"]
        for g, e in zip(r.to_dict()["table"], case["table"]):
            assert g["model"] == e["model"] and g["verdict"] == e["verdict"]
            for c in ("forecast", "lower", "upper", "prob_reach"):
                if e[c] is None:
                    assert g[c] is None
                else:
                    assert g[c] == pytest.approx(e[c], rel=1e-3, abs=1e-3), (e["model"], c)


def test_short_series_notes_not_numbers():
    r = check_target(HT.iloc[:4], 10.0)           # 2008-2011
    t = r.table.set_index("model")
    for m in ("ets", "local_linear_trend", "arima"):
        assert pd.isna(t.loc[m, "verdict"]) and math.isnan(t.loc[m, "forecast"])
        assert "too few observations" in say(t.loc[m, "notes"], "en")


def test_unusable_series_raise():
    with pytest.raises(ValueError, match="no model can use this series"):
        check_target(HT.iloc[:2], 10.0, outside_view=False)
    with pytest.raises(ValueError, match="no observations"):
        check_target(pd.Series([np.nan] * 5, index=range(2001, 2006)), 7.0)


def test_parameter_validation():
    with pytest.raises(ValueError, match="level must be"):
        check_target(HT, 10.0, level=80)
    with pytest.raises(ValueError, match="target_year=2019"):
        check_target(HT, 10.0, target_year=2019)
    with pytest.raises(ValueError, match=r"unknown model name\(s\) 'holt'.*valid names: mean_growth"):
        check_target(HT, 10.0, models=["mean_growth", "holt"])
    with pytest.raises(ValueError, match="exclude_years: 2030"):
        check_target(HT, 10.0, exclude_years=(2030,))
    with pytest.raises(ValueError, match="target"):
        check_target(HT, float("nan"))
    with pytest.raises(ValueError, match="max_width"):
        check_target(HT, 10.0, max_width=-1)


def test_model_objects():
    r = check_target(HT, 10.64, models=["mean_growth", get_model("linear_trend", hac=True)])
    assert r.table["model"].tolist() == ["mean_growth", "linear_trend_hac", "pooled", "combined"]


def test_too_uncertain_still_says_direction_and_chance():
    """Issue 16, item 6: a wide range gets no verdict word, but the reader learns on which side
    of the central forecast the target lies and, when the scoreboard allows, the chance."""
    from hatinh_analysis.i18n import say
    from hatinh_analysis.target import direction_note

    r = check_target(HT, 20.0, 2020, max_width=1.0)
    assert r.verdict == "uncertain" and r.calibrated.ok
    point = r.combined["forecast"]
    side = "above" if 20.0 > point else "below"
    text = say(direction_note(r), "en")
    assert f"the target lies {side} the central forecast" in text
    assert direction_note(r) in r.summary
    if r.probability_printed:
        assert format_probability(r.prob_reach) in text
    else:
        assert "withheld" in text
    assert say(direction_note(r), "vi").startswith("Chưa đủ cơ sở để đánh giá")
    low = check_target(HT, 2.0, 2020, max_width=1.0)
    assert low.verdict != "uncertain" or "below the central forecast" in say(direction_note(low))
    plain = check_target(HT, 10.64, 2020)
    assert (direction_note(plain) is None) == (plain.verdict != "uncertain")
    inside = check_target(HT, (point - 1, point + 1), 2020, max_width=1.0)
    assert "inside the target range" in say(direction_note(inside), "en")
