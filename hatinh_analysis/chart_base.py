"""The figures' common parts: the :class:`Chart` record, one figure style, source lines, alt text.

Split from :mod:`hatinh_analysis.plots` (which re-exports the public names): every chart
module builds on these, so a title, a source line or a legend is placed the same way in
every report and language. Figures are built with :class:`matplotlib.figure.Figure`
directly (not ``pyplot``): they do not depend on the backend, are never displayed twice by
the inline backend and leave no global state behind.
"""
from __future__ import annotations

import base64
import io
import math
import textwrap
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from hatinh_analysis.formats import province_name, series_label
from hatinh_analysis.i18n import N_, format_date, format_number, format_pct, publisher_name, translator

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
