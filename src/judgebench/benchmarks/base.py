"""The :class:`Benchmark` record and its registry."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from judgebench.registry import Registry


@dataclass(frozen=True, slots=True)
class Benchmark:
    """One judge benchmark: which pair sources belong to it and how its score is formed.

    Attributes:
        name: the column name in ``judgebench benchmarks`` (``llmbar-natural``, ``rewardbench``).
        title: the display name (``LLMBar Natural``).
        sources: exact pair ``source`` → category label (the benchmark's subsets).
        prefixes: ``source`` prefix → category label, for families of sources (``mmlu-pro-*``).
        weights: per source, the example count its accuracy is weighted by inside its category (RewardBench
            upweights ``math-prm``); empty: every pair counts once.
        mean_of_categories: the overall score is the plain mean of the category scores (RewardBench's four
            sections) instead of correct pairs / pairs.
        origin: where the data comes from, in words (for docs and ``--help``).
    """

    name: str
    title: str
    sources: Mapping[str, str] = field(default_factory=dict)
    prefixes: Mapping[str, str] = field(default_factory=dict)
    weights: Mapping[str, float] = field(default_factory=dict)
    mean_of_categories: bool = False
    origin: str = ""

    def category(self, source: str) -> str | None:
        """The category of ``source`` in this benchmark, or None when it does not belong here."""
        if source in self.sources:
            return self.sources[source]
        for prefix, cat in self.prefixes.items():
            if source.startswith(prefix):
                return cat
        return None

    def categories(self) -> list[str]:
        """The category labels in declaration order, without repeats."""
        return list(dict.fromkeys([*self.sources.values(), *self.prefixes.values()]))


BENCHMARKS: Registry[Benchmark] = Registry("benchmark", "judgebench.benchmarks")


def benchmark_of(source: str) -> tuple[Benchmark, str] | None:
    """The benchmark a pair source belongs to and its category there; None for an unknown source."""
    import judgebench.benchmarks.catalog  # noqa: F401  (registers the built-ins)

    for name in BENCHMARKS.names():
        bench = BENCHMARKS.get(name)
        cat = bench.category(source)
        if cat is not None:
            return bench, cat
    return None
