"""Calibrated predictive distributions, learned from the scoreboard.

Why
    Model intervals for short annual series are too narrow: they ignore the
    uncertainty of the estimated parameters, of the model choice and of shocks
    the record has not yet seen (Hyndman & Athanasopoulos, *FPP3* §5.5 and
    §13.8: "prediction intervals from models tend to be too narrow"; Chatfield
    1993). The package's own back-test showed 80 % model intervals containing
    well under half of later outcomes. So the interval and the chance of
    reaching a target used for a verdict come from the *errors the combined
    forecast actually made*, one year ahead, across the reference class of all
    series in the store.

Method: pooled, scale-normalised split conformal prediction
    For every rolling origin of every series (`hatinh_analysis.evaluation`)
    the scoreboard stores the combined point forecast ``f``, the outcome ``y``
    and the series' typical year-to-year change ``s``
    (`hatinh_analysis.combination.series_scale`). The normalised errors
    ``z = (y - f) / s`` form the calibration set. A new forecast ``f*`` with
    scale ``s*`` gets the predictive distribution ``f* + s* · z`` — the
    split-conformal construction (Vovk, Gammerman & Shafer 2005; Lei, G'Sell,
    Rinaldo, Tibshirani & Wasserman 2018, *JASA* 113, 1094-1111) with
    locally-weighted (scale-normalised) residuals, pooled across series as in
    panel conformal forecasting. Quantiles use the plotting positions
    ``i/(n+1)`` of the sorted ``z``, so a central interval at level ``1-a`` is
    finite only when ``n >= 2/a - 1`` (19 errors for 80 %, 79 for 95 %), and the
    chance of reaching a target is never 0 or 1: it lies in
    ``[1/(n+1), n/(n+1)]``. If the errors are exchangeable with the new one, the
    interval covers with probability >= ``1-a`` (Lei et al. 2018, Thm 2.2).

No look-ahead
    For a check whose last observed year is ``T``, only errors of forecasts
    *for years up to T* are used, and never those of the series' own province
    (left out entirely). Exchangeability is an assumption: years share
    national shocks, so errors of one year are correlated across provinces;
    the scoreboard (`hatinh_analysis.evaluation`) shows whether the coverage
    holds.

The table
    The scoreboard rows needed here are built once from the shipped data and
    committed as ``hatinh_analysis/scoreboard.csv`` with
    ``hatinh_analysis/scoreboard.json`` (the data fingerprint, settings and the
    per-method summary). Rebuild after the data change with::

        python -m hatinh_analysis.evaluation build

    `load_table` returns it. With other data (``HATINH_DATA_DIR``, your own
    figures), build a table for them once with
    ``python -m hatinh_analysis.evaluation build --cache``: it goes to the cache
    directory (``$HATINH_CACHE_DIR``, default ``~/.cache/hatinh_analysis``) under
    the data fingerprint, and `active_table` picks it up. Without one, the
    committed table is used and every result says so.
"""
from __future__ import annotations

import functools
import json
import math
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from hatinh_analysis.notes import Note

__all__ = ["CalibratedForecast", "calibrate", "reference_errors", "similar_records", "load_table",
           "table_info", "active_table", "cache_paths",
           "TABLE_PATH", "META_PATH", "MIN_REFERENCE", "REBUILD_COMMAND"]

#: The committed scoreboard rows and their metadata.
TABLE_PATH = Path(__file__).with_name("scoreboard.csv")
META_PATH = Path(__file__).with_name("scoreboard.json")
#: How to rebuild the committed table after the data change.
REBUILD_COMMAND = "python -m hatinh_analysis.evaluation build"
#: Fewer reference errors than this: no calibrated distribution.
MIN_REFERENCE = 30


@dataclass
class CalibratedForecast:
    """A calibrated predictive distribution ``point + scale * z`` (see module doc).

    Attributes
    ----------
    point : float
        The combined point forecast (% growth).
    scale : float
        The series' typical year-to-year change (points).
    z : numpy.ndarray
        Sorted normalised reference errors.
    target_year : int
    reference : dict
        What the reference class holds: n, years, series, horizon, excluded unit.
    notes : list of str
    """

    point: float
    scale: float
    z: np.ndarray
    target_year: int
    reference: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)

    @property
    def n(self) -> int:
        """Number of reference errors."""
        return int(len(self.z))

    @property
    def ok(self) -> bool:
        return self.n >= MIN_REFERENCE and math.isfinite(self.point) and self.scale > 0

    @property
    def mean(self) -> float:
        """The central forecast: the combined point forecast (NaN when not usable)."""
        return float(self.point) if self.ok else float("nan")

    def _positions(self):
        n = self.n
        return np.arange(1, n + 1) / (n + 1)

    def ppf(self, q):
        """Quantile(s) in %: interpolated between plotting positions ``i/(n+1)``;
        ``-inf``/``+inf`` beyond the first/last position (too few errors to say)."""
        q = np.asarray(q, dtype=float)
        if not self.ok:
            return np.full(q.shape, np.nan) if q.ndim else float("nan")
        pos = self._positions()
        zq = np.interp(q, pos, self.z)
        zq = np.where(q < pos[0], -np.inf, np.where(q > pos[-1], np.inf, zq))
        out = self.point + self.scale * zq
        return out if q.ndim else float(out)

    def cdf(self, x):
        """P(growth <= x), interpolated, clipped to ``[1/(n+1), n/(n+1)]``."""
        x = np.asarray(x, dtype=float)
        if not self.ok:
            return np.full(x.shape, np.nan) if x.ndim else float("nan")
        pos = self._positions()
        zx = (x - self.point) / self.scale
        out = np.interp(zx, self.z, pos, left=pos[0], right=pos[-1])
        return out if x.ndim else float(out)

    def sf(self, x):
        """P(growth >= x) = 1 - cdf(x)."""
        c = self.cdf(x)
        return 1.0 - c

    def prob_between(self, low: float, high: float) -> float:
        """P(low <= growth <= high)."""
        c = self.cdf(np.array([low, high], dtype=float))
        return float(c[1] - c[0])

    def interval(self, level: float = 0.8) -> tuple[float, float]:
        """Central interval; infinite ends when there are too few errors for the level."""
        a = (1.0 - level) / 2.0
        lo, hi = self.ppf(np.array([a, 1.0 - a]))
        return float(lo), float(hi)

    def fan(self, levels=(0.5, 0.8, 0.95)) -> dict:
        """``{level: (lower, upper)}`` for a fan chart."""
        return {float(lv): self.interval(lv) for lv in levels}

    def sample(self) -> np.ndarray:
        """The distribution as an ensemble ``point + scale * z`` (e.g. for CRPS)."""
        return self.point + self.scale * self.z

    def to_dict(self) -> dict:
        from hatinh_analysis.models.base import json_clean

        return json_clean({"point": self.point, "scale": self.scale, "n_reference": self.n,
                           "ok": self.ok, "median": self.mean, "reference": self.reference,
                           "intervals": {f"{round(lv * 100)}%": list(iv) for lv, iv in self.fan().items()},
                           "notes": self.notes})


def reference_errors(table: pd.DataFrame, *, horizon: int, upto_year: int,
                     exclude_unit: str | None = None, method: str = "combined") -> pd.DataFrame:
    """The rows of the scoreboard that may calibrate a forecast (no look-ahead).

    When to use
        To see (or plot) the reference class of a check: errors of ``method``
        at ``horizon`` for outcome years ``<= upto_year``, other provinces only.

    Returns
    -------
    DataFrame
        The scoreboard rows with a column ``z`` = (actual - forecast) / scale.
    """
    t = table
    keep = (t["method"] == method) & (t["horizon"] == int(horizon)) & (t["year"] <= int(upto_year))
    keep &= np.isfinite(t["forecast"]) & np.isfinite(t["actual"]) & (t["scale"] > 0)
    if exclude_unit is not None:
        keep &= t["unit"] != exclude_unit
    out = t.loc[keep].copy()
    out["z"] = (out["actual"] - out["forecast"]) / out["scale"]
    return out


def calibrate(point: float, scale: float, *, target_year: int, horizon: int, upto_year: int,
              exclude_unit: str | None = None, table: pd.DataFrame | None = None) -> CalibratedForecast:
    """Calibrated predictive distribution of a combined forecast (see module doc).

    When to use
        After `hatinh_analysis.combination.run_ensemble`, to turn its point
        forecast into an honest interval and chance of reaching a target;
        `hatinh_analysis.check_target` does this for you.

    Parameters
    ----------
    point, scale : float
        Combined point forecast and the series' scale (`series_scale`).
    target_year, horizon : int
        The year forecast and its distance from the last observed year.
    upto_year : int
        Last outcome year the reference errors may come from (the check's last
        observed year: no look-ahead).
    exclude_unit : str, optional
        Province left out of the reference class (the one being checked).
    table : DataFrame, optional
        Scoreboard rows (default: the committed table, `load_table`).
    """
    tab = active_table()[0] if table is None else table
    ref = reference_errors(tab, horizon=horizon, upto_year=upto_year, exclude_unit=exclude_unit)
    z = np.sort(ref["z"].to_numpy(dtype=float))
    notes = []
    if len(z) < MIN_REFERENCE:
        notes.append(Note("only %(n)d reference errors at horizon %(horizon)d for outcomes up to "
                        "%(year)d (needs %(need)d): no calibrated distribution", n=len(z), horizon=int(horizon), year=int(upto_year), need=MIN_REFERENCE))
    info = {"n": int(len(z)), "horizon": int(horizon), "upto_year": int(upto_year),
            "excluded_unit": exclude_unit, "n_series": int(ref["series"].nunique()),
            "years": sorted(int(y) for y in ref["year"].unique())}
    return CalibratedForecast(float(point), float(scale), z, int(target_year), info, notes)


def similar_records(panel: pd.DataFrame, recent: float, *, upto_year: int, window: int = 3,
                    band: float = 5.0) -> pd.DataFrame:
    """The outside view as data: every province-year whose previous ``window`` years had a
    median growth within ``band`` points of ``recent``, with the growth that followed.

    When to use
        To draw "all provinces, one year ahead, from a similar recent record" next to
        a province's own forecast (`hatinh_analysis.plots.reference_chart`); the
        reference-class forecasting of Kahneman & Lovallo (1993) / Flyvbjerg (2006).

    Returns
    -------
    DataFrame
        ``unit, year, recent, outcome`` for outcome years ``<= upto_year``.
    """
    if panel is None or panel.empty:
        return pd.DataFrame(columns=["unit", "year", "recent", "outcome"])
    wide = panel.pivot_table(index="year", columns="unit", values="growth")
    wide = wide.reindex(range(int(wide.index.min()), int(wide.index.max()) + 1))
    past = wide.shift(1).rolling(window, min_periods=window).median()
    long = pd.DataFrame({"recent": past.stack(), "outcome": wide.stack()}).dropna().reset_index()
    long.columns = ["year", "unit", "recent", "outcome"]
    keep = (long["year"] <= upto_year) & ((long["recent"] - recent).abs() <= band)
    return long.loc[keep, ["unit", "year", "recent", "outcome"]].reset_index(drop=True)


@functools.lru_cache(maxsize=2)
def _read(path: str, stamp):
    return pd.read_csv(path, dtype={"unit": str, "indicator": str, "series": str, "method": str,
                                    "mode": str, "actual_status": str})


def load_table(path=None) -> pd.DataFrame:
    """The committed scoreboard rows (cached per process; a copy is not made — do not edit).

    When to use
        To read the scoreboard rows that calibrate checks (fast, cached); for scores use `hatinh_analysis.evaluation.load_scoreboard`.

    Raises
    ------
    FileNotFoundError
        With the rebuild command, when the table is missing.
    """
    p = Path(path) if path is not None else TABLE_PATH
    if not p.exists():
        raise FileNotFoundError(f"{p}: scoreboard table missing; build it with `{REBUILD_COMMAND}`")
    st = p.stat()
    return _read(str(p), (st.st_mtime_ns, st.st_size))


def table_info(path=None) -> dict:
    """Metadata of the committed table: data fingerprint, settings, per-method summary,
    and ``current`` (whether it matches the data in use).

    When to use
        To report which data the calibration was learned from, and whether it must be rebuilt.
    """
    p = Path(path) if path is not None else META_PATH
    if not p.exists():
        raise FileNotFoundError(f"{p}: scoreboard metadata missing; build it with `{REBUILD_COMMAND}`")
    meta = json.loads(p.read_text(encoding="utf-8"))
    try:
        from hatinh_analysis.data.store import data_fingerprint

        meta["current"] = meta.get("settings", {}).get("data_fingerprint") == data_fingerprint()
    except Exception:  # noqa: BLE001 - no data directory: the table is still usable
        meta["current"] = False
    return meta


def cache_paths(fingerprint: str) -> tuple[Path, Path]:
    """Where a table built for data with this fingerprint is cached (csv, json).

    When to use
        To find or remove tables built with ``python -m hatinh_analysis.evaluation build --cache``.
    """
    base = Path(os.environ.get("HATINH_CACHE_DIR") or Path.home() / ".cache" / "hatinh_analysis")
    return base / f"scoreboard-{fingerprint}.csv", base / f"scoreboard-{fingerprint}.json"


def active_table() -> tuple[pd.DataFrame, dict]:
    """The scoreboard table that matches the data in use, and its metadata.

    When to use
        Whenever a check is calibrated (`calibrate` and `check_target` do it): the
        committed table when its fingerprint matches the data, else a cached table
        for this data's fingerprint, else the committed one with ``current = False``.
    """
    info = table_info()
    if info.get("current"):
        return load_table(), info
    try:
        from hatinh_analysis.data.store import data_fingerprint

        csv, meta = cache_paths(data_fingerprint())
    except Exception:  # noqa: BLE001 - no data directory: the committed table it is
        return load_table(), info
    if csv.exists() and meta.exists():
        cached = json.loads(meta.read_text(encoding="utf-8"))
        cached["current"] = True
        cached["path"] = str(csv)
        return load_table(csv), cached
    return load_table(), info
