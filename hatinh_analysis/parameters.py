"""The rules on the analysis parameters, declared once and keyed by name.

Notebooks call :func:`validate_parameters` in their first cell, and the report
runner (``hatinh-report``) calls it for every notebook and every set of a batch
before any kernel starts — so a bad value fails the same way in JupyterLab and
on the command line. :data:`DOMAINS` holds every rule; the checks on years use
the engine's own input checks (``hatinh_analysis.models.base.prepare``), so a
year outside the data fails here exactly as it would in a model.
"""
from __future__ import annotations

import difflib
import math
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["ParameterError", "DOMAINS", "MAX_HORIZON", "validate_parameters", "suggest", "named_message"]

#: A target year may lie at most this many years after the last figure of its series.
MAX_HORIZON = 5


class ParameterError(ValueError):
    """A parameter value (or name) that cannot be used; the message names the parameter.

    Attributes
    ----------
    name : str or None
        The parameter concerned (the first one when several are wrong).
    problems : list of (str or None, str)
        Every ``(parameter, message)`` found.
    """

    def __init__(self, problems: Iterable[tuple[str | None, str]] | str, name: str | None = None):
        if isinstance(problems, str):
            problems = [(name, problems)]
        self.problems = list(problems)
        self.name = name or next((n for n, _ in self.problems if n), None)
        super().__init__("\n".join(named_message(n, m) for n, m in self.problems))


def named_message(name: str | None, msg: str) -> str:
    """Prefix *msg* with the parameter's name (not with NOTEBOOK, -f … which name no parameter)."""
    if name is None or name.isupper() or not name.isidentifier() or msg.startswith(name) or repr(name) in msg:
        return msg
    return f"{name}: {msg}"


def suggest(name: str, choices: Iterable[str]) -> str:
    """Return ``" (did you mean 'x'?)"`` for the closest choice, or ``""``.

    >>> suggest("ha_tnh", ["ha_tinh", "nghe_an"])
    " (did you mean 'ha_tinh'?)"
    """
    close = difflib.get_close_matches(str(name), [str(c) for c in choices], n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def short(value: Any, limit: int = 80) -> str:
    """``repr(value)``, cut to *limit* characters (messages never echo a huge value)."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


# ---------------------------------------------------------------- domains
@dataclass(frozen=True)
class Domain:
    """The allowed values of a parameter (by name), and what to say when one is outside."""

    low: float | None = None
    high: float | None = None
    what: str = ""
    kind: str = "range"  # range | province | indicator | date | model | year | file | lang | industry
    integer: bool = False  # whole numbers only (a month)


#: Every rule on a parameter value, by name — the one place they are declared.
DOMAINS: dict[str, Domain] = {
    "level": Domain(0.5, 0.99, "an interval level (0.8 for 80% intervals)"),
    "target_growth": Domain(-99.9, 1000.0, "a growth rate in %"),
    "min_train": Domain(3, 50, "a number of years"),
    # notebook 04 (in-year tracking)
    "year": Domain(2000, 2100, "a year", integer=True),
    "month": Domain(1, 11, "a month of the year so far (December ends the year)", integer=True),
    "ytd": Domain(-99.9, 1000.0, "a growth rate in %"),
    "industry": Domain(kind="industry"),
    "province": Domain(kind="province"), "provinces": Domain(kind="province"),
    "neighbours": Domain(kind="province"), "national": Domain(kind="province"),
    "indicator": Domain(kind="indicator"),
    "as_of": Domain(kind="date"),
    "models": Domain(kind="model"),
    "target_year": Domain(1990, 2100, "a year", kind="year"),
    "start_year": Domain(1990, 2100, "a year", kind="year"),
    "exclude_years": Domain(1990, 2100, "years", kind="year"),
    "break_years": Domain(1990, 2100, "years", kind="year"),
    "alt_exclude_years": Domain(1990, 2100, "years", kind="year"),
    "alt_break_years": Domain(1990, 2100, "years", kind="year"),
    "data_file": Domain(kind="file"),
    "lang": Domain(kind="lang"),
}
#: Suffixes of the user's own figures files.
DATA_FILE_SUFFIXES = (".csv", ".xlsx", ".xls", ".ods")


def _as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _cache_key() -> tuple | None:
    """The data directory and the stamps of its files: what cached catalogue/series depend on."""
    from hatinh_analysis.data.store import OBSERVATIONS_FILE, SOURCES_FILE, data_dir

    d = data_dir()
    try:
        return (str(d),) + tuple((s.st_mtime_ns, s.st_size) for s in
                                 (os.stat(d / OBSERVATIONS_FILE), os.stat(d / SOURCES_FILE)))
    except OSError:
        return None


_CACHE: dict = {}


def _cached(key, make):
    """A batch checks many sets against the same data: compute once per version of the files."""
    stamp = _cache_key()
    if stamp is None:
        return make()
    if _CACHE.get("stamp") != stamp:
        _CACHE.clear()
        _CACHE["stamp"] = stamp
    if key not in _CACHE:
        _CACHE[key] = make()
    return _CACHE[key]


def _pairs() -> set:
    from hatinh_analysis.data.store import list_series

    def make():
        table = list_series()
        return {(str(p), str(i)) for p, i in zip(table["province"], table["indicator"])}

    return _cached("pairs", make)


def _series(indicator, province, as_of):
    from hatinh_analysis.data.store import load_series

    return _cached(("series", indicator, province, as_of),
                   lambda: load_series(indicator, province=province, as_of=as_of)).copy()


def _engine_checks(series, v: Mapping[str, Any], what: str) -> list[tuple[str, str]]:
    """The engine's own input checks (``models.base.prepare``, no fit), each error on its parameter.

    The arguments are added one at a time, so an error belongs to the argument
    just added; ``ModelError.param``, when the engine sets it, takes precedence.
    """
    from hatinh_analysis.models.base import ModelError, prepare

    steps = [("target_year", {"target_year": v.get("target_year")}),
             ("start_year", {"start_year": v.get("start_year")}),
             ("exclude_years", {"exclude_years": v.get("exclude_years") or ()}),
             ("break_years", {"break_years": v.get("break_years") or ()})]
    args: dict[str, Any] = {}
    for name, extra in steps:
        args.update(extra)
        try:
            prepare(series, **args)
        except ModelError as exc:
            return [(getattr(exc, "param", None) or name, f"{exc} ({what})")]
    # each sensitivity scenario adds its years to the base list, on its own
    for alt, base in (("alt_exclude_years", "exclude_years"), ("alt_break_years", "break_years")):
        if v.get(alt):
            try:
                prepare(series, **{**args, base: sorted(set(args[base]) | set(v[alt]))})
            except ModelError as exc:
                return [(alt, f"{alt}: {exc} ({what})")]
    return []


def _check_data_file(value, bad) -> str | None:
    """A readable CSV/XLSX of the user's figures; returns its absolute path (relative to the caller)."""
    path = Path(os.path.abspath(os.path.expanduser(str(value))))
    if not path.is_file():
        bad("data_file", f"no file {str(path)!r}" + (" (it is a folder)" if path.is_dir() else ""))
        return None
    if path.suffix.lower() not in DATA_FILE_SUFFIXES:
        bad("data_file", f"{str(path)!r} is not a table file: use {', '.join(DATA_FILE_SUFFIXES)}")
        return None
    from hatinh_analysis import data
    from hatinh_analysis.data.errors import DataError

    reader = getattr(data, "read_user_figures", None)  # the reader of the user's figures, when present
    if reader is None:
        from hatinh_analysis.data.tables import read_table as reader
    try:
        reader(path)
    except DataError as exc:
        from hatinh_analysis.data import tables

        monthly = getattr(tables, "read_user_monthly", None)  # a table of figures about months
        if monthly is None or "'month'" not in str(exc):
            bad("data_file", str(exc))  # DataError names the file, row and column
            return None
        try:
            monthly(path)
        except DataError as exc2:
            bad("data_file", str(exc2))
            return None
    except (OSError, ValueError) as exc:
        bad("data_file", f"cannot read {str(path)!r}: {exc}")
        return None
    return str(path)


def validate_parameters(values: Mapping[str, Any] | None = None, /, **kwargs: Any) -> dict[str, Any]:
    """Check parameter values against :data:`DOMAINS`, the data and the models.

    The rules are keyed by name, so every notebook and the command line apply
    the same ones: numeric ranges from :data:`DOMAINS` (``level`` 0.5–0.99,
    ``target_growth``, ``min_train``); known province codes and an indicator
    the data holds for each; ``as_of`` read by the data layer's rule; model
    names; ``data_file`` an existing, valid table of figures (its path made
    absolute); the years (``target_year``, ``start_year``, ``exclude_years``,
    ``break_years`` and the ``alt_`` scenarios) through the engine's own checks
    on the series ``load_series(indicator, province, as_of)``, a target year at
    most :data:`MAX_HORIZON` years after its last figure, and ``min_train``
    shorter than every series.

    Returns
    -------
    dict
        The values, normalised: ``as_of`` as text, year lists sorted without
        duplicates, ``data_file`` absolute.

    Raises
    ------
    ParameterError
        Listing every problem, each naming its parameter and the valid choices.
    """
    v = dict(values or {})
    v.update(kwargs)
    problems: list[tuple[str, str]] = []

    def bad(name, msg):
        problems.append((name, msg))

    for name, dom in DOMAINS.items():
        value = v.get(name)
        if value is None or value == []:
            continue
        if dom.kind in ("range", "year"):
            for x in _as_list(value):
                if isinstance(x, bool) or not isinstance(x, (int, float)) or not math.isfinite(x) \
                        or not dom.low <= x <= dom.high or (dom.integer and x != int(x)):
                    hint = f" (did you mean {x / 100:g}?)" if name == "level" and isinstance(x, (int, float)) \
                        and 1 < x < 100 else ""
                    whole = "a whole number, " if dom.integer and x != int(x) else ""
                    bad(name, f"must be {whole}{dom.what} between {dom.low:g} and {dom.high:g}, got {short(x)}{hint}")
                    break
            else:
                if dom.kind == "year" and isinstance(value, list):
                    v[name] = sorted({int(y) for y in value})
        elif dom.kind == "date":
            from hatinh_analysis.data.schema import parse_as_of

            try:
                v[name] = parse_as_of(value)[0]
            except ValueError:
                bad(name, "must be a date written YYYY-MM-DD (or YYYY-MM, YYYY: the end of that month or "
                          f"year), e.g. 2019-12-25; got {short(value)}")
        elif dom.kind == "model":
            from hatinh_analysis.models import MODEL_NAMES

            for m in _as_list(value):
                if m not in MODEL_NAMES:
                    bad(name, f"unknown model {m!r}{suggest(m, MODEL_NAMES)}; choose from {', '.join(MODEL_NAMES)}")
        elif dom.kind == "file":
            v[name] = _check_data_file(value, bad)
        elif dom.kind == "industry":
            from hatinh_analysis.data.vocab import INDUSTRIES

            if str(value) not in INDUSTRIES and value not in ("", "total"):
                bad(name, f"unknown industry code {value!r}{suggest(str(value), INDUSTRIES)}; use total "
                          f"(the whole of industry) or a VSIC 2007 code: {', '.join(INDUSTRIES)}")
        elif dom.kind == "lang":
            from hatinh_analysis.i18n import LANGUAGES

            if value not in LANGUAGES:
                bad(name, f"must be one of {', '.join(LANGUAGES)} (the report's language), got {short(value)}")
    given = [(n, p) for n, d in DOMAINS.items() if d.kind == "province" for p in _as_list(v.get(n))]
    if not (given or v.get("indicator")) or problems:
        if problems:
            raise ParameterError(problems)
        return v

    from hatinh_analysis.data import vocab

    pairs = _pairs()
    for name, prov in given:
        if prov not in vocab.PROVINCES:
            bad(name, f"unknown province {prov!r}{suggest(prov, vocab.PROVINCES)}; province codes are lower-case "
                      "without accents, e.g. ha_tinh, nghe_an, thanh_hoa, vietnam")
    indicator = v.get("indicator")
    if indicator is not None and indicator not in vocab.INDICATORS:
        bad("indicator", f"unknown indicator {indicator!r}{suggest(indicator, vocab.INDICATORS)}; "
                         f"known indicators: {', '.join(sorted(vocab.INDICATORS))}")
    if problems or indicator is None:
        if problems:
            raise ParameterError(problems)
        return v
    for name, prov in given:
        if (prov, indicator) not in pairs:
            have = sorted(i for p, i in pairs if p == prov)
            bad(name, f"the data has no {indicator!r} series for {prov!r}"
                      + (f"; it has: {', '.join(have)}" if have else "; it has no series at all"))
    if problems or not given:
        if problems:
            raise ParameterError(problems)
        return v

    from hatinh_analysis.data.errors import DataError

    as_of = v.get("as_of")

    def series_of(prov):
        try:
            return _series(indicator, prov, as_of)
        except DataError as exc:
            bad(getattr(exc, "param", None) or ("as_of" if as_of else "indicator"), str(exc))
            return None

    main = given[0][1]  # years apply to the first province given
    what = f"{indicator} of {main}" + (f" as of {as_of}" if as_of else "")
    year_names = [n for n, d in DOMAINS.items() if d.kind == "year"]
    if any(v.get(n) not in (None, []) for n in year_names):
        series = series_of(main)
        if series is not None and len(series):
            last = int(series.index[-1])
            ty = v.get("target_year")
            if ty is not None and ty > last + MAX_HORIZON:
                bad("target_year", f"{ty} is more than {MAX_HORIZON} years after the last figure ({last}, {what}); "
                                   "a trend says nothing that far ahead")
            else:
                found = _engine_checks(series, v, what)
                if found and found[0][0] == "target_year" and ty is not None and ty <= last:
                    found = [(found[0][0], found[0][1] + "; to check a past year's target, set as_of to a date "
                                                         "before that year's figure was published")]
                problems.extend(found)
    mt = v.get("min_train")
    if mt is not None:
        for prov in dict.fromkeys(p for n, p in given if n in ("province", "provinces", "national")):
            series = series_of(prov)
            if series is not None and mt >= len(series):
                bad("min_train", f"{mt} leaves no year to forecast: the {indicator} series of {prov} has "
                                 f"{len(series)} years ({series.index[0]}–{series.index[-1]})")
    if problems:
        raise ParameterError(problems)
    return v
