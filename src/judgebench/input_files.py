"""What an input path must be before judgebench opens it: an existing regular file.

:func:`check_input_file` looks with ``os.stat`` first, so a FIFO is refused instead of opened (opening one
blocks until a writer comes, and judgebench reads some inputs twice), and a directory, a symlink loop or a
broken symlink is named as what it is rather than "no such file".
"""

from __future__ import annotations

import errno
import os
import stat

from judgebench.errors import InputError

_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe), not a regular file: write its content to a file and pass that"),
    (stat.S_ISSOCK, "a socket, not a regular file"),
    (stat.S_ISCHR, "a character device, not a regular file"),
    (stat.S_ISBLK, "a block device, not a regular file"),
)


def input_file_problem(path: str | os.PathLike[str]) -> str | None:
    """Why ``path`` cannot be read as an input file, or None when it is an existing regular file."""
    p = os.fspath(path)
    try:
        mode = os.stat(p).st_mode
    except FileNotFoundError:
        if os.path.islink(p):
            return f"a broken symlink (its target {os.readlink(p)!r} does not exist)"
        return "no such file"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symlink loop (the links never reach a file)"
        return f"cannot read: {exc.strerror}"
    if stat.S_ISDIR(mode):
        return "a directory, not a file (pass a file inside it)"
    for test, why in _KINDS:
        if test(mode):
            return why
    return None


def check_input_file(path: str | os.PathLike[str]) -> None:
    """Raise :class:`InputError` naming ``path`` unless it is an existing regular file."""
    problem = input_file_problem(path)
    if problem is not None:
        raise InputError(problem, os.fspath(path))
