"""The Ray executor: sampling and verification as Ray tasks (``pip install 'judgebench[ray]'``).

Sampling is cut into batches; each task opens its own engine (same model, base URL, cache file) and makes
its batch's calls with the engine's async concurrency. Verification runs as one task per chunk. The driver
appends each finished batch to the stage file, so a killed run resumes at batch granularity (calls a lost
batch had made are answered again from the engine's cache when it is on).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import ray

from judgebench.builder.executors import EngineSpec, SampleJob, SampleResult, VerifyJob, chunked, verify_chunk
from judgebench.errors import FatalBackendError
from judgebench.verifiers.base import Check


def _sample_batch(engine: EngineSpec, jobs: list[SampleJob]) -> list[SampleResult]:
    from judgebench.builder.executors import sample_with_engine

    async def run() -> list[SampleResult]:
        eng = engine.open()
        try:
            return [r async for r in sample_with_engine(eng, jobs, max(engine.concurrency * 2, 1))]
        finally:
            await eng.aclose()

    return asyncio.run(run())


_remote_sample = ray.remote(max_retries=0)(_sample_batch)
_remote_verify = ray.remote(verify_chunk)


class RayExecutor:
    """Runs sampling batches and verification chunks as Ray tasks.

    Args:
        address: a cluster address (``auto``, ``ray://host:10001``); None starts a local instance unless
            this process already initialised Ray.
        batch_size: calls per sampling task; None: about two tasks per CPU of the cluster, 50 to 500 calls each
            (each task opens an engine, so fewer, larger batches cost less; smaller ones resume finer).
        chunk_size: responses per verification task.
        max_in_flight: tasks submitted ahead of the results.
    """

    name = "ray"

    def __init__(
        self, address: str | None = None, batch_size: int | None = None, chunk_size: int = 200, max_in_flight: int = 32
    ) -> None:
        if not ray.is_initialized():
            ray.init(address=address, ignore_reinit_error=True, log_to_driver=False, include_dashboard=False)
        self.batch_size = batch_size
        self.chunk_size = chunk_size
        self.max_in_flight = max_in_flight

    def _drain(self, items: list[Any], submit: Callable[[Any], Any], handle: Callable[[Any], None]) -> None:
        pending: list[Any] = []
        queue = list(reversed(items))
        while queue or pending:
            while queue and len(pending) < self.max_in_flight:
                pending.append(submit(queue.pop()))
            done, pending = ray.wait(pending, num_returns=1)
            for ref in done:
                handle(ray.get(ref))

    async def sample(
        self, engine: EngineSpec, jobs: list[SampleJob], on_result: Callable[[SampleResult], None]
    ) -> None:
        """Sample in Ray tasks; the event loop stays free while the driver waits."""

        def handle(results: list[SampleResult]) -> None:
            for r in results:
                on_result(r)

        size = self.batch_size
        if size is None:
            resources = ray.cluster_resources()  # type: ignore[no-untyped-call]
            cpus = max(int(resources.get("CPU", 1)), 1)
            size = min(max(-(-len(jobs) // (2 * cpus)), 50), 500)
        batches = list(chunked(jobs, size))
        try:
            await asyncio.to_thread(self._drain, batches, lambda b: _remote_sample.remote(engine, b), handle)
        except ray.exceptions.RayTaskError as exc:
            cause = exc.as_instanceof_cause()  # type: ignore[no-untyped-call]
            if isinstance(cause, FatalBackendError):
                raise FatalBackendError(str(cause).splitlines()[-1]) from None
            raise

    def verify(self, jobs: list[VerifyJob], on_result: Callable[[tuple[str, int], Check], None]) -> None:
        """Verify in Ray tasks."""

        def handle(results: list[tuple[tuple[str, int], Check]]) -> None:
            for key, check in results:
                on_result(key, check)

        self._drain(list(chunked(jobs, self.chunk_size)), _remote_verify.remote, handle)

    def close(self) -> None:
        """Leave the Ray instance running (it may be shared); ``ray.shutdown()`` is the caller's to make."""
