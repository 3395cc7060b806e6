"""Dated, self-contained HTML reports built from the project's notebooks.

The pipeline is split into small steps so that each can be reused, timed or
replaced on its own (see :mod:`hatinh_analysis.report.pipeline`):

1. :func:`~hatinh_analysis.report.params.resolve_parameters` — parse and check
   every parameter *before* any notebook runs (one place owns the rules);
2. :func:`~hatinh_analysis.report.execute.execute_notebook` — run one notebook
   with papermill, in a warm kernel (:mod:`~hatinh_analysis.report.kernels`,
   :mod:`~hatinh_analysis.report.workers`: started while step 1 runs, reset
   between notebooks, one per worker process, forked from one pre-imported
   :mod:`~hatinh_analysis.report.kernel_template`);
3. :func:`~hatinh_analysis.report.export.export_html` — offline HTML, code hidden;
4. :func:`~hatinh_analysis.report.sidecar.write_sidecar` — the JSON record;
5. :func:`~hatinh_analysis.report.folders.publish_run` — atomic move into
   ``OUT/DATE`` (``DATE-2``, ``DATE-3`` … for later runs on the same day);
6. :func:`~hatinh_analysis.report.index.write_index` — ``OUT/index.html``.

:mod:`~hatinh_analysis.report.batch` runs one notebook over a grid of parameter
sets through the same steps and adds a summary table.

Inside a notebook only :func:`publish` (the machine-readable result) and
:func:`validate_parameters` are used; both are cheap to import.
"""
from __future__ import annotations

from hatinh_analysis.report.result import RESULT_MIME, publish, read_result
from hatinh_analysis.report.params import ParameterError, validate_parameters

__all__ = ["RESULT_MIME", "publish", "read_result", "ParameterError", "validate_parameters"]
