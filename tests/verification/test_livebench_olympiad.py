"""LiveBench's olympiad rule (proof rearrangement): which step reads the expression order, the order it reads,
and the partial-credit score, exactly as LiveBench's own scorer recorded it (fixtures/livebench_math_*)."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from pathlib import Path

import pytest

from judgebench.errors import VerificationError
from judgebench.verifiers.base import Outcome, Question
from judgebench.verifiers.livebench_math import LiveBenchMathVerifier
from judgebench.verifiers.livebench_olympiad import (
    NO_ANSWER,
    edit_distance,
    expression_order,
    first_digit_run,
    proof_score,
)
from judgebench.verifiers.timeouts import time_limit

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def _bounded() -> Iterator[None]:
    """Each test reads a few short strings: one that runs for seconds is looping (fails instead of hanging)."""
    with time_limit(3.0):
        yield


NA = NO_ANSWER


def _rows(name: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines() if line.strip()]


RECORDED = {row["id"]: row for row in _rows("livebench_math_expected.jsonl")}
OLYMPIAD = [row for row in _rows("livebench_math_corpus.jsonl") if row.get("subtask") in ("imo", "usamo")]


@pytest.mark.parametrize("row", OLYMPIAD, ids=[str(row["id"]) for row in OLYMPIAD])
def test_partial_credit_is_livebenchs_score(row: dict[str, object]) -> None:
    want = RECORDED[row["id"]]
    question = Question("q", "livebench-math", "olympiad", "", row["ground_truth"], "", {"subtask": row["subtask"]})
    check = LiveBenchMathVerifier(version="2025-08").check(question, str(row["response"]))
    if want["error"]:
        assert check.outcome is Outcome.UNVERIFIABLE and check.rule == "livebench-scorer-error"
        return
    response = str(row["response"]).split("</think>")[-1]  # LiveBench drops the think block first
    score, order, _ = proof_score(str(row["ground_truth"]), response, "2025-08")
    assert math.isclose(score, float(want["score"]), abs_tol=1e-12)  # type: ignore[arg-type]
    assert check.detail == f"LiveBench score {score:.4f}" and check.extracted == ",".join(map(str, order))
    assert check.outcome is (Outcome.CORRECT if want["score"] == 1 else Outcome.INCORRECT)


@pytest.mark.parametrize(
    ("generation", "version", "order", "step"),
    [
        # 2025-08, step 1: the last line holding "answer:", each item's last word, junk removed
        ("ANSWER: 3, 1, 2", "2025-08", [3, 1, 2], "answer-line"),
        ("Answer: 4, 5\nmore text\nanswer: 1, 2 ", "2025-08", [1, 2], "answer-line"),
        ("Answer: **3**, **1**.", "2025-08", [3, 1], "answer-line"),
        ("Answer: $\\boxed{3}$, 1", "2025-08", [3, 1], "answer-line"),
        ("Answer: expression 3, expression 1", "2025-08", [3, 1], "answer-line"),
        ("Answer: 3, <1>, {2}", "2025-08", [3, 1, 2], "answer-line"),
        ("Answer: 3, 1 2, 2", "2025-08", [3, 2, 2], "answer-line"),
        ("Answer: 1, 2, 3x, 4, 5", "2025-08", [1, 2, NA, 4, 5], "answer-line"),
        ("answer: 1abc, 2, 3", "2025-08", [NA, 2, 3], "answer-line"),
        ("Answer:\n3, 1", "2025-08", [3, 1], "answer-line"),  # empty: the next line
        ("Think.\nAnswer:\n3, 1\nDone.", "2025-08", [3, 1], "answer-line"),
        ("Answer: 2, 1\n\\boxed{3,1}", "2025-08", [2, 1], "answer-line"),  # before the box
        # step 2: the last box, when the answer line reads no integer
        ("Think.\nAnswer: none\n\\boxed{3, 1, 2}", "2025-08", [3, 1, 2], "boxed"),
        ("\\boxed{1}, then \\boxed{\\text{2, 3}}\nok", "2025-08", [2, 3], "boxed"),
        # step 3: the last line, each item cut to its first digits
        ("x\nAnswer:\n\n2, 1", "2025-08", [2, 1], "last-line"),  # the line after is blank: no answer line
        ("Answer: x\nThe order: 3, 1, 2", "2025-08", [3, 1, 2], "last-line"),
        ("\\boxed{}\n3, 1", "2025-08", [3, 1], "last-line"),
        ("blah 3 and 1", "2025-08", [3], "last-line"),
        ("Answer 3, 1, 2", "2025-08", [3, 1, 2], "last-line"),  # no colon: not an answer line
        # step 4: after the last "answer:", stopping after the first later item that needed cutting
        ("answer: 3x, ₂y\nend.", "2025-08", [3], "after-answer"),  # a lone subscript two is skipped
        ("no digits", "2025-08", [], "after-answer"),
        ("Answer:", "2025-08", [], "after-answer"),
        # 2024: only step 4, split on a case-sensitive "Answer"
        ("Answer: 1, 2, 3x, 4, 5", "2024", [1, 2, 3], "after-answer"),
        ("answer: 1abc, 2, 3", "2024", [1, 2, 3], "after-answer"),  # the first item's cut does not stop
        ("Answer: 4, 5\nmore text\nanswer: 1, 2 ", "2024", [4, 5], "after-answer"),
        ("Answer: 3, <1>, {2}", "2024", [3, 1], "after-answer"),
        ("Think.\nAnswer: none\n\\boxed{3, 1, 2}", "2024", [3, 1, 2], "after-answer"),
    ],
)
def test_expression_order(generation: str, version: str, order: list[object], step: str) -> None:
    assert expression_order(generation, version) == (order, step)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("generation", "version"),
    [
        ("We get Answer 3, 1₂, 2", "2024"),
        ("answer: 3x, ₂y\nend.", "2024"),
        ("answer: x²\nthe end", "2025-08"),  # step 4: no integer on the answer line nor the last line
    ],
)
def test_a_digit_int_cannot_read_is_livebenchs_crash(generation: str, version: str) -> None:
    with pytest.raises(VerificationError, match="LiveBench's olympiad scorer fails on"):
        expression_order(generation, version)  # type: ignore[arg-type]


def test_first_digit_run_and_what_it_dropped() -> None:
    assert first_digit_run("ab12c3") == ("12", 4)
    assert first_digit_run("42") == ("42", 0)
    assert first_digit_run("xyz") == ("", 3)
    assert first_digit_run("") == ("", 0)


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ([1, 2, 3], [1, 3], 1),
        ([1, 3], [1, 2, 3], 1),
        ([], [1, 2], 2),
        ([1, 2], [], 2),
        ([1, 2], [2, 1], 2),
        ([1, 2, 3], [1, 4, 3], 1),
        ([3, 1, 2], [1, 2, 3], 2),
        ([1, 2, 3, 4], [2, 3, 4, 5], 2),
        ([NA, 2], [1, 2], 1),
    ],
)
def test_edit_distance(a: list[object], b: list[object], distance: int) -> None:
    assert edit_distance(a, b) == distance  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("gt", "generation", "score"),
    [
        ("1,2,3", "Answer: 1, 2, 3", 1.0),
        ("1,2,3", "Answer: 3, 1, 2", 1 - 2 / 3),
        ("1,2,3", "Answer: 1, 2", 1 - 1 / 3),  # a missing item: divided by the longer length
        ("1,2", "Answer: 1, 2, 3, 4", 1 - 2 / 4),
        ("4,1,2,3", "Answer: 2, 1, 3, 4", 0.25),
        ("1,2", "no digits", 0.0),
    ],
)
def test_proof_score(gt: str, generation: str, score: float) -> None:
    assert math.isclose(proof_score(gt, generation, "2025-08")[0], score, abs_tol=1e-12)
