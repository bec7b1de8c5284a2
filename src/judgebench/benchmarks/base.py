"""The :class:`Benchmark` record and its registry."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from judgebench.catalog import category_of, family_of
from judgebench.registry import Registry


@dataclass(frozen=True, slots=True)
class Benchmark:
    """One judge benchmark: the registered sources that make it up and how its score is formed.

    Attributes:
        name: the column name in ``judgebench benchmarks`` (``llmbar-natural``, ``rewardbench``).
        title: the display name (``LLMBar Natural``).
        sources: names of registered sources (:mod:`judgebench.catalog`); a pair belongs to the benchmark
            when its ``source`` is in one of their families, and its category is the one its source declares.
        weights: per pair ``source``, the example count its accuracy is weighted by inside its category
            (RewardBench upweights ``math-prm``); empty: every pair counts once.
        mean_of_categories: the overall score is the mean of the category scores (RewardBench's sections)
            instead of correct pairs / pairs.
        category_weights: with ``mean_of_categories``, a category's weight in that mean (default 1; RewardBench's
            Prior Sets 0.5).
        origin: where the data comes from, in words.
        native: the scoring protocol its authors use (:data:`judgebench.metrics.protocols.PROTOCOLS`),
            applied by ``judgebench benchmarks --protocol native``.
    """

    name: str
    title: str
    sources: tuple[str, ...]
    weights: Mapping[str, float] = field(default_factory=dict)
    mean_of_categories: bool = False
    category_weights: Mapping[str, float] = field(default_factory=dict)
    origin: str = ""
    native: str = "judgebench"

    def category(self, source: str) -> str | None:
        """The category of a pair ``source`` in this benchmark, or None when it does not belong here."""
        return category_of(source) if family_of(source) in self.sources else None

    def categories(self) -> list[str]:
        """The category labels of its sources, in declaration order, without repeats."""
        return list(dict.fromkeys(category_of(s) for s in self.sources))


BENCHMARKS: Registry[Benchmark] = Registry(
    "benchmark", "judgebench.benchmarks", builtins="judgebench.benchmarks.catalog"
)


def benchmark_of(source: str) -> tuple[Benchmark, str] | None:
    """The benchmark a pair ``source`` belongs to and its category there; None for an unknown source."""
    for name in BENCHMARKS.names():
        bench = BENCHMARKS.get(name)
        cat = bench.category(source)
        if cat is not None:
            return bench, cat
    return None
