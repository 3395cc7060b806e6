"""Text a user or a file writes is shown, never run (issue 19, item 3).

A file of the user's own figures carries ``<script>``, ``<img onerror>`` and
``"'><svg onload>`` in every free-text column (source_id, quote, file, sheet,
cell) and in its file name. Every notebook is run on it through the report
runner, and every page (reports and index pages) is opened in the real headless
browser: no payload may set its marker, and no element may carry an event handler.
"""
from __future__ import annotations

import csv

import pytest

from test_browser import STEMS, _require_browser, browser, open_offline  # noqa: F401 (fixture)

pytestmark = [pytest.mark.slow, pytest.mark.browser]

#: Each payload sets window.__pwned to its own number if it ever runs.
PAYLOAD = ('<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
           '"\'><svg onload="window.__pwned=3">')
#: A file name cannot hold "/": the same three payloads without closing tags.
FILE_NAME = 'x<script>window.__pwned=4<img src=x onerror=window.__pwned=5>"\'><svg onload=window.__pwned=6>.csv'
HEADER = ["province", "indicator", "year", "value", "value_high", "unit", "basis", "status", "published",
          "source_id", "quote", "file", "sheet", "cell"]
#: Hà Tĩnh IIP estimates 2020–2025 as a user might type them (test input, not data), a 2026 target,
#: and GRDP growth (the back-test notebook lists the user's growth figures).
ROWS = [("iip", y, v, "index_prev_year=100", "iip", "estimate") for y, v in
        [(2020, 104.1), (2021, 109.0), (2022, 111.2), (2023, 106.3), (2024, 108.8), (2025, 110.4)]] \
    + [("iip", 2026, 112.0, "index_prev_year=100", "iip", "target")] \
    + [("grdp_growth", y, v, "pct_change", "", "estimate") for y, v in [(2020, 2.1), (2021, 5.5)]]


def write_payload_file(folder):
    path = folder / FILE_NAME
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        for i, (ind, year, value, unit, basis, status) in enumerate(ROWS):
            published = f"{year - 1 if status == 'target' else year}-12-20"
            w.writerow(["ha_tinh", ind, year, value, "", unit, basis, status, published, f"s{i}{PAYLOAD}",
                        f"q{PAYLOAD}", f"f{PAYLOAD}", f"s{PAYLOAD}", f"c{PAYLOAD}"])
    return path


@pytest.fixture(scope="module")
def hostile_reports(tmp_path_factory):
    _require_browser()
    from click.testing import CliRunner

    from hatinh_analysis.report.cli import main

    folder = tmp_path_factory.mktemp("hostile")
    data = write_payload_file(folder)
    out = folder / "reports"
    for lang in ("en", "vi"):
        result = CliRunner().invoke(main, [
            "run", "--out", str(out), "--date", "2020-01-01", "--no-progress", "--lang", lang,
            "-p", "data_file", str(data), "-p", "as_of", "none",
            "-p", "target_year", "2026", "-p", "target_growth", "12"])
        assert result.exit_code == 0, result.output
    return out


PAGES = [f"2020-01-01/{s}.html" for s in STEMS] + [f"2020-01-01-vi/{s}.html" for s in STEMS] \
    + ["index.html", "index.vi.html"]


@pytest.mark.parametrize("page_path", PAGES)
def test_no_payload_runs_in_the_browser(hostile_reports, browser, page_path):
    path = hostile_reports / page_path
    assert path.exists(), page_path
    page, _, _ = open_offline(browser, path)
    try:
        page.wait_for_timeout(300)  # let any onerror/onload fire
        assert page.evaluate("window.__pwned") is None, "a payload ran"
        handlers = page.evaluate("""() => Array.from(document.querySelectorAll('*')).flatMap(e =>
            Array.from(e.attributes).filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name))""")
        assert handlers == [], f"elements with event handlers: {handlers}"
        scripts = page.evaluate("() => Array.from(document.scripts).map(s => s.text)")
        assert not [s for s in scripts if "pwned" in s], "a user's <script> became a script element"
        assert page.locator("svg[onload], img[src='x']").count() == 0
        if page_path.startswith("2020-01-01/") or page_path.startswith("2020-01-01-vi/"):
            # the payload is shown as text (so the user sees what the file says)
            assert "<script>window.__pwned" in page.inner_text("body")
    finally:
        page.close()
