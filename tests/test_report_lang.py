"""``hatinh-report run --lang``: the report in Vietnamese or English (issue 12, the runner part).

The "done when" of issue 12: the three notebooks run with ``--lang vi`` write pages whose
visible text (code hidden) holds no English message of the catalogue.
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from hatinh_analysis.i18n import load_catalog
from hatinh_analysis.report.cli import main

STEMS = ["01_explore_series", "02_target_check", "03_backtest"]
DATE = "2019-12-25"
#: Letters only Vietnamese uses among the languages of the reports (a word with one is Vietnamese).
VI_LETTERS = set("ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")


def visible_text(page: str) -> str:
    """The text a reader sees: no styles, scripts or inline images."""
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r'src="data:[^"]*"', "", page)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def notebook_body_text(page: str) -> str:
    """The visible text of a report page: its title, the runner's header and footer and the
    notebook cells, data frames included (shown through ``ha.display_table``).

    Left out: code (``<code>`` spans: identifiers such as `data_file` are the same in both
    languages).
    """
    page = re.sub(r"<code\b.*?</code>", " ", page, flags=re.S)
    title = re.search(r"<title>(.*?)</title>", page, flags=re.S)
    return (title.group(1) if title else "") + " " + visible_text(page)


def english_phrases() -> dict[str, str]:
    """English phrases of the catalogue that must not appear in a Vietnamese page, with their msgid.

    Every msgid (singular and plural) is cut at its placeholders; a piece is kept when it
    has at least two words and is not part of its own translation. Single words are left
    out: they are also codes and values of the data ("combined", "estimate", "mean"), words
    identical in both languages ("IIP", "ETS", "GRDP", "%"), or English words inside quoted
    publication titles; a phrase of two or more English words in Vietnamese text can only
    come from a message left untranslated.
    """
    out = {}
    for m in load_catalog("vi"):
        if not m.id or not m.string:
            continue
        strings = [" ".join(s.split()) for s in (m.string if isinstance(m.string, tuple) else (m.string,))]
        for msgid in m.id if isinstance(m.id, tuple) else (m.id,):
            for piece in re.split(r"%\([a-z_]+\)[sdf]|%%", msgid):
                piece = " ".join(piece.split()).strip(" .,:;()—-*#")
                if len(piece.split()) >= 2 and not any(piece in s for s in strings):
                    out[piece] = msgid
    return out


def quoted_data_texts() -> list[str]:
    """Texts a Vietnamese report shows in English by design (docs/I18N.md, "Not translated"):
    publishers and titles of data/sources.csv, quoted as published."""
    from hatinh_analysis.data.store import list_sources

    sources = list_sources()
    texts = [str(t) for t in list(sources["publisher"]) + list(sources["title"]) if str(t)]
    return sorted(set(texts), key=len, reverse=True)


@pytest.fixture(scope="module")
def vi_report(tmp_path_factory):
    """The three notebooks run once through ``hatinh-report run --lang vi``."""
    out = tmp_path_factory.mktemp("reports")
    result = CliRunner().invoke(main, ["run", *STEMS, "--lang", "vi", "--out", str(out), "--date", DATE,
                                       "--no-progress"])
    assert result.exit_code == 0, result.output
    return out / f"{DATE}-vi"  # a Vietnamese run publishes as DATE-vi


def test_an_unknown_language_stops_the_run_before_any_notebook(tmp_path):
    out = tmp_path / "reports"
    result = CliRunner().invoke(main, ["run", "02_target_check", "-p", "lang", "fr", "--out", str(out)])
    assert result.exit_code == 2
    assert "lang" in result.output and "vi, en" in result.output
    assert not out.exists() or not any(out.iterdir())
    result = CliRunner().invoke(main, ["run", "02_target_check", "--lang", "fr", "--out", str(out)])
    assert result.exit_code == 2


@pytest.mark.slow
def test_run_in_vietnamese_writes_a_vietnamese_page(vi_report):
    page = (vi_report / "02_target_check.html").read_text(encoding="utf-8")
    assert '<html lang="vi">' in page
    text = visible_text(page)
    # the verdict word and the office's term for the index, as the catalogue gives them
    vi = {m.id: m.string for m in load_catalog() if m.id}
    from hatinh_analysis.i18n import term

    assert term("verdict", "plausible", "vi") in text and "chỉ số sản xuất công nghiệp (IIP)" in text
    # the narrative cells were swapped for their Vietnamese paragraphs
    assert "Kiểm tra mục tiêu" in text and "How to read the verdict" not in text
    # no long English message of the catalogue shows through (short ones such as "IIP" are shared)
    leaked = [m for m in vi if isinstance(m, str) and len(m) > 25 and "{" not in m and m in text]
    assert leaked == []
    side = json.loads((vi_report / "02_target_check.json").read_text(encoding="utf-8"))
    assert side["parameters"]["lang"] == "vi" and side["result"]["verdict"] == term("verdict", "plausible", "vi")


@pytest.mark.slow
@pytest.mark.parametrize("stem", STEMS)
def test_vietnamese_page_has_no_english_message(vi_report, stem):
    """Done when of issue 12, over the whole page as a reader sees it (code hidden): title,
    the runner's header and footer, and the notebook's cells (see notebook_body_text)."""
    page = (vi_report / f"{stem}.html").read_text(encoding="utf-8")
    assert '<html lang="vi">' in page and "import hatinh_analysis" not in page  # code hidden
    text = notebook_body_text(page)
    for quoted in quoted_data_texts():
        text = text.replace(quoted, " ")
    leaked = {p: msgid for p, msgid in english_phrases().items()
              if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text)}
    assert leaked == {}, {p: text[max(0, text.find(p) - 80):text.find(p) + len(p) + 80] for p in leaked}
    # and the text is Vietnamese: most words carry a Vietnamese letter, as in any Vietnamese text
    words = re.findall(r"[^\W\d_]+", text.lower())
    share = sum(1 for w in words if VI_LETTERS & set(w)) / len(words)
    assert len(words) > 300 and share > 0.75, share  # measured 0.87-0.92; an English page has ~0
    # the notebook's own first heading, in Vietnamese
    from hatinh_analysis.prose import PROSE, prose_text

    key = {"01_explore_series": "explore.intro", "02_target_check": "target_check.intro",
           "03_backtest": "backtest.intro"}[stem]
    heading = prose_text(key, "vi").splitlines()[0].lstrip("# ")
    assert heading in text and PROSE[key].splitlines()[0].lstrip("# ") not in text


@pytest.mark.slow
def test_vietnamese_sidecars(vi_report):
    sides = {s: json.loads((vi_report / f"{s}.json").read_text(encoding="utf-8")) for s in STEMS}
    assert all(side["parameters"]["lang"] == "vi" and side["status"] == "ok" for side in sides.values())
    overview = sides["01_explore_series"]["result"]
    assert overview["headline"] == "Tổng quan số liệu"
    assert overview["summary"].startswith("Về chỉ số sản xuất công nghiệp (IIP), Hà Tĩnh có số liệu của")
    assert sides["03_backtest"]["result"]["verdict"] == "các khoảng đã hiệu chuẩn quá hẹp"


@pytest.mark.slow
def test_a_vietnamese_twin_run_in_english_reads_english(tmp_path):
    """The runner puts the narrative in the report's language whichever notebook it starts from."""
    twin = Path(__file__).resolve().parent.parent / "notebooks" / "vi" / "01_explore_series.ipynb"
    out = tmp_path / "reports"
    result = CliRunner().invoke(main, ["run", str(twin), "--lang", "en", "--out", str(out), "--date", DATE,
                                       "--no-progress"])
    assert result.exit_code == 0, result.output
    text = notebook_body_text((out / DATE / "01_explore_series.html").read_text(encoding="utf-8"))
    from hatinh_analysis.prose import PROSE, prose_text

    assert PROSE["explore.intro"].splitlines()[0].lstrip("# ") in text
    assert prose_text("explore.intro", "vi").splitlines()[0].lstrip("# ") not in text
