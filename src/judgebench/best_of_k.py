"""Best-of-K records: one prompt with every verified response, in RewardBench 2's field names.

A *best-of-K set* holds one JSON object per prompt::

    {"id", "prompt", "chosen": [correct responses], "rejected": [incorrect responses],
     "num_correct", "num_incorrect", "total_completions", "subset", "source", "response_model", ...}

``id``, ``prompt``, ``chosen``, ``rejected``, ``num_correct``, ``num_incorrect``, ``total_completions``
and ``subset`` are RewardBench 2's (``allenai/reward-bench-2``); ``source`` and ``response_model`` are
JudgeBench's. A *judged* best-of-K record adds ``judge_name``, ``judge_model``, ``scores_chosen`` and
``scores_rejected`` (one score per response, in the order of ``chosen`` / ``rejected``; ``null`` where
scoring that response failed, with the reason in ``errors``).

Files are told apart from pair files by their records' shape (:func:`is_best_of_k`), so ``judgebench
score`` picks the right metrics by itself.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from judgebench.errors import DuplicatePairError, MalformedRecordError
from judgebench.jsonl import iter_jsonl

_T = TypeVar("_T")


def new_record(
    id: str,
    prompt: Any,
    chosen: list[Any],
    rejected: list[Any],
    subset: Any,
    source: str,
    response_model: Any,
    **extra: Any,
) -> dict[str, Any]:
    """A best-of-K record in the documented key order; the counts are derived, ``extra`` keys follow them.

    Args:
        id: The record's id.
        prompt: The prompt every response answers.
        chosen: The correct responses (copied).
        rejected: The incorrect responses (copied).
        subset: RewardBench 2's subset (a JudgeBench category for built sets).
        source: Where the prompt comes from.
        response_model: The one model that wrote the responses, a list of models, or None.
        **extra: Further fields (``original_id``, ``chosen_index``, ...), written after the standard ones.
    """
    return {
        "id": id,
        "prompt": prompt,
        "chosen": list(chosen),
        "rejected": list(rejected),
        "num_correct": len(chosen),
        "num_incorrect": len(rejected),
        "total_completions": len(chosen) + len(rejected),
        "subset": subset,
        "source": source,
        "response_model": response_model,
        **extra,
    }


def is_best_of_k(record: dict[str, Any]) -> bool:
    """True for a best-of-K record (``chosen``/``rejected`` lists), False for a pair record."""
    return isinstance(record.get("chosen"), list) and isinstance(record.get("rejected"), list)


def is_judged_best_of_k(record: dict[str, Any]) -> bool:
    """True for a judged best-of-K record: a best-of-K record with ``scores_chosen``."""
    return is_best_of_k(record) and "scores_chosen" in record


def first_record(path: str | os.PathLike[str]) -> dict[str, Any] | None:
    """The first record of a JSONL file (None when it has none)."""
    for _line, d in iter_jsonl(path):
        return d
    return None


_STR = {str}
_FLOAT = {float}


def _texts(d: dict[str, Any], key: str, path: str, line: int) -> list[str]:
    value = d.get(key)
    if not isinstance(value, list) or not set(map(type, value)) <= _STR:  # JSON strings are exactly str
        raise MalformedRecordError(f"{key!r} must be a list of strings", path, line)
    return value


def _scores(d: dict[str, Any], key: str, n: int, path: str, line: int) -> list[float | None]:
    value = d.get(key)
    if not isinstance(value, list) or len(value) != n:
        raise MalformedRecordError(f"{key!r} must be a list of {n} scores (null for a failed one)", path, line)
    # the common case at C speed: all floats, all finite (a sum of finite floats is finite unless it overflows,
    # and then the loop below decides)
    if set(map(type, value)) <= _FLOAT and math.isfinite(sum(value)):
        return value
    out: list[float | None] = []
    for s in value:
        if s is None:
            out.append(None)
        elif isinstance(s, bool) or not isinstance(s, int | float) or not math.isfinite(s):
            raise MalformedRecordError(f"{key!r} holds {s!r}, not a finite number or null", path, line)
        else:
            out.append(float(s))
    return out


@dataclass(slots=True)
class JudgedPrompt:
    """One judged best-of-K record, as the metrics need it."""

    id: str
    subset: str
    scores_chosen: list[float | None]
    scores_rejected: list[float | None]
    judge_name: str | None = None
    judge_model: str | None = None
    response_model: str | None = None
    source: str | None = None

    @property
    def complete(self) -> bool:
        """Every response has a score."""
        return None not in self.scores_chosen and None not in self.scores_rejected


def check_record(d: dict[str, Any], path: str, line: int) -> tuple[list[str], list[str]]:
    """Validate the unjudged part of a best-of-K record; returns (chosen, rejected)."""
    if not isinstance(d.get("id"), str | int) or isinstance(d.get("id"), bool):
        raise MalformedRecordError("'id' must be a string", path, line)
    if not isinstance(d.get("prompt"), str):
        raise MalformedRecordError("'prompt' must be a string", path, line)
    chosen, rejected = _texts(d, "chosen", path, line), _texts(d, "rejected", path, line)
    if not chosen and not rejected:
        raise MalformedRecordError("a best-of-K record needs at least one response", path, line)
    return chosen, rejected


def judged_prompt(d: dict[str, Any], path: str, line: int) -> JudgedPrompt:
    """Validate a judged best-of-K record."""
    chosen, rejected = check_record(d, path, line)
    if "scores_chosen" not in d and "scores_rejected" not in d:
        raise MalformedRecordError("a best-of-K record without scores: judge the set first (judge --pairs)", path, line)
    subset = d.get("subset")
    return JudgedPrompt(
        id=str(d["id"]),
        subset=subset if isinstance(subset, str) and subset else "all",
        scores_chosen=_scores(d, "scores_chosen", len(chosen), path, line),
        scores_rejected=_scores(d, "scores_rejected", len(rejected), path, line),
        judge_name=d.get("judge_name"),
        judge_model=d.get("judge_model"),
        response_model=d.get("response_model") if isinstance(d.get("response_model"), str) else None,
        source=d.get("source") if isinstance(d.get("source"), str) else None,
    )


def _unique_records(path: str, read: Callable[[dict[str, Any], str, int], _T]) -> Iterator[tuple[dict[str, Any], _T]]:
    """Each record of a file with what ``read`` makes of it (validating it first); an id seen twice is an error."""
    seen: dict[str, int] = {}
    for line, d in iter_jsonl(path):
        made = read(d, path, line)
        rid = str(d["id"])
        if rid in seen:
            raise DuplicatePairError(f"duplicate id {rid!r} (first on line {seen[rid]})", path, line)
        seen[rid] = line
        yield d, made


def iter_judged_prompts(path: str | os.PathLike[str]) -> Iterator[JudgedPrompt]:
    """The judged best-of-K records of a file, validated; an id seen twice is an error."""
    for _d, jp in _unique_records(str(path), judged_prompt):
        yield jp


def read_best_of_k(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """The (unjudged) best-of-K records of a file, validated; an id seen twice is an error."""
    p = str(path)
    out = [d for d, _ in _unique_records(p, check_record)]
    if not out:
        raise MalformedRecordError("no best-of-K records in file", p)
    return out
