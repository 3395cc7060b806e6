"""In-year tracking: after M months at +x %, is this year's target still within reach?

The statistics office publishes every month the growth of the months of the year so far
against the same months a year earlier ("6 tháng năm 2019 so với cùng kỳ năm trước"),
for the whole of industry and each industry. `track_target` answers the question a
provincial office asks all year: *we are at +x % after M months; can we still make the
year?*

(a) The growth needed in the remaining months
    With ``s`` the share of months ``1..M`` in last year's production, the whole-year
    growth is the share-weighted mean of the two parts of the year::

        1 + g_year = s (1 + g_ytd) + (1 - s) (1 + g_rest)
        g_rest     = (1 + target - s (1 + g_ytd)) / (1 - s) - 1

    `required_growth` uses **equal months** (``s = M / 12``) unless a share is given:
    the statistics office publishes no monthly levels, only indices, so last year's
    monthly profile is not known exactly. The error this makes is first order in the
    share error ``ds``: ``d g_rest = (target - g_ytd) / (1 - s)^2 * ds``; the result
    states it for a share one point off (``TrackCheck.needed_sensitivity``), and the
    scoreboard module measures how far equal months reproduce the published cumulative
    growth from the single months (`hatinh_analysis.tracking_scoreboard`).

(b) A calibrated distribution of the whole-year outcome
    For every series (the whole of industry and each industry) and every year whose
    whole-year figure was published by ``as_of``, the history holds the error of the
    naive rule "the year ends where the cumulative figure stands",
    ``e = g_year - g_ytd(M)``, scaled by the series' own volatility ``v`` (the robust
    spread of its single-month growth over the twelve months to M, known at the time):
    ``z = e / v``. Errors of one year share a national shock, so **years, not rows, are
    the unit of evidence**: by month M, ``z`` follows the one-way random-effects model

        z_{y,i} = mu_M + a_y + eps_{y,i},   a_y ~ N(0, tau_M^2),  eps ~ N(0, sigma_M^2)

    fitted by the ANOVA (method-of-moments) estimators of an unbalanced one-way layout
    (Searle, Casella & McCulloch 1992, *Variance Components*, §3.5-3.6): three
    parameters a month. A new year is a new draw of ``a_y``; its predictive
    distribution is the random-effects *prediction interval* for a new unit (Higgins,
    Thompson & Spiegelhalter 2009, *JRSS A* 172, 137-159): Student t with location
    ``mu_M``, variance ``tau^2 + sigma^2 + Var(mu_hat)`` and the Satterthwaite (1946)
    degrees of freedom of that sum of mean squares, which fall to ``J - 1`` (``J`` = years)
    when the year component dominates. Fewer than `MIN_YEARS` years: no distribution.
    The whole-year outcome is ``g_ytd + v * z``; the spread shrinks through the year
    because ``sigma_M`` and ``tau_M`` do, as the history shows.

(c) The chance of reaching the target and the verdict
    The verdict words and rule are the annual check's (`hatinh_analysis.target.VERDICTS`,
    `~hatinh_analysis.target.verdict_from`); probabilities are printed with
    `~hatinh_analysis.target.format_probability` (never 0 % or 100 %) and only when the
    tracker's own scoreboard, by month M and with outcomes published by ``as_of``, shows
    its ranges at this level to be calibrated (`~hatinh_analysis.target.PRINTING_RULE`).

Like the annual check, this module computes and never writes sentences (issue 18): the
result holds codes (verdict, chance, method) and `hatinh_analysis.notes.Note`s;
`hatinh_analysis.tracking_views` says them in the reader's language.

Importing this module is cheap (numpy/pandas); scipy loads when a distribution is used.

Size: 887 lines, over the ~600 of the style rule, because it holds the tracker's engine (needed
growth, the year-component fit by month, the result object and the store adapter) in one place;
its history, record and scoreboard are already split out (`tracking_history`, `tracking_record`,
`tracking_scoreboard`), its words live in `tracking_views`.
"""
from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from hatinh_analysis.models.base import ModelError, json_clean
from hatinh_analysis.notes import Code, Note
from hatinh_analysis.target import (DEFAULT_MAX_WIDTH, _width_rule, coverage_note,
                                    probability_printable, verdict_caveat, verdict_from)
from hatinh_analysis.tracking_history import (MIN_SCALE_MONTHS, REFERENCE_COLUMNS, _monthly,
                                              _scale_at, _singles, history_frame, monthly_scale,
                                              profile_share, reference_fingerprint, reference_table)

__all__ = ["track_target", "TrackCheck", "required_growth", "needed_sensitivity", "fit_month",
           "fit_months", "MonthFit", "TrackForecast", "evaluate", "MIN_YEARS", "TABLE_COLUMNS",
           "METHODS", "chance_note", "LAST_YEAR_TARGET", "BORROWED_SCALE", "borrowed_scale_note",
           # re-exported from tracking_history
           "monthly_scale", "history_frame", "reference_table", "reference_fingerprint",
           "MIN_SCALE_MONTHS", "REFERENCE_COLUMNS"]

#: Fewer years than this in the history of a month: no calibrated distribution.
MIN_YEARS = 3
#: Columns of `TrackCheck.table`.
TABLE_COLUMNS = ["method", "month", "ytd", "forecast", "lower", "upper", "prob_reach", "chance",
                 "verdict", "calibrated", "notes"]

#: Codes of the ``method`` column of `TrackCheck.table`; their names are
#: ``hatinh_analysis.i18n.TERMS["method"]``.
METHODS = ("needed", "needed_profile", "naive", "tracker")


# ------------------------------------------------------------------ (a) arithmetic
def _num(x, name: str) -> float:
    if isinstance(x, bool) or not isinstance(x, numbers.Real) or not math.isfinite(float(x)):
        raise ModelError(f"{name}: must be a finite number, got {x!r}")
    return float(x)


def _check_month(month) -> int:
    if isinstance(month, bool) or not isinstance(month, numbers.Integral) or not 1 <= int(month) <= 11:
        raise ModelError(f"month: must be a whole month 1-11 (the months of the year so far; "
                         f"December ends the year), got {month!r}")
    return int(month)


def required_growth(ytd: float, target: float, month: int, *, share: float | None = None) -> float:
    """Growth (%) the remaining ``12 - month`` months need, over the same months a year
    earlier, for the whole year to reach ``target``.

    When to use
        "We are at +x % after M months: what must the rest of the year do?"

    Parameters
    ----------
    ytd : float
        Growth of months ``1..month`` over the same months a year earlier, in %.
    target : float
        Whole-year growth target, in %.
    month : int
        Months published so far, 1-11.
    share : float, optional
        Share of months ``1..month`` in last year's production (0-1). Default equal
        months, ``month / 12`` (see the module doc for the error this makes).

    Returns
    -------
    float
        ``(1 + target - s (1 + ytd)) / (1 - s) - 1``, in % (module doc, (a)).

    >>> round(required_growth(2.8, 10.64, 6), 2)
    18.48
    >>> round(required_growth(5.0, 5.0, 3), 6)
    5.0
    """
    c, t, m = _num(ytd, "ytd"), _num(target, "target"), _check_month(month)
    for v, name in ((c, "ytd"), (t, "target")):
        if v <= -100:
            raise ModelError(f"{name}: growth must be above -100%, got {v:g}")
    s = m / 12.0 if share is None else _num(share, "share")
    if not 0.0 < s < 1.0:
        raise ModelError(f"share: must lie strictly between 0 and 1, got {share!r}")
    return 100.0 * (((1 + t / 100) - s * (1 + c / 100)) / (1 - s) - 1)


def needed_sensitivity(ytd: float, target: float, month: int, d_share: float = 0.01) -> float:
    """How far the needed growth moves (points) when the share of the months so far is
    ``d_share`` higher than equal months assume: ``(target - ytd) / (1 - s)^2 * d_share``."""
    s = _check_month(month) / 12.0
    return (float(target) - float(ytd)) / (1 - s) ** 2 * d_share


# ------------------------------------------------------------------ (b) the year-component model
@dataclass
class MonthFit:
    """The random-effects fit of the scaled errors of one month (module doc, (b)).

    Attributes
    ----------
    month : int
    n, n_years : int
        Errors and years used; ``years`` lists the years.
    mu, tau2, sigma2 : float
        Mean, year variance and within-year variance of the scaled errors.
    var_mu : float
        Variance of the estimated mean (years as units).
    df : float
        Satterthwaite degrees of freedom of the predictive variance.
    """

    month: int
    n: int
    n_years: int
    years: list
    mu: float = float("nan")
    tau2: float = float("nan")
    sigma2: float = float("nan")
    var_mu: float = float("nan")
    df: float = float("nan")
    notes: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.n_years >= MIN_YEARS and math.isfinite(self.sd) and self.sd > 0

    @property
    def sd(self) -> float:
        """Predictive scale of a new year's scaled error: sqrt(tau^2 + sigma^2 + Var(mu))."""
        return math.sqrt(self.tau2 + self.sigma2 + self.var_mu) if math.isfinite(self.tau2) \
            else float("nan")

    @property
    def year_share(self) -> float:
        """Share of the year component in the error variance, ``tau^2 / (tau^2 + sigma^2)``."""
        tot = self.tau2 + self.sigma2
        return self.tau2 / tot if tot > 0 else float("nan")

    def dist(self):
        """``scipy.stats.t(df, loc=mu, scale=sd)`` (frozen)."""
        from scipy import stats

        return stats.t(self.df, loc=self.mu, scale=self.sd)

    def to_dict(self) -> dict:
        return json_clean({"month": self.month, "n": self.n, "n_years": self.n_years,
                           "years": list(self.years), "mu": self.mu, "tau2": self.tau2,
                           "sigma2": self.sigma2, "var_mu": self.var_mu, "df": self.df,
                           "sd": self.sd, "year_share": self.year_share, "ok": self.ok,
                           "notes": list(self.notes)})


def fit_month(errors: pd.DataFrame, month: int) -> MonthFit:
    """Fit the one-way random-effects model of the module doc to one month's scaled errors.

    When to use
        To see the parts of a month's error (year shock against industry noise); `track_target`
        calls it for the month asked.

    Parameters
    ----------
    errors : DataFrame
        Columns ``year`` and ``z`` (scaled errors), one row per series-year of ``month``.
    month : int

    Returns
    -------
    MonthFit
        ANOVA estimates (Searle, Casella & McCulloch 1992, §3.6): ``sigma^2 = MSW``,
        ``tau^2 = max(0, (MSB - MSW) / n0)`` with
        ``n0 = (N - sum n_j^2 / N) / (J - 1)``; the mean is the generalised least-squares
        mean over years, ``Var(mu_hat) = 1 / sum_j 1 / (tau^2 + sigma^2 / n_j)``. The
        predictive degrees of freedom follow Satterthwaite (1946) for the variance
        ``c_B MSB + c_W MSW`` that ``tau^2 + sigma^2`` is, with ``J - 1`` and ``N - J``
        degrees of freedom.
    """
    d = errors[["year", "z"]].dropna()
    d = d[np.isfinite(d["z"].to_numpy(dtype=float))]
    years = sorted(int(y) for y in d["year"].unique())
    fit = MonthFit(month=int(month), n=len(d), n_years=len(years), years=years)
    J, N = len(years), len(d)
    if J < MIN_YEARS:
        fit.notes.append(Note("fewer than %(min)s years of history for this month", min=MIN_YEARS))
        return fit
    g = d.groupby("year")["z"]
    nj = g.size().to_numpy(dtype=float)
    mj = g.mean().to_numpy(dtype=float)
    z = d["z"].to_numpy(dtype=float)
    grand = float(z.mean())
    ssw = float(((d["z"] - g.transform("mean")) ** 2).sum())
    ssb = float(np.sum(nj * (mj - grand) ** 2))
    dfw, dfb = N - J, J - 1
    msw = ssw / dfw if dfw > 0 else float("nan")
    msb = ssb / dfb
    n0 = (N - float(np.sum(nj ** 2)) / N) / dfb
    if not math.isfinite(msw):          # one series a year: no within-year part to separate
        msw, dfw = 0.0, 0
    tau2 = max(0.0, (msb - msw) / n0)
    w = 1.0 / (tau2 + msw / nj) if (tau2 > 0 or msw > 0) else np.ones_like(nj)
    fit.mu = float(np.sum(w * mj) / np.sum(w))
    fit.var_mu = float(1.0 / np.sum(w)) if (tau2 > 0 or msw > 0) else 0.0
    fit.tau2, fit.sigma2 = tau2, msw
    # tau^2 + sigma^2 = MSB / n0 + (1 - 1 / n0) MSW (when tau^2 > 0), else MSW
    if tau2 > 0:
        parts = [(msb / n0, dfb), ((1 - 1 / n0) * msw, dfw)]
    else:
        parts = [(msw, dfw)] if dfw > 0 else [(msb, dfb)]
    num = sum(p for p, _ in parts) ** 2
    den = sum(p ** 2 / k for p, k in parts if k > 0 and p > 0)
    fit.df = float(num / den) if den > 0 else float(dfb)
    fit.df = max(1.0, fit.df)
    return fit


@dataclass
class TrackForecast:
    """The whole-year outcome ``ytd + scale * z`` with ``z`` from a `MonthFit`."""

    ytd: float
    scale: float
    fit: MonthFit

    @property
    def ok(self) -> bool:
        return self.fit.ok and math.isfinite(self.scale) and self.scale > 0 and math.isfinite(self.ytd)

    @property
    def mean(self) -> float:
        """The central outcome (median of the distribution)."""
        return self.ytd + self.scale * self.fit.mu if self.ok else float("nan")

    def ppf(self, q):
        if not self.ok:
            return np.full(np.shape(q), np.nan) if np.ndim(q) else float("nan")
        return self.ytd + self.scale * self.fit.dist().ppf(q)

    def cdf(self, x):
        if not self.ok:
            return float("nan")
        return self.fit.dist().cdf((np.asarray(x, dtype=float) - self.ytd) / self.scale)

    def sf(self, x):
        if not self.ok:
            return float("nan")
        return self.fit.dist().sf((np.asarray(x, dtype=float) - self.ytd) / self.scale)

    def interval(self, level: float) -> tuple[float, float]:
        a = (1 - level) / 2
        if not self.ok:
            return float("nan"), float("nan")
        lo, hi = self.ppf([a, 1 - a])
        return float(lo), float(hi)

    def fan(self, levels=(0.5, 0.8, 0.95)) -> dict:
        return {lv: self.interval(lv) for lv in levels}


# ------------------------------------------------------------------ (c) the check
def _max_width_default(year: int) -> tuple[float, dict]:
    """The annual check's width rule: the 10-90 % spread of all provinces' annual growth
    up to the year before (`hatinh_analysis.target`): a range wider than that says no more
    than "growth of a province in a year"."""
    from hatinh_analysis.combination import load_panel

    panel, _nat = load_panel("iip")
    if panel is not None:
        g = panel.loc[panel["year"] < year, "growth"].to_numpy(dtype=float)
        if len(g) >= 50:
            q10, q90 = np.quantile(g, [0.1, 0.9])
            return float(q90 - q10), {"kind": "panel", "width": float(q90 - q10), "n": len(g),
                                      "origin": int(year) - 1, "q10": float(q10),
                                      "q90": float(q90)}
    return DEFAULT_MAX_WIDTH, {"kind": "default", "width": DEFAULT_MAX_WIDTH}


@dataclass
class TrackCheck:
    """Result of `track_target`.

    Attributes
    ----------
    table : pandas.DataFrame
        `TABLE_COLUMNS`: ``needed`` (the growth the remaining months need, equal months,
        in ``forecast``), ``needed_profile`` (the same with last year's monthly profile, when
        its month-on-month figures exist), ``naive`` (the year ends where the cumulative figure stands:
        no range) and ``tracker`` (the calibrated range and chance that decide the
        verdict). ``method`` holds codes of `METHODS`, ``verdict`` codes of
        `hatinh_analysis.target.VERDICTS` (None where a row has none), ``chance`` codes of
        `hatinh_analysis.target.CHANCE_CODES` (whether ``prob_reach`` may be printed),
        ``notes`` tuples of `hatinh_analysis.notes.Note`.
    verdict : str
        A code of `hatinh_analysis.target.VERDICTS`.
    forecast : TrackForecast
        The calibrated whole-year distribution (``.interval``, ``.sf``, ``.ppf``).
    fit : MonthFit
        The month's year-component fit; `summary_frame` shows it for every month.
    fits : dict
        ``{month: MonthFit}`` for months 1-11 of the same history.
    needed : float
        Growth needed in the remaining months (equal months), in %.
    needed_sensitivity : float
        Change of ``needed`` (points) if the months so far held one point more of last
        year's production than equal months assume.
    record : dict
        The tracker scoreboard's record for this month and level (hits, n, coverage,
        wilson, word), outcomes published by ``as_of`` only; ``probability_printed`` and
        ``probability_note`` apply the printing rule to it.
    reference : DataFrame
        The history used (series, year, month, ytd, final, scale, z).
    """

    table: pd.DataFrame
    verdict: str
    forecast: TrackForecast
    fit: MonthFit
    fits: dict
    ytd: float
    target: float
    month: int
    year: int
    level: float
    needed: float
    needed_sensitivity: float
    scale: float
    max_width: float
    width_info: dict
    record: dict
    reference: pd.DataFrame
    series: str = "total"
    province: str = "vietnam"
    indicator: str = "iip"
    as_of: str | None = None
    sources: dict = field(default_factory=dict)
    path: pd.DataFrame | None = None
    notes: list = field(default_factory=list)
    series_name: dict = field(default_factory=dict)
    share_profile: float = float("nan")

    @property
    def prob_reach(self) -> float:
        """The calibrated chance of reaching the target, as computed (NaN without a range).

        For programmatic use; whether it may be *printed* is `probability_printed`."""
        return float(self.table.iloc[-1]["prob_reach"])

    @property
    def probability_printed(self) -> bool:
        """True when the tracker's scoreboard shows the chance to be calibrated
        (`hatinh_analysis.target.PRINTING_RULE`, applied to the tracker's record)."""
        return bool(self.record.get("probability_printed"))

    @property
    def probability_note(self) -> Note:
        """Why the chance is printed or withheld (a Note; the measured record is `coverage`)."""
        return self.record["probability_note"]

    @property
    def chance(self) -> str:
        """Whether the tracker's chance may be printed: a code of
        `hatinh_analysis.target.CHANCE_CODES` (``"printed"``, ``"withheld"``, ``"none"``)."""
        return str(self.table.iloc[-1]["chance"])

    @property
    def coverage(self) -> Note | None:
        """The tracker scoreboard's record of such ranges (`hatinh_analysis.target.coverage_note`)."""
        return coverage_note(self.record)

    @property
    def verdict_caveat(self) -> Note | None:
        """How far the tracker's scoreboard backs the verdict (`hatinh_analysis.target.verdict_caveat`)."""
        if not self.forecast.ok:
            return None
        return verdict_caveat(self.verdict, self.record)

    @property
    def width_rule(self) -> Note:
        """Where the width limit of "too uncertain to judge" comes from (the annual check's rule)."""
        return _width_rule(self.width_info)

    @property
    def needed_profile(self) -> float:
        """Growth the remaining months need with last year's monthly profile (NaN without it)."""
        if not math.isfinite(self.share_profile):
            return float("nan")
        return required_growth(self.ytd, self.target, self.month, share=self.share_profile)

    @property
    def subject(self) -> Note:
        """The series and its area, as a note value: "industrial production (IIP), Cả nước"."""
        return _subject(self)

    @property
    def summary(self) -> tuple:
        """The check in the engine's words: a tuple of `hatinh_analysis.notes.Note`, said where
        shown (`hatinh_analysis.i18n.say`; `hatinh_analysis.tracking_views.summary_text`)."""
        return _summary(self)

    def summary_frame(self) -> pd.DataFrame:
        """The history by month: years and series-years used, the year and within-year
        spreads, and the calibrated ``level`` range of the scaled error (``z_lower``,
        ``z_upper``) and of this series' year (``lower``, ``upper``) had the cumulative
        figure stood at ``ytd`` after that month. The spread shrinks through the year."""
        rows = []
        a = (1 - self.level) / 2
        for m, f in sorted(self.fits.items()):
            zl, zh = (f.dist().ppf([a, 1 - a]) if f.ok else (float("nan"), float("nan")))
            rows.append({"month": m, "years": f.n_years, "n": f.n, "mean_error": f.mu,
                         "sd_year": math.sqrt(f.tau2) if math.isfinite(f.tau2) else float("nan"),
                         "sd_within": math.sqrt(f.sigma2) if math.isfinite(f.sigma2) else float("nan"),
                         "year_share": f.year_share, "df": f.df, "z_lower": float(zl),
                         "z_upper": float(zh), "width_points": float(zh - zl) * self.scale})
        return pd.DataFrame(rows)

    def to_dict(self) -> dict:
        """JSON-serialisable dict (plain floats; NaN -> None; notes in their structured form
        with an English ``text``)."""
        tab = self.table.astype(object).where(self.table.notna(), None)
        return json_clean({
            "series": self.series, "province": self.province, "indicator": self.indicator,
            "year": self.year, "month": self.month, "ytd": self.ytd, "target": self.target,
            "level": self.level, "as_of": self.as_of, "verdict": self.verdict,
            "needed": self.needed, "needed_sensitivity": self.needed_sensitivity,
            "scale": self.scale, "max_width": self.max_width, "width_info": self.width_info,
            "table": tab.to_dict(orient="records"), "fit": self.fit.to_dict(),
            "record": self.record, "probability_printed": self.probability_printed,
            "probability_note": self.probability_note, "coverage": self.coverage,
            "verdict_caveat": self.verdict_caveat, "width_rule": self.width_rule,
            "sources": self.sources,
            "notes": list(self.notes), "summary": self.summary})

    def __repr__(self) -> str:
        from hatinh_analysis.i18n import say

        return f"TrackCheck(verdict={self.verdict!r})\n" + "\n".join(say(n) for n in self.summary)


_NO_DISTRIBUTION = Note("withheld: no calibrated distribution")


def chance_note(p: float) -> Note:
    """A calibrated chance as a note, in whole percent and never 0 % or 100 % (as
    `hatinh_analysis.target.format_probability` prints it): "83%", "less than 1%"."""
    if p < 0.01:
        return Note("less than %(p)d%%", p=1)
    if p > 0.99:
        return Note("more than %(p)d%%", p=99)
    return Note("%(p)d%%", p=int(round(100 * p)))
_NO_SCALE = Note("no volatility figure for this series")


def _summary(r: TrackCheck) -> tuple:
    """The check as notes: where the year stands, what the rest needs (equal months, and
    with last year's profile), the history, the calibrated range and chance, the verdict."""
    out = [Note("After %(month)s months of %(year)s, %(subject)s stood at %(ytd)+.1f%% over the "
                "same months a year earlier; the target for the year is %(target)+.1f%%.",
                month=r.month, year=r.year, subject=r.subject, ytd=r.ytd, target=r.target),
           Note("To reach it, the remaining %(rest)s months need %(needed)+.1f%% over the same "
                "months a year earlier, counting every month equally; had the months so far held "
                "one point more of last year's production, the figure would move by %(sens).2f "
                "points.", rest=12 - r.month, needed=r.needed, sens=abs(r.needed_sensitivity))]
    if math.isfinite(r.share_profile):
        out.append(Note("With last year's monthly profile instead (the months so far held "
                        "%(share).0f%% of last year's production, not %(equal).0f%%), they need "
                        "%(needed)+.1f%%.", share=100 * r.share_profile, equal=100 * r.month / 12,
                        needed=r.needed_profile))
    f = r.fit
    if r.forecast.ok:
        lo, hi = r.forecast.interval(r.level)
        out.append(Note("In %(years)s earlier years (%(first)s-%(last)s; %(n)s figures of the whole "
                        "of industry and its industries), the year ended on average %(bias).2f "
                        "typical monthly swings away from the cumulative figure after %(month)s "
                        "months; %(share).0f%% of the spread was a shock common to every industry "
                        "in that year.", years=f.n_years, first=f.years[0], last=f.years[-1], n=f.n,
                        bias=f.mu, month=r.month, share=100 * f.year_share))
        out.append(Note("Calibrated %(level).0f%% range for the whole year: %(lower)+.1f%% to "
                        "%(upper)+.1f%%.", level=100 * r.level, lower=lo, upper=hi))
        if r.probability_printed:
            out.append(Note("Calibrated chance of reaching the target: %(chance)s (%(note)s).",
                            chance=chance_note(r.prob_reach), note=r.probability_note))
        else:
            out.append(Note("Calibrated chance of reaching the target: %(note)s.",
                            note=r.probability_note))
        if r.coverage is not None:
            out.append(Note("Record: %(coverage)s.", coverage=r.coverage))
    else:
        out.append(Note("No calibrated range: %(reason)s.",
                        reason=tuple(r.forecast.fit.notes) or _NO_SCALE))
    out.append(Note("Verdict: %(verdict)s.", verdict=Code("verdict", r.verdict)))
    if r.verdict_caveat is not None:
        out.append(r.verdict_caveat)
    out.extend(r.notes)
    return tuple(out)


def _subject(r: TrackCheck) -> Note:
    """"industrial production (IIP), Cả nước": the series (the whole of industry by its term, an
    industry by its code, named from ``hatinh_analysis.data.vocab.INDUSTRIES`` where shown) and
    its area."""
    from hatinh_analysis.target import _province_name

    series = (Note("industrial production (IIP)") if r.series in ("", "total")
              else Code("industry", str(r.series)))
    return Note("%(series)s, %(area)s", series=series, area=_province_name(r.province) or r.province)


def _scaled_errors(reference: pd.DataFrame) -> pd.DataFrame:
    d = reference.copy()
    d["z"] = (d["final"].astype(float) - d["ytd"].astype(float)) / d["scale"].astype(float)
    return d[np.isfinite(d["z"].to_numpy(dtype=float))]


def _history_for(reference: pd.DataFrame, year: int, as_of) -> pd.DataFrame:
    """Rows of years before ``year`` whose whole-year figure was published by ``as_of``
    (vintage-exact: nothing known later enters)."""
    missing = [c for c in REFERENCE_COLUMNS if c not in reference.columns]
    if missing:
        raise ModelError(f"reference: missing column(s) {', '.join(missing)}; expected "
                         f"{', '.join(REFERENCE_COLUMNS)}")
    d = reference[reference["year"].astype(int) < int(year)]
    if as_of is not None:
        cut = pd.Timestamp(as_of)
        d = d[pd.to_datetime(d["final_published"]) <= cut]
        d = d[pd.to_datetime(d["published"]) <= cut]
    return _scaled_errors(d)


def fit_months(history: pd.DataFrame) -> dict:
    """``{month: MonthFit}`` for months 1-11 of a history with column ``z`` (`fit_month`)."""
    return {m: fit_month(history[history["month"] == m], m) for m in range(1, 12)}


def evaluate(ytd: float, target: float, month: int, year: int, *, scale: float,
             reference: pd.DataFrame, record: dict | None = None, level: float = 0.8,
             max_width: float | None = None, as_of=None, series: str = "total",
             province: str = "vietnam", indicator: str = "iip", series_name: dict | None = None,
             sources: dict | None = None, path: pd.DataFrame | None = None,
             notes=(), share_profile: float | None = None) -> TrackCheck:
    """The check from explicit inputs (`track_target` loads them from the store).

    When to use
        With figures of your own and a history table (`REFERENCE_COLUMNS`), or in tests.
    """
    from hatinh_analysis.models.base import check_level

    c, t = _num(ytd, "ytd"), _num(target, "target")
    m = _check_month(month)
    level = check_level(level)
    year = int(year)
    needed = required_growth(c, t, m)
    sens = needed_sensitivity(c, t, m)
    hist = _history_for(reference, year, as_of)
    fits = fit_months(hist)
    fit = fits[m]
    fc = TrackForecast(c, float(scale) if scale is not None else float("nan"), fit)
    if max_width is None:
        max_width, width_info = _max_width_default(year)
    else:
        max_width = _num(max_width, "max_width")
        width_info = {"kind": "given", "width": max_width}
    rec = dict(record or {})
    rec.setdefault("level", level)
    if fc.ok:
        rec["probability_printed"], rec["probability_note"] = probability_printable(rec)
    else:
        rec["probability_printed"], rec["probability_note"] = False, _NO_DISTRIBUTION
    tnotes = list(notes)
    if not (math.isfinite(fc.scale) and fc.scale > 0):
        fit.notes.append(Note("no volatility figure for this series (fewer than %(min)s "
                              "single-month figures in the twelve months to this one)",
                              min=MIN_SCALE_MONTHS))
    blank = {"month": m, "ytd": c, "lower": np.nan, "upper": np.nan, "prob_reach": np.nan,
             "chance": "none", "verdict": None, "calibrated": False}
    rows = [dict(blank, method="needed", forecast=needed,
                 notes=(Note("growth the remaining months need over the same months a year "
                             "earlier (equal months)"),))]
    if share_profile is not None and math.isfinite(share_profile):
        rows.append(dict(blank, method="needed_profile",
                         forecast=required_growth(c, t, m, share=share_profile),
                         notes=(Note("the same with last year's monthly profile (share of the "
                                     "months so far %(share).3f instead of %(equal).3f)",
                                     share=float(share_profile), equal=m / 12),)))
    rows.append(dict(blank, method="naive", forecast=c,
                     notes=(Note("the year ends where the cumulative figure stands (no range)"),)))
    if fc.ok:
        lo, hi = fc.interval(level)
        p = float(fc.sf(t))
        verdict = verdict_from(p, p, hi - lo, level, max_width)
        chance = "printed" if rec["probability_printed"] else "withheld"
    else:
        lo = hi = p = float("nan")
        verdict, chance = "uncertain", "none"
    rows.append({"method": "tracker", "month": m, "ytd": c, "forecast": fc.mean, "lower": lo,
                 "upper": hi, "prob_reach": p, "chance": chance, "verdict": verdict,
                 "calibrated": bool(fc.ok), "notes": tuple(fit.notes)})
    return TrackCheck(table=pd.DataFrame(rows, columns=TABLE_COLUMNS), verdict=verdict,
                      forecast=fc, fit=fit, fits=fits, ytd=c, target=t, month=m, year=year,
                      level=level, needed=needed, needed_sensitivity=sens, scale=fc.scale,
                      max_width=float(max_width), width_info=width_info, record=rec,
                      reference=hist, series=series, province=province, indicator=indicator,
                      as_of=None if as_of is None else str(as_of), sources=dict(sources or {}),
                      path=path, notes=tnotes, series_name=dict(series_name or {}),
                      share_profile=float("nan") if share_profile is None else float(share_profile))


#: The note of a check whose target is last year's growth (no plan figure in the data).
LAST_YEAR_TARGET = Note("no plan figure for the year in the data: the question checked is whether the "
                        "year grows at least as fast as the year before")


def _target_from_data(province, indicator, year, as_of, extra, monthly_series) -> tuple[float, Note]:
    """The plan figure for ``year`` in the data; else last year's whole-year growth."""
    from hatinh_analysis.data.store import load_series, load_targets

    tg = load_targets(province, indicator, as_of=as_of, extra=extra)
    tg = tg[tg["year"] == int(year)]
    if len(tg):
        row = tg.iloc[-1]
        value = float(row["value"])
        if str(row.get("unit")) == "index_prev_year=100":
            value -= 100.0
        return value, Note("the target is the plan figure for the year in the data (%(source)s)",
                           source=str(row["source_id"]))
    last = monthly_series[(monthly_series["year"] == int(year) - 1) & (monthly_series["month"] == 12)]
    if as_of is not None:
        last = last[pd.to_datetime(last["published"]) <= pd.Timestamp(as_of)]
    if len(last):
        return float(last.sort_values("published")["ytd"].iloc[-1]), LAST_YEAR_TARGET
    try:
        s = load_series(indicator, province, as_of=as_of)
    except ValueError:
        s = pd.Series(dtype=float)
    if int(year) - 1 in s.index:
        return float(s.loc[int(year) - 1]), LAST_YEAR_TARGET
    raise ModelError(f"target: no target for {year} in the data for {province!r} and no figure for "
                     f"{int(year) - 1} to compare with; give target=...")


def _proxy_scale(indicator, province, as_of, nat: pd.DataFrame) -> tuple[float, Note | None]:
    """A province's volatility without its own monthly figures: the whole of industry's
    (latest twelve single months published by ``as_of``) times the ratio of the two annual
    series' typical year-to-year change (`hatinh_analysis.combination.series_scale`)."""
    from hatinh_analysis.combination import series_scale
    from hatinh_analysis.data.store import load_series

    d = nat[nat["series"] == "total"].dropna(subset=["scale"])
    if as_of is not None:
        d = d[pd.to_datetime(d["published"]) <= pd.Timestamp(as_of)]
    if not len(d):
        return float("nan"), None
    base = float(d.sort_values(["published", "year", "month"])["scale"].iloc[-1])
    try:
        own = series_scale(load_series(indicator, province, as_of=as_of).to_numpy())
        ref = series_scale(load_series(indicator, "vietnam", as_of=as_of).to_numpy())
    except ValueError:
        return float("nan"), None
    if not (math.isfinite(own) and math.isfinite(ref) and ref > 0):
        return float("nan"), None
    return base * own / ref, borrowed_scale_note(own / ref)


def borrowed_scale_note(ratio: float) -> Note:
    """The note of a check whose volatility is borrowed (`_proxy_scale`); its id is
    `BORROWED_SCALE`."""
    return Note("this area has no monthly figures of its own in the data: its volatility is "
                "borrowed from the whole of industry's, times the ratio of the two annual series' "
                "typical year-to-year change (%(ratio).2f); the tracker's scoreboard does not cover "
                "such borrowed scales, so no chance is printed", ratio=float(ratio))


#: Message id of `borrowed_scale_note`.
BORROWED_SCALE = borrowed_scale_note(1.0).id


#: What a figure given as ``ytd=`` (not from a file row) is called in the sources.
_GIVEN = Note("the figure given")


def track_target(ytd: float | None = None, target: float | None = None, month: int | None = None, *,
                 year: int | None = None, province: str = "vietnam", indicator: str = "iip",
                 industry: str = "total", as_of=None, level: float = 0.8,
                 scale: float | None = None, max_width: float | None = None, extra=None,
                 reference: pd.DataFrame | None = None, record: dict | None = None) -> TrackCheck:
    """After ``month`` months at ``ytd`` % growth, can the year still reach ``target``?

    When to use
        During the year, each time a monthly release (or your own monthly figure) comes out.

    Parameters
    ----------
    ytd : float, optional
        Growth of months ``1..month`` over the same months a year earlier, in %. Default:
        the cumulative figure of the releases (or of ``extra``) for ``year`` and ``month``.
    target : float, optional
        Whole-year growth target, in %. Default: the plan figure for ``year`` in the data;
        without one, last year's whole-year growth (the question is then "will the year grow
        at least as fast as the last?"; the result says so).
    month : int
        Months published so far, 1-11.
    year : int, optional
        Default: the year of ``as_of``, else the latest year with a figure for ``month``.
    province, indicator, industry : str
        The series: ``province="vietnam"`` and an ``industry`` code of the releases
        (``"total"``: the whole of industry), or a province with ``ytd`` or ``extra``.
    as_of : str or date, optional
        Use only figures published by this date (default: the release date of ``month``
        of ``year`` when the releases hold it, else everything). The history and the
        scoreboard's record are cut at the same date.
    level : float, default 0.8
        Central range; also sets the verdict thresholds ``(1 - level) / 2``.
    scale : float, optional
        The series' volatility (points); default from its single-month figures
        (`monthly_scale`), else borrowed from the whole of industry (the result says so).
    max_width : float, optional
        Width above which a range is "too uncertain to judge" (default: the annual check's
        rule, the 10-90 % spread of all provinces' annual growth).
    extra : str, Path or DataFrame, optional
        Your own monthly figures (the data template; ``month`` column).
    reference, record : optional
        A history table (`REFERENCE_COLUMNS`) and a scoreboard record, instead of the
        store's and the committed scoreboard's (tests, other data).

    Returns
    -------
    TrackCheck
        ``.table`` (needed growth, naive rule, calibrated tracker), ``.verdict``,
        ``.summary`` (notes; in words: `hatinh_analysis.tracking_views.summary_text`),
        ``.summary_frame()`` (the history by month).

    Method: see the module doc ((a) equal months; (b) year-component model,
    Searle, Casella & McCulloch 1992; Higgins, Thompson & Spiegelhalter 2009;
    Satterthwaite 1946; (c) the annual check's verdict and printing rules).
    """
    m = _check_month(month)
    industry = "total" if industry in (None, "", "total") else str(industry)
    if ytd is not None:
        ytd = _num(ytd, "ytd")
        if ytd <= -100:
            raise ModelError(f"ytd: growth must be above -100%, got {ytd:g}")
    if as_of is not None:
        from hatinh_analysis.data.schema import parse_as_of

        try:
            as_of = parse_as_of(as_of)[0]
        except ValueError as exc:
            raise ModelError(f"as_of: {exc}") from None
    nat = reference_table(indicator, "vietnam") if reference is None else reference
    try:
        mine = _monthly(indicator, province, extra=extra)
    except ValueError:
        if extra is not None:
            raise
        mine = pd.DataFrame(columns=["series", "year", "month", "ytd", "single", "published"])
    ser = mine[mine["series"] == industry] if len(mine) else mine
    if len(mine) and not len(ser):
        have = ", ".join(sorted(mine["series"].astype(str).unique())[:12])
        raise ModelError(f"industry: no monthly figures for {industry!r} in {province!r}; "
                         f"codes available: {have}")
    known = ser if as_of is None else ser[pd.to_datetime(ser["published"]) <= pd.Timestamp(as_of)]
    if year is None:
        if as_of is not None:
            year = int(str(as_of)[:4])
        elif len(known[(known["month"] == m)]):
            year = int(known.loc[known["month"] == m, "year"].max())
        else:
            raise ModelError(f"year: no monthly figure for month {m} of {province!r} in the data; "
                             "give year=... (and ytd=...)")
    year = int(year)
    cell = known[(known["year"] == year) & (known["month"] == m)].dropna(subset=["ytd"])
    sources, notes = {}, []
    if len(cell):
        cell = cell.sort_values("published")
        first = cell.iloc[0]
        if as_of is None:
            as_of = str(pd.Timestamp(first["published"]).date())
        if ytd is None:
            ytd = float(first["ytd"])
            sources = {k: (None if pd.isna(first.get(k)) else str(first.get(k)))
                       for k in ("file", "sheet", "cell", "published") if k in first}
            if bool(first.get("user", False)):
                row = first.get("user_row")     # "my.csv, row 4" (the store's wording)
                sources["user"] = _GIVEN if row is None or pd.isna(row) else str(row)
        else:
            sources["user"] = _GIVEN
    elif ytd is None:
        raise ModelError(f"ytd: no cumulative figure for month {m} of {year} ({province}, {industry}) "
                         f"published{' by ' + str(as_of) if as_of else ''}; give ytd=...")
    else:
        sources["user"] = _GIVEN
    path = known[(known["year"] == year) & (known["month"] <= m)].dropna(subset=["ytd"])
    if as_of is not None:
        path = path[pd.to_datetime(path["published"]) <= pd.Timestamp(as_of)]
    path = (path.sort_values("published").groupby("month", as_index=False).first()[["month", "ytd"]]
            if len(path) else None)
    if path is not None and ytd is not None:
        path.loc[path["month"] == m, "ytd"] = ytd
    if target is None:
        target, why = _target_from_data(province, indicator, year, as_of, extra, ser)
        notes.append(why)
    proxy = False
    if scale is None and len(ser):
        scale = _scale_at(_singles(ser), year, m, as_of)
    if scale is None or not math.isfinite(float(scale)):
        scale, why = _proxy_scale(indicator, province, as_of, nat)
        if why:
            notes.append(why)
            proxy = True
    if record is None:
        if proxy:
            record = {"level": level, "word": "not scored"}
        else:
            from hatinh_analysis.tracking_record import record_for

            record = record_for(m, level, as_of)
    share = None
    if len(ser) and "mom" in ser.columns:
        prev = ser[(ser["year"] == year - 1) & ser["mom"].notna()]
        if as_of is not None:
            prev = prev[pd.to_datetime(prev["published"]) <= pd.Timestamp(as_of)]
        mom = prev.sort_values("published").groupby("month")["mom"].last().to_dict()
        share = profile_share(mom, m)
    name = {}
    if "name_vi" in ser.columns and len(ser):
        name = {"vi": str(ser["name_vi"].iloc[0]), "en": str(ser.get("name_en", ser["name_vi"]).iloc[0])}
    return evaluate(ytd, target, m, year, scale=scale, reference=nat, record=record, level=level,
                    max_width=max_width, as_of=as_of, series=industry, province=province,
                    indicator=indicator, series_name=name, sources=sources, path=path, notes=notes,
                    share_profile=share)
