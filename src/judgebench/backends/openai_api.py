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

from typing import Any, ClassVar

from judgebench.backends.base import ChatRequest, ChatResponse
from judgebench.backends.failures import ProviderRetryableError, classify_sdk_error
from judgebench.backends.openai_protocol import is_reasoning_model, read_reply, request_body
from judgebench.backends.sdk_base import ChatBackendBase, http_client, stainless_options
from judgebench.config import Config
from judgebench.errors import MissingExtraError

__all__ = ["OpenAIBackend", "TogetherBackend", "VLLMBackend", "http_client", "is_reasoning_model"]


class OpenAIBackend(ChatBackendBase):
    """Chat and text completions over the OpenAI protocol (see the module docstring)."""

    provider = "openai"
    key_env = "OPENAI_API_KEY"
    base_url_env = "OPENAI_BASE_URL"
    needs_key: ClassVar[bool] = True

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
        self._identify(model, api_key=api_key, config=config, base_url=base_url)
        if self.api_key is None:
            if self.needs_key and self.base_url is None:
                self._require_key()
            self.api_key = "EMPTY"  # an OpenAI-compatible server given by its URL may need no key
        self._client = openai.AsyncOpenAI(
            api_key=self.api_key,
            base_url=self.base_url,
            **stainless_options(openai, timeout_s=timeout_s, transport=transport),
        )
        self._at(str(self._client.base_url))

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


class TogetherBackend(OpenAIBackend):
    """``together/<model>``: Together's OpenAI-compatible API."""

    provider = "together"
    key_env = "TOGETHER_API_KEY"
    base_url_env = "TOGETHER_BASE_URL"
    default_base_url = "https://api.together.xyz/v1"


# ``vllm/<model>`` (local OpenAI-compatible servers) speaks the wire protocol over aiohttp, without the SDK's
# import and per-request cost: see openai_wire.py. Re-exported here under its old name.
from judgebench.backends.openai_wire import VLLMBackend as VLLMBackend  # noqa: E402  isort: skip
