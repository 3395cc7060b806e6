"""Shared machinery of the forecasting models: input checks, the `Forecast` object,
information criteria and warning capture.

Only numpy and pandas are imported here; scipy is imported inside the functions
that need it, statsmodels only inside the model modules that use it.

Conventions used by every model
-------------------------------
* The input is a pandas Series of **annual growth rates in %** (8.5 means +8.5 %)
  indexed by integer years. Missing years are simply absent (or NaN, which is
  treated the same way). Growth rates are used as published; nothing is
  re-derived from levels.
* ``exclude_years`` removes years from estimation. Models that work year by year
  (the state-space models) see them as missing values, so the Kalman filter
  skips them; the others drop them. The models say so in their notes.
* ``break_years`` adds a level shift (step dummy equal to 1 from that year on)
  wherever the model can carry a regressor. The shift is assumed to persist into
  the target year.
* A model that cannot produce an honest predictive distribution (too few
  observations, a constant series, a failed fit) returns a `Forecast` whose
  numbers are NaN and whose ``notes`` say why; it never returns a confident
  number it cannot support.

Size: 755 lines, over the ~600 of the style rule, because the machinery every model shares
(input checks, the Forecast object, information criteria, warning capture); about half is
docstrings.
"""
from __future__ import annotations

import math
import numbers
import re
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from hatinh_analysis.formats import year_ranges
# notes are structured (message id + values) and said in the reader's language where shown
from hatinh_analysis.notes import Note

__all__ = [
    "ModelError",
    "Forecast",
    "Predictive",
    "Prepared",
    "Model",
    "as_growth_series",
    "prepare",
    "aicc",
    "gaussian_llf",
    "captured_warnings",
    "json_clean",
    "fmt_years",
]

#: Intervals drawn in fan charts.
FAN_LEVELS = (0.5, 0.8, 0.95)


class ModelError(ValueError):
    """Bad input to the forecasting engine (a `ValueError`; the message names the
    parameter and, where there is a list of choices, the valid values)."""


# --------------------------------------------------------------------------
# small helpers
# --------------------------------------------------------------------------
fmt_years = year_ranges  # [2017, 2018, 2020] -> "2017–2018, 2020" (hatinh_analysis.formats, the one place)


def _is_int(x) -> bool:
    return isinstance(x, numbers.Integral) and not isinstance(x, bool)


def _as_year(x, param: str) -> int:
    """An integer year, or ModelError naming ``param``."""
    if isinstance(x, bool):
        raise ModelError(f"{param}: expected an integer year, got {x!r}")
    if _is_int(x):
        return int(x)
    if isinstance(x, numbers.Real) and float(x).is_integer():
        return int(x)
    raise ModelError(f"{param}: expected an integer year, got {x!r}")


def _as_years(values, param: str) -> tuple[int, ...]:
    """A sorted tuple of unique integer years from an int or an iterable."""
    if values is None:
        return ()
    if _is_int(values) or isinstance(values, numbers.Real):
        values = (values,)
    if isinstance(values, (str, bytes)):
        raise ModelError(f"{param}: expected integer years, got {values!r}")
    try:
        items = list(values)
    except TypeError:
        raise ModelError(f"{param}: expected integer years, got {values!r}") from None
    return tuple(sorted({_as_year(v, param) for v in items}))


def aicc(llf: float, nobs: int, k: int) -> float:
    """Akaike information criterion with the small-sample correction.

    ``AICc = -2 llf + 2k + 2k(k+1)/(n-k-1)`` (Hurvich & Tsai 1989; Hyndman &
    Athanasopoulos, *FPP3* §7.5). ``k`` counts every estimated parameter
    including the innovation variance. Returns NaN when ``n - k - 1 <= 0``
    (the correction is undefined) or when ``llf`` is not finite.
    """
    if not np.isfinite(llf) or nobs - k - 1 <= 0:
        return float("nan")
    return float(-2.0 * llf + 2.0 * k + 2.0 * k * (k + 1) / (nobs - k - 1))


def gaussian_llf(sse: float, n: int) -> float:
    """Maximised Gaussian log-likelihood of ``n`` residuals with sum of squares
    ``sse`` (variance estimated as ``sse / n``)."""
    if n <= 0 or not sse > 0:
        return float("nan")
    return float(-0.5 * n * (math.log(2.0 * math.pi * sse / n) + 1.0))


def json_clean(obj):
    """Recursively turn numpy scalars/arrays, tuples, NaN/inf and non-string keys
    into plain JSON-serialisable Python (NaN and inf become ``None``)."""
    if isinstance(obj, dict):
        return {str(k): json_clean(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set)):
        return [json_clean(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return [json_clean(v) for v in obj.tolist()]
    if isinstance(obj, (bool, np.bool_)):
        return bool(obj)
    if isinstance(obj, numbers.Integral):
        return int(obj)
    if isinstance(obj, numbers.Real):
        f = float(obj)
        return f if math.isfinite(f) else None
    if obj is None or isinstance(obj, str):
        return obj
    if obj is pd.NA or obj is pd.NaT:
        return None
    if hasattr(obj, "to_dict"):  # a Note, Code or Amount: its structured form
        return json_clean(obj.to_dict())
    return str(obj)


# --------------------------------------------------------------------------
# warnings from statsmodels -> notes
# --------------------------------------------------------------------------
_IGNORED_WARNINGS = (
    # about *starting* values only; the optimiser moves away from them
    re.compile(r"starting (autoregressive|moving average|seasonal)", re.I),
    re.compile(r"Non-(stationary|invertible) starting", re.I),
    # index/frequency bookkeeping; we pass plain positional data
    re.compile(r"(date index|frequency|No supported index|unsupported index)", re.I),
)


@contextmanager
def captured_warnings(notes: list[str]):
    """Collect warnings raised inside the block and turn the relevant ones into
    short notes instead of letting them spam a notebook.

    Convergence warnings become "optimiser did not converge" notes; warnings
    about starting values or index bookkeeping are dropped; any other warning is
    kept as a note with its message (deduplicated).
    """
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        yield
    seen = set(notes)
    for w in record:
        msg = " ".join(str(w.message).split())
        if any(p.search(msg) for p in _IGNORED_WARNINGS):
            continue
        cat = w.category.__name__
        if cat == "ConvergenceWarning":
            note = Note("the optimiser reported non-convergence (statsmodels "
                      "ConvergenceWarning): treat this model's numbers with caution")
        elif issubclass(w.category, RuntimeWarning):
            note = Note("numerical warning during estimation: %(message)s", message=msg[:120])
        elif issubclass(w.category, (DeprecationWarning, FutureWarning)):
            continue
        else:
            note = f"{cat}: {msg[:160]}"
        if note not in seen:
            notes.append(note)
            seen.add(note)


# --------------------------------------------------------------------------
# predictive distribution
# --------------------------------------------------------------------------
@dataclass(frozen=True)
class Predictive:
    """Location-scale predictive distribution of a growth rate in %.

    Parameters
    ----------
    family : {"normal", "t"}
        Standard normal, or Student t with ``df`` degrees of freedom.
    loc, scale : float
        Location and scale on the modelling scale.
    df : float, optional
        Degrees of freedom for ``family="t"``.
    transform : {"identity", "log1p_pct"}
        ``identity``: the modelling scale is the growth rate in %.
        ``log1p_pct``: the modelling scale is the log growth factor
        ``x = log(1 + g/100)``; growth is ``g = 100 (exp(x) - 1)``. The map is
        increasing, so quantiles carry over exactly.
    """

    family: str
    loc: float
    scale: float
    df: float = float("nan")
    transform: str = "identity"

    def _std_cdf(self, z):
        from scipy import special

        if self.family == "t":
            return special.stdtr(self.df, z)
        return special.ndtr(z)

    def _std_ppf(self, q):
        from scipy import special

        if self.family == "t":
            return special.stdtrit(self.df, q)
        return special.ndtri(q)

    def cdf(self, x):
        x = np.asarray(x, dtype=float)
        if self.transform == "log1p_pct":
            with np.errstate(invalid="ignore", divide="ignore"):
                u = np.where(x > -100.0, np.log1p(np.maximum(x, -100.0) / 100.0), -np.inf)
        else:
            u = x
        z = (u - self.loc) / self.scale
        return self._std_cdf(z)

    def ppf(self, q):
        q = np.asarray(q, dtype=float)
        u = self.loc + self.scale * self._std_ppf(q)
        if self.transform == "log1p_pct":
            return 100.0 * np.expm1(u)
        return u

    def describe(self) -> str:
        fam = f"Student t (df={self.df:g})" if self.family == "t" else "normal"
        if self.transform == "log1p_pct":
            return f"{fam} on log(1 + g/100), back-transformed to %"
        return f"{fam} on growth in %"


def _scalar_or_array(a, like):
    if np.ndim(like) == 0:
        return float(a)
    return np.asarray(a, dtype=float)


@dataclass
class Forecast:
    """The predictive distribution of one model for the growth rate of one year.

    Attributes
    ----------
    model : str
        Model name (one of `hatinh_analysis.models.MODEL_NAMES`).
    target_year : int
    n_obs : int
        Number of annual growth rates the model was estimated on.
    mean : float
        Point forecast in % (NaN when the model is not usable). For
        ``mean_growth`` this is the geometric-mean growth, i.e. the *median* of
        its predictive distribution; for the other models it is the mean.
    spec : str
        The specification actually used, e.g. ``"ETS(A,N,N)"``.
    aicc : float
        AICc of the chosen specification (NaN where undefined). Comparable only
        between specifications fitted to the same observations.
    notes : list of str
        Everything a reader should know: too few observations, years
        excluded, fall-backs, convergence problems, what the interval ignores.
    years_used : tuple of int
        Years whose growth rates entered the estimation.
    params : dict
        Estimated parameters (names are model specific).
    distribution : Predictive or None
        None when the model is not usable.
    """

    model: str
    target_year: int
    n_obs: int = 0
    mean: float = float("nan")
    spec: str = ""
    aicc: float = float("nan")
    notes: list[str] = field(default_factory=list)
    years_used: tuple[int, ...] = ()
    params: dict = field(default_factory=dict)
    distribution: Predictive | None = None

    @property
    def ok(self) -> bool:
        """True when the model produced a usable predictive distribution."""
        d = self.distribution
        return (d is not None and math.isfinite(self.mean) and math.isfinite(d.scale)
                and d.scale > 0)

    def set_normal(self, mean: float, var: float, *, spec: str, aicc: float, params: dict) -> bool:
        """Record a normal predictive distribution N(mean, var) and the fitted model.

        Used by the models whose forecast is Gaussian (ETS, ARIMA, local linear
        trend). A non-finite mean or a variance that is not positive is recorded
        as "no usable predictive distribution" (never a number); returns whether
        the forecast is usable.
        """
        if not (math.isfinite(mean) and math.isfinite(var) and var > 0):
            self.notes.insert(0, Note("the fitted model gave no usable predictive distribution "
                                    "(zero or undefined forecast variance)"))
            return False
        self.distribution = Predictive("normal", mean, math.sqrt(var))
        self.mean = mean
        self.spec = spec
        self.aicc = aicc
        self.params = params
        return True

    # -- distribution ------------------------------------------------------
    def cdf(self, x):
        """P(growth <= x), x in %. NaN when the model is not usable."""
        if not self.ok:
            return _scalar_or_array(np.full(np.shape(x), np.nan), x)
        return _scalar_or_array(self.distribution.cdf(x), x)

    def sf(self, x):
        """P(growth > x) = 1 - cdf(x) (equal to P(growth >= x): continuous)."""
        c = self.cdf(x)
        return 1.0 - c

    def ppf(self, q):
        """Quantile function: the growth rate (in %) with P(growth <= value) = q."""
        qa = np.asarray(q, dtype=float)
        if np.any((qa <= 0) | (qa >= 1)):
            raise ModelError(f"ppf: probabilities must be in (0, 1), got {q!r}")
        if not self.ok:
            return _scalar_or_array(np.full(np.shape(q), np.nan), q)
        return _scalar_or_array(self.distribution.ppf(qa), q)

    def interval(self, level: float = 0.8) -> tuple[float, float]:
        """Central ``level`` prediction interval ``(lower, upper)`` in %.

        Equal-tailed: ``(ppf((1-level)/2), ppf((1+level)/2))``.
        """
        level = check_level(level)
        if not self.ok:
            return (float("nan"), float("nan"))
        a = (1.0 - level) / 2.0
        lo, hi = self.distribution.ppf(np.array([a, 1.0 - a]))
        return (float(lo), float(hi))

    def prob_between(self, low: float, high: float) -> float:
        """P(low <= growth <= high)."""
        if not self.ok:
            return float("nan")
        c = self.distribution.cdf(np.array([low, high], dtype=float))
        return float(c[1] - c[0])

    def fan(self, levels: Sequence[float] = FAN_LEVELS) -> dict[float, tuple[float, float]]:
        """Intervals for a fan chart: ``{level: (lower, upper)}`` (default 50/80/95 %)."""
        return {float(lv): self.interval(lv) for lv in levels}

    def to_dict(self) -> dict:
        """JSON-serialisable summary (NaN -> None)."""
        d = {
            "model": self.model,
            "spec": self.spec,
            "target_year": self.target_year,
            "n_obs": self.n_obs,
            "ok": self.ok,
            "mean": self.mean,
            "aicc": self.aicc,
            "distribution": self.distribution.describe() if self.distribution else None,
            "intervals": {f"{int(round(lv * 100))}%": list(iv) for lv, iv in self.fan().items()},
            "notes": list(self.notes),
            "years_used": list(self.years_used),
            "params": dict(self.params),
        }
        return json_clean(d)

    def __repr__(self) -> str:
        if self.ok:
            lo, hi = self.interval(0.8)
            body = f"{self.mean:.2f}% [80%: {lo:.2f}, {hi:.2f}]"
        else:
            body = "not usable"
        return (f"Forecast({self.model} {self.spec or ''} for {self.target_year}: {body}; "
                f"n_obs={self.n_obs}; notes={len(self.notes)})")


def check_level(level) -> float:
    """``level`` must be a number strictly between 0 and 1."""
    if isinstance(level, bool) or not isinstance(level, numbers.Real) or not (0.0 < float(level) < 1.0):
        raise ModelError(
            f"level must be a number strictly between 0 and 1 (e.g. 0.8 for 80% intervals), got {level!r}")
    return float(level)


# --------------------------------------------------------------------------
# input series
# --------------------------------------------------------------------------
def as_growth_series(series, param: str = "series") -> tuple[pd.Series, list[str]]:
    """Validate and normalise an annual growth series.

    Returns ``(clean, notes)``: ``clean`` is float64 indexed by int64 years,
    ascending, without NaN; ``notes`` mentions NaN values dropped.

    Raises
    ------
    ModelError
        Not a Series; index not integer years; duplicate years; infinite values;
        growth at or below -100 %; no observations; or ``attrs`` saying the series
        is a level or an index (previous year = 100) rather than growth in %.
    """
    if not isinstance(series, pd.Series):
        raise ModelError(
            f"{param} must be a pandas Series of growth rates in % indexed by year, "
            f"got {type(series).__name__}")
    attrs = dict(series.attrs or {})
    kind = attrs.get("kind")
    unit = attrs.get("unit")
    if kind == "level":
        raise ModelError(
            f"{param} is a level series (attrs kind='level', unit={unit!r}); the engine "
            "models growth rates in %: use the published growth series instead of "
            "re-deriving growth from levels")
    if unit is not None and unit != "pct_change":
        if unit == "index_prev_year=100":
            raise ModelError(
                f"{param} holds indices (previous year = 100); convert with "
                "hatinh_analysis.index_to_growth first (108.5 -> 8.5)")
        raise ModelError(f"{param} has unit {unit!r}; expected growth in % (unit 'pct_change')")

    idx = series.index
    if isinstance(idx, pd.PeriodIndex):
        years = np.asarray(idx.year, dtype=np.int64)
    elif isinstance(idx, pd.DatetimeIndex):
        years = np.asarray(idx.year, dtype=np.int64)
    else:
        raw = np.asarray(idx)
        if raw.dtype.kind in "iu":
            years = raw.astype(np.int64)
        elif raw.dtype.kind == "f" and np.all(np.isfinite(raw)) and np.all(raw == np.round(raw)):
            years = raw.astype(np.int64)
        elif raw.dtype == object and all(_is_int(v) for v in raw):
            years = raw.astype(np.int64)
        else:
            raise ModelError(
                f"{param} must be indexed by integer years (e.g. 2008, 2009, ...), "
                f"got index of dtype {idx.dtype}")
    if len(years) != len(np.unique(years)):
        dup = sorted({int(y) for y in years[pd.Index(years).duplicated()]})
        raise ModelError(f"{param} has duplicate years: {fmt_years(dup)}")
    try:
        values = np.asarray(series.to_numpy(dtype=float, na_value=np.nan), dtype=float)
    except (TypeError, ValueError):
        raise ModelError(f"{param} must hold numbers (growth in %)") from None
    notes: list[str] = []
    nan_mask = np.isnan(values)
    if np.any(np.isinf(values)):
        bad = years[np.isinf(values)]
        raise ModelError(f"{param} has infinite values in {fmt_years(bad)}")
    if nan_mask.any():
        if nan_mask.all():
            raise ModelError(f"{param} has no observations (all values are NaN)")
        notes.append(Note("NaN values treated as missing years: %(years)s", years=fmt_years(sorted(years[nan_mask]))))
    ranges = attrs.get("ranges") or {}
    if ranges:
        try:
            txt = ", ".join(f"{int(y)} ({float(lo):g} to {float(hi):g})"
                            for y, (lo, hi) in sorted(ranges.items()))
        except (TypeError, ValueError):
            txt = fmt_years(sorted(int(y) for y in ranges))
        notes.append(Note("published as a range, low end used: %(ranges)s", ranges=txt))
    years, values = years[~nan_mask], values[~nan_mask]
    if len(values) == 0:
        raise ModelError(f"{param} has no observations")
    if np.any(values <= -100.0):
        bad = years[values <= -100.0]
        raise ModelError(
            f"{param}: growth rates must be above -100% (a level cannot fall to zero or "
            f"below); got {fmt_years(bad)}. Is this an index or a level rather than growth in %?")
    order = np.argsort(years, kind="stable")
    clean = pd.Series(values[order], index=pd.Index(years[order], name="year", dtype="int64"),
                      name=series.name, dtype="float64")
    clean.attrs = attrs
    return clean, notes


@dataclass
class Prepared:
    """A validated series ready for the models (see `prepare`)."""

    series: pd.Series          # all observed years (after start_year), float, int index
    used: pd.Series            # years used for estimation (exclusions removed)
    target_year: int
    excluded: tuple[int, ...]
    breaks: tuple[int, ...]
    missing: tuple[int, ...]   # years inside the used span with no figure (not excluded)
    notes: list[str]           # common notes, shown by every model

    @property
    def horizon(self) -> int:
        """Years from the last year used to the target year."""
        return int(self.target_year - self.used.index[-1])

    @property
    def last_used_year(self) -> int:
        return int(self.used.index[-1])

    def full_range(self) -> tuple[np.ndarray, np.ndarray]:
        """Consecutive years from the first to the last used year, and the values
        with NaN for missing or excluded years (for Kalman-filter models)."""
        years = np.arange(self.used.index[0], self.used.index[-1] + 1, dtype=np.int64)
        vals = self.used.reindex(years).to_numpy(dtype=float)
        return years, vals

    def state_space_inputs(self) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, int]:
        """What the Kalman-filter models (ARIMA, unobserved components) take.

        Returns
        -------
        years, values : ndarray
            As :meth:`full_range` (NaN where a year is missing or excluded).
        exog : ndarray or None
            Level-shift dummies for the break years, None without breaks.
        n_obs : int
            Number of non-missing values.
        """
        years, values = self.full_range()
        exog = self.step_dummies(years) if self.breaks else None
        return years, values, exog, int(np.sum(~np.isnan(values)))

    def step_dummies(self, years: np.ndarray) -> np.ndarray:
        """Level-shift regressors: column j is 1 for years >= breaks[j]."""
        years = np.asarray(years)
        if not self.breaks:
            return np.empty((len(years), 0))
        return np.column_stack([(years >= b).astype(float) for b in self.breaks])

    def future_dummies(self, steps: int) -> np.ndarray:
        """Regressor values for the years after the last used year: all shifts on."""
        return np.ones((steps, len(self.breaks)))


def prepare(series, target_year=None, exclude_years=(), break_years=(), start_year=None,
            *, clean: tuple[pd.Series, list[str]] | None = None) -> Prepared:
    """Validate a growth series and the options shared by all models.

    Parameters
    ----------
    series : pandas.Series
        Annual growth in % indexed by int year (see `as_growth_series`).
    target_year : int, optional
        Year to forecast; default last observed year + 1. Must be after the last
        observed year.
    exclude_years : iterable of int
        Observed years to leave out of estimation.
    break_years : iterable of int
        Years from which a level shift is modelled. Each must lie after the
        first and no later than the last observed year, and leave at least one
        used observation on each side.
    start_year : int, optional
        Drop observations before this year.

    Raises
    ------
    ModelError
        With a message naming the offending parameter.
    """
    s, notes = clean if clean is not None else as_growth_series(series)
    notes = list(notes)
    first, last = int(s.index[0]), int(s.index[-1])
    if start_year is not None:
        sy = _as_year(start_year, "start_year")
        if sy > last:
            raise ModelError(f"start_year={sy} is after the last observed year {last}")
        if sy < first:
            raise ModelError(
                f"start_year={sy} is before the first observed year {first} "
                f"(the series covers {first}-{last})")
        s = s.loc[s.index >= sy]
        first = int(s.index[0])
    if target_year is None:
        target_year = last + 1
    else:
        target_year = _as_year(target_year, "target_year")
        if target_year <= last:
            raise ModelError(
                f"target_year={target_year} must be after the last observed year {last}")
    observed = set(int(y) for y in s.index)

    excluded = _as_years(exclude_years, "exclude_years")
    for y in excluded:
        if y not in observed:
            where = (f"outside the series range {first}-{last}" if not first <= y <= last
                     else "a year with no observation")
            raise ModelError(f"exclude_years: {y} is {where}; observed years: "
                             f"{first}-{last}" + (" (with gaps)" if len(observed) < last - first + 1 else ""))
    used = s.drop(index=list(excluded)) if excluded else s
    if len(used) == 0:
        raise ModelError("exclude_years removes every observation of the series")

    breaks = _as_years(break_years, "break_years")
    for b in breaks:
        if not first < b <= last:
            raise ModelError(
                f"break_years: {b} must be after the first year {first} and no later than the "
                f"last observed year {last}")
    if breaks:
        uy = used.index.to_numpy()
        edges = (-np.inf,) + breaks + (np.inf,)
        for lo, hi in zip(edges[:-1], edges[1:]):
            if not np.any((uy >= lo) & (uy < hi)):
                if np.isinf(lo):
                    what = f"before the break in {int(hi)}"
                elif np.isinf(hi):
                    what = f"from {int(lo)} on"
                else:
                    what = f"between the breaks {int(lo)} and {int(hi)}"
                raise ModelError(f"break_years: no observation is used {what} "
                                 "(check exclude_years/start_year), so that shift cannot be estimated")

    span = np.arange(int(used.index[0]), int(used.index[-1]) + 1)
    missing = tuple(int(y) for y in span if y not in observed)
    if excluded:
        notes.append(Note("years excluded: %(years)s", years=fmt_years(excluded)))
    if missing:
        notes.append(Note("years with no published figure: %(years)s", years=fmt_years(missing)))
    if breaks:
        values = {"years": fmt_years(breaks), "year": int(target_year)}
        notes.append(Note("level shifts from %(years)s assumed to persist into %(year)d", **values)
                     if len(breaks) > 1 else
                     Note("level shift from %(years)s assumed to persist into %(year)d", **values))
    h = target_year - int(used.index[-1])
    if h > 1:
        notes.append(Note("forecast horizon %(horizon)d years (last year used: %(last)d)", horizon=int(h), last=int(used.index[-1])))
    return Prepared(series=s, used=used, target_year=int(target_year), excluded=excluded,
                    breaks=breaks, missing=missing, notes=notes)


# --------------------------------------------------------------------------
# model base class
# --------------------------------------------------------------------------
class Model:
    """Interface of every model family.

    Subclasses set ``name``, ``label`` and ``base_min_obs`` and implement
    ``_fit(prep, fc)``, which fills the `Forecast` ``fc`` in place (mean,
    distribution, spec, aicc, params, notes) or leaves it unusable with a note.
    """

    name: str = ""
    label: str = ""
    base_min_obs: int = 3
    #: extra observations needed per break year (a regressor costs one)
    min_obs_per_break: int = 1
    #: True when breaks enter as step-dummy regressors (False: handled otherwise)
    break_dummies: bool = True
    #: True when the predictive interval ignores parameter uncertainty
    plug_in_intervals: bool = False

    @property
    def key(self) -> str:
        """Name shown in tables: the model name plus any non-default option."""
        return self.name

    def min_obs(self, n_breaks: int = 0) -> int:
        """Minimum number of observations with ``n_breaks`` level shifts."""
        return self.base_min_obs + self.min_obs_per_break * n_breaks

    def forecast(self, series, target_year=None, *, exclude_years=(), break_years=(),
                 start_year=None) -> Forecast:
        """Forecast the growth rate of ``target_year`` (default: last year + 1).

        Parameters are validated as in `prepare`; see the model's class docstring
        for how gaps, exclusions and breaks are handled.
        """
        prep = prepare(series, target_year, exclude_years, break_years, start_year)
        return self.forecast_prepared(prep)

    def forecast_prepared(self, prep: Prepared) -> Forecast:
        """Forecast from an already validated `Prepared` input."""
        data = self._effective(prep)
        fc = Forecast(model=self.key, target_year=prep.target_year, n_obs=len(data),
                      notes=list(prep.notes) + self._setup_notes(prep),
                      years_used=tuple(int(y) for y in data.index))
        need = self.min_obs(len(prep.breaks))
        n = len(data)
        if n < need:
            values = {"n": n, "model": self.name, "need": need, "breaks": len(prep.breaks)}
            fc.notes.insert(0, Note("too few observations: %(n)d used, %(model)s needs at least "
                                    "%(need)d with %(breaks)d break year(s)", **values)
                               if prep.breaks and self.min_obs_per_break else
                               Note("too few observations: %(n)d used, %(model)s needs at least "
                                    "%(need)d", **values))
            return fc
        y = data.to_numpy(dtype=float)
        if np.ptp(y) <= 1e-9 * max(1.0, float(np.max(np.abs(y)))):
            fc.notes.insert(0, Note("series is constant (%(value)s%% every year): no variation "
                                  "to estimate a predictive distribution", value=float(y[0])))
            return fc
        if prep.breaks and self.break_dummies:
            years = data.index.to_numpy()
            regime = np.searchsorted(np.asarray(prep.breaks), years, side="right")
            means = pd.Series(y).groupby(regime).transform("mean").to_numpy()
            if np.ptp(y - means) <= 1e-9 * max(1.0, float(np.max(np.abs(y)))):
                fc.notes.insert(0, Note("series is constant within each period between breaks: "
                                      "no variation left to estimate a predictive distribution"))
                return fc
        n_notes = len(fc.notes)
        try:
            self._fit(prep, fc)
        except Exception as exc:  # noqa: BLE001 - a failed fit must not sink the other models
            # (statsmodels raises LinAlgError, ValueError, IndexError... on degenerate data);
            # the model is reported as not usable with the reason, never with a number.
            fc.mean = float("nan")
            fc.distribution = None
            fc.notes.insert(0, Note("estimation failed (%(error)s)", error=f"{type(exc).__name__}: {str(exc)[:120]}"))
        if not fc.ok and (fc.distribution is not None or len(fc.notes) == n_notes):
            fc.distribution = None
            fc.mean = float("nan")
            fc.notes.insert(0, Note("the fitted model gave no usable predictive distribution "
                                  "(zero or undefined variance)"))
        if fc.ok and self.plug_in_intervals:
            fc.notes.append(Note("intervals ignore parameter uncertainty (plug-in estimates): "
                               "with few years they are too narrow"))
        return fc

    # hooks ------------------------------------------------------------------
    def _effective(self, prep: Prepared) -> pd.Series:
        """The observations this model estimates on (default: all used years)."""
        return prep.used

    def _setup_notes(self, prep: Prepared) -> list[str]:
        """Model-specific notes known before fitting (e.g. how breaks are handled)."""
        return []

    def _fit(self, prep: Prepared, fc: Forecast) -> None:  # pragma: no cover
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<model {self.name}: {self.label}>"
