"""The history the in-year tracker learns from, built from the monthly releases in the store.

`history_frame` turns the store's monthly figures (`hatinh_analysis.data.store.load_monthly`,
every vintage) into one row per series, year and month M = 1..11: the cumulative growth after
M months as first published (its release date is ``published``), the series' volatility then
(`monthly_scale` of the twelve single months to M, each as last published by that date) and
the whole-year figure of the December release (``final``, ``final_published``). Nothing
published after a row's date enters that row; `hatinh_analysis.tracking` cuts the history at
the check's ``as_of``.

`weighting_check` measures the error of the tracker's "equal months" weighting against last
year's monthly profile (chained month-on-month indices).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["monthly_scale", "history_frame", "reference_table", "reference_fingerprint",
           "profile_share", "weighting_check", "MIN_SCALE_MONTHS", "REFERENCE_COLUMNS"]

#: Single-month figures needed (of the twelve to month M) for a series' volatility.
MIN_SCALE_MONTHS = 6
#: Columns of a history (reference) table, one row per series, year and month.
REFERENCE_COLUMNS = ["series", "year", "month", "ytd", "final", "scale", "published",
                     "final_published"]


def monthly_scale(single: pd.Series | np.ndarray) -> float:
    """A series' volatility from its single-month growth (% over the same month a year
    earlier): ``1.4826 * MAD`` (robust standard deviation; Tết moves the January and
    February figures by tens of points, which a plain standard deviation would follow).

    NaN when fewer than `MIN_SCALE_MONTHS` figures are given; a scale of 0 (every month
    identical) is returned as NaN too, since no spread can be learned from it.
    """
    v = np.asarray(single, dtype=float)
    v = v[np.isfinite(v)]
    if len(v) < MIN_SCALE_MONTHS:
        return float("nan")
    s = 1.4826 * float(np.median(np.abs(v - np.median(v))))
    return s if s > 0 else float("nan")


def _monthly(indicator: str = "iip", province: str = "vietnam", as_of=None, extra=None) -> pd.DataFrame:
    """The store's monthly figures (`hatinh_analysis.data.store.load_monthly`, every vintage)
    in the tracker's shape: series (VSIC code, ``"total"`` for the whole of industry), year,
    month, published, ytd (growth % of months 1..month over the same months a year earlier;
    January's single month; month 12 = the whole year), single (the month alone over the
    same month a year earlier), mom (over the previous month), provenance of the ytd figure
    (file, sheet, cell, source_id, user) and the series' names (name_vi, name_en)."""
    from hatinh_analysis.data.store import load_monthly

    d = load_monthly(indicator, province, industry="*", as_of=as_of, extra=extra, comparison=None,
                     vintages="all")
    return _adapt(d)


_KEY = ["series", "year", "month", "published"]


def _adapt(d: pd.DataFrame) -> pd.DataFrame:
    from hatinh_analysis.data.vocab import INDUSTRIES

    if not len(d):
        return pd.DataFrame(columns=_KEY + ["ytd", "single", "mom", "file", "sheet", "cell",
                                            "source_id", "user", "user_row", "name_vi", "name_en"])
    d = d.assign(series=d["industry"].fillna("").astype(str).replace("", "total"),
                 published=d["published"].astype(str), user=d["origin"].eq("user"))
    if "user_row" not in d.columns:
        d = d.assign(user_row=None)
    cols = _KEY + ["value", "file", "sheet", "cell", "source_id", "user", "user_row"]
    ytd = d[(d["comparison"] == "ytd") | ((d["comparison"] == "yoy") & (d["month"] == 1))][cols]
    ytd = ytd.rename(columns={"value": "ytd"}).drop_duplicates(_KEY, keep="last")
    single = (d[d["comparison"] == "yoy"][_KEY + ["value"]].rename(columns={"value": "single"})
              .drop_duplicates(_KEY, keep="last"))
    mom = (d[d["comparison"] == "mom"][_KEY + ["value"]].rename(columns={"value": "mom"})
           .drop_duplicates(_KEY, keep="last"))
    out = ytd.merge(single, on=_KEY, how="outer").merge(mom, on=_KEY, how="outer")
    names = {k: v for k, v in INDUSTRIES.items()}
    out["name_vi"] = out["series"].map(lambda c: names[c][0] if c in names else "")
    out["name_en"] = out["series"].map(lambda c: names[c][1] if c in names else "")
    out["user"] = out["user"].fillna(False).astype(bool)
    return out.sort_values(_KEY).reset_index(drop=True)


def _singles(d: pd.DataFrame) -> pd.DataFrame:
    return d.dropna(subset=["single"]).assign(
        k=lambda x: x["year"].astype(int) * 12 + x["month"].astype(int) - 1,
        p=lambda x: pd.to_datetime(x["published"])).sort_values("p")


def _scale_at(sing: pd.DataFrame, year: int, month: int, published) -> float:
    """`monthly_scale` of the twelve single months to ``month``, each as last published by
    ``published`` (None: the latest vintage)."""
    k = int(year) * 12 + int(month) - 1
    w = sing[(sing["k"] > k - 12) & (sing["k"] <= k)]
    if published is not None:
        w = w[w["p"] <= pd.Timestamp(published)]
    return monthly_scale(w.groupby("k")["single"].last().to_numpy())


def _scales(monthly: pd.DataFrame) -> pd.Series:
    """`_scale_at` of each (series, year, month) row at that row's release date, in one pass
    per series: rows in order of release, each single-month vintage applied once published."""
    out = {}
    for _s, d in monthly.groupby("series", sort=False):
        sing = _singles(d)
        ks, ps, vs = sing["k"].to_numpy(), sing["p"].to_numpy(), sing["single"].to_numpy(dtype=float)
        known: dict[int, float] = {}
        j = 0
        rows = d.assign(_p=pd.to_datetime(d["published"])).sort_values("_p")
        for idx, y, m, p in zip(rows.index, rows["year"], rows["month"], rows["_p"].to_numpy()):
            while j < len(ps) and ps[j] <= p:
                known[int(ks[j])] = float(vs[j])      # a later vintage replaces an earlier one
                j += 1
            k = int(y) * 12 + int(m) - 1
            out[idx] = monthly_scale([known[i] for i in range(k - 11, k + 1) if i in known])
    return pd.Series(out, dtype=float).reindex(monthly.index)


def history_frame(monthly: pd.DataFrame) -> pd.DataFrame:
    """`REFERENCE_COLUMNS` from monthly figures: each cumulative figure after months 1-11 as
    first published, its series' volatility then (`monthly_scale`), and the whole-year figure
    of the December release with its date."""
    d = monthly.copy()
    d["scale"] = _scales(d)
    first = (d[d["month"] <= 11].dropna(subset=["ytd"])
             .assign(p=lambda x: pd.to_datetime(x["published"]))
             .sort_values("p").groupby(["series", "year", "month"], as_index=False).first())
    finals = (d[d["month"] == 12].dropna(subset=["ytd"])
              .assign(p=lambda x: pd.to_datetime(x["published"]))
              .sort_values("p").groupby(["series", "year"], as_index=False).first()
              .rename(columns={"ytd": "final", "published": "final_published"})
              [["series", "year", "final", "final_published"]])
    ref = first.merge(finals, on=["series", "year"], how="inner")
    return ref[REFERENCE_COLUMNS].sort_values(["series", "year", "month"]).reset_index(drop=True)


_REFERENCE_CACHE: dict = {}


def reference_fingerprint() -> str:
    """The data fingerprint the history and the tracker's scoreboard rest on."""
    from hatinh_analysis.data.store import data_fingerprint

    return data_fingerprint()


def reference_table(indicator: str = "iip", province: str = "vietnam") -> pd.DataFrame:
    """The history of the shipped releases (`history_frame` of every vintage), once per
    process and data fingerprint. ``as_of`` filtering happens where it is used."""
    key = (indicator, province, reference_fingerprint())
    if key not in _REFERENCE_CACHE:
        _REFERENCE_CACHE.clear()
        _REFERENCE_CACHE[key] = history_frame(_monthly(indicator, province))
    return _REFERENCE_CACHE[key].copy()





def profile_share(mom: dict, month: int) -> float:
    """Share of months ``1..month`` in a year's production from its month-on-month growth
    (% over the previous month, months 2-12): levels ``L_1 = 1``,
    ``L_k = L_{k-1} (1 + mom_k / 100)``; NaN unless all eleven are given."""
    if any(k not in mom or not np.isfinite(mom[k]) for k in range(2, 13)):
        return float("nan")
    lv = np.cumprod([1.0] + [1 + float(mom[k]) / 100 for k in range(2, 13)])
    return float(lv[:month].sum() / lv.sum())


def weighting_check(monthly: pd.DataFrame) -> pd.DataFrame:
    """How well two weightings rebuild the published cumulative growth from the single months.

    For every series, year Y and month M = 2..11 with the twelve month-on-month figures of
    Y-1 and the single-month figures of months 1..M of Y (latest vintages): the published
    cumulative growth, the equal-month mean of the single months (``equal``), the mean
    weighted by last year's monthly levels (``profile``), and the two shares of months 1..M
    (``share_equal = M/12``, ``share_profile``). The cumulative index is a base-weighted
    mean of the single months, so the column differences measure the weighting error of
    `hatinh_analysis.tracking.required_growth`.
    """
    latest = (monthly.assign(p=pd.to_datetime(monthly["published"])).sort_values("p")
              .groupby(["series", "year", "month"]).last())
    rows = []
    for (series, year), d in latest.groupby(level=["series", "year"]):
        d = d.droplevel(["series", "year"])
        if (series, year - 1) not in latest.index.droplevel("month"):
            continue
        prev = latest.loc[(series, year - 1)]
        mom = prev["mom"].dropna().to_dict()
        if any(k not in mom for k in range(2, 13)):
            continue
        lv = np.cumprod([1.0] + [1 + float(mom[k]) / 100 for k in range(2, 13)])
        for m in range(2, 12):
            if m not in d.index or not np.isfinite(d.loc[m, "ytd"]):
                continue
            u = [d.loc[k, "single"] if k in d.index else np.nan for k in range(1, m + 1)]
            if not np.all(np.isfinite(u)):
                continue
            u = np.asarray(u, dtype=float)
            rows.append({"series": series, "year": int(year), "month": m,
                         "published": float(d.loc[m, "ytd"]), "equal": float(u.mean()),
                         "profile": float(np.sum(lv[:m] * u) / lv[:m].sum()),
                         "share_equal": m / 12, "share_profile": float(lv[:m].sum() / lv.sum())})
    return pd.DataFrame(rows)
