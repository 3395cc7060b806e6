"""The tracker's committed scoreboard: current for the shipped data, reproducible, vintage-exact."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from hatinh_analysis import tracking_scoreboard as ts
from hatinh_analysis.data.store import data_fingerprint


def test_committed_table_is_built_from_the_shipped_data():
    _table, meta = ts.load_tracking_scoreboard()
    assert meta["settings"]["data_fingerprint"] == data_fingerprint(), (
        f"hatinh_analysis/tracking_scoreboard.csv is stale (built from other data): run "
        f"`{ts.REBUILD_COMMAND}` and commit it")


def test_committed_rows_are_what_a_rebuild_gives():
    table, _meta = ts.load_tracking_scoreboard()
    fresh = ts.build_scoreboard(years=[2017])
    old = table[table["year"] == 2017].reset_index(drop=True)
    assert len(fresh) == len(old) > 0
    for col in ("q10", "q90", "actual", "crps"):
        np.testing.assert_allclose(fresh[col].to_numpy(float), old[col].to_numpy(float), rtol=1e-5,
                                   atol=1e-5, err_msg=col)


def test_every_case_uses_only_years_before_and_figures_published_by_its_release():
    table, _meta = ts.load_tracking_scoreboard()
    t = table[table["method"] == "tracker"]
    assert set(t["year"]) <= set(ts.YEARS) and set(t["month"]) <= set(range(1, 12))
    # the history of a case in year Y holds at most the years before Y (from 2011)
    assert (t["n_years"] <= t["year"] - 2011).all()
    assert (pd.to_datetime(t["published"]) < pd.to_datetime(t["final_published"])).all()


def test_record_counts_only_outcomes_known_by_as_of():
    table, _meta = ts.load_tracking_scoreboard()
    full = ts.record_for(6, 0.8, table=table)
    early = ts.record_for(6, 0.8, as_of="2017-06-30", table=table)
    late_years = table[(table["method"] == "tracker") & (table["month"] == 6)
                       & (pd.to_datetime(table["final_published"]) > "2017-06-30")]
    assert early["n"] == full["n"] - len(late_years)
    assert ts.record_for(6, 0.8, as_of="2013-01-01", table=table)["word"] == "not scored"


def test_summary_by_month_counts_each_method_on_the_trackers_cases():
    table, _meta = ts.load_tracking_scoreboard()
    s = ts.summary_frame(table).set_index(["month", "method"])
    for m in range(1, 12):
        assert s.loc[(m, "naive"), "n"] == s.loc[(m, "tracker"), "n"]
        assert s.loc[(m, "tracker"), "hits_80"] <= s.loc[(m, "tracker"), "n"]
    frame = ts.tracking_scoreboard_frame()
    assert {"hits_80", "wilson_lo_80", "is_80", "years"} <= set(frame.columns)
