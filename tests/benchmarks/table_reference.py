"""The ``benchmarks`` table counted pair by pair: the per-record loop the vectorised table replaced.

Kept as the reference the vectorised :func:`~judgebench.analysis.benchmarks_table.build_table` is compared
with (tests/benchmarks/test_table_reference.py): every cell, k/n, interval, coverage, spread and baseline must
be the same. The cells are scored by the package's own (unchanged) :mod:`judgebench.analysis.benchmark_cells`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from judgebench.analysis.benchmark_baselines import BASELINE_ROWS
from judgebench.analysis.benchmark_cells import (
    BenchmarksTable,
    Counts,
    PairCounts,
    Row,
    cell_for,
    rule_for,
    score_cell,
)
from judgebench.analysis.benchmarks_table import _catalog_order, _mean, _spread
from judgebench.analysis.length import random_picks
from judgebench.catalog import BENCHMARKS, Benchmark, benchmark_of
from judgebench.errors import InputError
from judgebench.judged_columns import ABSENT, DECISION_CODES, DECISION_OF, LABEL_OF, PairColumns, read_columns
from judgebench.metrics.protocols import UNIFORM, PairScore, protocol_for
from judgebench.metrics.vote import Aggregation, vote_correct
from judgebench.records import NO_MAJORITY, JudgedPair, filename_fields, iter_judged, judge_model_of


@dataclass(slots=True)
class _Pair:
    pair_id: str
    label: str


@dataclass(slots=True)
class _Row:
    """One judged pair: what the table asks of it (the record itself only where a protocol scores it)."""

    pair: _Pair
    judge_name: Any
    judge_model: str | None
    combo: tuple[int, int, int]
    lengths: tuple[int, int]
    source: str
    record: JudgedPair | None = None

    @classmethod
    def of(cls, jp: JudgedPair) -> _Row:
        """The row of a judged pair read as a record."""
        d = [DECISION_CODES[x] for x in jp.decisions] + [ABSENT, ABSENT]
        p = jp.pair
        label = LABEL_OF.index(p.label)
        lengths = (len(p.response_A), len(p.response_B))
        return cls(
            _Pair(p.pair_id, p.label),
            jp.judge_name,
            judge_model_of(jp.judgments),
            (label, d[0], d[1]),
            lengths,
            p.source,
            jp,
        )

    def credit(self, rule: Aggregation, units: int, cache: dict[Any, int]) -> int:
        """The pair's credit under ``rule`` in ``units``, computed once per (rule, label, decisions) in ``cache``."""
        lab, x, y = self.combo
        key = (rule, units, lab, x, y)
        found = cache.get(key)
        if found is None:
            decisions = [DECISION_OF[c] for c in (x, y) if c != ABSENT]
            found = cache[key] = round(float(rule(LABEL_OF[lab], decisions)) * units)
        return found

    def baseline_facts(self) -> tuple[str, str, int, int, int]:
        orders = (self.combo[1] != ABSENT) + (self.combo[2] != ABSENT)
        return (self.source, self.pair.label, self.lengths[0], self.lengths[1], int(orders))


def _column_records(cols: PairColumns) -> Iterator[tuple[str, Any]]:
    """``(source, row)`` for each pair of a file read into columns, in file order."""
    judges = cols.judges
    for pid, s, lab, x, y, j, la, lb in zip(
        cols.pair_ids,
        cols.source.tolist(),
        cols.label.tolist(),
        cols.d1.tolist(),
        cols.d2.tolist(),
        cols.judge.tolist(),
        cols.len_a.tolist(),
        cols.len_b.tolist(),
        strict=True,
    ):
        name, model = judges[j]
        source = cols.sources[s]
        yield source, _Row(_Pair(pid, LABEL_OF[lab]), name, model, (lab, x, y), (la, lb), source)


@dataclass(slots=True)
class _Pairs:
    """Per benchmark, the distinct pairs seen (for the baselines): pair_id → (source, label, len A, len B, orders)."""

    seen: dict[str, dict[str, tuple[str, str, int, int, int]]] = field(default_factory=dict)


def reference_table(
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
    judges: dict[tuple[str, str], dict[str, Counts]] = {}
    per_pair: dict[tuple[str, str, str], PairCounts] = {}  # (judge, model, benchmark): where a protocol scores pairs
    judged_ids: dict[tuple[str, str], dict[str, tuple[int, str]]] = {}
    pairs = _Pairs()
    credits: dict[Any, int] = {}  # (rule, units, label, decisions) -> credit
    benchmark_by_source: dict[str, tuple[Benchmark, str] | None] = {}  # one registry walk per distinct source
    # benchmark → (aggregation rule, credit units, pair score, counts no-majority pairs), looked up once
    rules: dict[str, tuple[Aggregation, int, PairScore | None, bool]] = {}
    for index, path in enumerate(paths):
        cols = path if isinstance(path, PairColumns) else None
        p = cols.path if cols is not None else str(path)
        names = filename_fields(p)
        if cols is None:
            cols = read_columns(p, unlabelled=True, questions=False)
        found_of = []
        for source in cols.sources:
            if source not in benchmark_by_source:
                benchmark_by_source[source] = benchmark_of(source)
            found_of.append(benchmark_by_source[source])
        if protocol != UNIFORM and any(
            f is not None and rule_for(f[0], protocol, rules)[2] is not None for f in found_of
        ):  # a protocol that scores the records themselves (MT-Bench's expert votes, RewardBench's judge names)
            records: Any = ((jp.pair.source, _Row.of(jp)) for jp in iter_judged(p, unlabelled=True))
        else:
            records = _column_records(cols)
        for source, jp in records:
            found = benchmark_by_source[source] if source in benchmark_by_source else benchmark_of(source)
            benchmark_by_source[source] = found
            if found is None and not strict:
                continue
            if found is None:
                raise InputError(f"pair source {source!r} belongs to no known benchmark", p)
            bench = found[0]
            rule, units, pair_score, unlabelled = rule_for(bench, protocol, rules)
            if jp.pair.label == NO_MAJORITY and not unlabelled:
                continue  # no right answer: only a protocol scoring by the expert votes counts it
            model = jp.judge_model or names.get("judge_model") or "?"
            key = (jp.judge_name or names.get("judge_name") or "?", model)
            first = judged_ids.setdefault(key, {}).setdefault(jp.pair.pair_id, (index, p))
            if first[0] != index and not strict:
                continue  # the report: a judge on two response splits may meet the same pair twice; count it once
            if first[0] != index:
                raise InputError(f"pair {jp.pair.pair_id} judged twice by {key[0]} · {key[1]} (also in {first[1]})", p)
            c = judges.setdefault(key, {}).setdefault(bench.name, {}).setdefault(source, [0, 0])
            if pair_score is not None:
                assert jp.record is not None  # read record by record for such a protocol
                jp.record.judge_name = key[0]  # the file name's judge_name where the records lack one (RewardBench)
                k, n = pair_score(jp.record)
                c[0] += k
                c[1] += n
                per_pair.setdefault((*key, bench.name), {}).setdefault(source, []).append((k, n))
            else:
                c[0] += jp.credit(rule, units, credits)
                c[1] += units
            pairs.seen.setdefault(bench.name, {})[jp.pair.pair_id] = jp.baseline_facts()
    if not judges:
        if not strict:
            return None
        raise InputError("no judged pairs in the files given")
    columns = [n for n in BENCHMARKS.names() if any(n in b for b in judges.values())]
    columns.sort(key=_catalog_order)
    rows = [
        Row(*key, False, {b: cell_for(b, c, bootstrap, seed, protocol, per_pair.get((*key, b))) for b, c in by.items()})
        for key, by in judges.items()
    ]
    from judgebench.known_splits import known_total

    for row in rows:
        mine = judged_ids[(row.judge_name, row.judge_model)]
        for b, cell in row.benchmarks.items():
            here = [pid for pid in mine if pid in pairs.seen[b]]
            cell.pairs = len(here)
            known = known_total(here)
            cell.of = known[1] if known else len(pairs.seen[b])
    rows.sort(key=lambda r: (-_mean(r), r.judge_name, r.judge_model))
    spread = {b: _spread(b, rows) for b in columns}
    rows.extend(_baselines(pairs, columns, bootstrap, seed))
    used = {b: protocol_for(BENCHMARKS.get(b).native, protocol).name for b in columns}
    return BenchmarksTable(columns, rows, spread, protocol, used)


def _baselines(pairs: _Pairs, columns: list[str], bootstrap: int, seed: int) -> list[Row]:
    rows = {name: Row(name, "-", True) for name in BASELINE_ROWS}
    for bench_name in columns:
        seen = pairs.seen.get(bench_name, {})
        ids = list(seen)
        coin = random_picks(ids, seed)
        counts: dict[str, Counts] = {name: {} for name in BASELINE_ROWS}
        for pid, heads in zip(ids, coin, strict=True):
            source, label, la, lb, orders = seen[pid]
            if label == NO_MAJORITY:
                continue  # no right answer to pick (counted only by MT-Bench's agreement, not by a baseline)
            label_a = label == "A>B"
            hits = {
                "always A (vote)": vote_correct(label, ["A>B"] * orders),  # as analyze length scores it
                "always A (first order)": label_a,
                "longer wins": (la > lb) if label_a else (lb > la),
                "random": heads == label_a,
            }
            for name, hit in hits.items():
                c = counts[name].setdefault(source, [0, 0])
                c[0] += bool(hit)
                c[1] += 1
        bench = BENCHMARKS.get(bench_name)
        for name in BASELINE_ROWS:
            rows[name].benchmarks[bench_name] = score_cell(bench, counts[name], bootstrap, seed)
    return list(rows.values())
