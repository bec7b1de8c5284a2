"""Is one judge really better than another? Paired difference, exact McNemar test, tiers.

Two judges are compared on the pairs both judged (matched by pair_id). Per pair each is right or wrong
under the aggregation rule, giving a 2×2 table: ``both``, ``only_a``, ``only_b``, ``neither``. The
difference in accuracy is ``(only_a - only_b) / n``; its interval comes from the paired bootstrap (pairs
resampled together, so both judges see the same draw), and the exact McNemar p-value is the two-sided
binomial test of ``only_a`` against Binomial(only_a + only_b, 1/2).

**Tiers.** Judges sorted by accuracy on the pairs all of them judged; the best opens tier 1; each next
judge joins the current tier unless the exact McNemar test separates it from the tier's leader at 5%
(two-sided, unadjusted), in which case it opens the next tier and leads it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import reduce
from typing import Any

import numpy as np

from judgebench.analysis.judged import JudgedFile, load_files
from judgebench.analysis.resample import bootstrap_ci, pct
from judgebench.errors import InputError
from judgebench.metrics.scorecard import OVERALL

CELLS = ("both", "only_a", "only_b", "neither")
ALPHA = 0.05


#: Up to this many discordant pairs the tail is summed in integers (milliseconds); beyond, in log space.
_INTEGER_TAIL_UP_TO = 10_000


def mcnemar_exact(only_a: int, only_b: int) -> float:
    """Two-sided exact McNemar p-value: ``min(1, 2 P(X <= min(b, c)))`` for X ~ Binomial(b + c, 1/2).

    It is 1.0 when ``b + c == 0`` (no pair changed, no evidence). Up to 10,000 discordant pairs the tail is an
    exact integer sum (Python's int / int is correctly rounded, so the p-value is exact to one ulp); beyond,
    it is summed in log space from the largest term down, exact to float precision and fast for any n.

    Raises:
        ValueError: If a count is negative.
    """
    if only_a < 0 or only_b < 0:
        raise ValueError(f"discordant counts must be non-negative, got b={only_a}, c={only_b}")
    n = only_a + only_b
    k = min(only_a, only_b)
    if n == 0:
        return 1.0
    if n <= _INTEGER_TAIL_UP_TO:
        term = tail = 1  # C(n, 0)
        for i in range(k):
            term = term * (n - i) // (i + 1)
            tail += term
        return min(1.0, 2 * tail / (1 << n))
    log_term = math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1) - n * math.log(2.0)
    total, term_f = 0.0, 1.0
    for i in range(k, -1, -1):  # terms shrink going down from k <= n/2
        total += term_f
        term_f *= i / (n - i + 1)
        if term_f < 1e-17 * total:
            break
    return min(1.0, 2.0 * math.exp(log_term) * total)


def _diff(draws: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        out: np.ndarray = 100.0 * (draws[:, 1] - draws[:, 2]) / draws.sum(axis=1)
    return out


@dataclass(slots=True)
class PairedDiff:
    """Two judges on the same n pairs: accuracies, difference (A − B, points), interval, exact p."""

    n: int
    both: int
    only_a: int
    only_b: int
    neither: int
    ci95: tuple[float, float] | None
    p_value: float

    @property
    def acc_a(self) -> float | None:
        """Judge A's accuracy in percent."""
        return pct(self.both + self.only_a, self.n)

    @property
    def acc_b(self) -> float | None:
        """Judge B's accuracy in percent."""
        return pct(self.both + self.only_b, self.n)

    @property
    def diff(self) -> float | None:
        """A − B in percentage points."""
        return round(100.0 * (self.only_a - self.only_b) / self.n, 2) if self.n else None

    @property
    def separable(self) -> bool:
        """Whether the exact McNemar test rejects equal accuracy at 5%."""
        return self.p_value < ALPHA

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "n": self.n,
            "accuracy_a": self.acc_a,
            "accuracy_b": self.acc_b,
            "diff": self.diff,
            "ci95": list(self.ci95) if self.ci95 else None,
            "p_value": self.p_value,
            "table": {c: getattr(self, c) for c in CELLS},
        }


def paired_diff(right_a: np.ndarray, right_b: np.ndarray, *, iterations: int, seed: int) -> PairedDiff:
    """The paired comparison of two boolean per-pair correctness arrays of equal length."""
    a, b = np.asarray(right_a, dtype=bool), np.asarray(right_b, dtype=bool)
    counts = np.array([(a & b).sum(), (a & ~b).sum(), (~a & b).sum(), (~a & ~b).sum()], dtype=np.int64)
    ci = bootstrap_ci(counts, _diff, iterations=iterations, seed=seed)
    both, only_a, only_b, neither = (int(c) for c in counts)
    return PairedDiff(int(a.size), both, only_a, only_b, neither, ci, mcnemar_exact(only_a, only_b))


@dataclass(slots=True)
class Comparison:
    """Judge A against judge B on their shared pairs, per category and Overall."""

    file_a: str
    file_b: str
    judge_a: str
    judge_b: str
    n_only_in_a: int
    n_only_in_b: int
    rule: str
    categories: dict[str, PairedDiff] = field(default_factory=dict)
    judge_name_a: str | None = None
    judge_model_a: str | None = None
    judge_name_b: str | None = None
    judge_model_b: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "file_a": self.file_a,
            "file_b": self.file_b,
            "judge_name_a": self.judge_name_a,
            "judge_model_a": self.judge_model_a,
            "judge_name_b": self.judge_name_b,
            "judge_model_b": self.judge_model_b,
            "rule": self.rule,
            "pairs_only_in_a": self.n_only_in_a,
            "pairs_only_in_b": self.n_only_in_b,
            "categories": {k: v.to_dict() for k, v in self.categories.items()},
        }


def compare(a: JudgedFile, b: JudgedFile, *, rule: str = "vote", iterations: int = 1000, seed: int = 0) -> Comparison:
    """Compare two judged files on the pairs both hold (matched by pair_id).

    Raises:
        InputError: the files share no pair.
    """
    where_b = {pid: i for i, pid in enumerate(b.pair_ids)}
    ia = np.array([i for i, pid in enumerate(a.pair_ids) if pid in where_b], dtype=np.int64)
    if ia.size == 0:
        raise InputError(f"no pair_id in common with {a.path}", b.path)
    ib = np.array([where_b[a.pair_ids[i]] for i in ia], dtype=np.int64)
    ra, rb = a.correct(rule)[ia], b.correct(rule)[ib]
    out = Comparison(
        a.path,
        b.path,
        a.name,
        b.name,
        a.n - int(ia.size),
        b.n - int(ia.size),
        rule,
        judge_name_a=a.judge_name,
        judge_model_a=a.judge_model,
        judge_name_b=b.judge_name,
        judge_model_b=b.judge_model,
    )
    cats = a.category_array()[ia]
    for cat, _ in a.groups():
        sel = np.ones(ia.size, dtype=bool) if cat == OVERALL else cats == cat
        if sel.any():
            out.categories[cat] = paired_diff(ra[sel], rb[sel], iterations=iterations, seed=seed)
    return out


@dataclass(slots=True)
class TierRow:
    """One judge's place: accuracy on the common pairs, its tier, and ``vs_leader``.

    ``vs_leader`` compares the leader it was tested against with this judge (leader − judge): its own tier's
    leader, or for a judge that opens a tier, the previous tier's leader that separated it. None for the best.
    """

    file: str
    judge: str
    accuracy: float | None
    tier: int
    vs_leader: PairedDiff | None
    judge_name: str | None = None
    judge_model: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "file": self.file,
            "judge_name": self.judge_name,
            "judge_model": self.judge_model,
            "accuracy": self.accuracy,
            "tier": self.tier,
            "vs_leader": self.vs_leader.to_dict() if self.vs_leader else None,
        }


def tiers(files: list[JudgedFile], *, rule: str = "vote", iterations: int = 1000, seed: int = 0) -> list[TierRow]:
    """Tiers of judges not separable at 95% on the pairs every file holds (see the module docstring).

    Raises:
        InputError: the files share no pair.
    """
    common = reduce(lambda s, f: s & set(f.pair_ids), files[1:], set(files[0].pair_ids))
    if not common:
        raise InputError("the files share no pair_id", files[0].path)
    order = sorted(p for p in common)
    right = []
    for jf in files:
        index = {pid: i for i, pid in enumerate(jf.pair_ids)}
        right.append(jf.correct(rule)[[index[p] for p in order]])
    ranked = sorted(range(len(files)), key=lambda i: (-int(right[i].sum()), files[i].name))
    rows: list[TierRow] = []
    leader, tier = ranked[0], 1
    for pos, i in enumerate(ranked):
        vs = None
        if pos:
            vs = paired_diff(right[leader], right[i], iterations=iterations, seed=seed)
            if vs.separable:
                leader, tier = i, tier + 1
        jf = files[i]
        accuracy = pct(int(right[i].sum()), len(order))
        rows.append(TierRow(jf.path, jf.name, accuracy, tier, vs, jf.judge_name, jf.judge_model))
    return rows


@dataclass(slots=True)
class CompareResult:
    """``analyze compare``: the tiers of all files, and the comparison when there are exactly two."""

    tiers: list[TierRow]
    comparison: Comparison | None = None

    def to_dict(self) -> dict[str, Any]:
        """``{"tiers": [...], "comparison": {...}}`` (comparison only for two files)."""
        out: dict[str, Any] = {"tiers": [r.to_dict() for r in self.tiers]}
        if self.comparison:
            out["comparison"] = self.comparison.to_dict()
        return out


def compare_files(paths: list[str], *, rule: str = "vote", iterations: int = 1000, seed: int = 0) -> CompareResult:
    """``analyze compare``: two files are compared pair by pair; any number are put in tiers."""
    files = load_files("compare", paths, 2)
    comp = compare(files[0], files[1], rule=rule, iterations=iterations, seed=seed) if len(files) == 2 else None
    return CompareResult(tiers(files, rule=rule, iterations=iterations, seed=seed), comp)
