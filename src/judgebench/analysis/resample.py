"""Seeded bootstrap over pairs for statistics of finitely many pair types.

Every analysis here is a function of how many pairs fall into each of a few *types* (a 2×2 table of two
judges' right/wrong, a 3×3 table of verdicts, the number of first-slot picks of a pair...). Resampling n
pairs with replacement then draws the type counts from Multinomial(n, observed shares), so we draw those
directly: the same bootstrap as resampling pairs, in O(iterations × types). Seeds derive from the seed and
the counts resampled (:func:`judgebench.metrics.bootstrap.data_rng`), never from file names or call sites.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from judgebench.metrics.bootstrap import data_rng, proportion_ci

Stat = Callable[[np.ndarray], np.ndarray]
"""Maps type counts of shape (draws, types) to one value per draw (NaN where undefined)."""


def type_counts(keys: Iterable[Hashable], types: list[Hashable]) -> np.ndarray:
    """Counts of ``keys`` in the order of ``types`` (a key outside ``types`` is a programming error)."""
    counter = Counter(keys)
    extra = set(counter) - set(types)
    if extra:
        raise ValueError(f"unexpected pair types {sorted(map(str, extra))}")
    return np.array([counter.get(t, 0) for t in types], dtype=np.int64)


def bootstrap_ci(
    counts: np.ndarray,
    stat: Stat,
    *,
    iterations: int,
    seed: int,
    level: float = 0.95,
    digits: int = 2,
) -> tuple[float, float] | None:
    """Percentile interval of ``stat`` over multinomial redraws of ``counts``.

    Returns None without pairs, without draws, or when ``stat`` is undefined in every draw.
    """
    counts = np.asarray(counts, dtype=np.int64)
    n = int(counts.sum())
    if n <= 0 or iterations <= 0:
        return None
    rng = data_rng(seed, "multinomial", counts)
    draws = rng.multinomial(n, counts / n, size=iterations)
    values = np.asarray(stat(draws), dtype=float)
    values = values[np.isfinite(values)]
    if values.size == 0:
        return None
    alpha = (1.0 - level) / 2.0
    lo, hi = np.quantile(values, [alpha, 1.0 - alpha])
    return round(float(lo), digits), round(float(hi), digits)


def two_sample_diff_ci(
    k1: int, n1: int, k2: int, n2: int, *, iterations: int, seed: int, level: float = 0.95
) -> tuple[float, float] | None:
    """Interval of ``k1/n1 - k2/n2`` in percentage points, each sample resampled on its own (unpaired)."""
    if n1 <= 0 or n2 <= 0 or iterations <= 0:
        return None
    rng = data_rng(seed, "two-sample", [k1, n1, k2, n2])
    a = rng.binomial(n1, k1 / n1, size=iterations) / n1
    b = rng.binomial(n2, k2 / n2, size=iterations) / n2
    alpha = (1.0 - level) / 2.0
    lo, hi = np.quantile((a - b) * 100.0, [alpha, 1.0 - alpha])
    return round(float(lo), 2), round(float(hi), 2)


def pct(k: int, n: int) -> float | None:
    """``100 k / n`` rounded to two decimals, None when ``n`` is 0."""
    return round(100.0 * k / n, 2) if n else None


@dataclass(slots=True)
class Share:
    """k of n in percent with a seeded 95% bootstrap interval."""

    k: int
    n: int
    ci95: tuple[float, float] | None = None

    @property
    def value(self) -> float | None:
        """Percent, two decimals; None when n is 0."""
        return pct(self.k, self.n)

    @classmethod
    def of(cls, k: int, n: int, *, iterations: int, seed: int) -> Share:
        """A share with its interval (binomial redraws: the bootstrap of independent pairs)."""
        return cls(k, n, proportion_ci(k, n, iterations=iterations, seed=seed))

    def to_dict(self) -> dict[str, Any]:
        """JSON form: value (percent), k, n, ci95."""
        return {"value": self.value, "k": self.k, "n": self.n, "ci95": list(self.ci95) if self.ci95 else None}

    def fmt(self) -> str:
        """``65.71 [60.57, 70.57]`` (``-`` when empty)."""
        if self.value is None:
            return "-"
        ci = f" [{self.ci95[0]:.2f}, {self.ci95[1]:.2f}]" if self.ci95 else ""
        return f"{self.value:.2f}{ci}"
