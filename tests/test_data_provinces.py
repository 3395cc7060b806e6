"""Provinces after the 2025 reorganisation: 63 → 34 units on 1 July 2025."""

import pytest
from conftest import write_user_csv

import hatinh_analysis as ha
from hatinh_analysis import DataError
from hatinh_analysis.data import vocab

UNCHANGED = {"ha_noi", "thua_thien_hue", "lai_chau", "dien_bien", "son_la", "lang_son",
             "quang_ninh", "thanh_hoa", "nghe_an", "ha_tinh", "cao_bang"}


def test_34_units_match_the_vietnam_provinces_package():
    new = vocab.provinces_2025()
    assert len(new) == 34
    assert set(new) == set(vocab.MERGERS_2025) | UNCHANGED
    assert set(new) == set(vocab.PROVINCES) - {"vietnam"} - set(vocab.ABOLISHED_2025)
    assert len(vocab.ABOLISHED_2025) == 29 and len(vocab.PROVINCES) - 1 == 63
    # every old unit belongs to exactly one new unit
    olds = [o for group in vocab.MERGERS_2025.values() for o in group]
    assert len(olds) == len(set(olds)) == 23 + 29
    assert new["quang_tri"] == "Quảng Trị" and new["ha_tinh"] == "Hà Tĩnh"
    assert new["thua_thien_hue"] == "Thành phố Huế"
    assert vocab.province_id("Thành phố Huế") == "thua_thien_hue"


def test_exists_by_year():
    assert vocab.province_exists("quang_binh", 2024)
    assert not vocab.province_exists("quang_binh", 2025)
    assert vocab.province_exists("quang_tri", 2025) and vocab.province_exists("ha_tinh", 2030)


def row(province, year, value, status="estimate", published=None):
    return [province, "iip", year, value, "", "pct_change", "iip", status,
            published or f"{year}-12-28", "src", "q"]


def test_abolished_unit_from_2025_refused_with_merger(tmp_path):
    p = write_user_csv(tmp_path, [row("quang_binh", 2024, 8.0), row("quang_binh", 2025, 9.0)])
    with pytest.raises(DataError) as info:
        ha.read_table(p)
    e = info.value
    assert (e.row, e.column) == (3, "province")
    msg = str(e)
    assert "Quảng Bình" in msg and "merged" in msg and "1 July 2025" in msg
    assert "'quang_tri'" in msg
    # up to 2024 fine; a plan announced before the merger is a historical fact
    ok = write_user_csv(tmp_path, [row("quang_binh", 2024, 8.0),
                          row("quang_binh", 2025, 9.0, "target", "2024-12-10")], name="ok.csv")
    assert len(ha.read_table(ok)) == 2


def test_series_joining_old_and_new_unit_refused(tmp_path):
    p = write_user_csv(tmp_path, [row("quang_tri", 2024, 7.0), row("quang_tri", 2025, 9.5)])
    with pytest.raises(DataError) as info:
        ha.load_series("iip", province="quang_tri", extra=p)
    msg = str(info.value)
    assert "Quảng Bình merged into Quảng Trị" in msg and "territory='before_2025'" in msg
    before = ha.load_series("iip", province="quang_tri", extra=p, territory="before_2025")
    assert before.index.max() == 2024 and before.attrs["territory"] == "before_2025"
    assert before.loc[2012:2016].notna().all()  # the PX-Web years are the old unit
    after = ha.load_series("iip", province="quang_tri", extra=p, territory="from_2025")
    assert after.to_dict() == {2025: 9.5} and after.attrs["territory"] == "from_2025"
    # without figures from 2025 the old series loads as before
    assert ha.load_series("iip", province="quang_tri").attrs["territory"] == "before_2025"


def test_unchanged_province_spans_2025(tmp_path):
    p = write_user_csv(tmp_path, [row("ha_tinh", 2025, 11.0)])
    s = ha.load_series("iip", extra=p)
    assert s.loc[2025] == 11.0 and s.attrs["territory"] == "unchanged"
    with pytest.raises(DataError, match="unknown territory"):
        ha.load_series("iip", territory="2025")
