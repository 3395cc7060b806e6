"""``hatinh-report run --lang``: the report in Vietnamese or English (issue 12, the runner part)."""
from __future__ import annotations

import html
import json
import re

import pytest
from click.testing import CliRunner

from hatinh_analysis.i18n import load_catalog
from hatinh_analysis.report.cli import main


def visible_text(page: str) -> str:
    """The text a reader sees: no styles, scripts or inline images."""
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r'src="data:[^"]*"', "", page)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def test_an_unknown_language_stops_the_run_before_any_notebook(tmp_path):
    out = tmp_path / "reports"
    result = CliRunner().invoke(main, ["run", "02_target_check", "-p", "lang", "fr", "--out", str(out)])
    assert result.exit_code == 2
    assert "lang" in result.output and "vi, en" in result.output
    assert not out.exists() or not any(out.iterdir())
    result = CliRunner().invoke(main, ["run", "02_target_check", "--lang", "fr", "--out", str(out)])
    assert result.exit_code == 2


@pytest.mark.slow
def test_run_in_vietnamese_writes_a_vietnamese_page(tmp_path):
    out = tmp_path / "reports"
    result = CliRunner().invoke(main, ["run", "02_target_check", "--lang", "vi", "--out", str(out),
                                       "--date", "2019-12-25", "--no-progress"])
    assert result.exit_code == 0, result.output
    page = (out / "2019-12-25-vi" / "02_target_check.html").read_text(encoding="utf-8")
    assert '<html lang="vi">' in page
    text = visible_text(page)
    # the verdict word and the office's term for the index, as the catalogue gives them
    vi = {m.id: m.string for m in load_catalog() if m.id}
    assert vi["plausible"] in text and "chỉ số sản xuất công nghiệp (IIP)" in text
    # the narrative cells were swapped for their Vietnamese paragraphs
    assert "Kiểm tra mục tiêu" in text and "How to read the verdict" not in text
    # no long English message of the catalogue shows through (short ones such as "IIP" are shared)
    leaked = [m for m in vi if isinstance(m, str) and len(m) > 25 and "{" not in m and m in text]
    assert leaked == []
    side = json.loads((out / "2019-12-25-vi" / "02_target_check.json").read_text(encoding="utf-8"))
    assert side["parameters"]["lang"] == "vi" and side["result"]["verdict"] == vi["plausible"]
