"""Reader pages (issue 18, "done when"): the four reports rendered by ``hatinh-report run`` in
both languages hold no developer output in the text a reader sees, and report 02 answers first.

* No raw frame, code name or parameter dump in the visible text (code hidden): none of the
  tokens ``prob_reach``, ``NaN``, ``True``, ``False``, ``check.`` (a code name),
  ``max_width``, no pandas "N rows × M columns" footer; the run's parameters sit in the
  footer, not atop the page.
* Reports 02 and 04 state the scoreboard's coverage record once, and its verdict box — the answer
  sentence, the chance or why not, the likely range — comes before the first chart, which
  comes before the first section of evidence.
"""
from __future__ import annotations

import html
import re

import pytest
from click.testing import CliRunner

from hatinh_analysis.report.cli import main

STEMS = ["01_explore_series", "02_target_check", "03_backtest", "04_in_year_tracker"]
DATE = "2019-12-25"
FORBIDDEN = [r"prob_reach", r"\bNaN\b", r"\bTrue\b", r"\bFalse\b", r"\bcheck\.\w", r"max_width",
             r"\d+ rows × \d+ columns", r"\bnan\b", r"<NA>"]


def reader_text(page: str) -> str:
    """What a reader sees: no styles, scripts or inline images; code spans kept (a code name in
    the prose is developer output too)."""
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r'src="data:[^"]*"', "", page)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


@pytest.fixture(scope="module", params=["en", "vi"])
def run(request, tmp_path_factory):
    out = tmp_path_factory.mktemp(f"reader-{request.param}")
    result = CliRunner().invoke(main, ["run", *STEMS, "--lang", request.param, "--out", str(out),
                                       "--date", DATE, "--no-progress"])
    assert result.exit_code == 0, result.output
    folder = out / (DATE if request.param == "en" else f"{DATE}-vi")
    return request.param, {s: (folder / f"{s}.html").read_text(encoding="utf-8") for s in STEMS}


@pytest.mark.slow
@pytest.mark.parametrize("stem", STEMS)
def test_no_developer_output_in_the_reader_text(run, stem):
    lang, pages = run
    page = pages[stem]
    assert "import hatinh_analysis" not in page          # code hidden
    text = reader_text(page)
    found = {p: text[max(0, m.start() - 60):m.end() + 60] for p in FORBIDDEN
             for m in [re.search(p, text)] if m}
    assert found == {}, found
    # the parameters are in the footer, not in the header atop the page
    header = re.search(r'<header class="hatinh-header">.*?</header>', page, flags=re.S).group(0)
    assert "hatinh-params" not in header and "hatinh-params" in page


def assert_answers_first(page: str, answer: str, then: tuple, section1: str) -> None:
    """The answer and the box's other sentences come before the first chart, which comes before
    the first section; the verdict box holds three or four sentences, the answer among them."""
    at = [page.find(s) for s in (answer, *then)]
    assert all(i > 0 for i in at), at
    first_chart = page.find("<img")
    assert max(at) < first_chart < page.find(section1), (at, first_chart)
    box = re.search(r'<div class="hatinh-callout[^>]*>.*?</div>(.*?)</div>', page, flags=re.S)
    sentences = re.findall(r'<p style="margin:0.3em 0">', box.group(1))
    assert 3 <= len(sentences) <= 4 and answer in box.group(1), len(sentences)


@pytest.mark.slow
def test_report_02_answers_first_and_states_the_record_once(run):
    lang, pages = run
    page = pages["02_target_check"]
    text = reader_text(page)
    record = {"en": "68 of 91", "vi": "68 trong 91"}[lang]  # the coverage known on 2019-12-25
    assert text.count(record) == 1, text.count(record)
    answer = {"en": "+10.64% is below the central forecast of +18.1% for 2020: within reach",
              "vi": "+10,64% thấp hơn dự báo trung tâm +18,1% cho năm 2020: có thể đạt"}[lang]
    chance = {"en": "Chance of reaching it: 83% (such ranges held 68 of 91 outcomes, 95% band 65%–83%).",
              "vi": "Khả năng đạt: 83% (các khoảng như vậy chứa 68 trong 91 kết quả thực tế, dải tin cậy "
                    "95% từ 65% đến 83%)."}[lang]
    likely = {"en": "Likely range (80%): +7.4% to +25.7%",
              "vi": "Khoảng dự báo khả dĩ (80%): từ +7,4% đến +25,7%"}[lang]
    section1 = {"en": "1. The record and the target", "vi": "1. Số liệu thực hiện và mục tiêu"}[lang]
    assert_answers_first(page, answer, (chance, likely), section1)
    # "withheld" / "không công bố": said where the chance is, not on every line
    word = {"en": "withheld", "vi": "không công bố"}[lang]
    assert text.count(word) <= 4, text.count(word)   # 16 before issue 18


@pytest.mark.slow
def test_report_04_answers_first_and_states_the_record_once(run):
    """The in-year tracker's page: the verdict box (at most four sentences: where the year
    stands, the chance or why not with the tracker scoreboard's record, the likely range, the
    caveat) before the chart, the chart before the first section."""
    lang, pages = run
    page = pages["04_in_year_tracker"]
    text = reader_text(page)
    record = {"en": "98 of 112", "vi": "98 trong 112"}[lang]
    assert text.count(record) == 1, text.count(record)
    answer = {"en": "After 6 months at +9.5%, growing at least as fast as last year (+10.2%) in 2019 "
                    "is within reach",
              "vi": "Sau 6 tháng ở mức +9,5%, việc cả năm 2019 tăng ít nhất bằng năm trước (+10,2%) "
                    "được đánh giá là có thể đạt"}[lang]
    likely = {"en": "Likely range (80%) for the whole year: +8.6% to +10.7%.",
              "vi": "Khoảng dự báo khả dĩ (80%) cho cả năm: từ +8,6% đến +10,7%."}[lang]
    section1 = {"en": "1. What the rest of the year needs",
                "vi": "1. Các tháng còn lại cần tăng bao nhiêu"}[lang]
    assert_answers_first(page, answer, (record, likely), section1)
