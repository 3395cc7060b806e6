"""Tests of hatinh_analysis.breaks (Chow and CUSUM tests)."""
from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from hatinh_analysis.breaks import chow_test, cusum_test

HT = pd.Series([8.5, -0.8, 17.6, 6.1, 7.0, 13.1, 19.1, 20.3, 20.9, 81.76, 89.0, 30.74],
               index=pd.Index(range(2008, 2020), name="year"), name="iip")


def _ssr(X, y):
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    r = y - X @ beta
    return float(r @ r)


@pytest.mark.parametrize("trend,slope", [(True, False), (False, False), (True, True)])
def test_chow_against_restricted_unrestricted_ssr(trend, slope):
    y = HT.to_numpy()
    t = HT.index.to_numpy() - 2017.0
    d = (t >= 0).astype(float)
    base = [np.ones(12)] + ([t] if trend else [])
    Xr = np.column_stack(base)
    Xu = np.column_stack(base + [d] + ([t * d] if slope else []))
    q, k = (2 if slope else 1), Xu.shape[1]
    # Chow (1960): F = ((SSR_r - SSR_u)/q) / (SSR_u/(n - k))
    F = ((_ssr(Xr, y) - _ssr(Xu, y)) / q) / (_ssr(Xu, y) / (12 - k))
    res = chow_test(HT, 2017, trend=trend, slope=slope)
    assert res.ok and res.n == 12
    assert res.statistic == pytest.approx(F, rel=1e-9)
    assert res.pvalue == pytest.approx(stats.f.sf(F, q, 12 - k), rel=1e-9)
    assert res.details["n_before"] == 9 and res.details["n_after"] == 3
    assert "low power" in res.caveat and "Andrews" in res.caveat
    json.dumps(res.to_dict(), allow_nan=False)


def test_chow_too_few_and_errors():
    short = HT.loc[2012:2016]          # 5 years, break 2016: 1 year after, df = 2
    res = chow_test(short, 2016)
    assert not res.ok and math.isnan(res.statistic) and "too few observations" in str(res.notes[0])
    with pytest.raises(ValueError, match="slope=True needs trend=True"):
        chow_test(HT, 2017, slope=True, trend=False)
    with pytest.raises(ValueError, match="break_years: 2008"):
        chow_test(HT, 2008)
    with pytest.raises(ValueError, match="expected an integer year"):
        chow_test(HT, "2017")


def test_cusum_against_formula():
    from statsmodels.stats.diagnostic import breaks_cusumolsresid

    y = HT.to_numpy()
    resid = y - y.mean()
    res = cusum_test(HT)
    # Ploberger & Kraemer (1992): sup |cumsum(e)| / (sigma sqrt(n)), sigma^2 = SSR/(n - k)
    sigma = math.sqrt(resid @ resid / (12 - 1))
    stat = np.max(np.abs(np.cumsum(resid))) / (sigma * math.sqrt(12))
    assert res.ok and res.statistic == pytest.approx(stat, rel=1e-9)
    assert res.pvalue == pytest.approx(breaks_cusumolsresid(resid, ddof=1)[1], rel=1e-9)
    assert set(res.details["critical_values"]) == {"1%", "5%", "10%"}
    assert list(res.details["path"]) == list(range(2008, 2020))
    assert res.details["max_at"] == 2016
    assert "low power" in res.caveat
    json.dumps(res.to_dict(), allow_nan=False)


def test_cusum_too_few():
    res = cusum_test(HT.iloc[:7])
    assert not res.ok and "too few observations" in str(res.notes[0])
    assert cusum_test(HT, trend=True).ok


def test_detect_shocks_flags_a_planted_jump_not_noise():
    import numpy as np
    import pandas as pd

    from hatinh_analysis.breaks import detect_shocks

    rng = np.random.default_rng(7)
    years = range(2008, 2020)
    caught, flagged_years, total = 0, 0, 0
    for _ in range(300):
        noise = pd.Series(rng.normal(8, 3, 12), index=years)
        r = detect_shocks(noise)
        flagged_years += len(r.years)
        total += 12
        jump = noise.copy()
        jump.loc[2017] += 40            # a plant start-up: about 13 standard deviations
        caught += 2017 in detect_shocks(jump).years
    assert caught >= 297                # the planted jump is found
    assert flagged_years / total < 0.025  # ordinary noise: about 1% of years at most


def test_detect_shocks_hatinh_episode_by_hand():
    import pandas as pd

    from hatinh_analysis.breaks import detect_shocks

    ht = pd.Series([8.5, -0.8, 17.6, 6.1, 7.0, 13.1, 19.1, 20.3, 20.9, 81.76, 89.0, 30.74],
                   index=range(2008, 2020))
    r = detect_shocks(ht)
    # median 18.35, MAD 10.6 -> robust sd 15.716; z(2017) = 63.41/15.716 = 4.03, z(2018) = 4.50
    assert r.median == pytest.approx(18.35) and r.scale == pytest.approx(1.482602218505602 * 10.6)
    assert r.scores[2017] == pytest.approx(63.41 / r.scale)
    # without 2017/2018: median 15.35, MAD 6.2 -> z(2019) = 15.39 / 9.19 = 1.67 > 1.5, next to 2018
    assert r.years == (2017, 2018, 2019)
    assert "2019 joins the shock episode of 2018" in str(r.reason(2019))
    short = detect_shocks(ht.iloc[:4])
    assert not short.ok and short.years == ()


def test_detect_shocks_floor_leaves_a_calm_series_alone_and_finds_a_jump():
    import pandas as pd

    from hatinh_analysis.breaks import SHOCK_SCALE_FLOOR, detect_shocks

    # Nghệ An IIP as published by 2019-12-25 (yearbook 2011, PX-Web 2018-09): MAD 0.7 points
    na = pd.Series([9.8, -2.3, 21.0, 24.5, 9.7, 6.0, 10.0, 9.0, 9.4], index=range(2008, 2017))
    bare = detect_shocks(na)
    assert bare.years == (2009, 2010, 2011, 2013)          # the finding, 11-14 robust sd
    floored = detect_shocks(na, scale_floor=SHOCK_SCALE_FLOOR)
    # scale max(1.038, 4.4) = 4.4; |24.5 - 9.7| / 4.4 = 3.36 < 3.5: no year flagged
    assert floored.scale == pytest.approx(4.4) and floored.mad_scale == pytest.approx(bare.scale)
    assert floored.scores[2011] == pytest.approx(14.8 / 4.4)
    assert len(floored.years) <= 1 and floored.years == ()
    jump = na.copy()
    jump.loc[2015] += 30                                     # a plant start: found through the floor
    assert detect_shocks(jump, scale_floor=SHOCK_SCALE_FLOOR).years == (2015,)
    with pytest.raises(ValueError, match="scale_floor"):
        detect_shocks(na, scale_floor=-1)


def test_detect_shocks_floor_noise_and_planted_jump():
    import numpy as np
    import pandas as pd

    from hatinh_analysis.breaks import detect_shocks

    rng = np.random.default_rng(11)
    years = range(2008, 2020)
    caught = flagged = 0
    for _ in range(300):
        calm = pd.Series(rng.normal(9, 1, 12), index=years)   # calmer than the panel's typical
        flagged += len(detect_shocks(calm, scale_floor=4.4).years)
        jump = calm.copy()
        jump.loc[2016] += 25
        caught += 2016 in detect_shocks(jump, scale_floor=4.4).years
    assert flagged == 0 and caught == 300


def test_shock_scale_floor_matches_the_constant_and_its_script():
    from hatinh_analysis.breaks import SHOCK_SCALE_FLOOR
    from hatinh_analysis.combination import load_panel, shock_scale_floor

    panel, _ = load_panel("iip")
    floor, source = shock_scale_floor(panel)   # what benchmarks/shock_floor.py prints
    assert floor == pytest.approx(SHOCK_SCALE_FLOOR) and "63 comparable series" in source
    assert shock_scale_floor(None)[0] == SHOCK_SCALE_FLOOR
    assert shock_scale_floor(panel[panel["unit"].isin(["nghe_an", "ha_tinh"])])[0] == SHOCK_SCALE_FLOOR


def test_run_ensemble_nghe_an_calm_ha_tinh_flagged():
    from hatinh_analysis.combination import load_panel, run_ensemble
    from hatinh_analysis.data.store import load_series

    panel, nat = load_panel("iip", "2019-12-25")
    na = run_ensemble(load_series("iip", "nghe_an", as_of="2019-12-25"), panel=panel,
                      national=nat, outside_view=False)
    assert len(na.shocks.years) <= 1 and na.shocks.floor == pytest.approx(4.4)
    ht = run_ensemble(load_series("iip", "ha_tinh", as_of="2019-12-25"), panel=panel,
                      national=nat, outside_view=False)
    assert {2017, 2018} <= set(ht.shock_years)
