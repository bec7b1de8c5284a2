"""Model backends: chat/completion providers (``ChatBackend``) and reward scorers (``RewardBackend``)."""

from judgebench.backends.base import (
    CHAT_BACKENDS,
    ChatBackend,
    ChatRequest,
    ChatResponse,
    Message,
    Usage,
    parse_model_spec,
)

# built-in chat providers register on import; each imports its SDK only when a backend is created
from judgebench.backends import anthropic_api, google_api, openai_api, replay  # noqa: F401  isort: skip

__all__ = ["CHAT_BACKENDS", "ChatBackend", "ChatRequest", "ChatResponse", "Message", "Usage", "parse_model_spec"]
