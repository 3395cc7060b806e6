"""The target check as notebook 02 presents it: scenarios, cross-check, words, sidecar.

The check itself is :func:`hatinh_analysis.check_target`, called in plain view in
the notebook. :func:`target_report` takes that check (it never recomputes it) and
adds what the report shows around it:

* **sensitivity scenarios** — the same check with more years left out, with a
  break assumed, with the flagged shocks kept (:meth:`TargetCheck.rerun`);
* the **cross-check** of an IIP target against the output-value target of the
  same plan (:func:`hatinh_analysis.cross_check_targets`);
* the **user's own figures** (``extra=``) marked wherever they are used, with
  their file and row;
* the verdict box, tables and the JSON result for the sidecar (:meth:`TargetReport.to_result`).

:func:`scoreboard_report` presents the scoreboard (:mod:`hatinh_analysis.evaluation`)
for notebook 03.

All numbers and verdict words come from the engine (``hatinh_analysis.target``,
``hatinh_analysis.evaluation``, ``hatinh_analysis.growth``); a calibrated chance is
printed only under :data:`hatinh_analysis.target.PRINTING_RULE`.
"""
from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field
from typing import Any

# display helpers (callout box, growth format, styled table)
from hatinh_analysis.engine_text import translate_text
from hatinh_analysis.formats import fmt_growth, series_label, year_ranges
from hatinh_analysis.i18n import N_, NC_, format_amount, format_pct, translator, upper_first
from hatinh_analysis.prose import in_short
from hatinh_analysis.target import (PRINTING_RULE, VERDICT_LABELS, shock_reason_text, verdict_label,
                                    width_rule_text)
from hatinh_analysis.views import bullet_list, callout, styled

__all__ = ["VERDICT_WORDS", "Scenario", "TargetReport", "target_report", "sensitivity",
           "ScoreboardReport", "scoreboard_report", "calibration", "year_ranges", "display_table",
           "COLUMN_LABELS", "LEVEL_COLUMN_LABELS"]


def _label(verdict, lang: str | None = None) -> str:
    return verdict_label(verdict, lang)


#: What each verdict means, after its one word (the word itself is the engine's); English
#: msgids of the catalogue.
VERDICT_WORDS = {
    "ambitious": N_("ambitious — the target lies above the calibrated range"),
    "plausible": N_("plausible — within the calibrated range"),
    "cautious": N_("cautious — the target lies below the calibrated range"),
    "uncertain": N_("too uncertain to judge — the calibrated range is too wide"),
}


def _name(code: str, lang: str | None = None) -> str:
    from hatinh_analysis.formats import province_name  # the one display-name rule

    return province_name(code, lang)


#: Display names of the methods in tables (English msgids of the catalogue).
MODEL_LABELS = {"mean_growth": N_("Mean growth"), "linear_trend": N_("Linear trend"),
                "ets": N_("Exponential smoothing (ETS)"), "local_linear_trend": N_("Local linear trend"),
                "arima": N_("ARIMA"), "pooled": N_("Outside view (all provinces)"),
                "combined": N_("Combined (plug-in)"), "calibrated": N_("Combined, calibrated"),
                "naive_last": N_("Naive: last year"), "naive_mean": N_("Naive: historical mean"),
                "naive_median": N_("Naive: historical median"),
                "national_same_year": N_("National growth of the year")}


def _model_label(name: str, lang: str | None = None) -> str:
    if name not in MODEL_LABELS:
        return name
    return translator(lang)(MODEL_LABELS[name])


def _g(x, lang: str | None = None, digits: int = 1) -> str:
    """A growth rate with its sign: ``+8.5%`` (en, as before) / ``+8,5%`` (vi); "–" when missing."""
    if translator(lang).lang == "en":
        return fmt_growth(x, digits)
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return format_pct(float(x), lang, decimals=digits, signed=True)


def _p0(frac, lang: str | None = None) -> str:
    """A fraction in whole percent: ``0.8`` → ``80%``."""
    if translator(lang).lang == "en":
        return f"{frac:.0%}"
    return format_pct(100 * float(frac), lang, decimals=0)


def _num(x, lang: str | None, decimals: int, signed: bool = False) -> str:
    if translator(lang).lang == "en":
        return f"{x:+.{decimals}f}" if signed else f"{x:.{decimals}f}"
    from hatinh_analysis.i18n import format_number

    text = format_number(float(x), lang, decimals=decimals)
    return ("+" + text) if signed and float(x) >= 0 else text


def _bn_vnd(x, lang: str | None) -> str:
    if translator(lang).lang == "en":
        return f"{x:,.0f} bn VND"
    return format_amount(float(x), "bn_vnd", lang, decimals=0)


def _yes(flag: bool, lang: str | None) -> str:
    _ = translator(lang)
    return _("yes") if flag else _("no")


def _family(family: str, lang: str | None = None) -> str:
    """A model family's name: its code in English (as the reports always wrote it), the
    glossary's term in Vietnamese."""
    if translator(lang).lang == "en":
        return family
    try:
        return translator(lang).term("family", family)
    except ValueError:
        return family


_years = year_ranges


def _target_words(check, digits: int = 2, lang: str | None = None) -> str:
    t = check.target
    if isinstance(t, tuple):
        return translator(lang)("%(low)s to %(high)s", low=_g(t[0], lang, digits), high=_g(t[1], lang, digits))
    return _g(t, lang, digits)


def _chance(check, lang: str | None = None) -> str:
    """The calibrated chance as the printing rule allows: "83%" or "withheld"."""
    return check.prob_reach_text_in(lang)


@dataclass
class Scenario:
    """One variant of the target check.

    Attributes
    ----------
    name : str
        Short label ("As specified", "Leaving out 2017–2018" …).
    options : dict
        The arguments changed from the check as specified (``exclude_years``,
        ``break_years``, ``shocks``).
    check : TargetCheck or None
    error : str or None
        Why the check could not be run.
    title : tuple
        ``(msgid, values)``: the name as a catalogue message, for :meth:`label` in
        another language (empty: ``name`` is shown as given).
    """

    name: str
    options: dict
    check: Any = None
    error: str | None = None
    title: tuple = ()

    @property
    def verdict(self) -> str | None:
        return None if self.check is None else self.check.verdict

    def label(self, lang: str | None = None) -> str:
        """The scenario's name in ``lang`` (default: the current language)."""
        if not self.title:
            return self.name
        msgid, values = self.title
        return translator(lang)(msgid, **values)

    def agreement(self, lang: str | None = None) -> str:
        """The calibrated chance behind the verdict, e.g. "chance 83%" or "chance withheld"."""
        _ = translator(lang)
        if self.check is None:
            return "–"
        if not math.isfinite(self.check.prob_reach):
            return _("no calibrated chance")
        return _("chance %(chance)s", chance=_chance(self.check, lang))


@dataclass
class TargetReport:
    """What notebook 02 shows around a :class:`~hatinh_analysis.target.TargetCheck`.

    Attributes
    ----------
    series : pandas.Series
        The series as loaded (before exclusions; ``attrs`` carry statuses, sources
        and, for the user's own figures, ``user_years`` / ``user_rows``).
    check : TargetCheck
        The check as the notebook ran it.
    scenarios : list of Scenario
        The first one is the check itself.
    cross_check : TargetCrossCheck or None
    cross_check_inputs : dict
        The value target and base figures used (value, basis, year, source).
    cross_check_note : str or None
        Why there is no cross-check, or why it could not be computed.
    cross_check_note_msg : tuple or None
        ``(msgid, values)`` of ``cross_check_note`` for other languages.
    target_source : dict or None
        The target in the data matching the check's target (publisher, date, and
        ``user_row`` when it came from the user's file), if any.
    extra : str or None
        The user's file of figures (``extra=`` of the loaders), if any.
    """

    series: Any
    check: Any
    scenarios: list = field(default_factory=list)
    cross_check: Any = None
    cross_check_inputs: dict = field(default_factory=dict)
    cross_check_note: str | None = None
    target_source: dict | None = None
    extra: Any = None
    params: dict = field(default_factory=dict)
    cross_check_note_msg: tuple | None = None

    # ------------------------------------------------------------- words
    @property
    def province(self) -> str:
        return (self.series.attrs or {}).get("province", "")

    @property
    def what(self) -> str:
        return self.what_in()

    def what_in(self, lang: str | None = None) -> str:
        """The series in words: "Hà Tĩnh's industrial production index (IIP)"."""
        _ = translator(lang)
        return _("%(province)s's %(series)s", province=_name(self.province, lang),
                 series=series_label(self.series, lang))

    @property
    def user_rows(self) -> dict:
        """``{year: "my_figures.xlsx, row 7"}`` for the figures of the series that are the user's."""
        attrs = self.series.attrs or {}
        return {int(y): r for y, r in (attrs.get("user_rows") or {}).items()}

    def user_sentence(self, lang: str | None = None) -> str | None:
        """Which figures came from the user's file, in words (None when none did)."""
        _ = translator(lang)
        bits = [f"{y} ({r})" for y, r in sorted(self.user_rows.items())]
        if self.target_source and self.target_source.get("user_row"):
            bits.append(_("the target (%(row)s)", row=self.target_source['user_row']))
        if not bits:
            return None
        return _("Your own figures are used for %(items)s.", items=", ".join(bits))

    # ------------------------------------------------------------- charts
    def history_chart(self, lang: str | None = None):
        """The record with the target, excluded years, breaks and the user's figures."""
        from hatinh_analysis import plots
        from hatinh_analysis.supportable import supportable_targets

        sources = [self.target_source["source_id"]] if self.target_source else []
        t = self.check.target
        return plots.history_chart(self.series, None if isinstance(t, tuple) else t, self.check.target_year,
                                   target_source_ids=sources, excluded_years=sorted(self.check.excluded.index),
                                   break_years=self.check.break_years, bands=supportable_targets(self.check),
                                   lang=lang)

    def fan_chart(self, lang: str | None = None):
        """Forecast ranges (50/80/95%) of each model for the check as specified."""
        from hatinh_analysis import plots

        return plots.fan_chart(self.check, lang=lang)

    def scenario_chart(self, lang: str | None = None):
        """Each model's range under every scenario, against the target."""
        from hatinh_analysis import plots

        return plots.scenario_chart({s.label(lang): s.check for s in self.scenarios}, lang=lang)

    def reference_chart(self, lang: str | None = None):
        """The outside view (provinces after a similar record) next to the calibrated forecast."""
        from hatinh_analysis import plots

        return plots.reference_chart(self.check, lang=lang)

    def question(self, lang: str | None = None) -> str:
        """The question the report answers, in one sentence (``lang``: "vi" or "en"; default:
        the current language)."""
        _ = translator(lang)
        as_of = (self.series.attrs or {}).get("as_of")
        mine = self.extra is not None and (self.user_rows or (self.target_source or {}).get("user_row"))
        if _.lang == "en":
            as_of_text = as_of
        else:
            from hatinh_analysis.i18n import format_date

            as_of_text = format_date(as_of, lang) if as_of else None
        if as_of and mine:
            known = _("with the figures published by %(date)s and your own figures", date=as_of_text)
        elif as_of:
            known = _("with the figures published by %(date)s", date=as_of_text)
        elif mine:
            known = _("with all published figures and your own figures")
        else:
            known = _("with all published figures")
        src, t = "", self.target_source
        if t and t.get("user_row"):
            src = _(" (the target from your file, %(row)s)", row=t['user_row'])
        elif t:
            published = t['published']
            if _.lang != "en":
                from hatinh_analysis.i18n import format_date

                try:
                    published = format_date(published, lang)
                except ValueError:  # a publication date the data keep in another form
                    pass
            src = _(" (the plan figure published by %(publisher)s on %(date)s)", publisher=t['publisher'],
                    date=published)
        return _("Is growth of %(target)s in %(year)s%(source)s within reach for %(what)s, %(known)s?",
                 target=_target_words(self.check, lang=lang), year=self.check.target_year, source=src,
                 what=self.what_in(lang), known=known)

    def headline(self, lang: str | None = None) -> str:
        """Short verdict for the index page, e.g. "plausible — chance 83%" or "ambitious — chance withheld"."""
        return f"{_label(self.check.verdict, lang)} — {self.scenarios[0].agreement(lang)}"

    def verdict_sentences(self, lang: str | None = None) -> list[str]:
        """The verdict in plain words: forecast, shocks, calibrated range and chance (or why it is
        withheld), how far the scoreboard backs the verdict, robustness, cross-check, the user's figures."""
        _ = translator(lang)
        c = self.check
        comb = c.table.iloc[-1]
        lvl = _p0(c.level, lang)
        y0, y1 = int(c.series.index[0]), int(c.series.index[-1])
        out = []
        fams = ", ".join(f"{_family(f, lang)} {_g(d['forecast'], lang)}" for f, d in c.families.items())
        user_exclusions = [y for y in c.exclude_years]
        first = _("Combined forecast for %(year)s: %(forecast)s — the average of %(num)s model families with "
                  "equal weights (%(families)s), fitted on %(years)s years (%(first)s–%(last)s)",
                  year=c.target_year, forecast=_g(comb['forecast'], lang), num=len(c.families), families=fams,
                  years=len(c.series), first=y0, last=y1)
        if user_exclusions:
            first += _(", leaving out %(years)s as asked", years=_years(user_exclusions))
        if c.break_years:
            first += _(", with a break in %(years)s", years=_years(c.break_years))
        out.append(first + ".")
        if c.shock_years:
            out.append(_("One-off shocks left out of every fit: %(years)s — %(reasons)s.",
                         years=_years(c.shock_years),
                         reasons="; ".join(shock_reason_text(c.shocks, y, lang) for y in c.shock_years)))
        elif c.shocks is not None and c.shocks.ok:
            out.append(_("No year was extreme enough to count as a one-off shock."))
        cal = c.calibrated
        if cal.ok:
            ref = cal.reference
            event = (_("within %(target)s", target=_target_words(c, lang=lang)) if c.is_range else
                     _("of at least %(target)s", target=_target_words(c, lang=lang)))
            chance = _("Calibrated chance of growth %(event)s: %(chance)s.", event=event,
                       chance=_chance(c, lang) if c.probability_printed else c.probability_note_text(lang))
            out.append(_("Calibrated %(level)s range %(lower)s to %(upper)s, from the errors that such forecasts "
                         "made one year ahead for %(n_series)s other series (%(n)s forecasts, outcomes "
                         "%(first)s–%(last)s).", level=lvl, lower=_g(comb['lower'], lang),
                         upper=_g(comb['upper'], lang), n_series=ref['n_series'], n=ref['n'],
                         first=min(ref['years']), last=max(ref['years'])) + " " + chance)
        else:
            out.append(_("No calibrated range could be formed: %(notes)s.",
                         notes="; ".join(translate_text(n, lang) for n in cal.notes)))
        caveat = c.verdict_caveat_text(lang)
        if caveat:
            out.append(caveat)
        out.append(_("Rule: %(ambitious)s if the target lies above the calibrated %(level)s range (calibrated "
                     "chance below %(low)s), %(cautious)s if below it (above %(high)s), otherwise %(plausible)s — "
                     "or %(uncertain)s when the calibrated range is wider than %(width)s.",
                     ambitious=_label('ambitious', lang), level=lvl, low=_p0((1 - c.level) / 2, lang),
                     cautious=_label('cautious', lang), high=_p0((1 + c.level) / 2, lang),
                     plausible=_label('plausible', lang), uncertain=_label('uncertain', lang),
                     width=width_rule_text(c.calibration, lang)))
        alts = self.scenarios[1:]
        if alts:
            bits = []
            for s in alts:
                name = s.label(lang)
                name = name[:1].lower() + name[1:]
                if s.check is None:
                    bits.append(_("%(scenario)s: not computable (%(error)s)", scenario=name, error=s.error))
                else:
                    bits.append(f"{name}: {_label(s.verdict, lang)} ({s.agreement(lang)})")
            same = all(s.verdict == c.verdict for s in alts)
            out.append((_("The verdict holds when %(scenarios)s.", scenarios="; ".join(bits)) if same else
                        _("The verdict depends on these choices: %(scenarios)s.", scenarios="; ".join(bits))))
        if self.cross_check is not None:
            x, inp = self.cross_check, self.cross_check_inputs
            values = dict(target=_bn_vnd(inp['target_value'], lang), year=c.target_year,
                          base=_bn_vnd(inp['base_value'], lang), base_year=inp['base_year'],
                          growth=_g(x.implied_value_growth, lang, 2), gap=_num(x.gap_pp, lang, 2, signed=True))
            if x.same_basis_assumed:
                out.append(_("Output-value target: %(target)s in %(year)s against %(base)s in %(base_year)s "
                             "implies %(growth)s, %(gap)s points from the IIP target — only if the two price "
                             "bases coincide (see the caveat below).", **values))
            else:
                out.append(_("Output-value target: %(target)s in %(year)s against %(base)s in %(base_year)s "
                             "implies %(growth)s, %(gap)s points from the IIP target.", **values))
        elif self.cross_check_note:
            out.append(_("Output-value cross-check: %(note)s", note=self.cross_check_note_text(lang)))
        user = self.user_sentence(lang)
        if user:
            out.append(user)
        return out

    def cross_check_note_text(self, lang: str | None = None) -> str | None:
        """`cross_check_note` in ``lang`` (notes from the data layer stay as they are)."""
        note = self.cross_check_note
        if note is None or self.cross_check_note_msg is None:
            return note
        msgid, values = self.cross_check_note_msg
        return translator(lang)(msgid, **values)

    def verdict_box(self, lang: str | None = None):
        """The verdict at the top of the report (IPython HTML), in ``lang`` ("vi" or "en";
        default: the current language)."""
        _ = translator(lang)
        v = self.check.verdict
        kind = {"plausible": "ok", "ambitious": "warning", "cautious": "verdict", "uncertain": "warning"}.get(v, "info")
        body = f"<p style='margin:0.3em 0;font-style:italic'>{html.escape(self.question(lang))}</p>"
        body += "".join(f"<p style='margin:0.3em 0'>{html.escape(s)}</p>" for s in self.verdict_sentences(lang))
        caveat = _("Read with care: short annual series, several recent figures are December estimates, and one "
                   "large plant can dominate a provincial index. The models' own ranges (below) are not calibrated "
                   "and do not decide the verdict.")
        body += f"<p style='margin:0.5em 0 0;font-size:0.92em;color:#444'>{html.escape(caveat)}</p>"
        words = _(VERDICT_WORDS[v]) if v in VERDICT_WORDS else _label(v, lang)
        return callout(body, title=_("Verdict: the target is %(verdict)s", verdict=words), kind=kind)

    def summary(self, lang: str | None = None) -> str:
        """One paragraph for the sidecar and the index: forecast, shocks, range and chance (or why
        the chance is withheld), and how far the scoreboard backs the verdict."""
        return " ".join(self.verdict_sentences(lang)[:4])

    # ------------------------------------------------------------- tables
    def results_table(self, lang: str | None = None):
        """The calibrated combination first, then each model's plug-in forecast (not calibrated).

        Chances are shown under the printing rule: the calibrated one only when the scoreboard
        shows it calibrated, the models' plug-in ones never (the scoreboard shows them too narrow).
        Column headers, caption and words in ``lang`` (default: the current language)."""
        import pandas as pd

        _ = translator(lang)
        c = self.check
        lvl = _p0(c.level, lang)
        rows = []
        tab = c.table
        for r in [tab.iloc[-1]] + [tab.iloc[i] for i in range(len(tab) - 1)]:
            ok = isinstance(r["verdict"], str)
            calibrated = bool(r["calibrated"])
            if not math.isfinite(r["prob_reach"]):
                chance = "–"
            elif calibrated:
                chance = _chance(c, lang)
            else:
                chance = _("not calibrated: not shown")
            if not ok:
                reading = _("not usable")
            elif calibrated:
                reading = _label(r["verdict"], lang)
            else:
                reading = _("%(verdict)s (plug-in)", verdict=_label(r["verdict"], lang))
            rows.append({
                _("Forecast"): (_model_label("calibrated", lang) if r["model"] == "combined"
                                else _model_label(r["model"], lang)),
                _("Specification"): _spec(r, c, lang),
                _("Years used"): int(r["n_obs"]),
                _("Central forecast"): _g(r["forecast"], lang) if math.isfinite(r["forecast"]) else "–",
                _("%(level)s range", level=lvl): (_("%(low)s to %(high)s", low=_g(r['lower'], lang),
                                                    high=_g(r['upper'], lang))
                                                  if math.isfinite(r["lower"]) else "–"),
                _("Chance of reaching the target"): chance,
                _("Reading"): reading,
            })
        df = pd.DataFrame(rows)
        caption = _("What the calibrated combination and each model expect for %(year)s", year=c.target_year)
        if not c.probability_printed:
            caption += _(" — calibrated chance %(note)s", note=c.probability_note_text(lang))
        return styled(df, caption=caption)

    def record_table(self, lang: str | None = None):
        """The figures the check uses, year by year: growth, status, source and whose figure it is
        (the user's own, with file and row, or published)."""
        import pandas as pd

        _ = translator(lang)
        attrs = self.series.attrs or {}
        statuses, sources = attrs.get("statuses") or {}, attrs.get("source_ids") or {}
        user = self.user_rows
        c = self.check
        rows = []
        for y, v in self.series.items():
            y = int(y)
            use = (_("left out: one-off shock") if y in c.shock_years else
                   _("left out as asked") if y in c.excluded.index else
                   _("used") if y in c.series.index else _("not used"))
            rows.append({_("Year"): y, _("Growth"): _g(v, lang), _("Status"): _status(statuses.get(y, ""), lang),
                         _("Source"): sources.get(y, ""),
                         _("Whose figure"): (_("yours: %(row)s", row=user[y]) if y in user else _("published")),
                         _("In the check"): use})
        if self.target_source:
            rows.append({_("Year"): c.target_year, _("Growth"): _target_words(c, lang=lang),
                         _("Status"): _status("target", lang),
                         _("Source"): self.target_source["source_id"],
                         _("Whose figure"): (_("yours: %(row)s", row=self.target_source['user_row'])
                                             if self.target_source.get("user_row") else _("published")),
                         _("In the check"): _("the target checked")})
        marked = user or (self.target_source or {}).get("user_row")
        caption = upper_first(_("%(what)s: the figures used (your figures marked)", what=self.what_in(lang))
                              if marked else _("%(what)s: the figures used", what=self.what_in(lang)))
        return styled(pd.DataFrame(rows), caption=caption)

    def shocks_table(self, lang: str | None = None):
        """Years flagged as one-off shocks: growth, robust z-score, why, what was done."""
        import pandas as pd

        from hatinh_analysis.target import shock_note_text

        _ = translator(lang)
        c = self.check
        sh = c.shocks
        if sh is None or not sh.ok:
            note = shock_note_text(c, lang)
            return styled(pd.DataFrame([{_("Year"): "–", _("What"): note}]), caption=_("One-off shocks"))
        rows = []
        for y, z in sh.scores.items():
            flagged = y in sh.years
            if not flagged and abs(z) < 2:
                continue
            rows.append({_("Year"): y,
                         _("Growth"): _g(float(c.series.get(y, c.excluded.get(y, float("nan")))), lang),
                         _("Robust z-score"): _num(z, lang, 1, signed=True),
                         _("Flagged"): _yes(flagged, lang),
                         _("Why"): (shock_reason_text(sh, y, lang) if flagged else
                                    _("below the threshold %(threshold)s", threshold=_num_g(sh.threshold, lang))),
                         _("Done"): (_("left out of every fit") if y in c.shock_years else
                                     _("kept (see the note below)") if flagged else "–")})
        if not rows:
            rows.append({_("Year"): "–", _("Growth"): "–", _("Robust z-score"): "–", _("Flagged"): _("none"),
                         _("Why"): _("no year beyond %(threshold)s robust sd", threshold=_num_g(sh.threshold, lang)),
                         _("Done"): "–"})
        rule = sh.rule if _.lang == "en" else _(
            "|g - median| / (1.4826 x MAD) > %(threshold)s (modified z-score, Iglewicz & Hoaglin 1993)",
            threshold=_num_g(sh.threshold, lang))
        return styled(pd.DataFrame(rows), caption=_("Years that stand out (rule: %(rule)s)", rule=rule))

    def model_notes(self, lang: str | None = None) -> str:
        """HTML list of each model's notes (what its interval ignores, fall-backs …).

        Notes, model names and the empty case in ``lang`` (the notes are stored in English in
        ``check.table["notes"]`` and translated here, :func:`hatinh_analysis.engine_text.translate_text`)."""
        _ = translator(lang)
        items = []
        for r in self.check.table.itertuples(index=False):
            if r.notes:
                items.append(f"<li><b>{html.escape(_model_label(r.model, lang))}</b>: "
                             f"{html.escape(translate_text(r.notes, lang))}</li>")
        return "<ul>" + "".join(items) + "</ul>" if items else f"<p>{html.escape(_('No notes.'))}</p>"

    def scenario_table(self, lang: str | None = None):
        """How the verdict changes with the modelling choices."""
        import pandas as pd

        _ = translator(lang)
        cols = [_("Scenario"), _("Years used"), _("Verdict"), _("Combined forecast"), _("Calibrated range"),
                _("Chance of reaching the target")]
        rows = []
        for s in self.scenarios:
            c = s.check
            if c is None:
                rows.append(dict(zip(cols, [s.label(lang), "–", _("not computable: %(error)s", error=s.error),
                                            "–", "–", "–"])))
                continue
            comb = c.table.iloc[-1]
            rows.append(dict(zip(cols, [
                s.label(lang),
                f"{len(c.series)} ({_years(c.series.index)})",
                _label(c.verdict, lang),
                _g(comb["forecast"], lang),
                (_("%(low)s to %(high)s", low=_g(comb['lower'], lang), high=_g(comb['upper'], lang))
                 if math.isfinite(comb["lower"]) else "–"),
                _chance(c, lang),
            ])))
        caption = _("Sensitivity of the verdict to the modelling choices")
        shaky = [s.label(lang) for s in self.scenarios if s.check is not None
                 and s.check.verdict in ("ambitious", "cautious")
                 and s.check.calibration.get("word") == "too narrow"]
        if shaky:
            caption += _(" — the ambitious/cautious verdicts (%(scenarios)s) rest on calibrated ranges the "
                         "scoreboard shows to be too narrow", scenarios=", ".join(shaky))
        return styled(pd.DataFrame(rows), caption=caption)

    def cross_check_table(self, lang: str | None = None):
        """The two targets side by side, with the historical gaps between value and IIP growth."""
        import pandas as pd

        _ = translator(lang)
        x, inp = self.cross_check, self.cross_check_inputs
        if x is None:
            return None
        F, V, B, S = _("Figure"), _("Value"), _("Price basis"), _("Source")
        ty = self.check.target_year
        rows = [
            {F: _("IIP growth target %(year)s", year=ty), V: _g(x.iip_target, lang, 2),
             B: _("index (volume)"), S: _dates_in(inp.get("iip_source") or _("parameter"), lang)},
            {F: _("Output value target %(year)s", year=ty), V: _bn_vnd(inp['target_value'], lang),
             B: _basis_words(inp["target_basis"], lang), S: _dates_in(inp.get("target_source", ""), lang)},
            {F: _("Output value %(year)s (%(status)s)", year=inp['base_year'],
                  status=_status(inp['base_status'], lang)),
             V: _bn_vnd(inp['base_value'], lang),
             B: _basis_words(inp["base_basis"], lang), S: _dates_in(inp.get("base_source", ""), lang)},
            {F: _("Implied output value growth"), V: _g(x.implied_value_growth, lang, 2),
             B: "", S: _("computed")},
            {F: _("Gap: value growth minus IIP growth"), V: _("%(gap)s points", gap=_num(x.gap_pp, lang, 2, True)),
             B: "", S: _("computed")},
        ]
        for year, r in x.history.iterrows():
            rows.append({F: _("Gap in %(year)s (published value growth %(value)s vs IIP %(iip)s)", year=int(year),
                              value=_g(r.value_growth, lang), iip=_g(r.iip_growth, lang)),
                         V: _("%(gap)s points", gap=_num(r.gap_pp, lang, 2, True)), B: "",
                         S: _("published growth rates")})
        return styled(pd.DataFrame(rows), caption=_("Cross-check: IIP target against the output-value target"))

    def cross_check_caveats(self, lang: str | None = None):
        """HTML box with the engine's caveats about the cross-check (price bases).

        In Vietnamese the engine's summary sentence (``TargetCrossCheck.summary``) is replaced
        by the numbers in words (the engine writes English only)."""
        _ = translator(lang)
        x = self.cross_check
        if x is None:
            return callout(html.escape(self.cross_check_note_text(lang) or _("No cross-check.")), kind="info",
                           title=_("No output-value cross-check"))
        items = []
        inp = self.cross_check_inputs
        if inp["target_basis"] != inp["base_basis"]:
            items.append(_("The target is stated at %(target_basis)s, the %(year)s figure at %(base_basis)s: if "
                           "the two differ, part of the implied growth is a change of price base, not of output.",
                           target_basis=_basis_words(inp['target_basis'], lang), year=inp['base_year'],
                           base_basis=_basis_words(inp['base_basis'], lang)))
        body = "<ul>" + "".join(f"<li>{html.escape(c)}</li>" for c in items) + "</ul>" if items else ""
        if _.lang == "en":
            lead = x.summary
        else:
            lead = _("The output-value target implies growth of %(growth)s; the IIP target is %(iip)s, a gap of "
                     "%(gap)s points.", growth=_g(x.implied_value_growth, lang, 2), iip=_g(x.iip_target, lang, 2),
                     gap=_num(x.gap_pp, lang, 2, True))
        return callout(html.escape(lead) + body, kind="warning" if items else "info",
                       title=_("How far the two targets agree"))

    def engine_summary(self, lang: str | None = None):
        """The engine's own summary of the check and its verdict rule (HTML box)."""
        _ = translator(lang)
        c = self.check
        body = (f"<p style='margin:0.3em 0'>{html.escape(c.summary_text(lang))}</p>")
        return callout(body, title=_("The check in the engine's words"), kind="info")

    def to_result(self, track_record=None, lang: str | None = None) -> dict:
        """Arguments for :func:`hatinh_analysis.report.publish` (the JSON sidecar).

        Parameters
        ----------
        track_record : TrackRecord, optional
            :func:`hatinh_analysis.target_track_record` of the province, added as
            ``details.track_record``.

        ``details.numbers`` holds the headline numbers, with ``prob_reach`` only when the
        chance may be printed (:data:`~hatinh_analysis.target.PRINTING_RULE`);
        ``details.probability`` says whether it is printed, its printable text ("withheld"),
        why (measured coverage, counts and band) and, for programs, the computed value under
        the name ``computed_not_for_print``.
        The texts (``summary``, ``verdict``, ``headline``, ``details.question``,
        ``details.verdict_label``, ``details.verdict_caveat``, ``details.engine_summary``,
        ``details.probability.text``/``note``) are in ``lang`` (default: the current language,
        recorded as ``details.lang``); codes and numbers do not depend on it.
        ``figures`` lists every year's figure with ``origin`` ("user" or "shipped") and, for the
        user's, ``user_row`` ("my_figures.xlsx, row 7"); ``user_figures`` sums them up.
        """
        from hatinh_analysis.models.base import json_clean

        c = self.check
        comb = c.table.iloc[-1]
        attrs = self.series.attrs or {}
        statuses, sources = attrs.get("statuses") or {}, attrs.get("source_ids") or {}
        origins = attrs.get("origins") or {}
        user = self.user_rows
        models = c.table[["model", "forecast", "lower", "upper", "prob_reach", "chance", "verdict",
                          "calibrated"]]
        target = {"low": c.target[0], "high": c.target[1]} if c.is_range else c.target
        details = {
            "lang": translator(lang).lang,
            "question": self.question(lang),
            "province": self.province, "indicator": attrs.get("indicator"), "as_of": attrs.get("as_of"),
            "verdict": c.verdict,
            "verdict_label": _label(c.verdict, lang),
            "verdict_caveat": c.verdict_caveat_text(lang),
            # headline numbers (batch summaries show them): the chance only when it may be printed
            "numbers": {"forecast": float(comb["forecast"]), "lower": float(comb["lower"]),
                        "upper": float(comb["upper"]),
                        **({"prob_reach": c.prob_reach} if c.probability_printed else {})},
            "probability": {"printed": c.probability_printed, "text": c.prob_reach_text_in(lang),
                            "note": c.probability_note_text(lang), "rule": PRINTING_RULE,
                            "computed_not_for_print": c.prob_reach},
            "shock_years": list(c.shock_years),
            "shock_note": c.shock_note,
            "calibration": c.calibration,
            "target": target,
            "target_year": c.target_year,
            "target_source": self.target_source,
            "level": c.level,
            "models": models.astype(object).where(models.notna(), None).to_dict(orient="records"),
            "figures": [{"year": int(y), "value": float(v), "status": statuses.get(int(y)),
                         "source_id": sources.get(int(y)), "origin": origins.get(int(y), "shipped"),
                         "user_row": user.get(int(y)),
                         "used": int(y) in c.series.index}
                        for y, v in self.series.items()],
            "user_figures": {"file": None if self.extra is None else str(self.extra),
                             "years": sorted(user), "rows": {str(y): r for y, r in sorted(user.items())},
                             "target_row": (self.target_source or {}).get("user_row")},
            "scenarios": [{"name": s.name, "options": s.options, "verdict": s.verdict,
                           "prob_reach": None if s.check is None else s.check.prob_reach,
                           "probability_printed": None if s.check is None else s.check.probability_printed,
                           "error": s.error}
                          for s in self.scenarios],
            "cross_check": None if self.cross_check is None else self.cross_check.to_dict(),
            "cross_check_note": self.cross_check_note,
            "engine_summary": c.summary_text(lang),
            "track_record": None if track_record is None else track_record.to_dict(),
        }
        return {"summary": self.summary(lang), "verdict": _label(c.verdict, lang), "headline": self.headline(lang),
                "details": json_clean(details)}


def _spec(row, check, lang: str | None = None) -> str:
    """A model's specification in ``lang``; technical names such as "ETS(A,N,N)" stay as the
    engine writes them, words ("drift on log level") are translated."""
    _ = translator(lang)
    if row["model"] != "combined" or _.lang == "en":
        return translate_text(row["spec"], lang) or "–"
    members = ", ".join(f"{_family(f, lang)}: {'+'.join(_model_term(m, lang) for m in d['members'])}"
                        for f, d in check.families.items())
    return _("equal weights over families (%(members)s)", members=members)


def _model_term(model: str, lang: str | None = None) -> str:
    """A model's name inside a sentence (the glossary's lower-case term; the code if none)."""
    try:
        return translator(lang).term("model", model)
    except ValueError:
        return model


def _dates_in(text: str, lang: str | None = None) -> str:
    """ISO dates (``2019-12-25``) inside a text written the language's way."""
    if translator(lang).lang == "en" or not isinstance(text, str):
        return text
    from hatinh_analysis.i18n import format_date

    return re.sub(r"\b\d{4}-\d{2}-\d{2}\b", lambda m: format_date(m.group(0), lang), text)


def _basis_words(basis: str, lang: str | None = None) -> str:
    from hatinh_analysis.i18n import term

    try:
        return term("basis", basis, lang)
    except (KeyError, ValueError):
        return basis


def _status(status: str, lang: str | None = None) -> str:
    """A figure's status: the data's code in English (as before), the office's term in Vietnamese
    (chính thức, sơ bộ, ước tính, kế hoạch)."""
    if translator(lang).lang == "en" or not status:
        return status
    try:
        return translator(lang).term("status", status)
    except ValueError:
        return status


def _num_g(x, lang: str | None = None) -> str:
    """A threshold such as 3.5 in the language's notation (``3.5`` / ``3,5``)."""
    if translator(lang).lang == "en":
        return f"{x:g}"
    from hatinh_analysis.i18n import format_number

    return format_number(float(x), lang)


def _source_words(source_id: str, user_row: str | None = None) -> str:
    if user_row:
        return f"your file ({user_row})"
    from hatinh_analysis.data.store import list_sources

    src = list_sources().set_index("source_id")
    if source_id not in src.index:
        return source_id
    row = src.loc[source_id]
    return f"{row['publisher']} ({row['published']})"


def _note(report: TargetReport, msgid: str, **values) -> None:
    """Set the cross-check note: English text for the sidecar, the message for other languages."""
    report.cross_check_note = translator("en")(msgid, **values)
    report.cross_check_note_msg = (msgid, values)


def _cross_check(report: TargetReport, assume_same_basis: bool) -> None:
    import hatinh_analysis as ha
    from hatinh_analysis.data.errors import DataError

    attrs = report.series.attrs or {}
    province, as_of, extra = report.province, attrs.get("as_of"), report.extra
    if attrs.get("indicator") != "iip":
        _note(report, N_("the output-value cross-check applies to an IIP target only."))
        return
    if report.check.is_range:
        _note(report, N_("the output-value cross-check applies to a single target figure, not a range."))
        return
    ty = int(report.check.target_year)
    targets = ha.load_targets(province, "industrial_output", as_of=as_of, extra=extra)
    targets = targets[targets["year"] == ty]
    if targets.empty:
        if as_of:
            _note(report, N_("no output-value target for %(year)s was published by %(date)s."), year=ty,
                  date=as_of)
        else:
            _note(report, N_("no output-value target for %(year)s was published."), year=ty)
        return
    t = targets.iloc[-1]
    obs = ha.load_observations(province, "industrial_output", as_of=as_of, extra=extra)
    base_rows = obs[(obs["year"] == ty - 1) & (obs["status"] != "target")]
    if base_rows.empty:
        _note(report, N_("there is no published output value for %(year)s to compare the target with."),
              year=ty - 1)
        return
    bases = list(dict.fromkeys(base_rows["basis"]))
    basis = t["basis"] if t["basis"] in bases else bases[0]
    try:
        level_series = ha.load_series("industrial_output", province, as_of=as_of, basis=basis, extra=extra)
    except DataError as exc:
        report.cross_check_note = str(exc)
        return
    base_value = float(level_series.loc[ty - 1])
    base_source = level_series.attrs["source_ids"][ty - 1]
    base_user = (level_series.attrs.get("user_rows") or {}).get(ty - 1)
    t_user = t["user_row"] if t.get("origin") == "user" else None
    report.cross_check_inputs = {
        "target_value": float(t["value"]), "target_basis": t["basis"],
        "target_source": _source_words(t["source_id"], t_user),
        "base_value": base_value, "base_basis": basis, "base_year": ty - 1,
        "base_status": level_series.attrs["statuses"][ty - 1],
        "base_source": _source_words(base_source, base_user),
        "iip_source": (_source_words(report.target_source["source_id"], report.target_source.get("user_row"))
                       if report.target_source else "the target checked"),
    }
    try:
        vg = ha.load_series("industrial_output_growth", province, as_of=as_of, extra=extra)
    except DataError:
        vg = None
    try:
        report.cross_check = ha.cross_check_targets(
            float(report.check.target), float(t["value"]), base_value,
            value_basis=t["basis"], base_basis=basis,
            value_growth_history=vg, iip_history=report.series if vg is not None else None,
            assume_same_basis=assume_same_basis)
    except ValueError as exc:
        _note(report, N_("not computed: %(error)s"), error=str(exc))


def sensitivity(check, *, alt_exclude_years=(), alt_break_years=(), shocks_kept: bool = True,
                progress: bool = False) -> list:
    """The check again under other modelling choices (:meth:`TargetCheck.rerun`).

    When to use
        To see whether a verdict depends on a choice: more years left out, a lasting break
        assumed, the flagged shocks kept. For one scenario of your own call
        ``check.rerun(...)`` directly.

    Parameters
    ----------
    check : TargetCheck
        The check as specified (not recomputed: it is the first scenario).
    alt_exclude_years : iterable of int
        A scenario with these years also left out (years already left out are ignored).
    alt_break_years : iterable of int
        A scenario with a break also assumed in these years.
    shocks_kept : bool
        Add a scenario with the flagged one-off shocks kept in the fits (only when the
        check left shocks out).
    progress : bool
        A progress bar on stderr.

    Returns
    -------
    list of Scenario
        ``[Scenario("As specified", ...)]`` plus one per variant; a variant that cannot be
        computed carries its error instead of a check.
    """
    from hatinh_analysis.models.base import ModelError

    opts = check.options
    ex, br = sorted(int(y) for y in opts["exclude_years"]), sorted(int(y) for y in opts["break_years"])
    plan = []
    extra_ex = sorted(set(int(y) for y in alt_exclude_years) - set(ex))
    if extra_ex:
        plan.append(((N_("Leaving out %(years)s"), {"years": _years(extra_ex)}),
                     {"exclude_years": sorted(set(ex) | set(extra_ex))}))
    extra_br = sorted(set(int(y) for y in alt_break_years) - set(br))
    if extra_br:
        plan.append(((N_("Break in %(years)s"), {"years": _years(extra_br)}),
                     {"break_years": sorted(set(br) | set(extra_br))}))
    if ex or br:
        plan.append(((N_("All years, no break"), {}), {"exclude_years": [], "break_years": []}))
    if shocks_kept and opts["shocks"] and not br and check.shock_years:
        plan.append(((N_("Flagged shocks kept"), {}), {"shocks": False}))
    first = (N_("As specified"), {})
    scenarios = [Scenario(translator("en")(first[0]), {}, check, title=first)]
    for title, changes in _progress(plan, progress, "target checks"):
        name = translator("en")(title[0], **title[1])  # the name in the sidecar stays English
        try:
            scenarios.append(Scenario(name, changes, check.rerun(**changes), title=title))
        except ModelError as exc:
            scenarios.append(Scenario(name, changes, None, str(exc), title=title))
    return scenarios


def target_report(series, check, *, alt_exclude_years=(), alt_break_years=(), assume_same_basis: bool = True,
                  extra=None, progress: bool = False) -> TargetReport:
    """What notebook 02 shows around a target check: scenarios, cross-check, words, sidecar.

    When to use
        After ``check = ha.check_target(series, ...)``, for the verdict box, the tables and the
        JSON result of a report. The check is not recomputed.

    Parameters
    ----------
    series : pandas.Series
        The series as loaded by :func:`hatinh_analysis.load_series` (its ``attrs`` name the
        province, indicator and ``as_of``, and mark the user's figures).
    check : TargetCheck
        ``check_target(series, ...)``.
    alt_exclude_years, alt_break_years : iterable of int
        Sensitivity scenarios (:func:`sensitivity`).
    assume_same_basis : bool
        Passed to :func:`hatinh_analysis.cross_check_targets` (the output-value target and the
        base-year value are often on differently stated price bases).
    extra : str, path or DataFrame, optional
        The user's own figures, as given to the loaders (``extra=``): targets and output values
        are looked up with them too.
    progress : bool
        A progress bar over the scenario checks (stderr).

    Returns
    -------
    TargetReport
    """
    import hatinh_analysis as ha

    if check.input_series is not None and not check.input_series.equals(series):
        raise ValueError("target_report(): check must be check_target(series, ...) of the same series")
    attrs = series.attrs or {}
    report = TargetReport(series=series, check=check, extra=extra,
                          params=dict(alt_exclude_years=sorted(alt_exclude_years),
                                      alt_break_years=sorted(alt_break_years),
                                      assume_same_basis=assume_same_basis,
                                      data_file=None if extra is None else str(extra),
                                      **{k: v for k, v in check.options.items() if k != "table"}))
    report.scenarios = sensitivity(check, alt_exclude_years=alt_exclude_years, alt_break_years=alt_break_years,
                                   progress=progress)
    province, indicator = attrs.get("province"), attrs.get("indicator")
    if province and indicator and not check.is_range:
        targets = ha.load_targets(province, indicator, as_of=attrs.get("as_of"), extra=extra)
        match = targets[(targets["year"] == int(check.target_year))
                        & ((targets["value"] - float(check.target)).abs() < 1e-9)]
        if len(match):
            m = match.iloc[-1]
            sid = m["source_id"]
            src = ha.list_sources().set_index("source_id")
            user_row = m["user_row"] if m.get("origin") == "user" else None
            report.target_source = {
                "source_id": sid, "publisher": src.loc[sid, "publisher"] if sid in src.index else sid,
                "published": str(m["published"]), "origin": m.get("origin", "shipped"),
                "user_row": user_row if isinstance(user_row, str) else None}
    _cross_check(report, assume_same_basis)
    return report


def _progress(items, enabled: bool, desc: str):
    if not enabled:
        return items
    import sys

    from tqdm import tqdm

    return tqdm(items, desc=desc, file=sys.stderr, leave=False)


# =========================================================== scoreboard
def calibration(hits: int, n: int, level: float) -> str:
    """Compare *hits* out of *n* with the promised *level*: the engine's rule
    (:func:`hatinh_analysis.evaluation.coverage_word`, Wilson 95 % band)."""
    from hatinh_analysis.evaluation import coverage_word

    return coverage_word(int(hits), int(n), float(level))


@dataclass
class ScoreboardReport:
    """The scoreboard for notebook 03.

    Attributes
    ----------
    scoreboard : hatinh_analysis.evaluation.Scoreboard
    province : str
        The province whose own forecasts are shown one by one.
    level : float
        The interval level the headline speaks about (0.5, 0.8 or 0.95).
    horizon : int
    extra : str, path or DataFrame, optional
        The user's own figures (``extra=`` of the loaders). They do not enter the
        scoreboard (it is built from the published figures, so that anyone can rebuild
        it from the shipped data); the province's past forecasts are set against them.
    """

    scoreboard: Any
    province: str
    level: float = 0.8
    horizon: int = 1
    params: dict = field(default_factory=dict)
    extra: Any = None

    def user_figures(self):
        """The user's own growth figures for the province, one row per indicator and year:
        ``indicator, year, value`` (growth in %), ``user_row`` ("my_figures.xlsx, row 7");
        empty without ``extra``."""
        import pandas as pd

        import hatinh_analysis as ha

        cols = ["indicator", "year", "value", "user_row"]
        if self.extra is None:
            return pd.DataFrame(columns=cols)
        obs = ha.load_observations(self.province, extra=self.extra)
        mine = obs[(obs["origin"] == "user") & (obs["status"] != "target")]
        rows = []
        for ind in sorted(set(mine["indicator"])):
            try:
                s = ha.load_series(ind, self.province, extra=self.extra)
            except ha.DataError:  # e.g. a level series on several price bases: not a growth rate
                continue
            if (s.attrs or {}).get("unit") != "pct_change":
                continue
            for y in s.attrs.get("user_years", []):
                rows.append({"indicator": ind, "year": int(y), "value": float(s.loc[y]),
                             "user_row": s.attrs["user_rows"][y]})
        return pd.DataFrame(rows, columns=cols)

    def user_sentence(self, lang: str | None = None) -> str | None:
        """What the user's file adds, in words (None without ``extra``)."""
        _ = translator(lang)
        if self.extra is None:
            return None
        mine = self.user_figures()
        if mine.empty:
            return _("Your file holds no growth figures for %(province)s; the scoreboard is built from the "
                     "published figures only.", province=_name(self.province, lang))
        d = self.scoreboard.forecasts
        d = d[(d["unit"] == self.province) & (d["horizon"] == self.horizon) & (d["method"] == "calibrated")]
        scored = {(r.indicator, int(r.year)) for r in d.itertuples()}
        both = [f"{r.indicator} {r.year}" for r in mine.itertuples() if (r.indicator, r.year) in scored]
        text = _("Your file adds %(num)s growth figure(s) for %(province)s (%(items)s). They do not enter the "
                 "scoreboard, which is built from the published figures only", num=len(mine),
                 province=_name(self.province, lang),
                 items=", ".join(f"{r.indicator} {r.year}: {_g(r.value, lang)}, {r.user_row}"
                                 for r in mine.itertuples()))
        if both:
            text += _("; the province's past forecasts are set against them for %(items)s (table below).",
                      items=", ".join(both))
        else:
            text += _("; the scoreboard holds no forecast of the same years to set against them.")
        return text

    @property
    def _k(self) -> str:
        return f"{round(self.level * 100)}"

    def summary_frame(self):
        """Per-method scores on the pooled panel (the engine's ``summary_frame``)."""
        return self.scoreboard.summary_frame(self.horizon)

    def comparison_frame(self):
        """Each method against the calibrated one, on the forecasts both made."""
        return self.scoreboard.comparison_frame(self.horizon)

    def summary_table(self, lang: str | None = None):
        """Readable scoreboard: coverage with Wilson band, interval scores, CRPS, MAE, Brier."""
        import pandas as pd

        _ = translator(lang)
        rows = []
        for r in self.summary_frame().to_dict(orient="records"):
            cov = {lv: _("%(hits)s/%(n)s (%(coverage)s; band %(lo)s–%(hi)s)", hits=r[f'hits_{lv}'], n=r['n'],
                         coverage=_p0(r[f'coverage_{lv}'], lang), lo=_p0(r[f'wilson_lo_{lv}'], lang),
                         hi=_p0(r[f'wilson_hi_{lv}'], lang))
                   for lv in ("50", "80", "95")}
            rows.append({_("Method"): _model_label(r["method"], lang), _("Forecasts"): r["n"],
                         _("Inside %(level)s", level=_p0(0.5, lang)): cov["50"],
                         _("Inside %(level)s", level=_p0(0.8, lang)): cov["80"],
                         _("Inside %(level)s", level=_p0(0.95, lang)): cov["95"],
                         _("%(level)s ranges were", level=_p0(self.level, lang)):
                             _coverage_word(r[f"calibration_{self._k}"], lang),
                         _("MSIS %(level)s", level=_p0(0.8, lang)): _num(r['msis_80'], lang, 1),
                         _("MSIS %(level)s", level=_p0(0.95, lang)): _num(r['msis_95'], lang, 1),
                         "CRPS": _num(r['crps'], lang, 2), "MAE": _num(r['mae'], lang, 1),
                         "Brier": _num(r['brier'], lang, 3)})
        return styled(pd.DataFrame(rows), caption=_("Scoreboard, %(horizon)s year(s) ahead, all series pooled",
                                                    horizon=self.horizon))

    def comparison_table(self, lang: str | None = None):
        """The calibrated method against each other method on common forecasts."""
        import pandas as pd

        _ = translator(lang)
        d = self.comparison_frame()
        rows = []
        for r in d.to_dict(orient="records"):
            rows.append({_("Method"): _model_label(r["method"], lang), _("Common forecasts"): r["n_common"],
                         _("MSIS 95%: method"): _num(r['msis_95'], lang, 1),
                         _("MSIS 95%: calibrated"): _num(r['msis_95_calibrated'], lang, 1),
                         _("CRPS: method"): _num(r['crps'], lang, 2),
                         _("CRPS: calibrated"): _num(r['crps_calibrated'], lang, 2),
                         _("Calibrated better (interval score)"): _yes(r["calibrated_better_msis_95"], lang)})
        return styled(pd.DataFrame(rows), caption=_("The calibrated combination against every other method, "
                                                    "on the forecasts both made"))

    def chart(self, lang: str | None = None):
        """Coverage with Wilson bands and MSIS per method."""
        from hatinh_analysis import plots

        return plots.scoreboard_chart(self.summary_frame(), lang=lang)

    def province_table(self, lang: str | None = None):
        """The focus province's own forecasts, as they were made (vintage-aware where available)."""
        import pandas as pd

        _ = translator(lang)
        d = self.scoreboard.forecasts
        d = d[(d["unit"] == self.province) & (d["horizon"] == self.horizon)
              & d["method"].isin(["calibrated", "combined", "naive_last", "pooled"])]
        rows = []
        lo, hi = {"50": ("q25", "q75"), "80": ("q10", "q90"), "95": ("q025", "q975")}[self._k]
        yours = {(r.indicator, int(r.year)): (float(r.value), r.user_row) for r in self.user_figures().itertuples()}
        rng = _("%(level)s range", level=_p0(self.level, lang))
        for r in d.to_dict(orient="records"):
            inside = r[lo] <= r["actual"] <= r[hi]
            row = {_("Series"): r["series"], _("Made in"): r["origin"], _("For"): r["year"],
                   _("Method"): _model_label(r["method"], lang), _("Forecast"): _g(r["forecast"], lang),
                   rng: _("%(low)s to %(high)s", low=_g(r[lo], lang), high=_g(r[hi], lang)),
                   _("Outcome"): f"{_g(r['actual'], lang)} ({_status(r['actual_status'], lang)})",
                   _("Inside"): _yes(inside, lang),
                   _("Data"): _("as known then") if r["mode"] == "vintage" else _("final figures")}
            if yours:
                v = yours.get((r["indicator"], int(r["year"])))
                row[_("Your figure")] = "–" if v is None else f"{_g(v[0], lang)} ({v[1]})"
                row[_("Inside (your figure)")] = "–" if v is None else _yes(r[lo] <= v[0] <= r[hi], lang)
            rows.append(row)
        if not rows:
            rows = [{_("Series"): self.province, _("Made in"): "–", _("For"): "–", _("Method"): "–",
                     _("Forecast"): "–", rng: "–", _("Outcome"): "–", _("Inside"): "–",
                     _("Data"): _("no forecast scored")}]
        return styled(pd.DataFrame(rows), caption=_("%(province)s: forecasts made in the past",
                                                    province=_name(self.province, lang)))

    def sentences(self, lang: str | None = None) -> list[str]:
        """Plain-language findings, one per method family of interest."""
        _ = translator(lang)
        d = self.summary_frame().set_index("method")
        k = self._k
        out = []
        settings = self.scoreboard.settings
        modes = settings.get("modes", {})
        n_v = sum(1 for m in modes.values() if m == "vintage")
        out.append(_("%(num)s forecasts %(horizon)s year(s) ahead of %(n_series)s series; %(n_vintage)s series with "
                     "December estimates are scored as known at the time, the rest with final figures.",
                     num=int(d['n'].max()), horizon=self.horizon, n_series=settings.get('n_series', '?'),
                     n_vintage=n_v))
        if "calibrated" in d.index:
            r = d.loc["calibrated"]
            out.append(_("Calibrated combination: %(hits)s of %(n)s outcomes inside its %(level)s ranges "
                         "(%(coverage)s, band %(lo)s–%(hi)s): %(word)s.", hits=r[f'hits_{k}'], n=r['n'],
                         level=_p0(self.level, lang), coverage=_p0(r[f'coverage_{k}'], lang),
                         lo=_p0(r[f'wilson_lo_{k}'], lang), hi=_p0(r[f'wilson_hi_{k}'], lang),
                         word=_coverage_word(r[f'calibration_{k}'], lang)))
        for m in [x for x in d.index if x != "calibrated"]:
            r = d.loc[m]
            out.append(_("%(method)s: %(hits)s of %(n)s inside (%(coverage)s): %(word)s; MSIS %(msis)s, "
                         "CRPS %(crps)s.", method=_model_label(m, lang), hits=r[f'hits_{k}'], n=r['n'],
                         coverage=_p0(r[f'coverage_{k}'], lang), word=_coverage_word(r[f'calibration_{k}'], lang),
                         msis=_num(r['msis_95'], lang, 1), crps=_num(r['crps'], lang, 2)))
        comp = self.comparison_frame()
        if len(comp):
            worse = comp.loc[~comp["calibrated_better_msis_95"], "method"].tolist()
            lv95 = _p0(0.95, lang)
            out.append(_("On common forecasts the calibrated combination has a lower %(level)s interval score "
                         "than every other method.", level=lv95) if not worse else
                       _("On common forecasts the calibrated combination has a lower %(level)s interval score "
                         "than every other method except %(methods)s.", level=lv95,
                         methods=", ".join(_model_label(m, lang) for m in worse)))
        return out

    def verdict_box(self, lang: str | None = None):
        """Notebook 03's summary box (IPython HTML), in ``lang`` (default: the current language):
        titled "In short: <headline>", it lists the scope of the scoreboard, the calibrated
        combination's coverage, how it compares with the other methods on common forecasts and,
        with a ``data_file``, how your figures compare."""
        found = self.sentences(lang)
        items = found[:2] + found[2:][-1:]  # scope, calibrated coverage, the comparison (last)
        mine = self.user_sentence(lang)
        return callout(bullet_list(items + ([mine] if mine else [])), title=in_short(self.headline(lang), lang),
                       kind="verdict")

    def headline(self, lang: str | None = None) -> str:
        _ = translator(lang)
        d = self.summary_frame().set_index("method")
        if "calibrated" not in d.index:
            return _("no calibrated forecasts scored")
        r = d.loc["calibrated"]
        return _("calibrated %(level)s ranges: %(hits)s/%(n)s inside (%(word)s)", level=_p0(self.level, lang),
                 hits=r[f'hits_{self._k}'], n=r['n'], word=_coverage_word(r[f'calibration_{self._k}'], lang))

    def verdict(self, lang: str | None = None) -> str:
        """The calibrated method's coverage word at the chosen level."""
        d = self.summary_frame().set_index("method")
        if "calibrated" not in d.index:
            return translator(lang)(_NOT_SCORED)
        return _coverage_word(d.loc["calibrated", f"calibration_{self._k}"], lang)

    def to_result(self, lang: str | None = None) -> dict:
        """Arguments for :func:`hatinh_analysis.report.publish`; texts in ``lang`` (default: current)."""
        _ = translator(lang)
        d = self.summary_frame()
        return {"summary": " ".join(self.sentences(lang)[:3]),
                "verdict": _("calibrated intervals %(word)s", word=self.verdict(lang)),
                "headline": self.headline(lang),
                "details": {"lang": _.lang, "level": self.level, "horizon": self.horizon, "params": self.params,
                            "settings": self.scoreboard.settings,
                            "user_figures": self.user_figures().to_dict(orient="records"),
                            "user_note": self.user_sentence(lang),
                            "summary": d.astype(object).where(d.notna(), None).to_dict(orient="records")}}


#: The scoreboard's coverage words (hatinh_analysis.evaluation.coverage_word) as catalogue messages.
COVERAGE_WORDS = {"as promised": N_("as promised"), "too narrow": N_("too narrow"), "too wide": N_("too wide"),
                  "too few forecasts": N_("too few forecasts"), "not scored": N_("not scored")}
_NOT_SCORED = COVERAGE_WORDS["not scored"]


def _coverage_word(word: str, lang: str | None = None) -> str:
    """A coverage word of the scoreboard in ``lang`` (other words as given)."""
    return translator(lang)(COVERAGE_WORDS[word]) if word in COVERAGE_WORDS else str(word)


def scoreboard_report(*, province: str = "ha_tinh", level: float = 0.8, horizon: int = 1,
                      rebuild: bool = False, extra=None) -> ScoreboardReport:
    """The scoreboard for notebook 03: the committed one, or rebuilt from the data.

    Parameters
    ----------
    province : str
        Whose own past forecasts to list.
    level : {0.5, 0.8, 0.95}
        The interval level the headline speaks about.
    horizon : {1, 2}
    rebuild : bool
        Recompute the scoreboard (about a minute) instead of reading the committed table.
    extra : str, path or DataFrame, optional
        The user's own figures: read (errors name the file and row) and set against the
        province's past forecasts; they do not enter the scoreboard.
    """
    from hatinh_analysis.evaluation import load_scoreboard, scoreboard

    if round(float(level), 4) not in (0.5, 0.8, 0.95):
        raise ValueError(f"level must be 0.5, 0.8 or 0.95 (the levels the scoreboard scores), got {level!r}")
    if int(horizon) not in (1, 2):
        raise ValueError(f"horizon must be 1 or 2, got {horizon!r}")
    sb = scoreboard(n_jobs=-1) if rebuild else load_scoreboard()
    board = ScoreboardReport(sb, province, float(level), int(horizon),
                             params=dict(province=province, level=level, horizon=horizon, rebuild=rebuild,
                                         data_file=None if extra is None else str(extra)),
                             extra=extra)
    board.user_figures()  # read the user's file now: a bad file fails here, naming file and row
    return board


# ------------------------------------------------------------------ raw frames for display
#: Headers of the engine's data frames (``check.table``, ``record.table``,
#: ``board.summary_frame()``) by column; English msgids of the catalogue. Columns per
#: interval level (``hits_80`` …) are in :data:`LEVEL_COLUMN_LABELS`.
COLUMN_LABELS = {
    # check.table
    "model": N_("Model"), "family": N_("Model family"), "spec": N_("Specification"),
    "n_obs": N_("Years used"), "forecast": N_("Central forecast"), "lower": N_("Lower bound"),
    "upper": N_("Upper bound"), "prob_reach": N_("Chance of reaching the target"),
    "chance": N_("Chance as printed"), "target_percentile": N_("Percentile of the target"),
    "verdict": N_("Verdict"), "calibrated": N_("Calibrated"), "notes": N_("Notes"),
    # record.table
    "indicator": N_("Indicator"), "year": N_("Year"), "target": N_("Target"),
    "target_high": N_("Target, upper end"), "unit": N_("Unit"), "basis": N_("Price basis"),
    "target_published": N_("Target published"), "target_source": N_("Source of the target"),
    "target_growth": N_("Target growth, %"), "base_value": N_("Base-year value"),
    "outcome": N_("Outcome"), "outcome_status": N_("Status of the outcome"),
    "outcome_published": N_("Outcome published"), "outcome_source": N_("Source of the outcome"),
    "outcome_growth": N_("Outcome growth, %"), "met": N_("Met"),
    "gap_points": N_("Gap, percentage points"), "outcome_year_end": N_("Year-end estimate"),
    "outcome_year_end_status": N_("Status of the year-end estimate"),
    "met_year_end": N_("Met by the year-end estimate"),
    "gap_points_year_end": N_("Gap of the year-end estimate, percentage points"),
    "result": N_("Result"), "counted": N_("Counted"), "note": N_("Note"),
    # board.summary_frame()
    "method": N_("Method"), "horizon": N_("Years ahead"), "n": N_("Forecasts"),
    "crps": N_("CRPS"), "mae": N_("Mean absolute error, percentage points"),
    "brier": N_("Brier score"), "status": N_("Status"), "series": N_("Series"),
    "province": N_("Province"),
}
#: Headers of the columns per interval level; ``%(level)s`` is the level ("80%").
LEVEL_COLUMN_LABELS = {
    "hits": N_("Outcomes inside the %(level)s interval"),
    "coverage": N_("Coverage of the %(level)s interval"),
    "wilson_lo": N_("Coverage of the %(level)s interval, 95%% band from"),
    "wilson_hi": N_("Coverage of the %(level)s interval, 95%% band to"),
    "calibration": N_("Calibration of the %(level)s interval"),
    "is": N_("Interval score %(level)s"),
    "msis": N_("Scaled interval score (MSIS) %(level)s"),
}
_LEVEL_COLUMN = re.compile(r"(hits|coverage|wilson_lo|wilson_hi|calibration|is|msis)_(\d{2})")
_ALL_FAMILIES = NC_("family", "all families")
#: Columns holding codes of a vocabulary (``hatinh_analysis.i18n.TERMS``) by kind.
_TERM_COLUMNS = {"indicator": "indicator", "basis": "basis", "result": "result",
                 "status": "status", "outcome_status": "status", "outcome_year_end_status": "status"}


def _model_display(code, lang: str | None) -> str:
    """A model or method code as a name: the glossary's term, else the table label."""
    try:
        return translator(lang).term("model", code)
    except ValueError:
        return _model_label(code, lang)


def _code_display(column: str, value, lang: str | None):
    """One cell of a code column in words (a value outside the vocabulary as given)."""
    _ = translator(lang)
    if not isinstance(value, str):
        return value
    if column in ("model", "method"):
        return _model_display(value, lang)
    if column == "family":
        if value == "all":
            return _.pgettext("family", _ALL_FAMILIES)
        return _family(value, lang)
    if column == "verdict":
        return _label(value, lang)
    if column == "unit":
        try:
            return _.term("axis", value)
        except ValueError:
            return value
    if column.startswith("calibration_"):
        return _coverage_word(value, lang)
    kind = _TERM_COLUMNS.get(column)
    if kind:
        try:
            return _.term(kind, value)
        except ValueError:
            return value
    return translate_text(value, lang)


def _header(column, lang: str | None):
    _ = translator(lang)
    if not isinstance(column, str):
        return column
    if column in COLUMN_LABELS:
        return _(COLUMN_LABELS[column])
    m = _LEVEL_COLUMN.fullmatch(column)
    if m:
        return _(LEVEL_COLUMN_LABELS[m.group(1)], level=_p0(int(m.group(2)) / 100, lang))
    return column


def display_table(frame, lang: str | None = None):
    """A copy of one of the engine's data frames for reading, in ``lang``.

    For the raw frames a notebook shows for analysis — ``check.table[[...]]``,
    ``record.table``, ``board.summary_frame()[[...]]`` — whose cells hold codes
    (``"plausible"``, ``"mean_growth"``, ``"met"``, ``True``) and the engine's English notes.
    The frame itself is not changed, so code that reads its codes keeps working in every
    language; only the copy shown is translated.

    Parameters
    ----------
    frame : pandas.DataFrame
        Any of those frames or a selection of their columns.
    lang : {"vi", "en"}, optional
        Default: the current language. ``"en"`` returns an unchanged copy (the codes and
        English notes are what English reports always showed).

    Returns
    -------
    pandas.DataFrame
        Same rows in the same order with the same index; numbers stay numbers (float and
        integer columns are untouched, missing values stay missing). In Vietnamese:
        column headers in words (:data:`COLUMN_LABELS`), codes of verdicts, model families,
        models and methods, indicators, price bases, statuses, results and calibration words
        by the glossary's terms, True/False as "có"/"không", and notes and specifications
        through :func:`hatinh_analysis.engine_text.translate_text`.

    Raises
    ------
    ValueError
        ``frame`` is not a DataFrame, or ``lang`` is not supported (the message names the
        parameter).

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"model": ["mean_growth"], "forecast": [12.19], "verdict": ["plausible"],
    ...                       "calibrated": [False]})
    >>> shown = display_table(frame, "vi")
    >>> list(shown.columns)
    ['Mô hình', 'Dự báo trung tâm', 'Kết luận', 'Đã hiệu chuẩn']
    >>> shown["Kết luận"].tolist(), shown["Dự báo trung tâm"].dtype
    (['khả thi'], dtype('float64'))
    """
    import pandas as pd

    from hatinh_analysis.i18n import check_lang

    lang = check_lang(lang, param="lang")
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"frame must be a pandas DataFrame (e.g. check.table[[...]]), got "
                         f"{type(frame).__name__}")
    out = frame.copy()
    if lang == "en":
        return out
    for i, column in enumerate(frame.columns):
        col = frame.iloc[:, i]
        if pd.api.types.is_bool_dtype(col.dtype):
            words = col.map(lambda v: v if pd.isna(v) else _yes(bool(v), lang), na_action="ignore")
        elif pd.api.types.is_numeric_dtype(col.dtype) or pd.api.types.is_datetime64_any_dtype(col.dtype):
            continue
        else:
            name = column if isinstance(column, str) else ""
            words = col.map(lambda v, name=name: _yes(v, lang) if isinstance(v, bool)
                            else _code_display(name, v, lang))
        out.isetitem(i, words.astype(object))
    out.columns = [_header(c, lang) for c in frame.columns]
    return out
