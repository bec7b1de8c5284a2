"""Small hand-made judged files; every figure the tests expect is worked out by hand in the test modules.

A row is ``(pair_id, source, label, recorded decisions, len(response_A), len(response_B))``; the second
decision is recorded in swapped positions, as upstream writes it.
"""

from __future__ import annotations

import json
from pathlib import Path

Row = tuple[str, str, str, list[str | None], int, int]

K, M = "mmlu-pro-law", "livebench-math"

#: Judge J1 (aligned = second decision flipped back):
#: p1 K A>B  A>B,B>A  aligned A>B,A>B  consistent right      vote +2 right  first right  verdict A
#: p2 K A>B  A>B,A>B  aligned A>B,B>A  inconsistent, slot A twice  vote 0  first right  verdict -
#: p3 K B>A  A>B,B>A  aligned A>B,A>B  consistent wrong      vote -2        first wrong  verdict A
#: p4 K B>A  B>A,B>A  aligned B>A,A>B  inconsistent, slot B twice  vote 0  first right  verdict -
#: p5 M A>B  A>B,B>A  aligned A>B,A>B  consistent right      vote +2        first right  verdict A
#: p6 M B>A  B>A,A>B  aligned B>A,B>A  consistent right      vote +2        first right  verdict B
#: p7 M A>B  A=B,A=B  aligned A=B,A=B  consistent tie        vote 0         first wrong  verdict -
#: p8 M B>A  A>B,A=B  aligned A>B,A=B  inconsistent (no flip) vote -1       first wrong  verdict A
#: Lengths (A, B): the correct response is longer in p1 p3 p5 p8, shorter in p2 p6 p7, equal in p4.
J1: list[Row] = [
    ("p1", K, "A>B", ["A>B", "B>A"], 10, 5),
    ("p2", K, "A>B", ["A>B", "A>B"], 3, 8),
    ("p3", K, "B>A", ["A>B", "B>A"], 4, 9),
    ("p4", K, "B>A", ["B>A", "B>A"], 6, 6),
    ("p5", M, "A>B", ["A>B", "B>A"], 7, 2),
    ("p6", M, "B>A", ["B>A", "A>B"], 9, 1),
    ("p7", M, "A>B", ["A=B", "A=B"], 2, 4),
    ("p8", M, "B>A", ["A>B", "A=B"], 1, 5),
]


def consistent(pick: str) -> list[str | None]:
    """A judge that picks response ``pick`` (A or B) in both orders, as a reward model does."""
    return ["A>B", "B>A"] if pick == "A" else ["B>A", "A>B"]


#: Judge J2 on the same pairs, always consistent: picks A A B A B B A B,
#: right on p1 p2 p3 p6 p7 p8, wrong on p4 p5 (6/8); verdicts A A B A B B A B.
J2: list[Row] = [
    (pid, src, lab, consistent(pick), la, lb) for (pid, src, lab, _, la, lb), pick in zip(J1, "AABABBAB", strict=True)
]


def write_judged(
    path: Path,
    rows: list[Row],
    *,
    judge_model: str = "judge-one",
    judge_name: str = "arena_hard",
    response_model: str = "gpt-4o-2024-05-13",
    questions: list[str] | None = None,
) -> str:
    """Write rows as an upstream recorded-outputs file; returns the path."""
    with path.open("w") as fh:
        for i, (pid, source, label, decisions, la, lb) in enumerate(rows):
            record = {
                "pair_id": pid,
                "original_id": i,
                "source": source,
                "question": questions[i] if questions else f"q{pid}",
                "response_model": response_model,
                "response_A": "a" * la,
                "response_B": "b" * lb,
                "label": label,
                "judge_name": judge_name,
                "judgments": [
                    {"judgment": {"judge_model": judge_model, "prompt": "", "response": ""}, "decision": d}
                    for d in decisions
                ],
            }
            fh.write(json.dumps(record) + "\n")
    return str(path)


def write_solve(path: Path, outcomes: dict[str, tuple[str, str]], model: str = "judge-one") -> str:
    """Write a solve-results file: ``{pair_id: (source, outcome)}``."""
    with path.open("w") as fh:
        for pid, (source, outcome) in outcomes.items():
            row = {"pair_id": pid, "source": source, "model": model, "response": "r", "extracted": "x"}
            fh.write(json.dumps({**row, "outcome": outcome, "rule": "exact"}) + "\n")
    return str(path)
