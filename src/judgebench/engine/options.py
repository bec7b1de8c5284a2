"""How an engine is opened: :class:`EngineOptions`, one typed owner of every engine setting."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class EngineOptions:
    """Everything :func:`~judgebench.engine.open_engine` sets up around a backend.

    Attributes:
        concurrency: requests in flight at once.
        cache: keep answered calls in the SQLite cache (ignored for backends with ``cacheable = False``).
        cache_path: the cache file (default ``$JUDGEBENCH_CACHE/calls.sqlite``).
        refresh_cache: send every call even when the cache holds its answer (the new answer replaces it).
        config_path: a config file with keys and prices (default ``$JUDGEBENCH_CONFIG``, if set).
        timeout_s: the limit on each attempt.
        rpm, tpm: requests and estimated tokens per minute (None: unlimited).
        max_retries: retries of a retryable failure after the first attempt.
        initial_wait_s, max_wait_s: the first backoff step and the longest wait between attempts.
    """

    concurrency: int = 16
    cache: bool = True
    cache_path: str | None = None
    refresh_cache: bool = False
    config_path: str | None = None
    timeout_s: float = 120.0
    rpm: float | None = None
    tpm: float | None = None
    max_retries: int = 6
    initial_wait_s: float = 1.0
    max_wait_s: float = 60.0

    @classmethod
    def take(
        cls, settings: Mapping[str, Any], base: EngineOptions | None = None
    ) -> tuple[EngineOptions, dict[str, Any]]:
        """The options named in ``settings`` (over ``base``), and the settings that are not engine options.

        For flat settings from the command line or ``JudgeOptions.extra``; the rest belong to the backend.
        """
        names = {f.name for f in dataclasses.fields(cls)}
        mine = {k: v for k, v in settings.items() if k in names}
        rest = {k: v for k, v in settings.items() if k not in names}
        return dataclasses.replace(base or cls(), **mine), rest
