"""The rules on the analysis parameters, declared once and keyed by name.

Notebooks call :func:`validate_parameters` in their first cell, and the report
runner (``hatinh-report``) calls it for every notebook and every set of a batch
before any kernel starts — so a bad value fails the same way in JupyterLab and
on the command line. :data:`DOMAINS` holds every rule; the checks on years use
the engine's own input checks (``hatinh_analysis.models.base.prepare``), so a
year outside the data fails here exactly as it would in a model.

Size: 649 lines, over the ~600 of the style rule, because every rule on a parameter and the one
declaration of each notebook's parameters live together, so the runner, the notebooks and their
twins cannot disagree.
"""
from __future__ import annotations

import difflib
import math
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hatinh_analysis.i18n import N_  # marks the parameters' help texts for the catalogue
from hatinh_analysis.notes import Code, Note

__all__ = ["ParameterError", "DOMAINS", "MAX_HORIZON", "validate_parameters", "suggest", "named_message",
           "Param", "NOTEBOOK_PARAMETERS", "parameters_cell", "domains_for"]

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
    kind: str = "range"  # range | choice | province | indicator | date | model | year | file | lang | industry
    choices: tuple = ()  # kind "choice": the allowed values
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

# ---------------------------------------------------------------- the notebooks' parameters
@dataclass(frozen=True)
class Param:
    """One notebook parameter, declared once: its type annotation and default as the
    notebook's ``parameters`` cell writes them, its help (an English msgid of the catalogue:
    the cell's comment, translated in the Vietnamese twin) and, when the notebook narrows the
    rule of :data:`DOMAINS` for that name, its own domain."""

    annotation: str
    default: Any
    help: str
    domain: Domain | None = None


_LANG_HELP = N_('language of the report: "vi" (Vietnamese) or "en" (English)')
#: Every parameter of every notebook, by notebook stem, in the order of its ``parameters`` cell:
#: the one declaration from which the cells (:func:`parameters_cell`, written by
#: ``python -m hatinh_analysis.prose sync``), the twins' translated comments
#: (``prose.PARAMETER_HELP``) and the runner's pre-run checks (:func:`domains_for`) derive.
NOTEBOOK_PARAMETERS: dict[str, dict[str, Param]] = {
    "01_explore_series": {
        "province": Param("str", "ha_tinh", N_("province to describe (code, e.g. ha_tinh, nghe_an)")),
        "indicator": Param("str", "iip", N_("growth indicator to compare, e.g. iip or industrial_output_growth")),
        "neighbours": Param("list[str]", ["nghe_an", "thanh_hoa", "quang_binh", "quang_tri", "thua_thien_hue"],
                            N_("provinces to compare with")),
        "national": Param("str", "vietnam", N_("code of the whole-country series (drawn in black)")),
        "as_of": Param("str | None", None,
                       N_("use only figures published by this date, YYYY-MM-DD (None: everything)")),
        "data_file": Param("str | None", None, N_("your own figures, a CSV or XLSX file in the package's "
                                                  "table format (None: none)")),
        "lang": Param("str", "en", _LANG_HELP),
    },
    "02_target_check": {
        "province": Param("str", "ha_tinh", N_("province code, e.g. ha_tinh or nghe_an")),
        "indicator": Param("str", "iip", N_("growth indicator the target is for, e.g. iip or grdp_growth")),
        "target_growth": Param("float", 10.64, N_("the target: growth over the previous year, in % (default: "
                                                  "the 2020 plan figure of the default province)")),
        "target_year": Param("int", 2020, N_("the year the target is for; one or two years after the last "
                                             "figure known on as_of")),
        "as_of": Param("str | None", "2019-12-25",
                       N_("use only figures published by this date, YYYY-MM-DD (None: all figures)")),
        "start_year": Param("int | None", None, N_("ignore figures before this year (None: from the first "
                                                   "figure)")),
        "exclude_years": Param("list[int]", [], N_("years left out of the model fit, e.g. 2017,2018")),
        "break_years": Param("list[int]", [], N_("years from which a lasting shift in growth is assumed, "
                                                 "e.g. 2017 (turns off shock handling)")),
        "shocks": Param("bool", True, N_("leave years flagged as one-off shocks (robust z-score > 3.5) out "
                                         "of the fits")),
        "level": Param("float", 0.8, N_("width of the forecast range, between 0.5 and 0.99 (0.8: 80%; also "
                                        "sets the verdict thresholds)")),
        "models": Param("list[str] | None", None, N_("models to use (None: all): mean_growth, linear_trend, "
                                                     "ets, local_linear_trend, arima")),
        # None: the province's own flagged one-off shocks (hatinh_analysis.breaks.scenario_years)
        "alt_exclude_years": Param("list[int] | None", None, N_("sensitivity check: the verdict again with "
                                                                "these years also left out")),
        "alt_break_years": Param("list[int] | None", None, N_("sensitivity check: the verdict again with a "
                                                              "shift also assumed in these years")),
        "assume_same_basis": Param("bool", True, N_("output cross-check: treat the base year's unstated "
                                                    "\"comparable prices\" as the target's 2010 prices")),
        "data_file": Param("str | None", None, N_("your own figures and targets: a .csv or .xlsx file in the "
                                                  "data template (None: published figures only)")),
        "lang": Param("str", "en", _LANG_HELP),
    },
    "03_backtest": {
        "province": Param("str", "ha_tinh", N_("province whose own past forecasts are listed (code, e.g. "
                                               "ha_tinh)")),
        "level": Param("float", 0.8, N_("interval level the headline speaks about: 0.5, 0.8 or 0.95"),
                       Domain(what="an interval level the scoreboard scores", kind="choice",
                              choices=(0.5, 0.8, 0.95))),
        "horizon": Param("int", 1, N_("years ahead: 1 or 2"),
                         Domain(what="a number of years ahead the scoreboard scores", kind="choice",
                                choices=(1, 2))),
        "rebuild": Param("bool", False, N_("recompute the scoreboard from the data (about a minute) instead "
                                           "of the committed one")),
        "data_file": Param("str | None", None, N_("your own figures (.csv/.xlsx in the data template): set "
                                                  "against the province's past forecasts (they do not enter "
                                                  "the scoreboard)")),
        "lang": Param("str", "en", _LANG_HELP),
    },
    "04_in_year_tracker": {
        "province": Param("str", "vietnam", N_("area of the monthly figures: vietnam (the office's releases) or "
                                               "your province with ytd or data_file")),
        "indicator": Param("str", "iip", N_("growth indicator to compare, e.g. iip or industrial_output_growth")),
        "industry": Param("str", "total", N_("industry code of the releases (total: the whole of industry)")),
        "year": Param("int", 2019, N_("the year being tracked")),
        "month": Param("int", 6, N_("months of the year published so far, 1-11")),
        "ytd": Param("float | None", None, N_("growth of the months so far over the same months a year "
                                              "earlier, in % (None: from the releases or data_file)")),
        "target_growth": Param("float | None", None, N_("the target for the year, growth in % (None: the plan "
                                                        "figure in the data, else last year's growth)")),
        "as_of": Param("str | None", None, N_("use only figures published by this date, YYYY-MM-DD (None: the "
                                              "release date of the month)")),
        "level": Param("float", 0.8, N_("width of the range, 0.5, 0.8 or 0.95 (also sets the verdict "
                                        "thresholds)"),
                       Domain(what="an interval level the tracker's scoreboard scores", kind="choice",
                              choices=(0.5, 0.8, 0.95))),
        "data_file": Param("str | None", None, N_("your own monthly figures: a .csv or .xlsx file in the data "
                                                  "template (None: published figures only)")),
        "lang": Param("str", "en", _LANG_HELP),
    },
}


def _literal(value) -> str:
    """A default as the parameters cell writes it: strings in double quotes."""
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    return repr(value)


def parameters_cell(stem: str) -> str:
    """The source of notebook ``stem``'s ``parameters`` cell, from :data:`NOTEBOOK_PARAMETERS`.

    >>> parameters_cell("03_backtest").splitlines()[2]
    'horizon: int = 1  # years ahead: 1 or 2'
    """
    if stem not in NOTEBOOK_PARAMETERS:
        raise ValueError(f"stem={stem!r} is not a notebook with declared parameters; valid: "
                         + ", ".join(NOTEBOOK_PARAMETERS))
    return "\n".join(f"{n}: {p.annotation} = {_literal(p.default)}  # {p.help}"
                      for n, p in NOTEBOOK_PARAMETERS[stem].items())


def domains_for(notebook: str | None) -> dict[str, Domain]:
    """The rules that apply to the parameters of ``notebook``: :data:`DOMAINS`, with the
    notebook's own narrower ones (:data:`NOTEBOOK_PARAMETERS`) in their place."""
    own = {n: p.domain for n, p in NOTEBOOK_PARAMETERS.get(notebook or "", {}).items() if p.domain}
    return {**DOMAINS, **own}


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


def _pairs(data_file=None) -> set:
    from hatinh_analysis.data.store import list_series

    def make():
        table = list_series(extra=data_file)
        return {(str(p), str(i)) for p, i in zip(table["province"], table["indicator"])}

    return _cached(("pairs", _file_stamp(data_file)), make)


def _file_stamp(data_file):
    """The user's file and its stamp (a cached series must not outlive an edit of the file)."""
    if data_file is None:
        return None
    try:
        st = os.stat(data_file)
    except OSError:
        return (str(data_file),)
    return (str(data_file), st.st_mtime_ns, st.st_size)


def user_table(data_file):
    """The user's figures (``read_user_figures``), read once per version of the file for all checks."""
    from hatinh_analysis.data.tables import read_user_figures

    path = os.path.abspath(os.path.expanduser(str(data_file)))
    return _cached(("user", _file_stamp(path)), lambda: read_user_figures(path))


def _series(indicator, province, as_of, data_file=None):
    """The series the notebook will load: ``load_series`` with the user's file (``extra=``)."""
    from hatinh_analysis.data.store import load_series

    return _cached(("series", indicator, province, as_of, _file_stamp(data_file)),
                   lambda: load_series(indicator, province=province, as_of=as_of,
                                       extra=data_file)).copy()


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
    from hatinh_analysis.data.errors import DataError

    try:
        user_table(path)
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


def validate_parameters(values: Mapping[str, Any] | None = None, /, *, notebook: str | None = None,
                        **kwargs: Any) -> dict[str, Any]:
    """Check parameter values against :data:`DOMAINS`, the data and the models.

    ``notebook`` (a stem of :data:`NOTEBOOK_PARAMETERS`) applies that notebook's own rules where
    it narrows a name's domain (notebook 03: ``level`` one of 0.5, 0.8, 0.95; ``horizon`` 1 or
    2), so the runner refuses such a value before any kernel starts.

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

    for name, dom in domains_for(notebook).items():
        value = v.get(name)
        if value is None or value == []:
            continue
        if dom.kind == "choice":
            if isinstance(value, bool) or not any(value == c and type(value) in (int, float)
                                                   for c in dom.choices):
                bad(name, f"must be {dom.what}: one of {', '.join(f'{c:g}' for c in dom.choices)}, "
                          f"got {short(value)}")
        elif dom.kind in ("range", "year"):
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

    data_file = v.get("data_file")
    from hatinh_analysis.data.errors import DataError

    try:
        pairs = _pairs(data_file)
    except DataError as exc:  # the user's figures cannot be combined with the shipped ones
        raise ParameterError([("data_file", str(exc))]) from None
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
            return _series(indicator, prov, as_of, data_file)
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


# ---------------------------------------------------------------- the target in the user's own file
#: Parameters that the ``target`` row of a ``data_file`` sets when the user did not set them.
FROM_TARGET_ROW = ("province", "indicator", "target_year", "target_growth", "as_of")


def target_from_data_file(data_file, given: Mapping[str, Any], declared: Iterable[str]) -> dict[str, Any]:
    """The parameters a user's file implies: its latest growth target, checked against everything known.

    Rule (README, "Check this year's target with your own figures"): with a
    ``data_file`` and no explicit ``as_of``, ``as_of`` is ``None`` — every figure,
    the user's and the shipped ones, counts (the notebook's dated default is the
    seed's example, which would leave a user's newer figures out). The file's
    latest ``target`` row of a growth indicator (latest year, then latest
    publication; for the ``province``/``indicator`` given, when given) sets
    ``province``, ``indicator``, ``target_year`` and ``target_growth`` (an index
    target 112 is growth 12 %; a range "11,5–12 %" is checked at its lower end).
    A parameter set explicitly (``-p``, ``-f``) always wins.

    Parameters
    ----------
    data_file : path-like
    given : mapping
        The parameters set explicitly, with their values.
    declared : names the notebook declares (others are never set)

    Returns
    -------
    dict
        Only the names to set; empty when the file has no growth target.
    """
    from hatinh_analysis.data import vocab

    declared = set(declared)
    out: dict[str, Any] = {}
    table = user_table(data_file)
    if "as_of" in declared and "as_of" not in given:
        out["as_of"] = None
    if not {"target_year", "target_growth"} <= declared or {"target_year", "target_growth"} & set(given):
        return out
    rows = table[(table["status"] == "target") & table["unit"].isin(vocab.GROWTH_UNITS)]
    for name in ("province", "indicator"):
        if given.get(name) is not None:
            rows = rows[rows[name] == given[name]]
    if rows.empty:
        return out
    from hatinh_analysis.data.schema import parse_date_text

    rows = rows.assign(_end=[parse_date_text(p) for p in rows["published"]]).sort_values(["year", "_end"])
    last = rows.iloc[-1]
    value = float(last["value"])
    growth = value - 100.0 if last["unit"] == "index_prev_year=100" else value
    out.update({"target_year": int(last["year"]), "target_growth": round(growth, 6)})
    for name in ("province", "indicator"):
        if name in declared and name not in given:
            out[name] = str(last[name])
    return out


def left_out_by_as_of(data_file, as_of) -> list[str]:
    """Where the user's figures published after *as_of* are (``"my.csv, row 7"``): the run leaves them out."""
    from hatinh_analysis.data.schema import parse_as_of, parse_date_text

    end = parse_as_of(as_of)[1]
    if data_file is None or end is None:
        return []
    table = user_table(data_file)
    return [w for w, p in zip(table["user_row"], table["published"]) if parse_date_text(p) > end]


def user_figures_fate(data_file, province: str, indicator: str, as_of=None) -> list[Note]:
    """What the data layer's rule does with each of the user's figures of one series, as notes
    (said in the report's language where shown: the terminal, the report's header, the sidecar).

    A figure of yours that another figure of the same year beats (a published final
    figure beats your estimate), or that replaces a published one, is named with its row
    and the reason — so that nothing happens to a user's figure without a word. Figures
    left out by ``as_of`` are listed by :func:`left_out_by_as_of`.
    """
    from hatinh_analysis.data.schema import parse_as_of, parse_date_text
    from hatinh_analysis.data.store import load_observations

    table = user_table(data_file)
    mine = table[(table["province"] == province) & (table["indicator"] == indicator)
                 & (table["status"] != "target")]
    end = parse_as_of(as_of)[1]
    if end is not None:
        mine = mine[[parse_date_text(p) <= end for p in mine["published"]]]
    if mine.empty:
        return []
    series = _series(indicator, province, as_of, data_file)
    user_rows = set(series.attrs.get("user_rows", {}).values())
    shipped = load_observations(province, indicator, as_of)
    shipped = shipped[shipped["status"] != "target"]
    notes = []
    for r in mine.itertuples():
        theirs = shipped[shipped["year"] == r.year]
        if r.user_row not in user_rows:
            winner = series.attrs.get("statuses", {}).get(int(r.year)) if "statuses" in series.attrs else None
            notes.append(Note("%(row)s (%(indicator)s %(year)d, %(status)s) is not used: a figure of the same "
                              "year ranks higher (%(winner)s) under the rule final > preliminary > estimate, "
                              "then the latest published", row=r.user_row, indicator=indicator,
                              year=int(r.year), status=Code("status", r.status),
                              winner=Code("status", winner) if winner else "–"))
        elif not theirs.empty:
            published = tuple(Note("%(value)s (%(status)s, %(source)s)", value=f"{v:g}",
                                   status=Code("status", st), source=sid)
                              for v, st, sid in zip(theirs["value"], theirs["status"], theirs["source_id"]))
            notes.append(Note("%(row)s (%(indicator)s %(year)d) is used instead of the published %(published)s",
                              row=r.user_row, indicator=indicator, year=int(r.year), published=published))
    return notes
