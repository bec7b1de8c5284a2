"""A benchmark item as a pair: its id is a uuid5 of (source, question, A, B) in slot order, stable across runs
and versions (resume, joins and published files rely on it), and the record keeps upstream's key order."""

from __future__ import annotations

import uuid

import pytest

from judgebench.errors import MalformedRecordError
from judgebench.importers.pair_records import PAIR_NAMESPACE, make_pair, stable_pair_id


def test_the_pair_id_is_a_uuid5_of_source_question_and_both_responses_in_order():
    assert str(PAIR_NAMESPACE) == "6f1d7c1e-2b1a-5c55-9e0f-6a7564676562"
    pid = stable_pair_id("llmbar-natural", "q", "a", "b")
    assert pid == "36b19822-3ba5-5534-a894-e13decc7eb46"  # as written by every earlier import
    assert pid == str(uuid.uuid5(PAIR_NAMESPACE, "llmbar-natural\x1fq\x1fa\x1fb"))
    assert stable_pair_id("llmbar-natural", "q", "b", "a") != pid  # the swapped pair is another pair
    assert stable_pair_id("llmbar-natural", "q", "a", "b") == pid
    assert stable_pair_id("faireval", "q", "a", "b") != pid
    # the separator keeps fields apart: moving text between fields changes the id
    assert stable_pair_id("s", "qa", "", "b") != stable_pair_id("s", "q", "a", "b")


def test_make_pair_in_upstreams_key_order_with_extra_keys_after():
    pair = make_pair("llmbar-natural", 7, "q", "a", "b", "B>A", extra={"model_A": "x", "votes": 2})
    assert list(pair.to_dict()) == [
        "pair_id", "original_id", "source", "question", "response_model", "response_A", "response_B", "label",
        "model_A", "votes",
    ]  # fmt: skip
    assert pair.to_dict() == {
        "pair_id": stable_pair_id("llmbar-natural", "q", "a", "b"),
        "original_id": 7,
        "source": "llmbar-natural",
        "question": "q",
        "response_model": "unknown",
        "response_A": "a",
        "response_B": "b",
        "label": "B>A",
        "model_A": "x",
        "votes": 2,
    }
    assert make_pair("s", None, "q", "a", "b", "A>B", response_model="gpt").response_model == "gpt"
    assert make_pair("s", None, "q", "a", "b", "A>B").extra == {}


def test_a_label_without_a_majority_only_when_asked():
    with pytest.raises(MalformedRecordError, match="label"):
        make_pair("mt-bench", 81, "q", "a", "b", "no-majority")
    assert make_pair("mt-bench", 81, "q", "a", "b", "no-majority", unlabelled=True).label == "no-majority"
    with pytest.raises(MalformedRecordError, match="label"):
        make_pair("mt-bench", 81, "q", "a", "b", "A=B", unlabelled=True)
