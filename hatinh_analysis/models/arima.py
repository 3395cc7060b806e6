"""``arima``: a low-order ARIMA chosen by AICc among three candidates.

Box, Jenkins, Reinsel & Ljung, *Time Series Analysis* (5th ed., 2015); Hyndman
& Athanasopoulos, *FPP3* ch. 9. Estimated by exact Gaussian maximum likelihood
(Kalman filter) with statsmodels ``ARIMA``; ARIMA(0,0,0) with constant is
i.i.d. normal, whose exact ML estimates are closed-form (OLS mean, ``SSE/n``),
so it is computed directly — same numbers, no optimiser.

Candidates (growth rate ``g_t``, ``e_t`` white noise)
    * ARIMA(0,0,0) with constant — growth fluctuates around a fixed mean;
    * ARIMA(1,0,0) with constant — deviations from the mean persist;
    * ARIMA(0,1,1) without drift — growth follows a random walk observed with
      noise (equivalent to simple exponential smoothing). A drift term is not
      offered: a drift in *growth rates* would make growth rise or fall for
      ever; ``linear_trend`` covers that hypothesis explicitly.

Choosing among them
    AICc is not valid for choosing the order of differencing when the
    likelihoods cover different data (*FPP3* §9.6): the differenced model's
    likelihood starts at the second observation. So every candidate is compared
    on the same footing — the likelihood of years 2..n *conditional on the first
    year* (statsmodels ``loglikelihood_burn = 1``), with ``n - 1`` observations
    in the AICc. The chosen stationary model is then re-estimated on the full
    likelihood for the forecast; its reported AICc is the comparison one.
    A candidate is tried only when ``n - 1 >= k + 4`` (``k`` = coefficients +
    variance), so the model needs at least 7 observations (+1 per break).
Gaps and exclusions
    Put on a complete annual grid with NaN; the Kalman filter skips them.
Breaks
    Step-dummy regressors (regression with ARIMA errors); the shift persists
    into the target year.
Degenerate fits
    A candidate whose MA coefficient lies at the invertibility boundary
    (``|theta| >= 0.98``) or whose AR coefficient lies at the stationarity
    boundary (``|phi| >= 0.98``) is dropped with a note: at the boundary the
    likelihood is flat, the ML estimate piles up there (Davis & Dunsmuir 1996) and
    the forecast variance is unreliable — ARIMA(0,1,1) with theta = -0.997 is an
    over-differenced white noise whose plug-in interval is far too narrow.
Predictive distribution
    Normal, from ``get_forecast(...)``; plug-in (ignores parameter uncertainty).

When to use
    A data-driven check on whether deviations persist (AR) or the level wanders
    (IMA); with n ≈ 12 the three candidates are hard to tell apart, so read the
    AICc values in the notes.
"""
from __future__ import annotations

import math

import numpy as np

from hatinh_analysis.notes import Note
from hatinh_analysis.models.base import (Forecast, Model, Prepared, aicc,
                                         captured_warnings, gaussian_llf)

#: |coefficient| at or above which an MA (invertibility) or AR (stationarity) fit is degenerate
BOUNDARY = 0.98

#: (label, order, trend, number of coefficients + variance)
CANDIDATES = (
    ("ARIMA(0,0,0)+c", (0, 0, 0), "c", 2),
    ("ARIMA(1,0,0)+c", (1, 0, 0), "c", 3),
    ("ARIMA(0,1,1)", (0, 1, 1), "n", 2),
)


def _fit_white_noise(y_full, exog=None, conditional: bool = True) -> dict:
    """ARIMA(0,0,0) with constant (and step dummies) in closed form.

    With i.i.d. normal errors the exact maximum-likelihood estimates are OLS:
    coefficients by least squares, ``sigma2 = SSE/n``. Conditioning on the first
    time point simply drops it. Identical to statsmodels ``ARIMA(order=(0,0,0),
    trend="c")`` up to optimiser tolerance, without running an optimiser.
    """
    y_full = np.asarray(y_full, dtype=float)
    X = np.ones((len(y_full), 1)) if exog is None or exog.shape[1] == 0 else \
        np.column_stack([np.ones(len(y_full)), exog])
    keep = ~np.isnan(y_full)
    if conditional:
        keep[0] = False
    Xk, yk = X[keep], y_full[keep]
    n_eff = len(yk)
    beta, *_ = np.linalg.lstsq(Xk, yk, rcond=None)
    resid = yk - Xk @ beta
    sse = float(resid @ resid)
    sigma2 = sse / n_eff
    llf = gaussian_llf(sse, n_eff)
    k = X.shape[1] + 1
    names = ["const"] + [f"x{i + 1}" for i in range(X.shape[1] - 1)] + ["sigma2"]

    def forecast(h, exog_future=None):
        x0 = np.ones(X.shape[1]) if exog_future is None else np.concatenate([[1.0], exog_future[-1]])
        return float(x0 @ beta), sigma2

    return {"result": None, "llf": llf, "k": k, "n_eff": n_eff, "aicc": aicc(llf, n_eff, k),
            "notes": [], "params": dict(zip(names, [*map(float, beta), sigma2])),
            "forecast": forecast}


def fit_arima(y_full, order, trend, exog=None, conditional: bool = True) -> dict:
    """Fit one ARIMA by ML; ``conditional=True`` conditions on the first time point.

    Returns a dict with ``llf``, ``k``, ``n_eff``, ``aicc``, ``params``, ``notes``,
    ``result`` (statsmodels results; None for the closed-form white-noise case)
    and ``forecast(h, exog_future) -> (mean, variance)`` of the h-step forecast.
    """
    if tuple(order) == (0, 0, 0) and trend == "c":
        return _fit_white_noise(y_full, exog, conditional)
    from statsmodels.tsa.arima.model import ARIMA

    notes: list[str] = []
    with captured_warnings(notes):
        mod = ARIMA(y_full, exog=exog, order=order, trend=trend)
        if conditional:
            mod.ssm.loglikelihood_burn = max(1, int(mod.ssm.loglikelihood_burn))
        res = mod.fit()
    burn = int(res.loglikelihood_burn)
    n_eff = int(np.sum(~np.isnan(y_full[burn:])))
    k = len(res.params)

    def forecast(h, exog_future=None):
        f = res.get_forecast(steps=h, exog=exog_future)
        return float(np.asarray(f.predicted_mean)[-1]), float(np.asarray(f.var_pred_mean)[-1])

    return {"result": res, "llf": float(res.llf), "k": k, "n_eff": n_eff,
            "aicc": aicc(float(res.llf), n_eff, k), "notes": notes,
            "params": dict(zip(res.model.param_names, map(float, np.asarray(res.params)))),
            "forecast": forecast}


class Arima(Model):
    """ARIMA(0,0,0)+c / (1,0,0)+c / (0,1,1) chosen by conditional AICc; see module doc."""

    name = "arima"
    label = "Low-order ARIMA chosen by AICc"
    base_min_obs = 7
    plug_in_intervals = True

    def _fit(self, prep: Prepared, fc: Forecast) -> None:
        years, y_full, exog, n = prep.state_space_inputs()
        nb = len(prep.breaks)
        fits = []
        for label, order, trend, k in CANDIDATES:
            if n - 1 < k + nb + 4:
                fc.notes.append(Note("%(spec)s not tried: needs at least %(need)d observations", spec=label, need=k + nb + 5))
                continue
            f = fit_arima(y_full, order, trend, exog, conditional=True)
            f.update(label=label, order=order, trend=trend)
            edge = {k: v for k, v in f["params"].items()
                    if k in ("ma.L1", "ar.L1") and abs(v) >= BOUNDARY}
            if edge:
                k, v = next(iter(edge.items()))
                fc.notes.append((Note("%(spec)s dropped: MA coefficient %(value).3f at the invertibility "
                                    "boundary (degenerate fit)", spec=label, value=v) if k == "ma.L1" else Note("%(spec)s dropped: AR coefficient %(value).3f at the stationarity "
                                    "boundary (degenerate fit)", spec=label, value=v)))
                continue
            fits.append(f)
        usable = [f for f in fits if math.isfinite(f["aicc"])]
        if not usable:
            fc.notes.insert(0, Note("no ARIMA candidate could be estimated"))
            return
        best = min(usable, key=lambda f: f["aicc"])
        fc.notes.append(Note("chosen by AICc (conditional on the first year): %(candidates)s", candidates=tuple(Note("%(spec)s %(aicc).1f", spec=f["label"], aicc=f["aicc"]) for f in usable)))
        final = best
        if best["order"][1] == 0:
            final = fit_arima(y_full, best["order"], best["trend"], exog, conditional=False)
        for note in best["notes"] + final["notes"]:
            if note not in fc.notes:
                fc.notes.append(note)
        if prep.missing or prep.excluded:
            fc.notes.append(Note("missing/excluded years are skipped by the Kalman filter"))
        h = prep.horizon
        mean, var = final["forecast"](h, prep.future_dummies(h) if nb else None)
        fc.set_normal(mean, var, spec=best["label"], aicc=best["aicc"], params=final["params"])
