"""RM-Bench (``THU-KEG/RM-Bench``; its ``data/total_dataset.json`` or the hub split ``train``) as a best-of-K set.

A row holds ``id``, ``prompt``, ``chosen`` and ``rejected`` (three responses each, in RM-Bench's style order:
concise, detailed plain text, detailed markdown) and ``domain`` (``chat``, ``code``, ``math``,
``safety-refuse``, ``safety-response``). Each row becomes one best-of-K record with the three chosen and
three rejected responses in that order (the order is the style: keep it), ``subset`` the domain and
``source`` ``rm-bench``. A pointwise judge (a reward model) scores the six responses; ``judgebench score``
adds RM-Bench's own easy / normal / hard accuracies (:mod:`judgebench.metrics.rm_bench`) as ``native``.
"""

from __future__ import annotations

from typing import Any

from judgebench.best_of_k import new_record
from judgebench.errors import MalformedRecordError
from judgebench.importers.base import IMPORTERS, Importer, ImportResult, import_rows

DATASET = "THU-KEG/RM-Bench"
SPLIT = "train"
SOURCE = "rm-bench"
STYLES = 3
DOMAINS = ("chat", "code", "math", "safety-refuse", "safety-response")


def convert(row: dict[str, Any], where: str, line: int) -> dict[str, Any]:
    """One RM-Bench row as a best-of-K record."""
    for key in ("id", "prompt", "chosen", "rejected", "domain"):
        if key not in row:
            raise MalformedRecordError(f"an RM-Bench row needs {key!r}", where, line)
    if isinstance(row["id"], bool) or not isinstance(row["id"], str | int):
        raise MalformedRecordError(f"'id' must be a string or an integer, got {type(row['id']).__name__}", where, line)
    if not isinstance(row["prompt"], str):
        raise MalformedRecordError("'prompt' must be a string", where, line)
    for key in ("chosen", "rejected"):
        value = row[key]
        if not isinstance(value, list) or len(value) != STYLES or not all(isinstance(t, str) for t in value):
            raise MalformedRecordError(f"{key!r} must be a list of {STYLES} strings (one per style)", where, line)
    if row["domain"] not in DOMAINS:
        raise MalformedRecordError(f"unknown domain {row['domain']!r} (known: {', '.join(DOMAINS)})", where, line)
    return new_record(str(row["id"]), row["prompt"], row["chosen"], row["rejected"], row["domain"], SOURCE, None)


def _skip(row: dict[str, Any]) -> str | None:
    return "rows without responses" if "chosen" not in row and "rejected" not in row else None


def run(source: str | None, options: dict[str, str]) -> ImportResult:
    """Read a local copy (``.json`` list, ``.jsonl``, ``.parquet``) or download the hub split."""
    return import_rows(source, options, DATASET, SPLIT, convert, _skip)


IMPORTER = Importer(
    help="RM-Bench (THU-KEG/RM-Bench) as a best-of-K set: 3 chosen and 3 rejected responses by style",
    run=run,
    source_help="RM-Bench's data/total_dataset.json (or a .jsonl/.parquet copy); none: download the train split",
)
IMPORTERS.add("rm-bench", IMPORTER)
