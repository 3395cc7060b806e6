"""Notebook parameters: declarations (read by papermill), typed values, and their domains.

A notebook declares its parameters in a code cell tagged ``parameters``, one per
line, in the form :func:`papermill.inspect_notebook` reads::

    province: str = "ha_tinh"             # province code, e.g. ha_tinh or nghe_an
    target_growth: float = 10.64          # the growth target to check, % over the previous year
    start_year: int | None = None         # first year used to fit the models (None: all years)
    exclude_years: list[int] = []         # years left out of the fit, e.g. 2017,2018

Types: ``int``, ``float``, ``str``, ``bool``, ``list[int|float|str]``, each
optionally ``| None`` (or ``Optional[...]``); the default must be a Python
literal. papermill 2.7 skips two forms — a ``T | None`` annotation and a line
with ``=`` in its comment — so those declarations (same format) are read with
:mod:`ast` rather than silently dropped.

Values given on the command line are parsed by the declared type, values from a
YAML file (read with :func:`load_yaml`, which limits size and alias expansion)
are checked against it, and :func:`validate_parameters` applies the domain rules
(:data:`DOMAINS`, declared once, keyed by parameter name). The notebooks call
:func:`validate_parameters` themselves, so a bad value fails the same way in
JupyterLab and in ``hatinh-report run``.
"""
from __future__ import annotations

import ast
import datetime as _dt
import difflib
import math
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["ParameterError", "TypeSpec", "Parameter", "DOMAINS", "notebook_parameters", "load_yaml",
           "resolve_parameters", "validate_parameters", "suggest"]

_SCALARS = ("int", "float", "str", "bool")
_NONE_WORDS = ("none", "null", "")
_TRUE_WORDS = ("true", "yes", "y", "1", "on")
_FALSE_WORDS = ("false", "no", "n", "0", "off")
#: Whole numbers beyond this are refused whatever the parameter (no 5.7e23 % forecasts).
MAX_INT = 10**9
#: A target year may lie at most this many years after the last figure of its series.
MAX_HORIZON = 5
#: Limits on a YAML file: bytes on disk, and values after expanding aliases.
MAX_YAML_BYTES = 1_000_000
MAX_YAML_VALUES = 100_000


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


# --------------------------------------------------------------------------- types
@dataclass(frozen=True)
class TypeSpec:
    """A declared type: ``base`` in int/float/str/bool/list, ``item`` for lists, ``optional``."""

    base: str
    item: str | None = None
    optional: bool = False

    def __str__(self) -> str:
        text = f"list[{self.item}]" if self.base == "list" else self.base
        return f"{text} | None" if self.optional else text

    @classmethod
    def parse_annotation(cls, text: str) -> "TypeSpec":
        """``"int"``, ``"list[int]"``, ``"Optional[str]"`` … → TypeSpec.

        >>> TypeSpec.parse_annotation("Optional[list[int]]")
        TypeSpec(base='list', item='int', optional=True)
        >>> TypeSpec.parse_annotation("float | None")
        TypeSpec(base='float', item=None, optional=True)
        """
        t = re.sub(r"\s+", "", text)
        optional = False
        m = re.fullmatch(r"(?:typing\.)?Optional\[(.+)\]", t) or re.fullmatch(r"(.+)\|None", t) \
            or re.fullmatch(r"None\|(.+)", t)
        if m:
            optional, t = True, m.group(1)
        if t in _SCALARS:
            return cls(t, None, optional)
        m = re.fullmatch(r"(?:list|List)(?:\[(\w+)\])?", t)
        if m and (m.group(1) or "str") in _SCALARS:
            return cls("list", m.group(1) or "str", optional)
        raise ParameterError(f"unsupported type {text!r}; use int, float, str, bool, list[int|float|str], "
                             "optionally as Optional[...]")

    @classmethod
    def infer(cls, default: Any) -> "TypeSpec":
        """The type of an unannotated parameter, from its default value."""
        if default is None:
            return cls("str", optional=True)
        for name, typ in (("bool", bool), ("int", int), ("float", float), ("str", str)):
            if isinstance(default, typ):
                return cls(name)
        if isinstance(default, (list, tuple)):
            kinds = {TypeSpec.infer(v).base for v in default}
            item = "int" if kinds == {"int"} else "float" if kinds and kinds <= {"int", "float"} else "str"
            return cls("list", item)
        raise ParameterError(f"cannot infer a type from default {default!r}; annotate the parameter")

    def parse(self, text: str, name: str) -> Any:
        """Parse a command-line text: lists comma- or space-separated, ``none`` for None."""
        raw = str(text).strip()
        if self.optional and raw.lower() in _NONE_WORDS:
            return None
        if self.base == "list":
            body = raw[1:-1] if raw.startswith("[") and raw.endswith("]") else raw
            items = [p.strip("'\"") for p in re.split(r"[,\s;]+", body.strip()) if p]
            return [_scalar(self.item or "str", p, name, True) for p in items]
        return _scalar(self.base, raw, name)

    def coerce(self, value: Any, name: str) -> Any:
        """Check a typed value (from YAML or Python) against this type."""
        if value is None:
            if self.optional:
                return None
            raise ParameterError(f"must be {self}, not None", name)
        if isinstance(value, (_dt.date, _dt.datetime)) and self.base == "str":
            return value.isoformat()
        if self.base == "list":
            if isinstance(value, str):
                return self.parse(value, name)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                value = [value]
            if not isinstance(value, (list, tuple)):
                raise ParameterError(f"must be a list of {self.item}, got {_short(value)}", name)
            return [_scalar(self.item or "str", v, name, True) for v in value]
        return _scalar(self.base, value, name)


def _short(value: Any, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


def _scalar(kind: str, value: Any, name: str, in_list: bool = False) -> Any:
    """One value of *kind* from a text (command line) or a typed value (YAML)."""
    what = f"item {_short(value)}" if in_list else _short(value)
    if isinstance(value, str):
        text = value.strip()
        if kind == "str":
            return value
        if kind == "bool":
            if text.lower() in _TRUE_WORDS + _FALSE_WORDS:
                return text.lower() in _TRUE_WORDS
        elif kind == "int" and re.fullmatch(r"[+-]?\d{1,30}", text):
            value = int(text)
        elif kind == "float" and re.fullmatch(r"[+-]?\d+,\d+", text):
            raise ParameterError(f"expected a number, got {what}: use a dot as decimal separator "
                                 f"({text.replace(',', '.')})", name)
        elif kind == "float":
            try:
                value = float(text)
            except ValueError:
                pass
    if kind == "bool":
        if isinstance(value, bool):
            return value
        raise ParameterError(f"expected true or false, got {what}", name)
    if kind == "str":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        raise ParameterError(f"expected a text, got {what}", name)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ParameterError(f"expected {'a whole number' if kind == 'int' else 'a number'}, got {what}", name)
    if not math.isfinite(value) or abs(value) > MAX_INT:
        raise ParameterError(f"{_short(value)} is out of range (at most {MAX_INT:,} in size)", name)
    if kind == "int":
        if isinstance(value, float) and not value.is_integer():
            raise ParameterError(f"expected a whole number, got {what}", name)
        return int(value)
    return float(value)


# ---------------------------------------------------------------- declarations
@dataclass(frozen=True)
class Parameter:
    """One declared notebook parameter: name, type, default (a literal) and help text."""

    name: str
    type: TypeSpec
    default: Any
    help: str = ""

    def parse(self, text: str) -> Any:
        """Parse a command-line value by the declared type (see :meth:`TypeSpec.parse`)."""
        return self.type.parse(text, self.name)

    def coerce(self, value: Any) -> Any:
        """Check a typed value (e.g. from YAML) against the declared type."""
        return self.type.coerce(value, self.name)


def notebook_parameters(path: str | os.PathLike, source: str | None = None) -> dict[str, Parameter]:
    """The declared parameters of a notebook, in order, read by :func:`papermill.inspect_notebook`.

    Parameters
    ----------
    path : path-like
        The notebook.
    source : str, optional
        The source of its parameters cell, to check that papermill read every
        name the cell assigns (found with :mod:`ast`).

    Raises
    ------
    ParameterError
        A declaration papermill cannot read (named with its line), an
        unsupported type or a default that is not a literal.
    """
    import logging

    import papermill

    where = f"the parameters cell of {Path(path).name}"
    logging.getLogger("papermill").setLevel(logging.ERROR)  # its "Unable to parse line" is handled below
    found = {n: dict(info) for n, info in papermill.inspect_notebook(str(path)).items()}
    problems: list[tuple[str | None, str]] = []
    if source is not None:
        try:
            tree = ast.parse(source)
        except SyntaxError as exc:
            raise ParameterError(f"{where} is not valid Python: {exc.msg} (line {exc.lineno})",
                                 "NOTEBOOK") from None
        lines = source.splitlines()
        for stmt in tree.body:  # papermill 2.7 skips `T | None` and lines with '=' in the comment
            if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value \
                    and stmt.target.id not in found:
                line = lines[stmt.lineno - 1]
                comment = line[stmt.end_col_offset:].strip() if stmt.end_lineno == stmt.lineno else ""
                found[stmt.target.id] = {"inferred_type_name": ast.unparse(stmt.annotation),
                                         "default": ast.get_source_segment(source, stmt.value),
                                         "help": comment.lstrip("#").strip()}
    if source is not None:  # declaration order
        order = {t.id: s.lineno for s in tree.body if isinstance(s, (ast.AnnAssign, ast.Assign))
                 for t in ([s.target] if isinstance(s, ast.AnnAssign) else s.targets) if isinstance(t, ast.Name)}
        found = dict(sorted(found.items(), key=lambda kv: order.get(kv[0], 0)))
    params: dict[str, Parameter] = {}
    for name, info in found.items():
        try:
            default = ast.literal_eval(info["default"])
        except (ValueError, SyntaxError):
            problems.append((None, f"{where}: the default of {name!r} must be a literal, got {info['default']!r}"))
            continue
        try:
            annotation = info.get("inferred_type_name")
            typ = TypeSpec.infer(default) if annotation in (None, "None") else TypeSpec.parse_annotation(annotation)
            if default is not None:
                default = typ.coerce(default, name)
        except ParameterError as exc:
            problems.append((None, f"{where}: {name}: {exc}"))
            continue
        params[name] = Parameter(name, typ, default, info.get("help") or "")
    if problems:
        raise ParameterError(problems, "NOTEBOOK")
    return params


def load_yaml(path: str | os.PathLike, what: str, flag: str) -> Any:
    """Read a YAML file with :func:`yaml.safe_load`, refusing oversized files and alias bombs.

    At most :data:`MAX_YAML_BYTES` bytes, and at most :data:`MAX_YAML_VALUES`
    values once aliases are expanded (a file of a few hundred bytes can
    otherwise stand for billions of values).

    Raises
    ------
    ParameterError
        Named *flag*, for a missing, oversized, invalid or explosive file.
    """
    import yaml

    label = f"the {what} {str(path)!r}"
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_YAML_BYTES + 1)
    except OSError as exc:
        raise ParameterError(f"cannot read {label}: {exc.strerror}", flag) from None
    if len(raw) > MAX_YAML_BYTES:
        raise ParameterError(f"{label} is larger than {MAX_YAML_BYTES:,} bytes; it is not a parameter file", flag)
    try:
        data = yaml.safe_load(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ParameterError(f"{label} is not UTF-8 text", flag) from None
    except (yaml.YAMLError, RecursionError) as exc:
        raise ParameterError(f"{label} is not valid YAML: {str(exc)[:500]}", flag) from None
    stack, count = [data], 0
    while stack:  # count values as if aliases were copied; stop at the limit (cycles included)
        item = stack.pop()
        count += 1
        if count > MAX_YAML_VALUES:
            raise ParameterError(f"{label} expands to more than {MAX_YAML_VALUES:,} values (YAML aliases); "
                                 "refused", flag)
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return data


def resolve_parameters(declared: Mapping[str, Parameter], cli: Iterable[tuple[str, str]] = (),
                       file_values: Mapping[str, Any] | None = None, *, strict: bool = True) -> dict[str, Any]:
    """Typed overrides for one notebook from ``-p`` texts and ``-f`` file values (``-p`` wins).

    Raises
    ------
    ParameterError
        For every unknown name (when *strict*, with a suggestion) or badly typed value.
    """
    problems: list[tuple[str | None, str]] = []
    out: dict[str, Any] = {}
    given = [(n, v, False) for n, v in (file_values or {}).items()] + [(n, t, True) for n, t in cli]
    for name, value, is_text in given:
        if name not in declared:
            if strict:
                problems.append((name, f"unknown parameter {name!r}{suggest(name, declared)}"))
            continue
        try:
            out[name] = declared[name].parse(value) if is_text else declared[name].coerce(value)
        except ParameterError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ParameterError(problems)
    return out


# ---------------------------------------------------------------- domains
@dataclass(frozen=True)
class Domain:
    """The allowed values of a parameter (by name), and what to say when one is outside."""

    low: float | None = None
    high: float | None = None
    what: str = ""
    kind: str = "range"  # range | province | indicator | date | model | year | file


#: Every rule on a parameter value, by name — the one place they are declared.
DOMAINS: dict[str, Domain] = {
    "level": Domain(0.5, 0.99, "an interval level (0.8 for 80% intervals)"),
    "target_growth": Domain(-99.9, 1000.0, "a growth rate in %"),
    "min_train": Domain(3, 50, "a number of years"),
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
        bad("data_file", str(exc))  # DataError names the file, row and column
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
                        or not dom.low <= x <= dom.high:
                    hint = f" (did you mean {x / 100:g}?)" if name == "level" and isinstance(x, (int, float)) \
                        and 1 < x < 100 else ""
                    bad(name, f"must be {dom.what} between {dom.low:g} and {dom.high:g}, got {_short(x)}{hint}")
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
                          f"year), e.g. 2019-12-25; got {_short(value)}")
        elif dom.kind == "model":
            from hatinh_analysis.models import MODEL_NAMES

            for m in _as_list(value):
                if m not in MODEL_NAMES:
                    bad(name, f"unknown model {m!r}{suggest(m, MODEL_NAMES)}; choose from {', '.join(MODEL_NAMES)}")
        elif dom.kind == "file":
            v[name] = _check_data_file(value, bad)
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
