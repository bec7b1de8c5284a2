"""Best-of-K metrics: how often a judge's top-scored response among K is a correct one.

For one prompt with scores ``s`` and correctness ``c`` (``chosen`` correct, ``rejected`` incorrect):

- **top-1** = (correct responses among the top-scored) / (number of top-scored): RewardBench 2's rule, a tie
  at the top splitting the credit;
- **pairwise** = the mean over (correct, incorrect) pairs of 1 when the correct one scores higher, ½ when
  equal, 0 otherwise (undefined without a correct or without an incorrect response);
- **best-of-K** for K = 1…n = the expected top-1 over a uniformly random subset of K of the n responses,
  exactly: a subset's top score is v when it holds at least one of the a_v responses scoring v and the rest
  from the b_v responses scoring below v, which happens in C(a_v + b_v, K) − C(b_v, K) of the C(n, K)
  subsets; given that, the top-scored responses of the subset are a uniformly random non-empty part of the
  a_v, so the expected share correct among them is c_v / a_v (c_v of the a_v are correct), whatever their
  number. Hence best-of-K = Σ_v (c_v / a_v)·(C(a_v + b_v, K) − C(b_v, K)) / C(n, K). Best-of-1 is the share
  of correct responses (random choice), best-of-n is top-1;
- **oracle** best-of-K = 1 − C(n_incorrect, K) / C(n, K) (the subset holds a correct response); the
  **random** line is the share correct.

Per category the prompt values are averaged (percent, two decimals) with bootstrap intervals over prompts.
Prompts without a correct or an incorrect response count for top-1 and best-of-K, not for pairwise; the
curve at K averages the prompts with at least K responses. A prompt with a failed score is left out of every
metric and counted as ``failed``. Also reported: the **tie rate** (among prompts with both a correct and an
incorrect response, the share whose top score is shared by two or more responses; elsewhere a tie changes
nothing) and **recovery** = (top-1 − random) / (oracle − random), both in percent.
"""

from __future__ import annotations

import bisect
import itertools
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass
from fractions import Fraction
from math import comb
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from judgebench.best_of_k import JudgedPrompt

if TYPE_CHECKING:
    from judgebench.metrics.best_of_k_arrays import PromptArrays

OVERALL = "Overall"


def top1(scores_chosen: Sequence[float], scores_rejected: Sequence[float]) -> float:
    """Correct responses among the top-scored over the number top-scored (ties split the credit)."""
    best = max(itertools.chain(scores_chosen, scores_rejected))
    good = sum(1 for s in scores_chosen if s == best)
    bad = sum(1 for s in scores_rejected if s == best)
    return good / (good + bad)


def pairwise(scores_chosen: Sequence[float], scores_rejected: Sequence[float]) -> float | None:
    """Mean over (correct, incorrect) pairs: 1 correct above, ½ equal, 0 below; None without both kinds."""
    if not scores_chosen or not scores_rejected:
        return None
    bad = sorted(scores_rejected)
    points = 0.0
    for s in scores_chosen:
        below = bisect.bisect_left(bad, s)
        equal = bisect.bisect_right(bad, s) - below
        points += below + 0.5 * equal
    return points / (len(scores_chosen) * len(bad))


def top_tied(scores_chosen: Sequence[float], scores_rejected: Sequence[float]) -> bool:
    """Two or more responses share the top score."""
    scores = list(itertools.chain(scores_chosen, scores_rejected))
    return scores.count(max(scores)) > 1


def best_of_k_exact(scores_chosen: Sequence[float], scores_rejected: Sequence[float]) -> list[Fraction]:
    """Expected top-1 over a uniformly random K-subset, K = 1…n, as exact fractions (see the module).

    The slow reference (a few ms a prompt): scoring uses :func:`best_of_k`'s floating point, which the tests
    hold to these fractions.
    """
    levels: dict[float, list[int]] = {}
    for s in scores_chosen:
        levels.setdefault(s, [0, 0])[0] += 1
    for s in scores_rejected:
        levels.setdefault(s, [0, 0])[1] += 1
    n = len(scores_chosen) + len(scores_rejected)
    curve: list[Fraction] = []
    for k in range(1, n + 1):
        total = Fraction(0)
        below = 0
        for v in sorted(levels):
            good, bad = levels[v]
            a = good + bad
            ways = comb(a + below, k) - comb(below, k)
            if ways:
                total += Fraction(good, a) * ways
            below += a
        curve.append(total / comb(n, k))
    return curve


def best_of_k(scores_chosen: Sequence[float], scores_rejected: Sequence[float]) -> list[float]:
    """:func:`best_of_k_exact` in floating point, within a few ulps (:mod:`judgebench.metrics.best_of_k_arrays`)."""
    from judgebench.metrics.best_of_k_arrays import prompt_arrays

    return [float(x) for x in prompt_arrays([(scores_chosen, scores_rejected)]).curve[0]]


def oracle_best_of_k(n_correct: int, n_incorrect: int) -> list[float]:
    """Chance that a random K-subset holds a correct response, K = 1…n."""
    n = n_correct + n_incorrect
    return [1.0 - comb(n_incorrect, k) / comb(n, k) for k in range(1, n + 1)]


def _pct(x: float | None) -> float | None:
    return None if x is None else round(100.0 * x, 2)


def _mean(xs: Sequence[float]) -> float | None:
    return sum(xs) / len(xs) if xs else None  # the built-in sum, left to right: the same figure as ever


def _curve(values: np.ndarray, sizes: np.ndarray) -> dict[str, float | None]:
    """A curve at K = 1…max: each K averages the prompts with at least K responses.

    ``values``: one per prompt, or ``P × kmax``. Each K's sum runs down the prompts left to right (a
    cumulative sum; a prompt too short for K adds an exact 0.0), as the built-in ``sum`` of Python 3.11 did.
    """
    kmax = int(sizes.max(initial=0))
    if not kmax:
        return {}
    ks = np.arange(1, kmax + 1)
    held = sizes[:, None] >= ks[None, :]
    counts = held.sum(axis=0)
    if values.ndim == 1 and int(sizes.min()) == kmax:  # one value per prompt, every prompt at every K
        sums = np.full(kmax, np.cumsum(values)[-1])
    else:
        table = values[:, None] if values.ndim == 1 else values[:, :kmax]
        sums = np.cumsum(table if int(sizes.min()) == kmax else np.where(held, table, 0.0), axis=0)[-1]
    return {str(k): _pct(float(sums[k - 1]) / int(counts[k - 1])) for k in ks.tolist()}


def _category_score(
    arrays: PromptArrays, idx: np.ndarray, failed: int, bootstrap: int, seed: int, pool: Executor
) -> Callable[[], CategoryBestOfKScore]:
    """One category's averages over its prompts ``idx`` (percent, two decimals; intervals by resampling prompts).

    The two intervals are drawn in ``pool`` (numpy draws without the GIL, so the categories' resampling runs
    on every core, each interval seeded by its own data as ever); the returned call waits for them.
    """
    from judgebench.metrics.bootstrap import mean_ci

    sizes = arrays.n[idx]
    top = arrays.top1[idx].tolist()
    pair = arrays.pairwise[idx]
    pw = pair[~np.isnan(pair)].tolist()
    ci = pool.submit(mean_ci, top, iterations=bootstrap, seed=seed)
    pw_ci = pool.submit(mean_ci, pw, iterations=bootstrap, seed=seed)
    acc = _mean(top)
    rnd = _mean(arrays.random[idx].tolist())
    orc = _mean(arrays.oracle[idx].tolist())
    curve = _curve(arrays.curve[idx], sizes)
    recovery = None
    if acc is not None and rnd is not None and orc is not None and orc - rnd > 1e-12:
        recovery = (acc - rnd) / (orc - rnd)
    mixed = arrays.mixed[idx]
    oracle_curve = _curve(arrays.oracle_curve[idx], sizes)
    random_curve = _curve(arrays.random[idx], sizes)
    tie_rate = _mean(arrays.tied[idx][mixed].astype(np.float64).tolist())

    def finish() -> CategoryBestOfKScore:
        return CategoryBestOfKScore(
            accuracy=_pct(acc),
            ci95=_pair(ci.result()),
            pairwise=_pct(_mean(pw)),
            pairwise_ci95=_pair(pw_ci.result()),
            n_pairwise=len(pw),
            best_of_k=curve,
            n_best_of_k={str(k): int((sizes >= k).sum()) for k in range(1, len(curve) + 1)},
            oracle_best_of_k=oracle_curve,
            random_best_of_k=random_curve,
            random=_pct(rnd),
            oracle=_pct(orc),
            recovery=_pct(recovery),
            tie_rate=_pct(tie_rate),
            n=len(top),
            failed=failed,
        )

    return finish


def _pair(ci: list[float] | None) -> tuple[float, float] | None:
    return (ci[0], ci[1]) if ci else None


@dataclass(frozen=True, slots=True)
class CategoryBestOfKScore:
    """One category of a judged best-of-K file: attributes and ``to_dict()``, as a pairs file's CategoryScore.

    Read ``.accuracy`` (top-1), ``.n``, ``.ci95``, ``.best_of_k``...; :meth:`to_dict` is the ``--json`` form.

    ``score["accuracy"]`` still reads an attribute (the dict form earlier versions returned).
    """

    accuracy: float | None
    """Top-1 in percent."""
    ci95: tuple[float, float] | None
    pairwise: float | None
    pairwise_ci95: tuple[float, float] | None
    n_pairwise: int
    best_of_k: dict[str, float | None]
    n_best_of_k: dict[str, int]
    oracle_best_of_k: dict[str, float | None]
    random_best_of_k: dict[str, float | None]
    random: float | None
    oracle: float | None
    recovery: float | None
    tie_rate: float | None
    n: int
    """Scored prompts (failed ones excluded)."""
    failed: int

    def __getitem__(self, key: str) -> Any:
        if key not in self.__dataclass_fields__:
            raise KeyError(key)
        value = getattr(self, key)
        return list(value) if key in ("ci95", "pairwise_ci95") and value is not None else value

    def to_dict(self) -> dict[str, Any]:
        """The ``--json`` form (intervals as lists)."""
        return {key: self[key] for key in self.__dataclass_fields__}


@dataclass(slots=True)
class BestOfKScore:
    """What ``judgebench score`` reports about one judged best-of-K file."""

    file: str
    judge_name: str | None
    judge_model: str | None
    response_model: str | None
    categories: dict[str, CategoryBestOfKScore]
    #: the set's own score where its source names a protocol (RewardBench 2), with ``protocol``
    native: dict[str, Any] | None = None

    @property
    def n_prompts(self) -> int:
        """Scored prompts (failed ones excluded)."""
        return self.categories[OVERALL].n

    def to_dict(self) -> dict[str, Any]:
        """The ``--json`` form."""
        return {
            "file": self.file,
            "format": "best-of-k",
            "judge_name": self.judge_name,
            "judge_model": self.judge_model,
            "response_model": self.response_model,
            "n_prompts": self.n_prompts,
            "categories": {k: v.to_dict() for k, v in self.categories.items()},
            **({"native": self.native} if self.native is not None else {}),
        }


def score_prompts(
    prompts: Iterable[JudgedPrompt], path: str = "<input>", *, bootstrap: int = 1000, seed: int = 0
) -> BestOfKScore:
    """Score judged best-of-K prompts per category (``subset``) and overall."""
    from judgebench.metrics.best_of_k_arrays import prompt_arrays

    members: dict[str, list[int]] = {}
    failed: dict[str, int] = {}
    scored: list[tuple[list[float], list[float]]] = []
    meta: tuple[str | None, str | None, str | None] | None = None
    seen: list[JudgedPrompt] = []
    for p in prompts:
        seen.append(p)
        rows = members.setdefault(p.subset, [])
        failed.setdefault(p.subset, 0)
        if meta is None:
            meta = (p.judge_name, p.judge_model, p.response_model)
        if not p.complete:
            failed[p.subset] += 1
            continue
        rows.append(len(scored))
        scored.append(cast("tuple[list[float], list[float]]", (p.scores_chosen, p.scores_rejected)))  # no None
    arrays = prompt_arrays(scored)
    workers = max(1, min(2 * len(members) + 2, os.cpu_count() or 1, 8))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending = {
            name: _category_score(arrays, np.array(members[name], dtype=np.int64), failed[name], bootstrap, seed, pool)
            for name in sorted(members)
        }
        pending[OVERALL] = _category_score(arrays, np.arange(len(scored)), sum(failed.values()), bootstrap, seed, pool)
        out = {name: finish() for name, finish in pending.items()}
    judge_name, judge_model, response_model = meta or (None, None, None)
    return BestOfKScore(path, judge_name, judge_model, response_model, out, _native(seen))


def _native(prompts: list[JudgedPrompt]) -> dict[str, Any] | None:
    """The set's own score when every prompt comes from one source that names a protocol."""
    from judgebench.errors import InputError
    from judgebench.metrics.protocols import BEST_OF_K_NATIVE, PROTOCOLS

    sources = {p.source for p in prompts}
    name = BEST_OF_K_NATIVE.get(sources.pop() or "") if len(sources) == 1 else None
    set_score = PROTOCOLS.get(name).set_score if name else None
    if set_score is None:
        return None
    try:
        return {"protocol": name, **set_score(prompts)}
    except InputError as exc:  # a set its authors' code could not score either: said, not guessed
        return {"protocol": name, "score": None, "error": exc.reason}


def score_best_of_k_file(path: str, *, bootstrap: int = 1000, seed: int = 0) -> BestOfKScore:
    """Score one judged best-of-K JSONL file."""
    from judgebench.best_of_k import iter_judged_prompts
    from judgebench.errors import MalformedRecordError
    from judgebench.records import filename_fields

    score = score_prompts(iter_judged_prompts(path), path, bootstrap=bootstrap, seed=seed)
    if score.n_prompts == 0 and score.categories[OVERALL].failed == 0:
        raise MalformedRecordError("no judged best-of-K records in file", path)
    names = filename_fields(path)
    score.judge_name = score.judge_name or names.get("judge_name")
    score.judge_model = score.judge_model or names.get("judge_model")
    score.response_model = score.response_model or names.get("response_model")
    return score
