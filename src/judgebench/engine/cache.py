"""The call cache: one SQLite file mapping a canonical request hash to the response it got.

The key hashes what changes the output — provider, model, base URL, chat or completion, messages or prompt,
sampling settings and provider extras — and never ``request.metadata``, timeouts or limits. Only answered
calls are stored; errors never are. The file lives at ``$JUDGEBENCH_CACHE/calls.sqlite`` by default.

The database runs in WAL mode with a busy timeout, so several processes can share one file; within a
process one connection serves every task (calls take microseconds, so they run inline on the event loop,
behind a lock for callers in other threads). Writes are batched: a put is visible to ``get`` at once and
reaches the file within ``flush_every`` puts or ``flush_interval_s`` seconds, and on :meth:`Cache.flush`
or :meth:`Cache.close` (the engine flushes when it closes), one transaction per batch.

No API key or header is ever stored: only the request's content hash, provider, model and the response.

A cache that cannot be used — a damaged file, a read-only folder, a full disk — never stops a run: the
first SQLite error is reported once (a warning naming the file), and from then on every lookup misses and
nothing is stored, so calls go to the provider. ``judgebench cache stats`` reports such a file as damaged
and ``judgebench cache clear`` removes it. Only a cache folder that is a file is an error (a bad setting).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from tenacity import retry, retry_if_exception, stop_after_delay, wait_random

from judgebench.backends.base import ChatRequest, ChatResponse, Usage
from judgebench.errors import ConfigError

log = logging.getLogger("judgebench.engine")

#: Bump when the key recipe or the stored form changes; old rows then simply miss.
KEY_VERSION = 1
FILENAME = "calls.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS calls (
    key TEXT PRIMARY KEY,
    provider TEXT NOT NULL,
    model TEXT NOT NULL,
    created REAL NOT NULL,
    response BLOB NOT NULL
)
"""


def default_cache_path() -> Path:
    """``$JUDGEBENCH_CACHE/calls.sqlite`` (or the per-user cache folder)."""
    from judgebench.locations import cache_dir

    return cache_dir() / FILENAME


def request_key(provider: str, model: str, base_url: str | None, request: ChatRequest) -> str:
    """The canonical hash of a call: equal for calls that must give the same output."""
    doc = {
        "v": KEY_VERSION,
        "provider": provider,
        "model": model,
        "base_url": (base_url or "").rstrip("/"),
        "kind": "complete" if request.is_completion else "chat",
        "messages": [[m.role, m.content] for m in request.messages],
        "prompt": request.prompt,
        "temperature": request.temperature,
        "top_p": request.top_p,
        "max_tokens": request.max_tokens,
        "seed": request.seed,
        "stop": list(request.stop) if request.stop is not None else None,
        "extra": dict(request.extra),
    }
    try:
        blob = orjson.dumps(doc, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS)
    except TypeError as exc:
        raise ConfigError(f"request extra must hold JSON values only: {exc}") from None
    return hashlib.sha256(blob).hexdigest()


@dataclass(frozen=True, slots=True)
class CacheStats:
    """What a cache file holds."""

    path: Path
    entries: int
    size_bytes: int
    by_model: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "path": str(self.path),
            "entries": self.entries,
            "size_bytes": self.size_bytes,
            "by_model": self.by_model,
        }


def _locked(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc)


@retry(retry=retry_if_exception(_locked), stop=stop_after_delay(30), wait=wait_random(0.01, 0.1), reraise=True)
def _connect(path: Path) -> sqlite3.Connection:
    """Open ``path`` in WAL mode with the schema in place.

    Switching a new file to WAL takes a lock that SQLite's busy timeout does not wait for, so two processes
    creating one cache at the same moment can see "database is locked": the opening is retried (up to 30 s,
    the busy timeout of every later statement). WAL is persistent, so only a new file ever switches.
    """
    db = sqlite3.connect(path, timeout=30.0, isolation_level=None, check_same_thread=False)
    try:
        if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute(_SCHEMA)
    except BaseException:
        db.close()
        raise
    return db


class Cache:
    """A SQLite response cache (see the module docstring).

    Args:
        path: the database file; created with its folder when missing. Defaults to :func:`default_cache_path`.
        warn: log the one warning when the cache fails (off for ``judgebench cache``, which raises instead).
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        flush_every: int = 64,
        flush_interval_s: float = 1.0,
        warn: bool = True,
    ) -> None:
        self.warn = warn
        self.path = Path(path) if path is not None else default_cache_path()
        self.flush_every = flush_every
        self.flush_interval_s = flush_interval_s
        self._pending: dict[str, tuple[str, str, str, float, bytes]] = {}
        self._last_flush = time.monotonic()
        self._closed = False
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        #: Why the cache is not in use (None while it works); set by the first failure, reported once.
        self.broken: str | None = None
        folder = self.path.parent
        if folder.exists() and not folder.is_dir():
            raise ConfigError(f"the cache folder {folder} is a file, not a folder (check JUDGEBENCH_CACHE)")
        if self.path.exists() and not self.path.is_file():
            raise ConfigError(f"the cache {self.path} is not a regular file")
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self._db = _connect(self.path)
        except (OSError, sqlite3.Error) as exc:
            self._fail(exc)

    def _fail(self, exc: BaseException) -> None:
        """Stop using the cache for the rest of the run and say so once."""
        if self.broken is not None:
            return
        self.broken = str(exc) or type(exc).__name__
        self._pending.clear()
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None
        if not self.warn:
            return
        log.warning(
            "judgebench: warning: the call cache %s cannot be used (%s); calls go to the provider without it "
            "(`judgebench cache clear` removes a damaged cache)",
            self.path,
            self.broken,
        )

    def get(self, key: str) -> ChatResponse | None:
        """The stored response for ``key`` (marked ``cached``), or None (always None once the cache failed)."""
        with self._lock:
            pending = self._pending.get(key)
            if pending is not None:
                blob = pending[4]
            else:
                if self._db is None:
                    return None
                try:
                    row = self._db.execute("SELECT response FROM calls WHERE key = ?", (key,)).fetchone()
                except sqlite3.Error as exc:
                    self._fail(exc)
                    return None
                if row is None:
                    return None
                blob = row[0]
        try:
            data = orjson.loads(blob)
            return ChatResponse(
                text=data["text"],
                finish_reason=data["finish_reason"],
                usage=Usage(**data["usage"]),
                model=data["model"],
                cached=True,
            )
        except (orjson.JSONDecodeError, TypeError, KeyError) as exc:  # a damaged row: ask the provider
            with self._lock:
                self._fail(exc)
            return None

    def put(self, key: str, provider: str, model: str, response: ChatResponse) -> None:
        """Store an answered call (the engine never calls this for errors; a failed cache stores nothing)."""
        if self.broken is not None:
            return
        blob = orjson.dumps(
            {
                "text": response.text,
                "finish_reason": response.finish_reason,
                "usage": response.usage.to_dict(),
                "model": response.model,
            }
        )
        with self._lock:
            self._pending[key] = (key, provider, model, time.time(), blob)
            due = len(self._pending) >= self.flush_every or time.monotonic() - self._last_flush >= self.flush_interval_s
            if due:
                self._flush_locked()

    def flush(self) -> None:
        """Write pending entries to the file (one transaction)."""
        with self._lock:
            self._flush_locked()

    def _flush_locked(self) -> None:
        self._last_flush = time.monotonic()
        if not self._pending or self._db is None:
            return
        rows = list(self._pending.values())
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.executemany(
                    "INSERT OR REPLACE INTO calls (key, provider, model, created, response) VALUES (?, ?, ?, ?, ?)",
                    rows,
                )
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            self._fail(exc)
        self._pending.clear()

    def _usable(self) -> sqlite3.Connection:
        """The connection, for the maintenance commands; a failed cache is an error there."""
        if self._db is None:
            raise ConfigError(
                f"the cache {self.path} cannot be read ({self.broken}); `judgebench cache clear` removes it"
            )
        return self._db

    def stats(self) -> CacheStats:
        """Entry counts per ``provider/model`` and the file size (WAL included).

        Raises:
            ConfigError: the file is damaged or unreadable.
        """
        with self._lock:
            self._flush_locked()
            db = self._usable()
            try:
                rows = db.execute(
                    "SELECT provider || '/' || model, COUNT(*) FROM calls GROUP BY provider, model ORDER BY 1"
                ).fetchall()
            except sqlite3.Error as exc:
                self._fail(exc)
                db = self._usable()  # raises: the cache is now marked as failed
                raise
        size = sum(p.stat().st_size for p in self._files() if p.exists())
        by_model = {str(name): int(n) for name, n in rows}
        return CacheStats(self.path, sum(by_model.values()), size, by_model)

    def clear(self, model: str | None = None) -> int:
        """Delete every entry (or those of one ``provider/model``); returns how many went.

        A damaged file is removed whole when clearing everything (its count is unknown: -1 is returned).

        Raises:
            ConfigError: clearing one model from a damaged file, or a file that cannot be removed.
        """
        with self._lock:
            self._flush_locked()
            try:
                db = self._usable()
                if model is None:
                    cur = db.execute("DELETE FROM calls")
                else:
                    cur = db.execute("DELETE FROM calls WHERE provider || '/' || model = ?", (model,))
                count = cur.rowcount
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                db.execute("VACUUM")
                return int(count)
            except (sqlite3.Error, ConfigError) as exc:
                if isinstance(exc, sqlite3.Error):
                    self.broken = self.broken or str(exc)
                if model is not None:
                    raise ConfigError(
                        f"the cache {self.path} is damaged ({self.broken}); clear it whole (without --model)"
                    ) from None
            self._remove_files()
            return -1

    def _remove_files(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None
        for file in self._files():
            try:
                file.unlink(missing_ok=True)
            except OSError as exc:
                raise ConfigError(f"cannot remove {file}: {exc.strerror}") from None

    def _files(self) -> list[Path]:
        return [self.path, Path(f"{self.path}-wal"), Path(f"{self.path}-shm")]

    def close(self) -> None:
        """Write pending entries and close the connection (idempotent)."""
        with self._lock:
            if self._closed:
                return
            self._flush_locked()
            if self._db is not None:
                with contextlib.suppress(sqlite3.Error):
                    self._db.close()
                self._db = None
            self._closed = True
