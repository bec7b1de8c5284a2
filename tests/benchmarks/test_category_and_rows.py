"""Boundaries users rely on in imports: MT-Bench's ten questions per category, RewardBench 2 rows with one side."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from judgebench.errors import InputError, MalformedRecordError
from judgebench.importers.mt_bench import category
from judgebench.importers.reward_bench_2 import run as import_reward_bench_2


@pytest.mark.parametrize(
    ("qid", "want"),
    [(81, "writing"), (90, "writing"), (91, "roleplay"), (100, "roleplay"), (101, "reasoning"), (111, "math"),
     (121, "coding"), (131, "extraction"), (140, "extraction"), (141, "stem"), (150, "stem"), (151, "humanities"),
     (160, "humanities")],
)  # fmt: skip
def test_mt_bench_category_is_ten_question_ids_each_from_81(qid: int, want: str) -> None:
    assert category(qid, "f.jsonl", 3) == want


@pytest.mark.parametrize("qid", [80, 161, 0])
def test_a_question_id_outside_81_160_is_refused(qid: int) -> None:
    with pytest.raises(InputError, match=f"row 3: question_id {qid} is outside MT-Bench's 81-160"):
        category(qid, "f.jsonl", 3)


def _write(tmp_path: Path, rows: list[dict[str, object]]) -> str:
    path = tmp_path / "rb2.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return str(path)


def test_reward_bench_2_rows_with_one_side_only_are_kept_and_rows_with_none_left_out(tmp_path: Path) -> None:
    base = {"prompt": "p", "subset": "Focus", "models": ["m1", "m1"]}
    rows = [
        {**base, "id": "only-chosen", "chosen": ["good"], "rejected": []},
        {**base, "id": "only-rejected", "chosen": [], "rejected": ["bad", "worse"]},
        {**base, "id": "none", "chosen": [], "rejected": []},
        {**base, "id": 7, "chosen": ["good"], "rejected": ["bad"], "models": ["m1", "m2"], "additional_metadata": {}},
    ]
    result = import_reward_bench_2(_write(tmp_path, rows), {})
    assert [r["id"] for r in result.records] == ["only-chosen", "only-rejected", "7"]
    assert result.left_out == {"no responses": 1}
    one, two, three = result.records
    assert (one["num_correct"], one["num_incorrect"], one["total_completions"]) == (1, 0, 1)
    assert (two["num_correct"], two["num_incorrect"], two["total_completions"]) == (0, 2, 2)
    assert one["response_model"] == "m1" and three["response_model"] is None  # mixed models: none named
    assert three["models"] == ["m1", "m2"] and three["additional_metadata"] == {} and "additional_metadata" not in one
    assert one["source"] == "reward-bench-2" and one["subset"] == "Focus"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"id": "x", "prompt": "p", "chosen": ["a"], "rejected": []}, "needs 'subset'"),
        ({"id": "x", "prompt": "p", "rejected": ["b"], "subset": "s"}, "needs 'chosen'"),
        ({"id": "x", "prompt": "p", "chosen": ["a"], "subset": "s"}, "needs 'rejected'"),
        (
            {"id": True, "prompt": "p", "chosen": ["a"], "rejected": [], "subset": "s"},
            "'id' must be a string, got bool",
        ),
        ({"id": "x", "prompt": "p", "chosen": "a", "rejected": [], "subset": "s"}, "must be lists"),
        ({"id": "x", "prompt": "p", "chosen": ["a"], "rejected": [], "subset": "s", "models": "m"}, "'models' must"),
    ],
)
def test_reward_bench_2_malformed_rows_name_their_line(tmp_path: Path, row: dict[str, object], message: str) -> None:
    good = {"id": "ok", "prompt": "p", "chosen": ["a"], "rejected": ["b"], "subset": "s"}
    with pytest.raises(MalformedRecordError, match=message) as info:
        import_reward_bench_2(_write(tmp_path, [good, row]), {})
    assert ":2" in str(info.value)
