"""The statistical engine's own texts in the reader's language (issue 12).

* Every engine message (models, target, calibration, combination, breaks, track record) read
  back from its English form gives the catalogue's Vietnamese text (:func:`translate_text`).
* In ``vi``: model notes and specifications, the engine's summary, the probability note,
  the calibration's notes and the display tables hold no English message of the catalogue.
* The stored frames keep their codes and English notes whatever the language, and
  :func:`display_table` keeps numbers and row order and refuses a bad ``lang`` or frame.
"""
import re

import numpy as np
import pandas as pd
import pytest

import hatinh_analysis as ha
from hatinh_analysis import i18n
from hatinh_analysis.check_views import COLUMN_LABELS, display_table
from hatinh_analysis.engine_text import (CODE_PLACEHOLDERS, ENGINE_MODULES, localize_numbers,
                                         translate_text)
from hatinh_analysis.i18n import load_catalog
from hatinh_analysis.target import shock_note_text

_PLACEHOLDER = re.compile(r"%\((\w+)\)([-+ #0]*\d*(?:\.\d+)?)([sdifgeE])")


@pytest.fixture(scope="module")
def english_messages():
    """Fragments (3+ words) of the catalogue's English messages whose translation differs:
    none may appear in Vietnamese output (as in tests/test_lang.py)."""
    out = set()
    for m in load_catalog("vi"):
        if not m.id or not m.string:
            continue
        for msgid in (m.id if isinstance(m.id, tuple) else (m.id,)):
            for piece in re.split(r"%\([a-z_]+\)[-+ #0]*\d*(?:\.\d+)?[sdfg]|%%", msgid):
                piece = piece.strip(" .,:;()—-")
                if len(piece.split()) >= 3 and piece not in str(m.string):
                    out.add(piece)
    return out


def english_left(text, english_messages) -> list[str]:
    return sorted(p for p in english_messages if p in str(text))


@pytest.fixture(scope="module")
def series():
    return ha.load_series("iip", "ha_tinh", as_of="2019-12-25")


@pytest.fixture(scope="module")
def check(series):
    return ha.check_target(series, 10.64, 2020)


@pytest.fixture(scope="module")
def report(series, check):
    return ha.target_report(series, check, alt_exclude_years=[2017, 2018], alt_break_years=[2017])


@pytest.fixture(scope="module")
def far_check(series):
    """Four years ahead, with a break: no calibrated distribution (calibration notes), the
    models' break and horizon notes, the break-aware specifications."""
    return ha.check_target(series, 10.0, 2023, break_years=[2017], shocks=False)


def engine_messages():
    """(msgid, msgstr) of the engine's messages with placeholders."""
    out = []
    for m in load_catalog("vi"):
        if (m.id and not m.context and isinstance(m.id, str) and "%(" in m.id
                and any(f.startswith(ENGINE_MODULES) for f, _ in m.locations)):
            out.append((m.id, m.string))
    return out


def sample_values(msgid):
    """English and expected Vietnamese values for each placeholder of ``msgid``."""
    en, vi = {}, {}
    for name, _flags, kind in _PLACEHOLDER.findall(msgid):
        if name in CODE_PLACEHOLDERS:
            code = {"indicator": "iip", "basis": "constant_2010", "model": "ets"}[CODE_PLACEHOLDERS[name]]
            en[name], vi[name] = code, i18n.term(CODE_PLACEHOLDERS[name], code, "vi")
        elif kind in "di":
            en[name] = vi[name] = 2017
        elif kind == "s":
            en[name] = vi[name] = "Qx7"
        else:
            en[name], vi[name] = 12.25, "12,25"
    return en, vi


def vi_filled(msgstr, values):
    return _PLACEHOLDER.sub(lambda p: "%(" + p.group(1) + ")s", msgstr) % values


def test_every_engine_message_reads_back():
    """Each engine message, filled in English as the engine stores it, reads back to the
    Vietnamese message filled with the same values (numbers with the decimal comma)."""
    messages = engine_messages()
    assert len(messages) >= 50
    wrong = []
    for msgid, msgstr in messages:
        en, vi = sample_values(msgid)
        english = msgid % en
        # a float format writes the engine's digits (12.25 -> "12.2" with %.1f): expect those
        got = translate_text(english, "vi")
        expected = vi_filled(msgstr, {**vi, **{
            k: localize_numbers(f"%{flags}{kind}" % en[k], "vi")
            for k, flags, kind in _PLACEHOLDER.findall(msgid) if kind in "fgeE"}})
        if got != expected:
            wrong.append((english, got, expected))
    assert not wrong, wrong[:5]


def test_joined_notes_read_part_by_part():
    a = "plug-in: not calibrated"
    b = "years excluded: 2017–2018"
    c = "outcome published as a range 1 to 2%; the low end is used"   # itself contains "; "
    text = "; ".join([a, b, c, "a warning from another library"])
    assert translate_text(text, "vi") == "; ".join([
        translate_text(a, "vi"), translate_text(b, "vi"), translate_text(c, "vi"),
        "a warning from another library"])
    assert translate_text(c, "vi") == ("kết quả thực tế được công bố dưới dạng khoảng 1 đến 2%; "
                                       "dùng cận dưới")
    # a value holding several notes (a quoted reason) stays inside its message
    assert translate_text("not comparable: " + c, "vi") == ("không so sánh được: "
                                                            + translate_text(c, "vi"))


def test_translate_text_english_and_non_text():
    assert translate_text("drift on log level", "en") == "drift on log level"
    assert translate_text("drift on log level", "vi") == "độ trôi trên logarit của mức"
    assert translate_text("OLS growth ~ year, HAC(2)", "vi") == "OLS tốc độ tăng ~ năm, HAC(2)"
    assert translate_text("ETS(A,N,N)", "vi") == "ETS(A,N,N)"   # a technical name
    assert translate_text(None, "vi") is None
    assert np.isnan(translate_text(float("nan"), "vi"))
    assert translate_text("", "vi") == ""
    with pytest.raises(ValueError, match="lang="):
        translate_text("drift on log level", "fr")
    with i18n.language("vi"):
        assert translate_text("historical mean") == "bình quân các năm"


def test_numbers_in_notes_follow_the_language():
    note = "chosen by AICc: ETS(A,N,N) 61.3, ETS(A,Ad,N) 66.25"
    assert translate_text(note, "vi") == "chọn theo AICc: ETS(A,N,N) 61,3; ETS(A,Ad,N) 66,25"
    assert localize_numbers("2017–2018, 2020", "vi") == "2017–2018, 2020"   # years stay
    assert localize_numbers("+8.9%", "en") == "+8.9%"


def test_model_notes_and_specs_vi(check, far_check, report, english_messages):
    html = report.model_notes("vi")
    assert english_left(html, english_messages) == []
    assert "chưa hiệu chuẩn" in html and "bộ lọc Kalman" in html
    for c in (check, far_check):
        for col in ("spec", "notes"):
            for text in c.table[col]:
                assert english_left(translate_text(text, "vi"), english_messages) == [], text
    specs = [translate_text(s, "vi") for s in far_check.table["spec"]]
    assert "độ trôi trên logarit của mức, trung bình riêng sau năm 2017" in specs
    # the notes shared by every model (prepare) are stored in English and read back
    shared = far_check.forecasts["mean_growth"].notes
    assert "level shift from 2017 assumed to persist into 2023" in shared
    assert "forecast horizon 4 years (last year used: 2019)" in shared
    vi = [translate_text(n, "vi") for n in shared]
    assert "giả định sự thay đổi mức từ 2017 kéo dài đến năm 2023" in vi
    assert "tầm dự báo 4 năm (năm cuối cùng được sử dụng: 2019)" in vi


def test_results_table_specs_vi(report, english_messages):
    html = report.results_table("vi").to_html()
    assert english_left(html, english_messages) == []
    assert "độ trôi trên logarit của mức" in html


def test_engine_summary_and_probability_note_vi(check, report, english_messages):
    for text in (report.engine_summary("vi").data, check.probability_note_text("vi"),
                 check.summary_text("vi")):
        assert english_left(text, english_messages) == []


def test_calibration_notes_vi(far_check, english_messages):
    assert not far_check.calibrated.ok
    notes = far_check.calibrated.notes
    assert notes and all(isinstance(n, str) for n in notes)
    assert "only 0 reference errors at horizon 4 for outcomes up to 2019 (needs 30): no calibrated " \
        "distribution" in notes
    assert any(n.startswith("the target year is 4 years after the last figure (2019)") for n in notes)
    text = far_check.summary_text("vi")
    assert "năm kế hoạch cách số liệu cuối cùng (2019) 4 năm" in text
    assert "chỉ có 0 sai số tham chiếu ở tầm dự báo 4 năm" in text
    assert english_left(text, english_messages) == []
    # the stored notes and summary stay English
    assert far_check.summary_text("en") == far_check.summary
    assert "the target year is 4 years" in far_check.summary


def test_shock_detection_notes_vi(series):
    short = series.loc[2013:2016].copy()
    short.attrs = dict(series.attrs)
    c = ha.check_target(short, 10.0, 2017, outside_view=False)
    assert not c.shocks.ok
    assert shock_note_text(c, "en") == ("no shock detection: 4 years are too few to tell a shock "
                                        "from noise (needs 5)")
    assert shock_note_text(c, "vi").endswith("4 năm là quá ít để phân biệt cú sốc với dao động "
                                             "ngẫu nhiên (cần 5)")


# ------------------------------------------------------------------ display tables
CHECK_COLUMNS = ["model", "family", "forecast", "lower", "upper", "chance", "verdict", "calibrated"]
BOARD_COLUMNS = ["method", "n", "hits_80", "coverage_80", "hits_95", "coverage_95", "msis_80",
                 "msis_95", "crps", "mae", "brier"]


@pytest.fixture(scope="module")
def frames(check):
    record = ha.target_track_record("ha_tinh", as_of="2019-12-25")
    board = ha.scoreboard_report(province="ha_tinh")
    return {"check": check.table[CHECK_COLUMNS], "check_all": check.table, "record": record.table,
            "board": board.summary_frame()[BOARD_COLUMNS], "board_all": board.summary_frame()}


@pytest.mark.parametrize("name", ["check", "check_all", "record", "board", "board_all"])
def test_display_table_vi(frames, name, english_messages):
    frame = frames[name]
    before = frame.copy()
    shown = display_table(frame, "vi")
    # nothing left in English, headers in words
    cells = " | ".join(str(v) for v in shown.astype(str).to_numpy().ravel())
    assert english_left(cells, english_messages) == []
    assert english_left(" | ".join(map(str, shown.columns)), english_messages) == []
    assert not set(shown.columns) & set(frame.columns)
    # same rows, same order, numbers untouched
    assert list(shown.index) == list(frame.index)
    for i, col in enumerate(frame.columns):
        if pd.api.types.is_numeric_dtype(frame[col].dtype) and not pd.api.types.is_bool_dtype(frame[col].dtype):
            pd.testing.assert_series_equal(shown.iloc[:, i], frame[col], check_names=False)
    # the frame itself keeps its codes
    pd.testing.assert_frame_equal(frame, before)


def test_display_table_words(frames, check):
    shown = display_table(frames["check"], "vi")
    assert list(shown.columns[:2]) == ["Mô hình", "Nhóm mô hình"]
    verdicts = dict(zip(frames["check"]["model"], shown[i18n.gettext(COLUMN_LABELS["verdict"], "vi")]))
    assert verdicts["combined"] == ha.TargetCheck.verdict_text(check, "vi") == "khả thi"
    assert set(shown["Đã hiệu chuẩn"]) == {"có", "không"}
    assert shown["Mô hình"].iloc[0] == "tăng trưởng bình quân"
    board = display_table(frames["board"], "vi")
    assert "Số kết quả thực tế nằm trong khoảng dự báo 80%" in board.columns
    assert "Đơn giản: bằng năm trước" in set(board.iloc[:, 0])
    record = display_table(frames["record"], "vi")
    assert {"đạt", "không đạt"} <= set(record["Kết quả"])
    assert record["Đạt"].isna().sum() == frames["record"]["met"].isna().sum()


def test_display_table_en_is_an_unchanged_copy(frames):
    for frame in frames.values():
        shown = display_table(frame, "en")
        pd.testing.assert_frame_equal(shown, frame)
        assert shown is not frame


def test_display_table_follows_current_language(frames):
    with i18n.language("vi"):
        assert display_table(frames["check"]).columns[0] == "Mô hình"
    assert display_table(frames["check"]).columns[0] == "model"


def test_display_table_refuses_bad_input(frames):
    with pytest.raises(ValueError, match="lang="):
        display_table(frames["check"], "fr")
    with pytest.raises(ValueError, match="lang="):
        display_table(frames["check"], lang="VI")
    with pytest.raises(ValueError, match="frame"):
        display_table(frames["check"]["model"], "vi")
    with pytest.raises(ValueError, match="frame"):
        display_table([1, 2], "vi")


def test_display_table_is_exported():
    assert ha.display_table is display_table
    assert ha.translate_text is translate_text
    assert "display_table" in dir(ha)

