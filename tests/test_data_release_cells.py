"""Industry and monthly figures of the release workbooks, checked against named cells.

The expected values were read by hand from the workbooks (LibreOffice, full
precision as stored) — five formats: a 2012 .xls on VSIC 1993 section names, a
2013 monthly that puts "4 tháng" first and prints section D twice, a 2019 monthly
that starts with "Tháng 4 … so với cùng kỳ năm trước", a 2016 December .xlsx
and a 2023 December workbook — plus a January (no year-to-date column).
"""
from __future__ import annotations

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import hatinh_analysis as ha
from hatinh_analysis.data.errors import DataError
from hatinh_analysis.data.gso_release import (NoIIPSheetError, parse_column_header,
                                              read_release_workbook)
from hatinh_analysis.data.store import data_dir

RAW = data_dir() / "raw"
M, D = "gso_releases_monthly/", "gso_releases/"

# (file, sheet, cell, industry, year, month, comparison, value)
CELLS = [
    (M + "2012-05-29-Bieu-05-2012.xls", "02IIP", "D9", "", 2012, 5, "ytd", 104.1755878799115),
    (M + "2012-05-29-Bieu-05-2012.xls", "02IIP", "C10", "B", 2012, 5, "yoy", 100.7888709751374),
    (M + "2012-05-29-Bieu-05-2012.xls", "02IIP", "B14", "C", 2012, 5, "mom", 105.16560584258066),
    (M + "2013-05-29-Bieu-05-2013-1.xls", "IIP", "B10", "", 2013, 4, "ytd", 104.81),
    (M + "2013-05-29-Bieu-05-2013-1.xls", "IIP", "E10", "", 2013, 5, "ytd", 105.1785933802606),
    (M + "2013-05-29-Bieu-05-2013-1.xls", "IIP", "D15", "C", 2013, 5, "yoy", 106.812456),
    (M + "2013-05-29-Bieu-05-2013-1.xls", "IIP", "B34", "D", 2013, 4, "ytd", 109.1),
    (M + "2013-05-29-Bieu-05-2013-1.xls", "IIP", "C35", "35", 2013, 5, "mom", 105.88),
    (M + "2019-05-27-02-Bieu-5.2019.xlsx", "7.IIPthang", "B10", "", 2019, 4, "yoy",
     109.30489348383743),
    (M + "2019-05-27-02-Bieu-5.2019.xlsx", "7.IIPthang", "E17", "C", 2019, 5, "ytd", 110.88),
    (M + "2019-05-27-02-Bieu-5.2019.xlsx", "7.IIPthang", "C16", "09", 2019, 5, "mom", 70.78),
    (D + "2016-12-29-Bieu-2016.xlsx", "IIP", "E9", "", 2016, 12, "year", 107.49916925456132),
    (D + "2016-12-29-Bieu-2016.xlsx", "IIP", "B18", "13", 2016, 11, "ytd", 116.61850052003),
    (D + "2016-12-29-Bieu-2016.xlsx", "IIP", "D14", "C", 2016, 12, "yoy", 112.9),
    (D + "2023-12-29-02.Bieu-T12.2023.xlsx", "10.IIPthang", "E9", "", 2023, 12, "year", 101.46),
    (D + "2023-12-29-02.Bieu-T12.2023.xlsx", "10.IIPthang", "E16", "C", 2023, 12, "year",
     101.63),
    (D + "2023-12-29-02.Bieu-T12.2023.xlsx", "10.IIPthang", "B13", "07", 2023, 11, "yoy",
     128.07),
    (M + "2013-01-29-Bieu-012013-1.xls", "02IIP", "B10", "", 2013, 1, "mom", 96.82),
]


@pytest.fixture(scope="module")
def books():
    return {f: read_release_workbook(RAW / f) for f in {c[0] for c in CELLS}}


@pytest.mark.parametrize("case", CELLS, ids=lambda c: f"{c[0][-22:]}!{c[2]}")
def test_named_cell_gives_named_value(books, case):
    file, sheet, cell, industry, year, month, comparison, value = case
    book = books[file]
    assert book["sheet"] == sheet
    hits = [f for f in book["figures"] if f["cell"] == cell]
    assert len(hits) == 1
    f = hits[0]
    assert (f["industry"], f["year"], f["month"], f["comparison"]) == \
        (industry, year, month, comparison)
    assert f["value"] == value
    assert book["published"] == file.split("/")[1][:10]


@pytest.mark.parametrize("case", CELLS, ids=lambda c: f"{c[0][-22:]}!{c[2]}")
def test_named_cell_is_in_the_store(case):
    file, sheet, cell, industry, year, month, comparison, value = case
    rows = ha.load_monthly(industry=industry or None, comparison=None, vintages="all")
    if comparison == "year":
        comparison = "ytd"  # the whole year is the 12-month cumulative
        annual = ha.load_observations("vietnam", "iip", industry=industry)
        hit = annual[(annual["file"] == file) & (annual["cell"] == cell)]
        assert hit["value"].tolist() == [value] and hit["year"].tolist() == [year]
    hit = rows[(rows["file"] == file) & (rows["cell"] == cell)]
    assert len(hit) == 1
    r = hit.iloc[0]
    assert (r["year"], r["month"], r["comparison"], r["sheet"]) == (year, month, comparison,
                                                                     sheet)
    assert r["index"] == value and r["value"] == pytest.approx(value - 100, abs=1e-9)


def test_january_has_no_ytd():
    book = read_release_workbook(RAW / M / "2013-01-29-Bieu-012013-1.xls")
    assert {f["comparison"] for f in book["figures"]} == {"mom", "yoy"}
    ytd = ha.load_monthly(industry="*", comparison="ytd", vintages="all")
    assert not (ytd["month"] == 1).any()
    yoy = ha.load_monthly(comparison="yoy")
    assert set(yoy.loc[yoy["month"] == 1, "year"]) == set(range(2012, 2020))


@pytest.mark.parametrize("name", ["2011-01-28-Bieu-012011.xls", "2011-02-28-Bieu-022011.xls",
                                  "2011-03-29-Bieu-032011.xls", "2011-04-29-Bieusolieu_4.2011.xls",
                                  "2011-05-30-Bieusolieu5.2011.xls"])
def test_no_iip_before_june_2011(name):
    with pytest.raises(NoIIPSheetError, match="no industrial production index") as exc:
        read_release_workbook(RAW / M / name)
    assert name in str(exc.value) and "02GTCN" in str(exc.value)


def test_first_monthly_iip_is_june_2011():
    # The June 2011 workbook already has the IIP (sheet '02GTCN', titled "Chỉ số sản
    # xuất công nghiệp tháng Sáu"), although the data README says July: measured here.
    rows = ha.load_monthly(comparison=None, vintages="all")
    first = rows[rows["year"] == 2011]
    assert first["month"].min() == 6
    june = first[(first["month"] == 6) & (first["comparison"] == "yoy")].iloc[0]
    assert (june["index"], june["sheet"], june["cell"]) == (112.72, "02GTCN", "C9")


def test_vintages_restatement_and_real_time():
    # April 2013 year-to-date: first estimate in the April workbook, restated in May's.
    q = dict(comparison="ytd", vintages="all")
    apr = ha.load_monthly(**q).query("year == 2013 and month == 4")
    assert apr["published"].tolist() == ["2013-04-29", "2013-05-29"]
    latest = ha.load_monthly().query("year == 2013 and month == 4").iloc[0]
    first = ha.load_monthly(vintages="first").query("year == 2013 and month == 4").iloc[0]
    assert latest["published"] == "2013-05-29" and latest["index"] == 104.81
    assert first["published"] == "2013-04-29"
    as_of = ha.load_monthly(as_of="2013-05-01").query("year == 2013 and month == 4").iloc[0]
    assert as_of["published"] == "2013-04-29"
    assert (ha.load_monthly(as_of="2013-05-01")["published"] <= "2013-05-01").all()


def test_industry_series_and_as_of():
    c = ha.load_series("iip", province="vietnam", industry="C")
    assert c.index.min() == 2011 and c.index.max() == 2024 and c.attrs["industry"] == "C"
    assert c.loc[2023] == pytest.approx(1.63)
    # 2015: December estimate until the January 2016 workbook restated it
    dec = ha.load_series("iip", province="vietnam", industry="C", as_of="2016-01-28")
    jan = ha.load_series("iip", province="vietnam", industry="C", as_of="2016-01-29")
    assert dec.attrs["published"][2015] == "2015-12-29"
    assert jan.attrs["published"][2015] == "2016-01-29"
    # the whole of industry is unchanged by the industry rows
    total = ha.load_series("iip", province="vietnam")
    assert total.attrs["industry"] == "" and total.loc[2019] == pytest.approx(9.10815599105)
    with pytest.raises(ha.DataError, match="unknown industry"):
        ha.load_series("iip", province="vietnam", industry="99")


# ------------------------------------------------------------------ refusals, future files
def _workbook(tmp_path, name, headers, labels, sheet="9.IIPthang"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(["2. Chỉ số sản xuất công nghiệp"])
    ws.append([None] + headers)
    for i, label in enumerate(labels):
        ws.append([label] + [100.5 + i] * len(headers))
    path = tmp_path / name
    wb.save(path)
    return path


def test_future_workbook_is_read_without_code_change(tmp_path):
    path = _workbook(tmp_path, "2025-06-29-Bieu-T6.2025.xlsx",
                     ["Tháng 5/2025 so với cùng kỳ năm trước", "Tháng 6 năm 2025 so với tháng trước",
                      "Tháng 6 năm 2025\nso với cùng kỳ\nnăm trước",
                      "6 tháng năm 2025 so với cùng kỳ năm trước"],
                     ["Toàn ngành công nghiệp", "Khai khoáng", "Công nghiệp chế biến, chế tạo"])
    book = read_release_workbook(path)
    got = {(f["industry"], f["month"], f["comparison"]) for f in book["figures"]}
    assert ("C", 6, "ytd") in got and ("", 5, "yoy") in got and ("B", 6, "mom") in got
    assert book["published"] == "2025-06-29" and len(book["figures"]) == 12


def test_unplaceable_column_refused_naming_file_and_sheet(tmp_path):
    path = _workbook(tmp_path, "2025-06-29-x.xlsx",
                     ["Tháng 6 năm 2025 so với kế hoạch năm"], ["Toàn ngành công nghiệp"])
    with pytest.raises(DataError) as exc:
        read_release_workbook(path)
    msg = str(exc.value)
    assert "2025-06-29-x.xlsx" in msg and "'9.IIPthang'" in msg and "cannot place" in msg
    assert "so với kế hoạch" in msg


def test_unknown_row_label_refused_naming_cell(tmp_path):
    path = _workbook(tmp_path, "2025-06-29-y.xlsx", ["6 tháng năm 2025 so với cùng kỳ năm trước"],
                     ["Toàn ngành công nghiệp", "Công nghiệp vũ trụ"])
    with pytest.raises(DataError, match=r"cell A4: row label 'Công nghiệp vũ trụ'") as exc:
        read_release_workbook(path)
    assert "2025-06-29-y.xlsx" in str(exc.value)


def test_base_year_must_be_the_previous_year():
    assert parse_column_header("Năm 2019 so với năm 2015") is None
    assert parse_column_header("Tháng 5 năm 2019 so với tháng 5 năm 2017") is None
    assert parse_column_header("Quý I năm 2014 so với cùng kỳ năm 2013")[:3] == (2014, 3, "ytd")
    assert parse_column_header("Chính thức tháng 10 năm 2012 so với tháng 10 năm 2011") \
        == (2012, 10, "yoy", "final")
    assert parse_column_header("Tháng 1/2018 so với tháng 12/2017")[:3] == (2018, 1, "mom")


@given(year=st.integers(2000, 2099), month=st.integers(1, 12),
       style=st.sampled_from(["nam", "slash"]), upper=st.booleans(),
       breaks=st.lists(st.sampled_from([" ", "\n", "  "]), min_size=8, max_size=8))
def test_header_parser_property(year, month, style, upper, breaks):
    def words(*parts):
        text = "".join(p + b for p, b in zip(parts, breaks)).strip()
        return text.upper() if upper else text

    period = f"Tháng {month}/{year}" if style == "slash" else f"Tháng {month} năm {year}"
    prev = f"tháng {month - 1} năm {year}" if month > 1 else f"tháng 12 năm {year - 1}"
    assert parse_column_header(words(period, "so với", prev))[:3] == (year, month, "mom")
    assert parse_column_header(words(period, "so với", "cùng kỳ", "năm trước"))[:3] \
        == (year, month, "yoy")
    assert parse_column_header(words(period, "so với", f"tháng {month} năm {year - 1}"))[:3] \
        == (year, month, "yoy")
    if month > 1:
        ytd = parse_column_header(words(f"{month} tháng", f"năm {year}", "so với", "cùng kỳ",
                                        f"năm {year - 1}"))
        assert ytd[:3] == (year, month, "year" if month == 12 else "ytd")
    assert parse_column_header(words(period, "so với", "kế hoạch")) is None
    assert parse_column_header(words(period, f"năm {year - 1}")) is None  # no "so với"
