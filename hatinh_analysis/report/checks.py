"""The analyses behind the report notebooks, packaged for reading.

:func:`target_report` runs :func:`hatinh_analysis.check_target` as asked, the
sensitivity scenarios (leaving years out, assuming a break) and the cross-check
against the output-value target, and turns the results into plain words, tables
and a verdict box. :func:`backtest_report` does the same for
:func:`hatinh_analysis.backtest` on several series.

The numbers all come from the engine (``hatinh_analysis.target``,
``hatinh_analysis.growth``, ``hatinh_analysis.backtesting``); this module only
chooses what to run and how to say it.
"""
from __future__ import annotations

import html
import math
from dataclasses import dataclass, field
from typing import Any

from hatinh_analysis.report.tables import fmt_growth, styled

__all__ = ["VERDICT_WORDS", "Scenario", "TargetReport", "target_report", "BacktestReport", "backtest_report"]

#: The engine's verdict labels in plain words.
VERDICT_WORDS = {
    "consistent": "consistent with recent years",
    "ambitious": "ambitious — above what recent years suggest",
    "conservative": "cautious — below what recent years suggest",
    "mixed": "unclear — the models disagree",
}
_SHORT = {"consistent": "consistent", "ambitious": "ambitious", "conservative": "cautious (conservative)",
          "mixed": "mixed"}


def _name(code: str) -> str:
    from hatinh_analysis.plots import province_name

    return province_name(code)


def _model_label(name: str) -> str:
    return {"mean_growth": "Mean growth", "linear_trend": "Linear trend", "ets": "Exponential smoothing (ETS)",
            "local_linear_trend": "Local linear trend", "arima": "ARIMA"}.get(name, name)


def _years(years) -> str:
    from hatinh_analysis.plots import _ranges

    return _ranges(list(years))


def _pct_range(values) -> str:
    vals = [v for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))]
    if not vals:
        return "–"
    lo, hi = min(vals), max(vals)
    return f"{lo:.0%}" if math.isclose(lo, hi, abs_tol=0.005) else f"{lo:.0%} to {hi:.0%}"


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
        """"4 of 5 models" for the combined verdict."""
        if self.check is None:
            return "–"
        counts = self.check.counts
        usable = sum(counts.values())
        v = self.check.verdict
        if v == "mixed":
            return ", ".join(f"{n} {k}" for k, n in counts.items() if n) + f" (of {usable})"
        return f"{counts.get(v, 0)} of {usable} models"


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

    def question(self) -> str:
        """The question the report answers, in one sentence."""
        p = self.params
        known = f"with the figures published by {p['as_of']}" if p.get("as_of") else "with all published figures"
        src = ""
        if self.target_source:
            src = f" (the plan figure published by {self.target_source['publisher']} on {self.target_source['published']})"
        return (f"Is growth of {fmt_growth(p['target_growth'], 2)} in {p['target_year']}{src} consistent with the "
                f"record of {self.what}, {known}?")

    def headline(self) -> str:
        """Short verdict for the index page, e.g. "cautious (conservative) — 4 of 5 models"."""
        return f"{_SHORT.get(self.check.verdict, self.check.verdict)} — {self.scenarios[0].agreement()}"

    def verdict_sentences(self) -> list[str]:
        """The verdict in plain words: main finding, probability, robustness, cross-check, caveat."""
        c, p = self.check, self.params
        table = c.table
        usable = table[table["verdict"].notna()]
        lvl = f"{c.level:.0%}"
        y0, y1 = int(c.series.index[0]), int(c.series.index[-1])
        out = []
        groups = {v: usable.loc[usable["verdict"] == v, "model"].tolist() for v in ("consistent", "ambitious", "conservative")}
        where = {"consistent": f"inside the {lvl} forecast range", "ambitious": f"above the {lvl} forecast range",
                 "conservative": f"below the {lvl} forecast range"}
        parts = [f"{len(m)} of the {len(usable)} models ({', '.join(_model_label(x) for x in m)}) "
                 f"put it {where[v]}" for v, m in groups.items() if m]
        out.append(f"Growth of {fmt_growth(p['target_growth'], 2)} in {c.target_year}: "
                   + "; ".join(parts) + f". The models were estimated on {len(c.series)} years ({y0}–{y1})"
                   + (f", leaving out {_years(c.exclude_years)}" if c.exclude_years else "")
                   + (f", with a break in {_years(c.break_years)}" if c.break_years else "") + ".")
        probs = usable["prob_reach"].tolist()
        out.append(f"Their chance of growth of at least {fmt_growth(p['target_growth'], 2)}: {_pct_range(probs)}. "
                   f"In the record itself, {c.history['n_above']} of {c.history['n']} years grew faster than the target "
                   f"(median {fmt_growth(c.history['median'])}).")
        alts = [s for s in self.scenarios[1:]]
        if alts:
            bits = []
            for s in alts:
                if s.check is None:
                    bits.append(f"{s.name.lower()}: not computable ({s.error})")
                else:
                    bits.append(f"{s.name.lower()}: {_SHORT.get(s.verdict, s.verdict)} ({s.agreement()})")
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
        kind = {"consistent": "ok", "ambitious": "warning", "conservative": "verdict", "mixed": "warning"}.get(v, "info")
        body = f"<p style='margin:0.3em 0;font-style:italic'>{html.escape(self.question())}</p>"
        body += "".join(f"<p style='margin:0.3em 0'>{html.escape(s)}</p>" for s in self.verdict_sentences())
        caveat = ("Read with care: these are short annual series (about a dozen years) and several recent figures "
                  "are December estimates; a single large plant can dominate a provincial index.")
        body += f"<p style='margin:0.5em 0 0;font-size:0.92em;color:#444'>{html.escape(caveat)}</p>"
        return callout(body, title=f"Verdict: the target is {VERDICT_WORDS.get(v, v)}", kind=kind)

    def summary(self) -> str:
        """One paragraph for the sidecar and the index."""
        return " ".join(self.verdict_sentences()[:3])

    # ------------------------------------------------------------- tables
    def results_table(self):
        """One row per model: forecast, interval, chance of reaching the target, verdict."""
        import pandas as pd

        c = self.check
        lvl = f"{c.level:.0%}"
        rows = []
        for r in c.table.itertuples(index=False):
            ok = r.verdict is not None and not (isinstance(r.verdict, float) and math.isnan(r.verdict))
            rows.append({
                "Model": _model_label(r.model),
                "Specification": r.spec or "–",
                "Years used": int(r.n_obs),
                "Central forecast": fmt_growth(r.forecast) if ok else "–",
                f"{lvl} range": f"{fmt_growth(r.lower)} to {fmt_growth(r.upper)}" if ok else "–",
                "Chance of reaching the target": f"{r.prob_reach:.0%}" if ok else "–",
                "Verdict": _SHORT.get(r.verdict, r.verdict) if ok else "not usable",
            })
        df = pd.DataFrame(rows)
        return styled(df, caption=f"What each model expects for {c.target_year} (growth over the previous year)")

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
                             "Models agreeing": "–", "Central forecasts": "–", "Chance of reaching the target": "–"})
                continue
            usable = c.table[c.table["verdict"].notna()]
            fc = usable["forecast"]
            rows.append({
                "Scenario": s.name,
                "Years used": f"{len(c.series)} ({_years(c.series.index)})",
                "Verdict": _SHORT.get(c.verdict, c.verdict),
                "Models agreeing": s.agreement(),
                "Central forecasts": f"{fmt_growth(fc.min())} to {fmt_growth(fc.max())}" if len(fc) else "–",
                "Chance of reaching the target": _pct_range(usable["prob_reach"].tolist()),
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
            "verdict_counts": c.counts,
            "target_growth": self.params["target_growth"],
            "target_year": c.target_year,
            "level": c.level,
            "models": c.table[["model", "forecast", "lower", "upper", "prob_reach", "verdict"]]
            .astype(object).where(c.table[["model", "forecast", "lower", "upper", "prob_reach", "verdict"]].notna(), None)
            .to_dict(orient="records"),
            "scenarios": [{"name": s.name, "options": s.options, "verdict": s.verdict,
                           "counts": None if s.check is None else s.check.counts, "error": s.error}
                          for s in self.scenarios],
            "cross_check": None if self.cross_check is None else self.cross_check.to_dict(),
            "cross_check_note": self.cross_check_note,
            "engine_summary": c.summary,
        }
        return {"summary": self.summary(), "verdict": c.verdict, "headline": self.headline(), "details": details}


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
                  assume_same_basis: bool = True, progress: bool = True) -> TargetReport:
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
                  alt_break_years=sorted(alt_break_years), assume_same_basis=assume_same_basis)
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


# =========================================================== back-test
@dataclass
class BacktestReport:
    """Back-tests of several series (notebook 03).

    Attributes
    ----------
    results : dict
        ``{province: BacktestResult}``.
    series : dict
        ``{province: Series}`` as loaded.
    level : float
    """

    results: dict
    series: dict
    level: float
    params: dict = field(default_factory=dict)

    def summary_frame(self):
        """One row per (series, model): coverage, hits, n, MAE, bias, calibration word."""
        import pandas as pd

        frames = []
        for prov, res in self.results.items():
            d = res.summary.copy()
            d.insert(0, "series", _name(prov))
            d["n"] = d["n_forecasts"]
            d["calibration"] = [calibration(h, n, self.level) for h, n in zip(d["hits"], d["n_forecasts"])]
            frames.append(d)
        return pd.concat(frames, ignore_index=True)

    def summary_table(self):
        """Readable table of :meth:`summary_frame`."""
        import pandas as pd

        d = self.summary_frame()
        rows = []
        for r in d.itertuples(index=False):
            rows.append({
                "Series": r.series, "Model": _model_label(r.model),
                "Forecasts": int(r.n_forecasts),
                f"Inside the {self.level:.0%} range": f"{int(r.hits)} of {int(r.n_forecasts)}" if r.n_forecasts else "–",
                "Intervals were": r.calibration,
                "Mean absolute error": f"{r.mae:.1f} points" if r.n_forecasts else "–",
                "Bias (forecast − outcome)": f"{r.bias:+.1f} points" if r.n_forecasts else "–",
                "Mean width of the range": f"{r.mean_width:.1f} points" if r.n_forecasts else "–",
            })
        return styled(pd.DataFrame(rows),
                      caption="One-year-ahead forecasts made in the past, scored against what was published")

    def sentences(self) -> list[str]:
        """Plain-language findings, one per series."""
        d = self.summary_frame()
        out = []
        for prov in self.results:
            g = d[d["series"] == _name(prov)]
            g = g[g["n_forecasts"] > 0]
            if g.empty:
                out.append(f"{_name(prov)}: too few years to back-test.")
                continue
            hits, n = int(g["hits"].sum()), int(g["n_forecasts"].sum())
            narrow = g[g["calibration"] == "too narrow"]["model"].tolist()
            years = sorted(set(self.results[prov].forecasts["year"]))
            sign = "too low" if g["bias"].mean() < 0 else "too high"
            s = (f"{_name(prov)}: forecasts for {_years(years)}; {hits} of {n} model forecasts ({hits / n:.0%}) had the outcome inside "
                 f"the {self.level:.0%} ranges, mean absolute error {g['mae'].min():.1f} to {g['mae'].max():.1f} points, "
                 f"forecasts on average {sign} ({g['bias'].mean():+.1f} points).")
            if narrow:
                s += f" Ranges too narrow for: {', '.join(_model_label(m).lower() for m in narrow)}."
            out.append(s)
        return out

    def headline(self) -> str:
        d = self.summary_frame()
        parts = []
        for prov in self.results:
            g = d[(d["series"] == _name(prov)) & (d["n_forecasts"] > 0)]
            if len(g):
                parts.append(f"{_name(prov)} {int(g['hits'].sum())}/{int(g['n_forecasts'].sum())} inside")
        return f"{self.level:.0%} ranges: " + "; ".join(parts)

    def verdict(self) -> str:
        """"as promised", "too narrow" or "too wide" for the pooled forecasts of the first series."""
        d = self.summary_frame()
        first = next(iter(self.results))
        g = d[(d["series"] == _name(first)) & (d["n_forecasts"] > 0)]
        return calibration(int(g["hits"].sum()), int(g["n_forecasts"].sum()), self.level) if len(g) else "not enough data"

    def to_result(self) -> dict:
        d = self.summary_frame()
        return {"summary": " ".join(self.sentences()), "verdict": f"intervals {self.verdict()}",
                "headline": self.headline(),
                "details": {"level": self.level, "params": self.params,
                            "summary": d.drop(columns=["n"]).astype(object).where(d.drop(columns=["n"]).notna(), None)
                            .to_dict(orient="records")}}


def calibration(hits: int, n: int, level: float) -> str:
    """Compare *hits* out of *n* with the promised *level* (central 90% binomial range).

    Returns
    -------
    str
        ``"as promised"``, ``"too narrow"`` (fewer hits than chance allows),
        ``"too wide"`` or ``"too few forecasts"`` (n < 3).
    """
    if n < 3:
        return "too few forecasts"
    from scipy.stats import binom

    lo, hi = binom.ppf(0.05, n, level), binom.ppf(0.95, n, level)
    if hits < lo:
        return "too narrow"
    if hits > hi:
        return "too wide"
    return "as promised"


def backtest_report(*, provinces, indicator: str = "iip", level: float = 0.8, min_train: int = 6,
                    models=None, as_of: str | None = None, progress: bool = True) -> BacktestReport:
    """Back-test the models on several series.

    Parameters
    ----------
    provinces : sequence of str
        Province codes (e.g. ``["ha_tinh", "vietnam"]``).
    indicator, as_of
        Which series.
    level, min_train, models
        Passed to :func:`hatinh_analysis.backtest`.
    progress : bool
        Progress bar over the series (stderr; not in the HTML report).

    Returns
    -------
    BacktestReport
    """
    import hatinh_analysis as ha

    provinces = list(dict.fromkeys(provinces))
    series = {p: ha.load_series(indicator, p, as_of=as_of) for p in provinces}
    results = {}
    for p in _progress(provinces, progress, "back-tests"):
        results[p] = ha.backtest(series[p], models=models, level=level, min_train=min_train)
    return BacktestReport(results=results, series=series, level=level,
                          params=dict(provinces=provinces, indicator=indicator, level=level,
                                      min_train=min_train, models=models, as_of=as_of))
