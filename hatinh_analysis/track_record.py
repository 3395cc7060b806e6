"""How did earlier targets fare? Every past target of a province against its outcome.

A province's plan ("kế hoạch", "mục tiêu") for a year is compared with the figure
the statistics later gave for that year. The record answers the question a
reader of a target check asks first: *does this province usually reach what it
sets itself?* Use :func:`target_track_record` next to
:func:`hatinh_analysis.check_target` — the check says whether next year's target
is consistent with the growth record, the track record says how the province's
targets have fared against it.

Rules (also in :data:`RULES`, printed by :meth:`TrackRecord.summary`)
--------------------------------------------------------------------
Outcome
    The figure for the target year chosen by :func:`hatinh_analysis.load_series`
    with the same ``as_of`` (best status, then latest published): the figure *as
    finally known* in the data. Beside it, the figure *known at the end of the
    target year* (``as_of`` = 31 December of that year, the December estimate),
    because provinces announce "vượt kế hoạch" on the December estimate and the
    figure is often revised later (Hà Tĩnh GRDP 2016: −17.06% in December 2016,
    −15.31% a year later).
Met
    A growth target (``pct_change`` or an index) is met when the outcome growth is
    at least the target. A range target ``low..high`` ("tăng 18-19%") is met when
    the outcome reaches its **low end**, and its gap is measured from the low end.
    A value target (bn VND, m USD, m tonnes) is met when the outcome value on the
    *same price basis* reaches the target value. An outcome published as a range
    counts with its low end (the store's convention).
Gap (``gap_points``)
    Outcome growth minus target growth, in percentage points (negative = shortfall).
    For a value target both are growth rates against the base year (target year
    − 1): the target's implied growth (:func:`hatinh_analysis.implied_growth`)
    against the base-year figure known when the target was announced — the growth
    the planners asked for — and the outcome's growth against the base-year figure
    as finally known.
Price bases
    Growth is never computed across price bases (data/README.md): a value target
    whose base-year figure or outcome is on another basis than the target gets
    ``result = "not comparable"`` and a note naming both bases; so does a basis
    the sources do not state (``unstated``), which may be current or constant
    prices. Trade flows in m USD carry no price basis and compare as they are.
One target per indicator and year
    When several targets for the same indicator and year were announced (a plan
    and a later revision), the latest published one counts; earlier ones are
    listed with ``result = "superseded"`` and ``counted = False``.
Hit rate and mean shortfall
    ``hit_rate = n_met / n`` over counted targets with a verdict (met or missed).
    ``mean_shortfall`` is the mean, over the *missed* targets whose gap is known,
    of ``target − outcome`` in percentage points — a positive number: "missed
    targets fell short by this much on average". ``mean_gap`` (mean signed gap
    over all judged targets) is reported beside it.

With n of 3–10 targets the hit rate is a count, not a probability: the summary
says "1 of 3" and says so. ``summary(lang)`` writes Vietnamese or English through
:mod:`hatinh_analysis.i18n` (numbers the language's way: ``-34,81 điểm phần trăm``);
the ``note`` column of the table is English.
"""
from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, field

import pandas as pd

from hatinh_analysis.data import vocab
from hatinh_analysis.data.errors import UnknownNameError
from hatinh_analysis.data.schema import parse_as_of, parse_date_text
from hatinh_analysis.data.store import load_observations, load_series, load_targets
from hatinh_analysis.growth import implied_growth
from hatinh_analysis.notes import Amount, Code, Note
from hatinh_analysis.i18n import check_lang

__all__ = ["target_track_record", "TrackRecord", "RULES", "TABLE_COLUMNS", "RESULTS"]

#: Values of the ``result`` column.
RESULTS = ("met", "missed", "no outcome", "not comparable", "superseded")

#: The rules of the record, in plain words (shown by ``summary()`` and in ``to_dict()``).
RULES = {
    "outcome": "the figure for the target year as finally known in the data (best status, "
               "then latest published, as load_series chooses); beside it the figure known "
               "on 31 December of the target year",
    "met": "met when the outcome reaches the target; a range target (low-high) is met when "
           "the outcome reaches its low end; a value target is compared as a value on the "
           "same price basis",
    "gap_points": "outcome growth minus target growth, percentage points (negative = "
                  "shortfall); from the low end of a range; a value target through its "
                  "implied growth against the base year (target year - 1)",
    "price_basis": "growth is never computed across price bases, nor on an unstated basis: "
                   "such targets are 'not comparable'",
    "counted": "one target per indicator and year: the latest published counts, earlier "
               "ones are shown as 'superseded'",
    "hit_rate": "targets met / targets judged (met or missed)",
    "mean_shortfall": "mean of (target - outcome) in percentage points over the missed "
                      "targets with a known gap (a positive number)",
}

#: Columns of :attr:`TrackRecord.table`, in order.
TABLE_COLUMNS = (
    "indicator", "year", "target", "target_high", "unit", "basis", "target_published",
    "target_source", "target_growth", "base_value", "outcome", "outcome_status",
    "outcome_published", "outcome_source", "outcome_growth", "met", "gap_points",
    "outcome_year_end", "outcome_year_end_status", "met_year_end", "gap_points_year_end",
    "result", "counted", "note",
)

_GROWTH_UNITS = ("pct_change", "index_prev_year=100")
#: The note saying a figure exists only on another price basis (the summary looks for its id).
_OTHER_BASIS = ("%(what)s for %(year)d exists only on another price basis (%(others)s), the target "
                "is on %(basis)s; growth is never computed across price bases")
# Gaps are differences of published figures with 2-3 decimals: rounding to 10 decimals
# drops binary noise (-15.31 - 19.5 = -34.809999999999995) as hatinh_analysis.growth does.
_ROUND = 10
# A basis under which two figures can be compared as they are ("" = no price basis:
# trade flows in USD, tonnages). "unstated" is excluded: it may hide current prices.
_SAME_BASIS_OK = ("constant_1994", "constant_2010", "current_prices", "comparable_unstated", "")


@dataclass(frozen=True)
class _Vintage:
    """One outcome figure: value (growth in % for growth indicators), status, source."""

    value: float
    status: str
    published: str
    source: str
    basis: str
    high: float = math.nan


_NONE = _Vintage(math.nan, "", "", "", "")


def _pick(series: pd.Series | None, year: int) -> _Vintage:
    if series is None or year not in series.index:
        return _NONE
    a = series.attrs
    high = a.get("ranges", {}).get(year, (math.nan, math.nan))[1]
    return _Vintage(float(series.loc[year]), a["statuses"][year], a["published"][year],
                    a["source_ids"][year], a["bases"][year], float(high))


@dataclass
class TrackRecord:
    """Result of :func:`target_track_record`.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per target (columns :data:`TABLE_COLUMNS`): the target as announced
        (``target``, ``target_high`` for a range, ``unit``, ``basis``, when and where
        it was published), its growth (``target_growth``: the target itself for a
        growth target, the implied growth against ``base_value`` for a value
        target), the outcome as finally known (``outcome``, ``outcome_status``,
        ``outcome_published``, ``outcome_source``, ``outcome_growth``), ``met``
        (nullable boolean) and ``gap_points``; the same for the figure known at the
        end of the target year (``*_year_end``); ``result`` (one of
        :data:`RESULTS`), ``counted`` (enters the hit rate) and a ``note``.
    province : str
    indicators : tuple of str or None
        The indicators asked for (``None`` = all).
    as_of : str or None
    n : int
        Counted targets with a verdict (met or missed).
    n_met : int
    hit_rate : float
        ``n_met / n``; NaN when ``n == 0``.
    mean_shortfall : float
        Mean of ``target − outcome`` (percentage points, positive) over the missed
        targets whose gap is known; NaN when none.
    mean_gap : float
        Mean signed ``gap_points`` over the judged targets with a known gap.
    n_year_end, n_met_year_end, hit_rate_year_end : int, int, float
        The same judged on the figures known at the end of each target year.
    rules : dict
        :data:`RULES`.
    """

    table: pd.DataFrame
    province: str
    indicators: tuple | None
    as_of: str | None
    n: int
    n_met: int
    hit_rate: float
    mean_shortfall: float
    mean_gap: float
    n_year_end: int
    n_met_year_end: int
    hit_rate_year_end: float
    rules: dict = field(default_factory=lambda: dict(RULES))

    def summary_frame(self) -> pd.DataFrame:
        """Counts per indicator and for all targets (last row, indicator ``"all"``).

        Returns
        -------
        pandas.DataFrame
            Columns indicator, n_targets (rows in the table), counted, judged (met or
            missed), met, missed, no_outcome, not_comparable, hit_rate,
            mean_shortfall, mean_gap, judged_year_end, met_year_end,
            hit_rate_year_end.
        """
        rows = [self._counts(ind, g) for ind, g in self.table.groupby("indicator", sort=True)]
        rows.append(self._counts("all", self.table))
        return pd.DataFrame(rows)

    @staticmethod
    def _counts(indicator, g: pd.DataFrame) -> dict:
        c = g[g["counted"]]
        judged = c[c["met"].notna()]
        met = int(judged["met"].astype(bool).sum())
        missed = judged[~judged["met"].astype(bool)]
        ye = c[c["met_year_end"].notna()]
        met_ye = int(ye["met_year_end"].astype(bool).sum())
        return {
            "indicator": indicator, "n_targets": len(g), "counted": len(c),
            "judged": len(judged), "met": met, "missed": len(missed),
            "no_outcome": int((c["result"] == "no outcome").sum()),
            "not_comparable": int((c["result"] == "not comparable").sum()),
            "hit_rate": met / len(judged) if len(judged) else math.nan,
            "mean_shortfall": _mean(-missed["gap_points"]),
            "mean_gap": _mean(judged["gap_points"]),
            "judged_year_end": len(ye), "met_year_end": met_ye,
            "hit_rate_year_end": met_ye / len(ye) if len(ye) else math.nan,
        }

    #: The id of the note saying a figure exists only on another price basis.
    OTHER_BASIS = _OTHER_BASIS

    def summary(self, lang: str | None = None) -> str:
        """Plain-language account: the count, each target, the shortfall, the rules, in
        ``lang`` (default: the current language); written by
        :func:`hatinh_analysis.record_words.summary`."""
        from hatinh_analysis.record_words import summary

        return summary(self, lang)

    def to_dict(self, lang: str | None = None) -> dict:
        """Strict-JSON dict: province, indicators, as_of, counts, rules, table rows and the
        summary in ``lang`` (default: the current language)."""
        from hatinh_analysis.models.base import json_clean

        # notes as {"id", "values", "text"} (json_clean), missing values as null
        table = json_clean(self.table.astype(object).where(self.table.notna(), None)
                           .to_dict(orient="records"))
        counts = json.loads(self.summary_frame().to_json(orient="records", force_ascii=False))
        return {
            "province": self.province,
            "indicators": list(self.indicators) if self.indicators else None,
            "as_of": self.as_of,
            "n": self.n, "n_met": self.n_met,
            "hit_rate": _none(self.hit_rate), "mean_shortfall": _none(self.mean_shortfall),
            "mean_gap": _none(self.mean_gap),
            "n_year_end": self.n_year_end, "n_met_year_end": self.n_met_year_end,
            "hit_rate_year_end": _none(self.hit_rate_year_end),
            "rules": dict(self.rules), "summary": self.summary(lang), "lang": check_lang(lang),
            "by_indicator": counts, "table": table,
        }

    def __repr__(self) -> str:
        return f"TrackRecord(province={self.province!r}, n={self.n}, n_met={self.n_met})"


def _mean(x) -> float:
    x = pd.to_numeric(pd.Series(x), errors="coerce").dropna()
    return float(x.mean()) if len(x) else math.nan


def _none(x: float):
    return None if x is None or not math.isfinite(x) else float(x)


def _end(text: str) -> dt.date:
    return parse_date_text(text)


def _cap(date: dt.date, as_of_end: dt.date | None) -> str:
    return (min(date, as_of_end) if as_of_end else date).isoformat()


class _Outcomes:
    """Caches load_series results per (indicator, basis, as_of)."""

    def __init__(self, province, extra):
        self.province = province
        self.extra = extra
        self._cache = {}

    def series(self, indicator, as_of, basis=None):
        """The load_series choice, or None when no figure exists (on this basis, by as_of).

        Absence is checked first, so every other data error (e.g. one source giving
        two figures for a year) still reaches the caller."""
        key = (indicator, as_of, basis)
        if key not in self._cache:
            obs = load_observations(self.province, indicator, as_of=as_of, extra=self.extra)
            obs = obs[obs["status"] != "target"]
            if basis is not None:
                obs = obs[obs["basis"] == basis]
            self._cache[key] = None if obs.empty else load_series(
                indicator, self.province, as_of=as_of, basis=basis, extra=self.extra)
        return self._cache[key]


def _columns(which: str, v: _Vintage, growth: float, met, gap: float) -> dict:
    """Table columns of one outcome vintage: ``which`` is "outcome" (as finally known) or
    "year_end" (known on 31 December of the target year). A missing figure gives NaN/None."""
    if not math.isfinite(v.value):
        v, growth, met, gap = _NONE, math.nan, None, math.nan
    if which == "outcome":
        return {"outcome": v.value, "outcome_status": v.status or None,
                "outcome_published": v.published or None, "outcome_source": v.source or None,
                "outcome_growth": growth, "met": met, "gap_points": gap}
    return {"outcome_year_end": v.value, "outcome_year_end_status": v.status or None,
            "met_year_end": met, "gap_points_year_end": gap}


def _growth_row(t, outcomes: _Outcomes, as_of_text, ye_as_of) -> tuple[dict, list]:
    """Growth target: compare growth with growth (an index target is turned into %)."""
    shift = 100.0 if t["unit"] == "index_prev_year=100" else 0.0
    low, high = t["value"] - shift, t["value_high"] - shift
    year = int(t["year"])
    final = _pick(outcomes.series(t["indicator"], as_of_text), year)
    ye = _pick(outcomes.series(t["indicator"], ye_as_of), year)
    notes = []
    if math.isfinite(high):
        notes.append(Note("range target %(low)s to %(high)s%%: met if the outcome reaches %(low)s%%", low=float(low), high=float(high)))
    if math.isfinite(final.high):
        notes.append(Note("outcome published as a range %(low)s to %(high)s%%; the low end is used", low=float(final.value), high=float(final.high)))
    if final.basis and t["basis"] and final.basis != t["basis"] and final.basis != "iip":
        notes.append(Note("outcome growth on basis %(outcome_basis)s, target on %(target_basis)s", outcome_basis=Code("basis", final.basis), target_basis=Code("basis", t["basis"])))
    if ye.source and (ye.source, ye.value) != (final.source, final.value):
        notes.append(Note("revised: %(first)+.2f%% known at the end of %(year)d (%(first_source)s), "
                        "%(later)+.2f%% later (%(later_source)s)", first=ye.value, year=year, first_source=ye.source, later=final.value, later_source=final.source))
    row = {"target_growth": low, "base_value": math.nan}
    for which, v in (("outcome", final), ("year_end", ye)):
        row.update(_columns(which, v, v.value, bool(v.value >= low),
                            round(v.value - low, _ROUND)))
    return row, notes


def _level_row(t, outcomes: _Outcomes, as_of_text, ye_as_of,
               announced_as_of) -> tuple[dict, list, bool]:
    """Value target: compare values on the target's own price basis, and growth through
    the implied growth against the base year. Returns (columns, notes, comparable)."""
    basis, year, ind = t["basis"], int(t["year"]), t["indicator"]
    target = float(t["value"])
    notes, comparable = [], True
    if basis not in _SAME_BASIS_OK:
        comparable = False
        notes.append(Note("not comparable: the target's price basis is %(quoted_basis)s (not stated by "
                        "the source), so its outcome and growth cannot be judged", quoted_basis=repr(basis or "none")))
    if math.isfinite(t["value_high"]):
        notes.append(Note("range target %(low)s to %(high)s %(unit)s: met if the outcome reaches %(low)s", low=float(target), high=float(t["value_high"]), unit=Code("unit", t["unit"])))

    def on_basis(as_of):
        return outcomes.series(ind, as_of, basis=basis) if comparable else None

    # the growth the planners asked for: against the base-year figure known when the
    # target was announced; when none was public yet, the one known later, said so
    base_then = _pick(on_basis(announced_as_of), year - 1)
    if comparable and not math.isfinite(base_then.value):
        base_then = _pick(on_basis(as_of_text), year - 1)
        if math.isfinite(base_then.value):
            notes.append(Note("implied growth against the %(year)d figure published %(published)s "
                            "(%(source)s), after the target", year=year - 1, published=base_then.published, source=base_then.source))
        else:
            notes.append(Note("no implied growth: %(reason)s", reason=_other_bases(
                ind, year - 1, basis, announced_as_of, outcomes, Note("the base-year figure"))))
    target_growth = (implied_growth(target, base_then.value) if math.isfinite(base_then.value)
                     else math.nan)

    row = {"target_growth": target_growth, "base_value": base_then.value}
    for which, as_of in (("outcome", as_of_text), ("year_end", ye_as_of)):
        series = on_basis(as_of)
        v, base = _pick(series, year), _pick(series, year - 1)
        growth = (implied_growth(v.value, base.value)
                  if math.isfinite(v.value) and math.isfinite(base.value) else math.nan)
        row.update(_columns(which, v, growth, bool(v.value >= target),
                            round(growth - target_growth, _ROUND)))
    if comparable and not math.isfinite(row["outcome"]):
        where = _other_bases(ind, year, basis, as_of_text, outcomes, Note("the outcome"))
        if where.id == _OTHER_BASIS:  # a figure exists, on another basis
            notes.append(Note("not comparable: %(reason)s", reason=where))
            comparable = False
    if row["met"] is not None and math.isfinite(row["gap_points"]) \
            and (row["gap_points"] >= 0) != row["met"]:
        notes.append(Note("the base year was revised after the target was set: the value target is "
                        "met but growth against the revised base year says otherwise") if row["met"]
                     else Note("the base year was revised after the target was set: the value target "
                             "is missed but growth against the revised base year says otherwise"))
    return row, notes, comparable


def _other_bases(indicator, year, basis, as_of, outcomes: _Outcomes, what: Note) -> Note:
    """Where a figure for ``year`` exists when none is on ``basis``: "<what> for <year> exists
    only on another price basis (…)" or "<what> for <year> is not in the data"."""
    obs = load_observations(outcomes.province, indicator, as_of=as_of, extra=outcomes.extra)
    obs = obs[(obs["status"] != "target") & (obs["year"] == year)]
    if obs.empty:
        return Note("%(what)s for %(year)d is not in the data", what=what, year=year)
    others = tuple(Note("%(amount)s on %(basis)s", amount=Amount(float(v), u),
                        basis=Code("basis", b) if b else Note("no basis"))
                   for v, u, b in zip(obs["value"], obs["unit"], obs["basis"]))
    return (Note("%(what)s for %(year)d exists only on another price basis (%(others)s), the target "
                 "is on %(basis)s; growth is never computed across price bases", what=what, year=year, others=others,
                 basis=Code("basis", basis) if basis else Note("no basis")))


def target_track_record(province: str = "ha_tinh", indicator=None, *, as_of=None,
                        extra=None) -> TrackRecord:
    """Every target of a province in the data against its outcome: met or missed, by how much.

    Use it beside a target check ("How did earlier targets fare?"), or on its own to
    see whether a province's plans have been reached. The rules — outcome, met,
    gap, price bases, range targets, hit rate and mean shortfall — are stated in
    the module docstring and in :data:`RULES`.

    Parameters
    ----------
    province : str, default "ha_tinh"
        Province id (``hatinh_analysis.data.vocab.PROVINCES``).
    indicator : str or list of str, optional
        Restrict to these indicators; ``None`` takes every indicator with targets.
    as_of : str or date, optional
        Reconstruct the record as it could be drawn up at that date: only targets
        announced and outcome figures published on or before it (the store's rule:
        a partial date counts as the end of its period). ``None`` uses everything.
    extra : path or DataFrame, optional
        The user's own figures and targets (see :func:`hatinh_analysis.read_user_figures`),
        passed to the loaders: they enter the same vintage rule as the shipped rows.

    Returns
    -------
    TrackRecord
        ``.table``, ``.hit_rate``, ``.n``, ``.mean_shortfall``, ``.summary()``,
        ``.summary_frame()``, ``.to_dict()``.

    Raises
    ------
    UnknownNameError
        Unknown province or indicator (lists the valid ones).
    DataError
        Bad ``as_of``; missing or invalid data files.

    Examples
    --------
    >>> rec = target_track_record("ha_tinh")
    >>> rec.n_met, rec.n          # GRDP 2016-2018: only 2018 was met
    (1, 3)
    """
    if not isinstance(province, str):
        raise UnknownNameError(f"province must be one province id (a str), got {province!r}")
    if province not in vocab.PROVINCES:
        raise UnknownNameError(f"unknown province {province!r}; valid: "
                               + ", ".join(repr(p) for p in vocab.PROVINCES))
    as_of_text, as_of_end = parse_as_of(as_of)
    indicators = None if indicator is None else (
        (indicator,) if isinstance(indicator, str) else tuple(indicator))
    outcomes = _Outcomes(province, extra)
    targets = load_targets(province, None if indicators is None else list(indicators),
                           as_of=as_of, extra=extra)

    rows = []
    for _, t in targets.iterrows():
        year = int(t["year"])
        ye_as_of = _cap(dt.date(year, 12, 31), as_of_end)
        # the base-year figure "known when the target was announced"
        announced_as_of = _cap(_end(t["published"]), as_of_end)
        kind = vocab.INDICATORS[t["indicator"]].kind
        if t["unit"] in _GROWTH_UNITS or kind == "growth":
            cols, notes = _growth_row(t, outcomes, as_of_text, ye_as_of)
            comparable = True
        else:
            cols, notes, comparable = _level_row(t, outcomes, as_of_text, ye_as_of,
                                                 announced_as_of)
        if cols["met"] is not None:
            result = "met" if cols["met"] else "missed"
        elif not comparable:
            result = "not comparable"
        else:
            result = "no outcome"
        if result == "no outcome":
            values = {"indicator": Code("indicator", t["indicator"]), "year": year}
            notes.insert(0, Note("no %(indicator)s figure for %(year)d in the data as of %(as_of)s",
                                 as_of=as_of_text, **values)
                         if as_of_text else
                         Note("no %(indicator)s figure for %(year)d in the data", **values))
        rows.append({
            "indicator": t["indicator"], "year": year, "target": float(t["value"]),
            "target_high": float(t["value_high"]), "unit": t["unit"], "basis": t["basis"],
            "target_published": t["published"], "target_source": t["source_id"],
            **cols, "result": result, "counted": True, "note": tuple(notes),
            "_end": _end(t["published"]),
        })

    table = pd.DataFrame(rows, columns=list(TABLE_COLUMNS) + ["_end"])
    if len(table):
        # one target per indicator and year: the latest published counts
        order = table.sort_values(["indicator", "year", "_end", "target_source"],
                                  ascending=[True, True, False, True], kind="mergesort")
        later = order.duplicated(["indicator", "year"], keep="first")
        for i in order.index[later.to_numpy()]:
            keep = order.loc[~later].set_index(["indicator", "year"]).loc[
                (table.at[i, "indicator"], table.at[i, "year"])]
            table.at[i, "counted"] = False
            table.at[i, "result"] = "superseded"
            table.at[i, "note"] = (Note("superseded by the target published %(published)s (%(source)s)",
                                        published=keep["target_published"],
                                        source=keep["target_source"]), *table.at[i, "note"])
    table = table.drop(columns="_end").sort_values(["indicator", "year", "target_published"],
                                                   kind="mergesort").reset_index(drop=True)
    table = table.astype({"year": "int64", "met": "boolean", "met_year_end": "boolean",
                          "counted": "bool"})
    for c in ("target", "target_high", "target_growth", "base_value", "outcome",
              "outcome_growth", "gap_points", "outcome_year_end", "gap_points_year_end"):
        table[c] = table[c].astype("float64")

    counts = TrackRecord._counts("all", table)
    return TrackRecord(
        table=table, province=province, indicators=indicators, as_of=as_of_text,
        n=counts["judged"], n_met=counts["met"], hit_rate=counts["hit_rate"],
        mean_shortfall=counts["mean_shortfall"], mean_gap=counts["mean_gap"],
        n_year_end=counts["judged_year_end"], n_met_year_end=counts["met_year_end"],
        hit_rate_year_end=counts["hit_rate_year_end"],
    )
