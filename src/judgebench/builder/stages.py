"""Append-only, resumable stage files: one JSONL record per stable key, the last record for a key wins.

Every build stage (sampled responses, rule verdicts, LLM-checker verdicts) appends each result the moment it
exists, one complete line flushed at a time, so a run killed at any point (``kill -9`` included) loses at most
the line being written. Reopening a stage reads what is done, cuts a torn last line off, and lets the stage
skip finished keys and retry failed ones. A stage file also starts with a header naming the configuration
that produced it, so a resumed run never mixes results of different settings.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from judgebench.errors import ConfigError, MalformedRecordError
from judgebench.jsonl import append_jsonl
from judgebench.output_files import open_append, output_target, write_error

HEADER_KEY = "_stage"


def _key_of(row: dict[str, Any], key_fields: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(str(row[k]) for k in key_fields)


class StageFile:
    """One stage's records, keyed by ``key_fields``; open with :meth:`open`, then :meth:`append`.

    Args:
        path: the JSONL file (created with its header when missing).
        stage: the stage name written in the header.
        config: the settings that determine the stage's results; a file made under other settings is an error.
        key_fields: the record fields that form the stable key.
    """

    def __init__(self, path: str | os.PathLike[str], stage: str, config: dict[str, Any], key_fields: tuple[str, ...]):
        self.path = Path(path)
        self.stage = stage
        self.config = config
        self.key_fields = key_fields
        self.records: dict[tuple[str, ...], dict[str, Any]] = {}
        self._fh: IO[str] | None = None

    def open(self) -> StageFile:
        """Load what is done (repairing a torn last line) and open the file for appending.

        Raises:
            OutputError: the file cannot be written (a device, no room on the disk).
        """
        output_target(self.path)
        try:
            if self.path.exists():
                self._load()
            else:
                with self.path.open("w", encoding="utf-8") as fh:
                    append_jsonl(fh, {HEADER_KEY: self.stage, "config": self.config})
        except OSError as exc:
            raise write_error(self.path, exc, resume_hint=True) from None
        self._fh = open_append(self.path)
        return self

    def _load(self) -> None:
        raw = self.path.read_bytes()
        end = raw.rfind(b"\n") + 1
        if end < len(raw):  # a line torn by a kill: drop it, its key is simply not done yet
            with self.path.open("r+b") as fh:
                fh.truncate(end)
            raw = raw[:end]
        lines = raw.split(b"\n")[:-1] if raw else []
        if not lines:
            with self.path.open("w", encoding="utf-8") as fh:
                append_jsonl(fh, {HEADER_KEY: self.stage, "config": self.config})
            return
        p = str(self.path)
        for lineno, line in enumerate(lines, 1):
            try:
                row = json.loads(line)
            except ValueError:
                raise MalformedRecordError("not valid JSON in a stage file", p, lineno) from None
            if not isinstance(row, dict):
                raise MalformedRecordError("expected a JSON object in a stage file", p, lineno)
            if lineno == 1:
                self._check_header(row)
                continue
            if any(k not in row for k in self.key_fields):
                raise MalformedRecordError(f"stage record without its key {self.key_fields}", p, lineno)
            self.records[_key_of(row, self.key_fields)] = row

    def _check_header(self, row: dict[str, Any]) -> None:
        if row.get(HEADER_KEY) != self.stage:
            raise ConfigError(f"{self.path} is not a {self.stage!r} stage file; use another --out or remove it")
        theirs = row.get("config", {})
        diff = sorted(k for k in set(theirs) | set(self.config) if theirs.get(k) != self.config.get(k))
        if diff:
            shown = ", ".join(f"{k}: {theirs.get(k)!r} then, {self.config.get(k)!r} now" for k in diff)
            raise ConfigError(
                f"{self.path} was made with other settings ({shown}); resume with the same settings, "
                "or pass a new --out (or --fresh) to start over"
            )

    def append(self, row: dict[str, Any]) -> None:
        """Record one result (one flushed line) and remember it."""
        if self._fh is None:
            raise RuntimeError("stage file is not open")
        try:
            append_jsonl(self._fh, row)
        except OSError as exc:
            raise write_error(self.path, exc, resume_hint=True) from None
        self.records[_key_of(row, self.key_fields)] = row

    def get(self, *key: str) -> dict[str, Any] | None:
        """The latest record for a key, or None."""
        return self.records.get(key)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.records.values())

    def __len__(self) -> int:
        return len(self.records)

    def close(self) -> None:
        """Flush to disk and close."""
        if self._fh is not None:
            fh, self._fh = self._fh, None
            try:
                fh.flush()
                os.fsync(fh.fileno())
            except OSError as exc:
                raise write_error(self.path, exc, resume_hint=True) from None
            finally:
                with contextlib.suppress(OSError):
                    fh.close()

    def __enter__(self) -> StageFile:
        return self.open() if self._fh is None else self

    def __exit__(self, *exc: object) -> None:
        self.close()
