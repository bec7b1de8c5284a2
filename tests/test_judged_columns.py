"""``read_columns``: a judged file read into columns, checked value by value against hand-computed fixtures.

Every offline command (score, analyze, benchmarks) reads judged files through these columns, so each code
is pinned: the decision of each order, the label, which judge, the lengths, the question digest, and which
record's judge/models ``score`` reports.
"""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pytest

from judgebench.errors import DuplicatePairError, MalformedRecordError
from judgebench.judged_columns import (
    ABSENT,
    DECISION_CODES,
    DECISION_OF,
    LABEL_OF,
    NULL,
    UNLABELLED,
    PairColumns,
    check_loaded,
    check_scored,
    question_key,
    read_columns,
)


def entry(decision, model="m1", **more):
    return {"judgment": {"judge_model": model, "prompt": "p", "response": "r"}, "decision": decision, **more}


def rec(pid, *, source="mmlu-pro-law", question="Q1", ra="a", rb="b", label="A>B", model="gpt", judge="arena_hard",
        judgments=None):  # fmt: skip
    d = {
        "pair_id": pid,
        "original_id": f"o{pid}",
        "source": source,
        "question": question,
        "response_model": model,
        "response_A": ra,
        "response_B": rb,
        "label": label,
    }
    if judge is not None:
        d["judge_name"] = judge
    if judgments is not None:
        d["judgments"] = judgments
    return d


def write(tmp_path, rows, name="j.jsonl"):
    path = tmp_path / name
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


def test_the_codes_are_the_documented_ones():
    assert DECISION_CODES == {"A>B": 0, "B>A": 1, "A=B": 2, None: 3}
    assert (NULL, ABSENT, UNLABELLED) == (3, 4, 2)
    assert DECISION_OF == ("A>B", "B>A", "A=B", None, None)
    assert LABEL_OF == ("A>B", "B>A", "no-majority")


def _mixed_file(tmp_path):
    rows = [
        # a comparison without a majority first: score's reported judge/models come from the next one
        rec("p3", source="mt-bench", question="Q3", label="no-majority", model="first-model", judge="vanilla",
            judgments=[entry(None, "m2", error="call failed (timeout): slow")]),
        rec("p1", ra="héllo wörld", rb="ab", model="gpt", judgments=[entry("A>B"), entry("B>A")]),
        rec("p2", source="livebench-math", question="Q2", label="B>A", model="later",
            judgments=[entry("A=B"), None]),
        rec("p4", source="mt-bench", question="Q1", ra="", rb="xyz" * 10, model="later",
            judgments=[entry(None, no_verdict="no [[X]] in the reply"), entry("B>A")]),
    ]  # fmt: skip
    return write(tmp_path, rows)


def test_every_column_of_a_mixed_file(tmp_path):
    cols = read_columns(_mixed_file(tmp_path), unlabelled=True)
    assert cols.n == 4 and cols.pair_ids == ["p3", "p1", "p2", "p4"]
    assert cols.sources == ["mt-bench", "mmlu-pro-law", "livebench-math"]  # in order of first appearance
    assert cols.source.tolist() == [0, 1, 2, 0] and cols.source.dtype == np.int32
    assert cols.label.tolist() == [2, 0, 1, 0] and cols.label.dtype == np.int8
    assert cols.d1.tolist() == [NULL, 0, 2, NULL] and cols.d1.dtype == np.int8
    assert cols.d2.tolist() == [ABSENT, 1, NULL, 1] and cols.d2.dtype == np.int8
    # failed judgments count only on pairs with a null decision; a reply without a verdict is not a failure
    assert cols.failed.tolist() == [1, 0, 1, 0]
    assert cols.len_a.tolist() == [1, 11, 1, 0] and cols.len_b.tolist() == [1, 2, 1, 30]  # characters, not bytes
    assert cols.len_a.dtype == np.int64 and cols.len_b.dtype == np.int64
    assert cols.orders.tolist() == [1, 2, 2, 2]
    assert cols.judges == [("vanilla", "m2"), ("arena_hard", "m1")]
    assert cols.judge.tolist() == [0, 1, 1, 1] and cols.judge.dtype == np.int32
    assert cols.response_model == "first-model"
    assert cols.scored_meta == ("arena_hard", "m1", "gpt")
    digest = hashlib.blake2b(b"Q1", digest_size=16).digest()
    assert cols.question_keys[1] == cols.question_keys[3] == digest == question_key("Q1")
    assert len(set(cols.question_keys)) == 3 and all(len(k) == 16 for k in cols.question_keys)


def test_labels_without_a_majority_need_asking_for(tmp_path):
    with pytest.raises(MalformedRecordError, match=r"j\.jsonl:1"):
        read_columns(_mixed_file(tmp_path))


def test_questions_false_keeps_no_digests(tmp_path):
    cols = read_columns(_mixed_file(tmp_path), unlabelled=True, questions=False)
    assert cols.question_keys == [] and cols.n == 4 and cols.d1.tolist() == [NULL, 0, 2, NULL]


def test_question_key_of_text_with_lone_surrogates():
    assert (
        question_key("a\ud800b")
        == hashlib.blake2b("a\ud800b".encode("utf-8", "surrogatepass"), digest_size=16).digest()
    )
    assert question_key("Q1") != question_key("Q2")


def test_a_single_order_file(tmp_path):
    rows = [rec(str(i), label=lab, judgments=[entry(d)]) for i, (lab, d) in enumerate([("A>B", "B>A"), ("B>A", "A=B")])]
    cols = read_columns(write(tmp_path, rows))
    assert cols.d1.tolist() == [1, 2] and cols.d2.tolist() == [ABSENT, ABSENT] and cols.orders.tolist() == [1, 1]
    assert cols.label.tolist() == [0, 1] and cols.failed.tolist() == [0, 0]


def test_the_judge_model_when_the_first_entry_names_none(tmp_path):
    """A failed first order (null entry) leaves the judge model to the second entry; score's reported model is
    the first entry's (none)."""
    rows = [
        rec("a", judgments=[None, entry("A>B", "m3")]),
        rec("b", judgments=[entry("A>B", "m3"), entry("A>B", "m3")]),
        rec("c", judgments=[{"judgment": {"judge_model": 7}, "decision": "B>A"}, entry("B>A", "m4")]),
        rec("d", judgments=[{"decision": "B>A"}]),
    ]
    cols = read_columns(write(tmp_path, rows))
    assert cols.judges == [("arena_hard", "m3"), ("arena_hard", "m4"), ("arena_hard", None)]
    assert cols.judge.tolist() == [0, 0, 1, 2]
    assert cols.scored_meta == ("arena_hard", None, "gpt")
    assert cols.failed.tolist() == [1, 0, 0, 0] and cols.d1.tolist() == [NULL, 0, 1, 1]


def test_the_scored_meta_takes_a_non_string_judge_model_as_written(tmp_path):
    rows = [
        rec("c", judgments=[{"judgment": {"judge_model": 7}, "decision": "B>A"}]),
        rec("d", judgments=[entry("A>B")]),
    ]
    cols = read_columns(write(tmp_path, rows))
    assert cols.scored_meta == ("arena_hard", 7, "gpt")
    assert cols.judges == [("arena_hard", None), ("arena_hard", "m1")]


def test_judges_with_unhashable_names_are_told_apart_by_equality(tmp_path):
    rows = [
        rec("1", judge=["x", 1], judgments=[entry("A>B")]),
        rec("2", judge="plain", judgments=[entry("A>B")]),
        rec("3", judge=["x", 1], judgments=[entry("B>A")]),
        rec("4", judge=["y"], judgments=[entry("B>A")]),
        rec("5", judge=None, judgments=[entry("B>A")]),
    ]
    cols = read_columns(write(tmp_path, rows))
    assert cols.judges == [(["x", 1], "m1"), ("plain", "m1"), (["y"], "m1"), (None, "m1")]
    assert cols.judge.tolist() == [0, 1, 0, 2, 3]


def test_a_pairs_file_read_without_judgments(tmp_path):
    rows = [rec("1", judge=None, model="rm"), rec("2", judge=None, label="B>A", judgments=[entry("B>A")])]
    cols = read_columns(write(tmp_path, rows), require_judgments=False)
    assert cols.d1.tolist() == [ABSENT, 1] and cols.d2.tolist() == [ABSENT, ABSENT]
    assert cols.orders.tolist() == [0, 1] and cols.judge.tolist() == [-1, 0]
    assert cols.judges == [(None, "m1")] and cols.failed.tolist() == [0, 0]
    assert cols.response_model == "rm" and cols.scored_meta == (None, "m1", "gpt")
    with pytest.raises(MalformedRecordError, match=r"missing key 'judgments' \(is this a pairs file") as e:
        read_columns(write(tmp_path, rows))
    assert e.value.line == 1


def test_an_invalid_pair_without_judgments_is_named_by_the_pair_reader(tmp_path):
    rows = [rec("1", judge=None, label="C>A")]
    with pytest.raises(MalformedRecordError, match="label") as e:
        read_columns(write(tmp_path, rows), require_judgments=False)
    assert e.value.line == 1


def test_an_empty_file_has_empty_typed_columns(tmp_path):
    cols = read_columns(write(tmp_path, []))
    assert cols.n == 0 and cols.sources == [] and cols.judges == []
    for name, dtype in [("source", np.int32), ("judge", np.int32), ("len_a", np.int64), ("len_b", np.int64),
                        ("label", np.int8), ("d1", np.int8), ("d2", np.int8), ("failed", np.int8)]:  # fmt: skip
        assert getattr(cols, name).dtype == dtype and getattr(cols, name).shape == (0,)
    assert cols.response_model is None and cols.scored_meta is None


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"judgments": []}, "'judgments' must be a list of 1 or 2 entries, got 0"),
        ({"judgments": [entry("A>B")] * 3}, "'judgments' must be a list of 1 or 2 entries, got 3"),
        ({"judgments": {"decision": "A>B"}}, "'judgments' must be a list"),
        ({"judgments": [entry("A>B"), entry("C>D")]}, "unknown decision 'C>D'"),
        ({"judgments": [entry("X")]}, "unknown decision 'X'"),
        ({"judgments": ["A>B"]}, "each judgment must be an object"),
        ({"pair_id": 5}, "pair_id"),
        ({"source": None}, "source"),
        ({"question": 1}, "question"),
        ({"response_A": None}, "response_A"),
        ({"response_B": 2}, "response_B"),
        ({"response_model": 3}, "response_model"),
        ({"label": "A=B"}, "label"),
    ],
)
def test_a_bad_record_is_refused_with_its_line(tmp_path, bad, message):
    good = rec("ok", judgments=[entry("A>B")])
    path = write(tmp_path, [good, {**rec("x", judgments=[entry("B>A")]), **bad}])
    with pytest.raises(MalformedRecordError, match=message) as e:
        read_columns(path)
    assert e.value.line == 2


def test_a_record_without_original_id_is_refused(tmp_path):
    row = rec("x", judgments=[entry("B>A")])
    del row["original_id"]
    with pytest.raises(MalformedRecordError, match="original_id") as e:
        read_columns(write(tmp_path, [row]))
    assert e.value.line == 1


def test_a_repeated_pair_id_names_both_lines(tmp_path):
    rows = [rec("a", judgments=[entry("A>B")]), rec("b", judgments=[entry("A>B")]), rec("a", judgments=[entry("B>A")])]
    with pytest.raises(DuplicatePairError, match=r"duplicate pair_id 'a' \(first on line 1\)") as e:
        read_columns(write(tmp_path, rows))
    assert e.value.line == 3


def test_a_repeated_and_malformed_record_reported_in_the_readers_order(tmp_path):
    """The record readers report the duplicate first; ``score`` (duplicates_first=False) the malformed record."""
    rows = [rec("a", judgments=[entry("A>B")]), rec("a", judgments=[entry("C>A")])]
    path = write(tmp_path, rows)
    with pytest.raises(DuplicatePairError, match=r"first on line 1") as e:
        read_columns(path)
    assert e.value.line == 2
    with pytest.raises(MalformedRecordError, match="unknown decision 'C>A'") as e2:
        read_columns(path, duplicates_first=False, check=check_scored)
    assert e2.value.line == 2
    # a malformed record whose pair_id was not seen before is reported as malformed either way
    path = write(tmp_path, [rec("a", judgments=[entry("A>B")]), rec("b", judgments=[entry("C>A")])], "k.jsonl")
    with pytest.raises(MalformedRecordError, match="unknown decision"):
        read_columns(path)


def test_the_validators_messages(tmp_path):
    pairs = write(tmp_path, [rec("1", judge=None)])
    with pytest.raises(MalformedRecordError) as e:
        read_columns(pairs, check=check_scored)
    assert str(e.value).endswith("j.jsonl:1: missing key 'judgments'")
    with pytest.raises(MalformedRecordError, match=r"is this a pairs file"):
        read_columns(pairs, check=check_loaded)
    with pytest.raises(MalformedRecordError, match=r"is this a pairs file"):
        check_loaded(rec("1"), "f", 1, False)
    check_loaded(rec("1", judgments=[entry("A>B")]), "f", 1, False)
    check_scored(rec("1", judgments=[entry("A>B")]), "f", 1, False)
    with pytest.raises(MalformedRecordError, match="label"):
        check_scored(rec("1", label="no-majority", judgments=[entry("A>B")]), "f", 1, False)
    check_scored(rec("1", label="no-majority", judgments=[entry("A>B")]), "f", 1, True)
    with pytest.raises(MalformedRecordError, match="label"):
        check_loaded(rec("1", label="no-majority", judgments=[entry("A>B")]), "f", 1, False)
    check_loaded(rec("1", label="no-majority", judgments=[entry("A>B")]), "f", 1, True)


def test_a_new_pair_columns_is_empty_with_the_documented_dtypes():
    """``analysis.judged`` starts from ``PairColumns("")``: no pair, every column empty and typed."""
    cols = PairColumns("")
    assert cols.n == 0 and cols.orders.shape == (0,)
    for name, dtype in [("source", np.int32), ("judge", np.int32), ("len_a", np.int64), ("len_b", np.int64),
                        ("label", np.int8), ("d1", np.int8), ("d2", np.int8), ("failed", np.int8)]:  # fmt: skip
        assert getattr(cols, name).dtype == dtype and getattr(cols, name).shape == (0,)
    assert cols.pair_ids == cols.sources == cols.question_keys == cols.judges == []
    assert cols.response_model is None and cols.scored_meta is None
