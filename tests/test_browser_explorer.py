"""The "try another target" widget in a real headless chromium, network blocked (issue 18).

Skipped without /usr/bin/chromium unless HATINH_REQUIRE_BROWSER=1 (the browser of tests/test_browser.py).
"""
from __future__ import annotations

import dataclasses

import pytest
from test_browser import _require_browser, browser, open_offline  # noqa: F401 - the shared browser fixture

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def _open(browser, path):
    page, blocked, errors = open_offline(browser, path)
    page.set_viewport_size({"width": 1280, "height": 800})
    return page, blocked, errors


@pytest.fixture(scope="module")
def check():
    import hatinh_analysis as ha

    return ha.check_target(ha.load_series("iip", "ha_tinh", as_of="2019-12-25"), 10.64, 2020)


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_typing_a_target_changes_the_printed_chance(browser, check, tmp_path, lang):
    """The printing path: a check whose chance the scoreboard shows calibrated prints the chance
    the Python distribution gives (the flag is set here so the test does not depend on the record)."""
    from hatinh_analysis.explorer import target_explorer
    from hatinh_analysis.target import format_probability

    printed = dataclasses.replace(check, calibration={**check.calibration, "probability_printed": True})
    page_file = tmp_path / f"explorer.{lang}.html"
    page_file.write_text(f'<!DOCTYPE html><html lang="{lang}"><meta charset="utf-8"><body>'
                         f"{target_explorer(printed, lang=lang).html}</body></html>", encoding="utf-8")
    page, blocked, errors = _open(browser, page_file)
    try:
        out = page.locator(".hx-out")
        first = out.inner_text()
        assert format_probability(check.calibrated.sf(10.64), lang) in first
        typed = "18,5" if lang == "vi" else "18.5"
        page.locator(".hx-explorer input[type=text]").fill(typed)
        second = out.inner_text()
        assert second != first
        assert format_probability(float(check.calibrated.sf(18.5)), lang) in second
        assert ("+18,5%" if lang == "vi" else "+18.5%") in second
        page.locator(".hx-explorer input[type=text]").fill("40")
        assert format_probability(float(check.calibrated.sf(40.0)), lang) in out.inner_text()
        assert ("khó đạt" if lang == "vi" else "hard to reach") in out.inner_text()
        page.locator(".hx-explorer input[type=text]").fill("abc")
        assert ("Nhập tốc độ tăng" if lang == "vi" else "Type a growth rate") in out.inner_text()
        page.locator(".hx-explorer input[type=range]").fill("5")
        assert format_probability(float(check.calibrated.sf(5.0)), lang) in out.inner_text()
        assert blocked == [] and errors == []
    finally:
        page.close()


@pytest.fixture(scope="module")
def report_02(tmp_path_factory):
    """Notebook 02 as `hatinh-report run` publishes it, in English and in Vietnamese."""
    _require_browser()
    from click.testing import CliRunner

    from hatinh_analysis.report.cli import main

    out = tmp_path_factory.mktemp("reports")
    for extra in ([], ["--lang", "vi"]):
        result = CliRunner().invoke(main, ["run", "02_target_check", "--out", str(out), "--date", "2020-01-01",
                                           "--no-progress", *extra])
        assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("folder, lang", [("2020-01-01", "en"), ("2020-01-01-vi", "vi")])
def test_report_explorer_works_offline_and_prints_the_chance(browser, report_02, check, folder, lang):
    """The published report: the scoreboard known on 2019-12-25 backs the chance, so typing
    another target prints its calibrated chance."""
    from hatinh_analysis.target import format_probability

    assert check.probability_printed
    page, blocked, errors = _open(browser, report_02 / folder / "02_target_check.html")
    try:
        out = page.locator(".hx-explorer .hx-out")
        assert out.count() == 1
        first = out.inner_text()
        box = page.locator(".hx-explorer input[type=text]")
        box.fill("30")
        second = out.inner_text()
        assert second != first and ("+30,0%" if lang == "vi" else "+30.0%") in second
        assert format_probability(float(check.calibrated.sf(30.0)), lang) in second
        assert blocked == [] and errors == []
    finally:
        page.close()


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_explorer_says_withheld_and_prints_no_chance(browser, check, tmp_path, lang):
    """The withholding path: under a record whose band excludes the level (round 2's 52 of 78),
    the widget says the chance is withheld and prints none."""
    from hatinh_analysis.explorer import target_explorer

    record = dict(check.calibration, hits=52, n=78, coverage=52 / 78, wilson=[0.556, 0.761],
                  word="too narrow", probability_printed=False)
    withheld = dataclasses.replace(check, calibration=record)
    page_file = tmp_path / f"withheld.{lang}.html"
    page_file.write_text(f'<!DOCTYPE html><html lang="{lang}"><meta charset="utf-8"><body>'
                         f"{target_explorer(withheld, lang=lang).html}</body></html>", encoding="utf-8")
    page, blocked, errors = _open(browser, page_file)
    try:
        out = page.locator(".hx-out")
        page.locator(".hx-explorer input[type=text]").fill("30")
        second = out.inner_text()
        assert ("+30,0%" if lang == "vi" else "+30.0%") in second
        assert ("không công bố" if lang == "vi" else "chance withheld") in second
        assert "%" not in second.split(":", 1)[1].replace("+30,0%", "").replace("+30.0%", "")
        assert blocked == [] and errors == []
    finally:
        page.close()
