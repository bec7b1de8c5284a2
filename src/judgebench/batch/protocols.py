"""Batch lines and batch results in the providers' formats, read with the parsers live calls use.

OpenAI's batch file (also ``vllm run-batch``'s): one ``{"custom_id", "method", "url", "body"}`` per line, results
``{"custom_id", "response": {"status_code", "body"}, "error"}``. Anthropic's Message Batches: ``{"custom_id",
"params"}`` per request, results ``{"custom_id", "result": {"type": "succeeded", "message"} | {"type":
"errored" | "canceled" | "expired", ...}}``. The custom id is the call's cache key (content-hashed, so a request
is batched once however many pairs share it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from judgebench.backends.anthropic_api import message_params, read_message
from judgebench.backends.base import ChatResponse
from judgebench.backends.openai_protocol import read_reply, request_body
from judgebench.engine.deferral import Deferred
from judgebench.errors import JudgeBenchError

#: The discount every provider's batch API gives on live prices (OpenAI Batch, Anthropic Message Batches).
BATCH_PRICE_FACTOR = 0.5


@dataclass(frozen=True, slots=True)
class Result:
    """One batch result: the answer, or why there is none."""

    key: str
    response: ChatResponse | None
    error: str | None = None


def openai_line(call: Deferred) -> dict[str, Any]:
    """The OpenAI batch-format line of a collected call."""
    completion = call.request.is_completion
    return {
        "custom_id": call.key,
        "method": "POST",
        "url": "/v1/completions" if completion else "/v1/chat/completions",
        "body": request_body(call.model, call.request),
    }


def anthropic_request(call: Deferred) -> dict[str, Any]:
    """The Anthropic Message Batches request of a collected call."""
    return {"custom_id": call.key, "params": message_params(call.model, call.request, label=call.model)}


def read_openai_result(row: Any, *, label: str) -> Result:
    """One line of an OpenAI batch output or error file."""
    if not isinstance(row, dict) or not isinstance(row.get("custom_id"), str):
        raise JudgeBenchError(f"{label}: a result line without a custom_id")
    key = row["custom_id"]
    error, response = row.get("error"), row.get("response")
    if error:
        return Result(key, None, f"batch line failed: {_message(error)}")
    if not isinstance(response, dict):
        return Result(key, None, "batch line has no response")
    status, body = response.get("status_code"), response.get("body")
    if status != 200 or not isinstance(body, dict):
        why = _message(body.get("error")) if isinstance(body, dict) else "no body"
        return Result(key, None, f"batch line answered HTTP {status}: {why}")
    completion = body.get("object") == "text_completion"
    try:
        return Result(key, read_reply(body, completion=completion, label=label))
    except JudgeBenchError as exc:
        return Result(key, None, str(exc))


def read_anthropic_result(row: Any, *, label: str) -> Result:
    """One line of an Anthropic Message Batches results file."""
    if not isinstance(row, dict) or not isinstance(row.get("custom_id"), str):
        raise JudgeBenchError(f"{label}: a result line without a custom_id")
    key, result = row["custom_id"], row.get("result")
    if not isinstance(result, dict):
        return Result(key, None, "batch line has no result")
    kind = result.get("type")
    if kind != "succeeded":
        return Result(key, None, f"batch line {kind}: {_message(result.get('error'))}")
    try:
        return Result(key, read_message(result.get("message"), label=label))
    except JudgeBenchError as exc:
        return Result(key, None, str(exc))


def _message(error: Any) -> str:
    if isinstance(error, dict):
        inner = error.get("error")
        if isinstance(inner, dict):
            return _message(inner)
        return str(error.get("message") or error.get("type") or error)[:300]
    return str(error)[:300]
