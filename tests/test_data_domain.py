"""The one validator keeps values inside their domain (build, store, read_table, user files)."""
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hatinh_analysis import DataError, parse_vn_number, read_table
from hatinh_analysis.data.schema import PLAUSIBLE, check_value

HEADER = "province,indicator,year,value,value_high,unit,basis,status,published,source_id,quote"


def row(value, unit="pct_change", indicator="iip", basis="iip"):
    return f"ha_tinh,{indicator},2019,{value},,{unit},{basis},estimate,2019-12-25,seed,q"


def write(tmp_path, *lines, name="mine.csv"):
    p = tmp_path / name
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


# (bad value, unit, indicator, basis, words in the message), each with a good neighbour
BAD_GOOD = [
    ("1e999", "pct_change", "iip", "iip", "not a finite number", "30.74"),
    ("1e300", "pct_change", "iip", "iip", "plausibility bound", "89.87"),
    ("-100", "pct_change", "iip", "iip", "cannot fall by 100%", "-56.7"),
    ("0", "index_prev_year=100", "iip", "iip", "above 0", "43.3"),
    ("-5", "index_prev_year=100", "iip", "iip", "above 0", "322.8"),
    ("-1", "bn_vnd", "industrial_output", "constant_2010", "negative", "0"),
    ("-850", "mn_usd", "exports", "", "negative", "850"),
    ("-4.85", "mn_tonnes", "steel_output", "", "negative", "4.85"),
    ("60000000", "bn_vnd", "industrial_output", "constant_2010", "plausibility bound",
     "84142"),
    ("700", "index_prev_year=100", "iip", "iip", "plausibility bound", "600"),
]


@pytest.mark.parametrize("bad, unit, indicator, basis, words, good", BAD_GOOD,
                         ids=[f"{b[1]}:{b[0]}" for b in BAD_GOOD])
def test_domain_rule_bad_and_good(tmp_path, bad, unit, indicator, basis, words, good):
    p = write(tmp_path, HEADER, row(good, unit, indicator, basis), row(bad, unit, indicator, basis))
    with pytest.raises(DataError) as info:
        read_table(p)
    msg = str(info.value)
    assert str(p) in msg and "row 3" in msg and "column 'value'" in msg and words in msg, msg
    ok = read_table(write(tmp_path, HEADER, row(good, unit, indicator, basis), name="ok.csv"))
    assert ok["value"].tolist() == [float(good)]


@pytest.mark.parametrize("text", ["nan", "NaN", "inf", "-inf", "Infinity"])
def test_non_finite_text_refused(tmp_path, text):
    with pytest.raises(DataError, match="row 2.*column 'value'.*not a number"):
        read_table(write(tmp_path, HEADER, row(text)))


def test_value_high_checked_too(tmp_path):
    line = "ha_tinh,grdp_growth,2020,18,1e300,pct_change,,target,2019-12-25,seed,q"
    with pytest.raises(DataError, match="column 'value_high'.*plausibility"):
        read_table(write(tmp_path, HEADER, line))


def test_beyond_bound_only_deliberately(tmp_path):
    lines = [HEADER + ",beyond_bound", row("700", "index_prev_year=100") + ",yes",
             row("30", "pct_change").replace("2019", "2018") + ","]
    df = read_table(write(tmp_path, *lines))
    assert df["value"].tolist() == [700.0, 30.0]
    assert "beyond_bound" not in df.columns
    # the confirmation never admits a value outside the domain
    with pytest.raises(DataError, match="above 0"):
        read_table(write(tmp_path, HEADER + ",beyond_bound",
                         row("-5", "index_prev_year=100") + ",yes", name="b.csv"))
    with pytest.raises(DataError, match="column 'beyond_bound'"):
        read_table(write(tmp_path, HEADER + ",beyond_bound",
                         row("700", "index_prev_year=100") + ",maybe", name="c.csv"))
    # or for a whole table, by keyword
    p = write(tmp_path, HEADER, row("700", "index_prev_year=100"), name="d.csv")
    assert read_table(p, allow_beyond_bound=True)["value"].tolist() == [700.0]


def test_check_value_bounds_documented():
    import pathlib
    readme = (pathlib.Path(__file__).resolve().parents[1] / "data" / "README.md").read_text()
    section = readme.split("Plausibility bounds", 1)[1].split("\n## ", 1)[0]
    for unit, (low, high) in PLAUSIBLE.items():
        check_value(low, unit)
        check_value(high, unit)
        from hatinh_analysis.data.schema import format_number
        assert f"| `{unit}` | {format_number(low)} | {format_number(high)} |" in section
    with pytest.raises(DataError):
        check_value(math.inf, "bn_vnd", allow_beyond_bound=True)


def test_shipped_data_inside_bounds():
    from hatinh_analysis import load_observations
    obs = load_observations()
    for unit, (low, high) in PLAUSIBLE.items():
        vals = obs.loc[obs["unit"] == unit, "value"]
        assert vals.between(low, high).all(), unit


# --------------------------------------------------------------- real XLSX files
def xlsx(tmp_path, rows, name="mine.xlsx", formats=None):
    """Write a real workbook with openpyxl; formats = {(row, col): number_format}."""
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Figures"
    for r in rows:
        ws.append(r)
    for (r, c), fmt in (formats or {}).items():
        ws.cell(row=r, column=c).number_format = fmt
    path = tmp_path / name
    wb.save(path)
    return path


COLS = HEADER.split(",")


def test_percent_formatted_cell_read_as_shown(tmp_path):
    p = xlsx(tmp_path, [COLS,
                        ["ha_tinh", "industrial_output_growth", 2019, 0.3212, None, "pct_change",
                         "comparable_unstated", "estimate", "2019-12-25", "seed", "tăng 32,12%"]],
             formats={(2, 4): "0.00%"})
    df = read_table(p)
    assert df["value"].tolist() == [32.12]  # the 32.12% the cell shows, not 0.3212


def test_percent_formatted_amount_refused(tmp_path):
    p = xlsx(tmp_path, [COLS,
                        ["ha_tinh", "exports", 2019, 0.85, None, "mn_usd", "", "estimate",
                         "2019-12-25", "seed", "850 triệu USD"]],
             formats={(2, 4): "0%"})
    with pytest.raises(DataError) as info:
        read_table(p)
    msg = str(info.value)
    assert "mine.xlsx" in msg and "row 2" in msg and "column 'value'" in msg
    assert "shows a percentage" in msg and "'mn_usd' is an amount" in msg


def test_plain_number_format_not_scaled(tmp_path):
    p = xlsx(tmp_path, [COLS,
                        ["ha_tinh", "iip", 2019, 30.74, None, "pct_change", "iip", "estimate",
                         "2019-12-25", "seed", "30,74%"]],
             formats={(2, 4): '0.00"%"'})  # a literal percent sign: shows 30.74%
    assert read_table(p)["value"].tolist() == [30.74]


def test_formula_without_cached_value_refused(tmp_path):
    p = xlsx(tmp_path, [COLS,
                        ["ha_tinh", "iip", 2019, "=30+0.74", None, "pct_change", "iip",
                         "estimate", "2019-12-25", "seed", "30,74%"]])
    with pytest.raises(DataError) as info:
        read_table(p)
    msg = str(info.value)
    assert "mine.xlsx" in msg and "row 2" in msg and "column 'value'" in msg
    assert "formula '=30+0.74'" in msg and "no computed value" in msg


def test_xls_refused_with_reason(tmp_path):
    p = tmp_path / "mine.xls"
    p.write_bytes(b"")
    with pytest.raises(DataError, match="number formats cannot be read.*xlsx"):
        read_table(p)


# ------------------------------------------------- Vietnamese number parser properties
# database=None: no .hypothesis/ example store written into the working tree.
@settings(database=None)
@given(st.integers(min_value=-10**12, max_value=10**12),
       st.integers(min_value=0, max_value=99))
def test_vn_number_round_trip(whole, cents):
    from babel.numbers import format_decimal
    from decimal import Decimal
    value = Decimal(whole) + (Decimal(cents) / 100 if whole >= 0 else -Decimal(cents) / 100)
    text = format_decimal(value, format="#,##0.##", locale="vi")
    assert parse_vn_number(text) == float(value)
    assert parse_vn_number(text + "%") == float(value)


@settings(database=None)
@given(st.text(max_size=20))
def test_vn_number_only_dataerror_and_finite(text):
    try:
        value = parse_vn_number(text)
    except DataError:
        return
    assert math.isfinite(value)


@settings(database=None)
@given(st.text(alphabet=st.characters(categories=["L"]), min_size=1, max_size=5),
       st.integers(min_value=0, max_value=10**6))
def test_vn_number_with_words_refused(word, n):
    with pytest.raises(DataError):
        parse_vn_number(f"{n} {word}")


def test_store_refuses_out_of_domain_value(tmp_path, monkeypatch):
    # a hand-edited observations.csv with Hà Tĩnh's 2016 index at 1 (−99 %)
    header = ("province,indicator,year,value,value_high,unit,basis,status,published,"
              "source_id,quote,file,sheet,cell\n")
    (tmp_path / "observations.csv").write_text(
        header + "ha_tinh,iip,2016,1,,index_prev_year=100,iip,final,2018-09,s1,q,,,\n")
    (tmp_path / "sources.csv").write_text(
        "source_id,publisher,title,url,published,language,file\ns1,P,T,,2018,en,\n")
    monkeypatch.setenv("HATINH_DATA_DIR", str(tmp_path))
    import hatinh_analysis as ha
    with pytest.raises(DataError, match=r"observations.csv, row 2, column 'value'.*plausib"):
        ha.load_series("iip")
