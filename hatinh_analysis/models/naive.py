"""Naive benchmarks: the forecasts every model has to beat (M4; FPP3 §5.2).

Three one-line forecasts of next year's growth, each with an honest, simple
predictive distribution, so that they can be scored exactly like the models:

``naive_last`` — the last observed growth rate
    "Naïve" method (Hyndman & Athanasopoulos, *FPP3* §5.2). Predictive
    distribution ``N(y_T, h·s²)`` with ``s²`` the mean squared first difference
    of the record (the naïve method's residual variance; FPP3 §5.5, Table 5.2).
    Needs 3 observations (2 differences). Missing years: the differences are
    taken between consecutive *observed* years.
``naive_mean`` — the historical mean growth
    "Mean" method (FPP3 §5.2): ``ybar`` with the Student-t prediction interval
    ``ybar ± t_{n-1} · s · sqrt(1 + 1/n)``. Needs 3 observations.
``naive_median`` — the historical median growth
    A robust location: one extreme year moves it little. Scale
    ``1.4826 · MAD · sqrt(1 + pi/(2n))`` (the MAD is a consistent estimate of
    the normal standard deviation; ``pi/(2n)`` is the large-sample variance of
    the median), normal predictive distribution. Needs 3 observations.

When to use
    Always beside the models (the scoreboard does): a model whose scores do not
    beat these has not earned its complexity. Breaks: the benchmarks ignore
    ``break_years`` on purpose (they are benchmarks); exclusions are honoured.
"""
from __future__ import annotations

import math

import numpy as np

from hatinh_analysis.notes import Note
from hatinh_analysis.models.base import Forecast, Model, Predictive, Prepared

_NORMAL_MAD = 1.482602218505602  # 1 / Phi^-1(3/4)


class NaiveLast(Model):
    """Last observed growth rate; random-walk interval (see module doc)."""

    name = "naive_last"
    label = "Naive: last year's growth"
    base_min_obs = 3
    min_obs_per_break = 0
    break_dummies = False

    def _fit(self, prep: Prepared, fc: Forecast) -> None:
        y = prep.used.to_numpy(dtype=float)
        d = np.diff(y)
        s = math.sqrt(float(np.mean(d ** 2)))
        if not s > 0:
            fc.notes.insert(0, Note("no change between years: no spread to estimate"))
            return
        h = prep.horizon
        fc.distribution = Predictive("normal", float(y[-1]), s * math.sqrt(h))
        fc.mean = float(y[-1])
        fc.spec = Note("last value (%(year)d)", year=int(prep.used.index[-1]))
        fc.params = {"last": float(y[-1]), "rms_change": s}


class NaiveMean(Model):
    """Historical mean growth; Student-t interval (see module doc)."""

    name = "naive_mean"
    label = "Naive: historical mean growth"
    base_min_obs = 3
    min_obs_per_break = 0
    break_dummies = False

    def _fit(self, prep: Prepared, fc: Forecast) -> None:
        y = prep.used.to_numpy(dtype=float)
        n = len(y)
        s = float(np.std(y, ddof=1))
        fc.distribution = Predictive("t", float(y.mean()), s * math.sqrt(1 + 1 / n), df=float(n - 1))
        fc.mean = float(y.mean())
        fc.spec = Note("historical mean")
        fc.params = {"mean": fc.mean, "sd": s}


class NaiveMedian(Model):
    """Historical median growth; MAD-based normal interval (see module doc)."""

    name = "naive_median"
    label = "Naive: historical median growth"
    base_min_obs = 3
    min_obs_per_break = 0
    break_dummies = False

    def _fit(self, prep: Prepared, fc: Forecast) -> None:
        y = prep.used.to_numpy(dtype=float)
        n = len(y)
        med = float(np.median(y))
        mad = float(np.median(np.abs(y - med)))
        if not mad > 0:
            fc.notes.insert(0, Note("more than half of the years share one value: MAD is zero"))
            return
        scale = _NORMAL_MAD * mad * math.sqrt(1 + math.pi / (2 * n))
        fc.distribution = Predictive("normal", med, scale)
        fc.mean = med
        fc.spec = Note("historical median")
        fc.params = {"median": med, "mad": mad}
