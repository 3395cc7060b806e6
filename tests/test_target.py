"""Tests of hatinh_analysis.target.check_target."""
from __future__ import annotations

import json
import math
import pathlib

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from hatinh_analysis.models import MODEL_NAMES, get_model
from hatinh_analysis.target import COMBINED_RULE, TargetCheck, check_target, combine_verdicts

RESULTS = pathlib.Path(__file__).parent / "results"

HT = pd.Series([8.5, -0.8, 17.6, 6.1, 7.0, 13.1, 19.1, 20.3, 20.9, 81.76, 89.0, 30.74],
               index=pd.Index(range(2008, 2020), name="year"), name="iip")
HT.attrs = {"province": "ha_tinh", "indicator": "iip", "label": "Industrial production index (IIP)",
            "unit": "pct_change", "kind": "growth"}
VN = pd.Series([8.7, 7.8, 8.8, 7.3, 5.8, 5.9, 7.6, 9.8, 7.4],
               index=pd.Index(range(2008, 2017), name="year"), name="iip")
COLUMNS = ["model", "spec", "n_obs", "forecast", "lower", "upper", "prob_reach",
           "target_percentile", "verdict", "aicc", "notes"]


@pytest.fixture(scope="module")
def ht_check():
    return check_target(HT, 10.64)


def test_structure(ht_check):
    r = ht_check
    assert isinstance(r, TargetCheck)
    assert list(r.table.columns) == COLUMNS
    assert r.table["model"].tolist() == list(MODEL_NAMES)
    assert r.target_year == 2020 and r.level == 0.8 and r.target == 10.64
    assert set(r.forecasts) == set(MODEL_NAMES)
    assert r.verdict in ("consistent", "ambitious", "conservative", "mixed")
    assert COMBINED_RULE in r.summary and "Combined verdict" in r.summary
    assert "Hà Tĩnh" in r.summary
    assert r.series.equals(HT)


def test_table_matches_forecasts_and_scipy(ht_check):
    r = ht_check
    for row in r.table.itertuples():
        fc = r.forecasts[row.model]
        lo, hi = fc.interval(0.8)
        assert (row.lower, row.upper, row.forecast) == (lo, hi, fc.mean)
        d = fc.distribution
        if d.transform == "log1p_pct":      # mean_growth: t on log scale
            z = (math.log1p(10.64 / 100) - d.loc) / d.scale
            expect = stats.t.sf(z, d.df)
            q = 100 * np.expm1(d.loc + d.scale * stats.t.ppf([0.1, 0.9], d.df))
        elif d.family == "t":               # linear_trend
            expect = stats.t.sf((10.64 - d.loc) / d.scale, d.df)
            q = d.loc + d.scale * stats.t.ppf([0.1, 0.9], d.df)
        else:                               # state-space models: normal
            expect = stats.norm.sf(10.64, d.loc, d.scale)
            q = stats.norm.ppf([0.1, 0.9], d.loc, d.scale)
        assert row.prob_reach == pytest.approx(expect, rel=1e-9)
        assert row.target_percentile == pytest.approx(100 * (1 - expect), rel=1e-9)
        assert (row.lower, row.upper) == pytest.approx(tuple(q), rel=1e-9)
        expected_verdict = ("ambitious" if 10.64 > hi else "conservative" if 10.64 < lo
                            else "consistent")
        assert row.verdict == expected_verdict


def test_history(ht_check):
    h = ht_check.history
    # sorted: -0.8 6.1 7.0 8.5 | 13.1 17.6 19.1 20.3 20.9 30.74 81.76 89.0
    assert (h["n"], h["n_below"], h["n_above"], h["n_equal"]) == (12, 4, 8, 0)
    assert h["percentile"] == pytest.approx(100 * 4 / 12)
    assert (h["min"], h["median"], h["max"]) == (-0.8, pytest.approx(18.35), 89.0)


def test_to_dict_is_strict_json(ht_check):
    d = ht_check.to_dict()
    text = json.dumps(d, allow_nan=False)
    assert json.loads(text)["verdict"] == ht_check.verdict
    r = check_target(HT, 10.64, break_years=(2017,))          # has a NaN row (ets)
    d = r.to_dict()
    json.dumps(d, allow_nan=False)
    ets = [row for row in d["table"] if row["model"] == "ets"][0]
    assert ets["forecast"] is None and ets["verdict"] is None
    assert isinstance(d["table"][0]["forecast"], float)


def test_regression_snapshot():
    """Numbers reviewed for the Hà Tĩnh 2020 target (tests/results/make_hatinh_reference.py)."""
    ref = json.loads((RESULTS / "hatinh_iip_2020.json").read_text(encoding="utf-8"))
    for case in ref["cases"].values():
        r = check_target(HT, ref["target"], ref["target_year"], level=ref["level"],
                         **case["kwargs"])
        assert r.verdict == case["verdict"]
        got = r.to_dict()["table"]
        for g, e in zip(got, case["table"]):
            assert g["model"] == e["model"] and g["spec"] == e["spec"]
            assert g["verdict"] == e["verdict"] and g["n_obs"] == e["n_obs"]
            for c in ("forecast", "lower", "upper", "prob_reach", "target_percentile", "aicc"):
                if e[c] is None:
                    assert g[c] is None
                else:
                    assert g[c] == pytest.approx(e[c], rel=1e-3, abs=1e-3), (e["model"], c)


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_monotone_in_target(name):
    """A higher target never has a higher probability of being reached."""
    grid = np.linspace(-50, 150, 81)
    r_probs = [check_target(HT, t, models=name).table["prob_reach"].iloc[0] for t in grid[::10]]
    assert all(a >= b for a, b in zip(r_probs, r_probs[1:]))
    fc = get_model(name).forecast(HT, 2020)
    probs = fc.sf(grid)
    assert np.all(np.diff(probs) <= 1e-15)
    pct = 100 * fc.cdf(grid)
    assert np.all(np.diff(pct) >= -1e-13)


def test_range_target():
    r = check_target(HT, (8.0, 12.0))
    assert r.target == (8.0, 12.0)
    for row in r.table.itertuples():
        fc = r.forecasts[row.model]
        assert row.prob_reach == pytest.approx(fc.cdf(12.0) - fc.cdf(8.0), rel=1e-12)
        assert row.target_percentile == pytest.approx(100 * fc.cdf(10.0), rel=1e-12)
        assert "midpoint" in row.notes
        lo, hi = fc.interval(0.8)
        overlap = not (8.0 > hi or 12.0 < lo)
        assert (row.verdict == "consistent") == overlap
    assert "midpoint" in r.summary
    assert r.history["n_within"] == 1            # 8.5 is inside 8-12
    # a wider range is at least as probable
    wide = check_target(HT, (5.0, 15.0))
    assert np.all(wide.table["prob_reach"].to_numpy() >= r.table["prob_reach"].to_numpy())
    with pytest.raises(ValueError, match="low < high"):
        check_target(HT, (12.0, 8.0))
    with pytest.raises(ValueError, match="range must be"):
        check_target(HT, (1.0, 2.0, 3.0))


def test_verdict_directions():
    # far above every interval / far below every interval
    assert check_target(VN, 60.0).verdict == "ambitious"
    assert check_target(VN, -20.0).verdict == "conservative"
    assert check_target(VN, 7.6).verdict == "consistent"
    assert "ambitious — " in check_target(VN, 60.0).summary


def test_combine_verdicts_rule():
    assert combine_verdicts(["consistent"] * 3 + ["ambitious"] * 2) == (
        "consistent", {"consistent": 3, "ambitious": 2, "conservative": 0})
    assert combine_verdicts(["consistent", "ambitious"])[0] == "mixed"
    assert combine_verdicts(["consistent", "consistent", "ambitious", "conservative"])[0] == "mixed"
    assert combine_verdicts(["conservative", None])[0] == "conservative"
    with pytest.raises(ValueError):
        combine_verdicts([None])


def test_exclusions_and_breaks(ht_check):
    r = check_target(HT, 10.64, exclude_years=(2017, 2018))
    assert r.table["n_obs"].tolist() == [10] * 5
    assert all("years excluded: 2017, 2018" in n for n in r.table["notes"])
    assert r.history["n"] == 10 and list(r.excluded.index) == [2017, 2018]
    assert "Excluded from estimation: 2017, 2018" in r.summary
    b = check_target(HT, 10.64, break_years=(2017,))
    assert all("assumed to persist into 2020" in n for n in b.table["notes"])
    ets = b.table.set_index("model").loc["ets"]
    assert pd.isna(ets["verdict"]) and math.isnan(ets["forecast"])
    assert "Not usable: ets" in b.summary
    assert b.history["since_last_break"]["n"] == 3
    s = check_target(HT, 10.64, start_year=2012)
    assert s.history["first_year"] == 2012 and s.table["n_obs"].max() == 8


def test_gaps_are_handled():
    r = check_target(HT.drop([2012, 2013]), 10.64)
    assert r.table["n_obs"].tolist() == [10] * 5
    assert "No published figure for 2012, 2013" in r.summary


def test_short_series_notes_not_numbers():
    r = check_target(HT.iloc[:3], 10.0)           # 2008-2010: only mean_growth can work
    t = r.table.set_index("model")
    assert t.loc["mean_growth", "verdict"] == "consistent"
    for m in MODEL_NAMES[1:]:
        assert pd.isna(t.loc[m, "verdict"]) and math.isnan(t.loc[m, "forecast"])
        assert "too few observations" in t.loc[m, "notes"]
    assert "1 of 1 usable models" in r.summary


def test_unusable_series_raise():
    with pytest.raises(ValueError, match="no model can use this series"):
        check_target(HT.iloc[:2], 10.0)
    const = pd.Series([7.0] * 10, index=range(2001, 2011))
    with pytest.raises(ValueError, match="constant"):
        check_target(const, 7.0)
    with pytest.raises(ValueError, match="no observations"):
        check_target(pd.Series([np.nan] * 5, index=range(2001, 2006)), 7.0)


def test_parameter_validation():
    with pytest.raises(ValueError, match="level must be"):
        check_target(HT, 10.0, level=80)
    with pytest.raises(ValueError, match="level must be"):
        check_target(HT, 10.0, level=1.0)
    with pytest.raises(ValueError, match="target_year=2019"):
        check_target(HT, 10.0, target_year=2019)
    with pytest.raises(ValueError, match=r"unknown model name\(s\) 'holt'.*valid names: mean_growth"):
        check_target(HT, 10.0, models=["mean_growth", "holt"])
    with pytest.raises(ValueError, match="models is empty"):
        check_target(HT, 10.0, models=[])
    with pytest.raises(ValueError, match="exclude_years: 2030"):
        check_target(HT, 10.0, exclude_years=(2030,))
    with pytest.raises(ValueError, match="break_years: 2007"):
        check_target(HT, 10.0, break_years=(2007,))
    with pytest.raises(ValueError, match="target"):
        check_target(HT, float("nan"))
    with pytest.raises(ValueError, match="target"):
        check_target(HT, "10%")
    with pytest.raises(ValueError, match="start_year"):
        check_target(HT, 10.0, start_year=2025)


def test_model_objects_and_horizon():
    r = check_target(HT, 10.64, models=["mean_growth", get_model("linear_trend", hac=True)])
    assert r.table["model"].tolist() == ["mean_growth", "linear_trend_hac"]
    r2 = check_target(HT, 10.64, target_year=2021, models="linear_trend")
    assert r2.table.loc[0, "forecast"] > r.forecasts["mean_growth"].mean
    assert "forecast horizon 2 years" in r2.table.loc[0, "notes"]


def test_with_data_layer_if_available():
    store = pytest.importorskip("hatinh_analysis.data.store")
    try:
        iip = store.load_series("iip")
    except Exception as exc:  # data not built in this checkout
        pytest.skip(f"load_series not usable here: {exc}")
    pd.testing.assert_series_equal(iip.astype(float), HT, check_names=False, check_index_type=False)
    r = check_target(iip, 10.64)
    ref = check_target(HT, 10.64)
    np.testing.assert_allclose(r.table["forecast"].to_numpy(dtype=float),
                               ref.table["forecast"].to_numpy(dtype=float), rtol=1e-6)
    assert "Not yet final" in r.summary      # statuses from attrs: 2011 preliminary, 2017-19 estimates
