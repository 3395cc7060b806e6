"""Generates lang_en_snapshot.json: the English text of the default Hà Tĩnh 2020 target check
(notebook 02's defaults). Taken before the language setting was added; regenerated once for
issue 18 (structured engine notes said by i18n.say, the four-sentence verdict box, the new
verdict words), reviewed by reading the diff of the .json. tests/test_lang.py
checks that English output is unchanged against it. Re-run only when an English wording is
changed on purpose:  .venv/bin/python tests/results/lang_en_snapshot.py
"""
import json
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")


def table_html(styler) -> str:
    """A table's HTML without the Styler's random element ids."""
    return re.sub(r"T_[0-9a-f]{5}", "T_x", styler.to_html())


def snapshot() -> dict:
    import hatinh_analysis as ha
    from hatinh_analysis.i18n import say, term

    series = ha.load_series("iip", "ha_tinh", as_of="2019-12-25")
    check = ha.check_target(series, 10.64, 2020)
    report = ha.target_report(series, check, alt_exclude_years=[2017, 2018], alt_break_years=[2017])
    out = {
        "check.summary": " ".join(say(n) for n in check.summary),
        "check.verdict_label": term("verdict", check.verdict),
        "check.probability_note": say(check.probability_note),
        "check.verdict_caveat": say(check.verdict_caveat),
        "report.question": report.question(),
        "report.headline": report.headline(),
        "report.summary": report.summary(),
        "report.verdict_box": report.verdict_box().data,
        "report.cross_check_caveats": report.cross_check_caveats().data,
        "report.engine_summary": report.engine_summary().data,
        "report.model_notes": report.model_notes(),
    }
    for name in ("results_table", "record_table", "shocks_table", "scenario_table", "cross_check_table"):
        out[f"report.{name}"] = table_html(getattr(report, name)())
    res = report.to_result()
    out["result.summary"], out["result.verdict"], out["result.headline"] = (
        res["summary"], res["verdict"], res["headline"])
    for name in ("history_chart", "fan_chart", "scenario_chart", "reference_chart"):
        chart = getattr(report, name)()
        fig = chart.fig if hasattr(chart, "fig") else chart.figure
        texts = [t.get_text() for t in fig.findobj(matplotlib.text.Text) if t.get_text()]
        out[f"chart.{name}"] = {"alt": chart.alt, "texts": texts}
        matplotlib.pyplot.close(fig)
    board = ha.scoreboard_report(province="ha_tinh")
    out["board.sentences"] = board.sentences()
    out["board.headline"] = board.headline()
    out["board.verdict"] = board.verdict()
    out["board.summary_table"] = table_html(board.summary_table())
    out["board.comparison_table"] = table_html(board.comparison_table())
    out["board.province_table"] = table_html(board.province_table())
    ch = board.chart()
    out["chart.scoreboard_chart"] = {"alt": ch.alt, "texts": [t.get_text() for t in ch.fig.findobj(
        matplotlib.text.Text) if t.get_text()]}
    matplotlib.pyplot.close(ch.fig)
    out["track_record.summary"] = ha.target_track_record("ha_tinh", as_of="2019-12-25").summary()
    return out


if __name__ == "__main__":
    path = Path(__file__).with_suffix(".json")
    path.write_text(json.dumps(snapshot(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print("wrote", path)
