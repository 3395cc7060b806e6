"""``mean_growth``: random walk with drift on the log level.

If the level ``L_t`` follows ``log L_t = log L_{t-1} + mu + e_t`` with i.i.d.
``e_t ~ N(0, sigma^2)``, the log growth factors ``x_t = log(1 + g_t/100)`` are
i.i.d. ``N(mu, sigma^2)``. This is the "drift" benchmark of Hyndman &
Athanasopoulos, *Forecasting: Principles and Practice* (3rd ed., 2021), §5.2,
applied to the log level; with annual data its forecast of next year's growth
is the geometric mean of past growth.

Point forecast
    ``100 (exp(xbar) - 1)`` — the geometric-mean growth. Because the
    back-transformation is non-linear this is the *median* of the predictive
    distribution, not its mean (the mean is higher by roughly
    ``exp(s^2/2)``); medians are what a "consistent with the record?" question
    needs.
Interval
    Student t with ``n - 1`` degrees of freedom on the log scale,
    ``xbar ± t_{n-1, (1+level)/2} · s · sqrt(1 + 1/n)`` (the classical
    prediction interval for a new draw from a normal sample whose mean and
    variance are estimated; it *includes* parameter uncertainty), mapped back
    with ``100 (exp(.) - 1)``. The forecast of a single year's growth does not
    depend on the horizon under this model.
Gaps
    Growth rates are i.i.d., so a missing year simply contributes nothing.
Breaks
    With break years the log growth rates get a separate mean for each period
    between breaks (OLS on a constant and step dummies) and a pooled residual
    variance with ``n - 1 - n_breaks`` degrees of freedom; the forecast uses
    the mean of the last period and ``s · sqrt(1 + 1/n_last)``.
Minimum
    3 observations (2 degrees of freedom), plus one per break year.
AICc
    Gaussian likelihood of the log growth factors, transformed to the % scale
    with the Jacobian ``1/(100 + g)`` so that it is on the same scale as the
    other models' likelihoods; ``k = 1 + n_breaks + 1`` (means + variance).

When to use
    The benchmark every other model has to beat; the most robust choice for
    n < 8 or when growth has no visible trend. It assumes the past years are
    exchangeable — use ``exclude_years`` or ``break_years`` when they are not.
"""
from __future__ import annotations

import math

import numpy as np

from hatinh_analysis.notes import Note
from hatinh_analysis.models.base import Forecast, Model, Predictive, Prepared, aicc, gaussian_llf


class MeanGrowth(Model):
    """Random walk with drift on the log level (geometric-mean growth); see module doc."""

    name = "mean_growth"
    label = "Random walk with drift on the log level (geometric-mean growth)"
    base_min_obs = 3

    def _fit(self, prep: Prepared, fc: Forecast) -> None:
        g = prep.used.to_numpy(dtype=float)
        years = prep.used.index.to_numpy()
        x = np.log1p(g / 100.0)
        n = len(x)
        breaks = np.asarray(prep.breaks)
        regime = np.searchsorted(breaks, years, side="right") if len(breaks) else np.zeros(n, int)
        n_regimes = len(breaks) + 1
        means = np.array([x[regime == r].mean() for r in range(n_regimes)])
        resid = x - means[regime]
        sse = float(resid @ resid)
        df = n - n_regimes
        if not sse > 0:
            fc.notes.insert(0, Note("log growth rates show no residual variation: interval not estimable"))
            return
        s = math.sqrt(sse / df)
        n_last = int(np.sum(regime == n_regimes - 1))
        loc = float(means[-1])
        scale = s * math.sqrt(1.0 + 1.0 / n_last)
        fc.distribution = Predictive("t", loc, scale, df=float(df), transform="log1p_pct")
        fc.mean = float(100.0 * math.expm1(loc))
        fc.spec = (Note("drift on log level, separate mean after %(year)d", year=int(prep.breaks[-1]))
                   if len(breaks) else Note("drift on log level"))
        llf_x = gaussian_llf(sse, n)
        llf_g = llf_x - float(np.sum(np.log(100.0 + g)))
        fc.aicc = aicc(llf_g, n, n_regimes + 1)
        fc.params = {"mean_log_growth": loc, "sd_log_growth": s, "df": df,
                     "geometric_mean_growth_pct": fc.mean}
        if len(breaks):
            fc.params["n_after_last_break"] = n_last
            if n_last == 1:
                fc.notes.append(Note("only one observation from %(year)d on: the post-break "
                                   "mean rests on a single year", year=int(prep.breaks[-1])))
        fc.notes.append(Note("point forecast is the geometric-mean growth (median of the predictive "
                           "distribution)"))
