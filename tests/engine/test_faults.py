"""Fault injection through the whole engine and the real SDKs: every call ends answered or failed with a
reason; nothing is lost, nothing is sent more often than its faults require."""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path

from judgebench.backends import ChatRequest, Message
from judgebench.backends.anthropic_api import AnthropicBackend
from judgebench.backends.failures import reason_of
from judgebench.backends.openai_api import OpenAIBackend
from judgebench.engine import Cache, Engine
from judgebench.errors import BackendError
from tests.engine.conftest import FAKE_KEY
from tests.fakes.provider_server import FakeProvider, Fault

# marker → (faults met in order, expected outcome: "ok" or a failure reason); max_retries=3 → 4 attempts
PLAN: dict[str, tuple[list[Fault], str]] = {
    "q-429": ([Fault.rate_limit(0.05), Fault.rate_limit(0.05)], "ok"),
    "q-500": ([Fault.status(500)], "ok"),
    "q-503": ([Fault.status(503), Fault.status(503), Fault.status(503)], "ok"),
    "q-slow": ([Fault.slow(3.0)], "ok"),
    "q-drop": ([Fault.drop()], "ok"),
    "q-bad-json": ([Fault.malformed(), Fault.drop()], "ok"),
    "q-mixed": ([Fault.drop(), Fault.malformed(), Fault.status(500)], "ok"),
    "q-always-429": ([Fault.rate_limit(0.01)] * 4, "rate_limit"),
    "q-always-slow": ([Fault.slow(3.0)] * 4, "timeout"),
    "q-401": ([Fault.status(401)], "auth"),
    "q-400": ([Fault.status(400, "prompt is too long: 300000 tokens")], "context_length"),
    "q-404": ([Fault.status(404)], "not_found"),
}


def _backends(server: FakeProvider) -> dict[str, OpenAIBackend | AnthropicBackend]:
    return {
        "openai-aiohttp": OpenAIBackend("gpt-4o", base_url=server.openai_base_url, api_key=FAKE_KEY),
        "openai-httpx": OpenAIBackend("gpt-4o", base_url=server.openai_base_url, api_key=FAKE_KEY, transport="httpx"),
        "anthropic": AnthropicBackend("claude-3-haiku", base_url=server.anthropic_base_url, api_key=FAKE_KEY),
        "completion": OpenAIBackend("judgelm", base_url=server.openai_base_url, api_key=FAKE_KEY),
    }


async def _run_all(server: FakeProvider, tmp: Path) -> tuple[dict[str, object], dict[str, Engine]]:
    engines = {
        name: Engine(
            b,
            cache=Cache(tmp / f"{name}.sqlite"),
            concurrency=8,
            max_retries=3,
            timeout_s=1.5,
            initial_wait_s=0.01,
            max_wait_s=0.1,
        )
        for name, b in _backends(server).items()
    }
    outcomes: dict[str, object] = {}

    async def one(name: str, marker: str, i: int) -> None:
        text = f"{name} {marker} #{i}"
        request = ChatRequest(prompt=text) if name == "completion" else ChatRequest(messages=(Message("user", text),))
        engine = engines[name]
        try:
            call = engine.complete(request) if name == "completion" else engine.chat(request)
            outcomes[text] = (await call).text
        except BackendError as exc:
            outcomes[text] = exc

    for name in engines:
        for marker, (faults, _) in PLAN.items():
            for i in range(3):
                server.inject(f"{name} {marker} #{i}", *faults)
    plain = [one(name, f"q-plain-{k}", 0) for name in engines for k in range(20)]
    faulty = [one(name, marker, i) for name in engines for marker in PLAN for i in range(3)]
    await asyncio.gather(*plain, *faulty)
    for engine in engines.values():
        await engine.aclose()
    return outcomes, engines


def test_every_call_ends_answered_or_failed_with_its_reason(server: FakeProvider, tmp_path: Path) -> None:
    outcomes, engines = asyncio.run(_run_all(server, tmp_path))
    assert len(outcomes) == 4 * (20 + len(PLAN) * 3)  # nothing lost
    sent = Counter(" ".join(_text(r.body).split()[:3]) for r in server.requests)
    for text, outcome in outcomes.items():
        name, marker, _ = text.split()
        faults, expected = PLAN.get(marker, ([], "ok"))
        if expected == "ok":
            assert outcome == f"echo: {text}", text
            assert sent[text] == len(faults) + 1, text  # one attempt per fault, then exactly one answer
        else:
            assert isinstance(outcome, BackendError) and reason_of(outcome) == expected, (text, outcome)
            retried = expected in ("rate_limit", "timeout")
            assert sent[text] == (4 if retried else 1), text  # fatal errors are never retried
            assert FAKE_KEY not in str(outcome)
    for name, engine in engines.items():
        stats = engine.stats.to_dict()
        assert stats["calls"] == stats["answered"] + stats["failed"] == 20 + len(PLAN) * 3
        assert stats["failures"] == {"auth": 3, "context_length": 3, "not_found": 3, "rate_limit": 3, "timeout": 3}
        # every attempt is a first try or a counted retry; an attempt may also die on a keep-alive connection
        # the server already closed (never reaching it), so the engine can count more than the server saw
        assert stats["requests_sent"] == stats["calls"] + stats["retries"]
        assert stats["requests_sent"] >= sum(n for t, n in sent.items() if t.startswith(name + " "))
        assert stats["cache_hits"] == 0


def test_errors_are_not_cached_and_a_rerun_retries_them(server: FakeProvider, tmp_path: Path) -> None:
    backend = OpenAIBackend("gpt-4o", base_url=server.openai_base_url, api_key=FAKE_KEY)
    request = ChatRequest(messages=(Message("user", "flaky"),))
    server.inject("flaky", Fault.status(401))

    async def twice() -> tuple[object, str]:
        engine = Engine(backend, cache=Cache(tmp_path / "c.sqlite"), max_retries=0)
        try:
            await engine.chat(request)
        except BackendError as exc:
            first: object = exc
        second = await engine.chat(request)
        third = await engine.chat(request)
        await engine.aclose()
        assert third.cached and not second.cached
        return first, second.text

    first, text = asyncio.run(twice())
    assert isinstance(first, BackendError) and text == "echo: flaky"
    assert server.count() == 2


def _text(body: dict[str, object]) -> str:
    if "prompt" in body:
        return str(body["prompt"])
    messages = body["messages"]
    assert isinstance(messages, list)
    return str(messages[-1]["content"])
