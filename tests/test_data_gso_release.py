"""read_gso_release across the fourteen December workbooks, 2011–2024."""
from pathlib import Path

import pytest

from hatinh_analysis import DataError, read_gso_release

RELEASES = Path(__file__).resolve().parents[1] / "data" / "raw" / "gso_releases"

# (file, year, sheet, cell) of the whole-year national total, found by opening
# every workbook: the label column holds the total row, the whole-year header is
# spread over the rows above the cell.
EXPECTED = [
    # '02IIP (2)': A9 "TOÀN NGÀNH CÔNG NGHIỆP", D4:D6 "Năm 2011 / so với / năm 2010"
    ("2011-12-29-Bieu-12-2011.xls", 2011, "02IIP (2)", "D9"),
    # '02IIP': A11 "TOÀN QUỐC", E5:E7 "Năm 2012 / so với / năm 2011" (a second
    # header block repeats at row 44, below the total)
    ("2012-12-28-Bieu-2012-1.xls", 2012, "02IIP", "E11"),
    ("2013-12-30-Bieu-12-2013-1.xls", 2013, "IIP", "E9"),
    ("2014-12-29-Tong-hop-bieu-2.xls", 2014, "IIP", "E9"),
    # 'IIP': E4:E7 "Cả năm / 2015 (a numeric cell) / so với / năm 2014"
    ("2015-12-29-Bieu-2015.xlsx", 2015, "IIP", "E9"),
    ("2016-12-29-Bieu-2016.xlsx", 2016, "IIP", "E9"),
    ("2017-12-29-03-Bieu-2017.xlsx", 2017, "IIP", "E9"),
    # '11.IIPthang' (the quarterly sheet '12.IIPquy' has no whole-year column);
    # header E3:E5 "Năm 2018 / so với / năm 2017", total row 8
    ("2018-12-27-03-So-lieu-2018-1.xls", 2018, "11.IIPthang", "E8"),
    ("2019-12-27-03-Bieu-2019.xlsx", 2019, "11.IIPthang", "E9"),
    # 2020-2022: '11.IIPthang', 2023-2024: '10.IIPthang'; A9 "Toàn ngành công
    # nghiệp", E "Năm YYYY so với năm YYYY-1"
    ("2020-12-27-03-Bieu-2020.xlsx", 2020, "11.IIPthang", "E9"),
    ("2021-12-29-03-Bieu-2021-28.12.xlsx", 2021, "11.IIPthang", "E9"),
    ("2022-12-29-03-Bieu-2022.xlsx", 2022, "11.IIPthang", "E9"),
    ("2023-12-29-02.Bieu-T12.2023.xlsx", 2023, "10.IIPthang", "E9"),
    ("2024-12-29-02.Bieu-T12.2024.xlsx", 2024, "10.IIPthang", "E9"),
]

# Checked by hand in the workbooks (stored cell values; Excel shows them rounded):
HAND_CHECKED = {
    2011: 106.84340319013617,   # '02IIP (2)'!D9, shown 106.8
    2012: 104.83357872886238,   # '02IIP'!E11, shown 104.8 (later revised to 105.8, PX-Web)
    2013: 105.88,               # 'IIP'!E9
    2017: 109.4,                # 'IIP'!E9
    2019: 109.10815599105223,   # '11.IIPthang'!E9, shown 109.1
    2020: 103.35426803843583,   # '11.IIPthang'!E9, shown 103.4
    2023: 101.46,               # '10.IIPthang'!E9
    2024: 108.35,               # '10.IIPthang'!E9
}


def cell_value(path, sheet, ref):
    """Read one cell independently of the package (python-calamine directly)."""
    import re

    import python_calamine

    letters, digits = re.fullmatch(r"([A-Z]+)(\d+)", ref).groups()
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    rows = python_calamine.CalamineWorkbook.from_path(str(path)) \
        .get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    return rows[int(digits) - 1][col - 1]


@pytest.mark.parametrize("name, year, sheet, cell", EXPECTED, ids=[e[0][:4] for e in EXPECTED])
def test_whole_year_total(name, year, sheet, cell):
    fig = read_gso_release(RELEASES / name)
    assert (fig["year"], fig["sheet"], fig["cell"]) == (year, sheet, cell)
    assert fig["value"] == cell_value(RELEASES / name, sheet, cell)
    assert fig["published"] == name[:10]
    if year in HAND_CHECKED:
        assert fig["value"] == HAND_CHECKED[year]
    assert 100 < fig["value"] < 115  # whole-country IIP, previous year = 100
    assert str(year) in fig["column_label"]


def test_labels_as_printed():
    fig = read_gso_release(RELEASES / "2012-12-28-Bieu-2012-1.xls")
    assert fig["row_label"] == "TOÀN QUỐC"
    assert fig["column_label"] == "Năm 2012 so với năm 2011"


IIP_TITLE = "11. Chỉ số sản xuất công nghiệp"
HEADER = [
    [IIP_TITLE, None, None],
    [None, "Tháng 12 năm", "Ước tính"],
    [None, "2020 so với", "năm 2020"],
    [None, "cùng kỳ", "so với"],
    [None, None, "năm trước"],
]


def test_synthetic_layout_by_content(make_xlsx):
    # another sheet name, a lower-case total, "năm trước" instead of a year
    p = make_xlsx("2020-12-29-x.xlsx", {
        "GDP": [["1. GDP"]],
        "Sheet9": HEADER + [["  toàn ngành  công nghiệp ", 109.0, 103.5]],
    })
    fig = read_gso_release(p)
    assert (fig["year"], fig["value"], fig["sheet"], fig["cell"]) == (2020, 103.5, "Sheet9", "C6")
    assert fig["published"] == "2020-12-29"


def test_text_cell_parsed_vietnamese(make_xlsx):
    p = make_xlsx("2020-12-29-x.xlsx", {"IIP": HEADER + [["TOÀN QUỐC", "109,0", "103,5"]]})
    assert read_gso_release(p)["value"] == 103.5


def test_missing_iip_sheet_lists_sheets(make_xlsx):
    p = make_xlsx("2020-12-29-x.xlsx", {"GDP": [["1. GDP"]], "CPI": [["33. CPI"]]})
    with pytest.raises(DataError) as info:
        read_gso_release(p)
    msg = str(info.value)
    assert "2020-12-29-x.xlsx" in msg and "'GDP'" in msg and "'CPI'" in msg


def test_no_whole_year_column_lists_headers(make_xlsx):
    p = make_xlsx("2020-12-29-x.xlsx", {
        "IIP": [[IIP_TITLE, None], [None, "11 tháng năm 2020"], [None, "so với cùng kỳ"],
                [None, "năm 2019"], ["Toàn ngành công nghiệp", 104.1]]})
    with pytest.raises(DataError) as info:
        read_gso_release(p)
    assert "no whole-year column" in str(info.value)
    assert "11 thang nam 2020 so voi cung ky nam 2019" in str(info.value)


def test_empty_total_cell_named(make_xlsx):
    p = make_xlsx("2020-12-29-x.xlsx", {"IIP": HEADER + [["Toàn ngành công nghiệp", 109.0]]})
    with pytest.raises(DataError, match=r"cell C6 .*empty"):
        read_gso_release(p)


def test_release_date_needed(make_xlsx):
    p = make_xlsx("bieu.xlsx", {"IIP": HEADER + [["Toàn quốc", 1.0, 103.5]]})
    with pytest.raises(DataError, match="release date"):
        read_gso_release(p)
    assert read_gso_release(p, published="2020-12-29")["published"] == "2020-12-29"
