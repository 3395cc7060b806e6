"""Loading the built observations table and choosing among vintages.

The table (``data/observations.csv``, built by ``hatinh-data build``) keeps every
published figure — estimates, revisions, disagreeing agencies, targets. The
functions here filter it and, in :func:`load_series`, choose one figure per year
by an explicit, documented rule.

The data directory is ``$HATINH_DATA_DIR`` when set, else the ``data/`` folder
next to the package. Parsed tables are cached per process (keyed on the files'
paths, modification times and sizes); every function returns a copy.
"""
from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

import numpy as np
import pandas as pd

from hatinh_analysis.data import vocab
from hatinh_analysis.data.errors import DataError, UnknownNameError
from hatinh_analysis.data.schema import (parse_as_of, parse_date_text, validate_observations,
                                         validate_sources)
from hatinh_analysis.data.tables import read_csv_cells

OBSERVATIONS_FILE = "observations.csv"
SOURCES_FILE = "sources.csv"


def data_dir() -> Path:
    """Directory holding ``observations.csv`` and ``sources.csv`` (and ``raw/``).

    Returns
    -------
    Path
        ``$HATINH_DATA_DIR`` if set (read on every call, so tests and notebooks
        can point it elsewhere, e.g. to a copy with your own rows), else
        ``<repository>/data``.
    """
    env = os.environ.get("HATINH_DATA_DIR")
    if env:
        return Path(env).expanduser().resolve()
    return Path(__file__).resolve().parents[2] / "data"


def _stamp(path: Path):
    try:
        st = path.stat()
    except FileNotFoundError:
        raise DataError("not found; build it with `hatinh-data build` (or set "
                        "HATINH_DATA_DIR to the directory holding it)", path=path) from None
    return st.st_mtime_ns, st.st_size


@functools.lru_cache(maxsize=4)
def _load(obs_path: str, obs_stamp, src_path: str, src_stamp):
    # The stamps are part of the cache key only: a rebuilt file gets a new entry.
    sources = validate_sources(read_csv_cells(src_path), path=src_path)
    obs = validate_observations(read_csv_cells(obs_path), path=obs_path,
                                sources=sources["source_id"].tolist())
    ends = pd.to_datetime([parse_date_text(p) for p in obs["published"]]).to_numpy()
    return obs, sources, ends


def _tables():
    d = data_dir()
    obs_path, src_path = d / OBSERVATIONS_FILE, d / SOURCES_FILE
    return _load(str(obs_path), _stamp(obs_path), str(src_path), _stamp(src_path))


def _check_name(value, valid, what):
    if value not in valid:
        raise UnknownNameError(f"unknown {what} {value!r}; valid: "
                               + ", ".join(repr(v) for v in valid))


def _names(arg, valid, what):
    """None → None; a name or a list of names → list, each checked."""
    if arg is None:
        return None
    items = [arg] if isinstance(arg, str) else list(arg)
    for x in items:
        _check_name(x, valid, what)
    return items


def _as_of_mask(ends, as_of):
    text, end = parse_as_of(as_of)
    if end is None:
        return text, np.ones(len(ends), dtype=bool)
    return text, ends <= np.datetime64(end, "ns")


def load_observations(province=None, indicator=None, as_of=None) -> pd.DataFrame:
    """Every published figure (all vintages, targets included), optionally filtered.

    Use this to see the raw evidence behind a series: which estimates and
    revisions exist, who published what, when. For one figure per year use
    :func:`load_series`.

    Parameters
    ----------
    province, indicator : str or list of str, optional
        Ids (see ``hatinh_analysis.data.vocab``); ``None`` keeps all.
    as_of : str or date, optional
        Keep only figures published on or before this date (``"2019-12-25"``,
        ``"2019-12"``, ``"2019"``; a partial ``as_of`` means the end of that
        period). A figure whose ``published`` is partial counts as published at
        the *end* of its period ("2018-12" → 2018-12-31), so nothing is used
        before it was certainly public.

    Returns
    -------
    DataFrame
        The observations schema (province, indicator, year, value, value_high,
        unit, basis, status, published, source_id, quote, file, sheet, cell),
        in file order, fresh index.

    Raises
    ------
    UnknownNameError
        Unknown province or indicator (lists the valid ones).
    DataError
        Bad ``as_of``; missing or invalid data files.
    """
    provinces = _names(province, vocab.PROVINCES, "province")
    indicators = _names(indicator, vocab.INDICATORS, "indicator")
    obs, _, ends = _tables()
    _, mask = _as_of_mask(ends, as_of)
    if provinces is not None:
        mask &= obs["province"].isin(provinces).to_numpy()
    if indicators is not None:
        mask &= obs["indicator"].isin(indicators).to_numpy()
    return obs[mask].reset_index(drop=True).copy()


def load_series(indicator: str, province: str = "ha_tinh", as_of=None,
                basis: str | None = None) -> pd.Series:
    """One figure per year for an indicator, chosen among vintages by a fixed rule.

    Choice, per year:

    1. only figures published on or before ``as_of`` (partial dates count as the
       end of their period, see :func:`load_observations`); targets never count;
    2. the best status: final > preliminary > estimate;
    3. then the latest published;
    4. then the alphabetically first ``source_id`` (a deterministic tie-break;
       two figures tied on all of the above from the *same* source raise).

    Parameters
    ----------
    indicator : str
        E.g. ``"iip"``, ``"grdp_growth"``, ``"industrial_output"``.
    province : str, default "ha_tinh"
    as_of : str or date, optional
        Reconstruct what was known at that date (for back-tests and for
        reproducing an old report). ``None`` uses everything.
    basis : str, optional
        Keep only figures on this price basis. Needed for level series whose
        chosen years sit on different bases (e.g. gross output at 1994 prices
        vs unstated prices — never compare those); for growth series it is an
        optional restriction.

    Returns
    -------
    Series
        Index ``year`` (int64, ascending, only years with a figure); float64
        values; ``name`` = indicator. Growth indicators come out as growth in %
        (an index 108.5 → 8.5, rounded to 10 decimals to drop float noise;
        pct_change unchanged); level indicators keep their unit. ``attrs``:
        province, indicator, label, unit, basis (the single basis, or
        ``"mixed"`` for a growth series spanning several), bases {year: basis},
        as_of, source_ids, statuses, published (each {year: …}), kind,
        ranges {year: (low, high)} for years published as a range (the series
        holds the low end).

    Raises
    ------
    UnknownNameError
        Unknown province, indicator or basis (lists the valid ones).
    DataError
        No figures for the pair (lists what exists), none published by
        ``as_of``, a level series on mixed price bases, bad ``as_of``.
    """
    _check_name(indicator, vocab.INDICATORS, "indicator")
    _check_name(province, vocab.PROVINCES, "province")
    if basis is not None:
        _check_name(basis, vocab.BASES, "basis")
    as_of_text, _ = parse_as_of(as_of)
    info = vocab.INDICATORS[indicator]
    obs, _, ends = _tables()

    figures = (obs["status"] != "target").to_numpy()
    pair = figures & (obs["province"] == province).to_numpy() \
        & (obs["indicator"] == indicator).to_numpy()
    if not pair.any():
        have = sorted(obs.loc[figures & (obs["province"] == province).to_numpy(),
                              "indicator"].unique())
        where = sorted(obs.loc[figures & (obs["indicator"] == indicator).to_numpy(),
                               "province"].unique())
        raise DataError(f"no {indicator} figures for {province}. Indicators with figures for "
                        f"{province}: {', '.join(have) or 'none'}. Provinces with {indicator} "
                        f"figures: {', '.join(where) or 'none'}")
    if basis is not None:
        on_basis = pair & (obs["basis"] == basis).to_numpy()
        if not on_basis.any():
            bases = sorted(obs.loc[pair, "basis"].unique())
            raise DataError(f"no {indicator} figures for {province} on basis {basis!r}; "
                            "bases present: " + ", ".join(repr(b) for b in bases))
        pair = on_basis
    _, known = _as_of_mask(ends, as_of)
    if not (pair & known).any():
        first = obs.loc[pair, "published"].iloc[int(np.argmin(ends[pair]))]
        raise DataError(f"no {indicator} figures for {province} published on or before "
                        f"as_of={as_of_text!r}; the earliest was published {first}")
    rows = obs[pair & known].assign(
        _rank=lambda d: d["status"].map(vocab.STATUS_RANK),
        _end=ends[pair & known])
    rows = rows.sort_values(["year", "_rank", "_end", "source_id"],
                            ascending=[True, False, False, True], kind="mergesort")
    chosen = rows.drop_duplicates("year", keep="first")
    tied = rows.merge(chosen[["year", "_rank", "_end", "source_id"]],
                      on=["year", "_rank", "_end", "source_id"])
    clash = tied[tied.duplicated("year", keep=False)]
    if not clash.empty:
        y = int(clash["year"].iloc[0])
        vals = ", ".join(str(v) for v in clash.loc[clash["year"] == y, "value"])
        raise DataError(f"{indicator} {province} {y}: source "
                        f"{clash['source_id'].iloc[0]!r} gives several figures ({vals}) with "
                        "the same status and publication date; fix the data")

    years = chosen["year"].astype("int64").to_numpy()
    bases = dict(zip(years.tolist(), chosen["basis"]))
    distinct = sorted(set(bases.values()))
    if info.kind == "level" and len(distinct) > 1:
        by_basis = "; ".join(f"{b or 'none'}: " + ", ".join(str(y) for y, bb in bases.items()
                                                         if bb == b) for b in distinct)
        raise DataError(f"{indicator} for {province} mixes price bases ({by_basis}); levels on "
                        "different bases are not comparable — pass basis= one of "
                        + ", ".join(repr(b) for b in distinct))

    values = chosen["value"].to_numpy(dtype="float64")
    if info.kind == "growth":
        is_index = (chosen["unit"] == "index_prev_year=100").to_numpy()
        values = np.where(is_index, np.round(values - 100.0, 10), values)
        unit = "pct_change"
    else:
        unit = chosen["unit"].iloc[0]
    ranges = {int(y): (float(lo), float(hi)) for y, lo, hi
              in zip(years, chosen["value"], chosen["value_high"]) if not np.isnan(hi)}
    series = pd.Series(values, index=pd.Index(years, name="year", dtype="int64"),
                       name=indicator, dtype="float64")
    series.attrs = {
        "province": province, "indicator": indicator, "label": info.label,
        "unit": unit, "basis": distinct[0] if len(distinct) == 1 else "mixed",
        "bases": bases, "as_of": as_of_text,
        "source_ids": dict(zip(years.tolist(), chosen["source_id"])),
        "statuses": dict(zip(years.tolist(), chosen["status"])),
        "published": dict(zip(years.tolist(), chosen["published"])),
        "kind": info.kind, "ranges": ranges,
    }
    return series


def load_targets(province="ha_tinh", indicator=None, as_of=None) -> pd.DataFrame:
    """Plan figures ("kế hoạch", "mục tiêu"): rows with status ``target``.

    Parameters
    ----------
    province : str or list of str, optional, default "ha_tinh"
        ``None`` for all provinces.
    indicator : str or list of str, optional
    as_of : str or date, optional
        Only targets announced on or before this date (same rule as
        :func:`load_observations`).

    Returns
    -------
    DataFrame
        The observations schema, targets only, sorted by indicator, year and
        published. ``value`` is the target as published in its ``unit`` (a
        growth target is usually ``pct_change``); ``value_high`` is set when a
        range was announced ("18-19%"), NaN otherwise. Empty if there are none.
    """
    obs = load_observations(province, indicator, as_of)
    out = obs[obs["status"] == "target"]
    return out.sort_values(["indicator", "year", "published"], kind="mergesort") \
              .reset_index(drop=True)


def list_series() -> pd.DataFrame:
    """What can be loaded: one row per (province, indicator) with non-target figures.

    Use it to discover series before calling :func:`load_series`.

    Returns
    -------
    DataFrame
        Columns province, indicator, unit (what :func:`load_series` returns:
        ``pct_change`` for growth indicators, else the level unit), first_year,
        last_year, n_obs (figures of all vintages), statuses (comma-separated,
        best first).
    """
    obs, _, _ = _tables()
    figs = obs[obs["status"] != "target"]
    rows = []
    for (prov, ind), g in figs.groupby(["province", "indicator"], sort=True):
        info = vocab.INDICATORS[ind]
        statuses = sorted(set(g["status"]), key=lambda s: -vocab.STATUS_RANK[s])
        rows.append({
            "province": prov, "indicator": ind,
            "unit": "pct_change" if info.kind == "growth" else g["unit"].iloc[0],
            "first_year": int(g["year"].min()), "last_year": int(g["year"].max()),
            "n_obs": len(g), "statuses": ",".join(statuses),
        })
    out = pd.DataFrame(rows, columns=["province", "indicator", "unit", "first_year",
                                      "last_year", "n_obs", "statuses"])
    return out.astype({"first_year": "int64", "last_year": "int64", "n_obs": "int64"})


def list_sources() -> pd.DataFrame:
    """The sources table, to cite where each figure comes from.

    Returns
    -------
    DataFrame
        source_id, publisher, title, url, published, language, file — ``file``
        is the path under ``data/raw/`` for official files read by the build
        (empty for sources typed from publications).
    """
    _, sources, _ = _tables()
    return sources.copy()


def data_fingerprint() -> str:
    """Short SHA-256 of ``observations.csv`` and ``sources.csv``, for report provenance.

    Print it in reports: two results with the same fingerprint were computed from
    byte-identical data.

    Returns
    -------
    str
        12 lower-case hex digits.

    Raises
    ------
    DataError
        A data file is missing.
    """
    d = data_dir()
    h = hashlib.sha256()
    for name in (OBSERVATIONS_FILE, SOURCES_FILE):
        path = d / name
        _stamp(path)  # clear error when missing
        content = path.read_bytes()
        h.update(f"{name}\0{len(content)}\0".encode())
        h.update(content)
    return h.hexdigest()[:12]
