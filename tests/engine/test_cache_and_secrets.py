"""The cache (second run sends nothing, metadata outside the key, two processes), coalescing, secrets."""

from __future__ import annotations

import asyncio
import json
import logging
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from judgebench.backends import ChatRequest, Message
from judgebench.backends.openai_api import OpenAIBackend
from judgebench.engine import Cache, Engine, open_engine, request_key
from judgebench.errors import BackendError
from tests.engine.conftest import FAKE_KEY
from tests.fakes.provider_server import FakeProvider, Fault

ROOT = Path(__file__).resolve().parents[2]


def _requests(n: int, run: int) -> list[ChatRequest]:
    return [
        ChatRequest(messages=(Message("user", f"question {i}"),), temperature=0.0, metadata={"run": run, "i": i})
        for i in range(n)
    ]


async def _judge_all(spec: str, server: FakeProvider, cache_path: Path, run: int) -> tuple[list[str], dict]:
    engine = open_engine(spec, base_url=server.openai_base_url, cache_path=str(cache_path), concurrency=8)
    replies = await asyncio.gather(*(engine.chat(r) for r in _requests(30, run)))
    await engine.aclose()
    return [r.text for r in replies], engine.stats.to_dict()


def test_second_identical_run_sends_zero_requests(
    server: FakeProvider, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", FAKE_KEY)
    first, stats1 = asyncio.run(_judge_all("openai/gpt-4o-mini", server, tmp_path / "c.sqlite", run=1))
    assert server.count() == 30 and stats1["requests_sent"] == 30 and stats1["cache_hits"] == 0
    # a new engine, new metadata (never part of the key): all 30 from the cache
    second, stats2 = asyncio.run(_judge_all("openai/gpt-4o-mini", server, tmp_path / "c.sqlite", run=2))
    assert server.count() == 30
    assert second == first and stats2["cache_hits"] == 30 and stats2["requests_sent"] == 0
    assert stats2["usage"]["input_tokens"] == 0 and stats2["cost_usd"] == 0.0
    # another model is another key
    asyncio.run(_judge_all("openai/gpt-4o", server, tmp_path / "c.sqlite", run=3))
    assert server.count() == 60


def test_key_covers_what_changes_the_output() -> None:
    base = ChatRequest(messages=(Message("user", "q"),), temperature=0.0, metadata={"pair_id": "a"})
    key = request_key("openai", "m", "http://x/v1", base)
    assert key == request_key("openai", "m", "http://x/v1/", ChatRequest(messages=base.messages, temperature=0.0))
    for other in (
        request_key("openai", "m2", "http://x/v1", base),
        request_key("vllm", "m", "http://x/v1", base),
        request_key("openai", "m", "http://y/v1", base),
        request_key("openai", "m", "http://x/v1", ChatRequest(messages=base.messages, temperature=0.7)),
        request_key("openai", "m", "http://x/v1", ChatRequest(messages=base.messages, temperature=0.0, seed=1)),
        request_key("openai", "m", "http://x/v1", ChatRequest(messages=base.messages, extra={"use_beam_search": True})),
        request_key("openai", "m", "http://x/v1", ChatRequest(prompt="q")),
    ):
        assert other != key


def test_identical_calls_in_flight_are_sent_once(tmp_path: Path) -> None:
    with FakeProvider(latency=0.2) as server:
        backend = OpenAIBackend("gpt-4o", base_url=server.openai_base_url, api_key=FAKE_KEY)

        async def go() -> list[str]:
            engine = Engine(backend, cache=Cache(tmp_path / "c.sqlite"))
            request = ChatRequest(messages=(Message("user", "same"),))
            replies = await asyncio.gather(*(engine.chat(request) for _ in range(10)))
            await engine.aclose()
            assert engine.stats.coalesced == 9 and engine.stats.answered == 10
            return [r.text for r in replies]

        texts = asyncio.run(go())
        assert texts == ["echo: same"] * 10 and server.count() == 1


_WRITER = textwrap.dedent(
    """
    import sys
    from judgebench.backends import ChatResponse, Usage
    from judgebench.engine import Cache
    cache = Cache(sys.argv[1], flush_every=7)
    for i in range(300):
        cache.put(f"{sys.argv[2]}-{i}", "openai", "m", ChatResponse(text=str(i), usage=Usage(1, 2)))
    cache.close()
    """
)


def test_two_processes_share_one_cache_file(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite"
    procs = [
        subprocess.Popen([sys.executable, "-c", _WRITER, str(path), name], cwd=ROOT, stderr=subprocess.PIPE)
        for name in ("a", "b")
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err.decode()
    cache = Cache(path)
    assert cache.stats().entries == 600
    hit = cache.get("b-299")
    assert hit is not None and hit.text == "299" and hit.cached and hit.usage.output_tokens == 2
    assert cache.clear() == 600 and cache.stats().entries == 0
    cache.close()


def test_fake_key_is_in_no_file_the_run_wrote(
    server: FakeProvider, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "run"
    out.mkdir()
    monkeypatch.setenv("OPENAI_API_KEY", FAKE_KEY)
    handler = logging.FileHandler(out / "run.log")
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)  # SDK and HTTP client debug logs included
    server.inject("denied", Fault.status(401))  # the server echoes the key back in its error
    server.inject("flaky", Fault.rate_limit(0.01))
    try:

        async def go() -> list[str]:
            engine = open_engine(
                "openai/gpt-4o", base_url=server.openai_base_url, cache_path=str(out / "calls.sqlite"), max_retries=1
            )
            results = []
            for text in ("ok", "flaky", "denied"):
                try:
                    results.append((await engine.chat(ChatRequest(messages=(Message("user", text),)))).text)
                except BackendError as exc:
                    results.append(f"failed: {exc}")
            (out / "stats.json").write_text(json.dumps(engine.stats.to_dict()))
            await engine.aclose()
            return results

        results = asyncio.run(go())
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        handler.close()
    (out / "results.jsonl").write_text("\n".join(json.dumps(r) for r in results))
    assert results[:2] == ["echo: ok", "echo: flaky"] and "authentication failed" in results[2]
    assert server.requests[0].headers["authorization"] == f"Bearer {FAKE_KEY}"  # the key did travel
    written = sorted(p for p in out.rglob("*") if p.is_file())
    assert {p.name for p in written} >= {"calls.sqlite", "run.log", "stats.json", "results.jsonl"}
    assert (out / "run.log").stat().st_size > 0
    for path in written:
        assert FAKE_KEY.encode() not in path.read_bytes(), path
        assert b"RECOGNISABLE" not in path.read_bytes(), path
