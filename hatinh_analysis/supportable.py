"""Which targets does the record support? The check's verdict for every target, from one run.

A :class:`~hatinh_analysis.target.TargetCheck` holds the calibrated predictive
distribution of the target year (``check.calibrated``: ``ppf``/``cdf``/``sf``).
The chance of reaching a target *t* is ``sf(t)``, and the verdict of *t* follows
from that chance by the package's own rule (:func:`hatinh_analysis.target.verdict_from`,
the check's level and width rule). Reading the distribution once therefore answers
"which targets would the record support?" for every target at once, without
refitting anything:

* :func:`chance_curve` — the chance and the verdict over a grid of targets;
* :func:`supportable_targets` — the edges where the verdict changes (found by
  bisection on `verdict_from`, so the thresholds are never restated here):
  "targets up to +X% plausible, above +X% ambitious", drawn as a band on the
  history chart (:func:`hatinh_analysis.plots.history_chart`, ``bands=``);
* :func:`hatinh_analysis.explorer.target_explorer` — the same offline in the HTML
  report: type another target, read its chance.

Whether a chance may be *printed* stays the check's (``check.probability_printed``,
:data:`hatinh_analysis.target.PRINTING_RULE`): the edges and verdicts are always
shown, a number only when the scoreboard shows the chance calibrated.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from hatinh_analysis.i18n import N_, format_pct, translator
from hatinh_analysis.target import verdict_from
from hatinh_analysis.words import verdict_word as verdict_label

__all__ = ["TargetBands", "chance_curve", "supportable_targets", "band_verdict"]

#: Bisection steps for an edge: the bracket (a few hundred points) shrinks below 1e-9 points.
_STEPS = 60


def _width(check) -> float:
    lo, hi = check.calibrated.interval(check.level)
    return float(hi - lo)


def band_verdict(check, target: float) -> str:
    """The verdict a point *target* would get in this check (same distribution, level, width rule).

    When to use
        To ask "what if the target were *t*?" without running the check again: the
        forecast does not depend on the target, only the verdict does.

    Uses :func:`hatinh_analysis.target.verdict_from` with ``check.calibrated.sf(target)``;
    ``"uncertain"`` when the check has no calibrated distribution.
    """
    cal = check.calibrated
    if cal is None or not cal.ok:
        return "uncertain"
    p = float(cal.sf(float(target)))
    return verdict_from(p, p, _width(check), float(check.level), float(check.max_width))


def chance_curve(check, targets=None) -> pd.DataFrame:
    """Chance of reaching each target, and its verdict, from the check's calibrated distribution.

    When to use
        To tabulate or plot which targets the record supports (one run, no refit).

    Parameters
    ----------
    check : TargetCheck
    targets : array-like of float, optional
        Growth targets in %. Default: every whole and half percent between the
        calibrated distribution's lowest and highest reference value.

    Returns
    -------
    pandas.DataFrame
        ``target``, ``chance`` (P(growth >= target), as computed — print it only when
        ``check.probability_printed``), ``verdict`` (code of
        :data:`hatinh_analysis.target.VERDICTS`). Empty without a calibrated distribution.
    """
    cal = check.calibrated
    if cal is None or not cal.ok:
        return pd.DataFrame({"target": [], "chance": [], "verdict": []})
    if targets is None:
        knots = cal.sample()
        targets = np.arange(math.floor(knots.min()), math.ceil(knots.max()) + 0.25, 0.5)
    t = np.asarray(targets, dtype=float)
    if t.ndim != 1 or not np.all(np.isfinite(t)):
        raise ValueError("chance_curve(): targets must be a list of finite growth rates in %")
    p = np.asarray(cal.sf(t), dtype=float)
    verdicts = [band_verdict(check, x) for x in t]
    return pd.DataFrame({"target": t, "chance": p, "verdict": verdicts})


def _edge(check, lo: float, hi: float, inside) -> float:
    """The target where ``inside(verdict)`` starts to hold, between *lo* (false) and *hi* (true)."""
    for _ in range(_STEPS):
        mid = 0.5 * (lo + hi)
        if inside(band_verdict(check, mid)):
            hi = mid
        else:
            lo = mid
    return 0.5 * (lo + hi)


@dataclass(frozen=True)
class TargetBands:
    """Where the verdict of a target changes, for one check (see :func:`supportable_targets`).

    Attributes
    ----------
    low : float or None
        Targets below ``low`` get "cautious" (below the calibrated range); None: none does.
    high : float or None
        Targets above ``high`` get "ambitious"; None: none does.
    middle : str
        The verdict between the edges: ``"plausible"``, or ``"uncertain"`` when the
        calibrated range is wider than the check's width rule.
    level : float
        The check's level.
    printed : bool
        Whether the check's chance may be printed (``check.probability_printed``).
    ok : bool
        False when the check has no calibrated distribution (no edges).
    """

    low: float | None
    high: float | None
    middle: str
    level: float
    printed: bool
    ok: bool = True

    def _pct(self, x: float, lang: str | None) -> str:
        return format_pct(x, lang, decimals=1, signed=True)

    def labels(self, lang: str | None = None) -> dict[str, str]:
        """Legend keys of the bands, by verdict code: ``{"cautious": "below +8,3%: …", …}``."""
        _ = translator(lang)
        out = {}
        if not self.ok:
            return out
        if self.low is not None:
            out["cautious"] = _("targets below %(low)s: %(verdict)s", low=self._pct(self.low, lang),
                                verdict=verdict_label("cautious", lang))
        if self.low is not None and self.high is not None:
            out[self.middle] = _("targets %(low)s to %(high)s: %(verdict)s", low=self._pct(self.low, lang),
                                 high=self._pct(self.high, lang), verdict=verdict_label(self.middle, lang))
        elif self.high is not None:
            out[self.middle] = _("targets up to %(high)s: %(verdict)s", high=self._pct(self.high, lang),
                                 verdict=verdict_label(self.middle, lang))
        if self.high is not None:
            out["ambitious"] = _("targets above %(high)s: %(verdict)s", high=self._pct(self.high, lang),
                                 verdict=verdict_label("ambitious", lang))
        return out

    def sentence(self, lang: str | None = None) -> str:
        """The bands in one sentence, e.g. "Targets up to +25.5% plausible, above +25.5% ambitious …"."""
        _ = translator(lang)
        if not self.ok:
            return _(NO_BANDS)
        parts = list(self.labels(lang).values())
        return _("Which targets the record supports (the check's rule at its %(level)s level): %(bands)s.",
                 level=format_pct(100 * self.level, lang, decimals=0), bands="; ".join(parts))

    def to_dict(self) -> dict:
        return {"low": self.low, "high": self.high, "middle": self.middle, "level": self.level,
                "printed": self.printed, "ok": self.ok}


NO_BANDS = N_("No calibrated distribution: the record gives no range of supportable targets.")


def supportable_targets(check) -> TargetBands:
    """The edges between cautious, plausible (or too uncertain) and ambitious targets.

    When to use
        To say which targets the record supports — "targets up to +X% plausible,
        above +X% ambitious" — from the check already run (nothing is refitted).

    The edges are found by bisection on :func:`band_verdict` (the package's
    :func:`~hatinh_analysis.target.verdict_from` applied to the calibrated chance
    ``sf(t)``, non-increasing in *t*), to 1e-9 points; the rule's thresholds are not
    restated here.

    Returns
    -------
    TargetBands
    """
    cal = check.calibrated
    printed = bool(getattr(check, "probability_printed", False))
    level = float(check.level)
    if cal is None or not cal.ok:
        return TargetBands(None, None, "uncertain", level, printed, ok=False)
    knots = cal.sample()
    span = float(knots.max() - knots.min()) + 1.0
    bottom, top = float(knots.min()) - span, float(knots.max()) + span
    centre = float(cal.ppf(0.5))
    middle = band_verdict(check, centre)
    high = (_edge(check, centre, top, lambda v: v == "ambitious")
            if band_verdict(check, top) == "ambitious" else None)
    # the cautious edge: the last target (from below) still "cautious"
    low = (_edge(check, centre, bottom, lambda v: v == "cautious")
           if band_verdict(check, bottom) == "cautious" else None)
    return TargetBands(low, high, middle, level, printed)
