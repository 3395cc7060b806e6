"""``ets``: exponential smoothing state-space model with additive errors.

Two candidates, fitted by maximum likelihood with statsmodels ``ETSModel``
(Hyndman, Koehler, Ord & Snyder, *Forecasting with Exponential Smoothing: the
State Space Approach*, 2008; Hyndman & Athanasopoulos, *FPP3* ch. 8):

* ETS(A,N,N) — simple exponential smoothing: growth wanders around a slowly
  moving level; parameters alpha, l0 (+ variance);
* ETS(A,Ad,N) — additive damped trend: the level may drift, the drift dies out;
  parameters alpha, beta, phi, l0, b0 (+ variance).

The one with the lower AICc is used (``k`` = smoothing parameters + initial
states + 1 for the variance, as in R ``forecast::ets``). Undamped and
multiplicative forms are left out on purpose: an undamped trend in growth rates
extrapolates without limit, and multiplicative errors need positive data.

Minimum number of observations
    Following R ``forecast::ets``, a candidate is estimated only when
    ``n > npars + 4`` with ``npars`` = smoothing parameters + initial states:
    ETS(A,N,N) needs n >= 7, ETS(A,Ad,N) n >= 10. Below 7 the model reports
    "too few observations".
Predictive distribution
    Normal, with the point forecast and analytical forecast variance of
    ``ETSResults.get_prediction(...)`` (Hyndman et al. 2008, ch. 6). statsmodels
    scales that variance with the maximum-likelihood ``SSE/n``; like R
    ``forecast::ets`` we use ``SSE/(n - npars)`` instead, which matters at
    n ≈ 12 (a factor 12/10 for ETS(A,N,N), 12/7 for ETS(A,Ad,N) on the variance).
    The interval still ignores the uncertainty of the estimated parameters and
    says so in the notes.
Gaps and exclusions
    ``ETSModel`` has no missing-value handling: its recursion runs over
    consecutive observations. Missing and excluded years are therefore closed
    up (the observation after a gap is treated as the next period) and the notes
    say so. The horizon is counted in calendar years from the last year used.
Breaks
    ETS cannot carry a level-shift regressor. With ``break_years`` the model is
    fitted only to the years from the last break on, when there are enough of
    them (>= 7); otherwise it reports "too few observations" rather than
    ignoring the break.

When to use
    When recent years should weigh more than old ones and the record has no
    gross outliers; with fewer than ~10 years only the simple form is possible.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from hatinh_analysis.notes import Note
from hatinh_analysis.models.base import (Forecast, Model, Prepared, aicc,
                                         captured_warnings, fmt_years)

#: (label, trend, damped, npars) of the candidates, simplest first
CANDIDATES = (("ETS(A,N,N)", None, False, 2), ("ETS(A,Ad,N)", "add", True, 5))


def min_obs_for(npars: int) -> int:
    """R ``forecast::ets`` rule: estimate only when ``n > npars + 4``."""
    return npars + 5


def fit_ets(y, trend: str | None = None, damped: bool = False) -> dict:
    """Fit one additive-error ETS model by maximum likelihood.

    Parameters
    ----------
    y : array_like
        Consecutive observations (no NaN).
    trend : {None, "add"}
    damped : bool

    Returns
    -------
    dict
        ``result`` (statsmodels ``ETSResults``), ``llf`` (full Gaussian
        log-likelihood), ``npars`` (smoothing parameters + initial states),
        ``k`` (= npars + 1, the variance), ``aicc``, ``sse``, ``sigma2``
        (``SSE/(n - npars)``, R's convention), ``notes``.
    """
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    y = pd.Series(np.asarray(y, dtype=float))
    notes: list[str] = []
    with captured_warnings(notes):
        model = ETSModel(y, error="add", trend=trend, damped_trend=damped,
                         initialization_method="estimated")
        res = model.fit(disp=False)
    n = len(y)
    npars = int(res.df_model) - 1
    sse = float(np.sum(np.asarray(res.resid) ** 2))
    return {"result": res, "llf": float(res.llf), "npars": npars, "k": npars + 1,
            "aicc": aicc(float(res.llf), n, npars + 1), "sse": sse,
            "sigma2": sse / (n - npars) if n > npars else float("nan"), "notes": notes}


class ETS(Model):
    """ETS(A,N,N) vs ETS(A,Ad,N) chosen by AICc; see module doc."""

    name = "ets"
    label = "Exponential smoothing (ETS, additive errors)"
    base_min_obs = min_obs_for(2)
    min_obs_per_break = 0
    break_dummies = False
    plug_in_intervals = True

    def _effective(self, prep: Prepared) -> pd.Series:
        if prep.breaks:
            return prep.used.loc[prep.used.index >= prep.breaks[-1]]
        return prep.used

    def _setup_notes(self, prep: Prepared) -> list[str]:
        notes = []
        if prep.breaks:
            seg = self._effective(prep)
            notes.append(
                Note("ETS cannot take a level-shift regressor: fitted only to the years from the last "
                   "break on (%(first)d-%(last)d, %(n)d years)", first=int(seg.index[0]), last=int(seg.index[-1]), n=len(seg)))
        data = self._effective(prep)
        yrs = data.index.to_numpy()
        gaps = [int(y) for y in range(int(yrs[0]), int(yrs[-1]) + 1) if y not in set(yrs.tolist())]
        if gaps:
            notes.append(Note("ETS cannot skip years: the recursion closes up the missing/excluded "
                            "years %(years)s (treats the next year as the next period)", years=fmt_years(gaps)))
        return notes

    def _fit(self, prep: Prepared, fc: Forecast) -> None:
        data = self._effective(prep)
        y = data.to_numpy(dtype=float)
        n = len(y)
        fits = []
        for label, trend, damped, npars in CANDIDATES:
            if n < min_obs_for(npars):
                if trend is not None:
                    fc.notes.append(Note("%(spec)s not tried: needs at least %(need)d observations, "
                                       "has %(n)d", spec=label, need=min_obs_for(npars), n=n))
                continue
            f = fit_ets(y, trend, damped)
            f["label"] = label
            fits.append(f)
        usable = [f for f in fits if math.isfinite(f["aicc"])]
        if not usable:
            fc.notes.insert(0, Note("no ETS candidate could be estimated (AICc undefined)"))
            return
        best = min(usable, key=lambda f: f["aicc"])
        if len(usable) > 1:
            fc.notes.append(Note("chosen by AICc: %(candidates)s", candidates=tuple(Note("%(spec)s %(aicc).1f", spec=f["label"], aicc=f["aicc"]) for f in usable)))
        for note in best["notes"]:
            if note not in fc.notes:
                fc.notes.append(note)
        res = best["result"]
        h = prep.target_year - int(data.index[-1])
        pred = res.get_prediction(start=n, end=n + h - 1)
        mean = float(np.asarray(pred.predicted_mean)[-1])
        var_ml = float(np.asarray(pred.forecast_variance)[-1])
        var = var_ml * n / (n - best["npars"])
        params = {name: float(v) for name, v in zip(res.model.param_names, np.asarray(res.params))}
        params["sigma2"] = best["sigma2"]
        fc.set_normal(mean, var, spec=best["label"], aicc=best["aicc"], params=params)
