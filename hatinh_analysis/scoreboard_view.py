"""The scoreboard as notebook 03 presents it: what to show, and how it is said.

:func:`scoreboard_report` reads the committed scoreboard (or rebuilds it) and
:class:`ScoreboardReport` shows it: the summary box, the tables by method and for one
province, the comparison on common forecasts and the sidecar. Numbers and coverage
words come from :mod:`hatinh_analysis.evaluation`; the words are written with
:mod:`hatinh_analysis.words`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hatinh_analysis.i18n import translator
from hatinh_analysis.prose import in_short
from hatinh_analysis.views import bullet_list, callout, styled
from hatinh_analysis.words import _g, _name, _num, _p0, _status, _yes, coverage_word, model_label

__all__ = ["ScoreboardReport", "scoreboard_report", "calibration"]


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
            rows.append({_("Method"): model_label(r["method"], lang), _("Forecasts"): r["n"],
                         _("Inside %(level)s", level=_p0(0.5, lang)): cov["50"],
                         _("Inside %(level)s", level=_p0(0.8, lang)): cov["80"],
                         _("Inside %(level)s", level=_p0(0.95, lang)): cov["95"],
                         _("%(level)s ranges were", level=_p0(self.level, lang)):
                             coverage_word(r[f"calibration_{self._k}"], lang),
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
            rows.append({_("Method"): model_label(r["method"], lang), _("Common forecasts"): r["n_common"],
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
                   _("Method"): model_label(r["method"], lang), _("Forecast"): _g(r["forecast"], lang),
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
                         word=coverage_word(r[f'calibration_{k}'], lang)))
        for m in [x for x in d.index if x != "calibrated"]:
            r = d.loc[m]
            out.append(_("%(method)s: %(hits)s of %(n)s inside (%(coverage)s): %(word)s; MSIS %(msis)s, "
                         "CRPS %(crps)s.", method=model_label(m, lang), hits=r[f'hits_{k}'], n=r['n'],
                         coverage=_p0(r[f'coverage_{k}'], lang), word=coverage_word(r[f'calibration_{k}'], lang),
                         msis=_num(r['msis_95'], lang, 1), crps=_num(r['crps'], lang, 2)))
        comp = self.comparison_frame()
        if len(comp):
            worse = comp.loc[~comp["calibrated_better_msis_95"], "method"].tolist()
            lv95 = _p0(0.95, lang)
            out.append(_("On common forecasts the calibrated combination has a lower %(level)s interval score "
                         "than every other method.", level=lv95) if not worse else
                       _("On common forecasts the calibrated combination has a lower %(level)s interval score "
                         "than every other method except %(methods)s.", level=lv95,
                         methods=", ".join(model_label(m, lang) for m in worse)))
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
                 hits=r[f'hits_{self._k}'], n=r['n'], word=coverage_word(r[f'calibration_{self._k}'], lang))

    def verdict(self, lang: str | None = None) -> str:
        """The calibrated method's coverage word at the chosen level."""
        d = self.summary_frame().set_index("method")
        if "calibrated" not in d.index:
            return coverage_word("not scored", lang)
        return coverage_word(d.loc["calibrated", f"calibration_{self._k}"], lang)

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

    from hatinh_analysis.parameters import validate_parameters

    # the rule on level and horizon is notebook 03's declaration (one place)
    validate_parameters(level=level, horizon=horizon, notebook="03_backtest")
    sb = scoreboard(n_jobs=-1) if rebuild else load_scoreboard()
    board = ScoreboardReport(sb, province, float(level), int(horizon),
                             params=dict(province=province, level=level, horizon=horizon, rebuild=rebuild,
                                         data_file=None if extra is None else str(extra)),
                             extra=extra)
    board.user_figures()  # read the user's file now: a bad file fails here, naming file and row
    return board
