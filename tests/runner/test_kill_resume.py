"""``kill -9`` of a real ``judgebench judge`` process mid-run against a slow local server, then resume:
nothing duplicated, nothing lost, nothing judged twice that was already written."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from judgebench.datasets import load_pairs
from judgebench.judges.prompted import ArenaHardJudge
from tests.fakes.provider_server import FakeProvider

N = 48


def verdict_for(user_prompt: str) -> str:
    """The fake judge's deterministic verdict for an Arena-Hard user turn."""
    return "A>B" if hashlib.sha256(user_prompt.encode()).digest()[0] % 2 else "B>A"


def reply(body: dict[str, Any]) -> str:
    user = next(m["content"] for m in body["messages"] if m["role"] == "user")
    return f"Judging...\nMy final verdict is [[{verdict_for(user)}]]"


def judge_cmd(server: FakeProvider, out: Path) -> list[str]:
    return [
        sys.executable, "-m", "judgebench.cli.main", "judge", "--judge", "arena_hard", "--model", "openai/fake-judge",
        "--base-url", server.openai_base_url, "--pairs", "gpt", "--limit", str(N), "--concurrency", "4",
        "--out", str(out), "--no-cache",
    ]  # fmt: skip


def complete_lines(out: Path) -> list[dict[str, Any]]:
    if not out.exists():
        return []
    raw = out.read_bytes()
    return [json.loads(x) for x in raw[: raw.rfind(b"\n") + 1].splitlines() if x.strip()]


def test_kill_9_mid_run_then_resume(tmp_path: Path) -> None:
    out = tmp_path / "run.jsonl"
    env = {**os.environ, "OPENAI_API_KEY": "sk-test-not-a-key"}
    with FakeProvider(reply=reply, latency=0.25) as server:
        proc = subprocess.Popen(judge_cmd(server, out), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 120
        while len(complete_lines(out)) < 8:
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "the run wrote nothing"
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(30)
        assert proc.returncode == -signal.SIGKILL
        first = complete_lines(out)
        assert 8 <= len(first) < N, "killed mid-run"
        sent_first = server.count()

        server.latency = 0.0
        done = subprocess.run(judge_cmd(server, out), env=env, capture_output=True, text=True, timeout=240)
        assert done.returncode == 0, done.stderr
        sent_second = server.count() - sent_first

    pairs = load_pairs("gpt")[:N]
    final = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["pair_id"] for r in final] == [p.pair_id for p in pairs]  # each pair once, none lost
    # the pairs written before the kill were kept as written and not judged again
    by_id = {r["pair_id"]: r for r in final}
    for record in first:
        assert by_id[record["pair_id"]] == record
    assert sent_second == 2 * (N - len(first))
    # every decision is the one the server gave for that prompt and order
    judge = ArenaHardJudge.__new__(ArenaHardJudge)
    for pair in pairs:
        for order, (a, b) in enumerate([(pair.response_A, pair.response_B), pair.swapped()]):
            entry = by_id[pair.pair_id]["judgments"][order]
            assert entry["decision"] == verdict_for(judge.messages(pair.question, a, b)[1].content)
            assert entry["error"] is None and entry["usage"]["output_tokens"] > 0
    assert "sk-test-not-a-key" not in out.read_text(encoding="utf-8")
