"""The JSON record written beside every report (``<stem>.json``)."""
from __future__ import annotations

import json
import os
import platform
from pathlib import Path
from typing import Any

from hatinh_analysis.report.result import to_jsonable

__all__ = ["SIDECAR_VERSION", "build_sidecar", "write_sidecar", "read_sidecar"]

#: Format version of the sidecar (bump when keys change meaning).
SIDECAR_VERSION = 1


def build_sidecar(
    *,
    notebook: str,
    title: str,
    source: str,
    status: str,
    parameters: dict[str, Any],
    overrides: dict[str, Any],
    result: dict[str, Any] | None,
    error: dict[str, Any] | None,
    report_date: str,
    started_at: str,
    finished_at: str,
    timings: dict[str, float],
    data_fingerprint: str | None,
    package_version: str,
    with_code: bool,
    kernel_name: str,
    name: str | None = None,
    batch: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Assemble the sidecar dictionary (see :func:`write_sidecar` for the keys).

    Returns
    -------
    dict
        JSON-ready.
    """
    result = result or None
    name = name or notebook
    side = {
        "sidecar_version": SIDECAR_VERSION,
        "notebook": notebook,
        "title": title,
        "source": source,
        "status": status,
        "verdict": result.get("verdict") if result else None,
        "summary": result.get("summary") if result else None,
        "result": result,
        "error": error,
        "parameters": parameters,
        "overrides": overrides,
        "report_date": report_date,
        "started_at": started_at,
        "finished_at": finished_at,
        "timings": {k: round(float(v), 3) for k, v in timings.items()},
        "data_fingerprint": data_fingerprint,
        "package": {"name": "hatinh_analysis", "version": package_version},
        "python": platform.python_version(),
        "kernel": kernel_name,
        "html_with_code": with_code,
        "files": {"notebook": f"{name}.ipynb", "html": f"{name}.html"},
    }
    if batch is not None:
        side["batch"] = batch
    return to_jsonable(side)


def write_sidecar(path: str | os.PathLike, sidecar: dict[str, Any]) -> Path:
    """Write *sidecar* as indented UTF-8 JSON.

    Keys: ``notebook`` (stem), ``title``, ``source`` (notebook file),
    ``status`` (``ok``/``warning``/``failed``), ``verdict`` and ``summary`` (from
    the published result), ``result`` (all of it), ``error`` (``ename``,
    ``evalue``, ``cell`` or null), ``parameters`` (every value used),
    ``overrides`` (those given on the command line or in the YAML file),
    ``report_date``, ``started_at``/``finished_at`` (ISO, local time with
    offset), ``timings`` (``execute_seconds`` — kernel start included,
    ``export_html_seconds``, ``total_seconds``),
    ``data_fingerprint``, ``package`` (name, version), ``python``, ``kernel``,
    ``html_with_code``, ``files`` (the ``.ipynb`` and ``.html`` beside it);
    for a set of a batch also ``batch`` (``set``: its number from 1, ``varying``:
    the parameters that differ between the sets, with this set's values).
    """
    path = Path(path)
    path.write_text(json.dumps(sidecar, indent=2, ensure_ascii=False, allow_nan=False) + "\n", encoding="utf-8")
    return path


def read_sidecar(path: str | os.PathLike) -> dict[str, Any] | None:
    """Read a sidecar; ``None`` if it is missing or not valid JSON."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
