"""LiveBench's AMPS_Hard rule, step by step and version by version: the clean-up of response and ground truth,
Minerva's normalisation, the last ``$…$`` fallback, the parsers tried, and the 1e-3 tolerance (values
hand-checked against ``process_results/math/AMPS_Hard/utils.py`` and lm-eval's minerva_math)."""

from __future__ import annotations

import pytest
import sympy

from judgebench.verifiers.base import Outcome, Question
from judgebench.verifiers.livebench_amps import (
    _matches,
    clean_ground_truth,
    clean_response,
    is_equiv,
    last_dollar_math,
    normalize_final_answer,
    parse_readings,
)
from judgebench.verifiers.livebench_math import LiveBenchMathVerifier

BOTH = ("2024", "2025-08")


@pytest.mark.parametrize(
    ("response", "v2024", "v2025"),
    [
        ("x^2 +c", "x^2 +c", "x^2 "),  # lower-case c: only 2025-08 drops it
        ("x^2 + c", "x^2 + c", "x^2 "),
        ("x^2+C", "x^2", "x^2"),
        ("x^2 + C", "x^2 ", "x^2 "),
        ("\\dfrac{1}{2}\\tfrac{3}{4}", "\\dfrac{1}{2}\\tfrac{3}{4}", "\\frac{1}{2}\\frac{3}{4}"),
        ("\\\\fbox{3}", "\\\\boxed{3}", "\\\\boxed{3}"),
        ("\\left(x\\right)\\cdot 2\n", "\\left(x\\right)\\cdot 2\n", "(x)* 2"),
        ("\\bigl(\\Bigr)\\bigr\\Bigl\\,\\;", "\\bigl(\\Bigr)\\bigr\\Bigl\\,\\;", "()"),
    ],
)
def test_clean_response(response: str, v2024: str, v2025: str) -> None:
    assert (clean_response(response, "2024"), clean_response(response, "2025-08")) == (v2024, v2025)


def test_clean_ground_truth() -> None:
    assert clean_ground_truth("\\left(x ^2\\right)\\ y") == "(x^2)*y"
    assert clean_ground_truth("x^2") == "x^2"


@pytest.mark.parametrize(
    ("answer", "normal"),
    [
        ("y = 5", " 5"),  # the right-hand side of the last "=", space kept
        ("a=b=c", "c"),
        ("1,000", "1000"),
        ("1,2", "12"),  # digits once commas go: commas dropped (Minerva's quirk)
        ("1, 2", "1, 2"),
        ("\\text{5}", "5"),
        ("\\text{a} \\text{b}", "a b"),
        ("\\textbf{x}", "x"),
        ("\\overline{3}", "3"),
        ("\\boxed{7}", "7"),
        ("\\frac12", "\\frac{1}{2}"),
        ("\\sqrt2", "\\sqrt{2}"),
        ("a $x$ b", "x"),
    ],
)
def test_normalize_final_answer(answer: str, normal: str) -> None:
    assert normalize_final_answer(answer, "2024") == normalize_final_answer(answer) == normal


def test_normalize_leaves_an_nth_root_alone_only_in_2025() -> None:
    assert normalize_final_answer("\\sqrt[3]{x}", "2025-08") == "\\sqrt[3]{x}"
    assert normalize_final_answer("\\sqrt[3]{x}", "2024") == "\\sqrt{[}3]{x}"


@pytest.mark.parametrize(
    ("response", "math"),
    [
        ("so $x = 5$", "5"),
        ("$y = 3 $", "3"),
        ("$$y=3$$", "3"),
        ("$$7$$", "7"),
        ("$a$ and $b$", "b"),
        ("$ab$", "ab"),
        ("$x \\quad \\text{or} \\quad 2$", "2"),
        ("one $", None),
        ("no dollars", None),
        ("first $1$\nsecond", None),  # only the last line counts
    ],
)
def test_last_dollar_math(response: str, math: str | None) -> None:
    assert last_dollar_math(response) == math


@pytest.mark.parametrize("version", BOTH)
def test_parse_readings(version: str) -> None:
    assert parse_readings("\\frac{1}{2}", version) == [sympy.Rational(1, 2)]  # type: ignore[arg-type]
    assert parse_readings("\\\\frac{1}{2}", version) == [sympy.Rational(1, 2)]  # type: ignore[arg-type]
    assert parse_readings("\\frac{", version) == []  # type: ignore[arg-type]


@pytest.mark.parametrize("version", BOTH)
@pytest.mark.parametrize(
    ("gt", "answer", "equal"),
    [
        ("\\frac{1}{2}", "0.5", True),
        ("\\frac{1}{2}", "0.5005", True),  # within 1e-3
        ("\\frac{1}{2}", "0.4995", True),
        ("\\frac{1}{2}", "0.499", False),  # exactly 1e-3 off: not below it
        ("\\frac{1}{2}", "0.502", False),
        ("0.001", "0", False),  # a difference of exactly 1e-3 is not below it
        ("1.0009", "1", True),
        ("3", "2", False),
        ("x^2", "x^{2}", True),
        ("\\sqrt{4}", "2", True),
        ("x", "y", False),  # a symbolic difference: not equal
        ("\\begin{pmatrix}1\\\\2\\end{pmatrix}", "3", False),  # a matrix minus a number: skipped
        ("\\frac{", "1", False),
        ("2", "\\frac{", False),
    ],
)
def test_is_equiv(version: str, gt: str, answer: str, equal: bool) -> None:
    assert is_equiv(gt, answer, version) is equal  # type: ignore[arg-type]


def test_2025_reads_with_lark_first_and_keeps_every_reading() -> None:
    x = sympy.Symbol("x")
    assert parse_readings("\\sin x^2", "2025-08") == [sympy.sin(x**2), sympy.sin(x) ** 2]  # ambiguous: both
    assert parse_readings("\\sin x^2", "2024") == [sympy.sin(x**2)]


@pytest.mark.parametrize(
    ("gt", "answer"),
    [
        ("512", "2^3^2"),  # lark: 2^(3^2); latex2sympy: (2^3)^2
        ("\\ln 8", "\\log 8"),  # lark: natural log; latex2sympy: base 10
        ("\\sin(x)^2", "\\sin x^2"),  # one of lark's two readings matches
    ],
)
def test_answers_only_the_2025_parsers_accept(gt: str, answer: str) -> None:
    assert (is_equiv(gt, answer, "2024"), is_equiv(gt, answer, "2025-08")) == (False, True)


@pytest.mark.parametrize("version", BOTH)
def test_a_difference_sympy_cannot_simplify_is_no_match(version: str) -> None:
    assert _matches(object(), version) is False  # type: ignore[arg-type]
    assert _matches(sympy.Float(0.001), version) is False  # type: ignore[arg-type]
    assert _matches(sympy.Integer(0), version) is True  # type: ignore[arg-type]


def _amps(gt: str, response: str, version: str) -> tuple[Outcome, str | None, str]:
    q = Question("q", "livebench-math", "AMPS_Hard", "", gt, "", {"subtask": "amps_hard_derivatives"})
    check = LiveBenchMathVerifier(version=version).check(q, response)  # type: ignore[arg-type]
    return check.outcome, check.extracted, check.rule


C, W = Outcome.CORRECT, Outcome.INCORRECT


@pytest.mark.parametrize(
    ("gt", "response", "v2024", "v2025"),
    [
        ("\\frac{1}{2}", "So $\\boxed{0.5}$.", (C, "0.5", "boxed"), (C, "0.5", "boxed")),
        ("\\frac{1}{2}", "So $y = \\frac{1}{2}$", (W, None, "no-boxed-answer"), (C, "\\frac{1}{2}", "last-dollar")),
        ("\\frac{1}{2}", "It is \\frac{1}{2}.", (W, None, "no-boxed-answer"), (C, "\\frac{1}{2}", "gt-tail")),
        ("\\frac{1}{2}", "It is \\frac{1}{3}", (W, None, "no-boxed-answer"), (W, "\\frac{1}{3}", "gt-tail")),
        ("x^2", "$\\boxed{x^2 + c}$", (W, "x^2 + c", "boxed"), (C, "x^2 ", "boxed")),
        ("\\left(x+1\\right)", "$\\boxed{x+1}$", (C, "x+1", "boxed"), (C, "x+1", "boxed")),
    ],
)
def test_amps_hard_verdicts(gt: str, response: str, v2024: tuple[object, ...], v2025: tuple[object, ...]) -> None:
    assert (_amps(gt, response, "2024"), _amps(gt, response, "2025-08")) == (v2024, v2025)


def test_amps_takes_the_last_of_a_list_of_ground_truths() -> None:
    q = Question("q", "livebench-math", "AMPS_Hard", "", ["3", "\\frac{1}{2}"], "", {"subtask": "amps_hard_x"})
    assert LiveBenchMathVerifier(version="2025-08").check(q, "$\\boxed{0.5}$").outcome is C
    assert LiveBenchMathVerifier(version="2025-08").check(q, "$\\boxed{3}$").outcome is W
