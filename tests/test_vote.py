"""The vote rule on hand-computed cases (label A>B unless stated; second decision is in swapped positions)."""

from __future__ import annotations

import pytest

from judgebench.metrics.vote import AGGREGATIONS, is_inconsistent, pair_outcome, vote_sum

CASES = [
    # (label, decisions, vote sum, vote correct, first-order correct, both-agree correct, inconsistent)
    ("A>B", ["A>B", "B>A"], 2, True, True, True, False),  # both right (second flipped back is A>B)
    ("A>B", ["A>B", "A=B"], 1, True, True, False, True),  # one right, one tie
    ("A>B", ["A>B", "A>B"], 0, False, True, False, True),  # one right, one wrong (position-biased judge)
    ("A>B", ["A=B", "A=B"], 0, False, False, False, False),  # two ties
    ("A>B", [None, "B>A"], 1, True, False, False, True),  # a null and a right
    ("A>B", [None, None], 0, False, False, False, False),  # two nulls
    ("A>B", ["B>A", "A>B"], -2, False, False, False, False),  # both wrong
    ("A>B", ["B>A", "A=B"], -1, False, False, False, True),  # one wrong, one tie
    ("B>A", ["B>A", "A>B"], 2, True, True, True, False),  # label B>A, both right
    ("B>A", ["B>A"], 1, True, True, True, False),  # single order right
    ("B>A", ["A=B"], 0, False, False, False, False),  # single order tie
    ("A>B", ["B>A"], -1, False, False, False, False),  # single order wrong
    ("A>B", [None], 0, False, False, False, False),  # single order null
]


@pytest.mark.parametrize(("label", "decs", "s", "vote", "first", "agree", "incons"), CASES)
def test_rules_by_hand(label, decs, s, vote, first, agree, incons):
    assert vote_sum(label, decs) == s
    assert AGGREGATIONS.get("vote")(label, decs) is vote
    assert AGGREGATIONS.get("first")(label, decs) is first
    assert AGGREGATIONS.get("agree")(label, decs) is agree
    assert is_inconsistent(decs) is incons
    assert pair_outcome(label, decs) == ("correct" if s > 0 else "incorrect" if s < 0 else "undecided")


def test_unknown_rule_lists_known_ones():
    from judgebench.errors import ConfigError

    with pytest.raises(ConfigError, match="known: agree, average, first, second, vote"):
        AGGREGATIONS.get("majority")


# LLMBar's rules (evaluate.py: correct_True = the second order's winner, correct_average = the mean of the two
# orders' accuracies), by hand: (label, decisions, second-order correct, average credit)
LLMBAR_CASES = [
    ("A>B", ["A>B", "B>A"], True, 1.0),  # both right
    ("A>B", ["A>B", "A>B"], False, 0.5),  # position-biased: first right, second (flipped back B>A) wrong
    ("A>B", ["B>A", "B>A"], True, 0.5),  # first wrong, second right: vote 0, average still half
    ("A>B", ["A>B", "A=B"], False, 0.5),  # a tie counts as wrong in its order
    ("A>B", [None, "B>A"], True, 0.5),  # a failed order counts as wrong in its order
    ("B>A", ["A>B", "B>A"], False, 0.0),  # both wrong
    ("B>A", ["B>A"], False, 1.0),  # single order: no second order; average = the one order
]


@pytest.mark.parametrize(("label", "decs", "second", "average"), LLMBAR_CASES)
def test_llmbar_rules_by_hand(label, decs, second, average):
    assert AGGREGATIONS.get("second")(label, decs) is second
    assert AGGREGATIONS.get("average")(label, decs) == average
    assert AGGREGATIONS.facts("average")["denominator"] == 2
    assert AGGREGATIONS.facts("second")["denominator"] == 1


def test_credit_units_are_the_rules_denominator_or_one(monkeypatch) -> None:
    # a pair's credit is counted in 1/denominator steps: 1 for the vote rule, 2 for LLMBar's order average; a
    # plugin rule declaring no usable denominator (0, negative, not a whole number) counts in whole pairs
    from judgebench.metrics.vote import AGGREGATIONS, credit_units

    assert credit_units("vote") == 1 and credit_units("average") == 2
    for bad in (0, -2, None, "2", 1.5):
        monkeypatch.setattr(AGGREGATIONS, "facts", lambda rule, bad=bad: {"denominator": bad})
        assert credit_units("plugin-rule") == 1, bad


@pytest.mark.parametrize("rule", ["vote", "first", "agree", "second", "average"])
def test_a_pair_with_no_decisions_earns_no_credit_under_any_rule(rule) -> None:
    # a rule reached through the registry (a plugin, the Python API) may be handed a pair nobody judged: no order
    # picked the labelled answer, so no credit, not a free point
    for label in ("A>B", "B>A"):
        assert AGGREGATIONS.get(rule)(label, []) == 0
    assert vote_sum("A>B", []) == 0 and pair_outcome("A>B", []) == "undecided"
    assert is_inconsistent([]) is False and is_inconsistent(["B>A"]) is False
