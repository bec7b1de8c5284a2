"""Selecting pairs: mixed questions only, a seeded pair per question, seeded A/B placement, stable pair ids.

A question qualifies when its labeled responses (unverifiable ones and rule/checker disagreements already
dropped) hold at least one correct and one incorrect response (paper §3). Per group, ``pairs_per_group``
qualifying questions are kept at random; per kept question one (correct, incorrect) combination is drawn
and the correct response goes to A or B — every draw seeded by ``(seed, stable id)``. ``pair_id`` is a
uuid5 over the source, the question id and the digests of the two responses, so it is the same in every
run that yields the same pair.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from judgebench.builder.recipe import group_of, seeded_take
from judgebench.builder.responses import Response
from judgebench.metrics.bootstrap import rng_for
from judgebench.verifiers.base import Outcome, Question

#: Namespace of build pair ids (uuid5 of the JudgeBench repository URL).
PAIR_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/ScalerLab/JudgeBench")


def pair_id_for(source: str, question_id: str, correct: Response, incorrect: Response) -> str:
    """The stable id of a pair."""
    name = json.dumps([source, question_id, correct.sha, incorrect.sha])
    return str(uuid.uuid5(PAIR_NAMESPACE, name))


def original_id_for(question: Question) -> Any:
    """The ``original_id`` field: an int for numeric ids (MMLU-Pro's ``question_id``), else the id string."""
    return int(question.id) if question.id.isdigit() else question.id


@dataclass(slots=True)
class Labeled:
    """A question's responses with their final outcome (None: dropped, with the reason in ``dropped``)."""

    question: Question
    correct: list[Response] = field(default_factory=list)
    incorrect: list[Response] = field(default_factory=list)
    dropped: dict[str, int] = field(default_factory=dict)

    @property
    def mixed(self) -> bool:
        """At least one correct and one incorrect response."""
        return bool(self.correct) and bool(self.incorrect)

    def add(self, response: Response, outcome: Outcome | None, drop_reason: str = "") -> None:
        """File a response under its outcome, or count it as dropped."""
        if outcome is Outcome.CORRECT:
            self.correct.append(response)
        elif outcome is Outcome.INCORRECT:
            self.incorrect.append(response)
        else:
            reason = drop_reason or "unverifiable"
            self.dropped[reason] = self.dropped.get(reason, 0) + 1


def make_pair(labeled: Labeled, seed: int) -> dict[str, Any]:
    """One JudgeBench pair record for a mixed question."""
    q = labeled.question
    correct = sorted(labeled.correct, key=lambda r: r.index)
    incorrect = sorted(labeled.incorrect, key=lambda r: r.index)
    rng = rng_for(seed, "pair", q.source, q.id)
    pick = int(rng.integers(len(correct) * len(incorrect)))
    good, bad = correct[pick // len(incorrect)], incorrect[pick % len(incorrect)]
    correct_first = bool(rng_for(seed, "order", q.source, q.id).random() < 0.5)
    a, b = (good, bad) if correct_first else (bad, good)
    return {
        "pair_id": pair_id_for(q.source, q.id, good, bad),
        "original_id": original_id_for(q),
        "source": q.source,
        "question": q.prompt,
        "response_model": good.model,
        "response_A": a.text,
        "response_B": b.text,
        "label": "A>B" if correct_first else "B>A",
    }


def select_pairs(labeled: list[Labeled], pairs_per_group: int | None, seed: int) -> list[dict[str, Any]]:
    """The pair file's records, ordered by source and question id."""
    groups: dict[str, dict[str, Labeled]] = {}
    for item in labeled:
        if item.mixed:
            groups.setdefault(group_of(item.question), {})[item.question.id] = item
    pairs: list[dict[str, Any]] = []
    for group in sorted(groups):
        by_id = groups[group]
        for qid in seeded_take(sorted(by_id), pairs_per_group, seed, "keep", group):
            pairs.append(make_pair(by_id[qid], seed))
    return pairs
