"""Concurrency and rate limits, Retry-After, price lookup and cost, the config file, the cache CLI."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from pathlib import Path

import pytest

from judgebench.backends import ChatRequest, ChatResponse, Message, Usage
from judgebench.backends.openai_api import OpenAIBackend
from judgebench.config import load_config
from judgebench.engine import Cache, Engine, PriceTable, open_engine
from judgebench.errors import ConfigError, FatalBackendError
from tests.engine.conftest import FAKE_KEY
from tests.fakes.provider_server import FakeProvider, Fault


def _chat(text: str) -> ChatRequest:
    return ChatRequest(messages=(Message("user", text),))


def test_concurrency_limit_holds_at_the_server() -> None:
    with FakeProvider(latency=0.05) as server:
        backend = OpenAIBackend("m", base_url=server.openai_base_url, api_key=FAKE_KEY)

        async def go() -> None:
            engine = Engine(backend, concurrency=3)
            await asyncio.gather(*(engine.chat(_chat(f"q{i}")) for i in range(12)))
            await engine.aclose()

        asyncio.run(go())
        assert server.count() == 12 and server.max_in_flight == 3


def test_rpm_limit_spreads_requests() -> None:
    # aiolimiter: a burst up to the per-minute budget, then a steady rate; at 60 rpm the 61st waits ~1 s
    with FakeProvider() as server:
        backend = OpenAIBackend("m", base_url=server.openai_base_url, api_key=FAKE_KEY)

        async def go() -> list[float]:
            engine = Engine(backend, rpm=60, concurrency=64)
            done: list[float] = []
            start = time.monotonic()

            async def one(i: int) -> None:
                await engine.chat(_chat(f"q{i}"))
                done.append(time.monotonic() - start)

            await asyncio.gather(*(one(i) for i in range(61)))
            await engine.aclose()
            return sorted(done)

        done = asyncio.run(go())
        assert server.count() == 61
        # the 61st is held back about a second; the first 60 go as one burst (spread at 1/s the 60th would end
        # near 59 s). Bounds are loose on purpose: under load the burst itself can take most of a second.
        assert done[-1] >= 0.9
        assert done[-2] < 5.0


def test_tpm_limit_waits_for_budget() -> None:
    with FakeProvider() as server:
        backend = OpenAIBackend("m", base_url=server.openai_base_url, api_key=FAKE_KEY)

        async def go() -> float:
            # 6,000 tokens per minute: a 6,000-token bucket leaking 100 tokens per second. Estimates: one char
            # → 0 + 1 + max_tokens. The first call takes 5,999, so the second (21) waits for 20 to leak: 0.2 s.
            engine = Engine(backend, tpm=6000)
            await engine.chat(ChatRequest(messages=(Message("user", "x"),), max_tokens=5998))
            start = time.monotonic()
            await engine.chat(ChatRequest(messages=(Message("user", "y"),), max_tokens=20))
            await engine.aclose()
            return time.monotonic() - start

        assert asyncio.run(go()) >= 0.15


def test_retry_after_is_honoured_and_fatal_errors_are_not_retried() -> None:
    with FakeProvider() as server:
        server.inject("wait", Fault.rate_limit(retry_after=0.4))
        server.inject("deny", Fault.status(403))
        backend = OpenAIBackend("m", base_url=server.openai_base_url, api_key=FAKE_KEY)

        async def go() -> None:
            engine = Engine(backend, initial_wait_s=0.0, max_retries=5)
            await engine.chat(_chat("wait"))
            with pytest.raises(FatalBackendError):
                await engine.chat(_chat("deny"))
            await engine.aclose()
            assert engine.stats.retries == 1 and dict(engine.stats.failures) == {"permission": 1}

        asyncio.run(go())
        waits = [r.at for r in server.requests if "wait" in str(r.body)]
        assert len(waits) == 2 and waits[1] - waits[0] >= 0.4
        assert sum("deny" in str(r.body) for r in server.requests) == 1


def test_price_lookup_and_cost() -> None:
    table = PriceTable.default()
    usage = Usage(input_tokens=1_000_000, output_tokens=200_000, reasoning_tokens=50_000)
    # claude-3-5-sonnet: $3 in, $15 out per Mtok → 3 + 0.2 × 15 = 6.0
    assert table.cost("anthropic", "claude-3-5-sonnet-20240620", usage) == pytest.approx(6.0)
    # gpt-4o-2024-05-13 has its own (older, higher) price: 5 + 0.2 × 15 = 8.0
    assert table.cost("openai", "gpt-4o-2024-05-13", usage) == pytest.approx(8.0)
    assert table.cost("vllm", "anything/at-all", usage) == 0.0
    assert table.cost("openai", "unknown-model", usage) is None
    custom = PriceTable.default({"openai/unknown-model": {"input": 1.0, "output": 2.0}})
    assert custom.cost("openai", "unknown-model", usage) == pytest.approx(1.4)


def test_config_file_supplies_keys_and_prices(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    config = tmp_path / "judgebench.toml"
    config.write_text(f'[keys]\nopenai = "{FAKE_KEY}"\n\n[prices]\n"openai/my-model" = {{ input = 10, output = 20 }}\n')
    loaded = load_config(config)
    assert FAKE_KEY not in repr(loaded)
    with FakeProvider(reply=lambda body: "one two three") as server:

        async def go() -> tuple[ChatResponse, dict]:
            engine = open_engine(
                "openai/my-model", base_url=server.openai_base_url, config_path=str(config), cache=False
            )
            reply = await engine.chat(_chat("a b c d"))
            await engine.aclose()
            return reply, engine.stats.to_dict()

        reply, stats = asyncio.run(go())
        assert server.requests[0].headers["authorization"] == f"Bearer {FAKE_KEY}"
    # 4 input tokens × $10/M + 3 output × $20/M
    assert reply.cost_usd == pytest.approx(4 * 10e-6 + 3 * 20e-6) and stats["cost_usd"] == pytest.approx(1e-4)
    bad = tmp_path / "bad.toml"
    bad.write_text("[prices]\nx = 3\n")
    with pytest.raises(ConfigError, match="prices"):
        load_config(bad)


def test_cache_cli_path_stats_clear(tmp_path: Path) -> None:
    path = tmp_path / "calls.sqlite"
    cache = Cache(path)
    for i in range(3):
        cache.put(f"k{i}", "openai", "gpt-4o", ChatResponse(text="x"))
    cache.put("k9", "anthropic", "claude-3-haiku", ChatResponse(text="y"))
    cache.close()
    env = {"JUDGEBENCH_CACHE": str(tmp_path), "PATH": ""}

    def cli(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "judgebench.cli.main", "cache", *args], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert cli("path").strip() == str(path)
    stats = cli("stats")
    assert "entries: 4" in stats and "openai/gpt-4o: 3" in stats and "anthropic/claude-3-haiku: 1" in stats
    assert "removed 3 entries" in cli("clear", "--model", "openai/gpt-4o")
    assert '"entries": 1' in cli("stats", "--json")
    assert "removed 1 entries" in cli("clear")
