"""The known size of a run's pair set: the release split its pairs come from.

A ``judge --limit 20`` run alone in a folder looks complete when runs are only compared with each other. Its
pairs are JudgeBench's, though, and the release says how many there are: the ``gpt`` split holds 350 pairs,
``claude`` 270 (:data:`judgebench.datasets.RELEASES`). :func:`known_total` finds the release splits holding
every pair of a run (by ``pair_id``) and gives their size, the denominator of its coverage; a run with a pair
of no release (a set built here, another benchmark) gets None and is compared with its folder, as before.

Only a release file already on this machine is read (``$JUDGEBENCH_DATA/data`` or the per-user cache, where
``judge --pairs gpt`` put it); nothing is downloaded to size a run. Each file's ids are read once per process.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import lru_cache
from pathlib import Path

from judgebench.datasets import RELEASES
from judgebench.jsonl import iter_jsonl
from judgebench.locations import cache_dir, data_root


def _local_release(name: str) -> Path | None:
    root = data_root()
    path = (root if root is not None else cache_dir()) / "data" / RELEASES[name]
    return path if path.is_file() else None


@lru_cache(maxsize=8)
def _ids(path: str, mtime_ns: int, size: int) -> frozenset[str]:
    del mtime_ns, size  # the cache key: a file replaced on disk is read again
    return frozenset(str(d["pair_id"]) for _, d in iter_jsonl(path) if "pair_id" in d)


def release_ids() -> dict[str, frozenset[str]]:
    """The pair ids of each release split found on this machine, by release name."""
    out: dict[str, frozenset[str]] = {}
    for name in RELEASES:
        path = _local_release(name)
        if path is not None:
            st = path.stat()
            out[name] = _ids(str(path), st.st_mtime_ns, st.st_size)
    return out


def file_pair_ids(path: str) -> list[str]:
    """The ``pair_id`` of each record of a JSONL file, in order."""
    return [str(d["pair_id"]) for _, d in iter_jsonl(path) if "pair_id" in d]


def file_total(path: str, n_pairs: int) -> tuple[tuple[str, ...], int] | None:
    """:func:`known_total` of a judged file of ``n_pairs`` pairs (read only when it can be a part of a release)."""
    return known_total(file_pair_ids(path)) if 0 < n_pairs <= largest_total() else None


def largest_total() -> int:
    """The pairs of all local releases together: no run with more pairs can be a part of them."""
    return sum(len(ids) for ids in release_ids().values())


def known_total(pair_ids: Collection[str]) -> tuple[tuple[str, ...], int] | None:
    """The release splits holding the run's pairs and their total size; None when a pair is in none of them.

    A run whose pairs span both splits (one judge on gpt and claude) is sized by both (620).
    """
    if not pair_ids:
        return None
    releases = release_ids()
    touched = tuple(name for name, ids in releases.items() if not ids.isdisjoint(pair_ids))
    if not touched:
        return None
    union = frozenset[str]().union(*(releases[name] for name in touched))
    if not union.issuperset(pair_ids):
        return None
    return touched, len(union)
