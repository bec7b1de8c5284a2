"""The floating-point best-of-K curve (numpy over prompts) against the exact fractions, and the other per-prompt
metrics bit for bit against the per-prompt functions: on the fixtures' real response sets and on random sets."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from judgebench.metrics.best_of_k import (
    best_of_k,
    best_of_k_exact,
    oracle_best_of_k,
    pairwise,
    top1,
    top_tied,
)
from judgebench.metrics.best_of_k_arrays import prompt_arrays

FIXTURES = Path(__file__).parent / "fixtures"
HAND = [
    ([3], [3, 1, 0]),
    ([5, 2], [5, 1]),
    ([1, 1, 1], [1, 0, 2]),
    ([0.5, 2, 2, 7], [7, 7, 2, -1, 0]),
    ([9], [1, 2, 3]),
]


def check(prompts: list[tuple[list[float], list[float]]]) -> None:
    arrays = prompt_arrays(prompts)
    for i, (chosen, rejected) in enumerate(prompts):
        n = len(chosen) + len(rejected)
        exact = best_of_k_exact(chosen, rejected)
        got = arrays.curve[i]
        assert len(got) >= n and all(x != x for x in got[n:].tolist())  # NaN past the prompt's size
        assert max(abs(float(e) - g) for e, g in zip(exact, got[:n].tolist(), strict=True)) <= 1e-12
        assert arrays.top1[i] == top1(chosen, rejected)
        pw = pairwise(chosen, rejected)
        assert (pw is None and arrays.pairwise[i] != arrays.pairwise[i]) or arrays.pairwise[i] == pw
        mixed = bool(chosen and rejected)
        assert arrays.mixed[i] == mixed and arrays.tied[i] == (mixed and top_tied(chosen, rejected))
        assert arrays.random[i] == len(chosen) / n and arrays.oracle[i] == (1.0 if chosen else 0.0)
        assert arrays.oracle_curve[i, :n].tolist() == oracle_best_of_k(len(chosen), len(rejected))


def test_hand_computed_sets():
    check([(list(map(float, c)), list(map(float, r))) for c, r in HAND])
    assert best_of_k([3.0], [3.0, 1.0, 0.0]) == pytest.approx([1 / 4, 5 / 12, 1 / 2, 1 / 2], abs=1e-15)


def test_ppe_fixture_response_sets():
    """PPE's 32 responses per question, scored by their parsed answer letter: ties everywhere."""
    prompts = []
    for line in (FIXTURES / "ppe-mmlu-pro.jsonl").read_text().splitlines():
        d = json.loads(line)
        letters = [float(ord(x or "Z")) for x in d["parsed_outputs"]]
        prompts.append(
            (
                [s for s, ok in zip(letters, d["scores"], strict=True) if ok],
                [s for s, ok in zip(letters, d["scores"], strict=True) if not ok],
            )
        )
    assert {len(c) + len(r) for c, r in prompts} == {32}
    check(prompts)


def test_reward_bench_2_fixture_response_sets():
    prompts = []
    for line in (FIXTURES / "reward-bench-2.jsonl").read_text().splitlines():
        d = json.loads(line)
        prompts.append(([float(len(t) % 3) for t in d["chosen"]], [float(len(t) % 3) for t in d["rejected"]]))
    check(prompts)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_random_sets(seed):
    """Sizes 1–40 mixed in one call; integer scores (ties) and continuous ones; all-correct and all-wrong."""
    rng = random.Random(seed)
    prompts = []
    for _ in range(150):
        n = rng.randint(1, 40)
        good = rng.choice([0, n, rng.randint(0, n)])
        if rng.random() < 0.5:
            scores = [float(rng.randint(0, rng.choice([1, 3, 10]))) for _ in range(n)]
        else:
            scores = [rng.gauss(0.0, 1.0) for _ in range(n)]
        prompts.append((scores[:good], scores[good:]))
    check(prompts)


def test_no_prompts():
    arrays = prompt_arrays([])
    assert arrays.curve.shape == (0, 0) and arrays.top1.shape == (0,)


def test_mean_interval_draws_unchanged():
    """The intervals mean_ci gave before its draws went uint32 (the same bounded 32-bit stream as int64)."""
    from judgebench.metrics.bootstrap import mean_ci

    r = random.Random(3)
    values = [r.choice([0, 1, 0.5, 1 / 3, 2 / 3, 0.25]) for _ in range(3001)]
    assert mean_ci(values) == [44.8, 46.99]
    assert mean_ci(values, seed=7, iterations=333) == [44.81, 46.95]
    assert mean_ci([0.1, 0.9, 0.3], iterations=2000) == [10.0, 90.0]


CASES_0_1 = ((1, 1.0), (2, 0.5), (7, 0.0), (97, 0.3), (2500, 0.62), (10_001, 0.9))


def test_mean_interval_of_zeros_and_ones_is_the_resampled_mean():
    """0/1 values are counted, not gathered: the same means, bit for bit, as averaging the resampled values."""
    import numpy as np

    from judgebench.metrics.bootstrap import data_rng, mean_ci

    r = random.Random(5)
    cases = [[float(r.random() < p_one) for _ in range(n)] for n, p_one in CASES_0_1]
    # and values that only look like it (counted as 0/1 they would come out wrong): the general path
    cases += [[r.choice(pair) for _ in range(300)] for pair in ((0.0, 2.0), (1.0, 2.0), (0.0, 0.5), (-1.0, 1.0))]
    for values in cases:
        n = len(values)
        for seed, iterations in ((0, 1000), (3, 250)):
            data = np.sort(np.asarray(values))
            rng = data_rng(seed, "mean", data)
            means = np.empty(iterations)
            chunk = max(1, min(iterations, 2_000_000 // n))
            for start in range(0, iterations, chunk):  # the general path: gather the drawn values, average them
                idx = rng.integers(0, n, size=(min(iterations, start + chunk) - start, n), dtype=np.uint32)
                means[start : start + len(idx)] = np.take(data, idx).mean(axis=1)
            alpha = (1.0 - 0.95) / 2.0  # as mean_ci computes it (not the literal 0.025: a quantile can sit between)
            lo, hi = np.quantile(means * 100.0, [alpha, 1.0 - alpha])
            assert mean_ci(values, seed=seed, iterations=iterations) == [round(float(lo), 2), round(float(hi), 2)]
    # recorded with the general path, before 0/1 values were counted
    r = random.Random(11)
    values = [float(r.random() < 0.45) for _ in range(3001)]
    assert mean_ci(values) == [43.32, 46.92]
    assert mean_ci(values, seed=9, iterations=400) == [43.45, 47.09]
