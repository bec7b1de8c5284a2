"""Math-Verify as a second opinion (``math-verify``): which answer it reads, what it calls equal, and the
failures it reports as unverifiable rather than as a wrong response."""

from __future__ import annotations

import math_verify
import pytest

from judgebench.verifiers.base import Check, Outcome, Question
from judgebench.verifiers.builtin import VERIFIERS
from judgebench.verifiers.math_equivalence import MathVerifyVerifier

C, W, U = Outcome.CORRECT, Outcome.INCORRECT, Outcome.UNVERIFIABLE


def _check(gt: str, response: str, **kw: float) -> Check:
    q = Question("q", "livebench-math", "AMPS_Hard", "", gt, "math-verify")
    return MathVerifyVerifier(**kw).check(q, response)


@pytest.mark.parametrize(
    ("gt", "response", "outcome", "extracted"),
    [
        # a letter ground truth is matched as a string among A-E (case kept)
        ("C", "The answer is C", C, "C"),
        (" C\n", "The answer is C", C, "C"),  # the ground truth is stripped
        ("C", "The answer is (B)", W, None),
        ("C", "the answer is c", W, None),
        ("C", "I think B, no wait: final answer C", C, "C"),
        ("E", "Final answer: E", C, "E"),
        # plain numbers and expressions
        ("5", "5", C, "5"),
        ("5", r"$\boxed{5}$", C, "5"),
        ("3", "The answer is 3.", C, "3"),
        ("3", "x = 3 and then 4", W, "4"),  # no box: the last expression
        (r"\{1,2\}", r"$\boxed{\{2,1\}}$", C, r"\{2,1\}"),
        # a boxed answer wins over a later unboxed one
        ("3", r"$\boxed{3}$, though some say $5$", C, "3"),
        ("5", r"$\boxed{3}$, though some say $5$", W, "3"),
        ("3", r"The final answer is $5$. I hope it is right: $\boxed{3}$", C, "3"),  # even over "final answer"
        # +C is dropped, written either way
        ("x^2", r"$\boxed{x^2 + C}$", C, "x^2"),
        ("x^2", r"$\boxed{x^2+C}$", C, "x^2"),
        ("x^2", r"$\boxed{x^3}$", W, "x^3"),
        # floats are rounded, not LiveBench's 1e-3 tolerance
        (r"\frac{29}{\sqrt{2}}", r"$\boxed{20.5061}$", W, "20.5061"),
        (r"\frac{29}{\sqrt{2}}", r"$\boxed{\frac{29 \sqrt{2}}{2}}$", C, None),
        (r"\frac{1}{2}", r"$\boxed{0.5}$", C, None),
        (r"\frac{1}{2}", r"$\boxed{0.25}$", W, "0.25"),
    ],
)
def test_outcome_and_extracted_answer(gt: str, response: str, outcome: Outcome, extracted: str | None) -> None:
    check = _check(gt, response)
    assert (check.outcome, check.rule, check.detail) == (outcome, "math-verify", None)
    if extracted is not None or outcome is W:
        assert check.extracted == extracted


@pytest.mark.parametrize("gt", ["", "F"])
def test_an_unreadable_ground_truth_is_unverifiable(gt: str) -> None:
    check = _check(gt, "F")
    assert (check.outcome, check.extracted, check.rule) == (U, None, "math-verify")
    assert check.detail == f"cannot parse the ground truth {gt!r}"


def test_a_check_past_its_time_limit_is_unverifiable(monkeypatch: pytest.MonkeyPatch) -> None:
    def spin(*args: object, **kwargs: object) -> list[object]:
        while True:  # a parse that never ends (sympy on a pathological expression)
            pass

    assert _check("2", r"$\boxed{2}$", timeout_s=0).outcome is C  # 0: no limit
    monkeypatch.setattr(math_verify, "parse", spin)
    check = _check("2", r"$\boxed{2}$", timeout_s=0.05)
    assert (check.outcome, check.extracted, check.rule, check.detail) == (U, None, "math-verify", "ran past 0.05 s")


def test_math_verify_failing_is_the_checkers_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> bool:
        raise ValueError("sympy gave up")

    monkeypatch.setattr(math_verify, "verify", boom)
    check = _check("2", r"$\boxed{2}$")
    assert (check.outcome, check.extracted, check.rule) == (U, None, "math-verify")
    assert check.detail == "ValueError: sympy gave up"


def test_verify_gets_gold_first_and_no_inner_timeouts(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[object, ...]] = []
    real = math_verify.verify

    def spy(gold: object, pred: object, **kwargs: object) -> bool:
        seen.append((gold, pred, kwargs))
        return bool(real(gold, pred, **kwargs))  # type: ignore[arg-type]

    monkeypatch.setattr(math_verify, "verify", spy)
    assert _check("7", r"$\boxed{7}$").outcome is C
    ((gold, pred, kwargs),) = seen
    assert [str(g) for g in gold] == ["7", "7"] and str(pred[-1]) == "7"  # type: ignore[index]
    assert kwargs == {"timeout_seconds": None, "raise_on_error": False}


def test_registered_with_its_defaults() -> None:
    v = VERIFIERS.get("math-verify")()
    assert isinstance(v, MathVerifyVerifier) and (v.name, v.timeout_s) == ("math-verify", 10.0)


def test_a_long_failure_is_cut_to_200_characters(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> bool:
        raise RuntimeError("y" * 400)

    monkeypatch.setattr(math_verify, "verify", boom)
    assert _check("2", r"$\boxed{2}$").detail == ("RuntimeError: " + "y" * 400)[:200]
