"""Best-of-2 import direction: the correct response is ``chosen`` whatever the label, and each response keeps
its own score whichever order recorded it (hand-made judged pairs, checked against the rule by hand)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from judgebench.errors import ConfigError
from judgebench.importers.pairs import best_of_2, judged_best_of_2, run
from judgebench.records import Pair
from tests.conftest import GRM

BASE = json.loads(GRM.open(encoding="utf-8").readline())


def _pair(label: str, pid: str = "p1") -> dict[str, Any]:
    row = {k: BASE[k] for k in ("pair_id", "original_id", "source", "question", "response_model", "label")}
    return {**row, "pair_id": pid, "response_A": "the A response", "response_B": "the B response", "label": label}


def _entry(decision: str | None, scores: list[float] | None = None, model: str = "m") -> dict[str, Any]:
    judgment: dict[str, Any] = {"judge_model": model, "prompt": "", "response": ""}
    if scores is not None:
        judgment["scores"] = scores
    return {"judgment": judgment, "decision": decision}


def _write(tmp_path: Path, rows: list[dict[str, Any]]) -> str:
    path = tmp_path / "judged.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(("label", "good", "bad"), [("A>B", "the A response", "the B response"),
                                                     ("B>A", "the B response", "the A response")])  # fmt: skip
def test_the_correct_response_is_chosen_whatever_the_label(label: str, good: str, bad: str) -> None:
    rec = best_of_2(Pair.from_dict(_pair(label)))
    assert rec["chosen"] == [good] and rec["rejected"] == [bad]
    assert rec["id"] == "p1" and rec["original_id"] == BASE["original_id"]


def test_unjudged_pairs_file_is_imported_unjudged(tmp_path: Path) -> None:
    path = tmp_path / "pairs.jsonl"
    path.write_text(json.dumps(_pair("B>A")) + "\n", encoding="utf-8")
    (rec,) = run(str(path), {}).records
    assert rec["chosen"] == ["the B response"] and "scores_chosen" not in rec
    with pytest.raises(ConfigError):
        run(None, {})


@pytest.mark.parametrize(
    ("label", "judgments", "chosen", "rejected"),
    [
        # order 0 holds the stored positions: A scored 0.9, B 0.2
        ("A>B", [_entry("A>B", [0.9, 0.2]), _entry("B>A", [0.2, 0.9])], 0.9, 0.2),
        ("B>A", [_entry("A>B", [0.9, 0.2]), _entry("B>A", [0.2, 0.9])], 0.2, 0.9),
        # only the second order recorded scores: they speak of swapped positions (first shown = stored B)
        ("A>B", [_entry(None), _entry("A>B", [0.7, 0.1])], 0.1, 0.7),
        ("B>A", [_entry(None), _entry("A>B", [0.7, 0.1])], 0.7, 0.1),
        # the first order wins over a disagreeing second one
        ("A>B", [_entry("A>B", [3.0, 1.0]), _entry("A>B", [5.0, 4.0])], 3.0, 1.0),
    ],
)
def test_reward_scores_follow_the_response_whichever_order_holds_them(
    tmp_path: Path, label: str, judgments: list[dict[str, Any]], chosen: float, rejected: float
) -> None:
    path = _write(tmp_path, [{**_pair(label), "judge_name": "reward_model", "judgments": judgments}])
    (rec,) = judged_best_of_2(path).records
    assert rec["scores_chosen"] == [chosen] and rec["scores_rejected"] == [rejected]
    assert rec["judge_name"] == "reward_model" and rec["judge_model"] == "m"


@pytest.mark.parametrize(
    ("label", "decisions", "chosen", "rejected"),
    [
        ("A>B", ["A>B", "B>A"], 1.0, 0.0),  # A won in both orders (order 1's B>A is the stored A)
        ("B>A", ["A>B", "B>A"], 0.0, 1.0),
        ("A>B", ["A>B", "A>B"], 0.5, 0.5),  # each position won once: a split vote
        ("A>B", ["B>A", None], 0.0, 1.0),  # one order decided: it alone counts
        ("B>A", [None, "B>A"], 0.0, 1.0),  # order 1's B>A: the stored A wins, and the label says B
        ("A>B", ["A=B", "B>A"], 0.75, 0.25),
        ("A>B", ["A=B", None], 0.5, 0.5),
    ],
)
def test_pairwise_points_are_shares_of_the_deciding_orders(
    tmp_path: Path, label: str, decisions: list[str | None], chosen: float, rejected: float
) -> None:
    judgments = [_entry(d, model="judge-x") for d in decisions]
    path = _write(tmp_path, [{**_pair(label), "judge_name": "arena_hard", "judgments": judgments}])
    result = judged_best_of_2(path)
    (rec,) = result.records
    assert rec["scores_chosen"] == [chosen] and rec["scores_rejected"] == [rejected]
    assert rec["judge_model"] == "judge-x" and "errors" not in rec


def test_a_pair_without_any_decision_or_score_is_null_and_says_why(tmp_path: Path) -> None:
    rows = [
        {**_pair("A>B", "p1"), "judge_name": "arena_hard", "judgments": [_entry(None), _entry(None)]},
        {**_pair("A>B", "p2"), "judge_name": "reward_model", "judgments": [_entry(None, [0.1]), _entry(None, None)]},
        {**_pair("B>A", "p3"), "judge_name": "arena_hard", "judgments": [_entry("B>A"), _entry(None)]},
    ]
    result = judged_best_of_2(_write(tmp_path, rows))
    p1, p2, p3 = result.records
    assert p1["scores_chosen"] == p1["scores_rejected"] == [None] and p1["errors"] == ["no order gave a decision"]
    assert p2["scores_chosen"] == [None] and p2["errors"] == ["no order recorded scores"]
    assert p3["scores_chosen"] == [1.0] and "errors" not in p3
    assert result.left_out == {"unscored pairs": 2}


def test_the_judge_model_comes_from_the_first_order_with_a_judgment(tmp_path: Path) -> None:
    failed = {"judgment": None, "decision": None, "error": "call failed (timeout): x"}
    row = {**_pair("A>B"), "judge_name": "arena_hard", "judgments": [failed, _entry("B>A", model="jm")]}
    (rec,) = judged_best_of_2(_write(tmp_path, [row])).records
    assert rec["judge_model"] == "jm" and rec["scores_chosen"] == [1.0] and rec["scores_rejected"] == [0.0]


def test_an_empty_file_imports_nothing(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    result = run(str(empty), {})
    assert result.records == [] and result.left_out == {}
