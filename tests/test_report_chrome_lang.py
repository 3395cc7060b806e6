"""The runner's own pages in the report's language (issue 12): a report's header and footer,
the index pages and a batch's summary come from the catalogue; English is unchanged.

The notebook text itself is tested in tests/test_report_lang.py; here only what
``hatinh_analysis.report`` writes around it.
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner

from hatinh_analysis import i18n
from hatinh_analysis.report.cli import main
from hatinh_analysis.report.export import export_html
from hatinh_analysis.report.index import INDEX_FILES, write_index

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"

#: The runner's messages: labels of its pages and its two vocabularies.
RUNNER_MSGIDS = [m for k, m in i18n.LABELS.items() if k.split(".")[0] in ("report", "index", "batch", "link")] \
    + [m for kind in ("run_status", "batch_column") for m in i18n.TERMS[kind].values()] \
    + [m for k in ("batch_title", "batch_sets", "batch_sets_failed") for m in i18n.PLURALS[k]]

CONTEXT = {"title": "Target check", "notebook": "02_target_check", "report_date": "2019-12-25",
           "generated_at": "2026-12-01T13:45:07+00:00", "package_version": "0.1.0",
           "data_fingerprint": "sha256:abc123",
           "parameters": {"target_growth": 10.64, "exclude_years": [2017, 2018], "province": "ha_tinh",
                          "as_of": None, "flag": True},
           "error": {"ename": "ValueError", "evalue": "bad <x>"}}

#: The English header, footer, failure banner and default alt text as main wrote them before
#: the runner's pages were translated (export_html of ``_notebook()`` with CONTEXT, code hidden).
EN_BEFORE = {
    # issue 18: the parameters moved from the header to the footer (no dump atop the page)
    "header": '<header class="hatinh-header"><b>Report of 2019-12-25</b> · hatinh_analysis 0.1.0</header>',
    "footer": '<footer class="hatinh-footer"><table><tr><th scope="row">Notebook</th><td>02_target_check</td></tr>'
              '<tr><th scope="row">Report date</th><td>2019-12-25</td></tr><tr><th scope="row">Generated</th>'
              '<td>2026-12-01T13:45:07+00:00</td></tr><tr><th scope="row">Package</th><td>hatinh_analysis 0.1.0'
              '</td></tr><tr><th scope="row">Data fingerprint</th><td>sha256:abc123</td></tr>'
              '<tr><th scope="row">Parameters of the run</th><td class="hatinh-params">target_growth = '
              '10.64, exclude_years = 2017,2018, province = ha_tinh, as_of = none, flag = true</td></tr>'
              '</table><p>The code '
              'is hidden in this page; the executed notebook beside it (02_target_check.ipynb) holds it.</p>'
              '</footer>',
    "failed": '<div class="hatinh-failed" role="alert"><b>This report did not finish.</b> The notebook stopped '
              'with <code>ValueError: bad &lt;x&gt;</code>. Results below are incomplete; the error is shown '
              'where it happened.</div>',
    "alt": 'alt="Chart (no description was provided)"',
    "html": '<html lang="en">',
    "title": "<title>Target check</title>",
}
PARTS = {"header": r'<header class="hatinh-header">.*?</header>', "footer": r'<footer class="hatinh-footer">.*?</footer>',
         "failed": r'<div class="hatinh-failed".*?</div>', "alt": r'alt="[^"]*"', "html": r'<html lang="[^"]*">',
         "title": r"<title>.*?</title>"}


def visible(page: str) -> str:
    """The text a reader sees (no styles, scripts, inline images or tags), whitespace collapsed."""
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r'src="data:[^"]*"', "", page)
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page))).strip()
    return re.sub(r" (?=[.,;:])", "", text)  # a tag's end before punctuation is not a space


def english_leftovers(text: str) -> list[str]:
    """Pieces of the runner's English messages (words between placeholders and tags) found in *text*.

    File names (``summary.csv``, ``x.ipynb``) are left out: they are the same in both languages.
    """
    text = re.sub(r"\S+\.(?:csv|html|ipynb|json)\b", " ", text)
    found = []
    for msgid in RUNNER_MSGIDS:
        for piece in re.split(r"%\(\w+\)[sd]|<[^>]+>", msgid):
            piece = piece.strip(" .,:;()—")
            if len(piece) >= 4 and re.search(rf"(?<!\w){re.escape(piece)}(?!\w)", text):
                found.append(piece)
    return sorted(set(found))


def _notebook():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# T\n\ntext"), nbformat.v4.new_code_cell("1", outputs=[
        nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0KGgo="})])]
    return nb


def _parts(page: str) -> dict[str, str]:
    return {k: re.search(p, page, re.S).group(0) for k, p in PARTS.items()}


def test_english_header_and_footer_are_unchanged():
    assert _parts(export_html(_notebook(), context=CONTEXT)) == EN_BEFORE
    assert _parts(export_html(_notebook(), context={**CONTEXT, "lang": "en"})) == EN_BEFORE


def test_vietnamese_header_and_footer_come_from_the_catalogue():
    page = export_html(_notebook(), context={**CONTEXT, "lang": "vi"})
    parts = _parts(page)
    assert parts["html"] == '<html lang="vi">' and '<meta charset="utf-8"' in page.lower()
    chrome = visible(" ".join(parts[k] for k in ("header", "footer", "failed"))) + " " + parts["alt"]
    assert english_leftovers(chrome) == []
    vi = i18n.translator("vi")
    date = i18n.format_date("2019-12-25", "vi")
    assert date == "ngày 25 tháng 12 năm 2019"
    assert vi.label("report.header", date=date) in chrome          # "Báo cáo ngày 25 tháng 12 năm 2019"
    assert i18n.format_datetime(CONTEXT["generated_at"], "vi") in chrome
    for key in ("report.notebook", "report.date", "report.generated", "report.package", "report.fingerprint"):
        assert vi.label(key) in chrome, key
    assert vi.label("report.default_alt") in parts["alt"]
    assert "ValueError: bad <x>" in chrome  # the error itself is quoted as it is
    # parameters are shown as they are typed after -p (names and values), in both languages
    assert "target_growth = 10.64" in chrome
    # no font is fetched: the stack is local and every family of it has Vietnamese letters
    assert "@font-face" not in page and "fonts.googleapis" not in page
    assert '--hatinh-font: "DejaVu Sans"' in page


def test_an_unknown_report_language_is_refused_by_name():
    with pytest.raises(ValueError, match="lang"):
        export_html(_notebook(), context={**CONTEXT, "lang": "fr"})


def _sidecar(folder: Path, stem: str, lang: str | None, status: str = "ok", headline: str = "fine") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    params = {"n": 3, **({"lang": lang} if lang else {})}
    side = {"sidecar_version": 1, "notebook": stem, "title": f"Title {stem}", "status": status,
            "verdict": headline, "summary": f"tóm tắt {stem}", "parameters": params, "overrides": {},
            "result": {"headline": headline, "details": {"lang": lang} if lang else {}},
            "error": {"ename": "RuntimeError", "evalue": "boom"} if status == "failed" else None}
    (folder / f"{stem}.json").write_text(json.dumps(side), encoding="utf-8")
    (folder / f"{stem}.html").write_text("<html></html>", encoding="utf-8")


@pytest.fixture
def runs(tmp_path) -> Path:
    """A reports folder with an English run, two Vietnamese ones, a batch and a failed report."""
    out = tmp_path / "reports"
    _sidecar(out / "2020-01-01", "a_report", None)
    _sidecar(out / "2020-01-01-vi", "b_report", "vi", headline="hợp lý")
    _sidecar(out / "2020-01-01-vi-2", "c_report", "vi", status="failed")
    batch = out / "2020-01-02-vi"
    batch.mkdir()
    (batch / "batch.json").write_text(json.dumps({
        "batch_version": 1, "kind": "batch", "notebook": "tiny", "title": "Lưới", "common": {"lang": "vi"},
        "varying": ["n"], "n_sets": 2, "n_failed": 1,
        "sets": [{"set": 1, "parameters": {"n": 2}, "verdict": "tốt"}, {"set": 2, "parameters": {"n": 3}}]}),
        encoding="utf-8")
    (batch / "summary.html").write_text("<html></html>", encoding="utf-8")
    return out


def test_index_pages_in_both_languages_list_runs_of_both(runs):
    english = write_index(runs)
    assert english == runs / "index.html" and sorted(INDEX_FILES.values()) == ["index.html", "index.vi.html"]
    pages = {lang: (runs / file).read_text(encoding="utf-8") for lang, file in INDEX_FILES.items()}
    for lang, page in pages.items():
        assert f'<html lang="{lang}">' in page and '<meta charset="utf-8">' in page
        other = "vi" if lang == "en" else "en"
        assert f'href="{INDEX_FILES[other]}" hreflang="{other}"' in page  # links to the other language
        # every run is listed, newest first (DATE-vi-2 before DATE-vi before DATE on the same day)
        order = [page.index(f'id="run-{name}"') for name in ("2020-01-02-vi", "2020-01-01-vi-2", "2020-01-01-vi",
                                                                "2020-01-01")]
        assert order == sorted(order)
        for stem in ("a_report", "b_report", "c_report"):
            assert re.search(rf'href="2020-01-01[^"]*/{stem}.html"', page)
        assert 'href="2020-01-02-vi/summary.html"' in page
        # a visible language badge per report, in the page's language
        for code, n in (("en", 1), ("vi", 3)):
            name = i18n.language_name(code, lang)
            assert page.count(f'<span class="lang lang-{code}" lang="{code}" title="{name}">{name}</span>') == n
    en_text, vi_text = visible(pages["en"]), visible(pages["vi"])
    assert "Vietnamese" in en_text and "English" in en_text and "Tiếng Việt" in vi_text and "Tiếng Anh" in vi_text
    assert english_leftovers(vi_text) == []
    vi = i18n.translator("vi")
    for key in ("index.heading", "index.language", "index.report", "index.status", "index.result",
                "index.files", "index.default_parameters"):
        assert vi.label(key) in vi_text, key
    from hatinh_analysis.report.index import INDEX_COLUMNS
    for msgid in INDEX_COLUMNS.values():  # the table's headings
        assert f'">{vi(msgid)}</th>' in pages["vi"], msgid
    assert vi.label("index.did_not_finish", error="RuntimeError: boom") in vi_text
    assert vi.term("run_status", "failed") in vi_text and vi.label("link.report") in vi_text
    assert "ngày" in vi_text  # the page's date, in words
    # English keeps the words it had
    for words in ("Hà Tĩnh analysis — reports", "Every dated run, newest first.", "default parameters",
                  "Did not finish: RuntimeError: boom", "2020-01-02-vi — batch", "1 of 2 failed",
                  "2 parameter sets of tiny, 1 failed.", "varying: n"):
        assert words in en_text, words


def test_index_command_writes_both_pages(runs):
    result = CliRunner().invoke(main, ["index", "--out", str(runs)])
    assert result.exit_code == 0, result.output
    assert (runs / "index.html").exists() and (runs / "index.vi.html").exists()


# --------------------------------------------------------------------------- through the command
@pytest.fixture(scope="module")
def notebooks(tmp_path_factory) -> Path:
    """The tiny fixture notebook with a ``lang`` parameter (as the project's notebooks declare it)."""
    folder = tmp_path_factory.mktemp("notebooks")
    nb = nbformat.read(FIXTURES / "tiny.ipynb", as_version=4)
    params = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    params.source += '\nlang: str = "en"  # language of the report'
    nbformat.write(nb, folder / "tiny_lang.ipynb")
    nb.cells = [c for c in nb.cells if "publish(" not in c.source]  # runs, publishes no result
    nbformat.write(nb, folder / "quiet_lang.ipynb")
    nbformat.write(nbformat.read(FIXTURES / "tiny.ipynb", as_version=4), folder / "tiny.ipynb")
    return folder


def cli(notebooks: Path, *args):
    return CliRunner().invoke(main, ["--notebooks-dir", str(notebooks), *map(str, args)], catch_exceptions=False)


def chrome_of(page: str) -> str:
    parts = [re.search(p, page, re.S) for p in (PARTS["header"], PARTS["footer"])]
    return visible(" ".join(p.group(0) for p in parts if p))


@pytest.mark.slow
def test_run_in_each_language_gets_its_own_folder_and_both_indexes(tmp_path, notebooks):
    out = tmp_path / "reports"
    vi_run = cli(notebooks, "run", "tiny_lang", "--lang", "vi", "--out", out, "--date", "2020-01-01", "--no-progress")
    assert vi_run.exit_code == 0, vi_run.output
    assert f"Index:  {out / 'index.vi.html'}" in vi_run.output
    en_run = cli(notebooks, "run", "tiny_lang", "--out", out, "--date", "2020-01-01", "--no-progress")
    assert en_run.exit_code == 0, en_run.output
    again = cli(notebooks, "run", "tiny_lang", "-p", "lang", "vi", "--out", out, "--date", "2020-01-01", "--no-progress")
    assert again.exit_code == 0, again.output
    assert sorted(p.name for p in out.iterdir() if p.name != ".lock") == [
        "2020-01-01", "2020-01-01-vi", "2020-01-01-vi-2", "index.html", "index.vi.html"]
    vi_page = (out / "2020-01-01-vi" / "tiny_lang.html").read_text(encoding="utf-8")
    en_page = (out / "2020-01-01" / "tiny_lang.html").read_text(encoding="utf-8")
    assert '<html lang="vi">' in vi_page and '<html lang="en">' in en_page
    vi_chrome, en_chrome = chrome_of(vi_page), chrome_of(en_page)
    assert english_leftovers(vi_chrome) == []
    assert "Báo cáo ngày 1 tháng 1 năm 2020" in vi_chrome and "Report of 2020-01-01" in en_chrome
    assert "Parameters of the run n = 3, label = demo" in en_chrome
    assert "Tham số của lần chạy n = 3" in vi_chrome
    side = json.loads((out / "2020-01-01-vi" / "tiny_lang.json").read_text(encoding="utf-8"))
    assert side["parameters"]["lang"] == "vi"
    for file in ("index.html", "index.vi.html"):
        page = (out / file).read_text(encoding="utf-8")
        for folder in ("2020-01-01", "2020-01-01-vi", "2020-01-01-vi-2"):
            assert f'href="{folder}/tiny_lang.html"' in page, (file, folder)
    # one row per run in the page's language; the other language's twin is linked from it
    en_page, vi_page = ((out / f).read_text(encoding="utf-8") for f in ("index.html", "index.vi.html"))
    assert en_page.split("<tbody>")[1].count("<tr") == 1 and 'id="run-2020-01-01"' in en_page
    assert vi_page.split("<tbody>")[1].count("<tr") == 2 and 'id="run-2020-01-01-vi"' in vi_page and 'id="run-2020-01-01"' not in vi_page
    assert 'href="2020-01-01/tiny_lang.html" hreflang="en"' in vi_page


def run_grid(tmp_path, notebooks, grid_yaml: str, lang: str):
    """A batch of the tiny notebook over *grid_yaml* with ``--lang``; returns (reports folder, grid file)."""
    out, grid = tmp_path / "reports", tmp_path / "grid.yaml"
    grid.write_text(grid_yaml, encoding="utf-8")
    result = cli(notebooks, "batch", grid, "--lang", lang, "--out", out, "--date", "2020-01-01", "--no-progress")
    assert result.exit_code == 0, result.output
    return out, grid


@pytest.mark.slow
def test_batch_in_vietnamese(tmp_path, notebooks):
    out, grid = run_grid(tmp_path, notebooks, "notebook: tiny_lang\ngrid:\n  n: [2, 3]\n", "vi")
    run = out / "2020-01-01-vi"
    for name in ("tiny_lang-001__n=2", "tiny_lang-002__n=3"):
        side = json.loads((run / f"{name}.json").read_text(encoding="utf-8"))
        assert side["parameters"]["lang"] == "vi"
        assert '<html lang="vi">' in (run / f"{name}.html").read_text(encoding="utf-8")
    page = (run / "summary.html").read_text(encoding="utf-8")
    assert '<html lang="vi">' in page and 'href="../index.vi.html"' in page
    text = visible(page)
    assert english_leftovers(text.replace("Tiny report", "")) == []  # the fixture's title is English
    vi = i18n.translator("vi")
    assert vi.plural("batch_title", 2, title="Tiny report") in text  # the fixture's title has no translation
    assert vi.label("batch.all_finished") in text and "ngày 1 tháng 1 năm 2020" in text
    assert vi.label("batch.set") in text and vi.term("run_status", "ok") in text
    record = json.loads((run / "batch.json").read_text(encoding="utf-8"))
    assert record["common"] == {"lang": "vi"} and record["varying"] == ["n"]
    index = visible((out / "index.vi.html").read_text(encoding="utf-8"))
    assert "2020-01-01-vi — loạt chạy" in index and "Tiếng Việt" in index
    # --lang wins over the file, as -p does on run: a grid over lang collapses into identical sets
    grid.write_text("notebook: tiny_lang\ngrid:\n  lang: [en, vi]\n", encoding="utf-8")
    result = cli(notebooks, "batch", grid, "--lang", "vi", "--out", out, "--date", "2020-01-02", "--no-progress")
    assert result.exit_code == 2 and "sets 1 and 2 are identical" in result.output


@pytest.mark.slow
def test_batch_in_english_keeps_its_page(tmp_path, notebooks):
    out, _grid = run_grid(tmp_path, notebooks, "notebook: tiny_lang\ntitle: Tiny grid\ngrid:\n  n: [2, 3]\n", "en")
    text = visible((out / "2020-01-01" / "summary.html").read_text(encoding="utf-8"))
    for words in ("Batch of 2 runs of tiny_lang from grid.yaml, report of 2020-01-01.", "All finished.",
                  "The same table as CSV: summary.csv; all reports: index.", "Common parameters: lang = en.",
                  "Varying: n.", "Set n Status Verdict", "report · notebook · record"):
        assert words in text, words


def test_bad_lang_exits_2_naming_the_option(tmp_path, notebooks):
    out = tmp_path / "reports"
    grid = tmp_path / "grid.yaml"
    grid.write_text("notebook: tiny_lang\ngrid:\n  n: [2, 3]\n", encoding="utf-8")
    for args in (("run", "tiny_lang"), ("batch", grid)):
        result = cli(notebooks, *args, "--lang", "xx", "--out", out)
        assert result.exit_code == 2 and "--lang" in result.output and "'xx'" in result.output, result.output
    assert not out.exists()
    # a notebook without a lang parameter cannot be run in another language
    grid.write_text("notebook: tiny\ngrid:\n  n: [2, 3]\n", encoding="utf-8")
    result = cli(notebooks, "batch", grid, "--lang", "vi", "--out", out)
    assert result.exit_code == 2 and "--lang: unknown parameter 'lang'" in result.output, result.output
    assert not out.exists()


@pytest.mark.slow
def test_the_runners_own_result_text_is_translated(tmp_path, notebooks):
    out = tmp_path / "reports"
    result = cli(notebooks, "run", "quiet_lang", "--lang", "vi", "--out", out, "--date", "2020-01-01", "--no-progress")
    assert result.exit_code == 0, result.output
    side = json.loads((out / "2020-01-01-vi" / "quiet_lang.json").read_text(encoding="utf-8"))
    assert side["status"] == "warning" and side["summary"] == i18n.label("report.no_result", "vi")
    index = visible((out / "index.vi.html").read_text(encoding="utf-8"))
    assert i18n.label("report.no_result", "vi") in index and i18n.term("run_status", "warning", "vi") in index
    assert english_leftovers(index.replace("Tiny report", "")) == []
