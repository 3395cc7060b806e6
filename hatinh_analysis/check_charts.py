"""Charts of a target check and of the scoreboard: forecast fans, scenarios, the reference
class, the back-test and the scoreboard.

Split from :mod:`hatinh_analysis.plots`, which re-exports every function here
(``plots.fan_chart`` …); the common parts are :mod:`hatinh_analysis.chart_base`.
"""
from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

from hatinh_analysis.i18n import format_number, say, translator, upper_first
from hatinh_analysis.chart_base import (
    FAN_LEVELS, _WIDTH, _HIGHLIGHT, _NATIONAL, _OTHERS, _MODEL_LABELS, _TARGET, _model_name,
    Chart, unit_label, _fmt, _fmt_target, _pc, source_line, _figure, _finish, _panel_legend,
    _legend_above, show, _years_axis, _full_years, _what)


def _interval(forecast, level):
    try:
        lo, hi = forecast.interval(level)
        return float(lo), float(hi)
    except Exception:
        return math.nan, math.nan


def fan_chart(check, *, levels: Sequence[float] = FAN_LEVELS, history_years: int = 12,
              title: str | None = None, lang: str | None = None) -> Chart:
    """Forecast intervals (50/80/95%) for the target year, one panel per model.

    When to use
        After `check_target`: the calibrated combination beside each model's plug-in ranges.

    Parameters
    ----------
    check : hatinh_analysis.target.TargetCheck
        Result of :func:`hatinh_analysis.check_target`; uses ``check.series``,
        ``check.forecasts`` ({model: Forecast}), ``check.target`` and
        ``check.target_year``.
    levels : sequence of float
        Interval levels, drawn from the widest (lightest) to the narrowest.
    history_years : int
        How many recent years of history to draw in each panel.
    title : str, optional
    lang : {"vi", "en"}, optional
        Language of the texts (default: the current language).

    Returns
    -------
    Chart
    """
    import numpy as np

    _ = translator(lang)
    series = check.series
    attrs = series.attrs or {}
    unit = attrs.get("unit", "pct_change")
    forecasts = dict(check.forecasts)
    if getattr(check, "calibrated", None) is not None:   # the calibrated combination first
        forecasts = {"calibrated": check.calibrated, **forecasts}
    if not forecasts:
        raise ValueError("fan_chart(): the check has no forecasts")
    levels = sorted(levels, reverse=True)
    n = len(forecasts)
    ncols = min(n, 3)
    nrows = math.ceil(n / ncols)
    fig, axes = _figure(2.9 * nrows + 0.9, nrows, ncols, sharey=True)
    hist = series[series.index >= series.index[-1] - history_years + 1]
    full = _full_years(hist)
    ty = int(check.target_year)
    target = float(check.target) if not isinstance(check.target, tuple) else sum(check.target) / 2
    blues = ["#c6dbef", "#6baed6", "#2171b5"]
    described = []
    inside = 0
    usable = 0
    main_level = float(getattr(check, "level", 0.8) or 0.8)
    for k, (name, fc) in enumerate(forecasts.items()):
        ax = axes.flat[k]
        ax.plot(full.index, full.to_numpy(), color="#555555", lw=1.4, marker="o", ms=3)
        ok = bool(getattr(fc, "ok", True)) and not np.isnan(getattr(fc, "mean", np.nan))
        if ok:
            usable += 1
            for j, lev in enumerate(levels):
                lo, hi = _interval(fc, lev)
                if np.isfinite(lo) and np.isfinite(hi):
                    ax.fill_between([ty - 0.35, ty + 0.35], lo, hi, color=blues[min(j, 2)], lw=0,
                                    label=_.label("interval", level=_pc(lev, lang)) if k == 0 else None)
            ax.plot([ty - 0.35, ty + 0.35], [fc.mean] * 2, color="#08306b", lw=2,
                    label=_.label("legend.central_forecast") if k == 0 else None)
            ax.plot([series.index[-1], ty], [series.iloc[-1], fc.mean], color="#08306b", lw=0.8, ls=":")
            lo, hi = _interval(fc, main_level)
            hit = lo <= target <= hi
            inside += hit
            described.append(_("%(model)s: central %(forecast)s, %(level)s interval %(low)s to %(high)s",
                               model=name if _.lang == "en" else _model_name(name, lang),
                               forecast=_fmt(fc.mean, unit, lang=lang), level=_pc(main_level, lang),
                               low=_fmt(lo, unit, lang=lang), high=_fmt(hi, unit, lang=lang)))
        else:
            notes = say(tuple(getattr(fc, "notes", []) or ()), lang) or _("not estimable")
            ax.text(0.5, 0.5, _("No forecast:") + "\n" + textwrap.fill(notes, 40), transform=ax.transAxes,
                    ha="center", va="center", fontsize=8.5, color="#7f0000")
            described.append(_("%(model)s: no forecast (%(notes)s)",
                               model=name if _.lang == "en" else _model_name(name, lang), notes=notes))
        ax.scatter([ty], [target], marker="*", s=180, color=_TARGET, zorder=6,
                   label=_.label("legend.target", value=_fmt_target(target, unit, lang)) if k == 0 else None)
        panel = (_model_name(name, lang) if name == "calibrated" else
                 _("%(model)s (plug-in)", model=_model_name(name, lang)))
        ax.set_title(textwrap.fill(panel, int(_WIDTH * 10 / ncols)), fontsize=10.5)
        if unit == "pct_change":
            ax.axhline(0, color="#444444", lw=0.6)
        _years_axis(ax, list(full.index) + [ty], nbins=5)
        if k % ncols == 0:
            ax.set_ylabel(upper_first(unit_label(unit, attrs.get("kind"), lang)), fontsize=9)
        ax.set_xlabel(_.term("axis", "year"), fontsize=9)
    _panel_legend(fig, axes, n)
    what = _what(series, lang)
    heading = title or _("%(what)s: forecasts for %(year)s, calibrated combination and each model",
                         what=what, year=ty)
    _finish(fig, heading, source_line(series, lang=lang))
    alt = (_("Forecast charts for %(year)s: the calibrated combination, then one panel per model (plug-in, "
             "not calibrated) (%(num)s panels), each with the recent history of %(what)s and nested 50%%, "
             "80%% and 95%% intervals. Target %(target)s (star).", year=ty, num=n, what=what,
             target=_fmt_target(target, unit, lang))
           + " " + "; ".join(described) + ". "
           + _("The target lies inside the %(level)s interval of %(inside)s of %(usable)s models",
               level=_pc(main_level, lang), inside=inside, usable=usable)
           + (_(" (%(num)s without a forecast).", num=n - usable) if usable < n else "."))
    return Chart(fig, alt)


def backtest_chart(table, *, level: float = 0.8, title: str | None = None, source_series=()) -> Chart:
    """How often past intervals covered the outcome, and how far off the forecasts were.

    When to use
        For the single-series `backtest` result; for the pooled scoreboard use `scoreboard_chart`.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per (series, model) with columns ``series`` (a label, e.g. the
        province name), ``model``, ``coverage`` (share of outcomes inside the
        interval, 0–1), ``mae`` (mean absolute error, percentage points),
        ``bias`` (mean error, points) and ``n`` (number of forecasts).
    level : float
        Nominal level of the intervals (the coverage they should reach).
    title : str, optional
    source_series : sequence of pandas.Series
        The series tested, for the source line.

    Returns
    -------
    Chart
    """
    import seaborn as sns

    needed = {"series", "model", "coverage", "mae", "n"}
    missing = needed - set(table.columns)
    if missing:
        raise ValueError(f"backtest_chart(): the table lacks columns {sorted(missing)}")
    data = table.copy()
    data["coverage_pct"] = 100 * data["coverage"]
    data["model"] = [_MODEL_LABELS.get(m, m) for m in data["model"]]
    fig, axes = _figure(4.6, 1, 2)
    ax1, ax2 = axes[0]
    hue_order = list(dict.fromkeys(data["series"]))
    sns.barplot(data=data, y="model", x="coverage_pct", hue="series", hue_order=hue_order, ax=ax1,
                palette=[_HIGHLIGHT, _NATIONAL, _OTHERS][: len(hue_order)] if len(hue_order) <= 3 else None,
                orient="h")
    ax1.axvline(100 * level, color=_TARGET, ls="--", lw=1.3)
    ax1.text(100 * level, -0.6, f" promised {level:.0%}", color=_TARGET, fontsize=8.5, va="bottom")
    ax1.set_xlim(0, 100)
    ax1.set_xlabel(f"Outcomes inside the {level:.0%} interval, %")
    ax1.set_ylabel("")
    sns.barplot(data=data, y="model", x="mae", hue="series", hue_order=hue_order, ax=ax2,
                palette=[_HIGHLIGHT, _NATIONAL, _OTHERS][: len(hue_order)] if len(hue_order) <= 3 else None,
                orient="h", legend=False)
    ax2.set_xlabel("Mean absolute error, percentage points")
    ax2.set_ylabel("")
    ax2.set_yticklabels([])
    ax1.legend(title=None, fontsize=8.5, loc="lower right")
    heading = title or "How reliable were past forecasts? One-year-ahead back-test"
    _finish(fig, heading, source_line(*source_series))
    parts = []
    for row in data.itertuples(index=False):
        parts.append(f"{row.series}, {row.model}: {row.coverage_pct:.0f}% covered, MAE {row.mae:.1f} points "
                     f"({int(row.n)} forecasts)")
    alt = (f"Two bar charts per model: left, the share of past outcomes inside the {level:.0%} interval "
           f"(it should be about {level:.0%}, dashed line); right, the mean absolute error in percentage "
           "points. " + "; ".join(parts) + ".")
    return Chart(fig, alt)


def scenario_chart(checks: Mapping[str, Any], *, title: str | None = None, lang: str | None = None) -> Chart:
    """Each model's forecast range under several modelling choices, against the target.

    When to use
        To show whether a verdict depends on modelling choices (exclusions, breaks, shocks).

    Parameters
    ----------
    checks : mapping of str to TargetCheck
        Scenario label → result of :func:`hatinh_analysis.check_target` (same
        target, target year and level).
    title : str, optional
    lang : {"vi", "en"}, optional
        Language of the texts (default: the current language).

    Returns
    -------
    Chart
    """
    import numpy as np

    _ = translator(lang)
    checks = {k: v for k, v in checks.items() if v is not None}
    if not checks:
        raise ValueError("scenario_chart(): no checks given")
    first = next(iter(checks.values()))
    target, ty, level = float(first.target), int(first.target_year), float(first.level)
    unit = (first.series.attrs or {}).get("unit", "pct_change")
    models = list(dict.fromkeys(m for c in checks.values() for m in c.table["model"]))
    n_s = len(checks)
    fig, axes = _figure(0.28 * len(models) * max(n_s, 2) + 2.0)
    ax = axes[0, 0]
    colours = [_HIGHLIGHT, "#1f77b4", "#6a1b9a", "#2ca02c", "#7f7f7f"]
    step = 0.8 / max(n_s, 1)
    described = []
    for j, (name, c) in enumerate(checks.items()):
        tab = c.table.set_index("model")
        colour = colours[j % len(colours)]
        for i, m in enumerate(models):
            y = i + (j - (n_s - 1) / 2) * step
            if m not in tab.index or tab.loc[m, "verdict"] is None or not np.isfinite(tab.loc[m, "forecast"]):
                ax.text(target, y, "  " + _("not usable"), va="center", fontsize=7.5, color=colour)
                continue
            r = tab.loc[m]
            ax.plot([r["lower"], r["upper"]], [y, y], color=colour, lw=3, alpha=0.75, solid_capstyle="butt",
                    label=name if i == 0 else None)
            ax.plot([r["forecast"]], [y], "o", color=colour, ms=5)
        usable = c.table[c.table["verdict"].notna()]
        verdict = _.term("verdict", c.verdict)
        described.append(_("%(scenario)s: verdict %(verdict)s, central forecasts %(low)s to %(high)s",
                           scenario=name, verdict=verdict, low=_fmt(usable['forecast'].min(), unit, lang=lang),
                           high=_fmt(usable['forecast'].max(), unit, lang=lang)))
    ax.axvline(target, color=_TARGET, ls="--", lw=1.5,
               label=_.label("legend.target", value=_fmt_target(target, unit, lang)))
    ax.set_yticks(range(len(models)), [_model_name(m, lang) for m in models], fontsize=9.5)
    ax.invert_yaxis()
    ax.set_xlabel(textwrap.fill(_("Forecast for %(year)s: %(unit)s (dot: central forecast; bar: %(level)s range)",
                                  year=ty, unit=unit_label(unit, lang=lang), level=_pc(level, lang)), 100))
    _legend_above(ax, ncols=2)  # at the bottom it was drawn over the source line
    what = _what(first.series, lang)
    heading = title or _("Does the verdict depend on the modelling choices? Forecasts for %(year)s", year=ty)
    _finish(fig, heading, source_line(first.series, lang=lang))
    alt = (_("Horizontal range chart of the %(level)s forecast ranges for %(year)s of %(what)s, by model, under "
             "%(num)s modelling choices, with the target %(target)s as a dashed vertical line.",
             level=_pc(level, lang), year=ty, what=what, num=n_s, target=_fmt_target(target, unit, lang))
           + " " + "; ".join(described) + ".")
    return Chart(fig, alt)


def backtest_forecasts_chart(result, series, *, title: str | None = None) -> Chart:
    """Past one-year-ahead forecasts and their ranges against what was published, one panel per model.

    When to use
        To see a single series' past forecasts one by one against the outcomes.

    Parameters
    ----------
    result : hatinh_analysis.backtesting.BacktestResult
    series : pandas.Series
        The series that was back-tested (for the outcome line and the source).
    title : str, optional

    Returns
    -------
    Chart
    """
    import numpy as np

    f = result.forecasts
    models = list(dict.fromkeys(f["model"]))
    attrs = series.attrs or {}
    unit = attrs.get("unit", "pct_change")
    ncols = min(len(models), 3)
    nrows = math.ceil(len(models) / ncols)
    fig, axes = _figure(2.7 * nrows + 0.9, nrows, ncols, sharey=True)
    full = _full_years(series)
    hits_total = 0
    n_total = 0
    described = []
    for k, m in enumerate(models):
        ax = axes.flat[k]
        d = f[(f["model"] == m) & f["hit"].notna()]
        ax.plot(full.index, full.to_numpy(), color="#555555", lw=1.3, marker="o", ms=3,
                label="Published" if k == 0 else None)
        for r in d.itertuples(index=False):
            colour = "#2171b5" if r.hit else _HIGHLIGHT
            ax.plot([r.year, r.year], [r.lower, r.upper], color=colour, lw=4, alpha=0.55, solid_capstyle="butt")
            ax.plot([r.year], [r.forecast], "_", color=colour, ms=12, mew=2)
        ax.plot([], [], color="#2171b5", lw=4, alpha=0.55, label=f"{result.level:.0%} range, outcome inside" if k == 0 else None)
        ax.plot([], [], color=_HIGHLIGHT, lw=4, alpha=0.55, label="outcome outside" if k == 0 else None)
        hits = int(d["hit"].astype(bool).sum())
        hits_total += hits
        n_total += len(d)
        ax.set_title(f"{_MODEL_LABELS.get(m, m)}: {hits} of {len(d)} inside", fontsize=10)
        if unit == "pct_change":
            ax.axhline(0, color="#444444", lw=0.6)
        _years_axis(ax, list(full.index), nbins=5)
        if k % ncols == 0:
            ax.set_ylabel(unit_label(unit).capitalize(), fontsize=9)
        ax.set_xlabel("Year", fontsize=9)
        if len(d):
            described.append(f"{m}: {hits} of {len(d)} outcomes inside, mean absolute error "
                             f"{np.mean(np.abs(d['error'])):.1f} points")
        else:
            described.append(f"{m}: no usable forecast")
    _panel_legend(fig, axes, len(models))
    what = _what(series)
    heading = title or f"{what}: past forecasts against the outcome"
    _finish(fig, heading, source_line(series))
    alt = (f"Panels per model showing {what} as published and, for each year forecast one year ahead, the "
           f"{result.level:.0%} range (blue if the outcome fell inside, red if not). In total {hits_total} of "
           f"{n_total} outcomes fell inside. " + "; ".join(described) + ".")
    return Chart(fig, alt)


def reference_chart(check, *, title: str | None = None, lang: str | None = None) -> Chart:
    """The outside view next to the province's own forecast.

    Top row: the growth that followed in every province-year whose previous
    three years had a median growth like this province's recent years
    (``check.reference_class``, one dot each, with a box of the middle half).
    Below: the calibrated forecast (50/80/95 % bars), the plug-in combination
    and the target.

    When to use
        To see whether the province's own forecast is plausible against what
        provinces with a similar record actually did the year after.

    Parameters
    ----------
    check : hatinh_analysis.target.TargetCheck
    lang : {"vi", "en"}, optional
        Language of the texts (default: the current language).

    Returns
    -------
    Chart
    """
    import numpy as np

    _ = translator(lang)
    ref = check.reference_class
    unit = (check.series.attrs or {}).get("unit", "pct_change")
    target = float(check.target) if not isinstance(check.target, tuple) else sum(check.target) / 2
    ty = int(check.target_year)
    fig, axes = _figure(3.6)
    ax = axes[0, 0]
    labels = []
    described = []
    y = 0
    if ref is not None and len(ref):
        vals = ref["outcome"].to_numpy(dtype=float)
        jitter = np.random.default_rng(0).uniform(-0.18, 0.18, len(vals))
        ax.scatter(vals, y + jitter, s=14, color=_OTHERS, alpha=0.8, lw=0)
        q1, med, q3 = np.percentile(vals, [25, 50, 75])
        p10, p90 = np.percentile(vals, [10, 90])
        from matplotlib.patches import Rectangle

        ax.add_patch(Rectangle((q1, y - 0.25), q3 - q1, 0.5, fill=False, ec="#333333", lw=1.2))
        ax.plot([med, med], [y - 0.25, y + 0.25], color="#333333", lw=2)
        rec = ref.attrs.get("recent", float("nan"))
        labels.append(_("All provinces, year after\na similar record (n=%(num)s)", num=len(vals)))
        reached = int(np.sum(vals >= target))  # a count of the reference class, not a model's chance
        f = dict(unit=unit, lang=lang)
        described.append(_("%(num)s province-years whose previous three years had a median growth within 5 "
                           "points of %(recent)s: next-year growth median %(median)s, middle half %(q1)s to "
                           "%(q3)s, 10-90%% %(p10)s to %(p90)s; %(reached)s of %(num)s reached the target",
                           num=len(vals), recent=_fmt(rec, **f), median=_fmt(med, **f), q1=_fmt(q1, **f),
                           q3=_fmt(q3, **f), p10=_fmt(p10, **f), p90=_fmt(p90, **f), reached=reached))
        y += 1
    cal = check.calibrated
    blues = ["#c6dbef", "#6baed6", "#2171b5"]
    if cal is not None and cal.ok:
        for j, lev in enumerate((0.95, 0.8, 0.5)):
            lo, hi = cal.interval(lev)
            if np.isfinite(lo) and np.isfinite(hi):
                ax.fill_between([lo, hi], y - 0.22, y + 0.22, color=blues[j], lw=0,
                                label=_.label("interval", level=_pc(lev, lang)))
        ax.plot([cal.point] * 2, [y - 0.25, y + 0.25], color="#08306b", lw=2.5)
        lo, hi = cal.interval(check.level)
        labels.append(_("This province:\ncalibrated forecast"))
        described.append(_("calibrated forecast %(forecast)s, %(level)s range %(low)s to %(high)s",
                           forecast=_fmt(cal.point, unit, lang=lang), level=_pc(check.level, lang),
                           low=_fmt(lo, unit, lang=lang), high=_fmt(hi, unit, lang=lang)))
        y += 1
    pl = check.plugin
    if pl is not None and pl.ok:
        lo, hi = pl.interval(check.level)
        ax.plot([lo, hi], [y, y], color="#7f7f7f", lw=5, alpha=0.7, solid_capstyle="butt")
        ax.plot([pl.mean], [y], "o", color="#333333", ms=5)
        labels.append(_("Plug-in combination\n(not calibrated)"))
        described.append(_("plug-in combination %(level)s range %(low)s to %(high)s", level=_pc(check.level, lang),
                           low=_fmt(lo, unit, lang=lang), high=_fmt(hi, unit, lang=lang)))
        y += 1
    ax.axvline(target, color=_TARGET, ls="--", lw=1.5)
    ax.text(target, -0.55, " " + _("target %(value)s", value=_fmt_target(target, unit, lang)), color=_TARGET,
            fontsize=8.5)
    ax.set_yticks(range(len(labels)), labels, fontsize=8.5)
    ax.set_ylim(-0.7, max(len(labels) - 0.4, 0.6))
    ax.invert_yaxis()
    ax.set_xlabel(_("Growth in %(year)s, %(unit)s", year=ty, unit=unit_label(unit, lang=lang))
                  if unit == "pct_change" else f"{ty}")
    if ax.get_legend_handles_labels()[0]:  # the calibrated ranges' shades, keyed above the panel
        _legend_above(ax)
    what = _what(check.series, lang)
    heading = title or _("%(what)s: the outside view and the forecast for %(year)s", what=what, year=ty)
    _finish(fig, heading, source_line(check.series, lang=lang, note=_(
        "Outside view: the provinces of the statistics office's PX-Web table")))
    alt = (_("Dot and range chart for %(year)s of %(what)s, target %(target)s as a dashed line.", year=ty,
             what=what, target=_fmt_target(target, unit, lang)) + " " + "; ".join(described) + ".")
    return Chart(fig, alt)


def scoreboard_chart(summary, *, title: str | None = None, lang: str | None = None) -> Chart:
    """Coverage of the 80 % and 95 % intervals per method with Wilson bands, and MSIS.

    Parameters
    ----------
    summary : pandas.DataFrame
        `hatinh_analysis.evaluation.Scoreboard.summary_frame` (one horizon).
    lang : {"vi", "en"}, optional
        Language of the texts (default: the current language).

    When to use
        Notebook 03: which methods keep their promise, and at what cost in width.

    Returns
    -------
    Chart
    """
    import numpy as np

    _ = translator(lang)
    d = summary.reset_index(drop=True)
    labels = [_model_name(m, lang) for m in d["method"]]
    fig, axes = _figure(0.42 * len(d) + 1.8, 1, 2)
    ax1, ax2 = axes[0]
    yy = np.arange(len(d))
    described = []
    for lv, off, colour in ((80, -0.15, "#2171b5"), (95, 0.15, "#6a1b9a")):
        cov = 100 * d[f"coverage_{lv}"].to_numpy(dtype=float)
        lo = 100 * d[f"wilson_lo_{lv}"].to_numpy(dtype=float)
        hi = 100 * d[f"wilson_hi_{lv}"].to_numpy(dtype=float)
        ax1.errorbar(cov, yy + off, xerr=[np.clip(cov - lo, 0, None), np.clip(hi - cov, 0, None)], fmt="o", color=colour, ms=4,
                     capsize=2, label=_("%(level)s intervals (bar: 95%% Wilson band)", level=_pc(lv / 100, lang)))
        ax1.axvline(lv, color=colour, ls="--", lw=1)
    ax1.set_yticks(yy, labels, fontsize=8.5)
    ax1.invert_yaxis()
    ax1.set_xlabel(textwrap.fill(_("Outcomes inside the interval, % (dashed: promised)"), 48))
    ax1.set_xlim(max(0, float(np.nanmin(100 * d["wilson_lo_80"])) - 5), 100)
    ax2.barh(yy, d["msis_95"].to_numpy(dtype=float), color="#8c9cb0")
    ax2.set_yticks(yy, [""] * len(d))
    ax2.invert_yaxis()
    ax2.set_xlabel(textwrap.fill(_("MSIS of the %(level)s interval (lower is better)", level=_pc(0.95, lang)), 48))
    _legend_above(ax1, ncols=1, fontsize=8)  # inside the panel it hid methods' points
    for r, lab in zip(d.itertuples(index=False), labels):
        described.append(_("%(method)s: %(hits_80)s of %(n)s inside the 80%% interval (%(cov_80)s), %(hits_95)s "
                           "of %(n)s inside the 95%% (%(cov_95)s), MSIS %(msis)s", method=lab, hits_80=r.hits_80,
                           n=r.n, cov_80=_pc(r.coverage_80, lang), hits_95=r.hits_95,
                           cov_95=_pc(r.coverage_95, lang),
                           msis=f"{r.msis_95:.1f}" if _.lang == "en" else format_number(r.msis_95, lang, decimals=1)))
    _finish(fig, title or _("Scoreboard: did the intervals keep their promise?"),
            _("Source: rolling-origin forecasts of every growth series in the package's data "
              "(hatinh_analysis.evaluation)"))
    alt = (_("Two panels per method: left, the share of outcomes inside the %(l80)s and %(l95)s intervals "
             "with %(l95)s Wilson bands and the promised levels as dashed lines; right, the mean scaled "
             "interval score (MSIS) of the %(l95)s interval.", l80=_pc(0.8, lang), l95=_pc(0.95, lang))
           + " " + "; ".join(described) + ".")
    return Chart(fig, alt)
