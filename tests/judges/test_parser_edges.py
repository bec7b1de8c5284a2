"""Decision parsing at its edges: scores that are not finite, both orders of a score pair, upstream's rules for
each outcome, and the reply shown in a failure (cut to its last 200 characters)."""

from __future__ import annotations

import pytest

from judgebench.errors import ParseError
from judgebench.judges import parsers as P


@pytest.mark.parametrize("reply", ["inf 3", "3 -inf", "3 nan", "nan nan"])
def test_judge_lm_scores_must_be_finite(reply: str) -> None:
    with pytest.raises(ParseError, match="not finite"):
        P.judge_lm_scores(reply)


def test_judge_lm_scores_are_read_in_order() -> None:
    assert P.judge_lm_scores("3,\t9.5\nwhy") == (3.0, 9.5)
    assert P.parse_judge_lm("9 3") == "A>B" and P.parse_judge_lm("3 9") == "B>A" and P.parse_judge_lm("4 4") == "A=B"
    with pytest.raises(ParseError, match="not numbers"):
        P.judge_lm_scores("a b")
    with pytest.raises(ParseError, match="exactly two scores"):
        P.judge_lm_scores("1")


def test_upstream_rules_for_each_outcome() -> None:
    assert P.upstream_judge_lm("9 8") == "A>B" and P.upstream_judge_lm("8,9") == "B>A"
    assert P.upstream_judge_lm("8 8") == "A=B" and P.upstream_judge_lm("x 8") == "A=B"
    assert P.upstream_pandalm("1\nwhy") == "A>B" and P.upstream_pandalm(" 2 ") == "B>A"
    assert P.upstream_auto_j("so the final decision is Response 2") == "B>A"
    assert P.upstream_auto_j("so the final decision is tie.") == "A=B"
    assert P.upstream_auto_j("the final decision is unclear") is None and P.upstream_auto_j("nothing") is None
    assert P.upstream_prometheus("feedback [RESULT] B") == "B>A"


def test_a_failure_shows_the_reply_or_its_last_200_characters() -> None:
    short = "x" * 200
    with pytest.raises(ParseError) as info:
        P.parse_vanilla(short)
    assert str(info.value).endswith(repr(short)) and info.value.raw == short
    long = "y" * 150 + "z" * 151
    with pytest.raises(ParseError) as info:
        P.parse_vanilla(long)
    assert str(info.value).endswith(repr("…" + long[-200:])) and info.value.raw == long


def test_referee_folds_strong_verdicts_and_refuses_unknown_labels() -> None:
    assert P.parse_referee("I think so.\n[[B>>A]]") == "B>A"
    with pytest.raises(ParseError, match=r"unknown verdict label \[\[A<B\]\]"):
        P.parse_referee("[[A<B]]")
    with pytest.raises(ParseError, match="several verdict labels"):
        P.parse_referee("[[A>B]] [[A=B]]")
    with pytest.raises(ParseError, match="both \\[\\[A\\]\\] and \\[\\[B\\]\\]"):
        P.parse_skywork("[[A]] or [[B]]")


def test_auto_j_says_which_part_is_missing() -> None:
    with pytest.raises(ParseError, match="no 'final decision is'"):
        P.parse_auto_j("Response 1 is better. I cannot decide.")
    with pytest.raises(ParseError, match="quotes the option list"):
        P.parse_auto_j("the final decision is Response 1 / Response 2 / Tie")
    with pytest.raises(ParseError, match="not followed by Response 1, Response 2 or Tie"):
        P.parse_auto_j("the final decision is pending")


def test_upstream_auto_j_needs_the_phrase_anywhere_including_the_start() -> None:
    assert P.upstream_auto_j("final decision is Response 1") == "A>B"  # the phrase at position 0
    assert P.upstream_auto_j("a" * 17 + "response 1") is None  # no phrase: nothing, whatever follows
    with pytest.raises(ParseError, match=r"no \[\[A\]\] or \[\[B\]\] label"):
        P.parse_skywork("A is better")
