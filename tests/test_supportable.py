"""Which targets the record supports (supportable.py) and the offline "try another target" widget (explorer.py)."""
from __future__ import annotations

import dataclasses
import json
import re

import numpy as np
import pytest

import hatinh_analysis as ha
from hatinh_analysis.notes import Note
from hatinh_analysis.explorer import target_explorer
from hatinh_analysis.supportable import band_verdict, chance_curve, supportable_targets
from hatinh_analysis.target import verdict_from


@pytest.fixture(scope="module")
def check():
    series = ha.load_series("iip", "ha_tinh", as_of="2019-12-25")
    return ha.check_target(series, 10.64, 2020)


def test_band_verdict_is_the_checks_verdict_for_its_own_target(check):
    assert band_verdict(check, check.target) == check.verdict


def test_edges_are_where_the_verdict_rule_changes(check):
    bands = supportable_targets(check)
    assert bands.ok and bands.low is not None and bands.high is not None and bands.low < bands.high
    for edge, below, above in ((bands.low, "cautious", bands.middle), (bands.high, bands.middle, "ambitious")):
        assert band_verdict(check, edge - 1e-6) == below
        assert band_verdict(check, edge + 1e-6) == above
    # with the rule's tail a = (1 - level)/2 the edges are the calibrated interval's ends
    lo, hi = check.calibrated.interval(check.level)
    assert bands.low == pytest.approx(lo, abs=1e-6) and bands.high == pytest.approx(hi, abs=1e-6)


def test_chance_curve_reads_the_calibrated_distribution_once(check):
    curve = chance_curve(check, [5.0, 10.64, 20.0, 30.0])
    np.testing.assert_allclose(curve["chance"], check.calibrated.sf(np.array([5.0, 10.64, 20.0, 30.0])))
    assert curve["chance"].iloc[1] == pytest.approx(check.prob_reach)
    width = np.diff(check.calibrated.interval(check.level))[0]
    assert list(curve["verdict"]) == [verdict_from(p, p, width, check.level, check.max_width)
                                      for p in curve["chance"]]
    assert curve["chance"].is_monotonic_decreasing
    with pytest.raises(ValueError, match="finite"):
        chance_curve(check, [1.0, float("nan")])


def test_bands_in_words_both_languages(check):
    en, vi = supportable_targets(check).sentence("en"), supportable_targets(check).sentence("vi")
    high = f"{supportable_targets(check).high:+.1f}"  # the calibrated range's upper end (+25.7)
    assert f"{high}%" in en and "hard to reach" in en
    assert f"{high.replace('.', ',')}%" in vi and "mục tiêu trên" in vi and high not in vi


def _data(widget) -> dict:
    text = re.search(r'<script type="application/json">(.*?)</script>', widget.html, re.S).group(1)
    assert "<" not in text and ">" not in text
    return json.loads(text)


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_explorer_embeds_the_calibrated_knots(check, lang):
    widget = target_explorer(check, lang=lang)
    data = _data(widget)
    # the embedded knots reproduce the distribution's cdf by linear interpolation
    xs = np.array([3.0, 10.64, 17.5, 29.0])
    np.testing.assert_allclose(np.interp(xs, data["values"], data["probs"]), check.calibrated.cdf(xs))
    assert data["printed"] is check.probability_printed
    assert data["decimal"] == ("," if lang == "vi" else ".")
    assert "src=" not in widget.html and "http" not in widget.html  # offline: no library, no network
    assert widget._repr_html_() == widget.html


@pytest.fixture(scope="module")
def withheld(check):
    """The same check under the scoreboard of round 2 (80% ranges held 52 of 78, band 56%-76%):
    the printing rule withholds the chance."""
    record = dict(check.calibration, hits=52, n=78, coverage=52 / 78, wilson=[0.556, 0.761],
                  word="too narrow", probability_printed=False)
    return dataclasses.replace(check, calibration=record)


def test_explorer_says_when_the_chance_is_withheld(withheld):
    assert not withheld.probability_printed
    widget = target_explorer(withheld, lang="vi")
    assert "Không công bố: trên bảng đánh giá" in widget.html  # why, in the reader's language
    assert "{chance}" not in _data(widget)["words"]["withheld"]


def test_explorer_escapes_its_texts(withheld):
    class Hostile(type(withheld)):
        probability_note = property(lambda self: Note("<script>alert(1)</script> & co"))

    hostile = Hostile(**{f.name: getattr(withheld, f.name) for f in dataclasses.fields(withheld)})
    widget = target_explorer(hostile, lang="en")
    assert "<script>alert(1)" not in widget.html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in widget.html


def test_explorer_without_a_calibrated_distribution(check):
    cal = dataclasses.replace(check.calibrated, z=np.array([]), n_reference=0)
    widget = target_explorer(dataclasses.replace(check, calibrated=cal), lang="en")
    assert "No calibrated distribution" in widget.html and "<input" not in widget.html
