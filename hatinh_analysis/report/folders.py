"""Dated report folders: staging, atomic publication, never overwriting silently.

A run is built in a hidden staging folder *inside* ``OUT`` (same file system,
so the final :func:`os.rename` is atomic) and moved to ``OUT/DATE``; when that
exists the run goes to ``DATE-2``, ``DATE-3`` … An interrupted run leaves only
its staging folder (named ``.incomplete-…``, ignored by the index and removed by
:func:`remove_stale_staging`); earlier reports are never touched. With
``force=True`` the folder ``DATE`` is replaced: the old one is first moved
aside, then the new one moved in, then the old one deleted.
"""
from __future__ import annotations

import datetime as _dt
import errno
import os
import re
import shutil
import tempfile
from pathlib import Path

__all__ = [
    "RUN_DIR_PATTERN",
    "STAGING_PREFIX",
    "validate_date",
    "make_staging_dir",
    "publish_run",
    "list_run_dirs",
    "atomic_write_text",
    "remove_stale_staging",
]

#: Names of published run folders: ``YYYY-MM-DD`` or ``YYYY-MM-DD-N``.
RUN_DIR_PATTERN = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:-(\d+))?$")
#: Prefix of staging folders (hidden, never listed).
STAGING_PREFIX = ".incomplete-"


def validate_date(text: str | None) -> str:
    """Return *text* as ``YYYY-MM-DD`` (today when ``None``).

    Raises
    ------
    ValueError
        When *text* is not a real calendar date written ``YYYY-MM-DD``.
    """
    if text is None:
        return _dt.date.today().isoformat()
    text = str(text).strip()
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError
        return _dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise ValueError(f"--date must be a calendar date written YYYY-MM-DD, got {text!r}") from None


def make_staging_dir(out: str | os.PathLike, date: str) -> Path:
    """Create ``OUT`` if needed and a fresh staging folder inside it."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{date}-", dir=out))
    os.chmod(staging, 0o755)  # mkdtemp makes it private; reports are meant to be shared
    return staging


def _candidates(date: str):
    yield date
    n = 2
    while True:
        yield f"{date}-{n}"
        n += 1


def publish_run(staging: str | os.PathLike, out: str | os.PathLike, date: str, *, force: bool = False) -> Path:
    """Move a finished staging folder to its dated place and return that path.

    Parameters
    ----------
    staging : path-like
        Folder made by :func:`make_staging_dir`, holding the complete run.
    out : path-like
        The reports folder.
    date : str
        ``YYYY-MM-DD``.
    force : bool
        Replace ``OUT/DATE`` instead of choosing ``DATE-2``, ``DATE-3`` …

    Returns
    -------
    pathlib.Path
        ``OUT/DATE`` or ``OUT/DATE-N``.
    """
    staging, out = Path(staging), Path(out)
    if force:
        target = out / date
        trash = None
        if target.exists():
            trash = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}replaced-{date}-", dir=out))
            os.rename(target, trash / "old")
        os.rename(staging, target)
        if trash is not None:
            shutil.rmtree(trash, ignore_errors=True)
        return target
    for name in _candidates(date):
        target = out / name
        if target.exists():
            continue
        try:
            # On POSIX, rename() replaces an *empty* directory: re-check right before.
            os.rename(staging, target)
        except OSError as exc:  # a concurrent run took the name first
            if exc.errno in (errno.EEXIST, errno.ENOTEMPTY):
                continue
            raise
        return target
    raise AssertionError("unreachable")


def _run_sort_key(path: Path):
    m = RUN_DIR_PATTERN.match(path.name)
    return (m.group(1), int(m.group(2) or 1))


def list_run_dirs(out: str | os.PathLike) -> list[Path]:
    """Published run folders in ``OUT``, newest first (``DATE-3`` before ``DATE-2`` before ``DATE``)."""
    out = Path(out)
    if not out.is_dir():
        return []
    runs = [p for p in out.iterdir() if p.is_dir() and RUN_DIR_PATTERN.match(p.name)]
    return sorted(runs, key=_run_sort_key, reverse=True)


def atomic_write_text(path: str | os.PathLike, text: str) -> None:
    """Write *text* to *path* via a temporary file in the same folder and :func:`os.replace`."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def remove_stale_staging(out: str | os.PathLike, older_than_s: float = 24 * 3600) -> list[Path]:
    """Delete staging folders left by runs that were killed more than *older_than_s* ago."""
    import time

    out = Path(out)
    removed = []
    if not out.is_dir():
        return removed
    now = time.time()
    for p in out.iterdir():
        if p.is_dir() and p.name.startswith(STAGING_PREFIX) and now - p.stat().st_mtime > older_than_s:
            shutil.rmtree(p, ignore_errors=True)
            removed.append(p)
    return removed
