"""The reward backend seam: score single responses to a question, batched, off the event loop.

A reward backend turns :class:`RewardItem` objects (a question, one response and where that response sits)
into one float each. Backends register a factory ``(model, **options) -> RewardBackend`` in
:data:`REWARD_BACKENDS` (entry-point group ``judgebench.reward_backends``) under the prefix of a model spec:
``hf/<model id or path>`` runs a model with transformers, ``replay/<recorded file>`` returns recorded scores.

A backend may also implement :class:`PlanningRewardBackend`: the runner then tells it every response of the
run before asking for any, and it can schedule them as a whole. Requests outside a plan run on
:class:`BatchWorker`: one worker thread that gathers the items of every request waiting in its queue into one
call, so the event loop (and judging other pairs) never waits on a forward pass, and pairs submitted
concurrently share batches.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar, runtime_checkable

from judgebench.registry import Registry

POSITIONS = ("A", "B")


@dataclass(frozen=True, slots=True)
class RewardItem:
    """One response to score.

    Attributes:
        question: the user turn.
        response: the assistant turn being scored.
        metadata: where the response sits, never part of what is scored: ``pair_id`` and ``position``
            (``A`` or ``B``, the pair's stored positions); replay looks scores up by these.
    """

    question: str
    response: str
    metadata: Mapping[str, Any] = field(default_factory=dict)

    @property
    def pair_id(self) -> str | None:
        """The pair this response belongs to, when known."""
        value = self.metadata.get("pair_id")
        return None if value is None else str(value)

    @property
    def position(self) -> str | None:
        """``A`` or ``B`` in the pair as stored, when known."""
        value = self.metadata.get("position")
        return None if value is None else str(value)


@runtime_checkable
class RewardBackend(Protocol):
    """Scores responses. ``model`` is what outputs record as ``judge_model``."""

    model: str

    async def score(self, items: Sequence[RewardItem]) -> list[float]:
        """One score per item, in order; raises a BackendError (with the reason) when it cannot."""
        ...

    async def aclose(self) -> None:
        """Release the model and its worker."""
        ...


@runtime_checkable
class PlanningRewardBackend(RewardBackend, Protocol):
    """A reward backend that can be told a whole run's items up front (optional; ``hf/`` does).

    The runner calls :meth:`plan` once with every response it will ask for, before asking; the backend may
    then score them in any order and batching it likes (deduplicated, sorted by length, packed by a token
    budget). :meth:`RewardBackend.score` stays the only way results are read, so resume, ordering and error
    accounting stay in the runner.
    """

    def plan(self, items: Sequence[RewardItem]) -> None:
        """Start scoring ``items`` (blocking for no more than starting a thread)."""
        ...


#: ``provider`` → factory ``(model, **options) -> RewardBackend``.
RewardBackendFactory = Callable[..., RewardBackend]
REWARD_BACKENDS: Registry[RewardBackendFactory] = Registry("reward backend", "judgebench.reward_backends")
REWARD_BACKENDS.add_lazy("hf", "judgebench.backends.hf_reward:hf_reward_backend")
REWARD_BACKENDS.add_lazy("replay", "judgebench.recordings:reward_replay_backend")

T = TypeVar("T")
R = TypeVar("R")


@dataclass(slots=True)
class _Job(Generic[T, R]):
    items: list[T]
    future: asyncio.Future[list[R]]
    loop: asyncio.AbstractEventLoop


def _resolve(job: _Job[T, R], result: list[R] | None, error: BaseException | None) -> None:
    def finish() -> None:
        if job.future.done():  # cancelled by the caller meanwhile
            return
        if error is not None:
            job.future.set_exception(error)
        else:
            job.future.set_result(result if result is not None else [])

    job.loop.call_soon_threadsafe(finish)


class BatchWorker(Generic[T, R]):
    """Run ``fn(items) -> results`` on one worker thread, gathering queued requests into shared calls.

    Requests waiting in the queue when the worker becomes free are run together, up to ``max_items`` items
    (a single request is never split here; ``fn`` chunks its input itself). When a shared call fails, each
    request in it is retried alone, so one bad request fails only its own caller.

    Args:
        fn: the blocking function; called only on the worker thread, one call at a time.
        max_items: how many items to gather into one call at most.
        name: the thread's name.
    """

    def __init__(self, fn: Callable[[list[T]], list[R]], max_items: int = 32, name: str = "reward-worker") -> None:
        self._fn = fn
        self._max_items = max(1, max_items)
        self._name = name
        self._queue: queue.SimpleQueue[_Job[T, R] | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._closed = False
        self.calls = 0
        """How many times ``fn`` ran (tests and logs read this)."""

    async def submit(self, items: Sequence[T]) -> list[R]:
        """Run ``fn`` over ``items`` on the worker and await the results."""
        if self._closed:
            raise RuntimeError("BatchWorker is closed")
        loop = asyncio.get_running_loop()
        job: _Job[T, R] = _Job(list(items), loop.create_future(), loop)
        if not job.items:
            return []
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()
        self._queue.put(job)
        return await job.future

    def _gather(self, first: _Job[T, R]) -> tuple[list[_Job[T, R]], bool]:
        jobs, n = [first], len(first.items)
        while n < self._max_items:
            try:
                nxt = self._queue.get_nowait()
            except queue.Empty:
                break
            if nxt is None:
                return jobs, True
            jobs.append(nxt)
            n += len(nxt.items)
        return jobs, False

    def _call(self, jobs: list[_Job[T, R]]) -> None:
        flat = [item for job in jobs for item in job.items]
        self.calls += 1
        try:
            results = self._fn(flat)
            if len(results) != len(flat):
                raise RuntimeError(f"worker function returned {len(results)} results for {len(flat)} items")
        except BaseException as exc:
            if len(jobs) > 1:
                for job in jobs:
                    self._call([job])
            else:
                _resolve(jobs[0], None, exc)
            return
        start = 0
        for job in jobs:
            _resolve(job, results[start : start + len(job.items)], None)
            start += len(job.items)

    def _run(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            jobs, stop = self._gather(job)
            self._call(jobs)
            if stop:
                return

    async def aclose(self) -> None:
        """Finish queued work, then stop the thread."""
        self._closed = True
        thread = self._thread
        if thread is not None:
            self._queue.put(None)
            await asyncio.to_thread(thread.join)
