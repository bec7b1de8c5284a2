"""The cells of ``judgebench benchmarks``: one judge (or baseline) on one benchmark, scored from its counts.

A cell holds the accuracy with k/n and a seeded 95% bootstrap interval, and its categories. Most benchmarks count
every pair once; RewardBench weights each subset by its example count inside a section and averages the
sections (the interval then comes from binomial redraws per subset). Where a protocol scores pairs itself
(MT-Bench's expert votes) an unweighted cell's interval is a cluster bootstrap over the pairs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from judgebench.analysis.resample import pct
from judgebench.catalog import BENCHMARKS, Benchmark
from judgebench.metrics.bootstrap import data_rng, proportion_ci, ratio_ci
from judgebench.metrics.protocols import UNIFORM, PairScore, protocol_for
from judgebench.metrics.vote import AGGREGATIONS, Aggregation, credit_units

Counts = dict[str, list[int]]  # source -> [correct, n]
#: source -> per pair (credit, units) where a protocol scores pairs itself (MT-Bench: agreeing trials, trials)
PairCounts = dict[str, list[tuple[int, int]]]
#: a benchmark's (aggregation rule, credit units, pair score, counts no-majority pairs) under a view
Rule = tuple[Aggregation, int, PairScore | None, bool]


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


def score_cell(
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


def rule_for(bench: Benchmark, view: str, cache: dict[str, Rule]) -> Rule:
    """The benchmark's rule under ``view``, looked up once per benchmark in ``cache``."""
    found = cache.get(bench.name)
    if found is None:
        proto = protocol_for(bench.native, view)
        unlabelled = proto.unlabelled and proto.pair_score is not None
        found = (AGGREGATIONS.get(proto.rule), credit_units(proto.rule), proto.pair_score, unlabelled)
        cache[bench.name] = found
    return found


def cell_for(
    bench_name: str, counts: Counts, bootstrap: int, seed: int, view: str, per_pair: PairCounts | None
) -> Cell:
    """A judge's cell on a benchmark from its counts, scored by the protocol ``view`` names for it."""
    bench = BENCHMARKS.get(bench_name)
    proto = protocol_for(bench.native, view)
    units = proto.units if proto.pair_score is not None else credit_units(proto.rule)
    return score_cell(bench, counts, bootstrap, seed, units, proto.mean_of_categories, per_pair)
