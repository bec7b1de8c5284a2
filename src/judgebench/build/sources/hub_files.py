"""Cached downloads of source datasets from the Hugging Face hub (only used when no path is given)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from judgebench.hub import SOURCE_FIX, download, hf_endpoint, split_to_jsonl
from judgebench.jsonl import iter_jsonl
from judgebench.locations import cache_dir


def _folder(dataset_id: str) -> Path:
    return cache_dir() / "sources" / dataset_id.replace("/", "__")


def hub_split_jsonl(dataset_id: str, split: str, config: str = "default") -> Path:
    """One split of a hub dataset as a cached JSONL file (converted from the hub's Parquet files)."""
    dest = _folder(dataset_id) / f"{config}.{split}.jsonl"
    return dest if dest.is_file() else split_to_jsonl(dataset_id, split, dest, config, fix=SOURCE_FIX)


def hub_raw_file(dataset_id: str, filename: str, revision: str = "main") -> Path:
    """A file of a hub dataset repository, downloaded once into the cache."""
    dest = _folder(dataset_id) / filename
    if not dest.is_file():
        download(f"{hf_endpoint()}/datasets/{dataset_id}/resolve/{revision}/{filename}", dest, fix=SOURCE_FIX)
    return dest


def read_rows(path: Path) -> list[tuple[str, int, dict[str, Any]]]:
    """(file, line, row) for every row of a JSONL or Parquet file."""
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        return [(str(path), i, row) for i, row in enumerate(pq.read_table(path).to_pylist(), 1)]
    return [(str(path), line, row) for line, row in iter_jsonl(path)]
