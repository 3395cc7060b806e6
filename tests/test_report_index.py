"""The index pages as a table a manager scans (issue 18): one row per report, every cell in the page's
language from the sidecar's codes, the long summary one click away, twins in the other language linked."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from hatinh_analysis.report.index import render_index


def _visible(page: str) -> str:
    import html
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.split("</style>")[-1]))).strip()


def _target_sidecar(folder: Path, lang: str, *, title="Target check", printed=False, files=("html", "json")):
    """A sidecar as notebook 02 publishes it (the fields the index reads)."""
    folder.mkdir(parents=True, exist_ok=True)
    record = {"level": 0.8, "hits": 52, "n": 78, "coverage": 52 / 78, "wilson": [0.556, 0.761], "word": "too narrow"}
    details = {"lang": lang, "province": "ha_tinh", "indicator": "iip", "verdict": "plausible", "target": 10.64,
               "target_year": 2020, "calibration": record, "numbers": {"forecast": 18.1, "lower": 8.3, "upper": 25.5,
                                                                       **({"prob_reach": 0.83} if printed else {})},
               "probability": {"printed": printed, "text": "83%" if printed else "withheld", "note": "n"}}
    side = {"sidecar_version": 1, "notebook": "02_target_check", "title": title, "status": "ok",
            "report_date": "2020-01-01", "verdict": "plausible", "summary": f"long summary in {lang}",
            "parameters": {"province": "ha_tinh", "target_growth": 10.64, "lang": lang}, "overrides": {},
            "result": {"headline": "h", "summary": f"long summary in {lang}", "details": details}}
    (folder / "02_target_check.json").write_text(json.dumps(side), encoding="utf-8")
    for ext in files:
        if ext != "json":
            (folder / f"02_target_check.{ext}").write_text("x", encoding="utf-8")


def test_rows_hold_the_columns_a_manager_scans_in_the_pages_language(tmp_path):
    _target_sidecar(tmp_path / "2020-01-01", "en", files=("html", "json", "xlsx", "docx"))
    en, vi = _visible(render_index(tmp_path, lang="en")), _visible(render_index(tmp_path, lang="vi"))
    for words in ("Date Report Province Indicator Target year Target Verdict Chance Language Status Files",
                  "2020-01-01", "Hà Tĩnh", "Industrial production index (IIP)", "2020", "+10.64%", "within reach",
                  "withheld", "report · Excel · Word · record"):
        assert words in en, words
    for words in ("ngày 1 tháng 1 năm 2020", "Chỉ số sản xuất công nghiệp (IIP)", "+10,64%", "không công bố"):
        assert words in vi, words
    assert "có thể đạt" in vi  # the verdict code in the page's words
    assert "within reach" not in vi and "withheld" not in vi  # the row's own words are Vietnamese
    page = render_index(tmp_path, lang="vi")
    # the long summary one click away; an English-only report's summary is marked as English
    assert re.search(r'<details><summary>[^<]+</summary><p class="summary" lang="en">long summary in en</p>', page)
    # why the chance is withheld, in the page's language, on the cell
    assert 'title="không công bố: trên bảng đánh giá' in page


def test_a_printed_chance_is_shown_in_the_pages_number_format(tmp_path):
    _target_sidecar(tmp_path / "2020-01-01", "en", printed=True)
    assert "83%" in _visible(render_index(tmp_path, lang="en"))
    assert "83%" in _visible(render_index(tmp_path, lang="vi"))


def test_index_vi_shows_the_vietnamese_twin_and_links_the_english_one(tmp_path):
    _target_sidecar(tmp_path / "2020-01-01", "en")
    _target_sidecar(tmp_path / "2020-01-01-vi", "vi", title="Kiểm tra mục tiêu")
    vi, en = render_index(tmp_path, lang="vi"), render_index(tmp_path, lang="en")
    assert vi.count("<tr") - 1 == 1 and en.count("<tr") - 1 == 1  # one row each (thead row aside)
    assert "long summary in vi" in vi and "long summary in en" not in vi and "Kiểm tra mục tiêu" in vi
    assert 'href="2020-01-01/02_target_check.html" hreflang="en"' in vi
    assert "long summary in en" in en and 'href="2020-01-01-vi/02_target_check.html" hreflang="vi"' in en


def test_every_text_from_a_sidecar_is_escaped(tmp_path):
    _target_sidecar(tmp_path / "2020-01-01", "en", title="<script>alert(1)</script>")
    side_path = tmp_path / "2020-01-01" / "02_target_check.json"
    side = json.loads(side_path.read_text())
    side["summary"] = "<img src=x onerror=alert(2)>"
    side["parameters"]["province"] = "<b>x</b>"
    side["result"]["details"]["province"] = "<b>x</b>"
    side_path.write_text(json.dumps(side))
    for lang in ("en", "vi"):
        page = render_index(tmp_path, lang=lang)
        assert "<script>alert" not in page and "<img src=x" not in page and "<b>x</b>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;b&gt;x&lt;/b&gt;" in page
