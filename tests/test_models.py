"""Tests of the forecasting models (hatinh_analysis.models).

Every expected number is recomputed here from its formula (numpy/scipy), taken
from R forecast::ets reference output (tests/results/ets_oil_R.json, see
tests/results/make_ets_oil_reference.py), or from an equivalent model.
"""
from __future__ import annotations

import json
import math
import pathlib
import subprocess
import sys
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from hatinh_analysis.models import MODEL_NAMES, Forecast, ModelError, get_model
from hatinh_analysis.models.base import aicc, as_growth_series, prepare

RESULTS = pathlib.Path(__file__).parent / "results"

# Hà Tĩnh IIP growth, % (docs/CONTRACTS.md; curated yearbook, PX-Web, provincial press)
HT = pd.Series([8.5, -0.8, 17.6, 6.1, 7.0, 13.1, 19.1, 20.3, 20.9, 81.76, 89.0, 30.74],
               index=pd.Index(range(2008, 2020), name="year"), name="iip")
# National IIP growth, % (yearbook 2008-2011, PX-Web 2012-2016)
VN = pd.Series([8.7, 7.8, 8.8, 7.3, 5.8, 5.9, 7.6, 9.8, 7.4],
               index=pd.Index(range(2008, 2017), name="year"), name="iip")


def series(values, start=2001):
    return pd.Series([float(v) for v in values], index=pd.Index(range(start, start + len(values)),
                                                                  name="year"))


# ---------------------------------------------------------------- interface
def test_model_names_and_get_model():
    assert MODEL_NAMES == ("mean_growth", "linear_trend", "ets", "local_linear_trend", "arima")
    for name in MODEL_NAMES:
        assert get_model(name).name == name
    with pytest.raises(ValueError, match="valid names: mean_growth, linear_trend"):
        get_model("holt")
    with pytest.raises(ModelError):
        get_model("mean_growth", bogus=1)


def test_import_is_cheap():
    code = ("import sys, hatinh_analysis, hatinh_analysis.models, hatinh_analysis.growth, "
            "hatinh_analysis.target, hatinh_analysis.backtesting, hatinh_analysis.breaks; "
            "hatinh_analysis.MODEL_NAMES; hatinh_analysis.check_target; "
            "bad = [m for m in ('statsmodels', 'scipy', 'matplotlib') if m in sys.modules]; "
            "print(bad); sys.exit(1 if bad else 0)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_forecast_object_contract(name):
    fc = get_model(name).forecast(HT, 2020)
    assert isinstance(fc, Forecast) and fc.ok
    assert fc.model == name and fc.target_year == 2020 and fc.n_obs == 12
    lo, hi = fc.interval(0.8)
    assert lo < fc.mean < hi
    # interval, cdf and ppf agree
    assert fc.cdf(lo) == pytest.approx(0.1, abs=1e-9)
    assert fc.cdf(hi) == pytest.approx(0.9, abs=1e-9)
    assert fc.ppf(0.9) == pytest.approx(hi, rel=1e-12)
    # nested fan intervals
    fan = fc.fan()
    assert fan[0.5][0] > fan[0.8][0] > fan[0.95][0]
    assert fan[0.5][1] < fan[0.8][1] < fan[0.95][1]
    json.dumps(fc.to_dict(), allow_nan=False)
    with pytest.raises(ValueError, match="level"):
        fc.interval(80)


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_no_warning_spam(name):
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        get_model(name).forecast(HT, 2020, break_years=(2017,))
        get_model(name).forecast(HT.iloc[:8], 2016)
    assert [str(w.message) for w in rec] == []


# ---------------------------------------------------------------- mean_growth
def test_mean_growth_by_hand():
    # Growth 10, 20, 30 %: x = log(1.1), log(1.2), log(1.3) = 0.0953102, 0.1823216, 0.2623643
    # mean 0.1799987 -> point 100*(exp(0.1799987)-1) = 19.7216 %
    # s = 0.0835513, scale = s*sqrt(1 + 1/3) = 0.0964767, t(0.9, df=2) = 1.8856181
    # 80 % interval: 100*(exp(0.1799987 -/+ 1.8856181*0.0964767) - 1) = -0.1918 %, 43.6080 %
    fc = get_model("mean_growth").forecast(series([10, 20, 30]))
    assert fc.mean == pytest.approx(19.7216, abs=1e-4)
    lo, hi = fc.interval(0.8)
    assert lo == pytest.approx(-0.1918, abs=1e-4)
    assert hi == pytest.approx(43.6080, abs=1e-4)
    # P(g >= 25) = t_2.sf((log 1.25 - 0.1799987)/0.0964767) = 0.349247
    assert fc.sf(25.0) == pytest.approx(0.349247, abs=1e-6)


@pytest.mark.parametrize("level", [0.5, 0.8, 0.95])
def test_mean_growth_formula_hatinh(level):
    x = np.log1p(HT.to_numpy() / 100)
    n = len(x)
    m, s = x.mean(), x.std(ddof=1)
    scale = s * math.sqrt(1 + 1 / n)
    tq = stats.t.ppf((1 + level) / 2, n - 1)
    fc = get_model("mean_growth").forecast(HT, 2020)
    assert fc.mean == pytest.approx(100 * math.expm1(m), rel=1e-12)
    lo, hi = fc.interval(level)
    assert lo == pytest.approx(100 * math.expm1(m - tq * scale), rel=1e-10)
    assert hi == pytest.approx(100 * math.expm1(m + tq * scale), rel=1e-10)
    for target in (-5.0, 10.64, 30.0, 90.0):
        expect = stats.t.sf((math.log1p(target / 100) - m) / scale, n - 1)
        assert fc.sf(target) == pytest.approx(expect, rel=1e-10, abs=1e-14)
    # AICc: Gaussian likelihood of x, Jacobian 1/(100+g) to the % scale, k = 2
    sse = float(np.sum((x - m) ** 2))
    llf = -n / 2 * (math.log(2 * math.pi * sse / n) + 1) - np.sum(np.log(100 + HT.to_numpy()))
    assert fc.aicc == pytest.approx(-2 * llf + 4 + 2 * 2 * 3 / (n - 3), rel=1e-12)


def test_mean_growth_break_separate_mean():
    fc = get_model("mean_growth").forecast(HT, 2020, break_years=(2017,))
    x = np.log1p(HT.to_numpy() / 100)
    pre, post = x[:9], x[9:]
    sse = np.sum((pre - pre.mean()) ** 2) + np.sum((post - post.mean()) ** 2)
    df = 12 - 2
    scale = math.sqrt(sse / df) * math.sqrt(1 + 1 / 3)
    assert fc.mean == pytest.approx(100 * math.expm1(post.mean()), rel=1e-12)
    hi = 100 * math.expm1(post.mean() + stats.t.ppf(0.9, df) * scale)
    assert fc.interval(0.8)[1] == pytest.approx(hi, rel=1e-10)
    assert any("assumed to persist into 2020" in n for n in map(str, fc.notes))


def test_mean_growth_minimum():
    fc = get_model("mean_growth").forecast(series([5, 6]))
    assert not fc.ok and math.isnan(fc.mean) and math.isnan(fc.interval(0.8)[0])
    assert "too few observations" in str(fc.notes[0])
    assert math.isnan(fc.cdf(3.0)) and math.isnan(fc.ppf(0.5))


# ---------------------------------------------------------------- linear_trend
def _ols_reference(y, years, target_year, level, dummies=()):
    X = np.column_stack([np.ones(len(y)), years] + [(years >= b).astype(float) for b in dummies])
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    resid = y - X @ beta
    n, p = X.shape
    s2 = resid @ resid / (n - p)
    x0 = np.array([1.0, target_year] + [1.0] * len(dummies))
    se = math.sqrt(s2 * (1 + x0 @ np.linalg.inv(X.T @ X) @ x0))
    tq = stats.t.ppf((1 + level) / 2, n - p)
    point = x0 @ beta
    return point, point - tq * se, point + tq * se, se, n - p


@pytest.mark.parametrize("data,target_year", [(HT, 2020), (VN, 2017), (HT, 2022)])
def test_linear_trend_against_lstsq(data, target_year):
    y, years = data.to_numpy(), data.index.to_numpy().astype(float)
    point, lo, hi, se, df = _ols_reference(y, years, target_year, 0.8)
    fc = get_model("linear_trend").forecast(data, target_year)
    assert fc.mean == pytest.approx(point, rel=1e-10)
    assert fc.interval(0.8) == pytest.approx((lo, hi), rel=1e-10)
    assert fc.cdf(12.0) == pytest.approx(stats.t.cdf((12.0 - point) / se, df), rel=1e-9)


def test_linear_trend_break_against_lstsq():
    y, years = HT.to_numpy(), HT.index.to_numpy().astype(float)
    point, lo, hi, _, _ = _ols_reference(y, years, 2020, 0.8, dummies=(2017,))
    fc = get_model("linear_trend").forecast(HT, 2020, break_years=(2017,))
    assert fc.mean == pytest.approx(point, rel=1e-10)
    assert fc.interval(0.8) == pytest.approx((lo, hi), rel=1e-10)
    assert "shift_2017" in fc.params


def test_linear_trend_hac_option():
    import statsmodels.api as sm

    y, years = HT.to_numpy(), HT.index.to_numpy().astype(float)
    X = np.column_stack([np.ones(12), years - years.mean()])
    res = sm.OLS(y, X).fit(cov_type="HAC", cov_kwds={"maxlags": 2, "use_correction": True})
    s2 = res.ssr / 10
    x0 = np.array([1.0, 2020 - years.mean()])
    se = math.sqrt(s2 + x0 @ np.asarray(res.cov_params()) @ x0)
    m = get_model("linear_trend", hac=True)
    assert m.key == "linear_trend_hac"
    fc = m.forecast(HT, 2020)
    assert fc.interval(0.8)[1] == pytest.approx(res.params @ x0 + stats.t.ppf(0.9, 10) * se,
                                                rel=1e-10)
    assert any("HAC" in n and "fragile" in n for n in map(str, fc.notes))


def test_linear_trend_minimum_and_exact_fit():
    assert "too few observations" in get_model("linear_trend").forecast(series([1, 2, 4])).notes[0].__str__()
    fc = get_model("linear_trend").forecast(series([1, 2, 3, 4, 5]))
    assert not fc.ok and "exactly" in str(fc.notes[0])


# ---------------------------------------------------------------- ets vs R
@pytest.fixture(scope="module")
def oil_ref():
    ref = json.loads((RESULTS / "ets_oil_R.json").read_text(encoding="utf-8"))
    vals = ref["oil"]["values"]
    s = pd.Series(vals, index=pd.Index(range(ref["oil"]["start_year"],
                                             ref["oil"]["start_year"] + len(vals)), name="year"))
    return s, ref


def _r_const(n):
    # R's loglik omits this constant of the Gaussian log-likelihood
    return -n / 2 * (math.log(2 * math.pi / n) + 1)


def _r_aicc(loglik_r, n, npars):
    k = npars + 1  # R counts the variance: np <- np + 1
    return -2 * loglik_r + 2 * k + 2 * k * (k + 1) / (n - k - 1)


def test_ets_wrapper_matches_R_ann(oil_ref):
    oil, ref = oil_ref
    n = len(oil)
    ann, aad = ref["ANN"], ref["AAdN"]
    # R's AICc of the two candidates: ANN 576.69 < AAdN 583.29 -> ANN
    assert _r_aicc(ann["loglik"], n, 2) < _r_aicc(aad["loglik"], n, 5)
    fc = get_model("ets").forecast(oil, 2014)
    assert fc.spec == "ETS(A,N,N)"
    assert fc.params["smoothing_level"] == pytest.approx(ann["alpha"], abs=1e-3)
    # with alpha at its upper bound the initial level barely matters: loose check
    assert fc.params["initial_level"] == pytest.approx(ann["initstate"][0], rel=2e-3)
    assert fc.mean == pytest.approx(ann["forecast"][0], rel=1e-3)
    # our AICc = R's AICc computed with the full Gaussian likelihood
    assert fc.aicc == pytest.approx(_r_aicc(ann["loglik"], n, 2) - 2 * _r_const(n), rel=1e-3)
    # variance convention: SSE/(n - np) as R's sigma2
    assert fc.params["sigma2"] == pytest.approx(ann["sigma2"], rel=1e-3)
    # R forecast.ets 80 % interval at h = 1: mean -/+ z_0.9 * sqrt(sigma2)
    z = stats.norm.ppf(0.9)
    lo_r = ann["forecast"][0] - z * math.sqrt(ann["sigma2"])
    hi_r = ann["forecast"][0] + z * math.sqrt(ann["sigma2"])
    assert fc.interval(0.8) == pytest.approx((lo_r, hi_r), rel=1e-3)


def test_ets_damped_fit_at_least_as_good_as_R(oil_ref):
    from hatinh_analysis.models.ets import fit_ets

    oil, ref = oil_ref
    n = len(oil)
    f = fit_ets(oil.to_numpy(), "add", True)
    assert f["npars"] == 5 and f["k"] == 6
    # statsmodels' optimum must be at least as good as R's (phi = 0.8 is R's bound)
    assert f["llf"] >= ref["AAdN"]["loglik"] + _r_const(n) - 1e-4


def test_ets_interval_is_statsmodels_prediction_with_R_variance():
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    fc = get_model("ets").forecast(HT, 2020)
    assert fc.spec == "ETS(A,N,N)"
    res = ETSModel(pd.Series(HT.to_numpy()), error="add").fit(disp=False)
    frame = res.get_prediction(start=12, end=12).summary_frame(alpha=0.2)
    assert fc.mean == pytest.approx(frame["mean"].iloc[0], rel=1e-4)
    half_sm = frame["pi_upper"].iloc[0] - frame["mean"].iloc[0]
    half = fc.interval(0.8)[1] - fc.mean
    assert half == pytest.approx(half_sm * math.sqrt(12 / (12 - 2)), rel=1e-4)


def test_ets_minimum_and_breaks():
    short = HT.iloc[:6]
    fc = get_model("ets").forecast(short)
    assert not fc.ok and "needs at least 7" in str(fc.notes[0])
    fc = get_model("ets").forecast(HT.iloc[:9])  # 9 obs: only ETS(A,N,N)
    assert fc.ok and fc.spec == "ETS(A,N,N)"
    assert any("ETS(A,Ad,N) not tried" in n for n in map(str, fc.notes))
    fc = get_model("ets").forecast(HT, 2020, break_years=(2017,))
    assert not fc.ok and fc.n_obs == 3
    assert any("cannot take a level-shift regressor" in n for n in map(str, fc.notes))


# ---------------------------------------------------------------- arima
def test_arima_white_noise_is_sample_mean_and_variance():
    fc = get_model("arima").forecast(VN, 2017)
    assert fc.spec == "ARIMA(0,0,0)+c"
    y = VN.to_numpy()
    # exact MLE of i.i.d. normal: mean and SSE/n; plug-in predictive N(mean, SSE/n)
    assert fc.mean == pytest.approx(y.mean(), rel=1e-4)
    assert fc.distribution.scale == pytest.approx(math.sqrt(y.var()), rel=1e-3)
    assert any("chosen by AICc" in n for n in map(str, fc.notes))


def test_arima_selection_on_common_sample():
    from hatinh_analysis.models.arima import CANDIDATES, fit_arima

    fc = get_model("arima").forecast(HT, 2020)
    y = HT.to_numpy()
    aiccs = {lab: fit_arima(y, order, trend, conditional=True)["aicc"]
             for lab, order, trend, _ in CANDIDATES}
    assert fc.spec == min(aiccs, key=aiccs.get)
    assert fc.aicc == pytest.approx(min(aiccs.values()), rel=1e-6)


def test_local_level_equals_arima011():
    # The local level model's reduced form is ARIMA(0,1,1) with theta <= 0
    # (Harvey 1989, §2.5): same likelihood, same forecasts when theta < 0.
    from statsmodels.tsa.arima.model import ARIMA

    for data in (HT.iloc[:8], series([5.0, 6.1, 5.4, 7.0, 7.9, 7.2, 8.8, 9.5])):
        fc = get_model("local_linear_trend").forecast(data)
        assert str(fc.spec) == "local level"  # n = 8 < 9: no stochastic slope
        res = ARIMA(data.to_numpy(), order=(0, 1, 1)).fit()
        assert res.params[0] < 0
        f = res.get_forecast(1)
        assert fc.mean == pytest.approx(float(f.predicted_mean[0]), rel=1e-3)
        assert fc.distribution.scale == pytest.approx(float(np.sqrt(f.var_pred_mean[0])), rel=1e-3)


def test_local_linear_trend_fallback_rule():
    fc = get_model("local_linear_trend").forecast(HT, 2020)
    # slope variance collapses on this series -> random walk with drift + noise
    assert str(fc.spec) == "random walk with drift + noise"
    assert any("slope variance estimated at zero" in n for n in map(str, fc.notes))
    assert not get_model("local_linear_trend").forecast(HT.iloc[:6]).ok


# ---------------------------------------------------------------- gaps / exclusions
@pytest.mark.parametrize("name", MODEL_NAMES)
def test_exclusion_equals_absence(name):
    m = get_model(name)
    a = m.forecast(HT, 2020, exclude_years=(2012,))
    b = m.forecast(HT.drop(2012), 2020)
    assert a.n_obs == b.n_obs == 11
    assert a.mean == pytest.approx(b.mean, rel=1e-6)
    assert a.interval(0.8) == pytest.approx(b.interval(0.8), rel=1e-6)
    assert any("years excluded: 2012" in n for n in map(str, a.notes))
    assert any("no published figure: 2012" in n for n in map(str, b.notes))


def test_kalman_models_keep_gap_on_grid():
    from statsmodels.tsa.arima.model import ARIMA

    gap = HT.drop([2012, 2013])
    fc = get_model("arima").forecast(gap, 2020)
    assert any("skipped by the Kalman filter" in n for n in map(str, fc.notes))
    grid = HT.copy()
    grid.loc[[2012, 2013]] = np.nan
    order = {"ARIMA(0,0,0)+c": (0, 0, 0), "ARIMA(1,0,0)+c": (1, 0, 0), "ARIMA(0,1,1)": (0, 1, 1)}
    res = ARIMA(grid.to_numpy(), order=order[fc.spec],
                trend="n" if fc.spec == "ARIMA(0,1,1)" else "c")
    if fc.spec == "ARIMA(0,1,1)":
        res.ssm.loglikelihood_burn = 1
    r = res.fit()
    assert fc.mean == pytest.approx(float(r.get_forecast(1).predicted_mean[0]), rel=1e-4)
    ets = get_model("ets").forecast(gap, 2020)
    assert any("closes up" in n for n in map(str, ets.notes))


def test_nan_values_are_missing_years():
    s = HT.copy()
    s.loc[2012] = np.nan
    fc = get_model("mean_growth").forecast(s, 2020)
    assert fc.n_obs == 11 and any("NaN values treated as missing" in n for n in map(str, fc.notes))


# ---------------------------------------------------------------- degenerate input
@pytest.mark.parametrize("name", MODEL_NAMES)
def test_constant_series_gives_note_not_number(name):
    fc = get_model(name).forecast(series([7.0] * 12))
    assert not fc.ok and math.isnan(fc.mean)
    assert "constant" in str(fc.notes[0])


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_too_short_series(name):
    fc = get_model(name).forecast(series([7.0, 9.0]))
    assert not fc.ok and "too few observations" in str(fc.notes[0])


def test_input_validation():
    with pytest.raises(ValueError, match="no observations"):
        as_growth_series(series([np.nan, np.nan]))
    with pytest.raises(ValueError, match="pandas Series"):
        as_growth_series([1, 2, 3])
    with pytest.raises(ValueError, match="integer years"):
        as_growth_series(pd.Series([1.0, 2.0], index=["a", "b"]))
    with pytest.raises(ValueError, match="above -100%"):
        as_growth_series(series([5, -100, 3]))
    idx = series([108.5, 99.2, 117.6])
    idx.attrs["unit"] = "index_prev_year=100"
    with pytest.raises(ValueError, match="index_to_growth"):
        as_growth_series(idx)
    lvl = series([1, 2, 3])
    lvl.attrs.update(kind="level", unit="bn_vnd")
    with pytest.raises(ValueError, match="level series"):
        as_growth_series(lvl)
    with pytest.raises(ValueError, match="duplicate"):
        as_growth_series(pd.Series([1.0, 2.0], index=[2001, 2001]))


def test_prepare_validation_messages():
    with pytest.raises(ValueError, match="target_year=2019 must be after"):
        prepare(HT, 2019)
    with pytest.raises(ValueError, match="exclude_years: 2021 is outside"):
        prepare(HT, exclude_years=(2021,))
    with pytest.raises(ValueError, match="exclude_years: 2012 is a year with no observation"):
        prepare(HT.drop(2012), exclude_years=(2012,))
    with pytest.raises(ValueError, match="break_years: 2008 must be after the first year"):
        prepare(HT, break_years=(2008,))
    with pytest.raises(ValueError, match="break_years: 2021"):
        prepare(HT, break_years=(2021,))
    with pytest.raises(ValueError, match="break_years: no observation is used from 2019"):
        prepare(HT, break_years=(2019,), exclude_years=(2019,))
    with pytest.raises(ValueError, match="start_year=2030"):
        prepare(HT, start_year=2030)
    with pytest.raises(ValueError, match="exclude_years: expected an integer year"):
        prepare(HT, exclude_years=("2017",))
    p = prepare(HT, start_year=2010, exclude_years=2017, break_years=[2018, 2018])
    assert p.excluded == (2017,) and p.breaks == (2018,) and p.used.index[0] == 2010
    assert p.target_year == 2020 and p.horizon == 1


def test_aicc_undefined_when_too_few():
    assert math.isnan(aicc(-10.0, 4, 3))
    assert aicc(-10.0, 10, 2) == pytest.approx(20 + 4 + 12 / 7)


def test_naive_benchmarks_by_hand():
    import math

    import numpy as np
    import pandas as pd

    y = pd.Series([5.0, 9.0, 6.0, 10.0], index=range(2016, 2020))
    last = get_model("naive_last").forecast(y)
    s = math.sqrt((16 + 9 + 16) / 3)
    assert last.mean == 10.0 and last.distribution.scale == pytest.approx(s)
    assert get_model("naive_last").forecast(y, 2021).distribution.scale == pytest.approx(s * math.sqrt(2))
    mean = get_model("naive_mean").forecast(y)
    assert mean.mean == 7.5 and mean.distribution.df == 3
    assert mean.distribution.scale == pytest.approx(np.std(y, ddof=1) * math.sqrt(1.25))
    med = get_model("naive_median").forecast(y)
    assert med.mean == 7.5     # median of 5, 6, 9, 10; |dev| = 2.5, 1.5, 1.5, 2.5 -> MAD 2
    assert med.distribution.scale == pytest.approx(1.482602218505602 * 2 * math.sqrt(1 + math.pi / 8))


def test_arima_drops_a_fit_at_the_invertibility_boundary():
    import numpy as np
    import pandas as pd

    from hatinh_analysis.models.arima import fit_arima

    y = np.random.default_rng(1).normal(8, 2, 12)    # white noise: ARIMA(0,1,1) -> theta = -1
    assert fit_arima(y, (0, 1, 1), "n")["params"]["ma.L1"] < -0.98
    fc = get_model("arima").forecast(pd.Series(y, index=range(2008, 2020)))
    assert fc.spec == "ARIMA(0,0,0)+c"
    assert any("ARIMA(0,1,1) dropped: MA coefficient" in n for n in map(str, fc.notes))


def test_families_merge_duplicates():
    from hatinh_analysis.models import model_family

    assert model_family("ets", "ETS(A,N,N)") == model_family("arima", "ARIMA(0,1,1)") == "level"
    assert model_family("local_linear_trend", "local level") == "level"
    assert model_family("arima", "ARIMA(0,0,0)+c") == model_family("mean_growth", "x") == "mean"
    assert model_family("ets", "ETS(A,Ad,N)") == "trend"
    assert model_family("naive_last", "last value") is None
