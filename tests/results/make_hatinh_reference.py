"""Freeze check_target numbers for Hà Tĩnh IIP (regression snapshot).

A *regression* reference, not an independent one: it records what the engine
produced when the numbers were reviewed, so that an unintended change (a
statsmodels upgrade, a refactoring, a rebuilt calibration table) shows up in
tests/test_target.py. The pieces are tested against hand computations there and
in tests/test_models.py / tests/test_calibration.py.

Data: Hà Tĩnh IIP growth 2008-2019 in % as known on 2019-12-25, target +10.64 % for
2020 (plan of 25 Dec 2019, seed_baohatinh_184456). Calibration: the committed
hatinh_analysis/scoreboard.csv.

Run: ``.venv/bin/python tests/results/make_hatinh_reference.py``
"""
import json
import pathlib

import pandas as pd
import statsmodels

from hatinh_analysis.calibration import table_info
from hatinh_analysis.target import check_target

HERE = pathlib.Path(__file__).parent
HT = pd.Series([8.5, -0.8, 17.6, 6.1, 7.0, 13.1, 19.1, 20.3, 20.9, 81.76, 89.0, 30.74],
               index=pd.Index(range(2008, 2020), name="year"), name="iip")
HT.attrs = {"province": "ha_tinh", "indicator": "iip", "label": "Industrial production index (IIP)",
            "unit": "pct_change", "kind": "growth", "as_of": "2019-12-25"}
CASES = {"default": {}, "shocks_kept": {"shocks": False},
         "break_2017": {"break_years": [2017]}}
COLS = ["model", "spec", "n_obs", "forecast", "lower", "upper", "prob_reach", "verdict"]


def main():
    out = {"origin": "tests/results/make_hatinh_reference.py with statsmodels "
                     f"{statsmodels.__version__}, pandas {pd.__version__}, calibration table "
                     f"{table_info()['settings']['data_fingerprint']}",
           "series": {str(k): v for k, v in HT.items()}, "target": 10.64, "target_year": 2020,
           "level": 0.8, "cases": {}}
    for name, kw in CASES.items():
        d = check_target(HT, 10.64, 2020, **kw).to_dict()
        out["cases"][name] = {"kwargs": kw, "verdict": d["verdict"],
                              "table": [{c: row[c] for c in COLS} for row in d["table"]]}
    (HERE / "hatinh_iip_2020.json").write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n",
                                               encoding="utf-8")


if __name__ == "__main__":
    main()
