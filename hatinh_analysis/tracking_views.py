"""What a reader sees of an in-year check: the verdict box, the chart, the tables, the sidecar.

The engine (`hatinh_analysis.tracking`) returns codes and notes; this module says them once,
in the reader's language (issue 18, "compute, then say"), with the annual check's words
(`hatinh_analysis.words`: verdict words, the chance as the printing rule allows) and
:func:`hatinh_analysis.i18n.say` for the engine's notes.

* :func:`verdict_box` (notebook 04's first screen): the verdict, then at most four short
  sentences — where the year stands and what the rest of it needs, the chance (or why it is
  not stated, with the tracker scoreboard's record stated once), the likely range of the
  whole year, and what most qualifies the verdict.
* :func:`tracking_chart` draws the cumulative growth published month by month against the
  path the target needs: the flat line a year growing at the target would follow, and the
  catch-up path from month M that the remaining months need (equal months, as
  `hatinh_analysis.tracking.required_growth`); at December, the calibrated ranges of the
  whole year and the naive rule "the year ends where the cumulative figure stands".
* :func:`results_table`, :func:`history_table`, :func:`scoreboard_table`: the engine's
  frames for reading (:func:`hatinh_analysis.frames.display_table`: headers in words,
  numbers in the language's notation, "–" for a missing value).
"""
from __future__ import annotations

import html
import math

import numpy as np

from hatinh_analysis.frames import display_table
from hatinh_analysis.i18n import say, translator, upper_first
from hatinh_analysis.plots import _TARGET, _USER, Chart, _figure, _finish, _fmt, _fmt_target, _pc
from hatinh_analysis.tracking import BORROWED_SCALE, LAST_YEAR_TARGET
from hatinh_analysis.views import callout, styled
from hatinh_analysis.words import (_g, _num, _p0, chance_text, record_chance_sentence,
                                   verdict_meaning, verdict_word)

__all__ = ["tracking_chart", "catch_up_path", "verdict_box", "verdict_sentences", "headline",
           "engine_summary", "summary_text", "subject", "results_table", "history_table",
           "scoreboard_table", "to_result"]

_PATH = "#c0392b"


def subject(check, lang: str | None = None) -> str:
    """The series and its area in words: "industrial production (IIP), Cả nước"."""
    return say(check.subject, lang)


def summary_text(check, lang: str | None = None) -> str:
    """The engine's account of the check (`TrackCheck.summary`) as one paragraph in ``lang``
    (default: the current language): every note a sentence."""
    out = []
    for note in check.summary:
        text = upper_first(say(note, lang))
        out.append(text if text.endswith((".", "?", "!")) else text + ".")
    return " ".join(out)


# ------------------------------------------------------------------ the verdict box
def _answer(check, lang) -> str:
    _ = translator(lang)
    values = dict(month=check.month, ytd=_g(check.ytd, lang), year=check.year,
                  target=_g(check.target, lang), verdict=verdict_word(check.verdict, lang),
                  rest=12 - check.month, needed=_g(check.needed, lang))
    if LAST_YEAR_TARGET in check.notes:
        text = _("After %(month)s months at %(ytd)s, growing at least as fast as last year "
                 "(%(target)s) in %(year)s is %(verdict)s: the remaining %(rest)s months need "
                 "%(needed)s over the same months a year earlier.", **values)
    else:
        text = _("After %(month)s months at %(ytd)s, the target of %(target)s for %(year)s is "
                 "%(verdict)s: the remaining %(rest)s months need %(needed)s over the same months "
                 "a year earlier.", **values)
    return upper_first(text)


def _chance_sentence(check, lang) -> str:
    """The chance, or why it is not stated, with the tracker scoreboard's record of such ranges
    (the same sentences as the annual check's verdict box)."""
    _ = translator(lang)
    if not check.forecast.ok:
        return _("No calibrated range could be formed: %(notes)s.",
                 notes=say(check.fit.notes, lang) or say(check.probability_note, lang))
    return record_chance_sentence(check.record, check.probability_printed, chance_text(check, lang),
                                  check.probability_note, lang)


def _range_sentence(check, lang) -> str:
    if not check.forecast.ok:
        return ""
    _ = translator(lang)
    lo, hi = check.forecast.interval(check.level)
    return _("Likely range (%(level)s) for the whole year: %(lower)s to %(upper)s.",
             level=_p0(check.level, lang), lower=_g(lo, lang), upper=_g(hi, lang))


def verdict_sentences(check, lang: str | None = None) -> list[str]:
    """The verdict box's sentences, at most four: where the year stands and what the rest
    needs, the chance (or why not, with the scoreboard's record), the likely range of the
    whole year, and what most qualifies the verdict (a borrowed volatility, else the
    scoreboard's caveat)."""
    out = [_answer(check, lang), _chance_sentence(check, lang), _range_sentence(check, lang)]
    borrowed = [n for n in check.notes if n.id == BORROWED_SCALE]
    if borrowed:
        out.append(upper_first(say(borrowed[0], lang)) + ".")
    elif check.verdict_caveat is not None:
        out.append(say(check.verdict_caveat, lang))
    return [s for s in out if s][:4]


def verdict_box(check, lang: str | None = None):
    """The verdict at the top of notebook 04 (IPython HTML, text escaped), in ``lang``
    (default: the current language): the verdict and its meaning, then
    :func:`verdict_sentences`."""
    _ = translator(lang)
    v = check.verdict
    kind = {"plausible": "ok", "ambitious": "warning", "cautious": "verdict",
            "uncertain": "warning"}.get(v, "info")
    body = "".join(f"<p style='margin:0.3em 0'>{html.escape(s)}</p>"
                   for s in verdict_sentences(check, lang))
    title = _("Verdict: %(verdict)s — %(meaning)s", verdict=verdict_word(v, lang),
              meaning=verdict_meaning(v, lang))
    return callout(body, title=upper_first(title), kind=kind)


#: The summary's notes the verdict box already states (said once per page).
_IN_THE_BOX = ("Calibrated %(level).0f%% range for the whole year", "Calibrated chance of reaching",
               "Record: ", "Verdict: ")


def engine_summary(check, lang: str | None = None):
    """The method section's box: the tracker's own account of the check without what the
    verdict box states (range, chance, record, verdict and its caveat are said once, there),
    then the verdict rule with its thresholds here and the rule for stating a chance."""
    from hatinh_analysis.target import PRINTING_RULE, VERDICT_RULE

    _ = translator(lang)
    items = [upper_first(say(n, lang)) for n in check.summary
             if not n.id.startswith(_IN_THE_BOX) and n != check.verdict_caveat]
    items = [t if t.endswith(".") else t + "." for t in items]
    items += [_("Verdict rule: %(rule)s; here a = %(a)s and the width limit is %(width)s.",
                rule=say(VERDICT_RULE, lang), a=_num((1.0 - check.level) / 2.0, lang, 2),
                width=say(check.width_rule, lang)),
              _("Stating a chance: %(rule)s.", rule=say(PRINTING_RULE, lang))]
    body = "".join(f"<p style='margin:0.3em 0'>{html.escape(t)}</p>" for t in items)
    return callout(body, title=_("The tracker's account of the check"), kind="info")


def headline(check, lang: str | None = None) -> str:
    """Short verdict for the index page: "industrial production (IIP), Cả nước, 2019 after 6
    months: within reach"."""
    _ = translator(lang)
    return _("%(subject)s, %(year)s after %(month)s months: %(verdict)s",
             subject=subject(check, lang), year=check.year, month=check.month,
             verdict=verdict_word(check.verdict, lang))


# ------------------------------------------------------------------ tables
_RESULT_COLUMNS = {"method": "method", "ytd": "ytd", "forecast": "figure", "lower": "lower",
                   "upper": "upper", "chance": "chance", "verdict": "verdict", "notes": "notes"}


def results_table(check, lang: str | None = None):
    """The check's table for reading (a Styler without the index; ``.data`` is the frame): each method's figure (the growth the remaining months
    need for the ``needed`` rows, the whole year's for the others), range, chance as the
    printing rule allows ("83%", "withheld"; "–" where a row has none), verdict and notes; the
    computed chance is not shown."""
    frame = check.table[list(_RESULT_COLUMNS)].rename(columns=_RESULT_COLUMNS)
    shown = display_table(frame, lang)
    col = list(frame.columns).index("chance")
    for i, code in enumerate(frame["chance"]):
        if code == "none":
            shown.iloc[i, col] = "–"
        elif code == "printed":
            shown.iloc[i, col] = chance_text(check, lang)
    return styled(shown)


_HISTORY_COLUMNS = {"month": "month", "years": "years", "n": "n_figures", "mean_error": "mean_error",
                    "sd_year": "sd_year", "sd_within": "sd_within", "year_share": "year_share_pct",
                    "width_points": "width_points"}


def history_table(check, lang: str | None = None):
    """`TrackCheck.summary_frame` for reading: by month, the years and figures of the history,
    the mean error and the two spreads (in typical monthly swings), the share of the year shock
    (in %) and the width of the calibrated range for this series (points); a Styler, ``.data``
    is the frame."""
    frame = check.summary_frame()[list(_HISTORY_COLUMNS)].rename(columns=_HISTORY_COLUMNS)
    frame["year_share_pct"] = 100 * frame["year_share_pct"]
    return styled(display_table(frame, lang))


def scoreboard_table(level: float = 0.8, lang: str | None = None):
    """The tracker's scoreboard by month (`hatinh_analysis.tracking_scoreboard_frame`) for
    reading (a Styler; ``.data`` is the frame): cases, years, hits of the ``level`` range with
    coverage and Wilson band (in %), the verdict on the ranges, interval score, CRPS and mean
    absolute error."""
    from hatinh_analysis.tracking_scoreboard import tracking_scoreboard_frame

    frame = tracking_scoreboard_frame(level).copy()
    shown = display_table(frame, lang)
    for i, col in enumerate(frame.columns):
        if col.startswith(("coverage_", "wilson_")):   # shares in whole percent, as the box says them
            shown.isetitem(i, frame[col].map(lambda v: "–" if v != v else _p0(v, lang)).astype(object))
    return styled(shown)


# ------------------------------------------------------------------ the chart
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
    what = subject(check, lang)
    heading = title or upper_first(_("%(subject)s: %(year)s so far against the target", subject=what,
                                     year=check.year))
    _finish(fig, heading, _source(check, lang))
    alt = _("Line chart of the cumulative growth of %(subject)s in %(year)s over the same months a "
            "year earlier, months 1 to %(month)s, ending at %(ytd)s after month %(month)s. The target "
            "for the year, %(target)s, is a dashed line and a star at December; reaching it needs "
            "%(needed)s in each of the remaining %(rest)s months, drawn as a dotted catch-up path.",
            subject=what, year=check.year, month=m, ytd=_fmt(ytd, lang=lang),
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
        return _.label("source", source=_("your figures (%(source)s)", source=say(src["user"], lang)))
    return _.label("source", source=src.get("text") or _("General Statistics Office of Viet Nam, "
                                                         "monthly releases"))


# ------------------------------------------------------------------ the sidecar
def to_result(check, lang: str | None = None) -> dict:
    """Keyword arguments for `hatinh_analysis.report.publish` (the report's sidecar).

    ``details.numbers`` holds the headline numbers, with ``prob_reach`` only when the chance
    may be printed; ``details.tracker`` is `TrackCheck.to_dict` (codes, numbers, notes in
    their structured form). The texts (``summary``, ``verdict``, ``headline``,
    ``details.chance_text``, ``details.verdict_sentences``) are in ``lang`` (default: the
    current language, recorded as ``details.lang``).
    """
    numbers = {"ytd": check.ytd, "target": check.target, "needed": check.needed,
               "month": check.month, "year": check.year}
    if check.forecast.ok:
        lo, hi = check.forecast.interval(check.level)
        numbers.update(lower=lo, upper=hi)
    if check.probability_printed and math.isfinite(check.prob_reach):
        numbers["prob_reach"] = check.prob_reach
    return {"summary": summary_text(check, lang), "verdict": verdict_word(check.verdict, lang),
            "headline": headline(check, lang),
            "details": {"lang": translator(lang).lang, "verdict_code": check.verdict,
                        "numbers": numbers, "tracker": check.to_dict(),
                        "verdict_sentences": verdict_sentences(check, lang),
                        "chance_text": chance_text(check, lang)}}
