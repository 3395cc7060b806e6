"""Plain-language boxes and sentences for the report notebooks.

The notebooks stay narrative: the wording that depends on the numbers is
produced here, from the library's results, and displayed as HTML (readable in
JupyterLab and in the exported report alike; styles are inline so no extra
stylesheet is needed).
"""
from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["callout", "md", "exploration_summary"]

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


def _pct(x: float) -> str:
    return "n/a" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:+.1f}%"


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
    from hatinh_analysis.plots import province_name

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
    parts.append(f"Growth peaked at {_pct(s.max())} in {int(s.idxmax())}; the latest figure is "
                 f"{_pct(s.iloc[-1])} ({last}).")
    if national and national in series:
        nat = series[national]
        common = [y for y in years if y in nat.index]
        if common:
            diff = [s[y] - nat[y] for y in common]
            above = sum(1 for d in diff if d > 0)
            facts["years_above_national"] = above
            facts["n_common_with_national"] = len(common)
            parts.append(f"It grew faster than {province_name(national)} in {above} of {len(common)} "
                         f"common years ({province_name(national)} {common[-1]}: {_pct(nat[common[-1]])}).")
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
