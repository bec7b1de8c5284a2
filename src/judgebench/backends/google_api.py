"""``google/<model>``: Gemini through the ``google-genai`` SDK, with an API key or on Vertex AI.

The key comes from ``$GOOGLE_API_KEY`` / ``$GEMINI_API_KEY`` or ``[keys] google`` in a config file; without
one, Vertex AI is used with application-default credentials (``$GOOGLE_CLOUD_PROJECT``,
``$GOOGLE_CLOUD_LOCATION``, default ``us-central1``), or pass ``vertexai=True``. System messages become the
``system_instruction``; assistant turns are sent as role ``model``. Output tokens include thinking tokens.
The SDK's own retries are off. Untested offline (no fake Gemini server); keep it type-clean.
"""

from __future__ import annotations

import os
from typing import Any

from judgebench.backends.base import ChatRequest, ChatResponse, Usage
from judgebench.backends.failures import (
    ProviderFatalError,
    ProviderRetryableError,
    classify_http,
    connection_error,
)
from judgebench.backends.sdk_base import ChatBackendBase
from judgebench.config import Config, api_key
from judgebench.errors import BackendError, MissingExtraError


class GoogleBackend(ChatBackendBase):
    """Chat over the Gemini API (see the module docstring)."""

    provider = "google"
    key_env = "GOOGLE_API_KEY"

    @classmethod
    def lookup_key(cls, config: Config | None) -> str | None:
        """``$GOOGLE_API_KEY``, the config file's ``[keys] google``, else ``$GEMINI_API_KEY``."""
        return api_key("google", "GOOGLE_API_KEY", config) or api_key("google", "GEMINI_API_KEY", None)

    def __init__(
        self,
        model: str,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        config: Config | None = None,
        timeout_s: float = 120.0,
        vertexai: bool | None = None,
        project: str | None = None,
        location: str | None = None,
    ) -> None:
        try:
            from google import genai
        except ImportError:
            raise MissingExtraError("google-genai", "google") from None
        self._identify(model, api_key=api_key, config=config, base_url=base_url)
        key = self.api_key
        use_vertex = vertexai if vertexai is not None else key is None
        http_options: dict[str, Any] = {"timeout": int(timeout_s * 1000), "retry_options": {"attempts": 1}}
        if base_url:
            http_options["base_url"] = base_url
        if use_vertex:
            self._client = genai.Client(
                vertexai=True,
                project=project or os.environ.get("GOOGLE_CLOUD_PROJECT"),
                location=location or os.environ.get("GOOGLE_CLOUD_LOCATION", "us-central1"),
                http_options=http_options,
            )
        else:
            self._client = genai.Client(api_key=key, http_options=http_options)
        self.label += " (vertex)" if use_vertex else ""

    async def chat(self, request: ChatRequest) -> ChatResponse:
        """One generate_content call."""
        system = [m.content for m in request.messages if m.role == "system"]
        contents = [
            {"role": "model" if m.role == "assistant" else "user", "parts": [{"text": m.content}]}
            for m in request.messages
            if m.role != "system"
        ]
        config: dict[str, Any] = {}
        if system:
            config["system_instruction"] = "\n\n".join(system)
        for ours, theirs in (
            ("temperature", "temperature"),
            ("top_p", "top_p"),
            ("max_tokens", "max_output_tokens"),
            ("seed", "seed"),
        ):
            value = getattr(request, ours)
            if value is not None:
                config[theirs] = value
        if request.stop is not None:
            config["stop_sequences"] = list(request.stop)
        config.update(request.extra)
        try:
            raw = await self._client.aio.models.generate_content(model=self.model, contents=contents, config=config)
        except Exception as exc:
            raise self._classify(exc) from None
        text = raw.text
        candidates = raw.candidates or []
        finish = str(candidates[0].finish_reason) if candidates and candidates[0].finish_reason else None
        if text is None:
            raise ProviderFatalError("no_text", f"{self.label}: the reply holds no text (finish_reason={finish})")
        meta = raw.usage_metadata
        usage = Usage()
        if meta is not None:
            thoughts = int(meta.thoughts_token_count or 0)
            usage = Usage(int(meta.prompt_token_count or 0), int(meta.candidates_token_count or 0) + thoughts, thoughts)
        return ChatResponse(text=text, finish_reason=finish, usage=usage, model=self.model)

    def _classify(self, exc: Exception) -> BackendError:
        from google.genai import errors

        if isinstance(exc, errors.APIError):
            headers = getattr(getattr(exc, "response", None), "headers", None)
            return classify_http(
                int(exc.code),
                str(exc.message or exc),
                label=self.label,
                key_hint=self.key_hint,
                headers=dict(headers) if headers else None,
                secret=self.api_key,
            )
        name = type(exc).__name__.lower()
        if "timeout" in name:
            return ProviderRetryableError("timeout", f"{self.label}: the request timed out")
        if isinstance(exc, OSError) or "connect" in name or "transport" in name or "disconnect" in name:
            return connection_error(exc, self.label, self.api_key)
        if isinstance(exc, ValueError):
            return ProviderRetryableError("malformed", f"{self.label}: the reply is not valid JSON")
        raise exc

    async def complete(self, request: ChatRequest) -> ChatResponse:
        """Gemini has no raw text completion."""
        raise ProviderFatalError("bad_request", f"{self.label}: no text completion on Gemini; use a chat judge")

    async def aclose(self) -> None:
        """Close the client's connections."""
        closer = getattr(self._client.aio, "aclose", None)
        if closer is not None:
            await closer()
