"""Best-of-K metrics against hand-computed values: ties at the top, several correct, all correct, all wrong."""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest

from judgebench.best_of_k import JudgedPrompt
from judgebench.metrics.best_of_k import (
    best_of_k_exact,
    oracle_best_of_k,
    pairwise,
    score_prompts,
    top1,
    top_tied,
)

F = Fraction


def brute_force(chosen: list[float], rejected: list[float]) -> list[Fraction]:
    """Enumerate every K-subset (the definition the closed form must equal)."""
    items = [(s, True) for s in chosen] + [(s, False) for s in rejected]
    out = []
    for k in range(1, len(items) + 1):
        total = F(0)
        subsets = list(itertools.combinations(items, k))
        for sub in subsets:
            best = max(s for s, _ in sub)
            top = [ok for s, ok in sub if s == best]
            total += F(sum(top), len(top))
        out.append(total / len(subsets))
    return out


def test_tie_at_the_top():
    # chosen [3], rejected [3, 1, 0]: the correct response shares the top score with one incorrect one.
    assert top1([3], [3, 1, 0]) == 0.5
    # pairs (3 vs 3) = 1/2, (3 vs 1) = 1, (3 vs 0) = 1 -> 2.5 / 3
    assert pairwise([3], [3, 1, 0]) == pytest.approx(5 / 6)
    assert top_tied([3], [3, 1, 0])
    # K=1: 1/4. K=2: subsets {c,r3} 1/2, {c,r1} 1, {c,r0} 1, three without c 0 -> 2.5/6 = 5/12.
    # K=3: without c 0, without r3 1, without r1 1/2, without r0 1/2 -> 2/4. K=4: top-1 = 1/2.
    assert best_of_k_exact([3], [3, 1, 0]) == [F(1, 4), F(5, 12), F(1, 2), F(1, 2)]


def test_several_correct():
    # chosen [5, 2], rejected [5, 1]: top score 5 shared by one correct and one incorrect response.
    assert top1([5, 2], [5, 1]) == 0.5
    # (5,5) 1/2, (5,1) 1, (2,5) 0, (2,1) 1 -> 2.5 / 4
    assert pairwise([5, 2], [5, 1]) == 0.625
    # K=2 over 6 subsets: {5c,2c} 1, {5c,5r} 1/2, {5c,1r} 1, {2c,5r} 0, {2c,1r} 1, {5r,1r} 0 -> 3.5/6 = 7/12
    assert best_of_k_exact([5, 2], [5, 1]) == [F(1, 2), F(7, 12), F(1, 2), F(1, 2)]
    assert oracle_best_of_k(2, 2) == [0.5, pytest.approx(5 / 6), 1.0, 1.0]


def test_all_correct_and_all_wrong():
    assert top1([1, 2], []) == 1.0 and pairwise([1, 2], []) is None
    assert best_of_k_exact([1, 2, 2], []) == [F(1)] * 3
    assert top1([], [0, 0]) == 0.0 and pairwise([], [0, 0]) is None and top_tied([], [0, 0])
    assert best_of_k_exact([], [4, 0]) == [F(0), F(0)]
    assert oracle_best_of_k(0, 2) == [0.0, 0.0] and oracle_best_of_k(2, 0) == [1.0, 1.0]


def test_one_right_three_wrong_like_reward_bench_2():
    # a clear win, a clear loss: best-of-1 is chance (1/4), best-of-4 the top-1.
    assert best_of_k_exact([9], [1, 2, 3]) == [F(1, 4), F(1, 2), F(3, 4), F(1)]
    assert best_of_k_exact([0], [1, 2, 3]) == [F(1, 4), F(0), F(0), F(0)]


@pytest.mark.parametrize(
    "chosen,rejected",
    [([3], [3, 1, 0]), ([5, 2], [5, 1]), ([1, 1, 1], [1, 0, 2]), ([0.5, 2, 2, 7], [7, 7, 2, -1, 0])],
)
def test_closed_form_equals_enumeration(chosen, rejected):
    assert best_of_k_exact(chosen, rejected) == brute_force(chosen, rejected)


def prompt(pid, subset, sc, sr):
    return JudgedPrompt(pid, subset, sc, sr)


def test_file_level_averages():
    prompts = [
        prompt("a", "Math", [3.0], [3.0, 1.0, 0.0]),  # top1 1/2, pairwise 5/6, tied, random 1/4
        prompt("b", "Math", [5.0, 2.0], [5.0, 1.0]),  # top1 1/2, pairwise 5/8, tied, random 1/2
        prompt("c", "Math", [1.0, 2.0], []),  # all correct: top1 1, no pairwise, random 1
        prompt("d", "Math", [], [4.0, 0.0]),  # all wrong: top1 0, no pairwise, random 0
        prompt("e", "Coding", [2.0], [1.0]),  # top1 1, pairwise 1, random 1/2
        prompt("f", "Coding", [None], [1.0]),  # a failed score: left out, counted
    ]
    s = score_prompts(prompts, "x.jsonl", bootstrap=0).categories
    math = s["Math"]
    assert math["n"] == 4 and math["failed"] == 0
    assert math["accuracy"] == 50.0  # (1/2 + 1/2 + 1 + 0) / 4
    assert math["pairwise"] == round(100 * (5 / 6 + 5 / 8) / 2, 2) == 72.92 and math["n_pairwise"] == 2
    assert math["random"] == round(100 * (1 / 4 + 1 / 2 + 1 + 0) / 4, 2) == 43.75
    assert math["oracle"] == 75.0  # d has no correct response
    assert math["recovery"] == round(100 * (0.5 - 0.4375) / (0.75 - 0.4375), 2) == 20.0
    assert math["tie_rate"] == 100.0  # among the mixed prompts a and b, both tied at the top
    # K=1: every prompt: (1/4 + 1/2 + 1 + 0)/4; K=3, K=4: only a and b have four responses
    assert math["best_of_k"]["1"] == 43.75
    assert math["best_of_k"]["2"] == round(100 * (5 / 12 + 7 / 12 + 1 + 0) / 4, 2) == 50.0
    assert math["best_of_k"]["3"] == 50.0 and math["best_of_k"]["4"] == 50.0
    assert math["n_best_of_k"] == {"1": 4, "2": 4, "3": 2, "4": 2}
    assert math["oracle_best_of_k"]["4"] == 100.0
    coding = s["Coding"]
    assert coding["n"] == 1 and coding["failed"] == 1 and coding["accuracy"] == 100.0
    overall = s["Overall"]
    assert overall["n"] == 5 and overall["failed"] == 1 and overall["accuracy"] == 60.0
    assert overall["ci95"] is None


def test_intervals_are_seeded_and_bracket_the_mean():
    prompts = [prompt(str(i), "Math", [float(i % 3)], [1.0]) for i in range(50)]
    a = score_prompts(prompts, "x.jsonl", bootstrap=500, seed=1).categories["Math"]
    b = score_prompts(prompts, "x.jsonl", bootstrap=500, seed=1).categories["Math"]
    assert a["ci95"] == b["ci95"] and a["ci95"][0] <= a["accuracy"] <= a["ci95"][1]
    assert a["ci95"][0] < a["ci95"][1]


def test_random_line_follows_the_prompts_at_each_k():
    prompts = [prompt("a", "Math", [1.0], [0.0, 0.0, 0.0]), prompt("b", "Math", [1.0], [0.0])]
    math = score_prompts(prompts, "x.jsonl", bootstrap=0).categories["Math"]
    # K=1, 2: both prompts, shares 1/4 and 1/2; K=3, 4: only a
    assert math["random_best_of_k"] == {"1": 37.5, "2": 37.5, "3": 25.0, "4": 25.0}
    # a perfect judge (the correct response scores highest) reaches the oracle at every K
    assert math["best_of_k"] == math["oracle_best_of_k"] == {"1": 37.5, "2": 75.0, "3": 75.0, "4": 100.0}
