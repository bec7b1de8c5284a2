"""A seeded split of pairs by question: no question lands in both the training and the evaluation part.

Two pairs belong to the same question when they share an ``original_id`` (when set) or the same question
text; pairs linked through either key, directly or through other pairs, form one group, and whole groups
are drawn for the evaluation part by ``(seed, group key)``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from judgebench.errors import ConfigError
from judgebench.metrics.bootstrap import rng_for
from judgebench.records import Pair


@dataclass(frozen=True, slots=True)
class Split:
    """The two parts, each in the input order, and how many question groups each holds."""

    train: list[Pair]
    eval: list[Pair]
    train_groups: int
    eval_groups: int


def question_keys(pair: Pair) -> list[str]:
    """The keys that tie ``pair`` to its question: ``id:<original_id>`` (when set) and ``q:<question text>``."""
    keys = [f"q:{pair.question}"]
    if pair.original_id is not None and str(pair.original_id) != "":
        keys.insert(0, f"id:{pair.original_id}")
    return keys


def question_groups(pairs: Sequence[Pair]) -> list[list[int]]:
    """Indices of ``pairs`` grouped by question (union of the keys), groups ordered by their smallest key."""
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        root = key
        while parent[root] != root:
            root = parent[root]
        while parent[key] != root:
            parent[key], key = root, parent[key]
        return root

    for pair in pairs:
        keys = question_keys(pair)
        for key in keys:
            parent.setdefault(key, key)
        for key in keys[1:]:
            a, b = find(keys[0]), find(key)
            if a != b:
                parent[max(a, b)] = min(a, b)  # the smallest key is the root: a stable group name
    groups: dict[str, list[int]] = {}
    for i, pair in enumerate(pairs):
        groups.setdefault(find(question_keys(pair)[0]), []).append(i)
    return [groups[k] for k in sorted(groups)]


def split_pairs(pairs: Sequence[Pair], eval_fraction: float, seed: int) -> Split:
    """Draw ``round(eval_fraction × groups)`` question groups (at least one) for evaluation, by ``seed``.

    Raises:
        ConfigError: a fraction outside (0, 1), or too few questions to leave some on both sides.
    """
    if not 0.0 < eval_fraction < 1.0:
        raise ConfigError(f"--eval-split must be between 0 and 1 (exclusive), got {eval_fraction}")
    groups = question_groups(pairs)
    if len(groups) < 2:
        raise ConfigError(f"need pairs from at least 2 questions to split, got {len(groups)}")
    n_eval = min(len(groups) - 1, max(1, math.floor(eval_fraction * len(groups) + 0.5)))
    order = rng_for(seed, "judgebench-train-split").permutation(len(groups))
    in_eval = {i for g in order[:n_eval].tolist() for i in groups[g]}
    return Split(
        train=[p for i, p in enumerate(pairs) if i not in in_eval],
        eval=[p for i, p in enumerate(pairs) if i in in_eval],
        train_groups=len(groups) - n_eval,
        eval_groups=n_eval,
    )


def drop_questions_of(pairs: Sequence[Pair], others: Sequence[Pair]) -> tuple[list[Pair], int]:
    """``pairs`` without those sharing a question key with ``others`` (``train --exclude``), and how many went.

    Keeps an evaluation set's questions (JudgeBench's, say) out of the training data altogether.
    """
    banned = {key for pair in others for key in question_keys(pair)}
    kept = [p for p in pairs if banned.isdisjoint(question_keys(p))]
    return kept, len(pairs) - len(kept)
