"""Helpers for the safety tests: a tiny real file system (tmpfs) to fill up, and running the CLI in process."""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from judgebench.cli.main import main


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``judgebench ARGV`` in this process: exit code, stdout, stderr."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _mount(where: Path, options: str) -> bool:
    where.mkdir(parents=True, exist_ok=True)
    try:
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], capture_output=True, timeout=20
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


@contextlib.contextmanager
def tmpfs(where: Path, size: str, *, read_only: bool = False) -> Iterator[Path]:
    """A real tmpfs of ``size`` mounted on ``where`` (root only); skips the test where it cannot be mounted."""
    if not _mount(where, f"size={size}" + (",ro" if read_only else "")):
        pytest.skip("mounting a tmpfs needs root (CAP_SYS_ADMIN): no small real file system to fill here")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True, timeout=20)


def remount(where: Path, options: str) -> None:
    """Change a mounted tmpfs's options (``size=16m``, ``ro``, ``rw``)."""
    subprocess.run(["mount", "-o", f"remount,{options}", str(where)], check=True, capture_output=True, timeout=20)
