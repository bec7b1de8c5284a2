"""An in-process stand-in for the engine: records requests, answers from a function or a script."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from judgebench.backends.base import ChatRequest, ChatResponse, Usage
from judgebench.errors import BackendError


class FakeEngine:
    """Answers each request with ``reply(request)`` (a str, or an exception to raise)."""

    def __init__(self, reply: Callable[[ChatRequest], Any] | list[Any], cost: float | None = 0.001) -> None:
        self._reply = reply
        self.cost = cost
        self.requests: list[ChatRequest] = []
        self.closed = False

    def _answer(self, request: ChatRequest) -> ChatResponse:
        self.requests.append(request)
        answer = self._reply.pop(0) if isinstance(self._reply, list) else self._reply(request)
        if isinstance(answer, BackendError):
            raise answer
        return ChatResponse(text=answer, usage=Usage(10, 2), cost_usd=self.cost)

    async def chat(self, request: ChatRequest) -> ChatResponse:
        assert request.messages and request.prompt is None
        return self._answer(request)

    async def complete(self, request: ChatRequest) -> ChatResponse:
        assert request.prompt is not None and not request.messages
        return self._answer(request)

    async def aclose(self) -> None:
        self.closed = True
