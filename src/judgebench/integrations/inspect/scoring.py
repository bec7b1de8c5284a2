"""The scorer: each order's parsed decision, and the JudgeBench vote rule over the two orders of each pair.

A sample's score is 1 when its decision (in that order's positions) equals the target, else 0 (a tie, no
verdict, a failed judgment, the other response); its ``answer`` is the decision and its metadata the pair id,
order, label and outcome. The metrics group the samples by pair id and apply the rules of
:mod:`judgebench.metrics.vote` to each pair's decisions (order 0, order 1 as recorded): ``vote_accuracy`` is
the share of pairs the JudgeBench rule calls correct (what ``judgebench score`` reports, as a fraction), per
category too, and ``inconsistency`` the share of two-order pairs whose orders disagree. A pair with one of its
two orders missing counts the missing one as no decision, as ``score`` counts a null judgment.
"""

from __future__ import annotations

from collections.abc import Callable

from inspect_ai.scorer import (
    Metric,
    SampleScore,
    Score,
    Scorer,
    Target,
    grouped,
    metric,
    scorer,
)
from inspect_ai.solver import TaskState

from judgebench.integrations.inspect import CATEGORY_KEY, LABEL_KEY, ORDER_KEY, ORDERS_KEY, PAIR_ID_KEY, STORE_KEY
from judgebench.metrics.vote import is_inconsistent, vote_correct
from judgebench.records import judgment_outcome

Decisions = dict[str, tuple[str, list[str | None]]]


def pair_decisions(scores: list[SampleScore]) -> Decisions:
    """``pair_id`` → (label, decisions by order) from the samples' metadata and answers."""
    out: Decisions = {}
    for s in scores:
        meta = s.sample_metadata or {}
        pair_id, label = str(meta[PAIR_ID_KEY]), str(meta[LABEL_KEY])
        orders, order = int(meta.get(ORDERS_KEY, 2)), int(meta[ORDER_KEY])
        decisions = out.setdefault(pair_id, (label, [None] * orders))[1]
        answer = s.score.answer
        decisions[order] = answer if answer in ("A>B", "B>A", "A=B") else None
    return out


def _share(test: Callable[[str, list[str | None]], bool], keep: Callable[[list[str | None]], bool]) -> Metric:
    def compute(scores: list[SampleScore]) -> float:
        pairs = [v for v in pair_decisions(scores).values() if keep(v[1])]
        return sum(test(label, d) for label, d in pairs) / len(pairs) if pairs else 0.0

    return compute


@metric
def vote_accuracy() -> Metric:
    """The share of pairs correct under the JudgeBench vote rule (:func:`judgebench.metrics.vote.vote_correct`)."""
    return _share(vote_correct, lambda d: True)


@metric
def inconsistency() -> Metric:
    """The share of two-order pairs whose aligned decisions differ (:func:`judgebench.metrics.vote.is_inconsistent`)."""
    return _share(lambda label, d: is_inconsistent(d), lambda d: len(d) == 2)


@scorer(metrics=[vote_accuracy(), grouped(vote_accuracy(), CATEGORY_KEY, all=False), inconsistency()])
def pair_vote() -> Scorer:
    """Score one order's decision against its target; the metrics apply the vote rule per pair."""

    async def score(state: TaskState, target: Target) -> Score:
        record = state.store.get(STORE_KEY)
        outcome = judgment_outcome(record)
        decision = record.get("decision") if isinstance(record, dict) else None
        why = None
        if isinstance(record, dict):
            why = record.get("error") or record.get("no_verdict")
        return Score(
            value=1 if decision is not None and decision == target.text else 0,
            answer=decision or "",
            explanation=why or f"decision {decision} against target {target.text}",
            metadata={
                PAIR_ID_KEY: state.metadata[PAIR_ID_KEY],
                ORDER_KEY: state.metadata[ORDER_KEY],
                LABEL_KEY: state.metadata[LABEL_KEY],
                "outcome": outcome,
            },
        )

    return score
