"""Print the README's in-year tracking tables from the committed tracker scoreboard
(hatinh_analysis/tracking_scoreboard.*). Run after
``python -m hatinh_analysis.tracking_scoreboard build`` and paste the output into README.md.
"""
from hatinh_analysis import tracking_scoreboard as ts


def main() -> None:
    table, meta = ts.load_tracking_scoreboard()
    s = ts.summary_frame(table).set_index(["month", "method"])
    print(f"Data fingerprint {meta['settings']['data_fingerprint']}; outcome years scored "
          f"{int(table.loc[table['method'] == 'tracker', 'year'].min())}–"
          f"{int(table.loc[table['method'] == 'tracker', 'year'].max())}.\n")
    print("| M | cases (years) | tracker: inside 80% (Wilson band) | inside 95% | IS 80 tracker / naive / "
          "naive range | CRPS tracker / naive range | MAE tracker / naive |")
    print("|---:|---:|---|---|---|---|---|")
    for m in range(1, 12):
        t, n, r = s.loc[(m, "tracker")], s.loc[(m, "naive")], s.loc[(m, "naive_range")]
        print(f"| {m} | {int(t.n)} ({int(t.years)}) | {int(t.hits_80)} ({t.coverage_80:.0%}; "
              f"{t.wilson_lo_80:.0%}–{t.wilson_hi_80:.0%}) {t.calibration_80} | "
              f"{int(t.hits_95)} ({t.coverage_95:.0%}) | {t.is_80:.1f} / {n.is_80:.1f} / {r.is_80:.1f} | "
              f"{t.crps:.2f} / {r.crps:.2f} | {t.mae:.2f} / {n.mae:.2f} |")
    allt = ts.score_frame(table[table["method"] == "tracker"])
    print(f"\nAll months: {allt['hits_80']} of {allt['n']} inside the 80% ranges ({allt['coverage_80']:.1%}; "
          f"Wilson {allt['wilson_lo_80']:.1%}–{allt['wilson_hi_80']:.1%}), {allt['hits_95']} inside the 95% "
          f"ranges ({allt['coverage_95']:.1%}).")
    nat = ts.summary_frame(table, by=(), series="national").set_index("method")
    print("\nWhole of industry only, all months (tracker / annual check made before the year):")
    for meth in ("tracker", "naive_range", "annual"):
        if meth in nat.index:
            r = nat.loc[meth]
            print(f"- {meth}: {int(r.hits_80)} of {int(r.n)} inside 80% ({int(r.years)} years), "
                  f"IS 80 {r.is_80:.2f}, CRPS {r.crps:.2f}")
    w = meta["settings"].get("weighting", {})
    if w.get("n"):
        print(f"\nWeighting ({w['n']} cases, {w['series']} series, {w['years'][0]}–{w['years'][1]}): the "
              f"published cumulative growth differs from the equal-month mean of the single months by "
              f"{w['equal_median_abs']:.2f} points (median; 90th pct {w['equal_p90_abs']:.2f}), from last "
              f"year's profile by {w['profile_median_abs']:.2f} ({w['profile_p90_abs']:.2f}); the profile "
              f"is closer in {w['profile_closer_share']:.0%} of cases. Last year's profile gives the months "
              f"so far {-w['share_diff_median']:.3f} less of the year than M/12 (median; 10–90%: "
              f"{-w['share_diff_p90']:.3f} to {-w['share_diff_p10']:.3f}).")


if __name__ == "__main__":
    main()
