"""The catalog: every source's and every benchmark's facts, declared once, where each is registered.

A :class:`SourceInfo` says everything the rest of the code needs to know about a source without loading it:
its paper category, the family of pair ``source`` values it yields (``mmlu-pro`` yields ``mmlu-pro-law``...),
the paper's sampling recipe, where a local copy sits inside a sources folder (``judgebench audit --sources
DIR``) and the import path of its factory. Scoring (:func:`category_of`), building (the recipe), solving and
auditing (:func:`source_for`) read these facts; nothing else keeps a table of sources.

A :class:`Benchmark` (a column of ``judgebench benchmarks``) names the registered sources that make it up and
how its score is formed; :func:`benchmark_of` finds the benchmark a pair belongs to.

JudgeBench's own sources and benchmark are declared at the bottom of this module. Each other judge benchmark
(LLMBar, MT-Bench, RewardBench...) declares its sources and benchmark in its importer module
(:mod:`judgebench.importers`), imported on the first lookup. A third-party package publishes a
:class:`SourceInfo` (or a bare factory, whose pairs then count as ``Other``) in the ``judgebench.sources``
entry-point group, and a :class:`Benchmark` in ``judgebench.benchmarks``; its category then counts in every
score like a built-in's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from judgebench.errors import ConfigError
from judgebench.registry import Registry, load_target

#: the module that registers the other judge benchmarks' sources and benchmarks (with their importers)
_JUDGE_BENCHMARKS = "judgebench.importers.builtin"


class Category(StrEnum):
    """The paper's four categories (and Other), derived from a pair's ``source``."""

    KNOWLEDGE = "Knowledge"
    REASONING = "Reasoning"
    MATH = "Math"
    CODING = "Coding"
    OTHER = "Other"


CATEGORIES = (Category.KNOWLEDGE, Category.REASONING, Category.MATH, Category.CODING)


@dataclass(frozen=True, slots=True)
class Recipe:
    """How many questions to sample and pairs to keep per group; None means all.

    Attributes:
        questions_per_group: questions sampled per ``source`` value before any model call.
        pairs_per_group: pairs kept per ``source`` value after verification.
        exclude_tasks: tasks left out entirely (LiveBench's olympiad).
    """

    questions_per_group: int | None = None
    pairs_per_group: int | None = None
    exclude_tasks: tuple[str, ...] = ()


@dataclass(frozen=True)
class SourceInfo:
    """A source's facts and its factory; calling it makes the source (``info(path, **options)``).

    Attributes:
        name: the registered name (``mmlu-pro``).
        factory: ``(path: str | None = None, **options) -> Source``, or its import path ``module:attr``.
        category: the paper category of its pairs (a :class:`Category` value, or the benchmark's own).
        family: prefixes of the pair ``source`` values it yields; empty means just ``(name,)``.
        recipe: the paper's sampling recipe (default: all questions, all pairs).
        local: where a local copy sits inside a sources folder (``mmlu-pro/test.jsonl``); None when the
            source is not read from one.
        description: one line for listings.
    """

    name: str
    factory: str | Callable[..., Any]
    category: str = Category.OTHER
    family: tuple[str, ...] = ()
    recipe: Recipe = field(default_factory=Recipe)
    local: str | None = None
    description: str = ""

    @property
    def prefixes(self) -> tuple[str, ...]:
        """The pair ``source`` prefixes that belong to this source."""
        return self.family or (self.name,)

    def load(self) -> Callable[..., Any]:
        """The factory (its module imported now)."""
        return load_target(self.factory) if isinstance(self.factory, str) else self.factory

    def __call__(self, path: str | None = None, **options: Any) -> Any:
        """The source: ``path`` None downloads the dataset, a path reads a local copy."""
        return self.load()(path, **options)


def _as_info(name: str, obj: Any) -> SourceInfo:
    return obj if isinstance(obj, SourceInfo) else SourceInfo(name, obj)


#: ``name`` → :class:`SourceInfo` (callable as the factory ``(path=None, **options) -> Source``).
#: The judge benchmarks' pair sources (LLMBar, MT-Bench, FairEval, LLMEval², RewardBench) are declared by their
#: importers (:mod:`judgebench.importers`), imported on the first lookup.
SOURCES: Registry[SourceInfo] = Registry("source", "judgebench.sources", adapt=_as_info, builtins=_JUDGE_BENCHMARKS)


def declare(info: SourceInfo, *aliases: str) -> SourceInfo:
    """Register a source's facts (the one registration a new source needs)."""
    SOURCES.add(info.name, info, *aliases)
    return info


def pairs_only(path: str | None = None, **options: Any) -> Any:
    """The factory of a judge benchmark's source: these hold labelled pairs, there are no questions to build from."""
    raise ConfigError(
        "a judge benchmark holds labelled pairs, not questions to build from: "
        "judge it with judgebench judge --pairs <set>, or import it with judgebench import"
    )


#: the factory of every judge benchmark's source (:func:`pairs_only`)
PAIRS_ONLY = "judgebench.catalog:pairs_only"


def source_info(name: str) -> SourceInfo:
    """The facts of the registered source ``name``."""
    return _as_info(name, SOURCES.get(name))


_BY_SOURCE: dict[str, SourceInfo | None] = {}
_GENERATION = [-1]


def _longest_match(pair_source: str, names: list[str]) -> SourceInfo | None:
    best: SourceInfo | None = None
    best_len = -1
    for name in names:
        info = source_info(name)
        for prefix in info.prefixes:
            if pair_source.startswith(prefix) and len(prefix) > best_len:
                best, best_len = info, len(prefix)
    return best


def source_for(pair_source: str) -> SourceInfo | None:
    """The registered source whose family holds a pair's ``source`` value (longest prefix wins), if any.

    Sources registered in code are matched first; entry-point sources are loaded only when none matches.
    """
    if _GENERATION[0] != SOURCES.generation:
        _BY_SOURCE.clear()
        _GENERATION[0] = SOURCES.generation
    if pair_source not in _BY_SOURCE:
        found = _longest_match(pair_source, SOURCES.declared())
        if found is None:
            found = _longest_match(pair_source, [n for n in SOURCES.names() if n not in SOURCES.declared()])
        _BY_SOURCE[pair_source] = found
    return _BY_SOURCE[pair_source]


def family_of(pair_source: str) -> str:
    """The registered source name a pair's ``source`` belongs to (``mmlu-pro-law`` → ``mmlu-pro``), else itself."""
    info = source_for(pair_source)
    return info.name if info is not None else pair_source


def category_of(pair_source: str) -> str:
    """The category its registered source declares (Knowledge for ``mmlu-pro*``...), else Other."""
    info = source_for(pair_source)
    return info.category if info is not None else Category.OTHER


@dataclass(frozen=True, slots=True)
class Benchmark:
    """One judge benchmark: the registered sources that make it up and how its score is formed.

    Attributes:
        name: the column name in ``judgebench benchmarks`` (``llmbar-natural``, ``rewardbench``).
        title: the display name (``LLMBar Natural``).
        sources: names of registered sources; a pair belongs to the benchmark when its ``source`` is in one of
            their families, and its category is the one its source declares.
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


BENCHMARKS: Registry[Benchmark] = Registry("benchmark", "judgebench.benchmarks", builtins=_JUDGE_BENCHMARKS)

#: the built-in benchmarks' column order (the paper's Figure 3); others follow by name
BENCHMARK_ORDER = (
    "mt-bench",
    "mt-bench-human",
    "llmeval2",
    "faireval",
    "llmbar-natural",
    "llmbar-adversarial",
    "llmbar-casestudy",
    "rewardbench",
    "judgebench",
)


def declare_benchmark(bench: Benchmark) -> Benchmark:
    """Register a benchmark (the one registration a new benchmark needs, beside its sources)."""
    BENCHMARKS.add(bench.name, bench)
    return bench


def benchmark_of(source: str) -> tuple[Benchmark, str] | None:
    """The benchmark a pair ``source`` belongs to and its category there; None for an unknown source."""
    for name in BENCHMARKS.names():
        bench = BENCHMARKS.get(name)
        cat = bench.category(source)
        if cat is not None:
            return bench, cat
    return None


_BUILTIN = "judgebench.sources"

declare(
    SourceInfo(
        "mmlu-pro",
        f"{_BUILTIN}.mmlu_pro:make_source",
        Category.KNOWLEDGE,
        recipe=Recipe(questions_per_group=100, pairs_per_group=11),
        local="mmlu-pro/test.jsonl",
        description="TIGER-Lab/MMLU-Pro (test); pairs are mmlu-pro-<discipline>",
    )
)
declare(
    SourceInfo(
        "livebench-math",
        f"{_BUILTIN}.livebench:make_math",
        Category.MATH,
        recipe=Recipe(questions_per_group=100, exclude_tasks=("olympiad",)),
        local="livebench",
        description="livebench/math (test)",
    )
)
declare(
    SourceInfo(
        "livebench-reasoning",
        f"{_BUILTIN}.livebench:make_reasoning",
        Category.REASONING,
        recipe=Recipe(questions_per_group=100),
        local="livebench",
        description="livebench/reasoning (test)",
    )
)
declare(
    SourceInfo(
        "livecodebench",
        f"{_BUILTIN}.livecodebench:make_source",
        Category.CODING,
        description="livecodebench/code_generation_lite",
    )
)
declare(SourceInfo("jsonl", f"{_BUILTIN}.jsonl:make_source", description="any question/answer/verifier JSONL"))
declare_benchmark(
    Benchmark(
        "judgebench",
        "JudgeBench",
        ("mmlu-pro", "livebench-reasoning", "livebench-math", "livecodebench"),
        origin="ScalerLab/JudgeBench",
    )
)
