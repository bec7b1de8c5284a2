"""``judge --batch`` against a local server speaking the real batch protocols (OpenAI Batch, Anthropic Message
Batches, through the official SDKs): the same decisions as live calls, no live chat call, half the price, and a
run killed between submit and completion resumes by polling, never submitting again."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from judgebench.cli.main import main
from tests.fakes.batch_server import FakeBatchProvider
from tests.runner.test_kill_resume import reply

N = 12
MODELS = {"openai": "openai/gpt-4o-mini", "anthropic": "anthropic/claude-3-5-haiku"}


def judge_args(server: FakeBatchProvider, provider: str, out: Path, *extra: str) -> list[str]:
    url = server.openai_base_url if provider == "openai" else server.anthropic_base_url
    return [
        "judge", "--judge", "arena_hard", "--model", MODELS[provider], "--base-url", url, "--pairs", "gpt",
        "--limit", str(N), "--concurrency", "4", "--out", str(out), "--json", *extra,
    ]  # fmt: skip


def records(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def comparable(record: dict[str, Any]) -> dict[str, Any]:
    """A record without what differs between a live and a batched call: latency and price."""
    judgments = [{k: v for k, v in j.items() if k not in ("latency_s", "cost_usd")} for j in record["judgments"]]
    return {**record, "judgments": judgments}


@pytest.fixture(autouse=True)
def _keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-key")
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-test-not-a-key")


@pytest.mark.parametrize("provider", ["openai", "anthropic"])
def test_batch_gives_the_live_decisions_with_no_live_call(
    provider: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    live_path = "/v1/chat/completions" if provider == "openai" else "/v1/messages"
    with FakeBatchProvider(reply=reply) as server:
        monkeypatch.setenv("JUDGEBENCH_CACHE", str(tmp_path / "live-cache"))
        assert main(judge_args(server, provider, tmp_path / "live.jsonl")) == 0
        live_cost = json.loads(capsys.readouterr().out)["cost_usd"]
        assert server.count(live_path) == 2 * N
        server.reset()

        monkeypatch.setenv("JUDGEBENCH_CACHE", str(tmp_path / "batch-cache"))
        batched = tmp_path / "batched.jsonl"
        assert main(judge_args(server, provider, batched, "--batch", "--batch-poll", "0.01")) == 0
        report = json.loads(capsys.readouterr().out)
        assert server.count(live_path) == 0  # every call went through the batch
        assert server.batch_posts() == 1  # one batch of 2N requests
        assert len(server.batches) == 1

    live = records(tmp_path / "live.jsonl")
    assert [comparable(r) for r in records(batched)] == [comparable(r) for r in live]
    assert report["judged"] == N and report["failed_judgments"] == 0
    assert report["cost_usd"] == pytest.approx(live_cost / 2)  # batch prices: half the live price
    state = json.loads(batched.with_name(batched.name + ".batches.json").read_text())
    assert [b["ingested"] for b in state["batches"]] == [True] and state["costs"] == {}
    assert "not-a-key" not in json.dumps(state)


@pytest.mark.parametrize("provider", ["openai", "anthropic"])
@pytest.mark.parametrize("end", ["failed", "expired"])
def test_a_failed_or_expired_batch_is_sent_again(
    provider: str, end: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("JUDGEBENCH_CACHE", str(tmp_path / "cache"))
    out = tmp_path / "batched.jsonl"
    live_path = "/v1/chat/completions" if provider == "openai" else "/v1/messages"
    with FakeBatchProvider(reply=reply) as server:
        server.end_as = end  # the first batch fails outright, or expires with half its lines answered
        assert main(judge_args(server, provider, out, "--batch", "--batch-poll", "0.01")) == 0
        capsys.readouterr()
        sizes = [len(lines) for lines in server._lines.values()]
        assert server.count(live_path) == 0
    # what the first batch did not answer, and only that, went into a second batch
    assert sizes == [2 * N, 2 * N if end == "failed" else N]
    lines = records(out)
    assert len(lines) == N and all(j["error"] is None for r in lines for j in r["judgments"])


@pytest.mark.parametrize("provider", ["openai", "anthropic"])
def test_lines_that_keep_failing_are_sent_live_after_three_batches(
    provider: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from judgebench.datasets import load_pairs

    monkeypatch.setenv("JUDGEBENCH_CACHE", str(tmp_path / "cache"))
    out = tmp_path / "batched.jsonl"
    live_path = "/v1/chat/completions" if provider == "openai" else "/v1/messages"
    marker = load_pairs("gpt")[3].question[:60]
    with FakeBatchProvider(reply=reply) as server:
        server.fail_lines(marker)  # both orders of pair 3 fail in every batch (HTTP 500 lines / errored)
        assert main(judge_args(server, provider, out, "--batch", "--batch-poll", "0.01")) == 0
        capsys.readouterr()
        sizes = [len(lines) for lines in server._lines.values()]
        live = server.count(live_path)
    assert sizes == [2 * N, 2, 2]  # in three batches (the first, then twice again), then...
    assert live == 2  # ...sent live, where the fake answers them
    lines = records(out)
    assert len(lines) == N and all(j["error"] is None for r in lines for j in r["judgments"])


def test_kill_9_between_submit_and_completion_resumes_without_resubmitting(tmp_path: Path) -> None:
    out = tmp_path / "batched.jsonl"
    state_file = out.with_name(out.name + ".batches.json")
    env = {**os.environ, "JUDGEBENCH_CACHE": str(tmp_path / "cache")}
    with FakeBatchProvider(reply=reply) as server:
        server.hold = True  # the batch stays in progress until the test lets it end
        cmd = [
            sys.executable,
            "-m",
            "judgebench.cli.main",
            *judge_args(server, "openai", out, "--batch", "--batch-poll", "0.05"),
        ]
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 120
        while not (
            state_file.exists()
            and json.loads(state_file.read_text())["batches"]
            and server.count("/v1/batches/batch_1") >= 2
        ):
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "no batch was submitted"
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)  # submitted and polled, not completed
        proc.wait(30)
        assert not out.exists() or out.read_text() == ""  # nothing judged yet
        assert server.batch_posts() == 1

        server.hold = False
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=240)
        assert done.returncode == 0, done.stderr
        assert server.batch_posts() == 1  # the rerun polled the batch it had submitted
        assert server.count("/v1/chat/completions") == 0
    assert len(records(out)) == N
