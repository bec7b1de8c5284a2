"""Verifier edge cases that decide built labels: ground truths given as an index or ``(X) text``, several
letters in one answer, answers judged by the end of the response, names missing from a traversal answer."""

from __future__ import annotations

import pytest

import judgebench.sources  # noqa: F401 - registers the verifiers
from judgebench.verifiers.base import VERIFIERS, Check, Outcome, Question
from judgebench.verifiers.livebench_contest import aime_check, amc_check, choice_value
from judgebench.verifiers.livebench_reasoning import (
    house_traversal,
    spatial,
    web_of_lies_v2,
    web_of_lies_v3,
    zebra_old,
    zebra_solution,
)
from judgebench.verifiers.mmlu_pro import answer_letter, official_extract

C, W, U = Outcome.CORRECT, Outcome.INCORRECT, Outcome.UNVERIFIABLE


def check(verifier: str, gt: object, response: str, task: str = "", **meta: str) -> Check:
    return VERIFIERS.get(verifier)().check(Question("q", "test", task, "", gt, verifier, dict(meta)), response)


@pytest.mark.parametrize(
    ("gt", "letter"),
    [(0, "A"), (2, "C"), (9, "J"), (10, None), (-1, None), ("C", "C"), ("(C) 12 lamps", "C"), (" (D)", "D"),
     ("J) last", "J"), ("(C)12", None), ("Cat", None), ("K", None), ("", None), (2.0, None)],
)  # fmt: skip
def test_answer_letter_reads_an_index_a_letter_or_a_lettered_option(gt: object, letter: str | None) -> None:
    assert answer_letter(gt) == letter


def test_an_index_ground_truth_is_checked_as_its_letter_and_an_unreadable_one_is_unverifiable() -> None:
    assert check("mmlu-pro", 2, "CCCCC").outcome is C
    assert check("mmlu-pro", 3, "CCCCC").outcome is W
    bad = check("mmlu-pro", 10, "CCCCC")
    assert (bad.outcome, bad.rule, bad.extracted) == (U, "bad-ground-truth", None)


def test_several_letters_the_last_run_of_five_wins() -> None:
    got = check("mmlu-pro", "(D) text", "AAAAA? no: BBBBB. Final: DDDDD")
    assert (got.outcome, got.extracted, got.rule, got.detail) == (C, "D", "five-letters", None)
    wrong = check("mmlu-pro", "B", "BBBBB first, then CCCCC")
    assert (wrong.outcome, wrong.extracted, wrong.detail) == (W, "C", "expected B")
    none = check("mmlu-pro", "B", "BBBB and B")
    assert (none.outcome, none.extracted, none.detail) == (W, None, "no answer letter found")
    assert check("mmlu-pro-strict", "C", "CCCCCCCCCC").outcome is W  # ten in a row is not five, for strict
    assert check("mmlu-pro-strict", "C", "AAAAA then CCCCC").extracted == "C"


@pytest.mark.parametrize(
    ("response", "letter", "step"),
    [
        ("The answer is (B). Answer: C", "B", "answer-is"),
        ("the answer is D", "D", "answer-is"),
        ("Answer: C, no: answer: D", "D", "answer-colon"),
        ("I think A, maybe B", "B", "last-letter"),
        ("nothing here", None, "none"),
    ],
)
def test_official_chain_order(response: str, letter: str | None, step: str) -> None:
    assert official_extract(response) == (letter, step)
    assert check("mmlu-pro-official", "B", response).rule == f"official:{step}"


PROMPT = r"$\textbf{(A) }1\qquad\textbf{(B) }22\qquad\textbf{(C) }37\qquad\textbf{(D) }4\qquad\textbf{(E) }5$"


def test_the_answer_at_the_end_rules_count_characters_from_the_end() -> None:
    # AIME: the digits must be within the last 20 (2024) or 50 (2025-08) characters
    assert aime_check("025", "so 025" + "x" * 17, "2024")[0]
    assert not aime_check("025", "so 025" + "x" * 18, "2024")[0]
    assert aime_check("025", "so 025" + "x" * 47, "2025-08") == (True, "tail-50", ("025" + "x" * 47))
    assert not aime_check("025", "so 025" + "x" * 48, "2025-08")[0]
    # AMC: the GT choice's value within the last 20 + len(value) characters
    assert choice_value(PROMPT, "B") == "22" and choice_value(PROMPT, "F") == "FAILURE"
    assert amc_check("B", "it is 22" + "y" * 20, PROMPT, "2024") == (True, "answer-value-in-tail", "22")
    assert amc_check("B", "it is 22" + "y" * 21, PROMPT, "2024")[:2] == (False, "no-match")


def test_amc_rules_by_version() -> None:
    assert amc_check("B", "BBBB", PROMPT, "2024")[:2] == (True, "letter-x4")
    assert amc_check("B", "BBB", PROMPT, "2024")[:2] == (False, "no-match")
    assert amc_check("B", r"$\boxed{B}$", PROMPT, "2024")[:2] == (True, "boxed-letter")
    assert amc_check("B", r"$\boxed{\text{B}}$", PROMPT, "2024")[:2] == (False, "no-match")
    assert amc_check("B", r"$\boxed{\text{B}}$", PROMPT, "2025-08")[:2] == (True, "boxed-letter")
    assert amc_check("B", r"$\boxed{\text{F}}$", PROMPT, "2025-08")[:2] == (False, "no-match")
    assert amc_check("B", "<solution>bb</solution>", PROMPT, "2025-08")[:2] == (True, "solution-tag")
    assert amc_check("B", "<solution>ab</solution>", PROMPT, "2025-08")[:2] == (False, "no-match")
    assert amc_check("B", "<solution>bb</solution>", PROMPT, "2024")[:2] == (False, "no-match")
    assert amc_check("B", "I choose\n**b**", PROMPT, "2025-08")[:2] == (True, "last-line")
    assert amc_check("B", "I choose\nanswer (B) here", PROMPT, "2025-08")[:2] == (True, "last-line")
    assert amc_check("B", "I choose\nanswer (C) here", PROMPT, "2025-08")[:2] == (False, "no-match")
    assert amc_check("B", "I choose\n**b**", PROMPT, "2024")[:2] == (False, "no-match")


@pytest.mark.parametrize(
    ("gt", "response", "passed", "rule"),
    [
        ("alice bob carol", "**alice** then **bob** then **carol**", True, "bold-per-name"),
        ("alice bob carol", "x **noise** **alice** **bob** **carol**", True, "bold-per-name"),
        ("alice bob carol", "**Alice, Bob and Carol**", True, "last-bold-order"),
        ("alice bob carol", "**alice, carol**", False, "last-bold-order"),  # bob is missing
        ("alice bob carol", "**alice** then **carol**", False, "last-bold-order"),
        ("alice bob carol", "**carol, bob, alice**", False, "last-bold-order"),  # the wrong order
        ("alice bob carol", "**bob** **carol** **alice, bob, carol**", True, "last-bold-order"),
        ("alice alice", "**alice and alice**", True, "last-bold-order"),
        ("alice alice", "**alice**", False, "last-bold-order"),  # a name asked twice must appear twice
        ("alice bob", "alice bob, no bold", False, "no-bold"),
    ],
)
def test_house_traversal_needs_every_name_in_order(gt: str, response: str, passed: bool, rule: str) -> None:
    assert house_traversal(gt, response)[:2] == (passed, rule)


def test_web_of_lies_zebra_and_spatial_edges() -> None:
    assert web_of_lies_v2("yes", "**maybe** then **Yes**") == (True, "last-bold", "Yes")
    assert web_of_lies_v2("yes, no, yes", "**yes, no, yes, no**")[0] is False  # four words: not the triple
    assert web_of_lies_v2("yes", "no bold at all") == (False, "no-bold", None)
    assert web_of_lies_v3("yes, no, unknown", "<solution>yes, no, unknown</solution>")[:2] == (True, "solution-tag")
    assert web_of_lies_v3("yes, no, unknown", "**yes** **no** **unknown**")[:2] == (True, "bold-words")
    assert web_of_lies_v3("yes, no, unknown", "**no** **yes** **no** **unknown**")[:2] == (True, "bold-words")
    assert web_of_lies_v3("yes, no, unknown", r"$\boxed{yes, no, unknown}$")[:2] == (True, "boxed")
    assert web_of_lies_v3("yes, no, unknown", "**yes** **no**") == (False, "no-answer", None)
    assert web_of_lies_v3("yes, no, unknown", "<solution>yes, no</solution>")[0] is False
    assert zebra_old("three", "so ***3*** it is") == (True, "triple-bold", "3")
    assert zebra_old("horror movies", "the answer: horror") == (True, "last-word", "horror")
    assert zebra_old("cat", "***dog*** ... cat")[:2] == (False, "triple-bold")
    assert zebra_old("cat", "!!!") == (False, "no-answer", None)
    assert zebra_solution("1, film", "<solution>1, filmmaking</solution>")[0] is True
    assert zebra_solution("1, film", "<solution>1, film, 2</solution>")[0] is False  # one item too many
    assert zebra_solution("1, film", "no tag") == (False, "no-solution-tag", None)
    assert spatial("3", "**3** then **a** **b** **c**")[:2] == (False, "no-match")  # only the last three bold
    assert spatial("3", "**3** then **a** **b**")[:2] == (True, "bold")
    assert spatial("square", "**squares**")[:2] == (True, "bold-shape")
    assert spatial("square", "**a square that is big**")[:2] == (False, "no-match")  # much longer than the GT
    assert spatial("cube", "**cubes**")[:2] == (False, "no-match")  # not one of the shapes


@pytest.mark.parametrize(("released", "rule"), [("2024-11-24", "last-word"), ("2024-11-25", "no-solution-tag")])
def test_zebra_rule_changes_on_its_release_date(released: str, rule: str) -> None:
    got = check("livebench-reasoning", "cat", "it is cat", "zebra_puzzle", livebench_release_date=released)
    assert got.rule == rule


def test_an_unknown_reasoning_task_is_unverifiable() -> None:
    got = check("livebench-reasoning", "x", "**x**", "sudoku")
    assert (got.outcome, got.rule) == (U, "unknown-task")
    assert check("livebench-reasoning", "x", "**x**", "web_of_lies_v2").outcome is C


@pytest.mark.parametrize("letter", ["A", "J"])
@pytest.mark.parametrize(
    ("verifier", "template", "rule"),
    [("mmlu-pro", "so {0}{0}{0}{0}{0}", "five-letters"), ("mmlu-pro-strict", "so {0}{0}{0}{0}{0}.", "strict-letters"),
     ("mmlu-pro-official", "The answer is ({0}).", "official:answer-is"),
     ("mmlu-pro-official", "Answer: {0}", "official:answer-colon"),
     ("mmlu-pro-official", "I pick {0}", "official:last-letter")],
)  # fmt: skip
def test_every_rule_reads_the_first_and_last_letters(verifier: str, template: str, rule: str, letter: str) -> None:
    got = check(verifier, f"({letter}) option", template.format(letter))
    assert (got.outcome, got.extracted, got.rule) == (C, letter, rule)


def test_number_words_stop_at_twenty() -> None:
    assert zebra_old("twenty", "so ***20***") == (True, "triple-bold", "20")
    assert zebra_old("cat", "so ***21***") == (False, "triple-bold", "21")  # no word for 21: not a crash
    assert spatial("20", "**twenty**")[:2] == (True, "bold")


def test_the_last_solution_tag_is_the_answer() -> None:
    draft = "<solution>no, no, no</solution> on reflection "
    assert web_of_lies_v3("yes, no, unknown", draft + "<solution>yes, no, unknown</solution>") == (
        True,
        "solution-tag",
        "yes, no, unknown",
    )
    assert zebra_solution("1, film", "<solution>2, x</solution> no: <solution>1, film</solution>") == (
        True,
        "solution-tag",
        "1, film",
    )
    assert zebra_solution("1, film", "<solution>1, film</solution> no: <solution>2, x</solution>")[0] is False


def test_a_shape_answer_may_be_at_most_2_len_plus_4_characters() -> None:
    assert spatial("square", "**square" + "s" * 10 + "**") == (True, "bold-shape", "square" + "s" * 10)  # 16 chars
    assert spatial("square", "**square" + "s" * 11 + "**")[:2] == (False, "no-match")  # 17 = 2 * 6 + 5
    assert spatial("triangle", "**Triangles**") == (True, "bold-shape", "triangles")


def test_spatial_reports_the_last_bold_when_nothing_matches_and_v3_is_dispatched() -> None:
    assert spatial("3", "**1** then **2**") == (False, "no-match", "2")
    got = check("livebench-reasoning", "yes, no, unknown", "<solution>yes, no, unknown</solution>", "web_of_lies_v3")
    assert (got.outcome, got.rule, got.extracted) == (C, "solution-tag", "yes, no, unknown")


def test_amps_last_dollar_math_takes_the_last_blocks_right_hand_side() -> None:
    # LiveBench's AMPS_Hard step 3: the last $...$ block of the last line, only what follows its last "=" (or the
    # last alternative after "\quad \text{or} \quad"); no block on the last line: None
    from judgebench.verifiers.livebench_amps import last_dollar_math

    assert last_dollar_math("So the derivative is $f'(x) = 3x^2$") == "3x^2"
    assert last_dollar_math("first $a$ then $y = x + 1 = 2x$") == "2x"
    assert last_dollar_math("roots: $x = 1 \\quad \\text{or} \\quad x = -1$") == "-1"
    assert last_dollar_math("both $2 \\quad \\text{or} \\quad -2$") == "-2"
    assert last_dollar_math("display $$\\frac{1}{2}$$") == "\\frac{1}{2}"
    assert last_dollar_math("$x = 1$\nno math on the last line") is None
