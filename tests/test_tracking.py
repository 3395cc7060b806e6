"""The in-year tracker's arithmetic and its year-component fit, on tiny hand-made frames."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from hatinh_analysis import tracking as tr
from hatinh_analysis import tracking_views as tv
from hatinh_analysis.i18n import say
from hatinh_analysis.models.base import ModelError
from hatinh_analysis.notes import Code, Note
from hatinh_analysis.words import chance_text

PRINTABLE = {"level": 0.8, "hits": 80, "n": 100, "coverage": 0.8, "wilson": [0.71, 0.87],
             "word": "as promised"}
TOO_NARROW = {"level": 0.8, "hits": 50, "n": 100, "coverage": 0.5, "wilson": [0.40, 0.60],
              "word": "too narrow"}


# ------------------------------------------------------------------ (a) needed growth
def test_required_growth_by_hand():
    # (1.1064 - 0.5 * 1.028) / 0.5 - 1 = 0.1848
    assert tr.required_growth(2.8, 10.64, 6) == pytest.approx(18.48)
    # on target so far: the rest needs the same growth, whatever the share
    assert tr.required_growth(5.0, 5.0, 3) == pytest.approx(5.0)
    assert tr.required_growth(5.0, 5.0, 3, share=0.2) == pytest.approx(5.0)


def test_required_growth_rebuilds_the_year():
    """Months 1..M at the ytd growth and the rest at the needed growth give the target,
    for any share of the months so far."""
    for share in (0.3, 0.5, 0.61):
        need = tr.required_growth(3.0, 8.0, 7, share=share)
        year = share * 1.03 + (1 - share) * (1 + need / 100) - 1
        assert 100 * year == pytest.approx(8.0)


def test_needed_sensitivity_matches_a_finite_difference():
    s = 6 / 12
    num = (tr.required_growth(2.8, 10.64, 6, share=s + 1e-4)
           - tr.required_growth(2.8, 10.64, 6, share=s)) / 1e-4 * 0.01
    assert tr.needed_sensitivity(2.8, 10.64, 6) == pytest.approx(num, rel=1e-3)


@pytest.mark.parametrize("month", [0, 12, 6.5, True, "6"])
def test_month_outside_its_domain_is_refused(month):
    with pytest.raises(ModelError, match="month"):
        tr.required_growth(2.8, 10.0, month)


@pytest.mark.parametrize("kw", [dict(ytd=float("nan")), dict(target=-100.0), dict(share=1.0)])
def test_bad_numbers_are_refused(kw):
    args = dict(ytd=2.8, target=10.0, month=6)
    args.update(kw)
    share = args.pop("share", None)
    with pytest.raises(ModelError, match=next(iter(kw))):
        tr.required_growth(**args, share=share)


# ------------------------------------------------------------------ scale
def test_monthly_scale_is_robust_and_needs_six_months():
    assert math.isnan(tr.monthly_scale([5, 6, 7, 8, 9]))
    # MAD of [1..7] around 4 is 2 -> 2.9652; a Tết outlier does not move it much
    assert tr.monthly_scale([1, 2, 3, 4, 5, 6, 7]) == pytest.approx(1.4826 * 2)
    assert tr.monthly_scale([1, 2, 3, 4, 5, 6, 70]) == pytest.approx(1.4826 * 2)
    assert math.isnan(tr.monthly_scale([3.0] * 8))


# ------------------------------------------------------------------ (b) year-component fit
def test_fit_month_anova_by_hand():
    d = pd.DataFrame({"year": [2015, 2015, 2016, 2016, 2017, 2017],
                      "z": [0.0, 2.0, 2.0, 4.0, 4.0, 6.0]})
    f = tr.fit_month(d, 6)
    # MSW = 6/3 = 2; MSB = 16/2 = 8; n0 = 2; tau2 = (8 - 2)/2 = 3
    assert (f.sigma2, f.tau2, f.mu) == pytest.approx((2.0, 3.0, 3.0))
    assert f.var_mu == pytest.approx(4 / 3)          # 1 / sum 1/(3 + 2/2)
    assert f.sd == pytest.approx(math.sqrt(3 + 2 + 4 / 3))
    # Satterthwaite: (4 + 1)^2 / (4^2/2 + 1^2/3) = 3
    assert f.df == pytest.approx(3.0)
    assert f.year_share == pytest.approx(0.6)


def test_a_pure_year_shock_counts_years_not_rows():
    """Forty industries sharing one shock a year are three observations, not 120."""
    rows = [{"year": y, "z": z} for y, z in ((2015, -1.0), (2016, 0.5), (2017, 2.0)) for _ in range(40)]
    f = tr.fit_month(pd.DataFrame(rows), 3)
    assert f.sigma2 == 0 and f.tau2 > 0
    assert f.df == pytest.approx(2.0)                # J - 1
    # the 80% range of a new year is wide: a t with 2 df, not a normal from 120 rows
    lo, hi = f.dist().ppf([0.1, 0.9])
    assert hi - lo > 2 * 1.28 * math.sqrt(f.tau2)


def test_fewer_than_three_years_give_no_distribution():
    d = pd.DataFrame({"year": [2015] * 5 + [2016] * 5, "z": np.arange(10.0)})
    f = tr.fit_month(d, 2)
    assert not f.ok and f.notes == [Note("fewer than %(min)s years of history for this month", min=3)]
    assert say(f.notes[0], "en") == "fewer than 3 years of history for this month"


def _reference(seed=1, years=range(2011, 2019), n_series=10):
    rng = np.random.default_rng(seed)
    rows = []
    for y in years:
        a = rng.normal(0, 0.5)
        for i in range(n_series):
            for m in range(1, 12):
                sc = 1 + 0.3 * i
                rows.append(dict(series=f"s{i}", year=y, month=m, ytd=5.0,
                                 final=5 + sc * (a + rng.normal(0, 1)) * (12 - m) / 12, scale=sc,
                                 published=f"{y}-{m:02d}-28", final_published=f"{y}-12-28"))
    return pd.DataFrame(rows)


def test_spread_shrinks_through_the_year():
    check = tr.evaluate(2.8, 5.0, 6, 2019, scale=2.0, reference=_reference(), record=PRINTABLE)
    w = check.summary_frame().set_index("month")["width_points"]
    assert w.loc[11] < w.loc[6] < w.loc[1]


def test_history_is_vintage_exact():
    ref = _reference()
    check = tr.evaluate(2.8, 5.0, 6, 2016, scale=2.0, reference=ref, as_of="2016-06-30")
    assert sorted(check.reference["year"].unique()) == [2011, 2012, 2013, 2014, 2015]
    # as of mid-2014 the 2014 final is not known, nor anything later
    check = tr.evaluate(2.8, 5.0, 6, 2019, scale=2.0, reference=ref, as_of="2014-06-30")
    assert check.reference["year"].max() == 2013
    assert (pd.to_datetime(check.reference["final_published"]) <= "2014-06-30").all()


def test_chance_printed_only_when_calibrated_and_never_0_or_100():
    ref = _reference()
    far = tr.evaluate(2.8, 30.0, 6, 2019, scale=2.0, reference=ref, record=PRINTABLE)
    assert far.verdict == "ambitious" and far.probability_printed
    assert far.table.iloc[-1]["chance"] == far.chance == "printed"
    assert chance_text(far, "en") == "<1%" and say(tr.chance_note(far.prob_reach), "vi") == "dưới 1%"
    near = tr.evaluate(5.0, 5.0, 6, 2019, scale=2.0, reference=ref, record=TOO_NARROW)
    assert not near.probability_printed and near.chance == "withheld"
    assert chance_text(near, "en") == "withheld" and chance_text(near, "vi") == "không công bố"
    assert near.probability_note.id.startswith("withheld: such ranges proved too narrow")
    assert "too narrow" in say(near.probability_note, "en")
    low = tr.evaluate(8.0, 1.0, 6, 2019, scale=2.0, reference=ref, record=PRINTABLE)
    assert low.verdict == "cautious" and chance_text(low, "en") == ">99%"
    # the computed chance stays in the table; the summary states it only when printable
    assert 0 < near.prob_reach < 1
    assert any(n.id.startswith("Calibrated chance of reaching the target: %(chance)s")
               for n in far.summary)
    assert not any(n.id.startswith("Calibrated chance of reaching the target: %(chance)s")
                   for n in near.summary)


def test_no_scale_or_short_history_is_too_uncertain():
    ref = _reference(years=range(2016, 2018))
    check = tr.evaluate(2.8, 5.0, 6, 2019, scale=2.0, reference=ref, record=PRINTABLE)
    assert check.verdict == "uncertain" and math.isnan(check.prob_reach)
    assert check.chance == "none" and check.probability_note == Note("withheld: no calibrated distribution")
    assert "No calibrated range: fewer than 3 years" in tv.summary_text(check, "en")
    check = tr.evaluate(2.8, 5.0, 6, 2019, scale=float("nan"), reference=_reference())
    assert check.verdict == "uncertain" and not check.forecast.ok


def test_reference_without_its_columns_is_refused():
    with pytest.raises(ModelError, match="final_published"):
        tr.evaluate(2.8, 5.0, 6, 2019, scale=2.0,
                    reference=_reference().drop(columns="final_published"))


def test_summary_in_both_languages_and_json():
    check = tr.evaluate(2.8, 10.64, 6, 2019, scale=2.0, reference=_reference(), record=PRINTABLE)
    en, vi = tv.summary_text(check, "en"), tv.summary_text(check, "vi")
    assert "+18.5%" in en and "+18,5%" in vi and en != vi
    assert "so với cùng kỳ năm trước" in vi and "over the same months" not in vi
    import json

    d = json.loads(json.dumps(check.to_dict(), allow_nan=False))
    assert d["verdict"] == check.verdict and "verdict_label" not in d
    assert d["summary"][0]["id"].startswith("After %(month)s months of %(year)s")
    assert d["summary"][0]["values"]["ytd"] == 2.8 and d["summary"][0]["text"].startswith("After 6 months")
    assert d["table"][0]["notes"][0]["id"].startswith("growth the remaining months need")
    assert d["record"]["probability_note"]["id"].startswith("printed:")


def test_result_holds_codes_and_notes_not_sentences():
    check = tr.evaluate(2.8, 10.64, 6, 2019, scale=2.0, reference=_reference(), record=PRINTABLE,
                        share_profile=0.45)
    t = check.table
    assert list(t["method"]) == ["needed", "needed_profile", "naive", "tracker"]
    assert set(t["chance"]) <= {"printed", "withheld", "not_calibrated", "none"}
    assert t["verdict"].iloc[-1] == check.verdict and t["verdict"].iloc[:-1].isna().all()
    for notes in t["notes"]:
        assert isinstance(notes, tuple) and all(isinstance(n, Note) for n in notes)
    assert all(isinstance(n, Note) for n in check.summary)
    assert Note("Verdict: %(verdict)s.", verdict=Code("verdict", check.verdict)) in check.summary
    # the profile row keeps its shares as numbers, said in each language's notation
    profile = t.loc[t["method"] == "needed_profile", "notes"].item()[0]
    assert profile.values == {"share": 0.45, "equal": 0.5}
    assert "0,450 thay vì 0,500" in say(profile, "vi")


def test_verdict_box_has_at_most_four_sentences_in_the_readers_language():
    check = tr.evaluate(2.8, 10.64, 6, 2019, scale=2.0, reference=_reference(), record=TOO_NARROW)
    en, vi = tv.verdict_sentences(check, "en"), tv.verdict_sentences(check, "vi")
    assert 3 <= len(en) == len(vi) <= 4
    assert en[0].startswith("After 6 months at +2.8%, the target of +10.6% for 2019 is hard to reach: "
                            "the remaining 6 months need +18.5%")
    assert vi[0].startswith("Sau 6 tháng ở mức +2,8%, mục tiêu +10,6% của năm 2019 được đánh giá là "
                            "khó đạt")
    assert "proved too narrow: they held 50 of 100 outcomes" in en[1]
    assert en[2].startswith("Likely range (80%) for the whole year:")
    html = tv.verdict_box(check, "vi").data
    assert "Kết luận: khó đạt" in html and html.count("<p style='margin:0.3em 0'>") == len(vi)


def test_reader_tables_are_in_words():
    check = tr.evaluate(2.8, 10.64, 6, 2019, scale=2.0, reference=_reference(), record=PRINTABLE)
    for lang in ("en", "vi"):
        for shown in (tv.results_table(check, lang).data, tv.history_table(check, lang).data):
            cells = " ".join(map(str, shown.to_numpy().ravel()))
            headers = " ".join(map(str, shown.columns))
            assert "_" not in headers and "prob_reach" not in cells
            for bad in ("nan", "NaN", "True", "False", "None"):
                assert bad not in cells.split(), (lang, bad)
    shown = tv.results_table(check, "vi").data
    assert shown.iloc[-1].tolist()[5] == chance_text(check, "vi") and shown.iloc[0, 5] == "–"
    assert shown.iloc[-1, 0] == "Theo dõi trong năm, đã hiệu chuẩn"
