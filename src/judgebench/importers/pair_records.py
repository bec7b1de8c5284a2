"""Turning a benchmark item into a JudgeBench pair record with a stable id."""

from __future__ import annotations

import uuid
from typing import Any

from judgebench.records import Pair

#: Namespace of the pair ids judgebench gives benchmark items (uuid5 over source and content).
PAIR_NAMESPACE = uuid.UUID("6f1d7c1e-2b1a-5c55-9e0f-6a7564676562")


def stable_pair_id(source: str, question: str, response_a: str, response_b: str) -> str:
    """A uuid5 of the source, the question and both responses in their A/B order: the same on every run."""
    return str(uuid.uuid5(PAIR_NAMESPACE, "\x1f".join((source, question, response_a, response_b))))


def make_pair(
    source: str,
    original_id: Any,
    question: str,
    response_a: str,
    response_b: str,
    label: str,
    *,
    response_model: str = "unknown",
    extra: dict[str, Any] | None = None,
    unlabelled: bool = False,
) -> Pair:
    """A validated pair in upstream's key order (extra keys after the pair keys).

    ``unlabelled``: ``label`` may be :data:`~judgebench.records.NO_MAJORITY` (MT-Bench's comparisons without one).
    """
    d: dict[str, Any] = {
        "pair_id": stable_pair_id(source, question, response_a, response_b),
        "original_id": original_id,
        "source": source,
        "question": question,
        "response_model": response_model,
        "response_A": response_a,
        "response_B": response_b,
        "label": label,
        **(extra or {}),
    }
    return Pair.from_dict(d, unlabelled=unlabelled)
