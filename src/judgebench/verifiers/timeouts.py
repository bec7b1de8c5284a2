"""A time limit for in-process checkers (sympy, Math-Verify) that may run away.

The limit is on the process's CPU time (``ITIMER_PROF``), so a verdict does not depend on how busy the machine
is: the same response is checked the same way on a loaded CI box and an idle laptop. A wall-clock backstop at
``WALL_FACTOR`` times the limit (``ITIMER_REAL``) still ends a checker that waits instead of computing.
Signals only interrupt the main thread, so the limit applies there (a process-pool worker's main thread
included); elsewhere the block runs unlimited, and the caller should prefer a process pool.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class CheckTimeout(BaseException):
    """Raised inside the limited block; a BaseException so broad ``except Exception`` cannot swallow it."""


def can_limit() -> bool:
    """Whether :func:`time_limit` can enforce a limit here (main thread, POSIX)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


WALL_FACTOR = 4.0


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`CheckTimeout` after ``seconds`` of CPU time (or ``WALL_FACTOR`` × of wall time) in the block.

    A no-op outside the main thread.
    """
    if not can_limit() or seconds <= 0:
        yield
        return
    fired = False

    def expire(signum: int, frame: FrameType | None) -> None:
        nonlocal fired
        if not fired:  # once: the other timer's signal may follow at once, even inside the clean-up below
            fired = True
            raise CheckTimeout

    prev_prof = signal.signal(signal.SIGPROF, expire)
    prev_alrm = signal.signal(signal.SIGALRM, expire)
    try:  # the timers are armed inside: a limit that expires before the block still disarms them and restores
        signal.setitimer(signal.ITIMER_PROF, seconds)
        signal.setitimer(signal.ITIMER_REAL, seconds * WALL_FACTOR)
        yield
    finally:
        fired = True  # before any call: a signal handled from here on (at a call) is ignored, the clean-up runs whole
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGPROF, prev_prof)
        signal.signal(signal.SIGALRM, prev_alrm)
