"""``livebench-math-2025`` against LiveBench's own scorers (fc6c6080), answer format by answer format.

``fixtures/livebench_math_corpus.jsonl`` holds answers written to hit every branch of LiveBench's math_comp,
AMPS_Hard and olympiad scorers (``branch`` names it), plus real model answers from LiveBench's fc6c6080
``model_answer`` files (``real-*``: every answer LiveBench and the earlier port disagreed on, and one per
subtask). ``fixtures/livebench_math_expected.jsonl`` is what LiveBench's functions returned for each, recorded
by ``tests/tools/livebench_reference.py``. With ``JUDGEBENCH_LIVEBENCH_SRC`` naming a LiveBench checkout
(and ``JUDGEBENCH_LIVEBENCH_PYTHON`` an interpreter with its dependencies, default this one) the recording is
re-made live and must match.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from judgebench.verifiers.base import Outcome, Question
from judgebench.verifiers.livebench_math import LiveBenchMathVerifier

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = FIXTURES / "livebench_math_corpus.jsonl"
EXPECTED = FIXTURES / "livebench_math_expected.jsonl"
REFERENCE = Path(__file__).parents[1] / "tools" / "livebench_reference.py"

#: Corpus answers on which we deliberately differ from LiveBench fc6c6080 (docs/verifiers.md says why).
DELIBERATE = {
    # Both lark readings fail; LiveBench's third parser (sympy's ANTLR grammar) reads the ground truth's
    # ``x \left(2 \sec^2 ...\right)`` as a function ``x`` applied to the bracket, so it scores this right
    # answer 0; latex2sympy2 (our third parser, and LiveBench's own since) reads a product.
    "real-AMPS_Hard-c604405c-bs4",
    "real-AMPS_Hard-c604405c-02",
}


def _rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


ROWS = _rows(CORPUS)
WANT = {row["id"]: row for row in _rows(EXPECTED)}


def livebench_verdict(recorded: dict[str, Any]) -> bool | None:
    """LiveBench's score as our verdict: 1 is correct, below 1 incorrect, a raised exception unverifiable."""
    return None if recorded["error"] else recorded["score"] == 1


def ours(row: dict[str, Any]) -> bool | None:
    meta = {"subtask": row["subtask"]} if row.get("subtask") else {}
    question = Question(row["id"], "livebench-math", row["task"], row["question"], row["ground_truth"], "", meta)
    return LiveBenchMathVerifier(version="2025-08").check(question, row["response"]).passed


def test_the_corpus_covers_every_branch_and_its_recording() -> None:
    assert set(WANT) == {row["id"] for row in ROWS}
    branches = Counter(row["branch"] for row in ROWS)
    for branch in ("amc-solution-tag", "amc-letter-x4", "amc-boxed", "amc-value", "amc-last-line", "aime",
                   "amps-boxed", "amps-last-dollar", "amps-gt-tail", "olympiad", "real-math_comp",
                   "real-AMPS_Hard", "real-olympiad"):  # fmt: skip
        assert branches[branch] >= 3, branch
    # both outcomes, and LiveBench's own exceptions, occur in the recording
    verdicts = Counter(livebench_verdict(w) for w in WANT.values())
    assert verdicts[True] > 20 and verdicts[False] > 20 and verdicts[None] >= 3


@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_agrees_with_livebench(row: dict[str, Any]) -> None:
    want = livebench_verdict(WANT[row["id"]])
    if row["id"] in DELIBERATE:
        assert ours(row) != want, "a documented difference no longer holds: update DELIBERATE and the docs"
    else:
        assert ours(row) == want


def test_partial_credit_and_scorer_errors_are_reported() -> None:
    q = Question("q", "livebench-math", "olympiad", "", "1,6,7,2,3,4,5", "", {"subtask": "imo"})
    check = LiveBenchMathVerifier(version="2025-08").check(q, "Answer: 1, 6, 2, 7, 3, 4, 5")
    assert check.outcome is Outcome.INCORRECT and check.detail == "LiveBench score 0.7143"
    boxed = Question("q", "livebench-math", "math_comp", "", "C", "", {"subtask": "smc"})
    bad = LiveBenchMathVerifier(version="2025-08").check(boxed, r"so \boxed\text{C} it is")
    assert bad.outcome is Outcome.UNVERIFIABLE and bad.rule == "livebench-scorer-error"


@pytest.mark.skipif(not os.environ.get("JUDGEBENCH_LIVEBENCH_SRC"), reason="JUDGEBENCH_LIVEBENCH_SRC not set")
def test_recording_matches_livebench_run_live() -> None:
    python = os.environ.get("JUDGEBENCH_LIVEBENCH_PYTHON", sys.executable)
    done = subprocess.run(
        [python, str(REFERENCE), str(CORPUS)], capture_output=True, text=True, check=True, timeout=1800
    )
    live = {row["id"]: row for row in map(json.loads, done.stdout.splitlines())}
    assert {k: (v["score"], v["error"]) for k, v in live.items()} == {
        k: (v["score"], v["error"]) for k, v in WANT.items()
    }
