"""RewardBench 2 (``allenai/reward-bench-2``, split ``test``) as a best-of-K set.

RewardBench 2's rows already use the best-of-K field names (``id``, ``prompt``, ``chosen``, ``rejected``,
``num_correct``, ``num_incorrect``, ``total_completions``, ``models``, ``subset``, ``additional_metadata``);
the importer checks them, keeps them, and adds ``source`` (``reward-bench-2``) and ``response_model`` (the
one model of ``models``, else null: most prompts mix models). Subsets: Factuality, Precise IF, Math, Safety,
Focus, Ties. judgebench's top-1 scores Ties like the others; ``judgebench score`` adds RewardBench 2's own score
as ``native`` (:mod:`judgebench.metrics.rewardbench2`: Ties by its accuracy-and-margin rule, the subset mean).
"""

from __future__ import annotations

from typing import Any

from judgebench.best_of_k import new_record
from judgebench.errors import MalformedRecordError
from judgebench.importers.base import IMPORTERS, Importer, ImportResult, import_rows

DATASET = "allenai/reward-bench-2"
SPLIT = "test"


def convert(row: dict[str, Any], where: str, line: int) -> dict[str, Any]:
    """One RewardBench 2 row as a best-of-K record."""
    for key in ("id", "prompt", "chosen", "rejected", "subset"):
        if key not in row:
            raise MalformedRecordError(f"a RewardBench 2 row needs {key!r}", where, line)
    if isinstance(row["id"], bool) or not isinstance(row["id"], str | int):
        raise MalformedRecordError(f"'id' must be a string, got {type(row['id']).__name__}", where, line)
    chosen, rejected = row["chosen"], row["rejected"]
    if not isinstance(chosen, list) or not isinstance(rejected, list):
        raise MalformedRecordError("'chosen' and 'rejected' must be lists", where, line)
    models = row.get("models") or []
    if not isinstance(models, list):
        raise MalformedRecordError(f"'models' must be a list, got {type(models).__name__}", where, line)
    distinct = sorted({m for m in models if isinstance(m, str)})
    out = new_record(
        str(row["id"]),
        row["prompt"],
        chosen,
        rejected,
        row["subset"],
        "reward-bench-2",
        distinct[0] if len(distinct) == 1 else None,
    )
    for key in ("models", "additional_metadata"):
        if key in row:
            out[key] = row[key]
    return out


def _skip(row: dict[str, Any]) -> str | None:
    return "no responses" if not row.get("chosen") and not row.get("rejected") else None


def run(source: str | None, options: dict[str, str]) -> ImportResult:
    """Read a local copy (``.jsonl`` / ``.parquet``) or download the test split."""
    return import_rows(source, options, DATASET, SPLIT, convert, _skip)


IMPORTER = Importer(
    help="RewardBench 2 (allenai/reward-bench-2, split test) as a best-of-K set",
    run=run,
    source_help="a local .jsonl or .parquet copy (default: download the test split)",
)
IMPORTERS.add("reward-bench-2", IMPORTER)
