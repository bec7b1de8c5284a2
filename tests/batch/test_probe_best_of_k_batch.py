"""``--batch`` on a probe (every arm's calls in one round of batches) and on best-of-K judging: the same card and
the same judged file as live calls, with no live chat call."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from judgebench.cli.main import main
from tests.best_of_k.test_runner import RECORDS
from tests.fakes.batch_server import FakeBatchProvider
from tests.runner.test_kill_resume import reply


@pytest.fixture(autouse=True)
def _key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-key")


def best_of_k_reply(body: dict[str, Any]) -> str:
    """Arena-Hard verdicts that prefer the response saying "right" (a deterministic, order-aware fake judge)."""
    user = next(m["content"] for m in body["messages"] if m["role"] == "user")
    a = user.split("<|The Start of Assistant A's Answer|>")[1].split("<|The End of Assistant A's Answer|>")[0]
    return f"My final verdict is [[{'A>B' if 'right' in a else 'B>A'}]]"


def without_run_facts(card: dict[str, Any]) -> dict[str, Any]:
    """A card without where it was written and how many calls were sent (the live run sent them, not the batch)."""
    return {k: v for k, v in card.items() if k not in ("out", "requests")}


def test_probe_batch_gives_the_live_card(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def probe(out: Path, *extra: str) -> list[str]:
        return [
            "probe", "--judge", "arena_hard", "--model", "openai/gpt-4o-mini", "--base-url", server.openai_base_url,
            "--pairs", "gpt", "--limit", "8", "--probes", "padding,authority,position,template", "--paraphrases", "1",
            "--bootstrap", "200", "--out", str(out), "--json", *extra,
        ]  # fmt: skip

    with FakeBatchProvider(reply=reply) as server:
        monkeypatch.setenv("JUDGEBENCH_CACHE", str(tmp_path / "live-cache"))
        assert main(probe(tmp_path / "live")) == 0
        live = json.loads(capsys.readouterr().out)
        sent_live = server.count("/v1/chat/completions")
        server.reset()
        monkeypatch.setenv("JUDGEBENCH_CACHE", str(tmp_path / "batch-cache"))
        assert main(probe(tmp_path / "batched", "--batch", "--batch-poll", "0.01")) == 0
        batched = json.loads(capsys.readouterr().out)
        assert server.count("/v1/chat/completions") == 0
        sizes = [len(lines) for lines in server._lines.values()]
    assert without_run_facts(batched) == without_run_facts(live)
    assert sizes == [sent_live]  # every arm's calls in one batch: one round, not one per arm
    assert (tmp_path / "batched" / "batches.json").is_file()


def test_best_of_k_batch_gives_the_live_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pairs = tmp_path / "bok.jsonl"
    pairs.write_text("".join(json.dumps(r) + "\n" for r in RECORDS))

    def judge(out: Path, *extra: str) -> list[str]:
        return [
            "judge", "--judge", "arena_hard", "--model", "openai/gpt-4o-mini", "--base-url", server.openai_base_url,
            "--pairs", str(pairs), "--out", str(out), *extra,
        ]  # fmt: skip

    with FakeBatchProvider(reply=best_of_k_reply) as server:
        monkeypatch.setenv("JUDGEBENCH_CACHE", str(tmp_path / "live-cache"))
        assert main(judge(tmp_path / "live.jsonl")) == 0
        sent_live = server.count("/v1/chat/completions")
        server.reset()
        monkeypatch.setenv("JUDGEBENCH_CACHE", str(tmp_path / "batch-cache"))
        assert main(judge(tmp_path / "batched.jsonl", "--batch", "--batch-poll", "0.01")) == 0
        assert server.count("/v1/chat/completions") == 0
        sizes = [len(lines) for lines in server._lines.values()]
    capsys.readouterr()
    assert sizes == [sent_live] and sent_live > 0

    def facts(path: Path) -> list[dict[str, Any]]:
        rows = [json.loads(line) for line in path.read_text().splitlines()]
        for row in rows:
            for c in row.get("comparisons", []):
                c.pop("latency_s"), c.pop("cost_usd")
        return rows

    assert facts(tmp_path / "batched.jsonl") == facts(tmp_path / "live.jsonl")
