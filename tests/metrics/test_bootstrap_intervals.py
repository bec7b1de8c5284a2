"""The seeded bootstrap intervals every figure is quoted with: exact values at their defaults, and what moves them.

Each case was chosen so that one draw more or fewer (999, 1001), another level (94%, 96%) or another seed moves
a bound: the defaults (1000 draws, seed 0, 95%) are part of the figure a user quotes.
"""

from __future__ import annotations

import numpy as np
import pytest

from judgebench.metrics.bootstrap import data_rng, mean_ci, proportion_ci, ratio_ci, rng_for

MEANS = [0.23, 0.96, 0.13, 0.7, 0.09, 0.25, 1.0, 0.21, 0.64, 0.46, 0.45, 0.49, 0.19, 0.83, 0.09]
MEANS += [0.23, 0.02, 0.27, 0.41, 0.9, 0.38, 0.11, 0.26, 0.99, 0.06, 0.62, 0.38, 0.66, 0.34, 0.69]
RATIOS = [(0, 3), (0, 3), (0, 3), (2, 3), (1, 3), (2, 3), (2, 3), (1, 3), (0, 3), (1, 3), (3, 3), (3, 3), (2, 3)]
RATIOS += [(3, 3), (2, 3), (0, 3), (0, 3), (2, 3), (3, 3), (2, 3), (3, 3), (3, 3), (1, 3), (1, 3), (1, 3), (1, 3)]
RATIOS += [(0, 3), (1, 3), (2, 3), (1, 3)]


def test_a_proportion_interval_at_its_defaults() -> None:
    assert proportion_ci(100, 301) == (28.24, 38.88)
    assert proportion_ci(100, 301, iterations=1000, seed=0, level=0.95) == (28.24, 38.88)
    moved = [
        proportion_ci(100, 301, iterations=999),
        proportion_ci(100, 301, iterations=1001),
        proportion_ci(100, 301, level=0.94),
        proportion_ci(100, 301, level=0.96),
        proportion_ci(100, 301, seed=1),
    ]
    assert (28.24, 38.88) not in moved
    assert proportion_ci(100, 301, level=0.5) == (31.56, 35.22)  # the middle half: narrower, around 33.22


def test_a_proportion_interval_is_in_percent_around_k_over_n() -> None:
    assert proportion_ci(230, 350) == (60.57, 70.57)  # 65.71 ± ~5
    assert proportion_ci(0, 7) == (0.0, 0.0) and proportion_ci(7, 7) == (100.0, 100.0)
    assert proportion_ci(1, 0) is None and proportion_ci(1, -1) is None
    assert proportion_ci(1, 2, iterations=0) is None and proportion_ci(1, 2, iterations=-1) is None
    assert proportion_ci(1, 2, iterations=1) is not None


def test_a_mean_interval_at_its_defaults_whatever_the_order_of_the_values() -> None:
    assert mean_ci(MEANS) == [32.87, 52.91]
    assert mean_ci(MEANS[::-1]) == [32.87, 52.91] and mean_ci(sorted(MEANS)) == [32.87, 52.91]
    assert mean_ci(MEANS, iterations=999) == [32.86, 52.91]
    assert mean_ci(MEANS, iterations=1001) == [32.87, 52.9]
    assert [32.87, 52.91] not in (mean_ci(MEANS, level=0.94), mean_ci(MEANS, level=0.96), mean_ci(MEANS, seed=1))
    assert mean_ci([]) is None and mean_ci(MEANS, iterations=0) is None and mean_ci(MEANS, iterations=-5) is None
    assert mean_ci([0.25]) == [25.0, 25.0] and mean_ci([0.25], iterations=1) == [25.0, 25.0]


def test_a_mean_interval_of_many_values_is_drawn_in_chunks_of_the_same_stream() -> None:
    # 5000 values: 400 draws a chunk, three chunks; the interval is the resampling of every value
    values = [(i * 37 % 11) / 10 for i in range(5000)]
    assert mean_ci(values) == [49.1, 50.94]
    rng = data_rng(0, "mean", np.sort(np.asarray(values)))
    idx = rng.integers(0, 5000, size=(1000, 5000), dtype=np.uint32)
    means = np.sort(np.asarray(values))[idx].mean(axis=1) * 100.0
    lo, hi = np.quantile(means, [0.025, 0.975])
    assert [round(float(lo), 2), round(float(hi), 2)] == [49.1, 50.94]


def test_a_ratio_interval_at_its_defaults_whatever_the_order_of_the_units() -> None:
    assert ratio_ci(RATIOS) == (35.53, 61.11)
    assert ratio_ci(RATIOS[::-1]) == (35.53, 61.11)
    assert ratio_ci([*RATIOS, (0, 0), (0, 0)]) == (35.53, 61.11)  # a unit of no trial adds nothing
    assert ratio_ci(RATIOS, iterations=999) == (35.5, 61.11)
    assert ratio_ci(RATIOS, iterations=1001) == (35.56, 61.11)
    assert (35.53, 61.11) not in (ratio_ci(RATIOS, level=0.94), ratio_ci(RATIOS, level=0.96), ratio_ci(RATIOS, seed=1))


def test_a_ratio_interval_pools_the_trials_of_the_units_it_draws() -> None:
    # two units: 1 of 2 and 1 of 1; a draw is (a, a) 50%, (b, b) 100% or a mix 2/3: the interval spans them
    assert ratio_ci([(1, 2), (1, 1)]) == (50.0, 100.0)
    assert ratio_ci([(3, 3), (0, 1)]) == (0.0, 100.0)
    assert ratio_ci([(2, 2), (2, 2)]) == (100.0, 100.0)
    # fewer than two units with a trial: no interval (one unit resampled is always itself)
    assert ratio_ci([(1, 2)]) is None and ratio_ci([(1, 2), (0, 0)]) is None and ratio_ci([]) is None
    assert ratio_ci([(1, 2), (1, 1)], iterations=0) is None and ratio_ci([(1, 2), (1, 1)], iterations=-1) is None
    assert ratio_ci([(1, 2), (1, 2)], iterations=1) == (50.0, 50.0)  # one draw is an interval too
    many = [(i % 3, 2 + i % 2) for i in range(3000)]  # more units than one chunk of draws holds
    assert ratio_ci(many) == (38.82, 41.2)


def test_generators_are_seeded_by_the_seed_and_the_stable_id() -> None:
    first = rng_for(0, "a", "b").random()
    assert rng_for(0, "a", "b").random() == first
    assert rng_for(1, "a", "b").random() != first
    assert rng_for(0, "b", "a").random() != first and rng_for(0, "ab").random() != first
    assert data_rng(0, "mean", [1, 2]).random() != data_rng(0, "mean", [1.0, 2.0]).random()
    assert data_rng(0, "mean", [1, 2]).random() == data_rng(0, "mean", np.array([1, 2], dtype=np.int32)).random()
    assert data_rng(0, "mean", [1, 2]).random() != data_rng(0, "ratio", [1, 2]).random()


@pytest.mark.parametrize("k", [230, 230.0])
def test_a_whole_count_seeds_the_same_as_an_int_or_a_float(k: float) -> None:
    assert proportion_ci(k, 350) == (60.57, 70.57)


def test_a_mean_interval_of_more_values_than_a_chunk_holds_rows() -> None:
    # over two million values a chunk is one resample (never none): one draw of one resample's mean
    values = [0.5] * 2_000_001
    assert mean_ci(values, iterations=1) == [50.0, 50.0]
