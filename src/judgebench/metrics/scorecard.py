"""Scoring a judged-pairs file: accuracy per category with counts and intervals, decisions by kind.

Streams the file once, keeping a few counters per category, so memory stays flat however large the file
(pair ids are kept to reject duplicates).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from judgebench.errors import DuplicatePairError, MalformedRecordError
from judgebench.jsonl import iter_jsonl
from judgebench.metrics.bootstrap import proportion_ci
from judgebench.metrics.fast_scan import scan_columnar
from judgebench.metrics.vote import AGGREGATIONS, is_inconsistent, vote_sum
from judgebench.records import (
    CATEGORIES,
    DECISIONS,
    FAILED,
    LABELS,
    REQUIRED_KEYS,
    category_of,
    check_judgments,
    check_pair_fields,
    filename_fields,
    judgment_outcome,
)

OVERALL = "Overall"


@dataclass(slots=True)
class CategoryScore:
    """k correct of n, the accuracy in percent (two decimals, as the paper prints) and a 95% interval."""

    correct: int
    n: int
    ci95: tuple[float, float] | None = None

    @property
    def accuracy(self) -> float | None:
        """Percent correct rounded to two decimals; None for an empty category."""
        return round(100.0 * self.correct / self.n, 2) if self.n else None

    def to_dict(self) -> dict[str, Any]:
        """JSON form: accuracy, correct, n, ci95."""
        return {
            "accuracy": self.accuracy,
            "correct": self.correct,
            "n": self.n,
            "ci95": list(self.ci95) if self.ci95 else None,
        }


@dataclass(slots=True)
class FileScore:
    """Everything ``judgebench score`` reports about one judged file."""

    file: str
    judge_name: str | None
    judge_model: str | None
    response_model: str | None
    n_pairs: int
    categories: dict[str, CategoryScore]
    decisions: dict[str, int]
    inconsistent_pairs: int
    single_order_pairs: int
    outcomes: dict[str, int] = field(default_factory=dict)
    """Pairs by vote sum: correct (> 0), incorrect (< 0), undecided (0: ties, nulls, split votes)."""
    rule: str = "vote"
    failed_judgments: int = 0
    """Null decisions that got no answer (a null entry or an ``error``); the other nulls had no verdict."""

    def to_dict(self) -> dict[str, Any]:
        """The ``--json`` form documented in the README."""
        return {
            "file": self.file,
            "judge_name": self.judge_name,
            "judge_model": self.judge_model,
            "response_model": self.response_model,
            "n_pairs": self.n_pairs,
            "rule": self.rule,
            "categories": {k: v.to_dict() for k, v in self.categories.items()},
            "decisions": dict(self.decisions),
            "inconsistent_pairs": self.inconsistent_pairs,
            "single_order_pairs": self.single_order_pairs,
            "failed_judgments": self.failed_judgments,
            "outcomes": dict(self.outcomes),
        }


_SOURCE_CATEGORY: dict[str, str] = {}


def _outcome_table(rule: str) -> dict[tuple[str | None, ...], tuple[bool, str, bool]]:
    """(label, decision, [decision]) → (correct under ``rule``, vote outcome, position-inconsistent), precomputed."""
    correct = AGGREGATIONS.get(rule)
    table: dict[tuple[str | None, ...], tuple[bool, str, bool]] = {}
    options: list[str | None] = [*DECISIONS, None]
    for label in LABELS:
        combos: list[tuple[str | None, ...]] = [(x,) for x in options] + [(x, y) for x in options for y in options]
        for decs in combos:
            s = vote_sum(label, decs)
            outcome = "correct" if s > 0 else "incorrect" if s < 0 else "undecided"
            table[(label, *decs)] = (bool(correct(label, decs)), outcome, is_inconsistent(decs))
    return table


@dataclass(slots=True)
class _Tally:
    """Counters of one scan; tallies of file chunks merge into the file's."""

    rule: str
    counts: dict[str, list[int]] = field(default_factory=dict)
    decisions: dict[str | None, int] = field(default_factory=lambda: {"A>B": 0, "B>A": 0, "A=B": 0, None: 0})
    outcomes: dict[str, int] = field(default_factory=lambda: {"correct": 0, "incorrect": 0, "undecided": 0})
    inconsistent: int = 0
    single: int = 0
    failed: int = 0
    n_pairs: int = 0
    meta: tuple[str | None, str | None, str | None] | None = None
    table: dict[tuple[str | None, ...], tuple[bool, str, bool]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.table = _outcome_table(self.rule)

    def add(self, d: dict[str, Any], path: str, line: int) -> None:
        """Validate one judged record and count it (a fast path; the full validators name what is wrong)."""
        js = d.get("judgments")
        entry = None
        try:
            if type(js) is list and d.keys() >= REQUIRED_KEYS:
                if len(js) == 2:
                    e1, e2 = js
                    key: tuple[str | None, ...] = (
                        d["label"],
                        None if e1 is None else e1["decision"],
                        None if e2 is None else e2["decision"],
                    )
                else:
                    (e1,) = js
                    key = (d["label"], None if e1 is None else e1["decision"])
                entry = self.table.get(key)
                if not (
                    type(d["pair_id"]) is str
                    and type(d["source"]) is str
                    and type(d["question"]) is str
                    and type(d["response_model"]) is str
                    and type(d["response_A"]) is str
                    and type(d["response_B"]) is str
                ):
                    entry = None
        except (KeyError, TypeError, ValueError):
            entry = None
        if entry is None:  # something is wrong: let the validators say what and where
            check_pair_fields(d, path, line)
            if "judgments" not in d:
                raise MalformedRecordError("missing key 'judgments'", path, line)
            check_judgments(js, path, line)
            raise MalformedRecordError("invalid judged record", path, line)  # pragma: no cover
        ok, outcome, inconsistent = entry
        if self.meta is None:
            first = js[0]  # type: ignore[index]
            inner = first.get("judgment") if isinstance(first, dict) else None
            model = inner.get("judge_model") if isinstance(inner, dict) else None
            self.meta = (d.get("judge_name"), model, d["response_model"])
        self.n_pairs += 1
        dec_counts = self.decisions
        for dec in key[1:]:
            dec_counts[dec] += 1
        if None in key:
            self.failed += sum(judgment_outcome(e) == FAILED for e in js)  # type: ignore[union-attr]
        if len(key) == 2:
            self.single += 1
        elif inconsistent:
            self.inconsistent += 1
        self.outcomes[outcome] += 1
        source = d["source"]
        cat = _SOURCE_CATEGORY.get(source)
        if cat is None:
            cat = _SOURCE_CATEGORY.setdefault(source, category_of(source))
        c = self.counts.get(cat)
        if c is None:
            c = self.counts[cat] = [0, 0]
        c[0] += ok
        c[1] += 1

    def merge(self, other: _Tally) -> None:
        """Add another chunk's counts (chunks merged in file order)."""
        for cat, (k, n) in other.counts.items():
            c = self.counts.setdefault(cat, [0, 0])
            c[0] += k
            c[1] += n
        for dec, value in other.decisions.items():
            self.decisions[dec] += value
        for name, value in other.outcomes.items():
            self.outcomes[name] += value
        self.inconsistent += other.inconsistent
        self.single += other.single
        self.failed += other.failed
        self.n_pairs += other.n_pairs
        self.meta = self.meta or other.meta


def _scan(records: Iterable[tuple[int, dict[str, Any]]], path: str, rule: str, seen: dict[str, int]) -> _Tally:
    tally = _Tally(rule)
    for line, d in records:
        tally.add(d, path, line)
        pid = d["pair_id"]
        if pid in seen:
            raise DuplicatePairError(f"duplicate pair_id {pid!r} (first on line {seen[pid]})", path, line)
        seen[pid] = line
    return tally


def _finish(tally: _Tally, path: str, bootstrap: int, seed: int) -> FileScore:
    names = filename_fields(path)
    judge_name, judge_model, response_model = tally.meta or (None, None, None)
    cats: dict[str, CategoryScore] = {}
    stable = Path(path).name
    present = [c for c in CATEGORIES if c in tally.counts] + [c for c in tally.counts if c not in CATEGORIES]
    for cat in present:
        k, n = tally.counts[cat]
        cats[str(cat)] = CategoryScore(
            k, n, proportion_ci(k, n, iterations=bootstrap, seed=seed, stable_id=(stable, cat))
        )
    k_all = sum(c[0] for c in tally.counts.values())
    n_all = tally.n_pairs
    cats[OVERALL] = CategoryScore(
        k_all, n_all, proportion_ci(k_all, n_all, iterations=bootstrap, seed=seed, stable_id=(stable, OVERALL))
    )
    return FileScore(
        file=path,
        judge_name=judge_name or names.get("judge_name"),
        judge_model=judge_model or names.get("judge_model"),
        response_model=response_model or names.get("response_model"),
        n_pairs=n_all,
        categories=cats,
        decisions={"null" if k is None else k: v for k, v in tally.decisions.items()},
        inconsistent_pairs=tally.inconsistent,
        single_order_pairs=tally.single,
        failed_judgments=tally.failed,
        outcomes=tally.outcomes,
        rule=tally.rule,
    )


def score_records(
    records: Iterable[tuple[int, dict[str, Any]]],
    path: str = "<input>",
    *,
    bootstrap: int = 1000,
    seed: int = 0,
    rule: str = "vote",
) -> FileScore:
    """Score judged records (``(line, dict)`` pairs, as :func:`iter_jsonl` yields), validating each.

    Raises:
        MalformedRecordError: a missing key, an unknown label or decision, judgments of the wrong length.
        DuplicatePairError: a pair_id seen twice.
    """
    AGGREGATIONS.get(rule)  # an unknown rule fails before any reading
    return _finish(_scan(records, path, rule, {}), path, bootstrap, seed)


def score_file(
    path: str | os.PathLike[str],
    *,
    bootstrap: int = 1000,
    seed: int = 0,
    rule: str = "vote",
    columnar: bool = True,
) -> FileScore:
    """Score one recorded-outputs JSONL file: streamed, or read in columns when it is large.

    Args:
        path: the JSONL file.
        bootstrap: bootstrap draws for the 95% intervals (0: no intervals).
        seed: seed of the bootstrap.
        rule: aggregation rule name in AGGREGATIONS (``vote`` is JudgeBench's).
        columnar: try the columnar fast path on large files (it falls back to the sequential scan by itself).
    """
    p = str(path)
    AGGREGATIONS.get(rule)
    tally = scan_columnar(p, rule) if columnar else None
    if tally is None:
        tally = _scan(iter_jsonl(p), p, rule, {})
    if tally.n_pairs == 0:
        raise MalformedRecordError("no judged pairs in file", p)
    return _finish(tally, p, bootstrap, seed)
