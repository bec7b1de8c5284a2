"""``build --format best-of-k`` on given responses: both responses of every Claude-split pair come back as one
record per question with the pair's correct response as ``chosen`` and its incorrect one as ``rejected``."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from judgebench.best_of_k import read_best_of_k
from judgebench.builder.inputs import SourceSpec
from judgebench.builder.pipeline import BuildConfig, run_build
from judgebench.cli.main import main
from judgebench.errors import ConfigError
from judgebench.records import read_pairs
from tests.conftest import CLAUDE_PAIRS
from tests.pipeline.test_rebuild import SOURCES, triple, write_responses


def pair_key(p) -> tuple:
    """A question: MMLU-Pro by its id (two of its questions share their text), LiveBench by its text."""
    return (p.source, p.original_id if p.original_id is not None else p.question)


def record_key(r: dict) -> tuple:
    return (r["source"], r["original_id"] if r["source"].startswith("mmlu-pro") else r["prompt"])


def claude_build(tmp: Path, **kw) -> tuple[list, dict, dict]:
    pairs = [p for p in read_pairs(CLAUDE_PAIRS) if p.source != "livecodebench"]
    responses = write_responses(tmp / "responses.jsonl", pairs)
    cfg = BuildConfig(sources=SOURCES, out=tmp / "bok.jsonl", responses=str(responses), per_category=0, workers=2, **kw)
    res = run_build(cfg)
    return pairs, res.pairs, res.card.to_dict()


def test_claude_split_gives_one_record_per_question_matching_the_labels(tmp_path):
    pairs, records, card = claude_build(tmp_path, format="best-of-k")
    assert len(pairs) == 239
    by_question = {pair_key(p): triple(p.to_dict()) for p in pairs}
    assert len(by_question) == 239
    seen = Counter(record_key(r) for r in records)
    assert set(seen) <= set(by_question) and max(seen.values()) == 1  # one record per question
    complete = [r for r in records if r["num_correct"] == 1 and r["num_incorrect"] == 1]
    for r in complete:
        _, _, good, bad = by_question[record_key(r)]
        assert r["chosen"] == [good] and r["rejected"] == [bad]
        assert r["total_completions"] == 2 and r["response_model"] == "claude-3-5-sonnet-20240620"
    # every response is kept unless its verifier could not decide (AMPS_Hard's sympy timeouts), and then the
    # card counts it; no record ever holds a response under the wrong label
    unverifiable = card["dropped_responses"].get("unverifiable", 0)
    assert len(complete) + unverifiable >= 239 and len(complete) >= 237
    for r in records:
        _, _, good, bad = by_question[record_key(r)]
        assert set(r["chosen"]) <= {good} and set(r["rejected"]) <= {bad}
    assert card["format"] == "best-of-k" and card["counts"]["pairs"] == len(records)
    assert card["labels"] == {
        "chosen": sum(r["num_correct"] for r in records),
        "rejected": sum(r["num_incorrect"] for r in records),
    }
    assert read_best_of_k(tmp_path / "bok.jsonl") == records
    assert {r["subset"] for r in records} == {"Knowledge", "Reasoning", "Math"}
    print(f"\nclaude best-of-k: {len(records)} records, {len(complete)} with one chosen and one rejected")


def test_best_of_two_is_the_pair(tmp_path):
    """``--best-of 2`` keeps one correct and one incorrect response: the released pair itself."""
    pairs, records, _ = claude_build(tmp_path, format="best-of-k", best_of=2)
    by_question = {pair_key(p): triple(p.to_dict()) for p in pairs}
    assert len(records) >= 237
    for r in records:
        _, _, good, bad = by_question[record_key(r)]
        assert (r["chosen"], r["rejected"]) == ([good], [bad])


def test_best_of_needs_the_format_and_two(tmp_path):
    cfg = BuildConfig(sources=SOURCES, out=tmp_path / "x.jsonl", responses="x", best_of=4)
    with pytest.raises(ConfigError, match="--format best-of-k"):
        run_build(cfg)
    cfg = BuildConfig(sources=SOURCES, out=tmp_path / "x.jsonl", responses="x", format="best-of-k", best_of=1)
    with pytest.raises(ConfigError, match="at least 2"):
        run_build(cfg)
    assert main(["build", "--source", "mmlu-pro=x", "--responses", "x", "--best-of", "3"]) == 2


def small_build(tmp: Path, name: str, **kw) -> tuple[list, dict]:
    """Three MMLU-Pro-style questions from a JSONL source; q3's answer is unreadable (every verdict unverifiable)."""
    tmp.mkdir(parents=True, exist_ok=True)
    questions = tmp / "questions.jsonl"
    rows = [("q1", "B"), ("q2", "C"), ("q3", "not a letter")]
    src = {"verifier": "mmlu-pro", "source": "mmlu-pro-math"}
    questions.write_text("".join(
        json.dumps({"id": i, "question": f"Question {i}?", "answer": a, **src}) + "\n" for i, a in rows
    ))  # fmt: skip
    responses = tmp / "responses.jsonl"
    given = {"q1": ["BBBBB", "AAAAA", "CCCCC", "DDDDD"], "q2": ["CCCCC", "so CCCCC"], "q3": ["AAAAA"]}
    responses.write_text("".join(
        json.dumps({"question_id": q, "response": r, "model": "m"}) + "\n" for q, rs in given.items() for r in rs
    ))  # fmt: skip
    cfg = BuildConfig(
        sources=[SourceSpec("jsonl", str(questions))], out=tmp / name, responses=str(responses), per_category=0,
        workers=0, format="best-of-k", **kw,
    )  # fmt: skip
    res = run_build(cfg)
    return res.pairs, res.card.to_dict()


def test_every_verified_response_kept_and_unverifiable_ones_counted(tmp_path):
    records, card = small_build(tmp_path, "all.jsonl")
    q1, q2 = records  # q3's only response is unverifiable: no record
    assert q1["chosen"] == ["BBBBB"] and q1["rejected"] == ["AAAAA", "CCCCC", "DDDDD"]
    assert q2["chosen"] == ["CCCCC", "so CCCCC"] and q2["rejected"] == [] and q2["num_incorrect"] == 0
    assert card["dropped_responses"] == {"unverifiable": 1}
    assert card["counts"]["responses"] == 7 and card["counts"]["pairs"] == 2
    assert card["labels"] == {"chosen": 3, "rejected": 3}
    assert q1["id"] != q2["id"] and q1["subset"] == "Knowledge"


def test_best_of_n_is_seeded_per_question(tmp_path):
    picks = {}
    for seed in range(8):
        records, card = small_build(tmp_path / str(seed), "bo3.jsonl", best_of=3, seed=seed)
        (q1,) = records  # q2 has no incorrect response: skipped
        assert q1["chosen"] == ["BBBBB"] and len(q1["rejected"]) == 2
        assert set(q1["rejected"]) <= {"AAAAA", "CCCCC", "DDDDD"}
        assert card["best_of"] == 3
        picks[seed] = tuple(q1["rejected"])
    again, _ = small_build(tmp_path / "again", "bo3.jsonl", best_of=3, seed=5)
    assert tuple(again[0]["rejected"]) == picks[5]
    assert len(set(picks.values())) > 1  # other seeds draw other responses
    none, _ = small_build(tmp_path / "five", "bo5.jsonl", best_of=5)
    assert none == []  # q1 has only three incorrect responses
