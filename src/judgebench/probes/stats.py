"""Inference for the bias probes: exact McNemar, Benjamini–Hochberg, Fleiss' kappa, paired intervals, MDE.

Every probe compares an arm (a perturbed copy of each pair) with the original arm on the same pairs, so the
outcomes are paired booleans (was the pair scored correct?). Effects are in points (percent of pairs):
``100 · (mean(arm) − mean(base))``. The definitions follow judgecal (PyPI, MIT) where it has one — McNemar
exact, BH, Fleiss' kappa, the McNemar MDE — and are checked against it in
``tests/probes/test_stats_vs_judgecal.py``. McNemar is :func:`judgebench.analysis.compare.mcnemar_exact`, the
test ``analyze compare`` reports. No scipy: binomial tails are exact integer sums (``math.comb``-style
recurrences) and normal quantiles come from :class:`statistics.NormalDist`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from statistics import NormalDist

import numpy as np

from judgebench.analysis.compare import mcnemar_exact as mcnemar_exact  # the one exact McNemar test
from judgebench.metrics.bootstrap import data_rng


def benjamini_hochberg(pvalues: Sequence[float]) -> list[float]:
    """Benjamini–Hochberg q-values, in the input's order.

    With the ``m`` p-values sorted ascending, ``q_(i) = min_{j ≥ i} m · p_(j) / j``, capped at 1 (the
    step-up adjusted p-values of statsmodels' ``fdr_bh``). Ties keep their input order; empty in, empty out.

    Raises:
        ValueError: If a p-value is not a finite number in [0, 1].
    """
    p = np.asarray(list(pvalues), dtype=float)
    if p.size == 0:
        return []
    if not np.all(np.isfinite(p)) or np.any((p < 0.0) | (p > 1.0)):
        raise ValueError("p-values must be finite and within [0, 1]")
    m = p.size
    order = np.argsort(p, kind="stable")
    scaled = p[order] * m / np.arange(1, m + 1)
    stepped = np.minimum(np.minimum.accumulate(scaled[::-1])[::-1], 1.0)
    q = np.empty(m)
    q[order] = stepped
    return [float(x) for x in q]


def fleiss_kappa(counts: Sequence[Sequence[int]]) -> float:
    """Fleiss' kappa for an items × categories table of rater counts (Fleiss 1971).

    ``counts[i][j]`` is how many raters (paraphrased templates, repeated requests ...) put item ``i`` in
    category ``j``; every row must have the same number ``n ≥ 2`` of raters. With ``N`` items::

        P_i = (Σ_j counts[i][j]² − n) / (n (n − 1))    P̄ = mean_i P_i
        p_j = Σ_i counts[i][j] / (N n)                   P̄_e = Σ_j p_j²
        κ = (P̄ − P̄_e) / (1 − P̄_e)

    Degenerate case: when every rating falls in one category (including a one-column table), ``P̄_e = 1``
    and κ is 0/0; agreement is then perfect (every item is unanimous), so this returns 1.0 — as judgecal
    does. Columns of zeros are allowed and change nothing.

    Raises:
        ValueError: If the table is empty or ragged, has a negative count, or its rows do not all sum to the
            same number of raters ``n ≥ 2``.
    """
    rows = [list(row) for row in counts]
    if not rows or not rows[0]:
        raise ValueError("Fleiss' kappa needs at least one item and one category")
    if any(len(row) != len(rows[0]) for row in rows):
        raise ValueError("every item must have a count for every category")
    table = np.asarray(rows, dtype=float)
    if np.any(table < 0):
        raise ValueError("counts must be non-negative")
    sums = table.sum(axis=1)
    raters = float(sums[0])
    if np.any(sums != raters) or raters < 2:
        raise ValueError("every item needs the same number of ratings, at least 2")
    per_item = (np.sum(table * table, axis=1) - raters) / (raters * (raters - 1.0))
    observed = float(per_item.mean())
    shares = table.sum(axis=0) / (len(rows) * raters)
    chance = float(np.sum(shares * shares))
    if np.count_nonzero(shares) <= 1:
        return 1.0
    return (observed - chance) / (1.0 - chance)


def _paired(base: Sequence[bool], arm: Sequence[bool]) -> np.ndarray:
    """Per-pair differences ``arm − base`` in {−1, 0, 1}; checks the two sides line up."""
    if len(base) != len(arm):
        raise ValueError(f"paired outcomes differ in length: {len(base)} base, {len(arm)} arm")
    if len(base) == 0:
        raise ValueError("no paired outcomes")
    return np.asarray(arm, dtype=np.int8) - np.asarray(base, dtype=np.int8)


def paired_effect_ci(
    base: Sequence[bool],
    arm: Sequence[bool],
    *,
    iterations: int,
    seed: int,
    level: float = 0.95,
) -> tuple[float, float]:
    """Percentile bootstrap interval for ``100 · (mean(arm) − mean(base))``, in points, two decimals.

    The bootstrap resamples pairs with replacement, each keeping its (base, arm) outcomes together. A pair
    enters the effect only through its difference ``arm − base`` ∈ {−1, 0, +1}, so one resample is fully
    described by how many drawn pairs fall in each of the three classes: ``Multinomial(n, observed
    shares)`` — exactly the distribution of index resampling, drawn in O(iterations) rather than
    O(iterations × n) (as ``metrics.bootstrap.proportion_ci`` does for one proportion). The generator is
    seeded by ``seed`` and the three class counts (``metrics.bootstrap.data_rng``), as every interval in
    judgebench is: the same paired outcomes and seed print the same interval, whichever probe or arm they are.

    Raises:
        ValueError: If the sides differ in length or are empty, ``iterations < 1`` or ``level`` is not in (0, 1).
    """
    diff = _paired(base, arm)
    if iterations < 1:
        raise ValueError(f"iterations must be at least 1, got {iterations}")
    if not 0.0 < level < 1.0:
        raise ValueError(f"level must be in (0, 1), got {level}")
    n = diff.size
    worse, better = int(np.count_nonzero(diff == -1)), int(np.count_nonzero(diff == 1))
    shares = np.array([worse / n, better / n, (n - worse - better) / n])
    draws = data_rng(seed, "paired-effect", [worse, better, n]).multinomial(n, shares, size=iterations)
    effects = (draws[:, 1] - draws[:, 0]) / n * 100.0
    tail = (1.0 - level) / 2.0
    lo, hi = np.quantile(effects, [tail, 1.0 - tail])
    return round(float(lo), 2), round(float(hi), 2)


def _exact_floor(alpha: float) -> int:
    """Fewest discordant pairs, all one way, for which :func:`mcnemar_exact` can reach ``p ≤ alpha``."""
    k = 1
    while 2.0 * 0.5**k > alpha:
        k += 1
    return k


def paired_mde(
    base: Sequence[bool],
    arm: Sequence[bool],
    *,
    alpha: float = 0.05,
    power: float = 0.8,
) -> float:
    """Minimum detectable effect, in points, for the paired comparison of ``arm`` with ``base``.

    Normal approximation to McNemar at the observed discordance: with ``n`` pairs of which ``d`` changed
    outcome, the per-pair difference has variance ≈ ``d / n`` under the null, so::

        MDE = 100 · (z_{1−α/2} + z_{power}) · sqrt(d) / n

    This is judgecal's ``mde_mcnemar(d)`` (the detectable asymmetry among discordant pairs,
    ``(z_{1−α/2} + z_{power}) · 0.5 / sqrt(d)``) carried to the accuracy scale: an asymmetry δ among ``d``
    discordant pairs moves accuracy by ``2δ · d / n``.

    Floor: judgecal returns infinity when ``d == 0``; here ``d`` counts as at least 1, and the MDE is never
    below ``100 · k / n`` where ``k`` is the fewest one-way discordant pairs the exact test can call
    significant at ``alpha`` (6 at α = 0.05: ``2 · 0.5⁶ ≤ 0.05 < 2 · 0.5⁵``) — no smaller effect can be
    found by the test this card reports. The floor binds only while ``d`` is small (``d ≤ 4`` at the
    defaults).

    Raises:
        ValueError: If the sides differ in length or are empty, or ``alpha``/``power`` is not in (0, 1).
    """
    diff = _paired(base, arm)
    if not 0.0 < alpha < 1.0 or not 0.0 < power < 1.0:
        raise ValueError(f"alpha and power must be in (0, 1), got alpha={alpha}, power={power}")
    n = diff.size
    discordant = max(1, int(np.count_nonzero(diff)))
    normal = NormalDist()
    z = normal.inv_cdf(1.0 - alpha / 2.0) + normal.inv_cdf(power)
    return 100.0 * max(z * math.sqrt(discordant), float(_exact_floor(alpha))) / n


def first_pick_rate(first_picks: int, decided: int) -> float:
    """Share of decided verdicts that picked the response shown first, in percent (50 = no position bias).

    ``decided`` counts verdicts that picked a slot (ties and failures excluded); judgecal's
    ``first_pick_rate`` is the same share as a fraction.

    Raises:
        ValueError: If ``decided`` is not positive or ``first_picks`` is outside [0, decided].
    """
    if decided <= 0:
        raise ValueError(f"no decided verdicts to take a first-pick rate of (decided={decided})")
    if not 0 <= first_picks <= decided:
        raise ValueError(f"first_picks must be within [0, {decided}], got {first_picks}")
    return 100.0 * first_picks / decided
