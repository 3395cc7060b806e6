"""Languages of the reports: message catalogues, numbers and dates, terms, chart font.

Two languages, ``"vi"`` (Vietnamese, for the provincial departments the reports are
about) and ``"en"``. Everything a report shows in words goes through this module:

* **Messages** — gettext catalogues managed with Babel (domain ``hatinh``):
  ``hatinh_analysis/locale/hatinh.pot`` (template, extracted from the code with
  ``pybabel extract``) and ``hatinh_analysis/locale/vi/LC_MESSAGES/hatinh.po``
  (the Vietnamese translations; the file a translator reviews). English is the
  source language: an English message is its own msgid, so ``en`` needs no
  catalogue. See docs/I18N.md for the translator's commands.
* **Numbers and dates** — through Babel's CLDR data for ``vi_VN`` / ``en_GB``:
  ``10,64%`` / ``10.64%``, ``75.800 tỷ đồng`` / ``75,800 bn VND``,
  ``ngày 25 tháng 12 năm 2019`` / ``25 December 2019``.
* **Terms** — display names of statuses, indicators, units, price bases, verdicts,
  models and areas (:data:`TERMS`), translated in the statistical office's own
  wording; :func:`glossary` returns the vi ↔ en glossary with where each
  Vietnamese term is attested (release workbooks, quotes in the data).
* **Chart font** — :func:`use_chart_font` makes matplotlib draw with DejaVu Sans
  (shipped with matplotlib, full Vietnamese coverage); :func:`missing_glyphs`
  checks a text against a font.

Compiling the catalogue
    The ``.po`` file is compiled **in memory** the first time a language is used
    (``babel.messages.pofile.read_po`` → ``babel.messages.mofile.write_mo`` into a
    ``BytesIO`` → :class:`gettext.GNUTranslations`; about 15 ms, once per
    process). Chosen over a ``.mo`` compiled at install time because the package
    is installed editable (``pip install -e``) in development and CI, where no
    install step runs after a translator edits the ``.po``; in-memory
    compilation means the ``.po`` in the package is always what is shown — no
    stale ``.mo`` can exist. ``pybabel compile`` still works for checking a
    catalogue (docs/I18N.md); its output is not used. Fuzzy entries are not
    compiled (they fall back to English), and a test fails on any message
    without a reviewed Vietnamese translation.

Language setting
    Functions take ``lang=None``, meaning the current language: ``"en"``
    (:data:`DEFAULT_LANGUAGE`) unless changed for the process with
    :func:`set_language` (a notebook's first cell, a command) or for a block with
    ``with language("vi"):`` (a :class:`contextvars.ContextVar`: local to its thread
    or asyncio task, so parallel report workers do not disturb each other). Any
    other value than ``"vi"`` or ``"en"`` is refused with a ValueError naming the
    parameter.

Size
    About 750 lines, over the ~600 of the style rule: the catalogue machinery, the one number
    and date formatter per language and :func:`say` (the engine's notes in words) are one
    layer that every report module uses; the vocabularies themselves (data) are in
    :mod:`hatinh_analysis.vocabulary`, and half of what remains is docstrings.

Examples
--------
>>> from hatinh_analysis import i18n
>>> i18n.format_pct(10.64, "vi"), i18n.format_amount(75800, "bn_vnd", "vi")
('10,64%', '75.800 tỷ đồng')
>>> i18n.term("status", "estimate", "vi")
'ước tính'
>>> _ = i18n.translator("vi"); _("In short")
'Tóm lại'

Size: 765 lines, over the ~600 of the style rule, because it is the one place where text is made
(the catalogue, `say`, numbers and dates the vi_VN way); the vocabularies already moved to
`hatinh_analysis.vocabulary`.
"""
from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import functools
import gettext as _gettext
import io
import math
import numbers
import re
from decimal import Decimal
from pathlib import Path

from babel import dates as _babel_dates
from babel import numbers as _babel_numbers

__all__ = [
    "LANGUAGES", "DEFAULT_LANGUAGE", "BABEL_LOCALES", "DOMAIN", "LOCALE_DIR", "TERMS",
    "LABELS", "PLURALS", "AMOUNT_UNITS", "CHART_FONT", "EXTRACT_KEYWORDS", "N_", "NC_", "NP_",
    "check_lang", "get_language", "set_language", "language", "translator", "Translator",
    "gettext", "_", "ngettext", "pgettext", "term", "label", "plural", "area_name", "publisher_name",
    "format_number", "format_pct", "format_points", "format_amount", "format_date",
    "format_datetime", "language_name", "upper_first", "format_growth", "format_share", "say",
    "glossary", "catalog_path", "load_catalog",
    "chart_font_path", "chart_font_rc", "use_chart_font", "missing_glyphs",
]

#: Languages the reports are written in.
LANGUAGES = ("vi", "en")
#: Language used when none is set (stated in the README for ``--lang``).
DEFAULT_LANGUAGE = "en"
#: Babel/CLDR locale behind each language's number and date formats.
BABEL_LOCALES = {"vi": "vi_VN", "en": "en_GB"}
#: gettext domain: ``locale/<lang>/LC_MESSAGES/hatinh.po``.
DOMAIN = "hatinh"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
GLOSSARY_FILE = LOCALE_DIR / "glossary.csv"
#: Font for chart text: ships with matplotlib and covers every Vietnamese letter.
CHART_FONT = "DejaVu Sans"
#: Keywords ``pybabel extract`` must look for besides its defaults (``_``, ``gettext``,
#: ``ngettext``, ``pgettext``, ``N_`` …); docs/I18N.md passes them with ``-k``.
EXTRACT_KEYWORDS = {"NC_": ((1, "c"), 2), "NP_": (1, 2), "Note": None}

_process_language = DEFAULT_LANGUAGE        # set_language(): the whole process
_current = contextvars.ContextVar("hatinh_lang", default=None)   # language(): one block


# the markers and the vocabularies (data) live in hatinh_analysis.vocabulary
from hatinh_analysis.vocabulary import LABELS, N_, NC_, NP_, PLURALS, TERMS  # noqa: E402


# --------------------------------------------------------------------------- language
def check_lang(lang, *, param: str = "lang") -> str:
    """Validate a language code.

    Parameters
    ----------
    lang : str or None
        ``"vi"`` or ``"en"``; ``None`` means the current language (:func:`get_language`).
    param : str
        The parameter's name, quoted in the error.

    Returns
    -------
    str

    Raises
    ------
    ValueError
        ``lang`` is not one of :data:`LANGUAGES` (the message names ``param``).
    """
    if lang is None:
        return get_language()
    if not isinstance(lang, str) or lang not in LANGUAGES:
        raise ValueError(f"{param}={lang!r} is not a supported language; use one of "
                         + ", ".join(repr(x) for x in LANGUAGES))
    return lang


def get_language() -> str:
    """The current language: the innermost ``with language(...)`` block, else the process
    setting of :func:`set_language`, else :data:`DEFAULT_LANGUAGE` (``"en"``)."""
    return _current.get() or _process_language


def set_language(lang: str) -> str:
    """Set the language of the whole process; returns the previous setting.

    Use it once at the top of a notebook (its ``lang`` parameter) or of a command. It is a
    plain module setting, so it holds in every later notebook cell and thread whatever the
    kernel does with context variables; inside library code prefer ``with language(lang):``,
    which is local to the thread or asyncio task and is restored on exit.
    """
    global _process_language
    lang = check_lang(lang)
    previous, _process_language = _process_language, lang
    return previous


@contextlib.contextmanager
def language(lang: str):
    """Context manager: ``with language("vi"): ...`` — the language is restored afterwards.

    Local to the current thread / asyncio task (a :class:`contextvars.ContextVar`), so
    parallel work in other threads keeps its own language.
    """
    token = _current.set(check_lang(lang))
    try:
        yield lang
    finally:
        _current.reset(token)


# --------------------------------------------------------------------------- catalogues
def catalog_path(lang: str) -> Path:
    """Path of the ``.po`` file of ``lang`` (``vi``); English has none (it is the source)."""
    lang = check_lang(lang)
    if lang == "en":
        raise ValueError("lang='en' has no catalogue: English messages are the msgids")
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def load_catalog(lang: str = "vi"):
    """The ``.po`` of ``lang`` read as a :class:`babel.messages.catalog.Catalog` (for tools and
    tests: fuzzy flags, python-format checks, statistics)."""
    from babel.messages.pofile import read_po

    path = catalog_path(lang)
    with open(path, "rb") as f:
        return read_po(f, locale=lang, domain=DOMAIN)


@functools.lru_cache(maxsize=None)
def _translations(lang: str) -> _gettext.NullTranslations:
    if lang == "en":
        return _gettext.NullTranslations()
    from babel.messages.mofile import write_mo

    buf = io.BytesIO()
    write_mo(buf, load_catalog(lang), use_fuzzy=False)  # fuzzy = not reviewed: English shown
    buf.seek(0)
    return _gettext.GNUTranslations(buf)


class Translator:
    """Messages of one language. Call it like gettext's ``_``.

    Use ``_ = translator(lang)`` at the top of a function that writes text, then
    ``_("In short")``, ``_("Target %(value)s", value=...)``,
    ``_.ngettext(...)``, ``_.pgettext(context, message)``, ``_.term(kind, id)``.

    Attributes
    ----------
    lang : str
    """

    def __init__(self, lang: str):
        self.lang = check_lang(lang)
        self._t = _translations(self.lang)

    def __call__(self, message: str, **values) -> str:
        return self.gettext(message, **values)

    def gettext(self, message: str, **values) -> str:
        """Translation of ``message``; named ``%(x)s`` placeholders filled from ``values``."""
        text = self._t.gettext(message)
        return text % values if values else text

    def ngettext(self, singular: str, plural: str, n: int, **values) -> str:
        """Plural-aware translation; ``num=n`` is available to the format."""
        text = self._t.ngettext(singular, plural, n)
        return text % {"num": n, **values}

    def pgettext(self, context: str, message: str) -> str:
        """Translation of ``message`` in ``context`` (``msgctxt``)."""
        return self._t.pgettext(context, message)

    def term(self, kind: str, key: str) -> str:
        """Display name of a vocabulary id (see :func:`term`)."""
        return self.pgettext(kind, _term_msgid(kind, key))

    def label(self, key: str, **values) -> str:
        """A report label by key (see :func:`label`)."""
        return self.gettext(_label_msgid(key), **values)

    def plural(self, key: str, n: int, **values) -> str:
        """A message with a number by key (see :func:`plural`)."""
        if key not in PLURALS:
            raise ValueError(f"key={key!r} is not a plural message; valid: "
                             + ", ".join(repr(k) for k in PLURALS))
        return self.ngettext(*PLURALS[key], n, **values)

    def __repr__(self) -> str:
        return f"Translator(lang={self.lang!r})"


@functools.lru_cache(maxsize=None)
def _translator(lang: str) -> Translator:
    return Translator(lang)


def translator(lang: str | None = None) -> Translator:
    """The :class:`Translator` of ``lang`` (default: the current language).

    Parameters
    ----------
    lang : {"vi", "en"}, optional

    Returns
    -------
    Translator
        Callable: ``_ = translator("vi"); _("Method") == "Phương pháp"``.
    """
    return _translator(check_lang(lang))


def gettext(message: str, lang: str | None = None, **values) -> str:
    """Translate one message (``lang`` default: current); fill ``%(name)s`` from ``values``."""
    return translator(lang).gettext(message, **values)


_ = gettext


def ngettext(singular: str, plural: str, n: int, lang: str | None = None, **values) -> str:
    """Translate a message with a number: ``ngettext("%(num)d year", "%(num)d years", 3)``."""
    return translator(lang).ngettext(singular, plural, n, **values)


def pgettext(context: str, message: str, lang: str | None = None) -> str:
    """Translate a message in a context (``msgctxt``), e.g. ``pgettext("status", "final")``."""
    return translator(lang).pgettext(context, message)


def _term_msgid(kind: str, key: str) -> str:
    if kind not in TERMS:
        raise ValueError(f"kind={kind!r} is not a vocabulary; use one of "
                         + ", ".join(repr(k) for k in TERMS))
    if key not in TERMS[kind]:
        raise ValueError(f"key={key!r} is not a {kind} id; valid: "
                         + ", ".join(repr(k) for k in TERMS[kind]))
    return TERMS[kind][key]


def _label_msgid(key: str) -> str:
    if key not in LABELS:
        raise ValueError(f"key={key!r} is not a report label; see hatinh_analysis.i18n.LABELS")
    return LABELS[key]


def term(kind: str, key: str, lang: str | None = None) -> str:
    """Display name of a vocabulary id in ``lang``.

    Parameters
    ----------
    kind : str
        One of :data:`TERMS`: ``status``, ``indicator``, ``unit``, ``axis``, ``basis``,
        ``verdict``, ``result``, ``model``, ``area``.
    key : str
        The id, e.g. ``"estimate"``, ``"iip"``, ``"bn_vnd"``, ``"constant_2010"``.
    lang : {"vi", "en"}, optional

    Examples
    --------
    >>> term("basis", "constant_2010", "vi")
    'giá so sánh 2010'
    """
    return translator(lang).term(kind, key)


def label(key: str, lang: str | None = None, **values) -> str:
    """A heading, legend or recurring phrase of the reports (:data:`LABELS`), translated and
    with its placeholders filled: ``label("interval", "vi", level="80%")`` →
    ``"khoảng dự báo 80%"``."""
    return translator(lang).label(key, **values)


def plural(key: str, n: int, lang: str | None = None, **values) -> str:
    """A message with a number (:data:`PLURALS`); ``n`` picks the plural form and fills
    ``%(num)d``: ``plural("targets_met", 3, "en", met=1)`` → ``"1 of 3 targets met"``,
    ``"vi"`` → ``"đạt 1/3 mục tiêu"``."""
    return translator(lang).plural(key, n, **values)


def publisher_name(name, lang: str | None = None) -> str:
    """A publisher as a reader of ``lang`` knows it: "General Statistics Office of Viet Nam" →
    "Tổng cục Thống kê" in Vietnamese (``TERMS["publisher"]``); any other name as published."""
    if isinstance(name, str) and name in TERMS["publisher"]:
        return term("publisher", name, lang)
    return "" if name is None else str(name)


def area_name(code: str, lang: str | None = None, *, in_sentence: bool = False) -> str:
    """Display name of a province id in ``lang``: provinces keep their Vietnamese names in
    both languages (``"ha_tinh"`` → ``"Hà Tĩnh"``); the whole country is ``"Cả nước"`` /
    ``"Whole country"`` (one name everywhere, instead of "Viet Nam" in some charts).

    Raises
    ------
    ValueError
        ``code`` is not a province id of ``hatinh_analysis.data.vocab.PROVINCES``.
    """
    from hatinh_analysis.data.vocab import PROVINCES

    if code in TERMS["area"]:
        return term("area_in_sentence" if in_sentence else "area", code, lang)
    if not isinstance(code, str) or code not in PROVINCES:
        raise ValueError(f"code={code!r} is not a province id (hatinh_analysis.data.vocab."
                         "PROVINCES)")
    check_lang(lang)
    return PROVINCES[code]


# --------------------------------------------------------------------------- numbers
def _locale(lang) -> str:
    return BABEL_LOCALES[check_lang(lang)]


def _number(value, param: str = "value"):
    """A finite real number as Decimal (from its shortest repr: 10.64 stays 10.64)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{param} must be a number, got {value!r}")
    if not math.isfinite(float(value)):
        raise ValueError(f"{param} must be finite, got {value!r}")
    if isinstance(value, numbers.Integral):
        return Decimal(int(value))
    return Decimal(repr(float(value)))


def _missing(value) -> bool:
    """None, NaN, pandas.NA or NaT: a missing figure (only with ``na=`` is it shown)."""
    import pandas as pd

    return value is None or (pd.api.types.is_scalar(value) and not isinstance(value, str)
                             and bool(pd.isna(value)))


def _decimals_pattern(decimals: int | None, max_free: int) -> str:
    if decimals is None:
        return "#,##0" + ("." + "#" * max_free if max_free else "")
    if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 10:
        raise ValueError(f"decimals must be an integer from 0 to 10, got {decimals!r}")
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def format_number(value, lang: str | None = None, *, decimals: int | None = None,
                  na: str | None = None) -> str:
    """A number with the language's separators: ``75800.5`` → ``75.800,5`` (vi), ``75,800.5`` (en).

    Parameters
    ----------
    value : real number
    lang : {"vi", "en"}, optional
    decimals : int, optional
        Fixed number of decimals; ``None`` shows up to 3, dropping trailing zeros.
    na : str, optional
        Text for a missing value (None or NaN); without it a missing value is refused.

    Raises
    ------
    ValueError
        Not a finite number (and no ``na``), bad ``decimals`` or ``lang``.
    """
    if na is not None and _missing(value):
        return na
    return _babel_numbers.format_decimal(_number(value), format=_decimals_pattern(decimals, 3),
                                         locale=_locale(lang))


def format_pct(value, lang: str | None = None, *, decimals: int = 2, signed: bool = False,
               na: str | None = None) -> str:
    """A value in percent: ``10.64`` → ``10,64%`` (vi) / ``10.64%`` (en).

    Parameters
    ----------
    value : real number
        Already in percent (10.64 means 10.64%), as growth rates are stored.
    lang : {"vi", "en"}, optional
    decimals : int, default 2
    signed : bool, default False
        Always show the sign (``+10,64%``, ``-15,31%``) — for growth rates and changes.
    na : str, optional
        Text for a missing value; without it a missing value is refused.
    """
    if na is not None and _missing(value):
        return na
    body = _decimals_pattern(decimals, 0) + "%"
    pattern = f"+{body};-{body}" if signed else body
    return _babel_numbers.format_percent(_number(value) / 100, format=pattern,
                                         locale=_locale(lang))


def format_points(value, lang: str | None = None, *, decimals: int = 2, signed: bool = True,
                  na: str | None = None) -> str:
    """A difference of percentages: ``2.8`` → ``+2,80 điểm phần trăm`` / ``+2.80 percentage points``."""
    if na is not None and _missing(value):
        return na
    pattern = _decimals_pattern(decimals, 0)
    if signed:
        pattern = f"+{pattern};-{pattern}"
    number = _babel_numbers.format_decimal(_number(value), format=pattern, locale=_locale(lang))
    return label("points", lang, value=number)


#: Units :func:`format_amount` accepts.
AMOUNT_UNITS = ("bn_vnd", "mn_usd", "mn_tonnes")


def format_amount(value, unit: str, lang: str | None = None, *, decimals: int | None = None,
                  na: str | None = None) -> str:
    """An amount with its unit: ``75800, "bn_vnd"`` → ``75.800 tỷ đồng`` / ``75,800 bn VND``.

    Parameters
    ----------
    value : real number
    unit : {"bn_vnd", "mn_usd", "mn_tonnes"}
        The data's unit codes: billion VND (tỷ đồng), million USD (triệu USD),
        million tonnes (triệu tấn).
    lang : {"vi", "en"}, optional
    decimals : int, optional
        ``None`` shows up to 2 decimals, dropping trailing zeros (1,084.82; 75,800).
    na : str, optional
        Text for a missing value; without it a missing value is refused.
    """
    if unit not in AMOUNT_UNITS:
        raise ValueError(f"unit={unit!r} is not an amount unit; use one of "
                         + ", ".join(repr(u) for u in AMOUNT_UNITS))
    if na is not None and _missing(value):
        return na
    number = _babel_numbers.format_decimal(_number(value), format=_decimals_pattern(decimals, 2),
                                           locale=_locale(lang))
    return f"{number} {term('unit', unit, lang)}"


# Date patterns (CLDR syntax) per precision. Babel's own "long" vi format is
# "25 tháng 12, 2019"; the statistical office and the press write "ngày 25 tháng 12 năm 2019".
_DATE_PATTERNS = {
    "vi": {"day": "'ngày' d 'tháng' M 'năm' y", "month": "'tháng' M 'năm' y", "year": "'năm' y"},
    "en": {"day": "d MMMM y", "month": "MMMM y", "year": "y"},
}
_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?")


def format_date(value, lang: str | None = None) -> str:
    """A date in words: ``date(2019, 12, 25)`` → ``ngày 25 tháng 12 năm 2019`` / ``25 December 2019``.

    Parameters
    ----------
    value : datetime.date, datetime.datetime, pandas.Timestamp or str
        A string may be ``YYYY-MM-DD``, or partial like the data's ``published``
        column: ``YYYY-MM`` → ``tháng 12 năm 2019`` / ``December 2019``,
        ``YYYY`` → ``năm 2019`` / ``2019``.
    lang : {"vi", "en"}, optional

    Raises
    ------
    ValueError
        Not a date (the message names ``value``).
    """
    lang = check_lang(lang)
    precision = "day"
    if isinstance(value, str):
        text = value.strip()
        m = _PARTIAL_DATE.fullmatch(text)
        try:
            if m and m.group(2) is None:
                value, precision = dt.date(int(m.group(1)), 1, 1), "year"
            elif m:
                value, precision = dt.date(int(m.group(1)), int(m.group(2)), 1), "month"
            else:
                value = dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"value={text!r} is not a date YYYY-MM-DD, YYYY-MM or YYYY") from None
    elif isinstance(value, dt.datetime):
        value = value.date()
    elif not isinstance(value, dt.date):
        raise ValueError(f"value must be a date or a YYYY-MM-DD text, got {value!r}")
    return _babel_dates.format_date(value, format=_DATE_PATTERNS[lang][precision],
                                    locale=BABEL_LOCALES[lang])


def format_datetime(value, lang: str | None = None) -> str:
    """A moment in words with its time zone: ``ngày 1 tháng 12 năm 2026, 13:45 UTC+07:00`` /
    ``1 December 2026, 13:45 UTC+07:00`` (a naive time is shown without a zone).

    Parameters
    ----------
    value : datetime.datetime or str
        A string is read with :meth:`datetime.datetime.fromisoformat`
        (``2026-12-01T13:45:07+07:00``, as the report runner stores its timestamps).
    lang : {"vi", "en"}, optional

    Raises
    ------
    ValueError
        Not a date and time (the message names ``value``).
    """
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"value={value!r} is not an ISO date and time") from None
    if not isinstance(value, dt.datetime):
        raise ValueError(f"value must be a datetime or an ISO text, got {value!r}")
    zone = value.strftime("%z")
    zone = f" UTC{zone[:3]}:{zone[3:]}" if zone else ""
    return f"{format_date(value, lang)}, {value:%H:%M}{zone}"


def language_name(code: str, lang: str | None = None) -> str:
    """Name of the language ``code`` written in ``lang`` (Babel's CLDR data):
    ``language_name("vi", "en")`` → ``"Vietnamese"``, ``language_name("vi", "vi")`` →
    ``"Tiếng Việt"``, ``language_name("en", "vi")`` → ``"Tiếng Anh"``."""
    from babel import Locale

    code = check_lang(code, param="code")
    return upper_first(Locale.parse(_locale(lang)).languages[code])


def upper_first(text: str) -> str:
    """*text* with its first letter upper-case, the rest as it is: a sentence or caption that
    starts with a lower-case term ("chỉ số sản xuất công nghiệp (IIP) của Hà Tĩnh: …").

    >>> upper_first("chỉ số sản xuất công nghiệp")
    'Chỉ số sản xuất công nghiệp'
    """
    return text[:1].upper() + text[1:]


def format_growth(value, lang: str | None = None, *, decimals: int = 1) -> str:
    """A growth rate with its sign, the one growth format of the reports: ``+8,5%`` (vi) /
    ``+8.5%`` (en); a missing value is an en dash ("–")."""
    return format_pct(value, lang, decimals=decimals, signed=True, na="–")


def format_share(fraction, lang: str | None = None, *, decimals: int = 0) -> str:
    """A fraction in percent: ``0.667`` → ``67%``; a missing value is an en dash."""
    if _missing(fraction):
        return "–"
    return format_pct(100 * float(fraction), lang, decimals=decimals)


# --------------------------------------------------------------------------- notes
_PLACEHOLDER = re.compile(r"%\((\w+)\)([-+ #0]*)(\d*)(?:\.(\d+))?([sdifgeE])|%%")


# hatinh_analysis.notes' records are recognised by their fields (notes imports nothing of the
# package, and this module does not import notes: no cycle)
def _is_note(value) -> bool:
    return hasattr(value, "id") and hasattr(value, "_values")


def _say_value(value, spec: tuple, lang: str) -> str:
    flags, precision, kind = spec
    if _is_note(value):
        return say(value, lang)
    if isinstance(value, tuple):
        return "; ".join(_say_value(v, spec, lang) for v in value)
    if hasattr(value, "kind") and hasattr(value, "key"):   # a Code
        if value.kind == "industry":   # VSIC codes: the office's own names (data.vocab)
            from hatinh_analysis.data.vocab import INDUSTRIES

            names = INDUSTRIES.get(value.key)
            return str(value.key) if names is None else names[0 if lang == "vi" else 1]
        try:
            return term(value.kind, value.key, lang)
        except ValueError:  # a code outside the vocabulary (a user's file): as given
            return str(value.key)
    if hasattr(value, "unit") and hasattr(value, "value"):   # an Amount
        return format_amount(value.value, value.unit, lang)
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return str(value)
    if isinstance(value, numbers.Integral) and kind in "dis":
        return str(int(value))   # years and counts: no thousands separator
    if not math.isfinite(float(value)):
        return label("not_available", lang)
    decimals = int(precision) if precision else (6 if kind in "fF" else None)
    text = format_number(value, lang, decimals=decimals)
    return ("+" + text) if "+" in flags and float(value) >= 0 else text


def say(note, lang: str | None = None) -> str:
    """A note of the engine (:class:`hatinh_analysis.notes.Note`) in words, in ``lang``.

    The one place where the engine's notes become text: the catalogue's message for
    ``note.id`` in ``lang``, its placeholders filled from ``note.values`` — numbers in the
    language's notation with the precision of the English placeholder (``%(z).1f``: one
    decimal, ``+`` flag: signed), codes by their term, nested notes in the same language.

    Parameters
    ----------
    note : Note, sequence of Note, str or None
        A sequence is said note by note and joined with "; "; a ``str`` (a technical name
        such as "ETS(A,N,N)", a message of another library) is returned as it is; ``None``
        or NaN gives "".
    lang : {"vi", "en"}, optional
        Default: the current language.

    Raises
    ------
    ValueError
        ``lang`` is not supported (the message names ``lang``).

    Examples
    --------
    >>> from hatinh_analysis.notes import Note
    >>> say(Note("years excluded: %(years)s", years="2017–2018"), "vi")
    'các năm bị loại ra: 2017–2018'
    """
    lang = check_lang(lang)
    if isinstance(note, (list, tuple)):
        return "; ".join(t for t in (say(n, lang) for n in note) if t)
    if not _is_note(note):
        return "" if _missing(note) else str(note)
    specs = {m.group(1): (m.group(2), m.group(4), m.group(5))
             for m in _PLACEHOLDER.finditer(note.id) if m.group(0) != "%%"}
    values = note.values
    message = translator(lang).gettext(note.id)

    def fill(m):
        if m.group(0) == "%%":
            return "%"
        name = m.group(1)
        return _say_value(values[name], specs.get(name, (m.group(2), m.group(4), m.group(5))), lang)

    return _PLACEHOLDER.sub(fill, message)


# --------------------------------------------------------------------------- glossary
def glossary():
    """The vi ↔ en glossary of the statistical office's terms (``locale/glossary.csv``).

    Returns
    -------
    pandas.DataFrame
        Columns ``vi`` (the term as the office writes it), ``en``, ``kind`` and ``key``
        (set when the term is the Vietnamese name of a vocabulary id, i.e.
        ``term(kind, key, "vi") == vi``), ``attested_in`` (where the wording was
        checked: ``<file under data/raw/>!<sheet>!<cell>`` of a release workbook, or
        ``observations:<source_id>`` for a quote in data/observations.csv; empty when
        the term is not in those sources) and ``note``.
    """
    import pandas as pd

    return pd.read_csv(GLOSSARY_FILE, dtype=str, keep_default_na=False, encoding="utf-8")


# --------------------------------------------------------------------------- chart font
def chart_font_path() -> str:
    """File of :data:`CHART_FONT` as matplotlib finds it (refuses to fall back to another font).

    Raises
    ------
    RuntimeError
        The font is missing (it ships with matplotlib, so the installation is broken).
    """
    from matplotlib import font_manager

    try:
        return font_manager.findfont(font_manager.FontProperties(family=CHART_FONT),
                                     fallback_to_default=False)
    except ValueError as err:
        raise RuntimeError(f"{CHART_FONT} not found by matplotlib ({err}); it ships with "
                           "matplotlib — reinstall matplotlib") from None


def chart_font_rc() -> dict:
    """matplotlib rc settings that draw all chart text in :data:`CHART_FONT`
    (for ``matplotlib.rc_context(chart_font_rc())`` or a style)."""
    import matplotlib as mpl

    others = [f for f in mpl.rcParams["font.sans-serif"] if f != CHART_FONT]
    return {"font.family": ["sans-serif"], "font.sans-serif": [CHART_FONT, *others]}


def use_chart_font() -> str:
    """Make matplotlib draw chart text in :data:`CHART_FONT` (full Vietnamese coverage).

    Call it once before drawing Vietnamese charts (the plotting module or a notebook's
    setup cell). Returns the font file used.
    """
    import matplotlib as mpl

    path = chart_font_path()
    mpl.rcParams.update(chart_font_rc())
    return path


@functools.lru_cache(maxsize=8)
def _cmap(path: str) -> frozenset:
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())


def missing_glyphs(text: str, font_path: str | None = None) -> list[str]:
    """Characters of ``text`` that have no glyph in the font (default :data:`CHART_FONT`).

    Line breaks and tabs are ignored. Returns the missing characters, sorted, without
    repeats — an empty list means the font can draw the text.
    """
    cmap = _cmap(font_path or chart_font_path())
    return sorted({ch for ch in text if ch not in "\n\r\t" and ord(ch) not in cmap})
