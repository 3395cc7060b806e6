"""Figures for the notebooks and reports: titled, units on the axes, a source line, alt text.

Every chart function returns a :class:`Chart` — the matplotlib figure plus an
alt text that describes it in words (for screen readers and the HTML export).
:func:`show` displays a chart in a notebook as a PNG whose output metadata
carries the alt text; the report exporter writes it into ``<img alt="…">``.

Figures are built with :class:`matplotlib.figure.Figure` directly (not
``pyplot``), so they do not depend on the backend, are never displayed twice by
the inline backend and leave no global state behind.

Examples
--------
>>> import hatinh_analysis as ha
>>> from hatinh_analysis import plots
>>> iip = ha.load_series("iip")
>>> plots.show(plots.history_chart(iip, target=10.64, target_year=2020))  # doctest: +SKIP
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from hatinh_analysis.formats import province_name, year_ranges
from hatinh_analysis.i18n import translator, upper_first
from hatinh_analysis.chart_base import (
    FAN_LEVELS, _png, _HIGHLIGHT, _NATIONAL, _PALETTE, _TARGET, _USER, USER_LEGEND, _MARKERS,
    _STATUS_WORDS, _STATUS_LEGEND, Chart, unit_label, _fmt, _fmt_target, _pc, source_line,
    _figure, _finish, show, _years_axis, _full_years, _mid, _what)
from hatinh_analysis.check_charts import (
    fan_chart, backtest_chart, scenario_chart, backtest_forecasts_chart, reference_chart,
    scoreboard_chart)

__all__ = [
    "Chart",
    "show",
    "source_line",
    "province_name",
    "unit_label",
    "history_chart",
    "province_chart",
    "vintages_chart",
    "fan_chart",
    "backtest_chart",
    "backtest_forecasts_chart",
    "scenario_chart",
    "reference_chart",
    "scoreboard_chart",
    "FAN_LEVELS",
]


def history_chart(series, target: float | None = None, target_year: int | None = None, *,
                  title: str | None = None, target_source_ids: Iterable[str] = (),
                  excluded_years: Iterable[int] = (), break_years: Iterable[int] = (),
                  bands=None, lang: str | None = None) -> Chart:
    """The recorded history of a series, with the target marked.

    When to use
        First look at a series and a target: the record by vintage status, the target as a star.

    Parameters
    ----------
    series : pandas.Series
        From :func:`hatinh_analysis.load_series` (years as index; attrs give the
        label, unit, statuses and sources).
    target : float, optional
        Target value for *target_year* (same unit as the series).
    target_year : int, optional
    title : str, optional
    target_source_ids : iterable of str
        Sources of the target, added to the source line.
    excluded_years, break_years : iterable of int
        Years left out of the model fit (shaded) and assumed structural breaks
        (vertical lines), to show the choices made in the analysis.
    bands : hatinh_analysis.supportable.TargetBands, optional
        Which targets the record supports (:func:`hatinh_analysis.supportable_targets`):
        drawn as a coloured column over *target_year* — cautious below, plausible (or
        too uncertain) between the edges, ambitious above — each with a legend key.
    lang : {"vi", "en"}, optional
        Language of the title, labels, legend, source line and alt text (default: the
        current language).

    The user's own figures (``series.attrs["user_years"]``, from ``extra=`` of the
    loaders) are ringed in orange, with the legend entry "Your figures" and their file
    and row in the alt text.

    Returns
    -------
    Chart
    """
    _ = translator(lang)
    attrs = series.attrs or {}
    unit = attrs.get("unit", "pct_change")
    fig, axes = _figure(4.8)
    ax = axes[0, 0]
    full = _full_years(series)
    ax.plot(full.index, full.to_numpy(), color=_HIGHLIGHT, lw=2, zorder=3)
    statuses = attrs.get("statuses") or {}
    for status, marker in _MARKERS.items():
        yrs = [y for y in series.index if statuses.get(int(y), "final") == status]
        if yrs:
            hollow = status != "final"
            ax.scatter(yrs, series.loc[yrs], marker=marker, s=42, zorder=4, color=_HIGHLIGHT,
                       facecolors="white" if hollow else _HIGHLIGHT, linewidths=1.5,
                       label=_(_STATUS_LEGEND[status]))
    user_years = [int(y) for y in (attrs.get("user_years") or []) if y in series.index]
    if user_years:
        # the user's own figures (extra=): a distinct ring around the status marker
        ax.scatter(user_years, series.loc[user_years], marker="o", s=170, zorder=5,
                   facecolors="none", edgecolors=_USER, linewidths=2.2, label=_(USER_LEGEND))
    gaps = [int(y) for y in full.index[full.isna()]]
    excluded = sorted(set(int(y) for y in excluded_years))
    for y in excluded:
        ax.axvspan(y - 0.5, y + 0.5, color="#999999", alpha=0.18, lw=0, zorder=1)
    if excluded:
        ax.axvspan(0, 0, color="#999999", alpha=0.18, lw=0, label=_.label("legend.excluded"))
    for i, y in enumerate(sorted(set(int(b) for b in break_years))):
        ax.axvline(y - 0.5, color="#6a1b9a", ls=":", lw=1.5,
                   label=_.label("legend.assumed_break") if i == 0 else None)
    years = [int(y) for y in series.index]
    if target is not None and target_year is not None:
        ax.scatter([target_year], [target], marker="*", s=220, color=_TARGET, zorder=5,
                   label=_.label("legend.target_year", year=target_year,
                                 value=_fmt_target(target, unit, lang)))
        ax.axhline(target, color=_TARGET, ls="--", lw=1.2, zorder=2)
        years.append(int(target_year))
    if unit == "pct_change":
        ax.axhline(0, color="#444444", lw=0.8, zorder=2)
    _years_axis(ax, years)
    if bands is not None and getattr(bands, "ok", False) and target_year is not None:
        _target_bands(ax, bands, int(target_year), lang)
    ax.set_xlabel(_.term("axis", "year"))
    ax.set_ylabel(upper_first(unit_label(unit, attrs.get("kind"), lang)))
    ax.legend(loc="upper left", fontsize=8.5, frameon=True)
    what = _what(series, lang)
    heading = title or f"{what}, {years[0]}–{max(years)}"
    _finish(fig, heading, source_line(series, source_ids=target_source_ids, lang=lang))

    lo, hi, last = series.idxmin(), series.idxmax(), series.index[-1]
    alt = _("Line chart of %(what)s, %(unit)s, %(first)s–%(last)s. Lowest %(low)s in %(low_year)s, highest "
            "%(high)s in %(high_year)s, latest %(latest)s in %(last)s.", what=what,
            unit=unit_label(unit, attrs.get('kind'), lang), first=series.index[0], last=last,
            low=_fmt(series[lo], unit, lang=lang), low_year=lo, high=_fmt(series[hi], unit, lang=lang),
            high_year=hi, latest=_fmt(series[last], unit, lang=lang))
    if gaps:
        alt += " " + _("No figures for %(years)s.", years=year_ranges(gaps))
    n_est = sum(1 for s in statuses.values() if s != "final")
    if n_est:
        alt += " " + _("%(num)s of %(total)s figures are estimates or preliminary (hollow markers).",
                       num=n_est, total=len(series))
    if target is not None and target_year is not None:
        alt += " " + _("The %(year)s target, %(value)s, is marked with a star and a dashed line.",
                       year=target_year, value=_fmt_target(target, unit, lang))
    if excluded:
        alt += " " + _("Shaded years left out of the fit: %(years)s.", years=year_ranges(excluded))
    if user_years:
        rows = attrs.get("user_rows") or {}
        alt += " " + _("Your own figures (ringed): %(items)s.",
                       items="; ".join(f"{y} ({rows.get(y) or _('your file')})" for y in user_years))
    if bands is not None and getattr(bands, "ok", False) and target_year is not None:
        alt += " " + bands.sentence(lang)
    return Chart(fig, alt)


#: Fill of each verdict's band of targets (light: the record stays readable behind).
_BAND_COLOURS = {"cautious": "#d6e4f5", "plausible": "#d5ecd4", "uncertain": "#e4e4e4", "ambitious": "#f6d5d2"}


def _target_bands(ax, bands, year: int, lang: str | None) -> None:
    """The supportable targets as a column over the target year, one legend key per band."""
    bottom, top = ax.get_ylim()
    edges = [e for e in (bands.low, bands.high) if e is not None]
    pad = 0.05 * (top - bottom)
    bottom, top = min([bottom] + [e - pad for e in edges]), max([top] + [e + pad for e in edges])
    labels = bands.labels(lang)
    spans = {"cautious": (bottom, bands.low), bands.middle: (bands.low if bands.low is not None else bottom,
                                                             bands.high if bands.high is not None else top),
             "ambitious": (bands.high, top)}
    for code in ("ambitious", bands.middle, "cautious"):  # legend order: top to bottom
        lo, hi = spans[code]
        if code not in labels or lo is None or hi is None:
            continue
        ax.fill_between([year - 0.42, year + 0.42], lo, hi, color=_BAND_COLOURS[code], lw=0, zorder=1,
                        label=labels[code])
    ax.set_ylim(bottom, top)


def province_chart(series: Mapping[str, Any] | Sequence[Any], *, highlight: str = "ha_tinh",
                   national: str = "vietnam", title: str | None = None, lang: str | None = None) -> Chart:
    """Growth of several provinces on one chart, one highlighted, the national figure in black.

    When to use
        To compare a province's growth with its neighbours and the country.

    Parameters
    ----------
    series : mapping of province code to Series, or sequence of Series
        Series from :func:`hatinh_analysis.load_series` (``attrs["province"]``
        is used when a sequence is given).
    highlight : str
        Province drawn in colour and thick.
    national : str
        Code of the whole-country series (drawn dashed, black).
    title : str, optional
    lang : {"vi", "en"}, optional
        Language of the texts (default: the current language).

    Returns
    -------
    Chart
    """
    _ = translator(lang)
    if not isinstance(series, Mapping):
        series = {s.attrs.get("province", str(i)): s for i, s in enumerate(series)}
    if not series:
        raise ValueError("province_chart(): no series given")
    first = next(iter(series.values()))
    attrs = first.attrs or {}
    unit = attrs.get("unit", "pct_change")
    fig, axes = _figure(5.2)
    ax = axes[0, 0]
    years: list[int] = []
    order = [p for p in series if p not in (highlight, national)] + \
            [p for p in (national, highlight) if p in series]
    colours = iter(_PALETTE * 4)
    for prov in order:
        s = series[prov]
        full = _full_years(s)
        years += [int(y) for y in s.index]
        if prov == highlight:
            style = dict(color=_HIGHLIGHT, lw=2.6, zorder=5, marker="o", ms=5)
        elif prov == national:
            style = dict(color=_NATIONAL, lw=1.8, ls="--", zorder=4, marker="s", ms=4)
        else:
            style = dict(lw=1.2, zorder=3, marker=".", ms=6, alpha=0.9, color=next(colours))
        ax.plot(full.index, full.to_numpy(), label=province_name(prov, lang), **style)
    if unit == "pct_change":
        ax.axhline(0, color="#444444", lw=0.8, zorder=2)
    _years_axis(ax, years)
    ax.set_xlabel(_.term("axis", "year"))
    ax.set_ylabel(upper_first(unit_label(unit, attrs.get("kind"), lang)))
    ax.legend(loc="upper left", fontsize=8.5, ncols=2, frameon=True)
    label = attrs.get("label", "series")
    if _.lang != "en" and attrs.get("indicator"):
        try:
            label = _.term("indicator", attrs["indicator"])
        except ValueError:  # an indicator outside the vocabulary keeps its label
            pass
    heading = title or _("%(series)s: %(province)s, its neighbours and %(national)s", series=label,
                         province=province_name(highlight, lang), national=_("the whole country") if national == "vietnam"
                         else province_name(national, lang))
    _finish(fig, heading, source_line(*series.values(), lang=lang))

    parts = []
    for prov in order[::-1]:
        s = series[prov]
        parts.append(_("%(area)s %(first)s–%(last)s, from %(low)s to %(high)s", area=province_name(prov, lang),
                       first=s.index[0], last=s.index[-1], low=_fmt(s.min(), unit, lang=lang),
                       high=_fmt(s.max(), unit, lang=lang)))
    alt = (_("Line chart comparing %(series)s, %(unit)s, for %(num)s areas.", series=_mid(label),
             unit=unit_label(unit, lang=lang), num=len(series)) + " " + "; ".join(parts) + ".")
    if highlight in series and len(series) > 1:
        h = series[highlight]
        others = [series[p] for p in series if p != highlight]
        common = [y for y in h.index if all(y in o.index for o in others)]
        if common:
            y = common[-1]
            rank = 1 + sum(1 for o in others if o[y] > h[y])
            alt += " " + _("In %(year)s, %(province)s ranked %(rank)s of %(num)s.", year=y,
                           province=province_name(highlight, lang), rank=rank, num=len(series))
    return Chart(fig, alt)


def vintages_chart(observations, *, title: str | None = None, lang: str | None = None) -> Chart:
    """Every published figure for each year: estimates versus later revisions.

    When to use
        To see how December estimates were revised into final figures.

    Parameters
    ----------
    observations : pandas.DataFrame
        From :func:`hatinh_analysis.load_observations` for one province and one
        growth indicator (targets are left out). Index figures (previous year =
        100) are converted to growth in %.
    title : str, optional
    lang : {"vi", "en"}, optional
        Language of the texts (default: the current language).

    Returns
    -------
    Chart
    """
    import numpy as np

    _ = translator(lang)
    obs = observations[observations["status"] != "target"].copy()
    if obs.empty:
        raise ValueError("vintages_chart(): no published figures")
    if obs[["province", "indicator"]].drop_duplicates().shape[0] != 1:
        raise ValueError("vintages_chart(): give the figures of one province and one indicator")
    prov, ind = obs["province"].iloc[0], obs["indicator"].iloc[0]
    units = set(obs["unit"])
    growth = units <= {"index_prev_year=100", "pct_change"}
    obs["growth"] = np.where(obs["unit"] == "index_prev_year=100", obs["value"] - 100.0, obs["value"])
    unit = "pct_change" if growth else obs["unit"].iloc[0]
    fig, axes = _figure(4.8)
    ax = axes[0, 0]
    multi = obs.groupby("year").filter(lambda g: len(g) > 1)
    for year, g in multi.groupby("year"):
        ax.plot([year, year], [g["growth"].min(), g["growth"].max()], color="#999999", lw=3,
                alpha=0.6, zorder=2, solid_capstyle="round")
    palette = {"final": "#1f4e79", "preliminary": "#2e86c1", "estimate": "#e67e22"}
    for status in ("final", "preliminary", "estimate"):
        g = obs[obs["status"] == status]
        if len(g):
            ax.scatter(g["year"], g["growth"], marker=_MARKERS[status], s=46, zorder=3,
                       color=palette[status], label=upper_first(_(_STATUS_WORDS[status])))
    if unit == "pct_change":
        ax.axhline(0, color="#444444", lw=0.8)
    if len(multi):
        ax.plot([], [], color="#999999", lw=3, alpha=0.6, label=_.label("legend.vintage_spread"))
    _years_axis(ax, obs["year"].astype(int).tolist())
    ax.set_xlabel(_.term("axis", "year_of_figure"))
    ax.set_ylabel(upper_first(unit_label(unit, lang=lang)))
    ax.legend(loc="upper left", fontsize=8.5)
    label = {"iip": "Industrial production index (IIP)"}.get(ind, ind)
    try:
        from hatinh_analysis.data.vocab import INDICATORS

        label = INDICATORS[ind].label
    except (ImportError, KeyError):
        pass
    if _.lang != "en":
        try:
            label = _.term("indicator", ind)
        except ValueError:  # an indicator outside the vocabulary keeps its label
            pass
    heading = title or _("%(province)s — %(series)s: every published figure", province=province_name(prov, lang),
                         series=label)
    _finish(fig, heading, source_line(source_ids=obs["source_id"].tolist(), lang=lang))
    alt = _("Dot chart of every published figure of %(province)s %(series)s, %(unit)s, %(first)s–%(last)s: "
            "%(num)s figures for %(years)s years.", province=province_name(prov, lang), series=label,
            unit=unit_label(unit, lang=lang), first=int(obs['year'].min()), last=int(obs['year'].max()),
            num=len(obs), years=obs['year'].nunique())
    if len(multi):
        diffs = []
        for year, g in multi.groupby("year"):
            diffs.append(f"{year}: {', '.join(_fmt(v, unit, lang=lang) for v in g['growth'])}")
        alt += " " + _("Years with more than one figure — %(items)s.", items="; ".join(diffs))
    else:
        alt += " " + _("Every year has a single figure.")
    return Chart(fig, alt)
