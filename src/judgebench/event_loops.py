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
    """``coro`` on a private loop in a worker thread, cancellable from the waiting thread.

    A KeyboardInterrupt may land anywhere in :meth:`result`, even while the thread starts: under the lock, either
    the worker has taken the coroutine (then it is cancelled on its loop and waited for), or it never will (then
    it is closed, by whichever side holds it, never left unawaited).
    """

    def __init__(self, coro: Coroutine[Any, Any, T]) -> None:
        self._coro = coro
        self._lock = threading.Lock()
        self._taken = False
        self._abandoned = False
        self._started = threading.Event()
        self._done = threading.Event()  # not Thread.join: an interrupted join marks a live thread stopped (3.11)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[Any] | None = None
        self._value: T | None = None
        self._error: BaseException | None = None

    async def _main(self) -> T:
        self._loop = asyncio.get_running_loop()
        self._task = asyncio.current_task()
        self._started.set()
        return await self._coro  # started here, synchronously: a cancel can only land once it runs

    def _run(self) -> None:
        with self._lock:
            if self._abandoned:
                self._coro.close()
                self._done.set()
                return
            self._taken = True
        try:
            self._value = asyncio.run(self._main())
        except BaseException as exc:  # handed to the waiting thread, which raises it
            self._error = exc
        finally:
            self._started.set()
            self._done.set()

    def result(self) -> T:
        thread = threading.Thread(target=self._run, name="judgebench-loop")
        try:
            thread.start()
            self._done.wait()
        except KeyboardInterrupt:
            self._stop(thread)
            raise
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]  # set: the coroutine returned

    def _stop(self, thread: threading.Thread) -> None:
        """Cancel the coroutine on its loop and wait for it to unwind (its finally blocks close files and locks)."""
        with self._lock:
            taken = self._taken
            self._abandoned = not taken
        if not taken:
            if thread.ident is None:  # the thread never began: nobody else will close the coroutine
                self._coro.close()
            else:
                self._done.wait()  # it begins, finds the coroutine abandoned and closes it
            return
        self._started.wait()
        loop, task = self._loop, self._task
        if loop is not None and task is not None:
            with contextlib.suppress(RuntimeError):  # the loop already closed: the coroutine finished
                loop.call_soon_threadsafe(task.cancel)
        self._done.wait()
