"""Writing users' files safely: what may be written, atomic replacement, appending, and the run lock.

Every file judgebench writes (judged outputs, pair files, reports, build cards) goes through here:

- :func:`output_folder` checks a folder to write into (``probe --out``) the same way, before any work.
- :func:`output_target` accepts only a regular file or a new path. A symlink is followed to its target (the
  link stays a link); a device node, FIFO, socket or folder is refused with :class:`OutputError`, so
  ``--out /dev/null`` never replaces the device with a file. Missing folders are created.
- :func:`atomic_writer` writes a temporary file beside the target and renames it over the target. A new file
  gets ``0666 & ~umask`` like any other program's; an existing file keeps its mode (and, for root, its owner).
- :func:`open_append` opens the target for appending (the judge and build stages add one line at a time).
- :func:`output_lock` holds an advisory lock for a run on a hidden file beside the target
  (``.<name>.lock``), so two runs writing one file are refused whatever their cache folders.

An ``OSError`` while writing (a full disk, a read-only file system, ``/proc``) becomes one ``OutputError``
line; the target is left as it was.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from judgebench.errors import OutputError

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
)
_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


def write_error(path: str | os.PathLike[str], exc: OSError, *, resume_hint: bool = False) -> OutputError:
    """One line for a failed write; ``resume_hint`` adds that rerunning resumes (appended outputs)."""
    if exc.errno in _FULL:
        what = "the disk is full" if exc.errno != errno.EFBIG else "the file is too large for this file system"
        tail = (
            "the lines written so far are kept: free space and rerun the same command to resume"
            if resume_hint
            else "nothing was replaced: free space and rerun"
        )
        return OutputError(f"cannot write {path}: {what} ({exc.strerror}); {tail}")
    return OutputError(f"cannot write {path}: {exc.strerror or exc}")


def _umask() -> int:
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)  # no /proc: read it the only portable way (briefly set, then restored)
    os.umask(mask)
    return mask


def _not_a_folder(path: Path) -> Path | None:
    """The first ancestor of ``path`` that exists and is not a folder, if any."""
    for parent in reversed(path.parents):
        with contextlib.suppress(OSError):
            if parent.exists() and not parent.is_dir():
                return parent
    return None


def _mode_of(target: Path, path: str | os.PathLike[str], verb: str) -> int | None:
    """``target``'s ``st_mode``, None when it does not exist; an OutputError (``cannot {verb} {path}``) otherwise."""
    try:
        return os.stat(target).st_mode
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        raise OutputError(f"cannot {verb} {path}: {_not_a_folder(target)} is a file, not a folder") from None
    except OSError as exc:
        raise write_error(path, exc) from None


def output_target(path: str | os.PathLike[str]) -> Path:
    """The file to write for ``path``: a symlink's target, refused unless a regular file or a new path.

    Creates missing parent folders.

    Raises:
        OutputError: ``path`` names a folder, device, FIFO or socket, sits under a file, or cannot be made.
    """
    target = Path(os.path.realpath(path))
    mode = _mode_of(target, path, "write")
    if mode is not None:
        if stat.S_ISREG(mode):
            return target
        kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
        raise OutputError(f"refusing to write {path}: it is {kind}; give a regular file or a new path")
    blocker = _not_a_folder(target)
    if blocker is not None:
        raise OutputError(f"cannot write {path}: {blocker} is a file, not a folder")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise write_error(path, exc) from None
    return target


def output_folder(path: str | os.PathLike[str]) -> Path:
    """The folder to write into for ``path`` (checked before any work; made later by the writer).

    A symlink is followed: a dangling one gives its target, the folder to make. Nothing is created here.

    Raises:
        OutputError: ``path`` is a file, FIFO, device or socket, sits under a file, or the folder it is in
            (or would be made in) is not writable, e.g. on a read-only file system.
    """
    given = Path(path)
    target = Path(os.path.realpath(given))
    mode = _mode_of(target, path, "write into")
    if mode is not None and not stat.S_ISDIR(mode):
        kind = next((name for test, name in _KINDS if test(mode)), "a file")
        raise OutputError(f"{path} is not a folder (it is {kind}): give a folder or a new path to write into")
    blocker = _not_a_folder(target)
    if blocker is not None:
        raise OutputError(f"cannot write into {path}: {blocker} is a file, not a folder")
    existing = target if mode is not None else next(p for p in target.parents if p.is_dir())
    if not os.access(existing, os.W_OK | os.X_OK):
        read_only = bool(os.statvfs(existing).f_flag & os.ST_RDONLY)
        why = "is on a read-only file system" if read_only else "is not writable"
        raise OutputError(f"cannot write into {path}: {existing} {why}")
    return target if mode is None and given.is_symlink() else given


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike[str]) -> Iterator[IO[str]]:
    """Write a text file atomically: a temp file beside the target, renamed over it on success.

    On failure the temp file is removed and the target is untouched; an ``OSError`` becomes ``OutputError``.
    """
    target = output_target(path)
    try:
        old: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        old = None
    except OSError as exc:
        raise write_error(path, exc) from None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise write_error(path, exc) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        if old is None:
            os.chmod(tmp, 0o666 & ~_umask())
        else:
            if os.geteuid() == 0:
                with contextlib.suppress(OSError):
                    os.chown(tmp, old.st_uid, old.st_gid)
            os.chmod(tmp, stat.S_IMODE(old.st_mode))
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise write_error(path, exc) from None
        raise


def open_append(path: str | os.PathLike[str]) -> IO[str]:
    """The target of ``path`` opened for appending text (created with the umask's mode when new)."""
    target = output_target(path)
    try:
        return open(target, "a", encoding="utf-8", newline="\n")
    except OSError as exc:
        raise write_error(path, exc) from None


def lock_path(path: str | os.PathLike[str]) -> Path:
    """The lock file of an output: ``.<name>.lock`` beside the (symlink-resolved) target."""
    target = Path(os.path.realpath(path))
    return target.with_name(f".{target.name}.lock")


@contextlib.contextmanager
def output_lock(path: str | os.PathLike[str]) -> Iterator[None]:
    """Hold an advisory lock on the output ``path`` for a run; another holder makes this raise.

    The lock file sits beside the output and is never removed: unlinking a lock file that another run may
    have opened would let two runs hold "the" lock at once. The kernel releases the lock when a run dies.

    Raises:
        OutputError: another run holds the lock, or the lock file cannot be made (the folder is not writable).
    """
    output_target(path)
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    where = lock_path(path)
    try:
        fd = os.open(where, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o666)
    except OSError as exc:
        raise OutputError(f"cannot lock {path} ({where}: {exc.strerror})") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputError(f"{path} is being written by another judgebench run (lock {where})") from None
        yield
    finally:
        os.close(fd)
