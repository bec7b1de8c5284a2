"""Best-of-K metrics of many prompts at once: numpy over the prompts of each size, in floating point.

The per-prompt definitions are :mod:`judgebench.metrics.best_of_k`'s. For the prompts with ``n`` responses
the scores are sorted row-wise; each response's score level spans sorted positions ``[lo, hi)`` (``lo``
responses score below it, ``hi − lo`` share it). Best-of-K is then a matrix product:

    best-of-K = Σ_v (c_v / a_v)·(C(hi_v, K) − C(lo_v, K)) / C(n, K) = Σ_m W[m]·R[m, K]

with ``R[m, K] = C(m, K) / C(n, K)`` (one table per ``n``, each entry a correctly rounded quotient of exact
integers) and ``W[m]`` the sum of ``c_j / a_j`` over the responses ``j`` whose level ends at ``m`` less the
same over those whose level starts at ``m``. Every term is at most 1 in size, so the error is a few ulps of
n (≈1e-14 at n = 32); the tests hold it to the exact fractions within 1e-12. Top-1, pairwise, the tie, the
random share and the oracle curve are exact (ratios of small integers, or correctly rounded table entries),
bit for bit what the per-prompt functions give.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from math import comb

import numpy as np


@lru_cache(maxsize=64)
def _ratio_table(n: int) -> np.ndarray:
    """``R[m, K−1] = C(m, K) / C(n, K)`` for m = 0…n, K = 1…n (each a correctly rounded int quotient)."""
    return np.array([[comb(m, k) / comb(n, k) for k in range(1, n + 1)] for m in range(n + 1)], dtype=np.float64)


@lru_cache(maxsize=64)
def _oracle_table(n: int) -> np.ndarray:
    """``O[i, K−1] = 1 − C(i, K) / C(n, K)``: a K-subset of n holding a correct response, i of n incorrect."""
    return np.array([[1.0 - comb(i, k) / comb(n, k) for k in range(1, n + 1)] for i in range(n + 1)], dtype=np.float64)


@dataclass(slots=True)
class PromptArrays:
    """Every metric of ``P`` scored prompts, one row each (fractions in [0, 1]).

    ``curve`` and ``oracle_curve`` are ``P × kmax``, NaN past a prompt's own ``n``; ``pairwise`` is NaN for a
    prompt without a correct or without an incorrect response.
    """

    n: np.ndarray
    top1: np.ndarray
    pairwise: np.ndarray
    tied: np.ndarray
    mixed: np.ndarray
    random: np.ndarray
    oracle: np.ndarray
    curve: np.ndarray
    oracle_curve: np.ndarray


def _same_size(scores: np.ndarray, n_correct: np.ndarray) -> dict[str, np.ndarray]:
    """The metrics of ``P`` prompts of ``n`` responses each.

    ``scores`` is ``P × n``; the first ``n_correct`` of a row are its correct responses' scores.
    """
    p, n = scores.shape
    order = np.argsort(scores, axis=1, kind="stable")
    s = np.take_along_axis(scores, order, axis=1)
    c = order < n_correct[:, None]  # sorted: whether each is a correct response
    pos = np.arange(n)
    starts = np.ones((p, n), dtype=bool)
    starts[:, 1:] = s[:, 1:] != s[:, :-1]
    ends = np.ones((p, n), dtype=bool)
    ends[:, :-1] = starts[:, 1:]
    lo = np.maximum.accumulate(np.where(starts, pos, 0), axis=1)
    hi = np.minimum.accumulate(np.where(ends, pos + 1, n)[:, ::-1], axis=1)[:, ::-1]
    share = c / (hi - lo)  # each response's part of its level's credit c_v / a_v
    rows = (np.arange(p) * (n + 1))[:, None]
    weights = np.bincount((rows + hi).ravel(), share.ravel(), p * (n + 1))
    weights -= np.bincount((rows + lo).ravel(), share.ravel(), p * (n + 1))
    curve = weights.reshape(p, n + 1) @ _ratio_table(n)

    cum_good = np.zeros((p, n + 1), dtype=np.int64)  # correct responses among the first m sorted
    np.cumsum(c, axis=1, out=cum_good[:, 1:])
    cum_bad = np.arange(n + 1) - cum_good
    top_lo = lo[:, -1]
    top_size = n - top_lo
    top_good = cum_good[:, n] - cum_good[np.arange(p), top_lo]
    n_bad = n - n_correct
    below = np.take_along_axis(cum_bad, lo, axis=1)
    equal = np.take_along_axis(cum_bad, hi, axis=1) - below
    points = (c * (2 * below + equal)).sum(axis=1) * 0.5  # in whole numbers, halved: exact
    mixed = (n_correct > 0) & (n_bad > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        pair = np.where(mixed, points / (n_correct * n_bad), np.nan)
    return {
        "top1": top_good / top_size,
        "pairwise": pair,
        "tied": mixed & (top_size > 1),
        "mixed": mixed,
        "random": n_correct / n,
        "oracle": (n_correct > 0).astype(np.float64),
        "curve": curve,
        "oracle_curve": _oracle_table(n)[n_bad],
    }


def prompt_arrays(prompts: Sequence[tuple[Sequence[float], Sequence[float]]]) -> PromptArrays:
    """The metrics of each prompt's (scores of correct responses, scores of incorrect ones), in their order."""
    total = len(prompts)
    sizes = np.array([len(c) + len(r) for c, r in prompts], dtype=np.int64)
    kmax = int(sizes.max()) if total else 0
    out = PromptArrays(
        n=sizes,
        top1=np.empty(total),
        pairwise=np.empty(total),
        tied=np.empty(total, dtype=bool),
        mixed=np.empty(total, dtype=bool),
        random=np.empty(total),
        oracle=np.empty(total),
        curve=np.full((total, kmax), np.nan),
        oracle_curve=np.full((total, kmax), np.nan),
    )
    for n in sorted(set(sizes.tolist())):  # not np.unique: it imports numpy.ma (10 ms)
        idx = np.flatnonzero(sizes == n)
        group = [prompts[i] for i in idx.tolist()]
        flat = itertools.chain.from_iterable(itertools.chain(c, r) for c, r in group)
        scores = np.fromiter(flat, dtype=np.float64, count=len(group) * n).reshape(len(group), n)
        n_correct = np.array([len(c) for c, _ in group], dtype=np.int64)
        for name, values in _same_size(scores, n_correct).items():
            target = getattr(out, name)
            if target.ndim == 2:
                target[idx, :n] = values
            else:
                target[idx] = values
    return out
