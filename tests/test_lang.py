"""The language setting of the library's text-producing functions (issue 12).

* English output is unchanged: the default Hà Tĩnh 2020 check's texts, tables and chart
  texts equal the snapshot taken before ``lang`` was added (tests/results/lang_en_snapshot.py).
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
from hatinh_analysis.i18n import format_pct, load_catalog

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
    assert check.verdict_label == ha.VERDICT_LABELS[check.verdict] if hasattr(ha, "VERDICT_LABELS") \
        else check.verdict_label == check.verdict_text("en")
    assert check.summary == check.summary_text("en")


def test_check_summary_vi(check, english_messages):
    text = check.summary_text("vi")
    assert english_left(text, english_messages) == []
    assert "Mục tiêu: tăng " + format_pct(10.6, "vi", decimals=1, signed=True) in text
    assert "+10,6%" in text and "Kết luận: khả thi" in text
    assert check.verdict_text("vi") == i18n.term("verdict", "plausible", "vi") == "khả thi"
    assert check.prob_reach_text_in("vi") == "không công bố"
    assert check.probability_note_text("vi").startswith("không công bố: ")
    # the stored record stays English (the sidecar's data)
    assert check.calibration["probability_note"].startswith("withheld: ")


def test_check_summary_follows_current_language():
    series = ha.load_series("iip", "ha_tinh", as_of="2019-12-25")
    with i18n.language("vi"):
        c = ha.check_target(series, 10.64, 2020)
        assert c.verdict_label == "khả thi"
        assert c.prob_reach_text == "không công bố"
    assert c.summary == c.summary_text("vi")
    assert c.verdict_label == "plausible"


def test_verdict_labels_vi_from_glossary():
    from hatinh_analysis.target import VERDICT_LABELS, verdict_label

    vi = {code: verdict_label(code, "vi") for code in VERDICT_LABELS}
    assert vi == {"ambitious": "tham vọng", "plausible": "khả thi", "cautious": "thận trọng",
                  "uncertain": "quá bất định để đánh giá"}
    assert {code: verdict_label(code, "en") for code in VERDICT_LABELS} == VERDICT_LABELS
    gl = i18n.glossary()
    for code, word in vi.items():
        if word in set(gl["vi"]):
            assert gl.loc[gl["vi"] == word, "kind"].iloc[0] in ("verdict", "")


def test_format_probability_vi():
    from hatinh_analysis.target import format_probability

    assert format_probability(0.834, "vi") == "83%"
    assert format_probability(0.001, "vi") == "<1%"
    assert format_probability(0.999, "en") == ">99%"


def test_bad_lang_refused(check):
    with pytest.raises(ValueError, match="lang='fr'"):
        check.summary_text("fr")
