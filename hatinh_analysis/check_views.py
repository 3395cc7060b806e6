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
from dataclasses import dataclass, field
from typing import Any

# display helpers (callout box, growth format, styled table)
from hatinh_analysis.formats import fmt_growth
from hatinh_analysis.views import callout, styled
from hatinh_analysis.target import PRINTING_RULE, VERDICT_LABELS

__all__ = ["VERDICT_WORDS", "Scenario", "TargetReport", "target_report", "sensitivity",
           "ScoreboardReport", "scoreboard_report", "calibration", "year_ranges"]


def _label(verdict) -> str:
    return VERDICT_LABELS.get(verdict, str(verdict))


#: What each verdict means, after its one word (the word itself is the engine's).
VERDICT_WORDS = {
    "ambitious": "ambitious — the target lies above the calibrated range",
    "plausible": "plausible — within the calibrated range",
    "cautious": "cautious — the target lies below the calibrated range",
    "uncertain": "too uncertain to judge — the calibrated range is too wide",
}


def _name(code: str) -> str:
    # the one display name: plots.province_name → i18n.area_name
    from hatinh_analysis.plots import province_name

    return province_name(code)


def _model_label(name: str) -> str:
    return {"mean_growth": "Mean growth", "linear_trend": "Linear trend", "ets": "Exponential smoothing (ETS)",
            "local_linear_trend": "Local linear trend", "arima": "ARIMA",
            "pooled": "Outside view (all provinces)", "combined": "Combined (plug-in)",
            "calibrated": "Combined, calibrated", "naive_last": "Naive: last year",
            "naive_mean": "Naive: historical mean", "naive_median": "Naive: historical median",
            "national_same_year": "National growth of the year"}.get(name, name)


def year_ranges(years) -> str:
    """``[2015, 2016, 2017, 2019]`` → ``"2015–2017, 2019"``."""
    years = sorted(set(int(y) for y in years))
    out, start = [], None
    for i, y in enumerate(years):
        if start is None:
            start = y
        if i + 1 == len(years) or years[i + 1] != y + 1:
            out.append(str(start) if start == y else f"{start}–{y}")
            start = None
    return ", ".join(out)


_years = year_ranges


def _target_words(check, digits: int = 2) -> str:
    t = check.target
    if isinstance(t, tuple):
        return f"{fmt_growth(t[0], digits)} to {fmt_growth(t[1], digits)}"
    return fmt_growth(t, digits)


def _chance(check) -> str:
    """The calibrated chance as the printing rule allows: "83%" or "withheld"."""
    return check.prob_reach_text


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
    """

    name: str
    options: dict
    check: Any = None
    error: str | None = None

    @property
    def verdict(self) -> str | None:
        return None if self.check is None else self.check.verdict

    def agreement(self) -> str:
        """The calibrated chance behind the verdict, e.g. "chance 83%" or "chance withheld"."""
        if self.check is None:
            return "–"
        if not math.isfinite(self.check.prob_reach):
            return "no calibrated chance"
        return f"chance {_chance(self.check)}"


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

    # ------------------------------------------------------------- words
    @property
    def province(self) -> str:
        return (self.series.attrs or {}).get("province", "")

    @property
    def what(self) -> str:
        attrs = self.series.attrs or {}
        label = str(attrs.get("label", self.series.name))
        if len(label) > 1 and label[1].islower():
            label = label[0].lower() + label[1:]
        return f"{_name(self.province)}'s {label}"

    @property
    def user_rows(self) -> dict:
        """``{year: "my_figures.xlsx, row 7"}`` for the figures of the series that are the user's."""
        attrs = self.series.attrs or {}
        return {int(y): r for y, r in (attrs.get("user_rows") or {}).items()}

    def user_sentence(self) -> str | None:
        """Which figures came from the user's file, in words (None when none did)."""
        bits = [f"{y} ({r})" for y, r in sorted(self.user_rows.items())]
        if self.target_source and self.target_source.get("user_row"):
            bits.append(f"the target ({self.target_source['user_row']})")
        if not bits:
            return None
        return "Your own figures are used for " + ", ".join(bits) + "."

    # ------------------------------------------------------------- charts
    def history_chart(self):
        """The record with the target, excluded years, breaks and the user's figures."""
        from hatinh_analysis import plots

        sources = [self.target_source["source_id"]] if self.target_source else []
        t = self.check.target
        return plots.history_chart(self.series, None if isinstance(t, tuple) else t, self.check.target_year,
                                   target_source_ids=sources, excluded_years=sorted(self.check.excluded.index),
                                   break_years=self.check.break_years)

    def fan_chart(self):
        """Forecast ranges (50/80/95%) of each model for the check as specified."""
        from hatinh_analysis import plots

        return plots.fan_chart(self.check)

    def scenario_chart(self):
        """Each model's range under every scenario, against the target."""
        from hatinh_analysis import plots

        return plots.scenario_chart({s.name: s.check for s in self.scenarios})

    def reference_chart(self):
        """The outside view (provinces after a similar record) next to the calibrated forecast."""
        from hatinh_analysis import plots

        return plots.reference_chart(self.check)

    def question(self) -> str:
        """The question the report answers, in one sentence."""
        as_of = (self.series.attrs or {}).get("as_of")
        known = f"with the figures published by {as_of}" if as_of else "with all published figures"
        if self.extra is not None and (self.user_rows or (self.target_source or {}).get("user_row")):
            known += " and your own figures"
        src, t = "", self.target_source
        if t and t.get("user_row"):
            src = f" (the target from your file, {t['user_row']})"
        elif t:
            src = f" (the plan figure published by {t['publisher']} on {t['published']})"
        return (f"Is growth of {_target_words(self.check)} in {self.check.target_year}{src} within reach for "
                f"{self.what}, {known}?")

    def headline(self) -> str:
        """Short verdict for the index page, e.g. "plausible — chance 83%" or "ambitious — chance withheld"."""
        return f"{_label(self.check.verdict)} — {self.scenarios[0].agreement()}"

    def verdict_sentences(self) -> list[str]:
        """The verdict in plain words: forecast, shocks, calibrated range and chance (or why it is
        withheld), how far the scoreboard backs the verdict, robustness, cross-check, the user's figures."""
        c = self.check
        comb = c.table.iloc[-1]
        lvl = f"{c.level:.0%}"
        y0, y1 = int(c.series.index[0]), int(c.series.index[-1])
        out = []
        fams = ", ".join(f"{f} {fmt_growth(d['forecast'])}" for f, d in c.families.items())
        user_exclusions = [y for y in c.exclude_years]
        out.append(f"Combined forecast for {c.target_year}: {fmt_growth(comb['forecast'])} — the average of "
                   f"{len(c.families)} model families with equal weights ({fams}), fitted on {len(c.series)} years "
                   f"({y0}–{y1})" + (f", leaving out {_years(user_exclusions)} as asked" if user_exclusions else "")
                   + (f", with a break in {_years(c.break_years)}" if c.break_years else "") + ".")
        if c.shock_years:
            out.append(f"One-off shocks left out of every fit: {_years(c.shock_years)} — "
                       + "; ".join(c.shocks.reason(y) for y in c.shock_years) + ".")
        elif c.shocks is not None and c.shocks.ok:
            out.append("No year was extreme enough to count as a one-off shock.")
        cal = c.calibrated
        if cal.ok:
            ref = cal.reference
            chance = (f"Calibrated chance of growth {'of at least ' + _target_words(c) if not c.is_range else 'within ' + _target_words(c)}: "
                      + (f"{_chance(c)}." if c.probability_printed else f"{c.probability_note}."))
            out.append(f"Calibrated {lvl} range {fmt_growth(comb['lower'])} to {fmt_growth(comb['upper'])}, from the "
                       f"errors that such forecasts made one year ahead for {ref['n_series']} other series "
                       f"({ref['n']} forecasts, outcomes {min(ref['years'])}–{max(ref['years'])}). " + chance)
        else:
            out.append("No calibrated range could be formed: " + "; ".join(cal.notes) + ".")
        if c.verdict_caveat:
            out.append(c.verdict_caveat)
        out.append(f"Rule: {_label('ambitious')} if the target lies above the calibrated {lvl} range (calibrated "
                   f"chance below {(1 - c.level) / 2:.0%}), {_label('cautious')} if below it (above "
                   f"{(1 + c.level) / 2:.0%}), otherwise {_label('plausible')} — or {_label('uncertain')} when the "
                   f"calibrated range is wider than {c.calibration['width_rule']}.")
        alts = self.scenarios[1:]
        if alts:
            bits = []
            for s in alts:
                if s.check is None:
                    bits.append(f"{s.name.lower()}: not computable ({s.error})")
                else:
                    bits.append(f"{s.name.lower()}: {_label(s.verdict)} ({s.agreement()})")
            same = all(s.verdict == c.verdict for s in alts)
            out.append(("The verdict holds when " if same else "The verdict depends on these choices: ")
                       + "; ".join(bits) + ".")
        if self.cross_check is not None:
            x, inp = self.cross_check, self.cross_check_inputs
            out.append(f"Output-value target: {inp['target_value']:,.0f} bn VND in {c.target_year} against "
                       f"{inp['base_value']:,.0f} bn VND in {inp['base_year']} implies "
                       f"{fmt_growth(x.implied_value_growth, 2)}, {x.gap_pp:+.2f} points from the IIP target"
                       + (" — only if the two price bases coincide (see the caveat below)." if x.same_basis_assumed else "."))
        elif self.cross_check_note:
            out.append(f"Output-value cross-check: {self.cross_check_note}")
        user = self.user_sentence()
        if user:
            out.append(user)
        return out

    def verdict_box(self):
        """The verdict at the top of the report (IPython HTML)."""
        v = self.check.verdict
        kind = {"plausible": "ok", "ambitious": "warning", "cautious": "verdict", "uncertain": "warning"}.get(v, "info")
        body = f"<p style='margin:0.3em 0;font-style:italic'>{html.escape(self.question())}</p>"
        body += "".join(f"<p style='margin:0.3em 0'>{html.escape(s)}</p>" for s in self.verdict_sentences())
        caveat = ("Read with care: short annual series, several recent figures are December estimates, and one "
                  "large plant can dominate a provincial index. The models' own ranges (below) are not calibrated "
                  "and do not decide the verdict.")
        body += f"<p style='margin:0.5em 0 0;font-size:0.92em;color:#444'>{html.escape(caveat)}</p>"
        return callout(body, title=f"Verdict: the target is {VERDICT_WORDS.get(v, _label(v))}", kind=kind)

    def summary(self) -> str:
        """One paragraph for the sidecar and the index: forecast, shocks, range and chance (or why
        the chance is withheld), and how far the scoreboard backs the verdict."""
        return " ".join(self.verdict_sentences()[:4])

    # ------------------------------------------------------------- tables
    def results_table(self):
        """The calibrated combination first, then each model's plug-in forecast (not calibrated).

        Chances are shown under the printing rule: the calibrated one only when the scoreboard
        shows it calibrated, the models' plug-in ones never (the scoreboard shows them too narrow)."""
        import pandas as pd

        c = self.check
        lvl = f"{c.level:.0%}"
        rows = []
        tab = c.table
        for r in [tab.iloc[-1]] + [tab.iloc[i] for i in range(len(tab) - 1)]:
            ok = isinstance(r["verdict"], str)
            calibrated = bool(r["calibrated"])
            if not math.isfinite(r["prob_reach"]):
                chance = "–"
            elif calibrated:
                chance = _chance(c)
            else:
                chance = "not calibrated: not shown"
            rows.append({
                "Forecast": "Combined, calibrated" if r["model"] == "combined" else _model_label(r["model"]),
                "Specification": r["spec"] or "–",
                "Years used": int(r["n_obs"]),
                "Central forecast": fmt_growth(r["forecast"]) if math.isfinite(r["forecast"]) else "–",
                f"{lvl} range": (f"{fmt_growth(r['lower'])} to {fmt_growth(r['upper'])}"
                                 if math.isfinite(r["lower"]) else "–"),
                "Chance of reaching the target": chance,
                "Reading": (_label(r["verdict"]) + ("" if calibrated else " (plug-in)")) if ok else "not usable",
            })
        df = pd.DataFrame(rows)
        caption = f"What the calibrated combination and each model expect for {c.target_year}"
        if not c.probability_printed:
            caption += f" — calibrated chance {c.probability_note}"
        return styled(df, caption=caption)

    def record_table(self):
        """The figures the check uses, year by year: growth, status, source and whose figure it is
        (the user's own, with file and row, or published)."""
        import pandas as pd

        attrs = self.series.attrs or {}
        statuses, sources = attrs.get("statuses") or {}, attrs.get("source_ids") or {}
        user = self.user_rows
        c = self.check
        rows = []
        for y, v in self.series.items():
            y = int(y)
            use = ("left out: one-off shock" if y in c.shock_years else
                   "left out as asked" if y in c.excluded.index else
                   "used" if y in c.series.index else "not used")
            rows.append({"Year": y, "Growth": fmt_growth(v), "Status": statuses.get(y, ""),
                         "Source": sources.get(y, ""),
                         "Whose figure": f"yours: {user[y]}" if y in user else "published",
                         "In the check": use})
        if self.target_source:
            rows.append({"Year": c.target_year, "Growth": _target_words(c), "Status": "target",
                         "Source": self.target_source["source_id"],
                         "Whose figure": (f"yours: {self.target_source['user_row']}"
                                          if self.target_source.get("user_row") else "published"),
                         "In the check": "the target checked"})
        return styled(pd.DataFrame(rows), caption=f"{self.what}: the figures used"
                      + (" (your figures marked)" if user or (self.target_source or {}).get("user_row") else ""))

    def shocks_table(self):
        """Years flagged as one-off shocks: growth, robust z-score, why, what was done."""
        import pandas as pd

        c = self.check
        sh = c.shocks
        if sh is None or not sh.ok:
            note = c.shock_note
            return styled(pd.DataFrame([{"Year": "–", "What": note}]), caption="One-off shocks")
        rows = []
        for y, z in sh.scores.items():
            flagged = y in sh.years
            if not flagged and abs(z) < 2:
                continue
            rows.append({"Year": y, "Growth": fmt_growth(float(c.series.get(y, c.excluded.get(y, float("nan"))))),
                         "Robust z-score": f"{z:+.1f}",
                         "Flagged": "yes" if flagged else "no",
                         "Why": sh.reason(y) if flagged else f"below the threshold {sh.threshold:g}",
                         "Done": ("left out of every fit" if y in c.shock_years else
                                  "kept (see the note below)" if flagged else "–")})
        if not rows:
            rows.append({"Year": "–", "Growth": "–", "Robust z-score": "–", "Flagged": "none",
                         "Why": f"no year beyond {sh.threshold:g} robust sd", "Done": "–"})
        return styled(pd.DataFrame(rows), caption=f"Years that stand out (rule: {sh.rule})")

    def model_notes(self) -> str:
        """HTML list of each model's notes (what its interval ignores, fall-backs …)."""
        items = []
        for r in self.check.table.itertuples(index=False):
            if r.notes:
                items.append(f"<li><b>{html.escape(_model_label(r.model))}</b>: {html.escape(r.notes)}</li>")
        return "<ul>" + "".join(items) + "</ul>" if items else "<p>No notes.</p>"

    def scenario_table(self):
        """How the verdict changes with the modelling choices."""
        import pandas as pd

        rows = []
        for s in self.scenarios:
            c = s.check
            if c is None:
                rows.append({"Scenario": s.name, "Years used": "–", "Verdict": f"not computable: {s.error}",
                             "Combined forecast": "–", "Calibrated range": "–", "Chance of reaching the target": "–"})
                continue
            comb = c.table.iloc[-1]
            rows.append({
                "Scenario": s.name,
                "Years used": f"{len(c.series)} ({_years(c.series.index)})",
                "Verdict": _label(c.verdict),
                "Combined forecast": fmt_growth(comb["forecast"]),
                "Calibrated range": (f"{fmt_growth(comb['lower'])} to {fmt_growth(comb['upper'])}"
                                     if math.isfinite(comb["lower"]) else "–"),
                "Chance of reaching the target": _chance(c),
            })
        caption = "Sensitivity of the verdict to the modelling choices"
        shaky = [s.name for s in self.scenarios if s.check is not None and s.check.verdict in ("ambitious", "cautious")
                 and s.check.calibration.get("word") == "too narrow"]
        if shaky:
            caption += (f" — the ambitious/cautious verdicts ({', '.join(shaky)}) rest on calibrated ranges the "
                        "scoreboard shows to be too narrow")
        return styled(pd.DataFrame(rows), caption=caption)

    def cross_check_table(self):
        """The two targets side by side, with the historical gaps between value and IIP growth."""
        import pandas as pd

        x, inp = self.cross_check, self.cross_check_inputs
        if x is None:
            return None
        rows = [
            {"Figure": f"IIP growth target {self.check.target_year}", "Value": fmt_growth(x.iip_target, 2),
             "Price basis": "index (volume)", "Source": inp.get("iip_source", "parameter")},
            {"Figure": f"Output value target {self.check.target_year}", "Value": f"{inp['target_value']:,.0f} bn VND",
             "Price basis": _basis_words(inp["target_basis"]), "Source": inp.get("target_source", "")},
            {"Figure": f"Output value {inp['base_year']} ({inp['base_status']})", "Value": f"{inp['base_value']:,.0f} bn VND",
             "Price basis": _basis_words(inp["base_basis"]), "Source": inp.get("base_source", "")},
            {"Figure": "Implied output value growth", "Value": fmt_growth(x.implied_value_growth, 2),
             "Price basis": "", "Source": "computed"},
            {"Figure": "Gap: value growth minus IIP growth", "Value": f"{x.gap_pp:+.2f} points", "Price basis": "",
             "Source": "computed"},
        ]
        for year, r in x.history.iterrows():
            rows.append({"Figure": f"Gap in {int(year)} (published value growth {fmt_growth(r.value_growth)} "
                                   f"vs IIP {fmt_growth(r.iip_growth)})",
                         "Value": f"{r.gap_pp:+.2f} points", "Price basis": "", "Source": "published growth rates"})
        return styled(pd.DataFrame(rows), caption="Cross-check: IIP target against the output-value target")

    def cross_check_caveats(self):
        """HTML box with the engine's caveats about the cross-check (price bases)."""
        x = self.cross_check
        if x is None:
            return callout(html.escape(self.cross_check_note or "No cross-check."), kind="info",
                           title="No output-value cross-check")
        items = []
        inp = self.cross_check_inputs
        if inp["target_basis"] != inp["base_basis"]:
            items.append(f"The target is stated at {_basis_words(inp['target_basis'])}, the {inp['base_year']} figure "
                         f"at {_basis_words(inp['base_basis'])}: if the two differ, part of the implied growth is a "
                         "change of price base, not of output.")
        body = "<ul>" + "".join(f"<li>{html.escape(c)}</li>" for c in items) + "</ul>" if items else ""
        return callout(html.escape(x.summary) + body, kind="warning" if items else "info",
                       title="How far the two targets agree")

    def engine_summary(self):
        """The engine's own summary of the check and its verdict rule (HTML box)."""
        c = self.check
        body = (f"<p style='margin:0.3em 0'>{html.escape(c.summary)}</p>")
        return callout(body, title="The check in the engine's words", kind="info")

    def to_result(self, track_record=None) -> dict:
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
            "question": self.question(),
            "province": self.province, "indicator": attrs.get("indicator"), "as_of": attrs.get("as_of"),
            "verdict": c.verdict,
            "verdict_label": _label(c.verdict),
            "verdict_caveat": c.verdict_caveat,
            # headline numbers (batch summaries show them): the chance only when it may be printed
            "numbers": {"forecast": float(comb["forecast"]), "lower": float(comb["lower"]),
                        "upper": float(comb["upper"]),
                        **({"prob_reach": c.prob_reach} if c.probability_printed else {})},
            "probability": {"printed": c.probability_printed, "text": c.prob_reach_text,
                            "note": c.probability_note, "rule": PRINTING_RULE,
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
            "engine_summary": c.summary,
            "track_record": None if track_record is None else track_record.to_dict(),
        }
        return {"summary": self.summary(), "verdict": _label(c.verdict), "headline": self.headline(),
                "details": json_clean(details)}


def _basis_words(basis: str) -> str:
    from hatinh_analysis.i18n import term

    try:
        return term("basis", basis, "en")
    except (KeyError, ValueError):
        return basis


def _source_words(source_id: str, user_row: str | None = None) -> str:
    if user_row:
        return f"your file ({user_row})"
    from hatinh_analysis.data.store import list_sources

    src = list_sources().set_index("source_id")
    if source_id not in src.index:
        return source_id
    row = src.loc[source_id]
    return f"{row['publisher']} ({row['published']})"


def _cross_check(report: TargetReport, assume_same_basis: bool) -> None:
    import hatinh_analysis as ha
    from hatinh_analysis.data.errors import DataError

    attrs = report.series.attrs or {}
    province, as_of, extra = report.province, attrs.get("as_of"), report.extra
    if attrs.get("indicator") != "iip":
        report.cross_check_note = "the output-value cross-check applies to an IIP target only."
        return
    if report.check.is_range:
        report.cross_check_note = "the output-value cross-check applies to a single target figure, not a range."
        return
    ty = int(report.check.target_year)
    targets = ha.load_targets(province, "industrial_output", as_of=as_of, extra=extra)
    targets = targets[targets["year"] == ty]
    if targets.empty:
        report.cross_check_note = f"no output-value target for {ty} was published" + (
            f" by {as_of}." if as_of else ".")
        return
    t = targets.iloc[-1]
    obs = ha.load_observations(province, "industrial_output", as_of=as_of, extra=extra)
    base_rows = obs[(obs["year"] == ty - 1) & (obs["status"] != "target")]
    if base_rows.empty:
        report.cross_check_note = f"there is no published output value for {ty - 1} to compare the target with."
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
        report.cross_check_note = f"not computed: {exc}"


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
        plan.append((f"Leaving out {_years(extra_ex)}", {"exclude_years": sorted(set(ex) | set(extra_ex))}))
    extra_br = sorted(set(int(y) for y in alt_break_years) - set(br))
    if extra_br:
        plan.append((f"Break in {_years(extra_br)}", {"break_years": sorted(set(br) | set(extra_br))}))
    if ex or br:
        plan.append(("All years, no break", {"exclude_years": [], "break_years": []}))
    if shocks_kept and opts["shocks"] and not br and check.shock_years:
        plan.append(("Flagged shocks kept", {"shocks": False}))
    scenarios = [Scenario("As specified", {}, check)]
    for name, changes in _progress(plan, progress, "target checks"):
        try:
            scenarios.append(Scenario(name, changes, check.rerun(**changes)))
        except ModelError as exc:
            scenarios.append(Scenario(name, changes, None, str(exc)))
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

    def user_sentence(self) -> str | None:
        """What the user's file adds, in words (None without ``extra``)."""
        if self.extra is None:
            return None
        mine = self.user_figures()
        if mine.empty:
            return ("Your file holds no growth figures for " + _name(self.province)
                    + "; the scoreboard is built from the published figures only.")
        d = self.scoreboard.forecasts
        d = d[(d["unit"] == self.province) & (d["horizon"] == self.horizon) & (d["method"] == "calibrated")]
        scored = {(r.indicator, int(r.year)) for r in d.itertuples()}
        both = [f"{r.indicator} {r.year}" for r in mine.itertuples() if (r.indicator, r.year) in scored]
        text = (f"Your file adds {len(mine)} growth figure(s) for {_name(self.province)} ("
                + ", ".join(f"{r.indicator} {r.year}: {fmt_growth(r.value)}, {r.user_row}" for r in mine.itertuples())
                + "). They do not enter the scoreboard, which is built from the published figures only")
        if both:
            text += f"; the province's past forecasts are set against them for {', '.join(both)} (table below)."
        else:
            text += "; the scoreboard holds no forecast of the same years to set against them."
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

    def summary_table(self):
        """Readable scoreboard: coverage with Wilson band, interval scores, CRPS, MAE, Brier."""
        import pandas as pd

        rows = []
        for r in self.summary_frame().to_dict(orient="records"):
            cov = {lv: f"{r[f'hits_{lv}']}/{r['n']} ({r[f'coverage_{lv}']:.0%}; band {r[f'wilson_lo_{lv}']:.0%}–"
                       f"{r[f'wilson_hi_{lv}']:.0%})" for lv in ("50", "80", "95")}
            rows.append({"Method": _model_label(r["method"]), "Forecasts": r["n"],
                         "Inside 50%": cov["50"], "Inside 80%": cov["80"], "Inside 95%": cov["95"],
                         f"{self.level:.0%} ranges were": r[f"calibration_{self._k}"],
                         "MSIS 80%": f"{r['msis_80']:.1f}", "MSIS 95%": f"{r['msis_95']:.1f}",
                         "CRPS": f"{r['crps']:.2f}", "MAE": f"{r['mae']:.1f}", "Brier": f"{r['brier']:.3f}"})
        return styled(pd.DataFrame(rows), caption=f"Scoreboard, {self.horizon} year(s) ahead, all series pooled")

    def comparison_table(self):
        """The calibrated method against each other method on common forecasts."""
        import pandas as pd

        d = self.comparison_frame()
        rows = []
        for r in d.to_dict(orient="records"):
            rows.append({"Method": _model_label(r["method"]), "Common forecasts": r["n_common"],
                         "MSIS 95%: method": f"{r['msis_95']:.1f}",
                         "MSIS 95%: calibrated": f"{r['msis_95_calibrated']:.1f}",
                         "CRPS: method": f"{r['crps']:.2f}", "CRPS: calibrated": f"{r['crps_calibrated']:.2f}",
                         "Calibrated better (interval score)": "yes" if r["calibrated_better_msis_95"] else "no"})
        return styled(pd.DataFrame(rows), caption="The calibrated combination against every other method, "
                                                  "on the forecasts both made")

    def chart(self):
        """Coverage with Wilson bands and MSIS per method."""
        from hatinh_analysis import plots

        return plots.scoreboard_chart(self.summary_frame())

    def province_table(self):
        """The focus province's own forecasts, as they were made (vintage-aware where available)."""
        import pandas as pd

        d = self.scoreboard.forecasts
        d = d[(d["unit"] == self.province) & (d["horizon"] == self.horizon)
              & d["method"].isin(["calibrated", "combined", "naive_last", "pooled"])]
        rows = []
        lo, hi = {"50": ("q25", "q75"), "80": ("q10", "q90"), "95": ("q025", "q975")}[self._k]
        yours = {(r.indicator, int(r.year)): (float(r.value), r.user_row) for r in self.user_figures().itertuples()}
        for r in d.to_dict(orient="records"):
            inside = r[lo] <= r["actual"] <= r[hi]
            row = {"Series": r["series"], "Made in": r["origin"], "For": r["year"],
                   "Method": _model_label(r["method"]), "Forecast": fmt_growth(r["forecast"]),
                   f"{self.level:.0%} range": f"{fmt_growth(r[lo])} to {fmt_growth(r[hi])}",
                   "Outcome": f"{fmt_growth(r['actual'])} ({r['actual_status']})",
                   "Inside": "yes" if inside else "no",
                   "Data": "as known then" if r["mode"] == "vintage" else "final figures"}
            if yours:
                v = yours.get((r["indicator"], int(r["year"])))
                row["Your figure"] = "–" if v is None else f"{fmt_growth(v[0])} ({v[1]})"
                row["Inside (your figure)"] = "–" if v is None else ("yes" if r[lo] <= v[0] <= r[hi] else "no")
            rows.append(row)
        if not rows:
            rows = [{"Series": self.province, "Made in": "–", "For": "–", "Method": "–", "Forecast": "–",
                     f"{self.level:.0%} range": "–", "Outcome": "–", "Inside": "–", "Data": "no forecast scored"}]
        return styled(pd.DataFrame(rows), caption=f"{_name(self.province)}: forecasts made in the past")

    def sentences(self) -> list[str]:
        """Plain-language findings, one per method family of interest."""
        d = self.summary_frame().set_index("method")
        k = self._k
        out = []
        settings = self.scoreboard.settings
        modes = settings.get("modes", {})
        n_v = sum(1 for m in modes.values() if m == "vintage")
        out.append(f"{int(d['n'].max())} forecasts {self.horizon} year(s) ahead of {settings.get('n_series', '?')} "
                   f"series; {n_v} series with December estimates are scored as known at the time, the rest "
                   "with final figures.")
        if "calibrated" in d.index:
            r = d.loc["calibrated"]
            out.append(f"Calibrated combination: {r[f'hits_{k}']} of {r['n']} outcomes inside its {self.level:.0%} "
                       f"ranges ({r[f'coverage_{k}']:.0%}, band {r[f'wilson_lo_{k}']:.0%}–{r[f'wilson_hi_{k}']:.0%}): "
                       f"{r[f'calibration_{k}']}.")
        for m in [x for x in d.index if x != "calibrated"]:
            r = d.loc[m]
            out.append(f"{_model_label(m)}: {r[f'hits_{k}']} of {r['n']} inside ({r[f'coverage_{k}']:.0%}): "
                       f"{r[f'calibration_{k}']}; MSIS {r['msis_95']:.1f}, CRPS {r['crps']:.2f}.")
        comp = self.comparison_frame()
        if len(comp):
            worse = comp.loc[~comp["calibrated_better_msis_95"], "method"].tolist()
            out.append("On common forecasts the calibrated combination has a lower 95% interval score than "
                       + ("every other method." if not worse else
                          f"every other method except {', '.join(_model_label(m) for m in worse)}."))
        return out

    def headline(self) -> str:
        d = self.summary_frame().set_index("method")
        if "calibrated" not in d.index:
            return "no calibrated forecasts scored"
        r = d.loc["calibrated"]
        return (f"calibrated {self.level:.0%} ranges: {r[f'hits_{self._k}']}/{r['n']} inside "
                f"({r[f'calibration_{self._k}']})")

    def verdict(self) -> str:
        """The calibrated method's coverage word at the chosen level."""
        d = self.summary_frame().set_index("method")
        return d.loc["calibrated", f"calibration_{self._k}"] if "calibrated" in d.index else "not scored"

    def to_result(self) -> dict:
        d = self.summary_frame()
        return {"summary": " ".join(self.sentences()[:3]), "verdict": f"calibrated intervals {self.verdict()}",
                "headline": self.headline(),
                "details": {"level": self.level, "horizon": self.horizon, "params": self.params,
                            "settings": self.scoreboard.settings,
                            "user_figures": self.user_figures().to_dict(orient="records"),
                            "user_note": self.user_sentence(),
                            "summary": d.astype(object).where(d.notna(), None).to_dict(orient="records")}}


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
