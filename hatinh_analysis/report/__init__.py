"""Dated, self-contained HTML reports built from the project's notebooks.

Modules, imported one way (top to bottom): ``params`` (declarations read by
papermill, typed values, YAML), ``notebooks`` (finding them), ``folders``
(staging, locks, atomic publication), ``export`` (offline HTML), ``index``,
``execute`` (one notebook in a fresh kernel, its HTML and sidecar), ``pipeline``
(plan, run in parallel, publish), ``batch`` and ``cli`` (``hatinh-report``).
Inside a notebook only :func:`publish` and :func:`validate_parameters` are used;
both are cheap to import.
"""
from __future__ import annotations

from hatinh_analysis.report.params import ParameterError, validate_parameters
from hatinh_analysis.report.result import RESULT_MIME, publish, read_result

__all__ = ["RESULT_MIME", "publish", "read_result", "ParameterError", "validate_parameters"]
