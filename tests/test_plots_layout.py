"""No overlapping text in any chart, in either language, at the default size (issue 18, item 7).

Each chart is drawn as the report draws it (``plots._png``: the default size and dpi); then
the window extents (matplotlib's public ``Artist.get_window_extent``) of its texts — the
title, the source line, panel titles, axis labels, tick labels, free texts and each legend
as a whole — are compared pairwise. Two boxes may touch but not overlap. Also: every
title fits the figure, a legend covers no data point, and every shading has a legend key.
"""
from __future__ import annotations

import itertools

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

import hatinh_analysis as ha  # noqa: E402
from hatinh_analysis import i18n, plots  # noqa: E402

#: Overlap allowed between two boxes, in pixels (anti-aliasing and font hinting).
SLACK = 1.0


@pytest.fixture(scope="module", autouse=True)
def chart_font():
    i18n.use_chart_font()


@pytest.fixture(scope="module")
def iip():
    return ha.load_series("iip", as_of="2019-12-25")


@pytest.fixture(scope="module")
def check(iip):
    return ha.check_target(iip, 10.64, 2020)


@pytest.fixture(scope="module")
def report(iip, check):
    return ha.target_report(iip, check, alt_exclude_years=[2017, 2018], alt_break_years=[2017])


def _charts(name, lang, iip, check, report):
    if name == "history":
        return report.history_chart(lang)
    if name == "provinces":
        return plots.province_chart({p: ha.load_series("iip", p) for p in ("ha_tinh", "vietnam", "nghe_an",
                                                                           "quang_tri")}, lang=lang)
    if name == "vintages":
        return plots.vintages_chart(ha.load_observations("ha_tinh", "iip"), lang=lang)
    if name == "fan":
        return report.fan_chart(lang)
    if name == "scenarios":
        return report.scenario_chart(lang)
    if name == "reference":
        return report.reference_chart(lang)
    if name == "scoreboard":
        from hatinh_analysis.evaluation import load_scoreboard

        return plots.scoreboard_chart(load_scoreboard().summary_frame(1), lang=lang)
    raise ValueError(name)


CHARTS = ["history", "provinces", "vintages", "fan", "scenarios", "reference", "scoreboard"]


def _boxes(fig):
    """``[(label, Bbox)]`` of every visible, non-empty text and of every legend, in display pixels."""
    renderer = fig.canvas.get_renderer()
    out = []
    legends = [leg for leg in [*fig.legends, *(ax.get_legend() for ax in fig.axes)] if leg is not None]
    skip = {id(t) for leg in legends for t in leg.get_texts()}
    # tick labels of ticks outside the view are not drawn
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            lo, hi = sorted(axis.get_view_interval())
            for tick in [*axis.get_major_ticks(), *axis.get_minor_ticks()]:
                if not lo - 1e-9 <= tick.get_loc() <= hi + 1e-9:
                    skip |= {id(tick.label1), id(tick.label2)}
    for t in fig.findobj(matplotlib.text.Text):
        if id(t) in skip or not t.get_visible() or not t.get_text().strip():
            continue
        axes = t.axes
        if axes is not None and not axes.get_visible():
            continue
        if t.get_figure(root=True) is None:
            continue
        bb = t.get_window_extent(renderer)
        if bb.width <= 0 or bb.height <= 0:
            continue
        out.append((f"text {t.get_text()[:50]!r}", bb))
    for leg in legends:
        if leg.get_visible() and leg.get_texts():
            out.append(("legend " + "/".join(x.get_text()[:20] for x in leg.get_texts()[:3]),
                        leg.get_window_extent(renderer)))
    return out


def _overlap(a, b) -> float:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return min(w, h)


def _drawn(chart):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    plots._png(chart.fig)  # lay out exactly as the report does (default size and dpi)
    FigureCanvasAgg(chart.fig).draw()
    return chart.fig


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("name", CHARTS)
def test_no_text_overlaps(name, lang, iip, check, report):
    fig = _drawn(_charts(name, lang, iip, check, report))
    boxes = _boxes(fig)
    clashes = [(la, lb, round(_overlap(a, b), 1)) for (la, a), (lb, b) in itertools.combinations(boxes, 2)
               if _overlap(a, b) > SLACK]
    assert clashes == [], clashes
    page = fig.bbox
    for label, bb in boxes:  # every text inside the figure (a title running past its panel fails)
        assert bb.x0 >= page.x0 - SLACK and bb.x1 <= page.x1 + SLACK, (label, bb.x0, bb.x1, page.x1)


def _points(ax):
    """Display coordinates of the data points of *ax* (scatter and marker lines)."""
    pts = []
    for coll in ax.collections:
        offsets = coll.get_offsets()
        if len(offsets):
            pts.append(coll.get_offset_transform().transform(offsets))
    for line in ax.get_lines():
        if line.get_marker() not in (None, "None", "", " ") and len(line.get_xydata()):
            pts.append(line.get_transform().transform(line.get_xydata()))
    return np.vstack(pts) if pts else np.empty((0, 2))


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("name", CHARTS)
def test_no_legend_hides_a_point(name, lang, iip, check, report):
    fig = _drawn(_charts(name, lang, iip, check, report))
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        leg = ax.get_legend()
        if leg is None or not ax.get_visible():
            continue
        box = leg.get_window_extent(renderer)
        pts = _points(ax)
        inside = [(round(x), round(y)) for x, y in pts if box.x0 < x < box.x1 and box.y0 < y < box.y1]
        assert inside == [], f"the legend of {name} ({lang}) covers points at {inside}"


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("name", ["history", "reference"])
def test_every_shading_has_a_legend_key(name, lang, iip, check, report):
    fig = _drawn(_charts(name, lang, iip, check, report))
    from matplotlib.collections import FillBetweenPolyCollection, PolyCollection
    from matplotlib.patches import Polygon, Rectangle

    for ax in fig.axes:
        handles, labels = ax.get_legend_handles_labels()
        leg = ax.get_legend()
        keyed = set(labels) | ({t.get_text() for t in leg.get_texts()} if leg else set())
        keyed |= {t.get_text() for lg in fig.legends for t in lg.get_texts()}
        shaded = [a for a in [*ax.collections, *ax.patches]
                  if isinstance(a, (FillBetweenPolyCollection, PolyCollection, Polygon, Rectangle))
                  and a is not ax.patch and a.get_visible()]
        for a in shaded:
            label = a.get_label()
            if not label or label.startswith("_"):  # an unlabelled shading must repeat one that has a key
                continue
            assert label in keyed, (name, lang, label)
        unlabelled = [a for a in shaded if not a.get_label() or a.get_label().startswith("_")]
        colours = {tuple(np.round(matplotlib.colors.to_rgba(h.get_facecolor()[0] if hasattr(h, "get_facecolor")
                                                             and np.ndim(h.get_facecolor()) == 2 else
                                                             h.get_facecolor()), 3))
                   for h in handles if hasattr(h, "get_facecolor")}
        for a in unlabelled:
            fc = a.get_facecolor()
            fc = fc[0] if np.ndim(fc) == 2 and len(fc) else fc
            if np.ndim(fc) == 1 and len(fc) == 4 and fc[3] == 0:
                continue  # an outline (no fill) is not a shading
            assert tuple(np.round(matplotlib.colors.to_rgba(fc), 3)) in colours, \
                f"{name} ({lang}): a shading without a legend key ({matplotlib.colors.to_hex(fc)})"
