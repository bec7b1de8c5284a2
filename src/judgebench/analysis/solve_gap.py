"""Judging against solving: is a model a better judge of a question than it is a solver (paper Table 4)?

A solve file (written by ``judgebench solve``) holds one line per pair: ``pair_id, source, model,
response, extracted, outcome, rule`` with ``outcome`` one of ``correct``, ``incorrect``, ``unverifiable``.
Solver accuracy per category is correct / all (unverifiable counts as not solved, and is reported). On the
pairs both files hold, the gap judge − solver comes with a paired bootstrap interval and an exact McNemar
p-value (the same questions, judged and solved).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from judgebench.analysis.compare import PairedDiff, paired_diff
from judgebench.analysis.judged import JudgedFile
from judgebench.analysis.registry import Results
from judgebench.analysis.resample import Share
from judgebench.errors import ConfigError, DuplicatePairError, InputError, MalformedRecordError
from judgebench.jsonl import iter_jsonl
from judgebench.metrics.scorecard import OVERALL
from judgebench.records import CATEGORIES, category_of

OUTCOMES = ("correct", "incorrect", "unverifiable")
SOLVE_KEYS = ("pair_id", "source", "model", "outcome")


@dataclass(slots=True)
class SolveFile:
    """The outcomes of one solver run, in file order."""

    path: str
    model: str
    pair_ids: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    outcomes: list[str] = field(default_factory=list)


def load_solve(path: str | os.PathLike[str]) -> SolveFile:
    """Read and validate a solve-results file.

    Raises:
        MalformedRecordError: a missing key, a non-string id, source or model, an unknown outcome, no lines.
        DuplicatePairError: a pair_id twice.
    """
    p = str(path)
    out = SolveFile(p, "")
    seen: dict[str, int] = {}
    for line, d in iter_jsonl(p):
        for key in SOLVE_KEYS:
            if key not in d:
                raise MalformedRecordError(f"missing key {key!r} (is this a solve-results file?)", p, line)
        for key in ("pair_id", "source", "model"):
            if not isinstance(d[key], str):
                raise MalformedRecordError(f"{key!r} must be a string, got {type(d[key]).__name__}", p, line)
        if d["outcome"] not in OUTCOMES:
            raise MalformedRecordError(f"unknown outcome {d['outcome']!r} (expected one of {OUTCOMES})", p, line)
        pid = d["pair_id"]
        if pid in seen:
            raise DuplicatePairError(f"duplicate pair_id {pid!r} (first on line {seen[pid]})", p, line)
        seen[pid] = line
        out.model = out.model or d["model"]
        out.pair_ids.append(pid)
        out.categories.append(str(category_of(d["source"])))
        out.outcomes.append(d["outcome"])
    if not out.pair_ids:
        raise MalformedRecordError("no solve results in file", p)
    return out


@dataclass(slots=True)
class GapCell:
    """One category: solver and judge accuracy on the same pairs, and judge − solver."""

    solver: Share
    unverifiable: int
    judge: Share
    gap: PairedDiff

    def to_dict(self) -> dict[str, Any]:
        """JSON form: ``solver_accuracy``, ``unverifiable``, ``judge_accuracy``, ``gap`` (judge − solver, points)."""
        return {
            "solver_accuracy": self.solver.to_dict(),
            "unverifiable": self.unverifiable,
            "judge_accuracy": self.judge.to_dict(),
            "gap": self.gap.to_dict(),
        }


@dataclass(slots=True)
class SolveGap:
    """A judge file against a solve file, per category and Overall."""

    judged_file: str
    solve_file: str
    judge: str
    solver: str
    pairs_only_judged: int
    pairs_only_solved: int
    categories: dict[str, GapCell] = field(default_factory=dict)
    judge_name: str | None = None
    judge_model: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "judged_file": self.judged_file,
            "solve_file": self.solve_file,
            "judge_name": self.judge_name,
            "judge_model": self.judge_model,
            "solver_model": self.solver,
            "pairs_only_judged": self.pairs_only_judged,
            "pairs_only_solved": self.pairs_only_solved,
            "categories": {k: v.to_dict() for k, v in self.categories.items()},
        }


def solve_gap(jf: JudgedFile, sf: SolveFile, *, iterations: int = 1000, seed: int = 0) -> SolveGap:
    """Judge (vote rule) against solver accuracy on the pairs both files hold.

    Raises:
        InputError: the files share no pair_id.
    """
    where = {pid: i for i, pid in enumerate(jf.pair_ids)}
    js = np.array([i for i, pid in enumerate(sf.pair_ids) if pid in where], dtype=np.int64)
    if js.size == 0:
        raise InputError(f"no pair_id in common with {jf.path}", sf.path)
    jj = np.array([where[sf.pair_ids[i]] for i in js], dtype=np.int64)
    judge_right = jf.correct("vote")[jj]
    outcomes = np.array(sf.outcomes, dtype=object)[js]
    solver_right = outcomes == "correct"
    cats = np.array(sf.categories, dtype=object)[js]
    res = SolveGap(jf.path, sf.path, jf.name, sf.model, jf.n - int(js.size), len(sf.pair_ids) - int(js.size))
    res.judge_name, res.judge_model = jf.judge_name, jf.judge_model
    for cat in [*map(str, CATEGORIES), "Other", OVERALL]:
        sel = np.ones(js.size, dtype=bool) if cat == OVERALL else cats == cat
        n = int(sel.sum())
        if not n:
            continue
        kw: dict[str, Any] = {"iterations": iterations, "seed": seed}
        res.categories[cat] = GapCell(
            solver=Share.of(int(solver_right[sel].sum()), n, **kw),
            unverifiable=int((outcomes[sel] == "unverifiable").sum()),
            judge=Share.of(int(judge_right[sel].sum()), n, **kw),
            gap=paired_diff(judge_right[sel], solver_right[sel], **kw),
        )
    return res


def _norm(model: str | None) -> str:
    return (model or "").lower().replace("/", "_")


def match_solves(judged: list[JudgedFile], solves: list[SolveFile]) -> list[tuple[JudgedFile, SolveFile]]:
    """Pair judged files with solve files: the only one of each, else by model (judge model = solver) and pairs.

    Raises:
        ConfigError: a solve file that matches no judged file.
    """
    if len(judged) == 1 and len(solves) == 1:
        return [(judged[0], solves[0])]
    out: list[tuple[JudgedFile, SolveFile]] = []
    for sf in solves:
        ids = set(sf.pair_ids)
        hits = [jf for jf in judged if _norm(jf.judge_model) == _norm(sf.model) and not ids.isdisjoint(jf.pair_ids)]
        if not hits:
            names = ", ".join(sorted({jf.name for jf in judged}))
            raise ConfigError(f"{sf.path}: no judged file by solver model {sf.model!r} on its pairs (judges: {names})")
        out.extend((jf, sf) for jf in hits)
    return out


def solve_gap_files(paths: list[str], *, iterations: int = 1000, seed: int = 0) -> Results[SolveGap]:
    """``analyze solve-gap``: each judged file against the solve file of its judge model."""
    from judgebench.analysis.judged import file_kind, load_judged

    kinds = {f: file_kind(f) for f in paths}
    judged = [load_judged(f, questions=False) for f, k in kinds.items() if k == "judged"]
    solves = [load_solve(f) for f, k in kinds.items() if k == "solve"]
    if not judged or not solves:
        raise ConfigError("analyze solve-gap needs judged files and solve-result files (from judgebench solve)")
    return Results([solve_gap(jf, sf, iterations=iterations, seed=seed) for jf, sf in match_solves(judged, solves)])
