"""The tracker's committed scoreboard, read: its record at a month and level, and the scores.

Split from :mod:`hatinh_analysis.tracking_scoreboard` (which builds the table and re-exports
these) so that :func:`hatinh_analysis.tracking.track_target` reads the printing rule's record
without importing the module that imports it (no import cycle).
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from hatinh_analysis.evaluation import level_scores

__all__ = ["record_for", "score_frame", "load_tracking_scoreboard", "TABLE_PATH", "META_PATH",
           "REBUILD_COMMAND"]

TABLE_PATH = Path(__file__).with_name("tracking_scoreboard.csv")
META_PATH = Path(__file__).with_name("tracking_scoreboard.json")
REBUILD_COMMAND = "python -m hatinh_analysis.tracking_scoreboard build"


def score_frame(rows: pd.DataFrame) -> dict:
    """Coverage (hits, n, share, Wilson band, word) at 50/80/95 %, interval scores at 80/95 %,
    CRPS and the number of distinct years, for any set of scoreboard rows
    (`hatinh_analysis.evaluation.level_scores`, the annual scoreboard's rule)."""
    y = rows["actual"].to_numpy(dtype=float)
    rec = {"n": len(rows), "years": int(rows["year"].nunique()) if len(rows) else 0}
    if not len(rows):
        return rec
    rec.update(level_scores(rows)[0])
    rec["crps"] = float(rows["crps"].mean())
    rec["mae"] = float(np.mean(np.abs(rows["forecast"].to_numpy(dtype=float) - y)))
    return rec


def load_tracking_scoreboard() -> tuple[pd.DataFrame, dict]:
    """The committed table and its metadata (settings, fingerprint)."""
    table = pd.read_csv(TABLE_PATH, dtype={"series": str, "published": str, "final_published": str})
    meta = json.loads(META_PATH.read_text(encoding="utf-8")) if META_PATH.exists() else {}
    return table, meta


def record_for(month: int, level: float, as_of=None, table: pd.DataFrame | None = None) -> dict:
    """The tracker's record at ``month`` and ``level`` from the committed table, counting only
    outcomes published by ``as_of`` (the printing rule reads no coverage known later)."""
    if table is None:
        try:
            table, _meta = load_tracking_scoreboard()
        except FileNotFoundError:
            return {"level": level, "word": "not scored"}
    d = table[(table["method"] == "tracker") & (table["month"] == int(month))]
    if as_of is not None:
        d = d[pd.to_datetime(d["final_published"]) <= pd.Timestamp(as_of)]
    k = f"{round(level * 100)}"
    rec = score_frame(d) if len(d) else {}
    if f"hits_{k}" not in rec:
        return {"level": level, "word": "not scored", "n": len(d)}
    return {"level": level, "hits": rec[f"hits_{k}"], "n": rec["n"], "coverage": rec[f"coverage_{k}"],
            "wilson": [rec[f"wilson_lo_{k}"], rec[f"wilson_hi_{k}"]], "word": rec[f"calibration_{k}"],
            "years": rec["years"], "month": int(month)}
