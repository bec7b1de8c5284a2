"""The multinomial shortcut is the pair bootstrap; shares and their intervals."""

from __future__ import annotations

import numpy as np
import pytest

from judgebench.analysis.resample import Share, bootstrap_ci, two_sample_diff_ci, type_counts


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
