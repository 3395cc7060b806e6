"""The scoreboard module: every public function says when to use it; the committed table is
reproduced by the rebuild command (slow)."""
from __future__ import annotations

import importlib
import inspect

import numpy as np
import pandas as pd
import pytest

MODULES = ["hatinh_analysis.target", "hatinh_analysis.calibration", "hatinh_analysis.evaluation",
           "hatinh_analysis.combination", "hatinh_analysis.breaks", "hatinh_analysis.models",
           "hatinh_analysis.models.pooled", "hatinh_analysis.plots"]


@pytest.mark.parametrize("module", MODULES)
def test_every_public_function_says_when_to_use_it(module):
    mod = importlib.import_module(module)
    missing = []
    for name in getattr(mod, "__all__", []):
        obj = getattr(mod, name)
        if inspect.isfunction(obj) and obj.__module__ == module:
            doc = inspect.getdoc(obj) or ""
            if "when to use" not in doc.lower():
                missing.append(name)
            if not doc:
                missing.append(name)
    assert not missing, f"{module}: no 'When to use' in {missing}"


def test_catalogue_modes():
    from hatinh_analysis.evaluation import series_catalogue

    full = series_catalogue()
    cat = full.set_index(["province", "indicator", "industry"])["mode"]
    assert cat[("vietnam", "iip", "")] == "vintage" and cat[("ha_tinh", "iip", "")] == "vintage"
    assert cat[("nghe_an", "iip", "")] == "final" and cat[("an_giang", "iip", "")] == "final"
    # every industry with figures, as published in the December releases (issue 16)
    ind = full[full["industry"] != ""]
    assert {"B", "C", "D", "E", "10", "26"} <= set(ind["industry"])
    assert (ind["mode"] == "vintage").all() and (ind["province"] == "vietnam").all()
    assert ind["first_year"].min() == 2011 and ind["last_year"].max() == 2024


def test_industry_rows_are_real_time_and_scored_against_the_latest_figure():
    from hatinh_analysis.calibration import load_table
    from hatinh_analysis.data.store import load_series

    t = load_table()
    c = t[(t["series"] == "vietnam:iip:C") & (t["method"] == "naive_last") & (t["horizon"] == 1)]
    assert c["ref_class"].eq("industry").all() and len(c) >= 10
    row = c[c["origin"] == 2015].iloc[0]
    known = load_series("iip", "vietnam", industry="C", as_of="2015-12-31")
    assert row["forecast"] == pytest.approx(known.loc[2015], rel=1e-5)   # the Dec 2015 estimate
    assert row["made"] <= "2015-12-31"
    # 2016 is scored against the January 2017 restatement, published after the forecast
    assert row["actual"] == pytest.approx(load_series("iip", "vietnam", industry="C").loc[2016],
                                          rel=1e-5)
    assert row["published"] == "2017-01-27"


def test_committed_rows_are_vintage_aware():
    from hatinh_analysis.calibration import load_table
    from hatinh_analysis.data.store import load_series

    t = load_table()
    ht = t[(t["series"] == "ha_tinh:iip") & (t["method"] == "naive_last")]
    # Hà Tĩnh as known at the end of each origin year: 2016 (estimate of 2016-12-28) and 2018
    # (estimate of 2018-12); 2017's estimate came on 2018-01-04, so origin 2017 is skipped
    assert sorted(set(ht["origin"])) == [2016, 2018]
    row = ht[(ht["origin"] == 2016) & (ht["horizon"] == 1)].iloc[0]
    assert row["forecast"] == pytest.approx(15.37)                 # the December estimate, not 20.9
    assert row["actual"] == pytest.approx(load_series("iip").loc[2017])


@pytest.mark.slow
def test_rebuild_reproduces_the_committed_table():
    from hatinh_analysis.calibration import load_table
    from hatinh_analysis.evaluation import scoreboard

    new = scoreboard(n_jobs=1).forecasts
    old = load_table()
    assert len(new) == len(old)
    key = ["series", "origin", "horizon", "method"]
    a = new.sort_values(key).reset_index(drop=True)
    b = old.sort_values(key).reset_index(drop=True)
    assert (a[key].astype(str).to_numpy() == b[key].astype(str).to_numpy()).all()
    for c in ("forecast", "q10", "q90", "actual", "crps", "prob_reach"):
        np.testing.assert_allclose(a[c].to_numpy(float), b[c].to_numpy(float), rtol=1e-4, atol=1e-4,
                                   err_msg=c)


def _variant_rows(how, q10, q90, q025, q975, crps, n=40):
    import numpy as np
    import pandas as pd

    y = np.linspace(-1.0, 1.0, n)
    return pd.DataFrame({"series": [f"s{i}:iip" for i in range(n)], "origin": 2019, "year": 2020,
                         "horizon": 1, "method": f"calibrated_{how}", "actual": y, "forecast": 0.0,
                         "q025": q025, "q10": q10, "q25": -0.5, "q50": 0.0, "q75": 0.5,
                         "q90": q90, "q975": q975, "m4_scale": 1.0, "crps": crps,
                         "threshold": 0.0, "prob_reach": 0.5})


def test_choose_calibration_rule_by_hand():
    import numpy as np
    import pandas as pd

    from hatinh_analysis.evaluation import choose_calibration

    # y evenly on [-1, 1]: a range +-0.8 holds 32 of 40 (80%), +-0.95 holds 38 of 40 (95%)
    kept = _variant_rows("pooled", -0.8, 0.8, -0.95, 0.95, crps=0.30)
    wide = _variant_rows("year_effects", -0.99, 0.99, -1.0, 1.0, crps=0.25)       # 40/40: too wide
    unbounded = _variant_rows("year_blocks", -0.8, 0.8, -np.inf, np.inf, crps=0.10)
    how, why = choose_calibration(pd.concat([kept, wide, unbounded], ignore_index=True))
    assert how == "pooled" and "unbounded ranges excluded: year_blocks" in why
    # none kept both promises: the lowest CRPS among the bounded ones
    narrow = _variant_rows("pooled", -0.3, 0.3, -0.5, 0.5, crps=0.30)
    assert choose_calibration(pd.concat([narrow, wide, unbounded]))[0] == "year_effects"


def test_scores_by_class_and_year_and_unbounded_scores():
    from hatinh_analysis.evaluation import load_scoreboard, score_rows

    sb = load_scoreboard()
    by_class = sb.by_class(1, ("calibrated",))
    assert set(by_class["ref_class"]) == {"province", "industry", "national"}
    cal = sb.forecasts[(sb.forecasts["method"] == "calibrated") & (sb.forecasts["horizon"] == 1)]
    assert by_class["n"].sum() == len(cal) and by_class["hits_80"].sum() == sb.summary_frame(1).set_index(
        "method").loc["calibrated", "hits_80"]
    by_year = sb.by_year(1, ("calibrated",))
    assert list(by_year["year"]) == sorted(cal["year"].unique())
    assert "calibrated_year_blocks" not in set(sb.summary_frame(1)["method"])
    assert "calibrated_year_blocks" in set(sb.summary_frame(1, variants=True)["method"])
    inf = _variant_rows("year_blocks", -0.8, 0.8, -float("inf"), float("inf"), crps=0.1)
    s = score_rows(inf).iloc[0]
    assert s["is_95"] == float("inf") and s["hits_95"] == 40 and s["is_80"] < float("inf")
