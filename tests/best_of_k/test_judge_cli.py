"""``judgebench judge --pairs SET`` end to end: a real subprocess, the real engine and SDK, a fake
OpenAI-compatible server on 127.0.0.1; a rating judge, then a pairwise judge with a capped round robin, and a
pointwise judge on ordinary pairs."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.fakes.provider_server import FakeProvider, last_text

RECORDS = [
    {"id": "m1", "prompt": "What is 6*7?", "chosen": ["RIGHT 42", "RIGHT forty-two"],
     "rejected": ["WRONG 41", "WRONG 48", "WRONG 36"], "num_correct": 2, "num_incorrect": 3,
     "total_completions": 5, "subset": "Math", "source": "test", "response_model": "m"},
    {"id": "m2", "prompt": "What is 2**10?", "chosen": ["RIGHT 1024"], "rejected": ["WRONG 1000", "WRONG 2048"],
     "num_correct": 1, "num_incorrect": 2, "total_completions": 3, "subset": "Math", "source": "test",
     "response_model": "m"},
]  # fmt: skip


def rating(body: dict[str, Any]) -> str:
    answer = last_text(body).split("[The Start of Assistant's Answer]\n", 1)[1]
    return "Fine. Rating: [[8]]" if answer.startswith("RIGHT") else "Not right. Rating: [[3]]"


def arena(body: dict[str, Any]) -> str:
    text = last_text(body)
    a = re.search(r"<\|The Start of Assistant A's Answer\|>\n(.*?)\n", text).group(1)  # type: ignore[union-attr]
    return "My final verdict is [[A>B]]" if a.startswith("RIGHT") else "My final verdict is [[B>A]]"


def judge(server: FakeProvider, name: str, pairs: Path, out: Path, *more: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "judgebench", "judge", "--judge", name, "--model", "openai/fake-judge",
           "--base-url", server.openai_base_url, "--pairs", str(pairs), "--out", str(out), "--no-cache", "--json",
           *more]  # fmt: skip
    env = {**os.environ, "OPENAI_API_KEY": "sk-test-not-a-key"}
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)


def test_rating_then_round_robin(tmp_path: Path) -> None:
    pairs = tmp_path / "set.jsonl"
    pairs.write_text("".join(json.dumps(r) + "\n" for r in RECORDS))
    with FakeProvider(reply=rating) as server:
        done = judge(server, "rating", pairs, tmp_path / "rating.jsonl")
        assert done.returncode == 0, done.stderr
        assert server.count() == 5 + 3  # one call per response
        report = json.loads(done.stdout)
        math = report["score"]["categories"]["Math"]
        assert math["accuracy"] == 100.0 and math["best_of_k"]["1"] == round(100 * (2 / 5 + 1 / 3) / 2, 2)
        again = judge(server, "rating", pairs, tmp_path / "rating.jsonl")
        assert again.returncode == 0 and json.loads(again.stdout)["skipped"] == 2 and server.count() == 8
    with FakeProvider(reply=arena) as server:
        done = judge(server, "arena_hard", pairs, tmp_path / "arena.jsonl", "--comparisons", "3")
        assert done.returncode == 0, done.stderr
        m1, m2 = [json.loads(x) for x in (tmp_path / "arena.jsonl").read_text().splitlines()]
        assert len(m1["comparisons"]) == 2 * 3  # 6 comparisons capped at 3 (enough to cover all five responses)
        assert {c["chosen"] for c in m1["comparisons"]} == {0, 1}
        assert {c["rejected"] for c in m1["comparisons"]} == {0, 1, 2}
        assert len(m2["comparisons"]) == 2 * 2 and server.count() == 6 + 4
        assert m1["scores_chosen"] == [1.0, 1.0] and m1["scores_rejected"] == [0.0, 0.0, 0.0]
        assert json.loads(done.stdout)["score"]["categories"]["Overall"]["pairwise"] == 100.0


def test_a_pointwise_rating_judge_on_pairs(tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.jsonl"
    rows = [
        {"pair_id": f"p{i}", "original_id": i, "source": "mmlu-pro-math", "question": f"q{i}",
         "response_model": "m", "response_A": a, "response_B": b, "label": label}
        for i, (a, b, label) in enumerate([("RIGHT 1", "WRONG 2", "A>B"), ("WRONG 3", "RIGHT 4", "B>A"),
                                           ("WRONG 5", "WRONG 6", "A>B")])
    ]  # fmt: skip
    pairs.write_text("".join(json.dumps(r) + "\n" for r in rows))
    with FakeProvider(reply=rating) as server:
        done = judge(server, "rating", pairs, tmp_path / "out.jsonl")
        assert done.returncode == 0, done.stderr
        assert server.count() == 6  # each response rated once, both orders from the same two ratings
    records = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [r["judgments"][0]["decision"] for r in records] == ["A>B", "B>A", "A=B"]
    assert records[0]["judgments"][1]["judgment"]["scores"] == [3.0, 8.0]
