"""read_table: a user's own observations, validated like the shipped data."""
import pytest

from hatinh_analysis import DataError, read_table
from hatinh_analysis.data.errors import UnknownNameError
from hatinh_analysis.data.schema import COLUMNS

HEADER = "province,indicator,year,value,value_high,unit,basis,status,published,source_id,quote"
# The seed article's 2019 figures (seed_baohatinh_184456, 25 Dec 2019)
ROW_IIP = 'ha_tinh,iip,2019,30.74,,pct_change,iip,estimate,2019-12-25,seed,"tăng 30,74%"'
ROW_EXP = 'ha_tinh,exports,2019,850,,mn_usd,,estimate,2019-12-25,seed,"850 triệu USD"'


def write(tmp_path, *lines, name="mine.csv"):
    p = tmp_path / name
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


def test_valid_csv_typed(tmp_path):
    df = read_table(write(tmp_path, HEADER, ROW_IIP, ROW_EXP))
    assert list(df.columns) == list(COLUMNS)
    assert df["value"].tolist() == [30.74, 850.0]
    assert str(df["year"].dtype) == "int64" and str(df["value"].dtype) == "float64"
    assert df["value_high"].isna().all()
    assert df.loc[0, "file"] == "" and df.loc[1, "basis"] == ""


def test_semicolon_csv_with_vietnamese_numbers(tmp_path):
    # what Excel writes on a Vietnamese-locale machine
    p = write(tmp_path, HEADER.replace(",", ";"),
              "ha_tinh;industrial_output;2019;75.800;;bn_vnd;comparable_unstated;estimate;"
              "2019-12-25;seed;đạt 75.800 tỷ đồng",
              "ha_tinh;grdp_growth;2018;18;19;pct_change;;target;2018-12-28;ctk;18-19%")
    df = read_table(p, number_format="vi")
    assert df["value"].tolist() == [75800.0, 18.0]
    assert df["value_high"].tolist()[1] == 19.0


def test_valid_xlsx_numeric_cells(make_xlsx):
    header = HEADER.split(",") + ["file", "sheet", "cell"]
    p = make_xlsx("mine.xlsx", {"Data": [
        header,
        ["ha_tinh", "iip", 2019, 30.74, None, "pct_change", "iip", "estimate", "2019-12-25",
         "seed", "tăng 30,74%", None, None, None],
        [None] * 14,  # trailing empty row: formatting residue, ignored
    ]})
    df = read_table(p)
    assert df["year"].tolist() == [2019] and df["value"].tolist() == [30.74]


def expect(path, *needles, exc=DataError, **kwargs):
    with pytest.raises(exc) as info:
        read_table(path, **kwargs)
    msg = str(info.value)
    assert str(path) in msg
    for needle in needles:
        assert needle in msg, msg
    return msg


def test_empty_file(tmp_path):
    p = tmp_path / "empty.csv"
    p.write_text("")
    expect(p, "empty")


def test_header_only(tmp_path):
    expect(write(tmp_path, HEADER), "no data rows")


def test_missing_column(tmp_path):
    header = HEADER.replace(",basis", "")
    row = ROW_IIP.replace(",iip,estimate", ",estimate")
    expect(write(tmp_path, header, row), "row 1", "missing column(s) 'basis'")


def test_extra_column(tmp_path):
    expect(write(tmp_path, HEADER + ",comment", ROW_IIP + ",hi"), "row 1",
           "unexpected column(s) 'comment'")


def test_ragged_row(tmp_path):
    expect(write(tmp_path, HEADER, ROW_IIP + ",extra"), "row 2", "12 fields")


def test_non_numeric_value_quoted(tmp_path):
    expect(write(tmp_path, HEADER, ROW_EXP, ROW_IIP.replace("30.74", "n/a")),
           "row 3", "column 'value'", "'n/a'")


def test_decimal_comma_hint(tmp_path):
    row = ROW_IIP.replace("30.74", '"30,74"')
    expect(write(tmp_path, HEADER, row), "row 2", "column 'value'", "'30,74'",
           "number_format='vi'", number_format="plain")
    assert read_table(write(tmp_path, HEADER, row), number_format="vi")["value"][0] == 30.74
    table = read_table(write(tmp_path, HEADER, row))  # default "auto": the decimal comma decides
    assert table["value"][0] == 30.74 and table.attrs["number_format"] == "vi"


def test_empty_value_is_an_error_not_nan(tmp_path):
    expect(write(tmp_path, HEADER, ROW_IIP.replace("30.74", "")), "row 2", "column 'value'",
           "empty")


def test_words_in_value_vi(tmp_path):
    row = 'ha_tinh,imports,2019,"2,56 tỷ",,mn_usd,,estimate,2019-12-25,seed,q'
    expect(write(tmp_path, HEADER, row), "row 2", "column 'value'", "'2,56 tỷ'",
           number_format="vi")


def test_duplicate_row(tmp_path):
    expect(write(tmp_path, HEADER, ROW_IIP, ROW_EXP, ROW_IIP), "row 4", "duplicate of row 2")


@pytest.mark.parametrize("year", ["1900", "2101", "19", "2019.5", ""])
def test_year_out_of_range_or_malformed(tmp_path, year):
    expect(write(tmp_path, HEADER, ROW_IIP.replace(",2019,", f",{year},")), "row 2",
           "column 'year'")


@pytest.mark.parametrize("column, bad, valid", [
    ("province", "hatinh", "'ha_tinh'"),
    ("indicator", "IIP", "'grdp_growth'"),
    ("unit", "percent", "'pct_change'"),
    ("status", "uoc", "'estimate'"),
    ("basis", "2010", "'constant_2010'"),
])
def test_unknown_names_list_valid(tmp_path, column, bad, valid):
    fields = ROW_IIP.split(",", 10)
    fields[HEADER.split(",").index(column)] = bad
    msg = expect(write(tmp_path, HEADER, ",".join(fields)), "row 2", f"column '{column}'",
                 f"{bad!r}", valid, exc=UnknownNameError)
    assert "valid:" in msg


def test_unit_must_fit_indicator(tmp_path):
    expect(write(tmp_path, HEADER, ROW_EXP.replace("mn_usd", "pct_change")), "row 2",
           "column 'unit'", "allowed: mn_usd")


@pytest.mark.parametrize("published", ["25/12/2019", "2019-13", "2019-02-30", ""])
def test_bad_published(tmp_path, published):
    expect(write(tmp_path, HEADER, ROW_IIP.replace("2019-12-25", published)), "row 2",
           "column 'published'")


def test_estimate_published_before_its_year(tmp_path):
    expect(write(tmp_path, HEADER, ROW_IIP.replace("2019-12-25", "2018-12")), "row 2",
           "column 'published'", "cannot have been published")


def test_value_high_below_value(tmp_path):
    row = "ha_tinh,grdp_growth,2018,19,18,pct_change,,target,2018-12-28,ctk,18-19%"
    expect(write(tmp_path, HEADER, row), "row 2", "column 'value_high'")


def test_row_without_provenance(tmp_path):
    expect(write(tmp_path, HEADER, ROW_IIP.replace(',"tăng 30,74%"', ",")), "row 2",
           "column 'quote'", "provenance")


def test_unknown_source_when_sources_given(tmp_path):
    expect(write(tmp_path, HEADER, ROW_IIP), "row 2", "column 'source_id'", "'seed'",
           exc=UnknownNameError, sources=["other"])


def test_missing_sheet_lists_sheets(make_xlsx):
    p = make_xlsx("mine.xlsx", {"Data": [HEADER.split(",")], "Notes": [["x"]]})
    expect(p, "no sheet 'Figures'", "'Data'", "'Notes'", sheet="Figures")


def test_xlsx_error_names_sheet_and_row(make_xlsx):
    p = make_xlsx("mine.xlsx", {"Data": [
        [None],  # table starts on row 2: the row numbers follow the sheet
        HEADER.split(","),
        ["ha_tinh", "iip", 2019, "khoảng 30", None, "pct_change", "iip", "estimate",
         "2019-12-25", "seed", "q"],
    ]})
    expect(p, "[sheet 'Data']", "row 3", "column 'value'", "'khoảng 30'")


def test_missing_file(tmp_path):
    expect(tmp_path / "nope.csv", "not found")
