"""Where sampling and verification run: this process (async engine + process pool) or a Ray cluster.

Both executors take the same jobs and report each result through a callback that appends it to the stage
file, so resuming, ordering and the final pair file do not depend on the executor.

- ``local``: sampling runs on the engine's async concurrency in this process; verification runs in a pool
  of worker processes (``workers`` = 0 verifies inline).
- ``ray``: sampling runs as Ray tasks, each opening its own engine for a batch of calls; verification runs as
  Ray tasks over chunks. Connects to ``address`` (``auto``, ``ray://…``) or starts a local instance;
  reuses an instance already initialised in this process. Needs the ``ray`` extra.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import time
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any, Protocol

from judgebench.backends.base import ChatRequest
from judgebench.engine.deferral import ITEM, CallDeferred
from judgebench.errors import BackendError, FatalBackendError
from judgebench.model_spec import ModelSpec
from judgebench.verifiers.base import Check, Outcome, Question, Verifier

log = logging.getLogger("judgebench.builder")

#: One sampling call: (question id, sample index, request).
SampleJob = tuple[str, int, ChatRequest]
#: The result of a call: (question id, sample index, text or None, error or None, usage dict).
SampleResult = tuple[str, int, str | None, str | None, dict[str, int]]
#: One verification: (key, verifier, question, response text).
VerifyJob = tuple[tuple[str, int], Verifier, Question, str]


@dataclass(frozen=True, slots=True)
class EngineSpec:
    """Everything needed to open an engine anywhere (picklable for Ray workers)."""

    model: ModelSpec
    base_url: str | None = None
    concurrency: int = 16
    cache: bool = True
    cache_path: str | None = None
    options: dict[str, Any] = field(default_factory=dict)

    def open(self) -> Any:
        """An open :class:`judgebench.engine.Engine`."""
        from judgebench.engine import open_engine

        return open_engine(
            self.model,
            base_url=self.base_url,
            concurrency=self.concurrency,
            cache=self.cache,
            cache_path=self.cache_path,
            **self.options,
        )


async def sample_with_engine(engine: Any, jobs: Iterable[SampleJob], limit: int) -> AsyncIterator[SampleResult]:
    """Yield one :data:`SampleResult` per job as calls finish; at most ``limit`` calls in flight.

    A fatal backend error (authentication, bad request) stops everything: every further call would fail too.
    Retryable errors that outlived the engine's retries come back as a result with the error, to be retried by
    the next run.
    """

    async def one(job: SampleJob) -> SampleResult | None:
        qid, index, request = job
        ITEM.set((qid, str(index)))  # this task's context: names a call deferred to a batch
        try:
            resp = await engine.chat(request)
        except FatalBackendError:
            raise
        except BackendError as exc:
            return qid, index, None, f"{type(exc).__name__}: {exc}", {}
        except CallDeferred:  # --batch: the call went to a batch; nothing is recorded for it this round
            return None
        return qid, index, resp.text, None, resp.usage.to_dict()

    pending: set[asyncio.Task[SampleResult | None]] = set()
    deferred = 0
    it = iter(jobs)
    try:
        while True:
            while len(pending) < limit:
                job = next(it, None)
                if job is None:
                    break
                pending.add(asyncio.ensure_future(one(job)))
            if not pending:
                break
            done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            errors = [exc for task in done if (exc := task.exception()) is not None]  # each retrieved: no warning
            for task in done:
                if task.exception() is None:
                    result = task.result()
                    if result is None:
                        deferred += 1
                    else:
                        yield result
            if errors:
                raise errors[0]
        if deferred:  # every call of the stage was collected: the stage (and the build) waits for the batch
            raise CallDeferred(f"{deferred} calls wait for a batch")
    finally:
        for task in pending:
            if task.done() and not task.cancelled():
                task.exception()  # finished meanwhile: retrieve it so asyncio does not warn
            else:
                task.cancel()


def verify_chunk(jobs: list[VerifyJob]) -> list[tuple[tuple[str, int], Check]]:
    """Verify a chunk (runs in a worker); a verifier that raises yields *unverifiable*, never *incorrect*."""
    out: list[tuple[tuple[str, int], Check]] = []
    for key, verifier, question, text in jobs:
        try:
            check = verifier.check(question, text)
        except Exception as exc:  # a verifier bug must not sink the run, nor count as wrong
            check = Check(Outcome.UNVERIFIABLE, rule="verifier-error", detail=f"{type(exc).__name__}: {exc}")
        out.append((key, check))
    return out


def chunked(items: list[Any], size: int) -> Iterator[list[Any]]:
    """Consecutive slices of ``size``."""
    for i in range(0, len(items), size):
        yield items[i : i + size]


class Executor(Protocol):
    """Runs a stage's jobs and reports each result."""

    name: str

    async def sample(
        self, engine: EngineSpec, jobs: list[SampleJob], on_result: Callable[[SampleResult], None]
    ) -> None:
        """Make every call, reporting results as they arrive."""
        ...

    def verify(self, jobs: list[VerifyJob], on_result: Callable[[tuple[str, int], Check], None]) -> None:
        """Verify every response, reporting checks as they arrive."""
        ...

    def close(self) -> None:
        """Release workers."""
        ...


class LocalExecutor:
    """The engine's async concurrency for sampling, a process pool for verification."""

    name = "local"

    def __init__(self, workers: int | None = None, chunk_size: int = 32, inline_budget_s: float = 1.0) -> None:
        self.workers = min(os.cpu_count() or 1, 8) if workers is None else workers
        self.chunk_size = chunk_size
        self.inline_budget_s = inline_budget_s

    async def sample(
        self, engine: EngineSpec, jobs: list[SampleJob], on_result: Callable[[SampleResult], None]
    ) -> None:
        """Sample through one engine in this process."""
        eng = engine.open()
        try:
            async for result in sample_with_engine(eng, jobs, max(engine.concurrency * 2, 1)):
                on_result(result)
        finally:
            await eng.aclose()

    def verify(self, jobs: list[VerifyJob], on_result: Callable[[tuple[str, int], Check], None]) -> None:
        """Verify in worker processes, unless inline is cheaper.

        A probe of ``chunk_size`` jobs spread over the list runs inline and is timed: when the rest would take
        under ``inline_budget_s`` inline (regex checks), worker processes would cost more than they save, so
        the rest runs inline too.
        """
        step = max(1, len(jobs) // self.chunk_size)  # an evenly spread probe: jobs come grouped by source
        probe = jobs[::step][: self.chunk_size]
        t0 = time.perf_counter()
        for key, check in verify_chunk(probe):
            on_result(key, check)
        per_job = (time.perf_counter() - t0) / max(len(probe), 1)
        probed = {id(job) for job in probe}
        rest = [job for job in jobs if id(job) not in probed]
        if not rest:
            return
        if self.workers <= 0 or per_job * len(rest) < self.inline_budget_s:
            for key, check in verify_chunk(rest):
                on_result(key, check)
            return
        # small chunks spread slow checks (sympy, code execution) over the workers
        size = max(1, min(self.chunk_size, len(rest) // (self.workers * 8)))
        ctx = multiprocessing.get_context("spawn")  # no fork under an event loop's threads
        done = 0
        try:
            with ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx) as pool:
                for results in pool.map(verify_chunk, chunked(rest, size)):
                    for key, check in results:
                        on_result(key, check)
                    done += len(results)
        except (BrokenProcessPool, RuntimeError) as exc:
            # workers that cannot start (a script without ``if __name__ == "__main__":``) or that died: the
            # verdicts do not depend on where they are computed, so finish inline
            log.warning("verification workers failed (%s); verifying the rest in this process", exc)
            for key, check in verify_chunk(rest[done:]):
                on_result(key, check)

    def close(self) -> None:
        """Nothing to release."""
