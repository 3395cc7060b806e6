"""Tests of hatinh_analysis.growth (expected numbers computed by hand in comments)."""
from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from hatinh_analysis.growth import (cagr, chain_link, cross_check_targets, growth_to_index,
                                    implied_growth, index_to_growth)


def s(values, start=2001):
    return pd.Series([float(v) for v in values], index=pd.Index(range(start, start + len(values)),
                                                                  name="year"))


def test_index_to_growth_scalars_and_noise():
    assert index_to_growth(108.5) == 8.5
    assert index_to_growth(117.6) == 17.6          # not 17.599999999999994
    assert index_to_growth(99.2) == -0.8
    assert growth_to_index(8.5) == 108.5
    assert growth_to_index(index_to_growth(113.21)) == 113.21


def test_index_to_growth_series_keeps_index_and_attrs():
    idx = s([108.5, 99.2, 117.6, 106.1], 2008)
    idx.attrs = {"unit": "index_prev_year=100", "province": "ha_tinh"}
    g = index_to_growth(idx)
    assert g.tolist() == [8.5, -0.8, 17.6, 6.1]
    assert list(g.index) == [2008, 2009, 2010, 2011]
    assert g.attrs == {"unit": "pct_change", "province": "ha_tinh"}
    assert idx.attrs["unit"] == "index_prev_year=100"   # input untouched
    back = growth_to_index(g)
    assert back.tolist() == [108.5, 99.2, 117.6, 106.1]
    assert back.attrs["unit"] == "index_prev_year=100"
    np.testing.assert_array_equal(index_to_growth(np.array([100.0, 105.8])), [0.0, 5.8])
    with pytest.raises(TypeError):
        index_to_growth("108.5")


def test_chain_link_basic():
    # 2000 = 100; +10 % -> 110; +20 % -> 132; -50 % -> 66
    lv = chain_link(s([10, 20, -50]))
    assert list(lv.index) == [2000, 2001, 2002, 2003]
    np.testing.assert_allclose(lv.to_numpy(), [100.0, 110.0, 132.0, 66.0])
    assert lv.attrs["base_year"] == 2000 and lv.name == "index_2000=100"


def test_chain_link_base_year_in_middle():
    # base 2002 = 100: 2001 = 100/1.2, 2000 = 100/(1.2*1.1), 2003 = 50
    lv = chain_link(s([10, 20, -50]), base_year=2002)
    np.testing.assert_allclose(lv.to_numpy(), [100 / 1.32, 100 / 1.2, 100.0, 50.0])
    with pytest.raises(ValueError, match="base_year=1990"):
        chain_link(s([10, 20]), base_year=1990)


def test_chain_link_gap_breaks_chain():
    g = s([10, 20, 5, 5], 2001).drop(2003)          # no growth rate for 2003
    lv = chain_link(g)                              # base 2000
    assert lv.loc[2000] == 100.0 and lv.loc[2002] == pytest.approx(132.0)
    assert np.isnan(lv.loc[2003]) and np.isnan(lv.loc[2004])
    lv2 = chain_link(g, base_year=2004)             # base after the gap
    assert lv2.loc[2004] == 100.0
    assert lv2.loc[2003] == pytest.approx(100 / 1.05)  # linked to 2004 by g_2004
    assert np.isnan(lv2.loc[2002]) and np.isnan(lv2.loc[2000])  # link 2002 -> 2003 missing
    with pytest.raises(ValueError, match="no growth rate for 2003"):
        chain_link(g, gaps="raise")
    with pytest.raises(ValueError, match="gaps must be"):
        chain_link(g, gaps="bridge")


def test_cagr():
    # sqrt(1.1 * 1.2) - 1 = 0.148912...
    assert cagr(s([10, 20])) == pytest.approx(100 * (math.sqrt(1.32) - 1), rel=1e-12)
    assert cagr(s([10, 20, 30]), start_year=2002, end_year=2003) == pytest.approx(
        100 * (math.sqrt(1.2 * 1.3) - 1), rel=1e-12)
    with pytest.raises(ValueError, match="no growth rate for 2002"):
        cagr(s([10, 20, 30]).drop(2002))
    with pytest.raises(ValueError, match="after end_year"):
        cagr(s([10, 20]), start_year=2002, end_year=2001)


def test_implied_growth_real_plan():
    # 2020 plan 84,142 bn VND vs 2019 75,800 bn VND: (84142/75800 - 1)*100 = 11.00527704...
    assert implied_growth(84142, 75800) == pytest.approx((84142 / 75800 - 1) * 100, rel=1e-15)
    assert round(implied_growth(84142, 75800), 2) == 11.01
    for bad in (0, -1, float("nan"), "1"):
        with pytest.raises(ValueError):
            implied_growth(100, bad)


def test_cross_check_refuses_different_bases():
    with pytest.raises(ValueError) as e:
        cross_check_targets(10.64, 84142, 75800, value_basis="constant_2010",
                            base_basis="comparable_unstated")
    assert "constant_2010" in str(e.value) and "comparable_unstated" in str(e.value)
    with pytest.raises(ValueError, match="current prices"):
        cross_check_targets(10.64, 84142, 75800, value_basis="constant_2010",
                            base_basis="current_prices", assume_same_basis=True)
    with pytest.raises(ValueError, match="not a known price basis"):
        cross_check_targets(10.64, 84142, 75800, value_basis="2010", base_basis="2010")


def test_cross_check_with_override_and_history():
    # published industrial output value growth (curated observations.csv)
    value_growth = pd.Series([84.87, 32.12], index=pd.Index([2017, 2019], name="year"))
    iip = pd.Series([20.9, 81.76, 89.0, 30.74], index=pd.Index([2016, 2017, 2018, 2019]))
    r = cross_check_targets(10.64, 84142, 75800, value_basis="constant_2010",
                            base_basis="comparable_unstated", assume_same_basis=True,
                            value_growth_history=value_growth, iip_history=iip)
    assert r.implied_value_growth == pytest.approx(11.005277044854881, rel=1e-12)
    assert r.gap_pp == pytest.approx(11.005277044854881 - 10.64, rel=1e-12)   # +0.365 pp
    assert r.same_basis_assumed and "comparable_unstated" in r.caveats[0]
    # historical gaps: 2017 84.87 - 81.76 = +3.11 pp; 2019 32.12 - 30.74 = +1.38 pp
    assert list(r.history.index) == [2017, 2019]
    np.testing.assert_allclose(r.history["gap_pp"].to_numpy(), [3.11, 1.38], atol=1e-9)
    assert r.history_gap["n"] == 2 and r.history_gap["min"] == pytest.approx(1.38)
    assert "outside the historical range" in r.summary    # 0.37 < 1.38
    assert "Caveat" in r.summary
    json.dumps(r.to_dict(), allow_nan=False)


def test_cross_check_same_basis_no_caveat():
    r = cross_check_targets(10.0, 110, 100, value_basis="constant_2010", base_basis="constant_2010")
    assert r.implied_value_growth == pytest.approx(10.0)
    assert r.gap_pp == pytest.approx(0.0, abs=1e-12)
    assert not r.caveats and not r.same_basis_assumed and r.history_gap["n"] == 0
    with pytest.raises(ValueError, match="give both"):
        cross_check_targets(10.0, 110, 100, value_basis="constant_2010",
                            base_basis="constant_2010", iip_history=s([1, 2]))
