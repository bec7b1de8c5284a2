"""Usage and cost: a price table per model and the running totals an engine keeps.

Prices are USD per million tokens, from the packaged ``prices.json`` overlaid with a user's config file
(``[prices]``, see :mod:`judgebench.config`). Output tokens include reasoning tokens, as providers bill them.
A model the table does not know costs ``None`` (unknown), never 0.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from judgebench.backends.base import Usage
from judgebench.errors import ConfigError

#: Suffixes that name a snapshot of a model priced like the model: dates, ``-001``, ``-latest``.
_SNAPSHOT = re.compile(r"-(\d{4}-\d{2}-\d{2}|\d{8}|\d{3}|latest)$")


@dataclass(frozen=True, slots=True)
class ModelPrice:
    """USD per million input and output tokens."""

    input: float
    output: float

    def cost(self, usage: Usage) -> float:
        """The price of ``usage`` in USD."""
        return (usage.input_tokens * self.input + usage.output_tokens * self.output) / 1_000_000


class PriceTable:
    """Model → price.

    Looked up by ``provider/model``, then the bare model, each also without a snapshot suffix
    (``claude-3-5-sonnet-20240620`` → ``claude-3-5-sonnet``), then ``provider/*``.
    """

    def __init__(self, prices: Mapping[str, ModelPrice]) -> None:
        self._prices = dict(prices)
        self._memo: dict[tuple[str, str], ModelPrice | None] = {}

    @classmethod
    def default(cls, overrides: Mapping[str, Mapping[str, float]] | None = None) -> PriceTable:
        """The packaged table with ``overrides`` (a config file's ``[prices]``) on top."""
        text = resources.files("judgebench.engine").joinpath("prices.json").read_text(encoding="utf-8")
        raw: dict[str, Any] = json.loads(text)
        merged = {k: v for k, v in raw.items() if not k.startswith("_")}
        merged.update(overrides or {})
        return cls.from_mapping(merged)

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Mapping[str, float]]) -> PriceTable:
        """Build from ``{model: {"input": x, "output": y}}``."""
        try:
            return cls({k: ModelPrice(float(v["input"]), float(v["output"])) for k, v in raw.items()})
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"a price entry must hold input and output USD per million tokens ({exc})") from None

    def lookup(self, provider: str, model: str) -> ModelPrice | None:
        """The price of ``provider/model``, or None when unknown."""
        memo_key = (provider, model)
        if memo_key in self._memo:
            return self._memo[memo_key]
        found = None
        bare = _SNAPSHOT.sub("", model)
        for key in (f"{provider}/{model}", f"{provider}/{bare}", model, bare, f"{provider}/*"):
            if key in self._prices:
                found = self._prices[key]
                break
        self._memo[memo_key] = found
        return found

    def cost(self, provider: str, model: str, usage: Usage) -> float | None:
        """USD for ``usage`` on ``provider/model``; None when the model has no price."""
        price = self.lookup(provider, model)
        return None if price is None else price.cost(usage)


@dataclass(slots=True)
class EngineStats:
    """What an engine did: shown at the end of a run and stored with its results.

    Attributes:
        calls: calls asked of the engine (chat and complete).
        requests_sent: HTTP attempts handed to the backend (retries included).
        cache_hits: calls answered from the cache, sending nothing.
        coalesced: calls that waited for an identical call already in flight instead of sending.
        retries: attempts repeated after a retryable failure.
        answered: calls that returned a response (cache hits included).
        failures: failed calls by reason (``rate_limit``, ``timeout``, ``auth``, ...), after retries.
        usage: token totals of the requests that were sent and answered (cache hits excluded).
        cost_usd: what those requests cost; None if any answered model had no price.
        unpriced_models: models answered without a price.
        deferred: calls handed to a batch instead of sent (``--batch``; shown only when there were any).
    """

    calls: int = 0
    requests_sent: int = 0
    cache_hits: int = 0
    coalesced: int = 0
    retries: int = 0
    answered: int = 0
    failures: Counter[str] = field(default_factory=Counter)
    usage: Usage = field(default_factory=Usage)
    cost_usd: float | None = 0.0
    unpriced_models: set[str] = field(default_factory=set)
    deferred: int = 0

    def add_cost(self, model: str, cost: float | None) -> None:
        """Count one paid response's cost (None: the model has no price, so the total is unknown)."""
        if cost is None:
            self.unpriced_models.add(model)
            self.cost_usd = None
        elif self.cost_usd is not None:
            self.cost_usd += cost

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        out: dict[str, Any] = {
            "calls": self.calls,
            "requests_sent": self.requests_sent,
            "cache_hits": self.cache_hits,
            "coalesced": self.coalesced,
            "retries": self.retries,
            "answered": self.answered,
            "failed": sum(self.failures.values()),
            "failures": dict(sorted(self.failures.items())),
            "usage": self.usage.to_dict(),
            "cost_usd": None if self.cost_usd is None else round(self.cost_usd, 6),
            "unpriced_models": sorted(self.unpriced_models),
        }
        if self.deferred:
            out["deferred"] = self.deferred
        return out
