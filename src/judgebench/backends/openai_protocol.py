"""The OpenAI chat / completions wire format, shared by the SDK backend and the SDK-free ``vllm/`` backend.

One place builds the request body and reads the reply, so ``openai/``, ``together/`` and ``vllm/`` send the
same bodies and fail the same way on the same replies.

o1 / o3 / o4 models take no system message and no sampling settings; as upstream JudgeBench does, a system
message is folded into the first user turn between ``<|BEGIN_SYSTEM_MESSAGE|>`` markers and temperature,
top_p, stop and seed are left out (``max_tokens`` becomes ``max_completion_tokens``). ``request.extra`` is
merged into the body last (vLLM's ``use_beam_search``, ``repetition_penalty``, ...).
"""

from __future__ import annotations

import re
from typing import Any

from judgebench.backends.base import ChatRequest, ChatResponse, Usage
from judgebench.backends.failures import ProviderFatalError, ProviderRetryableError

_REASONING_MODEL = re.compile(r"^(?:.*/)?o[134](?:$|-)")
_SYSTEM_FOLD = "<|BEGIN_SYSTEM_MESSAGE|>\n{system}\n<|END_SYSTEM_MESSAGE|>\n\n{user}"
_SAMPLING = ("temperature", "top_p", "max_tokens", "seed")


def is_reasoning_model(model: str) -> bool:
    """True for o1 / o3 / o4 style models (no system message, no temperature)."""
    return bool(_REASONING_MODEL.match(model))


def request_body(model: str, request: ChatRequest) -> dict[str, Any]:
    """The JSON body of ``/chat/completions`` (or ``/completions`` when ``request.is_completion``)."""
    reasoning = is_reasoning_model(model)
    body: dict[str, Any] = {"model": model}
    if request.is_completion:
        body["prompt"] = request.prompt or ""
    else:
        body["messages"] = _messages(request, fold_system=reasoning)
    if reasoning and not request.is_completion:
        if request.max_tokens is not None:
            body["max_completion_tokens"] = request.max_tokens
    else:
        for name in _SAMPLING:
            value = getattr(request, name)
            if value is not None:
                body[name] = value
        if request.stop is not None:
            body["stop"] = list(request.stop)
    body.update(request.extra)
    return body


def _messages(request: ChatRequest, *, fold_system: bool) -> list[dict[str, str]]:
    messages = [{"role": m.role, "content": m.content} for m in request.messages]
    if fold_system and messages and messages[0]["role"] == "system":
        system = messages.pop(0)["content"]
        if messages and messages[0]["role"] == "user":
            user = messages[0]["content"]
            messages[0] = {"role": "user", "content": _SYSTEM_FOLD.format(system=system.strip(), user=user)}
        else:
            messages.insert(0, {"role": "user", "content": system})
    return messages


def read_reply(raw: dict[str, Any], *, completion: bool, label: str) -> ChatResponse:
    """The text, finish reason, usage and model of a reply.

    Raises:
        ProviderRetryableError: ``malformed``, the reply does not follow the protocol.
        ProviderFatalError: ``no_text``, the reply holds no text (a refusal, a content filter).
    """
    try:
        choice = raw["choices"][0]
        message = choice if completion else choice["message"]
        text, finish = message.get("text" if completion else "content"), choice.get("finish_reason")
        usage = _usage(raw.get("usage"))
    except (KeyError, IndexError, TypeError, AttributeError, ValueError):
        raise ProviderRetryableError("malformed", f"{label}: the reply does not follow the protocol") from None
    if not isinstance(text, str):
        refusal = None if completion else message.get("refusal")
        why = f"refusal: {refusal}" if refusal else f"finish_reason={finish}"
        raise ProviderFatalError("no_text", f"{label}: the reply holds no text ({why})")
    return ChatResponse(text=text, finish_reason=finish, usage=usage, model=raw.get("model"))


def _usage(raw: Any) -> Usage:
    if raw is None:
        return Usage()
    reasoning = (raw.get("completion_tokens_details") or {}).get("reasoning_tokens") or 0
    return Usage(int(raw.get("prompt_tokens") or 0), int(raw.get("completion_tokens") or 0), int(reasoning))
