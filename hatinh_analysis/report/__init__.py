"""Dated, self-contained HTML reports built from the project's notebooks.

The steps, one module each (imports run one way, top to bottom):

- :mod:`~hatinh_analysis.report.params` — parameter declarations (read with
  ``papermill.inspect_notebook``), typed values, YAML files, the domains;
- :mod:`~hatinh_analysis.report.notebooks` — finding the notebooks;
- :mod:`~hatinh_analysis.report.folders` — staging, locks, atomic publication;
- :mod:`~hatinh_analysis.report.export` — offline HTML, code hidden, alt text;
- :mod:`~hatinh_analysis.report.index` — ``OUT/index.html``;
- :mod:`~hatinh_analysis.report.execute` — one notebook in a fresh kernel, its
  HTML and JSON sidecar;
- :mod:`~hatinh_analysis.report.pipeline` — plan, run in parallel, publish;
- :mod:`~hatinh_analysis.report.batch` — one notebook over many parameter sets;
- :mod:`~hatinh_analysis.report.cli` — ``hatinh-report``.

Inside a notebook only :func:`publish` (the machine-readable result) and
:func:`validate_parameters` are used; both are cheap to import.
"""
from __future__ import annotations

from hatinh_analysis.report.params import ParameterError, validate_parameters
from hatinh_analysis.report.result import RESULT_MIME, publish, read_result

__all__ = ["RESULT_MIME", "publish", "read_result", "ParameterError", "validate_parameters"]
