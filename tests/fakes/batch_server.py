"""The fake provider with the batch protocols: OpenAI Batch and Anthropic Message Batches, on 127.0.0.1.

:class:`FakeBatchProvider` is a :class:`~tests.fakes.provider_server.FakeProvider` (the live routes stay) that
also serves what the official SDKs call for batches:

- OpenAI: ``POST /v1/files`` (multipart upload, purpose ``batch``), ``POST /v1/batches``, ``GET
  /v1/batches/{id}`` and ``GET /v1/files/{id}/content`` (output and error files in OpenAI's result format);
- Anthropic: ``POST /v1/messages/batches``, ``GET /v1/messages/batches/{id}`` and its ``results_url``.

A batch moves ``validating`` → ``in_progress`` → its end on successive polls (Anthropic: ``in_progress`` →
``ended``), answering each line with the same ``reply`` as a live call. Controls: ``hold = True`` keeps every
batch in progress; ``end_as = "failed" | "expired"`` ends the next batch that way (``expired``: the first half of
its lines answered, the rest ``batch_expired`` errors); ``fail_lines(marker)`` makes the lines whose text holds
``marker`` fail (HTTP 500 in the error file / ``errored``). ``batch_posts()`` counts batches created.
"""

from __future__ import annotations

import json
import time
from typing import Any

from aiohttp import web

from tests.fakes.provider_server import FakeProvider, Logged, _all_text


class FakeBatchProvider(FakeProvider):
    """See the module docstring."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.hold = False
        self.end_as: str | None = None
        self.files: dict[str, str] = {}
        self.batches: dict[str, dict[str, Any]] = {}
        self._lines: dict[str, list[dict[str, Any]]] = {}
        self._polls: dict[str, int] = {}
        self._ends: dict[str, str] = {}
        self._failing: list[str] = []

    def fail_lines(self, marker: str) -> None:
        """Lines whose text holds ``marker`` fail in every batch."""
        self._failing.append(marker)

    def batch_posts(self) -> int:
        """Batches created (both protocols)."""
        return self.count("/v1/batches") + self.count("/v1/messages/batches")

    def _app(self) -> web.Application:
        app = super()._app()
        app.router.add_post("/v1/files", self._upload)
        app.router.add_post("/v1/batches", self._create_openai)
        app.router.add_get("/v1/batches/{id}", self._get_openai)
        app.router.add_get("/v1/files/{id}/content", self._content)
        app.router.add_post("/v1/messages/batches", self._create_anthropic)
        app.router.add_get("/v1/messages/batches/{id}", self._get_anthropic)
        app.router.add_get("/v1/messages/batches/{id}/results", self._results_anthropic)
        return app

    def _log(self, request: web.Request, body: Any) -> None:
        with self._lock:
            self.requests.append(Logged(request.path, body, {k.lower(): v for k, v in request.headers.items()}))

    def _fails(self, body: dict[str, Any]) -> bool:
        text = _all_text(body)
        return any(marker in text for marker in self._failing)

    def _next_state(self, batch_id: str, states: list[str]) -> str:
        """The state at this poll: the next one on each poll, the last held while ``hold``."""
        n = self._polls.get(batch_id, 0)
        if self.hold:
            return states[min(n, len(states) - 2)]
        self._polls[batch_id] = n + 1
        return states[min(n + 1, len(states) - 1)]

    # -- OpenAI ------------------------------------------------------------------------------------------
    async def _upload(self, request: web.Request) -> web.Response:
        form = await request.post()
        upload = form["file"]
        data = upload.file.read() if hasattr(upload, "file") else str(upload).encode()
        file_id = f"file-{len(self.files) + 1}"
        self.files[file_id] = data.decode()
        self._log(request, {"purpose": form.get("purpose"), "lines": self.files[file_id].count("\n")})
        return web.json_response(
            {
                "id": file_id,
                "object": "file",
                "bytes": len(data),
                "created_at": int(time.time()),
                "filename": "batch.jsonl",
                "purpose": "batch",
                "status": "processed",
            }
        )

    async def _create_openai(self, request: web.Request) -> web.Response:
        body = await request.json()
        self._log(request, body)
        batch_id = f"batch_{len(self.batches) + 1}"
        lines = [json.loads(line) for line in self.files[body["input_file_id"]].splitlines() if line.strip()]
        self._lines[batch_id] = lines
        if self.end_as:
            self._ends[batch_id], self.end_as = self.end_as, None
        self.batches[batch_id] = {
            "id": batch_id,
            "object": "batch",
            "endpoint": body["endpoint"],
            "errors": None,
            "input_file_id": body["input_file_id"],
            "completion_window": body["completion_window"],
            "status": "validating",
            "output_file_id": None,
            "error_file_id": None,
            "created_at": int(time.time()),
            "request_counts": {"total": len(lines), "completed": 0, "failed": 0},
        }
        return web.json_response(self.batches[batch_id])

    async def _get_openai(self, request: web.Request) -> web.Response:
        batch_id = request.match_info["id"]
        self._log(request, None)
        batch = self.batches[batch_id]
        if batch["status"] in ("validating", "in_progress", "finalizing"):
            end = self._ends.get(batch_id, "completed")
            state = self._next_state(batch_id, ["validating", "in_progress", end])
            batch["status"] = state
            if state == end:
                self._finish_openai(batch_id, batch, end)
        return web.json_response(batch)

    def _finish_openai(self, batch_id: str, batch: dict[str, Any], end: str) -> None:
        lines = self._lines[batch_id]
        if end == "failed":
            batch["errors"] = {"object": "list", "data": [{"code": "invalid_request", "message": "injected failure"}]}
            batch["request_counts"] = {"total": len(lines), "completed": 0, "failed": len(lines)}
            return
        out, err = [], []
        for n, line in enumerate(lines):
            row_id = f"batch_req_{batch_id}_{n}"
            if end == "expired" and n >= len(lines) // 2:
                err.append(
                    {
                        "id": row_id,
                        "custom_id": line["custom_id"],
                        "response": None,
                        "error": {"code": "batch_expired", "message": "This request could not be executed."},
                    }
                )
            elif self._fails(line["body"]):
                err.append(
                    {
                        "id": row_id,
                        "custom_id": line["custom_id"],
                        "error": None,
                        "response": {
                            "status_code": 500,
                            "request_id": row_id,
                            "body": {"error": {"message": "injected line failure", "type": "server_error"}},
                        },
                    }
                )
            else:
                body = self.answer(line["url"], line["body"])
                out.append(
                    {
                        "id": row_id,
                        "custom_id": line["custom_id"],
                        "error": None,
                        "response": {"status_code": 200, "request_id": row_id, "body": body},
                    }
                )
        for rows, field in ((out, "output_file_id"), (err, "error_file_id")):
            if rows:
                file_id = f"file-{len(self.files) + 1}"
                self.files[file_id] = "".join(json.dumps(r) + "\n" for r in rows)
                batch[field] = file_id
        batch["request_counts"] = {"total": len(lines), "completed": len(out), "failed": len(err)}

    async def _content(self, request: web.Request) -> web.Response:
        self._log(request, None)
        return web.Response(text=self.files[request.match_info["id"]], content_type="application/jsonl")

    # -- Anthropic ---------------------------------------------------------------------------------------
    def _anthropic_batch(self, batch_id: str, ended: bool, counts: dict[str, int]) -> dict[str, Any]:
        return {
            "id": batch_id,
            "type": "message_batch",
            "processing_status": "ended" if ended else "in_progress",
            "request_counts": counts,
            "ended_at": "2026-12-05T00:00:00Z" if ended else None,
            "created_at": "2026-12-05T00:00:00Z",
            "expires_at": "2026-12-06T00:00:00Z",
            "archived_at": None,
            "cancel_initiated_at": None,
            "results_url": f"{self.url}/v1/messages/batches/{batch_id}/results" if ended else None,
        }

    async def _create_anthropic(self, request: web.Request) -> web.Response:
        body = await request.json()
        self._log(request, {"requests": len(body["requests"])})
        batch_id = f"msgbatch_{len(self.batches) + 1}"
        self._lines[batch_id] = body["requests"]
        if self.end_as:
            self._ends[batch_id], self.end_as = self.end_as, None
        counts = {"processing": len(body["requests"]), "succeeded": 0, "errored": 0, "canceled": 0, "expired": 0}
        self.batches[batch_id] = self._anthropic_batch(batch_id, False, counts)
        return web.json_response(self.batches[batch_id])

    async def _get_anthropic(self, request: web.Request) -> web.Response:
        batch_id = request.match_info["id"]
        self._log(request, None)
        batch = self.batches[batch_id]
        if batch["processing_status"] != "ended" and self._next_state(batch_id, ["in_progress", "ended"]) == "ended":
            results = self._anthropic_results(batch_id)
            counts = {"processing": 0, "succeeded": 0, "errored": 0, "canceled": 0, "expired": 0}
            for row in results:
                counts[row["result"]["type"]] += 1
            self.files[batch_id] = "".join(json.dumps(r) + "\n" for r in results)
            batch = self.batches[batch_id] = self._anthropic_batch(batch_id, True, counts)
        return web.json_response(batch)

    def _anthropic_results(self, batch_id: str) -> list[dict[str, Any]]:
        lines, end = self._lines[batch_id], self._ends.get(batch_id)
        rows = []
        for n, line in enumerate(lines):
            if end in ("failed", "expired") and (end == "failed" or n >= len(lines) // 2):
                rows.append({"custom_id": line["custom_id"], "result": {"type": "expired"}})
            elif self._fails(line["params"]):
                error = {"type": "error", "error": {"type": "api_error", "message": "injected line failure"}}
                rows.append({"custom_id": line["custom_id"], "result": {"type": "errored", "error": error}})
            else:
                message = self.answer("/v1/messages", line["params"])
                rows.append({"custom_id": line["custom_id"], "result": {"type": "succeeded", "message": message}})
        return rows

    async def _results_anthropic(self, request: web.Request) -> web.Response:
        self._log(request, None)
        return web.Response(text=self.files[request.match_info["id"]], content_type="application/binary")
