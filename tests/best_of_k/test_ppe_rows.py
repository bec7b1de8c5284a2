"""PPE best-of-K rows, one by one: which responses become ``chosen`` / ``rejected`` (and their numbers), what
is left out and counted, each record's id, and which rows are refused and where."""

from __future__ import annotations

import json

import pytest

from judgebench.errors import ConfigError, MalformedRecordError
from judgebench.importers import ppe
from judgebench.importers.base import ImportResult


def row(scores, qid="q1", model="gemma-2-9b-it", **more):
    r = {"question_id": qid, "prompt": f"Answer {qid}", "model_name": model, "scores": scores}
    r.update({f"response_{i}": f"{qid} answer {i}" for i in range(1, len(scores) + 1)})
    r.update(more)
    return r


def convert(r, line=7):
    result = ImportResult([])
    return ppe.convert(r, "MATH", "ppe.jsonl", line, result), result.left_out


def test_chosen_are_the_responses_scored_true_in_response_order():
    rec, left = convert(row([False, True, False, True, True]))
    assert rec == {
        "id": "q1:gemma-2-9b-it",
        "prompt": "Answer q1",
        "chosen": ["q1 answer 2", "q1 answer 4", "q1 answer 5"],
        "rejected": ["q1 answer 1", "q1 answer 3"],
        "num_correct": 3,
        "num_incorrect": 2,
        "total_completions": 5,
        "subset": "MATH",
        "source": "ppe-math",
        "response_model": "gemma-2-9b-it",
        "question_id": "q1",
        "chosen_index": [2, 4, 5],
        "rejected_index": [1, 3],
    }
    assert left == {}


def test_responses_are_numbered_as_numbers_not_as_text():
    """response_10 comes after response_9 (not after response_1), whatever order the row's keys are in."""
    scores = [i in (2, 10) for i in range(1, 12)]
    r = {"question_id": 5, "prompt": "p", "scores": scores}
    for i in (11, 10, 2, 1, 9, 3, 4, 5, 6, 7, 8):
        r[f"response_{i}"] = f"r{i}"
    rec, _ = convert(r)
    assert rec["chosen"] == ["r2", "r10"] and rec["chosen_index"] == [2, 10]
    assert rec["rejected_index"] == [1, 3, 4, 5, 6, 7, 8, 9, 11]
    assert rec["rejected"] == [f"r{i}" for i in [1, 3, 4, 5, 6, 7, 8, 9, 11]]
    # an integer question id, no model: the id alone, as text
    assert rec["id"] == "5" and rec["question_id"] == "5" and rec["response_model"] is None


@pytest.mark.parametrize("model", [None, "", 3])
def test_a_row_without_a_model_name_is_keyed_by_its_question(model):
    rec, _ = convert(row([True, False], qid="q9", model=model))
    assert rec["id"] == "q9" and rec["response_model"] is None


def test_record_id():
    assert ppe.record_id("q", "m") == "q:m"
    assert ppe.record_id(12, None) == "12" and ppe.record_id("q", "") == "q"


def test_missing_responses_and_null_scores_are_left_out_and_counted():
    r = row([True, None, False, True, False])
    r["response_1"] = None
    del r["response_5"]
    r["response_5"] = 17  # not text
    rec, left = convert(r)
    assert rec["chosen_index"] == [4] and rec["rejected_index"] == [3]
    assert rec["chosen"] == ["q1 answer 4"] and rec["rejected"] == ["q1 answer 3"]
    assert left == {"missing response": 2, "no score": 1}


def test_a_missing_response_is_left_out_even_with_a_bad_score():
    r = row([True, "yes"])
    r["response_2"] = None
    rec, left = convert(r)
    assert rec["chosen_index"] == [1] and left == {"missing response": 1}


def test_a_row_with_only_right_or_only_wrong_responses_is_kept():
    right, _ = convert(row([True, True]))
    assert right["chosen_index"] == [1, 2] and right["rejected"] == [] and right["num_incorrect"] == 0
    wrong, _ = convert(row([False, False, False]))
    assert wrong["rejected_index"] == [1, 2, 3] and wrong["chosen"] == [] and wrong["num_correct"] == 0


def test_a_row_with_nothing_left_is_dropped_and_counted():
    r = row([None, True])
    r["response_2"] = None
    rec, left = convert(r)
    assert rec is None and left == {"no score": 1, "missing response": 1, "no responses": 1}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"question_id": None}, "'question_id' must be a string, got NoneType"),
        ({"question_id": True}, "'question_id' must be a string, got bool"),
        ({"question_id": 1.5}, "'question_id' must be a string, got float"),
        ({"scores": "TTF"}, r"'scores' must hold one boolean per response \(3\)"),
        ({"scores": [True, False]}, r"'scores' must hold one boolean per response \(3\)"),
        ({"scores": [True, False, True, True]}, r"'scores' must hold one boolean per response \(3\)"),
        ({"scores": [True, 1, False]}, r"scores\[1\] is 1, not a boolean"),
        ({"scores": [True, False, "no"]}, r"scores\[2\] is 'no', not a boolean"),
    ],
)
def test_bad_rows_are_refused_with_their_line(change, message):
    with pytest.raises(MalformedRecordError, match=message) as e:
        convert({**row([True, False, True]), **change})
    assert str(e.value).startswith("ppe.jsonl:7: ")


@pytest.mark.parametrize("key", ["question_id", "prompt", "scores"])
def test_a_row_missing_a_key_is_refused(key):
    r = row([True])
    del r[key]
    with pytest.raises(MalformedRecordError, match=f"a PPE best-of-K row needs '{key}'") as e:
        convert(r, line=3)
    assert str(e.value).startswith("ppe.jsonl:3: ")


def test_run_on_a_local_file_numbers_its_lines(tmp_path):
    path = tmp_path / "rows.jsonl"
    rows = [row([True, False], qid="a"), row([None], qid="b"), row([False, True], qid="c"), row([True, 2], qid="d")]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    with pytest.raises(MalformedRecordError, match=r"rows\.jsonl:4: scores\[1\] is 2"):
        ppe.run(str(path), {"benchmark": "gpqa"})
    path.write_text("".join(json.dumps(r) + "\n" for r in rows[:3]))
    result = ppe.run(str(path), {"benchmark": "gpqa"})
    assert [r["id"] for r in result.records] == ["a:gemma-2-9b-it", "c:gemma-2-9b-it"]
    assert [r["subset"] for r in result.records] == ["GPQA", "GPQA"]
    assert result.records[0]["source"] == "ppe-gpqa"
    assert result.left_out == {"no score": 1, "no responses": 1}


def test_run_downloads_a_named_benchmark(monkeypatch):
    calls = []

    def fake_hub_rows(dataset, split):
        calls.append((dataset, split))
        return [row([True, False], qid="h"), row([True, "x"], qid="bad")], "cache.parquet"

    monkeypatch.setattr(ppe, "hub_rows", fake_hub_rows)
    with pytest.raises(MalformedRecordError, match=r"^hf:lmarena-ai/PPE-MBPP-Plus-Best-of-K:train:2: scores\[1\]"):
        ppe.run("mbpp-plus", {})
    assert calls == [("lmarena-ai/PPE-MBPP-Plus-Best-of-K", "train")]
    monkeypatch.setattr(ppe, "hub_rows", lambda d, s: (calls.append((d, s)) or [row([False, True], qid="h")], ""))
    result = ppe.run(None, {"benchmark": "ifeval", "split": "test"})
    assert calls[-1] == ("lmarena-ai/PPE-IFEval-Best-of-K", "test")
    assert result.records[0]["subset"] == "IFEval" and result.records[0]["source"] == "ppe-ifeval"
    assert result.records[0]["chosen_index"] == [2]
    # the option names the benchmark even when the source is another benchmark's name
    result = ppe.run("math", {"benchmark": "mmlu-pro"})
    assert calls[-1] == ("lmarena-ai/PPE-MMLU-Pro-Best-of-K", "train") and result.records[0]["subset"] == "MMLU-Pro"


@pytest.mark.parametrize(
    ("source", "options"),
    [(None, {}), ("rows.jsonl", {}), ("nope", {}), ("rows.jsonl", {"benchmark": "nope"}), (None, {"benchmark": ""})],
)
def test_run_needs_a_known_benchmark(source, options):
    with pytest.raises(ConfigError, match=r"name a PPE benchmark \(mmlu-pro, math, gpqa, ifeval, mbpp-plus\)"):
        ppe.run(source, options)


def test_dataset_ids():
    assert [ppe.dataset_id(n) for n in ppe.BENCHMARKS] == [
        "lmarena-ai/PPE-MMLU-Pro-Best-of-K",
        "lmarena-ai/PPE-MATH-Best-of-K",
        "lmarena-ai/PPE-GPQA-Best-of-K",
        "lmarena-ai/PPE-IFEval-Best-of-K",
        "lmarena-ai/PPE-MBPP-Plus-Best-of-K",
    ]
