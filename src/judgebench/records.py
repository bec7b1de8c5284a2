"""Pair and judged-pair records in JudgeBench's upstream JSONL format.

A *pair* holds a question, two responses from one model and the objective label (``A>B``: response A is
the correct one). A *judged pair* adds ``judge_name`` and ``judgments``: one or two entries
``{"judgment": {...}, "decision": "A>B" | "B>A" | "A=B" | null}``; the second was made with the responses
swapped, so its decision speaks of the swapped positions. An entry may itself be ``null`` (upstream writes
that when a call failed).

Each entry has one of three outcomes (:func:`judgment_outcome`): *decided* (a decision), *no verdict* (the
model answered but named no single verdict: decision null, no ``error``; judgebench keeps why in
``no_verdict``; the JudgeBench rule counts it 0, as a tie) or *failed* (no answer: a null entry, or an
``error`` saying why). A failed judgment is retried on resume; a no-verdict one is the judge's outcome.

Records keep every key they were read with, in its original order, so a file read and written back is
byte-identical (see :mod:`judgebench.jsonl`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from judgebench.catalog import CATEGORIES, Category, category_of
from judgebench.errors import DuplicatePairError, MalformedRecordError
from judgebench.jsonl import iter_jsonl, write_jsonl

LABELS = ("A>B", "B>A")
#: the label of a comparison without a right answer (an MT-Bench comparison without an expert majority): only a
#: reader that asks for it (``unlabelled=True``: the importers' check, ``judgebench benchmarks``, the judge runner,
#: and ``score``, which skips and counts it) accepts it, every other reader refuses it, so no scorer can take it
#: for a tie or a guess
NO_MAJORITY = "no-majority"
DECISIONS = ("A>B", "B>A", "A=B")
PAIR_KEYS = (
    "pair_id",
    "original_id",
    "source",
    "question",
    "response_model",
    "response_A",
    "response_B",
    "label",
)
__all__ = [
    "CATEGORIES",
    "DECIDED",
    "DECISIONS",
    "FAILED",
    "LABELS",
    "NO_MAJORITY",
    "NO_VERDICT",
    "PAIR_KEYS",
    "REQUIRED_KEYS",
    "Category",
    "JudgedPair",
    "Pair",
    "category_of",
    "check_judgments",
    "check_pair_fields",
    "filename_fields",
    "flip",
    "iter_judged",
    "judgment_outcome",
    "read_judged",
    "read_pairs",
    "unique_records",
    "write_pairs",
]
_STR_KEYS = ("pair_id", "source", "question", "response_model", "response_A", "response_B")


_NAME_PART = re.compile(r"(?:^|,)([a-z_]+)=([^,]*)")


def filename_fields(path: str | os.PathLike[str]) -> dict[str, str]:
    """``key=value`` fields of an upstream file name (dataset, response_model, judge_name, judge_model)."""
    stem = Path(path).name.removesuffix(".jsonl")
    return {k: v for k, v in _NAME_PART.findall(stem)}


def flip(decision: str | None) -> str | None:
    """The same verdict seen from swapped positions: A>B ↔ B>A; ties and nulls unchanged."""
    if decision == "A>B":
        return "B>A"
    if decision == "B>A":
        return "A>B"
    return decision


DECIDED, NO_VERDICT, FAILED = "decided", "no_verdict", "failed"
LEGACY_NO_VERDICT = "unparseable: "  # how files written before the split recorded a reply without a verdict


def judgment_outcome(entry: Any) -> str:
    """``decided``, ``no_verdict`` or ``failed`` for one ``judgments`` entry (see the module docstring).

    A null entry or one with an ``error`` failed, except an error starting ``unparseable:``, which is how
    judgebench recorded a reply without a verdict before the two were told apart. A null decision without an
    error (upstream's files, or ours with ``no_verdict``) is no verdict: the model answered.
    """
    if type(entry) is not dict:
        return FAILED
    error = entry.get("error")
    if error is not None:
        return NO_VERDICT if isinstance(error, str) and error.startswith(LEGACY_NO_VERDICT) else FAILED
    return NO_VERDICT if entry.get("decision") is None else DECIDED


#: the keys every pair record has
REQUIRED_KEYS = frozenset(PAIR_KEYS)
_LABEL_SET = frozenset(LABELS)
_DECISION_SET = frozenset(DECISIONS)


def judge_model_of(judgments: Sequence[Any]) -> str | None:
    """The judge model the first judgment that names one records (``judgment.judge_model``), else None."""
    for entry in judgments:
        inner = entry.get("judgment") if isinstance(entry, dict) else None
        if isinstance(inner, dict) and isinstance(inner.get("judge_model"), str):
            return str(inner["judge_model"])
    return None


def check_pair_fields(
    d: dict[str, Any], path: str | None = None, line: int | None = None, *, unlabelled: bool = False
) -> None:
    """Validate the upstream pair keys of a record (hot path: a set test first, details only on failure).

    ``unlabelled``: the label may also be :data:`NO_MAJORITY`.
    """
    if not d.keys() >= REQUIRED_KEYS:
        missing = [k for k in PAIR_KEYS if k not in d]  # every one at once, not one per run
        names = ", ".join(repr(k) for k in missing)
        raise MalformedRecordError(f"missing key{'s' if len(missing) > 1 else ''} {names}", path, line)
    for key in _STR_KEYS:
        if type(d[key]) is not str:
            raise MalformedRecordError(f"{key!r} must be a string, got {type(d[key]).__name__}", path, line)
    if d["label"] not in _LABEL_SET and not (unlabelled and d["label"] == NO_MAJORITY):
        if d["label"] == NO_MAJORITY:
            raise MalformedRecordError(
                f"label {NO_MAJORITY!r}: a comparison without an expert majority has no right answer to score "
                "(only 'judgebench benchmarks --protocol native' counts it; 'judge' judges it, 'score' skips it)",
                path,
                line,
            )
        raise MalformedRecordError(f"unknown label {d['label']!r} (expected A>B or B>A)", path, line)


def check_judgments(judgments: Any, path: str | None = None, line: int | None = None) -> list[str | None]:
    """Validate a ``judgments`` list and return its decisions (None for null entries or decisions)."""
    if type(judgments) is not list or not 1 <= len(judgments) <= 2:
        n = len(judgments) if isinstance(judgments, list) else type(judgments).__name__
        raise MalformedRecordError(f"'judgments' must be a list of 1 or 2 entries, got {n}", path, line)
    out: list[str | None] = []
    for entry in judgments:
        if entry is None:
            out.append(None)
            continue
        if type(entry) is not dict or "decision" not in entry:
            raise MalformedRecordError("each judgment must be an object with a 'decision'", path, line)
        decision = entry["decision"]
        if decision is not None and decision not in _DECISION_SET:
            raise MalformedRecordError(f"unknown decision {decision!r}", path, line)
        out.append(decision)
    return out


@dataclass(slots=True)
class Pair:
    """A question with two responses and the objective label; unknown keys live in ``extra``."""

    pair_id: str
    original_id: Any
    source: str
    question: str
    response_model: str
    response_A: str
    response_B: str
    label: str
    extra: dict[str, Any] = field(default_factory=dict)
    key_order: tuple[str, ...] = ()

    @property
    def category(self) -> str:
        """The category its source declares (see :mod:`judgebench.catalog`)."""
        return category_of(self.source)

    @classmethod
    def from_dict(
        cls, d: dict[str, Any], path: str | None = None, line: int | None = None, *, unlabelled: bool = False
    ) -> Pair:
        """Validate and wrap an upstream record; raises MalformedRecordError naming path and line.

        ``unlabelled``: accept the label :data:`NO_MAJORITY` (see :func:`check_pair_fields`).
        """
        check_pair_fields(d, path, line, unlabelled=unlabelled)
        extra = {k: v for k, v in d.items() if k not in PAIR_KEYS}
        return cls(**{k: d[k] for k in PAIR_KEYS}, extra=extra, key_order=tuple(d))

    def to_dict(self) -> dict[str, Any]:
        """The record with every key it was read with, in its original order."""
        values = {k: getattr(self, k) for k in PAIR_KEYS}
        values.update(self.extra)
        order = list(self.key_order) + [k for k in values if k not in self.key_order]
        return {k: values[k] for k in order if k in values}

    def swapped(self) -> tuple[str, str]:
        """The two responses in the second order (B first)."""
        return self.response_B, self.response_A

    def correct_first(self) -> tuple[str, str]:
        """(the correct response, the incorrect one) by the label: A first for ``A>B``, else B first."""
        return (self.response_A, self.response_B) if self.label == "A>B" else (self.response_B, self.response_A)


@dataclass(slots=True)
class JudgedPair:
    """A pair plus its judge's verdicts in one or two orders (upstream outputs format)."""

    pair: Pair
    judge_name: str | None
    judgments: list[dict[str, Any] | None]

    @property
    def decisions(self) -> list[str | None]:
        """Decisions as recorded, the second one in swapped positions."""
        return [None if j is None else j.get("decision") for j in self.judgments]

    @classmethod
    def from_dict(
        cls, d: dict[str, Any], path: str | None = None, line: int | None = None, *, unlabelled: bool = False
    ) -> JudgedPair:
        """Validate a judged record (pair keys, judgments of length 1 or 2, known decisions).

        ``unlabelled``: accept the label :data:`NO_MAJORITY`.
        """
        if "judgments" not in d:
            raise MalformedRecordError("missing key 'judgments'", path, line)
        check_judgments(d["judgments"], path, line)
        pair = Pair.from_dict(d, path, line, unlabelled=unlabelled)
        pair.extra.pop("judgments", None)
        judge_name = pair.extra.pop("judge_name", None)
        return cls(pair=pair, judge_name=judge_name, judgments=d["judgments"])

    def to_dict(self) -> dict[str, Any]:
        """The upstream record, key order preserved (new keys after the pair's)."""
        p = self.pair
        values = {k: getattr(p, k) for k in PAIR_KEYS}
        values.update(p.extra)
        values["judge_name"] = self.judge_name
        values["judgments"] = self.judgments
        order = list(p.key_order) + [k for k in values if k not in p.key_order]
        return {k: values[k] for k in order if k in values}


def unique_records(records: Iterator[tuple[int, dict[str, Any]]], path: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line, record)`` as given; a ``pair_id`` seen before is a DuplicatePairError naming both lines."""
    seen: dict[str, int] = {}
    for line, d in records:
        pid = d.get("pair_id")
        if isinstance(pid, str):
            if pid in seen:
                raise DuplicatePairError(f"duplicate pair_id {pid!r} (first on line {seen[pid]})", path, line)
            seen[pid] = line
        yield line, d


def read_pairs(path: str | os.PathLike[str], *, unlabelled: bool = False) -> list[Pair]:
    """All pairs of a JSONL file, validated; duplicate pair_ids are an error (``unlabelled``: NO_MAJORITY too)."""
    p = str(path)
    return [Pair.from_dict(d, p, line, unlabelled=unlabelled) for line, d in unique_records(iter_jsonl(p), p)]


def iter_judged(path: str | os.PathLike[str], *, unlabelled: bool = False) -> Iterator[JudgedPair]:
    """Stream the judged pairs of a recorded-outputs file, validated (``unlabelled``: :data:`NO_MAJORITY` too)."""
    p = str(path)
    for line, d in unique_records(iter_jsonl(p), p):
        yield JudgedPair.from_dict(d, p, line, unlabelled=unlabelled)


def read_judged(path: str | os.PathLike[str]) -> list[JudgedPair]:
    """All judged pairs of a recorded-outputs file."""
    return list(iter_judged(path))


def write_pairs(path: str | os.PathLike[str], pairs: list[Pair] | list[JudgedPair]) -> int:
    """Write pairs or judged pairs atomically in upstream's format."""
    return write_jsonl(path, (p.to_dict() for p in pairs))
