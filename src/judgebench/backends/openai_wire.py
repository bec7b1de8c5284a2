"""``vllm/<model>``: the OpenAI wire protocol spoken directly over one shared ``aiohttp`` session.

For local OpenAI-compatible servers (vLLM, SGLang, llama.cpp, Ollama). The official SDK's import and per-call CPU
dominate a judging run against a fast local server (bench/bench_judge.py: 3.4 s on the SDK against 2.8 s
here, ideal 2.2 s); this backend POSTs ``/chat/completions`` and ``/completions`` itself with orjson, and
aiohttp imports in about 0.1 s (docs/engine.md). ``openai/`` and ``together/`` stay on the SDK. Cache keys
are unchanged (same provider, model and base URL), so calls cached by the former SDK-based ``vllm/`` backend
still hit.

The body is the one the SDK backend sends and replies are read the same way: both use
:mod:`~judgebench.backends.openai_protocol` (``request.extra`` merged in, o1 / o3 / o4 handling).
The base URL is ``base_url``, else ``$VLLM_BASE_URL``, else ``http://localhost:8000/v1``; the key is
``$VLLM_API_KEY`` (or ``[keys] vllm``), else the placeholder ``EMPTY``. Failures are classified as on the SDK
path (:mod:`~judgebench.backends.failures`), with the key redacted from every message.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

import orjson

from judgebench.backends.base import ChatRequest, ChatResponse
from judgebench.backends.failures import ProviderRetryableError, classify_http, connection_error
from judgebench.backends.openai_protocol import read_reply, request_body
from judgebench.backends.sdk_base import ChatBackendBase
from judgebench.config import Config
from judgebench.errors import MissingExtraError

if TYPE_CHECKING:
    from types import ModuleType

    import aiohttp


def _import_aiohttp() -> ModuleType:
    try:
        import aiohttp
    except ImportError:
        raise MissingExtraError("aiohttp", "vllm") from None
    return aiohttp


class VLLMBackend(ChatBackendBase):
    """Chat and text completions over the OpenAI protocol without the SDK (see the module docstring).

    Args:
        model: the served model name.
        base_url: the endpoint, e.g. ``http://localhost:8000/v1``.
        api_key: the bearer token (default ``$VLLM_API_KEY``, else ``EMPTY``).
        config: a config file's keys.
        timeout_s: the limit on one request (the engine bounds each attempt too).
    """

    provider = "vllm"
    key_env = "VLLM_API_KEY"
    base_url_env = "VLLM_BASE_URL"
    default_base_url = "http://localhost:8000/v1"

    def __init__(
        self,
        model: str,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        config: Config | None = None,
        timeout_s: float = 120.0,
    ) -> None:
        self._aiohttp = _import_aiohttp()
        self._identify(model, api_key=api_key, config=config, base_url=base_url)
        self.api_key = self.api_key or "EMPTY"
        self._at(self.base_url)
        self._url = str(self.base_url)  # never None: there is a default
        self.timeout_s = timeout_s
        self._session: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    async def chat(self, request: ChatRequest) -> ChatResponse:
        """One chat completion."""
        raw = await self._post("/chat/completions", request_body(self.model, request))
        return read_reply(raw, completion=False, label=self.label)

    async def complete(self, request: ChatRequest) -> ChatResponse:
        """One text completion of ``request.prompt``."""
        raw = await self._post("/completions", request_body(self.model, request))
        return read_reply(raw, completion=True, label=self.label)

    def _open(self) -> aiohttp.ClientSession:
        """The shared session, opened in (and bound to) the running event loop."""
        loop = asyncio.get_running_loop()
        if self._session is None or self._session.closed or self._loop is not loop:
            http = self._aiohttp
            self._session = http.ClientSession(
                connector=http.TCPConnector(limit=1000),  # the engine's limits bound what is in flight
                timeout=http.ClientTimeout(total=self.timeout_s),
                headers={
                    "Authorization": f"Bearer {self.api_key}",
                    "Content-Type": "application/json",
                    "Accept": "application/json",
                },
            )
            self._loop = loop
        return self._session

    async def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """POST ``body`` as JSON and return the reply's JSON object; failures classified as on the SDK path."""
        session = self._open()
        try:
            async with session.post(self._url + path, data=orjson.dumps(body)) as resp:
                status, headers, payload = resp.status, resp.headers, await resp.read()
        except TimeoutError:  # aiohttp's own timeouts (ServerTimeoutError) are TimeoutErrors too
            raise ProviderRetryableError("timeout", f"{self.label}: the request timed out") from None
        except self._aiohttp.ClientError as exc:  # refused, reset, disconnected, a truncated or garbled reply
            raise connection_error(exc, self.label, self.api_key) from None
        if not 200 <= status < 300:
            raise classify_http(
                status,
                _server_message(payload, status),
                label=self.label,
                key_hint=self.key_hint,
                headers=headers,
                secret=self.api_key,
            )
        try:
            raw = orjson.loads(payload)
        except orjson.JSONDecodeError:
            raise ProviderRetryableError("malformed", f"{self.label}: the reply is not valid JSON") from None
        if not isinstance(raw, dict):
            raise ProviderRetryableError("malformed", f"{self.label}: the reply is not a JSON object")
        return raw

    async def aclose(self) -> None:
        """Close the shared session."""
        session, self._session = self._session, None
        if session is not None and not session.closed:
            await session.close()


def _server_message(payload: bytes, status: int) -> str:
    """The error text of a failed reply: OpenAI's ``error.message``, vLLM's ``message``, FastAPI's ``detail``."""
    text = payload.decode("utf-8", "replace").strip()
    try:
        doc = orjson.loads(payload)
    except orjson.JSONDecodeError:
        return text or f"HTTP {status}"
    if isinstance(doc, dict):
        error = doc.get("error")
        if isinstance(error, dict) and isinstance(error.get("message"), str):
            return str(error["message"])
        for name in ("message", "detail", "error"):
            if isinstance(doc.get(name), str):
                return str(doc[name])
    return text
