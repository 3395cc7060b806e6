"""The machine-readable result a notebook hands to the report pipeline.

A notebook ends with one call to :func:`publish`. It displays a MIME bundle of
type :data:`RESULT_MIME` (JSON) that the pipeline reads back from the executed
notebook (:func:`read_result`) for the JSON sidecar and the index page. The
bundle is dropped from the HTML export; in JupyterLab its ``text/plain``
fallback shows a one-line confirmation.
"""
from __future__ import annotations

import datetime as _dt
import json
import math
from collections.abc import Mapping
from typing import Any

#: MIME type of the result bundle (never rendered in the HTML export).
RESULT_MIME = "application/vnd.hatinh.result+json"

#: Allowed values of the ``status`` field.
STATUSES = ("ok", "warning", "failed")


def to_jsonable(value: Any) -> Any:
    """Convert *value* into plain JSON types.

    NumPy scalars become Python numbers, NaN/±inf become ``None``, tuples and
    sets become lists, dates become ISO strings, pandas objects are converted
    with ``to_dict``/``tolist`` and mapping keys become strings.

    Parameters
    ----------
    value : object
        Anything a notebook might want to publish.

    Returns
    -------
    object
        A structure made of dict, list, str, int, float, bool and None.
    """
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_jsonable(v) for v in value]
    # numpy / pandas without importing them
    if hasattr(value, "item") and getattr(value, "ndim", None) == 0:
        return to_jsonable(value.item())
    if hasattr(value, "to_dict") and hasattr(value, "columns"):  # DataFrame
        return to_jsonable(value.to_dict(orient="records"))
    if hasattr(value, "to_dict"):  # Series
        return to_jsonable(value.to_dict())
    if hasattr(value, "tolist"):
        return to_jsonable(value.tolist())
    return str(value)


def make_result(
    summary: str,
    *,
    verdict: str | None = None,
    status: str = "ok",
    headline: str | None = None,
    details: Mapping[str, Any] | None = None,
) -> dict:
    """Build (and check) the result dictionary that :func:`publish` displays.

    Parameters
    ----------
    summary : str
        The result in plain words, one or two sentences (shown in the index).
    verdict : str, optional
        A short label, e.g. the combined verdict of a target check.
    status : {"ok", "warning", "failed"}
        ``"warning"`` marks a notebook that ran but whose result needs care.
    headline : str, optional
        A very short title for the index (defaults to *verdict*).
    details : mapping, optional
        Any further machine-readable content (converted with :func:`to_jsonable`).

    Returns
    -------
    dict
        Keys ``summary``, ``verdict``, ``status``, ``headline``, ``details``.

    Raises
    ------
    ValueError
        If *summary* is empty or *status* is not one of :data:`STATUSES`.
    """
    if not isinstance(summary, str) or not summary.strip():
        raise ValueError("publish(summary=...) needs a non-empty text")
    if status not in STATUSES:
        raise ValueError(f"publish(status={status!r}): expected one of {', '.join(STATUSES)}")
    return {
        "summary": summary.strip(),
        "verdict": None if verdict is None else str(verdict),
        "status": status,
        "headline": headline if headline is not None else (None if verdict is None else str(verdict)),
        "details": to_jsonable(dict(details or {})),
    }


def publish(
    summary: str,
    *,
    verdict: str | None = None,
    status: str = "ok",
    headline: str | None = None,
    details: Mapping[str, Any] | None = None,
) -> None:
    """Publish a notebook's result for the report pipeline.

    Call it once, in the last cell of a notebook. The result is displayed as a
    :data:`RESULT_MIME` bundle; the pipeline reads the last such bundle of the
    executed notebook into the JSON sidecar and the index.

    Parameters
    ----------
    summary, verdict, status, headline, details
        See :func:`make_result`.

    Returns
    -------
    None
        (Nothing, so that the notebook does not echo the dictionary; use
        :func:`make_result` to build one without displaying it.)

    Examples
    --------
    >>> from hatinh_analysis.report import publish
    >>> publish("The 2020 target of +10.64% is below every model's central forecast.",
    ...         verdict="consistent")  # doctest: +SKIP
    """
    result = make_result(summary, verdict=verdict, status=status, headline=headline, details=details)
    text = f"Result recorded for the report: {result['headline'] or result['summary']}"
    try:
        from IPython.display import display
    except ImportError:  # pragma: no cover - IPython is a dependency of ipykernel
        print(text)
        return None
    # a round trip through json guarantees the bundle is valid JSON
    display({RESULT_MIME: json.loads(json.dumps(result)), "text/plain": text}, raw=True)


def read_result(nb) -> dict | None:
    """Return the last published result of an executed notebook.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        An executed notebook.

    Returns
    -------
    dict or None
        The result dictionary, or ``None`` when the notebook published nothing
        (for example because it failed before its last cell).
    """
    found = None
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            data = output.get("data") or {}
            if RESULT_MIME in data:
                payload = data[RESULT_MIME]
                if isinstance(payload, str):  # some writers store JSON as text
                    try:
                        payload = json.loads(payload)
                    except ValueError:
                        continue
                if isinstance(payload, Mapping):
                    found = dict(payload)
    return found
