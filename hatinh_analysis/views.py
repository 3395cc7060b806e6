"""Display helpers for the notebooks: boxes, sentences and tables made from the library's results.

The notebooks stay narrative: wording that depends on the province or the data
is produced here, from the data, and displayed as HTML (readable in JupyterLab
and in the exported report alike; styles are inline). Tables are
:class:`pandas.io.formats.style.Styler` objects (the plain DataFrame is
``.data``); numbers are formatted for reading, never rounded in the data. Names,
year ranges and growth rates come from :mod:`hatinh_analysis.formats`.
"""
from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from hatinh_analysis.formats import fmt_growth, indicator_label, province_name, series_label, year_ranges
from hatinh_analysis.i18n import NC_, format_date, format_pct, format_points, publisher_name, translator

__all__ = ["callout", "md", "bullet_list", "data_header", "exploration_summary", "standout_years",
           "styled", "series_table", "sources_table", "comparison_table", "vintages_table"]

#: Column headings of the tables, by key: English msgids with the context "column".
COLUMNS: dict[str, str] = {
    "area": NC_("column", "Area"),
    "indicator": NC_("column", "Indicator"),
    "unit": NC_("column", "Unit"),
    "years": NC_("column", "Years"),
    "figures": NC_("column", "Figures"),
    "user_figures": NC_("column", "Your figures"),
    "statuses": NC_("column", "Status of the figures"),
    "sources": NC_("column", "Sources"),
    "publisher": NC_("column", "Publisher"),
    "title": NC_("column", "Title"),
    "published": NC_("column", "Published"),
    "link": NC_("column", "Link"),
    "year": NC_("column", "Year"),
    "figure": NC_("column", "Figure"),
    "status": NC_("column", "Status"),
    "source": NC_("column", "Source"),
    "change": NC_("column", "Change from the first figure"),
}

_KINDS = {
    "verdict": ("#0b3d91", "#eef3fb"),
    "info": ("#455a64", "#f4f6f7"),
    "warning": ("#8a5a00", "#fff7e0"),
    "danger": ("#8b0000", "#fdecea"),
    "ok": ("#1b5e20", "#eaf5ea"),
}


def callout(body_html: str, *, title: str | None = None, kind: str = "info"):
    """A coloured box for a key message.

    Parameters
    ----------
    body_html : str
        Content, as HTML (escape user text with :func:`html.escape`).
    title : str, optional
        Bold first line (plain text).
    kind : {"verdict", "info", "warning", "danger", "ok"}

    Returns
    -------
    IPython.display.HTML
    """
    from IPython.display import HTML

    border, background = _KINDS.get(kind, _KINDS["info"])
    head = (f'<div style="font-weight:700;font-size:1.15em;margin-bottom:0.35em">{html.escape(title)}</div>'
            if title else "")
    return HTML(
        f'<div class="hatinh-callout hatinh-{kind}" role="note" style="border-left:6px solid {border};'
        f'background:{background};padding:0.8em 1.1em;margin:0.6em 0;border-radius:4px;'
        f'font-size:1.02em;line-height:1.5">{head}{body_html}</div>'
    )


def md(text: str):
    """Display-ready Markdown (``IPython.display.Markdown``), with any HTML in it shown as text.

    Markdown passes raw HTML through, and the texts shown here carry what a user or a
    file wrote (source ids, file names), so ``&``, ``<`` and ``>`` are escaped: a
    ``<script>`` in a source id is printed, never run. Markdown marks are kept.
    """
    from IPython.display import Markdown

    return Markdown(html.escape(str(text), quote=False))


def _col(key: str, lang: str | None = None) -> str:
    """A table's column heading in ``lang`` (:data:`COLUMNS`)."""
    return translator(lang).pgettext("column", COLUMNS[key])


def _growth(value: Any, lang: str | None = None, digits: int = 1) -> str:
    """A growth rate with its sign: ``+8.5%`` (en, as :func:`fmt_growth`) / ``+8,5%`` (vi)."""
    if translator(lang).lang == "en":
        return fmt_growth(value, digits)
    return format_pct(float(value), lang, decimals=digits, signed=True, na="–") if value is not None else "–"


def _indicator(code: str, lang: str | None = None) -> str:
    """An indicator's heading-form name in ``lang`` (the glossary's term in Vietnamese)."""
    _ = translator(lang)
    if _.lang != "en":
        try:
            return _.term("indicator", code)
        except ValueError:  # an indicator outside the vocabulary keeps its label
            pass
    return indicator_label(code)


def _status_words(statuses: Iterable[str], lang: str | None = None) -> str:
    """Status codes as words ("estimate, final" / "ước tính, chính thức")."""
    _ = translator(lang)
    words = []
    for code in statuses:
        try:
            words.append(code if _.lang == "en" else _.term("status", code))
        except ValueError:  # a status outside the vocabulary is shown as given
            words.append(code)
    return ", ".join(words)


def _published(text: str, lang: str | None = None) -> str:
    """A publication date as the data give it (en) or in words (vi: "tháng 12 năm 2019")."""
    if translator(lang).lang == "en":
        return str(text)
    try:
        return format_date(str(text), lang)
    except ValueError:  # a date the data layer keeps as free text
        return str(text)


def data_header(province: str, indicator: str, as_of: str | None = None, lang: str | None = None):
    """The first line of notebook 01: the area, the indicator and the publication cut-off.

    ``**Hà Tĩnh** · Industrial production index (IIP) · figures published by today`` (en);
    in Vietnamese the indicator is the glossary's term and the date is written in words.

    Returns
    -------
    IPython.display.Markdown
    """
    _ = translator(lang)
    if _.lang == "en" or not as_of:
        until = as_of or _("today")
    else:
        until = _published(as_of, lang)
    return md(_("**%(area)s** · %(indicator)s · figures published by %(date)s",
                area=province_name(province, lang), indicator=_indicator(indicator, lang), date=until))


def exploration_summary(series: Mapping[str, Any], province: str, national: str | None,
                        observations=None, lang: str | None = None) -> dict[str, Any]:
    """Facts about a province's series against its comparators, in words.

    Parameters
    ----------
    series : mapping of province code to Series
        Growth series (from :func:`hatinh_analysis.load_series`), including *province*.
    province : str
        The province described.
    national : str, optional
        Code of the whole-country series, if in *series*.
    observations : pandas.DataFrame, optional
        Every published figure of the province (for the count of revised years).
    lang : {"vi", "en"}, optional
        Language of the paragraph (default: the current language); ``facts`` do not depend on it.

    Returns
    -------
    dict
        ``summary`` (one paragraph, plain text), ``html`` (the same for display)
        and ``facts`` (numbers, JSON-ready).
    """
    _ = translator(lang)
    s = series[province]
    name = province_name(province, lang)
    label = series_label(s, lang)
    years = [int(y) for y in s.index]
    statuses = (s.attrs or {}).get("statuses", {})
    n_est = sum(1 for v in statuses.values() if v != "final")
    gaps = sorted(set(range(years[0], years[-1] + 1)) - set(years))
    last = years[-1]
    facts: dict[str, Any] = {
        "province": province, "indicator": s.name, "first_year": years[0], "last_year": last,
        "n_years": len(years), "n_not_final": n_est, "missing_years": gaps,
        "latest": float(s.iloc[-1]), "max": float(s.max()), "max_year": int(s.idxmax()),
    }
    span = dict(area=name, series=label, num=len(years), first=years[0], last=last)
    parts = [_("%(area)s's %(series)s has figures for %(num)s years (%(first)s–%(last)s), none for %(gaps)s.",
               gaps=", ".join(map(str, gaps)), **span) if gaps else
             _("%(area)s's %(series)s has figures for %(num)s years (%(first)s–%(last)s).", **span)]
    if n_est:
        parts.append(_("%(num)s of them are still estimates or preliminary figures.", num=n_est))
    parts.append(_("Growth peaked at %(max)s in %(max_year)s; the latest figure is %(latest)s (%(last)s).",
                   max=_growth(s.max(), lang), max_year=int(s.idxmax()), latest=_growth(s.iloc[-1], lang),
                   last=last))
    if national and national in series:
        nat = series[national]
        common = [y for y in years if y in nat.index]
        if common:
            diff = [s[y] - nat[y] for y in common]
            above = sum(1 for d in diff if d > 0)
            facts["years_above_national"] = above
            facts["n_common_with_national"] = len(common)
            parts.append(_("It grew faster than %(national)s in %(above)s of %(num)s common years "
                           "(%(national)s %(year)s: %(value)s).",
                           national=province_name(national, lang, in_sentence=True),
                           above=above, num=len(common), year=common[-1], value=_growth(nat[common[-1]], lang)))
    others = [p for p in series if p not in (province, national)]
    if others:
        ranks = []
        for y in years:
            vals = [series[p][y] for p in others if y in series[p].index]
            if vals:
                ranks.append(all(s[y] > v for v in vals))
        if ranks:
            facts["years_fastest_among_neighbours"] = int(sum(ranks))
            parts.append(_("It was the fastest of the %(num)s neighbouring provinces shown in %(fastest)s of "
                           "the %(years)s years with neighbour figures.", num=len(others) + 1,
                           fastest=sum(ranks), years=len(ranks)))
    if observations is not None:
        figs = observations[observations["status"] != "target"]
        revised = sorted(int(y) for y, g in figs.groupby("year") if len(g) > 1)
        facts["years_with_several_figures"] = revised
        if revised:
            parts.append(_("%(num)s year(s) were published more than once, with different figures "
                           "(%(years)s): early estimates are revised.", num=len(revised),
                           years=", ".join(map(str, revised))))
    text = " ".join(parts)
    return {"summary": text, "html": html.escape(text), "facts": facts}


def bullet_list(items: Sequence[str]) -> str:
    """HTML ``<ul>`` of escaped items."""
    return "<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"


def _escaped(fmt, *, numeric: bool):
    """A cell formatter: ``fmt`` (format string or callable) applied, then HTML-escaped."""
    def cell(v):
        if fmt is None:
            if v is None or (not numeric and _missing(v)):
                return "–"
            text = str(v)
        elif isinstance(fmt, str):
            text = fmt.format(v)
        else:
            text = fmt(v)
        return html.escape(str(text))
    return cell


def _missing(v) -> bool:
    import pandas as pd

    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):  # list-like cells
        return False


def styled(df, *, caption: str | None = None, formats: Mapping[str, Any] | None = None,
           html_columns: Iterable[str] = ()):
    """A Styler without the index, with a caption and per-column formats.

    Parameters
    ----------
    df : pandas.DataFrame
    caption : str, optional
    formats : mapping of column to format string or callable
    html_columns : iterable of str
        Columns that already hold safe HTML (e.g. links); every other cell is escaped.

    Returns
    -------
    pandas.io.formats.style.Styler
    """
    import pandas as pd

    keep_html = set(html_columns)
    formats = {k: v for k, v in (formats or {}).items() if k in df.columns}
    sty = df.style.hide(axis="index")
    # Every cell outside html_columns is escaped, whatever its dtype: pandas 3 stores text as
    # ``str`` (not ``object``), and a format callable may return the cell's text unchanged.
    for col in df.columns:
        numeric = pd.api.types.is_numeric_dtype(df[col]) and not pd.api.types.is_bool_dtype(df[col])
        if col in keep_html or (numeric and col not in formats):  # markup already / a number
            if col in formats:
                sty = sty.format(formats[col], subset=[col])
            continue
        sty = sty.format(_escaped(formats.get(col), numeric=numeric), subset=[col])
    sty = sty.format_index(escape="html", axis=1)
    if caption:
        sty = sty.set_caption(html.escape(caption))
    sty = sty.set_table_attributes('class="hatinh-table"')
    sty = sty.set_table_styles([
        {"selector": "caption", "props": "caption-side: top; text-align: left; font-weight: 600; "
                                         "padding: 0 0 0.4em 0;"},
        {"selector": "th", "props": "text-align: left;"},
        {"selector": "td", "props": "text-align: left; vertical-align: top;"},
    ])
    return sty


def _unit_text(unit: str, lang: str | None = None) -> str:
    from hatinh_analysis.plots import unit_label

    return unit_label(unit, lang=lang)


def series_table(provinces: str | Iterable[str] | None = None, *, extra=None, lang: str | None = None):
    """What series exist: years covered, number of published figures, their statuses, sources.

    Use it first, to see which years and vintages a check could rest on.

    Parameters
    ----------
    provinces : str or iterable of str, optional
        Province codes to show (default: all).
    extra : path or DataFrame, optional
        Your own figures (see :func:`hatinh_analysis.read_user_figures`); they are
        counted, and the column *Your figures* says how many are yours.
    lang : {"vi", "en"}, optional
        Language of the headings, names, units and statuses (default: the current language).

    Returns
    -------
    Styler
        Columns Area, Indicator, Unit, Years, Figures, Your figures (only with
        *extra*), Status of the figures, Sources.
    """
    import pandas as pd

    from hatinh_analysis.data.store import list_series, load_observations

    _ = translator(lang)
    table = list_series(extra=extra)
    if provinces is not None:
        wanted = [provinces] if isinstance(provinces, str) else list(provinces)
        table = table[table["province"].isin(wanted)]
        order = {p: i for i, p in enumerate(wanted)}
        table = table.sort_values(["province", "indicator"], key=lambda s: s.map(order) if s.name == "province"
                                  else s)
    obs = load_observations(extra=extra)
    obs = obs[obs["status"] != "target"]
    n_sources = obs.groupby(["province", "indicator"])["source_id"].nunique()
    keys = ["area", "indicator", "unit", "years", "figures", "user_figures", "statuses", "sources"]
    rows = []
    for r in table.itertuples(index=False):
        rows.append(dict(zip(keys, [
            province_name(r.province, lang), _indicator(r.indicator, lang), _unit_text(r.unit, lang),
            f"{r.first_year}–{r.last_year}", int(r.n_obs), int(r.n_user),
            _status_words(r.statuses.split(","), lang), int(n_sources.get((r.province, r.indicator), 0))])))
    keys = keys if extra is not None else [k for k in keys if k != "user_figures"]
    df = pd.DataFrame(rows, columns=keys).rename(columns={k: _col(k, lang) for k in keys})
    return styled(df, caption=_("Series in the data (figures of every vintage; targets not counted)"))


def sources_table(province: str | Iterable[str], indicator: str | Iterable[str] | None = None,
                  as_of: str | None = None, *, extra=None, lang: str | None = None):
    """The publications behind a province's figures, with what each one provides.

    Use it to cite the figures a check rests on.

    Parameters
    ----------
    province : str or iterable of str
    indicator : str or iterable of str, optional
    as_of : str, optional
        Only figures published by then.
    extra : path or DataFrame, optional
        Your own figures: listed as "your figures" with their file and rows.
    lang : {"vi", "en"}, optional
        Language of the headings, indicators, statuses and dates (default: the current
        language); publishers and titles are quoted as published.

    Returns
    -------
    Styler
        Columns Publisher, Title, Published, Figures (indicator: years), Link.
    """
    import pandas as pd

    from hatinh_analysis.data.store import list_sources, load_observations

    _ = translator(lang)
    obs = load_observations(province, indicator, as_of=as_of, extra=extra)
    sources = list_sources().set_index("source_id")
    link_word = html.escape(_("link"))
    rows = []
    for (sid, origin), g in obs.groupby(["source_id", "origin"], sort=False):
        src = sources.loc[sid] if sid in sources.index and origin != "user" else None
        provides = []
        for ind, gi in g.groupby("indicator", sort=False):
            years = sorted(set(int(y) for y in gi["year"]))
            kinds = sorted(set(gi["status"]))
            provides.append(f"{_indicator(ind, lang)} {year_ranges(years)} ({_status_words(kinds, lang)})")
        url = "" if src is None else str(src.get("url", "") or "")
        if origin == "user":
            provides.append(_("your figures: %(rows)s", rows=", ".join(dict.fromkeys(g["user_row"]))))
        rows.append({
            "publisher": "" if src is None else publisher_name(src["publisher"], lang),
            "title": sid if src is None else str(src["title"]),
            "published": "" if src is None else str(src["published"]),
            "figures": "; ".join(provides),
            "link": f'<a href="{html.escape(url, quote=True)}">{link_word}</a>' if url else "–",
        })
    keys = ["publisher", "title", "published", "figures", "link"]
    df = pd.DataFrame(rows, columns=keys).sort_values("published", kind="mergesort")
    df["published"] = [_published(p, lang) if p else p for p in df["published"]]
    df = df.rename(columns={k: _col(k, lang) for k in keys})
    names = ", ".join(province_name(p, lang) for p in ([province] if isinstance(province, str) else province))
    return styled(df, caption=_("Where the figures for %(areas)s come from", areas=names),
                  html_columns=[_col("link", lang)])


def comparison_table(series: Mapping[str, Any], lang: str | None = None):
    """Growth by year (rows) and area (columns), as published figures in %.

    Parameters
    ----------
    series : mapping of province code to Series
        Growth series from :func:`hatinh_analysis.load_series`.
    lang : {"vi", "en"}, optional
        Language of the headings and numbers (default: the current language).

    Returns
    -------
    Styler
    """
    import pandas as pd

    _ = translator(lang)
    year = _col("year", lang)
    frame = pd.DataFrame({province_name(p, lang): s for p, s in series.items()})
    frame.index.name = year
    frame = frame.sort_index().reset_index()
    fmt = {c: (lambda v: _growth(v, lang)) for c in frame.columns if c != year}
    return styled(frame, caption=_("Growth over the previous year, % (– : no figure)"), formats=fmt)


def vintages_table(observations, *, only_revised: bool = True, lang: str | None = None):
    """Estimates versus later figures for the same year.

    Parameters
    ----------
    observations : pandas.DataFrame
        From :func:`hatinh_analysis.load_observations` for one province and one
        growth indicator.
    only_revised : bool
        Show only years with more than one published figure.
    lang : {"vi", "en"}, optional
        Language of the headings, statuses, dates and numbers (default: the current language).

    Returns
    -------
    Styler
        Year, Figure (growth %), Status, Published, Source, Difference from the
        first figure (percentage points).
    """
    import numpy as np
    import pandas as pd

    from hatinh_analysis.data.schema import parse_date_text
    from hatinh_analysis.data.store import list_sources

    _ = translator(lang)
    obs = observations[observations["status"] != "target"].copy()
    obs["growth"] = np.where(obs["unit"] == "index_prev_year=100", obs["value"] - 100.0, obs["value"])
    publishers = list_sources().set_index("source_id")["publisher"].to_dict()
    if only_revised:
        obs = obs.groupby("year").filter(lambda g: len(g) > 1)
    rows = []
    obs["_end"] = [parse_date_text(str(p)) for p in obs["published"]]
    for year, g in obs.sort_values(["year", "_end"], kind="mergesort").groupby("year"):
        first = g["growth"].iloc[0]
        for i, r in enumerate(g.itertuples(index=False)):
            change = r.growth - first
            rows.append([int(year), r.growth, _status_words([r.status], lang), _published(r.published, lang),
                         publisher_name(publishers.get(r.source_id, r.source_id), lang),
                         "" if i == 0 else f"{change:+.2f} points" if _.lang == "en" else format_points(change, lang)])
    keys = ["year", "figure", "status", "published", "source", "change"]
    df = pd.DataFrame(rows, columns=[_col(k, lang) for k in keys])
    caption = (_("Years published more than once: first estimate and later figures")
               if only_revised else _("Every published figure"))
    return styled(df, caption=caption, formats={_col("figure", lang): lambda v: _growth(v, lang, 2)})


#: A year "stands out" when the province grew this many points faster than every comparator.
STANDOUT_POINTS = 15.0


def standout_years(series: Mapping[str, Any], province: str, national: str | None = None,
                   lang: str | None = None) -> dict[str, Any]:
    """Years in which *province* grew far faster than every comparator, described in words.

    A year stands out when the province's growth exceeds the highest growth of
    the other areas in *series* that year by more than :data:`STANDOUT_POINTS`
    percentage points. Growth that far from every neighbour usually comes from
    one large plant or project starting up: such years say little about the
    underlying trend.

    Parameters
    ----------
    series : mapping of province code to Series
    province : str
    national : str, optional
        Not used to find the years (every other area is a comparator); kept for symmetry
        with :func:`exploration_summary`.
    lang : {"vi", "en"}, optional
        Language of the paragraph (default: the current language).

    Returns
    -------
    dict
        ``years`` (list of int), ``markdown`` (a paragraph naming the province
        and the years, or saying that none stands out).

    Examples
    --------
    >>> import pandas as pd
    >>> s = {"ha_tinh": pd.Series({2016: 20.9, 2017: 81.8}), "nghe_an": pd.Series({2016: 9.0, 2017: 10.0})}
    >>> standout_years(s, "ha_tinh")["years"]
    [2017]
    """
    _ = translator(lang)
    own = series[province]
    others = [s for p, s in series.items() if p != province]
    years = []
    for year, value in own.items():
        rivals = [float(s[year]) for s in others if year in s.index]
        if rivals and float(value) - max(rivals) > STANDOUT_POINTS:
            years.append(int(year))
    name = province_name(province, lang)
    points = f"{STANDOUT_POINTS:g}"
    if not years:
        text = _("No year of %(area)s stands more than %(points)s points above every comparator: its growth "
                 "moves within the range of its neighbours, so no single year dominates the trend.",
                 area=name, points=points)
    else:
        # in Vietnamese the decimal comma would run into a comma-separated list
        tops = (", " if _.lang == "en" else "; ").join(f"{y}: {_growth(own[y], lang)}" for y in years)
        text = _("%(area)s's figures for %(years)s (%(values)s) stand more than %(points)s points above every "
                 "comparator. Growth that far from every neighbour usually comes from one large plant or project "
                 "starting up, so those years say little about the province's underlying trend — the target "
                 "check (notebook 02) shows how much a verdict depends on them.",
                 area=name, years=year_ranges(years), values=tops, points=points)
    return {"years": years, "markdown": text}
