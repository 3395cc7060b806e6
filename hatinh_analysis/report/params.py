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
are checked against it; the domain rules (:data:`DOMAINS`, declared once, and
:func:`validate_parameters`) live in :mod:`hatinh_analysis.parameters`, which the
notebooks call themselves.
"""
from __future__ import annotations

import ast
import datetime as _dt
import math
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hatinh_analysis.parameters import DOMAINS, ParameterError, named_message, suggest, validate_parameters
from hatinh_analysis.parameters import short as _short

__all__ = ["ParameterError", "TypeSpec", "Parameter", "DOMAINS", "notebook_parameters", "load_yaml",
           "resolve_parameters", "validate_parameters", "suggest"]

_SCALARS = ("int", "float", "str", "bool")
_NONE_WORDS = ("none", "null", "")
_TRUE_WORDS = ("true", "yes", "y", "1", "on")
_FALSE_WORDS = ("false", "no", "n", "0", "off")
#: Whole numbers beyond this are refused whatever the parameter (no 5.7e23 % forecasts).
MAX_INT = 10**9
#: Limits on a YAML file: bytes on disk, and values after expanding aliases.
MAX_YAML_BYTES = 1_000_000
MAX_YAML_VALUES = 100_000


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
    if not math.isfinite(value):
        raise ParameterError(f"must be a finite number, got {what}", name)
    if abs(value) > MAX_INT:
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
