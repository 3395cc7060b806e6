"""The analyses behind the report notebooks, packaged for reading.

:func:`target_report` runs :func:`hatinh_analysis.check_target` as asked, the
sensitivity scenarios (leaving years out, assuming a break, keeping the flagged
shocks) and the cross-check against the output-value target, and turns the
results into plain words, tables and a verdict box. :func:`scoreboard_report`
presents the scoreboard (:mod:`hatinh_analysis.evaluation`) for notebook 03.

The numbers and the verdict words all come from the engine
(``hatinh_analysis.target``, ``hatinh_analysis.evaluation``,
``hatinh_analysis.growth``); this module only chooses what to run and how to say it.
"""
from __future__ import annotations

import html
import math
from dataclasses import dataclass, field
from typing import Any

from hatinh_analysis.report.tables import fmt_growth, styled

__all__ = ["VERDICT_WORDS", "Scenario", "TargetReport", "target_report", "ScoreboardReport",
           "scoreboard_report", "calibration"]


def _label(verdict) -> str:
    from hatinh_analysis.target import VERDICT_LABELS

    return VERDICT_LABELS.get(verdict, str(verdict))


#: What each verdict means, after its one word (the word itself is the engine's).
VERDICT_WORDS = {
    "ambitious": "ambitious — the calibrated chance of reaching it is low",
    "plausible": "plausible — within the calibrated range",
    "cautious": "cautious — the calibrated chance of reaching it is high",
    "uncertain": "too uncertain to judge — the calibrated range is too wide",
}


def _name(code: str) -> str:
    from hatinh_analysis.plots import province_name

    return province_name(code)


def _model_label(name: str) -> str:
    return {"mean_growth": "Mean growth", "linear_trend": "Linear trend", "ets": "Exponential smoothing (ETS)",
            "local_linear_trend": "Local linear trend", "arima": "ARIMA",
            "pooled": "Outside view (all provinces)", "combined": "Combined (plug-in)",
            "calibrated": "Combined, calibrated", "naive_last": "Naive: last year",
            "naive_mean": "Naive: historical mean", "naive_median": "Naive: historical median",
            "national_same_year": "National growth of the year"}.get(name, name)


def _prob(p) -> str:
    from hatinh_analysis.target import format_probability

    return format_probability(p)


def _years(years) -> str:
    from hatinh_analysis.plots import _ranges

    return _ranges(list(years))


@dataclass
class Scenario:
    """One variant of the target check.

    Attributes
    ----------
    name : str
        Short label ("As specified", "Leaving out 2017–2018" …).
    options : dict
        ``exclude_years``, ``break_years`` passed to the engine.
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
        """The calibrated chance behind the verdict, e.g. "chance 83%"."""
        if self.check is None:
            return "–"
        p = self.check.prob_reach
        return f"chance {_prob(p)}" if math.isfinite(p) else "no calibrated chance"


@dataclass
class TargetReport:
    """Everything notebook 02 shows, computed once.

    Attributes
    ----------
    params : dict
        The validated parameters.
    series : pandas.Series
        The series as loaded (before exclusions).
    check : TargetCheck
        The check as specified by the parameters.
    scenarios : list of Scenario
        The first one is the check as specified.
    cross_check : TargetCrossCheck or None
    cross_check_inputs : dict
        The value target and base figures used (value, basis, year, source).
    cross_check_note : str or None
        Why there is no cross-check, or why it could not be computed.
    target_source : dict or None
        The published target matching ``target_growth`` (publisher, date), if any.
    """

    params: dict
    series: Any
    check: Any
    scenarios: list = field(default_factory=list)
    cross_check: Any = None
    cross_check_inputs: dict = field(default_factory=dict)
    cross_check_note: str | None = None
    target_source: dict | None = None

    # ------------------------------------------------------------- words
    @property
    def what(self) -> str:
        attrs = self.series.attrs or {}
        label = str(attrs.get("label", self.series.name))
        if len(label) > 1 and label[1].islower():
            label = label[0].lower() + label[1:]
        return f"{_name(attrs.get('province', self.params.get('province', '')))}'s {label}"

    # ------------------------------------------------------------- charts
    def history_chart(self):
        """The record with the target, excluded years and breaks (a :class:`~hatinh_analysis.plots.Chart`)."""
        from hatinh_analysis import plots

        sources = [self.target_source["source_id"]] if self.target_source else []
        return plots.history_chart(self.series, self.params["target_growth"], self.params["target_year"],
                                   target_source_ids=sources, excluded_years=self.check.exclude_years,
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
        p = self.params
        known = f"with the figures published by {p['as_of']}" if p.get("as_of") else "with all published figures"
        src = ""
        if self.target_source:
            src = f" (the plan figure published by {self.target_source['publisher']} on {self.target_source['published']})"
        return (f"Is growth of {fmt_growth(p['target_growth'], 2)} in {p['target_year']}{src} within reach for "
                f"{self.what}, {known}?")

    def headline(self) -> str:
        """Short verdict for the index page, e.g. "plausible — chance 83%"."""
        return f"{_label(self.check.verdict)} — {self.scenarios[0].agreement()}"

    def verdict_sentences(self) -> list[str]:
        """The verdict in plain words: forecast, shocks, calibrated range and chance, track record,
        robustness, cross-check."""
        c, p = self.check, self.params
        comb = c.table.iloc[-1]
        lvl = f"{c.level:.0%}"
        y0, y1 = int(c.series.index[0]), int(c.series.index[-1])
        out = []
        fams = ", ".join(f"{f} {fmt_growth(d['forecast'])}" for f, d in c.families.items())
        out.append(f"Combined forecast for {c.target_year}: {fmt_growth(comb['forecast'])} — the average of "
                   f"{len(c.families)} model families with equal weights ({fams}), fitted on {len(c.series)} years "
                   f"({y0}–{y1})" + (f", leaving out {_years(c.exclude_years)} as asked" if c.exclude_years else "")
                   + (f", with a break in {_years(c.break_years)}" if c.break_years else "") + ".")
        if c.shock_years:
            out.append(f"One-off shocks left out of every fit: {_years(c.shock_years)} — "
                       + "; ".join(c.shocks.reason(y) for y in c.shock_years) + ".")
        elif c.shocks is not None and c.shocks.ok:
            out.append("No year was extreme enough to count as a one-off shock.")
        cal = c.calibrated
        if cal.ok:
            ref = cal.reference
            out.append(f"Calibrated {lvl} range {fmt_growth(comb['lower'])} to {fmt_growth(comb['upper'])}, from the "
                       f"errors that such forecasts made one year ahead for {ref['n_series']} other series "
                       f"({ref['n']} forecasts, outcomes {min(ref['years'])}–{max(ref['years'])}). Calibrated chance "
                       f"of growth of at least {fmt_growth(p['target_growth'], 2)}: {_prob(comb['prob_reach'])}.")
        else:
            out.append("No calibrated range could be formed: " + "; ".join(cal.notes) + ".")
        rec = c.calibration
        if "hits" in rec:
            out.append(f"Track record of such ranges on the scoreboard: {rec['hits']} of {rec['n']} outcomes inside the "
                       f"{lvl} range ({rec['coverage']:.0%}; 95% band {rec['wilson'][0]:.0%}–{rec['wilson'][1]:.0%}): "
                       + ("as promised." if rec["word"] == "as promised" else
                          f"{rec['word']} — read the chance as a rough guide, not a measured frequency."))
        out.append(f"Rule: {_label('ambitious')} if the chance is below {(1 - c.level) / 2:.0%}, {_label('cautious')} "
                   f"if above {(1 + c.level) / 2:.0%}, otherwise {_label('plausible')} — or "
                   f"{_label('uncertain')} when the calibrated range is wider than {c.calibration['width_rule']}.")
        alts = [s for s in self.scenarios[1:]]
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
        return out

    def verdict_box(self):
        """The verdict at the top of the report (IPython HTML)."""
        from hatinh_analysis.report.narrative import callout

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
        """One paragraph for the sidecar and the index."""
        return " ".join(self.verdict_sentences()[:4])

    # ------------------------------------------------------------- tables
    def results_table(self):
        """The calibrated combination first, then each model's plug-in forecast (not calibrated)."""
        import pandas as pd

        c = self.check
        lvl = f"{c.level:.0%}"
        rows = []
        tab = c.table
        for r in [tab.iloc[-1]] + [tab.iloc[i] for i in range(len(tab) - 1)]:
            ok = isinstance(r["verdict"], str)
            calibrated = bool(r["calibrated"])
            rows.append({
                "Forecast": "Combined, calibrated" if r["model"] == "combined" else _model_label(r["model"]),
                "Specification": r["spec"] or "–",
                "Years used": int(r["n_obs"]),
                "Central forecast": fmt_growth(r["forecast"]) if math.isfinite(r["forecast"]) else "–",
                f"{lvl} range": (f"{fmt_growth(r['lower'])} to {fmt_growth(r['upper'])}"
                                 if math.isfinite(r["lower"]) else "–"),
                "Chance of reaching the target": (_prob(r["prob_reach"]) + ("" if calibrated else " (uncalibrated)"))
                if math.isfinite(r["prob_reach"]) else "–",
                "Reading": (_label(r["verdict"]) + ("" if calibrated else " (plug-in)")) if ok else "not usable",
            })
        df = pd.DataFrame(rows)
        return styled(df, caption=f"What the calibrated combination and each model expect for {c.target_year}")

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
                "Chance of reaching the target": _prob(comb["prob_reach"]),
            })
        return styled(pd.DataFrame(rows), caption="Sensitivity of the verdict to the modelling choices")

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
        from hatinh_analysis.report.narrative import callout

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
        from hatinh_analysis.report.narrative import callout

        c = self.check
        body = (f"<p style='margin:0.3em 0'>{html.escape(c.summary)}</p>")
        return callout(body, title="The check in the engine's words", kind="info")

    def to_result(self) -> dict:
        """Arguments for :func:`hatinh_analysis.report.publish`."""
        c = self.check
        details = {
            "question": self.question(),
            "verdict": c.verdict,
            "verdict_label": _label(c.verdict),
            "numbers": {"forecast": float(c.table.iloc[-1]["forecast"]),
                        "lower": float(c.table.iloc[-1]["lower"]), "upper": float(c.table.iloc[-1]["upper"]),
                        "prob_reach": float(c.table.iloc[-1]["prob_reach"])},
            "shock_years": list(c.shock_years),
            "shock_note": c.shock_note,
            "calibration": c.calibration,
            "target_growth": self.params["target_growth"],
            "target_year": c.target_year,
            "level": c.level,
            "models": c.table[["model", "forecast", "lower", "upper", "prob_reach", "verdict"]]
            .astype(object).where(c.table[["model", "forecast", "lower", "upper", "prob_reach", "verdict"]].notna(), None)
            .to_dict(orient="records"),
            "scenarios": [{"name": s.name, "options": s.options, "verdict": s.verdict,
                           "prob_reach": None if s.check is None else s.check.prob_reach, "error": s.error}
                          for s in self.scenarios],
            "cross_check": None if self.cross_check is None else self.cross_check.to_dict(),
            "cross_check_note": self.cross_check_note,
            "engine_summary": c.summary,
        }
        return {"summary": self.summary(), "verdict": _label(c.verdict), "headline": self.headline(),
                "details": details}


def _basis_words(basis: str) -> str:
    return {"constant_2010": "constant 2010 prices", "constant_1994": "constant 1994 prices",
            "current_prices": "current prices", "comparable_unstated": "“comparable prices” (base year not stated)",
            "unstated": "unstated prices", "": "no price basis"}.get(basis, basis)


def _source_words(source_id: str) -> str:
    from hatinh_analysis.data.store import list_sources

    src = list_sources().set_index("source_id")
    if source_id not in src.index:
        return source_id
    row = src.loc[source_id]
    return f"{row['publisher']} ({row['published']})"


def _cross_check(report: TargetReport, assume_same_basis: bool) -> None:
    import hatinh_analysis as ha
    from hatinh_analysis.data.errors import DataError

    p = report.params
    if p["indicator"] != "iip":
        report.cross_check_note = "the output-value cross-check applies to an IIP target only."
        return
    ty = int(p["target_year"])
    targets = ha.load_targets(p["province"], "industrial_output", as_of=p.get("as_of"))
    targets = targets[targets["year"] == ty]
    if targets.empty:
        report.cross_check_note = f"no output-value target for {ty} was published" + (
            f" by {p['as_of']}." if p.get("as_of") else ".")
        return
    t = targets.iloc[-1]
    obs = ha.load_observations(p["province"], "industrial_output", as_of=p.get("as_of"))
    base_rows = obs[(obs["year"] == ty - 1) & (obs["status"] != "target")]
    if base_rows.empty:
        report.cross_check_note = f"there is no published output value for {ty - 1} to compare the target with."
        return
    bases = list(dict.fromkeys(base_rows["basis"]))
    basis = t["basis"] if t["basis"] in bases else bases[0]
    try:
        level_series = ha.load_series("industrial_output", p["province"], as_of=p.get("as_of"), basis=basis)
    except DataError as exc:
        report.cross_check_note = str(exc)
        return
    base_value = float(level_series.loc[ty - 1])
    base_source = level_series.attrs["source_ids"][ty - 1]
    report.cross_check_inputs = {
        "target_value": float(t["value"]), "target_basis": t["basis"], "target_source": _source_words(t["source_id"]),
        "base_value": base_value, "base_basis": basis, "base_year": ty - 1,
        "base_status": level_series.attrs["statuses"][ty - 1], "base_source": _source_words(base_source),
        "iip_source": (f"{report.target_source['publisher']} ({report.target_source['published']})"
                       if report.target_source else "parameter target_growth"),
    }
    try:
        vg = ha.load_series("industrial_output_growth", p["province"], as_of=p.get("as_of"))
    except DataError:
        vg = None
    try:
        report.cross_check = ha.cross_check_targets(
            float(p["target_growth"]), float(t["value"]), base_value,
            value_basis=t["basis"], base_basis=basis,
            value_growth_history=vg, iip_history=report.series if vg is not None else None,
            assume_same_basis=assume_same_basis)
    except ValueError as exc:
        report.cross_check_note = f"not computed: {exc}"


def target_report(*, province: str, indicator: str, target_growth: float, target_year: int,
                  as_of: str | None = None, start_year: int | None = None, exclude_years=(), break_years=(),
                  level: float = 0.8, models=None, alt_exclude_years=(), alt_break_years=(),
                  assume_same_basis: bool = True, shocks: bool = True, progress: bool = True) -> TargetReport:
    """Run the target check as specified, its sensitivity scenarios and the output-value cross-check.

    Parameters
    ----------
    province, indicator, as_of
        Which series: ``load_series(indicator, province, as_of=as_of)``.
    target_growth : float
        The target, growth in %.
    target_year : int
    start_year, exclude_years, break_years, level, models
        Passed to :func:`hatinh_analysis.check_target`.
    alt_exclude_years, alt_break_years : iterable of int
        Sensitivity scenarios: the check again with these years also left out,
        and with a break also assumed in these years.
    assume_same_basis : bool
        Passed to :func:`hatinh_analysis.cross_check_targets` (the output-value
        target and the base-year value are often on differently stated price bases).
    shocks : bool
        Passed to :func:`hatinh_analysis.check_target`: leave flagged one-off
        shocks out of the fits. When True, a scenario with the shocks kept is added.
    progress : bool
        Show a progress bar over the checks (on stderr; left out of the HTML report).

    Returns
    -------
    TargetReport
    """
    import hatinh_analysis as ha
    from hatinh_analysis.models.base import ModelError

    params = dict(province=province, indicator=indicator, target_growth=float(target_growth),
                  target_year=int(target_year), as_of=as_of, start_year=start_year,
                  exclude_years=sorted(exclude_years), break_years=sorted(break_years), level=level,
                  models=models, alt_exclude_years=sorted(alt_exclude_years),
                  alt_break_years=sorted(alt_break_years), assume_same_basis=assume_same_basis,
                  shocks=bool(shocks))
    series = ha.load_series(indicator, province, as_of=as_of)
    plan = [("As specified", {"exclude_years": params["exclude_years"], "break_years": params["break_years"]})]
    extra_ex = sorted(set(alt_exclude_years) - set(exclude_years))
    if extra_ex:
        plan.append((f"Leaving out {_years(extra_ex)}",
                     {"exclude_years": sorted(set(exclude_years) | set(extra_ex)), "break_years": params["break_years"]}))
    extra_br = sorted(set(alt_break_years) - set(break_years))
    if extra_br:
        plan.append((f"Break in {_years(extra_br)}",
                     {"exclude_years": params["exclude_years"], "break_years": sorted(set(break_years) | set(extra_br))}))
    if exclude_years or break_years:
        plan.append(("All years, no break", {"exclude_years": [], "break_years": []}))
    plan = [(n, dict(o, shocks=bool(shocks))) for n, o in plan]
    if shocks:
        plan.append(("Flagged shocks kept", {"exclude_years": params["exclude_years"],
                                             "break_years": params["break_years"], "shocks": False}))
    scenarios = []
    for name, opts in _progress(plan, progress, "target checks"):
        try:
            chk = ha.check_target(series, float(target_growth), int(target_year), models=models, level=level,
                                  start_year=start_year, **opts)
            scenarios.append(Scenario(name, opts, chk))
        except ModelError as exc:
            if not scenarios:  # the check as specified must work
                raise
            scenarios.append(Scenario(name, opts, None, str(exc)))
    report = TargetReport(params=params, series=series, check=scenarios[0].check, scenarios=scenarios)
    targets = ha.load_targets(province, indicator, as_of=as_of)
    match = targets[(targets["year"] == int(target_year)) & (abs(targets["value"] - float(target_growth)) < 1e-9)]
    if len(match):
        sid = match.iloc[-1]["source_id"]
        src = ha.list_sources().set_index("source_id")
        report.target_source = {"source_id": sid, "publisher": src.loc[sid, "publisher"] if sid in src.index else sid,
                                "published": str(match.iloc[-1]["published"])}
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
    """

    scoreboard: Any
    province: str
    level: float = 0.8
    horizon: int = 1
    params: dict = field(default_factory=dict)

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
        for r in d.to_dict(orient="records"):
            inside = r[lo] <= r["actual"] <= r[hi]
            rows.append({"Series": r["series"], "Made in": r["origin"], "For": r["year"],
                         "Method": _model_label(r["method"]), "Forecast": fmt_growth(r["forecast"]),
                         f"{self.level:.0%} range": f"{fmt_growth(r[lo])} to {fmt_growth(r[hi])}",
                         "Outcome": f"{fmt_growth(r['actual'])} ({r['actual_status']})",
                         "Inside": "yes" if inside else "no",
                         "Data": "as known then" if r["mode"] == "vintage" else "final figures"})
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
                            "summary": d.astype(object).where(d.notna(), None).to_dict(orient="records")}}


def scoreboard_report(*, province: str = "ha_tinh", level: float = 0.8, horizon: int = 1,
                      rebuild: bool = False) -> ScoreboardReport:
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
    """
    from hatinh_analysis.evaluation import load_scoreboard, scoreboard

    if round(float(level), 4) not in (0.5, 0.8, 0.95):
        raise ValueError(f"level must be 0.5, 0.8 or 0.95 (the levels the scoreboard scores), got {level!r}")
    if int(horizon) not in (1, 2):
        raise ValueError(f"horizon must be 1 or 2, got {horizon!r}")
    sb = scoreboard(n_jobs=-1) if rebuild else load_scoreboard()
    return ScoreboardReport(sb, province, float(level), int(horizon),
                            params=dict(province=province, level=level, horizon=horizon, rebuild=rebuild))
