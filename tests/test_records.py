from __future__ import annotations

import collections
import json

import pytest

from judgebench.errors import DuplicatePairError, MalformedRecordError
from judgebench.records import (
    Category,
    JudgedPair,
    Pair,
    category_of,
    flip,
    read_judged,
    read_pairs,
    write_pairs,
)
from tests.conftest import CLAUDE_PAIRS, GPT_PAIRS, OUTPUTS

ALL_FILES = [GPT_PAIRS, CLAUDE_PAIRS, *sorted(OUTPUTS.glob("*.jsonl"))]


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name[:60])
def test_upstream_files_round_trip_byte_for_byte(path, tmp_path):
    out = tmp_path / "copy.jsonl"
    records = read_judged(path) if "judge_name=" in path.name else read_pairs(path)
    write_pairs(out, records)
    assert out.read_bytes() == path.read_bytes()


@pytest.mark.parametrize(
    ("path", "counts", "labels"),
    [
        (GPT_PAIRS, {"Knowledge": 154, "Reasoning": 98, "Math": 56, "Coding": 42}, {"A>B": 193, "B>A": 157}),
        (CLAUDE_PAIRS, {"Knowledge": 154, "Reasoning": 51, "Math": 34, "Coding": 31}, {"A>B": 143, "B>A": 127}),
    ],
)
def test_release_category_and_label_counts(path, counts, labels):
    pairs = read_pairs(path)
    assert collections.Counter(str(p.category) for p in pairs) == counts
    assert collections.Counter(p.label for p in pairs) == labels


def test_unknown_keys_are_kept_in_place():
    d = {
        "pair_id": "p",
        "original_id": None,
        "source": "livecodebench",
        "question": "q",
        "zzz": [1, {"a": 2}],
        "response_model": "m",
        "response_A": "a",
        "response_B": "b",
        "label": "B>A",
        "note": "kept",
    }
    pair = Pair.from_dict(d)
    assert pair.extra == {"zzz": [1, {"a": 2}], "note": "kept"}
    assert list(pair.to_dict()) == list(d)
    assert pair.to_dict() == d


def test_judged_pair_keeps_null_judgments_and_extra_keys():
    d = {
        "pair_id": "p",
        "original_id": 3,
        "source": "mmlu-pro-law",
        "question": "q",
        "response_model": "m",
        "response_A": "a",
        "response_B": "b",
        "label": "A>B",
        "judge_name": "vanilla",
        "judgments": [None, {"judgment": {"x": 1}, "decision": "A=B", "usage": {"input_tokens": 3}}],
        "run": 7,
    }
    jp = JudgedPair.from_dict(d)
    assert jp.decisions == [None, "A=B"]
    assert jp.judge_name == "vanilla"
    assert jp.to_dict() == d and list(jp.to_dict()) == list(d)


@pytest.mark.parametrize(
    ("source", "cat"),
    [
        ("mmlu-pro-computer science", Category.KNOWLEDGE),
        ("livebench-reasoning", Category.REASONING),
        ("livebench-math", Category.MATH),
        ("livecodebench", Category.CODING),
        ("my-data", Category.OTHER),
    ],
)
def test_category_of(source, cat):
    assert category_of(source) == cat


def test_flip():
    assert [flip(x) for x in ("A>B", "B>A", "A=B", None)] == ["B>A", "A>B", "A=B", None]


def _line(**over):
    d = {
        "pair_id": "p1",
        "original_id": None,
        "source": "livebench-math",
        "question": "q",
        "response_model": "m",
        "response_A": "a",
        "response_B": "b",
        "label": "A>B",
    }
    d.update(over)
    return json.dumps(d)


def test_read_pairs_errors_name_file_and_line(tmp_path):
    f = tmp_path / "p.jsonl"
    f.write_text(_line() + "\n" + _line(pair_id="p2", label="A<B") + "\n")
    with pytest.raises(MalformedRecordError, match=r"p\.jsonl:2: unknown label 'A<B'"):
        read_pairs(f)
    f.write_text(_line() + "\n\n" + _line() + "\n")
    with pytest.raises(DuplicatePairError, match=r"p\.jsonl:3: duplicate pair_id 'p1' \(first on line 1\)"):
        read_pairs(f)
    f.write_text(_line()[:-5])
    with pytest.raises(MalformedRecordError, match=r"p\.jsonl:1: truncated line"):
        read_pairs(f)
    d = json.loads(_line())
    del d["response_B"]
    f.write_text(json.dumps(d) + "\n")
    with pytest.raises(MalformedRecordError, match=r"p\.jsonl:1: missing key 'response_B'"):
        read_pairs(f)


def test_judgment_outcomes_tell_no_verdict_from_failed() -> None:
    from judgebench.records import judgment_outcome

    assert judgment_outcome({"judgment": {}, "decision": "A>B"}) == "decided"
    assert judgment_outcome({"judgment": {"response": "x"}, "decision": None}) == "no_verdict"  # upstream's null
    assert judgment_outcome({"decision": None, "error": None, "no_verdict": "two labels"}) == "no_verdict"
    assert judgment_outcome({"decision": None, "error": "unparseable: no label"}) == "no_verdict"  # older files
    assert judgment_outcome({"decision": None, "error": "call failed (timeout): ..."}) == "failed"
    assert judgment_outcome(None) == "failed"  # upstream's null entry: the call failed
