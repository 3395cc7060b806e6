"""A disk cache for the target-independent part of a check, shared by the kernels of one batch.

A batch over target values (``hatinh-report batch`` with ``grid: {target_growth: [...]}``)
runs notebook 02 once per target, each in a fresh kernel. The forecast does not depend on
the target: only the chance and the verdict do. :func:`disk_cached` wraps the expensive,
target-free steps (:func:`hatinh_analysis.combination.run_ensemble` and the outside
view's REML fit) so that, while :data:`CACHE_ENV` names a folder, a call with the same
inputs — every argument, hashed with :func:`joblib.hash`, and the package version — is
computed once and read back by every later kernel. The target never reaches these
functions, so the cache is keyed by everything but the target.

The batch runner sets :data:`CACHE_ENV` to a temporary folder for the duration of one
batch (:func:`hatinh_analysis.report.batch.run_batch`) and removes it afterwards: nothing
is kept between runs, so a change of data or code can never be served stale. Without the
variable (notebooks, ``hatinh-report run``, tests) the functions run as before.
"""
from __future__ import annotations

import contextlib
import functools
import os
import pickle
import tempfile
from pathlib import Path

__all__ = ["CACHE_ENV", "disk_cached", "forecast_cache"]

#: Environment variable naming the cache folder (unset: no cache).
CACHE_ENV = "HATINH_FORECAST_CACHE"


def disk_cached(func):
    """Decorate a pure, target-free function: results kept in ``$HATINH_FORECAST_CACHE`` when set.

    The key is :func:`joblib.hash` of the function's module and name, the package
    version and every argument (pandas objects with their ``attrs``). A file is
    written to a temporary name and renamed, so a kernel never reads a half-written
    one; an unreadable file is recomputed.
    """
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        folder = os.environ.get(CACHE_ENV)
        if not folder:
            return func(*args, **kwargs)
        import joblib

        from hatinh_analysis import __version__

        key = joblib.hash((func.__module__, func.__qualname__, __version__, args, sorted(kwargs.items())))
        path = Path(folder) / f"{func.__name__}-{key}.pkl"
        try:
            with open(path, "rb") as f:
                return pickle.load(f)
        except FileNotFoundError:
            pass
        except Exception:  # noqa: BLE001 - unreadable (torn, foreign, garbage) raises many kinds: compute again
            pass
        result = func(*args, **kwargs)
        try:
            with tempfile.NamedTemporaryFile("wb", dir=folder, suffix=".tmp", delete=False) as f:
                pickle.dump(result, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(f.name, path)
        except OSError:  # a full or read-only folder only costs the reuse
            with contextlib.suppress(OSError, NameError):
                os.unlink(f.name)
        return result
    return wrapper


@contextlib.contextmanager
def forecast_cache(enabled: bool = True):
    """Within the block, :func:`disk_cached` functions of this process and of the kernels it
    starts share a fresh temporary folder; it is removed on exit (the variable restored)."""
    if not enabled:
        yield None
        return
    before = os.environ.get(CACHE_ENV)
    with tempfile.TemporaryDirectory(prefix="hatinh-forecast-cache-") as folder:
        os.environ[CACHE_ENV] = folder
        try:
            yield Path(folder)
        finally:
            if before is None:
                os.environ.pop(CACHE_ENV, None)
            else:
                os.environ[CACHE_ENV] = before
