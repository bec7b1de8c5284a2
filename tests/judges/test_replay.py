"""The replay backend, and the judge command replaying recorded outputs end to end."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from judgebench.backends.base import ChatRequest, Message
from judgebench.backends.replay import recorded_replies
from judgebench.engine import open_engine
from judgebench.errors import FatalBackendError
from judgebench.recordings import replay_backend
from tests.conftest import CLAUDE_PAIRS, DATA, HAIKU_SUBSET, O1_MINI, upstream_output

HAIKU = HAIKU_SUBSET.name  # upstream's full file has the same name


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
    backend = replay_backend(str(O1_MINI))
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


def _subset_pairs(recorded: Path, dest: Path) -> Path:
    """The claude-split pairs a partial recorded file holds, in the pairs file's order."""
    ids = {json.loads(line)["pair_id"] for line in recorded.read_text(encoding="utf-8").splitlines()}
    every = CLAUDE_PAIRS.read_text(encoding="utf-8").splitlines()
    keep = [line for line in every if json.loads(line)["pair_id"] in ids]
    dest.write_text("".join(line + "\n" for line in keep), encoding="utf-8")
    return dest


def _replay_matches(recorded: Path, out: Path) -> list[dict[str, Any]]:
    """Our records of a replay, checked against the recorded prompts, replies and decisions."""
    theirs = {r["pair_id"]: r for r in map(json.loads, recorded.read_text(encoding="utf-8").splitlines())}
    ours = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {r["pair_id"] for r in ours} == set(theirs)
    for record in ours:
        for mine, want in zip(record["judgments"], theirs[record["pair_id"]]["judgments"], strict=True):
            assert mine["judgment"]["prompt"] == want["judgment"]["prompt"]
            assert mine["decision"] == want["decision"]
            assert mine["judgment"]["response"] == want["judgment"]["response"]
            assert mine["error"] is None  # every reply was answered: nothing failed
            assert (mine["no_verdict"] is None) == (mine["decision"] is not None)
    return ours


def test_replies_naming_two_verdicts_are_no_verdict_not_failures(tmp_path: Path) -> None:
    """Claude-3-Haiku named two different labels in some replies: the judge's outcome (scored 0), exit 0."""
    pairs = _subset_pairs(HAIKU_SUBSET, tmp_path / "pairs.jsonl")
    out = tmp_path / "ours.jsonl"
    args = ("--judge", "arena_hard", "--model", f"replay/{HAIKU_SUBSET}", "--pairs", str(pairs), "--out", str(out))
    proc = _judge(*args, "--json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert (report["judged"], report["failed_judgments"], report["no_verdict_judgments"]) == (6, 0, 3)
    assert report["score"]["decisions"]["null"] == 3 and report["score"]["failed_judgments"] == 0
    ours = _replay_matches(HAIKU_SUBSET, out)
    reasons = [j["no_verdict"] for r in ours for j in r["judgments"] if j["no_verdict"]]
    assert len(reasons) == 3 and all("several different verdict labels" in r for r in reasons)
    # a rerun keeps them: nothing to judge, still exit 0
    again = _judge(*args, "--json", cwd=tmp_path)
    assert again.returncode == 0 and json.loads(again.stdout)["judged"] == 0
    # unless asked: the three orders are judged again (the same recorded replies, so the same outcome)
    retry = _judge(*args, "--retry-no-verdict", "--json", cwd=tmp_path)
    assert retry.returncode == 0, retry.stderr
    assert (json.loads(retry.stdout)["judged"], json.loads(retry.stdout)["no_verdict_judgments"]) == (3, 3)
    text = _judge(*args, cwd=tmp_path)
    assert "3 replies without a verdict" not in text.stdout  # nothing judged this time
    assert "null 3 (no verdict 3, failed 0)" in text.stdout


def test_full_haiku_replay_gives_back_540_decisions_and_32_22(tmp_path: Path) -> None:
    recorded = upstream_output(HAIKU, tmp_path)
    out = tmp_path / "ours.jsonl"
    proc = _judge(
        "--judge", "arena_hard", "--model", f"replay/{recorded}", "--pairs", "claude", "--out", str(out), "--json",
        cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["score"]["categories"]["Overall"]["accuracy"] == 32.22
    assert (report["failed_judgments"], report["no_verdict_judgments"]) == (0, 13)
    assert sum(len(r["judgments"]) for r in _replay_matches(recorded, out)) == 540
