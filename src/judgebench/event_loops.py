"""Run a coroutine to its end from synchronous code, whether or not an event loop already runs in this thread.

``asyncio.run`` refuses to start inside a running loop (every Jupyter notebook, an async web handler) and
leaves the coroutine it was given never awaited. :func:`run_coroutine` is what every synchronous entry point
uses instead (``judgebench.judge``, ``probe``, ``judge_best_of_k``, the builder's sampling, ``solve``): with no
loop running it is ``asyncio.run``; with one running it runs the coroutine on a private loop in a worker thread
and waits for it, so the caller's loop is blocked as by any synchronous call (``await`` the ``a``-prefixed
twins to keep it free).

Exceptions raised by the coroutine reach the caller unchanged. A KeyboardInterrupt while waiting cancels the
coroutine on its loop, waits for it to unwind (its ``finally`` blocks close files and locks), then reaches the
caller as KeyboardInterrupt.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Generic, TypeVar

T = TypeVar("T")


def loop_running() -> bool:
    """Whether an event loop runs in the current thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def run_coroutine(coro: Coroutine[Any, Any, T]) -> T:
    """Run ``coro`` to its end and return its result (see the module docstring)."""
    if not loop_running():
        return asyncio.run(coro)
    return _Worker(coro).result()


class _Worker(Generic[T]):
    """``coro`` on a private loop in a worker thread, cancellable from the waiting thread."""

    def __init__(self, coro: Coroutine[Any, Any, T]) -> None:
        self._coro = coro
        self._started = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[Any] | None = None

    async def _main(self) -> T:
        self._loop = asyncio.get_running_loop()
        self._task = asyncio.current_task()
        self._started.set()
        return await self._coro  # started here, synchronously: a cancel can only land once it runs

    def result(self) -> T:
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="judgebench-loop") as pool:
            main = self._main()
            try:
                future = pool.submit(asyncio.run, main)
            except BaseException:
                main.close()  # never scheduled: closed, not left unawaited
                self._coro.close()
                raise
            try:
                return future.result()
            except KeyboardInterrupt:
                self._cancel()
                with contextlib.suppress(BaseException):  # the interrupt is what the caller asked about
                    future.result()  # let it unwind: its finally blocks release files and locks
                raise

    def _cancel(self) -> None:
        self._started.wait()
        loop, task = self._loop, self._task
        if loop is not None and task is not None:
            with contextlib.suppress(RuntimeError):  # the loop already closed: the coroutine finished
                loop.call_soon_threadsafe(task.cancel)
