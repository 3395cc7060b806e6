"""``local_linear_trend``: structural time-series model (Harvey 1989).

Harvey, *Forecasting, Structural Time Series Models and the Kalman Filter*
(1989), ch. 2; Durbin & Koopman, *Time Series Analysis by State Space Methods*
(2nd ed., 2012), §3.2. Estimated by maximum likelihood with statsmodels
``UnobservedComponents`` (Kalman filter, approximate diffuse initial states).

Local linear trend::

    g_t     = mu_t + eps_t                      eps_t  ~ N(0, s2_irregular)
    mu_t    = mu_{t-1} + beta_{t-1} + eta_t     eta_t  ~ N(0, s2_level)
    beta_t  = beta_{t-1} + zeta_t               zeta_t ~ N(0, s2_trend)

Fall-back rule (three variances are a lot for a dozen points)
    1. n >= 9 (+1 per break): fit the local linear trend. If the slope
       variance is estimated at (practically) zero — below 0.1 % of the total
       variance — the data do not support a stochastic slope and the model
       becomes the *random walk with drift plus noise* (statsmodels
       ``"lldtrend"``: the same model with ``s2_trend = 0``, the slope a fixed
       drift), refitted so that the parameter count for AICc is right.
    2. 7 <= n < 9 (+1 per break): the *local level* model (random walk plus
       noise; slope dropped), which is what n this small can identify.
    3. n < 7: "too few observations".
    The thresholds follow the rule used for ``ets``: at least (variances + 4)
    observations beyond the diffuse initial states.
Gaps and exclusions
    The series is put on a complete annual grid and missing or excluded years
    are NaN; the Kalman filter skips them (no imputation, no closing up).
Breaks
    Each break year enters as a step-dummy regressor (estimated by ML); the shift
    is assumed to persist into the target year.
Predictive distribution
    Normal, from ``get_forecast(...)`` (mean and forecast standard error,
    including the irregular). Plug-in: parameter uncertainty is ignored.
AICc
    Likelihood of the observations after the diffuse burn-in, ``k`` = number
    of estimated variances and regression coefficients.

When to use
    When growth drifts gradually and you want the data to decide how fast the
    level and slope adapt; needs the longest series of all models here.
"""
from __future__ import annotations

import numpy as np

from hatinh_analysis.notes import Note
from hatinh_analysis.models.base import (Forecast, Model, Prepared, aicc,
                                         captured_warnings)

#: statsmodels level specification -> (label, number of variances, diffuse states)
VARIANTS = {
    "lltrend": (Note("local linear trend"), 3, 2),
    "lldtrend": (Note("random walk with drift + noise"), 2, 2),
    "llevel": (Note("local level"), 2, 1),
}
#: slope variance share below which the stochastic slope is not supported
SLOPE_SHARE_MIN = 1e-3


def min_obs_for(variant: str) -> int:
    _, k, d = VARIANTS[variant]
    return k + 4 + d


def fit_uc(y_full, variant: str, exog=None) -> dict:
    """Fit one ``UnobservedComponents`` variant to a NaN-gapped annual grid."""
    from statsmodels.tsa.statespace.structural import UnobservedComponents

    notes: list[str] = []
    with captured_warnings(notes):
        mod = UnobservedComponents(y_full, level=variant, exog=exog)
        res = mod.fit(disp=False)
    burn = int(res.loglikelihood_burn)
    n_eff = int(np.sum(~np.isnan(y_full[burn:])))
    k = len(res.params)
    return {"result": res, "variant": variant, "llf": float(res.llf), "k": k, "n_eff": n_eff,
            "aicc": aicc(float(res.llf), n_eff, k), "notes": notes,
            "params": dict(zip(res.model.param_names, map(float, np.asarray(res.params))))}


class LocalLinearTrend(Model):
    """Local linear trend with documented fall-backs; see module doc."""

    name = "local_linear_trend"
    label = "Structural model: local linear trend (Kalman filter)"
    base_min_obs = min_obs_for("llevel")
    plug_in_intervals = True

    def _fit(self, prep: Prepared, fc: Forecast) -> None:
        years, y_full, exog, n = prep.state_space_inputs()
        nb = len(prep.breaks)
        if n >= min_obs_for("lltrend") + nb:
            fit = fit_uc(y_full, "lltrend", exog)
            p = fit["params"]
            total = p["sigma2.irregular"] + p["sigma2.level"] + p["sigma2.trend"]
            share = p["sigma2.trend"] / total if total > 0 else 0.0
            if not share >= SLOPE_SHARE_MIN:
                fc.notes.append(Note("slope variance estimated at zero: the slope is a fixed drift "
                                   "(random walk with drift + noise)"))
                fit = fit_uc(y_full, "lldtrend", exog)
        else:
            fc.notes.append(Note("%(n)d observations are too few for a stochastic slope (needs "
                               "%(need)d): local level model", n=n, need=min_obs_for("lltrend") + nb))
            fit = fit_uc(y_full, "llevel", exog)
        for note in fit["notes"]:
            if note not in fc.notes:
                fc.notes.append(note)
        if prep.missing or prep.excluded:
            fc.notes.append(Note("missing/excluded years are skipped by the Kalman filter"))
        res = fit["result"]
        h = prep.horizon
        fcast = res.get_forecast(steps=h, exog=prep.future_dummies(h) if nb else None)
        mean = float(np.asarray(fcast.predicted_mean)[-1])
        var = float(np.asarray(fcast.var_pred_mean)[-1])
        fc.set_normal(mean, var, spec=VARIANTS[fit["variant"]][0], aicc=fit["aicc"], params=fit["params"])
