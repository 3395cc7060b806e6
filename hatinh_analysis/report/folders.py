"""Dated report folders: staging, atomic publication under a lock, never overwriting silently.

A run is built in ``OUT/.incomplete-DATE-…`` (same file system as ``OUT``: moving
it into place is one rename) and holds the lock file beside it while it lives;
the operating system releases that lock when the process dies, however it
dies, so the next run removes staging folders whose lock it can take — kernel
connection files live inside and go with them. Publication happens under
``OUT/.lock``: pick the name (``DATE``, ``DATE-2`` …), write the new index to a
temporary file, then rename the folder and ``os.replace`` the index — a full
disk fails before anything moves. Locks are :mod:`filelock` locks (``fcntl`` on
POSIX, ``msvcrt`` on Windows).
"""
from __future__ import annotations

import datetime as _dt
import errno
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from hatinh_analysis.report.params import ParameterError

__all__ = ["RUN_DIR_PATTERN", "STAGING_PREFIX", "NoSpaceError", "FolderNotWritable", "validate_date", "Staging", "publish",
           "list_run_dirs", "run_sort_key", "atomic_write_text", "remove_stale_staging", "index_lock", "folder_stamp"]

#: Names of published run folders: ``YYYY-MM-DD[-N]`` (English), ``YYYY-MM-DD-vi[-N]`` (other languages).
RUN_DIR_PATTERN = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:-([a-z]{2}))?(?:-(\d+))?$")
#: Prefix of staging folders (hidden, never listed).
STAGING_PREFIX = ".incomplete-"
INDEX_LOCK = ".lock"


class NoSpaceError(OSError):
    """The disk filled up while writing a report; nothing was published."""


class FolderNotWritable(OSError):
    """The reports folder cannot be created or written (checked before any kernel starts)."""


def reraise_no_space(exc: OSError, what: str) -> None:
    """Raise :class:`NoSpaceError` for ENOSPC/EDQUOT (the message says so plainly), else nothing."""
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        raise NoSpaceError(errno.ENOSPC, f"no space left on device while writing {what}") from exc


def validate_date(text: str | None) -> str:
    """Return *text* as ``YYYY-MM-DD`` (today when ``None``).

    >>> validate_date("2019-12-25")
    '2019-12-25'

    Raises
    ------
    ParameterError
        When *text* is not a real calendar date written ``YYYY-MM-DD``.
    """
    if text is None:
        return _dt.date.today().isoformat()
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(text).strip()):
            raise ValueError
        return _dt.date.fromisoformat(str(text).strip()).isoformat()
    except ValueError:
        raise ParameterError(f"--date must be a calendar date written YYYY-MM-DD, got {text!r}", "--date") from None


def _lock(path: Path, timeout: float = -1):
    from filelock import FileLock

    return FileLock(str(path), timeout=timeout)


def index_lock(out: str | os.PathLike):
    """The lock that serialises publication and index writes in *out* (a context manager)."""
    return _lock(Path(out) / INDEX_LOCK)


def folder_stamp(path: Path) -> tuple | None:
    """What identifies one published folder (``None`` if absent): a replaced folder gets a new stamp."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_ctime_ns, st.st_mtime_ns)


class Staging:
    """A locked staging folder in *out*; checks that *out* is writable (raises ``OSError`` if not).

    Use as a context manager: on leaving, the folder (if not published) and its
    lock are removed.
    """

    def __init__(self, out: str | os.PathLike, date: str):
        self.out = Path(out)
        try:
            self.out.mkdir(parents=True, exist_ok=True)
            remove_stale_staging(self.out)
            self.path = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{date}-", dir=self.out))
            self.lock = _lock(self.path.with_name(self.path.name + ".lock"))
            self.lock.acquire()
            probe = self.path / ".write-test"
            probe.write_bytes(b"0" * 4096)  # a full disk shows here, before any kernel starts
            probe.unlink()
        except OSError as exc:
            reraise_no_space(exc, f"the reports folder {str(out)!r}")
            raise FolderNotWritable(exc.errno, f"cannot write to the reports folder {str(out)!r}: "
                                     f"{exc.strerror or exc}") from exc
        os.chmod(self.path, 0o755)  # mkdtemp makes it private; reports are meant to be shared
        self.kernels = self.path / ".kernels"  # connection files, removed before publication

    def __enter__(self) -> "Staging":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Remove what is left of the staging folder, then release and remove the lock."""
        if self.path.exists():
            shutil.rmtree(self.path, ignore_errors=True)
        if self.lock.is_locked:
            self.lock.release()
            try:
                os.unlink(self.lock.lock_file)
            except OSError:
                pass


def remove_stale_staging(out: str | os.PathLike) -> list[Path]:
    """Delete staging folders (and their lock files) of runs that no longer live.

    A run holds the lock beside its staging folder until it ends; a lock that
    can be taken at once belongs to a run that was killed.
    """
    from filelock import Timeout

    out = Path(out)
    removed = []
    names = {p.name.removesuffix(".lock") for p in out.glob(f"{STAGING_PREFIX}*")} if out.is_dir() else set()
    for name in sorted(names):
        lock = _lock(out / f"{name}.lock", timeout=0)
        try:
            with lock:
                if (out / name).is_dir():
                    shutil.rmtree(out / name, ignore_errors=True)
                    removed.append(out / name)
        except Timeout:
            continue  # a live run
        try:
            os.unlink(lock.lock_file)
        except OSError:
            pass
    return removed


def run_sort_key(name: str) -> tuple:
    """Order of run folder names: by date, then number (``DATE-2`` after ``DATE``), then language."""
    m = RUN_DIR_PATTERN.match(name)
    return (m.group(1), int(m.group(3) or 1), m.group(2) or "")


def list_run_dirs(out: str | os.PathLike) -> list[Path]:
    """Published run folders in ``OUT``, newest first (``DATE-3`` before ``DATE-2`` before ``DATE``)."""
    out = Path(out)
    if not out.is_dir():
        return []
    return sorted((p for p in out.iterdir() if p.is_dir() and RUN_DIR_PATTERN.match(p.name)),
                  key=lambda p: run_sort_key(p.name), reverse=True)


def atomic_write_text(path: str | os.PathLike, text: str) -> None:
    """Write *text* to *path* via a temporary file in the same folder and :func:`os.replace`."""
    path = Path(path)
    tmp = _write_temp(path, text)
    os.replace(tmp, path)


def _write_temp(path: Path, text: str) -> str:
    """Write *text* next to *path* in a temporary file (fsynced); return its name."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
    except BaseException as exc:
        os.unlink(tmp)
        if isinstance(exc, OSError):
            reraise_no_space(exc, str(path))
        raise
    return tmp


def publish(staging: Staging, date: str, render_index: Callable[[Path, str], str | dict[str, str]], *,
            force: bool = False, expected: tuple | None = None) -> tuple[Path, Path, str | None]:
    """Move a finished staging folder to ``OUT/DATE[-N]`` and rewrite the index pages, atomically.

    *date* is the folder's base name (``2020-01-01``, ``2020-01-01-vi``);
    ``render_index(staging_path, final_name)`` gives the index (or ``{file name:
    HTML}`` of several) as it will be once the folder is in place. With ``force``, ``OUT/DATE`` is replaced only if it is
    still the folder seen when the run started (*expected*, :func:`folder_stamp`);
    one published meanwhile by another run is kept, this run goes to ``DATE-N``
    and the returned note says so. Returns ``(folder, index, note)``.
    """
    out = staging.out
    note = None
    with index_lock(out):
        target = out / date
        replace = force and target.exists()
        if replace and folder_stamp(target) != expected:
            replace = False
            note = f"{target.name} was published by another run meanwhile; it is kept"
        if not replace:
            n = 2
            while target.exists():
                target, n = out / f"{date}-{n}", n + 1
            if note:
                note += f" and this run is {target.name}"
        pages = render_index(staging.path, target.name)
        temps: dict[str, str] = {}
        try:
            for file, text in ({"index.html": pages} if isinstance(pages, str) else pages).items():
                temps[file] = _write_temp(out / file, text)
            trash = None
            if replace:
                trash = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}replaced-{date}-", dir=out))
                os.replace(target, trash / "old")
            try:
                os.replace(staging.path, target)
            except OSError:
                if trash is not None:  # put the old folder back
                    os.replace(trash / "old", target)
                raise
            for file, tmp in temps.items():
                os.replace(tmp, out / file)
        except BaseException:
            for tmp in temps.values():
                if os.path.exists(tmp):
                    os.unlink(tmp)
            raise
        if trash is not None:
            shutil.rmtree(trash, ignore_errors=True)
    return target, out / "index.html", note
