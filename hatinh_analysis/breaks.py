"""Structural-break tests for short annual growth series.

* `chow_test` — Chow (1960)-type F test for a level shift (optionally also a
  change of slope) at a given year, as an F test on step/ramp dummies in an OLS
  regression of growth on a constant (and a trend).
* `cusum_test` — CUSUM test on OLS residuals (Ploberger & Krämer 1992) via
  statsmodels ``breaks_cusumolsresid``; the recursive-residual CUSUM of Brown,
  Durbin & Evans (1975) is the classical alternative — both have little power in
  a dozen observations.

Honesty about power: with n ≈ 12 annual observations these tests detect only
very large breaks; "no significant break" does not mean "stable". And when the
break year was chosen *after looking at the data* (e.g. the 2017 steel-plant
start in Hà Tĩnh) the Chow p-value is too small — the correct reference is a
sup-F distribution over candidate years (Andrews 1993). Report the statistics
as descriptive evidence alongside the economic reason for a break.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from hatinh_analysis.models.base import (ModelError, _as_year, as_growth_series, json_clean,
                                         prepare)

__all__ = ["chow_test", "cusum_test", "BreakTest", "CHOW_MIN_RESID_DF", "CUSUM_MIN_OBS"]

#: Chow test: minimum residual degrees of freedom of the unrestricted regression.
CHOW_MIN_RESID_DF = 3
#: CUSUM test: minimum number of observations.
CUSUM_MIN_OBS = 8

_POWER = ("with {n} annual observations the test has low power: only large breaks are "
          "detected, and a non-significant result does not show stability")
_CHOSEN = ("if the break year was chosen after looking at the data, the p-value is too small "
           "(Andrews 1993): treat it as descriptive")


@dataclass
class BreakTest:
    """Result of a break test.

    Attributes
    ----------
    test : str
        ``"chow"`` or ``"cusum"``.
    statistic, pvalue : float
        NaN when the test could not be run (see ``notes``).
    n : int
        Observations used.
    ok : bool
    details : dict
        Test specific: degrees of freedom, break year, observations on each side,
        estimated shift, critical values, CUSUM path...
    caveat : str
        What the number can and cannot say.
    notes : list of str
    """

    test: str
    statistic: float
    pvalue: float
    n: int
    ok: bool
    details: dict = field(default_factory=dict)
    caveat: str = ""
    notes: list = field(default_factory=list)

    def to_dict(self) -> dict:
        return json_clean({"test": self.test, "statistic": self.statistic, "pvalue": self.pvalue,
                           "n": self.n, "ok": self.ok, "details": self.details,
                           "caveat": self.caveat, "notes": self.notes})

    def __getitem__(self, key):  # dict-like access for convenience
        return self.to_dict()[key]

    def __repr__(self) -> str:
        if not self.ok:
            return f"BreakTest({self.test}: not run — {'; '.join(self.notes)})"
        return (f"BreakTest({self.test}: statistic={self.statistic:.3f}, p={self.pvalue:.3f}, "
                f"n={self.n})")


def chow_test(series, year, *, slope: bool = False, trend: bool = True, exclude_years=(),
              start_year=None) -> BreakTest:
    """Chow-type F test for a break at ``year``.

    Unrestricted regression (OLS, statsmodels)::

        g_t = a + b (t - year) + d 1{t >= year} [+ c (t - year) 1{t >= year}] + e_t

    The null ``d = 0`` (level shift) — or ``d = c = 0`` with ``slope=True`` (the
    classical Chow test that all coefficients are equal before and after) — is
    tested with ``OLSResults.f_test``. With ``trend=False`` the regression has no
    trend (a pure shift in mean growth); ``slope=True`` then makes no sense and
    is refused.

    Parameters
    ----------
    series : pandas.Series
        Annual growth in % indexed by int year.
    year : int
        First year of the new regime.
    slope : bool, default False
        Also test a change in the trend slope.
    trend : bool, default True
        Include a linear trend in the regression. Use ``False`` when growth has
        no trend apart from the shift (more power with few observations).
    exclude_years, start_year
        As in `check_target`.

    Returns
    -------
    BreakTest
        ``statistic`` F, ``pvalue``, ``details`` with ``df_num``, ``df_denom``,
        ``n_before``, ``n_after`` and the estimated ``shift`` (pp). When the
        unrestricted regression would have fewer than 3 residual degrees of
        freedom, or a regime has too few years for its coefficients, the result
        has ``ok=False``, NaN numbers and a "too few observations" note.

    References
    ----------
    Chow, G. C. (1960), "Tests of equality between sets of coefficients in two
    linear regressions", *Econometrica* 28(3), 591-605.
    """
    if slope and not trend:
        raise ModelError("chow_test: slope=True needs trend=True (a slope change needs a slope)")
    year = _as_year(year, "year")
    clean = as_growth_series(series)
    prep = prepare(series, None, exclude_years, (year,), start_year, clean=clean)
    s = prep.used
    t = s.index.to_numpy().astype(float) - year
    y = s.to_numpy(dtype=float)
    n = len(y)
    d = (t >= 0).astype(float)
    cols = [np.ones(n)] + ([t] if trend else []) + [d] + ([t * d] if slope else [])
    X = np.column_stack(cols)
    k = X.shape[1]
    n_after, n_before = int(d.sum()), int(n - d.sum())
    need_before = 2 if trend else 1
    need_after = 2 if slope else 1
    what = "level shift" + (" and slope change" if slope else "")
    caveat = _POWER.format(n=n) + "; " + _CHOSEN + "; assumes normal, serially uncorrelated errors"
    details = {"year": year, "hypothesis": f"no {what} at {year}", "trend": trend, "slope": slope,
               "n_before": n_before, "n_after": n_after, "df_num": 2 if slope else 1,
               "df_denom": n - k}
    if n - k < CHOW_MIN_RESID_DF or n_before < need_before or n_after < need_after:
        return BreakTest("chow", float("nan"), float("nan"), n, False, details, caveat,
                         [f"too few observations: {n} years ({n_before} before, {n_after} from "
                          f"{year}), the test needs at least {CHOW_MIN_RESID_DF} residual degrees "
                          f"of freedom and {need_before}/{need_after} years per side"])
    import statsmodels.api as sm

    res = sm.OLS(y, X).fit()
    if not res.ssr > 0:
        return BreakTest("chow", float("nan"), float("nan"), n, False, details, caveat,
                         ["the regression fits exactly: no residual variation"])
    j = 1 + int(trend)
    R = np.zeros((2 if slope else 1, k))
    R[0, j] = 1.0
    if slope:
        R[1, j + 1] = 1.0
    ft = res.f_test(R)
    details["shift"] = float(res.params[j])
    if slope:
        details["slope_change"] = float(res.params[j + 1])
    notes = list(prep.notes)
    return BreakTest("chow", float(np.squeeze(ft.fvalue)), float(ft.pvalue), n, True, details,
                     caveat, notes)


def cusum_test(series, *, trend: bool = False, exclude_years=(), start_year=None) -> BreakTest:
    """CUSUM test of parameter stability on OLS residuals.

    Regresses growth on a constant (and a trend with ``trend=True``), and tests
    the maximum of the scaled cumulative sum of residuals against its Brownian-
    bridge limit (Ploberger & Krämer 1992), using statsmodels
    ``breaks_cusumolsresid``. Unlike the Chow test it needs no break year, which
    makes it the honest first look when the year is unknown — at the price of
    even lower power.

    Parameters
    ----------
    series : pandas.Series
        Annual growth in % indexed by int year (gaps are ignored: residuals are
        cumulated in year order).
    trend : bool, default False
    exclude_years, start_year
        As in `check_target`.

    Returns
    -------
    BreakTest
        ``statistic`` = sup |B|, ``pvalue`` (asymptotic), ``details`` with
        ``critical_values`` {"1%", "5%", "10%"} and ``path`` {year: scaled CUSUM}
        for plotting. Fewer than 8 observations: ``ok=False`` with a "too few
        observations" note.

    References
    ----------
    Brown, R. L., Durbin, J. & Evans, J. M. (1975), "Techniques for testing the
    constancy of regression relationships over time", *JRSS B* 37(2), 149-192.
    Ploberger, W. & Krämer, W. (1992), "The CUSUM test with OLS residuals",
    *Econometrica* 60(2), 271-285.
    """
    clean = as_growth_series(series)
    prep = prepare(series, None, exclude_years, (), start_year, clean=clean)
    s = prep.used
    n = len(s)
    caveat = (_POWER.format(n=n) + "; the p-value uses the asymptotic (Brownian bridge) "
              "distribution, which is rough at this sample size")
    if n < CUSUM_MIN_OBS:
        return BreakTest("cusum", float("nan"), float("nan"), n, False, {"trend": trend}, caveat,
                         [f"too few observations: {n} years, the CUSUM test needs at least "
                          f"{CUSUM_MIN_OBS}"])
    y = s.to_numpy(dtype=float)
    t = s.index.to_numpy().astype(float)
    X = np.column_stack([np.ones(n)] + ([t - t.mean()] if trend else []))
    import statsmodels.api as sm
    from statsmodels.stats.diagnostic import breaks_cusumolsresid

    res = sm.OLS(y, X).fit()
    if not res.ssr > 0:
        return BreakTest("cusum", float("nan"), float("nan"), n, False, {"trend": trend}, caveat,
                         ["the regression fits exactly: no residual variation"])
    resid = np.asarray(res.resid)
    stat, pval, crit = breaks_cusumolsresid(resid, ddof=X.shape[1])
    sigma = np.sqrt(resid @ resid / (n - X.shape[1]))
    path = np.cumsum(resid) / (sigma * np.sqrt(n))
    details = {"trend": trend,
               "critical_values": {f"{int(a)}%": float(c) for a, c in crit},
               "path": {int(yr): float(v) for yr, v in zip(s.index, path)},
               "max_at": int(s.index[int(np.argmax(np.abs(path)))])}
    return BreakTest("cusum", float(stat), float(pval), n, True, details, caveat, list(prep.notes))
