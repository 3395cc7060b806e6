"""Generates `hatinh_analysis.breaks.SHOCK_SCALE_FLOOR` and measures how many years the
shock detector flags across the shipped panels (issue 16, item 5).

For every growth indicator with a panel of series (the provinces' IIP; the industries once in
the store), prints the floor (median over series of the typical annual change,
`hatinh_analysis.combination.shock_scale_floor`) and the share of series-years flagged by
`detect_shocks` with and without the floor (each series as now published, whole length;
series with fewer than 5 years cannot be examined and are not counted).

Usage: ``python benchmarks/shock_floor.py [--json out.json]``
"""
from __future__ import annotations

import argparse
import json
import warnings


def measure(indicator: str, panel) -> dict:
    from hatinh_analysis.breaks import SHOCK_MIN_OBS, detect_shocks
    from hatinh_analysis.combination import shock_scale_floor

    floor, source = shock_scale_floor(panel)
    out = {"indicator": indicator, "floor": floor, "floor_source": source}
    for name, fl in (("with_floor", floor), ("without_floor", None)):
        years = flagged = series = 0
        which = []
        for unit, g in panel.sort_values(["unit", "year"]).groupby("unit"):
            s = g.set_index("year")["growth"]
            if len(s) < SHOCK_MIN_OBS:
                continue
            r = detect_shocks(s, scale_floor=fl)
            if not r.ok:
                continue
            series += 1
            years += len(s)
            flagged += len(r.years)
            which += [f"{unit}:{y}" for y in r.years]
        out[name] = {"series": series, "years": years, "flagged": flagged,
                     "share": flagged / years if years else float("nan"), "flagged_years": which}
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", help="also write the figures to this file")
    a = ap.parse_args(argv)
    warnings.simplefilter("ignore")
    from hatinh_analysis.combination import load_panel  # noqa: I001
    from hatinh_analysis.data import vocab
    from hatinh_analysis.data.store import list_series

    have = list_series()
    res = []
    for ind in sorted(set(have["indicator"])):
        spec = vocab.INDICATORS.get(ind)
        if spec is None or spec.kind != "growth":
            continue
        panel, _nat = load_panel(ind)
        if panel is None or panel["unit"].nunique() < 5:
            continue
        res.append(measure(ind, panel))
    from hatinh_analysis.combination import industry_panel

    ipanel = industry_panel()
    if ipanel is not None:
        res.append(measure("iip by industry (national, sections and divisions)", ipanel))
    for r in res:
        w, wo = r["with_floor"], r["without_floor"]
        print(f"{r['indicator']}: floor {r['floor']:.2f} points ({r['floor_source']}); flagged "
              f"{w['flagged']} of {w['years']} series-years ({w['share']:.1%}) in {w['series']} "
              f"series with the floor, {wo['flagged']} ({wo['share']:.1%}) without")
        print("   flagged with the floor:", ", ".join(w["flagged_years"]) or "none")
    if a.json:
        with open(a.json, "w", encoding="utf-8") as fh:
            json.dump(res, fh, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
