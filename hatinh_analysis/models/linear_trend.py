"""``linear_trend``: OLS of the growth rate on the year.

``g_t = a + b (t - tbar) + sum_j d_j 1{t >= B_j} + e_t``, ``e_t`` i.i.d.
``N(0, sigma^2)``, estimated by least squares on the observed years (gaps are
simply absent rows; excluded years are dropped).

Interval
    The classical prediction interval of the normal linear model
    (e.g. Greene, *Econometric Analysis*, §4.8; Hyndman & Athanasopoulos,
    *FPP3* §7.6): ``x0'b ± t_{n-p, (1+level)/2} · s · sqrt(1 + x0'(X'X)^{-1}x0)``
    with ``s^2 = SSE/(n-p)`` and ``x0`` the regressors of the target year (all
    level shifts on). It includes the uncertainty of the estimated trend.
HAC option
    ``hac=True`` replaces ``s^2 (X'X)^{-1}`` in the parameter part by the
    Newey-West (1987) HAC covariance (Bartlett kernel, ``maxlags`` default
    ``floor(4 (n/100)^{2/9})``, small-sample correction), computed by
    statsmodels ``OLS(...).fit(cov_type="HAC")``. With n ≈ 12 HAC standard
    errors are fragile — they are biased downwards and their own sampling error
    is large (Kiefer & Vogelsang 2005) — so use it as a sensitivity check, not as
    the main result.
Minimum
    4 observations (``n - p >= 2`` residual degrees of freedom), plus one per
    break year.
AICc
    Gaussian likelihood with ``k = p + 1`` (coefficients + variance).

When to use
    When growth itself has drifted up or down over the years and you believe
    the drift continues. A straight-line trend in *growth rates* extrapolates
    aggressively; with few years prefer it only when the trend is visible and
    plausible.
"""
from __future__ import annotations

import math

import numpy as np

from hatinh_analysis.notes import Note
from hatinh_analysis.models.base import (Forecast, Model, ModelError, Predictive, Prepared, aicc,
                                         gaussian_llf)


class LinearTrend(Model):
    """OLS trend in growth rates with a t prediction interval; see module doc.

    Parameters
    ----------
    hac : bool, default False
        Use Newey-West HAC covariance for the trend parameters (fragile for small n).
    maxlags : int, optional
        HAC truncation lag; default ``floor(4 (n/100)^(2/9))``.
    """

    name = "linear_trend"
    label = "Linear trend in growth (OLS)"
    base_min_obs = 4

    def __init__(self, hac: bool = False, maxlags: int | None = None):
        if maxlags is not None and (not isinstance(maxlags, int) or maxlags < 0):
            raise ModelError(f"linear_trend: maxlags must be a non-negative integer, got {maxlags!r}")
        self.hac = bool(hac)
        self.maxlags = maxlags

    @property
    def key(self) -> str:
        return "linear_trend_hac" if self.hac else "linear_trend"

    def _fit(self, prep: Prepared, fc: Forecast) -> None:
        y = prep.used.to_numpy(dtype=float)
        years = prep.used.index.to_numpy().astype(float)
        n = len(y)
        tbar = years.mean()
        X = np.column_stack([np.ones(n), years - tbar, prep.step_dummies(years)])
        p = X.shape[1]
        if np.linalg.matrix_rank(X) < p:
            fc.notes.insert(0, Note("regressors are collinear (a break leaves too few years on one side)"))
            return
        beta, *_ = np.linalg.lstsq(X, y, rcond=None)
        resid = y - X @ beta
        sse = float(resid @ resid)
        df = n - p
        if not sse > 1e-12 * max(1.0, float(y @ y)):
            fc.notes.insert(0, Note("the trend fits the data exactly: no residual variation to "
                                  "estimate an interval"))
            return
        s2 = sse / df
        x0 = np.concatenate([[1.0, prep.target_year - tbar], prep.future_dummies(1)[0]])
        if self.hac:
            import statsmodels.api as sm

            lags = self.maxlags if self.maxlags is not None else int(math.floor(4 * (n / 100) ** (2 / 9)))
            res = sm.OLS(y, X).fit(cov_type="HAC", cov_kwds={"maxlags": lags, "use_correction": True})
            cov = np.asarray(res.cov_params())
            fc.notes.append(Note("HAC (Newey-West, maxlags=%(lags)d) covariance: with n=%(n)d it is "
                               "fragile and usually too small; a sensitivity check only", lags=lags, n=n))
        else:
            cov = s2 * np.linalg.inv(X.T @ X)
        var_pred = s2 + float(x0 @ cov @ x0)
        loc = float(x0 @ beta)
        fc.distribution = Predictive("t", loc, math.sqrt(var_pred), df=float(df))
        fc.mean = loc
        if self.hac:
            fc.spec = (Note("OLS growth ~ year + level shift, HAC(%(lags)d)", lags=lags) if prep.breaks else Note("OLS growth ~ year, HAC(%(lags)d)", lags=lags))
        else:
            fc.spec = Note("OLS growth ~ year + level shift") if prep.breaks else Note("OLS growth ~ year")
        fc.aicc = aicc(gaussian_llf(sse, n), n, p + 1)
        fc.params = {"intercept_at_mean_year": float(beta[0]), "mean_year": float(tbar),
                     "slope_pp_per_year": float(beta[1]), "sigma": math.sqrt(s2), "df": df}
        for b, d in zip(prep.breaks, beta[2:]):
            fc.params[f"shift_{b}"] = float(d)
