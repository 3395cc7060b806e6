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

from hatinh_analysis.formats import fmt_growth, indicator_label, province_name, year_ranges

__all__ = ["callout", "md", "bullet_list", "exploration_summary", "standout_years",
           "styled", "series_table", "sources_table", "comparison_table", "vintages_table"]

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
    """Display-ready Markdown (``IPython.display.Markdown``)."""
    from IPython.display import Markdown

    return Markdown(text)


def exploration_summary(series: Mapping[str, Any], province: str, national: str | None,
                        observations=None) -> dict[str, Any]:
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

    Returns
    -------
    dict
        ``summary`` (one paragraph, plain text), ``html`` (the same for display)
        and ``facts`` (numbers, JSON-ready).
    """
    s = series[province]
    name = province_name(province)
    label = str((s.attrs or {}).get("label", s.name))
    if len(label) > 1 and label[1].islower():
        label = label[0].lower() + label[1:]
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
    parts = [f"{name}'s {label} has figures for {len(years)} years ({years[0]}–{last})"
             + (f", none for {', '.join(map(str, gaps))}" if gaps else "") + "."]
    if n_est:
        parts.append(f"{n_est} of them are still estimates or preliminary figures.")
    parts.append(f"Growth peaked at {fmt_growth(s.max())} in {int(s.idxmax())}; the latest figure is "
                 f"{fmt_growth(s.iloc[-1])} ({last}).")
    if national and national in series:
        nat = series[national]
        common = [y for y in years if y in nat.index]
        if common:
            diff = [s[y] - nat[y] for y in common]
            above = sum(1 for d in diff if d > 0)
            facts["years_above_national"] = above
            facts["n_common_with_national"] = len(common)
            parts.append(f"It grew faster than {province_name(national)} in {above} of {len(common)} "
                         f"common years ({province_name(national)} {common[-1]}: {fmt_growth(nat[common[-1]])}).")
    others = [p for p in series if p not in (province, national)]
    if others:
        ranks = []
        for y in years:
            vals = [series[p][y] for p in others if y in series[p].index]
            if vals:
                ranks.append(all(s[y] > v for v in vals))
        if ranks:
            facts["years_fastest_among_neighbours"] = int(sum(ranks))
            parts.append(f"It was the fastest of the {len(others) + 1} neighbouring provinces shown in "
                         f"{sum(ranks)} of the {len(ranks)} years with neighbour figures.")
    if observations is not None:
        figs = observations[observations["status"] != "target"]
        revised = sorted(int(y) for y, g in figs.groupby("year") if len(g) > 1)
        facts["years_with_several_figures"] = revised
        if revised:
            parts.append(f"{len(revised)} year(s) were published more than once, with different figures "
                         f"({', '.join(map(str, revised))}): early estimates are revised.")
    text = " ".join(parts)
    return {"summary": text, "html": html.escape(text), "facts": facts}


def bullet_list(items: Sequence[str]) -> str:
    """HTML ``<ul>`` of escaped items."""
    return "<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"


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
    keep_html = set(html_columns)
    escape_cols = [c for c in df.columns if c not in keep_html and df[c].dtype == object]
    sty = df.style.hide(axis="index")
    if escape_cols:
        sty = sty.format(lambda v: html.escape(str(v)) if v is not None else "–", subset=escape_cols)
    if formats:
        sty = sty.format({k: v for k, v in formats.items() if k in df.columns})
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


def _unit_text(unit: str) -> str:
    from hatinh_analysis.plots import unit_label

    return unit_label(unit)


def series_table(provinces: str | Iterable[str] | None = None, *, extra=None):
    """What series exist: years covered, number of published figures, their statuses, sources.

    Use it first, to see which years and vintages a check could rest on.

    Parameters
    ----------
    provinces : str or iterable of str, optional
        Province codes to show (default: all).
    extra : path or DataFrame, optional
        Your own figures (see :func:`hatinh_analysis.read_user_figures`); they are
        counted, and the column *Your figures* says how many are yours.

    Returns
    -------
    Styler
        Columns Area, Indicator, Unit, Years, Figures, Your figures (only with
        *extra*), Status of the figures, Sources.
    """
    import pandas as pd

    from hatinh_analysis.data.store import list_series, load_observations

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
    rows = []
    for r in table.itertuples(index=False):
        rows.append({
            "Area": province_name(r.province),
            "Indicator": indicator_label(r.indicator),
            "Unit": _unit_text(r.unit),
            "Years": f"{r.first_year}–{r.last_year}",
            "Figures": int(r.n_obs),
            "Your figures": int(r.n_user),
            "Status of the figures": r.statuses.replace(",", ", "),
            "Sources": int(n_sources.get((r.province, r.indicator), 0)),
        })
    columns = ["Area", "Indicator", "Unit", "Years", "Figures", "Your figures", "Status of the figures",
               "Sources"]
    df = pd.DataFrame(rows, columns=columns if extra is not None else
                      [c for c in columns if c != "Your figures"])
    return styled(df, caption="Series in the data (figures of every vintage; targets not counted)")


def sources_table(province: str | Iterable[str], indicator: str | Iterable[str] | None = None,
                  as_of: str | None = None, *, extra=None):
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

    Returns
    -------
    Styler
        Columns Publisher, Title, Published, Figures (indicator: years), Link.
    """
    import pandas as pd

    from hatinh_analysis.data.store import list_sources, load_observations

    obs = load_observations(province, indicator, as_of=as_of, extra=extra)
    sources = list_sources().set_index("source_id")
    rows = []
    for (sid, origin), g in obs.groupby(["source_id", "origin"], sort=False):
        src = sources.loc[sid] if sid in sources.index and origin != "user" else None
        provides = []
        for ind, gi in g.groupby("indicator", sort=False):
            years = sorted(set(int(y) for y in gi["year"]))
            kinds = sorted(set(gi["status"]))
            provides.append(f"{indicator_label(ind)} {year_ranges(years)} ({', '.join(kinds)})")
        url = "" if src is None else str(src.get("url", "") or "")
        if origin == "user":
            provides.append(f"your figures: {', '.join(dict.fromkeys(g['user_row']))}")
        rows.append({
            "Publisher": "" if src is None else str(src["publisher"]),
            "Title": sid if src is None else str(src["title"]),
            "Published": "" if src is None else str(src["published"]),
            "Figures": "; ".join(provides),
            "Link": f'<a href="{html.escape(url, quote=True)}">link</a>' if url else "–",
        })
    df = pd.DataFrame(rows, columns=["Publisher", "Title", "Published", "Figures", "Link"])
    df = df.sort_values("Published", kind="mergesort")
    names = ", ".join(province_name(p) for p in ([province] if isinstance(province, str) else province))
    return styled(df, caption=f"Where the figures for {names} come from", html_columns=["Link"])


def comparison_table(series: Mapping[str, Any]):
    """Growth by year (rows) and area (columns), as published figures in %.

    Parameters
    ----------
    series : mapping of province code to Series
        Growth series from :func:`hatinh_analysis.load_series`.

    Returns
    -------
    Styler
    """
    import pandas as pd

    frame = pd.DataFrame({province_name(p): s for p, s in series.items()})
    frame.index.name = "Year"
    frame = frame.sort_index().reset_index()
    fmt = {c: fmt_growth for c in frame.columns if c != "Year"}
    return styled(frame, caption="Growth over the previous year, % (– : no figure)", formats=fmt)


def vintages_table(observations, *, only_revised: bool = True):
    """Estimates versus later figures for the same year.

    Parameters
    ----------
    observations : pandas.DataFrame
        From :func:`hatinh_analysis.load_observations` for one province and one
        growth indicator.
    only_revised : bool
        Show only years with more than one published figure.

    Returns
    -------
    Styler
        Year, Figure (growth %), Status, Published, Source, Difference from the
        first figure (percentage points).
    """
    import numpy as np
    import pandas as pd

    from hatinh_analysis.data.store import list_sources

    obs = observations[observations["status"] != "target"].copy()
    obs["growth"] = np.where(obs["unit"] == "index_prev_year=100", obs["value"] - 100.0, obs["value"])
    publishers = list_sources().set_index("source_id")["publisher"].to_dict()
    if only_revised:
        obs = obs.groupby("year").filter(lambda g: len(g) > 1)
    rows = []
    from hatinh_analysis.data.schema import parse_date_text

    obs["_end"] = [parse_date_text(str(p)) for p in obs["published"]]
    for year, g in obs.sort_values(["year", "_end"], kind="mergesort").groupby("year"):
        first = g["growth"].iloc[0]
        for i, r in enumerate(g.itertuples(index=False)):
            rows.append({
                "Year": int(year),
                "Figure": r.growth,
                "Status": r.status,
                "Published": str(r.published),
                "Source": publishers.get(r.source_id, r.source_id),
                "Change from the first figure": "" if i == 0 else f"{r.growth - first:+.2f} points",
            })
    df = pd.DataFrame(rows, columns=["Year", "Figure", "Status", "Published", "Source",
                                     "Change from the first figure"])
    caption = ("Years published more than once: first estimate and later figures"
               if only_revised else "Every published figure")
    return styled(df, caption=caption, formats={"Figure": lambda v: fmt_growth(v, 2)})


#: A year "stands out" when the province grew this many points faster than every comparator.
STANDOUT_POINTS = 15.0


def standout_years(series: Mapping[str, Any], province: str, national: str | None = None) -> dict[str, Any]:
    """Years in which *province* grew far faster than every comparator, described in words.

    A year stands out when the province's growth exceeds the highest growth of
    the other areas in *series* that year by more than :data:`STANDOUT_POINTS`
    percentage points. Growth that far from every neighbour usually comes from
    one large plant or project starting up: such years say little about the
    underlying trend.

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
    own = series[province]
    others = [s for p, s in series.items() if p != province]
    years = []
    for year, value in own.items():
        rivals = [float(s[year]) for s in others if year in s.index]
        if rivals and float(value) - max(rivals) > STANDOUT_POINTS:
            years.append(int(year))
    name = province_name(province)
    if not years:
        text = (f"No year of {name} stands more than {STANDOUT_POINTS:g} points above every comparator: its "
                "growth moves within the range of its neighbours, so no single year dominates the trend.")
    else:
        tops = ", ".join(f"{y}: {fmt_growth(own[y])}" for y in years)
        text = (f"{name}'s figures for {year_ranges(years)} ({tops}) stand more than {STANDOUT_POINTS:g} points "
                "above every comparator. Growth that far from every neighbour usually comes from one large "
                "plant or project starting up, so those years say little about the province's underlying "
                "trend — the target check (notebook 02) shows how much a verdict depends on them.")
    return {"years": years, "markdown": text}
