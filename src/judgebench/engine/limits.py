"""Limits on one endpoint: concurrent requests, requests per minute and tokens per minute.

Each attempt (retries included) takes a concurrency slot and, when set, one request from the
requests-per-minute bucket and its estimated tokens from the tokens-per-minute bucket (aiolimiter's leaky
buckets: a burst up to the per-minute budget, then a steady rate). Tokens are estimated before the call —
prompt characters / 4 plus ``max_tokens`` — since the real count is known only afterwards.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from judgebench.backends.base import ChatRequest
from judgebench.errors import ConfigError

if TYPE_CHECKING:
    from aiolimiter import AsyncLimiter


def estimate_tokens(request: ChatRequest) -> int:
    """A cheap upper-ish estimate of a call's tokens, for the tokens-per-minute bucket."""
    chars = len(request.prompt or "") + sum(len(m.content) for m in request.messages)
    return chars // 4 + 1 + (request.max_tokens or 0)


class Limits:
    """Concurrency, rpm and tpm limits (None: no limit on that axis).

    Args:
        concurrency: requests in flight at once.
        rpm: requests per minute.
        tpm: tokens per minute (estimated, see :func:`estimate_tokens`).
    """

    def __init__(self, concurrency: int = 16, rpm: float | None = None, tpm: float | None = None) -> None:
        if concurrency < 1:
            raise ConfigError(f"concurrency must be at least 1, got {concurrency}")
        for name, value in (("rpm", rpm), ("tpm", tpm)):
            if value is not None and value <= 0:
                raise ConfigError(f"{name} must be positive, got {value}")
        self.concurrency = concurrency
        self.rpm = rpm
        self.tpm = tpm
        self._slots = asyncio.Semaphore(concurrency)
        self._requests: AsyncLimiter | None = None
        self._tokens: AsyncLimiter | None = None
        if rpm or tpm:
            from aiolimiter import AsyncLimiter  # only when a rate is set (its import reads package metadata)

            self._requests = AsyncLimiter(rpm, 60.0) if rpm else None
            self._tokens = AsyncLimiter(tpm, 60.0) if tpm else None

    @asynccontextmanager
    async def slot(self, request: ChatRequest) -> AsyncIterator[None]:
        """Hold one request's share of every limit while it is in flight."""
        if self._requests is not None:
            await self._requests.acquire()
        if self._tokens is not None:
            await self._tokens.acquire(min(float(estimate_tokens(request)), self._tokens.max_rate))
        async with self._slots:
            yield
