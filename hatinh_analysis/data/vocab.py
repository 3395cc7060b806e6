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
