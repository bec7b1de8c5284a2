from __future__ import annotations

import time

import pytest

from judgebench.verifiers.timeouts import WALL_FACTOR, CheckTimeout, time_limit


def test_cpu_bound_checker_is_stopped_by_cpu_time():
    start = time.process_time()
    with pytest.raises(CheckTimeout), time_limit(0.2):
        while True:
            sum(range(1000))
    assert 0.15 < time.process_time() - start < 1.0


def test_waiting_is_not_cpu_time_but_the_wall_backstop_ends_it():
    with time_limit(0.2):
        time.sleep(0.3)  # no CPU spent: within the limit although past 0.2 s of wall time
    start = time.monotonic()
    with pytest.raises(CheckTimeout), time_limit(0.1):
        time.sleep(5)
    assert time.monotonic() - start < 0.1 * WALL_FACTOR + 0.5


def test_timers_are_cleared_after_the_block():
    with time_limit(0.05):
        pass
    time.sleep(0.3)  # a stale timer would raise here
    t0 = time.process_time()
    while time.process_time() - t0 < 0.2:
        pass


def test_a_limit_that_expires_at_once_leaves_no_timer_or_handler_behind():
    """The wall timer of a tiny limit fires before the block starts: the clean-up must still run whole.

    Before, the signal could land between arming the timers and entering the protected block (or a second
    signal inside the clean-up), leaving a handler that raised CheckTimeout later anywhere in the process.
    """
    import signal

    before = signal.getsignal(signal.SIGPROF), signal.getsignal(signal.SIGALRM)
    for _ in range(300):
        with pytest.raises(CheckTimeout), time_limit(1e-9):
            while True:
                sum(range(100))
        assert (signal.getsignal(signal.SIGPROF), signal.getsignal(signal.SIGALRM)) == before
        assert signal.getitimer(signal.ITIMER_PROF) == signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
