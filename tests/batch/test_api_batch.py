"""``judgebench.judge(..., batch=True)``: the Python API's batched run, also from inside a running event loop
(a notebook), gives the CLI's decisions with no live call; without ``out`` it is refused in one line."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

import judgebench
from judgebench.errors import ConfigError
from tests.fakes.batch_server import FakeBatchProvider
from tests.runner.test_kill_resume import reply


@pytest.mark.filterwarnings("error::RuntimeWarning")
def test_api_batch_inside_a_running_loop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-key")
    monkeypatch.setenv("JUDGEBENCH_CACHE", str(tmp_path / "cache"))
    with FakeBatchProvider(reply=reply) as server:
        kwargs = {"judge": "arena_hard", "model": "openai/gpt-4o-mini", "base_url": server.openai_base_url, "limit": 6}
        live = judgebench.judge("gpt", out=tmp_path / "live.jsonl", cache=False, **kwargs)
        sent_live = server.count("/v1/chat/completions")

        async def notebook_cell() -> judgebench.JudgeResult:
            return judgebench.judge("gpt", out=tmp_path / "b.jsonl", batch=True, batch_poll=0.01, **kwargs)

        batched = asyncio.run(notebook_cell())
        assert server.count("/v1/chat/completions") == sent_live == 12  # nothing more went live
        assert server.batch_posts() == 1
    assert [r.decisions for r in batched.records] == [r.decisions for r in live.records]
    assert json.loads((tmp_path / "b.jsonl.batches.json").read_text())["batches"][0]["ingested"] is True
    with pytest.raises(ConfigError, match="needs an out="):
        judgebench.judge("gpt", batch=True, **kwargs)
    with pytest.raises(ConfigError, match="replay/ has no batch API"):
        judgebench.judge("gpt", judge="arena_hard", model="replay/x.jsonl", out=tmp_path / "r.jsonl", batch=True)
