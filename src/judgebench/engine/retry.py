"""The retry policy: jittered exponential backoff that honours Retry-After, on retryable failures only.

:class:`~judgebench.errors.RetryableBackendError` (429, 5xx, timeouts, dropped connections, malformed
bodies) is retried up to ``max_retries`` times; :class:`~judgebench.errors.FatalBackendError` (auth, bad
request, context length) fails at once. A server's Retry-After wins over the backoff (capped by
``max_wait_s``). Jitter only spreads timing; it never touches what a call returns.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt

from judgebench.errors import BackendError

T = TypeVar("T")

#: Jitter only spreads retry timing; its own generator leaves the global one (and any seeded use) alone.
_JITTER = random.Random()


def _is_retryable(exc: BaseException) -> bool:
    return isinstance(exc, BackendError) and exc.retryable


class RetryPolicy:
    """How often and how long to retry.

    Args:
        max_retries: retries after the first attempt (0: none).
        initial_wait_s: the backoff's first step; it doubles per attempt, jittered.
        max_wait_s: the longest single wait, Retry-After included.
    """

    def __init__(self, max_retries: int = 6, *, initial_wait_s: float = 1.0, max_wait_s: float = 60.0) -> None:
        self.max_retries = max_retries
        self.initial_wait_s = initial_wait_s
        self.max_wait_s = max_wait_s

    def wait_after(self, exc: BaseException | None, failed_attempts: int) -> float:
        """Seconds to wait after ``failed_attempts`` failures, the last being ``exc``.

        Retry-After when the server sent one, else "full jitter": uniform in [0, initial × 2^(n-1)], capped.
        """
        retry_after = exc.retry_after if isinstance(exc, BackendError) else None
        if retry_after is not None and retry_after >= 0:
            return min(retry_after, self.max_wait_s)
        ceiling = min(self.max_wait_s, self.initial_wait_s * 2 ** (failed_attempts - 1))
        return _JITTER.uniform(0, ceiling)

    async def run(
        self, attempt: Callable[..., Awaitable[T]], *args: Any, on_retry: Callable[[BaseException], None]
    ) -> T:
        """Await ``attempt(*args)`` until it succeeds, fails fatally or runs out of retries.

        The last error is raised; ``on_retry`` is told of every failure that will be retried. The first
        attempt runs outside tenacity: most calls succeed at once, and this keeps them cheap.
        """
        try:
            return await attempt(*args)
        except BackendError as exc:
            if not exc.retryable or self.max_retries <= 0:
                raise
            first: BackendError = exc
        on_retry(first)
        await asyncio.sleep(self.wait_after(first, 1))

        def wait(state: RetryCallState) -> float:
            exc = state.outcome.exception() if state.outcome is not None else None
            return self.wait_after(exc, state.attempt_number + 1)

        def before_sleep(state: RetryCallState) -> None:
            exc = state.outcome.exception() if state.outcome is not None else None
            if exc is not None:
                on_retry(exc)

        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.max_retries),
            wait=wait,
            retry=retry_if_exception(_is_retryable),
            before_sleep=before_sleep,
            reraise=True,
        )
        return await retrying(attempt, *args)
