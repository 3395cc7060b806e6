"""Rolling-origin evaluation of the models' one-step forecasts.

Evaluation on a rolling forecasting origin (Tashman 2000, *Int. J. Forecasting*
16, 437-450; Hyndman & Athanasopoulos, *FPP3* §5.10, "time series
cross-validation"): for every observed year ``y`` that has at least
``min_train`` usable years before it, each model is estimated on the years
before ``y`` only and forecasts ``y``. The forecasts are compared with what was
published.

With 12 annual observations and ``min_train=6`` there are only about six
forecasts per model: a coverage of 4/6 vs. a nominal 80 % is not evidence of
miscalibration (a binomial 80 % interval for 6 trials covers 3 to 6 hits).
Read the counts, not just the rates.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from hatinh_analysis.models import resolve_models
from hatinh_analysis.models.base import (ModelError, as_growth_series, check_level, json_clean,
                                         prepare)

__all__ = ["backtest", "BacktestResult"]

_SIGN = "error = forecast - actual (positive: the model over-forecast)"


@dataclass
class BacktestResult:
    """Result of `backtest`.

    Attributes
    ----------
    forecasts : pandas.DataFrame
        One row per (forecast year, model): origin (last year of the training
        data), year, horizon, model, spec, n_obs, forecast, lower, upper, actual,
        hit (interval contains actual; None when the model was not usable),
        error (forecast - actual), pit (the model's cdf at the actual value),
        notes.
    summary : pandas.DataFrame
        One row per model: n_forecasts (usable), n_not_usable, hits, coverage
        (hits / n_forecasts), level (nominal), mae, bias (mean error, forecast -
        actual: positive = over-forecasting), rmse, mean_width (of the interval).
    level : float
    min_train : int
    """

    forecasts: pd.DataFrame
    summary: pd.DataFrame
    level: float
    min_train: int
    exclude_years: tuple = ()
    break_years: tuple = ()
    sign_convention: str = _SIGN

    def to_dict(self) -> dict:
        def records(df):
            return df.astype(object).where(df.notna(), None).to_dict(orient="records")

        return json_clean({
            "level": self.level, "min_train": self.min_train,
            "exclude_years": list(self.exclude_years), "break_years": list(self.break_years),
            "sign_convention": self.sign_convention,
            "forecasts": records(self.forecasts), "summary": records(self.summary),
        })

    def __repr__(self) -> str:
        cols = ["model", "n_forecasts", "hits", "coverage", "mae", "bias"]
        return (f"BacktestResult(level={self.level}, min_train={self.min_train})\n"
                f"{self.summary[cols].to_string(index=False)}\n{self.sign_convention}")


def backtest(series, models=None, level=0.8, min_train=6, *, exclude_years=(), break_years=(),
             start_year=None) -> BacktestResult:
    """Rolling-origin one-step-ahead forecasts of every model.

    Parameters
    ----------
    series : pandas.Series
        Annual growth in % indexed by int year.
    models : optional
        As in `check_target` (default: all models).
    level : float, default 0.8
        Interval level whose coverage is evaluated.
    min_train : int, default 6
        Minimum number of usable years before a forecast year. Models that need
        more (e.g. ``ets`` needs 7) report "not usable" at the early origins;
        the summary counts those separately.
    exclude_years : iterable of int
        Years left out of the training data *and* not evaluated as targets
        (consistent with how `check_target` treats them).
    break_years : iterable of int
        Level shifts; at each origin only breaks that the training data already
        contain (with at least one observation from the break year on) are used,
        so no information from the future leaks in.
    start_year : int, optional
        Ignore observations before this year.

    Returns
    -------
    BacktestResult

    Notes
    -----
    The forecast year is the next *observed* year; across a gap in the record
    the horizon is more than one year and is shown in the ``horizon`` column.
    """
    level = check_level(level)
    if isinstance(min_train, bool) or not isinstance(min_train, (int, np.integer)) or min_train < 3:
        raise ModelError(f"min_train must be an integer >= 3, got {min_train!r}")
    model_objs = resolve_models(models)
    clean, notes = as_growth_series(series)
    full = prepare(series, None, exclude_years, break_years, start_year, clean=(clean, notes))
    used = full.used
    if len(used) <= min_train:
        raise ModelError(f"min_train={min_train} leaves no year to forecast: the series has "
                         f"{len(used)} usable years")
    breaks = np.asarray(full.breaks)
    rows = []
    for i in range(min_train, len(used)):
        year = int(used.index[i])
        train_years = used.index[:i]
        # observed series up to the origin (excluded years stay excluded)
        train_obs = full.series.loc[full.series.index < year]
        excl = tuple(y for y in full.excluded if y < year)
        tb = tuple(int(b) for b in breaks
                   if b > int(train_years[0]) and np.any(train_years >= b)
                   and np.any(train_years < b))
        prep = prepare(train_obs, year, excl, tb, None, clean=(train_obs, []))
        actual = float(used.iloc[i])
        for m in model_objs:
            fc = m.forecast_prepared(prep)
            lo, hi = fc.interval(level)
            ok = fc.ok
            rows.append({
                "origin": int(train_years[-1]), "year": year, "horizon": year - int(train_years[-1]),
                "model": m.key, "spec": fc.spec or None, "n_obs": fc.n_obs,
                "forecast": fc.mean, "lower": lo, "upper": hi, "actual": actual,
                "hit": (bool(lo <= actual <= hi) if ok else None),
                "error": (fc.mean - actual) if ok else float("nan"),
                "pit": float(fc.cdf(actual)) if ok else float("nan"),
                "notes": tuple(n for n in fc.notes if n not in prep.notes),
            })
    fdf = pd.DataFrame(rows)
    summ = []
    for m in model_objs:
        d = fdf[fdf["model"] == m.key]
        ok = d[d["hit"].notna()]
        n = len(ok)
        hits = int(ok["hit"].astype(bool).sum()) if n else 0
        err = ok["error"].to_numpy(dtype=float)
        summ.append({
            "model": m.key, "n_forecasts": n, "n_not_usable": int(len(d) - n), "hits": hits,
            "coverage": hits / n if n else float("nan"), "level": level,
            "mae": float(np.mean(np.abs(err))) if n else float("nan"),
            "bias": float(np.mean(err)) if n else float("nan"),
            "rmse": float(math.sqrt(np.mean(err ** 2))) if n else float("nan"),
            "mean_width": float(np.mean(ok["upper"] - ok["lower"])) if n else float("nan"),
        })
    return BacktestResult(forecasts=fdf, summary=pd.DataFrame(summ), level=level,
                          min_train=int(min_train), exclude_years=full.excluded,
                          break_years=full.breaks)
