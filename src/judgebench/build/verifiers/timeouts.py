"""A wall-clock limit for in-process checkers (sympy, Math-Verify) that may run away.

``SIGALRM`` can only interrupt the main thread, so the limit applies there (a process-pool worker's main
thread included); elsewhere the block runs unlimited, and the caller should prefer a process pool.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class CheckTimeout(BaseException):
    """Raised inside the limited block; a BaseException so broad ``except Exception`` cannot swallow it."""


def _raise(signum: int, frame: FrameType | None) -> None:
    raise CheckTimeout


def can_limit() -> bool:
    """Whether :func:`time_limit` can enforce a limit here (main thread, POSIX)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`CheckTimeout` in the block after ``seconds`` (a no-op outside the main thread)."""
    if not can_limit() or seconds <= 0:
        yield
        return
    previous = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
