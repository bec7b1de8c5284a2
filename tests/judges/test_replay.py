"""The replay backend, and the judge command replaying recorded outputs end to end."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from judgebench.backends.base import ChatRequest, Message
from judgebench.backends.replay import ReplayBackend, recorded_replies
from judgebench.engine import open_engine
from judgebench.errors import FatalBackendError
from tests.conftest import DATA, O1_MINI

MIRROR = Path("/work/.mirror/ScalerLab+JudgeBench/repo")
HAIKU = (
    "outputs/dataset=judgebench,response_model=claude-3-5-sonnet-20240620,judge_name=arena_hard,"
    "judge_model=claude-3-haiku-20240307.jsonl"
)


def request(pair_id: str, order: int, turn: int = 0) -> ChatRequest:
    return ChatRequest(messages=(Message("user", "x"),), metadata={"pair_id": pair_id, "order": order, "turn": turn})


def test_o1_style_records_split_into_turns_by_the_prompt_field() -> None:
    o1 = {"prompt": "first reply [[A>B]]", "response": "\nfirst reply [[A>B]]"}
    assert recorded_replies(o1, "arena_hard") == ["first reply [[A>B]]"]
    two = {"prompt": "thinking", "response": "\nthinking\n[[B>A]]"}
    assert recorded_replies(two, "arena_hard") == ["thinking", "[[B>A]]"]
    genuine = {"prompt": "<|User Prompt|>\nq", "response": "\nturn one\nturn two [[A=B]]"}
    assert recorded_replies(genuine, "arena_hard") == ["turn one\nturn two [[A=B]]"]
    ours = {"prompt": "p", "response": "\na\nb", "replies": ["a", "b"]}
    assert recorded_replies(ours, "arena_hard") == ["a", "b"]
    assert recorded_replies({"prompt": "p", "response": "\nOutput (a)"}, "vanilla") == ["\nOutput (a)"]


def test_replay_serves_by_pair_order_turn_and_refuses_what_it_lacks() -> None:
    backend = ReplayBackend(str(O1_MINI))
    assert backend.model == "o1-mini-2024-09-12" and backend.cacheable is False
    first = json.loads(O1_MINI.read_text(encoding="utf-8").splitlines()[0])
    pid = first["pair_id"]
    reply = asyncio.run(backend.chat(request(pid, 1)))
    assert reply.text == first["judgments"][1]["judgment"]["prompt"]
    for bad in (request("no-such-pair", 0), request(pid, 2), request(pid, 0, turn=1)):
        with pytest.raises(FatalBackendError):
            backend.reply(bad)


def test_replay_by_name_under_judgebench_data_and_through_the_engine(tmp_path: Path) -> None:
    engine = open_engine(f"replay/{O1_MINI.name}", cache_path=str(tmp_path / "c.sqlite"))
    assert engine.cache is None  # never cached
    pid = json.loads(O1_MINI.read_text(encoding="utf-8").splitlines()[0])["pair_id"]
    assert "[[" in asyncio.run(engine.chat(request(pid, 0))).text
    with pytest.raises(FatalBackendError):
        asyncio.run(engine.chat(request("missing", 0)))
    assert engine.stats.requests_sent == 2 and engine.stats.retries == 0  # a missing record is not retried


def _judge(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "JUDGEBENCH_DATA": str(DATA)}
    return subprocess.run(
        [sys.executable, "-m", "judgebench.cli.main", "judge", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )


def test_judge_replay_of_o1_mini_gives_back_every_decision_and_65_71(tmp_path: Path) -> None:
    proc = _judge("--judge", "arena_hard", "--model", f"replay/{O1_MINI}", "--pairs", "gpt", "--json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["score"]["categories"]["Overall"]["accuracy"] == 65.71
    assert report["judged"] == 350 and report["failed_judgments"] == 0
    out = (
        tmp_path
        / "outputs"
        / (
            "dataset=judgebench,response_model=gpt-4o-2024-05-13,judge_name=arena_hard,judge_model=o1-mini-2024-09-12.jsonl"
        )
    )
    assert Path(report["out"]) == Path("outputs") / out.name
    recorded = {r["pair_id"]: r for r in map(json.loads, O1_MINI.read_text(encoding="utf-8").splitlines())}
    ours = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["pair_id"] for r in ours] == list(recorded)  # the pairs file's order, each once
    for record in ours:
        want = recorded[record["pair_id"]]
        assert [j["decision"] for j in record["judgments"]] == [j["decision"] for j in want["judgments"]]
        for mine, theirs in zip(record["judgments"], want["judgments"], strict=True):
            assert mine["judgment"]["response"] == theirs["judgment"]["response"]
            assert mine["judgment"]["judge_model"] == "o1-mini-2024-09-12"
            assert mine["error"] is None and set(mine) >= {"usage", "latency_s", "cost_usd"}
    # resuming the finished file judges nothing
    again = _judge("--judge", "arena_hard", "--model", f"replay/{O1_MINI}", "--pairs", "gpt", "--json", cwd=tmp_path)
    assert json.loads(again.stdout)["judged"] == 0


@pytest.mark.skipif(not MIRROR.is_dir(), reason="upstream mirror with the haiku outputs file not present")
def test_replay_of_a_genuine_prompt_file_renders_the_recorded_prompts(tmp_path: Path) -> None:
    recorded_path = tmp_path / "haiku.jsonl"
    blob = subprocess.run(
        ["git", "-C", str(MIRROR), "show", f"HEAD:{HAIKU}"], capture_output=True, check=True, timeout=60
    ).stdout
    recorded_path.write_bytes(blob)
    out = tmp_path / "ours.jsonl"
    proc = _judge(
        "--judge", "arena_hard", "--model", f"replay/{recorded_path}", "--pairs", "claude", "--out", str(out), "--json",
        cwd=tmp_path,
    )  # fmt: skip
    recorded = {r["pair_id"]: r for r in map(json.loads, blob.decode().splitlines())}
    ours = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(ours) == 270
    for record in ours:
        for mine, theirs in zip(record["judgments"], recorded[record["pair_id"]]["judgments"], strict=True):
            assert mine["judgment"]["prompt"] == theirs["judgment"]["prompt"]
            assert mine["decision"] == theirs["decision"]
            assert mine["judgment"]["response"] == theirs["judgment"]["response"]
    # the 13 recorded null decisions (two different labels) come back as failures: exit status 1
    assert proc.returncode == 1 and json.loads(proc.stdout)["failed_judgments"] == 13
