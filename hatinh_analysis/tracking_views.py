"""What a reader sees of an in-year check: the chart of the year so far and the summary box.

The chart (`tracking_chart`) draws the cumulative growth published month by month against
the path the target needs: the flat line a year growing at the target would follow, and the
catch-up path from month M that the remaining months need (equal months, as
`hatinh_analysis.tracking.required_growth`); at December, the calibrated range of the whole
year and the naive rule "the year ends where the cumulative figure stands". Texts come from
the catalogue (`hatinh_analysis.i18n`), produced at display time in the reader's language.
"""
from __future__ import annotations

import math

import numpy as np

from hatinh_analysis.i18n import translator, upper_first
from hatinh_analysis.plots import _TARGET, _USER, Chart, _figure, _finish, _fmt, _fmt_target, _pc
from hatinh_analysis.target import verdict_label

__all__ = ["tracking_chart", "catch_up_path", "verdict_box", "to_result"]

_PATH = "#c0392b"


def catch_up_path(ytd: float, needed: float, month: int) -> list[tuple[int, float]]:
    """Cumulative growth after each month ``month..12`` if every remaining month grows by
    ``needed`` % (equal months): ``((M (1 + c) + (k - M)(1 + r)) / k - 1)``; it ends at the
    target by construction of ``needed``."""
    c, r = ytd / 100.0, needed / 100.0
    return [(k, 100.0 * ((month * (1 + c) + (k - month) * (1 + r)) / k - 1)) for k in range(month, 13)]


def tracking_chart(check, *, title: str | None = None, lang: str | None = None) -> Chart:
    """The year so far against the path the target needs (module doc), with alt text.

    When to use
        After `hatinh_analysis.track_target`: how far the year must catch up, and what history says.

    Parameters
    ----------
    check : hatinh_analysis.tracking.TrackCheck
    title : str, optional
    lang : {"vi", "en"}, optional
        Language of the texts (default: the current language).

    Returns
    -------
    Chart
    """
    _ = translator(lang)
    fig, axes = _figure(4.8)
    ax = axes[0, 0]
    m, ytd, target = check.month, check.ytd, check.target
    path = check.path
    if path is not None and len(path):
        pts = path[path["month"] <= m].sort_values("month")
        xs, ys = pts["month"].to_numpy(dtype=int), pts["ytd"].to_numpy(dtype=float)
    else:
        xs, ys = np.array([m]), np.array([ytd])
    user = bool(check.sources.get("user"))
    ax.plot(xs, ys, color=_PATH, lw=2, marker="o", ms=5, zorder=4,
            label=_("Cumulative growth published, %(year)s", year=check.year))
    if user:
        ax.scatter([m], [ytd], s=170, facecolors="none", edgecolors=_USER, linewidths=2.2, zorder=5,
                   label=_("Your figure"))
    ax.axhline(target, color=_TARGET, ls="--", lw=1.2, zorder=2,
               label=_("Target %(value)s (a year growing evenly at the target)",
                       value=_fmt_target(target, lang=lang)))
    cu = catch_up_path(ytd, check.needed, m)
    ax.plot([k for k, _v in cu], [v for _k, v in cu], color=_TARGET, lw=1.6, ls=":", zorder=3,
            label=_("Path the target needs: the remaining months at %(needed)s",
                    needed=_fmt(check.needed, lang=lang)))
    ax.plot([m, 12], [ytd, ytd], color="#555555", lw=1, ls="-.", zorder=2,
            label=_("Naive rule: the year ends where it stands"))
    fc = check.forecast
    described = ""
    if fc.ok:
        blues = ["#c6dbef", "#6baed6", "#2171b5"]
        for j, lev in enumerate((0.95, 0.8, 0.5)):
            lo, hi = fc.interval(lev)
            ax.fill_between([11.75, 12.25], lo, hi, color=blues[j], lw=0, zorder=3,
                            label=_.label("interval", level=_pc(lev, lang)))
        lo, hi = fc.interval(check.level)
        described = _("The calibrated %(level)s range for the whole year, from %(n)s earlier years, "
                      "is %(low)s to %(high)s.", level=_pc(check.level, lang), n=check.fit.n_years,
                      low=_fmt(lo, lang=lang), high=_fmt(hi, lang=lang))
    ax.scatter([12], [target], marker="*", s=220, color=_TARGET, zorder=6)
    ax.axhline(0, color="#444444", lw=0.8, zorder=1)
    ax.set_xlim(0.5, 12.6)
    ax.set_xticks(range(1, 13))
    ax.set_xlabel(_("Months of the year so far"))
    ax.set_ylabel(upper_first(_("growth over the same months a year earlier, %")))
    ax.legend(loc="best", fontsize=8, frameon=True)
    from hatinh_analysis.tracking import _subject

    subject = _subject(check, lang)
    heading = title or upper_first(_("%(subject)s: %(year)s so far against the target", subject=subject,
                         year=check.year))
    _finish(fig, heading, _source(check, lang))
    alt = _("Line chart of the cumulative growth of %(subject)s in %(year)s over the same months a "
            "year earlier, months 1 to %(month)s, ending at %(ytd)s after month %(month)s. The target "
            "for the year, %(target)s, is a dashed line and a star at December; reaching it needs "
            "%(needed)s in each of the remaining %(rest)s months, drawn as a dotted catch-up path.",
            subject=subject, year=check.year, month=m, ytd=_fmt(ytd, lang=lang),
            target=_fmt_target(target, lang=lang), needed=_fmt(check.needed, lang=lang),
            rest=12 - m)
    if described:
        alt += " " + described
    if user:
        alt += " " + _("The figure after month %(month)s is yours (ringed).", month=m)
    return Chart(fig, alt)


def _source(check, lang) -> str:
    _ = translator(lang)
    src = check.sources
    if src.get("user"):
        return _.label("source", source=_("your figures (%(source)s)", source=_(src["user"])))
    return _.label("source", source=src.get("text") or _("General Statistics Office of Viet Nam, "
                                                         "monthly releases"))


def verdict_box(check, lang: str | None = None):
    """The summary box of notebook 04: the verdict, the needed growth, the range and the chance
    (or why it is withheld), as an HTML callout (text escaped)."""
    import html

    from IPython.display import HTML

    _ = translator(lang)
    rows = [(_("Verdict"), verdict_label(check.verdict, lang)),
            (_("Growth the remaining months need"), _fmt(check.needed, lang=lang))]
    if check.forecast.ok:
        lo, hi = check.forecast.interval(check.level)
        rows.append((_("Calibrated %(level)s range for the year", level=_pc(check.level, lang)),
                     f"{_fmt(lo, lang=lang)} … {_fmt(hi, lang=lang)}"))
    rows.append((_("Chance of reaching the target"), check.prob_reach_text(lang)))
    body = "".join(f"<tr><th style='text-align:left;padding-right:1em'>{html.escape(k)}</th>"
                   f"<td>{html.escape(str(v))}</td></tr>" for k, v in rows)
    text = html.escape(check.summary_text(lang))
    return HTML(f"<div class='hatinh-verdict' style='border-left:4px solid #1b5e20;padding:0.5em 1em'>"
                f"<table>{body}</table><p>{text}</p></div>")


def to_result(check, lang: str | None = None) -> dict:
    """Keyword arguments for `hatinh_analysis.report.publish` (the report's sidecar)."""
    d = check.to_dict()
    numbers = {"ytd": check.ytd, "target": check.target, "needed": check.needed,
               "month": check.month, "year": check.year}
    if check.forecast.ok:
        lo, hi = check.forecast.interval(check.level)
        numbers.update(lower=lo, upper=hi)
    if check.probability_printed and math.isfinite(check.prob_reach):
        numbers["prob_reach"] = check.prob_reach
    from hatinh_analysis.tracking import _subject

    _ = translator(lang)
    headline = _("%(subject)s, %(year)s after %(month)s months: %(verdict)s",
                 subject=_subject(check, lang), year=check.year, month=check.month,
                 verdict=verdict_label(check.verdict, lang))
    return {"summary": check.summary_text(lang), "verdict": verdict_label(check.verdict, lang),
            "headline": headline,
            "details": {"numbers": numbers, "tracker": d,
                        "chance_text": check.prob_reach_text(lang)}}
