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


def test_committed_calibrated_rows_use_only_errors_published_when_they_were_made():
    t = load_table()
    cal = t[t["method"] == "calibrated"]
    assert len(cal) > 0
    how = table_info()["settings"]["calibration"]
    for r in cal.sample(8, random_state=1).itertuples():
        ref = reference_errors(t, horizon=r.horizon, upto_year=r.origin, exclude_unit=r.unit,
                               as_of=r.made)
        assert len(ref) == r.n_reference and (ref["year"] <= r.origin).all()
        assert (ref["published"] <= r.made).all() and r.made <= r.published
        comb = t[(t["method"] == "combined") & (t["series"] == r.series) & (t["origin"] == r.origin)
                 & (t["horizon"] == r.horizon)].iloc[0]
        cf = calibrate(comb["forecast"], comb["scale"], target_year=r.year, horizon=r.horizon,
                       upto_year=r.origin, exclude_unit=r.unit, table=t, as_of=r.made, how=how)
        assert cf.interval(0.8) == pytest.approx((r.q10, r.q90), rel=1e-4)


def test_reference_errors_as_of_drops_rows_published_later():
    t = pd.DataFrame({"series": ["a:iip", "b:iip", "c:iip"], "unit": ["a", "b", "c"],
                      "method": "combined", "horizon": 1, "year": [2015, 2015, 2016],
                      "forecast": 1.0, "actual": 2.0, "scale": 1.0,
                      "published": ["2016-12-29", "2018-09-30", "2017-01-05"]})
    got = reference_errors(t, horizon=1, upto_year=2016, as_of="2017-01")
    assert list(got["series"]) == ["a:iip", "c:iip"]       # "2017-01" means 2017-01-31
    assert list(reference_errors(t, horizon=1, upto_year=2016, as_of="2016-12-31")["series"]) == ["a:iip"]
    assert len(reference_errors(t, horizon=1, upto_year=2016)) == 3
    with pytest.raises(KeyError, match="published"):
        reference_errors(t.drop(columns="published"), horizon=1, upto_year=2016, as_of="2017")


def test_coverage_record_counts_only_outcomes_known_by_as_of():
    from hatinh_analysis.calibration import coverage_record

    t = pd.DataFrame({"method": "calibrated", "horizon": 1, "year": [2015, 2016, 2020],
                      "actual": [1.0, 5.0, 9.0], "q10": 0.0, "q90": 2.0,
                      "published": ["2016-12-29", "2017-12-29", "2020-12-27"]})
    rec = coverage_record(t, horizon=1, level=0.8, as_of="2019-12-25")
    assert (rec["hits"], rec["n"], rec["outcome_years"]) == (1, 2, [2015, 2016])
    assert coverage_record(t, horizon=1, level=0.8)["n"] == 3
    assert "not scored" in coverage_record(t, horizon=1, level=0.9)["word"]


@pytest.mark.parametrize("how", ["year_blocks", "similar", "year_effects", "year_mix"])
def test_variants_by_hand(how):
    from hatinh_analysis.calibration import distribution

    z = np.array([-2.0, -1.0, 0.0, 1.0, 3.0, 0.5])
    years = np.array([2015, 2015, 2015, 2016, 2016, 2017])
    scales = np.array([1.0, 2.0, 4.0, 1.0, 1.0, 8.0])
    zs, pos, info = distribution(z, years, scales, how=how, scale=2.0)
    assert np.all(np.diff(pos) > 0) and pos[-1] < 1
    if how == "year_blocks":
        # weights 1/3 (2015), 1/2 (2016), 1 (2017); new year weight 1: positions C / (3 + 1)
        w = np.array([1 / 3, 1 / 3, 1 / 3, 1.0, 1 / 2, 1 / 2])      # sorted: -2,-1,0,0.5,1,3
        assert pos == pytest.approx(np.cumsum(w) / 4) and info["n_years"] == 3
    elif how == "similar":
        d = np.log(np.array([1.0, 2.0, 4.0, 8.0, 1.0, 1.0]) / 2.0) / np.log(2.0)
        w = np.exp(-0.5 * d * d)
        assert pos == pytest.approx(np.cumsum(w) / (w.sum() + 1))
    else:
        import statsmodels.formula.api as smf

        df = pd.DataFrame({"z": z, "year": years})
        m = smf.mixedlm("z ~ 1", df, groups=df["year"]).fit(reml=True)
        assert info["mu"] == pytest.approx(float(m.fe_params.iloc[0]), rel=1e-6)
        assert info["var_within_year"] == pytest.approx(float(m.scale), rel=1e-6)
        n_j = np.array([3, 2, 1])
        v_u, v_e = info["var_between_years"], info["var_within_year"]
        assert info["var_mu"] == pytest.approx(1 / np.sum(n_j / (n_j * v_u + v_e)))
        if how == "year_effects":
            assert info["sd"] == pytest.approx(math.sqrt(v_u + v_e + info["var_mu"]))
            assert zs[len(zs) // 2] == pytest.approx(info["mu"], abs=0.01)
        else:
            # 25 normal quantiles of the year effect times 6 within-year residuals, mean mu
            assert len(zs) == 25 * 6 and np.mean(zs) == pytest.approx(info["mu"] + np.mean(
                z - info["mu"] - np.array([m.random_effects[y].iloc[0] for y in years])), abs=1e-4)


def test_year_blocks_need_nine_years_for_a_bounded_80_range():
    rng = np.random.default_rng(3)
    for n_years, bounded in ((8, False), (9, True)):
        years = np.repeat(np.arange(2000, 2000 + n_years), 6)
        t = pd.DataFrame({"series": [f"s{i}:iip" for i in range(len(years))],
                          "unit": [f"s{i}" for i in range(len(years))], "method": "combined",
                          "horizon": 1, "year": years, "forecast": 0.0,
                          "actual": rng.normal(size=len(years)), "scale": 1.0})
        cf = calibrate(0.0, 1.0, target_year=2030, horizon=1, upto_year=2029, table=t,
                       how="year_blocks")
        assert cf.ok and np.isfinite(cf.interval(0.8)[1]) == bounded
        assert not np.isfinite(cf.interval(0.95)[1])         # 39 years for 95 %
