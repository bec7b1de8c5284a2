"""Every verdict parser on a table of real and adversarial replies: no verdict, two different verdicts, a verdict
inside quoted text. ``FAIL`` rows must raise ParseError (keeping the raw reply), never return a guess."""

from __future__ import annotations

import json

import pytest

from judgebench.errors import ParseError
from judgebench.judges import parsers as P
from tests.conftest import O1_MINI

FAIL = "FAIL"

VANILLA = [
    ("Output (a)", "A>B"),
    ("Output (b)", "B>A"),
    ("  Output (b)\n", "B>A"),
    ("", FAIL),
    ("Output (a) is better", FAIL),
    ("Output (c)", FAIL),
    ('"Output (a)"', FAIL),  # quoted: not the exact answer
    ("Output (a)\nOutput (b)", FAIL),  # two verdicts
    ("output (a)", FAIL),
]

ARENA_HARD = [
    ("\nMy final verdict is Assistant A is significantly better: [[A>>B]]", "A>B"),  # recorded o1-mini reply
    ("My final verdict is Assistant B is slightly better: [[B>A]]", "B>A"),
    ("My final verdict is tie: [[A=B]]", "A=B"),
    ("[[B>>A]]", "B>A"),
    ("... [[A>B]] ... and again [[A>B]]", "A>B"),  # the same label twice is one verdict
    ("no label at all", FAIL),
    ("[[A>B]] but then [[B>A]]", FAIL),  # two different verdicts
    ("[[A>>B]] then [[A>B]]", FAIL),  # upstream counts these as two distinct labels
    ('The template says "Example output: [[A=B]]". My final verdict is [[B>A]]', FAIL),  # quoted + real
    ('Following "[[A>B]]"-style labels, my final verdict is [[A>B]]', "A>B"),  # quote agrees with verdict
    ("[[A<B]]", FAIL),  # a label that is no decision
    ("[[AB]]", FAIL),
    ("[A>B]", FAIL),
]

PROMETHEUS = [
    ("Response B is factually correct while A is not. [RESULT] B", "B>A"),
    ("Feedback ... [RESULT] A", "A>B"),
    ("[RESULT]: A", "A>B"),
    ("feedback\nResult: B", "B>A"),
    ("The output format is '(write a feedback for criteria) [RESULT] (A or B)'", FAIL),  # quoted format only
    ("[RESULT] A ... on reflection [RESULT] B", FAIL),  # two different verdicts
    ("[RESULT] A\n[RESULT] a", "A>B"),  # one letter twice (either case) is one verdict
    ("feedback\nResult: A\nResult: B", FAIL),  # two different letters among the looser patterns too
    ("[RESULT] B\nResult: A", "B>A"),  # the [RESULT] family decides before the looser ones
    ("[Response A] makes an error in step 2, so [RESULT] B", "B>A"),  # upstream took the first match: A
    ("Both are equally good.", FAIL),
    ("", FAIL),
]

AUTO_J = [
    ("1. The key factors ... 2. So, the final decision is Response 2.", "B>A"),
    ("So, the final decision is Response 1", "A>B"),
    ("So, the final decision is Tie.", "A=B"),
    ("so the final decision is response 2", "B>A"),
    ("I cannot decide.", FAIL),
    ("So, the final decision is Response 1. Wait: the final decision is Response 2", "B>A"),  # the last one
    ('I will begin with "So, the final decision is Response 1 / Response 2 / Tie"', FAIL),  # quoted options
    ("the final decision is unclear", FAIL),
]

SKYWORK = [
    ("[[A]]", "A>B"),
    ("[[B]]", "B>A"),
    ("Assistant B is better: [[B]]", "B>A"),  # upstream's loose rule says A>B (the A of "Assistant")
    ("[[A]] [[A]]", "A>B"),
    ("[[A]] or [[B]]", FAIL),  # two verdicts
    ('"[[A]]" if assistant A is better, "[[B]]" if assistant B is better', FAIL),  # quoted format
    ("B", FAIL),
    ("", FAIL),
]

PANDALM = [
    ("2\n\n### Reason: Response 2 is correct.\n\n### Reference: ...", "B>A"),
    ("1", "A>B"),
    ("Tie\n\n### Reason: both are the same", "A=B"),
    ("  1  \nreason", "A>B"),
    ("### Reason: Response 1 is better", FAIL),  # upstream: a tie
    ("12", FAIL),
    ("", FAIL),
]

JUDGE_LM = [
    ("8 9\nAssistant 2 is more accurate", "B>A"),
    ("10 7", "A>B"),
    ("7.5, 7.5\nequal", "A=B"),  # a real tie: both numbers read
    (" 8 9\n", "B>A"),  # upstream: a leading space made three parts, a tie
    ("8\n9", FAIL),
    ("Assistant 1: 8, Assistant 2: 9", FAIL),
    ("8 9 10", FAIL),
    ("nan 3", FAIL),
    ("", FAIL),
]

REFEREE = [
    ("Answer A is right.\n[[A>B]]", "A>B"),
    ("Critic said [[A>B]], but B's algebra is the correct one.\n[[B>A]]", "B>A"),  # quoted verdict earlier
    ("They agree.\n\n[[A=B]]\n\n", "A=B"),
    ("I pick A [[A>B]] or maybe [[B>A]]", FAIL),
    ("[[B>A]]\nThat is my view.", FAIL),  # the verdict must close the turn
    ("", FAIL),
]


def _check(parse, reply: str, expected: str) -> None:
    if expected == FAIL:
        with pytest.raises(ParseError) as info:
            parse(reply)
        assert info.value.raw == reply
    else:
        assert parse(reply) == expected


@pytest.mark.parametrize(("reply", "expected"), VANILLA)
def test_vanilla(reply: str, expected: str) -> None:
    _check(P.parse_vanilla, reply, expected)


@pytest.mark.parametrize(("reply", "expected"), ARENA_HARD)
def test_arena_hard(reply: str, expected: str) -> None:
    _check(P.parse_arena_hard, reply, expected)


def test_arena_hard_no_label_is_the_continuation_signal() -> None:
    with pytest.raises(P.NoVerdictError):
        P.parse_arena_hard("I think A is better but I will elaborate.")
    with pytest.raises(ParseError) as info:
        P.parse_arena_hard("[[A>B]] [[B>A]]")
    assert not isinstance(info.value, P.NoVerdictError)


@pytest.mark.parametrize(("reply", "expected"), PROMETHEUS)
def test_prometheus(reply: str, expected: str) -> None:
    _check(P.parse_prometheus, reply, expected)


def test_prometheus_says_why_it_failed() -> None:
    with pytest.raises(ParseError, match=r"two different results \(A and B\)"):
        P.parse_prometheus("[RESULT] A then [RESULT] B")
    with pytest.raises(ParseError, match=r"no \[RESULT\] A or B"):
        P.parse_prometheus("Both are fine.")


def test_prometheus_upstream_rule_kept_beside() -> None:
    assert P.upstream_prometheus("[Response A] makes an error, so [RESULT] B") == "A>B"
    assert P.upstream_prometheus("no verdict") is None


@pytest.mark.parametrize(("reply", "expected"), AUTO_J)
def test_auto_j(reply: str, expected: str) -> None:
    _check(P.parse_auto_j, reply, expected)


def test_auto_j_upstream_reads_the_quote_as_response_1() -> None:
    assert P.upstream_auto_j('begin with "So, the final decision is Response 1 / Response 2 / Tie"') == "A>B"


@pytest.mark.parametrize(("reply", "expected"), SKYWORK)
def test_skywork_strict(reply: str, expected: str) -> None:
    _check(P.parse_skywork, reply, expected)


@pytest.mark.parametrize(
    ("reply", "loose"),
    [("[[A]]", "A>B"), ("[[B]]", "B>A"), ("Assistant B is better: [[B]]", "A>B"), ("none", None), ("b", None)],
)
def test_skywork_loose_upstream_rule(reply: str, loose: str | None) -> None:
    assert P.upstream_skywork(reply) == loose


@pytest.mark.parametrize(("reply", "expected"), PANDALM)
def test_pandalm(reply: str, expected: str) -> None:
    _check(P.parse_pandalm, reply, expected)
    if expected == FAIL:
        assert P.upstream_pandalm(reply) == "A=B"  # what upstream made of it


@pytest.mark.parametrize(("reply", "expected"), JUDGE_LM)
def test_judge_lm(reply: str, expected: str) -> None:
    _check(P.parse_judge_lm, reply, expected)


def test_judge_lm_upstream_rule() -> None:
    assert P.upstream_judge_lm("8 9\n") == "B>A"
    assert P.upstream_judge_lm(" 8 9\n") == "A=B"
    assert P.upstream_judge_lm("garbage") == "A=B"


@pytest.mark.parametrize(("reply", "expected"), REFEREE)
def test_referee(reply: str, expected: str) -> None:
    _check(P.parse_referee, reply, expected)


def test_arena_hard_parser_reproduces_every_recorded_o1_mini_decision() -> None:
    n = 0
    for line in O1_MINI.read_text(encoding="utf-8").splitlines():
        for entry in json.loads(line)["judgments"]:
            assert P.parse_arena_hard(entry["judgment"]["response"]) == entry["decision"]
            n += 1
    assert n == 700
