"""PPE's correctness best-of-K sets (``lmarena-ai/PPE-<name>-Best-of-K``, split ``train``).

Each row holds ``question_id``, ``prompt``, ``model_name``, ``response_1`` … ``response_32`` and ``scores``
(32 booleans: was response i correct), besides per-benchmark fields (MMLU-Pro's ``category``, GPQA's
``High-level domain``, ...). A row becomes one best-of-K record: ``chosen`` the responses scored true,
``rejected`` those scored false, in response order; ``chosen_index`` / ``rejected_index`` keep their
1-based response numbers. A response that is missing (null) or whose score is null is left out and counted.
``subset`` is the benchmark's name (``MMLU-Pro``, ``MATH``, ...).

**Ids.** A row is one question answered 32 times by one model (``model_name``; each set has 512 rows drawn
for four models, e.g. MMLU-Pro's 128 per model), and the same question may be drawn for several models:
``question_id`` repeats across ``model_name`` values (necessarily in MBPP-Plus, whose 512 rows outnumber
MBPP+'s 378 problems), and PPE's own best-of-K scorer samples per model. A row is therefore keyed by both:
``id`` is ``<question_id>:<model_name>`` (``question_id`` alone for a row without a model name),
``question_id`` keeps PPE's id and ``response_model`` the model. The same question and model twice is still
a duplicate and refused (:mod:`judgebench.importers.checked`).
"""

from __future__ import annotations

import re
from typing import Any

from judgebench.best_of_k import new_record
from judgebench.errors import ConfigError, MalformedRecordError
from judgebench.hub_rows import hub_rows, read_rows
from judgebench.importers.base import IMPORTERS, Importer, ImportResult

#: judgebench name → the benchmark's name in the hub id ``lmarena-ai/PPE-<name>-Best-of-K``.
BENCHMARKS = {"mmlu-pro": "MMLU-Pro", "math": "MATH", "gpqa": "GPQA", "ifeval": "IFEval", "mbpp-plus": "MBPP-Plus"}
SPLIT = "train"
_RESPONSE = re.compile(r"^response_(\d+)$")


def dataset_id(name: str) -> str:
    """The hub id of a PPE best-of-K set."""
    return f"lmarena-ai/PPE-{BENCHMARKS[name]}-Best-of-K"


def convert(row: dict[str, Any], subset: str, where: str, line: int, result: ImportResult) -> dict[str, Any] | None:
    """One PPE row as a best-of-K record (None when no response is left)."""
    for key in ("question_id", "prompt", "scores"):
        if key not in row:
            raise MalformedRecordError(f"a PPE best-of-K row needs {key!r}", where, line)
    qid = row["question_id"]
    if isinstance(qid, bool) or not isinstance(qid, str | int):
        raise MalformedRecordError(f"'question_id' must be a string, got {type(qid).__name__}", where, line)
    scores = row["scores"]
    numbers = sorted(int(m.group(1)) for k in row if (m := _RESPONSE.match(k)))
    if not isinstance(scores, list) or len(scores) != len(numbers):
        raise MalformedRecordError(f"'scores' must hold one boolean per response ({len(numbers)})", where, line)
    chosen: list[str] = []
    rejected: list[str] = []
    chosen_index: list[int] = []
    rejected_index: list[int] = []
    for i, ok in zip(numbers, scores, strict=True):
        text = row[f"response_{i}"]
        if not isinstance(text, str):
            result.leave_out("missing response")
        elif ok is None:
            result.leave_out("no score")
        elif not isinstance(ok, bool):
            raise MalformedRecordError(f"scores[{i - 1}] is {ok!r}, not a boolean", where, line)
        elif ok:
            chosen.append(text)
            chosen_index.append(i)
        else:
            rejected.append(text)
            rejected_index.append(i)
    if not chosen and not rejected:
        result.leave_out("no responses")
        return None
    model = row.get("model_name")
    model = model if isinstance(model, str) and model else None
    return new_record(
        record_id(qid, model),
        row["prompt"],
        chosen,
        rejected,
        subset,
        f"ppe-{subset.lower()}",
        model,
        question_id=str(qid),
        chosen_index=chosen_index,
        rejected_index=rejected_index,
    )


def record_id(question_id: str | int, model_name: str | None) -> str:
    """A row's id: ``<question_id>:<model_name>`` (one question answered by one model; see the module docstring)."""
    return f"{question_id}:{model_name}" if model_name else str(question_id)


def run(source: str | None, options: dict[str, str]) -> ImportResult:
    """``source``: a benchmark name (downloaded) or a local file with ``--option benchmark=NAME``."""
    name = options.get("benchmark") or (source if source in BENCHMARKS else None)
    if name is None or name not in BENCHMARKS:
        known = ", ".join(BENCHMARKS)
        raise ConfigError(f"name a PPE benchmark ({known}): as the source, or --option benchmark=NAME for a file")
    if source in BENCHMARKS or source is None:
        where, rows = f"hf:{dataset_id(name)}:{SPLIT}", hub_rows(dataset_id(name), options.get("split", SPLIT))[0]
    else:
        where, rows = source, read_rows(source)
    result = ImportResult([])
    for line, row in enumerate(rows, 1):
        rec = convert(row, BENCHMARKS[name], where, line, result)
        if rec is not None:
            result.records.append(rec)
    return result


IMPORTER = Importer(
    help="PPE's best-of-K correctness sets (lmarena-ai/PPE-<name>-Best-of-K) as best-of-K sets",
    run=run,
    source_help=f"a benchmark ({', '.join(BENCHMARKS)}) to download, or a local .jsonl/.parquet file "
    "with --option benchmark=NAME",
)
IMPORTERS.add("ppe", IMPORTER)
