"""``build --format best-of-k`` on given responses: both responses of every Claude-split pair come back as one
record per question with the pair's correct response as ``chosen`` and its incorrect one as ``rejected``."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from judgebench.best_of_k import read_best_of_k
from judgebench.build.pipeline import BuildConfig, run_build
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
