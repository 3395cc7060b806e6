"""Growth-rate arithmetic for published statistics.

Vietnamese statistics publish growth in two forms: an index with the previous
year = 100 (``108.5``) and a percentage change (``8.5``). This module converts
between them, chains growth rates into a level index, computes compound average
growth, the growth implied by a target *value*, and cross-checks a value target
against a growth target.

Principle: growth rates are published figures. They are chained or compared,
never re-derived from levels that sit on a different (or unstated) price basis.
"""
from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

__all__ = [
    "index_to_growth",
    "growth_to_index",
    "chain_link",
    "cagr",
    "implied_growth",
    "cross_check_targets",
    "TargetCrossCheck",
    "PRICE_BASES",
]

#: Price bases known to the data layer (see docs/CONTRACTS.md).
PRICE_BASES = ("constant_1994", "constant_2010", "current_prices", "comparable_unstated",
               "unstated", "iip")

# Decimal places kept after converting: published indices have at most 2-3
# decimals; rounding to 10 removes binary noise (117.6 - 100 = 17.599999999999994).
_ROUND = 10


def _convert(x, shift: float, unit: str):
    if isinstance(x, pd.Series):
        out = (x.astype(float) + shift).round(_ROUND)
        out.attrs = dict(x.attrs)
        if "unit" in out.attrs or "kind" in out.attrs:
            out.attrs["unit"] = unit
        return out
    if isinstance(x, (pd.DataFrame, np.ndarray, list, tuple)):
        arr = np.asarray(x, dtype=float) if not isinstance(x, pd.DataFrame) else x.astype(float)
        return (arr + shift).round(_ROUND)
    if isinstance(x, numbers.Real) and not isinstance(x, bool):
        return round(float(x) + shift, _ROUND)
    raise TypeError(f"expected a number, array or Series, got {type(x).__name__}")


def index_to_growth(index):
    """Index with previous year = 100 -> growth in %: ``108.5 -> 8.5``.

    Works on numbers, arrays and Series (a Series keeps its index and ``attrs``;
    ``attrs["unit"]`` becomes ``"pct_change"`` when present). Results are rounded
    to 10 decimals to remove floating-point noise.
    """
    return _convert(index, -100.0, "pct_change")


def growth_to_index(growth):
    """Growth in % -> index with previous year = 100: ``8.5 -> 108.5`` (inverse of
    `index_to_growth`)."""
    return _convert(growth, 100.0, "index_prev_year=100")


def _growth_series(growth, param="growth") -> pd.Series:
    """Validated growth Series: int years ascending, float values, NaN dropped."""
    if not isinstance(growth, pd.Series):
        raise ValueError(f"{param} must be a pandas Series of growth in % indexed by year, "
                         f"got {type(growth).__name__}")
    idx = np.asarray(growth.index)
    if idx.dtype.kind not in "iu":
        if idx.dtype.kind == "f" and np.all(np.isfinite(idx)) and np.all(idx == np.round(idx)):
            idx = idx.astype(np.int64)
        else:
            raise ValueError(f"{param} must be indexed by integer years, got dtype {growth.index.dtype}")
    if len(np.unique(idx)) != len(idx):
        raise ValueError(f"{param} has duplicate years")
    s = pd.Series(growth.to_numpy(dtype=float, na_value=np.nan),
                  index=pd.Index(idx.astype(np.int64), name="year")).dropna().sort_index()
    if s.empty:
        raise ValueError(f"{param} has no observations")
    if np.any(s.to_numpy() <= -100):
        raise ValueError(f"{param}: growth rates must be above -100%")
    return s


def _json(obj):
    if isinstance(obj, dict):
        return {str(k): _json(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_json(v) for v in obj]
    if isinstance(obj, (bool, np.bool_)):
        return bool(obj)
    if isinstance(obj, numbers.Integral):
        return int(obj)
    if isinstance(obj, numbers.Real):
        return float(obj) if math.isfinite(float(obj)) else None
    return obj


def chain_link(growth: pd.Series, base_year: int | None = None, *, gaps: str = "nan") -> pd.Series:
    """Chain annual growth rates into a level index with ``base_year = 100``.

    ``L_t = L_{t-1} (1 + g_t/100)``: the growth rate of year t links t-1 to t.

    Parameters
    ----------
    growth : pandas.Series
        Growth in % indexed by int year.
    base_year : int, optional
        Year whose level is 100. Default: the year before the first growth rate
        (so every year with a growth rate gets a level). Must lie between that
        year and the last year.
    gaps : {"nan", "raise"}
        A missing year breaks the chain: the level of the missing year and of
        every year on the far side of it (seen from the base year) is unknown.
        ``"nan"`` (default) returns NaN there — levels on both sides of a gap are
        never silently joined; ``"raise"`` raises ValueError naming the missing
        years. No growth rate is ever invented to bridge a gap.

    Returns
    -------
    pandas.Series
        Levels for every calendar year from ``first year - 1`` to the last year,
        named ``"index_<base_year>=100"``.

    Examples
    --------
    Growth of +10% then +20% from 2000 = 100: 100 × 1.10 = 110, then 110 × 1.20 = 132.

    >>> chain_link(pd.Series([10.0, 20.0], index=[2001, 2002])).round(6).tolist()
    [100.0, 110.0, 132.0]
    """
    if gaps not in ("nan", "raise"):
        raise ValueError(f"gaps must be 'nan' or 'raise', got {gaps!r}")
    s = _growth_series(growth)
    first, last = int(s.index[0]), int(s.index[-1])
    years = np.arange(first - 1, last + 1)
    if base_year is None:
        base_year = first - 1
    if isinstance(base_year, bool) or not isinstance(base_year, numbers.Integral):
        raise ValueError(f"base_year must be an integer year, got {base_year!r}")
    base_year = int(base_year)
    if not first - 1 <= base_year <= last:
        raise ValueError(f"base_year={base_year} must lie between {first - 1} and {last}")
    missing = [int(y) for y in range(first, last + 1) if y not in s.index]
    if missing and gaps == "raise":
        raise ValueError(f"chain_link: no growth rate for {', '.join(map(str, missing))}; "
                         "the chain cannot be continued across a gap")
    factor = 1.0 + s.reindex(years).to_numpy(dtype=float) / 100.0   # factor[i]: years[i-1] -> years[i]
    level = np.full(len(years), np.nan)
    b = base_year - years[0]
    level[b] = 100.0
    for i in range(b + 1, len(years)):          # forwards: needs growth of year i
        level[i] = level[i - 1] * factor[i]
    for i in range(b - 1, -1, -1):              # backwards: needs growth of year i+1
        level[i] = level[i + 1] / factor[i + 1]
    out = pd.Series(level, index=pd.Index(years, name="year"), name=f"index_{base_year}=100")
    out.attrs = {k: v for k, v in (growth.attrs or {}).items() if k in ("province", "indicator", "label")}
    out.attrs.update(unit=f"index_{base_year}=100", kind="level", base_year=base_year)
    return out


def cagr(growth: pd.Series, start_year: int | None = None, end_year: int | None = None) -> float:
    """Compound average annual growth in % over the growth rates of
    ``start_year..end_year`` (inclusive; default all).

    ``100 ((prod (1 + g_t/100))^(1/n) - 1)`` — the geometric mean of the published
    growth rates, i.e. the constant rate that gives the same cumulative growth.
    Over the years 2016-2019 it is the average growth *from the 2015 level to
    the 2019 level*.

    Raises
    ------
    ValueError
        If a year in the span has no growth rate (the cumulative growth is then
        unknown) or the span is empty/outside the series.
    """
    s = _growth_series(growth)
    lo = int(s.index[0]) if start_year is None else int(start_year)
    hi = int(s.index[-1]) if end_year is None else int(end_year)
    if lo > hi:
        raise ValueError(f"cagr: start_year={lo} is after end_year={hi}")
    span = list(range(lo, hi + 1))
    missing = [y for y in span if y not in s.index]
    if missing:
        raise ValueError(f"cagr: no growth rate for {', '.join(map(str, missing))}; the compound "
                         "growth over a gap is unknown")
    g = s.loc[span].to_numpy(dtype=float)
    return float(100.0 * math.expm1(np.mean(np.log1p(g / 100.0))))


def implied_growth(target_value: float, base_value: float) -> float:
    """Growth in % implied by reaching ``target_value`` from ``base_value``:
    ``(target/base - 1) * 100``.

    Example: output target 84,142 bn VND against 75,800 bn VND ->
    ``(84142/75800 - 1) * 100 = 11.005...%``. Both values must be on the same
    price basis — see `cross_check_targets`, which enforces it.
    """
    for name, v in (("target_value", target_value), ("base_value", base_value)):
        if isinstance(v, bool) or not isinstance(v, numbers.Real) or not math.isfinite(float(v)):
            raise ValueError(f"{name} must be a finite number, got {v!r}")
        if float(v) <= 0:
            raise ValueError(f"{name} must be positive, got {v!r}")
    return (float(target_value) / float(base_value) - 1.0) * 100.0


@dataclass
class TargetCrossCheck:
    """Result of `cross_check_targets`.

    Attributes
    ----------
    iip_target : float
        Target growth of the industrial production index, %.
    implied_value_growth : float
        Growth of output value implied by the value target, %.
    gap_pp : float
        ``implied_value_growth - iip_target`` in percentage points.
    value_basis, base_basis : str
        Price bases of the target value and of the base-year value.
    same_basis_assumed : bool
        True when the bases differ and ``assume_same_basis=True`` was used.
    history : pandas.DataFrame
        Years with both published value growth and IIP growth: columns
        ``value_growth``, ``iip_growth``, ``gap_pp``.
    history_gap : dict
        n, min, mean, max of the historical gaps (None when no year overlaps).
    caveats : list of str
    summary : str
    """

    iip_target: float
    implied_value_growth: float
    gap_pp: float
    value_basis: str
    base_basis: str
    same_basis_assumed: bool
    history: pd.DataFrame
    history_gap: dict
    caveats: list = field(default_factory=list)
    summary: str = ""

    def to_dict(self) -> dict:
        return _json({
            "iip_target": self.iip_target,
            "implied_value_growth": self.implied_value_growth,
            "gap_pp": self.gap_pp,
            "value_basis": self.value_basis,
            "base_basis": self.base_basis,
            "same_basis_assumed": self.same_basis_assumed,
            "history": [{"year": int(y), **{k: float(v) for k, v in row.items()}}
                        for y, row in self.history.iterrows()],
            "history_gap": self.history_gap,
            "caveats": self.caveats,
            "summary": self.summary,
        })


def cross_check_targets(iip_target: float, value_target: float, value_base: float, *,
                        value_basis: str, base_basis: str,
                        value_growth_history: pd.Series | None = None,
                        iip_history: pd.Series | None = None,
                        assume_same_basis: bool = False) -> TargetCrossCheck:
    """Compare a growth target for the IIP with a target for industrial output value.

    A plan often states both "IIP +10.64 %" and "output 84,142 bn VND". The
    value target implies a growth rate against the base-year value; this function
    reports it, its gap to the IIP target in percentage points, and the gaps
    between published value growth and IIP growth in past years — value growth
    and IIP growth differ because they weight industries differently, so the
    question is whether the planned gap looks like the historical ones.

    Parameters
    ----------
    iip_target : float
        IIP growth target in %.
    value_target, value_base : float
        Output value in the target year and in the base year (same unit).
    value_basis, base_basis : str
        Price bases of ``value_target`` and ``value_base`` (e.g.
        ``"constant_2010"``, ``"comparable_unstated"``); see `PRICE_BASES`.
    value_growth_history, iip_history : pandas.Series, optional
        Published growth in % by year of output value and of the IIP. Only years
        present in both are compared. Published growth rates are used as they
        are — they are not recomputed from levels.
    assume_same_basis : bool, default False
        Price-basis rule: the implied growth is computed only when the two bases
        are *identical* strings. When they differ the function refuses
        (ValueError naming both bases), because a ratio of values on different
        price bases mixes price change into "growth". ``assume_same_basis=True``
        overrides this for bases that plausibly coincide (e.g. a source's
        "comparable prices" without a stated base year next to constant 2010
        prices, Vietnam's current base) and records a caveat in the result. The
        override is never allowed between ``current_prices`` and any other basis
        (nominal vs. real is not an assumption but a different quantity), nor
        with ``"iip"``, which is not a value basis.

    Returns
    -------
    TargetCrossCheck

    Examples
    --------
    >>> r = cross_check_targets(10.64, 84142, 75800, value_basis="constant_2010",
    ...                         base_basis="comparable_unstated", assume_same_basis=True)
    >>> round(r.implied_value_growth, 3), round(r.gap_pp, 3)
    (11.005, 0.365)
    """
    if isinstance(iip_target, bool) or not isinstance(iip_target, numbers.Real) \
            or not math.isfinite(float(iip_target)):
        raise ValueError(f"iip_target must be a finite number (growth in %), got {iip_target!r}")
    for name, b in (("value_basis", value_basis), ("base_basis", base_basis)):
        if b not in PRICE_BASES:
            raise ValueError(f"{name}={b!r} is not a known price basis; valid: {', '.join(PRICE_BASES)}")
        if b == "iip":
            raise ValueError(f"{name}='iip' is an index, not a price basis for values")
    caveats = []
    assumed = False
    if value_basis != base_basis:
        if not assume_same_basis:
            raise ValueError(
                f"price bases differ: value_target is on {value_basis!r}, value_base on "
                f"{base_basis!r}; growth across price bases is not growth. Pass "
                "assume_same_basis=True only if you have reason to believe they coincide.")
        if "current_prices" in (value_basis, base_basis):
            raise ValueError(
                f"price bases differ: {value_basis!r} vs {base_basis!r}; current prices cannot be "
                "assumed equal to a constant-price basis (assume_same_basis does not apply)")
        assumed = True
        caveats.append(f"assumed that {base_basis!r} (base value) and {value_basis!r} (target value) "
                       "are the same price basis; the sources do not say so")
    implied = implied_growth(value_target, value_base)
    gap = implied - float(iip_target)

    hist = pd.DataFrame(columns=["value_growth", "iip_growth", "gap_pp"], dtype=float)
    if (value_growth_history is None) != (iip_history is None):
        raise ValueError("give both value_growth_history and iip_history, or neither")
    if value_growth_history is not None:
        vg = _growth_series(value_growth_history, "value_growth_history")
        ig = _growth_series(iip_history, "iip_history")
        years = vg.index.intersection(ig.index)
        hist = pd.DataFrame({"value_growth": vg.loc[years], "iip_growth": ig.loc[years]})
        hist["gap_pp"] = hist["value_growth"] - hist["iip_growth"]
        hist.index.name = "year"
        if len(years) == 0:
            caveats.append("no year has both published value growth and IIP growth")
    if len(hist):
        g = hist["gap_pp"]
        hgap = {"n": int(len(g)), "min": float(g.min()), "mean": float(g.mean()),
                "max": float(g.max()), "years": [int(y) for y in g.index]}
    else:
        hgap = {"n": 0, "min": None, "mean": None, "max": None, "years": []}

    parts = [f"The value target implies output growth of {implied:+.2f}% against the base value, "
             f"{gap:+.2f} pp relative to the IIP target of {float(iip_target):+.2f}%."]
    if hgap["n"]:
        rows = ", ".join(f"{int(y)}: {r.value_growth:+.2f}% vs {r.iip_growth:+.2f}% "
                         f"({r.gap_pp:+.2f} pp)" for y, r in hist.iterrows())
        inside = hgap["min"] <= gap <= hgap["max"]
        parts.append(f"Published value growth minus IIP growth in earlier years — {rows}.")
        if hgap["n"] >= 2:
            parts.append(f"The planned gap is {'within' if inside else 'outside'} the historical "
                         f"range ({hgap['min']:+.2f} to {hgap['max']:+.2f} pp, {hgap['n']} years).")
        else:
            parts.append("One year of history is too little to call the planned gap typical or not.")
    if assumed:
        parts.append("Caveat: " + caveats[0] + ".")
    return TargetCrossCheck(iip_target=float(iip_target), implied_value_growth=implied, gap_pp=gap,
                            value_basis=value_basis, base_basis=base_basis,
                            same_basis_assumed=assumed, history=hist, history_gap=hgap,
                            caveats=caveats, summary=" ".join(parts))
