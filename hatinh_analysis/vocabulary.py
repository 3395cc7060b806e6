"""The reports' vocabularies: display names of codes, labels and plural messages, by key.

Data only (English msgids of the catalogue, marked for ``pybabel extract``): the one place
per kind of code (:data:`TERMS`), the recurring labels of the pages (:data:`LABELS`) and the
messages with a number (:data:`PLURALS`). :mod:`hatinh_analysis.i18n` translates them
(``term``, ``label``, ``plural``) and re-exports these names; split from it to keep that
module to the machinery (catalogues, numbers, dates, notes, chart font).
"""
from __future__ import annotations

__all__ = ["N_", "NC_", "NP_", "TERMS", "LABELS", "PLURALS"]


def N_(message: str) -> str:
    """Mark a message for extraction without translating it (translated where shown)."""
    return message


def NC_(context: str, message: str) -> str:
    """Mark a message with a context (``msgctxt``) for extraction; returns the message."""
    return message


def NP_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a message with a plural for extraction; returns ``(singular, plural)``."""
    return singular, plural


# --------------------------------------------------------------------------- vocabulary
#: Display names by kind and id; the kind is the gettext context, the English name the
#: msgid. ``term(kind, id, lang)`` looks them up. Indicator names equal the labels of
#: ``hatinh_analysis.data.vocab.INDICATORS`` (a test keeps them equal).
TERMS: dict[str, dict[str, str]] = {
    "status": {
        "final": NC_("status", "final"),
        "preliminary": NC_("status", "preliminary"),
        "estimate": NC_("status", "estimate"),
        "target": NC_("status", "target"),
    },
    "indicator": {
        "iip": NC_("indicator", "Industrial production index (IIP)"),
        "industrial_output": NC_("indicator", "Gross industrial output value"),
        "industrial_output_growth": NC_("indicator", "Growth of gross industrial output value"),
        "exports": NC_("indicator", "Exports of goods"),
        "imports": NC_("indicator", "Imports of goods"),
        "grdp_growth": NC_("indicator", "GRDP growth"),
        "steel_output": NC_("indicator", "Steel output (Formosa Hà Tĩnh)"),
    },
    # short unit words after an amount ("75,800 bn VND")
    "unit": {
        "bn_vnd": NC_("unit", "bn VND"),
        "mn_usd": NC_("unit", "m USD"),
        "mn_tonnes": NC_("unit", "m tonnes"),
    },
    # axis labels (the words of hatinh_analysis.plots.unit_label)
    "axis": {
        "pct_change": NC_("axis", "growth over the previous year, %"),
        "index_prev_year=100": NC_("axis", "index, previous year = 100"),
        "bn_vnd": NC_("axis", "billion VND"),
        "mn_usd": NC_("axis", "million USD"),
        "mn_tonnes": NC_("axis", "million tonnes"),
        "year": NC_("axis", "Year"),
        "year_of_figure": NC_("axis", "Year the figure is about"),
    },
    "basis": {
        "constant_1994": NC_("basis", "constant 1994 prices"),
        "constant_2010": NC_("basis", "constant 2010 prices"),
        "current_prices": NC_("basis", "current prices"),
        "comparable_unstated": NC_("basis", "constant prices, base year not stated"),
        "unstated": NC_("basis", "price basis not stated"),
        "iip": NC_("basis", "production index"),
        "": NC_("basis", "no price basis"),
    },
    # the verdict words, by the codes of hatinh_analysis.target.VERDICTS. Chosen so that
    # they cannot be read backwards (issue 18): each says what happens to the target, never
    # the planners' attitude ("cautious"/"thận trọng" read as "risky" but meant "below
    # the range"; "conservative" likewise). The glossary holds them (locale/glossary.csv).
    "verdict": {
        "ambitious": NC_("verdict", "hard to reach"),
        "plausible": NC_("verdict", "within reach"),
        "cautious": NC_("verdict", "likely to be exceeded"),
        "uncertain": NC_("verdict", "too uncertain to judge"),
    },
    # what each verdict says about the target and the calibrated (likely) range
    "verdict_meaning": {
        "ambitious": NC_("verdict_meaning", "the target lies above the likely range"),
        "plausible": NC_("verdict_meaning", "the target lies within the likely range"),
        "cautious": NC_("verdict_meaning", "the target lies below the likely range"),
        "uncertain": NC_("verdict_meaning", "the likely range is too wide to judge the target"),
    },
    # the chance column of check.table (hatinh_analysis.target.CHANCE_CODES)
    "chance": {
        "printed": NC_("chance", "printed"),
        "withheld": NC_("chance", "withheld"),
        "not_calibrated": NC_("chance", "not calibrated"),
        "none": NC_("chance", "none"),
    },
    # outcomes of a target (hatinh_analysis.track_record.RESULTS)
    "result": {
        "met": NC_("result", "met"),
        "missed": NC_("result", "missed"),
        "no outcome": NC_("result", "no outcome"),
        "not comparable": NC_("result", "not comparable"),
        "superseded": NC_("result", "superseded"),
    },
    "model": {
        "mean_growth": NC_("model", "mean growth"),
        "linear_trend": NC_("model", "linear trend"),
        "ets": NC_("model", "ETS"),
        "local_linear_trend": NC_("model", "local linear trend"),
        "arima": NC_("model", "ARIMA"),
        "combined": NC_("model", "combined"),
        "pooled": NC_("model", "outside view (all provinces)"),
    },
    # the methods as named in table rows and headers (capitalised; TERMS["model"] is the
    # lower-case name inside a sentence)
    "method": {
        "mean_growth": NC_("method", "Mean growth"),
        "linear_trend": NC_("method", "Linear trend"),
        "ets": NC_("method", "Exponential smoothing (ETS)"),
        "local_linear_trend": NC_("method", "Local linear trend"),
        "arima": NC_("method", "ARIMA"),
        "pooled": NC_("method", "Outside view (all provinces)"),
        "combined": NC_("method", "Combined (plug-in)"),
        "calibrated": NC_("method", "Combined, calibrated"),
        "naive_last": NC_("method", "Naive: last year"),
        "naive_mean": NC_("method", "Naive: historical mean"),
        "naive_median": NC_("method", "Naive: historical median"),
        "national_same_year": NC_("method", "National growth of the year"),
        # the calibration variants (hatinh_analysis.calibration.calibrate)
        "calibrated_pooled": NC_("method", "Calibrated: pooled errors"),
        "calibrated_year_blocks": NC_("method", "Calibrated: years as units"),
        "calibrated_year_effects": NC_("method", "Calibrated: year random effect"),
        "calibrated_year_mix": NC_("method", "Calibrated: year effect + within-year errors"),
        "calibrated_similar": NC_("method", "Calibrated: similar series weighted"),
        # the in-year tracker (hatinh_analysis.tracking.METHODS and its scoreboard)
        "needed": NC_("method", "Growth the remaining months need"),
        "needed_profile": NC_("method", "Growth the remaining months need, last year's monthly profile"),
        "naive": NC_("method", "Naive: the year ends where it stands"),
        "naive_range": NC_("method", "Naive rule with a range from past errors"),
        "tracker": NC_("method", "In-year tracker, calibrated"),
        "annual": NC_("method", "Annual check made before the year"),
    },
    "ref_class": {  # the scoreboard's classes of series (calibration.series_class)
        "province": NC_("ref_class", "provinces"),
        "industry": NC_("ref_class", "industries"),
        "national": NC_("ref_class", "whole country"),
    },
    # the scoreboard's coverage words (hatinh_analysis.evaluation.coverage_word)
    "coverage": {
        "as promised": NC_("coverage", "as promised"),
        "too narrow": NC_("coverage", "too narrow"),
        "too wide": NC_("coverage", "too wide"),
        "too few forecasts": NC_("coverage", "too few forecasts"),
        "not scored": NC_("coverage", "not scored"),
    },
    # model families of the combination (hatinh_analysis.combination)
    "family": {
        "mean": NC_("family", "mean"),
        "trend": NC_("family", "trend"),
        "level": NC_("family", "level"),
        "pooled": NC_("family", "outside view"),
    },
    "area": {
        "vietnam": NC_("area", "Whole country"),
    },
    # the same inside a sentence ("faster than the whole country" / "nhanh hơn cả nước")
    "area_in_sentence": {
        "vietnam": NC_("area_in_sentence", "the whole country"),
    },
    # publishers whose name a Vietnamese reader knows in Vietnamese (data/sources.csv keeps the
    # name as published; the statistics office's own name for itself is Tổng cục Thống kê)
    "publisher": {
        "General Statistics Office of Viet Nam": NC_("publisher", "General Statistics Office of Viet Nam"),
    },
    # the state of one report of a run (hatinh_analysis.report sidecars' ``status``)
    "run_status": {
        "ok": NC_("run_status", "ok"),
        "warning": NC_("run_status", "warning"),
        "failed": NC_("run_status", "failed"),
        "unknown": NC_("run_status", "unknown"),
    },
    # columns of a batch's summary page (hatinh_analysis.report.batch.headline_numbers)
    "batch_column": {
        "models_usable": NC_("batch_column", "models usable"),
        "models_agreeing": NC_("batch_column", "models agreeing"),
        "prob_reach_min": NC_("batch_column", "prob reach min"),
        "prob_reach_max": NC_("batch_column", "prob reach max"),
        "forecast_median": NC_("batch_column", "forecast median"),
        "forecasts": NC_("batch_column", "forecasts"),
        "coverage_min": NC_("batch_column", "coverage min"),
        "coverage_max": NC_("batch_column", "coverage max"),
        "mae_median": NC_("batch_column", "mae median"),
        # what notebook 02 publishes as details.numbers
        "forecast": NC_("batch_column", "central forecast"),
        "lower": NC_("batch_column", "range from"),
        "upper": NC_("batch_column", "range to"),
        "prob_reach": NC_("batch_column", "chance of reaching the target"),
    },
}

#: Headings, chart legends and recurring phrases of the reports, by key. Placeholders
#: are Python named formats (``%(level)s``), filled by :func:`label`.
LABELS: dict[str, str] = {
    # notebook 01
    "callout.in_short": N_("In short"),
    "headline.data_overview": N_("Data overview"),
    # notebook 02
    "section.verdict": N_("Verdict"),
    "callout.model_notes": N_("Notes on the models"),
    # index and batch pages
    "index.language": N_("Language"),
    "index.report": N_("Report"),
    "index.status": N_("Status"),
    # the report runner's own pages (hatinh_analysis.report): the header and footer of a
    # report, the index of runs and a batch's summary. Texts with <b>/<code>/<a> are HTML
    # (keep the tags); the placeholders are filled with escaped text or links.
    "report.header": N_("Report of %(date)s"),
    "report.parameters_heading": N_("Parameters of the run"),
    "report.notebook": N_("Notebook"),
    "report.date": N_("Report date"),
    "report.generated": N_("Generated"),
    "report.package": N_("Package"),
    "report.fingerprint": N_("Data fingerprint"),
    "report.your_figures": N_("Your figures"),
    "report.code_hidden": N_("The code is hidden in this page; the executed notebook beside it "
                             "(%(file)s) holds it."),
    "report.failed": N_("<b>This report did not finish.</b> The notebook stopped with "
                        "<code>%(error)s</code>. Results below are incomplete; the error is shown "
                        "where it happened."),
    "report.default_alt": N_("Chart (no description was provided)"),
    "report.no_result": N_("The notebook ran but published no result."),
    # Markdown: the first cell of a report whose notebook could not be run or saved
    "report.not_run": N_("**This notebook could not be run:** `%(error)s`"),
    "report.not_saved": N_("**This notebook could not be saved.**"),
    "index.heading": N_("Hà Tĩnh analysis — reports"),
    "index.lead": N_("Every dated run, newest first. Each report is a self-contained web page; the "
                     "executed notebook (.ipynb) and a machine-readable record (.json: parameters, "
                     "result, data fingerprint, timings) sit beside it. Page updated %(time)s."),
    "index.other_languages": N_("This list in other languages:"),
    "index.empty": N_("No reports yet. Run <code>hatinh-report run</code> or "
                      "<code>hatinh-report batch</code>."),
    "index.n_failed": N_("%(num)d failed"),
    "index.no_files": N_("This folder holds no report files."),
    "index.no_record": N_("No readable record (.json) for this report."),
    "index.did_not_finish": N_("Did not finish: %(error)s"),
    "index.not_finished": N_("Did not finish."),
    "index.default_parameters": N_("default parameters"),
    "index.result": N_("Result"),
    "index.files": N_("Files"),
    "index.batch": N_("Batch"),
    "index.batch_heading": N_("%(name)s — batch"),
    "index.sets_failed": N_("%(failed)d of %(num)d failed"),
    "index.varying": N_("varying: %(names)s"),
    "index.nothing": N_("nothing"),
    "link.report": N_("report"),
    "link.notebook": N_("notebook"),
    "link.record": N_("record"),
    "link.summary": N_("summary"),
    "link.csv": N_("table (CSV)"),
    "link.index": N_("index"),
    "batch.lead": N_("Batch of %(num)d runs of %(notebook)s, report of %(date)s."),
    "batch.lead_file": N_("Batch of %(num)d runs of %(notebook)s from %(file)s, report of %(date)s."),
    "batch.n_failed": N_("%(num)d failed."),
    "batch.all_finished": N_("All finished."),
    "batch.links": N_("The same table as CSV: %(csv)s; all reports: %(index)s."),
    "batch.parameters": N_("Common parameters: %(common)s. Varying: %(varying)s."),
    "batch.defaults": N_("the notebook defaults"),
    "batch.one_set": N_("nothing (one set)"),
    "batch.set": N_("Set"),
    # chart legends and words
    "legend.excluded": N_("Left out of the model fit"),
    "legend.assumed_break": N_("Assumed break"),
    "legend.central_forecast": N_("Central forecast"),
    "legend.vintage_spread": N_("Spread between vintages"),
    "legend.target": N_("Target %(value)s"),
    "legend.target_year": N_("Target %(year)s: %(value)s"),
    # recurring phrases
    "interval": N_("%(level)s interval"),
    "prob_reach": N_("Chance of reaching the target"),
    "forecast": N_("Forecast"),
    "lower": N_("Lower bound"),
    "upper": N_("Upper bound"),
    "as_of": N_("as of %(date)s"),
    "source": N_("Source: %(source)s"),
    "hit_rate": N_("Hit rate"),
    "mean_shortfall": N_("Mean shortfall"),
    "points": N_("%(value)s percentage points"),
    "not_available": N_("n/a"),
}

#: Messages with a number, by key: (singular, plural) English msgids. Vietnamese has one
#: plural form, English two; :func:`plural` picks the form and fills ``%(num)d``.
PLURALS: dict[str, tuple[str, str]] = {
    # Translators: the track record's headline, e.g. "1 of 3 targets met".
    "targets_met": NP_("%(met)d of %(num)d target met", "%(met)d of %(num)d targets met"),
    "years": NP_("%(num)d year", "%(num)d years"),
    "models": NP_("%(num)d model", "%(num)d models"),
    "batch_title": NP_("%(title)s — %(num)d parameter set", "%(title)s — %(num)d parameter sets"),
    "batch_sets": NP_("%(num)d parameter set of %(notebook)s.", "%(num)d parameter sets of %(notebook)s."),
    "batch_sets_failed": NP_("%(num)d parameter set of %(notebook)s, %(failed)d failed.",
                             "%(num)d parameter sets of %(notebook)s, %(failed)d failed."),
    # Translators: after the one-sentence answer of a target check: how many of the
    # sensitivity scenarios give the same verdict.
    "alternatives_agree": NP_("(%(agree)d of %(num)d alternative assumption agrees)",
                              "(%(agree)d of %(num)d alternative assumptions agree)"),
    "forecasts_inside": NP_("%(inside)d of %(num)d forecast inside",
                            "%(inside)d of %(num)d forecasts inside"),
}
