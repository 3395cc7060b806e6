"""Notebook parameters: declaration, parsing and checking — the one place that owns the rules.

A notebook declares its parameters in its first code cell, tagged
``parameters``, one typed assignment per line with a comment that serves as
help text::

    province: str = "ha_tinh"          # province code, e.g. ha_tinh or nghe_an
    target_growth: float = 10.64       # the growth target to check, % over the previous year
    start_year: int | None = None      # first year used to fit the models (None: all years)
    exclude_years: list[int] = []      # years left out of the fit, e.g. [2017, 2018]

:func:`parse_parameters_cell` reads that cell with :mod:`ast` (no code is run).
Values given on the command line are parsed by the *declared* type
(:meth:`Parameter.parse`), values from a YAML file are checked against it
(:meth:`Parameter.coerce`), and :func:`validate_parameters` checks the domain
(known province and indicator, ``0 < level < 1``, years inside the data …). The
notebooks call :func:`validate_parameters` themselves, so a bad value fails the
same way in JupyterLab and in ``hatinh-report run``.
"""
from __future__ import annotations

import ast
import datetime as _dt
import difflib
import io
import math
import re
import tokenize
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "ParameterError",
    "TypeSpec",
    "Parameter",
    "parse_parameters_cell",
    "find_parameters_cell",
    "notebook_parameters",
    "resolve_parameters",
    "validate_parameters",
    "suggest",
]

_SCALARS = ("int", "float", "str", "bool")
_NONE_WORDS = ("none", "null", "")
_TRUE_WORDS = ("true", "yes", "y", "1", "on")
_FALSE_WORDS = ("false", "no", "n", "0", "off")


class ParameterError(ValueError):
    """A parameter value (or name) that cannot be used; the message names the parameter.

    Attributes
    ----------
    name : str or None
        The parameter concerned (the first one when several are wrong).
    problems : list of (str, str)
        Every ``(parameter, message)`` found.
    """

    def __init__(self, problems: Iterable[tuple[str | None, str]] | str, name: str | None = None):
        if isinstance(problems, str):
            problems = [(name, problems)]
        self.problems = list(problems)
        self.name = self.problems[0][0] if self.problems else name
        lines = [msg if (n is None or msg.startswith(n) or repr(n) in msg) else f"{n}: {msg}"
                 for n, msg in self.problems]
        super().__init__("\n".join(lines) if len(lines) != 1 else lines[0])


def suggest(name: str, choices: Iterable[str]) -> str:
    """Return ``" (did you mean 'x'?)"`` for the closest choice, or ``""``."""
    close = difflib.get_close_matches(str(name), [str(c) for c in choices], n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


# --------------------------------------------------------------------------- types
@dataclass(frozen=True)
class TypeSpec:
    """The declared type of a parameter.

    Attributes
    ----------
    base : {"int", "float", "str", "bool", "list"}
    item : {"int", "float", "str", "bool"} or None
        Element type when ``base == "list"``.
    optional : bool
        Whether ``None`` is allowed.
    """

    base: str
    item: str | None = None
    optional: bool = False

    def __str__(self) -> str:
        text = f"list[{self.item}]" if self.base == "list" else self.base
        return f"{text} | None" if self.optional else text

    # -- from source ----------------------------------------------------------
    @classmethod
    def from_annotation(cls, node: ast.expr, where: str) -> "TypeSpec":
        """Build from an annotation AST (``int``, ``list[int]``, ``float | None``, ``Optional[str]``)."""

        def fail():
            raise ParameterError(
                f"unsupported type annotation {ast.unparse(node)!r} in {where}; "
                "use int, float, str, bool, list[int|float|str] and optionally '| None'",
            )

        def scalar(n: ast.expr) -> str:
            if isinstance(n, ast.Name) and n.id in _SCALARS:
                return n.id
            fail()

        def inner(n: ast.expr) -> tuple[str, str | None]:
            if isinstance(n, ast.Name) and n.id in _SCALARS:
                return n.id, None
            if isinstance(n, ast.Name) and n.id in ("list", "List"):
                return "list", "str"
            if isinstance(n, ast.Subscript) and isinstance(n.value, ast.Name) and n.value.id in ("list", "List"):
                return "list", scalar(n.slice)
            fail()

        optional = False
        parts: list[ast.expr] = []

        def flatten(n: ast.expr):
            nonlocal optional
            if isinstance(n, ast.BinOp) and isinstance(n.op, ast.BitOr):
                flatten(n.left)
                flatten(n.right)
            elif isinstance(n, ast.Constant) and n.value is None:
                optional = True
            elif isinstance(n, ast.Name) and n.id == "None":
                optional = True
            elif isinstance(n, ast.Subscript) and isinstance(n.value, ast.Name) and n.value.id == "Optional":
                optional = True
                flatten(n.slice)
            else:
                parts.append(n)

        flatten(node)
        if len(parts) != 1:
            fail()
        base, item = inner(parts[0])
        return cls(base, item, optional)

    @classmethod
    def infer(cls, default: Any) -> "TypeSpec":
        """Infer the type of an unannotated parameter from its default value."""
        if default is None:
            return cls("str", optional=True)
        if isinstance(default, bool):
            return cls("bool")
        for name, typ in (("int", int), ("float", float), ("str", str)):
            if isinstance(default, typ):
                return cls(name)
        if isinstance(default, (list, tuple)):
            kinds = {TypeSpec.infer(v).base for v in default}
            if kinds <= {"int"} and default:
                return cls("list", "int")
            if kinds <= {"int", "float"} and default:
                return cls("list", "float")
            return cls("list", "str")
        raise ParameterError(f"cannot infer a type from default {default!r}; annotate the parameter")

    # -- values ---------------------------------------------------------------
    def parse(self, text: str, name: str) -> Any:
        """Parse a command-line string as this type (see :meth:`Parameter.parse`)."""
        raw = str(text).strip()
        if self.optional and raw.lower() in _NONE_WORDS:
            return None
        if self.base == "list":
            body = raw
            if body.startswith("[") and body.endswith("]"):
                body = body[1:-1]
            items = [p for p in re.split(r"[,\s;]+", body.strip()) if p != ""]
            items = [p.strip("'\"") for p in items]
            return [_parse_scalar(self.item or "str", p, name, in_list=True) for p in items]
        return _parse_scalar(self.base, raw, name)

    def coerce(self, value: Any, name: str) -> Any:
        """Check an already-typed value (from YAML or Python) against this type."""
        if value is None:
            if self.optional:
                return None
            raise ParameterError(f"must be {_article(self)}, not None", name)
        if isinstance(value, str) and not (self.base == "str"):
            return self.parse(value, name)
        if isinstance(value, (_dt.date, _dt.datetime)) and self.base == "str":
            return value.isoformat()
        if self.base == "list":
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                value = [value]
            if not isinstance(value, (list, tuple)):
                raise ParameterError(f"must be a list of {self.item}, got {value!r}", name)
            return [_coerce_scalar(self.item or "str", v, name, in_list=True) for v in value]
        return _coerce_scalar(self.base, value, name)


def _article(t: TypeSpec) -> str:
    words = {"int": "a whole number", "float": "a number", "str": "a text",
             "bool": "true or false", "list": f"a list of {t.item}"}
    return words[t.base]


def _parse_scalar(kind: str, text: str, name: str, in_list: bool = False) -> Any:
    what = f"item {text!r}" if in_list else repr(text)
    if kind == "str":
        return text
    if kind == "bool":
        low = text.lower()
        if low in _TRUE_WORDS:
            return True
        if low in _FALSE_WORDS:
            return False
        raise ParameterError(f"expected true or false, got {what}", name)
    if kind == "int":
        if re.fullmatch(r"[+-]?\d+", text):
            return int(text)
        raise ParameterError(f"expected a whole number, got {what}", name)
    if kind == "float":
        if re.fullmatch(r"[+-]?\d+,\d+", text):
            raise ParameterError(f"expected a number, got {what}: use a dot as decimal separator "
                                 f"({text.replace(',', '.')})", name)
        try:
            value = float(text)
        except ValueError:
            raise ParameterError(f"expected a number, got {what}", name) from None
        if not math.isfinite(value):
            raise ParameterError(f"expected a finite number, got {what}", name)
        return value
    raise AssertionError(kind)


def _coerce_scalar(kind: str, value: Any, name: str, in_list: bool = False) -> Any:
    if isinstance(value, str):
        return _parse_scalar(kind, value.strip(), name, in_list)
    what = f"item {value!r}" if in_list else repr(value)
    if kind == "bool":
        if isinstance(value, bool):
            return value
        raise ParameterError(f"expected true or false, got {what}", name)
    if isinstance(value, bool):
        raise ParameterError(f"expected {'a whole number' if kind == 'int' else 'a number'}, got {what}", name)
    if kind == "int":
        if isinstance(value, int):
            return int(value)
        if isinstance(value, float) and value.is_integer():
            return int(value)
        raise ParameterError(f"expected a whole number, got {what}", name)
    if kind == "float":
        if isinstance(value, (int, float)) and math.isfinite(value):
            return float(value)
        raise ParameterError(f"expected a finite number, got {what}", name)
    if kind == "str":
        if isinstance(value, (int, float)):
            return str(value)
        raise ParameterError(f"expected a text, got {what}", name)
    raise AssertionError(kind)


# ---------------------------------------------------------------- declarations
@dataclass(frozen=True)
class Parameter:
    """One declared notebook parameter.

    Attributes
    ----------
    name : str
    type : TypeSpec
    default : object
        The literal default from the parameters cell.
    help : str
        The comment on the declaration line.
    """

    name: str
    type: TypeSpec
    default: Any
    help: str = ""

    def parse(self, text: str) -> Any:
        """Parse a command-line value by the declared type.

        ``int`` accepts whole numbers only, ``float`` numbers with a dot,
        ``bool`` true/false/yes/no/1/0, lists are comma- or space-separated
        (``2017,2018`` or ``[2017, 2018]``; an empty text is the empty list), and
        ``none``/``null``/empty text give ``None`` for a ``… | None`` parameter.

        Raises
        ------
        ParameterError
            Naming the parameter and the expected type.
        """
        return self.type.parse(text, self.name)

    def coerce(self, value: Any) -> Any:
        """Check a typed value (e.g. from YAML) against the declared type."""
        return self.type.coerce(value, self.name)


def _comments_by_line(source: str) -> dict[int, str]:
    out: dict[int, str] = {}
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.COMMENT:
                out[tok.start[0]] = tok.string.lstrip("#").strip()
    except (tokenize.TokenError, IndentationError):  # pragma: no cover - ast.parse fails first
        pass
    return out


def parse_parameters_cell(source: str, where: str = "the parameters cell") -> list[Parameter]:
    """Read parameter declarations from the source of a ``parameters`` cell.

    Parameters
    ----------
    source : str
        Python source: ``name: type = literal  # help`` (or ``name = literal  # help``)
        per line. Comment-only lines directly above a declaration are used as
        help when the line itself has no comment.
    where : str
        Used in error messages (e.g. the notebook's file name).

    Returns
    -------
    list of Parameter
        In declaration order.

    Raises
    ------
    ParameterError
        If the cell is not valid Python, a default is not a literal or a type
        annotation is not supported.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise ParameterError(f"{where} is not valid Python: {exc.msg} (line {exc.lineno})") from None
    comments = _comments_by_line(source)
    params: list[Parameter] = []
    for stmt in tree.body:
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            name, value_node, ann = stmt.target.id, stmt.value, stmt.annotation
        elif isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            name, value_node, ann = stmt.targets[0].id, stmt.value, None
        else:
            continue  # imports, expressions … are not parameters
        if value_node is None:
            raise ParameterError(f"parameter {name!r} in {where} has no default value")
        try:
            default = ast.literal_eval(value_node)
        except ValueError:
            raise ParameterError(
                f"the default of {name!r} in {where} must be a literal, not {ast.unparse(value_node)!r}"
            ) from None
        typ = TypeSpec.from_annotation(ann, f"{where}, parameter {name!r}") if ann is not None else TypeSpec.infer(default)
        default = typ.coerce(default, name) if default is not None or typ.optional else default
        help_text = comments.get(stmt.end_lineno) or comments.get(stmt.lineno) or ""
        if not help_text:  # comment lines directly above
            above, line = [], stmt.lineno - 1
            while line in comments and not source.splitlines()[line - 1].split("#")[0].strip():
                above.insert(0, comments[line])
                line -= 1
            help_text = " ".join(above)
        params.append(Parameter(name, typ, default, help_text))
    return params


def find_parameters_cell(nb) -> Any | None:
    """Return the first code cell tagged ``parameters`` (or ``None``)."""
    for cell in nb.cells:
        if cell.cell_type == "code" and "parameters" in cell.get("metadata", {}).get("tags", []):
            return cell
    return None


def notebook_parameters(nb, where: str = "notebook") -> dict[str, Parameter]:
    """Declared parameters of a notebook, by name (empty if it has no parameters cell)."""
    cell = find_parameters_cell(nb)
    if cell is None:
        return {}
    return {p.name: p for p in parse_parameters_cell(cell.source, f"the parameters cell of {where}")}


def resolve_parameters(
    declared: Mapping[str, Parameter],
    cli: Iterable[tuple[str, str]] = (),
    file_values: Mapping[str, Any] | None = None,
    *,
    strict: bool = True,
) -> dict[str, Any]:
    """Turn ``-p`` pairs and ``-f`` file values into typed overrides for one notebook.

    Parameters
    ----------
    declared : mapping of str to Parameter
        The notebook's declared parameters.
    cli : iterable of (name, text)
        ``-p NAME VALUE`` pairs; parsed by the declared type. They win over
        *file_values*.
    file_values : mapping, optional
        Values from a YAML file (already typed by YAML).
    strict : bool
        Raise on names the notebook does not declare (with a suggestion). The
        command line passes ``False`` when running several notebooks and checks
        unknown names across all of them itself.

    Returns
    -------
    dict
        Only the overridden parameters, typed.

    Raises
    ------
    ParameterError
        For every unknown name or badly typed value (all reported at once).
    """
    problems: list[tuple[str | None, str]] = []
    out: dict[str, Any] = {}
    # file values are typed (YAML/JSON) and coerced; command-line values are text and parsed;
    # the command line comes second, so it wins
    given = [(name, value, False) for name, value in (file_values or {}).items()]
    given += [(name, text, True) for name, text in cli]
    for name, value, is_text in given:
        if name not in declared:
            if strict:
                problems.append((name, f"unknown parameter {name!r}{suggest(name, declared)}"))
            continue
        try:
            spec = declared[name]
            out[name] = spec.parse(value) if is_text else spec.coerce(value)
        except ParameterError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ParameterError(problems)
    return out


# ---------------------------------------------------------------- domain rules
#: Parameters whose value(s) must be a known province code.
PROVINCE_PARAMETERS = ("province", "provinces", "neighbours", "national")
#: Parameters checked against the years of the data (through the engine's own checks).
YEAR_PARAMETERS = ("target_year", "start_year", "exclude_years", "break_years",
                   "alt_exclude_years", "alt_break_years", "min_train")


@dataclass
class _Catalogue:
    """What the data layer offers: the vocabularies and the (province, indicator) pairs with data."""

    provinces: list = field(default_factory=list)
    all_indicators: list = field(default_factory=list)
    pairs: set = field(default_factory=set)

    def indicators(self, province: str | None = None) -> list[str]:
        if province is None:
            return list(self.all_indicators)
        return sorted({i for p, i in self.pairs if p == province})


def _data_stamp():
    """(data dir, size and mtime of the two data files), or None: the key of the caches below.

    A batch validates many parameter sets against the same data; the catalogue
    and the series are computed once per version of the files.
    """
    import os

    from hatinh_analysis.data.store import OBSERVATIONS_FILE, SOURCES_FILE, data_dir

    d = data_dir()
    try:
        return (str(d),) + tuple((st.st_mtime_ns, st.st_size)
                                 for st in (os.stat(d / OBSERVATIONS_FILE), os.stat(d / SOURCES_FILE)))
    except OSError:
        return None


_CACHE: dict = {}


def _cached(key, make):
    stamp = _data_stamp()
    if stamp is None:
        return make()
    if _CACHE.get("stamp") != stamp:
        _CACHE.clear()
        _CACHE["stamp"] = stamp
    if key not in _CACHE:
        _CACHE[key] = make()
    return _CACHE[key]


def _catalogue() -> _Catalogue:
    def make():
        from hatinh_analysis.data import vocab  # loaded on use only
        from hatinh_analysis.data.store import list_series

        table = list_series()
        return _Catalogue(sorted(vocab.PROVINCES), sorted(vocab.INDICATORS),
                          {(str(p), str(i)) for p, i in zip(table["province"], table["indicator"])})

    return _cached("catalogue", make)


def _load_series(indicator, province, as_of):
    """``load_series`` through the cache (a copy each time; errors are not cached)."""
    from hatinh_analysis.data.store import load_series

    return _cached(("series", indicator, province, as_of),
                   lambda: load_series(indicator, province=province, as_of=as_of)).copy()


def _parse_as_of(value) -> str | None:
    from hatinh_analysis.data.schema import parse_as_of

    text, _ = parse_as_of(value)
    return text


def _model_names() -> tuple[str, ...]:
    from hatinh_analysis.models import MODEL_NAMES

    return tuple(MODEL_NAMES)


def _as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


_ENGINE_PARAM = re.compile(r"^\s*(\w+)\s*[:=]")


def _engine_check(series, what: str, *, target_year=None, exclude_years=(), break_years=(),
                  start_year=None, names: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
    """Run the engine's own input checks (``models.base.prepare``) without fitting anything.

    Returns ``(parameter, message)`` pairs; *names* maps the engine's argument
    names to the notebook's parameter names (e.g. ``exclude_years`` →
    ``alt_exclude_years`` for a sensitivity scenario).
    """
    from hatinh_analysis.models.base import ModelError, prepare

    names = dict(names or {})
    try:
        prepare(series, target_year, exclude_years, break_years, start_year)
    except ModelError as exc:
        msg = str(exc)
        m = _ENGINE_PARAM.match(msg)
        engine_name = m.group(1) if m else "target_year"
        name = names.get(engine_name, engine_name)
        if name != engine_name:
            msg = msg.replace(engine_name, name, 1)
        hint = ""
        if engine_name == "target_year" and "after the last observed year" in msg:
            hint = ("; to check a past year's target, set as_of to a date before that year's figure "
                    "was published")
        return [(name, f"{msg} ({what}){hint}")]
    return []


def validate_parameters(values: Mapping[str, Any] | None = None, /, **kwargs: Any) -> dict[str, Any]:
    """Check parameter values against the data and the models; the rules of the project.

    The rules are keyed by parameter name, so every notebook and the command line
    apply the same ones:

    - ``province``, ``provinces``, ``neighbours``, ``national``: known province codes
      (``hatinh_analysis.data.vocab``);
    - ``indicator``: an indicator the data holds for every province given;
    - ``as_of``: a date ``YYYY-MM-DD`` (``YYYY-MM``, ``YYYY``: end of that period)
      or ``None``, read by the data layer's own rule;
    - ``level``: strictly between 0 and 1 (the engine's ``check_level``);
    - ``models``: names from ``MODEL_NAMES``;
    - ``target_growth``: a finite growth rate above -100 (%);
    - ``target_year``, ``start_year``, ``exclude_years``, ``break_years``: checked
      by the engine's own input checks (``hatinh_analysis.models.base.prepare``)
      against the series ``load_series(indicator, province, as_of)`` — so a year
      outside the data, an excluded year without a figure or a target year that
      is not after the last figure fail here exactly as they would in the model;
    - ``alt_exclude_years``, ``alt_break_years``: the sensitivity scenarios (added
      to ``exclude_years`` / ``break_years``), checked the same way;
    - ``min_train``: at least 3 and fewer than the years of every series.

    Parameters
    ----------
    values : mapping, optional
        Parameter values by name (e.g. from the command line).
    **kwargs
        More values by name (the form the notebooks use).

    Returns
    -------
    dict
        The values, normalised: ``as_of`` as text, year lists sorted without
        duplicates.

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

    # ---- simple ranges -----------------------------------------------------
    if v.get("level") is not None:
        from hatinh_analysis.models.base import ModelError, check_level

        level = v["level"]
        try:
            v["level"] = check_level(level)
        except ModelError:
            hint = (f" (did you mean {level / 100:g}?)"
                    if isinstance(level, (int, float)) and not isinstance(level, bool) and 1 < level < 100 else "")
            bad("level", f"must be strictly between 0 and 1, e.g. 0.8 for 80% intervals; got {level!r}{hint}")
    if v.get("target_growth") is not None:
        tg = v["target_growth"]
        if isinstance(tg, bool) or not isinstance(tg, (int, float)) or not math.isfinite(tg) or tg <= -100:
            bad("target_growth", f"must be a growth rate in % above -100, got {tg!r}")
    as_of = v.get("as_of")
    if as_of is not None:
        try:
            v["as_of"] = as_of = _parse_as_of(as_of)
        except ValueError:
            bad("as_of", f"must be a date written YYYY-MM-DD (or YYYY-MM, YYYY: the end of that "
                         f"month or year), e.g. 2019-12-25; got {as_of!r}")
            as_of = None
    for name in ("exclude_years", "break_years", "alt_exclude_years", "alt_break_years"):
        if v.get(name) is not None:
            v[name] = sorted(set(int(y) for y in _as_list(v[name])))
    if v.get("min_train") is not None and v["min_train"] < 3:
        bad("min_train", f"must be at least 3, got {v['min_train']}")

    # ---- models --------------------------------------------------------------
    if v.get("models") is not None:
        names = _model_names()
        chosen = _as_list(v["models"])
        for m in chosen:
            if m not in names:
                bad("models", f"unknown model {m!r}{suggest(m, names)}; choose from {', '.join(names)}")
        if not chosen:
            bad("models", f"must name at least one model ({', '.join(names)}), or be None for all")

    # ---- provinces and indicator --------------------------------------------
    given = [(n, p) for n in PROVINCE_PARAMETERS if n in v for p in _as_list(v[n])]
    if not (given or "indicator" in v):
        if problems:
            raise ParameterError(problems)
        return v
    cat = _catalogue()
    province_ok = True
    for name, prov in given:
        if prov not in cat.provinces:
            province_ok = False
            bad(name, f"unknown province {prov!r}{suggest(prov, cat.provinces)}; province codes are "
                      "lower-case without accents, e.g. ha_tinh, nghe_an, thanh_hoa, vietnam")
    indicator = v.get("indicator")
    indicator_ok = indicator is not None
    if indicator is not None:
        if indicator not in cat.indicators():
            indicator_ok = False
            bad("indicator", f"unknown indicator {indicator!r}{suggest(indicator, cat.indicators())}; "
                             f"known indicators: {', '.join(cat.indicators())}")
        elif province_ok:
            for name, prov in given:
                if (prov, indicator) not in cat.pairs:
                    indicator_ok = False
                    have = cat.indicators(prov)
                    bad(name, f"the data has no {indicator!r} series for {prov!r}"
                              + (f"; it has: {', '.join(have)}" if have else "; it has no series at all"))

    # ---- years, through the engine's own checks -------------------------------
    if province_ok and indicator_ok and not problems and given:
        from hatinh_analysis.data.errors import DataError

        def series_of(prov):
            try:
                return _load_series(indicator, prov, as_of)
            except DataError as exc:
                bad("as_of" if as_of else "indicator", str(exc))
                return None

        # target_year, start_year, exclusions and breaks apply to the first province given
        main = given[0][1]
        what = f"{indicator} of {main}" + (f" as of {as_of}" if as_of else "")
        fit_params = ("target_year", "start_year", "exclude_years", "break_years",
                      "alt_exclude_years", "alt_break_years")
        if any(v.get(n) not in (None, []) for n in fit_params):
            series = series_of(main)
            if series is not None:
                base = dict(target_year=v.get("target_year"), start_year=v.get("start_year"),
                            exclude_years=v.get("exclude_years") or (),
                            break_years=v.get("break_years") or ())
                found = _engine_check(series, what, **base)
                if not found and v.get("alt_exclude_years"):
                    alt = dict(base, exclude_years=sorted(set(base["exclude_years"]) | set(v["alt_exclude_years"])))
                    found = _engine_check(series, what, **alt, names={"exclude_years": "alt_exclude_years"})
                if not found and v.get("alt_break_years"):
                    alt = dict(base, break_years=sorted(set(base["break_years"]) | set(v["alt_break_years"])))
                    found = _engine_check(series, what, **alt, names={"break_years": "alt_break_years"})
                problems.extend(found)
        # a back-test runs on every series named by province / provinces / national
        mt = v.get("min_train")
        if mt is not None and mt >= 3:
            for prov in dict.fromkeys(p for n, p in given if n in ("province", "provinces", "national")):
                series = series_of(prov)
                if series is not None and mt >= len(series):
                    bad("min_train", f"{mt} leaves no year to forecast: the {indicator} series of {prov} has "
                                     f"{len(series)} years ({series.index[0]}–{series.index[-1]})")
    if problems:
        raise ParameterError(problems)
    return v
