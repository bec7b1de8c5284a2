"""Metrics: the JudgeBench vote rule and other aggregation rules, bootstrap intervals, file scores."""

from judgebench.metrics.bootstrap import proportion_ci
from judgebench.metrics.scorecard import CategoryScore, FileScore, score_file, score_records
from judgebench.metrics.vote import AGGREGATIONS, pair_outcome, vote_sum

__all__ = [
    "AGGREGATIONS",
    "CategoryScore",
    "FileScore",
    "pair_outcome",
    "proportion_ci",
    "score_file",
    "score_records",
    "vote_sum",
]
