"""The anthropic backend on the real ``anthropic`` SDK against the local fake server."""

from __future__ import annotations

import asyncio

import pytest

from judgebench.backends import CHAT_BACKENDS, ChatRequest, Message
from judgebench.backends.anthropic_api import DEFAULT_MAX_TOKENS, AnthropicBackend
from judgebench.backends.failures import ProviderFatalError, ProviderRetryableError
from judgebench.errors import ConfigError
from tests.backends.conftest import FAKE_KEY
from tests.fakes.provider_server import FakeProvider, Fault


async def _chat(backend: AnthropicBackend, request: ChatRequest):  # type: ignore[no-untyped-def]
    try:
        return await backend.chat(request)
    finally:
        await backend.aclose()


def test_system_goes_in_system_and_max_tokens_defaults() -> None:
    with FakeProvider(reply=lambda body: "[[B>A]]") as server:
        backend = AnthropicBackend("claude-3-5-sonnet-20240620", base_url=server.anthropic_base_url, api_key=FAKE_KEY)
        request = ChatRequest(
            messages=(Message("system", "You judge."), Message("user", "A or B?")), temperature=0.0, stop=("END",)
        )
        response = asyncio.run(_chat(backend, request))
        logged = server.requests[0]
    assert logged.path == "/v1/messages"
    assert FAKE_KEY in (
        logged.headers.get("x-api-key", ""),
        logged.headers.get("authorization", "").removeprefix("Bearer "),
    )
    assert logged.body["system"] == "You judge."
    assert logged.body["messages"] == [{"role": "user", "content": "A or B?"}]
    assert logged.body["max_tokens"] == DEFAULT_MAX_TOKENS and logged.body["stop_sequences"] == ["END"]
    assert response.text == "[[B>A]]" and response.finish_reason == "end_turn"
    assert response.usage.input_tokens == 5 and response.usage.output_tokens == 1  # "You judge. A or B?": 5 words


def test_rate_limit_and_auth_are_classified() -> None:
    with FakeProvider() as server:
        backend = AnthropicBackend("claude-3-haiku-20240307", base_url=server.anthropic_base_url, api_key=FAKE_KEY)
        server.inject("first", Fault.rate_limit(retry_after=1.5))
        server.inject("second", Fault.status(401))

        async def both() -> tuple[BaseException, BaseException]:
            errors = []
            for text in ("first", "second"):
                try:
                    await backend.chat(ChatRequest(messages=(Message("user", text),)))
                except Exception as exc:
                    errors.append(exc)
            await backend.aclose()
            return errors[0], errors[1]

        limited, denied = asyncio.run(both())
    assert isinstance(limited, ProviderRetryableError) and limited.reason == "rate_limit" and limited.retry_after == 1.5
    assert isinstance(denied, ProviderFatalError) and denied.reason == "auth" and "ANTHROPIC_API_KEY" in str(denied)
    assert FAKE_KEY not in str(denied)


def test_no_text_completion_and_no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    with pytest.raises(ConfigError, match="ANTHROPIC_API_KEY"):
        CHAT_BACKENDS.get("anthropic")("claude-3-haiku-20240307")
    backend = AnthropicBackend("claude-3-haiku-20240307", api_key=FAKE_KEY)
    with pytest.raises(ProviderFatalError, match="no text completion"):
        asyncio.run(backend.complete(ChatRequest(prompt="x")))
