"""Loading the built observations table and choosing among vintages.

The table (``data/observations.csv``, built by ``hatinh-data build``) keeps every
published figure — estimates, revisions, disagreeing agencies, targets. The
functions here filter it and, in :func:`load_series`, choose one figure per year
by an explicit, documented rule.

The data directory is ``$HATINH_DATA_DIR`` when set, else the ``data/`` folder
next to the package. Parsed tables are cached per process (keyed on the files'
paths, modification times and sizes); every function returns a copy.

Your own figures: every function takes ``extra=`` (a ``.csv``/``.xlsx`` path or a
DataFrame in the observations schema, see
:func:`~hatinh_analysis.data.tables.read_user_figures`). Those rows are validated
by the same validator, enter the same vintage rule, and are marked: column
``origin`` = ``"user"`` (``"shipped"`` for the package's rows) and ``user_row`` =
``"my_figures.xlsx, row 7"``.

Size: 639 lines, over the ~600 of the style rule, because the loaders and the vintage rule that
picks one figure per year must stay together (ARCHITECTURE: the choice among vintages lives in
the store).
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
from hatinh_analysis.data.schema import (parse_as_of, parse_date_text, validate_monthly,
                                         validate_observations, validate_sources)
from hatinh_analysis.data.tables import read_csv_cells, read_user_figures, read_user_monthly

OBSERVATIONS_FILE = "observations.csv"
SOURCES_FILE = "sources.csv"
MONTHLY_FILE = "monthly.csv"
#: Values of ``load_monthly(vintages=…)``.
VINTAGES = ("latest", "first", "all")


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
    obs["origin"] = "shipped"
    obs["user_row"] = ""
    return obs, sources, _ends(obs)


def _ends(obs):
    return pd.to_datetime([parse_date_text(p) for p in obs["published"]]).to_numpy()


@functools.lru_cache(maxsize=8)
def _load_user(path: str, stamp):
    # Keyed on the file's stamp: an edited file is read again.
    table = read_user_figures(path)
    return table, _ends(table)


def _user_rows(extra):
    """(table, ends) of the user's figures, or None."""
    if extra is None:
        return None
    if isinstance(extra, pd.DataFrame):
        table = read_user_figures(extra)
        return table, _ends(table)
    if not isinstance(extra, (str, os.PathLike)):
        raise DataError(f"extra must be a path to a .csv/.xlsx file or a DataFrame, not "
                        f"{type(extra).__name__}")
    path = Path(extra).expanduser()
    if not path.is_file():
        raise DataError("file of your own figures (extra=) not found", path=path)
    return _load_user(str(path.resolve()), _stamp(path))


def _tables(extra=None):
    d = data_dir()
    obs_path, src_path = d / OBSERVATIONS_FILE, d / SOURCES_FILE
    obs, sources, ends = _load(str(obs_path), _stamp(obs_path), str(src_path), _stamp(src_path))
    user = _user_rows(extra)
    if user is None:
        return obs, sources, ends
    table, user_ends = user
    combined = pd.concat([obs, table], ignore_index=True)
    return combined, sources, np.concatenate([ends, user_ends])


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


#: ``industry="*"``: every industry row (whole of industry included).
ALL_INDUSTRIES = "*"


def _industries(industry):
    """None → [""] (whole of industry); "*" → None (all); a code or list → list, checked."""
    if industry is None:
        return [""]
    if isinstance(industry, str) and industry == ALL_INDUSTRIES:
        return None
    items = [industry] if isinstance(industry, str) else list(industry)
    valid = {"": "whole of industry", **vocab.INDUSTRIES}
    for x in items:
        _check_name(x, valid, "industry (VSIC 2007 code, '' = whole of industry, '*' = all)")
    return items


def _as_of_mask(ends, as_of):
    text, end = parse_as_of(as_of)
    if end is None:
        return text, np.ones(len(ends), dtype=bool)
    return text, ends <= np.datetime64(end, "ns")


def load_observations(province=None, indicator=None, as_of=None, *,
                      extra=None, industry=None) -> pd.DataFrame:
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
    extra : str, Path or DataFrame, optional
        Your own figures and targets (``.csv``/``.xlsx`` in the observations
        schema, e.g. from ``data/templates/my_figures.xlsx``), validated by
        :func:`~hatinh_analysis.data.tables.read_user_figures` and appended.
    industry : str or list of str, optional
        VSIC 2007 code(s) of an industry (``"C"`` manufacturing, ``"24"`` basic
        metals, see ``vocab.INDUSTRIES``); ``None`` (default) keeps the figures
        for the whole of industry / the indicator as such (``industry == ""``),
        ``"*"`` keeps every row.

    Returns
    -------
    DataFrame
        The observations schema (province, indicator, industry, year, value, value_high,
        unit, basis, status, published, source_id, quote, file, sheet, cell)
        plus ``origin`` (``"shipped"`` or ``"user"``) and ``user_row``
        (``"my_figures.xlsx, row 7"`` for your rows, ``""`` otherwise); shipped
        rows in file order, then yours; fresh index.

    Raises
    ------
    UnknownNameError
        Unknown province or indicator (lists the valid ones).
    DataError
        Bad ``as_of``; missing or invalid data files.
    """
    provinces = _names(province, vocab.PROVINCES, "province")
    indicators = _names(indicator, vocab.INDICATORS, "indicator")
    industries = _industries(industry)
    obs, _, ends = _tables(extra)
    _, mask = _as_of_mask(ends, as_of)
    if industries is not None:
        mask &= obs["industry"].isin(industries).to_numpy()
    if provinces is not None:
        mask &= obs["province"].isin(provinces).to_numpy()
    if indicators is not None:
        mask &= obs["indicator"].isin(indicators).to_numpy()
    return obs[mask].reset_index(drop=True).copy()


def load_series(indicator: str, province: str = "ha_tinh", as_of=None,
                basis: str | None = None, *, extra=None,
                territory: str | None = None, industry: str | None = None) -> pd.Series:
    """One figure per year for an indicator, chosen among vintages by a fixed rule.

    Choice, per year:

    1. only figures published on or before ``as_of`` (partial dates count as the
       end of their period, see :func:`load_observations`); targets never count;
    2. the best status: final > preliminary > estimate;
    3. then the latest published;
    4. then **your own figure** (``extra=``) over a shipped one: you added it on
       purpose (a newer or corrected figure with the same status and date);
    5. then the alphabetically first ``source_id`` (a deterministic tie-break;
       two figures tied on all of the above from the *same* source and origin
       raise).

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
    extra : str, Path or DataFrame, optional
        Your own figures (see :func:`load_observations`); they compete with the
        shipped ones under the rule above.
    territory : {"before_2025", "from_2025"}, optional
        For a province whose territory changed on 1 July 2025 (e.g.
        ``quang_tri``, which absorbed Quảng Bình): keep only the years of the
        old unit (≤ 2024) or of the new one (≥ 2025). Required when the series
        would span both; ignored for unchanged provinces.
    industry : str, optional
        VSIC 2007 code of one industry (``"C"`` manufacturing, ``"D"``
        electricity, ``"24"`` basic metals …; ``vocab.INDUSTRIES``). ``None``
        (default): the whole of industry / the indicator as such. Industry
        figures come from the office's release workbooks (national only so far):
        December estimates and, for 2014–2016, the restatement in the next
        January's workbook (later published, so it wins).

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
        holds the low end), origins {year: "shipped" | "user"}, user_years
        (sorted list of years whose figure is yours), user_rows {year:
        "my_figures.xlsx, row 7"}, territory (``"unchanged"``, ``"before_2025"``
        or ``"from_2025"``).

    Raises
    ------
    UnknownNameError
        Unknown province, indicator or basis (lists the valid ones).
    DataError
        No figures for the pair (lists what exists), none published by
        ``as_of``, a level series on mixed price bases, bad ``as_of``, a
        series joining a province before and after the 2025 merger (explains
        the merger and ``territory=``), an invalid ``extra`` file (names file,
        row and column).
    """
    _check_name(indicator, vocab.INDICATORS, "indicator")
    _check_name(province, vocab.PROVINCES, "province")
    industry_code = _industries(industry)
    if industry_code is None or len(industry_code) != 1:
        raise DataError("load_series takes one industry code (or None for the whole of "
                        "industry); use load_observations(industry=...) for several")
    industry_code = industry_code[0]
    if basis is not None:
        _check_name(basis, vocab.BASES, "basis")
    if territory is not None:
        _check_name(territory, vocab.TERRITORIES, "territory")
    as_of_text, _ = parse_as_of(as_of)
    info = vocab.INDICATORS[indicator]
    obs, _, ends = _tables(extra)

    figures = (obs["status"] != "target").to_numpy() \
        & (obs["industry"] == industry_code).to_numpy()
    changed = province in vocab.MERGED_INTO_2025
    if changed and territory is not None:
        years_now = obs["year"].to_numpy()
        figures = figures & ((years_now < vocab.REORGANISATION_YEAR)
                             if territory == "before_2025"
                             else (years_now >= vocab.REORGANISATION_YEAR))
    pair = figures & (obs["province"] == province).to_numpy() \
        & (obs["indicator"] == indicator).to_numpy()
    if not pair.any():
        have = sorted(obs.loc[figures & (obs["province"] == province).to_numpy(),
                              "indicator"].unique())
        where = sorted(obs.loc[figures & (obs["indicator"] == indicator).to_numpy(),
                               "province"].unique())
        what = f" industry {industry_code}" if industry_code else ""
        raise DataError(f"no {indicator}{what} figures for {province}. Indicators with "
                        f"figures for {province}: {', '.join(have) or 'none'}. Provinces with {indicator} "
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
        _end=ends[pair & known],
        _user=lambda d: (d["origin"] == "user").astype(int))
    rows = rows.sort_values(["year", "_rank", "_end", "_user", "source_id"],
                            ascending=[True, False, False, False, True], kind="mergesort")
    chosen = rows.drop_duplicates("year", keep="first")
    tied = rows.merge(chosen[["year", "_rank", "_end", "_user", "source_id"]],
                      on=["year", "_rank", "_end", "_user", "source_id"])
    clash = tied[tied.duplicated("year", keep=False)]
    if not clash.empty:
        y = int(clash["year"].iloc[0])
        vals = ", ".join(str(v) for v in clash.loc[clash["year"] == y, "value"])
        rows_at = ", ".join(r for r in clash.loc[clash["year"] == y, "user_row"] if r)
        raise DataError(f"{indicator} {province} {y}: source "
                        f"{clash['source_id'].iloc[0]!r} gives several figures ({vals}) with "
                        "the same status and publication date; fix the data"
                        + (f" ({rows_at})" if rows_at else ""))

    years = chosen["year"].astype("int64").to_numpy()
    territory_used = "unchanged"
    if changed:
        before = years < vocab.REORGANISATION_YEAR
        if before.any() and (~before).any():
            raise DataError(vocab.merger_explanation(province) + f" The {indicator} figures "
                            f"for {province} span {int(years.min())}–{int(years.max())}, "
                            "joining the old and the new unit under one name; pass "
                            "territory='before_2025' (years up to 2024, the old unit) or "
                            "territory='from_2025' (the new unit)")
        territory_used = "before_2025" if before.all() else "from_2025"
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
        "origins": dict(zip(years.tolist(), chosen["origin"])),
        "user_years": sorted(int(y) for y, o in zip(years, chosen["origin"]) if o == "user"),
        "user_rows": {int(y): r for y, r, o in zip(years, chosen["user_row"], chosen["origin"])
                      if o == "user"},
        "territory": territory_used, "industry": industry_code,
    }
    return series


def load_targets(province="ha_tinh", indicator=None, as_of=None, *,
                 extra=None) -> pd.DataFrame:
    """Plan figures ("kế hoạch", "mục tiêu"): rows with status ``target``.

    Parameters
    ----------
    province : str or list of str, optional, default "ha_tinh"
        ``None`` for all provinces.
    indicator : str or list of str, optional
    as_of : str or date, optional
        Only targets announced on or before this date (same rule as
        :func:`load_observations`).
    extra : str, Path or DataFrame, optional
        Your own figures and targets (see :func:`load_observations`), e.g. a
        2026 target the package does not have.

    Returns
    -------
    DataFrame
        The observations schema, targets only, sorted by indicator, year and
        published. ``value`` is the target as published in its ``unit`` (a
        growth target is usually ``pct_change``); ``value_high`` is set when a
        range was announced ("18-19%"), NaN otherwise; ``origin``/``user_row``
        mark your own rows. Empty if there are none.
    """
    obs = load_observations(province, indicator, as_of, extra=extra)
    out = obs[obs["status"] == "target"]
    return out.sort_values(["indicator", "year", "published"], kind="mergesort") \
              .reset_index(drop=True)


def list_series(*, extra=None) -> pd.DataFrame:
    """What can be loaded: one row per (province, indicator) with non-target figures.

    Use it to discover series before calling :func:`load_series`.

    Parameters
    ----------
    extra : str, Path or DataFrame, optional
        Your own figures (see :func:`load_observations`), counted in.

    Returns
    -------
    DataFrame
        Columns province, indicator, unit (what :func:`load_series` returns:
        ``pct_change`` for growth indicators, else the level unit), first_year,
        last_year, n_obs (figures of all vintages), statuses (comma-separated,
        best first), n_user (how many of the figures are yours).
    """
    obs, _, _ = _tables(extra)
    figs = obs[(obs["status"] != "target") & (obs["industry"] == "")]
    rows = []
    for (prov, ind), g in figs.groupby(["province", "indicator"], sort=True):
        info = vocab.INDICATORS[ind]
        statuses = sorted(set(g["status"]), key=lambda s: -vocab.STATUS_RANK[s])
        rows.append({
            "province": prov, "indicator": ind,
            "unit": "pct_change" if info.kind == "growth" else g["unit"].iloc[0],
            "first_year": int(g["year"].min()), "last_year": int(g["year"].max()),
            "n_obs": len(g), "statuses": ",".join(statuses),
            "n_user": int((g["origin"] == "user").sum()),
        })
    out = pd.DataFrame(rows, columns=["province", "indicator", "unit", "first_year",
                                      "last_year", "n_obs", "statuses", "n_user"])
    return out.astype({"first_year": "int64", "last_year": "int64", "n_obs": "int64",
                       "n_user": "int64"})


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
    """Short SHA-256 of ``observations.csv``, ``sources.csv`` and ``monthly.csv`` (provenance).

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
    for name in (OBSERVATIONS_FILE, SOURCES_FILE, MONTHLY_FILE):
        path = d / name
        if name == MONTHLY_FILE and not path.exists():
            continue  # a data directory from before the monthly table: annual data only
        _stamp(path)  # clear error when missing
        content = path.read_bytes()
        h.update(f"{name}\0{len(content)}\0".encode())
        h.update(content)
    return h.hexdigest()[:12]


# --------------------------------------------------------------------------- monthly
@functools.lru_cache(maxsize=2)
def _load_monthly(path: str, stamp, src_path: str, src_stamp):
    sources = validate_sources(read_csv_cells(src_path), path=src_path)
    table = validate_monthly(read_csv_cells(path), path=path,
                             sources=sources["source_id"].tolist())
    table["origin"] = "shipped"
    table["user_row"] = ""
    return table, _ends(table)


def _monthly_tables(extra=None):
    d = data_dir()
    path, src = d / MONTHLY_FILE, d / SOURCES_FILE
    table, ends = _load_monthly(str(path), _stamp(path), str(src), _stamp(src))
    if extra is None:
        return table, ends
    if isinstance(extra, pd.DataFrame):
        user = read_user_monthly(extra)
    elif isinstance(extra, (str, os.PathLike)) and Path(extra).expanduser().is_file():
        user = read_user_monthly(Path(extra).expanduser())
    else:
        _user_rows(extra)  # the same error as the annual loaders give
    if user.empty:
        return table, ends
    return (pd.concat([table, user], ignore_index=True),
            np.concatenate([ends, _ends(user)]))


def load_monthly(indicator: str = "iip", province: str = "vietnam", industry=None,
                 as_of=None, *, extra=None, comparison="ytd",
                 vintages: str = "latest") -> pd.DataFrame:
    """Figures about months of a year (year-to-date, single month, month on month).

    From the statistics office's release workbooks (every month 2011-06 … 2019-11
    and every December 2011–2024: ``data/monthly.csv``) and your own table.

    Vintage rule (``vintages="latest"``), per (industry, year, month,
    comparison): only figures published on or before ``as_of`` (a partial date
    counts as the end of its period); then the latest published (a later
    workbook restating an earlier month — "4 tháng" in the May workbook, the
    previous month's single-month figure — supersedes the first estimate); then
    the best status; then your own row over a shipped one; then the first
    source id. ``"first"`` keeps the first published figure instead (what was
    known in real time), ``"all"`` every vintage.

    Parameters
    ----------
    indicator : str, default "iip"
    province : str, default "vietnam"
        The shipped workbooks are national; a province's figures come from
        ``extra`` (your table with a ``month`` column).
    industry : str or list of str, optional
        VSIC 2007 code(s) (``vocab.INDUSTRIES``); ``None``: the whole of
        industry; ``"*"``: every industry.
    as_of : str or date, optional
        What was known at that date (``"2019-06-30"``): a figure counts from
        its ``published`` date (the release date in the workbook's file name).
    extra : str, Path or DataFrame, optional
        Your own figures (the table of ``read_user_figures`` with a ``month``
        column; rows without a month are annual and not used here).
    comparison : str, list of str or None, default "ytd"
        ``"ytd"`` months 1..M against the same months a year earlier (January
        has none: its single month is the year so far, ``"yoy"``; M = 12 is the
        whole year from the December workbooks); ``"yoy"`` month M against the
        same month a year earlier; ``"mom"`` against the previous month;
        ``None`` all three.
    vintages : {"latest", "first", "all"}, default "latest"

    Returns
    -------
    DataFrame
        Columns province, indicator, industry, year, month, comparison, value
        (growth in % over the base period: index − 100, rounded to 10
        decimals), index (as published, base = 100; NaN for rows given as
        growth), status, published, source_id, quote, file, sheet, cell,
        origin (``shipped``/``user``), user_row; sorted by industry, year,
        month, comparison, published. ``attrs``: as_of, vintages, comparison.
        Empty (with these columns) when nothing matches.

    Raises
    ------
    UnknownNameError
        Unknown indicator, province, industry, comparison or vintages.
    DataError
        Bad ``as_of``; missing or invalid data files or ``extra``.

    Examples
    --------
    >>> ytd = load_monthly(as_of="2019-07-01")          # doctest: +SKIP
    >>> ytd.query("year == 2019")[["month", "value", "published"]]   # doctest: +SKIP
    """
    _check_name(indicator, vocab.INDICATORS, "indicator")
    _check_name(province, vocab.PROVINCES, "province")
    _check_name(vintages, VINTAGES, "vintages")
    comparisons = (list(vocab.MONTHLY_COMPARISONS) if comparison is None
                   else _names(comparison, vocab.MONTHLY_COMPARISONS, "comparison"))
    industries = _industries(industry)
    as_of_text, _ = parse_as_of(as_of)
    table, ends = _monthly_tables(extra)
    _, mask = _as_of_mask(ends, as_of)
    mask &= (table["indicator"] == indicator).to_numpy() \
        & (table["province"] == province).to_numpy() \
        & table["comparison"].isin(comparisons).to_numpy()
    if industries is not None:
        mask &= table["industry"].isin(industries).to_numpy()
    rows = table[mask].assign(_end=ends[mask],
                              _rank=lambda d: d["status"].map(vocab.STATUS_RANK),
                              _user=lambda d: (d["origin"] == "user").astype(int))
    key = ["industry", "year", "month", "comparison"]
    if vintages != "all":
        newest = vintages == "latest"
        rows = rows.sort_values(key + ["_end", "_rank", "_user", "source_id"],
                                ascending=[True] * 4 + [not newest, False, False, True],
                                kind="mergesort").drop_duplicates(key, keep="first")
    rows = rows.sort_values(key + ["_end"], kind="mergesort")
    is_index = (rows["unit"] == "index").to_numpy()
    raw = rows["value"].to_numpy(dtype="float64")
    out = rows.drop(columns=["_end", "_rank", "_user", "unit", "value"]).assign(
        value=np.where(is_index, np.round(raw - 100.0, 10), raw),
        index=np.where(is_index, raw, np.nan))
    cols = ["province", "indicator", "industry", "year", "month", "comparison", "value",
            "index", "status", "published", "source_id", "quote", "file", "sheet", "cell",
            "origin", "user_row"]
    out = out[cols].reset_index(drop=True)
    out.attrs = {"as_of": as_of_text, "vintages": vintages, "comparison": comparisons,
                 "indicator": indicator, "province": province}
    return out
