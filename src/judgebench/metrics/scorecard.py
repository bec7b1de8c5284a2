"""Scoring a judged-pairs file: accuracy per category with counts and intervals, decisions by kind.

Streams the file once, keeping a few counters per category, so memory stays flat however large the file
(pair ids are kept to reject duplicates).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from judgebench.errors import DuplicatePairError, MalformedRecordError
from judgebench.jsonl import iter_jsonl
from judgebench.metrics.bootstrap import proportion_ci
from judgebench.metrics.vote import AGGREGATIONS, is_inconsistent, vote_sum
from judgebench.records import CATEGORIES, Category, _check_pair_fields, category_of, check_judgments

OVERALL = "Overall"
_NAME_PART = re.compile(r"(?:^|,)([a-z_]+)=([^,]*)")


def filename_fields(path: str | os.PathLike[str]) -> dict[str, str]:
    """``key=value`` fields of an upstream file name (dataset, response_model, judge_name, judge_model)."""
    stem = Path(path).name.removesuffix(".jsonl")
    return {k: v for k, v in _NAME_PART.findall(stem)}


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
            "outcomes": dict(self.outcomes),
        }


def score_records(
    records: Iterable[tuple[int, dict[str, Any]]],
    path: str = "<input>",
    *,
    bootstrap: int = 1000,
    seed: int = 0,
    rule: str = "vote",
) -> FileScore:
    """Score validated-on-the-fly judged records (``(line, dict)`` pairs, as :func:`iter_jsonl` yields).

    Raises:
        MalformedRecordError: a missing key, an unknown label or decision, judgments of the wrong length.
        DuplicatePairError: a pair_id seen twice.
    """
    correct_fn = AGGREGATIONS.get(rule)
    counts: dict[Category, list[int]] = {}
    decisions = {"A>B": 0, "B>A": 0, "A=B": 0, "null": 0}
    outcomes = {"correct": 0, "incorrect": 0, "undecided": 0}
    seen: dict[str, int] = {}
    inconsistent = single = n_pairs = 0
    judge_name: str | None = None
    judge_model: str | None = None
    response_model: str | None = None
    for line, d in records:
        _check_pair_fields(d, path, line)
        if "judgments" not in d:
            raise MalformedRecordError("missing key 'judgments'", path, line)
        decs = check_judgments(d["judgments"], path, line)
        pid = d["pair_id"]
        if pid in seen:
            raise DuplicatePairError(f"duplicate pair_id {pid!r} (first on line {seen[pid]})", path, line)
        seen[pid] = line
        n_pairs += 1
        if judge_name is None:
            judge_name = d.get("judge_name")
            response_model = d.get("response_model")
            first = d["judgments"][0]
            if isinstance(first, dict) and isinstance(first.get("judgment"), dict):
                judge_model = first["judgment"].get("judge_model")
        for dec in decs:
            decisions["null" if dec is None else dec] += 1
        if len(decs) == 1:
            single += 1
        elif is_inconsistent(decs):
            inconsistent += 1
        label = d["label"]
        ok = correct_fn(label, decs)
        s = vote_sum(label, decs)
        outcomes["correct" if s > 0 else "incorrect" if s < 0 else "undecided"] += 1
        c = counts.setdefault(category_of(d["source"]), [0, 0])
        c[0] += ok
        c[1] += 1

    names = filename_fields(path)
    judge_name = judge_name or names.get("judge_name")
    judge_model = judge_model or names.get("judge_model")
    response_model = response_model or names.get("response_model")
    cats: dict[str, CategoryScore] = {}
    stable = Path(path).name
    present = [c for c in CATEGORIES if c in counts] + [c for c in counts if c not in CATEGORIES]
    for cat in present:
        k, n = counts[cat]
        cats[str(cat)] = CategoryScore(
            k, n, proportion_ci(k, n, iterations=bootstrap, seed=seed, stable_id=(stable, cat))
        )
    k_all = sum(c[0] for c in counts.values())
    cats[OVERALL] = CategoryScore(
        k_all,
        n_pairs,
        proportion_ci(k_all, n_pairs, iterations=bootstrap, seed=seed, stable_id=(stable, OVERALL)),
    )
    return FileScore(
        file=path,
        judge_name=judge_name,
        judge_model=judge_model,
        response_model=response_model,
        n_pairs=n_pairs,
        categories=cats,
        decisions=decisions,
        inconsistent_pairs=inconsistent,
        single_order_pairs=single,
        outcomes=outcomes,
        rule=rule,
    )


def score_file(path: str | os.PathLike[str], *, bootstrap: int = 1000, seed: int = 0, rule: str = "vote") -> FileScore:
    """Score one recorded-outputs JSONL file (streamed)."""
    p = str(path)
    score = score_records(iter_jsonl(p), p, bootstrap=bootstrap, seed=seed, rule=rule)
    if score.n_pairs == 0:
        raise MalformedRecordError("no judged pairs in file", p)
    return score
