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
