"""Metrics: the JudgeBench vote rule and other aggregation rules, bootstrap intervals, file scores.

Exports load lazily, so code that only needs the vote rule does not import numpy.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "AGGREGATIONS": "judgebench.metrics.vote",
    "pair_outcome": "judgebench.metrics.vote",
    "vote_sum": "judgebench.metrics.vote",
    "proportion_ci": "judgebench.metrics.bootstrap",
    "CategoryScore": "judgebench.metrics.scorecard",
    "FileScore": "judgebench.metrics.scorecard",
    "score_file": "judgebench.metrics.scorecard",
    "score_records": "judgebench.metrics.scorecard",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
