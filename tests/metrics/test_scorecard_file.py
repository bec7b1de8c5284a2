"""``score_file``, ``score_records``, ``score_columns`` on hand-computed files: what ``judgebench score`` prints.

Covers what the release files do not: a rule counted in halves (LLMBar's ``average``) with its interval over
pairs, the order of categories, where the judge and model names come from, duplicate pairs in the record-by-record
scan, and the refusals of a file with nothing to score.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from judgebench.errors import DuplicatePairError, MalformedRecordError
from judgebench.judged_columns import check_scored, read_columns
from judgebench.metrics.bootstrap import proportion_ci
from judgebench.metrics.scorecard import CategoryScore, score_columns, score_file, score_records

# seven decision patterns for a pair labelled A>B: (vote credit, average credit in halves)
PATTERNS = [
    ["A>B", "B>A"],  # both orders right: vote 1, average 2
    ["A>B", "A>B"],  # position bias: vote 0, average 1
    ["B>A", "A>B"],  # both wrong: 0, 0
    ["A=B", "B>A"],  # a tie and a right: 1, 1
    ["A>B", "A=B"],  # a right and a tie: 1, 1
    ["B>A", "B>A"],  # position bias: 0, 1
    ["A>B", "B>A"],  # both right: 1, 2
]


def judged(pid: str, source: str, label: str, decisions: list[str | None], **extra: Any) -> dict[str, Any]:
    return {
        "pair_id": pid,
        "original_id": None,
        "source": source,
        "question": "q",
        "response_model": "m",
        "response_A": "a",
        "response_B": "b",
        "label": label,
        "judgments": [{"judgment": {}, "decision": d} for d in decisions],
        **extra,
    }


def write(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def llmbar_like(path: Path) -> Path:
    """40 Knowledge pairs (patterns in turn) and 25 Math pairs (every third pattern), all labelled A>B."""
    rows = [judged(f"k{i}", "mmlu-pro-law", "A>B", PATTERNS[i % 7]) for i in range(40)]
    rows += [judged(f"m{i}", "livebench-math", "A>B", PATTERNS[(i * 3) % 7]) for i in range(25)]
    return write(path, rows)


def test_the_average_rule_counts_halves_and_its_interval_is_over_pairs(tmp_path: Path) -> None:
    f = llmbar_like(tmp_path / "x.jsonl")
    card = score_file(f, rule="average").to_dict()
    got = {k: (v["correct"], v["n"], v["accuracy"], v["ci95"]) for k, v in card["categories"].items()}
    assert got == {
        "Knowledge": (45, 80, 56.25, [40.0, 70.06]),
        "Math": (29, 50, 58.0, [40.0, 76.0]),
        "Overall": (74, 130, 56.92, [44.62, 69.23]),
    }
    # the interval is the pairs' (40 of them), at the rule's accuracy (22.5 of 40): not 45 of 80 trials
    assert card["categories"]["Knowledge"]["ci95"] == list(proportion_ci(22.5, 40))
    assert card["categories"]["Overall"]["ci95"] == list(proportion_ci(37, 65))
    assert card["n_pairs"] == 65 and card["rule"] == "average"
    # the same pairs under the vote rule: one unit per pair
    vote = score_file(f).to_dict()["categories"]
    assert {k: (v["correct"], v["n"], v["ci95"]) for k, v in vote.items()} == {
        "Knowledge": (23, 40, [42.5, 72.5]),
        "Math": (15, 25, [40.0, 80.0]),
        "Overall": (38, 65, [47.65, 70.77]),
    }


def test_the_record_scan_gives_the_columnar_figures_under_every_rule(tmp_path: Path) -> None:
    f = llmbar_like(tmp_path / "x.jsonl")
    rows = [json.loads(line) for line in f.read_text().splitlines()]
    for rule in ("vote", "average", "second", "agree"):
        fast = score_file(f, rule=rule).to_dict()
        assert score_file(f, rule=rule, columnar=False).to_dict() == fast
        records = score_records(enumerate(rows, 1), str(f), rule=rule).to_dict()
        assert records == fast
    cols = read_columns(str(f), unlabelled=True, check=check_scored, duplicates_first=False, questions=False)
    assert score_columns(cols, rule="average").to_dict() == score_file(f, rule="average").to_dict()
    assert score_columns(cols, bootstrap=0).categories["Overall"].ci95 is None
    # its defaults are score_file's: the vote rule, 1000 draws, seed 0
    assert score_columns(cols).to_dict() == score_file(f).to_dict()
    assert score_columns(cols).categories["Overall"].ci95 == (47.65, 70.77)


def test_categories_come_in_the_papers_order_then_the_others_then_overall(tmp_path: Path) -> None:
    rows = [
        judged("1", "my-own-data", "A>B", ["A>B", "B>A"]),
        judged("2", "livecodebench", "A>B", ["A>B", "B>A"]),
        judged("3", "livebench-math", "B>A", ["B>A", "A>B"]),
        judged("4", "livebench-reasoning", "A>B", ["B>A", "A>B"]),
        judged("5", "mmlu-pro-law", "A>B", ["A>B"]),
    ]
    score = score_file(write(tmp_path / "x.jsonl", rows), bootstrap=0)
    assert list(score.categories) == ["Knowledge", "Reasoning", "Math", "Coding", "Other", "Overall"]
    assert score.sources == ("my-own-data", "livecodebench", "livebench-math", "livebench-reasoning", "mmlu-pro-law")
    assert [(c.correct, c.n) for c in score.categories.values()] == [(1, 1), (0, 1), (1, 1), (1, 1), (1, 1), (4, 5)]


def test_names_come_from_the_records_then_from_the_file_name(tmp_path: Path) -> None:
    name = "dataset=judgebench,response_model=from-name,judge_name=name-judge,judge_model=name-model.jsonl"
    bare = [judged("1", "mmlu-pro-law", "A>B", ["A>B", "B>A"])]
    for columnar in (True, False):
        s = score_file(write(tmp_path / name, bare), bootstrap=0, columnar=columnar)
        # the record's response_model wins; no judge name or model in the records: the file name's
        assert (s.judge_name, s.judge_model, s.response_model) == ("name-judge", "name-model", "m")
    rich = [judged("1", "mmlu-pro-law", "A>B", ["A>B", "B>A"], judge_name="rec-judge")]
    rich[0]["judgments"][0]["judgment"] = {"judge_model": "rec-model"}
    for columnar in (True, False):
        s = score_file(write(tmp_path / name, rich), bootstrap=0, columnar=columnar)
        assert (s.judge_name, s.judge_model, s.response_model) == ("rec-judge", "rec-model", "m")
    plain = score_file(write(tmp_path / "plain.jsonl", bare), bootstrap=0)
    assert (plain.judge_name, plain.judge_model, plain.response_model) == (None, None, "m")


def test_a_pair_seen_twice_is_refused_with_both_lines(tmp_path: Path) -> None:
    rows = [
        judged("1", "mmlu-pro-law", "A>B", ["A>B", "B>A"]),
        judged("2", "mmlu-pro-law", "A>B", ["A>B", "B>A"]),
        judged("1", "mmlu-pro-law", "A>B", ["B>A", "A>B"]),
    ]
    with pytest.raises(DuplicatePairError, match=r":3: duplicate pair_id '1' \(first on line 1\)"):
        score_records(enumerate(rows, 1), "f.jsonl", bootstrap=0)
    f = write(tmp_path / "dup.jsonl", rows)
    for columnar in (True, False):
        with pytest.raises(DuplicatePairError, match=r"dup\.jsonl:3: duplicate pair_id '1' \(first on line 1\)"):
            score_file(f, bootstrap=0, columnar=columnar)


def test_score_records_defaults_name_no_file_and_count_by_the_vote_rule() -> None:
    rows = [judged(str(i), "mmlu-pro-law", "A>B", PATTERNS[i % 7]) for i in range(14)]
    s = score_records(enumerate(rows, 1))
    assert s.file == "<input>" and s.rule == "vote"
    overall = s.categories["Overall"]
    assert (overall.correct, overall.n) == (8, 14)
    assert overall.ci95 == proportion_ci(8, 14)  # 1000 draws, seed 0
    # 100 of 301 right: 999 or 1001 draws, or seed 1, move a bound of (28.24, 38.88)
    rows = [judged(str(i), "mmlu-pro-law", "A>B", ["A>B", "B>A"] if i < 100 else ["B>A", "A>B"]) for i in range(301)]
    assert score_records(enumerate(rows, 1)).categories["Overall"].ci95 == (28.24, 38.88)


def test_score_records_refuses_no_majority_pairs() -> None:
    # only score_file(..., unlabelled=True) (what score and the API call) skips them; records given directly
    # are validated as labelled pairs
    rows = [judged("1", "mt-bench", "A>B", ["A>B", "B>A"]), judged("2", "mt-bench", "no-majority", ["A>B", "B>A"])]
    with pytest.raises(MalformedRecordError, match=r"<input>:2: .*no-majority"):
        score_records(enumerate(rows, 1), bootstrap=0)


def test_a_file_score_built_by_hand_has_the_documented_defaults() -> None:
    from judgebench.metrics.scorecard import FileScore

    s = FileScore("f.jsonl", None, None, None, 0, {}, {}, 0, 0)
    assert (s.outcomes, s.rule, s.failed_judgments, s.sources, s.unlabelled_pairs) == ({}, "vote", 0, (), 0)
    assert s.to_dict()["failed_judgments"] == 0 and s.to_dict()["unlabelled_pairs"] == 0


def test_a_file_with_nothing_to_score_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    for columnar in (True, False):
        with pytest.raises(MalformedRecordError, match="no judged pairs in file"):
            score_file(empty, columnar=columnar)
    only = write(tmp_path / "nm.jsonl", [judged("1", "mt-bench", "no-majority", ["A>B", "B>A"])])
    for columnar in (True, False):
        with pytest.raises(MalformedRecordError, match=r"no labelled pairs in file \(1 without an expert majority"):
            score_file(only, unlabelled=True, columnar=columnar)


def test_an_empty_category_has_no_accuracy() -> None:
    assert CategoryScore(0, 0).accuracy is None
    assert CategoryScore(0, 0).to_dict() == {"accuracy": None, "correct": 0, "n": 0, "ci95": None}
    assert CategoryScore(2, 3, (10.0, 90.0)).to_dict() == {
        "accuracy": 66.67,
        "correct": 2,
        "n": 3,
        "ci95": [10.0, 90.0],
    }


def test_failed_judgments_are_counted_apart_from_replies_without_a_verdict(tmp_path: Path) -> None:
    failed = {"judgment": {}, "decision": None, "error": "call failed (timeout)"}
    legacy = {"judgment": {}, "decision": None, "error": "unparseable: no verdict"}  # an old no-verdict record
    rows = [
        judged("1", "mmlu-pro-law", "A>B", ["A>B", None]),  # a reply without a verdict: not a failure
        judged("2", "mmlu-pro-law", "A>B", ["A>B", "B>A"]),
        judged("3", "mmlu-pro-law", "B>A", ["B>A"]),
    ]
    rows[1]["judgments"][1] = failed
    rows[2]["judgments"] = [None]  # a null entry: the call failed
    rows.append({**judged("4", "mmlu-pro-law", "A>B", []), "judgments": [legacy, failed]})
    f = write(tmp_path / "f.jsonl", rows)
    for columnar in (True, False):
        s = score_file(f, bootstrap=0, columnar=columnar)
        assert (s.failed_judgments, s.decisions["null"], s.single_order_pairs) == (3, 5, 1)
        assert s.to_dict()["failed_judgments"] == 3 and s.to_dict()["single_order_pairs"] == 1
        assert s.outcomes == {"correct": 2, "incorrect": 0, "undecided": 2}


def test_a_repeated_pair_that_is_also_malformed_is_reported_as_malformed(tmp_path: Path) -> None:
    # score validates a record before it looks for its pair_id among the earlier ones, in both scans
    rows = [judged("1", "mmlu-pro-law", "A>B", ["A>B", "B>A"]), judged("1", "mmlu-pro-law", "A>B", ["A>>B"])]
    f = write(tmp_path / "f.jsonl", rows)
    for columnar in (True, False):
        with pytest.raises(MalformedRecordError, match=r"f\.jsonl:2: ") as err:
            score_file(f, bootstrap=0, columnar=columnar)
        assert not isinstance(err.value, DuplicatePairError) and "A>>B" in str(err.value)
