"""The openai / together / vllm backends on the real ``openai`` SDK against the local fake server."""

from __future__ import annotations

import asyncio

import pytest

from judgebench.backends import CHAT_BACKENDS, ChatRequest, Message
from judgebench.backends.failures import ProviderFatalError, ProviderRetryableError
from judgebench.backends.openai_api import OpenAIBackend, VLLMBackend, is_reasoning_model
from judgebench.errors import ConfigError, FatalBackendError, RetryableBackendError
from tests.backends.conftest import FAKE_KEY
from tests.fakes.provider_server import FakeProvider, Fault, Reply


def run(coro):  # type: ignore[no-untyped-def]
    return asyncio.run(coro)


async def _call(backend: OpenAIBackend, request: ChatRequest):  # type: ignore[no-untyped-def]
    try:
        return await (backend.complete(request) if request.is_completion else backend.chat(request))
    finally:
        await backend.aclose()


@pytest.mark.parametrize("transport", ["aiohttp", "httpx"])
def test_chat_sends_settings_and_reads_text_usage(transport: str) -> None:
    with FakeProvider(reply=lambda body: Reply("Output (a)", reasoning_tokens=5)) as server:
        backend = OpenAIBackend("gpt-4o-mini", base_url=server.openai_base_url, api_key=FAKE_KEY, transport=transport)
        request = ChatRequest(
            messages=(Message("system", "be fair"), Message("user", "which is better?")),
            temperature=0.0,
            top_p=0.5,
            max_tokens=7,
            seed=3,
            stop=("\n\n",),
            extra={"repetition_penalty": 1.1},
            metadata={"pair_id": "p1"},
        )
        response = run(_call(backend, request))
        body = server.requests[0].body
        assert server.requests[0].path == "/v1/chat/completions"
        assert server.requests[0].headers["authorization"] == f"Bearer {FAKE_KEY}"
    assert body["messages"] == [
        {"role": "system", "content": "be fair"},
        {"role": "user", "content": "which is better?"},
    ]
    assert (body["temperature"], body["top_p"], body["max_tokens"], body["seed"]) == (0.0, 0.5, 7, 3)
    assert body["stop"] == ["\n\n"] and body["repetition_penalty"] == 1.1
    assert "pair_id" not in str(body)  # metadata never travels
    assert response.text == "Output (a)" and response.finish_reason == "stop"
    # input: "be fair which is better?" = 5 words; output: 2 words + 5 reasoning tokens
    assert response.usage.to_dict() == {"input_tokens": 5, "output_tokens": 7, "reasoning_tokens": 5}


def test_text_completion_on_vllm_without_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VLLM_API_KEY", raising=False)
    with FakeProvider(reply=lambda body: "[[A]]") as server:
        backend = CHAT_BACKENDS.get("vllm")("BAAI/JudgeLM-7B-v1.0", base_url=server.openai_base_url)
        assert isinstance(backend, VLLMBackend)
        response = run(_call(backend, ChatRequest(prompt="USER: judge ASSISTANT:", extra={"use_beam_search": True})))
        logged = server.requests[0]
    assert logged.path == "/v1/completions"
    assert logged.body["prompt"] == "USER: judge ASSISTANT:" and logged.body["use_beam_search"] is True
    assert logged.headers["authorization"] == "Bearer EMPTY"
    assert response.text == "[[A]]"


def test_vllm_default_base_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VLLM_BASE_URL", raising=False)
    assert VLLMBackend("m").base_url == "http://localhost:8000/v1"


def test_reasoning_models_fold_system_and_drop_sampling() -> None:
    assert is_reasoning_model("o1-mini-2024-09-12") and is_reasoning_model("o3") and not is_reasoning_model("gpt-4o")
    with FakeProvider() as server:
        backend = OpenAIBackend("o1-preview", base_url=server.openai_base_url, api_key=FAKE_KEY)
        request = ChatRequest(
            messages=(Message("system", " Judge well. "), Message("user", "Q?")), temperature=0.0, max_tokens=9
        )
        run(_call(backend, request))
        body = server.requests[0].body
    # upstream utils/models.py: the system message joins the first user turn between these markers
    expected = "<|BEGIN_SYSTEM_MESSAGE|>\nJudge well.\n<|END_SYSTEM_MESSAGE|>\n\nQ?"
    assert body["messages"] == [{"role": "user", "content": expected}]
    assert "temperature" not in body and "max_tokens" not in body and body["max_completion_tokens"] == 9


def test_official_endpoint_without_key_says_which_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
        monkeypatch.delenv(var, raising=False)
    with pytest.raises(ConfigError, match="OPENAI_API_KEY"):
        OpenAIBackend("gpt-4o")


@pytest.mark.parametrize(
    ("fault", "kind", "reason", "hint"),
    [
        (Fault.status(401), FatalBackendError, "auth", "OPENAI_API_KEY"),
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
        (Fault.status(503), RetryableBackendError, "server_error", "503"),
        (Fault.malformed(), RetryableBackendError, "malformed", "JSON"),
        (Fault.drop(), RetryableBackendError, "connection", "connection"),
    ],
)
def test_failures_are_classified_with_what_to_fix(fault: Fault, kind: type, reason: str, hint: str) -> None:
    with FakeProvider() as server:
        server.fault_all(fault)
        backend = OpenAIBackend("gpt-4o", base_url=server.openai_base_url, api_key=FAKE_KEY)
        with pytest.raises(kind) as info:
            run(_call(backend, ChatRequest(messages=(Message("user", "hi"),))))
    err = info.value
    assert isinstance(err, ProviderFatalError | ProviderRetryableError) and err.reason == reason
    assert hint in str(err)
    assert FAKE_KEY not in str(err)  # the 401 body echoes the key: it must come out redacted
    if reason == "rate_limit":
        assert err.retry_after == 2.5


def test_sdk_timeout_is_retryable() -> None:
    with FakeProvider() as server:
        server.fault_all(Fault.slow(0.8))
        backend = OpenAIBackend("gpt-4o", base_url=server.openai_base_url, api_key=FAKE_KEY, timeout_s=0.2)
        with pytest.raises(ProviderRetryableError) as info:
            run(_call(backend, ChatRequest(messages=(Message("user", "hi"),))))
    assert info.value.reason == "timeout"


def test_together_reads_its_own_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOGETHER_API_KEY", FAKE_KEY)
    with FakeProvider() as server:
        backend = CHAT_BACKENDS.get("together")(
            "meta-llama/Meta-Llama-3.1-405B-Instruct-Turbo", base_url=server.openai_base_url
        )
        run(_call(backend, ChatRequest(messages=(Message("user", "hi"),))))
        assert server.requests[0].headers["authorization"] == f"Bearer {FAKE_KEY}"
        assert server.requests[0].body["model"] == "meta-llama/Meta-Llama-3.1-405B-Instruct-Turbo"
