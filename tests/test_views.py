"""Display helpers of the notebooks (hatinh_analysis.views) and the shared formats, against hand-made inputs."""
from __future__ import annotations

import pandas as pd
import pytest

from hatinh_analysis import formats, views


def test_year_ranges_and_growth_format():
    assert formats.year_ranges([2008, 2010, 2009, 2012, 2017, 2018, 2019]) == "2008–2010, 2012, 2017–2019"
    assert formats.fmt_growth(30.74) == "+30.7%" and formats.fmt_growth(-0.8, 2) == "-0.80%"


def test_the_whole_country_has_one_name():
    from hatinh_analysis import plots
    from hatinh_analysis.i18n import area_name

    for lang, name in (("en", "Whole country"), ("vi", "Cả nước")):
        assert formats.province_name("vietnam", lang) == plots.province_name("vietnam", lang) \
            == area_name("vietnam", lang) == name
    assert formats.province_name("nghe_an") == "Nghệ An"


SERIES = {
    "ha_tinh": pd.Series({2015: 20.3, 2016: 20.9, 2017: 81.76, 2018: 89.0, 2019: 30.74}),
    "vietnam": pd.Series({2015: 9.8, 2016: 7.4, 2017: 9.4, 2018: 10.2, 2019: 9.1}),
    "nghe_an": pd.Series({2015: 12.0, 2016: 14.1, 2017: 12.4, 2018: 13.0}),
}


def test_standout_years_by_hand():
    # 2017: 81.76 - 12.4 = 69.4 > 15; 2018: 89.0 - 13.0 = 76 > 15; 2019: 30.74 - 9.1 = 21.6 > 15;
    # 2015: 20.3 - 12.0 = 8.3; 2016: 20.9 - 14.1 = 6.8 -> not standing out
    out = views.standout_years(SERIES, "ha_tinh")
    assert out["years"] == [2017, 2018, 2019]
    assert out["markdown"].startswith("Hà Tĩnh's figures for 2017–2019 (2017: +81.8%, 2018: +89.0%, 2019: +30.7%)")


def test_standout_years_none_names_the_province():
    out = views.standout_years(SERIES, "nghe_an")
    assert out["years"] == []
    assert "Nghệ An" in out["markdown"] and "Formosa" not in out["markdown"]


def test_exploration_summary_facts_by_hand():
    s = SERIES["ha_tinh"].copy()
    s.attrs = {"label": "Industrial production index (IIP)", "statuses": {2019: "estimate", 2018: "final"}}
    out = views.exploration_summary({**SERIES, "ha_tinh": s}, "ha_tinh", "vietnam")
    facts = out["facts"]
    assert (facts["first_year"], facts["last_year"], facts["n_years"]) == (2015, 2019, 5)
    assert facts["max_year"] == 2018 and facts["latest"] == 30.74 and facts["n_not_final"] == 1
    assert facts["years_above_national"] == 5 and facts["n_common_with_national"] == 5
    # fastest of the neighbours shown (only nghe_an besides the country) in 4 of its 4 years
    assert facts["years_fastest_among_neighbours"] == 4
    assert "Hà Tĩnh's industrial production index (IIP) has figures for 5 years (2015–2019)" in out["summary"]


def test_tables_count_and_cite_the_users_figures():
    # one hand-made user row: Hà Tĩnh IIP 2020, an estimate the shipped data does not have
    mine = pd.DataFrame([{"province": "ha_tinh", "indicator": "iip", "year": 2020, "value": 9.5,
                          "value_high": "", "unit": "pct_change", "basis": "iip", "status": "estimate",
                          "published": "2020-12-20", "source_id": "my_note", "quote": "my note",
                          "file": "", "sheet": "", "cell": ""}])
    plain = views.series_table(["ha_tinh"]).data
    assert "Your figures" not in plain.columns
    table = views.series_table(["ha_tinh"], extra=mine).data
    iip = table[table["Indicator"].str.contains("IIP")].iloc[0]
    assert iip["Your figures"] == 1
    assert iip["Figures"] == plain[plain["Indicator"].str.contains("IIP")].iloc[0]["Figures"] + 1
    cited = views.sources_table("ha_tinh", "iip", extra=mine).data
    assert cited["Figures"].str.contains("your figures").sum() == 1


def test_comparison_table_uses_display_names():
    table = views.comparison_table({"ha_tinh": SERIES["ha_tinh"], "nghe_an": SERIES["nghe_an"]}).data
    assert list(table.columns) == ["Year", "Hà Tĩnh", "Nghệ An"]
    assert table.loc[table["Year"] == 2019, "Nghệ An"].isna().all()  # a missing year stays missing


# --------------------------------------------------------------------------- languages (issue 12)
def test_header_line_in_both_languages():
    assert views.data_header("ha_tinh", "iip").data == \
        "**Hà Tĩnh** · Industrial production index (IIP) · figures published by today"
    assert views.data_header("ha_tinh", "iip", "2019-12-25", "en").data.endswith("figures published by 2019-12-25")
    vi = views.data_header("vietnam", "iip", "2019-12-25", "vi").data
    assert vi == "**Cả nước** · Chỉ số sản xuất công nghiệp (IIP) · số liệu công bố đến ngày 25 tháng 12 năm 2019"
    assert views.data_header("ha_tinh", "iip", lang="vi").data.endswith("công bố đến hôm nay")


def test_standout_years_and_summary_in_vietnamese():
    out = views.standout_years(SERIES, "ha_tinh", lang="vi")
    assert out["years"] == [2017, 2018, 2019]
    # Babel's vi_VN decimal comma; the years' list is separated by semicolons
    assert out["markdown"].startswith("Số liệu của Hà Tĩnh năm 2017–2019 (2017: +81,8%; 2018: +89,0%; 2019: +30,7%)")
    assert "15 điểm phần trăm" in out["markdown"] and "points" not in out["markdown"]
    assert views.standout_years(SERIES, "nghe_an", lang="vi")["markdown"].startswith("Không năm nào của Nghệ An")
    s = SERIES["ha_tinh"].copy()
    s.attrs = {"label": "Industrial production index (IIP)", "indicator": "iip",
               "statuses": {2019: "estimate", 2018: "final"}}
    en = views.exploration_summary({**SERIES, "ha_tinh": s}, "ha_tinh", "vietnam", lang="en")
    vi = views.exploration_summary({**SERIES, "ha_tinh": s}, "ha_tinh", "vietnam", lang="vi")
    assert vi["facts"] == en["facts"]  # the numbers do not depend on the language
    assert vi["summary"].startswith("Về chỉ số sản xuất công nghiệp (IIP), Hà Tĩnh có số liệu của 5 năm (2015–2019).")
    assert "Tốc độ tăng cao nhất là +89,0% vào năm 2018" in vi["summary"]
    assert "trong 5/5 năm cùng có số liệu (cả nước năm 2019: +9,1%)" in vi["summary"]  # no capital mid-sentence
    assert not any(w in vi["summary"] for w in ("figures", "years", "Growth", "faster"))


def test_tables_in_vietnamese():
    table = views.series_table(["ha_tinh", "vietnam"], lang="vi").data
    assert list(table.columns) == ["Địa phương", "Chỉ tiêu", "Đơn vị tính", "Các năm", "Số liệu",
                                   "Tình trạng số liệu", "Số nguồn"]
    iip = table[(table["Địa phương"] == "Hà Tĩnh") & (table["Chỉ tiêu"] == "Chỉ số sản xuất công nghiệp (IIP)")]
    assert len(iip) == 1 and iip.iloc[0]["Tình trạng số liệu"] == "chính thức, sơ bộ, ước tính"
    assert iip.iloc[0]["Đơn vị tính"] == "tăng so với năm trước, %"
    assert "Cả nước" in set(table["Địa phương"])
    # same rows and counts as the English table
    en = views.series_table(["ha_tinh", "vietnam"], lang="en").data
    assert table["Số liệu"].tolist() == en["Figures"].tolist()
    comp = views.comparison_table({"ha_tinh": SERIES["ha_tinh"], "vietnam": SERIES["vietnam"]}, lang="vi")
    assert list(comp.data.columns) == ["Năm", "Hà Tĩnh", "Cả nước"]
    assert "+81,8%" in comp.to_html() and "+81.8%" not in comp.to_html()


def test_vintages_and_sources_in_vietnamese():
    import hatinh_analysis as ha

    obs = ha.load_observations("ha_tinh", "iip", as_of="2019-12-25")
    en, vi = views.vintages_table(obs, lang="en").data, views.vintages_table(obs, lang="vi").data
    assert list(vi.columns) == ["Năm", "Số liệu", "Tình trạng", "Ngày công bố", "Nguồn",
                                "Chênh lệch so với số đầu tiên"]
    assert len(vi) == len(en) and vi["Năm"].tolist() == en["Year"].tolist()
    # the 2016 estimate (+15.37%) was revised to the final +20.90%: +5.53 points
    assert "+5.53 points" in en["Change from the first figure"].tolist()
    assert "+5,53 điểm phần trăm" in vi["Chênh lệch so với số đầu tiên"].tolist()
    assert set(vi["Tình trạng"]) <= {"ước tính", "sơ bộ", "chính thức"}
    assert "ngày 28 tháng 12 năm 2016" in vi["Ngày công bố"].tolist()
    html_vi = views.vintages_table(obs, lang="vi").to_html()
    assert "+15,37%" in html_vi
    src = views.sources_table("ha_tinh", "iip", as_of="2019-12-25", lang="vi")
    assert list(src.data.columns) == ["Cơ quan công bố", "Tên ấn phẩm", "Ngày công bố", "Số liệu", "Liên kết"]
    assert ">liên kết</a>" in src.to_html() and ">link</a>" not in src.to_html()
    assert all("(" in f and "estimate" not in f for f in src.data["Số liệu"])


def test_styled_escapes_text_of_every_dtype_and_formatted_columns():
    """pandas 3 stores text as ``str``, not ``object``: every text cell, header and formatted cell is escaped."""
    import pandas as pd

    from hatinh_analysis import views

    bad = '<script>x()</script>"\'><svg onload=y()>'
    df = pd.DataFrame({"a": pd.Series([bad], dtype="str"), "b": pd.Series([bad], dtype=object),
                       bad: [1.5], "d": [bad], "link": ['<a href="#">ok</a>']})
    html_out = views.styled(df, caption=bad, formats={"d": lambda v: v.upper()},
                            html_columns=["link"]).to_html()
    assert "<script>" not in html_out.lower() and "<svg" not in html_out.lower()
    assert html_out.count("&lt;script&gt;") >= 3 and "&lt;SCRIPT&gt;" in html_out
    assert '<a href="#">ok</a>' in html_out


def test_md_shows_html_as_text():
    from hatinh_analysis import views

    out = views.md("**Source** <img src=x onerror=alert(1)> & more").data
    assert "<img" not in out and "&lt;img" in out and "**Source**" in out
