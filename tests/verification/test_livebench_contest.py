"""LiveBench's math_comp rules per version: which rule fires first, what it extracted, and where each stops
(the AIME tail length, the choice value's window); hand-checked against
``process_results/math/math_competitions/utils.py``."""

from __future__ import annotations

import pytest

from judgebench.verifiers.livebench_contest import aime_check, amc_check, choice_value

QUESTION = (
    r"What? $\textbf{(A) }3\qquad\textbf{(B) }\frac{1}{2}\qquad\textbf{(C) } 7 \qquad\textbf{(D) }~12~\qquad"
    r"\textbf{(E) }100$"
)


def test_choice_values_as_livebench_reads_them() -> None:
    values = [choice_value(QUESTION, letter) for letter in "ABCDE"]
    assert values == ["3", "\\frac{1}{2}", "7", "12", "100"]
    assert choice_value(QUESTION, "F") == "FAILURE" and choice_value("no choices", "A") == "FAILURE"


NO = (False, "no-match", None)
HALF = (True, "answer-value-in-tail", "\\frac{1}{2}")


@pytest.mark.parametrize(
    ("gt", "response", "v2024", "v2025"),
    [
        ("C", "<solution>c</solution>", NO, (True, "solution-tag", "C")),
        ("C", "<solution>CC</solution>", NO, (True, "solution-tag", "C")),
        ("C", "<solution>CD</solution>", NO, NO),
        ("C", "<solution>C</solution> then <solution>D</solution>", NO, NO),  # the last tag counts
        ("C", "So CCCC", (True, "letter-x4", "CCCC"), (True, "letter-x4", "CCCC")),
        ("C", "So CCC", NO, NO),
        ("C", "$\\boxed{C}$", (True, "boxed-letter", "C"), (True, "boxed-letter", "c")),
        ("C", "$\\boxed{\\text{C}}$", (False, "no-match", "\\text{C}"), (True, "boxed-letter", "c")),
        ("C", "$\\boxed{c}$", (False, "no-match", "c"), (True, "boxed-letter", "c")),
        ("A", "$\\boxed{B}$", (False, "no-match", "B"), (False, "no-match", "b")),
        ("C", "\\\\fbox{C}", (True, "boxed-letter", "C"), (True, "boxed-letter", "c")),
        ("C", "$\\boxed{(C)}$", (False, "no-match", "(C)"), (True, "last-line", "$\\boxed{(C)}$")),
        ("C", "the answer is 7 indeed", (True, "answer-value-in-tail", "7"), (True, "answer-value-in-tail", "7")),
        ("C", "7" + "x" * 20, (True, "answer-value-in-tail", "7"), (True, "answer-value-in-tail", "7")),
        ("C", "7" + "x" * 21, NO, NO),  # the value must sit in the last 20 + len(value) characters
        ("B", "x" * 40 + "\\frac{1}{2}" + "x" * 20, HALF, HALF),
        ("C", "blah\n**C**", NO, (True, "last-line", "**C**")),
        ("C", "blah\nC\n", NO, (True, "last-line", "C")),
        ("C", "blah\n(c)", NO, (True, "last-line", "(c)")),
        ("C", "blah\nThe answer is (C) I think", NO, (True, "last-line", "The answer is (C) I think")),
        ("C", "blah\n" + "y" * 50 + " (C)", NO, (True, "last-line", ("y" * 50 + " (C)")[-40:])),
        ("C", "blah\n(D) not (C)", NO, NO),  # the first brackets
        ("C", "blah\nanswer (C", NO, NO),  # an unclosed bracket holds nothing
        ("C", "nothing", NO, NO),
    ],
)  # fmt: skip
def test_amc_rules(gt: str, response: str, v2024: tuple[object, ...], v2025: tuple[object, ...]) -> None:
    assert amc_check(gt, response, QUESTION, "2024") == v2024
    assert amc_check(gt, response, QUESTION, "2025-08") == v2025


def test_a_question_without_choices_matches_livebenchs_failure_placeholder() -> None:
    assert amc_check("C", "my answer: FAILURE", "no choices", "2024") == (True, "answer-value-in-tail", "FAILURE")


def test_aime_looks_at_the_last_20_or_50_characters() -> None:
    assert aime_check("123", "123" + "y" * 17, "2024") == (True, "tail-20", "123" + "y" * 17)
    assert aime_check("123", "123" + "y" * 18, "2024") == (False, "tail-20", "23" + "y" * 18)
    assert aime_check("123", "123" + "y" * 47, "2025-08")[:2] == (True, "tail-50")
    assert aime_check("123", "123" + "y" * 48, "2025-08")[:2] == (False, "tail-50")
