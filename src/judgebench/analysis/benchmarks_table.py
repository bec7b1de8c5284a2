"""``judgebench benchmarks``: judges × benchmarks, the vote-rule accuracy of every judge on every benchmark.

Rows are judges (judge name and model, pooled over the files given); columns are the benchmarks their
pairs belong to (by ``source``, see :mod:`judgebench.catalog`). A cell holds the accuracy with
k/n and a seeded 95% bootstrap interval, and its categories. Most benchmarks count every pair once;
RewardBench weights each subset by its example count inside a section and averages the sections (the
interval then comes from binomial redraws per subset). A judge that judged fewer of a benchmark's pairs than
the release split they come from holds (:mod:`judgebench.known_splits`: 350 for ``gpt``), or for pairs of no
release than the files hold, is partial there: its cell says so with its coverage (``20/350``) and stays out of
the spread from the best to the worst judge. The baselines are scored on the pairs of each benchmark and shown as rows,
named as in ``analyze length``: always A under the vote rule (its two orders cancel: 0 on two-order pairs) and
in the first order (the share labelled A>B), longer wins, random.

That is the uniform view. With ``protocol="native"`` each benchmark is scored by the protocol it names
(:mod:`judgebench.metrics.protocols`): the LLMBar sets by LLMBar's "Acc." (the mean of the two orders'
accuracies, k/n then count orders; Adversarial the mean of its four subsets), MT-Bench human by FastChat's
agreement (trials, interval over comparisons; with the comparisons without an expert majority, ``no-majority``, that
``import mt-bench --option no_majority=keep`` writes and every other rule, the baselines included, leaves out),
RewardBench by its ``run_rm.py`` / ``run_generative.py`` rules (half-points), JudgeBench as
before. The baselines are scored the same in both views (one decision per pair).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any, Literal, overload

import numpy as np

from judgebench.analysis.benchmark_baselines import BASELINE_ROWS, DistinctPairs, baseline_rows, distinct_pairs
from judgebench.analysis.benchmark_cells import BenchmarksTable, Cell, Counts, PairCounts, Row, cell_for
from judgebench.analysis.benchmark_tally import Key, Tally
from judgebench.catalog import BENCHMARK_ORDER, BENCHMARKS
from judgebench.errors import InputError
from judgebench.judged_columns import PairColumns, read_columns
from judgebench.metrics.protocols import UNIFORM, protocol_for

__all__ = ["BASELINE_ROWS", "BenchmarksTable", "Cell", "Counts", "PairCounts", "Row", "build_table"]


@overload
def build_table(
    paths: Iterable[str | os.PathLike[str] | PairColumns],
    *,
    bootstrap: int = ...,
    seed: int = ...,
    strict: Literal[True] = ...,
    protocol: str = ...,
) -> BenchmarksTable: ...
@overload
def build_table(
    paths: Iterable[str | os.PathLike[str] | PairColumns],
    *,
    bootstrap: int = ...,
    seed: int = ...,
    strict: bool,
    protocol: str = ...,
) -> BenchmarksTable | None: ...
def build_table(
    paths: Iterable[str | os.PathLike[str] | PairColumns],
    *,
    bootstrap: int = 1000,
    seed: int = 0,
    strict: bool = True,
    protocol: str = UNIFORM,
) -> BenchmarksTable | None:
    """Score every judged file by benchmark and judge; add the baselines and the spread.

    Args:
        paths: judged-pair files, or files already read (:func:`~judgebench.judged_columns.read_columns`).
        bootstrap: bootstrap draws for the intervals (0: none).
        seed: seed of the bootstrap and of the random baseline.
        strict: a pair of no known benchmark, a pair judged twice by one judge, or no pairs at all is an
            InputError; when False such pairs are left out (a repeated pair counts once) and None stands for
            "nothing to show" (the report's use).
        protocol: ``uniform`` (every benchmark by JudgeBench's vote rule) or ``native`` (each by the protocol
            it names, :mod:`judgebench.metrics.protocols`).
    """
    protocol_for("judgebench", protocol)  # an unknown view fails before any reading
    tally = Tally(protocol, strict)
    for index, path in enumerate(paths):
        cols = path if isinstance(path, PairColumns) else read_columns(path, unlabelled=True, questions=False)
        tally.add(index, cols)
    judges = tally.counts
    if not judges:
        if not strict:
            return None
        raise InputError("no judged pairs in the files given")
    columns = [n for n in BENCHMARKS.names() if any(n in b for b in judges.values())]
    columns.sort(key=_catalog_order)
    rows = [
        Row(
            *key,
            False,
            {b: cell_for(b, c, bootstrap, seed, protocol, tally.per_pair.get((*key, b))) for b, c in by.items()},
        )
        for key, by in judges.items()
    ]
    seen = {b: distinct_pairs(chunks) for b, chunks in tally.seen.items()}
    _coverage(rows, tally.judged_ids, seen)
    rows.sort(key=lambda r: (-_mean(r), r.judge_name, r.judge_model))
    spread = {b: _spread(b, rows) for b in columns}
    rows.extend(baseline_rows(seen, tally.sources, columns, bootstrap, seed))
    used = {b: protocol_for(BENCHMARKS.get(b).native, protocol).name for b in columns}
    return BenchmarksTable(columns, rows, spread, protocol, used)


def _coverage(
    rows: list[Row], judged_ids: dict[Key, dict[str, tuple[int, str]]], seen: dict[str, DistinctPairs]
) -> None:
    """Each cell's pairs judged, and of how many: the release splits they come from, else the files' pairs."""
    from judgebench.known_splits import known_total

    ids_of = {b: set(pairs.pair_ids) for b, pairs in seen.items()}
    for row in rows:
        mine = judged_ids[(row.judge_name, row.judge_model)]
        for b, cell in row.benchmarks.items():
            here = mine.keys() & ids_of[b]
            cell.pairs = len(here)
            known = known_total(here)  # the judge's pairs of this benchmark, not of every benchmark it judged
            cell.of = known[1] if known else len(ids_of[b])


def _catalog_order(name: str) -> tuple[int, str]:
    order = BENCHMARK_ORDER
    return (order.index(name) if name in order else len(order), name)


def _mean(row: Row) -> float:
    values = [c.accuracy for c in row.benchmarks.values() if c.accuracy is not None]
    return float(np.mean(values)) if values else 0.0


def _spread(bench: str, rows: list[Row]) -> dict[str, Any]:
    scored: list[tuple[float, Row]] = []
    for r in rows:
        acc = r.benchmarks[bench].accuracy if bench in r.benchmarks else None
        if acc is not None and not r.benchmarks[bench].partial:  # partial runs are not compared
            scored.append((acc, r))
    partial = sum(1 for r in rows if bench in r.benchmarks and r.benchmarks[bench].partial)
    if not scored:
        return {"points": None, "best": None, "worst": None, "judges": 0, "partial": partial}
    best = max(scored, key=lambda t: t[0])
    worst = min(scored, key=lambda t: t[0])
    return {
        "points": round(best[0] - worst[0], 2),
        "best": f"{best[1].judge_name} · {best[1].judge_model}",
        "worst": f"{worst[1].judge_name} · {worst[1].judge_model}",
        "judges": len(scored),
        "partial": partial,
    }
