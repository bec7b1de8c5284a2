"""RewardBench 2 scored by its own code's rules (``native`` in ``judgebench score``'s best-of-K JSON).

Expected values obtained by running allenai/reward-bench's ``process_single_model`` (``rewardbench/utils.py``)
on the Ties rows below in a scratch directory (0.6005787197005915), and ``run_generative_v2.py``'s rating rule
(ratings of -1 dropped, ``(0 in winners) / len(winners)``, all failed 0.25) on the other prompts
(Factuality 1, 0.25, 0.5 → 0.58333; Math 0). judgebench's top-1 leaves out every prompt with a failed score,
scores Ties like any subset and pools the prompts: 4/6.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from judgebench.best_of_k import new_record
from judgebench.cli.main import main

# (id, subset, scores of the correct responses, scores of the incorrect ones); None: a failed score
PROMPTS: list[tuple[str, str, list[float | None], list[float | None]]] = [
    ("f1", "Factuality", [5], [3, 4, 2]),
    ("f2", "Factuality", [None], [None, None, None]),  # every rating failed: 0.25
    ("f3", "Factuality", [4], [None, 4, 1]),  # one failed: dropped, the top shared by two: 0.5
    ("m1", "Math", [1], [2, 0, 0]),
    ("ref:1", "Ties", [9], [5, 4]),
    ("tied:1", "Ties", [8, 7.5], [6, 3]),
    ("ref:2", "Ties", [5], [6]),
    ("tied:2", "Ties", [9, 5], [4]),
    ("ref:3", "Ties", [None], [2]),  # RewardBench 2 passes a failed rating on as -1
]


def test_rewardbench2_native_score(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "rb2.jsonl"
    lines = []
    for pid, subset, good, bad in PROMPTS:
        rec = new_record(pid, "p", [f"c{i}" for i in good], [f"r{i}" for i in bad], subset, "reward-bench-2", None)
        rec.update(judge_name="reward_model", judge_model="m", scores_chosen=good, scores_rejected=bad)
        lines.append(json.dumps(rec))
    path.write_text("\n".join(lines) + "\n")
    assert main(["score", str(path), "--json", "--bootstrap", "0"]) == 0
    result = json.loads(capsys.readouterr().out)["results"][0]
    overall = result["categories"]["Overall"]
    assert (overall["accuracy"], overall["n"], overall["failed"]) == (66.67, 6, 3)
    ties = 0.3 * 1.0 + 0.3 * (1 / 3) + 0.2 * 0.5 + 0.2 * 0.5 + 0.01 * (0.9640275800758169 - 0.8482836399575129) / 2
    assert abs(ties - 0.6005787197005915) < 1e-12
    assert result["native"] == {
        "protocol": "rewardbench-2",
        "score": round(100 * (0.5833333333333334 + 0.0 + ties) / 3, 2),
        "subsets": {"Factuality": 58.33, "Math": 0.0, "Ties": 60.06},
        "n": 9,
        "all_failed": 1,
    }
    assert result["native"]["score"] == 39.46


def test_ties_ids_not_as_rewardbench2_writes_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "odd.jsonl"
    rec = new_record("7", "p", ["a", "b"], ["c"], "Ties", "reward-bench-2", None)
    rec.update(scores_chosen=[2, 1], scores_rejected=[0])
    path.write_text(json.dumps(rec) + "\n")
    assert main(["score", str(path), "--json", "--bootstrap", "0"]) == 0  # top-1 still scores it
    native = json.loads(capsys.readouterr().out)["results"][0]["native"]
    assert native == {
        "protocol": "rewardbench-2",
        "score": None,
        "error": "Ties prompt id '7' is not 'ref:N' or 'tied:N'",
    }
