"""The statistical engine's own texts (model notes, specifications, calibration notes) in
the reader's language.

The engine writes its notes in English when it computes, and stores them as plain text in
language-independent places: ``check.table["notes"]``/``["spec"]``, ``Forecast.notes``,
``check.calibrated.notes``, ``check.notes``, ``record.table["note"]``. Every such text is
made from a catalogue message, filled in English::

    from hatinh_analysis.i18n import N_
    note = N_("years excluded: %(years)s") % {"years": fmt_years(excluded)}

so the stored value stays exactly what it always was (analysts' code comparing or parsing
it keeps working, and English reports are unchanged), and :func:`translate_text` gives it in
another language when it is *shown*: it reads the English text back against the engine's
catalogue messages (a message whose placeholders become pattern groups), and fills the
Vietnamese message with the values found. Texts joined with ``"; "`` are read part by part.
A text that no catalogue message produces (a warning quoted from statsmodels, an error text
of another library) is shown as it is.

Chosen over storing translated texts (a table would change with the language) and over
message objects carried in the tables (pandas 3 stores text columns as plain strings, so
the message would be lost on the first copy); the price is that a new note must be written
as a catalogue message, which docs/I18N.md asks anyway.

When to use
    :func:`translate_text` wherever an engine note or specification is shown to readers;
    :func:`hatinh_analysis.check_views.display_table` for a whole data frame.
"""
from __future__ import annotations

import functools
import re

from hatinh_analysis.i18n import TERMS, check_lang, format_amount, load_catalog, term, translator

__all__ = ["ENGINE_MODULES", "LIST_PLACEHOLDERS", "CODE_PLACEHOLDERS", "translate_text",
           "localize_numbers"]

#: Files whose catalogue messages the engine stores as English text (read back by
#: :func:`translate_text`); messages of other files are only looked up whole.
ENGINE_MODULES = ("hatinh_analysis/models/", "hatinh_analysis/target.py",
                  "hatinh_analysis/calibration.py", "hatinh_analysis/combination.py",
                  "hatinh_analysis/breaks.py", "hatinh_analysis/track_record.py",
                  "hatinh_analysis/evaluation.py", "hatinh_analysis/engine_text.py")

_PLACEHOLDER = re.compile(r"%\((\w+)\)([-+ #0]*\d*(?:\.\d+)?)([sdifgeE])|%%")
_NUMBER_GROUP = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|nan|inf|-inf"
_DECIMAL = re.compile(r"(?<![\w.,])([-+]?\d+)\.(\d+)(?![\w.]|,\d)")
_SEPARATOR = "; "
_SEP_RE = re.escape(_SEPARATOR)
#: Placeholders whose value may itself hold several notes joined with ``"; "`` (a reason
#: quoted inside a note); any other ``%(name)s`` value is one note and cannot contain it.
LIST_PLACEHOLDERS = frozenset({"reason", "reasons", "notes"})
#: Placeholders that hold a code of a vocabulary (``hatinh_analysis.i18n.TERMS``), by kind:
#: shown by the vocabulary's term ("iip" → "Chỉ số sản xuất công nghiệp (IIP)").
CODE_PLACEHOLDERS = {"indicator": "indicator", "basis": "basis", "outcome_basis": "basis",
                     "target_basis": "basis", "model": "model"}
_CODE_GROUP = r"[A-Za-z0-9_= ]+?"
# an amount written by format_amount(..., "en"): "75,800 bn VND"
_AMOUNT = re.compile(r"([-+]?\d{1,3}(?:,\d{3})*(?:\.\d+)?) (bn VND|m USD|m tonnes)")
_UNIT_CODES = {"bn VND": "bn_vnd", "m USD": "mn_usd", "m tonnes": "mn_tonnes"}


@functools.lru_cache(maxsize=None)
def _templates(lang: str) -> tuple:
    """The engine's messages with placeholders, as (pattern, msgid, {name: kind}), the most
    specific first (longest fixed text); messages without a reviewed translation are left out."""
    out = []
    for m in load_catalog(lang):
        if (not m.id or m.context or not isinstance(m.id, str) or not m.string or m.fuzzy
                or "%(" not in m.id
                or not any(f.startswith(ENGINE_MODULES) for f, _line in m.locations)):
            continue
        parts, kinds, pos = [], {}, 0
        for ph in _PLACEHOLDER.finditer(m.id):
            parts.append(re.escape(m.id[pos:ph.start()]))
            pos = ph.end()
            if ph.group(0) == "%%":
                parts.append("%")
                continue
            name, kind = ph.group(1), ph.group(3)
            if name in kinds:
                parts.append(f"(?P={name})")
                continue
            kinds[name] = kind
            if kind in "di":
                parts.append(rf"(?P<{name}>[-+]?\d+)")
            elif kind == "s" and name in CODE_PLACEHOLDERS:
                parts.append(rf"(?P<{name}>{_CODE_GROUP})")
            elif kind == "s" and name in LIST_PLACEHOLDERS:
                parts.append(rf"(?P<{name}>.+?)")
            elif kind == "s":  # one note: cannot run into the next one
                parts.append(rf"(?P<{name}>(?:(?!{_SEP_RE}).)+?)")
            else:
                parts.append(rf"(?P<{name}>{_NUMBER_GROUP})")
        parts.append(re.escape(m.id[pos:]))
        fixed = len(_PLACEHOLDER.sub("", m.id))
        out.append((fixed, re.compile("".join(parts), re.DOTALL), m.id, kinds))
    out.sort(key=lambda t: -t[0])
    return tuple(t[1:] for t in out)


def localize_numbers(text: str, lang: str | None = None) -> str:
    """Decimal numbers written the English way inside ``text`` (``61.3``, ``+8.9%``) written
    the language's way (``61,3``, ``+8,9%`` in Vietnamese); in a list of such numbers the
    separator ``", "`` becomes ``"; "`` so that ``61,3, 66,3`` cannot be misread. Integers
    (years, counts) are left alone. English: unchanged."""
    lang = check_lang(lang)
    if lang == "en" or not isinstance(text, str):
        return text
    new = _DECIMAL.sub(r"\1,\2", text)
    if new != text and ", " in text:
        new = _DECIMAL.sub(r"\1,\2", text.replace(", ", _SEPARATOR))
    return new


def _fill(match: re.Match, kinds: dict, lang: str) -> dict:
    values = {}
    for name, kind in kinds.items():
        raw = match.group(name)
        if kind in "di":
            values[name] = int(raw)
        elif kind == "s" and raw in TERMS.get(CODE_PLACEHOLDERS.get(name, ""), {}):
            values[name] = term(CODE_PLACEHOLDERS[name], raw, lang)
        elif kind == "s":
            values[name] = _translate(raw, lang)
        else:  # a number formatted by the engine: only the decimal mark changes
            values[name] = raw
    return values


@functools.lru_cache(maxsize=4096)
def _translate(text: str, lang: str) -> str:
    found = _match(text, lang)
    if found is not None:
        return found
    if _SEPARATOR in text:
        # notes joined with "; ": the longest run of parts that one message produces (a note
        # may itself contain "; "), else the part alone
        parts, out, i = text.split(_SEPARATOR), [], 0
        while i < len(parts):
            for j in range(len(parts) if i else len(parts) - 1, i, -1):
                chunk = _SEPARATOR.join(parts[i:j])
                if j == i + 1 or _match(chunk, lang) is not None:
                    out.append(_translate(chunk, lang) if j == i + 1 else _match(chunk, lang))
                    i = j
                    break
        return _SEPARATOR.join(out)
    amount = _AMOUNT.fullmatch(text)
    if amount:
        return format_amount(float(amount.group(1).replace(",", "")), _UNIT_CODES[amount.group(2)], lang)
    return localize_numbers(text, lang)


@functools.lru_cache(maxsize=4096)
def _match(text: str, lang: str) -> str | None:
    """``text`` translated whole (one catalogue message), or None."""
    if not text.strip():
        return None
    _ = translator(lang)
    whole = _(text)
    if whole != text:
        return whole
    for pattern, msgid, kinds in _templates(lang):
        m = pattern.fullmatch(text)
        if m:
            values = _fill(m, kinds, lang)
            # a value written by a float format (%(x).1f) reads as the language's number
            for name, kind in kinds.items():
                if kind not in "dis":
                    values[name] = localize_numbers(values[name], lang)
            msgstr = _.gettext(msgid)
            # the Vietnamese message may use a number placeholder as %(x)s: give it text
            return _PLACEHOLDER.sub(lambda p: "%%" if p.group(0) == "%%" else
                                    ("%(" + p.group(1) + ")s"), msgstr) % values
    return None


def translate_text(text, lang: str | None = None):
    """An engine text (note, specification, calibration note) in ``lang``.

    Parameters
    ----------
    text : str
        As the engine stored it (English), e.g. ``"drift on log level"`` or
        ``"plug-in: not calibrated; years excluded: 2017–2018"``. Anything that is not a
        string (NaN, None, a number) is returned unchanged.
    lang : {"vi", "en"}, optional
        Default: the current language. ``"en"`` returns ``text`` unchanged.

    Returns
    -------
    str
        The catalogue's translation, with the values read from ``text`` (numbers with the
        language's decimal mark). Parts that no catalogue message produces stay as they are.

    Raises
    ------
    ValueError
        ``lang`` is not supported (the message names ``lang``).

    Examples
    --------
    >>> translate_text("drift on log level", "vi")
    'độ trôi trên logarit của mức'
    >>> translate_text("plug-in: not calibrated; years excluded: 2017–2018", "vi")
    'tính trực tiếp từ mô hình: chưa hiệu chuẩn; các năm bị loại ra: 2017–2018'
    """
    lang = check_lang(lang)
    if lang == "en" or not isinstance(text, str) or not text:
        return text
    return _translate(text, lang)
