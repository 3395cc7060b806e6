"""The target check as notebook 02 presents it: what the report shows around the check.

The check itself is :func:`hatinh_analysis.check_target`, called in plain view in
the notebook. :func:`target_report` takes that check (it never recomputes it) and
adds what the report shows around it:

* **sensitivity scenarios** — the same check with more years left out, with a
  break assumed, with the flagged shocks kept (:meth:`TargetCheck.rerun`);
* the **cross-check** of an IIP target against the output-value target of the
  same plan (:func:`hatinh_analysis.cross_check_targets`);
* the **user's own figures** (``extra=``) marked wherever they are used, with
  their file and row;
* the JSON result for the sidecar (:meth:`TargetReport.to_result`).

How it is said — the verdict box, the tables — is :mod:`hatinh_analysis.target_words`
(the report's methods). All numbers and verdict codes come from the engine; a
calibrated chance is printed only under :data:`hatinh_analysis.target.PRINTING_RULE`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from hatinh_analysis import target_words
from hatinh_analysis.i18n import say, translator
from hatinh_analysis.notes import Note
from hatinh_analysis.target import PRINTING_RULE
from hatinh_analysis.words import _years, chance_text, verdict_word

__all__ = ["Scenario", "TargetReport", "target_report", "sensitivity"]


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
    title : Note or None
        The name as a note, said by :meth:`label` in the reader's language (None: ``name``
        is shown as given).
    """

    name: str
    options: dict
    check: Any = None
    error: str | None = None
    title: Note | None = None

    @property
    def verdict(self) -> str | None:
        return None if self.check is None else self.check.verdict

    def label(self, lang: str | None = None) -> str:
        """The scenario's name in ``lang`` (default: the current language)."""
        return self.name if self.title is None else say(self.title, lang)

    def agreement(self, lang: str | None = None) -> str:
        """The calibrated chance behind the verdict, e.g. "chance 83%" or "chance withheld"."""
        _ = translator(lang)
        if self.check is None:
            return "–"
        if not math.isfinite(self.check.prob_reach):
            return _("no calibrated chance")
        return _("chance %(chance)s", chance=chance_text(self.check, lang))


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
    cross_check_note : Note, str or None
        Why there is no cross-check, or why it could not be computed (a note; an error of
        the data layer as its text).
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
    cross_check_note: Note | str | None = None
    target_source: dict | None = None
    extra: Any = None
    params: dict = field(default_factory=dict)

    # ------------------------------------------------------------- words (target_words)
    what_in = target_words.what_in
    user_sentence = target_words.user_sentence
    question = target_words.question
    answer = target_words.answer
    verdict_sentences = target_words.verdict_sentences
    headline = target_words.headline
    verdict_box = target_words.verdict_box
    summary = target_words.summary
    cross_check_note_text = target_words.cross_check_note_text
    results_table = target_words.results_table
    record_table = target_words.record_table
    shocks_table = target_words.shocks_table
    model_notes = target_words.model_notes
    scenario_table = target_words.scenario_table
    cross_check_table = target_words.cross_check_table
    cross_check_caveats = target_words.cross_check_caveats
    engine_summary = target_words.engine_summary

    @property
    def province(self) -> str:
        return (self.series.attrs or {}).get("province", "")

    @property
    def what(self) -> str:
        return self.what_in()

    @property
    def user_rows(self) -> dict:
        """``{year: "my_figures.xlsx, row 7"}`` for the figures of the series that are the user's."""
        attrs = self.series.attrs or {}
        return {int(y): r for y, r in (attrs.get("user_rows") or {}).items()}

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

    # ------------------------------------------------------------- tables
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
            "verdict_label": verdict_word(c.verdict, lang),
            "sentence": target_words.answer(self, lang),  # the one-sentence answer (documents lead with it)
            "verdict_caveat": say(c.verdict_caveat, lang),
            # headline numbers (batch summaries show them): the chance only when it may be printed
            "numbers": {"forecast": float(comb["forecast"]), "lower": float(comb["lower"]),
                        "upper": float(comb["upper"]),
                        **({"prob_reach": c.prob_reach} if c.probability_printed else {})},
            "probability": {"printed": c.probability_printed, "text": chance_text(c, lang),
                            "note": say(c.probability_note, lang), "rule": say(PRINTING_RULE, lang),
                            "coverage": say(c.coverage, lang),
                            "computed_not_for_print": c.prob_reach},
            "shock_years": list(c.shock_years),
            "shock_note": say(c.shock_note, lang),
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
            "cross_check_note": self.cross_check_note_text(lang),
            "engine_summary": " ".join(say(n, lang) for n in c.summary),
            "track_record": None if track_record is None else track_record.to_dict(),
        }
        return {"summary": self.summary(lang), "verdict": verdict_word(c.verdict, lang),
                "headline": self.headline(lang),
                "details": json_clean(details)}


def _source_words(source_id: str, user_row: str | None = None) -> str:
    if user_row:
        return f"your file ({user_row})"
    from hatinh_analysis.data.store import list_sources

    src = list_sources().set_index("source_id")
    if source_id not in src.index:
        return source_id
    row = src.loc[source_id]
    return f"{row['publisher']} ({row['published']})"


def _note(report: TargetReport, note: Note) -> None:
    """Set why there is no cross-check."""
    report.cross_check_note = note


def _cross_check(report: TargetReport, assume_same_basis: bool) -> None:
    import hatinh_analysis as ha
    from hatinh_analysis.data.errors import DataError

    attrs = report.series.attrs or {}
    province, as_of, extra = report.province, attrs.get("as_of"), report.extra
    if attrs.get("indicator") != "iip":
        _note(report, Note("the output-value cross-check applies to an IIP target only."))
        return
    if report.check.is_range:
        _note(report, Note("the output-value cross-check applies to a single target figure, not a range."))
        return
    ty = int(report.check.target_year)
    targets = ha.load_targets(province, "industrial_output", as_of=as_of, extra=extra)
    targets = targets[targets["year"] == ty]
    if targets.empty:
        if as_of:
            _note(report, Note("no output-value target for %(year)s was published by %(date)s.",
                               year=ty, date=as_of))
        else:
            _note(report, Note("no output-value target for %(year)s was published.", year=ty))
        return
    t = targets.iloc[-1]
    obs = ha.load_observations(province, "industrial_output", as_of=as_of, extra=extra)
    base_rows = obs[(obs["year"] == ty - 1) & (obs["status"] != "target")]
    if base_rows.empty:
        _note(report, Note("there is no published output value for %(year)s to compare the target "
                           "with.", year=ty - 1))
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
        _note(report, Note("not computed: %(error)s", error=str(exc)))


def own_scenarios(check, alt_exclude_years, alt_break_years) -> tuple[list[int], list[int]]:
    """``None`` scenarios replaced by the series' own flagged years (:func:`~hatinh_analysis.breaks.scenario_years`)."""
    if alt_exclude_years is not None and alt_break_years is not None:
        return list(alt_exclude_years), list(alt_break_years)
    from hatinh_analysis.breaks import scenario_years

    full = check.input_series if check.input_series is not None else check.series  # with the shocks
    floor = getattr(check.shocks, "floor", None)  # the check's own floor: the same years flagged
    own_ex, own_br = scenario_years(full, start_year=check.start_year, scale_floor=floor)
    return (own_ex if alt_exclude_years is None else list(alt_exclude_years),
            own_br if alt_break_years is None else list(alt_break_years))


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
    alt_exclude_years : iterable of int or None
        A scenario with these years also left out (years already left out are ignored);
        ``None``: the core years the series' own shock detector flags.
    alt_break_years : iterable of int or None
        A scenario with a break also assumed in these years; ``None``: from the first of them.
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

    alt_exclude_years, alt_break_years = own_scenarios(check, alt_exclude_years, alt_break_years)
    opts = check.options
    ex, br = sorted(int(y) for y in opts["exclude_years"]), sorted(int(y) for y in opts["break_years"])
    plan = []
    extra_ex = sorted(set(int(y) for y in alt_exclude_years) - set(ex))
    if extra_ex:
        plan.append((None, {"exclude_years": sorted(set(ex) | set(extra_ex))}))
    extra_br = sorted(set(int(y) for y in alt_break_years) - set(br))
    if extra_br:
        plan.append((Note("Break in %(years)s", years=_years(extra_br)),
                     {"break_years": sorted(set(br) | set(extra_br))}))
    if ex or br:
        plan.append((Note("All years, no break"), {"exclude_years": [], "break_years": []}))
    if shocks_kept and opts["shocks"] and not br and check.shock_years:
        plan.append((Note("Flagged shocks kept"), {"shocks": False}))
    first = Note("As specified")
    scenarios = [Scenario(str(first), {}, check, title=first)]
    for title, changes in _progress(plan, progress, "target checks"):
        try:
            alt = check.rerun(**changes)
        except ModelError as exc:
            alt, error = None, str(exc)
        if title is None:  # years left out: named by what the check then leaves out
            title = _left_out_title(check, alt, changes["exclude_years"])
        name = str(title)  # the name in the sidecar: English
        scenarios.append(Scenario(name, changes, alt, None if alt is not None else error, title=title))
    return scenarios


def _left_out_title(check, alt, asked) -> Note:
    """The name of a "years left out" scenario: the years it really leaves out (asked and
    flagged as shocks), and those of the check as specified that it puts back in."""
    left = sorted(int(y) for y in (alt.excluded.index if alt is not None else asked))
    back = sorted(set(int(y) for y in check.excluded.index) - set(left))
    if back:
        return Note("Leaving out %(years)s (%(back)s back in)", years=_years(left), back=_years(back))
    return Note("Leaving out %(years)s", years=_years(left))


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
    alt_exclude_years, alt_break_years : iterable of int or None
        Sensitivity scenarios (:func:`sensitivity`); ``None``: the series' own flagged
        one-off shocks (:func:`~hatinh_analysis.breaks.scenario_years`).
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
    alt_exclude_years, alt_break_years = own_scenarios(check, alt_exclude_years, alt_break_years)
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
