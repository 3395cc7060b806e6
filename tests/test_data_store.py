"""The store: seed figures, vintage choice with as_of, errors, caching."""
import datetime as dt
import re

import pandas as pd
import pytest

import hatinh_analysis as ha
from hatinh_analysis import DataError
from hatinh_analysis.data.errors import UnknownNameError
from hatinh_analysis.data.store import data_dir


def one(df, **where):
    for k, v in where.items():
        df = df[df[k] == v]
    assert len(df) == 1, where
    return df.iloc[0]


# --- seed article of 25 Dec 2019 (seed_baohatinh_184456) -------------------------
@pytest.mark.parametrize("indicator, value, unit", [
    ("iip", 30.74, "pct_change"),          # "ước tăng 30,74% so với cùng kỳ"
    ("industrial_output", 75800, "bn_vnd"),  # "đạt 75.800 tỷ đồng"
    ("exports", 850, "mn_usd"),            # "xuất khẩu ... ước đạt 850 triệu USD"
    ("imports", 2560, "mn_usd"),           # "nhập khẩu đạt 2,56 tỷ USD"
])
def test_seed_2019_figures(indicator, value, unit):
    obs = ha.load_observations("ha_tinh", indicator)
    row = one(obs, year=2019, source_id="seed_baohatinh_184456")
    assert (row["value"], row["unit"], row["status"], row["published"]) == \
        (value, unit, "estimate", "2019-12-25")


@pytest.mark.parametrize("indicator, value, unit, basis", [
    ("iip", 10.64, "pct_change", "iip"),                     # "tăng 10,64%"
    ("industrial_output", 84142, "bn_vnd", "constant_2010"),  # "(theo giá so sánh 2010) 84.142"
    ("exports", 1200, "mn_usd", ""),                         # "đạt 1,2 tỷ USD"
])
def test_seed_2020_targets(indicator, value, unit, basis):
    row = one(ha.load_targets("ha_tinh", indicator), year=2020)
    assert (row["value"], row["unit"], row["basis"], row["status"]) == \
        (value, unit, basis, "target")
    assert pd.isna(row["value_high"])


def test_target_range():
    # ctk_hatinh_227: "(kế hoạch tăng 18-19%)"
    row = one(ha.load_targets(indicator="grdp_growth"), year=2018)
    assert (row["value"], row["value_high"]) == (18.0, 19.0)


# --- vintage choice ---------------------------------------------------------------
CONTRACT_IIP = {2008: 8.5, 2009: -0.8, 2010: 17.6, 2011: 6.1, 2012: 7.0, 2013: 13.1,
                2014: 19.1, 2015: 20.3, 2016: 20.9, 2017: 81.76, 2018: 89.0, 2019: 30.74}


def test_ha_tinh_iip_equals_contract():
    s = ha.load_series("iip")
    assert s.to_dict() == CONTRACT_IIP
    assert s.name == "iip" and s.index.name == "year"
    assert str(s.index.dtype) == "int64" and str(s.dtype) == "float64"
    assert s.index.is_monotonic_increasing
    assert s.attrs["unit"] == "pct_change" and s.attrs["kind"] == "growth"
    assert s.attrs["label"] == "Industrial production index (IIP)"
    assert s.attrs["province"] == "ha_tinh" and s.attrs["as_of"] is None
    # 2016: PX-Web 'Ha Tinh' 2016 = 120.9, final, retrieved 2018-09 (cell F35)
    assert s.attrs["source_ids"][2016] == "gso_pxweb_iip_province"
    assert s.attrs["statuses"][2016] == "final" and s.attrs["published"][2016] == "2018-09"
    # 2018: 89 (vietstock, 2019-01) is later than 86.67 (baohatinh, 2018-12)
    assert s.attrs["source_ids"][2018] == "vietstock_343829"
    assert 2020 not in s.index  # the 2020 target is never part of a series


def test_iip_2016_as_of():
    # vietnamplus_105026 (2016-12-28): "increased by 15.37 percent"
    assert ha.load_series("iip", as_of="2017-01-01")[2016] == 15.37
    assert ha.load_series("iip")[2016] == 20.9  # PX-Web index 120.9


def test_grdp_2016_as_of():
    # htu_eba_142 (2016-12): "GRDP giảm 17.06%"; hatinhgov_ktxh_2017 (2017-12): "-15,31%"
    assert ha.load_series("grdp_growth", as_of="2017-01-01")[2016] == -17.06
    assert ha.load_series("grdp_growth")[2016] == -15.31


def test_partial_published_date_counts_at_end_of_period():
    # 89 was published "2019-01": not known on 2019-01-15, known by the end of January
    assert ha.load_series("iip", as_of="2019-01-15")[2018] == 86.67
    assert ha.load_series("iip", as_of="2019-01")[2018] == 89.0


def test_final_beats_later_estimate_and_release_vintages():
    # national 2012: Dec-2012 release '02IIP'!E11 = 104.83357872886238 (estimate);
    # PX-Web " WHOLE COUNTRY" 2012 = 105.8 (final, 2018-09)
    early = ha.load_series("iip", "vietnam", as_of="2012-12")
    assert early[2012] == pytest.approx(4.83357872886, abs=1e-9)
    assert early.attrs["statuses"][2012] == "estimate"
    assert ha.load_series("iip", "vietnam")[2012] == 5.8
    # 2011: yearbook 107.3 (preliminary) beats the release's 106.84 (estimate)
    assert ha.load_series("iip", "vietnam")[2011] == 7.3


@pytest.mark.parametrize("as_of", ["2019-12-25", "2019-12", "2019", 2019,
                                   dt.date(2019, 12, 25), pd.Timestamp("2019-12-25")])
def test_as_of_forms(as_of):
    assert ha.load_series("iip", as_of=as_of)[2019] == 30.74


@pytest.mark.parametrize("as_of", ["garbage", "2019-13", "19", "25/12/2019", 3.5, ""])
def test_bad_as_of_names_parameter(as_of):
    with pytest.raises(DataError, match="as_of"):
        ha.load_series("iip", as_of=as_of)
    with pytest.raises(DataError, match="as_of"):
        ha.load_observations(as_of=as_of)


def test_nothing_published_yet():
    with pytest.raises(DataError, match="earliest was published 2012"):
        ha.load_series("iip", as_of="2010")


def test_level_series_mixed_bases():
    with pytest.raises(DataError) as info:
        ha.load_series("industrial_output")
    msg = str(info.value)
    assert "constant_1994: 2000, 2004" in msg and "basis=" in msg
    # gso_yearbook_2008: "Hà Tĩnh 362,0 657,9 860,1 997,7 1155,0 1330,6" (1994 prices)
    s = ha.load_series("industrial_output", basis="constant_1994")
    assert s.to_dict() == {2000: 362.0, 2004: 657.9, 2005: 860.1, 2006: 997.7,
                           2007: 1155.0, 2008: 1330.6}
    assert s.attrs["unit"] == "bn_vnd" and s.attrs["basis"] == "constant_1994"


def test_growth_series_spanning_bases_is_allowed():
    s = ha.load_series("industrial_output_growth")
    assert s.attrs["basis"] == "mixed"
    assert s[2000] == pytest.approx(9.6)   # index 109,6 at 1994 prices
    assert s[2019] == 32.12                # seed article "tăng 32,12%"


def test_unknown_names():
    with pytest.raises(UnknownNameError, match="'ha_tinh'"):
        ha.load_series("iip", province="hatinh")
    with pytest.raises(UnknownNameError, match="'grdp_growth'"):
        ha.load_series("gdp")
    with pytest.raises(UnknownNameError, match="'constant_2010'"):
        ha.load_series("industrial_output", basis="2010")
    with pytest.raises(UnknownNameError, match="'nghe_an'"):
        ha.load_observations(province=["ha_tinh", "Nghe An"])


def test_pair_without_data_lists_what_exists():
    with pytest.raises(DataError) as info:
        ha.load_series("exports", province="nghe_an")
    msg = str(info.value)
    assert "Indicators with figures for nghe_an: iip" in msg
    assert "Provinces with exports figures: ha_tinh" in msg


# --- tables, sources, fingerprint, cache --------------------------------------------
def test_list_series():
    ls = ha.list_series()
    assert list(ls.columns) == ["province", "indicator", "unit", "first_year", "last_year",
                                "n_obs", "statuses", "n_user"]
    assert (ls["n_user"] == 0).all()
    row = one(ls, province="ha_tinh", indicator="iip")
    assert (row["unit"], row["first_year"], row["last_year"]) == ("pct_change", 2008, 2019)
    assert row["statuses"] == "final,preliminary,estimate"
    assert one(ls, province="ha_tinh", indicator="exports")["unit"] == "mn_usd"
    assert len(ls[ls["indicator"] == "iip"]) == 64  # every PX-Web province + the country


def test_list_sources():
    src = ha.list_sources()
    assert src["source_id"].is_unique
    assert {"seed_baohatinh_184456", "gso_pxweb_iip_province",
            "gso_release_2019-12"} <= set(src["source_id"])
    obs = ha.load_observations()
    assert set(obs["source_id"]) <= set(src["source_id"])


def test_fingerprint():
    fp = ha.data_fingerprint()
    assert re.fullmatch(r"[0-9a-f]{12}", fp)
    assert ha.data_fingerprint() == fp


def test_returned_frames_are_copies():
    obs = ha.load_observations("ha_tinh")
    obs.loc[:, "value"] = -1.0
    ha.list_sources().drop(columns="title")
    assert ha.load_series("iip").to_dict() == CONTRACT_IIP


HEADER = ("province,indicator,year,value,value_high,unit,basis,status,published,source_id,"
          "quote,file,sheet,cell\n")
SOURCES = "source_id,publisher,title,url,published,language,file\ns1,P,T,,2019,vi,\n"


def make_dir(tmp_path, rows):
    (tmp_path / "observations.csv").write_text(HEADER + "".join(r + "\n" for r in rows))
    (tmp_path / "sources.csv").write_text(SOURCES)
    return tmp_path


def test_data_dir_env_and_cache_invalidation(tmp_path, monkeypatch):
    d = make_dir(tmp_path, ["ha_tinh,iip,2019,10,,pct_change,iip,estimate,2019-12,s1,q,,,"])
    monkeypatch.setenv("HATINH_DATA_DIR", str(d))
    assert data_dir() == d.resolve()
    assert ha.load_series("iip").to_dict() == {2019: 10.0}
    make_dir(tmp_path, ["ha_tinh,iip,2019,12.5,,pct_change,iip,estimate,2019-12,s1,q,,,"])
    assert ha.load_series("iip").to_dict() == {2019: 12.5}


def test_same_source_tie_is_an_error(tmp_path, monkeypatch):
    d = make_dir(tmp_path, ["ha_tinh,iip,2019,10,,pct_change,iip,estimate,2019-12,s1,q,,,",
                            "ha_tinh,iip,2019,11,,pct_change,iip,estimate,2019-12,s1,q,,,"])
    monkeypatch.setenv("HATINH_DATA_DIR", str(d))
    with pytest.raises(DataError, match="several figures"):
        ha.load_series("iip")


def test_invalid_store_file_names_row(tmp_path, monkeypatch):
    d = make_dir(tmp_path, ["ha_tinh,iip,2019,10,,pct_change,iip,estimate,2019-12,s2,q,,,"])
    monkeypatch.setenv("HATINH_DATA_DIR", str(d))
    with pytest.raises(DataError, match=r"observations.csv.*row 2.*'source_id'"):
        ha.load_observations()


def test_missing_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("HATINH_DATA_DIR", str(tmp_path))
    with pytest.raises(DataError, match="hatinh-data build"):
        ha.load_series("iip")
