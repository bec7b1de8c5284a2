"""The extension surface: what a plugin needs, from one module.

A plugin imports nothing but this module (and the package root's public names). Each ``register_*``
decorator adds an object to one seam's registry under a name, with the facts the rest of judgebench reads
(a judge's kind, a source's category and recipe...), and returns it: in a notebook it is usable at once; in
an installed package, publish each name as an entry point in the seam's group as well (``[judgebench.judges]
my_judge = my_plugin:my_judge``), so judgebench lists it without importing the plugin; the first lookup
imports the module, whose decorators register it. docs/extending.md walks through each seam.

=====================  ==================================  ================================
decorator              registry                            entry-point group
=====================  ==================================  ================================
register_backend       chat backends (``provider/model``)  ``judgebench.backends``
register_reward_backend  reward backends                   ``judgebench.reward_backends``
register_judge         judges                              ``judgebench.judges``
register_source        sources (their facts)               ``judgebench.sources``
register_verifier      verifiers                           ``judgebench.verifiers``
register_benchmark     judge benchmarks                    ``judgebench.benchmarks``
register_aggregation   aggregation rules (metrics)         ``judgebench.metrics``
register_protocol      scoring protocols                   ``judgebench.protocols``
register_analysis      analyses                            ``judgebench.analyses``
register_importer      importers (``judgebench import``)   ``judgebench.importers``
register_pair_set      named pair sets (``--pairs NAME``)  ``judgebench.pair_sets``
register_command       CLI commands                        ``judgebench.commands``
=====================  ==================================  ================================
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from judgebench.analysis.registry import ANALYSES, Analysis, Option
from judgebench.backends.base import CHAT_BACKENDS, ChatBackend, ChatRequest, ChatResponse, Message, Usage
from judgebench.backends.reward import REWARD_BACKENDS, RewardBackend, RewardItem
from judgebench.catalog import (
    BENCHMARKS,
    SOURCES,
    Benchmark,
    Category,
    Recipe,
    SourceInfo,
    category_of,
    declare,
    declare_benchmark,
)
from judgebench.datasets import PAIR_SETS
from judgebench.importers.base import IMPORTERS, Importer, ImportResult
from judgebench.judges.base import JUDGES, Judge, JudgeContext, JudgeOptions, PointwiseJudge, Verdict
from judgebench.judges.engine_judge import EngineJudge, Trace
from judgebench.judges.engine_judge import build as build_judge
from judgebench.metrics.protocols import PROTOCOLS, ScoringProtocol
from judgebench.metrics.vote import AGGREGATIONS, Aggregation
from judgebench.records import DECISIONS, LABELS, JudgedPair, Pair, flip, read_judged, read_pairs
from judgebench.verifiers.base import VERIFIERS, Check, Outcome, Question, Source, Verifier

F = TypeVar("F", bound=Callable[..., Any])


def _set(obj: Any, **facts: Any) -> None:
    for key, value in facts.items():
        setattr(obj, key, value)  # the fact travels with the object (read again when an entry point loads it)


def register_backend(provider: str) -> Callable[[F], F]:
    """Register a chat backend factory ``(model, *, base_url=None, **options)`` for ``provider/<model>``."""

    def deco(factory: F) -> F:
        CHAT_BACKENDS.add(provider, factory)
        return factory

    return deco


def register_reward_backend(provider: str) -> Callable[[F], F]:
    """Register a reward backend factory ``(model, **options)`` for ``provider/<model>`` (judge reward_model)."""

    def deco(factory: F) -> F:
        REWARD_BACKENDS.add(provider, factory)
        return factory

    return deco


def register_judge(name: str, *aliases: str, kind: str = "other") -> Callable[[F], F]:
    """Register a judge factory ``(JudgeOptions) -> Judge``.

    ``kind`` (prompted, fine-tuned, multi-agent, reward model, other) is what the leaderboard groups it by.
    """

    def deco(factory: F) -> F:
        _set(factory, kind=kind)
        JUDGES.add(name, factory, *aliases, kind=kind)
        return factory

    return deco


def register_source(
    name: str,
    category: str = Category.OTHER,
    *,
    family: tuple[str, ...] = (),
    recipe: Recipe | None = None,
    local: str | None = None,
    description: str = "",
) -> Callable[[Callable[..., Any]], SourceInfo]:
    """Register a source factory ``(path=None, **options) -> Source`` with its facts.

    The decorated name becomes its :class:`SourceInfo` (still callable as the factory); ``category`` is what
    its pairs count as.
    """

    def deco(factory: Callable[..., Any]) -> SourceInfo:
        info = SourceInfo(name, factory, category, family, recipe or Recipe(), local, description)
        return declare(info)

    return deco


def register_verifier(name: str) -> Callable[[F], F]:
    """Register a verifier factory ``() -> Verifier`` (a class with ``check(question, response)`` will do)."""

    def deco(factory: F) -> F:
        VERIFIERS.add(name, factory)
        return factory

    return deco


def register_benchmark(benchmark: Benchmark) -> Benchmark:
    """Register a judge benchmark: a column of ``judgebench benchmarks`` made of registered sources."""
    return declare_benchmark(benchmark)


def register_aggregation(name: str, *, denominator: int = 1) -> Callable[[F], F]:
    """Register an aggregation rule ``(label, decisions) -> credit in [0, 1]`` (``score --rule NAME``).

    ``denominator``: the steps its credit comes in (2: halves).
    """

    def deco(rule: F) -> F:
        _set(rule, denominator=denominator)
        AGGREGATIONS.add(name, rule, denominator=denominator)
        return rule

    return deco


def register_protocol(protocol: ScoringProtocol) -> ScoringProtocol:
    """Register a benchmark family's own scoring (a benchmark names it as ``native``)."""
    PROTOCOLS.add(protocol.name, protocol)
    return protocol


def register_analysis(
    name: str, help: str, *, options: Sequence[Option] = (), view: Callable[[Any, Any], None] | None = None
) -> Callable[[Callable[..., Any]], Analysis]:
    """Register an analysis computed by the decorated ``(files, *, iterations, seed, **options) -> result``.

    A result has ``to_dict()``; ``view(result, console)`` draws it on a terminal (else its JSON is printed).
    The decorated name becomes the :class:`Analysis`.
    """

    def deco(compute: Callable[..., Any]) -> Analysis:
        analysis = Analysis(name, help, compute, view, tuple(options))
        ANALYSES.add(name, analysis)
        return analysis

    return deco


def register_importer(name: str, help: str, source_help: str = "") -> Callable[[Callable[..., Any]], Importer]:
    """Register an importer ``(source, options) -> ImportResult`` for ``judgebench import NAME``.

    The decorated name becomes the :class:`Importer`.
    """

    def deco(run: Callable[[str | None, dict[str, str]], ImportResult]) -> Importer:
        importer = Importer(help, run, source_help)
        IMPORTERS.add(name, importer)
        return importer

    return deco


def register_pair_set(name: str) -> Callable[[F], F]:
    """Register a resolver ``(spec) -> list[Pair] | None`` for ``--pairs SPEC`` (None: not one of its sets)."""

    def deco(resolver: F) -> F:
        PAIR_SETS.add(name, resolver)
        return resolver

    return deco


def register_command(name: str) -> Callable[[F], F]:
    """Register ``add_parser(subparsers)``, which adds the sub-command ``name`` and sets ``func(args) -> int``."""

    def deco(add_parser: F) -> F:
        from judgebench.cli.main import COMMANDS

        COMMANDS.add(name, add_parser)
        return add_parser

    return deco


__all__ = [
    "BENCHMARKS",
    "DECISIONS",
    "LABELS",
    "SOURCES",
    "Aggregation",
    "Analysis",
    "Benchmark",
    "Category",
    "ChatBackend",
    "ChatRequest",
    "ChatResponse",
    "Check",
    "EngineJudge",
    "ImportResult",
    "Importer",
    "Judge",
    "JudgeContext",
    "JudgeOptions",
    "JudgedPair",
    "Message",
    "Option",
    "Outcome",
    "Pair",
    "PointwiseJudge",
    "Question",
    "Recipe",
    "RewardBackend",
    "RewardItem",
    "ScoringProtocol",
    "Source",
    "SourceInfo",
    "Trace",
    "Usage",
    "Verdict",
    "Verifier",
    "build_judge",
    "category_of",
    "flip",
    "read_judged",
    "read_pairs",
    "register_aggregation",
    "register_analysis",
    "register_backend",
    "register_benchmark",
    "register_command",
    "register_importer",
    "register_judge",
    "register_pair_set",
    "register_protocol",
    "register_reward_backend",
    "register_source",
    "register_verifier",
]
