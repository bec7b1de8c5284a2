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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, overload

import numpy as np

from judgebench.analysis.length import random_picks
from judgebench.analysis.resample import pct
from judgebench.catalog import BENCHMARK_ORDER, BENCHMARKS, Benchmark, benchmark_of
from judgebench.errors import InputError
from judgebench.judged_columns import ABSENT, DECISION_CODES, DECISION_OF, LABEL_OF, PairColumns, read_columns
from judgebench.metrics.bootstrap import data_rng, proportion_ci, ratio_ci
from judgebench.metrics.protocols import UNIFORM, PairScore, protocol_for
from judgebench.metrics.vote import AGGREGATIONS, Aggregation, credit_units, vote_correct
from judgebench.records import NO_MAJORITY, JudgedPair, filename_fields, iter_judged, judge_model_of

BASELINE_ROWS = ("always A (vote)", "always A (first order)", "longer wins", "random")
Counts = dict[str, list[int]]  # source -> [correct, n]
#: source -> per pair (credit, units) where a protocol scores pairs itself (MT-Bench: agreeing trials, trials)
PairCounts = dict[str, list[tuple[int, int]]]


@dataclass(slots=True)
class Cell:
    """One judge on one benchmark."""

    accuracy: float | None
    correct: int
    n: int
    ci95: tuple[float, float] | None
    categories: dict[str, dict[str, Any]] = field(default_factory=dict)
    of: int | None = None
    """The benchmark's distinct pairs in the files given (None: not counted, as for the baselines)."""
    units: int = 1
    """Credit units per pair (the rule's denominator): ``n`` counts units, ``n // units`` pairs."""
    pairs: int | None = None
    """The judge's pairs in this benchmark (None: count them as ``n // units``). Set where ``n`` counts
    something else: FastChat's agreement counts expert-vote trials, several or none per pair."""

    @property
    def judged(self) -> int:
        """The judge's pairs in this benchmark."""
        return self.pairs if self.pairs is not None else self.n // self.units

    @property
    def partial(self) -> bool:
        """The judge judged fewer of the benchmark's pairs than the files hold."""
        return self.of is not None and self.judged < self.of

    def to_dict(self) -> dict[str, Any]:
        """JSON form: accuracy, correct, n, ci95, categories, coverage (pairs judged of the pairs there), partial."""
        return {
            "accuracy": self.accuracy,
            "correct": self.correct,
            "n": self.n,
            "ci95": list(self.ci95) if self.ci95 else None,
            "categories": self.categories,
            "coverage": {"pairs": self.judged, "of": self.of} if self.of is not None else None,
            "partial": self.partial,
        }


@dataclass(slots=True)
class Row:
    """A judge (or a baseline) and its cells by benchmark name."""

    judge_name: str
    judge_model: str
    baseline: bool = False
    benchmarks: dict[str, Cell] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "judge_name": self.judge_name,
            "judge_model": self.judge_model,
            "baseline": self.baseline,
            "benchmarks": {k: v.to_dict() for k, v in self.benchmarks.items()},
        }


@dataclass(slots=True)
class BenchmarksTable:
    """Rows, the benchmark columns in catalog order, and the best-to-worst spread per benchmark."""

    columns: list[str]
    rows: list[Row]
    spread: dict[str, dict[str, Any]]
    #: ``uniform`` or ``native``, and per column the scoring protocol applied
    view: str = UNIFORM
    protocols: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The ``--json`` form documented in docs/benchmarks.md."""
        out = {"columns": self.columns, "rows": [r.to_dict() for r in self.rows], "spread": self.spread}
        if self.view != UNIFORM:  # the uniform form is unchanged
            out["protocol"] = self.view
            out["protocols"] = dict(self.protocols)
        return out


def _score(
    bench: Benchmark,
    counts: Counts,
    bootstrap: int,
    seed: int,
    units: int = 1,
    mean_of_categories: bool | None = None,
    per_pair: PairCounts | None = None,
) -> Cell:
    """One cell; ``units`` credit units per pair (the rule's denominator), intervals drawn over pairs.

    With ``per_pair`` (a protocol's own pair counts, several trials or none per pair) an unweighted cell's
    interval is a cluster bootstrap over the pairs (:func:`ratio_ci`), not binomial over the credit units.
    """
    by_mean = bench.mean_of_categories if mean_of_categories is None else mean_of_categories
    by_cat: dict[str, list[str]] = {}
    for source in counts:
        by_cat.setdefault(bench.category(source) or "Other", []).append(source)
    order = [c for c in bench.categories() if c in by_cat] + [c for c in by_cat if c not in bench.categories()]
    k_all = sum(c[0] for c in counts.values())
    n_all = sum(c[1] for c in counts.values())
    cats: dict[str, dict[str, Any]] = {}
    if not bench.weights and not by_mean:
        for cat in order:
            k = sum(counts[s][0] for s in by_cat[cat])
            n = sum(counts[s][1] for s in by_cat[cat])
            ci = _ci(by_cat[cat], k, n, units, bootstrap, seed, per_pair)
            cats[cat] = {"accuracy": pct(k, n), "correct": k, "n": n, "ci95": list(ci) if ci else None}
        ci_all = _ci(list(counts), k_all, n_all, units, bootstrap, seed, per_pair)
        return Cell(pct(k_all, n_all), k_all, n_all, ci_all, cats, units=units)
    # weighted subsets inside a category, categories averaged: point estimate and binomial redraws per source;
    # the generator is seeded by the counts in their drawing order (the same counts, the same interval)
    rng = data_rng(seed, f"weighted:{bench.name}", [x for cat in order for s in by_cat[cat] for x in counts[s]])
    draws = max(bootstrap, 0)
    cat_points: list[float] = []
    cat_draws: list[np.ndarray] = []
    for cat in order:
        weights = np.array([bench.weights.get(s, counts[s][1]) for s in by_cat[cat]], dtype=float)
        ks = np.array([counts[s][0] for s in by_cat[cat]], dtype=float)
        ns = np.array([counts[s][1] for s in by_cat[cat]], dtype=float)
        point = float((weights * ks / ns).sum() / weights.sum()) * 100.0
        pairs = (ns // units).astype(np.int64)  # redraws over pairs at each subset's accuracy
        sampled = rng.binomial(pairs, ks / ns, size=(draws, ns.size)) / pairs * 100.0
        boot = (sampled * weights).sum(axis=1) / weights.sum()
        cat_points.append(point)
        cat_draws.append(boot)
        cats[cat] = {
            "accuracy": round(point, 2),
            "correct": int(ks.sum()),
            "n": int(ns.sum()),
            "ci95": _interval(boot),
        }
    boot_all: np.ndarray | None
    if by_mean:
        cat_weights = [bench.category_weights.get(c, 1.0) for c in order]
        overall = float(np.average(cat_points, weights=cat_weights))
        boot_all = np.average(np.stack(cat_draws), axis=0, weights=cat_weights) if draws else np.empty(0)
    else:
        overall = float(np.average(cat_points, weights=[cats[c]["n"] for c in order]))
        boot_all = np.average(np.stack(cat_draws), axis=0, weights=[cats[c]["n"] for c in order]) if draws else None
    return Cell(round(overall, 2), k_all, n_all, _tuple(_interval(boot_all)), cats, units=units)


def _ci(
    sources: list[str], k: int, n: int, units: int, bootstrap: int, seed: int, per_pair: PairCounts | None
) -> tuple[float, float] | None:
    if per_pair is None:  # one decision per pair: binomial redraws over the pairs
        return proportion_ci(k / units, n // units, iterations=bootstrap, seed=seed)
    return ratio_ci([x for s in sources for x in per_pair.get(s, ())], iterations=bootstrap, seed=seed)


def _interval(draws: np.ndarray | None) -> list[float] | None:
    if draws is None or draws.size == 0:
        return None
    lo, hi = np.quantile(draws, [0.025, 0.975])
    return [round(float(lo), 2), round(float(hi), 2)]


def _tuple(ci: list[float] | None) -> tuple[float, float] | None:
    return (ci[0], ci[1]) if ci else None


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
            f is not None and _rule(f[0], protocol, rules)[2] is not None for f in found_of
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
            rule, units, pair_score, unlabelled = _rule(bench, protocol, rules)
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
        Row(*key, False, {b: _cell(b, c, bootstrap, seed, protocol, per_pair.get((*key, b))) for b, c in by.items()})
        for key, by in judges.items()
    ]
    from judgebench.known_splits import known_total, largest_total

    largest = largest_total()  # no judge with more pairs can be a part of the local releases
    for row in rows:
        mine = judged_ids[(row.judge_name, row.judge_model)]
        for b, cell in row.benchmarks.items():
            here = [pid for pid in mine if pid in pairs.seen[b]]
            cell.pairs = len(here)
            known = known_total(here) if len(mine) <= largest else None
            cell.of = known[1] if known else len(pairs.seen[b])
    rows.sort(key=lambda r: (-_mean(r), r.judge_name, r.judge_model))
    spread = {b: _spread(b, rows) for b in columns}
    rows.extend(_baselines(pairs, columns, bootstrap, seed))
    used = {b: protocol_for(BENCHMARKS.get(b).native, protocol).name for b in columns}
    return BenchmarksTable(columns, rows, spread, protocol, used)


def _rule(
    bench: Benchmark, view: str, cache: dict[str, tuple[Aggregation, int, PairScore | None, bool]]
) -> tuple[Aggregation, int, PairScore | None, bool]:
    found = cache.get(bench.name)
    if found is None:
        proto = protocol_for(bench.native, view)
        unlabelled = proto.unlabelled and proto.pair_score is not None
        found = (AGGREGATIONS.get(proto.rule), credit_units(proto.rule), proto.pair_score, unlabelled)
        cache[bench.name] = found
    return found


def _cell(bench_name: str, counts: Counts, bootstrap: int, seed: int, view: str, per_pair: PairCounts | None) -> Cell:
    bench = BENCHMARKS.get(bench_name)
    proto = protocol_for(bench.native, view)
    units = proto.units if proto.pair_score is not None else credit_units(proto.rule)
    return _score(bench, counts, bootstrap, seed, units, proto.mean_of_categories, per_pair)


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
            rows[name].benchmarks[bench_name] = _score(bench, counts[name], bootstrap, seed)
    return list(rows.values())
