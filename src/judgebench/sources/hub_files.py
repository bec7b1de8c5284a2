"""Cached downloads of source datasets from the Hugging Face hub (only used when no path is given)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from judgebench.hub import SOURCE_FIX, cached_split, hub_file
from judgebench.hub_names import cache_path, dataset_folder
from judgebench.jsonl import iter_jsonl


def hub_split_jsonl(dataset_id: str, split: str, config: str = "default") -> Path:
    """One split of a hub dataset as a cached JSONL file (converted from the hub's Parquet files)."""
    return cached_split("sources", dataset_id, split, config, name=f"{config}.{split}.jsonl", fix=SOURCE_FIX)


def hub_raw_file(dataset_id: str, filename: str, revision: str = "main") -> Path:
    """A file of a hub dataset repository, downloaded once into the cache."""
    dest = cache_path("sources", dataset_folder(dataset_id), *filename.split("/"))
    return dest if dest.is_file() else hub_file(dataset_id, filename, dest, revision=revision, fix=SOURCE_FIX)


def read_rows(path: Path) -> list[tuple[str, int, dict[str, Any]]]:
    """(file, line, row) for every row of a JSONL or Parquet file."""
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        return [(str(path), i, row) for i, row in enumerate(pq.read_table(path).to_pylist(), 1)]
    return [(str(path), line, row) for line, row in iter_jsonl(path)]
