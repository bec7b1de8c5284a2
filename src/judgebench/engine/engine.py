"""The engine every model call goes through: cache → limits → retry → backend, with accounting.

Backends only translate calls and classify failures; the engine gives every provider the same cache,
concurrency / rpm / tpm limits, retries with a per-attempt timeout, and usage and cost totals. A call ends
answered (a :class:`ChatResponse`) or raises a :class:`~judgebench.errors.BackendError` whose ``reason`` is
counted in :attr:`Engine.stats`; nothing is turned into an empty reply. Identical calls in flight at the same
time are sent once (the others wait for its answer), so a run never pays twice for one call.

Some failures mean no call can succeed: the key is rejected (``auth``, ``permission``), or the connection is
refused while the endpoint has not answered once (nothing listens at the address; not retried). With
``stop_on_endpoint_failure`` (what :func:`open_engine` and so every run uses) the engine then raises
:class:`~judgebench.errors.EndpointError` for that call and, at once and without sending, for every later one,
so a run stops instead of failing each call after its retries.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time
from collections.abc import Mapping
from typing import Any

from judgebench.backends.base import CHAT_BACKENDS, ChatBackend, ChatRequest, ChatResponse
from judgebench.backends.failures import ProviderFatalError, ProviderRetryableError, reason_of, redact
from judgebench.config import load_config
from judgebench.engine.accounting import EngineStats, PriceTable
from judgebench.engine.cache import Cache, request_key
from judgebench.engine.deferral import ACTIVE
from judgebench.engine.limits import Limits
from judgebench.engine.options import EngineOptions
from judgebench.engine.retry import RetryPolicy
from judgebench.errors import BackendError, ConfigError, EndpointError
from judgebench.model_spec import ModelLike, ModelSpec

_STOPS_THE_RUN = ("auth", "permission")

log = logging.getLogger("judgebench.engine")


class Engine:
    """One endpoint's calls, cached, limited, retried and accounted.

    Args:
        backend: the provider.
        cache: where answered calls are kept; None for no caching (also when ``backend.cacheable`` is False).
        concurrency: requests in flight at once.
        rpm: requests per minute (None: unlimited).
        tpm: estimated tokens per minute (None: unlimited).
        max_retries: retries of a retryable failure after the first attempt.
        timeout_s: the limit on each attempt.
        prices: the price table (default: the packaged one).
        initial_wait_s: the first backoff step (it doubles per retry, jittered).
        max_wait_s: the longest wait between attempts, Retry-After included.
        refresh_cache: send every call even when the cache holds its answer (the new answer replaces it).
        stop_on_endpoint_failure: after a rejected key or a refused first connection, fail every call with
            :class:`~judgebench.errors.EndpointError` (see the module docstring).

    Attributes:
        owns_cache: close the cache on :meth:`aclose` (set by :func:`open_engine` for a cache it opened).
    """

    def __init__(
        self,
        backend: ChatBackend,
        *,
        cache: Cache | None = None,
        concurrency: int = 16,
        rpm: float | None = None,
        tpm: float | None = None,
        max_retries: int = 6,
        timeout_s: float = 120.0,
        prices: PriceTable | None = None,
        initial_wait_s: float = 1.0,
        max_wait_s: float = 60.0,
        refresh_cache: bool = False,
        stop_on_endpoint_failure: bool = False,
    ) -> None:
        self.backend = backend
        self.cache = cache if backend.cacheable else None
        self.limits = Limits(concurrency, rpm, tpm)
        self.retry = RetryPolicy(max_retries, initial_wait_s=initial_wait_s, max_wait_s=max_wait_s)
        self.timeout_s = timeout_s
        self.prices = prices if prices is not None else PriceTable.default()
        self._stats = EngineStats()
        self._inflight: dict[str, asyncio.Future[ChatResponse]] = {}
        self.owns_cache = False
        self.refresh_cache = refresh_cache
        self.stop_on_endpoint_failure = stop_on_endpoint_failure
        self.stopped: EndpointError | None = None
        self._endpoint_answered = False

    @property
    def label(self) -> str:
        """``provider/model`` (and the base URL when set), for messages."""
        url = f" at {self.backend.base_url}" if self.backend.base_url else ""
        return f"{self.backend.provider}/{self.backend.model}{url}"

    @property
    def stats(self) -> EngineStats:
        """Running totals (requests, cache hits, retries, failures by reason, usage, cost)."""
        return self._stats

    async def chat(self, request: ChatRequest) -> ChatResponse:
        """One chat call; raises a BackendError (with a ``reason``) once retries are spent."""
        if request.is_completion or not request.messages:
            raise ConfigError("chat needs messages and no prompt; use complete() for a raw prompt")
        return await self._call(request)

    async def complete(self, request: ChatRequest) -> ChatResponse:
        """One raw text completion of ``request.prompt``; same contract as :meth:`chat`."""
        if not request.is_completion:
            raise ConfigError("complete needs request.prompt; use chat() for messages")
        return await self._call(request)

    async def _call(self, request: ChatRequest) -> ChatResponse:
        self._stats.calls += 1
        if self.stopped is not None:
            raise EndpointError(self.stopped.reason, str(self.stopped), status=self.stopped.status)
        if self.cache is None:
            return await self._send(request, None)
        key = request_key(self.backend.provider, self.backend.model, self.backend.base_url, request)
        hit = None if self.refresh_cache else self.cache.get(key)
        deferral = ACTIVE.get()
        if hit is not None:
            self._stats.cache_hits += 1
            self._stats.answered += 1
            batched, batch_cost = deferral.charge(key) if deferral is not None else (False, None)
            hit.cost_usd = 0.0
            if batched:  # a batch's answer is paid (at batch prices) on its first use
                hit.cost_usd = batch_cost
                self._stats.usage = self._stats.usage + hit.usage
                self._stats.add_cost(f"{self.backend.provider}/{self.backend.model}", batch_cost)
            return hit
        if deferral is not None and deferral.accepts(self.backend, key):
            self._stats.deferred += 1
            raise deferral.defer(self.backend, key, request)
        pending = self._inflight.get(key)
        if pending is not None:
            self._stats.coalesced += 1
            try:
                shared = await asyncio.shield(pending)
            except BackendError as exc:
                self._stats.failures[reason_of(exc)] += 1
                raise
            self._stats.answered += 1
            return dataclasses.replace(shared, cached=True, latency_s=0.0, cost_usd=0.0)
        future: asyncio.Future[ChatResponse] = asyncio.get_running_loop().create_future()
        self._inflight[key] = future
        try:
            response = await self._send(request, key)
        except BaseException as exc:
            if not future.cancelled():
                future.set_exception(exc)
                future.exception()  # a failure nobody else awaited must not warn
            raise
        else:
            future.set_result(response)
            return response
        finally:
            del self._inflight[key]

    async def _send(self, request: ChatRequest, key: str | None) -> ChatResponse:
        started = time.perf_counter()
        try:
            response = await self.retry.run(self._attempt, request, on_retry=self._on_retry)
        except BackendError as exc:
            reason = reason_of(exc)
            self._stats.failures[reason] += 1
            if self.stop_on_endpoint_failure and (
                reason in _STOPS_THE_RUN or (reason == "refused" and not self._endpoint_answered)
            ):
                self.stopped = self.stopped or EndpointError(reason, str(exc), status=exc.status)
                raise EndpointError(reason, str(exc), status=exc.status) from None
            log.warning("call failed (%s): %s", reason, exc)
            raise
        except (asyncio.CancelledError, KeyboardInterrupt):
            raise
        except Exception as exc:
            self._stats.failures["unexpected"] += 1
            message = redact(f"{self.label}: unexpected {type(exc).__name__}: {exc}", self.backend.api_key)
            raise ProviderFatalError("unexpected", message) from None
        self._endpoint_answered = True
        response.latency_s = time.perf_counter() - started
        response.cached = False
        cost = self.prices.cost(self.backend.provider, self.backend.model, response.usage)
        response.cost_usd = cost
        self._stats.answered += 1
        self._stats.usage = self._stats.usage + response.usage
        self._stats.add_cost(f"{self.backend.provider}/{self.backend.model}", cost)
        if key is not None and self.cache is not None:
            self.cache.put(key, self.backend.provider, self.backend.model, response)
        return response

    async def _attempt(self, request: ChatRequest) -> ChatResponse:
        async with self.limits.slot(request):
            self._stats.requests_sent += 1
            try:
                async with asyncio.timeout(self.timeout_s):
                    if request.is_completion:
                        return await self.backend.complete(request)
                    return await self.backend.chat(request)
            except ProviderRetryableError as exc:
                if exc.reason == "refused" and self.stop_on_endpoint_failure and not self._endpoint_answered:
                    raise ProviderFatalError("refused", str(exc)) from None  # nothing listens: do not retry
                raise
            except TimeoutError:
                raise ProviderRetryableError("timeout", f"{self.label}: no reply within {self.timeout_s:g} s") from None

    def _on_retry(self, exc: BaseException) -> None:
        self._stats.retries += 1
        log.info("retrying after %s: %s", reason_of(exc), exc)

    async def aclose(self) -> None:
        """Close the backend's connections and a cache this engine opened."""
        await self.backend.aclose()
        if self.cache is not None:
            if self.owns_cache:
                self.cache.close()
            else:
                self.cache.flush()

    async def __aenter__(self) -> Engine:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


def open_engine(
    spec: ModelLike,
    options: EngineOptions | None = None,
    *,
    base_url: str | None = None,
    backend_options: Mapping[str, Any] | None = None,
    **settings: Any,
) -> Engine:
    """An engine for ``provider/model`` (e.g. ``openai/gpt-4o-mini``, ``vllm/Skywork/Skywork-Critic-Llama-3.1-8B``).

    Args:
        spec: ``provider/model`` or its :class:`~judgebench.model_spec.ModelSpec`; the provider names a
            :data:`CHAT_BACKENDS` entry.
        options: the engine's settings (cache, limits, retries, timeout).
        base_url: the endpoint (else the provider's environment variable or default).
        backend_options: the backend's own options (``api_key``, ``transport``...).
        **settings: a flat form of both, as the command line and ``JudgeOptions.extra`` give them
            (``open_engine(spec, concurrency=32, api_key=...)``): :class:`EngineOptions` fields set the engine,
            the rest go to the backend. The engine stops on endpoint failures (see the module docstring).
    """
    opts, rest = EngineOptions.take(settings, options)
    parsed = ModelSpec.parse(spec)  # a no-op for the ModelSpec the runner hands on
    factory = CHAT_BACKENDS.get(parsed.provider)
    config = load_config(opts.config_path)
    own = {**(backend_options or {}), **rest}
    backend = factory(parsed.model, base_url=base_url, config=config, timeout_s=opts.timeout_s, **own)
    store = Cache(opts.cache_path) if opts.cache and backend.cacheable else None
    engine = Engine(
        backend,
        cache=store,
        concurrency=opts.concurrency,
        rpm=opts.rpm,
        tpm=opts.tpm,
        max_retries=opts.max_retries,
        timeout_s=opts.timeout_s,
        prices=PriceTable.default(config.prices),
        initial_wait_s=opts.initial_wait_s,
        max_wait_s=opts.max_wait_s,
        refresh_cache=opts.refresh_cache,
        stop_on_endpoint_failure=True,
    )
    engine.owns_cache = store is not None
    return engine
