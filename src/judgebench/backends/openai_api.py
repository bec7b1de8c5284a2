"""``openai/<model>`` and ``together/<model>`` on the official ``openai`` SDK (``vllm/`` lives in openai_wire).

``openai`` also serves any OpenAI-compatible server (SGLang, Ollama, llama.cpp) through ``base_url`` or
``$OPENAI_BASE_URL``; without a key such a server gets the placeholder ``EMPTY``. ``together`` uses
Together's URL and ``$TOGETHER_API_KEY``. ``vllm/<model>`` (default ``http://localhost:8000/v1``, no key)
speaks the same wire protocol without the SDK, in :mod:`judgebench.backends.openai_wire`, because the SDK's
import and per-request CPU dominate a run against a local server. Provider extras (vLLM's
``use_beam_search``, ``repetition_penalty``) are merged into the request body.

Bodies and replies follow :mod:`~judgebench.backends.openai_protocol` (o1 / o3 / o4 handling included).

The SDK's own retries are off (``max_retries=0``): the engine owns retries. The transport is aiohttp when
installed (``openai[aiohttp]``, measurably cheaper per request at high concurrency; see bench/bench_engine.py),
else the SDK's default; ``transport="httpx"`` forces the default.
"""

from __future__ import annotations

import os
from typing import Any, ClassVar

from judgebench.backends.base import ChatRequest, ChatResponse
from judgebench.backends.failures import ProviderRetryableError, classify_sdk_error
from judgebench.backends.openai_protocol import is_reasoning_model, read_reply, request_body
from judgebench.config import Config, api_key
from judgebench.errors import ConfigError, MissingExtraError

__all__ = ["OpenAIBackend", "TogetherBackend", "VLLMBackend", "http_client", "is_reasoning_model"]


def http_client(transport: str, sdk: Any) -> Any:
    """An async HTTP client for a Stainless SDK: aiohttp when asked or available, else None (SDK default)."""
    if transport not in ("auto", "aiohttp", "httpx"):
        raise ConfigError(f"transport must be auto, aiohttp or httpx, got {transport!r}")
    if transport == "httpx":
        return None
    try:
        import aiohttp  # noqa: F401
    except ImportError:
        if transport == "aiohttp":
            raise MissingExtraError("aiohttp", "openai") from None
        return None
    return sdk.DefaultAioHttpClient()


class OpenAIBackend:
    """Chat and text completions over the OpenAI protocol (see the module docstring)."""

    provider: str = "openai"
    key_env: ClassVar[str] = "OPENAI_API_KEY"
    base_url_env: ClassVar[str] = "OPENAI_BASE_URL"
    default_base_url: ClassVar[str | None] = None
    needs_key: ClassVar[bool] = True
    cacheable: bool = True

    def __init__(
        self,
        model: str,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        config: Config | None = None,
        timeout_s: float = 120.0,
        transport: str = "auto",
    ) -> None:
        try:
            import openai
        except ImportError:
            raise MissingExtraError("openai", "openai") from None
        self._sdk = openai
        self.model = model
        self.base_url = base_url or os.environ.get(self.base_url_env) or self.default_base_url
        key = api_key or _lookup_key(self.provider, self.key_env, config)
        if key is None:
            if self.needs_key and self.base_url is None:
                raise ConfigError(f"{self.provider}: no API key: set {self.key_env} (or [keys] in a config file)")
            key = "EMPTY"
        self.api_key = key
        self.key_hint = self.key_env
        self._client = openai.AsyncOpenAI(
            api_key=key,
            base_url=self.base_url,
            max_retries=0,
            timeout=timeout_s,
            http_client=http_client(transport, openai),
        )
        self.base_url = str(self._client.base_url).rstrip("/")
        self.label = f"{self.provider}/{model} at {self.base_url}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.model!r}, base_url={self.base_url!r})"

    async def chat(self, request: ChatRequest) -> ChatResponse:
        """One chat completion."""
        raw = await self._post("/chat/completions", request_body(self.model, request))
        return read_reply(raw, completion=False, label=self.label)

    async def complete(self, request: ChatRequest) -> ChatResponse:
        """One text completion of ``request.prompt``."""
        raw = await self._post("/completions", request_body(self.model, request))
        return read_reply(raw, completion=True, label=self.label)

    async def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """POST through the SDK's client (auth, transport, errors) and return the JSON body as is.

        ``cast_to=object`` skips the SDK's request TypedDict transform and response model construction,
        which cost about 3 ms of CPU per call and give nothing for plain-text chat (bench/bench_engine.py).
        """
        try:
            raw = await self._client.post(path, body=body, cast_to=object)
        except Exception as exc:
            raise classify_sdk_error(
                exc, self._sdk, label=self.label, key_hint=self.key_hint, secret=self.api_key
            ) from None
        if not isinstance(raw, dict):
            raise ProviderRetryableError("malformed", f"{self.label}: the reply is not a JSON object")
        return raw

    async def aclose(self) -> None:
        """Close the HTTP client."""
        await self._client.close()


def _lookup_key(provider: str, env_var: str, config: Config | None) -> str | None:
    return api_key(provider, env_var, config)


class TogetherBackend(OpenAIBackend):
    """``together/<model>``: Together's OpenAI-compatible API."""

    provider = "together"
    key_env = "TOGETHER_API_KEY"
    base_url_env = "TOGETHER_BASE_URL"
    default_base_url = "https://api.together.xyz/v1"


# ``vllm/<model>`` (local OpenAI-compatible servers) speaks the wire protocol over aiohttp, without the SDK's
# import and per-request cost: see openai_wire.py. Re-exported here under its old name.
from judgebench.backends.openai_wire import VLLMBackend as VLLMBackend  # noqa: E402  isort: skip
