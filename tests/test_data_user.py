"""Your own figures everywhere: extra= in every loader, validated, marked, same vintage rule."""
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from conftest import write_user_csv, write_user_xlsx

import hatinh_analysis as ha
from hatinh_analysis import DataError
from hatinh_analysis.data.schema import COLUMNS
from hatinh_analysis.data.templates import codes, example_row, template_csv

DATA = Path(__file__).resolve().parents[1] / "data"
TEMPLATES = DATA / "templates"

# Test rows (not data): a user's Hà Tĩnh IIP growth for 2020-2021 and a 2026 target.
ROWS = [
    ["ha_tinh", "iip", 2020, 12.5, None, "pct_change", "iip", "estimate", "2020-12-28",
     "so_ct_2020", "ước tăng 12,5%"],
    ["ha_tinh", "iip", 2021, 108.1, None, "index_prev_year=100", "iip", "preliminary", "2022-03",
     "ctk_2021", "108,1%"],
    ["ha_tinh", "iip", 2026, 9.0, None, "pct_change", "iip", "target", "2025-12-20",
     "nq_hdnd_2026", "tăng 9%"],
]


def user_xlsx(tmp_path, rows=ROWS, name="my_figures.xlsx"):
    return write_user_xlsx(tmp_path, rows, name)


def test_load_series_with_extra(tmp_path):
    p = user_xlsx(tmp_path)
    s = ha.load_series("iip", extra=p)
    shipped = ha.load_series("iip")
    assert s.loc[:2019].equals(shipped)
    assert s.loc[2020] == 12.5 and s.loc[2021] == pytest.approx(8.1)
    assert 2026 not in s.index  # targets never count as figures
    assert s.attrs["user_years"] == [2020, 2021]
    assert s.attrs["user_rows"] == {2020: "my_figures.xlsx, row 2",
                                    2021: "my_figures.xlsx, row 3"}
    assert s.attrs["origins"][2019] == "shipped" and s.attrs["origins"][2020] == "user"
    assert s.attrs["source_ids"][2020] == "so_ct_2020"
    # the shipped data are not altered
    assert "user" not in set(ha.load_observations()["origin"])


def test_dataframe_extra_same_result(tmp_path):
    frame = pd.DataFrame(ROWS, columns=COLUMNS[:11])
    s = ha.load_series("iip", extra=frame)
    assert s.attrs["user_years"] == [2020, 2021]
    assert s.attrs["user_rows"][2020] == "DataFrame row 0"


def test_user_rows_follow_vintage_rule(tmp_path):
    p = user_xlsx(tmp_path)
    s = ha.load_series("iip", as_of="2021-12-31", extra=p)
    assert s.index.max() == 2020  # the 2021 figure was published 2022-03
    with pytest.raises(DataError):
        ha.load_series("iip", province="ha_tinh", as_of="2005", extra=p)


def test_tie_rule_user_wins_same_status_and_date_final_beats_user_estimate(tmp_path):
    # same status and date as the shipped 2019 estimate (30.74): the user's row wins
    same = ["ha_tinh", "iip", 2019, 30.9, None, "pct_change", "iip", "estimate", "2019-12-25",
            "my_correction", "30,9%"]
    s = ha.load_series("iip", extra=write_user_csv(tmp_path, [same]))
    assert s.loc[2019] == 30.9 and s.attrs["origins"][2019] == "user"
    # a user estimate never beats a shipped final figure (2016: PX-Web 120.9, final)
    est = ["ha_tinh", "iip", 2016, 15.0, None, "pct_change", "iip", "estimate", "2020-01",
           "mine", "15%"]
    s = ha.load_series("iip", extra=write_user_csv(tmp_path, [est], name="b.csv"))
    assert s.loc[2016] == pytest.approx(20.9) and s.attrs["origins"][2016] == "shipped"


def test_load_targets_and_observations_and_list_series(tmp_path):
    p = user_xlsx(tmp_path)
    t = ha.load_targets("ha_tinh", "iip", extra=p)
    mine = t[t["origin"] == "user"]
    assert mine["year"].tolist() == [2026] and mine["user_row"].tolist() == [
        "my_figures.xlsx, row 4"]
    assert (t.loc[t["origin"] == "shipped", "user_row"] == "").all()
    obs = ha.load_observations("ha_tinh", "iip", extra=p)
    assert list(obs.columns) == list(COLUMNS) + ["origin", "user_row"]
    assert (obs["origin"] == "user").sum() == 3
    ls = ha.list_series(extra=p)
    row = ls[(ls["province"] == "ha_tinh") & (ls["indicator"] == "iip")].iloc[0]
    assert row["n_user"] == 2 and row["last_year"] == 2021


def test_bad_user_row_names_file_row_column(tmp_path):
    rows = ROWS + [["ha_tinh", "iip", 2022, "1e300", None, "pct_change", "iip", "estimate",
                    "2022-12-28", "so_ct", "q"]]
    p = user_xlsx(tmp_path, rows)
    with pytest.raises(DataError) as info:
        ha.read_user_figures(p)
    e = info.value
    assert (Path(e.path).name, e.sheet, e.row, e.column) == ("my_figures.xlsx", "Figures", 5,
                                                             "value")
    assert "plausibility bound" in str(e)
    with pytest.raises(DataError, match="row 5"):
        ha.load_series("iip", extra=p)  # the same refusal wherever the file is used


def test_unknown_code_in_user_file(tmp_path):
    rows = [["ha_tinhh"] + ROWS[0][1:]]
    with pytest.raises(DataError) as info:
        ha.read_user_figures(write_user_csv(tmp_path, rows))
    assert info.value.row == 2 and info.value.column == "province"
    assert "'ha_tinh'" in str(info.value)  # lists the valid codes


def test_extra_must_be_path_or_frame(tmp_path):
    with pytest.raises(DataError, match="not found"):
        ha.load_series("iip", extra=tmp_path / "nope.xlsx")
    with pytest.raises(DataError, match="path to a .csv/.xlsx file or a DataFrame"):
        ha.load_series("iip", extra=42)
    (tmp_path / "figures.txt").write_text("x")
    with pytest.raises(DataError, match="expected a .csv or .xlsx"):
        ha.read_user_figures(tmp_path / "figures.txt")


def test_user_file_edit_is_seen(tmp_path):
    p = user_xlsx(tmp_path)
    assert ha.load_series("iip", extra=p).loc[2020] == 12.5
    rows = [list(ROWS[0])]
    rows[0][3] = 13.25
    user_xlsx(tmp_path, rows)
    assert ha.load_series("iip", extra=p).loc[2020] == 13.25


# ------------------------------------------------------------------ templates
def test_templates_example_row_is_a_real_shipped_figure():
    row = example_row()
    shipped = pd.read_csv(DATA / "observations.csv", dtype=str, keep_default_na=False)
    match = shipped[(shipped["province"] == row["province"]) & (shipped["year"] == "2019")
                    & (shipped["indicator"] == "iip") & (shipped["status"] == "estimate")
                    & (shipped["source_id"] == row["source_id"])]
    assert len(match) == 1 and float(match["value"].iloc[0]) == row["value"] == 30.74
    assert row["source_id"] in set(ha.list_sources()["source_id"])
    for name in ("my_figures.csv", "my_figures.xlsx"):
        t = ha.read_user_figures(TEMPLATES / name)
        assert len(t) == 1
        got = t.iloc[0]
        for c in COLUMNS:
            if c == "value_high":
                assert pd.isna(got[c]) and pd.isna(row[c])
            else:
                assert got[c] == row[c], (name, c)


def test_csv_template_is_current():
    assert (TEMPLATES / "my_figures.csv").read_bytes() == template_csv()


def test_xlsx_template_sheets_and_codes():
    wb = openpyxl.load_workbook(TEMPLATES / "my_figures.xlsx")
    assert wb.sheetnames == ["Figures", "Codes"]
    header = [c.value for c in wb["Figures"][1]]
    from hatinh_analysis.data.templates import TEMPLATE_COLUMNS
    assert header == list(TEMPLATE_COLUMNS) == list(COLUMNS) + ["month", "comparison"]
    listed = {(r[0], r[1] or "") for r in wb["Codes"].iter_rows(min_row=2, values_only=True)}
    assert listed == {(c, k) for c, k, _ in codes()}
    from hatinh_analysis.data import vocab
    for column, names in (("province", vocab.PROVINCES), ("indicator", vocab.INDICATORS),
                          ("unit", vocab.UNITS + ("index",)), ("status", vocab.STATUSES),
                          ("basis", vocab.BASES), ("comparison", vocab.MONTHLY_COMPARISONS),
                          ("industry", ("(empty)", *vocab.INDUSTRIES))):
        assert {k for c, k in listed if c == column} == set(names), column


def test_template_command_never_overwrites(tmp_path, capsys):
    from hatinh_analysis.data.build import main
    p = tmp_path / "my_figures.xlsx"
    assert main(["template", str(p)]) == 0
    assert len(ha.read_user_figures(p)) == 1
    assert main(["template", str(p)]) == 2
    assert "exists already" in capsys.readouterr().err
    assert main(["check-figures", str(p)]) == 0
    assert "2 rows valid (1 figures, 0 targets, 1 figures about months)" \
        in capsys.readouterr().out
    assert len(ha.read_user_monthly(p)) == 1
    bad = user_xlsx(tmp_path, [ROWS[0][:3] + [0.0] + ROWS[1][4:]], name="bad.xlsx")
    assert main(["check-figures", str(bad)]) == 2  # index 0: impossible
    err = capsys.readouterr().err
    assert "bad.xlsx" in err and "row 2" in err and "column 'value'" in err
