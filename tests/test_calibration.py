"""Calibration (split conformal) and the scoreboard's scores, against hand computations and
synthetic series with a known distribution."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from hatinh_analysis.calibration import (MIN_REFERENCE, CalibratedForecast, calibrate, load_table,
                                         reference_errors, table_info)
from hatinh_analysis.evaluation import _row_from, coverage_word, score_rows, wilson
from hatinh_analysis.models.base import Forecast


def _synthetic_table(rng, n_series=60, years=range(2001, 2011)):
    """Combined forecasts of series whose outcomes are forecast + scale * t(4) noise."""
    rows = []
    for i in range(n_series):
        s = rng.uniform(0.5, 8.0)
        for y in years:
            f = rng.normal(8, 3)
            rows.append({"series": f"s{i}:iip", "unit": f"s{i}", "method": "combined", "horizon": 1,
                         "origin": y - 1, "year": y, "forecast": f, "scale": s,
                         "actual": f + s * rng.standard_t(4)})
    return pd.DataFrame(rows)


@pytest.mark.parametrize("level", [0.8, 0.95])
def test_synthetic_coverage_within_binomial_band(level):
    """Known distribution: scale-heterogeneous t(4) errors. Conformal intervals built from
    other series' past errors reach nominal coverage within the Wilson band (a fresh
    reference class per trial, so the trials are independent)."""
    rng = np.random.default_rng(20261201)
    hits, n = 0, 0
    for trial in range(400):
        table = _synthetic_table(rng, n_series=20, years=range(2007, 2011))
        s = rng.uniform(0.5, 8.0)
        f = rng.normal(8, 3)
        y = f + s * rng.standard_t(4)
        cal = calibrate(f, s, target_year=2011, horizon=1, upto_year=2010,
                        exclude_unit="s0", table=table)
        lo, hi = cal.interval(level)
        hits += lo <= y <= hi
        n += 1
    lo_b, hi_b = wilson(hits, n, alpha=0.01)
    assert lo_b <= level <= hi_b, (hits, n)
    # the same with plug-in normal intervals of the wrong (unit) scale would fail
    naive_hits = sum(abs(rng.standard_t(4) * rng.uniform(0.5, 8)) <= stats.norm.ppf(0.5 + level / 2)
                     for _ in range(400))
    assert wilson(naive_hits, 400, alpha=0.01)[1] < level


def test_quantiles_and_probabilities_by_hand():
    z = np.arange(-15, 16, dtype=float) / 10          # 31 errors: -1.5 ... 1.5
    cf = CalibratedForecast(10.0, 2.0, z, 2020)
    assert cf.ok and cf.n == 31 and MIN_REFERENCE <= 31
    # plotting position k/(n+1) maps to the k-th smallest error exactly
    assert cf.ppf(1 / 32) == pytest.approx(10 + 2 * -1.5)
    assert cf.ppf(16 / 32) == pytest.approx(10.0)
    assert cf.ppf(0.01) == -math.inf and cf.ppf(0.99) == math.inf   # beyond the data: unbounded
    lo, hi = cf.interval(0.8)          # positions 0.1 and 0.9: interpolated at k = 3.2 and 28.8
    assert lo == pytest.approx(10 + 2 * (-1.5 + 0.1 * 2.2)) and hi == pytest.approx(10 + 2 * (-1.5 + 0.1 * 27.8))
    assert cf.sf(10.0) == pytest.approx(0.5)
    assert cf.sf(100.0) == pytest.approx(1 / 32) and cf.sf(-100.0) == pytest.approx(31 / 32)
    assert cf.prob_between(9.0, 11.0) == pytest.approx((21 - 11) / 32)


def test_too_few_errors_give_no_distribution():
    cf = CalibratedForecast(10.0, 2.0, np.zeros(MIN_REFERENCE - 1), 2020)
    assert not cf.ok and math.isnan(cf.interval(0.8)[0])


def test_interval_score_msis_coverage_and_crps_by_hand():
    rows = pd.DataFrame({
        "method": ["m", "m"], "horizon": [1, 1], "actual": [12.0, 5.0], "forecast": [10.0, 10.0],
        "q025": [6.0, 6.0], "q10": [8.0, 8.0], "q25": [9.0, 9.0], "q75": [11.0, 11.0],
        "q90": [12.5, 12.5], "q975": [14.0, 14.0], "m4_scale": [2.0, 4.0], "crps": [1.0, 3.0],
        "threshold": [11.0, 11.0], "prob_reach": [0.3, 0.3]})
    s = score_rows(rows).iloc[0]
    # 80 %: row 1 inside (width 4.5), row 2 below by 3 -> 4.5 + 2/0.2 * 3 = 34.5
    assert s["hits_80"] == 1 and s["is_80"] == pytest.approx((4.5 + 34.5) / 2)
    assert s["msis_80"] == pytest.approx((4.5 / 2 + 34.5 / 4) / 2)
    # 95 %: row 2 below 6 by 1 -> 8 + 2/0.05 * 1 = 48
    assert s["hits_95"] == 1 and s["is_95"] == pytest.approx((8 + 48) / 2)
    # 50 %: row 1 above 11 by 1 -> 2 + 2/0.5 * 1 = 6; row 2 -> 2 + 4 * 4 = 18 (not reported)
    assert s["hits_50"] == 0
    assert s["mae"] == pytest.approx(3.5) and s["crps"] == pytest.approx(2.0)
    assert s["brier"] == pytest.approx(((0.3 - 1) ** 2 + 0.3 ** 2) / 2)


def test_crps_of_a_normal_forecast_matches_closed_form():
    fc = Forecast(model="x", target_year=2020)
    fc.set_normal(0.0, 1.0, spec="", aicc=float("nan"), params={})
    base = {"threshold": 0.0}
    # CRPS(N(0,1), 0) = 2 phi(0) - 1/sqrt(pi) = 0.23369...
    assert _row_from(fc, base, "x", 0.0)["crps"] == pytest.approx(2 * stats.norm.pdf(0) - 1 / math.sqrt(math.pi), rel=5e-3)
    y = 1.3   # Gneiting & Raftery (2007) eq. 21
    exact = y * (2 * stats.norm.cdf(y) - 1) + 2 * stats.norm.pdf(y) - 1 / math.sqrt(math.pi)
    assert _row_from(fc, base, "x", y)["crps"] == pytest.approx(exact, rel=5e-3)


def test_wilson_and_words_by_hand():
    lo, hi = wilson(8, 10)
    z = stats.norm.ppf(0.975)
    c, h = (8 + z * z / 2) / (10 + z * z), z * math.sqrt(10 * 0.8 * 0.2 + z * z / 4) / (10 + z * z)
    assert (lo, hi) == pytest.approx((c - h, c + h))
    assert coverage_word(40, 100, 0.8) == "too narrow"
    assert coverage_word(99, 100, 0.8) == "too wide"
    assert coverage_word(80, 100, 0.8) == "as promised"
    assert coverage_word(3, 5, 0.8) == "too few forecasts"


def test_committed_table_matches_the_data():
    """After a data change, rebuild: python -m hatinh_analysis.evaluation build."""
    info = table_info()
    assert info["current"], ("hatinh_analysis/scoreboard.csv was built from other data "
                             f"({info['settings']['data_fingerprint']}); rebuild it with "
                             "`python -m hatinh_analysis.evaluation build`")


def test_committed_calibrated_rows_use_only_the_past_of_other_provinces():
    t = load_table()
    cal = t[t["method"] == "calibrated"]
    assert len(cal) > 0
    for r in cal.sample(5, random_state=1).itertuples():
        ref = reference_errors(t, horizon=r.horizon, upto_year=r.origin, exclude_unit=r.unit)
        assert len(ref) == r.n_reference and (ref["year"] <= r.origin).all()
        comb = t[(t["method"] == "combined") & (t["series"] == r.series) & (t["origin"] == r.origin)
                 & (t["horizon"] == r.horizon)].iloc[0]
        cf = calibrate(comb["forecast"], comb["scale"], target_year=r.year, horizon=r.horizon,
                       upto_year=r.origin, exclude_unit=r.unit, table=t)
        assert cf.interval(0.8) == pytest.approx((r.q10, r.q90), rel=1e-4)
