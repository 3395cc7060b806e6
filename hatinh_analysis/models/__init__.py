"""Forecasting models for short annual growth series, behind one interface.

Every model takes a Series of annual growth rates in % indexed by int year and
returns a `Forecast` (point forecast, predictive distribution, AICc, notes) for
one target year. Model modules are imported only when the model is requested, so
``import hatinh_analysis.models`` does not load statsmodels or scipy.

=======================  ==========================================  =========
name                     model                                       min. n
=======================  ==========================================  =========
``mean_growth``          random walk with drift on the log level     3
                         (i.i.d. log growth), Student-t interval
``linear_trend``         OLS of growth on year, t prediction         4
                         interval (optional HAC)
``ets``                  ETS(A,N,N) or ETS(A,Ad,N) by AICc           7 (10 for
                         (statsmodels ``ETSModel``)                  damped)
``local_linear_trend``   structural model (statsmodels               7 (9 for a
                         ``UnobservedComponents``): local linear     stochastic
                         trend, falling back to random walk with     slope)
                         drift + noise or local level
``arima``                ARIMA(0,0,0)+c, (1,0,0)+c or (0,1,1) by     7
                         AICc (statsmodels ``ARIMA``)
=======================  ==========================================  =========

Each break year adds one to the minimum (one more coefficient), except for
``ets``, which is fitted to the years from the last break on.

Which model when?  With 5-15 annual observations no model can be trusted
alone: ``mean_growth`` and ``linear_trend`` carry parameter uncertainty in their
Student-t intervals and are the most honest for n < 8; the state-space models
(``ets``, ``local_linear_trend``, ``arima``) adapt to recent years but their
intervals are plug-in (they ignore parameter uncertainty) and therefore too
narrow for short series. Compare them rather than pick one.
"""
from __future__ import annotations

import importlib

from hatinh_analysis.models.base import Forecast, Model, ModelError

__all__ = ["MODEL_NAMES", "BENCHMARK_NAMES", "FAMILIES", "get_model", "model_family",
           "Forecast", "Model", "ModelError"]

#: Model names in the order they are shown (the members of the combination).
MODEL_NAMES = ("mean_growth", "linear_trend", "ets", "local_linear_trend", "arima")

#: Naive benchmarks (`hatinh_analysis.models.naive`): scored beside the models, never combined.
BENCHMARK_NAMES = ("naive_last", "naive_mean", "naive_median")

#: Model families for the equal-weight combination: a chosen specification -> family.
#: ETS(A,N,N), ARIMA(0,1,1) and the local level model are the same model (simple
#: exponential smoothing; Hyndman et al. 2008, §3.4/§11.1), ARIMA(0,0,0)+c is the
#: i.i.d. mean model like ``mean_growth``: duplicates are averaged into one member.
FAMILIES = {
    "mean": "constant mean growth",
    "level": "wandering level (simple exponential smoothing)",
    "trend": "trend in growth",
    "ar": "persistent deviations (AR(1))",
    "pooled": "outside view: all provinces",
}

_CLASSES = {
    "mean_growth": ("hatinh_analysis.models.mean_growth", "MeanGrowth"),
    "linear_trend": ("hatinh_analysis.models.linear_trend", "LinearTrend"),
    "ets": ("hatinh_analysis.models.ets", "ETS"),
    "local_linear_trend": ("hatinh_analysis.models.local_linear_trend", "LocalLinearTrend"),
    "arima": ("hatinh_analysis.models.arima", "Arima"),
    "naive_last": ("hatinh_analysis.models.naive", "NaiveLast"),
    "naive_mean": ("hatinh_analysis.models.naive", "NaiveMean"),
    "naive_median": ("hatinh_analysis.models.naive", "NaiveMedian"),
}


def model_family(model: str, spec: str | None) -> str | None:
    """Family (a key of `FAMILIES`) of a fitted model, from its name and chosen spec.

    When to use
        Before averaging forecasts, so that one model fitted twice is not counted twice.

    Use it to merge duplicate members before an equal-weight combination
    (M4: combine *distinct* methods). Returns None for the naive benchmarks.

    >>> model_family("arima", "ARIMA(0,1,1)"), model_family("ets", "ETS(A,N,N)")
    ('level', 'level')
    """
    spec = getattr(spec, "id", spec) or ""   # a Note's message id ("local level")
    if model == "mean_growth" or spec.startswith("ARIMA(0,0,0)"):
        return "mean"
    if spec in ("ETS(A,N,N)", "ARIMA(0,1,1)", "local level"):
        return "level"
    if spec.startswith("ARIMA(1,0,0)"):
        return "ar"
    if model in ("linear_trend", "linear_trend_hac", "ets", "local_linear_trend"):
        return "trend"
    if model == "pooled":
        return "pooled"
    return None


def get_model(name: str, **options) -> Model:
    """Return a model object by name.

    When to use
        To run one model on its own, or to pass a model with options to `check_target`.

    Parameters
    ----------
    name : str
        One of `MODEL_NAMES`.
    **options
        Model options, e.g. ``get_model("linear_trend", hac=True)``.

    Raises
    ------
    ModelError
        Unknown name (the message lists the valid names) or unknown option.
    """
    if isinstance(name, Model):
        if options:
            raise ModelError("get_model: options cannot be given with a model object")
        return name
    if not isinstance(name, str) or name not in _CLASSES:
        raise ModelError(f"unknown model name {name!r}; valid names: {', '.join(MODEL_NAMES)}")
    module, cls = _CLASSES[name]
    klass = getattr(importlib.import_module(module), cls)
    try:
        return klass(**options)
    except TypeError as exc:
        raise ModelError(f"get_model({name!r}): {exc}") from None


def resolve_models(models) -> list[Model]:
    """``None`` -> all models; a name, a model, or a list of names/models -> list of
    model objects (duplicates removed, order kept). Raises `ModelError` listing the
    valid names for unknown ones."""
    if models is None:
        models = MODEL_NAMES
    elif isinstance(models, (str, Model)):
        models = [models]
    try:
        items = list(models)
    except TypeError:
        raise ModelError(f"models must be a model name or a list of names, got {models!r}") from None
    if not items:
        raise ModelError(f"models is empty; valid names: {', '.join(MODEL_NAMES)}")
    unknown = [m for m in items if not isinstance(m, Model) and m not in _CLASSES]
    if unknown:
        raise ModelError(f"unknown model name(s) {', '.join(repr(u) for u in unknown)}; "
                         f"valid names: {', '.join(MODEL_NAMES)}")
    out, seen = [], set()
    for m in items:
        obj = get_model(m)
        if obj.key in seen:
            continue
        seen.add(obj.key)
        out.append(obj)
    return out
