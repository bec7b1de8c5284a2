"""The ``vllm/`` backend: the bare OpenAI wire protocol (aiohttp + orjson), through the engine, on the fake server."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
from collections import Counter
from pathlib import Path

import pytest

from judgebench.backends import CHAT_BACKENDS, ChatRequest, ChatResponse, Message
from judgebench.backends.failures import ProviderFatalError, ProviderRetryableError, reason_of
from judgebench.backends.openai_wire import VLLMBackend
from judgebench.engine import Cache, Engine, open_engine
from judgebench.errors import BackendError, FatalBackendError, MissingExtraError, RetryableBackendError
from tests.backends.conftest import FAKE_KEY
from tests.fakes.provider_server import FakeProvider, Fault, Reply

ROOT = Path(__file__).resolve().parents[2]

# the fault table of the SDK tests (tests/engine/test_faults.py); max_retries=3 → 4 attempts
PLAN: dict[str, tuple[list[Fault], str]] = {
    "q-429": ([Fault.rate_limit(0.05), Fault.rate_limit(0.05)], "ok"),
    "q-500": ([Fault.status(500)], "ok"),
    "q-503": ([Fault.status(503), Fault.status(503), Fault.status(503)], "ok"),
    "q-slow": ([Fault.slow(2.0)], "ok"),
    "q-drop": ([Fault.drop()], "ok"),
    "q-bad-json": ([Fault.malformed(), Fault.drop()], "ok"),
    "q-mixed": ([Fault.drop(), Fault.malformed(), Fault.status(500)], "ok"),
    "q-always-429": ([Fault.rate_limit(0.01)] * 4, "rate_limit"),
    "q-always-slow": ([Fault.slow(2.0)] * 4, "timeout"),
    "q-401": ([Fault.status(401)], "auth"),
    "q-400": ([Fault.status(400, "prompt is too long: 300000 tokens")], "context_length"),
    "q-404": ([Fault.status(404)], "not_found"),
}


def _engine(backend: VLLMBackend, tmp_path: Path, **options: float) -> Engine:
    settings = {"max_retries": 3, "timeout_s": 0.5, "initial_wait_s": 0.01, "max_wait_s": 0.1, **options}
    return Engine(backend, cache=Cache(tmp_path / "calls.sqlite"), concurrency=8, **settings)  # type: ignore[arg-type]


async def _direct(backend: VLLMBackend, request: ChatRequest) -> ChatResponse:
    try:
        return await (backend.complete(request) if request.is_completion else backend.chat(request))
    finally:
        await backend.aclose()


def test_chat_through_the_engine_sends_the_sdk_body_and_reads_text_usage(tmp_path: Path) -> None:
    request = ChatRequest(
        messages=(Message("system", "be fair"), Message("user", "which is better?")),
        temperature=0.0,
        top_p=0.5,
        max_tokens=7,
        seed=3,
        stop=("\n\n",),
        extra={"repetition_penalty": 1.1, "use_beam_search": False},
        metadata={"pair_id": "p1"},
    )

    async def go(url: str) -> ChatResponse:
        engine = _engine(VLLMBackend("Skywork/Critic", base_url=url + "/", api_key=FAKE_KEY), tmp_path)
        first = await engine.chat(request)
        again = await engine.chat(request)  # from the cache
        await engine.aclose()
        assert again.cached and again.text == first.text
        return first

    with FakeProvider(reply=lambda body: Reply("Output (a)", finish_reason="length", reasoning_tokens=5)) as server:
        response = asyncio.run(go(server.openai_base_url))
        assert server.count() == 1
        logged = server.requests[0]
    assert logged.path == "/v1/chat/completions"
    assert logged.headers["authorization"] == f"Bearer {FAKE_KEY}"
    assert logged.headers["content-type"] == "application/json"
    # the OpenAI body, written out (the SDK backend sends the same: tests/backends/test_openai_backend.py)
    assert logged.body == {
        "model": "Skywork/Critic",
        "messages": [{"role": "system", "content": "be fair"}, {"role": "user", "content": "which is better?"}],
        "temperature": 0.0,
        "top_p": 0.5,
        "max_tokens": 7,
        "seed": 3,
        "stop": ["\n\n"],
        "repetition_penalty": 1.1,
        "use_beam_search": False,
    }
    assert "pair_id" not in str(logged.body)
    assert response.text == "Output (a)" and response.finish_reason == "length" and response.model == "Skywork/Critic"
    assert response.usage.to_dict() == {"input_tokens": 5, "output_tokens": 7, "reasoning_tokens": 5}


def test_text_completion_for_finetuned_judges_without_key(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("VLLM_API_KEY", raising=False)
    with FakeProvider(reply=lambda body: "[[A]]") as server:
        engine = open_engine(
            "vllm/BAAI/JudgeLM-7B-v1.0", base_url=server.openai_base_url, cache_path=str(tmp_path / "c.sqlite")
        )
        assert isinstance(engine.backend, VLLMBackend)
        request = ChatRequest(
            prompt="USER: judge ASSISTANT:", temperature=0.0, max_tokens=16, extra={"use_beam_search": True}
        )

        async def go() -> ChatResponse:
            try:
                return await engine.complete(request)
            finally:
                await engine.aclose()

        response = asyncio.run(go())
        logged = server.requests[0]
    assert logged.path == "/v1/completions" and logged.headers["authorization"] == "Bearer EMPTY"
    assert logged.body == {
        "model": "BAAI/JudgeLM-7B-v1.0",
        "prompt": "USER: judge ASSISTANT:",
        "temperature": 0.0,
        "max_tokens": 16,
        "use_beam_search": True,
    }
    assert response.text == "[[A]]" and response.finish_reason == "stop"


def test_registration_base_url_and_key(monkeypatch: pytest.MonkeyPatch) -> None:
    from judgebench.backends import openai_api

    assert CHAT_BACKENDS.get("vllm") is VLLMBackend is openai_api.VLLMBackend
    monkeypatch.delenv("VLLM_BASE_URL", raising=False)
    monkeypatch.delenv("VLLM_API_KEY", raising=False)
    default = VLLMBackend("m")
    assert default.base_url == "http://localhost:8000/v1" and default.api_key == "EMPTY"
    monkeypatch.setenv("VLLM_BASE_URL", "http://gpu-box:8001/v1/")
    monkeypatch.setenv("VLLM_API_KEY", FAKE_KEY)
    env = VLLMBackend("m")
    assert env.base_url == "http://gpu-box:8001/v1" and env.api_key == FAKE_KEY
    assert VLLMBackend("m", base_url="http://other/v1").base_url == "http://other/v1"  # --base-url wins


def test_reasoning_models_fold_system_and_drop_sampling() -> None:
    request = ChatRequest(
        messages=(Message("system", " Judge well. "), Message("user", "Q?")), temperature=0.0, max_tokens=9
    )
    with FakeProvider() as server:
        asyncio.run(_direct(VLLMBackend("org/o1-distill", base_url=server.openai_base_url), request))
        body = server.requests[0].body
    fold = "<|BEGIN_SYSTEM_MESSAGE|>\nJudge well.\n<|END_SYSTEM_MESSAGE|>\n\nQ?"
    assert body == {
        "model": "org/o1-distill",
        "messages": [{"role": "user", "content": fold}],
        "max_completion_tokens": 9,
    }


@pytest.mark.parametrize(
    ("fault", "kind", "reason", "hint"),
    [
        (Fault.status(401), FatalBackendError, "auth", "VLLM_API_KEY"),
        (Fault.status(403), FatalBackendError, "permission", "no access"),
        (Fault.status(404, "model not found"), FatalBackendError, "not_found", "model name"),
        (
            Fault.status(400, "This model's maximum context length is 8192"),
            FatalBackendError,
            "context_length",
            "shorten",
        ),
        (Fault.status(400, "bad top_p"), FatalBackendError, "bad_request", "bad top_p"),
        (Fault.rate_limit(retry_after=2.5), RetryableBackendError, "rate_limit", "rate limited"),
        (Fault.status(500), RetryableBackendError, "server_error", "500"),
        (Fault.status(503), RetryableBackendError, "server_error", "503"),
        (Fault.malformed(), RetryableBackendError, "malformed", "JSON"),
        (Fault.drop(), RetryableBackendError, "connection", "connection"),
    ],
)
def test_failures_are_classified_as_on_the_sdk_path(fault: Fault, kind: type, reason: str, hint: str) -> None:
    with FakeProvider() as server:
        server.fault_all(fault)
        backend = VLLMBackend("m", base_url=server.openai_base_url, api_key=FAKE_KEY)
        with pytest.raises(kind) as info:
            asyncio.run(_direct(backend, ChatRequest(messages=(Message("user", "hi"),))))
    err = info.value
    assert isinstance(err, ProviderFatalError | ProviderRetryableError) and err.reason == reason
    assert hint in str(err) and "vllm/m at http://127.0.0.1" in str(err)
    assert FAKE_KEY not in str(err)  # the 401 body echoes the key: it must come out redacted
    if reason == "rate_limit":
        assert err.retry_after == 2.5


def test_timeout_and_refused_connection_are_retryable() -> None:
    with FakeProvider() as server:
        server.fault_all(Fault.slow(0.8))
        backend = VLLMBackend("m", base_url=server.openai_base_url, timeout_s=0.2)
        with pytest.raises(ProviderRetryableError) as slow:
            asyncio.run(_direct(backend, ChatRequest(messages=(Message("user", "hi"),))))
        dead = server.openai_base_url
    assert slow.value.reason == "timeout"
    with pytest.raises(ProviderRetryableError) as refused:
        asyncio.run(_direct(VLLMBackend("m", base_url=dead), ChatRequest(prompt="hi")))
    assert refused.value.reason == "refused" and "connection refused" in str(refused.value)  # nothing listens


def test_every_call_through_the_engine_ends_answered_or_failed_with_its_reason(
    server: FakeProvider, tmp_path: Path
) -> None:
    backend = VLLMBackend("judge", base_url=server.openai_base_url, api_key=FAKE_KEY)
    engine = _engine(backend, tmp_path)
    outcomes: dict[str, object] = {}

    async def one(kind: str, marker: str, i: int) -> None:
        text = f"{kind} {marker} #{i}"
        try:
            if kind == "completion":
                outcomes[text] = (await engine.complete(ChatRequest(prompt=text))).text
            else:
                outcomes[text] = (await engine.chat(ChatRequest(messages=(Message("user", text),)))).text
        except BackendError as exc:
            outcomes[text] = exc

    async def go() -> None:
        kinds = ("chat", "completion")
        for kind in kinds:
            for marker, (faults, _) in PLAN.items():
                for i in range(2):
                    server.inject(f"{kind} {marker} #{i}", *faults)
        plain = [one(kind, f"q-plain-{k}", 0) for kind in kinds for k in range(20)]
        faulty = [one(kind, marker, i) for kind in kinds for marker in PLAN for i in range(2)]
        await asyncio.gather(*plain, *faulty)
        await engine.aclose()

    asyncio.run(go())
    assert len(outcomes) == 2 * (20 + len(PLAN) * 2)  # nothing lost
    sent = Counter(_text(r.body) for r in server.requests)
    for text, outcome in outcomes.items():
        _, marker, _ = text.split()
        faults, expected = PLAN.get(marker, ([], "ok"))
        if expected == "ok":
            assert outcome == f"echo: {text}", (text, outcome)
            assert sent[text] == len(faults) + 1, text  # one attempt per fault, then exactly one answer
        else:
            assert isinstance(outcome, BackendError) and reason_of(outcome) == expected, (text, outcome)
            assert sent[text] == (4 if expected in ("rate_limit", "timeout") else 1), text  # fatal: never retried
            assert FAKE_KEY not in str(outcome)
    stats = engine.stats.to_dict()
    assert stats["calls"] == stats["answered"] + stats["failed"] == 2 * (20 + len(PLAN) * 2)
    assert stats["failures"] == {"auth": 4, "context_length": 4, "not_found": 4, "rate_limit": 4, "timeout": 4}
    assert stats["requests_sent"] == stats["calls"] + stats["retries"] >= len(server.requests)


def test_one_shared_session_reopened_after_close() -> None:
    async def go(url: str) -> tuple[object, object, object]:
        backend = VLLMBackend("m", base_url=url)
        await asyncio.gather(*(backend.chat(ChatRequest(messages=(Message("user", f"q{i}"),))) for i in range(10)))
        first = backend._session
        await backend.chat(ChatRequest(messages=(Message("user", "again"),)))
        same = backend._session
        await backend.aclose()
        await backend.complete(ChatRequest(prompt="after close"))
        reopened = backend._session
        await backend.aclose()
        return first, same, reopened

    with FakeProvider() as server:
        first, same, reopened = asyncio.run(go(server.openai_base_url))
        assert server.count() == 12
    assert first is same and reopened is not first


def test_missing_aiohttp_names_the_vllm_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "aiohttp", None)
    with pytest.raises(MissingExtraError, match=r"judgebench\[vllm\]"):
        VLLMBackend("m")


def test_vllm_never_imports_the_openai_sdk(server: FakeProvider) -> None:
    code = textwrap.dedent(
        f"""
        import asyncio, sys
        from judgebench.backends import ChatRequest
        from judgebench.engine import open_engine

        async def main():
            engine = open_engine("vllm/m", base_url="{server.openai_base_url}", cache=False)
            print((await engine.complete(ChatRequest(prompt="hi"))).text)
            await engine.aclose()

        asyncio.run(main())
        assert "openai" not in sys.modules, "the openai SDK was imported"
        """
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "echo: hi"


def _text(body: dict[str, object]) -> str:
    if "prompt" in body:
        return str(body["prompt"])
    messages = body["messages"]
    assert isinstance(messages, list)
    return str(messages[-1]["content"])
