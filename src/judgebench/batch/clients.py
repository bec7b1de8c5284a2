"""Provider batch APIs through the official SDKs: submit collected calls, poll a batch, read its results.

- OpenAI Batch (``openai/``, or any server implementing it, with ``--base-url``): the requests are uploaded as a
  JSONL file (``POST /v1/files``, purpose ``batch``), a batch is created on it (``POST /v1/batches``, one
  endpoint per batch, a 24 h window), polled (``GET /v1/batches/{id}``: ``validating``, ``in_progress``,
  ``finalizing``, then ``completed``, ``failed``, ``expired`` or ``cancelled``) and its output and error files
  read (``GET /v1/files/{id}/content``). Limits: 50,000 requests and 200 MB per file.
- Anthropic Message Batches (``anthropic/``): ``POST /v1/messages/batches`` with the requests inline, polled
  until ``processing_status`` is ``ended``, results read from its ``results_url``. Limits: 100,000 requests,
  256 MB.

A batch that ends without some answers (``failed``, ``expired``, errored lines) gives those calls a
:class:`~judgebench.batch.protocols.Result` with an ``error``; the driver batches them again or sends them live.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

from judgebench.backends.base import CHAT_BACKENDS
from judgebench.backends.failures import redact
from judgebench.batch.protocols import (
    Result,
    anthropic_request,
    openai_line,
    read_anthropic_result,
    read_openai_result,
)
from judgebench.config import Config
from judgebench.engine.deferral import Deferred
from judgebench.errors import BackendError, ConfigError


@dataclass(frozen=True, slots=True)
class BatchStatus:
    """Where a batch stands: ``ended`` once its results can be read (whatever they hold)."""

    ended: bool
    state: str
    counts: dict[str, int] = field(default_factory=dict)


class BatchClient(Protocol):
    """One endpoint's batch API."""

    max_requests: ClassVar[int]
    max_bytes: ClassVar[int]

    def size_of(self, call: Deferred) -> int:
        """Bytes the call takes in a batch."""
        ...

    async def submit(self, calls: list[Deferred]) -> str:
        """Create a batch of ``calls``; returns its id."""
        ...

    async def status(self, batch_id: str) -> BatchStatus:
        """Poll a batch."""
        ...

    async def results(self, batch_id: str) -> list[Result]:
        """The results of an ended batch (an entry per answered or failed line it reports)."""
        ...

    async def aclose(self) -> None:
        """Close the HTTP client."""
        ...


def open_client(provider: str, model: str, base_url: str | None, config: Config | None = None) -> BatchClient:
    """The batch client of ``provider`` at ``base_url`` (the key is found as the live backend finds it)."""
    backend = CHAT_BACKENDS.get(provider)(model, base_url=base_url, config=config)
    key, url = str(backend.api_key), backend.base_url
    if provider == "openai":
        return OpenAIBatches(key, url)
    if provider == "anthropic":
        return AnthropicBatches(key, url)
    raise ConfigError(f"--batch: {provider}/ has no batch API here (openai/ and anthropic/ do)")


class OpenAIBatches:
    """OpenAI Batch (see the module docstring)."""

    max_requests: ClassVar[int] = 50_000
    max_bytes: ClassVar[int] = 200 * 1024 * 1024
    _ENDED: ClassVar[frozenset[str]] = frozenset({"completed", "failed", "expired", "cancelled"})

    def __init__(self, api_key: str, base_url: str | None) -> None:
        import openai

        self._sdk = openai
        self._key = api_key
        self._client = openai.AsyncOpenAI(api_key=api_key, base_url=base_url, max_retries=3)

    def size_of(self, call: Deferred) -> int:
        """Bytes the call takes in a batch file."""
        return len(json.dumps(openai_line(call)).encode()) + 1

    async def submit(self, calls: list[Deferred]) -> str:
        """Create a batch of ``calls``; returns its id."""
        lines = [openai_line(c) for c in calls]
        endpoints = {line["url"] for line in lines}
        if len(endpoints) != 1:
            raise ConfigError("an OpenAI batch holds one endpoint: split chat and completion calls")
        data = "".join(json.dumps(line) + "\n" for line in lines).encode()
        try:
            upload = await self._client.files.create(file=("judgebench-batch.jsonl", data), purpose="batch")
            batch = await self._client.batches.create(
                input_file_id=upload.id,
                endpoint=endpoints.pop(),
                completion_window="24h",
            )
        except self._sdk.APIError as exc:
            raise BackendError(redact(f"openai batch submit failed: {exc}", self._key)) from None
        return str(batch.id)

    async def status(self, batch_id: str) -> BatchStatus:
        """Poll a batch."""
        try:
            batch = await self._client.batches.retrieve(batch_id)
        except self._sdk.APIError as exc:
            raise BackendError(redact(f"openai batch {batch_id}: {exc}", self._key)) from None
        counts = batch.request_counts
        tally = {"total": counts.total, "completed": counts.completed, "failed": counts.failed} if counts else {}
        return BatchStatus(batch.status in self._ENDED, str(batch.status), tally)

    async def results(self, batch_id: str) -> list[Result]:
        """The results of an ended batch."""
        try:
            batch = await self._client.batches.retrieve(batch_id)
            texts = [
                (await self._client.files.content(file_id)).text
                for file_id in (batch.output_file_id, batch.error_file_id)
                if file_id
            ]
        except self._sdk.APIError as exc:
            raise BackendError(redact(f"openai batch {batch_id}: {exc}", self._key)) from None
        label = f"openai batch {batch_id}"
        return [
            read_openai_result(json.loads(line), label=label) for text in texts for line in text.splitlines() if line
        ]

    async def aclose(self) -> None:
        """Close the HTTP client."""
        await self._client.close()


class AnthropicBatches:
    """Anthropic Message Batches (see the module docstring)."""

    max_requests: ClassVar[int] = 100_000
    max_bytes: ClassVar[int] = 256 * 1024 * 1024

    def __init__(self, api_key: str, base_url: str | None) -> None:
        import anthropic

        self._sdk = anthropic
        self._key = api_key
        self._client = anthropic.AsyncAnthropic(api_key=api_key, base_url=base_url, max_retries=3)

    def size_of(self, call: Deferred) -> int:
        """Bytes the call takes in a batch file."""
        return len(json.dumps(anthropic_request(call)).encode()) + 1

    async def submit(self, calls: list[Deferred]) -> str:
        """Create a batch of ``calls``; returns its id."""
        try:
            batch = await self._client.messages.batches.create(requests=[anthropic_request(c) for c in calls])  # type: ignore[misc]
        except self._sdk.APIError as exc:
            raise BackendError(redact(f"anthropic batch submit failed: {exc}", self._key)) from None
        return str(batch.id)

    async def status(self, batch_id: str) -> BatchStatus:
        """Poll a batch."""
        try:
            batch = await self._client.messages.batches.retrieve(batch_id)
        except self._sdk.APIError as exc:
            raise BackendError(redact(f"anthropic batch {batch_id}: {exc}", self._key)) from None
        counts: dict[str, Any] = batch.request_counts.model_dump() if batch.request_counts else {}
        return BatchStatus(batch.processing_status == "ended", str(batch.processing_status), counts)

    async def results(self, batch_id: str) -> list[Result]:
        """The results of an ended batch."""
        label = f"anthropic batch {batch_id}"
        out: list[Result] = []
        try:
            decoder = await self._client.messages.batches.results(batch_id)
            async for row in decoder:
                out.append(read_anthropic_result(row.model_dump(), label=label))
        except self._sdk.APIError as exc:
            raise BackendError(redact(f"{label}: {exc}", self._key)) from None
        return out

    async def aclose(self) -> None:
        """Close the HTTP client."""
        await self._client.close()
