"""The leaderboard of a folder: complete runs of one benchmark scored and ranked by the kind their judge declares.

A run is a judged-pairs file. Its benchmark is the one its pairs' ``source`` values belong to
(:func:`judgebench.catalog.benchmark_of`). Only runs of the leaderboard's own benchmark (JudgeBench) are
ranked — pairs of sources no benchmark claims (a plugin's or ``jsonl`` source, built the same way) count as
its own — and only complete ones: a run is complete when it judges every pair of the release split its pairs
come from (:mod:`judgebench.known_splits`: 350 for ``gpt``, 270 for ``claude``), or, for pairs of no release,
as many pairs as the largest run of that benchmark on the same response split in the folder; the others
(``judge --limit``, an interrupted run) are listed apart as partial, with their coverage (``20/350``, also for
a ``--limit`` run alone in its folder). Runs of other benchmarks are named and left to
``judgebench benchmarks``; judged best-of-K sets are left out (``analyze best-of-k`` shows them); a file that
is not judged pairs is skipped with its reason.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from judgebench.errors import InputError
from judgebench.judges.base import KIND_ORDER, judge_kind
from judgebench.metrics.scorecard import OVERALL, FileScore, score_file

UNKNOWN_BENCHMARK = "unknown"


@dataclass(slots=True)
class LeaderboardRow:
    """One scored run with its judge kind and its coverage: (pairs judged, pairs of its benchmark split)."""

    kind: str
    score: FileScore
    coverage: tuple[int, int] | None = None

    @property
    def overall(self) -> float:
        """Overall accuracy in percent (0 for an empty file)."""
        return self.score.categories[OVERALL].accuracy or 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON form: the kind, the score's fields and the coverage."""
        cov = {"pairs": self.coverage[0], "of": self.coverage[1]} if self.coverage else None
        return {"kind": self.kind, **self.score.to_dict(), "coverage": cov}


@dataclass(slots=True)
class OtherRun:
    """A run of pairs of another benchmark (or of none known): named, not ranked here."""

    file: str
    judge_name: str | None
    judge_model: str | None
    n_pairs: int
    benchmarks: list[str]

    def to_dict(self) -> dict[str, Any]:
        """JSON form: every field."""
        return asdict(self)


@dataclass(slots=True)
class Leaderboard:
    """Ranked complete runs (iterating yields them), partial runs, other benchmarks' runs, skipped files."""

    folder: str
    benchmark: str
    rows: list[LeaderboardRow]
    partial: list[LeaderboardRow] = field(default_factory=list)
    other: list[OtherRun] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """(file, reason): files that are not judged pairs (judged best-of-K sets are left out, as documented)."""

    def __iter__(self) -> Iterator[LeaderboardRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def to_dict(self) -> dict[str, Any]:
        """The ``--json`` form."""
        return {
            "folder": self.folder,
            "benchmark": self.benchmark,
            "rows": [r.to_dict() for r in self.rows],
            "partial": [r.to_dict() for r in self.partial],
            "other_benchmarks": [o.to_dict() for o in self.other],
            "skipped": [{"file": f, "reason": why} for f, why in self.skipped],
        }


def benchmarks_of(score: FileScore) -> list[str]:
    """The benchmark names of a run's pair sources, in catalog order (``unknown`` for a source of none)."""
    from judgebench.catalog import benchmark_of

    names = []
    for source in score.sources:
        found = benchmark_of(source)
        names.append(found[0].name if found else UNKNOWN_BENCHMARK)
    return list(dict.fromkeys(names))


def build_leaderboard(
    folder: str | os.PathLike[str], *, bootstrap: int = 1000, seed: int = 0, benchmark: str = "judgebench"
) -> Leaderboard:
    """Score every ``*.jsonl`` file of ``folder``; rank the complete runs of ``benchmark`` by kind, then Overall.

    Raises:
        InputError: ``folder`` is not a directory, or holds no file of judged pairs at all.
    """
    path = Path(folder)
    if not path.is_dir():
        raise InputError("not a directory", str(path))
    from judgebench.file_kinds import file_is_best_of_k

    board = Leaderboard(str(path), benchmark, [])
    own: list[LeaderboardRow] = []
    for f in sorted(path.glob("*.jsonl")):
        if file_is_best_of_k(f):  # judge --pairs SET writes these to outputs/ too; analyze best-of-k shows them
            continue
        try:
            score = score_file(f, bootstrap=bootstrap, seed=seed)
        except InputError as exc:  # a pairs file, solve results, a broken file: noted, the others still ranked
            where = f"line {exc.line}: " if exc.line is not None else ""
            board.skipped.append((str(f), f"not judged pairs ({where}{exc.reason})"))
            continue
        names = benchmarks_of(score)
        if set(names) - {benchmark, UNKNOWN_BENCHMARK}:  # pairs of another known benchmark (LLMBar, MT-Bench...)
            board.other.append(OtherRun(str(f), score.judge_name, score.judge_model, score.n_pairs, names))
            continue
        own.append(LeaderboardRow(judge_kind(score.judge_name), score))
    if not own and not board.other:
        raise InputError("no .jsonl files of recorded outputs here", str(path))
    largest: dict[str | None, int] = {}
    for row in own:
        split = row.score.response_model
        largest[split] = max(largest.get(split, 0), row.score.n_pairs)
    from judgebench.known_splits import file_total

    for row in own:
        known = file_total(row.score.file or "", row.score.n_pairs)  # a leaderboard's scores are files'
        row.coverage = (row.score.n_pairs, known[1] if known else largest[row.score.response_model])
        (board.rows if row.coverage[0] == row.coverage[1] else board.partial).append(row)
    board.rows.sort(key=lambda r: (KIND_ORDER.index(r.kind), -r.overall, r.score.judge_model or ""))
    board.partial.sort(key=lambda r: (-r.score.n_pairs, r.score.judge_name or "", r.score.judge_model or ""))
    return board
