"""The catalog of sources: each source's facts, declared once, where it is registered.

A :class:`SourceInfo` says everything the rest of the code needs to know about a source without loading it:
its paper category, the family of pair ``source`` values it yields (``mmlu-pro`` yields ``mmlu-pro-law``...),
the paper's sampling recipe, where a local copy sits inside a sources folder (``judgebench audit --sources
DIR``) and the import path of its factory. Scoring (:func:`category_of`), building (the recipe), solving and
auditing (:func:`source_for`) read these facts; nothing else keeps a table of sources.

Built-in sources are declared at the bottom of this module. A third-party package publishes a
:class:`SourceInfo` (or a bare factory, whose pairs then count as ``Other``) in the ``judgebench.sources``
entry-point group; its category then counts in every score like a built-in's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from judgebench.registry import Registry, load_target


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
#: The judge benchmarks' pair sources (LLMBar, MT-Bench, FairEval, LLMEval², RewardBench) declare themselves in
#: :mod:`judgebench.benchmarks.sources`, imported on the first lookup.
SOURCES: Registry[SourceInfo] = Registry(
    "source", "judgebench.sources", adapt=_as_info, builtins="judgebench.benchmarks.sources"
)


def declare(info: SourceInfo, *aliases: str) -> SourceInfo:
    """Register a source's facts (the one registration a new source needs)."""
    SOURCES.add(info.name, info, *aliases)
    return info


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
