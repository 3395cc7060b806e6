"""Vocabularies: one module, consistent with the ids the data uses."""
import pytest

from hatinh_analysis.data import vocab


def test_every_display_name_maps_back_to_its_id():
    assert len(vocab.PROVINCES) == 64  # 63 provinces + the whole country
    for pid, name in vocab.PROVINCES.items():
        assert vocab.province_id(name) == pid, name
    for rid, name in vocab.REGIONS.items():
        assert vocab.region_id(name) == rid and vocab.province_id(name) is None


@pytest.mark.parametrize("printed, pid", [
    ("Ha Tinh", "ha_tinh"), ("Thai  Nguyen", "thai_nguyen"), (" WHOLE COUNTRY", "vietnam"),
    ("Cả nước", "vietnam"), ("Thua Thien-Hue", "thua_thien_hue"),
    ("Thừa Thiên - Huế", "thua_thien_hue"), ("Ba Ria - Vung Tau", "ba_ria_vung_tau"),
    ("Ho Chi Minh city", "ho_chi_minh_city"), ("TP. Hồ Chí Minh", "ho_chi_minh_city"),
    ("Hoà Bình", "hoa_binh"), ("Đắk Lắk", "dak_lak"), ("Atlantis", None),
])
def test_province_id(printed, pid):
    assert vocab.province_id(printed) == pid


def test_indicator_units_and_ranks():
    for ind in vocab.INDICATORS.values():
        assert ind.kind in ("growth", "level")
        assert set(ind.units) <= set(vocab.UNITS)
    assert set(vocab.STATUS_RANK) == set(vocab.STATUSES)
    assert vocab.STATUS_RANK["final"] > vocab.STATUS_RANK["preliminary"] \
        > vocab.STATUS_RANK["estimate"] > vocab.STATUS_RANK["target"]
