"""The default HTML reports opened in a real headless browser with the network blocked.

Needs Debian's chromium at /usr/bin/chromium (``make browser``); skipped without it
unless HATINH_REQUIRE_BROWSER=1 (CI), which turns the skip into a failure.
Screenshots are saved in tests/artifacts/ (git-ignored).
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).parent / "artifacts"
STEMS = ["01_explore_series", "02_target_check", "03_backtest"]

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def _require_browser():
    if CHROMIUM.exists():
        return
    if os.environ.get("HATINH_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{CHROMIUM} is missing and HATINH_REQUIRE_BROWSER=1 (run `make browser`)")
    pytest.skip(f"{CHROMIUM} is missing (install it with `make browser`)")


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """Every notebook run with its defaults, as `hatinh-report run` does (default export)."""
    _require_browser()
    from click.testing import CliRunner

    from hatinh_analysis.report.cli import main

    out = tmp_path_factory.mktemp("reports")
    result = CliRunner().invoke(main, ["run", "--out", str(out), "--date", "2020-01-01", "--no-progress"])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def browser():
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


def open_offline(browser, path: Path):
    """Open *path* with every non-file request blocked; return (page, blocked, console errors)."""
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    blocked: list[str] = []
    errors: list[str] = []

    def route(r):
        url = r.request.url
        if url.startswith(("file://", "data:")):
            r.continue_()
        else:
            blocked.append(url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_function("Array.from(document.images).every(i => i.complete)")
    return page, blocked, errors


@pytest.mark.parametrize("stem", STEMS)
def test_report_renders_offline(reports, browser, stem):
    page, blocked, errors = open_offline(browser, reports / "2020-01-01" / f"{stem}.html")
    try:
        images = page.eval_on_selector_all(
            "img", "els => els.map(e => ({w: e.naturalWidth, alt: e.getAttribute('alt') || ''}))")
        assert images, "the report has figures"
        assert all(i["w"] > 0 for i in images), "every image loaded"
        assert all(len(i["alt"].strip()) > 30 for i in images), f"every image has a meaningful alt: {images}"
        assert page.locator(".jp-CodeCell .jp-InputArea").count() == 0, "no code in the default export"
        assert page.locator(".jp-CodeMirrorEditor").count() == 0
        assert page.locator('[data-mime-type="application/vnd.jupyter.stderr"]').count() == 0, "no error output"
        assert page.locator(".hatinh-failed").count() == 0
        assert errors == [], f"console errors: {errors}"
        assert blocked == [], f"the page tried to reach the network: {blocked}"
        body = page.inner_text("body")
        assert "Report of 2020-01-01" in body
        if stem == "02_target_check":
            assert "Verdict: the target is plausible" in body
            verdict_y = page.locator(".hatinh-callout").first.bounding_box()["y"]
            first_img_y = page.locator("img").first.bounding_box()["y"]
            assert verdict_y < first_img_y, "the verdict comes before the figures"
            assert verdict_y < 900, "the verdict is visible without scrolling"
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{stem}.png"), full_page=True)
    finally:
        page.close()


def test_index_renders_offline(reports, browser):
    page, blocked, errors = open_offline(browser, reports / "index.html")
    try:
        assert blocked == [] and errors == []
        links = page.eval_on_selector_all("a", "els => els.map(e => e.getAttribute('href'))")
        for stem in STEMS:
            assert f"2020-01-01/{stem}.html" in links
        assert "plausible — chance" in page.inner_text("body")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "index.png"), full_page=True)
    finally:
        page.close()
