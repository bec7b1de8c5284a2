"""``livebench-math``'s dispatch: which rule family a question's subtask (or task) picks, what each version
does first (the think block), and the outcomes that are not the response's fault (unverifiable)."""

from __future__ import annotations

import pytest

from judgebench.verifiers import livebench_math
from judgebench.verifiers.base import Check, Outcome, Question
from judgebench.verifiers.livebench_math import LiveBenchMathVerifier, task_kind

C, W, U = Outcome.CORRECT, Outcome.INCORRECT, Outcome.UNVERIFIABLE


@pytest.mark.parametrize(
    ("task", "subtask", "kind"),
    [
        ("math_comp", "amc_12a_2023", "amc"),
        ("math_comp", "smc_2023", "amc"),
        ("math_comp", "updated_amc_12a_2023", "amc"),
        ("x", "amc", "amc"),
        ("x", "new_amc", "amc"),  # "amc" second of exactly two parts
        ("x", "amc12", ""),
        ("math_comp", "aime_2024", "aime"),
        ("x", "new_aime", ""),
        ("olympiad", "imo_2023", "proof"),
        ("olympiad", "usamo_2023", "proof"),
        ("olympiad", None, "proof"),
        ("olympiad_x", None, ""),
        ("AMPS_Hard", "amps_hard_derivatives", "amps"),
        ("x", "AMPS_HARD_x", "amps"),
        ("AMPS_Hard", None, "amps"),
        ("math_comp", None, ""),  # the task alone names no rule
    ],
)
def test_task_kind(task: str, subtask: str | None, kind: str) -> None:
    q = Question("q", "livebench-math", task, "", "A", "", {"subtask": subtask} if subtask else {})
    assert task_kind(q) == kind


def _check(task: str, subtask: str | None, gt: str, response: str, version: str = "2025-08", **kw: float) -> Check:
    q = Question("q", "livebench-math", task, "", gt, "", {"subtask": subtask} if subtask else {})
    return LiveBenchMathVerifier(version=version, **kw).check(q, response)  # type: ignore[arg-type]


def test_the_think_block_is_dropped_only_in_2025() -> None:
    assert _check("math_comp", "amc_12a", "C", "<think>CCCC</think> no") == Check(W, None, "no-match")
    assert _check("math_comp", "amc_12a", "C", "<think>CCCC</think> no", "2024") == Check(C, "CCCC", "letter-x4")
    assert _check("math_comp", "aime_2024", "123", "<think>x</think>so 123", "2024") == Check(
        C, "hink>x</think>so 123", "tail-20"
    )
    assert _check("math_comp", "aime_2024", "123", "<think>123</think>so 12") == Check(W, "so 12", "tail-50")


@pytest.mark.parametrize("gt", ["F", "AB", ""])
def test_an_amc_ground_truth_must_be_one_letter(gt: str) -> None:
    detail = f"AMC answer must be A-E, got {gt!r}"
    assert _check("math_comp", "amc_12a", gt, gt * 4 + " A") == Check(U, None, "bad-ground-truth", detail)


def test_unknown_tasks_are_unverifiable_by_name() -> None:
    assert _check("x", "weird", "1", "1") == Check(U, None, "unknown-task", "no LiveBench math rule for 'weird'")
    assert _check("x", None, "1", "1") == Check(U, None, "unknown-task", "no LiveBench math rule for 'x'")


def test_olympiad_outcome_and_score() -> None:
    assert _check("olympiad", "imo", "1,2,3", "Answer: 3, 1, 2") == Check(
        W, "3,1,2", "answer-line", "LiveBench score 0.3333"
    )
    assert _check("olympiad", "imo", "1,2,3", "Answer: 1, 2, 3") == Check(
        C, "1,2,3", "answer-line", "LiveBench score 1.0000"
    )


def test_a_comparison_past_its_time_limit_is_unverifiable(monkeypatch: pytest.MonkeyPatch) -> None:
    def spin(*args: object) -> bool:
        while True:  # sympy on a pathological expression
            pass

    monkeypatch.setattr(livebench_math, "is_equiv", spin)
    slow = _check("AMPS_Hard", "amps_hard_int", "\\frac{1}{2}", "$\\boxed{0.5}$", timeout_s=0.05)
    assert slow == Check(U, "0.5", "boxed", "sympy ran past 0.05 s")


def test_amps_outcomes() -> None:
    assert _check("AMPS_Hard", "amps_hard_int", "x^2", "$\\boxed{x^3}$") == Check(W, "x^3", "boxed")
    # gt-tail: one trailing "." dropped, then the answer must end with the ground truth
    assert _check("AMPS_Hard", "amps_hard_int", "\\frac{1}{2}", "It is \\frac{1}{2}.") == Check(
        C, "\\frac{1}{2}", "gt-tail"
    )
    assert _check("AMPS_Hard", "amps_hard_int", "\\frac{1}{2}", "It is \\frac{1}{2}..") == Check(
        W, "frac{1}{2}.", "gt-tail"
    )
    assert _check("AMPS_Hard", "amps_hard_int", "\\frac{1}{2}", "It is \\frac{1}{2}", "2024") == Check(
        W, None, "no-boxed-answer"
    )


def test_2025_cleans_the_ground_truth_first() -> None:
    # "\\ " (a LaTeX space) in a ground truth becomes "*" before comparing
    assert _check("AMPS_Hard", "amps_hard_int", "x\\ y", "x*y") == Check(C, "x*y", "gt-tail")
    assert _check("AMPS_Hard", "amps_hard_int", "e^{2\\ x}", "$\\boxed{e^{2x}}$") == Check(C, "e^{2x}", "boxed")
    assert _check("AMPS_Hard", "amps_hard_int", "x\\ y", "x*y", "2024") == Check(W, None, "no-boxed-answer")


def test_the_default_version_is_judgebenchs() -> None:
    v = LiveBenchMathVerifier()
    assert (v.name, v.version, v.timeout_s) == ("livebench-math", "2024", 60.0)
