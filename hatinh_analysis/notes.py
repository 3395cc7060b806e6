"""Structured notes: what the engine has to say, as a message id and its values.

The statistical engine (models, breaks, calibration, combination, target, track record)
computes; it never writes sentences. Whatever it has to tell a reader — why a model was
dropped, which years were left out, why a chance is withheld — it returns as a
:class:`Note`: the catalogue message (its English msgid) and the values to fill in,
kept as numbers, years, codes or other notes. Text is made once, where it is shown, in
the reader's language, by :func:`hatinh_analysis.i18n.say` (numbers through the
language's one formatter, codes through the vocabulary ``hatinh_analysis.i18n.TERMS``).

Chosen over English text read back with patterns (the former ``engine_text``): a message
moved to another module, a value holding "; " or a number in another notation can no
longer silently stay untranslated, and code that reads a note compares ids and values,
not sentences. ``Note`` is a ``pybabel extract`` keyword (``i18n.EXTRACT_KEYWORDS``), so
``Note("years excluded: %(years)s", years="2017–2018")`` is the catalogue entry.

This module imports nothing of the package, so every layer may use it.
"""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Note", "Code", "Amount", "mentions"]


@dataclass(frozen=True)
class Code:
    """A code of a vocabulary inside a note (``Code("basis", "constant_2010")``), shown by
    its term in the reader's language (``hatinh_analysis.i18n.term``)."""

    kind: str
    key: str

    def to_dict(self) -> dict:
        return {"kind": self.kind, "code": self.key}


@dataclass(frozen=True)
class Amount:
    """An amount with its unit inside a note (``Amount(75800.0, "bn_vnd")``), shown by
    ``hatinh_analysis.i18n.format_amount``."""

    value: float
    unit: str

    def to_dict(self) -> dict:
        return {"value": self.value, "unit": self.unit}


class Note:
    """A catalogue message and its values: ``Note("years excluded: %(years)s", years="2017")``.

    Attributes
    ----------
    id : str
        The English msgid of the catalogue (named ``%(name)s`` placeholders).
    values : dict
        The values by placeholder name: numbers stay numbers (formatted when shown, by the
        placeholder's format: ``%(z).1f`` one decimal), ``str`` is shown as it is (a year
        list such as "2017–2018", a technical name such as "ETS(A,N,N)"), a :class:`Code` by
        its term, an :class:`Amount` with its unit, another Note (or a tuple of Notes,
        joined with "; ") in the same language.

    Notes are immutable, hashable and compare by id and values. ``str(note)`` is the
    English text (for logs and errors); readers get :func:`hatinh_analysis.i18n.say`.
    """

    __slots__ = ("id", "_values")

    def __init__(self, id: str, **values):
        object.__setattr__(self, "id", id)
        object.__setattr__(self, "_values", tuple(sorted(
            (k, tuple(v) if isinstance(v, list) else v) for k, v in values.items())))

    def __setattr__(self, name, value):
        raise AttributeError("Note is immutable")

    def __reduce__(self):
        # pickled by id and values (joblib's workers and the forecast cache pickle results)
        return (_rebuild, (self.id, self._values))

    @property
    def values(self) -> dict:
        return dict(self._values)

    def __eq__(self, other) -> bool:
        return isinstance(other, Note) and (self.id, self._values) == (other.id, other._values)

    def __hash__(self) -> int:
        return hash((self.id, self._values))

    def __repr__(self) -> str:
        args = "".join(f", {k}={v!r}" for k, v in self._values)
        return f"Note({self.id!r}{args})"

    def __str__(self) -> str:
        from hatinh_analysis.i18n import say

        return say(self, "en")

    def to_dict(self) -> dict:
        """JSON form: ``{"id": msgid, "values": {...}, "text": English}`` (nested notes,
        codes and amounts as dicts; the English text for readers of the sidecar)."""
        return {"id": self.id, "values": {k: _plain(v) for k, v in self._values},
                "text": str(self)}


def _rebuild(id: str, values: tuple) -> "Note":
    return Note(id, **dict(values))


def mentions(notes, msgid: str) -> bool:
    """Whether a note of ``notes`` (nested ones included) is the message ``msgid``: how code
    asks what a result says, by message id, never by reading a sentence."""
    for n in notes or ():
        if isinstance(n, Note) and (n.id == msgid or any(
                mentions(v if isinstance(v, tuple) else (v,), msgid) for v in n.values.values())):
            return True
    return False


def _plain(value):
    if isinstance(value, (Note, Code, Amount)):
        return value.to_dict()
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value
