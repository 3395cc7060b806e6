"""Controlled vocabularies of the observations table (single source of truth).

Every reader, the build and the store validate against these names, so a new
province, indicator or unit is added here and nowhere else.

Attributes
----------
PROVINCES : dict[str, str]
    Province id → display name with diacritics. ``vietnam`` is the whole country.
    The 63 provinces and centrally-run cities as in the GSO tables up to 2024.
REGIONS : dict[str, str]
    GSO socio-economic regions (subtotal rows in province tables) → display name.
INDICATORS : dict[str, Indicator]
    Indicator id → label, kind (``"growth"`` or ``"level"``) and allowed units.
UNITS, STATUSES, BASES : tuple[str, ...]
    Allowed values of the ``unit``, ``status`` and ``basis`` columns (``""`` is the
    "no price basis" value of ``basis``, used for trade flows and tonnages).
STATUS_RANK : dict[str, int]
    Higher wins when several vintages of one figure exist (targets never compete).
YEAR_MIN, YEAR_MAX : int
    Plausible range of the ``year`` column.
REORGANISATION_DATE, REORGANISATION_YEAR :
    1 July 2025: the 63 provinces became 34 (National Assembly Resolution
    202/2025/QH15). Figures for 2025 on refer to the new units.
MERGERS_2025 : dict[str, tuple[str, ...]]
    New unit id → the old units it joined (itself first). The 23 units whose
    territory changed; the other 11 (Hà Nội, Huế, Lai Châu, Điện Biên, Sơn La,
    Lạng Sơn, Quảng Ninh, Thanh Hóa, Nghệ An, Hà Tĩnh, Cao Bằng) are unchanged.
ABOLISHED_2025 : dict[str, str]
    Old unit id → the new unit it merged into (29 ids with no figures from 2025).
MERGED_INTO_2025 : frozenset[str]
    Ids that name a different territory before and after 1 July 2025.
provinces_2025() : dict[str, str]
    The 34 units from 1 July 2025, id → official name, from the
    ``vietnam-provinces`` package (GSO's list of new administrative units).
TERRITORIES : tuple[str, ...]
    Values of ``load_series(territory=…)``.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from typing import NamedTuple

YEAR_MIN, YEAR_MAX = 1945, 2100

UNITS = ("index_prev_year=100", "pct_change", "bn_vnd", "mn_usd", "mn_tonnes")
GROWTH_UNITS = ("index_prev_year=100", "pct_change")
STATUSES = ("final", "preliminary", "estimate", "target")
STATUS_RANK = {"final": 3, "preliminary": 2, "estimate": 1, "target": 0}
BASES = ("constant_1994", "constant_2010", "current_prices", "comparable_unstated",
         "unstated", "iip", "")


class Indicator(NamedTuple):
    """What an indicator id means: human label, kind and the units it may carry."""

    label: str
    kind: str  # "growth" (a year-on-year rate) or "level" (an amount)
    units: tuple[str, ...]


INDICATORS: dict[str, Indicator] = {
    "iip": Indicator("Industrial production index (IIP)", "growth", GROWTH_UNITS),
    "industrial_output": Indicator("Gross industrial output value", "level", ("bn_vnd",)),
    "industrial_output_growth": Indicator(
        "Growth of gross industrial output value", "growth", GROWTH_UNITS),
    "exports": Indicator("Exports of goods", "level", ("mn_usd",)),
    "imports": Indicator("Imports of goods", "level", ("mn_usd",)),
    "grdp_growth": Indicator("GRDP growth", "growth", GROWTH_UNITS),
    "steel_output": Indicator("Steel output (Formosa Hà Tĩnh)", "level", ("mn_tonnes",)),
}

PROVINCES: dict[str, str] = {
    "vietnam": "Cả nước",
    # Red River Delta
    "ha_noi": "Hà Nội", "vinh_phuc": "Vĩnh Phúc", "bac_ninh": "Bắc Ninh",
    "quang_ninh": "Quảng Ninh", "hai_duong": "Hải Dương", "hai_phong": "Hải Phòng",
    "hung_yen": "Hưng Yên", "thai_binh": "Thái Bình", "ha_nam": "Hà Nam",
    "nam_dinh": "Nam Định", "ninh_binh": "Ninh Bình",
    # Northern midlands and mountain areas
    "ha_giang": "Hà Giang", "cao_bang": "Cao Bằng", "bac_kan": "Bắc Kạn",
    "tuyen_quang": "Tuyên Quang", "lao_cai": "Lào Cai", "yen_bai": "Yên Bái",
    "thai_nguyen": "Thái Nguyên", "lang_son": "Lạng Sơn", "bac_giang": "Bắc Giang",
    "phu_tho": "Phú Thọ", "dien_bien": "Điện Biên", "lai_chau": "Lai Châu",
    "son_la": "Sơn La", "hoa_binh": "Hòa Bình",
    # North Central and Central coastal area
    "thanh_hoa": "Thanh Hóa", "nghe_an": "Nghệ An", "ha_tinh": "Hà Tĩnh",
    "quang_binh": "Quảng Bình", "quang_tri": "Quảng Trị",
    "thua_thien_hue": "Thừa Thiên Huế", "da_nang": "Đà Nẵng", "quang_nam": "Quảng Nam",
    "quang_ngai": "Quảng Ngãi", "binh_dinh": "Bình Định", "phu_yen": "Phú Yên",
    "khanh_hoa": "Khánh Hòa", "ninh_thuan": "Ninh Thuận", "binh_thuan": "Bình Thuận",
    # Central Highlands
    "kon_tum": "Kon Tum", "gia_lai": "Gia Lai", "dak_lak": "Đắk Lắk",
    "dak_nong": "Đắk Nông", "lam_dong": "Lâm Đồng",
    # South East
    "binh_phuoc": "Bình Phước", "tay_ninh": "Tây Ninh", "binh_duong": "Bình Dương",
    "dong_nai": "Đồng Nai", "ba_ria_vung_tau": "Bà Rịa - Vũng Tàu",
    "ho_chi_minh_city": "Thành phố Hồ Chí Minh",
    # Mekong River Delta
    "long_an": "Long An", "tien_giang": "Tiền Giang", "ben_tre": "Bến Tre",
    "tra_vinh": "Trà Vinh", "vinh_long": "Vĩnh Long", "dong_thap": "Đồng Tháp",
    "an_giang": "An Giang", "kien_giang": "Kiên Giang", "can_tho": "Cần Thơ",
    "hau_giang": "Hậu Giang", "soc_trang": "Sóc Trăng", "bac_lieu": "Bạc Liêu",
    "ca_mau": "Cà Mau",
}

# --------------------------------------------------------------- 2025 reorganisation
REORGANISATION_DATE = dt.date(2025, 7, 1)
REORGANISATION_YEAR = 2025
TERRITORIES = ("before_2025", "from_2025")

#: New unit → old units it joined (the surviving unit first). Resolution 202/2025/QH15;
#: the new units keep the id (and name) of one of the old ones. The package
#: ``vietnam-provinces`` gives the 34 new units with their codes but not which old
#: units they joined, so this table is written here and checked against it in tests.
MERGERS_2025: dict[str, tuple[str, ...]] = {
    "tuyen_quang": ("tuyen_quang", "ha_giang"),
    "lao_cai": ("lao_cai", "yen_bai"),
    "thai_nguyen": ("thai_nguyen", "bac_kan"),
    "phu_tho": ("phu_tho", "vinh_phuc", "hoa_binh"),
    "bac_ninh": ("bac_ninh", "bac_giang"),
    "hung_yen": ("hung_yen", "thai_binh"),
    "hai_phong": ("hai_phong", "hai_duong"),
    "ninh_binh": ("ninh_binh", "ha_nam", "nam_dinh"),
    "quang_tri": ("quang_tri", "quang_binh"),
    "da_nang": ("da_nang", "quang_nam"),
    "quang_ngai": ("quang_ngai", "kon_tum"),
    "gia_lai": ("gia_lai", "binh_dinh"),
    "khanh_hoa": ("khanh_hoa", "ninh_thuan"),
    "lam_dong": ("lam_dong", "dak_nong", "binh_thuan"),
    "dak_lak": ("dak_lak", "phu_yen"),
    "dong_nai": ("dong_nai", "binh_phuoc"),
    "ho_chi_minh_city": ("ho_chi_minh_city", "binh_duong", "ba_ria_vung_tau"),
    "tay_ninh": ("tay_ninh", "long_an"),
    "can_tho": ("can_tho", "soc_trang", "hau_giang"),
    "vinh_long": ("vinh_long", "ben_tre", "tra_vinh"),
    "dong_thap": ("dong_thap", "tien_giang"),
    "ca_mau": ("ca_mau", "bac_lieu"),
    "an_giang": ("an_giang", "kien_giang"),
}
ABOLISHED_2025: dict[str, str] = {old: new for new, olds in MERGERS_2025.items()
                                  for old in olds if old != new}
MERGED_INTO_2025 = frozenset(MERGERS_2025)
# vietnam-provinces codenames that differ from the ids here.
_PACKAGE_IDS = {"ho_chi_minh": "ho_chi_minh_city", "hue": "thua_thien_hue"}


@functools.cache
def _provinces_2025() -> dict[str, tuple[int, str]]:
    """id → (GSO code, official name) of the 34 units, from ``vietnam-provinces``."""
    from vietnam_provinces import Province  # the office's list, kept current upstream

    return {_PACKAGE_IDS.get(p.codename, p.codename): (int(p.code.value), p.name)
            for p in Province.iter_all()}


def provinces_2025() -> dict[str, str]:
    """The 34 provincial units from 1 July 2025: id → official name.

    Returns
    -------
    dict
        From the ``vietnam-provinces`` package (e.g. ``"quang_tri": "Quảng Trị"``,
        ``"thua_thien_hue": "Thành phố Huế"``); ids as in :data:`PROVINCES`.
    """
    return {k: name for k, (_, name) in _provinces_2025().items()}


def province_exists(province: str, year: int) -> bool:
    """Whether a province id names a unit that existed in (the figures of) ``year``.

    Every id exists up to 2024; from 2025 only the 34 new units (and ``vietnam``).
    """
    return year < REORGANISATION_YEAR or province not in ABOLISHED_2025


def merger_explanation(province: str) -> str:
    """One or two sentences on what happened to a province on 1 July 2025."""
    name = PROVINCES.get(province, province)
    if province in ABOLISHED_2025:
        new = ABOLISHED_2025[province]
        return (f"{name} ({province}) no longer exists as a province: on 1 July 2025 it merged "
                f"into {PROVINCES[new]} ({new}), together with "
                + ", ".join(PROVINCES[o] for o in MERGERS_2025[new] if o != province)
                + f"; figures from 2025 on are for {PROVINCES[new]} (province '{new}').")
    if province in MERGERS_2025:
        others = [PROVINCES[o] for o in MERGERS_2025[province] if o != province]
        return (f"On 1 July 2025 {', '.join(others)} merged into {name} ({province}): figures up "
                f"to 2024 under '{province}' are for the old {name}, figures from 2025 on for "
                f"the new, larger {name}. Their growth rates and levels are not one series.")
    return f"{name} ({province}) was not changed by the 2025 reorganisation."


REGIONS: dict[str, str] = {
    "red_river_delta": "Đồng bằng sông Hồng",
    "northern_midlands_and_mountain_areas": "Trung du và miền núi phía Bắc",
    "northern_central_area_and_central_coastal_area": "Bắc Trung Bộ và duyên hải miền Trung",
    "central_highlands": "Tây Nguyên",
    "south_east": "Đông Nam Bộ",
    "mekong_river_delta": "Đồng bằng sông Cửu Long",
}

# Spellings seen in GSO tables whose slug differs from the id.
_ALIASES = {
    "whole_country": "vietnam", "ca_nuoc": "vietnam", "toan_quoc": "vietnam",
    "viet_nam": "vietnam",
    "tp_ho_chi_minh": "ho_chi_minh_city", "thanh_pho_ho_chi_minh": "ho_chi_minh_city",
    "ho_chi_minh": "ho_chi_minh_city", "tp_hcm": "ho_chi_minh_city",
    "bac_can": "bac_kan", "dac_lac": "dak_lak", "dak_lac": "dak_lak",
    "dong_bang_song_hong": "red_river_delta",
    "trung_du_va_mien_nui_phia_bac": "northern_midlands_and_mountain_areas",
    "bac_trung_bo_va_duyen_hai_mien_trung": "northern_central_area_and_central_coastal_area",
    "tay_nguyen": "central_highlands",
    "hue": "thua_thien_hue", "thanh_pho_hue": "thua_thien_hue",
    "dong_nam_bo": "south_east",
    "dong_bang_song_cuu_long": "mekong_river_delta",
}


def fold(text: str) -> str:
    """Lower-case, strip Vietnamese diacritics (đ → d) and collapse whitespace.

    Parameters
    ----------
    text : str

    Returns
    -------
    str
        Used to compare labels by content: ``fold("TOÀN NGÀNH  CÔNG NGHIỆP")``
        and ``fold("Toàn ngành công nghiệp")`` both give ``"toan nganh cong nghiep"``.
    """
    text = unicodedata.normalize("NFD", str(text))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = text.replace("đ", "d").replace("Đ", "D")
    return " ".join(text.lower().split())


def slugify(name: str) -> str:
    """snake_case ASCII id of a printed name.

    Parameters
    ----------
    name : str

    Returns
    -------
    str
        ``slugify("Ba Ria - Vung Tau") == "ba_ria_vung_tau"``,
        ``slugify("Thừa Thiên - Huế") == "thua_thien_hue"``.
    """
    return re.sub(r"[^a-z0-9]+", "_", fold(name)).strip("_")


def province_id(name: str) -> str | None:
    """Province id of a printed province name (any spelling GSO uses).

    Parameters
    ----------
    name : str
        E.g. ``"Thai  Nguyen"``, ``"Hà Tĩnh"``, ``" WHOLE COUNTRY"``.

    Returns
    -------
    str or None
        The id (``" WHOLE COUNTRY"`` and ``"Cả nước"`` → ``"vietnam"``), or
        ``None`` for anything else, including region names (see :func:`region_id`).
    """
    slug = slugify(name)
    slug = _ALIASES.get(slug, slug)
    return slug if slug in PROVINCES else None


def region_id(name: str) -> str | None:
    """Region id of a printed GSO region name (a subtotal row in province tables).

    Parameters
    ----------
    name : str
        E.g. ``"Red River Delta"`` or ``"Đồng bằng sông Hồng"``.

    Returns
    -------
    str or None
    """
    slug = slugify(name)
    slug = _ALIASES.get(slug, slug)
    return slug if slug in REGIONS else None


# --------------------------------------------------------------- industries (VSIC 2007)
#: Industry codes of the ``industry`` column: VSIC 2007 (Vietnam's Standard Industrial
#: Classification, Decision 10/2007/QĐ-TTg; sections and divisions equal ISIC Rev. 4)
#: sections B–E and divisions 05–39, → (Vietnamese name, English name). The whole of
#: industry (B+C+D+E, what the ``iip`` indicator means on its own) is ``""``.
INDUSTRIES: dict[str, tuple[str, str]] = {
    "B": ("Khai khoáng", "Mining and quarrying"),
    "05": ("Khai thác than cứng và than non", "Mining of coal and lignite"),
    "06": ("Khai thác dầu thô và khí đốt tự nhiên", "Extraction of crude petroleum and natural gas"),
    "07": ("Khai thác quặng kim loại", "Mining of metal ores"),
    "08": ("Khai khoáng khác", "Other mining and quarrying"),
    "09": ("Hoạt động dịch vụ hỗ trợ khai thác mỏ và quặng", "Mining support service activities"),
    "C": ("Công nghiệp chế biến, chế tạo", "Manufacturing"),
    "10": ("Sản xuất, chế biến thực phẩm", "Food products"),
    "11": ("Sản xuất đồ uống", "Beverages"),
    "12": ("Sản xuất sản phẩm thuốc lá", "Tobacco products"),
    "13": ("Dệt", "Textiles"),
    "14": ("Sản xuất trang phục", "Wearing apparel"),
    "15": ("Sản xuất da và các sản phẩm có liên quan", "Leather and related products"),
    "16": ("Chế biến gỗ và sản xuất sản phẩm từ gỗ, tre, nứa", "Wood and products of wood"),
    "17": ("Sản xuất giấy và sản phẩm từ giấy", "Paper and paper products"),
    "18": ("In, sao chép bản ghi các loại", "Printing and reproduction of recorded media"),
    "19": ("Sản xuất than cốc, sản phẩm dầu mỏ tinh chế", "Coke and refined petroleum products"),
    "20": ("Sản xuất hoá chất và sản phẩm hoá chất", "Chemicals and chemical products"),
    "21": ("Sản xuất thuốc, hoá dược và dược liệu", "Pharmaceuticals"),
    "22": ("Sản xuất sản phẩm từ cao su và plastic", "Rubber and plastics products"),
    "23": ("Sản xuất sản phẩm từ khoáng phi kim loại khác", "Other non-metallic mineral products"),
    "24": ("Sản xuất kim loại", "Basic metals"),
    "25": ("Sản xuất sản phẩm từ kim loại đúc sẵn", "Fabricated metal products"),
    "26": ("Sản xuất sản phẩm điện tử, máy vi tính và sản phẩm quang học",
           "Computer, electronic and optical products"),
    "27": ("Sản xuất thiết bị điện", "Electrical equipment"),
    "28": ("Sản xuất máy móc, thiết bị chưa được phân vào đâu", "Machinery and equipment n.e.c."),
    "29": ("Sản xuất xe có động cơ", "Motor vehicles"),
    "30": ("Sản xuất phương tiện vận tải khác", "Other transport equipment"),
    "31": ("Sản xuất giường, tủ, bàn, ghế", "Furniture"),
    "32": ("Công nghiệp chế biến, chế tạo khác", "Other manufacturing"),
    "33": ("Sửa chữa, bảo dưỡng và lắp đặt máy móc và thiết bị",
           "Repair and installation of machinery and equipment"),
    "D": ("Sản xuất và phân phối điện, khí đốt, nước nóng, hơi nước và điều hoà không khí",
          "Electricity, gas, steam and air conditioning supply"),
    "35": ("Sản xuất và phân phối điện, khí đốt, nước nóng, hơi nước và điều hoà không khí",
           "Electricity, gas, steam and air conditioning supply (division)"),
    "E": ("Cung cấp nước; hoạt động quản lý và xử lý rác thải, nước thải",
          "Water supply; sewerage, waste management and remediation"),
    "36": ("Khai thác, xử lý và cung cấp nước", "Water collection, treatment and supply"),
    "37": ("Thoát nước và xử lý nước thải", "Sewerage"),
    "38": ("Hoạt động thu gom, xử lý và tiêu huỷ rác thải; tái chế phế liệu",
           "Waste collection, treatment and disposal; materials recovery"),
    "39": ("Xử lý ô nhiễm và hoạt động quản lý chất thải khác",
           "Remediation and other waste management"),
}
#: Comparison of a figure about a month (``data/monthly.csv``; values are indices with
#: the base period = 100, or growth over it): ``ytd`` months 1..M of the year vs the
#: same months a year earlier ("6 tháng năm 2019 so với cùng kỳ năm trước"; "Quý I" is
#: M = 3; M = 12 is the whole year); ``yoy`` month M vs month M a year earlier; ``mom``
#: month M vs month M−1; ``year`` the whole year vs the previous year (as printed in a
#: December or January workbook; stored as ``ytd`` M = 12 in the monthly table).
COMPARISONS = ("ytd", "yoy", "mom", "year")
#: Comparisons of the monthly table (a whole year is ``ytd`` with month 12).
MONTHLY_COMPARISONS = ("ytd", "yoy", "mom")

#: The section a division belongs to (sections map to themselves).
INDUSTRY_SECTION: dict[str, str] = {
    code: ("B" if code == "B" or "05" <= code <= "09" else
           "C" if code == "C" or "10" <= code <= "33" else
           "D" if code in ("D", "35") else "E")
    for code in INDUSTRIES}

# Row labels of the office's IIP sheets (folded by :func:`industry_key`) → code. The
# 2011 workbooks still use VSIC 1993 section names for mining and manufacturing
# (same scope in the aggregate; the office continues the series under them).
_INDUSTRY_LABELS = {
    "B": ("khai khoang", "cong nghiep khai thac mo"),
    "05": ("khai thac than cung va than non",),
    "06": ("khai thac dau tho va khi dot tu nhien", "khai thac dau tho va khi tu nhien"),
    "07": ("khai thac quang kim loai",),
    "08": ("khai khoang khac",),
    "09": ("hoat dong dich vu ho tro khai thac mo va quang",),
    "C": ("cong nghiep che bien che tao", "cong nghiep che bien"),
    "10": ("san xuat che bien thuc pham", "san xuat, che bien thuc pham"),
    "11": ("san xuat do uong",),
    "12": ("san xuat thuoc la", "san xuat san pham thuoc la"),
    "13": ("det",),
    "14": ("san xuat trang phuc",),
    "15": ("san xuat da va cac san pham co lien quan",),
    "16": ("che bien go va san xuat san pham tu go tre nua tru giuong tu ban ghe san xuat "
           "san pham tu rom ra va vat lieu tet ben",),
    "17": ("san xuat giay va san pham tu giay",),
    "18": ("in sao chep ban ghi cac loai",),
    "19": ("san xuat than coc san pham dau mo tinh che",),
    "20": ("san xuat hoa chat va san pham hoa chat",),
    "21": ("san xuat thuoc hoa duoc va duoc lieu",),
    "22": ("san xuat san pham tu cao su va plastic",),
    "23": ("san xuat san pham tu khoang phi kim loai khac",),
    "24": ("san xuat kim loai",),
    "25": ("san xuat san pham tu kim loai duc san tru may moc thiet bi",),
    "26": ("san xuat san pham dien tu may vi tinh va san pham quang hoc",
           "san xuat san pham dien tu may vi tunh va san pham quang hoc"),
    "27": ("san xuat thiet bi dien", "san xuat thiet bi dien cac loai"),
    "28": ("san xuat may moc thiet bi chua duoc phan vao dau",),
    "29": ("san xuat xe co dong co",),
    "30": ("san xuat phuong tien van tai khac",),
    "31": ("san xuat giuong tu ban ghe",),
    "32": ("cong nghiep che bien che tao khac",),
    "33": ("sua chua bao duong va lap dat may moc va thiet bi",
           "sua chua bao duong va lap dat may moc thiet bi"),
    "D": ("san xuat va phan phoi dien", "san xuat va phan phoi dien khi dot",
          "san xuat va phan phoi dien khi dot nuoc nong hoi nuoc va dieu hoa khong khi"),
    "E": ("cung cap nuoc hoat dong quan ly va xu ly rac thai nuoc thai",),
    "36": ("khai thac xu ly va cung cap nuoc", "khai thac loc va phan phoi nuoc"),
    "37": ("thoat nuoc va xu ly nuoc thai",),
    "38": ("hoat dong thu gom xu ly va tieu huy rac thai tai che phe lieu",
           "hoat dog thu gom xu ly va tieu huy rac thai tai che phe lieu",
           "hd thu gom xu ly va tieu huy rac thai tai che phe lieu"),
}
#: A label printed twice in one sheet: the second row is the section's only division
#: (2013–2019 print "Sản xuất và phân phối điện" for section D and again for 35).
INDUSTRY_SECOND_ROW = {"D": "35"}
#: In the 2011–2012 sheets, which list VSIC groups and classes below the sections,
#: "Sản xuất xe có động cơ" is group 291, not division 29: not read there.
INDUSTRY_GROUP_NAMES = frozenset({"29"})
#: Rows of the 2011–2012 sheets finer than a division (VSIC groups/classes) or on
#: the old VSIC 1993 grouping (electricity, gas and water together): recognised and
#: deliberately not read, so that any *other* unknown label stops the reader.
INDUSTRY_DETAIL_LABELS = frozenset({
    "khai thac va thu gom than cung", "khai thac dau tho", "khai thac khi dot tu nhien",
    "khai thac da cat soi dat set", "khai thac da cat soi dat set va cao lanh",
    "che bien bao quan thuy san va cac san pham tu thuy san",
    "che bien bao quan thuy san va sp tu thuy san", "che bien va bao quan rau qua",
    "che bien sua va cac san pham tu sua", "san xuat pham bo sua", "san xuat san pham bo sua",
    "xay xat san xuat bot tho", "san xuat thuc an gia suc",
    "san xuat thuc an gia suc gia cam va thuy san", "san xuat duong",
    "san xuat mi ong my soi va san pham tuong tu",
    "san xuat thuc pham khac chua duoc phan vao dau",
    "san xuat cac thuc pham khac chua duoc phan vao dau", "san xuat bia",
    "san xuat do uong khong con", "san xuat soi", "san xuat vai det thoi",
    "san xuat soi va det vai", "san xuat trang phuc tru quan ao da long thu",
    "may trang phuc tru trang phuc tu da long thu", "san xuat hang may san tru trang phuc",
    "san xuat giay dep", "san xuat giay dep", "san xuat bot giay giay va bia",
    "san xuat giay nhan va bao bi", "san xuat giay nhan bia nhan bao bi tu giay va bia",
    "san xuat cac san pham khac tu giay va bia chua duoc phan vao dau",
    "sx cac san pham khac tu giay va bia chua duoc phan vao dau",
    "san xuat phan bon va hop chat ni to",
    "san xuat son vec ni va cac chat son quet tuong tu san xuat muc in va ma tit",
    "sx son vec ni va cac chat son quet tuong tu sx muc in va ma tit",
    "san xuat my pham xa phong chat tay rua lam bong va che pham ve sinh",
    "sx my pham xa phong chat tay rua lam bong va che pham ve sinh",
    "san xuat san pham hoa chat khac chua duoc phan vao dau",
    "san xuat cac san pham khac tu plastic", "san xuat san pham tu plastic",
    "sx do gom su khong chiu lua tru gom su dung trong xay dung",
    "san xuat gach ngoi va gom su xay dung khong chiu lua",
    "san xuat vat lieu xay dung tu dat set", "san xuat xi mang",
    "san xuat be tong va cac san pham tu xi mang va thach cao",
    "san xuat sat thep", "san xuat sat thep gang",
    "san xuat cac san pham tu kim loai duc san", "san xuat cac cau kien kim loai",
    "san xuat cac sp khac bang kim loai chua duoc phan vao dau",
    "san xuat san pham khac bang kim loai chua duoc phan vao dau",
    "sx san pham khac bang kim loai chua duoc phan vao dau",
    "san xuat linh kien dien tu", "san xuat thiet bi truyen thong",
    "san xuat san pham dien tu dan dung",
    "san xuat cac thiet bi gia dinh chua duoc phan vao dau",
    "san xuat mo to may phat bien the dien thiet bi phan phoi va dieu khien dien",
    "sx mo to may phat bien the dien thiet bi phan phoi va dieu khien dien",
    "san xuat pin va ac quy", "san xuat cap dien va day dien co boc cach dien",
    "san xuat day cap dien va day dan dien tu khac", "san xuat thiet bi dan dien cac loai",
    "san xuat phu tung va bo phan phu tro cho xe co dong co va dong co xe",
    "sx phu tung va bo phan phu tro cho xe co dong co va dong co xe",
    "dong va sua chua tau", "dong tau va cau kien noi", "san xuat mo to xe may",
    "san xuat phan phoi dien ga nuoc", "san xuat tap trung va phan phoi dien",
    "san xuat truyen tai va phan phoi dien", "thu gom rac thai khong doc hai",
})


def industry_key(label: str) -> str:
    """A row label reduced for matching: folded, punctuation and brackets dropped.

    ``industry_key("Sản xuất giường, tủ, bàn, ghế") == "san xuat giuong tu ban ghe"``.
    """
    text = fold(label).replace(",", " ").replace(";", " ")
    return " ".join(re.sub(r"[^a-z0-9 ]+", " ", text).split())


_INDUSTRY_BY_KEY = {industry_key(lab): code for code, labs in _INDUSTRY_LABELS.items()
                    for lab in labs}
_DETAIL_KEYS = frozenset(industry_key(lab) for lab in INDUSTRY_DETAIL_LABELS)


def industry_code(label: str) -> str | None:
    """VSIC 2007 code of a printed IIP row label, ``"detail"`` or ``None``.

    Parameters
    ----------
    label : str
        As printed (any case, diacritics, commas), e.g. ``"Sản xuất đồ uống"``.

    Returns
    -------
    str or None
        A key of :data:`INDUSTRIES`; ``"detail"`` for a known row finer than a
        division (:data:`INDUSTRY_DETAIL_LABELS`, not read); ``None`` if unknown.
    """
    key = industry_key(label)
    if key in _INDUSTRY_BY_KEY:
        return _INDUSTRY_BY_KEY[key]
    if key in _DETAIL_KEYS:
        return "detail"
    return None
