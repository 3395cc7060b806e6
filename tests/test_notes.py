"""The engine computes, the display says (issue 18).

* The engine (models, breaks, calibration, combination, target, track record) stores
  structured notes (:class:`hatinh_analysis.notes.Note`: a catalogue message id and its
  values) and codes, never sentences; :func:`hatinh_analysis.i18n.say` makes the text once,
  in the reader's language, numbers through the language's one formatter.
* Every engine message said with sample values gives the catalogue's Vietnamese text.
* In ``vi``: model notes and specifications, the engine's summary, the probability note,
  the calibration's notes and the display tables hold no English message of the catalogue.
* :func:`display_table` writes a frame for reading (headers in words, numbers in the
  language's notation, no NaN/True/False) and keeps the frame itself untouched.
"""
import json
import re
from pathlib import Path

import pandas as pd
import pytest

import hatinh_analysis as ha
from hatinh_analysis import i18n
from hatinh_analysis.frames import COLUMN_LABELS, display_table
from hatinh_analysis.i18n import load_catalog, say
from hatinh_analysis.notes import Amount, Code, Note

ROOT = Path(__file__).resolve().parents[1]
ENGINE = ["models", "target.py", "calibration.py", "combination.py", "breaks.py",
          "track_record.py", "evaluation.py", "tracking.py", "tracking_history.py",
          "tracking_scoreboard.py"]
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


# ------------------------------------------------------------------ the engine stores no text
def test_engine_modules_write_no_translated_or_english_sentences():
    """No engine module calls the translator or the former translate-back path; their
    catalogue messages are Notes."""
    for name in ENGINE:
        paths = (ROOT / "hatinh_analysis" / name).glob("*.py") if name == "models" else \
            [ROOT / "hatinh_analysis" / name]
        for p in paths:
            text = p.read_text(encoding="utf-8")
            for banned in ("engine_text", "translate_text", "translator(", " N_(", "gettext("):
                assert banned not in text, (p.name, banned)
    assert not (ROOT / "hatinh_analysis" / "engine_text.py").exists()


def _texts(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, (tuple, list)):
        for v in value:
            yield from _texts(v)


def test_result_tables_hold_notes_and_codes_not_sentences(check, far_check):
    record = ha.target_track_record("ha_tinh", as_of="2019-12-25")
    for c in (check, far_check):
        assert set(c.table["chance"]) <= {"printed", "withheld", "not_calibrated", "none"}
        for notes in c.table["notes"]:
            assert isinstance(notes, tuple) and all(isinstance(n, Note) for n in notes)
        for spec in c.table["spec"]:   # a Note, a technical name ("ETS(A,N,N)"), or none
            assert spec is None or isinstance(spec, Note) or " " not in spec, spec
        assert isinstance(c.shock_note, Note) and all(isinstance(n, Note) for n in c.summary)
        assert isinstance(c.probability_note, Note) and isinstance(c.verdict_rule, Note)
    for notes in record.table["note"]:
        assert isinstance(notes, tuple) and all(isinstance(n, Note) for n in notes)
    # the JSON form keeps the structure (id and values) and an English text
    d = json.loads(json.dumps(check.to_dict(), allow_nan=False))
    note = d["table"][0]["notes"][0]
    assert note["id"] == "plug-in: not calibrated" and note["text"] == "plug-in: not calibrated"


def test_shocks_reason_is_a_note_not_a_sentence_search(check):
    sh = check.shocks
    reason = sh.reason(2019)
    assert reason.id.startswith("%(year)d joins the shock episode") and reason.values["episode"] == 2018
    assert sh.reason(2017).values["year"] == 2017
    assert say(sh.reason(2017), "en").startswith("2017: 4.0 robust standard deviations above")
    assert say(sh.reason(2017), "vi").startswith("2017: cao hơn trung vị 4,0 độ lệch chuẩn vững")


# ------------------------------------------------------------------ say
def test_say_fills_values_in_the_language():
    n = Note("%(spec)s dropped: MA coefficient %(value).3f at the invertibility boundary "
             "(degenerate fit)", spec="ARIMA(0,1,1)", value=-0.99812)
    assert say(n, "en") == ("ARIMA(0,1,1) dropped: MA coefficient -0.998 at the invertibility "
                            "boundary (degenerate fit)")
    assert "-0,998" in say(n, "vi") and "ARIMA(0,1,1)" in say(n, "vi")
    # codes by their terms, amounts with their units, nested notes and tuples
    n = Note("outcome growth on basis %(outcome_basis)s, target on %(target_basis)s",
             outcome_basis=Code("basis", "constant_2010"), target_basis=Code("basis", "current_prices"))
    assert say(n, "en") == "outcome growth on basis constant 2010 prices, target on current prices"
    assert "giá so sánh 2010" in say(n, "vi")
    inner = Note("%(amount)s on %(basis)s", amount=Amount(75800.0, "bn_vnd"),
                 basis=Code("basis", "constant_2010"))
    assert say(inner, "vi") .startswith("75.800 tỷ đồng")
    assert say((Note("historical mean"), Note("drift on log level")), "vi") == \
        "bình quân các năm; độ trôi trên logarit của mức"
    # plain text, missing values, the current language, a bad language
    assert say("ETS(A,N,N)", "vi") == "ETS(A,N,N)" and say(None, "vi") == "" and say(float("nan")) == ""
    with i18n.language("vi"):
        assert say(Note("historical mean")) == "bình quân các năm"
    with pytest.raises(ValueError, match="lang="):
        say(Note("historical mean"), "fr")
    # notes are values: equal, hashable, immutable
    assert Note("x %(a)s", a=1) == Note("x %(a)s", a=1) and len({Note("x"), Note("x")}) == 1
    with pytest.raises(AttributeError):
        Note("x").id = "y"


def _sample(msgid):
    values = {}
    for name, _flags, kind in _PLACEHOLDER.findall(msgid):
        values[name] = 2017 if kind in "di" else (12.25 if kind in "fgeE" else "Qx7")
    return values


def test_every_engine_message_is_said_in_vietnamese():
    """Each engine message with sample values: the Vietnamese text differs from the English
    one, keeps every value, and writes decimals with a comma."""
    messages = [m for m in load_catalog("vi") if m.id and not m.context and isinstance(m.id, str)
                and any(f.startswith(tuple(f"hatinh_analysis/{e}" for e in ENGINE))
                        for f, _ in m.locations)]
    assert len(messages) >= 60
    for m in messages:
        values = _sample(m.id)
        vi, en = say(Note(m.id, **values), "vi"), say(Note(m.id, **values), "en")
        assert "%(" not in vi and "Qx7" * ("%(" in m.id and "s" in
                                            [k for _n, _f, k in _PLACEHOLDER.findall(m.id)]) in vi
        assert "12.25" not in vi and "12.3" not in vi, (m.id, vi)
        if re.search(r"[a-z]{4} [a-z]{4}", m.id) and m.string != m.id:
            assert vi != en, m.id


# ------------------------------------------------------------------ Vietnamese output
def test_model_notes_and_specs_vi(check, far_check, report, english_messages):
    html = report.model_notes("vi")
    assert english_left(html, english_messages) == []
    assert "chưa hiệu chuẩn" in html and "bộ lọc Kalman" in html
    for c in (check, far_check):
        for col in ("spec", "notes"):
            for value in c.table[col]:
                assert english_left(say(value, "vi"), english_messages) == [], value
    specs = [say(s, "vi") for s in far_check.table["spec"]]
    assert "độ trôi trên logarit của mức, trung bình riêng sau năm 2017" in specs
    shared = [say(n, "vi") for n in far_check.forecasts["mean_growth"].notes]
    assert "giả định sự thay đổi mức từ 2017 kéo dài đến năm 2023" in shared
    assert "tầm dự báo 4 năm (năm cuối cùng được sử dụng: 2019)" in shared


def test_results_table_specs_vi(report, english_messages):
    html = report.results_table("vi").to_html()
    assert english_left(html, english_messages) == []
    assert "độ trôi trên logarit của mức" in html


def test_engine_summary_and_probability_note_vi(check, report, english_messages):
    for text in (report.engine_summary("vi").data, say(check.probability_note, "vi"),
                 say(check.summary, "vi")):
        assert english_left(text, english_messages) == []


def test_calibration_notes_vi(far_check, english_messages):
    assert not far_check.calibrated.ok
    notes = far_check.calibrated.notes
    assert notes and all(isinstance(n, Note) for n in notes)
    assert ("only 0 reference errors at horizon 4 for outcomes up to 2019 (needs 30): no calibrated "
            "distribution") in map(str, notes)
    text = say(far_check.summary, "vi")
    assert "năm kế hoạch cách số liệu cuối cùng (2019) 4 năm" in text
    assert "chỉ có 0 sai số tham chiếu ở tầm dự báo 4 năm" in text
    assert english_left(text, english_messages) == []
    assert "the target year is 4 years" in say(far_check.summary, "en")


def test_shock_detection_notes_vi(series):
    short = series.loc[2013:2016].copy()
    short.attrs = dict(series.attrs)
    c = ha.check_target(short, 10.0, 2017, outside_view=False)
    assert not c.shocks.ok
    assert say(c.shock_note, "en") == ("no shock detection: 4 years are too few to tell a shock "
                                       "from noise (needs 5)")
    assert say(c.shock_note, "vi").endswith("(cần 5)")


# ------------------------------------------------------------------ display tables
CHECK_COLUMNS = ["model", "family", "forecast", "lower", "upper", "chance", "verdict", "calibrated"]
BOARD_COLUMNS = ["method", "n", "hits_80", "coverage_80", "hits_95", "coverage_95", "msis_80",
                 "msis_95", "crps", "mae", "brier"]
FORBIDDEN = ("NaN", "nan", "True", "False", "None", "<NA>", "prob_reach")


@pytest.fixture(scope="module")
def frames(check):
    record = ha.target_track_record("ha_tinh", as_of="2019-12-25")
    board = ha.scoreboard_report(province="ha_tinh")
    return {"check": check.table[CHECK_COLUMNS], "check_all": check.table, "record": record.table,
            "board": board.summary_frame()[BOARD_COLUMNS], "board_all": board.summary_frame()}


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("name", ["check", "check_all", "record", "board", "board_all"])
def test_display_table_is_for_reading(frames, name, lang, english_messages):
    frame = frames[name]
    before = frame.copy()
    shown = display_table(frame, lang)
    cells = [str(v) for v in shown.to_numpy().ravel()]
    assert not [c for c in cells if c in FORBIDDEN]
    assert not any(t in " ".join(map(str, shown.columns)) for t in ("_", "prob_reach"))
    if lang == "vi":
        assert english_left(" | ".join(cells), english_messages) == []
        assert not [c for c in cells if re.fullmatch(r"-?\d+\.\d+", c)]   # no dot decimals
    assert list(shown.index) == list(frame.index)
    pd.testing.assert_frame_equal(frame, before)   # the frame itself keeps its codes


def test_display_table_words(frames, check):
    shown = display_table(frames["check"], "vi")
    assert list(shown.columns[:2]) == ["Mô hình", "Nhóm mô hình"]
    verdicts = dict(zip(frames["check"]["model"], shown[i18n.gettext(COLUMN_LABELS["verdict"], "vi")]))
    assert verdicts["combined"] == i18n.term("verdict", check.verdict, "vi") == "có thể đạt"
    assert set(shown["Đã hiệu chuẩn"]) == {"có", "không"}
    assert shown["Mô hình"].iloc[0] == "tăng trưởng bình quân"
    assert shown.iloc[-1, 2] == i18n.format_number(float(check.combined["forecast"]), "vi", decimals=2)
    board = display_table(frames["board"], "vi")
    assert "Số kết quả thực tế nằm trong khoảng dự báo 80%" in board.columns
    assert "Đơn giản: bằng năm trước" in set(board.iloc[:, 0])
    record = display_table(frames["record"], "vi")
    assert {"đạt", "không đạt"} <= set(record["Kết quả"])
    assert (record["Đạt"] == "–").sum() == frames["record"]["met"].isna().sum()


def test_display_table_follows_current_language(frames):
    with i18n.language("vi"):
        assert display_table(frames["check"]).columns[0] == "Mô hình"
    assert display_table(frames["check"]).columns[0] == "Model"


def test_display_table_refuses_bad_input(frames):
    with pytest.raises(ValueError, match="lang="):
        display_table(frames["check"], "fr")
    with pytest.raises(ValueError, match="lang="):
        display_table(frames["check"], lang="VI")
    with pytest.raises(ValueError, match="frame"):
        display_table(frames["check"]["model"], "vi")
    with pytest.raises(ValueError, match="frame"):
        display_table([1, 2], "vi")


# ------------------------------------------------------------------ the in-year tracker
@pytest.fixture(scope="module")
def track():
    return ha.track_target(month=6, year=2019)


def test_tracker_result_holds_notes_and_codes(track):
    from hatinh_analysis.target import CHANCE_CODES, VERDICTS

    assert track.verdict in VERDICTS and set(track.table["chance"]) <= set(CHANCE_CODES)
    assert isinstance(track.probability_note, Note) and all(isinstance(n, Note) for n in track.summary)
    for notes in track.table["notes"]:
        assert isinstance(notes, tuple) and all(isinstance(n, Note) for n in notes)
    d = json.loads(json.dumps(track.to_dict(), allow_nan=False))
    assert d["probability_note"]["id"] == track.probability_note.id


@pytest.mark.parametrize("industry", ["total", "C"])
def test_tracker_vi_holds_no_english(industry, english_messages):
    from hatinh_analysis import tracking_views as tv

    check = ha.track_target(month=6, year=2019, industry=industry)
    texts = [tv.summary_text(check, "vi"), *tv.verdict_sentences(check, "vi"), tv.headline(check, "vi"),
             tv.verdict_box(check, "vi").data, tv.engine_summary(check, "vi").data,
             tv.tracking_chart(check, lang="vi").alt]
    for shown in (tv.results_table(check, "vi").data, tv.history_table(check, "vi").data,
                  tv.scoreboard_table(lang="vi").data,
                  display_table(check.table[["method", "ytd", "forecast", "lower", "upper", "chance",
                                             "verdict", "calibrated"]], "vi")):
        texts.append(" | ".join(map(str, [*shown.columns, *shown.to_numpy().ravel()])))
        assert not [c for c in shown.to_numpy().ravel() if str(c) in FORBIDDEN]
        assert not [c for c in shown.to_numpy().ravel() if re.fullmatch(r"-?\d+\.\d+", str(c))]
    for text in texts:
        assert english_left(text, english_messages) == [], text[:200]
    if industry == "C":   # the industry by the office's own name
        assert "Công nghiệp chế biến, chế tạo" in texts[0]


def test_public_names():
    assert ha.display_table is display_table and ha.say is say
    assert "display_table" in dir(ha) and not hasattr(ha, "translate_text")


def test_notes_survive_pickling():
    """joblib's workers (the scoreboard build) and the batch's forecast cache pickle results
    that hold notes; an immutable note must come back equal."""
    import pickle

    from hatinh_analysis.notes import Code

    note = Note("a %(x)s b %(y)s", x=Code("verdict", "plausible"), y=(Note("q"), Note("r %(z)d", z=3)))
    back = pickle.loads(pickle.dumps(note))
    assert back == note and hash(back) == hash(note) and str(back) == str(note)


def test_display_table_shows_an_unbounded_score_as_infinity():
    """Notebook 03's calibration variants: a range without enough past years is unbounded and
    its interval score infinite; the reader sees ∞, not an error."""
    frame = pd.DataFrame({"method": ["calibrated_year_blocks"], "is_80": [float("inf")], "crps": [5.85]})
    shown = display_table(frame, "vi")
    assert shown.iloc[0].tolist()[1:] == ["∞", "5,85"]
