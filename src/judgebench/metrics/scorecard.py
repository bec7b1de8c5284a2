"""Scoring a judged-pairs file: accuracy per category with counts and intervals, decisions by kind.

Streams the file once, keeping a few counters per category, so memory stays flat however large the file
(pair ids are kept to reject duplicates).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from judgebench.errors import DuplicatePairError, MalformedRecordError
from judgebench.jsonl import iter_jsonl
from judgebench.judged_columns import PairColumns, check_scored, read_columns
from judgebench.metrics.bootstrap import proportion_ci
from judgebench.metrics.tally import Tally, tally_of_columns
from judgebench.metrics.vote import AGGREGATIONS
from judgebench.records import (
    CATEGORIES,
    filename_fields,
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
    """Everything ``judgebench score`` reports about one judged file (``file``: None for pairs judged in memory)."""

    file: str | None
    judge_name: str | None
    judge_model: str | None
    response_model: str | None
    n_pairs: int
    categories: dict[str, CategoryScore]
    decisions: dict[str, int]
    inconsistent_pairs: int
    single_order_pairs: int
    outcomes: dict[str, int] = field(default_factory=dict)
    """Pairs by outcome under ``rule``: correct, incorrect (the rule credits the other response), undecided
    (neither: under the vote rule a zero sum — ties, nulls, split votes)."""
    rule: str = "vote"
    failed_judgments: int = 0
    """Null decisions that got no answer (a null entry or an ``error``); the other nulls had no verdict."""
    sources: tuple[str, ...] = ()
    """The distinct pair ``source`` values, in order of first appearance (what tells the file's benchmark)."""
    unlabelled_pairs: int = 0
    """Pairs labelled ``no-majority`` (MT-Bench comparisons without an expert majority), skipped: no right answer."""

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
            "unlabelled_pairs": self.unlabelled_pairs,
        }


def _scan(
    records: Iterable[tuple[int, dict[str, Any]]], path: str, rule: str, seen: dict[str, int], unlabelled: bool = False
) -> Tally:
    tally = Tally(rule, unlabelled=unlabelled)
    for line, d in records:
        tally.add(d, path, line)
        pid = d["pair_id"]
        if pid in seen:
            raise DuplicatePairError(f"duplicate pair_id {pid!r} (first on line {seen[pid]})", path, line)
        seen[pid] = line
    return tally


def _finish(tally: Tally, path: str, bootstrap: int, seed: int) -> FileScore:
    names = filename_fields(path)
    judge_name, judge_model, response_model = tally.meta or (None, None, None)
    cats: dict[str, CategoryScore] = {}
    present = [c for c in CATEGORIES if c in tally.counts] + [c for c in tally.counts if c not in CATEGORIES]
    u = tally.units  # the interval is over pairs (n / u), at the rule's accuracy: conservative for u > 1
    for cat in present:
        k, n = tally.counts[cat]
        cats[str(cat)] = CategoryScore(k, n, proportion_ci(k / u, n // u, iterations=bootstrap, seed=seed))
    k_all = sum(c[0] for c in tally.counts.values())
    n_all = tally.n_pairs
    cats[OVERALL] = CategoryScore(k_all, n_all * u, proportion_ci(k_all / u, n_all, iterations=bootstrap, seed=seed))
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
        sources=tuple(tally.categories),
        unlabelled_pairs=tally.unlabelled_pairs,
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
    unlabelled: bool = False,
) -> FileScore:
    """Score one recorded-outputs JSONL file, read once into compact columns (:mod:`judgebench.judged_columns`).

    Args:
        path: the JSONL file.
        bootstrap: bootstrap draws for the 95% intervals (0: no intervals).
        seed: seed of the bootstrap.
        rule: aggregation rule name in AGGREGATIONS (``vote`` is JudgeBench's).
        columnar: read the file into columns and count with numpy (False: the record-by-record scan; both
            give the same score and the same errors).
        unlabelled: skip the pairs labelled ``no-majority`` (MT-Bench comparisons without an expert majority:
            no right answer) and count them in ``unlabelled_pairs``; without it such a file is refused.
    """
    p = str(path)
    AGGREGATIONS.get(rule)
    if columnar:
        cols = read_columns(p, unlabelled=unlabelled, check=check_scored, duplicates_first=False, questions=False)
        tally = tally_of_columns(cols, rule, unlabelled=unlabelled)
    else:
        tally = _scan(iter_jsonl(p), p, rule, {}, unlabelled)
    return _checked(tally, p, bootstrap, seed)


def score_columns(cols: PairColumns, *, bootstrap: int = 1000, seed: int = 0, rule: str = "vote") -> FileScore:
    """The score of a file already read into columns (what ``score`` says of it; labelled pairs only)."""
    AGGREGATIONS.get(rule)
    return _checked(tally_of_columns(cols, rule, unlabelled=True), cols.path, bootstrap, seed)


def _checked(tally: Tally, p: str, bootstrap: int, seed: int) -> FileScore:
    if tally.n_pairs == 0:
        if tally.unlabelled_pairs:
            raise MalformedRecordError(
                f"no labelled pairs in file ({tally.unlabelled_pairs} without an expert majority, which only "
                "'judgebench benchmarks --protocol native' counts)",
                p,
            )
        raise MalformedRecordError("no judged pairs in file", p)
    return _finish(tally, p, bootstrap, seed)
