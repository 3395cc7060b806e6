"""Print the README's scoreboard tables from the committed scoreboard (hatinh_analysis/scoreboard.*).

Run after ``python -m hatinh_analysis.evaluation build`` and paste the output into README.md.
"""
from hatinh_analysis import data_fingerprint, evaluation
from hatinh_analysis.words import model_label  # the display names the reports use (TERMS["method"])

ORDER = ["calibrated", "combined", "mean_growth", "linear_trend", "ets", "local_linear_trend", "arima",
         "pooled", "naive_last", "naive_mean", "naive_median", "national_same_year"]


def coverage_cell(row, level: int) -> str:
    return (f"{row[f'hits_{level}']} ({row[f'coverage_{level}']:.0%}; {row[f'wilson_lo_{level}']:.0%}–"
            f"{row[f'wilson_hi_{level}']:.0%}) {row[f'calibration_{level}']}")


def main() -> None:
    board = evaluation.load_scoreboard()
    frame = board.summary_frame(1).set_index("method")
    frame = frame.loc[[m for m in ORDER if m in frame.index]].reset_index()
    print(f"One year ahead, all series pooled (data fingerprint {data_fingerprint()[:12]}):\n")
    print("| method | n | inside 80% (Wilson band) | inside 95% (Wilson band) | MSIS 80 | MSIS 95 | CRPS | MAE | Brier |")
    print("|---|---:|---|---|---:|---:|---:|---:|---:|")
    for _, r in frame.iterrows():
        name = model_label(r.method)
        name = f"**{name}**" if r.method == "calibrated" else name
        print(f"| {name} | {r.n} | {coverage_cell(r, 80)} | {coverage_cell(r, 95)} | {r.msis_80:.1f} | "
              f"{r.msis_95:.1f} | {r.crps:.2f} | {r.mae:.2f} | {r.brier:.3f} |")
    print("\nOn the forecasts both made (calibrated vs the other method, MSIS 80 / MSIS 95 / CRPS):\n")
    print("| method | n common | MSIS 80 | MSIS 95 | CRPS |")
    print("|---|---:|---|---|---|")
    for _, r in board.comparison_frame().query("horizon == 1").iterrows():
        print(f"| {model_label(r.method)} | {r.n_common} | {r.msis_80_calibrated:.2f} vs {r.msis_80:.2f} | "
              f"{r.msis_95_calibrated:.2f} vs {r.msis_95:.2f} | {r.crps_calibrated:.2f} vs {r.crps:.2f} |")


if __name__ == "__main__":
    main()
