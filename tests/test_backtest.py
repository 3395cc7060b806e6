"""Tests of hatinh_analysis.backtesting (rolling-origin one-step forecasts)."""
from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from hatinh_analysis.backtesting import BacktestResult, backtest
from hatinh_analysis.models import MODEL_NAMES, get_model

HT = pd.Series([8.5, -0.8, 17.6, 6.1, 7.0, 13.1, 19.1, 20.3, 20.9, 81.76, 89.0, 30.74],
               index=pd.Index(range(2008, 2020), name="year"), name="iip")
VN = pd.Series([8.7, 7.8, 8.8, 7.3, 5.8, 5.9, 7.6, 9.8, 7.4],
               index=pd.Index(range(2008, 2017), name="year"), name="iip")


@pytest.fixture(scope="module")
def ht_bt():
    return backtest(HT)


def test_structure_hatinh(ht_bt):
    bt = ht_bt
    assert isinstance(bt, BacktestResult)
    f = bt.forecasts
    # origins 2013..2018 -> forecast years 2014..2019, 5 models each
    assert len(f) == 6 * 5
    assert sorted(f["year"].unique()) == list(range(2014, 2020))
    assert (f["horizon"] == 1).all() and (f["origin"] == f["year"] - 1).all()
    assert bt.summary["model"].tolist() == list(MODEL_NAMES)
    json.dumps(bt.to_dict(), allow_nan=False)


def test_each_forecast_uses_only_the_past(ht_bt):
    f = ht_bt.forecasts
    for year in (2014, 2017, 2019):
        for name in ("mean_growth", "arima"):
            fc = get_model(name).forecast(HT.loc[HT.index < year], year)
            row = f[(f["year"] == year) & (f["model"] == name)].iloc[0]
            if fc.ok:
                assert row["forecast"] == pytest.approx(fc.mean, rel=1e-9)
                assert (row["lower"], row["upper"]) == pytest.approx(fc.interval(0.8), rel=1e-9)
            else:
                assert math.isnan(row["forecast"]) and row["hit"] is None
            assert row["actual"] == HT.loc[year]


def test_summary_arithmetic(ht_bt):
    f, s = ht_bt.forecasts, ht_bt.summary.set_index("model")
    for name in MODEL_NAMES:
        d = f[(f["model"] == name) & f["hit"].notna()]
        hits = sum(bool(h) for h in d["hit"])
        inside = ((d["lower"] <= d["actual"]) & (d["actual"] <= d["upper"])).sum()
        assert hits == inside == s.loc[name, "hits"]
        assert s.loc[name, "n_forecasts"] == len(d)
        assert s.loc[name, "coverage"] == pytest.approx(hits / len(d))
        err = (d["forecast"] - d["actual"]).to_numpy(dtype=float)   # forecast - actual
        assert s.loc[name, "bias"] == pytest.approx(err.mean())
        assert s.loc[name, "mae"] == pytest.approx(np.abs(err).mean())
    # ets/arima/local_linear_trend need 7 observations: the first origin (6 years) is unusable
    assert s.loc["ets", "n_not_usable"] == 1 and s.loc["mean_growth", "n_not_usable"] == 0
    # the 2017-2018 surge was under-forecast by the mean model: negative bias (forecast < actual)
    assert s.loc["mean_growth", "bias"] < 0
    assert "forecast - actual" in ht_bt.sign_convention


def test_national_series():
    bt = backtest(VN)
    assert sorted(bt.forecasts["year"].unique()) == [2014, 2015, 2016]
    s = bt.summary.set_index("model")
    assert s.loc["mean_growth", "n_forecasts"] == 3
    assert s.loc["ets", "n_forecasts"] == 2 and s.loc["ets", "n_not_usable"] == 1


def test_exclude_and_break_pass_through():
    bt = backtest(HT, exclude_years=(2017, 2018), models=["mean_growth", "linear_trend"])
    f = bt.forecasts
    assert 2017 not in f["year"].values and 2018 not in f["year"].values
    row = f[(f["year"] == 2019) & (f["model"] == "mean_growth")].iloc[0]
    assert row["n_obs"] == 9 and row["origin"] == 2016 and row["horizon"] == 3
    assert bt.exclude_years == (2017, 2018)

    bb = backtest(HT, break_years=(2017,), models=["linear_trend"])
    f = bb.forecasts.set_index("year")
    # the forecast of 2017 cannot know the break; 2019's (trained to 2018) uses it
    direct_2017 = get_model("linear_trend").forecast(HT.loc[:2016], 2017)
    direct_2019 = get_model("linear_trend").forecast(HT.loc[:2018], 2019, break_years=(2017,))
    assert f.loc[2017, "forecast"] == pytest.approx(direct_2017.mean)
    assert f.loc[2019, "forecast"] == pytest.approx(direct_2019.mean)


def test_backtest_validation():
    with pytest.raises(ValueError, match="min_train"):
        backtest(HT, min_train=2)
    with pytest.raises(ValueError, match="min_train=12 leaves no year"):
        backtest(HT, min_train=12)
    with pytest.raises(ValueError, match="level"):
        backtest(HT, level=95)
    with pytest.raises(ValueError, match="unknown model"):
        backtest(HT, models="naive")
