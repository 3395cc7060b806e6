"""``--xlsx`` / ``--docx``: the report's tables and a one-page brief, in the report's language (issue 18)."""
from __future__ import annotations

import base64
import io

import nbformat
import pytest

import hatinh_analysis as ha
from hatinh_analysis.report.documents import verdict_sentence, write_docx, write_xlsx


@pytest.fixture(scope="module")
def target_run():
    series = ha.load_series("iip", "ha_tinh", as_of="2019-12-25")
    check = ha.check_target(series, 10.64, 2020)
    return series, check, ha.target_report(series, check, alt_exclude_years=[2017, 2018])


def _png() -> str:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(4, 2))
    fig.subplots().plot([1, 2], [3, 4])
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _run(target_run, lang):
    """A sidecar and an executed notebook as the runner keeps them (one chart, two tables)."""
    series, check, report = target_run
    result = report.to_result(lang=lang)
    side = {"notebook": "02_target_check", "title": "Target check <b>&</b>", "report_date": "2020-01-01",
            "parameters": {"lang": lang, "target_growth": 10.64}, "result": result, "summary": result["summary"],
            "package": {"version": "0.1.0"}, "data_fingerprint": "abc"}
    table = report.record_table(lang).to_html()
    hostile = "<table><caption>Yours</caption><tr><th>note</th></tr><tr><td>=HYPERLINK(\"x\")</td></tr></table>"
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"image/png": _png(), "text/plain": "fig"},
                                           metadata={"image/png": {"alt": "a chart"}}),
                    nbformat.v4.new_output("display_data", data={"text/html": table, "text/plain": "t"}),
                    nbformat.v4.new_output("display_data", data={"text/html": hostile, "text/plain": "t"})]
    nb.cells = [cell]
    return side, nb


@pytest.mark.parametrize("lang, words", [("en", "+10.64% is below the central forecast of"),
                                         ("vi", "+10,64% thấp hơn dự báo trung tâm")])
def test_xlsx_holds_the_verdict_sentence_and_the_tables(target_run, tmp_path, lang, words):
    import openpyxl

    side, nb = _run(target_run, lang)
    sentence = verdict_sentence(side)
    assert sentence.startswith(words)
    path = write_xlsx(tmp_path / "r.xlsx", side, nb)
    wb = openpyxl.load_workbook(path)
    summary = [v for row in wb.worksheets[0].iter_rows(values_only=True) for v in row if v]
    assert sentence in summary
    assert wb.worksheets[0]["A1"].value == "Target check <b>&</b>"  # text, as given
    names = wb.sheetnames
    figures = wb[names[1]]
    years = [r[0] for r in figures.iter_rows(min_row=2, values_only=True)]
    values = [r[1] for r in figures.iter_rows(min_row=2, values_only=True)]
    assert years == [int(y) for y in target_run[0].index]
    assert values == pytest.approx(list(target_run[0].to_numpy()))  # numbers, not text
    header = [c.value for c in wb[names[2]][1]]
    assert header[0] == ("Phương pháp" if lang == "vi" else "Method")
    # the report's own tables follow, as shown; text that looks like a formula stays text
    yours = wb[names[-1]]
    assert yours.title == "Yours" and yours["A2"].value == '=HYPERLINK("x")' and yours["A2"].data_type == "s"
    text = " ".join(str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row if v)
    if lang == "vi":
        assert "Kết luận" in text and "Verdict:" not in text


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_docx_is_a_brief_with_the_sentence_a_chart_the_range_and_the_source(target_run, tmp_path, lang):
    import docx

    side, nb = _run(target_run, lang)
    doc = docx.Document(write_docx(tmp_path / "r.docx", side, nb))
    text = [p.text for p in doc.paragraphs]
    assert verdict_sentence(side) in text
    assert len(doc.inline_shapes) == 1
    lower, upper = target_run[1].calibrated.interval(0.8)
    fmt = (lambda x: f"{x:+.1f}%") if lang == "en" else (lambda x: f"{x:+.1f}%".replace(".", ","))
    assert any(fmt(lower) in t and fmt(upper) in t for t in text), text
    assert any(t.startswith("Nguồn:" if lang == "vi" else "Source:") for t in text)
    assert doc.core_properties.language == lang


@pytest.mark.slow
def test_cli_writes_both_documents_beside_the_html(tmp_path):
    import docx
    import openpyxl
    from click.testing import CliRunner

    from hatinh_analysis.report.cli import main

    result = CliRunner().invoke(main, ["run", "02_target_check", "--lang", "vi", "--xlsx", "--docx", "--out",
                                       str(tmp_path), "--date", "2020-01-01", "--no-progress"])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "2020-01-01-vi"
    import json

    side = json.loads((folder / "02_target_check.json").read_text(encoding="utf-8"))
    sentence = verdict_sentence(side)
    assert sentence.startswith("+10,64% thấp hơn dự báo trung tâm +18,1% cho năm 2020: có thể đạt")
    assert sentence in [p.text for p in docx.Document(folder / "02_target_check.docx").paragraphs]
    wb = openpyxl.load_workbook(folder / "02_target_check.xlsx")
    assert sentence in [v for row in wb.worksheets[0].iter_rows(values_only=True) for v in row]
    assert (folder / "02_target_check.html").exists()
