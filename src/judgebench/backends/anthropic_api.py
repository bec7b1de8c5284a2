"""``anthropic/<model>``: the official ``anthropic`` SDK (Messages API).

Leading system messages go into ``system`` (joined by blank lines); the rest alternate user / assistant.
``max_tokens`` is required by the API: 4096 when a request leaves it unset. ``seed`` has no Anthropic
counterpart and is not sent (it still separates cache entries). There is no raw text completion. The key
comes from ``$ANTHROPIC_API_KEY`` or ``[keys] anthropic`` in a config file; the SDK's retries are off.
Calls go through the SDK client's ``post`` (its auth, headers, transport and errors) with a plain JSON body,
which works across SDK versions whose ``messages.create`` signatures differ.
"""

from __future__ import annotations

from typing import Any

from judgebench.backends.base import ChatRequest, ChatResponse, Usage
from judgebench.backends.failures import ProviderFatalError, ProviderRetryableError, classify_sdk_error
from judgebench.backends.sdk_base import ChatBackendBase, stainless_options
from judgebench.config import Config
from judgebench.errors import MissingExtraError

DEFAULT_MAX_TOKENS = 4096


class AnthropicBackend(ChatBackendBase):
    """Chat over the Anthropic Messages API."""

    provider = "anthropic"
    key_env = "ANTHROPIC_API_KEY"
    base_url_env = "ANTHROPIC_BASE_URL"

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
            import anthropic
        except ImportError:
            raise MissingExtraError("anthropic", "anthropic") from None
        self._sdk = anthropic
        self._identify(model, api_key=api_key, config=config, base_url=base_url)
        self._client = anthropic.AsyncAnthropic(
            api_key=self._require_key(),
            base_url=self.base_url,
            **stainless_options(anthropic, timeout_s=timeout_s, transport=transport),
        )
        self._at(str(self._client.base_url))

    async def chat(self, request: ChatRequest) -> ChatResponse:
        """One Messages call."""
        params = message_params(self.model, request, label=self.label)
        try:
            raw: Any = await self._client.post("/v1/messages", body=params, cast_to=object)
        except Exception as exc:
            raise classify_sdk_error(
                exc, self._sdk, label=self.label, key_hint=self.key_env, secret=self.api_key
            ) from None
        return read_message(raw, label=self.label)

    async def complete(self, request: ChatRequest) -> ChatResponse:
        """Anthropic has no raw text completion."""
        raise ProviderFatalError("bad_request", f"{self.label}: no text completion on Anthropic; use a chat judge")

    async def aclose(self) -> None:
        """Close the HTTP client."""
        await self._client.close()


def message_params(model: str, request: ChatRequest, *, label: str) -> dict[str, Any]:
    """The Messages API body of ``request`` (live calls and Message Batches send the same)."""
    system_parts: list[str] = []
    turns = list(request.messages)
    while turns and turns[0].role == "system":
        system_parts.append(turns.pop(0).content)
    if any(m.role == "system" for m in turns):
        raise ProviderFatalError("bad_request", f"{label}: system messages must come first")
    params: dict[str, Any] = {
        "model": model,
        "messages": [{"role": m.role, "content": m.content} for m in turns],
        "max_tokens": request.max_tokens or DEFAULT_MAX_TOKENS,
    }
    if system_parts:
        params["system"] = "\n\n".join(system_parts)
    if request.temperature is not None:
        params["temperature"] = request.temperature
    if request.top_p is not None:
        params["top_p"] = request.top_p
    if request.stop is not None:
        params["stop_sequences"] = list(request.stop)
    params.update(request.extra)
    return params


def read_message(raw: Any, *, label: str) -> ChatResponse:
    """The text, stop reason, usage and model of a Messages reply (live or from a batch's results)."""
    try:
        texts = [block["text"] for block in raw["content"] if block.get("type") == "text"]
        usage = Usage(int(raw["usage"].get("input_tokens") or 0), int(raw["usage"].get("output_tokens") or 0))
        stop_reason, model = raw.get("stop_reason"), raw.get("model")
    except (KeyError, TypeError, AttributeError, ValueError):
        raise ProviderRetryableError("malformed", f"{label}: the reply does not follow the protocol") from None
    if not texts:
        raise ProviderFatalError("no_text", f"{label}: the reply holds no text (stop_reason={stop_reason})")
    return ChatResponse(text="".join(texts), finish_reason=stop_reason, usage=usage, model=model)
