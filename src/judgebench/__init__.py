"""judgebench: how far can you trust an LLM judge or a reward model on objectively labeled pairs.

Implements the JudgeBench method (Tan et al., 2024, arXiv 2410.12784): build hard pairs from data with
ground truth, judge them in both orders with any judge, score them with the paper's vote rule, analyse.

The Python API (see :mod:`judgebench.api`): :func:`score`, :func:`judge` / :func:`ajudge`,
:func:`judge_best_of_k`, :func:`probe` / :func:`aprobe`, :func:`leaderboard`, :func:`build` / :func:`abuild`,
:func:`solve`, :func:`analyze` and :func:`report`.
Names load on first use, so ``import judgebench`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from judgebench.version import __version__

_EXPORTS = {
    "CATEGORIES": "judgebench.catalog",
    "Category": "judgebench.catalog",
    "category_of": "judgebench.catalog",
    "ConfigError": "judgebench.errors",
    "DataUnavailableError": "judgebench.errors",
    "InputError": "judgebench.errors",
    "JudgeBenchError": "judgebench.errors",
    "MalformedRecordError": "judgebench.errors",
    "JudgedPair": "judgebench.records",
    "Pair": "judgebench.records",
    "read_judged": "judgebench.records",
    "read_pairs": "judgebench.records",
    "JudgeResult": "judgebench.api",
    "abuild": "judgebench.api",
    "ajudge": "judgebench.api",
    "analyze": "judgebench.api",
    "build": "judgebench.api",
    "judge": "judgebench.api",
    "judge_best_of_k": "judgebench.api",
    "leaderboard": "judgebench.api",
    "aprobe": "judgebench.api",
    "probe": "judgebench.api",
    "report": "judgebench.api",
    "score": "judgebench.api",
    "solve": "judgebench.api",
    "evaluate": "judgebench.evaluation.suite",
}

__all__ = [
    "CATEGORIES",
    "Category",
    "ConfigError",
    "DataUnavailableError",
    "InputError",
    "JudgeBenchError",
    "JudgeResult",
    "JudgedPair",
    "MalformedRecordError",
    "Pair",
    "__version__",
    "abuild",
    "ajudge",
    "analyze",
    "aprobe",
    "build",
    "category_of",
    "evaluate",
    "judge",
    "judge_best_of_k",
    "leaderboard",
    "probe",
    "read_judged",
    "read_pairs",
    "report",
    "score",
    "solve",
]

if TYPE_CHECKING:
    from judgebench.api import (
        JudgeResult,
        abuild,
        ajudge,
        analyze,
        aprobe,
        build,
        judge,
        judge_best_of_k,
        leaderboard,
        probe,
        report,
        score,
        solve,
    )
    from judgebench.catalog import CATEGORIES, Category, category_of
    from judgebench.errors import (
        ConfigError,
        DataUnavailableError,
        InputError,
        JudgeBenchError,
        MalformedRecordError,
    )
    from judgebench.records import JudgedPair, Pair, read_judged, read_pairs


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
