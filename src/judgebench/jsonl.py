"""JSONL reading and writing: streamed, located errors, atomic writes, upstream byte format.

Upstream JudgeBench writes ``json.dumps(obj, ensure_ascii=False)`` per line; :func:`dumps_line` does the
same, so a file read and written back is byte-identical. Reading uses orjson for speed and falls back to
the standard library for what orjson refuses (NaN, very large integers).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from typing import IO, Any

import orjson

from judgebench.errors import InputError, MalformedRecordError
from judgebench.input_files import check_input_file
from judgebench.output_files import atomic_writer

__all__ = ["JSONTooDeepError", "append_jsonl", "atomic_writer", "dumps_line", "iter_jsonl", "write_jsonl"]


def dumps_line(obj: Any) -> str:
    """One JSONL line (without newline) exactly as upstream writes it."""
    return json.dumps(obj, ensure_ascii=False)


class JSONTooDeepError(ValueError):
    """JSON nested deeper than the readers follow (orjson: 1024 levels; the standard library: the recursion limit).

    A ValueError like any other unreadable JSON, so it is never a RecursionError traceback.
    """

    def __init__(self) -> None:
        super().__init__("nested too deeply to read (over a thousand levels of lists or objects)")


def loads(raw: bytes | str) -> Any:
    """One JSON value: orjson, or the standard library for what orjson refuses (e.g. NaN).

    Raises:
        JSONTooDeepError: the value nests deeper than either reader follows.
        ValueError: not JSON (``json.JSONDecodeError``, ``UnicodeDecodeError``).
    """
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        try:
            return json.loads(raw)
        except RecursionError:
            raise JSONTooDeepError from None


def iter_jsonl(path: str | os.PathLike[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(line_number, object)`` for each non-blank line of a JSONL file.

    Raises:
        InputError: the file is missing or unreadable.
        MalformedRecordError: a line is not a JSON object (truncated, not JSON, an array...).
    """
    p = str(path)
    check_input_file(p)  # a FIFO would block the open; a directory or a symlink loop is named as such
    try:
        fh = open(p, "rb")  # noqa: SIM115 - closed in finally, generator
    except FileNotFoundError:
        raise InputError("no such file", p) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", p) from None
    try:
        fast = orjson.loads
        for lineno, raw in enumerate(fh, 1):
            try:
                obj = fast(raw)  # the common case first: one call per line
            except orjson.JSONDecodeError:
                if raw.isspace():  # a blank line (never empty: it holds at least its newline)
                    continue
                try:
                    obj = loads(raw)  # what orjson refuses (NaN, very large integers)
                except JSONTooDeepError as exc:
                    raise MalformedRecordError(str(exc), p, lineno) from None
                except (ValueError, UnicodeDecodeError):
                    hint = "truncated line" if not raw.endswith(b"\n") else "not valid JSON"
                    if lineno == 1:
                        hint += " (is this a JSONL file?)"
                    raise MalformedRecordError(hint, p, lineno) from None
            if type(obj) is not dict:
                raise MalformedRecordError(f"expected a JSON object, got {type(obj).__name__}", p, lineno)
            yield lineno, obj
    finally:
        fh.close()


def write_jsonl(path: str | os.PathLike[str], rows: Iterable[dict[str, Any]]) -> int:
    """Write rows atomically in upstream's line format (see :mod:`judgebench.output_files`); returns the count."""
    n = 0
    with atomic_writer(path) as fh:
        for row in rows:
            fh.write(dumps_line(row))
            fh.write("\n")
            n += 1
    return n


def append_jsonl(fh: IO[str], row: dict[str, Any]) -> None:
    """Append one complete line and flush it, so a crash never leaves half a record behind."""
    fh.write(dumps_line(row) + "\n")
    fh.flush()
