"""``pooled``: the outside view — a province's growth gap to the country, shrunk toward
the gap of all provinces (empirical Bayes, random intercepts).

Model (growth ``g_{p,t}`` of province ``p``, national growth ``n_t``)::

    d_{p,t} = g_{p,t} - n_t = mu + u_p + e_{p,t},   u_p ~ N(0, tau2),  e ~ N(0, sigma2)

estimated by REML with statsmodels ``MixedLM`` (random intercept per province;
Laird & Ware 1982). The province's predicted gap is ``mu + u_p_hat``, the best
linear unbiased predictor, which shrinks its own mean gap toward the panel mean
``mu`` by ``tau2 / (tau2 + sigma2 / n_p)`` (Efron & Morris 1975) — a province
with a short or noisy record borrows strength from all others.

Forecast of year ``T + h``: ``n_hat + mu + u_p_hat``, with ``n_hat`` the mean
national growth of the last five known years. Variance: ``sigma2`` + the
conditional variance of ``u_p`` + the variance of ``mu`` + the variance of
``n_hat`` (the spread of those five years, times ``1 + 1/5``). Normal
predictive distribution.

Data
    The panel is given by the caller (`hatinh_analysis.combination.load_panel`):
    every province's series as known at the origin; one-off shocks in each
    province's gaps (modified z-score > 3.5, `hatinh_analysis.breaks`) are left
    out so that one plant does not inflate ``sigma2``. The province being
    forecast enters with its own prepared years (its exclusions honoured).

When to use
    As one member of the combination (the "outside view", Kahneman & Lovallo
    1993): it keeps a forecast anchored on what provinces in general do when a
    province's own record is short or dominated by a few years. It ignores
    ``break_years``. Not usable for the national series itself or without a
    panel of at least 10 provinces.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from hatinh_analysis.notes import Note
from hatinh_analysis.models.base import Forecast, Prepared, captured_warnings

#: minimum number of other provinces in the panel
MIN_UNITS = 10
#: national years averaged for the national forecast
NATIONAL_YEARS = 5


def fit_pool(gaps: pd.DataFrame) -> dict:
    """REML random-intercept fit of the gaps ``(unit, year, gap)``.

    When to use
        Once per origin when forecasting many provinces (the scoreboard does); `pooled_forecast` then reuses it.

    Returns ``{"mu", "var_mu", "tau2", "sigma2", "blup": {unit: u}, "n": {unit: n},
    "notes"}``. Use it once per origin and reuse it for every province
    (`pooled_forecast` takes the result).
    """
    import statsmodels.formula.api as smf

    notes: list[str] = []
    data = gaps.reset_index(drop=True)
    with captured_warnings(notes):
        res = smf.mixedlm("gap ~ 1", data, groups=data["unit"]).fit(reml=True)
    tau2 = max(float(np.asarray(res.cov_re)[0, 0]), 0.0)
    sigma2 = float(res.scale)
    mu = float(res.fe_params.iloc[0])
    var_mu = float(np.asarray(res.cov_params())[0, 0])
    blup = {u: float(np.asarray(v)[0]) for u, v in res.random_effects.items()}
    n = data.groupby("unit").size().to_dict()
    return {"mu": mu, "var_mu": var_mu, "tau2": tau2, "sigma2": sigma2, "blup": blup, "n": n,
            "notes": notes}


def gaps_frame(panel: pd.DataFrame, national: pd.Series) -> pd.DataFrame:
    """Province-minus-national gaps ``(unit, year, gap)`` with each unit's shocks removed
    (modified z-score of its gaps > 3.5, for units with at least 5 years).

    When to use
        To inspect the gaps to national growth that the outside view pools.
    """
    nat = national.rename("national")
    d = panel.merge(nat, left_on="year", right_index=True, how="inner")
    d["gap"] = d["growth"] - d["national"]
    g = d.groupby("unit")["gap"]
    med = g.transform("median")
    dev = (d["gap"] - med).abs()
    scale = 1.482602218505602 * dev.groupby(d["unit"]).transform("median")
    n = g.transform("size")
    keep = (n < 5) | ~(scale > 0) | (dev / scale.where(scale > 0) <= 3.5)
    return d.loc[keep, ["unit", "year", "gap"]].reset_index(drop=True)


def pooled_forecast(prep: Prepared, unit: str | None, panel: pd.DataFrame | None,
                    national: pd.Series | None, pool: dict | None = None) -> Forecast:
    """Outside-view forecast of ``prep.target_year`` for province ``unit``.

    When to use
        Through `hatinh_analysis.combination.run_ensemble` (the check's outside-view member); directly to inspect it.

    Parameters
    ----------
    prep : Prepared
        The province's own prepared series (exclusions and shocks already applied).
    unit : str
        The province id (``series.attrs["province"]``).
    panel : DataFrame
        ``(unit, year, growth)`` of every province as known at the origin.
    national : Series
        National growth by year as known at the origin.
    pool : dict, optional
        A `fit_pool` result on the other provinces' gaps, to reuse across calls;
        the province's own gaps are then combined with it in closed form.

    Returns
    -------
    Forecast
        Not usable (with a note) without a panel, for the national series itself,
        or when the province's years do not overlap the national series.
    """
    fc = Forecast(model="pooled", target_year=prep.target_year, n_obs=0, notes=list(prep.notes))
    if panel is None or national is None or unit is None:
        fc.notes.insert(0, Note("no panel of provinces for this series: the outside view is not available"))
        return fc
    if unit == "vietnam":
        fc.notes.insert(0, Note("the national series is the reference of the outside view itself"))
        return fc
    origin = int(prep.series.index[-1])
    nat = national.loc[national.index <= origin]
    own = prep.used.loc[prep.used.index.isin(nat.index)]
    if len(own) == 0 or len(nat) < 3:
        fc.notes.insert(0, Note("the province's years do not overlap the national series"))
        return fc
    if pool is None:
        others = panel[(panel["unit"] != unit) & (panel["year"] <= origin)]
        gaps = gaps_frame(others, nat)
        if gaps["unit"].nunique() < MIN_UNITS:
            fc.notes.insert(0, Note("fewer than %(n)d provinces in the panel", n=MIN_UNITS))
            return fc
        pool = fit_pool(gaps)
    tau2, sigma2, mu = pool["tau2"], pool["sigma2"], pool["mu"]
    own_gap = (own - nat.reindex(own.index)).to_numpy(dtype=float)
    n_p = len(own_gap)
    # BLUP of a new group given the fitted variance components (closed form of MixedLM's)
    shrink = tau2 / (tau2 + sigma2 / n_p) if tau2 > 0 else 0.0
    u = shrink * float(np.mean(own_gap) - mu)
    var_u = (1.0 / tau2 + n_p / sigma2) ** -1 if tau2 > 0 else 0.0
    last = nat.iloc[-NATIONAL_YEARS:].to_numpy(dtype=float)
    n_hat = float(last.mean())
    var_n = float(np.var(last, ddof=1)) * (1 + 1 / len(last)) if len(last) > 1 else 0.0
    var = sigma2 + var_u + pool["var_mu"] * (1 - shrink) ** 2 + var_n
    fc.n_obs = n_p
    fc.years_used = tuple(int(y) for y in own.index)
    fc.notes += [n for n in pool.get("notes", []) if n not in fc.notes]
    fc.notes.append(
        Note("national growth %(national)+.1f%% (mean of %(n_years)d years to %(last)d) plus the "
           "province's gap %(gap)+.1f points: its own mean gap %(own_gap)+.1f over %(n)d years "
           "shrunk %(shrink).0f%% toward the panel's %(panel_gap)+.1f (%(provinces)d provinces)", national=n_hat, n_years=len(last), last=int(nat.index[-1]), gap=mu + u, own_gap=float(np.mean(own_gap)), n=n_p, shrink=100 * (1 - shrink), panel_gap=mu, provinces=len(pool["n"])))
    fc.set_normal(n_hat + mu + u, var, spec=Note("random intercepts (MixedLM, REML)"), aicc=float("nan"),
                  params={"national_forecast": n_hat, "panel_gap": mu, "province_effect": u,
                          "shrinkage": 1 - shrink, "tau2": tau2, "sigma2": sigma2})
    return fc
