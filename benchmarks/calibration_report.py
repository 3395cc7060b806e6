"""Scoreboard figures of the calibration variants (issue 16, items 2-3): overall, by reference
class and by outcome year, from the committed scoreboard (``python -m hatinh_analysis.evaluation
build`` first). Prints Markdown tables (the README's scoreboard section is pasted from them) and
writes ``benchmarks/results/calibration-<timestamp>.json``.

For every method: forecasts n, 80 % and 95 % coverage with counts and the Wilson 95 % band,
the mean interval score (points) and MSIS at 80/95 %, and the mean CRPS. ``calibrated`` is the
variant the scoreboard chose (``settings["calibration"]`` and its reason).

Usage: ``python benchmarks/calibration_report.py [--horizon 1]``
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import math
from pathlib import Path

HERE = Path(__file__).parent


def _cov(r, k):
    return (f"{int(r[f'hits_{k}'])}/{int(r['n'])} = {r[f'coverage_{k}']:.0%} "
            f"[{r[f'wilson_lo_{k}']:.0%}, {r[f'wilson_hi_{k}']:.0%}]")


def _num(x, fmt="{:.2f}"):
    return "∞" if isinstance(x, float) and math.isinf(x) else ("–" if x != x else fmt.format(x))


def table(frame, first=None) -> str:
    head = ([first] if first else []) + ["method", "n", "80% held", "95% held", "IS 80", "IS 95",
                                         "MSIS 80", "MSIS 95", "CRPS"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in frame.to_dict(orient="records"):
        cells = ([str(r[first])] if first else []) + [
            r["method"], str(int(r["n"])), _cov(r, "80"), _cov(r, "95"), _num(r["is_80"]),
            _num(r["is_95"]), _num(r["msis_80"]), _num(r["msis_95"]), _num(r["crps"])]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--horizon", type=int, default=1)
    a = ap.parse_args(argv)
    from hatinh_analysis.evaluation import BENCHMARK_NAMES, MODEL_NAMES, VARIANTS, load_scoreboard

    sb = load_scoreboard()
    h = a.horizon
    st = sb.settings
    print(f"Calibration chosen: {st.get('calibration')} — {st.get('calibration_reason')}\n")
    f = sb.forecasts[sb.forecasts["horizon"] == h]
    cal = f[f["method"] == "calibrated"]
    print(f"Horizon {h}: {len(cal)} calibrated forecasts, outcome years "
          f"{sorted(int(y) for y in cal['year'].unique())} ({cal['year'].nunique()} years)\n")
    overall = sb.summary_frame(h, variants=True)
    print("## Overall\n\n" + table(overall) + "\n")
    keep = ("calibrated",) + VARIANTS + ("combined",) + BENCHMARK_NAMES
    by_class = sb.by_class(h, keep)
    print("## By reference class\n\n" + table(by_class, "ref_class") + "\n")
    by_year = sb.by_year(h, ("calibrated",))
    print("## Calibrated, by outcome year\n\n" + table(by_year, "year") + "\n")
    comp = sb.comparison_frame(h, variants=True)
    if not comp.empty:
        print("## Against the calibrated, on common forecasts\n")
        cols = ["method", "n_common", "msis_80", "msis_80_calibrated", "msis_95",
                "msis_95_calibrated", "crps", "crps_calibrated"]
        print("| " + " | ".join(cols) + " |\n|" + "---|" * len(cols))
        for r in comp[cols].to_dict(orient="records"):
            print("| " + " | ".join(str(r[c]) if c in ("method", "n_common") else _num(r[c])
                                    for c in cols) + " |")
    out = HERE / "results" / f"calibration-{dt.datetime.now(dt.timezone.utc):%Y%m%dT%H%M%SZ}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({
        "settings": {k: st.get(k) for k in ("calibration", "calibration_reason", "data_fingerprint")},
        "horizon": h, "overall": overall.to_dict(orient="records"),
        "by_class": by_class.to_dict(orient="records"), "by_year": by_year.to_dict(orient="records"),
        "plugin_models": list(MODEL_NAMES)}, ensure_ascii=False, indent=1, default=str),
        encoding="utf-8")
    print(f"\nwritten {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
