"""What a JSONL input holds, told from its first record's keys: the one check every reader of files uses.

Only the first record is read (one line), so asking costs nothing beside reading the file itself.
"""

from __future__ import annotations

import os
from typing import Literal

from judgebench.best_of_k import is_best_of_k, is_judged_best_of_k
from judgebench.errors import MalformedRecordError
from judgebench.jsonl import iter_jsonl

FileKind = Literal["judged", "best-of-k", "best-of-k-set", "solve", "pairs"]
BEST_OF_K_KINDS = ("best-of-k", "best-of-k-set")


def first_kind(path: str | os.PathLike[str]) -> FileKind | None:
    """What the file holds, from its first record's keys; None for a file without records.

    ``judged`` (judged pairs), ``best-of-k`` (a judged best-of-K set), ``best-of-k-set`` (an unjudged one),
    ``solve`` (solve results) or ``pairs`` (pairs without judgments).

    Raises:
        InputError: a missing file; MalformedRecordError for a first line that is not a JSON object.
    """
    for _, d in iter_jsonl(path):
        if is_best_of_k(d):
            return "best-of-k" if is_judged_best_of_k(d) else "best-of-k-set"
        if "judgments" in d:
            return "judged"
        if "outcome" in d and "pair_id" in d:
            return "solve"
        return "pairs"
    return None


def file_kind(path: str | os.PathLike[str]) -> FileKind:
    """:func:`first_kind`, where a file without records is an error.

    Raises:
        InputError: a missing file; MalformedRecordError for an empty or non-JSONL file.
    """
    kind = first_kind(path)
    if kind is None:
        raise MalformedRecordError("no records in file", str(path))
    return kind


def file_is_best_of_k(path: str | os.PathLike[str]) -> bool:
    """True when the file's first record is a best-of-K record (judged or not)."""
    return first_kind(path) in BEST_OF_K_KINDS
