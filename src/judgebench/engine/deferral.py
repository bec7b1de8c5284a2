"""Deferring model calls to a batch: the engine's side of ``--batch`` and ``batch export``.

While a :class:`Deferral` is active (:data:`ACTIVE`, a context variable, so it reaches every engine a run
opens, judges' and checkers' alike), an engine that misses its cache does not send the call: it hands the
request to the deferral and raises :class:`CallDeferred`. The runner leaves that item out of its output (it is
judged on a later round, when the batch has answered and the call is a cache hit), and the batch driver
(:mod:`judgebench.batch`) sends what was collected as provider batches or writes it as a batch file.

A deferral only takes the calls of the providers it batches (:meth:`Deferral.accepts`); others go out live as
usual. A request whose batch line failed ``max_attempts`` times is also sent live. Answers
ingested from a batch carry their batch-priced cost, charged once, on the first cache hit.
"""

from __future__ import annotations

import contextvars
from dataclasses import dataclass, field
from typing import Any

from judgebench.backends.base import ChatRequest


class CallDeferred(BaseException):
    """A call went to the batch instead of the endpoint: the item waits for a later round (never recorded).

    A ``BaseException``, like :class:`asyncio.CancelledError`, so that no judge's ``except Exception`` (or
    ``except JudgeBenchError``) records it as a failed judgment; only the runners catch it.
    """


#: What a call belongs to, set by the runner: ``(unit, part)``, the unit being what is written as one line (a
#: pair id, a best-of-K prompt id) and the part the call's place in it (``"0"`` / ``"1"``: the order; best-of-K:
#: ``"<chosen>/<rejected>/<order>"``). It names the calls in a batch file's sidecar.
ITEM: contextvars.ContextVar[tuple[str, str] | None] = contextvars.ContextVar("judgebench_batch_item", default=None)


@dataclass(slots=True)
class Deferred:
    """One collected call: its cache key, where it would have gone, and the request."""

    key: str
    provider: str
    model: str
    base_url: str | None
    request: ChatRequest
    items: list[tuple[str, str]] = field(default_factory=list)


@dataclass(slots=True)
class Deferral:
    """The calls a round collected (deduplicated by cache key) and the batch answers' costs to charge.

    Attributes:
        providers: the providers whose calls are collected (``--batch``: ``openai``, ``anthropic``, which have
            batch APIs; ``batch export``: every OpenAI-protocol provider, ``vllm`` included).
        costs: cache key → the batch-priced cost of an ingested answer, charged on its first hit.
        attempts: cache key → batch lines that failed for it so far.
        max_attempts: after this many failed lines, the call is sent live.
    """

    providers: frozenset[str] = frozenset({"openai", "anthropic"})
    costs: dict[str, float | None] = field(default_factory=dict)
    attempts: dict[str, int] = field(default_factory=dict)
    max_attempts: int = 3
    calls: dict[str, Deferred] = field(default_factory=dict)
    charged: dict[str, tuple[float | None, tuple[str, str] | None]] = field(default_factory=dict)

    def accepts(self, backend: Any, key: str) -> bool:
        """True when the call of ``backend`` under ``key`` goes to the batch."""
        provider = getattr(backend, "provider", None)
        return provider in self.providers and self.attempts.get(key, 0) < self.max_attempts

    def defer(self, backend: Any, key: str, request: ChatRequest) -> CallDeferred:
        """Collect the call; returns the exception the engine raises."""
        call = self.calls.get(key)
        if call is None:
            call = Deferred(key, str(backend.provider), str(backend.model), backend.base_url, request)
            self.calls[key] = call
        item = ITEM.get()
        if item is not None and item not in call.items:
            call.items.append(item)
        return CallDeferred(f"{backend.provider}/{backend.model}: call deferred to a batch")

    def charge(self, key: str) -> tuple[bool, float | None]:
        """``(True, cost)`` for a batch's answer on its first use (cost None: unpriced), else ``(False, None)``."""
        if key not in self.costs:
            return False, None
        cost = self.costs.pop(key)
        self.charged[key] = (cost, ITEM.get())
        return True, cost

    def uncharge_deferred(self) -> None:
        """Give back the costs charged to items a round then deferred (nothing was written for them)."""
        waiting = {unit for call in self.calls.values() for unit, _ in call.items}
        for key, (cost, item) in list(self.charged.items()):
            if item is None or item[0] in waiting:
                self.costs[key] = cost
                del self.charged[key]


#: The deferral of the running round, if any.
ACTIVE: contextvars.ContextVar[Deferral | None] = contextvars.ContextVar("judgebench_deferral", default=None)
