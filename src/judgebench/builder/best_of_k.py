"""Selecting best-of-K records: every verified response of a question, or RewardBench 2's 1 + (N−1) layout.

``--format best-of-k`` writes one record per question that kept at least one labeled response (unverifiable
responses and rule/checker disagreements are left out and counted in the card), with the correct responses
in ``chosen`` and the incorrect ones in ``rejected``, each in sample order (see :mod:`judgebench.best_of_k`
for the fields). Questions whose responses are all correct or all incorrect are kept: they count for top-1
and best-of-K, not for pairwise accuracy.

``--best-of N`` keeps RewardBench 2's layout instead: one correct response and N−1 incorrect ones, drawn
per question with a generator seeded by ``(seed, source, question id)``; a question with no correct or
fewer than N−1 incorrect responses is skipped (counted in the card). As for pairs, ``--per-category`` keeps
that many records per group, chosen by seed. ``id`` is a uuid5 over the source, the question id and the
digests of the kept responses, so it is the same in every run that keeps the same responses.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from judgebench.best_of_k import new_record
from judgebench.builder.recipe import group_of, seeded_take
from judgebench.builder.responses import Response
from judgebench.builder.select import PAIR_NAMESPACE, Labeled, original_id_for
from judgebench.catalog import category_of
from judgebench.metrics.bootstrap import rng_for

FORMATS = ("pairs", "best-of-k")


def record_id(source: str, question_id: str, chosen: list[Response], rejected: list[Response]) -> str:
    """The stable id of a best-of-K record."""
    name = json.dumps([source, question_id, [r.sha for r in chosen], [r.sha for r in rejected]])
    return str(uuid.uuid5(PAIR_NAMESPACE, name))


def sample_best_of(labeled: Labeled, n: int, seed: int) -> tuple[list[Response], list[Response]] | None:
    """One correct and ``n − 1`` incorrect responses, seeded per question; None when there are too few."""
    q = labeled.question
    correct = sorted(labeled.correct, key=lambda r: r.index)
    incorrect = sorted(labeled.incorrect, key=lambda r: r.index)
    if not correct or len(incorrect) < n - 1:
        return None
    rng = rng_for(seed, "best-of", q.source, q.id)
    good = correct[int(rng.integers(len(correct)))]
    picks = sorted(int(i) for i in rng.choice(len(incorrect), size=n - 1, replace=False))
    return [good], [incorrect[i] for i in picks]


def make_record(labeled: Labeled, best_of: int | None, seed: int) -> dict[str, Any] | None:
    """The best-of-K record of a question (None: nothing to keep)."""
    q = labeled.question
    if best_of is None:
        chosen = sorted(labeled.correct, key=lambda r: r.index)
        rejected = sorted(labeled.incorrect, key=lambda r: r.index)
    else:
        picked = sample_best_of(labeled, best_of, seed)
        if picked is None:
            return None
        chosen, rejected = picked
    if not chosen and not rejected:
        return None
    models = sorted({r.model for r in chosen + rejected})
    return new_record(
        record_id(q.source, q.id, chosen, rejected),
        q.prompt,
        [r.text for r in chosen],
        [r.text for r in rejected],
        str(category_of(q.source)),
        q.source,
        models[0] if len(models) == 1 else models,
        original_id=original_id_for(q),
    )


def select_best_of_k(
    labeled: list[Labeled], per_group: int | None, seed: int, best_of: int | None = None
) -> list[dict[str, Any]]:
    """The best-of-K file's records, ordered by group and question id."""
    groups: dict[str, dict[str, dict[str, Any]]] = {}
    for item in labeled:
        rec = make_record(item, best_of, seed)
        if rec is not None:
            groups.setdefault(group_of(item.question), {})[item.question.id] = rec
    out: list[dict[str, Any]] = []
    for group in sorted(groups):
        by_id = groups[group]
        out.extend(by_id[qid] for qid in seeded_take(sorted(by_id), per_group, seed, "keep", group))
    return out
