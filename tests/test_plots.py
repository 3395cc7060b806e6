"""Figures: titled, units on the axes, a source line, meaningful alt text; show() carries it."""
from __future__ import annotations

import base64

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

import hatinh_analysis as ha  # noqa: E402
from hatinh_analysis import plots  # noqa: E402


@pytest.fixture(scope="module")
def iip():
    return ha.load_series("iip", as_of="2019-12-25")


@pytest.fixture(scope="module")
def check(iip):
    return ha.check_target(iip, 10.64, 2020)


def texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(matplotlib.text.Text)]


def assert_well_formed(chart, *, unit_words=("%",)):
    assert isinstance(chart, plots.Chart)
    fig = chart.fig
    assert fig._suptitle is not None and fig._suptitle.get_text().strip()
    all_text = " ".join(texts(fig))
    assert "Source: " in all_text
    axes = [ax for ax in fig.axes if ax.get_visible() and ax.axison]
    assert axes and all(ax.get_xlabel().strip() for ax in axes)  # every panel says what its axis is
    # units: on the y axis of the first panel of each row (panels in a row share their y axis)
    labels = [ax.get_ylabel() + " " + ax.get_xlabel() for ax in axes]
    assert any(w in labels[0] for w in unit_words), labels
    assert len(chart.alt) > 60 and chart.alt.endswith(".")
    png = plots._png(fig)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_history_chart(iip):
    chart = plots.history_chart(iip, 10.64, 2020, excluded_years=[2017, 2018], break_years=[2017])
    assert_well_formed(chart)
    ax = chart.fig.axes[0]
    assert ax.get_ylabel() == "Growth over the previous year, %"
    assert "Target 2020: +10.64%" in [t.get_text() for t in ax.get_legend().get_texts()]
    for fact in ("2008–2019", "+89.0% in 2018", "+10.64%", "2017–2018"):
        assert fact in chart.alt
    source = [t for t in texts(chart.fig) if t.startswith("Source: ")][0]
    assert "General Statistics Office of Viet Nam" in source and "Báo Hà Tĩnh" in source


def test_province_chart():
    series = {p: ha.load_series("iip", p) for p in ["ha_tinh", "vietnam", "nghe_an", "quang_tri"]}
    chart = plots.province_chart(series)
    assert_well_formed(chart)
    legend = [t.get_text() for t in chart.fig.axes[0].get_legend().get_texts()]
    assert {"Hà Tĩnh", "Whole country", "Nghệ An", "Quảng Trị"} <= set(legend)
    assert "Viet Nam" not in legend  # one name for the whole country: i18n.area_name
    assert "Hà Tĩnh 2008–2019" in chart.alt and "ranked" in chart.alt


def test_vintages_chart():
    chart = plots.vintages_chart(ha.load_observations("ha_tinh", "iip"))
    assert_well_formed(chart)
    assert "2018: +86.7%, +89.0%" in chart.alt


def test_fan_chart_one_panel_per_model(check):
    chart = plots.fan_chart(check)
    assert_well_formed(chart)
    titles = [ax.get_title().replace("\n", " ") for ax in chart.fig.axes if ax.get_visible() and ax.axison]
    assert titles == ["combined, calibrated"] + [f"{m} (plug-in)" for m in (
        "mean growth", "linear trend", "ETS", "local linear trend", "ARIMA", "outside view (all provinces)")]
    assert "50%, 80% and 95%" in chart.alt
    # the target 10.64 lies inside the 80% range of: calibrated, mean growth, ETS, ARIMA, outside view
    inside = sum(lo <= 10.64 <= hi for lo, hi in [check.calibrated.interval(0.8)]
                 + [fc.interval(0.8) for fc in check.forecasts.values()])
    assert inside == 5 and "inside the 80% interval of 5 of 7 models" in chart.alt
    legend_texts = [t.get_text() for ax in chart.fig.axes if ax.get_legend() for t in ax.get_legend().get_texts()]
    assert {"95% interval", "80% interval", "50% interval"} <= set(legend_texts)


def test_scenario_and_backtest_charts(iip, check):
    excl = ha.check_target(iip, 10.64, 2020, exclude_years=[2017, 2018])
    assert_well_formed(plots.scenario_chart({"As specified": check, "Leaving out 2017–2018": excl}))
    bt = ha.backtest(ha.load_series("iip"))
    assert_well_formed(plots.backtest_forecasts_chart(bt, ha.load_series("iip")))
    table = bt.summary.assign(series="Hà Tĩnh", n=bt.summary["n_forecasts"])
    chart = plots.backtest_chart(table, level=0.8, source_series=[iip])
    assert_well_formed(chart, unit_words=("%", "points"))
    assert "should be about 80%" in chart.alt


def test_reference_and_scoreboard_charts(check):
    from hatinh_analysis.evaluation import load_scoreboard

    chart = plots.reference_chart(check)
    assert_well_formed(chart)
    n = len(check.reference_class)
    assert n > 0 and f"{n} province-years whose previous three years" in chart.alt
    assert "calibrated forecast +18.1%" in chart.alt
    summary = load_scoreboard().summary_frame(1)
    chart = plots.scoreboard_chart(summary)
    assert_well_formed(chart)
    r = summary.set_index("method").loc["calibrated"]
    assert f"{r['hits_80']} of {r['n']} inside the 80% interval" in chart.alt


def test_show_displays_png_with_alt_metadata(monkeypatch, iip):
    shown = []
    import IPython.display

    monkeypatch.setattr(IPython.display, "display", lambda *a, **k: shown.append((a, k)))
    chart = plots.history_chart(iip)
    plots.show(chart)
    (bundle,), kwargs = shown[0]
    assert kwargs["raw"] is True
    assert kwargs["metadata"] == {"image/png": {"alt": chart.alt}}
    assert base64.b64decode(bundle["image/png"])[:4] == b"\x89PNG"
    assert bundle["text/plain"] == f"[Figure: {chart.alt}]"


def test_show_requires_alt_text(iip):
    from matplotlib.figure import Figure

    with pytest.raises(ValueError, match="alt text"):
        plots.show(Figure())
    with pytest.raises(ValueError, match="alt text"):
        plots.show(plots.Chart(Figure(), "  "))


def test_source_line_groups_by_publisher(iip):
    line = plots.source_line(iip)
    assert line.startswith("Source: General Statistics Office of Viet Nam (")
    assert line.count("Báo Hà Tĩnh (") == 1


def test_importing_the_package_does_not_load_plotting():
    import subprocess
    import sys

    code = ("import sys, hatinh_analysis, hatinh_analysis.report; "
            "print(sorted(m for m in ('matplotlib', 'seaborn', 'papermill', 'nbconvert', 'statsmodels') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_one_name_per_area():
    from hatinh_analysis.i18n import area_name, language

    assert plots.province_name("vietnam") == area_name("vietnam") == "Whole country"
    with language("vi"):
        assert plots.province_name("vietnam") == "Cả nước"
    assert plots.province_name("nghe_an") == "Nghệ An"
    assert plots.province_name("my_series") == "my_series"  # not a province id: shown as given
