"""Tables for the report notebooks: readable column names, units, provenance.

Each function returns a :class:`pandas.io.formats.style.Styler` ready to be
displayed (the last expression of a notebook cell); the plain DataFrame is its
``.data``. Numbers are formatted for reading (``+8.5%``), never rounded in the data.
"""
from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = [
    "fmt_growth",
    "series_table",
    "sources_table",
    "comparison_table",
    "vintages_table",
    "styled",
]


def fmt_growth(x: Any, digits: int = 1) -> str:
    """``8.5`` → ``"+8.5%"``; NaN/None → ``"–"``."""
    if x is None:
        return "–"
    try:
        x = float(x)
    except (TypeError, ValueError):
        return str(x)
    if math.isnan(x):
        return "–"
    return f"{x:+.{digits}f}%"


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


def _name(code: str) -> str:
    from hatinh_analysis.plots import province_name

    return province_name(code)


def _indicator_label(code: str) -> str:
    from hatinh_analysis.data.vocab import INDICATORS

    return INDICATORS[code].label if code in INDICATORS else code


def _unit_text(unit: str) -> str:
    from hatinh_analysis.plots import unit_label

    return unit_label(unit)


def series_table(provinces: str | Iterable[str] | None = None):
    """What series exist: years covered, number of published figures, their statuses, sources.

    Parameters
    ----------
    provinces : str or iterable of str, optional
        Province codes to show (default: all).

    Returns
    -------
    Styler
        Columns Area, Indicator, Unit, Years, Figures, Status of the figures, Sources.
    """
    import pandas as pd

    from hatinh_analysis.data.store import list_series, load_observations

    table = list_series()
    if provinces is not None:
        wanted = [provinces] if isinstance(provinces, str) else list(provinces)
        table = table[table["province"].isin(wanted)]
        order = {p: i for i, p in enumerate(wanted)}
        table = table.sort_values(["province", "indicator"], key=lambda s: s.map(order) if s.name == "province"
                                  else s)
    obs = load_observations()
    obs = obs[obs["status"] != "target"]
    n_sources = obs.groupby(["province", "indicator"])["source_id"].nunique()
    rows = []
    for r in table.itertuples(index=False):
        rows.append({
            "Area": _name(r.province),
            "Indicator": _indicator_label(r.indicator),
            "Unit": _unit_text(r.unit),
            "Years": f"{r.first_year}–{r.last_year}",
            "Figures": int(r.n_obs),
            "Status of the figures": r.statuses.replace(",", ", "),
            "Sources": int(n_sources.get((r.province, r.indicator), 0)),
        })
    df = pd.DataFrame(rows, columns=["Area", "Indicator", "Unit", "Years", "Figures",
                                     "Status of the figures", "Sources"])
    return styled(df, caption="Series in the data (figures of every vintage; targets not counted)")


def sources_table(province: str | Iterable[str], indicator: str | Iterable[str] | None = None,
                  as_of: str | None = None):
    """The publications behind a province's figures, with what each one provides.

    Parameters
    ----------
    province : str or iterable of str
    indicator : str or iterable of str, optional
    as_of : str, optional
        Only figures published by then.

    Returns
    -------
    Styler
        Columns Publisher, Title, Published, Figures (indicator: years), Link.
    """
    import pandas as pd

    from hatinh_analysis.data.store import list_sources, load_observations

    obs = load_observations(province, indicator, as_of=as_of)
    sources = list_sources().set_index("source_id")
    rows = []
    for sid, g in obs.groupby("source_id", sort=False):
        src = sources.loc[sid] if sid in sources.index else None
        provides = []
        for ind, gi in g.groupby("indicator", sort=False):
            years = sorted(set(int(y) for y in gi["year"]))
            kinds = sorted(set(gi["status"]))
            provides.append(f"{_indicator_label(ind)} {_years_text(years)} ({', '.join(kinds)})")
        url = "" if src is None else str(src.get("url", "") or "")
        rows.append({
            "Publisher": "" if src is None else str(src["publisher"]),
            "Title": sid if src is None else str(src["title"]),
            "Published": "" if src is None else str(src["published"]),
            "Figures": "; ".join(provides),
            "Link": f'<a href="{html.escape(url, quote=True)}">link</a>' if url else "–",
        })
    df = pd.DataFrame(rows, columns=["Publisher", "Title", "Published", "Figures", "Link"])
    df = df.sort_values("Published", kind="mergesort")
    names = ", ".join(_name(p) for p in ([province] if isinstance(province, str) else province))
    return styled(df, caption=f"Where the figures for {names} come from", html_columns=["Link"])


def _years_text(years: list[int]) -> str:
    from hatinh_analysis.plots import _ranges

    return _ranges(years)


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

    frame = pd.DataFrame({_name(p): s for p, s in series.items()})
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
