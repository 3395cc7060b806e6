"""Code that runs *inside* a warm report kernel (see :mod:`hatinh_analysis.report.kernels`).

:func:`prewarm` imports the heavy libraries once, reads the data tables into the
data layer's per-process cache and takes a snapshot of the global state a
notebook may change. :func:`reset` brings the kernel back to that snapshot
before the next notebook:

- the user namespace is emptied (as ``%reset -f``: variables, ``In``/``Out``,
  ``_``) and the execution counter starts again at 1;
- every pyplot figure is closed; matplotlib's ``rcParams``, pandas options,
  NumPy print and floating-point-error options, :mod:`warnings` filters (and
  the "already shown once" registries), ``sys.path`` and ``os.environ`` are
  restored;
- the working directory becomes the notebook's folder.

What is *not* reset is listed in ``docs/CONTRACTS.md`` (imported modules and
any state a notebook changed inside them, threads it started, IPython
configuration). Everything here is best effort and never raises: a failed
restore step must not fail the report (it is reported by :func:`reset`'s
return value instead).

This module imports nothing heavy at import time; it is imported by the kernel
only.
"""
from __future__ import annotations

import copy
import importlib
import os
import sys
import warnings

#: Modules imported by :func:`prewarm` (the ones the report notebooks use).
DEFAULT_MODULES = (
    "numpy",
    "pandas",
    "scipy.stats",
    "statsmodels.api",
    "matplotlib",
    "matplotlib.pyplot",
    "seaborn",
    "hatinh_analysis",
    "hatinh_analysis.data.store",
    "hatinh_analysis.growth",
    "hatinh_analysis.models",
    "hatinh_analysis.target",
    "hatinh_analysis.backtesting",
    "hatinh_analysis.plots",
    "hatinh_analysis.report.checks",
    "hatinh_analysis.report.narrative",
    "hatinh_analysis.report.tables",
    "tqdm.auto",
)

_SNAPSHOT: dict = {}


def _pandas_options():
    pd = sys.modules.get("pandas")
    if pd is None:
        return None
    try:
        from pandas._config import config as cfg

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return {k: copy.deepcopy(cfg.get_option(k)) for k in list(cfg._registered_options)
                    if k not in cfg._deprecated_options}
    except Exception:  # pragma: no cover - pandas internals moved
        return None


def _same(a, b) -> bool:
    try:
        return bool(a == b)
    except Exception:  # e.g. arrays
        return a is b


def _snapshot() -> dict:
    snap: dict = {
        "warnings": list(warnings.filters),
        "sys_path": list(sys.path),
        "environ": dict(os.environ),
    }
    mpl = sys.modules.get("matplotlib")
    if mpl is not None:
        snap["rc"] = dict(mpl.rcParams)
    np = sys.modules.get("numpy")
    if np is not None:
        snap["np_err"] = np.geterr()
        snap["np_print"] = np.get_printoptions()
    snap["pandas"] = _pandas_options()
    return snap


def prewarm(modules=DEFAULT_MODULES, load_data: bool = True) -> list[str]:
    """Import *modules*, fill the data cache and snapshot the global state.

    Returns
    -------
    list of str
        ``"module: error"`` for every import that failed (the kernel stays usable).
    """
    import gc

    # Importing the libraries allocates millions of long-lived objects, and the collector
    # would keep re-walking them while they arrive: with it off, these imports take ~1.1 s
    # instead of ~1.5 s (measured). What they leave behind is frozen below instead of collected.
    was_enabled = gc.isenabled()
    gc.disable()
    problems = []
    try:
        for name in modules:
            try:
                importlib.import_module(name)
            except Exception as exc:  # a missing optional library is not fatal
                problems.append(f"{name}: {type(exc).__name__}: {exc}")
        if load_data:
            try:
                from hatinh_analysis.data.store import list_series

                list_series()  # parses observations.csv and sources.csv once per kernel
            except Exception as exc:
                problems.append(f"data: {type(exc).__name__}: {exc}")
        _SNAPSHOT.clear()
        _SNAPSHOT.update(_snapshot())
    finally:
        # The libraries' objects live as long as the kernel: move them out of the garbage
        # collector's sight, so the full collection in every reset (IPython's %reset runs
        # gc.collect()) only walks what the notebooks created. (No collection first: the
        # import-time garbage is small and would cost ~0.1 s to find.)
        gc.freeze()
        if was_enabled:  # the kernel template keeps it off until it forks (see _template_process)
            gc.enable()
    return problems


def reset(cwd: str | None = None) -> list[str]:
    """Bring the kernel back to the state :func:`prewarm` recorded (see the module docstring).

    Returns
    -------
    list of str
        Steps that could not be restored (empty when all went well).
    """
    problems = []
    snap = _SNAPSHOT or _snapshot()
    try:
        ip = get_ipython()  # noqa: F821 - defined in the kernel
        ip.reset(new_session=False)  # what %reset -f does
        ip.execution_count = 1
    except Exception as exc:
        problems.append(f"namespace: {exc}")
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is not None:
        try:
            plt.close("all")
        except Exception as exc:  # pragma: no cover
            problems.append(f"figures: {exc}")
    mpl = sys.modules.get("matplotlib")
    if mpl is not None and "rc" in snap:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                changed = {k: v for k, v in snap["rc"].items() if not _same(mpl.rcParams.get(k), v)}
                if changed:
                    mpl.rcParams.update(changed)
        except Exception as exc:  # pragma: no cover
            problems.append(f"rcParams: {exc}")
    np = sys.modules.get("numpy")
    if np is not None and "np_err" in snap:
        try:
            np.seterr(**snap["np_err"])
            np.set_printoptions(**snap["np_print"])
        except Exception as exc:  # pragma: no cover
            problems.append(f"numpy options: {exc}")
    if snap.get("pandas"):
        try:
            from pandas._config import config as cfg

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                for key, value in snap["pandas"].items():
                    if cfg.get_option(key) != value:
                        cfg.set_option(key, copy.deepcopy(value))
        except Exception as exc:  # pragma: no cover
            problems.append(f"pandas options: {exc}")
    warnings.filters[:] = snap["warnings"]
    warnings._filters_mutated()  # forget which warnings were already shown once
    sys.path[:] = snap["sys_path"]
    if dict(os.environ) != snap["environ"]:
        os.environ.clear()
        os.environ.update(snap["environ"])
    if cwd:
        try:
            os.chdir(cwd)
        except OSError as exc:
            problems.append(f"cwd: {exc}")
    return problems
