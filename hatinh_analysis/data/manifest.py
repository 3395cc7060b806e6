"""The manifest of the raw data: every file under ``data/raw`` with its size and SHA-256.

``data/raw/MANIFEST.csv`` (committed) lists each raw file once: ``path`` (under
``data/raw``, ``/``-separated), ``bytes``, ``sha256`` and, for the tables the
build reads, ``rows_read`` (how many figures the build takes from the file; empty
for files the build does not read, such as ``README.md``). The build compares
``data/raw`` with it before reading anything and refuses — naming each file and
what differs — a missing, truncated, changed or unregistered file, or a table that
yields another number of rows than registered. A change is taken only when the
user accepts it explicitly (``hatinh-data build --accept-changes PATH``), which
rewrites that entry and says so.

Why: raw files are immutable copies of what was published (cookiecutter-data-science);
a truncated download or a deleted workbook must stop the build instead of
silently publishing a table with fewer or different figures.
"""
from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path
from typing import NamedTuple

from hatinh_analysis.data.errors import DataError

MANIFEST_NAME = "MANIFEST.csv"
MANIFEST_COLUMNS = ("path", "bytes", "sha256", "rows_read")


class Entry(NamedTuple):
    """One raw file as registered: path under ``data/raw``, size, SHA-256, rows read."""

    path: str
    bytes: int
    sha256: str
    rows_read: int | None = None


class Problem(NamedTuple):
    """A difference between ``data/raw`` and its manifest.

    ``kind`` is one of ``"missing"``, ``"truncated"``, ``"changed"``,
    ``"unregistered"``, ``"rows"``; ``detail`` says what differs.
    """

    path: str
    kind: str
    detail: str

    def __str__(self) -> str:
        return f"{self.path}: {self.kind} — {self.detail}"


def manifest_path(raw_dir) -> Path:
    """Path of the manifest of a ``raw`` directory (``raw/MANIFEST.csv``)."""
    return Path(raw_dir) / MANIFEST_NAME


def sha256_of(path) -> str:
    """Hex SHA-256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def raw_files(raw_dir) -> list[str]:
    """Every file under ``raw_dir`` except the manifest, as sorted ``/`` paths."""
    raw_dir = Path(raw_dir)
    return sorted(p.relative_to(raw_dir).as_posix() for p in raw_dir.rglob("*")
                  if p.is_file() and p.relative_to(raw_dir).as_posix() != MANIFEST_NAME)


def file_entry(raw_dir, rel: str, rows_read: int | None = None) -> Entry:
    """The manifest entry a raw file would get as it is now."""
    path = Path(raw_dir) / rel
    return Entry(rel, path.stat().st_size, sha256_of(path), rows_read)


def read_manifest(raw_dir) -> dict[str, Entry]:
    """Read ``raw/MANIFEST.csv``.

    Returns
    -------
    dict
        path → :class:`Entry`.

    Raises
    ------
    DataError
        Missing manifest (says how to create one), wrong columns, a malformed
        size, hash or row count (names the row), a path listed twice.
    """
    path = manifest_path(raw_dir)
    if not path.is_file():
        raise DataError("the raw-data manifest is missing; the build will not read raw files "
                        "it cannot verify. Restore it (git checkout), or register the files as "
                        "they are now with `hatinh-data build --new-manifest`", path=path)
    text = path.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows or tuple(rows[0]) != MANIFEST_COLUMNS:
        raise DataError(f"header must be {','.join(MANIFEST_COLUMNS)}", path=path, row=1)
    entries: dict[str, Entry] = {}
    for rno, rec in enumerate(rows[1:], start=2):
        if len(rec) != len(MANIFEST_COLUMNS):
            raise DataError(f"{len(rec)} fields, expected {len(MANIFEST_COLUMNS)}",
                            path=path, row=rno)
        rel, size, digest, nrows = rec
        if rel in entries:
            raise DataError(f"{rel!r} is listed twice", path=path, row=rno, column="path")
        if not size.isdigit():
            raise DataError(f"bytes {size!r} is not a whole number", path=path, row=rno,
                            column="bytes")
        if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise DataError(f"sha256 {digest!r} is not 64 lower-case hex digits", path=path,
                            row=rno, column="sha256")
        if nrows and not nrows.isdigit():
            raise DataError(f"rows_read {nrows!r} is not a whole number", path=path, row=rno,
                            column="rows_read")
        entries[rel] = Entry(rel, int(size), digest, int(nrows) if nrows else None)
    return entries


def render_manifest(entries) -> bytes:
    """Deterministic CSV bytes of a manifest (sorted by path, ``\\n`` line ends)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(MANIFEST_COLUMNS)
    for e in sorted(entries, key=lambda e: e.path):
        w.writerow([e.path, e.bytes, e.sha256, "" if e.rows_read is None else e.rows_read])
    return buf.getvalue().encode("utf-8")


def compare_files(raw_dir, manifest: dict[str, Entry]) -> list[Problem]:
    """Differences between the files under ``raw_dir`` and the manifest (sizes, hashes).

    Row counts are compared by :func:`compare_rows` once the files are read.

    Returns
    -------
    list of Problem
        Sorted by path; empty when every file matches.
    """
    raw_dir = Path(raw_dir)
    present = set(raw_files(raw_dir))
    problems = []
    for rel, entry in manifest.items():
        if rel not in present:
            problems.append(Problem(rel, "missing", "registered in the manifest but not in "
                                    f"{raw_dir} (its figures would silently drop out)"))
            continue
        size = (raw_dir / rel).stat().st_size
        if size < entry.bytes:
            problems.append(Problem(rel, "truncated", f"{size} bytes, the manifest says "
                                    f"{entry.bytes} (an incomplete copy?)"))
            continue
        digest = sha256_of(raw_dir / rel)
        if digest != entry.sha256:
            size_note = (f"size {size} bytes vs {entry.bytes} registered" if size != entry.bytes
                         else "same size")
            problems.append(Problem(rel, "changed", f"SHA-256 {digest[:12]}… differs from the "
                                    f"registered {entry.sha256[:12]}… ({size_note})"))
    for rel in sorted(present - set(manifest)):
        problems.append(Problem(rel, "unregistered", "not in the manifest: a new raw file "
                                "must be registered before the build uses it"))
    return sorted(problems, key=lambda p: p.path)


def compare_rows(manifest: dict[str, Entry], rows_read: dict[str, int]) -> list[Problem]:
    """Tables whose number of rows read differs from the manifest's ``rows_read``."""
    problems = []
    for rel, n in sorted(rows_read.items()):
        entry = manifest.get(rel)
        if entry is None:
            continue  # reported as unregistered by compare_files
        if entry.rows_read != n:
            want = "no count" if entry.rows_read is None else f"{entry.rows_read} rows"
            problems.append(Problem(rel, "rows", f"{n} rows read, the manifest says {want}"))
    return problems


def resolve_accepted(raw_dir, paths) -> list[str]:
    """Paths given to ``--accept-changes`` as paths under ``raw_dir``.

    A path may be given relative to ``raw_dir`` (``gso_releases/x.xlsx``), relative
    to the current directory or absolute (``data/raw/gso_releases/x.xlsx``).

    Raises
    ------
    DataError
        A path outside ``raw_dir`` or the manifest itself.
    """
    raw_dir = Path(raw_dir).resolve()
    out = []
    for given in paths:
        p = Path(given).expanduser()
        full = p.resolve() if p.is_absolute() else (Path.cwd() / p).resolve()
        if not full.is_relative_to(raw_dir):
            if p.is_absolute():
                raise DataError(f"--accept-changes {given}: not a path under {raw_dir}")
            full = (raw_dir / p).resolve()  # given relative to data/raw
            if not full.is_relative_to(raw_dir):
                raise DataError(f"--accept-changes {given}: not a path under {raw_dir}")
        rel = full.relative_to(raw_dir).as_posix()
        if rel == MANIFEST_NAME:
            raise DataError("--accept-changes: the manifest itself is not a raw file")
        out.append(rel)
    return out
