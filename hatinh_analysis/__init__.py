"""hatinh_analysis — provincial economic statistics of Hà Tĩnh (Vietnam) with provenance.

Import graph (one direction only)::

    data → formats → growth, models → breaks → combination → calibration → evaluation
         → target → plots → parameters, views → words → target_words, target_view,
           scoreboard_view, frames → report

Public names are imported lazily (PEP 562 ``__getattr__``) so that
``import hatinh_analysis`` stays cheap: statsmodels, scipy and matplotlib are only
loaded when a function that needs them is first used.

Examples
--------
>>> import hatinh_analysis as ha
>>> iip = ha.load_series("iip")            # Hà Tĩnh IIP growth, % per year
>>> result = ha.check_target(iip.loc[:2019], 10.64, 2020)   # within reach?
>>> result.verdict                       # read from the calibrated "combined" row
'plausible'
>>> result.table["model"].iloc[-1]
'combined'
"""
from __future__ import annotations

import importlib

__version__ = "0.1.0"

# public name -> submodule that defines it
_EXPORTS = {
    # data layer
    "DataError": "hatinh_analysis.data.errors",
    "parse_vn_number": "hatinh_analysis.data.numbers",
    "read_pxweb_csv": "hatinh_analysis.data.pxweb",
    "read_gso_release": "hatinh_analysis.data.gso_release",
    "read_table": "hatinh_analysis.data.tables",
    "read_user_figures": "hatinh_analysis.data.tables",
    "read_user_monthly": "hatinh_analysis.data.tables",
    "check_value": "hatinh_analysis.data.schema",
    "provinces_2025": "hatinh_analysis.data.vocab",
    "list_series": "hatinh_analysis.data.store",
    "load_observations": "hatinh_analysis.data.store",
    "load_series": "hatinh_analysis.data.store",
    "load_monthly": "hatinh_analysis.data.store",
    "read_release_workbook": "hatinh_analysis.data.gso_release",
    "load_targets": "hatinh_analysis.data.store",
    "list_sources": "hatinh_analysis.data.store",
    "data_fingerprint": "hatinh_analysis.data.store",
    # growth arithmetic
    "index_to_growth": "hatinh_analysis.growth",
    "growth_to_index": "hatinh_analysis.growth",
    "chain_link": "hatinh_analysis.growth",
    "cagr": "hatinh_analysis.growth",
    "implied_growth": "hatinh_analysis.growth",
    "cross_check_targets": "hatinh_analysis.growth",
    # models and target checks
    "MODEL_NAMES": "hatinh_analysis.models",
    "get_model": "hatinh_analysis.models",
    "check_target": "hatinh_analysis.target",
    "TargetCheck": "hatinh_analysis.target",
    "supportable_targets": "hatinh_analysis.supportable",
    "chance_curve": "hatinh_analysis.supportable",
    "target_explorer": "hatinh_analysis.explorer",
    "target_track_record": "hatinh_analysis.track_record",
    "target_report": "hatinh_analysis.target_view",
    "scoreboard_report": "hatinh_analysis.scoreboard_view",
    "sensitivity": "hatinh_analysis.target_view",
    "display_table": "hatinh_analysis.frames",
    "say": "hatinh_analysis.i18n",
    "format_probability": "hatinh_analysis.target",
    "VERDICTS": "hatinh_analysis.target",
    "backtest": "hatinh_analysis.backtesting",
    "chow_test": "hatinh_analysis.breaks",
    "cusum_test": "hatinh_analysis.breaks",
    "detect_shocks": "hatinh_analysis.breaks",
    "run_ensemble": "hatinh_analysis.combination",
    "calibrate": "hatinh_analysis.calibration",
    "scoreboard": "hatinh_analysis.evaluation",
    "load_scoreboard": "hatinh_analysis.evaluation",
    # in-year tracking
    "track_target": "hatinh_analysis.tracking",
    "TrackCheck": "hatinh_analysis.tracking",
    "required_growth": "hatinh_analysis.tracking",
    "tracking_scoreboard_frame": "hatinh_analysis.tracking_scoreboard",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str):
    try:
        module = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'hatinh_analysis' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # cache: later lookups skip __getattr__
    return value


def __dir__():
    return __all__
