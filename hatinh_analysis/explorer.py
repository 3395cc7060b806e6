""""Try another target": an offline widget for the HTML report, computing the chance in the browser.

:func:`target_explorer` embeds the check's calibrated distribution — its knots,
``(value, P(growth <= value))`` exactly as
:meth:`hatinh_analysis.calibration.CalibratedForecast.cdf` interpolates them — and
the verdict edges of :func:`hatinh_analysis.supportable.supportable_targets` in the
page. A few lines of plain JavaScript (no library, no network) read a typed or
slid target, interpolate the chance and show it with its verdict. Every text comes
from Python, in the report's language: the printed chances (made by
:func:`hatinh_analysis.target.format_probability`), the verdict words and the
number format (Vietnamese: comma decimals; "12,5" and "12.5" are both read).

When the check's chance may not be printed (:data:`hatinh_analysis.target.PRINTING_RULE`)
the widget says so, with the reason, and shows the verdict without a number.
"""
from __future__ import annotations

import html
import itertools
import json

from hatinh_analysis.i18n import format_number, format_pct, say, translator, upper_first
from hatinh_analysis.supportable import supportable_targets
from hatinh_analysis.target import format_probability
from hatinh_analysis.words import verdict_word as verdict_label

__all__ = ["TargetExplorer", "target_explorer"]

_COUNTER = itertools.count(1)


def _json_for_script(data) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>``, ``&`` left raw."""
    text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e") \
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


class TargetExplorer:
    """The widget's HTML (``_repr_html_``: IPython displays it; ``.html`` is the text)."""

    def __init__(self, html_text: str, data: dict):
        self.html = html_text
        self.data = data

    def _repr_html_(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.html


_SCRIPT = r"""
(function () {
  var root = document.getElementById(%(id)s);
  if (!root || root.getAttribute("data-ready")) { return; }
  root.setAttribute("data-ready", "1");
  var d = JSON.parse(root.querySelector("script[type='application/json']").textContent);
  var box = root.querySelector("input[type=text]"), slider = root.querySelector("input[type=range]");
  var out = root.querySelector(".hx-out");
  function parse(s) {
    s = String(s).replace(/[\s%%\u00a0]/g, "").replace(/^\+/, "").replace(",", ".");
    if (!/^-?\d+(\.\d+)?$/.test(s)) { return NaN; }
    return parseFloat(s);
  }
  function fmt(x) {
    var a = Math.abs(x).toFixed(1).split(".");
    return (x < 0 ? "-" : "+") + a[0] + d.decimal + a[1] + d.percent;
  }
  function cdf(x) {  /* CalibratedForecast.cdf: linear between knots, clipped at the ends */
    var v = d.values, p = d.probs, n = v.length;
    if (x <= v[0]) { return p[0]; }
    if (x >= v[n - 1]) { return p[n - 1]; }
    var i = 1; while (v[i] < x) { i++; }
    if (v[i] === v[i - 1]) { return p[i]; }
    return p[i - 1] + (p[i] - p[i - 1]) * (x - v[i - 1]) / (v[i] - v[i - 1]);
  }
  function whole(x) {  /* round half to even, as Python's round() */
    var r = Math.round(x);
    if (Math.abs(x %% 1) === 0.5) { r = 2 * Math.round(x / 2); }
    return r;
  }
  function chance(p) {
    if (p < 0.01) { return d.chances.below; }
    if (p > 0.99) { return d.chances.above; }
    return d.chances.whole[whole(100 * p)];
  }
  function verdict(t) {
    if (d.high !== null && t > d.high) { return "ambitious"; }
    if (d.low !== null && t < d.low) { return "cautious"; }
    return d.middle;
  }
  function show(t) {
    if (!isFinite(t) || t <= -100) { out.textContent = d.words.invalid; out.className = "hx-out hx-bad"; return; }
    var v = verdict(t), text = d.words.verdict[v];
    if (d.printed) {
      out.textContent = d.words.result.replace("{target}", fmt(t)).replace("{chance}", chance(1 - cdf(t)))
        .replace("{verdict}", text);
    } else {
      out.textContent = d.words.withheld.replace("{target}", fmt(t)).replace("{verdict}", text);
    }
    out.className = "hx-out hx-" + v;
  }
  box.addEventListener("input", function () {
    var t = parse(box.value); show(t);
    if (isFinite(t)) { slider.value = String(Math.min(Math.max(t, slider.min), slider.max)); }
  });
  slider.addEventListener("input", function () {
    var t = parseFloat(slider.value); box.value = fmt(t).replace(d.percent, ""); show(t);
  });
  show(parse(box.value));
})();
"""

_STYLE = """<style>
.hx-explorer { border: 1px solid #c5d3e8; border-radius: 6px; padding: 0.6em 0.9em; margin: 0.6em 0;
  background: #f7faff; max-width: 46em; }
.hx-explorer label { font-weight: 600; margin-right: 0.5em; }
.hx-explorer input[type=text] { width: 6em; font: inherit; padding: 0.1em 0.3em; }
.hx-explorer input[type=range] { width: 100%; margin: 0.5em 0 0.2em; }
.hx-out { font-size: 1.05em; margin: 0.4em 0 0.2em; font-weight: 600; }
.hx-ambitious { color: #8b0000; } .hx-cautious { color: #0b3d91; } .hx-plausible { color: #1b5e20; }
.hx-uncertain { color: #555; } .hx-bad { color: #8b0000; }
.hx-note { color: #555; font-size: 0.9em; margin: 0.2em 0 0; }
</style>"""


def target_explorer(check, lang: str | None = None) -> TargetExplorer:
    """"Try another target": type or slide a growth target, read its chance and verdict — offline.

    When to use
        In a report (notebook 02), after the check: the reader asks "and at 12%?"
        without running anything. The page embeds the calibrated distribution read
        once; nothing is refitted (the forecast does not depend on the target).

    Parameters
    ----------
    check : TargetCheck
        From :func:`hatinh_analysis.check_target`.
    lang : {"vi", "en"}, optional
        Language of the words and numbers (default: the current language).

    Returns
    -------
    TargetExplorer
        Displayed by IPython as HTML (``_repr_html_``). The chance shown is
        ``check.calibrated.sf(target)`` (linear interpolation between the
        distribution's knots, as in Python), printed by
        :func:`~hatinh_analysis.target.format_probability`; when the check's
        chance may not be printed (:data:`~hatinh_analysis.target.PRINTING_RULE`)
        the widget says it is withheld and why, and gives the verdict only.
    """
    _ = translator(lang)
    lang = _.lang
    bands = supportable_targets(check)
    uid = f"hx-explorer-{next(_COUNTER)}"
    title = html.escape(_("Try another target"))
    if not bands.ok:
        body = (f'<div class="hx-explorer" id="{uid}"><b>{title}</b>'
                f'<p class="hx-note">{html.escape(bands.sentence(lang))}</p></div>')
        return TargetExplorer(_STYLE + body, {"ok": False})
    cal = check.calibrated
    values = [float(v) for v in cal.sample()]
    probs = [float(p) for p in cal.cdf(cal.sample())]
    sample = format_number(1.5, lang, decimals=1)
    pct = format_pct(1.5, lang, decimals=1)
    start = float(check.target) if not check.is_range else 0.5 * sum(check.target)
    lo_v, hi_v = min(values + [start]), max(values + [start])
    data = {
        "values": values, "probs": probs, "low": bands.low, "high": bands.high, "middle": bands.middle,
        "printed": bands.printed, "decimal": sample[1:-1], "percent": pct[len(sample):],
        "chances": {"below": format_probability(0.001, lang), "above": format_probability(0.999, lang),
                    "whole": [format_probability(k / 100, lang) if 1 <= k <= 99 else "" for k in range(101)]},
        "words": {
            "verdict": {v: verdict_label(v, lang) for v in ("ambitious", "plausible", "cautious", "uncertain")},
            "result": _("Growth of {target}: chance of reaching it {chance} — {verdict}."),
            "withheld": _("Growth of {target}: {verdict}; chance withheld (see below)."),
            "invalid": _("Type a growth rate in per cent, e.g. 12.5 (above -100)."),
        },
    }
    note = (_("The chance is read from the calibrated forecast of %(year)s, computed once: the forecast does "
              "not depend on the target.", year=check.target_year) if bands.printed else
            upper_first(say(check.probability_note, lang)).rstrip(".") + ".")  # says "withheld" and why
    start_text = format_number(round(start, 2), lang, decimals=None)
    label = html.escape(_("Target growth in %(year)s, %%:", year=check.target_year))
    body = (
        f'<div class="hx-explorer" id="{uid}" lang="{lang}">'
        f'<b>{title}</b><p class="hx-note">{html.escape(bands.sentence(lang))}</p>'
        f'<label for="{uid}-t">{label}</label>'
        f'<input type="text" inputmode="decimal" id="{uid}-t" value="{html.escape(start_text)}" '
        f'aria-describedby="{uid}-o">'
        f'<input type="range" min="{int(lo_v) - 1}" max="{int(hi_v) + 1}" step="0.1" value="{start:.1f}" '
        f'aria-label="{label}">'
        f'<p class="hx-out" id="{uid}-o" aria-live="polite"></p>'
        f'<p class="hx-note">{html.escape(note)}</p>'
        f'<script type="application/json">{_json_for_script(data)}</script>'
        f'<script>{_SCRIPT % {"id": json.dumps(uid)}}</script></div>')
    return TargetExplorer(_STYLE + body, data)
