"""Freeze check_target / backtest numbers for Hà Tĩnh IIP (regression snapshot).

This is a *regression* reference, not an independent one: it records what the
engine produced when the numbers were reviewed, so that an unintended change
(a statsmodels upgrade, a refactoring) shows up in tests/test_target.py. The
correctness of each model is tested against independent formulas and R in
tests/test_models.py.

Data: Hà Tĩnh IIP growth 2008-2019 in % (docs/CONTRACTS.md: yearbook 2011,
GSO PX-Web table 2012-2016, provincial press 2017-2019), target +10.64 % for
2020 (plan of 25 Dec 2019, seed_baohatinh_184456).

Run: ``.venv/bin/python tests/results/make_hatinh_reference.py``
"""
import json
import pathlib

import pandas as pd
import statsmodels

from hatinh_analysis.backtesting import backtest
from hatinh_analysis.target import check_target

HERE = pathlib.Path(__file__).parent
HT = pd.Series([8.5, -0.8, 17.6, 6.1, 7.0, 13.1, 19.1, 20.3, 20.9, 81.76, 89.0, 30.74],
               index=pd.Index(range(2008, 2020), name="year"), name="iip")
CASES = {"all_years": {}, "exclude_2017_2018": {"exclude_years": [2017, 2018]},
         "break_2017": {"break_years": [2017]}}
COLS = ["model", "spec", "n_obs", "forecast", "lower", "upper", "prob_reach",
        "target_percentile", "verdict", "aicc"]


def main():
    out = {"origin": "tests/results/make_hatinh_reference.py with statsmodels "
                     f"{statsmodels.__version__}, pandas {pd.__version__}",
           "series": {str(k): v for k, v in HT.items()}, "target": 10.64, "target_year": 2020,
           "level": 0.8, "cases": {}}
    for name, kw in CASES.items():
        r = check_target(HT, 10.64, 2020, **kw)
        d = r.to_dict()
        out["cases"][name] = {"kwargs": kw, "verdict": d["verdict"],
                              "table": [{c: row[c] for c in COLS} for row in d["table"]]}
    bt = backtest(HT)
    out["backtest"] = {"min_train": 6, "level": 0.8,
                       "summary": bt.to_dict()["summary"]}
    (HERE / "hatinh_iip_2020.json").write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n",
                                               encoding="utf-8")


if __name__ == "__main__":
    main()
