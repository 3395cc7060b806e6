"""parse_vn_number: Vietnamese notation ('.' thousands, ',' decimals)."""
import pytest

from hatinh_analysis import DataError, parse_vn_number


@pytest.mark.parametrize("text, expected", [
    ("75.800", 75800.0),        # seed article: "đạt 75.800 tỷ đồng"
    ("32,12%", 32.12),          # seed article: "tăng 32,12%"
    ("1.108,95", 1108.95),
    ("-7,54", -7.54),
    ("27.993,9", 27993.9),      # baohatinh_146884: "27.993,9 tỷ đồng"
    ("1.084,82", 1084.82),      # baohatinh_146884: "nhập khẩu 1.084,82 triệu USD"
    ("1.200", 1200.0),          # a dot before three digits groups thousands in vi
    ("84.142", 84142.0),        # seed article 2020 target
    ("1.000.000", 1_000_000.0),
    ("30,74", 30.74),
    ("850", 850.0),
    ("0,5", 0.5),
    ("+3,5", 3.5),
    ("\u22127,54", -7.54),      # Unicode minus sign
    ("  10,64 % ", 10.64),      # surrounding and inner spaces around %
    ("\xa019,58\xa0", 19.58),   # non-breaking spaces from web pages
    (108.5, 108.5),             # already a number (numeric spreadsheet cell)
    (2019, 2019.0),
])
def test_valid(text, expected):
    assert parse_vn_number(text) == expected


@pytest.mark.parametrize("text", [
    "2,56 tỷ",     # a word is not a number: the caller converts tỷ (bn) to mn
    "1.2.3,4,5",
    "",
    "   ",
    "abc",
    "1,2,3",       # several decimal commas
    "1.5",         # English decimal point: not vi grouping (would be 15 or 1,5)
    "1.20",
    "1.000,",
    ",5",
    "1e5",
    "1_000",
    "1 000",
    "-",
    "5-",
    "--5",
    "١٢",          # non-ASCII digits
    "nan",
    float("nan"),
    None,
    True,
])
def test_invalid_raises_quoting_text(text):
    with pytest.raises(DataError) as info:
        parse_vn_number(text)
    assert repr(text) in str(info.value)
    assert isinstance(info.value, ValueError)


def test_percent_reject():
    with pytest.raises(DataError, match="percent"):
        parse_vn_number("32,12%", percent="reject")
    assert parse_vn_number("32,12", percent="reject") == 32.12
