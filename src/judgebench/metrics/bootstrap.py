"""Seeded bootstrap intervals.

For a proportion (k correct of n) the nonparametric bootstrap — resample n outcomes with replacement and
take the share correct — has exactly the distribution Binomial(n, k/n)/n, so we draw that directly: the
same interval as resampling, in O(iterations) instead of O(iterations × n), which keeps a million-pair
file cheap.

An interval's generator is seeded by the seed and the data the interval is computed from (:func:`data_rng`),
never by a file name or the command that asks: the same outcomes and seed give the same interval in
``score``, ``leaderboard``, ``benchmarks``, ``report``, ``analyze`` and the Python API, whatever the file is
called.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np


def rng_for(seed: int, *stable_id: str) -> np.random.Generator:
    """A generator seeded by ``seed`` and a stable id (e.g. file name and category)."""
    digest = hashlib.sha256("\x1f".join(stable_id).encode()).digest()
    return np.random.default_rng([seed, int.from_bytes(digest[:8], "little")])


def data_rng(seed: int, statistic: str, data: Sequence[int] | Sequence[float] | np.ndarray) -> np.random.Generator:
    """The generator of an interval: seeded by ``seed``, the statistic's name and the data it resamples.

    ``data`` is what the interval depends on (k and n of a proportion, the type counts of a table, the values
    of a mean); integers and floats are told apart, so ``[1, 2]`` and ``[1.0, 2.0]`` seed differently.
    """
    arr = np.asarray(data)
    kind = "i" if arr.dtype.kind in "biu" else "f"
    raw = np.ascontiguousarray(arr, dtype="<i8" if kind == "i" else "<f8").tobytes()
    return rng_for(seed, "interval", statistic, kind, hashlib.sha256(raw).hexdigest())


def proportion_ci(
    correct: float,
    n: int,
    *,
    iterations: int = 1000,
    seed: int = 0,
    level: float = 0.95,
) -> tuple[float, float] | None:
    """Percentile bootstrap interval for ``correct / n``, in percent, rounded to two decimals.

    ``correct`` may be a fraction (a mean credit times ``n``): the draws are then Binomial(n, correct/n)/n,
    at least as wide as resampling the credits. A function of (correct, n, iterations, seed, level) alone.
    Returns None when ``n`` is 0 or ``iterations`` is 0 (no interval asked for).
    """
    if n <= 0 or iterations <= 0:
        return None
    # a whole count seeds the same whether it came as an int or a float (k / 1): one interval per (k, n, seed)
    whole = float(correct).is_integer()
    rng = data_rng(seed, "proportion", [int(correct), n] if whole else [float(correct), float(n)])
    draws = rng.binomial(n, correct / n, size=iterations) / n * 100.0
    alpha = (1.0 - level) / 2.0
    lo, hi = np.quantile(draws, [alpha, 1.0 - alpha])
    return round(float(lo), 2), round(float(hi), 2)


def mean_ci(
    values: Sequence[float],
    *,
    iterations: int = 1000,
    seed: int = 0,
    level: float = 0.95,
) -> list[float] | None:
    """Percentile bootstrap interval for the mean of ``values`` (fractions), in percent, two decimals.

    Resamples the values with replacement (in chunks, so memory stays flat). None when there are no values
    or ``iterations`` is 0.
    """
    if not values or iterations <= 0:
        return None
    data = np.sort(np.asarray(values, dtype=float))  # the interval depends on the values, not their order
    rng = data_rng(seed, "mean", data)
    n = len(data)
    # 0/1 values (a top-1 hit, a right verdict): sorted, a draw is a 1 exactly when its index reaches the first 1,
    # so a resample's mean is that count / n, the very float the sum of its 0.0s and 1.0s over n gives (every
    # partial sum is a whole number below 2**53), without gathering the values
    zeros_and_ones = bool(np.isin(data, (0.0, 1.0)).all())
    ones_from = int(np.searchsorted(data, 1.0)) if zeros_and_ones else -1
    means = np.empty(iterations)
    chunk = max(1, min(iterations, 2_000_000 // n))
    for start in range(0, iterations, chunk):
        stop = min(iterations, start + chunk)
        # uint32 draws are the int64 ones (the same 32-bit bounded stream below 2**32), in half the memory
        idx = rng.integers(0, n, size=(stop - start, n), dtype=np.uint32 if n < 2**32 else np.int64)
        if ones_from >= 0:
            means[start:stop] = np.count_nonzero(idx >= ones_from, axis=1) / n
        else:
            means[start:stop] = np.take(data, idx).mean(axis=1)
    alpha = (1.0 - level) / 2.0
    lo, hi = np.quantile(means * 100.0, [alpha, 1.0 - alpha])
    return [round(float(lo), 2), round(float(hi), 2)]


def ratio_ci(
    pairs: Sequence[tuple[int, int]],
    *,
    iterations: int = 1000,
    seed: int = 0,
    level: float = 0.95,
) -> tuple[float, float] | None:
    """Cluster-bootstrap interval for ``sum(k) / sum(n)`` over units that each hold several trials, in percent.

    ``pairs`` holds one (agreeing trials, trials) per unit (an MT-Bench comparison: one trial per expert vote,
    all against the judge's single vote, so they are not independent). The units are resampled with
    replacement and the ratio of the sums (FastChat's pooled agreement) taken per draw. A unit of no trial
    adds nothing to either sum and is left out. With one trial per unit this is the plain pair bootstrap
    (:func:`proportion_ci`'s distribution). The generator is seeded by the counts sorted, so their order does
    not matter. None when fewer than two units have a trial (one unit resampled is always itself: a zero-width
    interval would claim a certainty one comparison cannot give) or ``iterations`` is 0.
    """
    kept = sorted((int(k), int(n)) for k, n in pairs if n > 0)
    if len(kept) < 2 or iterations <= 0:
        return None
    data = np.asarray(kept, dtype=np.int64)
    rng = data_rng(seed, "ratio", data.ravel())
    ks, ns = data[:, 0], data[:, 1]
    units = len(kept)
    ratios = np.empty(iterations)
    chunk = max(1, min(iterations, 2_000_000 // units))
    for start in range(0, iterations, chunk):
        stop = min(iterations, start + chunk)
        idx = rng.integers(0, units, size=(stop - start, units))
        ratios[start:stop] = ks[idx].sum(axis=1) / ns[idx].sum(axis=1)
    alpha = (1.0 - level) / 2.0
    lo, hi = np.quantile(ratios * 100.0, [alpha, 1.0 - alpha])
    return round(float(lo), 2), round(float(hi), 2)
