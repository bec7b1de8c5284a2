"""Batched runs in rounds: collect the calls a run misses, send them as provider batches, rerun on the answers.

:func:`run_batched` drives any command that runs through the engine (``judge``, best-of-K judging, ``probe``):

1. batches recorded in the state file and not ingested yet are polled until they end, and their answers go
   into the call cache at batch prices (a rerun after ``kill -9`` resumes here, submitting nothing again);
2. the command runs with a :class:`~judgebench.engine.deferral.Deferral` active: cache hits are used, misses
   are collected, and the items that needed one are left for a later round;
3. nothing collected: that run was the final one (every call a cache hit, its outputs those of a live run);
   else the calls are split by the provider's limits, submitted, recorded in the state file, and the loop goes
   on. Lines a batch did not answer are batched again, and sent live after ``max_attempts`` failures.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from judgebench.batch.clients import BatchClient, open_client
from judgebench.batch.progress import BatchProgress
from judgebench.batch.protocols import BATCH_PRICE_FACTOR, Result
from judgebench.batch.state import BatchState, Submitted
from judgebench.config import Config, load_config
from judgebench.engine.accounting import PriceTable
from judgebench.engine.cache import Cache, default_cache_path
from judgebench.engine.deferral import ACTIVE, CallDeferred, Deferral, Deferred
from judgebench.errors import ConfigError

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class BatchSettings:
    """How a batched run polls and gives up.

    Attributes:
        poll_s: seconds between polls of a batch in flight.
        max_rounds: rounds before giving up (a judge making N calls in sequence per item needs N + 1).
        max_attempts: failed batch lines per call before it is sent live.
        cache_path: the call cache the answers go to (default: the engine's).
        config_path: a config file with keys and prices.
        progress: draw the batches' progress (on a terminal).
    """

    poll_s: float = 30.0
    max_rounds: int = 8
    max_attempts: int = 3
    cache_path: str | None = None
    config_path: str | None = None
    progress: bool = True


async def run_batched(run_round: Callable[[], Awaitable[T]], out: str | os.PathLike[str], settings: BatchSettings) -> T:
    """Run ``run_round`` in rounds until no call is left for a batch (see the module docstring)."""
    state = BatchState.for_output(out)
    config = load_config(settings.config_path)
    cache = Cache(Path(settings.cache_path) if settings.cache_path else default_cache_path())
    if cache.broken is not None:
        raise ConfigError(f"--batch keeps the answers in the call cache, which cannot be used: {cache.broken}")
    prices = PriceTable.default(config.prices)
    with BatchProgress(enabled=settings.progress) as progress:
        try:
            for _ in range(settings.max_rounds):
                await _settle(state, cache, prices, config, settings, progress)
                deferral = Deferral(
                    costs=dict(state.costs), attempts=dict(state.attempts), max_attempts=settings.max_attempts
                )
                token = ACTIVE.set(deferral)
                try:
                    result: T | None = await run_round()
                except CallDeferred:  # the command itself says its round is not the last (a probe's arms)
                    result = None
                finally:
                    ACTIVE.reset(token)
                deferral.uncharge_deferred()
                state.costs = deferral.costs
                state.save()
                if not deferral.calls:
                    if result is None:
                        raise ConfigError("--batch: the run waited for a batch but collected no call")
                    return result
                await _submit(list(deferral.calls.values()), state, config, progress)
        finally:
            cache.close()
    raise ConfigError(
        f"--batch: calls were still missing after {settings.max_rounds} rounds; rerun to go on (nothing is lost)"
    )


async def _settle(
    state: BatchState,
    cache: Cache,
    prices: PriceTable,
    config: Config,
    settings: BatchSettings,
    progress: BatchProgress,
) -> None:
    """Poll every pending batch until it ends, then ingest its answers (see the module docstring)."""
    pending = state.pending
    if not pending:
        return
    clients: dict[tuple[str, str | None], BatchClient] = {}
    try:
        for batch in pending:
            where = (batch.provider, batch.base_url)
            if where not in clients:
                clients[where] = open_client(batch.provider, batch.model, batch.base_url, config)
        while True:
            waiting = False
            for batch in state.pending:
                client = clients[(batch.provider, batch.base_url)]
                status = await client.status(batch.id)
                batch.state, batch.counts = status.state, status.counts
                progress.show(batch)
                if not status.ended:
                    waiting = True
                    continue
                _ingest(batch, await client.results(batch.id), state, cache, prices)
                progress.show(batch)
                state.save()
            if not waiting:
                return
            await asyncio.sleep(settings.poll_s)
    finally:
        for client in clients.values():
            await client.aclose()


def _ingest(batch: Submitted, results: list[Result], state: BatchState, cache: Cache, prices: PriceTable) -> None:
    answered: set[str] = set()
    mine = set(batch.keys)
    for result in results:
        if result.key not in mine:
            continue  # a line this batch did not send: never trusted into the cache
        if result.response is None:
            continue
        price = prices.cost(batch.provider, batch.model, result.response.usage)
        state.costs[result.key] = None if price is None else price * BATCH_PRICE_FACTOR
        cache.put(result.key, batch.provider, batch.model, result.response)
        answered.add(result.key)
    for key in mine - answered:  # failed, expired or missing lines: batched again, then sent live
        state.attempts[key] = state.attempts.get(key, 0) + 1
    cache.flush()
    batch.ingested = True


async def _submit(calls: list[Deferred], state: BatchState, config: Config, progress: BatchProgress) -> None:
    """Submit ``calls`` grouped by endpoint and split by the provider's limits; record each batch at once."""
    groups: dict[tuple[str, str, str | None, bool], list[Deferred]] = {}
    for call in calls:
        groups.setdefault((call.provider, call.model, call.base_url, call.request.is_completion), []).append(call)
    for (provider, model, base_url, _), group in groups.items():
        client = open_client(provider, model, base_url, config)
        try:
            for chunk in _chunks(group, client):
                batch_id = await client.submit(chunk)
                batch = Submitted(provider, model, base_url, batch_id, [c.key for c in chunk])
                state.batches.append(batch)
                state.save()  # before anything else: a rerun polls this batch instead of sending it again
                progress.show(batch)
        finally:
            await client.aclose()


def _chunks(calls: list[Deferred], client: BatchClient) -> list[list[Deferred]]:
    chunks: list[list[Deferred]] = [[]]
    size = 0
    for call in calls:
        n = client.size_of(call)
        if chunks[-1] and (len(chunks[-1]) >= client.max_requests or size + n > client.max_bytes):
            chunks.append([])
            size = 0
        chunks[-1].append(call)
        size += n
    return [c for c in chunks if c]


#: Providers with a batch API here (a local server with the OpenAI batch endpoints: ``openai/`` and a base URL).
BATCHED_PROVIDERS = ("openai", "anthropic")


async def maybe_batched(
    run_round: Callable[[], Awaitable[T]],
    *,
    batch: bool,
    out: str | os.PathLike[str] | None,
    model: Any,
    cache: bool = True,
    poll_s: float = 30.0,
    progress: bool = True,
    cache_path: str | None = None,
) -> T:
    """``await run_round()``, or (``batch``) :func:`run_batched` after checking the run can be batched."""
    if not batch:
        return await run_round()
    from judgebench.model_spec import ModelSpec

    provider = ModelSpec.parse(model).provider
    if provider not in BATCHED_PROVIDERS:
        raise ConfigError(
            f"--batch: {provider}/ has no batch API here (openai/ and anthropic/ do; a local server with the OpenAI "
            "batch endpoints: openai/<model> and its base URL)"
        )
    if not cache:
        raise ConfigError("--batch keeps the batches' answers in the call cache: drop --no-cache")
    if out is None:
        raise ConfigError("batch=True needs an out= file or folder: the batch ids are kept beside it to resume")
    if poll_s <= 0:
        raise ConfigError(f"--batch-poll must be more than 0, got {poll_s:g}")
    return await run_batched(run_round, out, BatchSettings(poll_s=poll_s, progress=progress, cache_path=cache_path))
