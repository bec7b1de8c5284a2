"""Hand-computed fixtures for judgebench.probes.stats."""

from __future__ import annotations

import math

import numpy as np
import pytest

from judgebench.metrics.bootstrap import rng_for
from judgebench.probes.stats import (
    benjamini_hochberg,
    first_pick_rate,
    fleiss_kappa,
    mcnemar_exact,
    paired_effect_ci,
    paired_mde,
)


@pytest.mark.parametrize(
    ("b", "c", "expected"),
    [
        (0, 0, 1.0),  # no pair changed
        (0, 6, 2 / 64),  # all six discordant pairs one way: 2 · 0.5⁶
        (0, 5, 2 / 32),
        (1, 9, 2 * (1 + 10) / 1024),
        (2, 8, 2 * (1 + 10 + 45) / 1024),
        (3, 3, 1.0),  # 2 · 42/64 > 1, capped
        (1, 1, 1.0),
        (7, 0, 2 / 128),
    ],
)
def test_mcnemar_exact_by_hand(b: int, c: int, expected: float) -> None:
    assert mcnemar_exact(b, c) == pytest.approx(expected, rel=1e-15)
    assert mcnemar_exact(c, b) == mcnemar_exact(b, c)


def test_mcnemar_exact_large_counts() -> None:
    # 2 · 0.5^2000 underflows to 0 in floating point; 5000 v 5000 is exactly balanced
    assert mcnemar_exact(0, 2000) == 0.0
    assert mcnemar_exact(5000, 5000) == 1.0
    # normal approximation: z = (400 − 500) / sqrt(250) ≈ −6.32, two-sided p ≈ 2.5e-10
    assert 1e-10 < mcnemar_exact(400, 600) < 1e-9


def test_mcnemar_exact_rejects_negative_counts() -> None:
    with pytest.raises(ValueError, match="non-negative"):
        mcnemar_exact(-1, 3)


def test_benjamini_hochberg_by_hand() -> None:
    # sorted 0.01, 0.03, 0.04, 0.2 → m·p/rank = 0.04, 0.06, 0.0533, 0.2 → step-up min from the right
    q = benjamini_hochberg([0.01, 0.04, 0.03, 0.2])
    assert q == pytest.approx([0.04, 0.16 / 3, 0.16 / 3, 0.2], rel=1e-12)
    assert benjamini_hochberg([0.9, 0.95]) == [0.95, 0.95]
    assert benjamini_hochberg([0.6, 0.7, 1.0]) == pytest.approx([1.0, 1.0, 1.0])
    assert benjamini_hochberg([0.02]) == [0.02]
    assert benjamini_hochberg([]) == []
    assert benjamini_hochberg([0.0, 0.5]) == [0.0, 0.5]


@pytest.mark.parametrize("bad", [[0.1, float("nan")], [1.2], [-0.01]])
def test_benjamini_hochberg_rejects_bad_pvalues(bad: list[float]) -> None:
    with pytest.raises(ValueError, match="within"):
        benjamini_hochberg(bad)


# Fleiss (1971) as worked on Wikipedia's "Fleiss' kappa" page: 10 items, 14 raters, 5 categories,
# P̄ = 0.378, P̄_e = 0.213, κ = 0.210
FLEISS_EXAMPLE = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
]


def test_fleiss_kappa_by_hand() -> None:
    assert fleiss_kappa(FLEISS_EXAMPLE) == pytest.approx(0.20993, abs=5e-5)
    # P_i = 1, 1, 0 → P̄ = 2/3; p = (½, ½) → P̄_e = ½; κ = (2/3 − ½)/½ = 1/3
    assert fleiss_kappa([[2, 0], [0, 2], [1, 1]]) == pytest.approx(1 / 3)
    assert fleiss_kappa([[3, 0], [0, 3]]) == 1.0
    assert fleiss_kappa([[1, 1], [1, 1]]) == pytest.approx(-1.0)  # P̄ = 0, P̄_e = ½


def test_fleiss_kappa_one_category_is_perfect_agreement() -> None:
    assert fleiss_kappa([[3], [3]]) == 1.0
    assert fleiss_kappa([[0, 4, 0], [0, 4, 0]]) == 1.0


@pytest.mark.parametrize("bad", [[], [[]], [[2, 0], [1, 0]], [[1, 0], [1, 0]], [[3, -1], [1, 1]], [[2, 0], [2]]])
def test_fleiss_kappa_rejects_bad_tables(bad: list[list[int]]) -> None:
    with pytest.raises(ValueError):
        fleiss_kappa(bad)


def _outcomes(both: int, lost: int, gained: int, neither: int) -> tuple[list[bool], list[bool]]:
    """Paired outcomes: ``lost`` pairs right at base and wrong in the arm, ``gained`` the reverse."""
    base = [True] * both + [True] * lost + [False] * gained + [False] * neither
    arm = [True] * both + [False] * lost + [True] * gained + [False] * neither
    return base, arm


def test_paired_effect_ci_degenerate_cases() -> None:
    base, arm = _outcomes(30, 0, 0, 20)
    assert paired_effect_ci(base, arm, iterations=200, seed=0) == (0.0, 0.0)
    base, arm = _outcomes(0, 0, 10, 0)
    assert paired_effect_ci(base, arm, iterations=200, seed=0) == (100.0, 100.0)
    base, arm = _outcomes(0, 4, 0, 0)
    assert paired_effect_ci(base, arm, iterations=200, seed=0) == (-100.0, -100.0)


def test_paired_effect_ci_is_seeded_by_seed_and_data() -> None:
    base, arm = _outcomes(400, 100, 200, 300)  # effect +10 points; 1000 pairs, so the draws fall on 0.1 steps
    first = paired_effect_ci(base, arm, iterations=2000, seed=3)
    again = paired_effect_ci(list(reversed(base)), list(reversed(arm)), iterations=2000, seed=3)  # same outcomes
    other_seed = paired_effect_ci(base, arm, iterations=2000, seed=4)
    other_data = paired_effect_ci(*_outcomes(400, 101, 199, 300), iterations=2000, seed=3)
    assert first == again
    assert first != other_seed and first != other_data
    assert first[0] < 10.0 < first[1]


def test_paired_effect_ci_matches_resampling_pair_indices() -> None:
    """The multinomial draw has the distribution of resampling pair indices: same quantiles up to noise.

    1000 pairs, so the effects fall on 0.1-point steps and the Monte Carlo error of each 20000-draw quantile is
    about 0.03 points: 0.2 allows the lattice step and both draws' noise (with 100 pairs the steps are whole
    points and two correct samplers can land a step apart).
    """
    base, arm = _outcomes(400, 100, 200, 300)
    lo, hi = paired_effect_ci(base, arm, iterations=20000, seed=1)
    diff = np.asarray(arm, dtype=float) - np.asarray(base, dtype=float)
    idx = rng_for(99, "reference").integers(0, diff.size, size=(20000, diff.size))
    ref_lo, ref_hi = np.quantile(diff[idx].mean(axis=1) * 100.0, [0.025, 0.975])
    assert lo == pytest.approx(ref_lo, abs=0.2)
    assert hi == pytest.approx(ref_hi, abs=0.2)
    # normal check: sd of the mean difference = sqrt((0.3 − 0.01)/1000) ≈ 1.70 points → ±3.34
    assert lo == pytest.approx(10.0 - 1.96 * math.sqrt(0.29 / 1000) * 100, abs=0.35)


def test_paired_effect_ci_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="length"):
        paired_effect_ci([True], [True, False], iterations=10, seed=0)
    with pytest.raises(ValueError, match="no paired"):
        paired_effect_ci([], [], iterations=10, seed=0)
    with pytest.raises(ValueError, match="iterations"):
        paired_effect_ci([True], [False], iterations=0, seed=0)


Z_SUM = 1.959963984540054 + 0.8416212335729143  # z_{0.975} + z_{0.8}


def test_paired_mde_by_hand() -> None:
    base, arm = _outcomes(40, 10, 20, 30)  # 30 of 100 pairs discordant
    assert paired_mde(base, arm) == pytest.approx(100 * Z_SUM * math.sqrt(30) / 100, rel=1e-12)
    assert paired_mde(base, arm) == pytest.approx(15.3449, abs=1e-4)
    base, arm = _outcomes(100, 3, 2, 95)  # 5 of 200 discordant: the normal approximation exceeds the floor
    assert paired_mde(base, arm) == pytest.approx(100 * Z_SUM * math.sqrt(5) / 200, rel=1e-12)


def test_paired_mde_floor_is_the_exact_tests_smallest_detectable_effect() -> None:
    base, arm = _outcomes(60, 0, 0, 40)  # nothing changed
    assert paired_mde(base, arm) == pytest.approx(6.0)  # 6 one-way pairs of 100 at α = 0.05
    base, arm = _outcomes(60, 2, 2, 36)  # 4 discordant: 2.80·2 = 5.6 < 6
    assert paired_mde(base, arm) == pytest.approx(6.0)
    base, arm = _outcomes(60, 0, 0, 40)
    assert paired_mde(base, arm, alpha=0.01) == pytest.approx(8.0)  # 2·0.5⁸ ≤ 0.01 < 2·0.5⁷
    assert mcnemar_exact(0, 6) <= 0.05 < mcnemar_exact(0, 5)


def test_paired_mde_shrinks_with_more_pairs() -> None:
    small = paired_mde(*_outcomes(40, 10, 20, 30))
    large = paired_mde(*_outcomes(400, 100, 200, 300))
    assert large == pytest.approx(small / math.sqrt(10))


def test_first_pick_rate() -> None:
    assert first_pick_rate(30, 40) == 75.0
    assert first_pick_rate(0, 3) == 0.0
    with pytest.raises(ValueError, match="no decided"):
        first_pick_rate(0, 0)
    with pytest.raises(ValueError, match="within"):
        first_pick_rate(5, 4)
