"""Paired comparison, exact McNemar and tiers against hand-computed cases and the recorded outputs."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

from judgebench.analysis.compare import compare, mcnemar_exact, paired_diff, tiers
from judgebench.analysis.judged import load_judged
from judgebench.errors import InputError
from tests.analysis.fixtures import J1, J2, K, consistent, write_judged
from tests.conftest import GRM, O1_MINI, SKYWORK


def exact_p(b: int, c: int) -> float:
    n, k = b + c, min(b, c)
    tail = Fraction(sum(math.comb(n, i) for i in range(k + 1)), 2**n)
    return float(min(Fraction(1), 2 * tail))


def test_mcnemar_by_hand():
    assert mcnemar_exact(1, 4) == pytest.approx(12 / 32)  # n=5: P(X<=1) = (1+5)/32, doubled
    assert mcnemar_exact(8, 0) == pytest.approx(2 / 256)
    assert mcnemar_exact(1, 6) == pytest.approx(16 / 128)
    assert mcnemar_exact(0, 0) == 1.0
    assert mcnemar_exact(3, 3) == 1.0  # capped at 1


def test_mcnemar_matches_exact_integer_arithmetic():
    for b in range(0, 40, 3):
        for c in range(0, 40, 5):
            assert mcnemar_exact(b, c) == pytest.approx(exact_p(b, c), rel=1e-9, abs=1e-300)
    # large n stays finite and matches the normal approximation's order of magnitude
    p = mcnemar_exact(5000, 5300)
    assert 0.002 < p < 0.006


def test_two_judges_by_hand(tmp_path):
    a = load_judged(write_judged(tmp_path / "a.jsonl", J1))
    b = load_judged(write_judged(tmp_path / "b.jsonl", J2, judge_model="judge-two"))
    d = compare(a, b, iterations=500).categories["Overall"]
    # J1 right on p1 p5 p6; J2 on p1 p2 p3 p6 p7 p8: both p1 p6, only J1 p5, only J2 p2 p3 p7 p8, neither p4
    assert (d.both, d.only_a, d.only_b, d.neither) == (2, 1, 4, 1)
    assert (d.acc_a, d.acc_b, d.diff) == (37.5, 75.0, -37.5)
    assert d.p_value == pytest.approx(0.375)
    assert d.ci95[0] <= -37.5 <= d.ci95[1] and not d.separable


def test_pairs_matched_by_id(tmp_path):
    a = load_judged(write_judged(tmp_path / "a.jsonl", J1))
    b = load_judged(write_judged(tmp_path / "b.jsonl", [*list(reversed(J2[2:])), ("x", K, "A>B", ["A>B"], 1, 1)]))
    c = compare(a, b, iterations=0)
    # shared p3..p8; J1 right on p5 p6 of them, J2 on p3 p6 p7 p8
    d = c.categories["Overall"]
    assert (c.n_only_in_a, c.n_only_in_b, d.n, d.both, d.only_a, d.only_b) == (2, 1, 6, 1, 1, 3)
    with pytest.raises(InputError, match="no pair_id in common"):
        compare(a, load_judged(write_judged(tmp_path / "z.jsonl", [("zz", K, "A>B", ["A>B"], 1, 1)])))


def test_paired_interval_is_the_pair_bootstrap():
    # resampling pairs by index gives the same interval as the multinomial shortcut (up to Monte Carlo noise)
    rng = np.random.default_rng(0)
    a = rng.random(300) < 0.65
    b = np.where(rng.random(300) < 0.7, a, ~a)
    d = paired_diff(a, b, iterations=4000, seed=0)
    idx = rng.integers(0, 300, size=(4000, 300))
    diffs = 100 * (a[idx].mean(axis=1) - b[idx].mean(axis=1))
    lo, hi = np.quantile(diffs, [0.025, 0.975])
    assert d.ci95[0] == pytest.approx(lo, abs=1.0) and d.ci95[1] == pytest.approx(hi, abs=1.0)


def test_tiers_by_hand(tmp_path):
    # 20 Knowledge pairs labelled A>B. X right on all; Y wrong on one (vs X: b=1, c=0, p=1: tier 1);
    # Z right on 12 (vs X: b=8, c=0, p=2/256: tier 2, leads it); W right on 11 of Z's (vs Z: p=1: tier 2)
    def judge(name, n_right):
        rows = [(f"p{i}", K, "A>B", consistent("A" if i < n_right else "B"), 1, 1) for i in range(20)]
        return load_judged(write_judged(tmp_path / f"{name}.jsonl", rows, judge_model=name))

    rows = tiers([judge("W", 11), judge("X", 20), judge("Z", 12), judge("Y", 19)], iterations=200)
    assert [(r.judge, r.accuracy, r.tier) for r in rows] == [
        ("X", 100.0, 1),
        ("Y", 95.0, 1),
        ("Z", 60.0, 2),
        ("W", 55.0, 2),
    ]
    assert rows[0].vs_leader is None
    assert rows[2].vs_leader.p_value == pytest.approx(2 / 256) and rows[2].vs_leader.diff == 40.0
    assert rows[3].vs_leader.acc_a == 60.0  # W compared with Z, its tier's leader


def test_recorded_outputs():
    o1, sky, grm = load_judged(O1_MINI), load_judged(SKYWORK), load_judged(GRM)
    d = compare(o1, sky).categories["Overall"]
    assert (d.n, d.acc_a, d.acc_b, d.diff, d.only_a, d.only_b) == (350, 65.71, 62.29, 3.43, 63, 51)
    assert d.p_value == pytest.approx(0.30288, abs=1e-4) and d.ci95[0] < 0 < d.ci95[1]
    rows = tiers([grm, sky, o1])
    assert [(r.judge, r.tier) for r in rows] == [
        ("o1-mini-2024-09-12", 1),
        ("Skywork/Skywork-Reward-Llama-3.1-8B", 1),
        ("Ray2333/GRM-Gemma-2B-rewardmodel-ft", 1),
    ]
    assert rows[2].vs_leader.p_value == pytest.approx(0.07976, abs=1e-4)
