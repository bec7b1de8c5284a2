"""Scoring a judged file by its records' shape: what ``judgebench score`` and :func:`judgebench.score` share.

Judged pairs (``response_A``/``response_B``, ``judgments``) are scored with an aggregation rule
(:func:`~judgebench.metrics.scorecard.score_file`); judged best-of-K sets (``chosen``/``rejected``,
``scores_chosen``/``scores_rejected``) with top-1, pairwise and best-of-K accuracy
(:func:`~judgebench.metrics.best_of_k.score_best_of_k_file`), where no aggregation rule applies: a rule asked
for on such a file is refused rather than silently ignored.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from judgebench.metrics.best_of_k import BestOfKScore
    from judgebench.metrics.scorecard import FileScore


def score_by_shape(
    path: str | os.PathLike[str], *, rule: str | None = None, bootstrap: int = 1000, seed: int = 0
) -> FileScore | BestOfKScore:
    """The score of one judged file, by its records' shape; judged pairs by ``rule`` (None: ``vote``).

    Raises:
        ConfigError: an unknown rule, or a rule given for a judged best-of-K file.
    """
    from judgebench.file_kinds import file_is_best_of_k
    from judgebench.metrics.vote import AGGREGATIONS

    if rule is not None:
        AGGREGATIONS.get(rule)  # an unknown rule is refused whatever the file
    if file_is_best_of_k(path):
        from judgebench.errors import ConfigError
        from judgebench.metrics.best_of_k import score_best_of_k_file

        if rule is not None:
            raise ConfigError(
                f"rule {rule!r} scores judged pairs, but {os.fspath(path)} holds judged best-of-K sets (scored by "
                "top-1, pairwise and best-of-K accuracy, no aggregation rule): score it without a rule"
            )

        return score_best_of_k_file(os.fspath(path), bootstrap=bootstrap, seed=seed)
    from judgebench.metrics.scorecard import score_file

    # the no-majority pairs of an MT-Bench import (--option no_majority=keep) are skipped and counted
    return score_file(path, bootstrap=bootstrap, seed=seed, rule=rule or "vote", unlabelled=True)
