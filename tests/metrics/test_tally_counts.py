"""The counters behind every score: the rule's outcome table, one record's count, chunks merged, the columnar tally.

The outcome table is checked entry by entry against the rules' definitions (credit in the rule's units, the
outcome as the rule applied to the label against the flipped label, position inconsistency); a file split in
chunks and merged counts what the whole file counts; the columnar tally counts what the record scan counts,
categories and sources in order of first appearance included.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from judgebench.errors import MalformedRecordError
from judgebench.judged_columns import check_scored, read_columns
from judgebench.metrics.scorecard import score_file
from judgebench.metrics.tally import Tally, outcome_table, tally_of_columns
from judgebench.metrics.vote import AGGREGATIONS, is_inconsistent

DECS = ["A>B", "B>A", "A=B", None]


def judged(pid: str, source: str, label: str, decisions: list[Any], **extra: Any) -> dict[str, Any]:
    return {
        "pair_id": pid,
        "original_id": None,
        "source": source,
        "question": "q",
        "response_model": "m",
        "response_A": "a",
        "response_B": "b",
        "label": label,
        "judgments": [d if isinstance(d, dict) or d is None else {"judgment": {}, "decision": d} for d in decisions],
        **extra,
    }


@pytest.mark.parametrize("rule", ["vote", "first", "agree", "second", "average"])
def test_the_outcome_table_is_the_rule_on_every_label_and_decisions(rule: str) -> None:
    table = outcome_table(rule)
    correct = AGGREGATIONS.get(rule)
    units = 2 if rule == "average" else 1
    keys = [(lab, x) for lab in ("A>B", "B>A") for x in DECS]
    keys += [(lab, x, y) for lab in ("A>B", "B>A") for x in DECS for y in DECS]
    assert sorted(table, key=repr) == sorted(keys, key=repr)  # 2 labels x (4 single + 16 double)
    for label, *decs in keys:
        other = "B>A" if label == "A>B" else "A>B"
        mine, theirs = float(correct(label, decs)), float(correct(other, decs))
        outcome = "correct" if mine > theirs else "incorrect" if theirs > mine else "undecided"
        assert table[(label, *decs)] == (round(mine * units), outcome, is_inconsistent(decs))


def test_outcome_table_entries_by_hand() -> None:
    vote, first, average = outcome_table("vote"), outcome_table("first"), outcome_table("average")
    assert vote[("A>B", "A>B", "A>B")] == (0, "undecided", True)  # position bias: a zero sum
    assert first[("A>B", "A>B", "A>B")] == (1, "correct", True)
    assert average[("A>B", "A>B", "A>B")] == (1, "undecided", True)  # one half each way
    assert average[("A>B", "A>B", "B>A")] == (2, "correct", False)
    assert average[("B>A", "A>B", "B>A")] == (0, "incorrect", False)
    assert vote[("B>A", None, "A>B")] == (1, "correct", True)  # the second order flipped back picks B
    assert vote[("A>B", "A=B")] == (0, "undecided", False)
    assert vote[("B>A", "A>B")] == (0, "incorrect", False)


def rows() -> list[dict[str, Any]]:
    failed = {"judgment": {}, "decision": None, "error": "call failed"}
    return [
        judged("1", "livebench-math", "A>B", [{"judgment": {"judge_model": "jm"}, "decision": "A>B"}, "B>A"]),
        judged("2", "mmlu-pro-law", "A>B", ["A>B", "A>B"], judge_name="jn"),
        judged("3", "my-own-data", "B>A", [None, failed]),
        judged("4", "mmlu-pro-law", "B>A", ["B>A"]),
        judged("5", "livebench-math", "A>B", ["A=B", "B>A"]),
        judged("6", "mmlu-pro-math", "B>A", ["A>B", "B>A"]),
        judged("7", "my-own-data", "A>B", [failed]),
    ]


def tally_of(records: list[dict[str, Any]], rule: str = "vote", start: int = 1) -> Tally:
    t = Tally(rule)
    for line, d in enumerate(records, start):
        t.add(d, "f.jsonl", line)
    return t


def fields(t: Tally) -> dict[str, Any]:
    return {
        "counts": t.counts,
        "decisions": t.decisions,
        "outcomes": t.outcomes,
        "inconsistent": t.inconsistent,
        "single": t.single,
        "failed": t.failed,
        "n_pairs": t.n_pairs,
        "unlabelled_pairs": t.unlabelled_pairs,
        "categories": list(t.categories.items()),
        "units": t.units,
    }


def test_one_scan_counts_by_hand() -> None:
    t = tally_of(rows())
    assert fields(t) == {
        # vote credit: 1 (+2), 2 (0), 3 (0), 4 (+1), 5 (+1), 6 (0: A>B wrong, B>A flipped back A>B wrong: -2)
        "counts": {"Math": [2, 2], "Knowledge": [1, 3], "Other": [0, 2]},
        "decisions": {"A>B": 4, "B>A": 4, "A=B": 1, None: 3},
        "outcomes": {"correct": 3, "incorrect": 1, "undecided": 3},
        "inconsistent": 2,  # pairs 2 and 5 (pair 3: two nulls agree; single orders never count)
        "single": 2,
        "failed": 3,  # pair 3's null entry and its error, pair 7's error
        "n_pairs": 7,
        "unlabelled_pairs": 0,
        "categories": [
            ("livebench-math", "Math"),
            ("mmlu-pro-law", "Knowledge"),
            ("my-own-data", "Other"),
            ("mmlu-pro-math", "Knowledge"),  # MMLU-Pro's math questions are Knowledge
        ],
        "units": 1,
    }
    assert t.meta == (None, "jm", "m")  # the first record's judge name (none) and judge model


def test_chunks_merged_count_what_the_whole_file_counts() -> None:
    records = rows()
    for rule in ("vote", "average", "first"):
        whole = tally_of(records, rule)
        head, tail = tally_of(records[:3], rule), tally_of(records[3:], rule, start=4)
        head.merge(tail)
        assert fields(head) == fields(whole) and head.meta == whole.meta
        # an empty first chunk takes the second one's judge names
        empty = Tally(rule)
        rest = tally_of(records[1:], rule, start=2)
        empty.merge(rest)
        assert empty.meta == ("jn", None, "m") and fields(empty) == fields(rest)


def test_no_majority_pairs_are_skipped_only_when_asked(tmp_path: Path) -> None:
    nm = judged("9", "mt-bench", "no-majority", ["A>B", "B>A"])
    keep = Tally("vote", unlabelled=True)
    keep.add(nm, "f.jsonl", 1)
    assert (keep.unlabelled_pairs, keep.n_pairs, keep.counts, keep.meta) == (1, 0, {}, None)
    with pytest.raises(MalformedRecordError, match=r"f\.jsonl:1: .*no-majority"):
        Tally("vote").add(nm, "f.jsonl", 1)
    bad = judged("9", "mt-bench", "no-majority", ["A>>B"])
    with pytest.raises(MalformedRecordError, match=r"f\.jsonl:3"):
        keep.add(bad, "f.jsonl", 3)
    no_judgments = judged("9", "mt-bench", "no-majority", [])
    del no_judgments["judgments"]
    with pytest.raises(MalformedRecordError, match=r"f\.jsonl:4: missing key 'judgments'"):
        keep.add(no_judgments, "f.jsonl", 4)
    with pytest.raises(MalformedRecordError, match=r"f\.jsonl:4: missing key 'judgments'"):
        Tally("vote").add({**no_judgments, "label": "A>B"}, "f.jsonl", 4)


@pytest.mark.parametrize("key", ["original_id", "pair_id", "label", "source", "question", "response_A", "response_B"])
def test_a_record_missing_a_pair_key_is_refused_by_the_record_scan(tmp_path: Path, key: str) -> None:
    d = judged("1", "mmlu-pro-law", "A>B", ["A>B", "B>A"])
    del d[key]
    with pytest.raises(MalformedRecordError, match=rf"f\.jsonl:2: missing key '{key}'"):
        Tally("vote").add(d, "f.jsonl", 2)
    f = tmp_path / "f.jsonl"
    f.write_text(json.dumps(judged("0", "mmlu-pro-law", "A>B", ["A>B"])) + "\n" + json.dumps(d) + "\n")
    for columnar in (True, False):
        with pytest.raises(MalformedRecordError, match=rf"f\.jsonl:2: missing key '{key}'"):
            score_file(f, bootstrap=0, columnar=columnar)


@pytest.mark.parametrize("key", ["pair_id", "source", "question", "response_model", "response_A", "response_B"])
def test_a_record_with_a_field_of_the_wrong_type_is_refused(key: str) -> None:
    d = judged("1", "mmlu-pro-law", "A>B", ["A>B", "B>A"])
    d[key] = 7
    with pytest.raises(MalformedRecordError, match=rf"f\.jsonl:2: '{key}' must be a string"):
        Tally("vote").add(d, "f.jsonl", 2)


def test_the_columnar_tally_counts_what_the_scan_counts(tmp_path: Path) -> None:
    records = [*rows(), judged("8", "mt-bench", "no-majority", ["A>B", "B>A"])]
    f = tmp_path / "f.jsonl"
    f.write_text("".join(json.dumps(r) + "\n" for r in records))
    cols = read_columns(str(f), unlabelled=True, check=check_scored, duplicates_first=False, questions=False)
    for rule in ("vote", "average", "first", "agree", "second"):
        scan = Tally(rule, unlabelled=True)
        for line, d in enumerate(records, 1):
            scan.add(d, str(f), line)
        fast = tally_of_columns(cols, rule, unlabelled=True)
        assert fields(fast) == fields(scan)
        assert fast.unlabelled_pairs == 1 and fast.n_pairs == 7
    average = tally_of_columns(cols, "average", unlabelled=True)
    # halves: 1 (2), 2 (1), 3 (0), 4 (2: one order, right), 5 (1), 6 (0: both orders wrong), 7 (0)
    assert average.counts == {"Math": [3, 4], "Knowledge": [3, 6], "Other": [0, 4]} and average.units == 2
