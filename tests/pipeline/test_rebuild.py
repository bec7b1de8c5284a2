"""Rebuild: feeding both responses of every released pair through ``--responses`` yields the same pairs
(question, correct response, incorrect response) wherever the source's verifier is deterministic.

Claude split: every MMLU-Pro, LiveBench reasoning and math_comp pair, and the AMPS_Hard pairs whose sympy
check finishes within its time limit (a timeout is *unverifiable*, so that pair is dropped, never wrong).
GPT split: every MMLU-Pro pair (its LiveBench labels are partly noise, see VERIFIERS.md). LiveCodeBench is
left out: its tests are not available offline.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from judgebench.builder.inputs import SourceSpec
from judgebench.builder.pipeline import BuildConfig, run_build
from judgebench.records import Pair, read_pairs
from tests.conftest import CLAUDE_PAIRS, GPT_PAIRS, SHARED

SOURCES = [
    SourceSpec("mmlu-pro", str(SHARED / "sources" / "mmlu-pro" / "test.jsonl")),
    SourceSpec("livebench-math", str(SHARED / "sources" / "livebench")),
    SourceSpec("livebench-reasoning", str(SHARED / "sources" / "livebench")),
]


def triple(d: dict) -> tuple[str, str, str, str]:
    good, bad = (d["response_A"], d["response_B"]) if d["label"] == "A>B" else (d["response_B"], d["response_A"])
    return d["source"], d["question"], good, bad


def write_responses(path: Path, pairs: list[Pair]) -> Path:
    """Both responses of each pair; MMLU-Pro lines matched by question_id, LiveBench lines by question text."""
    with path.open("w") as fh:
        for p in pairs:
            key = {"question_id": p.original_id} if p.original_id is not None else {"question": p.question}
            for r in (p.response_A, p.response_B):
                fh.write(json.dumps({**key, "response": r, "model": p.response_model}) + "\n")
    return path


def rebuild(tmp: Path, release: Path, keep) -> tuple[set, set, dict]:
    pairs = [p for p in read_pairs(release) if keep(p)]
    responses = write_responses(tmp / "responses.jsonl", pairs)
    sources = [s for s in SOURCES if any(p.source.startswith(s.name) for p in pairs)]
    cfg = BuildConfig(sources=sources, out=tmp / "pairs.jsonl", responses=str(responses), per_category=0, workers=2)
    res = run_build(cfg)
    assert all(p["response_model"] == pairs[0].response_model for p in res.pairs)
    return {triple(p.to_dict()) for p in pairs}, {triple(p) for p in res.pairs}, res.card.to_dict()


def test_claude_split_rebuilds(tmp_path):
    original, built, card = rebuild(tmp_path, CLAUDE_PAIRS, lambda p: p.source != "livecodebench")
    assert built <= original  # no pair the release does not have, none with the labels swapped
    assert len(original) == 239
    task_of = card["by_task"]
    same = Counter("mmlu-pro" if s.startswith("mmlu-pro") else s for s, *_ in built)
    assert same["mmlu-pro"] == 154 and same["livebench-reasoning"] == 51
    for task in ("web_of_lies_v2", "zebra_puzzle", "spatial", "math_comp"):
        assert task_of[task]["pairs"] == task_of[task]["questions"], task
    amps = task_of["AMPS_Hard"]
    assert amps["questions"] == 19 and amps["pairs"] >= 17  # sympy timeouts drop a pair, never flip it
    assert amps["pairs"] + card["dropped_responses"].get("unverifiable", 0) >= 19
    assert card["counts"]["pairs"] == len(built) >= 237
    print(f"\nclaude rebuild: {len(built)}/{len(original)} pairs reproduced; AMPS_Hard {amps['pairs']}/19")


def test_gpt_split_mmlu_pro_rebuilds(tmp_path):
    original, built, card = rebuild(tmp_path, GPT_PAIRS, lambda p: p.source.startswith("mmlu-pro"))
    assert len(original) == 154 and built == original
    assert card["counts"]["mixed_questions"] == 154 and card["dropped_responses"] == {}
    assert card["labels"]["A>B"] + card["labels"]["B>A"] == 154
