"""A fake Hugging Face hub on 127.0.0.1 that answers what ``huggingface_hub`` asks when judgebench downloads.

Real HTTP in a background thread (an ephemeral port); point ``HF_ENDPOINT`` at ``hub.url``. Routes, as the hub
serves them:

- ``GET /api/datasets/{owner}/{name}/tree/{revision}/{path}`` — one folder of a revision, not recursive
  (``HfApi.list_repo_tree``): a JSON list of ``{"type": "file", "path", "size", "oid"}`` and
  ``{"type": "directory", "path", "oid"}``; revision and path arrive percent-encoded (``refs%2Fconvert%2Fparquet``);
- ``HEAD`` / ``GET /datasets/{owner}/{name}/resolve/{revision}/{path}`` — a file (``hf_hub_download``), with
  the headers huggingface_hub reads: ``X-Repo-Commit``, ``ETag``, ``Content-Length``;
- a missing repository, revision or entry: 404 with ``X-Error-Code`` ``RepoNotFound``, ``RevisionNotFound`` or
  ``EntryNotFound`` (what huggingface_hub turns into its typed errors).

And the routes ``HfApi.create_repo`` and ``HfApi.create_commit`` / ``upload_folder`` call (``judgebench push``):

- ``POST /api/repos/create`` — JSON ``{"name", "organization", "type", "visibility"}``; 200 ``{"url"}``, or 409
  when the repository exists (``exist_ok=True`` accepts it);
- ``POST /api/validate-yaml`` — a README's metadata: 200 ``{"errors": [], "warnings": []}``;
- ``POST /api/{type}s/{owner}/{name}/preupload/{revision}`` — each file's upload mode: ``regular`` (the content
  then travels base64 in the commit; this hub never asks for LFS, so no LFS batch or Xet upload is made);
- ``POST /api/{type}s/{owner}/{name}/commit/{revision}`` — the NDJSON commit: a ``header`` line, then ``file``
  lines (``content`` base64) and ``deletedFile`` lines; 200 ``{"commitUrl", "commitOid", "pullRequestUrl"}``.

Pushed repositories live in ``hub.pushed[(type, repo_id)]`` (path → bytes), their creation settings in
``hub.created`` and each commit's header in ``hub.commits``. With ``hub.token`` set, every upload route answers
401 to a request without ``Authorization: Bearer <token>``, echoing the header it got in the message (as careless
servers do: a client must not print it).

API::

    with FakeHub() as hub:
        hub.add("me/pairs", {"default/train/0000.parquet": data})  # revision refs/convert/parquet by default
        hub.replies["/api/datasets/me/pairs/tree/refs/convert/parquet/default/train"] = Reply(200, b"<html>")
        hub.requests                    # list[Seen]: method, path (as sent), authorization header or None

``replies`` plants a hostile or broken answer: keyed by the request's percent-decoded path (no query), it is
served instead of the route (a status, headers such as ``Location`` or ``Link``, a body). Several hubs may run
at once: a second one plays "another origin" and records whether a token reached it. With ``replies`` alone it
also plays GitHub raw (``JUDGEBENCH_GITHUB_RAW``).
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote, urlsplit

PARQUET_REVISION = "refs/convert/parquet"


@dataclass(frozen=True)
class Reply:
    """A planted answer: status, extra headers, body."""

    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Seen:
    """One request the hub received."""

    method: str
    path: str
    authorization: str | None


class FakeHub:
    """The hub's tree and resolve routes over an in-memory set of dataset repositories."""

    def __init__(self, port: int = 0) -> None:
        #: repo id -> revision -> file path -> bytes
        self.repos: dict[str, dict[str, dict[str, bytes]]] = {}
        self.replies: dict[str, Reply] = {}
        self.requests: list[Seen] = []
        #: (repo type, repo id) -> path -> bytes, as commits left them; and what create_repo was sent
        self.pushed: dict[tuple[str, str], dict[str, bytes]] = {}
        self.created: dict[tuple[str, str], dict[str, Any]] = {}
        self.commits: list[dict[str, Any]] = []
        self.token: str | None = None
        self.bodies: list[bytes] = []
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hub._serve(self, body=True)

            def do_HEAD(self) -> None:
                hub._serve(self, body=False)

            def do_POST(self) -> None:
                hub._post(self)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def add(self, repo_id: str, files: dict[str, bytes], revision: str = PARQUET_REVISION) -> None:
        """Files of one revision of a dataset repository."""
        self.repos.setdefault(repo_id, {}).setdefault(revision, {}).update(files)

    def tokens(self) -> list[str]:
        """The Authorization headers received (one per request that carried one)."""
        return [seen.authorization for seen in self.requests if seen.authorization]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> FakeHub:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- routes ---------------------------------------------------------------------------------------------

    def _serve(self, handler: BaseHTTPRequestHandler, *, body: bool) -> None:
        raw = urlsplit(handler.path).path
        self.requests.append(Seen(handler.command, handler.path, handler.headers.get("Authorization")))
        planted = self.replies.get(unquote(raw))
        if planted is not None:
            reply = planted
        else:
            parts = raw.split("/")
            if parts[1:3] == ["api", "datasets"] and len(parts) >= 7 and parts[5] == "tree":
                reply = self._tree(f"{parts[3]}/{parts[4]}", unquote(parts[6]), unquote("/".join(parts[7:])))
            elif parts[1] == "datasets" and len(parts) >= 7 and parts[4] == "resolve":
                reply = self._resolve(f"{parts[2]}/{parts[3]}", unquote(parts[5]), unquote("/".join(parts[6:])))
            else:
                reply = Reply(404, b"not found")
        handler.send_response(reply.status)
        headers = {"Content-Length": str(len(reply.body)), **reply.headers}
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.end_headers()
        if body:
            handler.wfile.write(reply.body)

    def _post(self, handler: BaseHTTPRequestHandler) -> None:
        raw = urlsplit(handler.path).path
        auth = handler.headers.get("Authorization")
        self.requests.append(Seen("POST", handler.path, auth))
        body = handler.rfile.read(int(handler.headers.get("Content-Length") or 0))
        self.bodies.append(body)
        parts = raw.split("/")
        if self.token is not None and auth != f"Bearer {self.token}":
            said = f"Invalid credentials in Authorization header {auth}"  # echoed, as careless servers do
            reply = Reply(401, json.dumps({"error": said}).encode())
        elif raw == "/api/repos/create":
            reply = self._create(json.loads(body))
        elif raw == "/api/validate-yaml":
            reply = Reply(200, json.dumps({"errors": [], "warnings": []}).encode())
        elif parts[1:2] == ["api"] and len(parts) >= 7 and parts[5] in ("preupload", "commit"):
            key = (parts[2].removesuffix("s"), f"{parts[3]}/{parts[4]}")
            if key not in self.pushed:
                reply = _error(404, "RepoNotFound")
            elif parts[5] == "preupload":
                files = json.loads(body)["files"]
                modes = [{"path": f["path"], "uploadMode": "regular", "shouldIgnore": False} for f in files]
                reply = Reply(200, json.dumps({"files": modes}).encode())
            else:
                reply = self._commit(key, body)
        else:
            reply = Reply(404, b"not found")
        handler.send_response(reply.status)
        headers = {"Content-Length": str(len(reply.body)), "Content-Type": "application/json", **reply.headers}
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(reply.body)

    def _create(self, payload: dict[str, Any]) -> Reply:
        repo_type = payload.get("type") or "model"
        repo_id = f"{payload['organization']}/{payload['name']}"
        prefix = "" if repo_type == "model" else f"{repo_type}s/"
        url = f"{self.url}/{prefix}{repo_id}"
        if (repo_type, repo_id) in self.pushed:
            return Reply(409, json.dumps({"error": "You already created this repo", "url": url}).encode())
        self.pushed[(repo_type, repo_id)] = {}
        self.created[(repo_type, repo_id)] = payload
        return Reply(200, json.dumps({"url": url}).encode())

    def _commit(self, key: tuple[str, str], body: bytes) -> Reply:
        files = self.pushed[key]
        for line in body.splitlines():
            item = json.loads(line)
            value = item["value"]
            if item["key"] == "header":
                self.commits.append({"repo": key, **value})
            elif item["key"] == "file":
                files[value["path"]] = base64.b64decode(value["content"])
            elif item["key"] == "deletedFile":
                files.pop(value["path"], None)
            else:  # lfsFile and the rest: this hub never asked for them
                return Reply(422, json.dumps({"error": f"unexpected {item['key']}"}).encode())
        oid = _sha1(json.dumps(sorted(files)).encode() + str(len(self.commits)).encode())
        prefix = "" if key[0] == "model" else f"{key[0]}s/"
        done = {"commitUrl": f"{self.url}/{prefix}{key[1]}/commit/{oid}", "commitOid": oid, "pullRequestUrl": None}
        return Reply(200, json.dumps(done).encode())

    def _files(self, repo_id: str, revision: str) -> dict[str, bytes] | Reply:
        if repo_id not in self.repos:
            return _error(404, "RepoNotFound")
        files = self.repos[repo_id].get(revision)
        return _error(404, "RevisionNotFound") if files is None else files

    def _tree(self, repo_id: str, revision: str, folder: str) -> Reply:
        files = self._files(repo_id, revision)
        if isinstance(files, Reply):
            return files
        prefix = f"{folder}/" if folder else ""
        entries: dict[str, dict[str, Any]] = {}
        for path, data in sorted(files.items()):
            if not path.startswith(prefix):
                continue
            head, sep, _ = path[len(prefix) :].partition("/")
            if sep:
                entries[head] = {"type": "directory", "path": prefix + head, "oid": _sha1(head.encode())}
            else:
                entries[head] = {"type": "file", "path": path, "size": len(data), "oid": _sha1(data)}
        if not entries:
            return _error(404, "EntryNotFound")
        return Reply(200, json.dumps(list(entries.values())).encode(), {"Content-Type": "application/json"})

    def _resolve(self, repo_id: str, revision: str, path: str) -> Reply:
        files = self._files(repo_id, revision)
        if isinstance(files, Reply):
            return files
        if path not in files:
            return _error(404, "EntryNotFound")
        data = files[path]
        return Reply(200, data, {"X-Repo-Commit": _sha1(revision.encode()), "ETag": f'"{_sha1(data)}"'})


def _sha1(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


def _error(status: int, code: str) -> Reply:
    return Reply(status, json.dumps({"error": code}).encode(), {"X-Error-Code": code})
