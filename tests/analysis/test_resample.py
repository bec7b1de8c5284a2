"""The multinomial shortcut is the pair bootstrap; shares and their intervals."""

from __future__ import annotations

import numpy as np
import pytest

from judgebench.analysis.resample import Share, bootstrap_ci, pct, two_sample_diff_ci, type_counts
from judgebench.metrics.bootstrap import data_rng, proportion_ci


def test_type_counts():
    assert list(type_counts(["a", "c", "a"], ["a", "b", "c"])) == [2, 0, 1]
    with pytest.raises(ValueError, match="unexpected"):
        type_counts(["z"], ["a"])


def test_multinomial_equals_index_resampling():
    # a ratio statistic (first-slot share) over 3 pair types; index resampling of the same 120 pairs agrees
    types = np.array([(0, 2)] * 30 + [(1, 2)] * 50 + [(2, 2)] * 40)
    counts = np.array([30, 50, 40])

    def ratio(draws):
        return 100 * (draws @ np.array([0, 1, 2])) / (draws @ np.array([2, 2, 2]))

    lo, hi = bootstrap_ci(counts, ratio, iterations=4000, seed=0)
    rng = np.random.default_rng(1)
    idx = rng.integers(0, 120, size=(4000, 120))
    vals = 100 * types[idx, 0].sum(axis=1) / types[idx, 1].sum(axis=1)
    ref = np.quantile(vals, [0.025, 0.975])
    assert lo == pytest.approx(ref[0], abs=1.0) and hi == pytest.approx(ref[1], abs=1.0)


def test_undefined_and_empty():
    assert bootstrap_ci(np.array([0, 0]), lambda d: d[:, 0], iterations=10, seed=0) is None
    assert bootstrap_ci(np.array([3]), lambda d: d[:, 0] * np.nan, iterations=10, seed=0) is None
    assert Share(0, 0).value is None and Share(0, 0).fmt() == "-"
    assert Share(1, 3, (10.0, 60.0)).fmt() == "33.33 [10.00, 60.00]"


def test_two_sample_diff():
    ci = two_sample_diff_ci(30, 40, 10, 40, iterations=2000, seed=0)
    # 75% vs 25%: the difference 50 points, se about sqrt(2 * .75 * .25 / 40) = 9.7 points
    assert 28 <= ci[0] <= 34 and 66 <= ci[1] <= 72  # 50 ± 1.96 se, on a 2.5-point grid
    assert two_sample_diff_ci(1, 0, 1, 1, iterations=10, seed=0) is None


def test_type_counts_in_the_order_of_the_types():
    counts = type_counts([(1, 2), (0, 2), (1, 2), (0, 0)], [(0, 0), (0, 2), (1, 2), (2, 2)])
    assert counts.tolist() == [1, 1, 2, 0] and counts.dtype == np.int64
    assert type_counts([], ["a"]).tolist() == [0]
    with pytest.raises(ValueError, match=r"unexpected pair types \['x', 'y'\]"):
        type_counts(["a", "y", "x"], ["a"])


def test_interval_is_the_percentile_of_the_multinomial_draws_seeded_by_the_counts():
    counts = np.array([7, 2, 5])

    def share_first(d):
        return 100.0 * d[:, 0] / d.sum(axis=1)

    rng = data_rng(3, "multinomial", counts)
    draws = rng.multinomial(14, counts / 14, size=300)
    lo, hi = np.quantile(share_first(draws), [0.05, 0.95])
    assert bootstrap_ci(counts, share_first, iterations=300, seed=3, level=0.9, digits=3) == (
        round(float(lo), 3),
        round(float(hi), 3),
    )
    lo, hi = np.quantile(share_first(draws), [0.025, 0.975])
    assert bootstrap_ci(counts, share_first, iterations=300, seed=3) == (round(float(lo), 2), round(float(hi), 2))
    assert bootstrap_ci(counts, share_first, iterations=300, seed=4) != bootstrap_ci(
        counts, share_first, iterations=300, seed=3
    )
    assert bootstrap_ci(counts, share_first, iterations=0, seed=3) is None


def test_undefined_draws_are_left_out_of_the_interval():
    counts = np.array([1, 1, 8])  # the ratio of the first two types is undefined when a draw has neither

    def ratio(d):
        with np.errstate(invalid="ignore", divide="ignore"):
            return 100.0 * d[:, 0] / (d[:, 0] + d[:, 1])

    rng = data_rng(0, "multinomial", counts)
    values = ratio(rng.multinomial(10, counts / 10, size=500))
    assert np.isnan(values).any() and not np.isnan(values).all()
    lo, hi = np.quantile(values[np.isfinite(values)], [0.025, 0.975])
    assert bootstrap_ci(counts, ratio, iterations=500, seed=0) == (round(float(lo), 2), round(float(hi), 2))


def test_two_sample_interval_each_sample_drawn_on_its_own():
    rng = data_rng(2, "two-sample", [3, 10, 6, 8])
    a = rng.binomial(10, 0.3, size=400) / 10
    b = rng.binomial(8, 0.75, size=400) / 8
    lo, hi = np.quantile((a - b) * 100.0, [0.025, 0.975])
    assert two_sample_diff_ci(3, 10, 6, 8, iterations=400, seed=2) == (round(float(lo), 2), round(float(hi), 2))
    lo, hi = np.quantile((a - b) * 100.0, [0.1, 0.9])
    assert two_sample_diff_ci(3, 10, 6, 8, iterations=400, seed=2, level=0.8) == (
        round(float(lo), 2),
        round(float(hi), 2),
    )
    assert two_sample_diff_ci(3, 10, 6, 8, iterations=0, seed=2) is None
    # sevenths and ninths: bounds with more than two decimals, rounded to two
    rng = data_rng(0, "two-sample", [3, 7, 4, 9])
    a, b = rng.binomial(7, 3 / 7, size=300) / 7, rng.binomial(9, 4 / 9, size=300) / 9
    lo, hi = np.quantile((a - b) * 100.0, [0.025, 0.975])
    assert round(float(lo), 3) != round(float(lo), 2) or round(float(hi), 3) != round(float(hi), 2)
    assert round(float(lo), 1) != round(float(lo), 2) or round(float(hi), 1) != round(float(hi), 2)
    assert two_sample_diff_ci(3, 7, 4, 9, iterations=300, seed=0) == (round(float(lo), 2), round(float(hi), 2))
    assert two_sample_diff_ci(0, 5, 1, 0, iterations=10, seed=0) is None


def test_shares_percent_json_and_text():
    assert pct(1, 3) == 33.33 and pct(2, 3) == 66.67 and pct(0, 0) is None and pct(5, 5) == 100.0
    s = Share.of(3, 8, iterations=200, seed=1)
    assert s.ci95 == proportion_ci(3, 8, iterations=200, seed=1)
    assert Share.of(3, 8, iterations=0, seed=1).ci95 is None
    assert s.to_dict() == {"value": 37.5, "k": 3, "n": 8, "ci95": list(s.ci95)}
    assert Share(3, 8).to_dict() == {"value": 37.5, "k": 3, "n": 8, "ci95": None}
    assert Share(0, 0).to_dict() == {"value": None, "k": 0, "n": 0, "ci95": None}
    assert Share(3, 8).fmt() == "37.50"
    assert Share(2, 3, (5.5, 99.125)).fmt() == "66.67 [5.50, 99.12]"


def test_one_pair_or_one_draw_still_gives_an_interval():
    def share_first(d):
        return 100.0 * d[:, 0] / d.sum(axis=1)

    assert bootstrap_ci(np.array([1, 0]), share_first, iterations=50, seed=0) == (100.0, 100.0)
    assert bootstrap_ci(np.array([0, 1]), share_first, iterations=50, seed=0) == (0.0, 0.0)
    one = bootstrap_ci(np.array([3, 5]), share_first, iterations=1, seed=0)
    assert one is not None and one[0] == one[1]
    assert two_sample_diff_ci(1, 1, 0, 1, iterations=50, seed=0) == (100.0, 100.0)
    assert two_sample_diff_ci(0, 1, 1, 1, iterations=50, seed=0) == (-100.0, -100.0)
    single = two_sample_diff_ci(3, 8, 5, 9, iterations=1, seed=0)
    assert single is not None and single[0] == single[1]
