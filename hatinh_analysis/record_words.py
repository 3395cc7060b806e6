"""How a target track record is said: the plain-language account of
:class:`hatinh_analysis.track_record.TrackRecord` (its ``summary()``), in the reader's
language. The record itself holds numbers, codes and notes only.
"""
from __future__ import annotations

import math

from hatinh_analysis.i18n import (area_name, format_amount, format_date, format_pct,
                                  format_points, gettext, ngettext, term, translator)
from hatinh_analysis.data.vocab import GROWTH_UNITS as _GROWTH_UNITS
from hatinh_analysis.notes import mentions

__all__ = ["summary"]


def summary(self, lang: str | None = None) -> str:
    """Plain-language account: the count, each target, the shortfall, the rules.

    Parameters
    ----------
    lang : {"vi", "en"}, optional
        Language of the text (default: the current language of
        :mod:`hatinh_analysis.i18n`). Numbers follow the language's conventions
        (``-34,81`` in Vietnamese).
    """
    _ = translator(lang)
    lang = _.lang
    area = area_name(self.province, lang)
    t = self.table
    when = [_("Data as of %(date)s.", date=format_date(self.as_of, lang))] if self.as_of else []
    if t.empty:
        return " ".join([_("%(area)s: no targets in the data.", area=area), *when])
    counted = t[t["counted"]]
    if self.n == 0:
        head = [ngettext("%(area)s: %(num)d target in the data, which cannot be judged yet.",
                         "%(area)s: %(num)d targets in the data, none of which can be judged "
                         "yet.", len(counted), lang, area=area)]
    else:
        head = [ngettext("%(area)s: %(met)d of %(num)d target met (hit rate %(rate)s).",
                         "%(area)s: %(met)d of %(num)d targets met (hit rate %(rate)s).",
                         self.n, lang, area=area, met=self.n_met,
                         rate=format_pct(100 * self.hit_rate, lang, decimals=0))]
        if self.n < 20:
            head.append(_("With so few targets this is a count, not a probability."))
    lines = [" ".join(head + when)]
    for r in counted.itertuples():
        what = dict(indicator=term("indicator", r.indicator, lang), year=r.year,
                    target=_target_text(r, lang),
                    result=term("result", r.result, lang))
        if r.result in ("met", "missed"):
            outcome = (format_pct(r.outcome_growth, lang, signed=True)
                       if math.isfinite(r.outcome_growth) else _amount(r.outcome, r.unit, lang))
            line = _("- %(indicator)s %(year)d: target %(target)s, outcome %(outcome)s "
                     "(%(status)s, %(source)s): %(result)s", outcome=outcome,
                     status=term("status", r.outcome_status, lang), source=r.outcome_source,
                     **what)
            if math.isfinite(r.gap_points):
                line += ", " + format_points(r.gap_points, lang)
            if math.isfinite(r.outcome_year_end) and r.outcome_year_end != r.outcome:
                then = "met" if r.met_year_end else "missed"
                line += "; " + _("%(value)s as known at the end of %(year)d, %(result)s then",
                                 value=_amount(r.outcome_year_end, r.unit, lang),
                                 year=r.year, result=term("result", then, lang))
            lines.append(line + ".")
        else:
            line = _("- %(indicator)s %(year)d: target %(target)s: %(result)s", **what)
            if mentions(r.note, self.OTHER_BASIS):
                line += " (" + _("figures on different price bases are not compared") + ")"
            lines.append(line + ".")
    if self.n:
        if math.isfinite(self.mean_shortfall):
            lines.append(ngettext(
                "%(num)d target was missed, by %(points)s.",
                "%(num)d targets were missed, by %(points)s on average.",
                self.n - self.n_met, lang,
                points=format_points(self.mean_shortfall, lang, signed=False)))
        estimates = counted[counted["met"].notna() & (counted["outcome_status"] != "final")]
        if len(estimates):
            lines.append(ngettext(
                "%(est)d of %(num)d outcome is still an estimate or a preliminary figure; "
                "final figures may change the record.",
                "%(est)d of %(num)d outcomes are still estimates or preliminary figures; "
                "final figures may change the record.", self.n, lang, est=len(estimates)))
        if self.n_year_end and (self.n_met_year_end != self.n_met
                                or self.n_year_end != self.n):
            lines.append(_("On the figures known at the end of each target year: "
                           "%(met)d of %(num)d met.", met=self.n_met_year_end,
                           num=self.n_year_end))
    lines.append(_("Rules: a target is met when the outcome reaches it; a range target "
                   "(low-high) when the outcome reaches its low end; a value target is "
                   "compared as a value on the same price basis. Mean shortfall: the mean "
                   "of (target - outcome) in percentage points over the missed targets."))
    return "\n".join(lines)

def _target_text(r, lang) -> str:
    if r.unit in _GROWTH_UNITS:
        low = format_pct(r.target_growth, lang, signed=True)
        if math.isfinite(r.target_high):
            high = r.target_high - (100.0 if r.unit == "index_prev_year=100" else 0.0)
            return gettext("%(low)s to %(high)s", lang, low=low,
                           high=format_pct(high, lang, signed=True))
        return low
    text = _amount(r.target, r.unit, lang)
    if math.isfinite(r.target_growth):
        text = gettext("%(value)s (implied growth %(growth)s)", lang, value=text,
                       growth=format_pct(r.target_growth, lang, signed=True))
    return text


def _amount(value: float, unit: str, lang: str) -> str:
    """A level in its unit, or a growth rate, in the language's number format."""
    if unit in _GROWTH_UNITS:
        return format_pct(value, lang, signed=True)
    return format_amount(value, unit, lang)
