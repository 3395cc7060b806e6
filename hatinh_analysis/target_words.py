"""How the target check says things: the verdict box, the question, the tables of notebook 02.

:class:`hatinh_analysis.target_view.TargetReport` decides what the report shows; the
functions here write it in the reader's language (they are the report's methods:
``report.verdict_box()``, ``report.results_table()`` …). The first screen answers
(issue 18): :func:`verdict_box` holds the question, then at most four short sentences —
the answer in words, the chance (or why it is not stated, with the scoreboard's record
stated once), the likely range, and what most qualifies the verdict.
"""
from __future__ import annotations

import html
import math

from hatinh_analysis.formats import series_label
from hatinh_analysis.i18n import format_date, publisher_name, say, translator, upper_first
from hatinh_analysis.views import callout, styled
from hatinh_analysis.words import (_basis_words, _bn_vnd, _dates_in, _g, _name, _num, _num_g, _p0,
                                   _spec, _status, _yes, _years, chance_text, model_label,
                                   record_chance_sentence, target_words, verdict_meaning,
                                   verdict_word)

__all__ = ["answer", "verdict_sentences", "verdict_box", "headline", "summary", "question",
           "results_table", "record_table", "shocks_table", "model_notes", "scenario_table",
           "cross_check_table", "cross_check_caveats", "engine_summary"]


def answer(self, lang: str | None = None) -> str:
    """The answer in one sentence: the target against the central forecast, the verdict in
    words, and how many alternative assumptions agree ("+10.64% is below the central forecast
    of +18.1% for 2020: within reach (3 of 4 alternative assumptions agree).")."""
    _ = translator(lang)
    c = self.check
    forecast = float(c.combined["forecast"])
    ref = (c.target[0] + c.target[1]) / 2 if c.is_range else c.target
    values = dict(target=target_words(c, lang), forecast=_g(forecast, lang), year=c.target_year,
                  verdict=verdict_word(c.verdict, lang))
    if ref < forecast:
        text = _("%(target)s is below the central forecast of %(forecast)s for %(year)s: %(verdict)s",
                 **values)
    elif ref > forecast:
        text = _("%(target)s is above the central forecast of %(forecast)s for %(year)s: %(verdict)s",
                 **values)
    else:
        text = _("%(target)s equals the central forecast for %(year)s: %(verdict)s", **values)
    alts = [s for s in self.scenarios[1:] if s.check is not None]
    if alts:
        agree = sum(s.verdict == c.verdict for s in alts)
        text += " " + _.plural("alternatives_agree", len(alts), agree=agree)
    return upper_first(text) + "."


def chance_sentence(self, lang: str | None = None) -> str:
    """The calibrated chance, or why it is not stated, with the scoreboard's record of such
    ranges — the one place the page states that record ("… held 52 of 78 outcomes (95% band
    56%–76%) instead of 80%")."""
    _ = translator(lang)
    c = self.check
    if not c.calibrated.ok:
        return _("No calibrated range could be formed: %(notes)s.", notes=say(c.calibrated.notes, lang))
    return record_chance_sentence(c.calibration, c.probability_printed, chance_text(c, lang),
                                  c.probability_note, lang)


def range_sentence(self, lang: str | None = None) -> str:
    """The likely (calibrated) range of the target year's growth."""
    _ = translator(lang)
    c = self.check
    comb = c.combined
    if not math.isfinite(comb["lower"]):
        return ""
    return _("Likely range (%(level)s): %(lower)s to %(upper)s.", level=_p0(c.level, lang),
             lower=_g(comb["lower"], lang), upper=_g(comb["upper"], lang))


def verdict_sentences(self, lang: str | None = None) -> list[str]:
    """The verdict box's sentences, at most four: the answer, the chance (or why not, with the
    scoreboard's record), the likely range, and the caveat that most qualifies the verdict
    (the scoreboard's, else the shocks left out)."""
    _ = translator(lang)
    c = self.check
    out = [answer(self, lang), chance_sentence(self, lang), range_sentence(self, lang)]
    if c.verdict_caveat is not None:
        out.append(say(c.verdict_caveat, lang))
    elif c.shock_years:
        out.append(_("Left out as one-off shocks: %(years)s (section 2).", years=_years(c.shock_years)))
    return [s for s in out if s][:4]


def headline(self, lang: str | None = None) -> str:
    """Short verdict for the index page, e.g. "within reach — chance 83%"."""
    return f"{verdict_word(self.check.verdict, lang)} — {self.scenarios[0].agreement(lang)}"


def verdict_box(self, lang: str | None = None):
    """The verdict at the top of the report (IPython HTML), in ``lang`` ("vi" or "en";
    default: the current language): the question, then :func:`verdict_sentences`."""
    _ = translator(lang)
    v = self.check.verdict
    kind = {"plausible": "ok", "ambitious": "warning", "cautious": "verdict",
            "uncertain": "warning"}.get(v, "info")
    lead = self.question(lang)
    mine = self.user_sentence(lang)
    body = f"<p style='margin:0.3em 0;font-style:italic'>{html.escape(lead)}"
    body += (f" {html.escape(mine)}" if mine else "") + "</p>"
    body += "".join(f"<p style='margin:0.3em 0'>{html.escape(s)}</p>"
                    for s in verdict_sentences(self, lang))
    title = _("Verdict: %(verdict)s — %(meaning)s", verdict=verdict_word(v, lang),
              meaning=verdict_meaning(v, lang))
    return callout(body, title=upper_first(title), kind=kind)


def summary(self, lang: str | None = None) -> str:
    """The verdict box's sentences as one paragraph (sidecar and index)."""
    return " ".join(verdict_sentences(self, lang))


def engine_summary(self, lang: str | None = None):
    """The rules of the check in the engine's words (HTML box for the method section): the
    verdict rule with its thresholds here and the rule for stating a chance (the shock rule is
    the caption of the shocks table). The facts themselves (forecast, range, chance, record) are stated once, in the verdict box."""
    from hatinh_analysis.target import PRINTING_RULE

    _ = translator(lang)
    c = self.check
    a = (1.0 - c.level) / 2.0
    items = [_("Verdict rule: %(rule)s; here a = %(a)s and the width limit is %(width)s.",
               rule=say(c.verdict_rule, lang), a=_num(a, lang, 2), width=say(c.width_rule, lang)),
             _("Stating a chance: %(rule)s.", rule=say(PRINTING_RULE, lang))]
    items += [say(n, lang) for n in c.notes]
    body = "".join(f"<p style='margin:0.3em 0'>{html.escape(t)}</p>" for t in items)
    return callout(body, title=_("The rules of the check"), kind="info")


def what_in(self, lang: str | None = None) -> str:
    """The series in words: "Hà Tĩnh's industrial production index (IIP)"."""
    _ = translator(lang)
    return _("%(province)s's %(series)s", province=_name(self.province, lang),
             series=series_label(self.series, lang))


def user_sentence(self, lang: str | None = None) -> str | None:
    """Which figures came from the user's file, in words (None when none did)."""
    _ = translator(lang)
    bits = [f"{y} ({r})" for y, r in sorted(self.user_rows.items())]
    if self.target_source and self.target_source.get("user_row"):
        bits.append(_("the target (%(row)s)", row=self.target_source['user_row']))
    if not bits:
        return None
    return _("Your own figures are used for %(items)s.", items=", ".join(bits))


def question(self, lang: str | None = None) -> str:
    """The question the report answers, in one sentence (``lang``: "vi" or "en"; default:
    the current language)."""
    _ = translator(lang)
    as_of = (self.series.attrs or {}).get("as_of")
    mine = self.extra is not None and (self.user_rows or (self.target_source or {}).get("user_row"))
    as_of_text = format_date(as_of, lang) if as_of else None   # a date in words, both languages
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
        try:
            published = format_date(published, lang)
        except ValueError:  # a publication date the data keep in another form
            pass
        src = _(" (the plan figure published by %(publisher)s on %(date)s)",
                publisher=publisher_name(t['publisher'], lang),
                date=published)
    return _("Is growth of %(target)s in %(year)s%(source)s within reach for %(what)s, %(known)s?",
             target=target_words(self.check, lang), year=self.check.target_year, source=src,
             what=self.what_in(lang), known=known)


def cross_check_note_text(self, lang: str | None = None) -> str | None:
    """Why there is no cross-check, in ``lang`` (a note; a data-layer error as it is)."""
    return None if self.cross_check_note is None else say(self.cross_check_note, lang)


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
            chance = chance_text(c, lang)
        else:
            chance = _("not calibrated: not shown")
        if not ok:
            reading = _("not usable")
        elif calibrated:
            reading = verdict_word(r["verdict"], lang)
        else:
            reading = _("%(verdict)s (plug-in)", verdict=verdict_word(r["verdict"], lang))
        rows.append({
            _("Forecast"): (model_label("calibrated", lang) if r["model"] == "combined"
                            else model_label(r["model"], lang)),
            _("Specification"): _spec(r, lang),
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
        rows.append({_("Year"): c.target_year, _("Growth"): target_words(c, lang),
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

    _ = translator(lang)
    c = self.check
    sh = c.shocks
    if sh is None or not sh.ok:
        note = say(c.shock_note, lang)
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
                     _("Why"): (say(sh.reason(y), lang) if flagged else
                                _("below the threshold %(threshold)s", threshold=_num_g(sh.threshold, lang))),
                     _("Done"): (_("left out of every fit") if y in c.shock_years else
                                 _("kept (see the note below)") if flagged else "–")})
    if not rows:
        rows.append({_("Year"): "–", _("Growth"): "–", _("Robust z-score"): "–", _("Flagged"): _("none"),
                     _("Why"): _("no year beyond %(threshold)s robust sd", threshold=_num_g(sh.threshold, lang)),
                     _("Done"): "–"})
    return styled(pd.DataFrame(rows), caption=_("Years that stand out (rule: %(rule)s)",
                                                rule=say(sh.rule, lang)))


def model_notes(self, lang: str | None = None) -> str:
    """HTML list of each model's notes (what its interval ignores, fall-backs …).

    Notes (``check.table["notes"]``, said by :func:`hatinh_analysis.i18n.say`), model names
    and the empty case in ``lang``."""
    _ = translator(lang)
    items = []
    for r in self.check.table.itertuples(index=False):
        if r.notes:
            items.append(f"<li><b>{html.escape(model_label(r.model, lang))}</b>: "
                         f"{html.escape(say(r.notes, lang))}</li>")
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
            verdict_word(c.verdict, lang),
            _g(comb["forecast"], lang),
            (_("%(low)s to %(high)s", low=_g(comb['lower'], lang), high=_g(comb['upper'], lang))
             if math.isfinite(comb["lower"]) else "–"),
            chance_text(c, lang),
        ])))
    frame = pd.DataFrame(rows)
    if not any(s.check is not None and s.check.probability_printed for s in self.scenarios):
        # no chance may be stated in any scenario: a column of "withheld" says nothing new
        frame = frame.drop(columns=cols[-1])
    caption = _("Sensitivity of the verdict to the modelling choices")
    shaky = [s.label(lang) for s in self.scenarios if s.check is not None
             and s.check.verdict in ("ambitious", "cautious")
             and s.check.calibration.get("word") == "too narrow"]
    if shaky:
        caption += _(" — the verdicts outside the likely range (%(scenarios)s) rest on ranges the "
                     "scoreboard shows to be too narrow", scenarios=", ".join(shaky))
    return styled(frame, caption=caption)


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
    values = dict(target=_bn_vnd(inp["target_value"], lang), year=self.check.target_year,
                  base=_bn_vnd(inp["base_value"], lang), base_year=inp["base_year"],
                  growth=_g(x.implied_value_growth, lang, 2), gap=_num(x.gap_pp, lang, 2, signed=True))
    if x.same_basis_assumed:
        lead = _("Output-value target: %(target)s in %(year)s against %(base)s in %(base_year)s "
                 "implies %(growth)s, %(gap)s points from the IIP target — only if the two price "
                 "bases coincide (see the caveat below).", **values)
    else:
        lead = _("Output-value target: %(target)s in %(year)s against %(base)s in %(base_year)s "
                 "implies %(growth)s, %(gap)s points from the IIP target.", **values)
    return callout(html.escape(lead) + body, kind="warning" if items else "info",
                   title=_("How far the two targets agree"))
