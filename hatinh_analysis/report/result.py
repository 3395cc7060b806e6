"""The machine-readable result a notebook hands to the report pipeline.

A notebook ends with one call to :func:`publish`. It displays a MIME bundle of
type :data:`RESULT_MIME` (JSON) that the pipeline reads back from the executed
notebook (:func:`read_result`) for the JSON sidecar and the index page. The
bundle is dropped from the HTML export; in JupyterLab its ``text/plain``
fallback shows a one-line confirmation.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from hatinh_analysis.formats import to_jsonable

#: MIME type of the result bundle (never rendered in the HTML export).
RESULT_MIME = "application/vnd.hatinh.result+json"

#: Allowed values of the ``status`` field.
STATUSES = ("ok", "warning", "failed")


def make_result(summary: str, *, verdict: str | None = None, status: str = "ok", headline: str | None = None,
                details: Mapping[str, Any] | None = None) -> dict:
    """Build (and check) the result dictionary that :func:`publish` displays.

    *summary*: the result in plain words (shown in the index); *verdict*: a short
    label; *status*: one of :data:`STATUSES` (``"warning"`` marks a result that
    needs care); *headline*: a very short title (default: *verdict*); *details*:
    anything machine-readable (made JSON-ready with
    :func:`hatinh_analysis.formats.to_jsonable`).

    Raises
    ------
    ValueError
        If *summary* is empty or *status* unknown.
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


def publish(summary: str, *, verdict: str | None = None, status: str = "ok", headline: str | None = None,
            details: Mapping[str, Any] | None = None) -> None:
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
    """The last result an executed notebook (``nbformat.NotebookNode``) published, or ``None`` (e.g. it
    failed before its last cell)."""
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
