"""Rows of a published data set: a local JSONL, JSON or Parquet file, else one hub split, downloaded once."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from judgebench.errors import InputError
from judgebench.jsonl import JSONTooDeepError, iter_jsonl


def load_json(path: Path) -> Any:
    """A JSON document; unreadable, malformed or too deeply nested files are an InputError naming the file."""
    try:
        with open(path, "rb") as fh:
            return json.load(fh)
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror})", str(path)) from None
    except RecursionError:
        raise InputError(str(JSONTooDeepError()), str(path)) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"not a JSON document ({exc})", str(path)) from None


def github_raw_url(repo: str, commit: str, rel: str) -> str:
    """The raw GitHub URL of a file of ``repo`` at ``commit`` (``$JUDGEBENCH_GITHUB_RAW`` overrides the host)."""
    base = os.environ.get("JUDGEBENCH_GITHUB_RAW", "https://raw.githubusercontent.com").rstrip("/")
    return f"{base}/{repo}/{commit}/{quote(rel)}"


def read_rows(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Every row of a ``.jsonl``, ``.json`` (a list of objects) or ``.parquet`` file."""
    p = Path(path)
    if not p.is_file():
        raise InputError("no such file", str(p))
    if p.suffix == ".parquet":
        import pyarrow.parquet as pq

        try:
            rows: list[Any] = pq.read_table(p).to_pylist()
        except Exception as exc:  # pyarrow raises several unrelated types
            raise InputError(f"not a readable Parquet file ({exc})", str(p)) from None
    elif p.suffix == ".json":
        rows = load_json(p)
        if not isinstance(rows, list):
            raise InputError("expected a JSON list of rows", str(p))
    else:
        rows = [d for _, d in iter_jsonl(p)]
    for i, row in enumerate(rows, 1):
        if not isinstance(row, dict):
            raise InputError(f"row {i}: expected an object, got {type(row).__name__}", str(p))
    return rows


def hub_rows(dataset_id: str, split: str) -> tuple[list[dict[str, Any]], str]:
    """The rows of a hub split from the per-user cache, downloading it on first use; and the file read."""
    from judgebench.hub import cached_split

    dest = cached_split("hub", dataset_id, split)
    return read_rows(dest), str(dest)


def field(row: dict[str, Any], key: str, kind: type, where: str, index: int) -> Any:
    """``row[key]`` checked to be of ``kind``; an InputError naming the row otherwise."""
    value = row.get(key)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise InputError(f"row {index}: {key!r} must be {kind.__name__}, got {type(value).__name__}", where)
    return value
