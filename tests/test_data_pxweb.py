"""read_pxweb_csv on the shipped PX-Web exports and on broken files."""
from pathlib import Path

import pytest

from hatinh_analysis import DataError, read_pxweb_csv

RAW = Path(__file__).resolve().parents[1] / "data" / "raw" / "gso_pxweb"
PROVINCE_FILE = RAW / "iip_by_province_2012-2016_retrieved-2018-09.csv"
ACTIVITY_FILE = RAW / "iip_by_activity_retrieved-2018-09.csv"


@pytest.fixture(scope="module")
def provinces():
    return read_pxweb_csv(PROVINCE_FILE)


def value(df, id_, year):
    hit = df[(df["id"] == id_) & (df["year"] == year)]
    assert len(hit) == 1, (id_, year)
    return hit.iloc[0]


def test_shipped_values(provinces):
    # line 35: "Ha Tinh";107.0;113.1;119.1;120.3;120.9 -> 2016 is field 6 = F35
    row = value(provinces, "ha_tinh", 2016)
    assert row["value"] == 120.9 and row["cell"] == "F35" and row["name"] == "Ha Tinh"
    # line 4: " WHOLE COUNTRY";105.8;... -> 2012 is B4
    row = value(provinces, "vietnam", 2012)
    assert row["value"] == 105.8 and row["cell"] == "B4"
    assert row["name"] == "WHOLE COUNTRY"


def test_shipped_shape_and_dtypes(provinces):
    # 63 provinces + whole country, 5 years each, no '..' cells among them
    assert provinces["id"].nunique() == 64
    assert len(provinces) == 64 * 5
    assert sorted(provinces["year"].unique()) == [2012, 2013, 2014, 2015, 2016]
    assert str(provinces["year"].dtype) == "int64"
    assert str(provinces["value"].dtype) == "float64"
    assert provinces["value"].notna().all()
    assert provinces.attrs["kind"] == "province"
    assert provinces.attrs["dimension"] == "Cities, provincies"
    assert provinces.attrs["title"].startswith("Index of Industrial production by province")


@pytest.mark.parametrize("printed, id_, name", [
    ("Thai  Nguyen", "thai_nguyen", "Thai Nguyen"),
    ("Thua Thien-Hue", "thua_thien_hue", "Thua Thien-Hue"),
    ("Ba Ria - Vung Tau", "ba_ria_vung_tau", "Ba Ria - Vung Tau"),
    ("Ho Chi Minh city", "ho_chi_minh_city", "Ho Chi Minh city"),
    ("Quang  Nam", "quang_nam", "Quang Nam"),
])
def test_names_normalised(provinces, printed, id_, name):
    names = set(provinces.loc[provinces["id"] == id_, "name"])
    assert names == {name}


def test_subtotals_dropped_marked_kept(provinces):
    assert "red_river_delta" not in set(provinces["id"])
    marked = read_pxweb_csv(PROVINCE_FILE, subtotals="mark", keep_missing=True)
    subtotal_ids = set(marked.loc[marked["is_subtotal"], "id"])
    assert subtotal_ids == {"red_river_delta", "northern_midlands_and_mountain_areas",
                            "northern_central_area_and_central_coastal_area",
                            "central_highlands", "south_east", "mekong_river_delta"}
    # the region rows are all '..' in this export: NaN only because keep_missing=True
    assert marked.loc[marked["is_subtotal"], "value"].isna().all()
    assert not marked.loc[marked["id"] == "vietnam", "is_subtotal"].any()
    assert len(marked) == 70 * 5
    # subtotals='mark' without keep_missing: '..' regions are absent
    assert len(read_pxweb_csv(PROVINCE_FILE, subtotals="mark")) == 64 * 5


def test_activity_file_is_other_dimension():
    df = read_pxweb_csv(ACTIVITY_FILE)
    assert df.attrs["kind"] == "other"
    assert df.attrs["dimension"] == "Industrial activity"
    # line 4: "TOTAL";105.8;105.9;107.6;109.8;107.4
    total = df[df["name"] == "TOTAL"].set_index("year")["value"]
    assert total.to_dict() == {2012: 105.8, 2013: 105.9, 2014: 107.6, 2015: 109.8, 2016: 107.4}
    manuf = df[(df["id"] == "manufacturing") & (df["year"] == 2016)]
    assert manuf["value"].tolist() == [111.3]  # "Manufacturing";...;111.3 (line 9)


def write(tmp_path, text, name="t.csv"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


GOOD_HEAD = '\ufeff"Title"\r\n\r\n"Cities, provincies";"2015";"2016"\r\n'


def test_missing_values_absent_or_nan(tmp_path):
    p = write(tmp_path, GOOD_HEAD + '"Ha Tinh";120.3;..\r\n')
    assert read_pxweb_csv(p)["year"].tolist() == [2015]
    kept = read_pxweb_csv(p, keep_missing=True)
    assert kept["year"].tolist() == [2015, 2016] and kept["value"].isna().tolist() == [False, True]


def test_decimal_comma_and_footnote(tmp_path):
    p = write(tmp_path, GOOD_HEAD + '"Ha Tinh";120,3;120,9\r\n\r\n"* preliminary"\r\n')
    df = read_pxweb_csv(p)
    assert df["value"].tolist() == [120.3, 120.9]
    assert df.attrs["notes"] == ["* preliminary"]


@pytest.mark.parametrize("text, needles", [
    ("", ["t.csv", "empty"]),
    ("\ufeff\r\n\r\n", ["t.csv", "empty"]),
    ('"Title"\n\n"Cities, provincies","2015","2016"\n"Ha Tinh",120.3,120.9\n',
     ["t.csv", "separator", "sep=','"]),
    (GOOD_HEAD + '"Ha Tinh";120.3;n/a\r\n', ["t.csv", "row 4", "'2016'", "'n/a'"]),
    (GOOD_HEAD + '"Ha Tinh";120.3\r\n', ["t.csv", "row 4", "2 fields"]),
    ('"Cities, provincies";"2015";"Total"\n"Ha Tinh";1;2\n', ["row 1", "'C'", "'Total'"]),
    (GOOD_HEAD + '"Ha Tinh";120.3;120.9\r\n"Atlantis";1;2\r\n"Nghe An";1;2\r\n',
     ["row 5", "'Atlantis'"]),
    (GOOD_HEAD, ["no data lines"]),
])
def test_bad_files(tmp_path, text, needles):
    p = write(tmp_path, text)
    with pytest.raises(DataError) as info:
        read_pxweb_csv(p)
    for needle in needles:
        assert needle in str(info.value)


def test_bad_argument():
    with pytest.raises(ValueError, match="subtotals"):
        read_pxweb_csv(PROVINCE_FILE, subtotals="sum")


@pytest.mark.parametrize("index, letters", [
    (0, "A"), (2, "C"), (25, "Z"),      # single letters
    (26, "AA"), (27, "AB"), (51, "AZ"), (52, "BA"),
    (701, "ZZ"),                         # 26 + 26*26 - 1
    (702, "AAA"),                        # 26 + 26*26
    (16383, "XFD"),                      # Excel's last column (16,384 columns)
])
def test_column_letter(index, letters):
    from hatinh_analysis.data.pxweb import column_letter

    assert column_letter(index) == letters
