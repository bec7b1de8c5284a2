"""The retry policy: jittered exponential backoff that honours Retry-After, on retryable failures only.

:class:`~judgebench.errors.RetryableBackendError` (429, 5xx, timeouts, dropped connections, malformed
bodies) is retried up to ``max_retries`` times; :class:`~judgebench.errors.FatalBackendError` (auth, bad
request, context length) fails at once. A server's Retry-After wins over the backoff (capped by
``max_wait_s``). Jitter only spreads timing; it never touches what a call returns.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt, wait_random_exponential

from judgebench.errors import BackendError

T = TypeVar("T")


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
        self.max_wait_s = max_wait_s
        self._backoff = wait_random_exponential(multiplier=initial_wait_s, max=max_wait_s)

    def wait_s(self, state: RetryCallState) -> float:
        """Seconds to wait before the next attempt."""
        exc = state.outcome.exception() if state.outcome is not None else None
        retry_after = exc.retry_after if isinstance(exc, BackendError) else None
        if retry_after is not None and retry_after >= 0:
            return min(retry_after, self.max_wait_s)
        return float(self._backoff(state))

    async def run(
        self, attempt: Callable[..., Awaitable[T]], *args: Any, on_retry: Callable[[BaseException], None]
    ) -> T:
        """Await ``attempt(*args)`` until it succeeds, fails fatally or runs out of retries.

        The last error is raised; ``on_retry`` is told of every failure that will be retried.
        """

        def before_sleep(state: RetryCallState) -> None:
            exc = state.outcome.exception() if state.outcome is not None else None
            if exc is not None:
                on_retry(exc)

        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.max_retries + 1),
            wait=self.wait_s,
            retry=retry_if_exception(_is_retryable),
            before_sleep=before_sleep,
            reraise=True,
        )
        return await retrying(attempt, *args)
