"""Build ``data/observations.csv`` and ``data/sources.csv`` from ``data/raw`` (``hatinh-data``).

Usage::

    hatinh-data build            # (re)write data/observations.csv and data/sources.csv
    hatinh-data build --check    # exit 1 with a diff summary if they are out of date
    hatinh-data build --accept-changes raw/gso_releases/NEW.xlsx   # register a change

Inputs (never modified):

* ``raw/curated/observations.csv`` + ``raw/curated/sources.csv`` — figures typed
  from publications, with quotes;
* ``raw/gso_pxweb/iip_by_province_*_retrieved-YYYY-MM.csv`` — the PX-Web IIP
  table, every province and the whole country (status ``final``, published =
  retrieval month);
* ``raw/gso_releases/YYYY-MM-DD-*.xls[x]`` — December release workbooks, the
  national whole-year IIP (status ``estimate``, published = release date).

The output is deterministic (sorted rows, shortest round-trip number text,
``\\n`` line ends, UTF-8), so a rebuild reproduces the committed files byte for
byte and ``--check`` can guard them in CI.
"""
from __future__ import annotations

import argparse
import csv
import difflib
import io
import os
import sys
import tempfile
from pathlib import Path

import pandas as pd

from hatinh_analysis.data.errors import DataError
from hatinh_analysis.data.gso_release import NoIIPSheetError, read_release_workbook
from hatinh_analysis.data.pxweb import read_pxweb_csv
from hatinh_analysis.data.schema import (COLUMNS, MONTHLY_COLUMNS, SOURCE_COLUMNS,
                                         format_number, validate_monthly,
                                         validate_observations, validate_sources)
from hatinh_analysis.data.tables import read_csv_cells, read_table

GSO = "General Statistics Office of Viet Nam"

#: PX-Web exports taken into the table, with what each figure is. ``published``
#: is the retrieval month: the revised figures were public by then at the latest.
PXWEB_INPUTS = {
    "gso_pxweb/iip_by_province_2012-2016_retrieved-2018-09.csv": {
        "source_id": "gso_pxweb_iip_province", "indicator": "iip",
        "unit": "index_prev_year=100", "basis": "iip", "status": "final",
        "published": "2018-09", "language": "en",
    },
}
RELEASE_DIR = "gso_releases"
MONTHLY_RELEASE_DIR = "gso_releases_monthly"
SORT_KEY = ["province", "indicator", "industry", "year", "published", "source_id", "status",
            "value"]
MONTHLY_SORT_KEY = ["province", "indicator", "industry", "year", "month", "comparison",
                    "published", "source_id", "status"]
MONTHLY_FILE = "monthly.csv"


def _rel(path: Path, raw_dir: Path) -> str:
    return path.relative_to(raw_dir).as_posix()


def _pxweb_rows(raw_dir: Path, rows_read: dict):
    obs, sources = [], []
    for rel, spec in PXWEB_INPUTS.items():
        path = raw_dir / rel
        table = read_pxweb_csv(path, subtotals="drop")
        if table.attrs["kind"] != "province":
            raise DataError("expected a province table", path=path)
        rows_read[rel] = len(table)
        for r in table.itertuples(index=False):
            obs.append({
                "province": r.id, "indicator": spec["indicator"], "year": r.year,
                "value": r.value, "value_high": None, "unit": spec["unit"],
                "basis": spec["basis"], "status": spec["status"],
                "published": spec["published"], "source_id": spec["source_id"],
                "quote": f"{r.name} | {r.year}", "file": rel, "sheet": "", "cell": r.cell,
            })
        sources.append({
            "source_id": spec["source_id"], "publisher": GSO,
            "title": f"{table.attrs['title']} (PX-Web table export, retrieved "
                     f"{spec['published']})",
            "url": "", "published": spec["published"], "language": spec["language"],
            "file": rel,
        })
    return obs, sources


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def _release_rows(raw_dir: Path, rows_read: dict):
    """Annual observations, monthly rows and sources from every release workbook."""
    obs, monthly, sources, seen = [], [], [], {}
    for folder, required in ((RELEASE_DIR, True), (MONTHLY_RELEASE_DIR, False)):
        files = sorted(p for p in (raw_dir / folder).glob("*")
                       if p.suffix.lower() in (".xls", ".xlsx"))
        if not files and required:
            raise DataError("no .xls/.xlsx release workbooks", path=raw_dir / folder)
        for path in files:
            rel = _rel(path, raw_dir)
            try:
                book = read_release_workbook(path)
            except NoIIPSheetError:
                if required:  # every December workbook has the IIP
                    raise
                rows_read[rel] = 0  # January–May 2011: gross output value only
                continue
            published = book["published"]
            source_id = f"gso_release_{published[:7]}"
            if source_id in seen:
                raise DataError(f"two release workbooks for {published[:7]}: {seen[source_id]}"
                                f" and {rel}; keep one", path=path)
            seen[source_id] = rel
            rows_read[rel] = len(book["figures"])
            for f in book["figures"]:
                quote = f"{f['row_label']} | {f['column_label']}"
                where = {"source_id": source_id, "quote": quote, "file": rel,
                         "sheet": f["sheet"], "cell": f["cell"]}
                if f["comparison"] == "year":
                    obs.append({"province": "vietnam", "indicator": "iip",
                                "industry": f["industry"], "year": f["year"],
                                "value": f["value"], "value_high": None,
                                "unit": "index_prev_year=100", "basis": "iip",
                                "status": f["status"], "published": published, **where})
                monthly.append({"province": "vietnam", "indicator": "iip",
                                "industry": f["industry"], "year": f["year"],
                                "month": f["month"],
                                "comparison": "ytd" if f["comparison"] == "year"
                                else f["comparison"],
                                "value": f["value"], "unit": "index", "status": f["status"],
                                "published": published, **where})
            month = _MONTHS[int(published[5:7]) - 1]
            sources.append({
                "source_id": source_id, "publisher": GSO,
                "title": f"Monthly socio-economic statistics workbook, {month} "
                         f"{published[:4]} (IIP sheet {book['sheet']!r})",
                "url": "", "published": published, "language": "vi", "file": rel,
            })
    return obs, monthly, sources


def build_tables(raw_dir, *, rows_read: dict | None = None,
                 monthly: list | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read and validate every raw input; return (observations, sources), sorted.

    Parameters
    ----------
    raw_dir : str or Path
        The ``data/raw`` directory.
    rows_read : dict, optional
        Filled with {path under ``raw_dir``: number of rows read} for every table
        the build reads (compared with the manifest's ``rows_read``).
    monthly : list, optional
        When given, receives one item: the monthly table (``MONTHLY_COLUMNS``,
        validated, sorted), built from the same workbooks in the same pass.

    Returns
    -------
    observations : DataFrame
        The observations schema, validated, sorted by province, indicator, year,
        published, source_id, status, value.
    sources : DataFrame
        Curated sources, then the PX-Web and release-workbook sources.

    Raises
    ------
    DataError
        Any invalid input, naming the raw file, row and column; or a clash
        between inputs (a source id defined twice, a duplicated figure).
    """
    raw_dir = Path(raw_dir)
    rows_read = {} if rows_read is None else rows_read
    cur_src_path = raw_dir / "curated" / "sources.csv"
    cur_sources = validate_sources(read_csv_cells(cur_src_path), path=cur_src_path)
    curated = read_table(raw_dir / "curated" / "observations.csv",
                         sources=cur_sources["source_id"].tolist())
    rows_read["curated/sources.csv"] = len(cur_sources)
    rows_read["curated/observations.csv"] = len(curated)
    px_obs, px_src = _pxweb_rows(raw_dir, rows_read)
    rel_obs, rel_monthly, rel_src = _release_rows(raw_dir, rows_read)

    sources = pd.concat([cur_sources.reindex(columns=SOURCE_COLUMNS, fill_value=""),
                         pd.DataFrame(px_src + rel_src, columns=SOURCE_COLUMNS)],
                        ignore_index=True)
    sources = validate_sources(sources.astype(object), path="sources (being built)")

    combined = pd.concat([curated, pd.DataFrame(px_obs + rel_obs, columns=COLUMNS)],
                         ignore_index=True).astype(object)
    combined = combined.sort_values(SORT_KEY, kind="mergesort").reset_index(drop=True)
    # The same validator as read_table and the store; row numbers are those of
    # the file being written.
    obs = validate_observations(combined, path="observations.csv (being built)",
                                sources=sources["source_id"].tolist())
    if monthly is not None:
        frame = pd.DataFrame(rel_monthly, columns=MONTHLY_COLUMNS)
        frame = frame.sort_values(MONTHLY_SORT_KEY, kind="mergesort").reset_index(drop=True)
        monthly.append(validate_monthly(frame.astype(object), path="monthly.csv (being built)",
                                        sources=sources["source_id"].tolist()))
    return obs, sources


def render_csv(frame: pd.DataFrame, columns) -> bytes:
    """Deterministic CSV bytes: UTF-8, ``\\n``, minimal quoting, shortest float text.

    Parameters
    ----------
    frame : DataFrame
    columns : sequence of str
        Columns to write, in this order.

    Returns
    -------
    bytes
        NaN floats become empty fields; other floats their shortest round-trip text.
    """
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for rec in frame[list(columns)].itertuples(index=False):
        out = []
        for x in rec:
            if isinstance(x, float):
                out.append("" if x != x else format_number(x))
            else:
                out.append(str(x))
        writer.writerow(out)
    return buf.getvalue().encode("utf-8")


def render(raw_dir, *, rows_read: dict | None = None) -> dict[str, bytes]:
    """Build in memory.

    Parameters
    ----------
    raw_dir : str or Path
        The ``data/raw`` directory.
    rows_read : dict, optional
        Filled as in :func:`build_tables`.

    Returns
    -------
    dict
        ``{"observations.csv": bytes, "monthly.csv": bytes, "sources.csv": bytes}``.
    """
    monthly: list = []
    obs, sources = build_tables(raw_dir, rows_read=rows_read, monthly=monthly)
    return {"observations.csv": render_csv(obs, COLUMNS),
            MONTHLY_FILE: render_csv(monthly[0], MONTHLY_COLUMNS),
            "sources.csv": render_csv(sources, SOURCE_COLUMNS)}


def _write_atomic(path: Path, content: bytes) -> None:
    # Temp file in the same directory + os.replace: readers never see a half file.
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(content)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def diff_summary(name: str, old: bytes | None, new: bytes, max_lines: int = 12) -> str:
    """Human summary of how a committed file differs from its rebuild.

    Parameters
    ----------
    name : str
        File name shown in the summary.
    old : bytes or None
        Committed content (``None`` if the file is missing).
    new : bytes
        Rebuilt content.
    max_lines : int
        Changed lines shown before "… more".

    Returns
    -------
    str
    """
    if old is None:
        return f"{name}: missing (run `hatinh-data build`)"
    old_lines = old.decode("utf-8", "replace").splitlines()
    new_lines = new.decode("utf-8", "replace").splitlines()
    removed = len(set(old_lines) - set(new_lines))
    added = len(set(new_lines) - set(old_lines))
    lines = [f"{name}: differs from the rebuild ({len(old_lines)} lines committed, "
             f"{len(new_lines)} rebuilt; {removed} only in committed, {added} only in rebuilt)"]
    body = [ln for ln in difflib.unified_diff(old_lines, new_lines, "committed", "rebuilt",
                                              lineterm="", n=0)
            if not ln.startswith(("---", "+++", "@@"))]
    lines += ["  " + ln for ln in body[:max_lines]]
    if len(body) > max_lines:
        lines.append(f"  … {len(body) - max_lines} more changed lines")
    return "\n".join(lines)


def _integrity_error(problems, manifest_file) -> DataError:
    lines = [f"raw data differ from the manifest {manifest_file}:"]
    lines += [f"  {p}" for p in problems]
    paths = " ".join(sorted({p.path for p in problems}))
    lines.append("Nothing was written. Restore the registered files (e.g. `git checkout "
                 "data/raw`), or, if the change is intended, accept it explicitly: "
                 f"`hatinh-data build --accept-changes {paths}`")
    return DataError("\n".join(lines))


def build(data_dir=None, out_dir=None, check: bool = False, stream=None, *,
          accept_changes=(), new_manifest: bool = False) -> int:
    """Build (or check) the data tables; return a process exit status.

    Before anything is read, every file under ``raw/`` is compared with
    ``raw/MANIFEST.csv`` (size, SHA-256; after reading, the number of rows each
    table gave). Any difference stops the build with a :class:`DataError` naming
    each file and what differs, and nothing is written.

    Parameters
    ----------
    data_dir : str or Path, optional
        Directory with ``raw/``; default :func:`hatinh_analysis.data.store.data_dir`.
    out_dir : str or Path, optional
        Where ``observations.csv`` and ``sources.csv`` go; default ``data_dir``.
    check : bool
        Do not write; return 1 and print a diff summary if the files in
        ``out_dir`` differ from a fresh build (0 if identical). Raw files are
        compared with the manifest first. Use in CI.
    stream : file-like, optional
        Where messages go (default stdout).
    accept_changes : iterable of str or Path
        Raw files whose change (new, changed, truncated, deleted, other row
        count) the user accepts: their manifest entries are rewritten (or
        removed, for a deleted file) after a successful build, and each one is
        reported. Paths under ``raw/`` or relative to the current directory.
    new_manifest : bool
        Register every raw file as it is now when there is no manifest yet
        (refused when one exists: use ``accept_changes``).

    Returns
    -------
    int
        0 on success / up to date, 1 if ``check`` found differences.

    Raises
    ------
    DataError
        Raw files that differ from the manifest, or invalid raw input (nothing
        is written then, the manifest included).
    """
    from hatinh_analysis.data import manifest as mf
    from hatinh_analysis.data.store import data_dir as default_dir

    stream = stream or sys.stdout
    data_dir = Path(data_dir) if data_dir is not None else default_dir()
    out_dir = Path(out_dir) if out_dir is not None else data_dir
    raw_dir = data_dir / "raw"
    if not raw_dir.is_dir():
        raise DataError("no raw/ directory here (is --data-dir right?)", path=data_dir)
    accepted = mf.resolve_accepted(raw_dir, accept_changes)
    if check and (accepted or new_manifest):
        raise DataError("--check does not change anything; run the build without --check "
                        "to accept changes")
    manifest_file = mf.manifest_path(raw_dir)
    if new_manifest:
        if manifest_file.exists():
            raise DataError("a manifest exists already; accept individual changes with "
                            "--accept-changes PATH", path=manifest_file)
        registered = {}
        accepted = mf.raw_files(raw_dir)
    else:
        registered = mf.read_manifest(raw_dir)
    problems = mf.compare_files(raw_dir, registered)
    waived = [p for p in problems if p.path in accepted]
    problems = [p for p in problems if p.path not in accepted]
    if problems:
        raise _integrity_error(problems, manifest_file)

    rows_read: dict[str, int] = {}
    files = render(raw_dir, rows_read=rows_read)
    row_problems = mf.compare_rows(registered, rows_read)
    waived += [p for p in row_problems if p.path in accepted]
    row_problems = [p for p in row_problems if p.path not in accepted]
    if row_problems:
        raise _integrity_error(row_problems, manifest_file)

    if check:
        problems = []
        for name, content in files.items():
            path = out_dir / name
            old = path.read_bytes() if path.exists() else None
            if old != content:
                problems.append(diff_summary(name, old, content))
        if problems:
            print("\n".join(problems), file=stream)
            print("data is out of date: run `hatinh-data build`", file=stream)
            return 1
        print(f"raw files match {manifest_file}; up to date: "
              f"{', '.join(str(out_dir / n) for n in files)}", file=stream)
        return 0
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        _write_atomic(out_dir / name, content)
    n_rows = files["observations.csv"].count(b"\n") - 1
    print(f"wrote {out_dir / 'observations.csv'} ({n_rows} rows) and "
          f"{out_dir / 'sources.csv'}", file=stream)
    if accepted:
        entries = dict(registered)
        present = set(mf.raw_files(raw_dir))
        for rel in accepted:
            if rel in present:
                entries[rel] = mf.file_entry(raw_dir, rel, rows_read.get(rel))
            else:
                entries.pop(rel, None)
        _write_atomic(manifest_file, mf.render_manifest(entries.values()))
        if new_manifest:
            print(f"manifest: registered {len(entries)} raw files in {manifest_file}",
                  file=stream)
        else:
            for rel in accepted:
                what = [str(p) for p in waived if p.path == rel]
                if rel not in present:
                    note = "removed (file deleted)"
                elif what:
                    note = "accepted: " + "; ".join(what)
                else:
                    note = "no change to accept (entry rewritten unchanged)"
                print(f"manifest: {rel}: {note}", file=stream)
            print(f"manifest rewritten: {manifest_file}", file=stream)
    return 0


def main(argv=None) -> int:
    """Console entry point ``hatinh-data``.

    ``hatinh-data build [--check] [--accept-changes PATH …]``;
    ``hatinh-data template my_figures.xlsx`` (a fresh template);
    ``hatinh-data check-figures my_figures.xlsx`` (validate your figures).

    Parameters
    ----------
    argv : list of str, optional
        Arguments without the program name (default ``sys.argv[1:]``).

    Returns
    -------
    int
        Exit status: 0 ok, 1 ``--check`` found stale files, 2 raw files that
        differ from the manifest or invalid raw data (the error, naming
        file/row/column or what differs, goes to stderr; nothing is written).
    """
    parser = argparse.ArgumentParser(
        prog="hatinh-data", description="Build the observations table from data/raw.")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="write data/observations.csv and data/sources.csv")
    b.add_argument("--check", action="store_true",
                   help="do not write; exit 1 with a diff summary if the files are out of date")
    b.add_argument("--data-dir", type=Path, default=None,
                   help="directory holding raw/ (default: $HATINH_DATA_DIR or the repo's data/)")
    b.add_argument("--out-dir", type=Path, default=None,
                   help="where to write (default: the data directory)")
    b.add_argument("--accept-changes", metavar="PATH", nargs="+", default=[],
                   action="extend",
                   help="accept a new, changed, truncated or deleted raw file: rewrite its "
                        "entry in raw/MANIFEST.csv (path under raw/ or from here)")
    b.add_argument("--new-manifest", action="store_true",
                   help="register every raw file as it is now (only when raw/MANIFEST.csv "
                        "does not exist)")
    t = sub.add_parser("template", help="write an empty table for your own figures "
                                         "(.xlsx with a Codes sheet, or .csv)")
    t.add_argument("path", type=Path, help="e.g. my_figures.xlsx (never overwritten)")
    c = sub.add_parser("check-figures", help="validate a table of your own figures")
    c.add_argument("path", type=Path)
    args = parser.parse_args(argv)
    if args.command == "template":
        from hatinh_analysis.data.templates import write_template
        try:
            write_template(args.path)
        except DataError as exc:
            print(f"hatinh-data: error: {exc}", file=sys.stderr)
            return 2
        print(f"wrote {args.path}: fill one row per figure (replace the example row); "
              "allowed codes on the sheet 'Codes' / in data/README.md")
        return 0
    if args.command == "check-figures":
        from hatinh_analysis.data.tables import read_user_figures, read_user_monthly
        try:
            table = read_user_figures(args.path)
            monthly = read_user_monthly(args.path)
        except (DataError, OSError) as exc:
            print(f"hatinh-data: error: {exc}", file=sys.stderr)
            return 2
        n_targets = int((table["status"] == "target").sum())
        print(f"{args.path}: {len(table) + len(monthly)} rows valid ({len(table) - n_targets} "
              f"figures, {n_targets} targets, {len(monthly)} figures about months)")
        return 0
    try:
        return build(args.data_dir, args.out_dir, check=args.check,
                     accept_changes=args.accept_changes, new_manifest=args.new_manifest)
    except DataError as exc:
        print(f"hatinh-data: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # unreadable file or directory, disk full …
        print(f"hatinh-data: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
