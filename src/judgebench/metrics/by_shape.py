"""Scoring a judged file by its records' shape: what ``judgebench score`` and :func:`judgebench.score` share.

Judged pairs (``response_A``/``response_B``, ``judgments``) are scored with an aggregation rule
(:func:`~judgebench.metrics.scorecard.score_file`); judged best-of-K sets (``chosen``/``rejected``,
``scores_chosen``/``scores_rejected``) with top-1, pairwise and best-of-K accuracy
(:func:`~judgebench.metrics.best_of_k.score_best_of_k_file`), where the rule does not apply.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from judgebench.metrics.best_of_k import BestOfKScore
    from judgebench.metrics.scorecard import FileScore


def score_by_shape(
    path: str | os.PathLike[str], *, rule: str = "vote", bootstrap: int = 1000, seed: int = 0
) -> FileScore | BestOfKScore:
    """The score of one judged file, by its records' shape."""
    from judgebench.best_of_k import file_is_best_of_k

    if file_is_best_of_k(path):
        from judgebench.metrics.best_of_k import score_best_of_k_file

        return score_best_of_k_file(os.fspath(path), bootstrap=bootstrap, seed=seed)
    from judgebench.metrics.scorecard import score_file

    return score_file(path, bootstrap=bootstrap, seed=seed, rule=rule)
