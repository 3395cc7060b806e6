"""Structural-break tests and one-off shock detection for short annual growth series.

* `detect_shocks` — years that are extreme against a robust scale of the series
  (modified z-score, median and MAD; Iglewicz & Hoaglin 1993). The default
  target check leaves the flagged years out of every model fit (a pulse dummy
  per year, which is the same as treating the year as missing), so no central
  forecast extrapolates a plant's start-up.

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

from hatinh_analysis.notes import Note
from hatinh_analysis.models.base import (ModelError, _as_year, as_growth_series, json_clean,
                                         prepare)

__all__ = ["chow_test", "cusum_test", "BreakTest", "CHOW_MIN_RESID_DF", "CUSUM_MIN_OBS",
           "detect_shocks", "Shocks", "SHOCK_THRESHOLD", "SHOCK_MIN_OBS"]

#: Modified z-score above which a year counts as a one-off shock (Iglewicz & Hoaglin 1993).
SHOCK_THRESHOLD = 3.5
#: Fewer observations than this: no detection (the median and MAD are not estimable robustly).
SHOCK_MIN_OBS = 5
#: A year next to a flagged one, deviating the same way by more than this many robust sd
#: (measured without the flagged years), belongs to the same shock episode.
EPISODE_THRESHOLD = 1.5

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

    When to use
        As descriptive evidence for a break year you have an economic reason for (e.g. a plant start).

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

    When to use
        As a rough check of parameter stability when no break year is known in advance.

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


@dataclass
class Shocks:
    """Result of `detect_shocks`.

    Attributes
    ----------
    years : tuple of int
        The flagged years.
    scores : dict
        ``{year: modified z-score}`` of every year examined.
    median, scale : float
        Robust location and scale (``1.4826 * MAD``) of the series.
    threshold : float
    rule : Note
        The rule (said where shown).
    ok : bool
        False when the series was too short to examine (see ``notes``).
    notes : list of Note
        Why the series could not be examined.
    episodes : dict
        ``{year: Note}``: years that joined a shock episode, and why.
    """

    years: tuple
    scores: dict
    median: float
    scale: float
    threshold: float
    rule: Note
    ok: bool = True
    notes: list = field(default_factory=list)
    episodes: dict = field(default_factory=dict)

    def reason(self, year: int) -> Note:
        """Why ``year`` was flagged (a :class:`~hatinh_analysis.notes.Note`; said in the
        reader's language by :func:`hatinh_analysis.i18n.say`)."""
        year = int(year)
        if year in self.episodes:
            return self.episodes[year]
        z = self.scores[year]
        values = dict(year=year, z=abs(z), median=self.median, scale=self.scale)
        if z > 0:
            return Note("%(year)d: %(z).1f robust standard deviations above the median "
                        "(%(median)+.1f%%, robust sd %(scale).1f points)", **values)
        return Note("%(year)d: %(z).1f robust standard deviations below the median "
                    "(%(median)+.1f%%, robust sd %(scale).1f points)", **values)

    def to_dict(self) -> dict:
        return json_clean({"years": list(self.years), "scores": self.scores, "median": self.median,
                           "scale": self.scale, "threshold": self.threshold, "rule": self.rule,
                           "ok": self.ok, "notes": self.notes,
                           "reasons": {int(y): self.reason(y) for y in self.years}})


def detect_shocks(series, threshold: float = SHOCK_THRESHOLD, *, exclude_years=(),
                  start_year=None) -> Shocks:
    """Flag years whose growth is extreme against the series' own robust scale.

    Rule: modified z-score ``z = (g - median) / (1.4826 * MAD)`` (Iglewicz &
    Hoaglin, *How to Detect and Handle Outliers*, 1993; the factor makes the MAD
    a consistent estimate of a normal standard deviation); a year with
    ``|z| > threshold`` is flagged. Median and MAD are hardly moved by the
    outliers themselves, unlike a mean and standard deviation, so two
    consecutive plant start-up years are both found.

    Episodes: a plant ramps up over several years, and the years at the edge
    of the ramp are less extreme. So, once the core years are flagged, the
    median and robust sd are recomputed without them, and a year *next to* a
    flagged year that deviates in the same direction by more than
    ``EPISODE_THRESHOLD`` (1.5) of those robust sd joins the episode (repeated
    until no year joins). Without a core year nothing is flagged, so ordinary
    noise is never flagged by this second step.

    When to use
        Before fitting trend models to a short provincial series in which one
        plant or one event can dominate a year (Hà Tĩnh 2017–2018). The check
        leaves flagged years out of the fit by default; pass ``shocks=False`` to
        `hatinh_analysis.check_target` to keep them, or ``break_years`` when
        the shift is expected to persist.

    Parameters
    ----------
    series : pandas.Series
        Annual growth in % indexed by int year.
    threshold : float, default 3.5
        The cut-off for ``|z|`` (3.5 is Iglewicz & Hoaglin's recommendation:
        a normal series of 12 years has about a 0.5 % chance per year of a
        false flag).
    exclude_years, start_year
        As in `check_target`: years not examined.

    Returns
    -------
    Shocks
        ``ok=False`` with a note when fewer than `SHOCK_MIN_OBS` years are
        examined or the MAD is zero.
    """
    import numbers

    if isinstance(threshold, bool) or not isinstance(threshold, numbers.Real) or not threshold > 0:
        raise ModelError(f"threshold must be a positive number (a robust z-score), got {threshold!r}")
    prep = prepare(series, None, exclude_years, (), start_year)
    y = prep.used
    rule = Note("|g - median| / (1.4826 x MAD) > %(threshold)s (modified z-score, Iglewicz & "
                "Hoaglin 1993)", threshold=float(threshold))
    if len(y) < SHOCK_MIN_OBS:
        return Shocks((), {}, float("nan"), float("nan"), float(threshold), rule, False,
                      [Note("%(n)d years are too few to tell a shock from noise (needs %(need)d)", n=len(y), need=SHOCK_MIN_OBS)])
    v = y.to_numpy(dtype=float)
    med = float(np.median(v))
    scale = 1.482602218505602 * float(np.median(np.abs(v - med)))
    if not scale > 0:
        return Shocks((), {}, med, scale, float(threshold), rule, False,
                      [Note("more than half of the years share one value (MAD = 0): no robust scale")])
    z = (v - med) / scale
    scores = {int(yr): float(zz) for yr, zz in zip(y.index, z)}
    flagged = {int(yr) for yr, zz in zip(y.index, z) if abs(zz) > threshold}
    episodes = {}
    if flagged and len(v) - len(flagged) >= SHOCK_MIN_OBS:
        rest = np.array([g for yr, g in zip(y.index, v) if int(yr) not in flagged])
        med2 = float(np.median(rest))
        scale2 = 1.482602218505602 * float(np.median(np.abs(rest - med2)))
        if scale2 > 0:
            z2 = {int(yr): (g - med2) / scale2 for yr, g in zip(y.index, v)}
            grew = True
            while grew:
                grew = False
                for yr in sorted(z2):
                    if yr in flagged:
                        continue
                    for nb in (yr - 1, yr + 1):
                        if nb in flagged and np.sign(z2[yr]) == np.sign(scores[nb]) \
                                and abs(z2[yr]) > EPISODE_THRESHOLD:
                            flagged.add(yr)
                            episodes[yr] = Note(
                                "%(year)d joins the shock episode of %(episode)d: %(z).1f robust "
                                "standard deviations from the median of the other years "
                                "(%(median)+.1f%%, robust sd %(scale).1f)", year=yr, episode=nb,
                                z=abs(z2[yr]), median=med2, scale=scale2)
                            grew = True
                            break
    years = tuple(sorted(flagged))
    return Shocks(years, scores, med, scale, float(threshold), rule, True, [], episodes)
