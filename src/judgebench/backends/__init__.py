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

__all__ = ["CHAT_BACKENDS", "ChatBackend", "ChatRequest", "ChatResponse", "Message", "Usage", "parse_model_spec"]
