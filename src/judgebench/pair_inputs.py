"""Pairs as the Python API takes them: a release name, a file, ``hf:owner/name:split``, or records in memory."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Any

from judgebench.errors import ConfigError
from judgebench.records import Pair

#: Pairs as a release name (``gpt``, ``claude``), a file (JSONL, Parquet), ``hf:owner/name:split``, or in memory.
PairsLike = str | os.PathLike[str] | Iterable[Pair | Mapping[str, Any]]


def pairs_of(pairs: PairsLike, *, unlabelled: bool = False) -> list[Pair]:
    """Pairs from a release name, a path, or records in memory (:class:`Pair` or upstream dicts).

    ``unlabelled``: accept the label ``no-majority`` (what :func:`judge` judges; no other reader scores it).
    """
    if isinstance(pairs, str | os.PathLike):
        from judgebench.datasets import load_pairs

        return load_pairs(os.fspath(pairs), unlabelled=unlabelled)
    out = [
        p if isinstance(p, Pair) else Pair.from_dict(dict(p), "<pairs>", i, unlabelled=unlabelled)
        for i, p in enumerate(pairs, 1)
    ]
    if not out:
        raise ConfigError("no pairs given")
    return out
