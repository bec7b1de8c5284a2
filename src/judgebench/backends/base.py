"""The chat backend seam: requests, responses and the protocol every provider implements.

A backend only translates a :class:`ChatRequest` into its provider's call and classifies failures as
:class:`~judgebench.errors.RetryableBackendError` or :class:`~judgebench.errors.FatalBackendError`.
Caching, limits, retries, timeouts and accounting live in the engine around it, so every provider gets
them the same way. Providers register a factory in :data:`CHAT_BACKENDS` (entry-point group
``judgebench.backends``) under the prefix of a model spec ``provider/model``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, runtime_checkable

from judgebench.model_spec import ModelSpec
from judgebench.registry import Registry

Role = Literal["system", "user", "assistant"]


@dataclass(frozen=True, slots=True)
class Message:
    """One chat turn."""

    role: Role
    content: str


@dataclass(frozen=True, slots=True)
class ChatRequest:
    """One model call: a chat (``messages``) or, when ``prompt`` is set, a raw text completion.

    Attributes:
        messages: the conversation (empty for a text completion).
        prompt: the raw prompt of a text completion (PandaLM and JudgeLM use these on vLLM).
        temperature, top_p, max_tokens, seed, stop: sampling settings; None leaves the provider default.
        extra: provider-specific parameters passed through (e.g. vLLM's ``use_beam_search``); part of the
            cache key.
        metadata: context that does not change the output (pair id, order, turn); never part of the cache
            key. The replay backend looks replies up by it.
    """

    messages: tuple[Message, ...] = ()
    prompt: str | None = None
    temperature: float | None = None
    top_p: float | None = None
    max_tokens: int | None = None
    seed: int | None = None
    stop: tuple[str, ...] | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)
    metadata: Mapping[str, Any] = field(default_factory=dict)

    @property
    def is_completion(self) -> bool:
        """True for a raw text completion."""
        return self.prompt is not None


@dataclass(slots=True)
class Usage:
    """Token counts of one call (or a sum of calls)."""

    input_tokens: int = 0
    output_tokens: int = 0
    reasoning_tokens: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            self.input_tokens + other.input_tokens,
            self.output_tokens + other.output_tokens,
            self.reasoning_tokens + other.reasoning_tokens,
        )

    def to_dict(self) -> dict[str, int]:
        """JSON form."""
        return {
            "input_tokens": self.input_tokens,
            "output_tokens": self.output_tokens,
            "reasoning_tokens": self.reasoning_tokens,
        }


@dataclass(slots=True)
class ChatResponse:
    """What a call returned: the text, why it stopped and what it used.

    ``cached``, ``latency_s`` and ``cost_usd`` are filled by the engine.
    """

    text: str
    finish_reason: str | None = None
    usage: Usage = field(default_factory=Usage)
    model: str | None = None
    cached: bool = False
    latency_s: float = 0.0
    cost_usd: float | None = None


@runtime_checkable
class ChatBackend(Protocol):
    """A provider: what the engine reads from it.

    Attributes:
        provider, model, base_url: identify the endpoint in cache keys, limits and messages.
        cacheable: whether the engine may cache its answers (False for replay, which must be read each time).
        api_key: the secret the engine redacts from any message (None when there is none).
    """

    provider: str
    model: str
    base_url: str | None
    cacheable: bool
    api_key: str | None

    async def chat(self, request: ChatRequest) -> ChatResponse:
        """One chat call; raises RetryableBackendError or FatalBackendError on failure."""
        ...

    async def complete(self, request: ChatRequest) -> ChatResponse:
        """One raw text completion (``request.prompt``); same error contract as :meth:`chat`."""
        ...

    async def aclose(self) -> None:
        """Release connections."""
        ...


#: ``provider`` → factory ``(model, *, base_url, config, timeout_s, **options) -> ChatBackend``: the engine always
#: passes the endpoint (``base_url``), the loaded :class:`~judgebench.config.Config` and the per-attempt timeout;
#: ``options`` are the backend's own (``api_key``, ``transport``...).
BackendFactory = Callable[..., ChatBackend]
CHAT_BACKENDS: Registry[BackendFactory] = Registry("chat backend", "judgebench.backends")
# the built-in providers (each module imports its SDK only when a backend is created)
CHAT_BACKENDS.add_lazy("openai", "judgebench.backends.openai_api:OpenAIBackend")
CHAT_BACKENDS.add_lazy("together", "judgebench.backends.openai_api:TogetherBackend")
CHAT_BACKENDS.add_lazy("vllm", "judgebench.backends.openai_wire:VLLMBackend")
CHAT_BACKENDS.add_lazy("anthropic", "judgebench.backends.anthropic_api:AnthropicBackend")
CHAT_BACKENDS.add_lazy("google", "judgebench.backends.google_api:GoogleBackend")
CHAT_BACKENDS.add_lazy("replay", "judgebench.recordings:replay_backend")
CHAT_BACKENDS.add_lazy("planted", "judgebench.probes.mock:planted_backend")  # the probes' planted judge


def parse_model_spec(spec: str | ModelSpec) -> tuple[str, str]:
    """Split ``provider/model`` (the model part may contain further slashes); for plugins that take strings.

    judgebench itself parses a spec once, where it enters, into a :class:`~judgebench.model_spec.ModelSpec`.
    """
    parsed = ModelSpec.parse(spec)
    return parsed.provider, parsed.model
