"""Turning one or two decisions on a pair into "correct or not".

The JudgeBench rule (paper §4, upstream ``utils/metrics.py``): flip the second decision back into the
original positions; +1 for each decision equal to the label, -1 for each equal to the flipped label, 0 for
ties and nulls; the pair is correct when the sum is positive. With a single order this is plain accuracy
(the decision equals the label). Other aggregation rules sit beside it in :data:`AGGREGATIONS`, a registry
third-party packages extend through the ``judgebench.metrics`` entry-point group.

A rule gives each pair a credit in [0, 1]; its ``denominator`` fact (1 unless declared) says in what steps:
``vote``, ``first``, ``second`` and ``agree`` give 0 or 1, ``average`` (LLMBar's "Acc.") the share of the
pair's orders that are right, in halves. A file's accuracy is the mean credit, counted in whole units:
``denominator`` units per pair, so under ``average`` k/n are orders right / orders.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from judgebench.records import flip
from judgebench.registry import Registry

Aggregation = Callable[[str, Sequence[str | None]], float]
AGGREGATIONS: Registry[Aggregation] = Registry("aggregation rule", "judgebench.metrics", facts={"denominator": 1})


def aligned(decisions: Sequence[str | None]) -> list[str | None]:
    """Decisions in the original positions: the second one flipped back."""
    out = list(decisions)
    if len(out) > 1:
        out[1] = flip(out[1])
    return out


def vote_sum(label: str, decisions: Sequence[str | None]) -> int:
    """+1 per order that picks the labelled answer, -1 per order that picks the other, 0 otherwise."""
    wrong = flip(label)
    total = 0
    for d in aligned(decisions):
        if d == label:
            total += 1
        elif d == wrong:
            total -= 1
    return total


def vote_correct(label: str, decisions: Sequence[str | None]) -> bool:
    """The JudgeBench rule: correct when the vote sum is positive."""
    return vote_sum(label, decisions) > 0


def first_order_correct(label: str, decisions: Sequence[str | None]) -> bool:
    """Only the first order counts (what a single-order run measures)."""
    return bool(decisions) and decisions[0] == label


def both_agree_correct(label: str, decisions: Sequence[str | None]) -> bool:
    """Strict: every order must pick the labelled answer."""
    return bool(decisions) and all(d == label for d in aligned(decisions))


def second_order_correct(label: str, decisions: Sequence[str | None]) -> bool:
    """Only the second order counts, flipped back (LLMBar's ``correct_True``); a single-order pair is wrong."""
    return len(decisions) > 1 and aligned(decisions)[1] == label


def order_average(label: str, decisions: Sequence[str | None]) -> float:
    """LLMBar's "Acc." (``correct_average``): the share of the pair's orders whose decision is the label.

    Over a file of two-order pairs this is the mean of the two orders' accuracies.
    """
    both = aligned(decisions)
    return sum(d == label for d in both) / len(both) if both else 0.0


# added, not decorated: the registry's entry type (a float credit) would hide the pair rules' bool
for _name, _rule in (
    ("vote", vote_correct),
    ("first", first_order_correct),
    ("agree", both_agree_correct),
    ("second", second_order_correct),
):
    AGGREGATIONS.add(_name, _rule)
AGGREGATIONS.add("average", order_average, denominator=2)


def credit_units(rule: str) -> int:
    """The ``denominator`` of a rule: a pair's credit is counted in steps of 1/denominator."""
    units = AGGREGATIONS.facts(rule)["denominator"]
    return units if isinstance(units, int) and units > 0 else 1


def pair_outcome(label: str, decisions: Sequence[str | None]) -> str:
    """``correct``, ``incorrect`` or ``undecided`` (sum zero: ties, nulls or a split vote)."""
    s = vote_sum(label, decisions)
    return "correct" if s > 0 else "incorrect" if s < 0 else "undecided"


def is_inconsistent(decisions: Sequence[str | None]) -> bool:
    """Two orders whose aligned decisions differ (upstream's position-inconsistency count)."""
    if len(decisions) < 2:
        return False
    first, second = aligned(decisions)[:2]
    return first != second
