"""The language setting of the library's text-producing functions (issue 12).

* English output is unchanged: the default Hà Tĩnh 2020 check's texts, tables and chart
  texts equal the snapshot (tests/results/lang_en_snapshot.py; regenerated once for issue 18,
  when the engine's notes became structured and the verdict box was cut to four sentences).
* Vietnamese output contains no English message of the catalogue, and its numbers follow
  Babel's ``vi_VN`` formats.
"""
import json
import re
import sys
from pathlib import Path

import pytest

import hatinh_analysis as ha
from hatinh_analysis import i18n
from hatinh_analysis.i18n import format_pct, load_catalog, say
from hatinh_analysis.target import format_probability

RESULTS = Path(__file__).parent / "results"


@pytest.fixture(scope="module")
def check():
    series = ha.load_series("iip", "ha_tinh", as_of="2019-12-25")
    return ha.check_target(series, 10.64, 2020)


@pytest.fixture(scope="module")
def english_messages():
    """Every English message of the catalogue that is a phrase (3+ words) and whose
    Vietnamese translation differs from it, without its placeholders: fragments of
    text that must not appear in Vietnamese output."""
    out = set()
    for m in load_catalog("vi"):
        if not m.id or not m.string:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        for msgid in ids:
            for piece in re.split(r"%\([a-z_]+\)[sdf]|%%", msgid):
                piece = piece.strip(" .,:;()—-")
                if len(piece.split()) >= 3 and piece not in str(m.string):
                    out.add(piece)
    return out


def english_left(text: str, english_messages) -> list[str]:
    return sorted(p for p in english_messages if p in text)


def test_english_unchanged_against_snapshot():
    sys.path.insert(0, str(RESULTS))
    try:
        import lang_en_snapshot
    finally:
        sys.path.remove(str(RESULTS))
    frozen = json.loads((RESULTS / "lang_en_snapshot.json").read_text(encoding="utf-8"))
    with i18n.language("en"):
        now = lang_en_snapshot.snapshot()
    assert sorted(now) == sorted(frozen)
    changed = [k for k in frozen if now[k] != frozen[k]]
    assert not changed, f"English output changed: {changed}"


def test_default_language_is_english(check):
    assert i18n.get_language() == "en"
    assert say(check.summary) == say(check.summary, "en")


def test_check_summary_vi(check, english_messages):
    text = say(check.summary, "vi")
    assert english_left(text, english_messages) == []
    assert "Mục tiêu: tăng " + format_pct(10.6, "vi", decimals=1, signed=True) in text
    assert "+10,6%" in text and "Kết luận: có thể đạt" in text
    assert i18n.term("verdict", check.verdict, "vi") == "có thể đạt"
    # the default check prints its chance: the coverage known on 2019-12-25 contains 80%
    assert check.probability_printed
    assert format_probability(check.prob_reach, "vi") == "83%"
    assert say(check.probability_note, "vi").startswith("được công bố: ")
    # the stored result holds the note itself, not a sentence in some language
    assert check.probability_note.id.startswith("printed: ")


def test_check_summary_follows_current_language():
    series = ha.load_series("iip", "ha_tinh", as_of="2019-12-25")
    c = ha.check_target(series, 10.64, 2020)
    with i18n.language("vi"):
        assert say(c.summary) == say(c.summary, "vi")
        assert "Kết luận: có thể đạt" in say(c.summary)
    assert "Verdict: within reach" in say(c.summary)


def test_format_probability_vi():
    from hatinh_analysis.target import format_probability

    assert format_probability(0.834, "vi") == "83%"
    assert format_probability(0.001, "vi") == "<1%"
    assert format_probability(0.999, "en") == ">99%"


def test_bad_lang_refused(check):
    with pytest.raises(ValueError, match="lang='fr'"):
        say(check.summary, "fr")


# --------------------------------------------------------------------------- the report in vi
@pytest.fixture(scope="module")
def report(check):
    return ha.target_report(check.input_series, check, alt_exclude_years=[2017, 2018], alt_break_years=[2017])


def visible_text(obj) -> str:
    """The text a reader sees: an HTML box or a table (caption, headers, cells) without tags."""
    import html as html_lib

    text = obj if isinstance(obj, str) else (obj.data if hasattr(obj, "data") and isinstance(obj.data, str)
                                             else obj.to_html())
    text = re.sub(r"<style.*?</style>", " ", text, flags=re.S)
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", text))


def chart_texts(chart) -> str:
    import matplotlib

    texts = [t.get_text() for t in chart.fig.findobj(matplotlib.text.Text) if t.get_text()]
    matplotlib.pyplot.close(chart.fig)
    return "\n".join(texts + [chart.alt])


def test_verdict_box_and_summary_vi(report, english_messages):
    box = visible_text(report.verdict_box("vi"))
    assert english_left(box, english_messages) == []
    assert "Kết luận: có thể đạt — mục tiêu nằm trong khoảng dự báo khả dĩ" in box
    assert "ngày 25 tháng 12 năm 2019" in box                       # the as-of date, the Vietnamese way
    assert "+10,64% thấp hơn dự báo trung tâm +18,1% cho năm 2020: có thể đạt" in box
    assert "từ +7,4% đến +25,7%" in box and "68 trong 91" in box      # range and record, comma decimals
    assert "84.142 tỷ đồng" in visible_text(report.cross_check_caveats("vi"))  # the cross-check, section 6
    for sentence in [report.summary("vi"), report.question("vi"), report.headline("vi")]:
        assert english_left(sentence, english_messages) == []
    assert report.headline("vi") == "có thể đạt — xác suất 83%"
    # English is untouched by a Vietnamese call
    assert report.headline("en") == "within reach — chance 83%"


@pytest.mark.parametrize("name", ["results_table", "record_table", "shocks_table", "scenario_table",
                                  "cross_check_table", "cross_check_caveats", "engine_summary"])
def test_tables_vi(report, english_messages, name):
    text = visible_text(getattr(report, name)("vi"))
    assert english_left(text, english_messages) == []
    english_headers = {"Forecast", "Year", "Growth", "Status", "Scenario", "Verdict", "Figure", "Value"}
    obj = getattr(report, name)("vi")
    if hasattr(obj, "data") and hasattr(obj.data, "columns"):
        assert not english_headers & set(obj.data.columns), list(obj.data.columns)


def test_record_table_vi_uses_office_terms(report):
    cells = report.record_table("vi").data
    assert set(cells["Trạng thái"]) <= {"chính thức", "sơ bộ", "ước tính", "kế hoạch"}
    assert "+8,5%" in set(cells["Tốc độ tăng"])


@pytest.mark.parametrize("name", ["history_chart", "fan_chart", "scenario_chart", "reference_chart"])
def test_charts_vi(report, english_messages, name):
    text = chart_texts(getattr(report, name)("vi"))
    assert english_left(text, english_messages) == []
    assert "Nguồn:" in text or name == "scoreboard_chart"
    assert i18n.missing_glyphs(text) == []                           # DejaVu Sans draws every letter


def test_sidecar_vi(report, english_messages):
    res = report.to_result(lang="vi")
    assert res["verdict"] == "có thể đạt" and res["details"]["lang"] == "vi"
    assert res["details"]["verdict"] == "plausible"                  # codes do not depend on the language
    for text in (res["summary"], res["headline"], res["details"]["question"],
                 res["details"]["engine_summary"]):
        assert english_left(text, english_messages) == []
    # the scenario names in the sidecar stay English (the runner's keys)
    assert [s["name"] for s in res["details"]["scenarios"]][0] == "As specified"


def test_scoreboard_vi(english_messages):
    board = ha.scoreboard_report(province="ha_tinh")
    for text in board.sentences("vi") + [board.headline("vi"), board.verdict("vi")]:
        assert english_left(text, english_messages) == []
    for name in ("summary_table", "comparison_table", "province_table"):
        assert english_left(visible_text(getattr(board, name)("vi")), english_messages) == []
    assert english_left(chart_texts(board.chart("vi")), english_messages) == []
    assert board.verdict("vi") == "quá hẹp" and board.verdict("en") == "too narrow"


# --------------------------------------------------------------------------- numbers and dates
@pytest.mark.parametrize("value, lang, expected", [
    (10.64, "vi", "10,64%"), (10.64, "en", "10.64%")])
def test_percent_against_babel(value, lang, expected):
    from babel.numbers import format_percent

    assert format_pct(value, lang) == expected
    assert format_percent(value / 100, format="#,##0.00%", locale=i18n.BABEL_LOCALES[lang]) == expected


def test_amounts_and_dates_against_babel():
    import datetime as dt

    from babel.dates import format_date
    from babel.numbers import format_decimal

    assert i18n.format_amount(75800, "bn_vnd", "vi") == "75.800 tỷ đồng"
    assert i18n.format_amount(84142, "bn_vnd", "vi") == f"{format_decimal(84142, locale='vi_VN')} tỷ đồng"
    assert i18n.format_amount(75800, "bn_vnd", "en") == "75,800 bn VND"
    day = dt.date(2019, 12, 25)
    assert i18n.format_date(day, "vi") == "ngày 25 tháng 12 năm 2019"
    assert format_date(day, "d", locale="vi_VN") == "25" and format_date(day, "M", locale="vi_VN") == "12"


# --------------------------------------------------------------------------- notebooks
NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


@pytest.mark.parametrize("stem", ["01_explore_series", "02_target_check", "03_backtest"])
def test_notebook_narrative_is_the_catalogue(stem):
    """Every Markdown cell of the notebooks names its paragraph, and holds exactly the English
    text of the catalogue (one place for the words); localize_notebook gives the Vietnamese."""
    import nbformat

    from hatinh_analysis.prose import localize_notebook, prose_text

    nb = nbformat.read(NOTEBOOKS / f"{stem}.ipynb", as_version=4)
    md = [c for c in nb.cells if c.cell_type == "markdown"]
    assert md and all(c.metadata.get("hatinh", {}).get("prose") for c in md)
    for c in md:
        assert c.source == prose_text(c.metadata["hatinh"]["prose"], "en")
    vi = localize_notebook(nb, "vi")
    for c, v in zip(md, [c for c in vi.cells if c.cell_type == "markdown"]):
        assert v.source == prose_text(c.metadata["hatinh"]["prose"], "vi") != c.source
    assert vi.metadata["hatinh"]["lang"] == "vi"
    assert nb.cells[1].source.count('lang: str = "en"') == 1
    # the one-line description (hatinh-report's listing and index) is a catalogue message too
    from hatinh_analysis.prose import DESCRIPTIONS

    assert nb.metadata["hatinh"]["description"] in DESCRIPTIONS
    assert vi.metadata["hatinh"]["description"] == i18n.gettext(nb.metadata["hatinh"]["description"], "vi") \
        != nb.metadata["hatinh"]["description"]
    assert localize_notebook(vi, "en").metadata["hatinh"]["description"] == nb.metadata["hatinh"]["description"]


@pytest.mark.slow
def test_notebook_02_runs_in_vietnamese(tmp_path, english_messages):
    """Notebook 02 run by papermill with lang="vi" (narrative localized first, as the runner
    does): the verdict box, the sidecar and the figures' alt texts are Vietnamese."""
    import nbformat
    import papermill as pm

    from hatinh_analysis.prose import localize_notebook
    from hatinh_analysis.report import read_result

    nb = localize_notebook(nbformat.read(NOTEBOOKS / "02_target_check.ipynb", as_version=4), "vi")
    src, out = tmp_path / "02_vi.ipynb", tmp_path / "02_vi_out.ipynb"
    nbformat.write(nb, src)
    pm.execute_notebook(str(src), str(out), parameters={"lang": "vi"}, kernel_name="python3",
                        progress_bar=False, cwd=str(NOTEBOOKS))
    done = nbformat.read(out, as_version=4)
    result = read_result(done)
    assert result["verdict"] == "có thể đạt" and result["details"]["verdict"] == "plausible"
    first = next(o for c in done.cells if c.cell_type == "code" for o in c.outputs if o.output_type != "stream")
    box = visible_text(first["data"]["text/html"])
    assert "Kết luận: có thể đạt" in box and english_left(box, english_messages) == []
    alts = [o["metadata"]["image/png"]["alt"] for c in done.cells if c.cell_type == "code"
            for o in c.outputs if "image/png" in o.get("data", {})]
    assert alts and all(english_left(a, english_messages) == [] for a in alts)
    md = "\n".join(c.source for c in done.cells if c.cell_type == "markdown")
    assert md.startswith("# Kiểm tra mục tiêu") and english_left(md, english_messages) == []


def test_notebook_01_charts_vi(english_messages):
    """The charts of notebook 01 (province comparison, vintages) in Vietnamese."""
    from hatinh_analysis import plots

    series = {a: ha.load_series("iip", a, as_of="2019-12-25") for a in ["ha_tinh", "vietnam", "nghe_an"]}
    text = chart_texts(plots.province_chart(series, highlight="ha_tinh", national="vietnam", lang="vi"))
    assert english_left(text, english_messages) == [] and "Cả nước" in text
    obs = ha.load_observations("ha_tinh", "iip", as_of="2019-12-25")
    text = chart_texts(plots.vintages_chart(obs, lang="vi"))
    assert english_left(text, english_messages) == []
    assert i18n.term("axis", "year_of_figure", "vi") in text
    assert "+15,4%" in text
