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

import base64
import io
import math
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from hatinh_analysis.formats import province_name, series_label, year_ranges
from hatinh_analysis.i18n import N_, format_date, format_number, format_pct, publisher_name, translator, upper_first

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

#: Interval levels drawn by :func:`fan_chart`, widest first.
FAN_LEVELS = (0.95, 0.8, 0.5)

_DPI = 110
_WIDTH = 9.0
_HIGHLIGHT = "#c0392b"
_NATIONAL = "#222222"
_OTHERS = "#8c9cb0"
_MODEL_LABELS = {"mean_growth": N_("mean growth"), "linear_trend": N_("linear trend"), "ets": N_("ETS"),
                 "local_linear_trend": N_("local linear trend"), "arima": N_("ARIMA"),
                 "pooled": N_("outside view (all provinces)"), "combined": N_("combined (plug-in)"),
                 "calibrated": N_("combined, calibrated"), "naive_last": N_("naive: last year"),
                 "naive_mean": N_("naive: mean"), "naive_median": N_("naive: median"),
                 "national_same_year": N_("national growth of the year")}
#: Colours of comparison lines (no red: red is the highlighted province).
_PALETTE = ["#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#bcbd22", "#7f7f7f"]
_TARGET = "#1b5e20"
_USER = "#e65100"
#: Legend entry of the user's own figures (``extra=`` of the loaders).
USER_LEGEND = N_("Your figures")
_MARKERS = {"final": "o", "preliminary": "s", "estimate": "D"}
_STATUS_WORDS = {"final": N_("final"), "preliminary": N_("preliminary"), "estimate": N_("December estimate"),
                 "target": N_("target")}
_STATUS_LEGEND = {"final": N_("Final figure"), "preliminary": N_("Preliminary figure"), "estimate": N_("Estimate")}


def _model_name(name: str, lang: str | None = None) -> str:
    """A method's name in charts, in ``lang``."""
    return translator(lang)(_MODEL_LABELS[name]) if name in _MODEL_LABELS else str(name)


class Chart(NamedTuple):
    """A figure and the words that describe it.

    Attributes
    ----------
    fig : matplotlib.figure.Figure
    alt : str
        Alt text: what the chart shows and its main facts, in plain words.
    """

    fig: Any
    alt: str


# ----------------------------------------------------------------- labels
def unit_label(unit: str | None, kind: str | None = None, lang: str | None = None) -> str:
    """Axis label of a series unit (``"pct_change"`` → ``"growth over previous year, %"``),
    in ``lang`` (the glossary's ``axis`` terms: *tốc độ tăng so với năm trước, %*).

    When to use
        For axis labels and table headers of a series.
    """
    _ = translator(lang)
    if unit in ("pct_change", "index_prev_year=100", "bn_vnd", "mn_usd", "mn_tonnes"):
        return _.term("axis", unit)
    return _.term("axis", "pct_change") if kind == "growth" else (unit or "")


def _fmt(x: float, unit: str = "pct_change", signed: bool = True, digits: int = 1,
         lang: str | None = None) -> str:
    en = translator(lang).lang == "en"
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return translator(lang).label("not_available")
    if unit == "pct_change":
        if en:
            return f"{x:+.{digits}f}%" if signed else f"{x:.{digits}f}%"
        return format_pct(float(x), lang, decimals=digits, signed=signed)
    return f"{x:,.0f}" if en else format_number(float(x), lang, decimals=0)


def _fmt_target(x: float, unit: str = "pct_change", lang: str | None = None) -> str:
    """Targets as published: up to two decimals (+10.64%, +12%)."""
    if unit != "pct_change" or x is None or (isinstance(x, float) and math.isnan(x)):
        return _fmt(x, unit, lang=lang)
    text = f"{x:+.2f}".rstrip("0").rstrip(".")
    if translator(lang).lang == "en":
        return text + "%"
    decimals = len(text.split(".")[1]) if "." in text else 0
    return format_pct(float(x), lang, decimals=decimals, signed=True)


def _pc(frac: float, lang: str | None = None) -> str:
    """A level or share in whole percent: ``0.8`` → ``80%``."""
    if translator(lang).lang == "en":
        return f"{frac:.0%}"
    return format_pct(100 * float(frac), lang, decimals=0)


def _pub_date(text: str, lang: str | None) -> str:
    if translator(lang).lang == "en":
        return text
    try:
        return format_date(text, lang)
    except ValueError:  # a publication date the data keep in another form
        return text


def _source_table() -> dict[str, tuple[str, str]]:
    """source_id -> (publisher, published)."""
    try:
        from hatinh_analysis.data.store import list_sources

        table = list_sources()
    except Exception:  # no data files: fall back to the ids
        return {}
    return {str(r.source_id): (str(r.publisher or "").strip(), str(r.published or "").strip())
            for r in table.itertuples(index=False)}


#: Publishers whose name has an official form in the reader's language (the data keep the English one).
_PUBLISHERS = {"General Statistics Office of Viet Nam": N_("General Statistics Office of Viet Nam")}


def source_line(*series: Any, source_ids: Iterable[str] = (), note: str | None = None,
                lang: str | None = None) -> str:
    """The "Source: …" line of a chart, from the series' ``attrs["source_ids"]``.

    When to use
        Under every figure built from the package's data, so readers see where the numbers come from.

    Sources are grouped by publisher, each with the publication dates used, e.g.
    ``"Source: General Statistics Office of Viet Nam (2012, 2018-09); Báo Hà Tĩnh
    (2018-01-04, 2019-12-25)"``; the notebooks' source tables give the titles and links.

    Parameters
    ----------
    *series : pandas.Series
        Series from :func:`hatinh_analysis.load_series`.
    source_ids : iterable of str
        More source ids (e.g. of a target).
    note : str, optional
        Appended after the sources.
    lang : {"vi", "en"}, optional
        Language of the words and dates (default: the current language).

    Returns
    -------
    str
    """
    ids: list[str] = []
    yours: dict[str, list[str]] = {}  # the user's own figures (extra=): source id -> file rows
    for s in series:
        attrs = getattr(s, "attrs", {}) or {}
        user_rows = attrs.get("user_rows") or {}
        for year, sid in sorted((attrs.get("source_ids") or {}).items()):
            if sid not in ids:
                ids.append(str(sid))
            if year in user_rows:
                yours.setdefault(str(sid), []).append(str(user_rows[year]))
    for sid in source_ids:
        if sid not in ids:
            ids.append(str(sid))
    _ = translator(lang)
    known = _source_table()
    by_publisher: dict[str, list[str]] = {}
    for sid in ids:
        if sid in yours:
            by_publisher.setdefault(_("your figures (%(source)s: %(rows)s)", source=sid,
                                      rows='; '.join(yours[sid])), [])
            continue
        publisher, published = known.get(sid, (sid, ""))
        dates = by_publisher.setdefault(publisher_name(publisher, lang) or sid, [])
        if published and published not in dates:
            dates.append(published)
    parts = [f"{_(_PUBLISHERS.get(pub, pub)) if pub in _PUBLISHERS else pub}"
             + (f" ({', '.join(_pub_date(d, lang) for d in sorted(dates))})" if dates else "")
             for pub, dates in by_publisher.items()]
    text = _.label("source", source="; ".join(parts) if parts else _("see the data table"))
    if note:
        text += ". " + note
    return text


# ----------------------------------------------------------------- figure plumbing
def _figure(height: float = 4.8, nrows: int = 1, ncols: int = 1, **kw):
    import seaborn as sns
    from matplotlib.figure import Figure

    with sns.axes_style("whitegrid"):
        fig = Figure(figsize=(_WIDTH, height), layout="constrained")
        axes = fig.subplots(nrows, ncols, squeeze=False, **kw)
    for ax in axes.flat:
        ax.tick_params(labelsize=9)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    return fig, axes


#: Characters per line of a chart title (13 pt bold at the default width; Vietnamese letters included).
_TITLE_CHARS = int(_WIDTH * 8)


def _finish(fig, title: str, source: str) -> None:
    """Title at the top, the source line at the bottom (both placed by the constrained layout);
    a long title wraps so that it never runs past the figure."""
    fig.suptitle("\n".join(textwrap.wrap(title, _TITLE_CHARS)) or title, fontsize=13, fontweight="bold",
                 x=0.01, ha="left")
    lines = textwrap.wrap(source, int(_WIDTH * 15)) or [""]
    # supxlabel is placed by the constrained layout (space is reserved for it)
    fig.supxlabel("\n".join(lines), x=0.01, ha="left", fontsize=8, color="#555555")


def _panel_legend(fig, axes, n_used: int) -> None:
    """One legend for small multiples: in the first unused panel, else above the panels."""
    handles, labels = axes.flat[0].get_legend_handles_labels()
    spare = list(axes.flat)[n_used:]
    for ax in spare:
        ax.set_visible(False)
    if spare:
        spare[0].set_visible(True)
        spare[0].axis("off")
        spare[0].legend(handles, labels, loc="center", fontsize=9, frameon=False)
    else:
        fig.legend(handles, labels, loc="outside upper center", ncols=len(labels), fontsize=8.5, frameon=False)


def _legend_above(ax, handles=None, labels=None, *, ncols: int = 3, fontsize: float = 8.5) -> None:
    """A legend in a row just above the panel, below the title: the constrained layout makes room
    for it (a figure legend "outside" the panels is stacked over the title or the source line)."""
    if handles is None:
        handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles, labels, loc="lower left", bbox_to_anchor=(0, 1.02), ncols=ncols, fontsize=fontsize,
              frameon=False, borderaxespad=0)


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=_DPI, facecolor="white", bbox_inches="tight", pad_inches=0.15)
    return buf.getvalue()


def show(chart: Chart | Any, alt: str | None = None) -> None:
    """Display a chart in a notebook as a PNG with alt text.

    When to use
        In a notebook cell, to display any chart with its alt text (the HTML export keeps it).

    Parameters
    ----------
    chart : Chart or matplotlib.figure.Figure
        A :class:`Chart` (its alt text is used) or a bare figure.
    alt : str, optional
        Alt text; required for a bare figure, overrides a chart's own.

    Raises
    ------
    ValueError
        If no alt text is available: every figure in a report must have one.

    Notes
    -----
    The output is a ``display_data`` with ``image/png`` and, as ``text/plain``,
    the alt text; the alt text is also in the output metadata
    (``{"image/png": {"alt": …}}``), which the report's HTML template writes
    into ``<img alt="…">``. The figure is closed afterwards.
    """
    fig = chart.fig if isinstance(chart, Chart) else chart
    text = alt if alt is not None else (chart.alt if isinstance(chart, Chart) else None)
    if not text or not str(text).strip():
        raise ValueError("show(): every figure needs an alt text describing it (alt=...)")
    text = " ".join(str(text).split())
    data = base64.b64encode(_png(fig)).decode("ascii")
    try:
        import matplotlib.pyplot as plt

        plt.close(fig)  # harmless for figures not created by pyplot
    except Exception:  # pragma: no cover
        pass
    from IPython.display import display

    display({"image/png": data, "text/plain": f"[Figure: {text}]"},
            raw=True, metadata={"image/png": {"alt": text}})


def _years_axis(ax, years: Sequence[int], nbins: int = 12) -> None:
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=nbins))
    if len(years):
        ax.set_xlim(min(years) - 0.5, max(years) + 0.5)


def _full_years(series):
    """Series reindexed to every year of its span, NaN in the gaps (lines break there)."""
    import numpy as np

    if len(series) == 0:
        return series
    years = np.arange(int(series.index.min()), int(series.index.max()) + 1)
    return series.reindex(years)


def _mid(name: str) -> str:
    """An indicator's name inside a sentence: "Chỉ số sản xuất…" → "chỉ số…"; acronyms keep their
    capitals ("GRDP growth"). Never for a province's name."""
    if len(name) > 1 and name[0].isupper() and name[1].islower():
        return name[0].lower() + name[1:]
    return name


def _what(series, lang: str | None = None) -> str:
    prov = (getattr(series, "attrs", {}) or {}).get("province")
    label = series_label(series, lang)
    return f"{province_name(prov, lang)} — {label}" if prov else label


# ----------------------------------------------------------------- charts
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
            notes = "; ".join(getattr(fc, "notes", []) or []) or _("not estimable")
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
