"""A fake model provider on 127.0.0.1 that speaks the OpenAI and Anthropic wire protocols, with faults.

Runs an aiohttp server in a background thread (an ephemeral port), so tests drive the *real* ``openai`` and
``anthropic`` SDKs — and anything built on them — end to end without a network. Routes:

- ``POST /v1/chat/completions`` — OpenAI chat (``choices[0].message.content``, ``usage`` with
  ``completion_tokens_details.reasoning_tokens``);
- ``POST /v1/completions`` — OpenAI text completion (``choices[0].text``);
- ``POST /v1/messages`` — Anthropic messages (``content[0].text``, ``stop_reason``, ``usage``).

API::

    from tests.fakes.provider_server import Fault, FakeProvider, Reply

    with FakeProvider(reply=lambda body: "Output (a)", latency=0.0) as server:
        server.openai_base_url          # "http://127.0.0.1:PORT/v1"  (OpenAI SDK base_url)
        server.anthropic_base_url       # "http://127.0.0.1:PORT"     (Anthropic SDK base_url)
        server.inject("question 7", Fault.rate_limit(retry_after=0.05), Fault.status(503))
        ...                             # requests whose text holds "question 7" meet those faults in order,
                                        # one per attempt, then get a normal reply
        server.count()                  # requests received (all routes); server.count("/v1/messages")
        server.requests                 # list[Logged]: path, body (parsed JSON), headers (lower-case names), fault
        server.max_in_flight            # the most requests the server held at once

- ``reply(body) -> str | Reply``: the answer to a parsed request body (default: ``"echo: " + the last user
  message or the prompt``). Return :class:`Reply` to set ``finish_reason`` or ``reasoning_tokens``.
  :func:`last_text` extracts a body's last user text.
- ``latency``: seconds every reply waits (0 by default).
- Faults (:class:`Fault`): ``rate_limit(retry_after)`` → 429 with a Retry-After header; ``status(code,
  message)`` → that status with a provider-shaped error body (``status(401)`` echoes the Authorization
  header back in the message, as careless servers do, so tests can check that keys are redacted);
  ``slow(seconds)`` → the reply after a delay (longer than a client timeout); ``drop()`` → the connection
  closes with no response; ``malformed()`` → 200 with a truncated JSON body. ``server.fault_all(fault)``
  applies one fault to every request until ``fault_all(None)``.
- Token usage: input = words in the request's texts, output = words in the reply.

Run it standalone (the bench does) with ``python -m tests.fakes.provider_server --latency 0.2``: it prints
``http://127.0.0.1:PORT`` on the first stdout line and serves until killed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass(frozen=True)
class Fault:
    """One injected failure (build with the class methods)."""

    kind: str
    code: int = 0
    message: str = ""
    retry_after: float | None = None
    delay: float = 0.0

    @classmethod
    def rate_limit(cls, retry_after: float | None = 0.05) -> Fault:
        return cls("status", 429, "Rate limit reached", retry_after=retry_after)

    @classmethod
    def status(cls, code: int, message: str = "") -> Fault:
        return cls("status", code, message or f"injected HTTP {code}")

    @classmethod
    def slow(cls, seconds: float) -> Fault:
        return cls("slow", delay=seconds)

    @classmethod
    def drop(cls) -> Fault:
        return cls("drop")

    @classmethod
    def malformed(cls) -> Fault:
        return cls("malformed")


@dataclass(frozen=True)
class Reply:
    """A reply with more than text."""

    text: str
    finish_reason: str = "stop"
    reasoning_tokens: int = 0


@dataclass
class Logged:
    """One request the server received."""

    path: str
    body: dict[str, Any]
    headers: dict[str, str]
    fault: Fault | None = None
    at: float = field(default_factory=time.monotonic)


def last_text(body: dict[str, Any]) -> str:
    """The last user message (OpenAI or Anthropic shape) or the prompt of a request body."""
    if "prompt" in body:
        prompt = body["prompt"]
        return prompt if isinstance(prompt, str) else str(prompt)
    for message in reversed(body.get("messages", [])):
        if message.get("role") == "user":
            content = message.get("content")
            if isinstance(content, list):
                return " ".join(part.get("text", "") for part in content if isinstance(part, dict))
            return str(content)
    return ""


def _all_text(body: dict[str, Any]) -> str:
    parts = [str(body.get("prompt", "")), str(body.get("system", ""))]
    for message in body.get("messages", []):
        content = message.get("content")
        parts.append(content if isinstance(content, str) else json.dumps(content))
    return " ".join(parts)


def _default_reply(body: dict[str, Any]) -> str:
    return f"echo: {last_text(body)}"


class FakeProvider:
    """The fake server (see the module docstring)."""

    def __init__(
        self,
        reply: Callable[[dict[str, Any]], str | Reply] | None = None,
        *,
        latency: float = 0.0,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.reply = reply or _default_reply
        self.latency = latency
        self.host = host
        self.port = port
        self.requests: list[Logged] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._faults: dict[str, list[Fault]] = {}
        self._fault_all: Fault | None = None
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None

    # -- control -----------------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def openai_base_url(self) -> str:
        return f"{self.url}/v1"

    @property
    def anthropic_base_url(self) -> str:
        return self.url

    def inject(self, marker: str, *faults: Fault) -> None:
        """Requests whose text contains ``marker`` meet ``faults`` in order, one per request."""
        with self._lock:
            self._faults.setdefault(marker, []).extend(faults)

    def fault_all(self, fault: Fault | None) -> None:
        """Apply ``fault`` to every request (None: stop)."""
        self._fault_all = fault

    def count(self, path: str | None = None) -> int:
        with self._lock:
            return sum(1 for r in self.requests if path is None or r.path == path)

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self._faults.clear()
            self.max_in_flight = 0
        self._fault_all = None

    def _take_fault(self, body: dict[str, Any]) -> Fault | None:
        if self._fault_all is not None:
            return self._fault_all
        text = _all_text(body)
        with self._lock:
            for marker, queue in self._faults.items():
                if queue and marker in text:
                    return queue.pop(0)
        return None

    # -- serving -----------------------------------------------------------------------------------------
    def _app(self) -> web.Application:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_post("/v1/chat/completions", self._handle)
        app.router.add_post("/v1/completions", self._handle)
        app.router.add_post("/v1/messages", self._handle)
        return app

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            return await self._respond(request)
        finally:
            self.in_flight -= 1

    async def _respond(self, request: web.Request) -> web.StreamResponse:
        try:
            body = await request.json()
        except json.JSONDecodeError:
            return web.json_response({"error": {"message": "body is not JSON"}}, status=400)
        fault = self._take_fault(body)
        with self._lock:
            self.requests.append(Logged(request.path, body, {k.lower(): v for k, v in request.headers.items()}, fault))
        anthropic = request.path == "/v1/messages"
        if self.latency:
            await asyncio.sleep(self.latency)
        if fault is not None:
            if fault.kind == "drop":
                assert request.transport is not None
                request.transport.abort()
                raise asyncio.CancelledError  # the handler ends with nothing written
            if fault.kind == "malformed":
                return web.Response(
                    status=200, text='{"id": "x", "choices": [{"index": 0, "mess', content_type="application/json"
                )
            if fault.kind == "slow":
                await asyncio.sleep(fault.delay)
            if fault.kind == "status":
                return self._error(fault, request, anthropic)
        return web.json_response(self.answer(request.path, body))

    def answer(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """The reply body to ``body`` on ``path`` (``/v1/messages``, ``/v1/chat/completions``, ``/v1/completions``)."""
        answer = self.reply(body)
        if isinstance(answer, str):
            answer = Reply(answer)
        usage_in = len(_all_text(body).split())
        usage_out = len(answer.text.split())
        model = body.get("model", "fake")
        if path == "/v1/messages":
            return {
                "id": f"msg_{len(self.requests)}",
                "type": "message",
                "role": "assistant",
                "model": model,
                "content": [{"type": "text", "text": answer.text}],
                "stop_reason": "end_turn" if answer.finish_reason == "stop" else answer.finish_reason,
                "stop_sequence": None,
                "usage": {"input_tokens": usage_in, "output_tokens": usage_out},
            }
        usage = {
            "prompt_tokens": usage_in,
            "completion_tokens": usage_out + answer.reasoning_tokens,
            "total_tokens": usage_in + usage_out + answer.reasoning_tokens,
            "completion_tokens_details": {"reasoning_tokens": answer.reasoning_tokens},
        }
        if path == "/v1/completions":
            choice: dict[str, Any] = {"index": 0, "text": answer.text, "finish_reason": answer.finish_reason}
            kind = "text_completion"
        else:
            message = {"role": "assistant", "content": answer.text}
            choice = {"index": 0, "message": message, "finish_reason": answer.finish_reason}
            kind = "chat.completion"
        return {"id": "cmpl-1", "object": kind, "created": 0, "model": model, "choices": [choice], "usage": usage}

    @staticmethod
    def _error(fault: Fault, request: web.Request, anthropic: bool) -> web.Response:
        message = fault.message
        if fault.code == 401:
            key = request.headers.get("Authorization") or request.headers.get("x-api-key")
            message = f"Incorrect API key provided: {key}"
        headers = {} if fault.retry_after is None else {"Retry-After": f"{fault.retry_after:g}"}
        if anthropic:
            body: dict[str, Any] = {"type": "error", "error": {"type": "api_error", "message": message}}
        else:
            body = {"error": {"message": message, "type": "error", "code": None}}
        return web.json_response(body, status=fault.code, headers=headers)

    async def _start(self) -> None:
        self._runner = web.AppRunner(self._app(), access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port, backlog=1024)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    def start(self) -> FakeProvider:
        """Serve in a background thread; returns once the port is bound."""
        ready = threading.Event()
        errors: list[BaseException] = []

        def main() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            try:
                loop.run_until_complete(self._start())
            except BaseException as exc:  # pragma: no cover - reported to start()
                errors.append(exc)
                ready.set()
                return
            ready.set()
            loop.run_forever()
            assert self._runner is not None
            loop.run_until_complete(self._runner.cleanup())
            loop.close()

        self._thread = threading.Thread(target=main, name="fake-provider", daemon=True)
        self._thread.start()
        ready.wait(10)
        if errors:
            raise errors[0]
        return self

    def stop(self) -> None:
        if self._loop is not None and self._thread is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
            self._loop = None

    def __enter__(self) -> FakeProvider:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description="fake OpenAI/Anthropic server on 127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--latency", type=float, default=0.0)
    args = parser.parse_args()
    server = FakeProvider(latency=args.latency, port=args.port)

    async def serve() -> None:
        await server._start()
        print(server.url, flush=True)
        await asyncio.Event().wait()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve())


if __name__ == "__main__":
    main()
