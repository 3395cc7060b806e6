"""How the reports say things: the shared words of the target check and the scoreboard.

The report modules decide *what* to show (:mod:`hatinh_analysis.target_view`,
:mod:`hatinh_analysis.scoreboard_view`); the sentences and tables are written by
:mod:`hatinh_analysis.target_words` and the scoreboard's own module with the helpers here.
Every number goes through the language's one formatter (``hatinh_analysis.i18n``:
``format_growth``, ``format_share``, ``format_number``), every code through its one
vocabulary table (``hatinh_analysis.i18n.TERMS``), every engine note through
:func:`hatinh_analysis.i18n.say`.
"""
from __future__ import annotations

import math
import re

from hatinh_analysis.formats import year_ranges
from hatinh_analysis.i18n import (format_amount, format_growth, format_number, format_share,
                                  say, translator)
from hatinh_analysis.target import format_probability

__all__ = ["verdict_word", "verdict_meaning", "model_label",
           "chance_text", "record_chance_sentence", "target_words", "coverage_word"]

_years = year_ranges


def _term(kind: str, code, lang: str | None) -> str:
    """A code's term; a code outside the vocabulary as given."""
    try:
        return translator(lang).term(kind, code)
    except ValueError:
        return str(code)


def verdict_word(verdict, lang: str | None = None) -> str:
    """The verdict's word ("within reach" / "có thể đạt"); a code outside `VERDICTS` as given."""
    return _term("verdict", verdict, lang)


def verdict_meaning(verdict, lang: str | None = None) -> str:
    """What the verdict says about the target and the likely range, in a few words."""
    return _term("verdict_meaning", verdict, lang)


def model_label(name: str, lang: str | None = None) -> str:
    """A method's name in a table header or row (``TERMS["method"]``; inside a sentence the
    lower-case ``TERMS["model"]``)."""
    return _term("method", name, lang)


def coverage_word(word: str, lang: str | None = None) -> str:
    """A coverage word of the scoreboard in ``lang`` (other words as given)."""
    return _term("coverage", word, lang)


def chance_text(check, lang: str | None = None) -> str:
    """The calibrated chance as the printing rule allows: "83%", "withheld" or "–"."""
    if not math.isfinite(check.prob_reach):
        return "–"
    if check.probability_printed:
        return format_probability(check.prob_reach, lang)
    return _term("chance", "withheld", lang)


def record_chance_sentence(record: dict, printed: bool, chance: str, why, lang: str | None = None) -> str:
    """The calibrated chance, or why it is not stated, with the scoreboard's record of such ranges
    ("… held 52 of 78 outcomes (95% band 56%–76%) instead of 80%"): the sentence of the verdict
    boxes of the annual check and of the in-year tracker.

    ``record`` is the check's scoreboard record (``level``, ``hits``, ``n``, ``wilson``),
    ``printed`` whether the chance may be printed, ``chance`` its text (:func:`chance_text`),
    ``why`` the probability note (said when the record holds no count)."""
    _ = translator(lang)
    if "hits" not in record or record.get("wilson") is None:
        return _("Chance of reaching it: %(why)s.", why=say(why, lang))
    values = dict(hits=record["hits"], n=record["n"], lo=_p0(record["wilson"][0], lang),
                  hi=_p0(record["wilson"][1], lang), level=_p0(record["level"], lang))
    if printed:
        return _("Chance of reaching it: %(chance)s (such ranges held %(hits)s of %(n)s outcomes, "
                 "95%% band %(lo)s–%(hi)s).", chance=chance, **values)
    if float(record["wilson"][0]) > float(record["level"]):   # the band lies above the level
        return _("Chance of reaching it: not stated, because such ranges proved too wide: they held "
                 "%(hits)s of %(n)s outcomes (95%% band %(lo)s–%(hi)s) instead of %(level)s.", **values)
    return _("Chance of reaching it: not stated, because such ranges proved too narrow: they held "
             "%(hits)s of %(n)s outcomes (95%% band %(lo)s–%(hi)s) instead of %(level)s.", **values)


def target_words(check, lang: str | None = None, digits: int = 2) -> str:
    """The target as it was set, up to ``digits`` decimals: "+10.64%", "+12%", "+8% to +9.5%"."""
    def one(x):
        shown = f"{float(x):.{digits}f}".rstrip("0").rstrip(".")
        return format_growth(x, lang, decimals=len(shown.partition(".")[2]))

    t = check.target
    if isinstance(t, tuple):
        return translator(lang)("%(low)s to %(high)s", low=one(t[0]), high=one(t[1]))
    return one(t)


def _name(code: str, lang: str | None = None) -> str:
    from hatinh_analysis.formats import province_name  # the one display-name rule

    return province_name(code, lang)


def _g(x, lang: str | None = None, digits: int = 1) -> str:
    return format_growth(x, lang, decimals=digits)


def _p0(frac, lang: str | None = None) -> str:
    return format_share(frac, lang)


def _num(x, lang: str | None, decimals: int, signed: bool = False) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    text = format_number(float(x), lang, decimals=decimals)
    return ("+" + text) if signed and float(x) >= 0 else text


def _bn_vnd(x, lang: str | None) -> str:
    return format_amount(float(x), "bn_vnd", lang, decimals=0)


def _yes(flag: bool, lang: str | None) -> str:
    _ = translator(lang)
    return _("yes") if flag else _("no")


def _family(family: str, lang: str | None = None) -> str:
    return _term("family", family, lang)


def _model_term(model: str, lang: str | None = None) -> str:
    """A model's name inside a sentence (the glossary's lower-case term; the code if none)."""
    return _term("model", model, lang)


def _spec(row, lang: str | None = None) -> str:
    """A model's specification: a note in words, a technical name ("ETS(A,N,N)") as it is."""
    return say(row["spec"], lang) or "–"


def _dates_in(text: str, lang: str | None = None) -> str:
    """ISO dates (``2019-12-25``) inside a text written in words, the language's way."""
    if not isinstance(text, str):
        return text
    from hatinh_analysis.i18n import format_date

    return re.sub(r"\b\d{4}-\d{2}-\d{2}\b", lambda m: format_date(m.group(0), lang), text)


def _basis_words(basis: str, lang: str | None = None) -> str:
    return _term("basis", basis, lang)


def _status(status: str, lang: str | None = None) -> str:
    """A figure's status in the office's terms (chính thức, sơ bộ, ước tính, kế hoạch)."""
    if not status:
        return status
    return _term("status", status, lang)


def _num_g(x, lang: str | None = None) -> str:
    """A threshold such as 3.5 in the language's notation (``3.5`` / ``3,5``)."""
    return format_number(float(x), lang)
