"""Everything ``judgebench report`` shows, computed once from the files given.

Judged files are grouped by response model (the pair split they judge): each group gets its leaderboard
with intervals and tiers, position bias, length baselines and agreement. A judge model present on two
splits, one of its own family, gets a self-preference section; solve files are matched to judged files
of the same model for judge versus solve. Judged best-of-K sets get the best-of-K curves of their judges.
Probe cards (``judgebench probe``'s ``card.json``, given apart from the files) are carried as they are, for the
report's bias-probe section.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from judgebench.analysis.agreement import Agreement, agreement
from judgebench.analysis.benchmarks_table import BenchmarksTable, build_table
from judgebench.analysis.best_of_k import BestOfKCurves
from judgebench.analysis.compare import tiers
from judgebench.analysis.judged import JudgedFile, file_kind, load_judged
from judgebench.analysis.length import LengthCell, LengthResult, length_analysis
from judgebench.analysis.position import PositionResult, position_bias
from judgebench.analysis.probe_card_file import load_probe_card
from judgebench.analysis.self_preference import SelfPreference, family, self_preference
from judgebench.analysis.solve_gap import SolveGap, load_solve, match_solves, solve_gap
from judgebench.catalog import benchmark_of
from judgebench.errors import InputError
from judgebench.judged_columns import PairColumns
from judgebench.judges.base import judge_kind
from judgebench.metrics.scorecard import OVERALL, FileScore, score_columns
from judgebench.version import __version__


@dataclass(slots=True)
class JudgeRow:
    """One judged file in its group: score, kind, tier, position and length statistics."""

    score: FileScore
    kind: str
    tier: int | None
    position: PositionResult
    length: LengthCell

    @property
    def name(self) -> str:
        """Judge model, else judge name."""
        return self.score.judge_model or self.score.judge_name or "?"

    @property
    def overall(self) -> float:
        """Overall accuracy (0 for none)."""
        return self.score.categories[OVERALL].accuracy or 0.0


@dataclass(slots=True)
class Group:
    """The judges of one response-model split (tiers over the pairs all share; kappa for overlapping files)."""

    response_model: str
    rows: list[JudgeRow] = field(default_factory=list)
    baselines: LengthResult | None = None
    agreement: list[Agreement] = field(default_factory=list)


@dataclass(slots=True)
class ReportData:
    """The whole report."""

    title: str
    version: str
    seed: int
    iterations: int
    files: list[tuple[str, str]]
    groups: list[Group]
    self_preference: list[SelfPreference]
    solve_gaps: list[SolveGap]
    best_of_k: BestOfKCurves | None = None
    benchmarks: BenchmarksTable | None = None
    """Judges × benchmarks (the paper's Figure 3), when the files judge pairs of a benchmark beside JudgeBench."""
    probe_cards: list[dict[str, Any]] = field(default_factory=list)
    """``judgebench probe`` reliability cards (the ``--json`` dict), in the order given."""
    pair_counts: dict[str, int] = field(default_factory=dict)
    """Judged file → its pairs (read once here; the per-pair viewer counts the pairs it leaves out from it)."""


def _groups(judged: list[JudgedFile], iterations: int, seed: int) -> list[Group]:
    by_model: dict[str, list[JudgedFile]] = defaultdict(list)
    for jf in judged:
        by_model[jf.response_model or "?"].append(jf)
    groups = []
    kw = {"iterations": iterations, "seed": seed}
    for model in sorted(by_model, key=lambda m: (-len(by_model[m]), m)):  # the split with most judges first
        files = by_model[model]
        tier_of: dict[str, int] = {}
        if len(files) > 1 and set.intersection(*(set(f.pair_ids) for f in files)):
            tier_of = {r.file: r.tier for r in tiers(files, iterations=iterations, seed=seed)}
        lengths = [length_analysis(jf, **kw) for jf in files]  # once per file: the group's baselines are the first's
        g = Group(model, baselines=lengths[0])
        for jf, by_length in zip(files, lengths, strict=True):
            score = score_columns(jf.cols, bootstrap=iterations, seed=seed)  # the columns read once, shared
            length = by_length.categories[OVERALL]
            pos = position_bias(jf, **kw)
            g.rows.append(JudgeRow(score, judge_kind(score.judge_name), tier_of.get(jf.path), pos, length))
        g.rows.sort(key=lambda r: (-r.overall, r.name))
        pairs_of = itertools.combinations(files, 2)
        overlapping = [(a, b) for a, b in pairs_of if not set(a.pair_ids).isdisjoint(b.pair_ids)]
        g.agreement = [agreement(a, b, **kw) for a, b in overlapping]
        groups.append(g)
    return groups


def _self_preference(judged: list[JudgedFile], iterations: int, seed: int) -> list[SelfPreference]:
    by_judge: dict[tuple[str | None, str | None], list[JudgedFile]] = defaultdict(list)
    for jf in judged:
        by_judge[(jf.judge_name, jf.judge_model)].append(jf)
    out = []
    for (_, model), files in sorted(by_judge.items(), key=lambda kv: str(kv[0])):
        fam = family(model)
        own = [f for f in files if family(f.response_model) == fam]
        other = [f for f in files if family(f.response_model) != fam]
        if len(own) == 1 and other:
            out.append(self_preference(own[0], other[0], iterations=iterations, seed=seed))
    return out


def build_report(
    paths: list[str],
    *,
    iterations: int = 1000,
    seed: int = 0,
    title: str = "JudgeBench report",
    probe_cards: Sequence[str] = (),
) -> ReportData:
    """Load every file and compute every section; ``probe_cards`` are probe cards (files or probe folders).

    Raises:
        InputError: a file that is neither judge outputs nor solve results, a probe card that is not one, or
            neither judge outputs nor probe cards at all.
    """
    cards = [load_probe_card(p) for p in probe_cards]
    kinds = [(file_kind(p), p) for p in paths]
    for kind, p in kinds:
        if kind in ("pairs", "best-of-k-set"):
            raise InputError("a pairs file without judgments: the report takes judge outputs and solve results", p)
    judged_paths = [p for kind, p in kinds if kind == "judged"]
    # question digests match two files' pairs (self-preference): one file has nothing to match
    judged = [load_judged(p, questions=len(judged_paths) > 1) for p in judged_paths]
    solves = [load_solve(p) for kind, p in kinds if kind == "solve"]
    best_of_k_paths = [p for kind, p in kinds if kind == "best-of-k"]
    if not judged and not best_of_k_paths and not cards:
        raise InputError("no judge outputs among the files", paths[0] if paths else None)
    curves = None
    if best_of_k_paths:
        from judgebench.analysis.best_of_k import best_of_k_files

        curves = best_of_k_files(best_of_k_paths, iterations=iterations, seed=seed)
    gaps = [solve_gap(jf, sf, iterations=iterations, seed=seed) for jf, sf in match_solves(judged, solves)]
    return ReportData(
        title=title,
        version=__version__,
        seed=seed,
        iterations=iterations,
        files=kinds + [("probe card", p) for p in probe_cards],
        groups=_groups(judged, iterations, seed),
        self_preference=_self_preference(judged, iterations, seed),
        solve_gaps=gaps,
        best_of_k=curves,
        benchmarks=_benchmarks([jf.cols for jf in judged], iterations, seed) if judged else None,
        probe_cards=cards,
        pair_counts={jf.path: len(jf.pair_ids) for jf in judged},
    )


def _benchmarks(files: list[PairColumns], iterations: int, seed: int) -> BenchmarksTable | None:
    """The judges × benchmarks table when some pairs belong to a benchmark other than JudgeBench, else None."""
    sources = {s for cols in files for s in cols.sources}
    if all((found := benchmark_of(s)) is None or found[0].name == "judgebench" for s in sources):
        return None  # no column but JudgeBench's: nothing to count
    table = build_table(files, bootstrap=iterations, seed=seed, strict=False)
    return table if table is not None and set(table.columns) - {"judgebench"} else None
