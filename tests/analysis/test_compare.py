"""Paired comparison, exact McNemar and tiers against hand-computed cases and the recorded outputs."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

from judgebench.analysis.compare import compare, compare_files, mcnemar_exact, paired_diff, tiers
from judgebench.analysis.judged import load_judged
from judgebench.analysis.resample import bootstrap_ci
from judgebench.errors import ConfigError, InputError
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


def test_mcnemar_refuses_negative_counts():
    with pytest.raises(ValueError, match="non-negative, got b=-1, c=3"):
        mcnemar_exact(-1, 3)
    with pytest.raises(ValueError, match="got b=2, c=-1"):
        mcnemar_exact(2, -1)


def tail_p(b: int, c: int) -> float:
    """The exact p-value for large n: C(n, i) by the exact integer recurrence, one correctly rounded division."""
    n, k = b + c, min(b, c)
    term = tail = 1
    for i in range(k):
        term = term * (n - i) // (i + 1)
        tail += term
    assert term == math.comb(n, k)
    return min(1.0, 2 * tail / 2**n)


@pytest.mark.parametrize(("b", "c"), [(4900, 5100), (5010, 4990), (4800, 5200)])
def test_mcnemar_exact_to_the_last_bit_up_to_ten_thousand_discordant_pairs(b, c):
    assert b + c == 10_000
    assert mcnemar_exact(b, c) == tail_p(b, c)  # the integer sum, correctly rounded


@pytest.mark.parametrize(("b", "c"), [(4990, 5011), (5011, 4990), (5000, 5300), (4500, 6000), (9000, 10500)])
def test_mcnemar_beyond_ten_thousand_matches_the_exact_tail(b, c):
    # beyond 10,000 discordant pairs the tail is summed in log space: exact to float precision
    assert b + c > 10_000
    assert mcnemar_exact(b, c) == pytest.approx(tail_p(b, c), rel=1e-9)


def test_mcnemar_capped_at_one_for_balanced_large_counts():
    assert mcnemar_exact(5001, 5001) == 1.0
    assert mcnemar_exact(5001, 5002) == 1.0
    assert mcnemar_exact(6000, 6000) == 1.0


def test_an_empty_paired_comparison_has_no_figures():
    d = paired_diff(np.array([], dtype=bool), np.array([], dtype=bool), iterations=100, seed=0)
    assert (d.n, d.acc_a, d.acc_b, d.diff, d.ci95, d.p_value, d.separable) == (0, None, None, None, None, 1.0, False)


def test_paired_interval_is_the_percentile_bootstrap_of_the_difference():
    # 2x2 table (both, only_a, only_b, neither) = (30, 12, 4, 14): the difference is (12 - 4) / 60 = 13.33 points
    a = np.array([True] * 42 + [False] * 18)
    b = np.array([True] * 30 + [False] * 12 + [True] * 4 + [False] * 14)
    d = paired_diff(a, b, iterations=500, seed=7)
    assert (d.both, d.only_a, d.only_b, d.neither, d.diff) == (30, 12, 4, 14, 13.33)
    assert (d.acc_a, d.acc_b) == (70.0, 56.67)
    counts = np.array([30, 12, 4, 14])
    expected = bootstrap_ci(counts, lambda x: 100.0 * (x[:, 1] - x[:, 2]) / x.sum(axis=1), iterations=500, seed=7)
    assert d.ci95 == expected and d.ci95[0] < 13.33 < d.ci95[1]
    assert d.p_value == pytest.approx(exact_p(12, 4)) and not d.separable  # p = 0.0768
    assert paired_diff(a, b, iterations=500, seed=8).ci95 != d.ci95
    swapped = paired_diff(b, a, iterations=500, seed=7)
    assert (swapped.only_a, swapped.only_b, swapped.diff, swapped.p_value) == (4, 12, -13.33, d.p_value)


def test_paired_difference_json():
    a = np.array([True, True, False, False, True])
    b = np.array([True, False, True, False, False])
    d = paired_diff(a, b, iterations=0, seed=0)
    assert d.to_dict() == {
        "n": 5,
        "accuracy_a": 60.0,
        "accuracy_b": 40.0,
        "diff": 20.0,
        "ci95": None,
        "p_value": 1.0,
        "table": {"both": 1, "only_a": 2, "only_b": 1, "neither": 1},
    }
    assert paired_diff(a, b, iterations=50, seed=0).to_dict()["ci95"] == list(
        paired_diff(a, b, iterations=50, seed=0).ci95
    )


def test_each_category_compared_on_its_own_pairs(tmp_path):
    a = load_judged(write_judged(tmp_path / "a.jsonl", J1))
    b = load_judged(write_judged(tmp_path / "b.jsonl", J2, judge_model="judge-two"))
    c = compare(a, b, iterations=0)
    # Knowledge p1-p4: J1 right p1, J2 right p1 p2 p3; Math p5-p8: J1 right p5 p6, J2 p6 p7 p8
    table = {k: (v.n, v.both, v.only_a, v.only_b, v.neither) for k, v in c.categories.items()}
    assert table == {"Knowledge": (4, 1, 0, 2, 1), "Math": (4, 1, 1, 2, 0), "Overall": (8, 2, 1, 4, 1)}
    assert list(c.categories) == ["Knowledge", "Math", "Overall"]
    assert (c.rule, c.judge_a, c.judge_b, c.n_only_in_a, c.n_only_in_b) == ("vote", "judge-one", "judge-two", 0, 0)
    # the first order alone: J1 right on p1 p2 p4 p5 p6 (J2 is consistent: the same pairs as under vote)
    first = compare(a, b, rule="first", iterations=0)
    assert first.rule == "first"
    assert {k: (v.both, v.only_a, v.only_b, v.neither) for k, v in first.categories.items()} == {
        "Knowledge": (2, 1, 1, 0),
        "Math": (1, 1, 2, 0),
        "Overall": (3, 2, 3, 0),
    }


def test_a_category_without_shared_pairs_is_left_out(tmp_path):
    a = load_judged(write_judged(tmp_path / "a.jsonl", J1))
    b = load_judged(write_judged(tmp_path / "b.jsonl", J2[4:], judge_model="judge-two"))
    c = compare(a, b, iterations=0)
    assert list(c.categories) == ["Math", "Overall"]
    assert (c.n_only_in_a, c.n_only_in_b, c.categories["Overall"].n) == (4, 0, 4)
    back = compare(b, a, iterations=0)
    assert (back.n_only_in_a, back.n_only_in_b, back.categories["Math"].only_b) == (0, 4, 1)


def test_comparison_json_names_both_files_and_judges(tmp_path):
    pa = write_judged(tmp_path / "a.jsonl", J1)
    pb = write_judged(tmp_path / "b.jsonl", J2[:6], judge_model="judge-two", judge_name="pairwise")
    c = compare(load_judged(pa), load_judged(pb), iterations=0)
    data = c.to_dict()
    assert {k: v for k, v in data.items() if k != "categories"} == {
        "file_a": pa,
        "file_b": pb,
        "judge_name_a": "arena_hard",
        "judge_model_a": "judge-one",
        "judge_name_b": "pairwise",
        "judge_model_b": "judge-two",
        "rule": "vote",
        "pairs_only_in_a": 2,
        "pairs_only_in_b": 0,
    }
    assert data["categories"] == {k: v.to_dict() for k, v in c.categories.items()}
    assert list(data["categories"]) == ["Knowledge", "Math", "Overall"]


def test_recorded_intervals_with_the_default_draws_and_seed():
    o1, sky = load_judged(O1_MINI), load_judged(SKYWORK)
    c = compare(o1, sky)
    assert {k: (v.n, v.diff, v.ci95) for k, v in c.categories.items()} == {
        "Knowledge": (154, -0.65, (-9.09, 7.79)),
        "Reasoning": (98, -2.04, (-13.27, 9.18)),
        "Math": (56, 5.36, (-8.93, 19.64)),
        "Coding": (42, 28.57, (9.52, 50.0)),
        "Overall": (350, 3.43, (-2.57, 9.71)),
    }
    assert c.categories["Coding"].separable and not c.categories["Overall"].separable
    # 1000 draws: 999 or 1001 move the upper bound of Skywork against GRM on Reasoning (19.44, 19.39)
    reasoning = compare(sky, load_judged(GRM)).categories["Reasoning"]
    assert (reasoning.n, reasoning.diff, reasoning.ci95) == (98, 11.22, (2.04, 19.41)) and reasoning.separable


def test_tiers_on_the_pairs_every_file_holds(tmp_path):
    # A holds p0..p19 (right on all), B holds p0..p9 (right on p0..p6): 10 pairs in common
    a_rows = [(f"p{i}", K, "A>B", consistent("A"), 1, 1) for i in range(20)]
    b_rows = [(f"p{i}", K, "A>B", consistent("A" if i < 7 else "B"), 1, 1) for i in range(10)]
    a = load_judged(write_judged(tmp_path / "a.jsonl", a_rows, judge_model="A"))
    b = load_judged(write_judged(tmp_path / "b.jsonl", b_rows, judge_model="B"))
    rows = tiers([b, a], iterations=0)
    assert [(r.judge, r.accuracy, r.tier) for r in rows] == [("A", 100.0, 1), ("B", 70.0, 1)]
    assert (rows[1].vs_leader.n, rows[1].vs_leader.only_a, rows[1].vs_leader.diff) == (10, 3, 30.0)
    c_rows = [(f"q{i}", K, "A>B", consistent("A"), 1, 1) for i in range(3)]
    c = load_judged(write_judged(tmp_path / "c.jsonl", c_rows, judge_model="C"))
    with pytest.raises(InputError, match="the files share no pair_id"):
        tiers([a, b, c], iterations=0)


def test_equal_accuracy_ranks_by_name_and_three_tiers(tmp_path):
    def judge(name, n_right, n=40):
        rows = [(f"p{i}", K, "A>B", consistent("A" if i < n_right else "B"), 1, 1) for i in range(n)]
        return load_judged(write_judged(tmp_path / f"{name}.jsonl", rows, judge_model=name))

    # 40 pairs: "b" and "a" right on all; "m" on 30 (vs a: 10 discordant, p = 2/1024); "z" on 20 (vs m: p = 2/1024)
    rows = tiers([judge("z", 20), judge("b", 40), judge("m", 30), judge("a", 40)], iterations=0)
    assert [(r.judge, r.accuracy, r.tier) for r in rows] == [
        ("a", 100.0, 1),
        ("b", 100.0, 1),
        ("m", 75.0, 2),
        ("z", 50.0, 3),
    ]
    assert rows[1].vs_leader.p_value == 1.0 and rows[1].vs_leader.diff == 0.0
    assert rows[2].vs_leader.p_value == pytest.approx(2 / 1024) and rows[2].vs_leader.acc_a == 100.0
    assert rows[3].vs_leader.p_value == pytest.approx(2 / 1024) and rows[3].vs_leader.acc_a == 75.0
    assert rows[0].to_dict() == {
        "file": str(tmp_path / "a.jsonl"),
        "judge_name": "arena_hard",
        "judge_model": "a",
        "accuracy": 100.0,
        "tier": 1,
        "vs_leader": None,
    }
    assert rows[3].to_dict()["vs_leader"] == rows[3].vs_leader.to_dict()


def test_compare_files_gives_the_comparison_only_for_two(tmp_path):
    pa = write_judged(tmp_path / "a.jsonl", J1)
    pb = write_judged(tmp_path / "b.jsonl", J2, judge_model="judge-two")
    two = compare_files([pa, pb], iterations=0)
    assert two.comparison is not None and two.comparison.file_a == pa and two.comparison.file_b == pb
    assert [(r.judge, r.accuracy) for r in two.tiers] == [("judge-two", 75.0), ("judge-one", 37.5)]  # vote rule
    assert [r.accuracy for r in tiers([load_judged(pb), load_judged(pa)], iterations=0)] == [75.0, 37.5]
    assert two.comparison.rule == "vote" and two.comparison.categories["Overall"].acc_a == 37.5
    data = two.to_dict()
    assert data == {"tiers": [r.to_dict() for r in two.tiers], "comparison": two.comparison.to_dict()}
    first = compare_files([pa, pb], rule="first", iterations=0)
    assert first.comparison.rule == "first" and first.tiers[1].accuracy == 62.5  # J1 first order: 5/8
    three = compare_files([pa, pb, write_judged(tmp_path / "c.jsonl", J2, judge_model="judge-three")], iterations=0)
    assert three.comparison is None and "comparison" not in three.to_dict() and len(three.tiers) == 3
    with pytest.raises(ConfigError, match="analyze compare needs at least 2 files"):
        compare_files([pa])


def test_compare_files_default_draws_on_the_recorded_outputs():
    result = compare_files([str(GRM), str(SKYWORK), str(O1_MINI)])
    assert result.comparison is None
    assert [(r.judge, r.tier, r.vs_leader and r.vs_leader.ci95) for r in result.tiers] == [
        ("o1-mini-2024-09-12", 1, None),
        ("Skywork/Skywork-Reward-Llama-3.1-8B", 1, (-2.57, 9.71)),
        ("Ray2333/GRM-Gemma-2B-rewardmodel-ft", 1, (-0.01, 13.43)),
    ]
    pair = compare_files([str(O1_MINI), str(SKYWORK)])
    assert pair.comparison.categories["Overall"].ci95 == (-2.57, 9.71)
    assert pair.tiers[1].vs_leader.ci95 == (-2.57, 9.71)


def test_tiers_and_the_command_draw_1000_times_by_default(tmp_path):
    # Skywork against GRM on the 98 Reasoning pairs: 999 or 1001 draws move the upper bound (19.44, 19.39)
    def reasoning(path, name):
        lines = [line for line in path.read_text().splitlines() if '"livebench-reasoning"' in line]
        out = tmp_path / name
        out.write_text("\n".join(lines) + "\n")
        return load_judged(out)

    sky, grm = reasoning(SKYWORK, "sky.jsonl"), reasoning(GRM, "grm.jsonl")
    rows = tiers([grm, sky])
    assert [(r.judge, r.tier) for r in rows] == [
        ("Skywork/Skywork-Reward-Llama-3.1-8B", 1),
        ("Ray2333/GRM-Gemma-2B-rewardmodel-ft", 2),
    ]
    assert (rows[1].vs_leader.n, rows[1].vs_leader.diff, rows[1].vs_leader.ci95) == (98, 11.22, (2.04, 19.41))
    assert rows[1].vs_leader.to_dict() == tiers([sky, grm], iterations=1000, seed=0)[1].vs_leader.to_dict()
    both = compare_files([str(SKYWORK), str(GRM)])
    assert both.comparison.categories["Reasoning"].ci95 == (2.04, 19.41)


def test_tiers_need_every_file_to_hold_the_pair_and_name_the_first_file(tmp_path):
    rows_a = [(f"p{i}", K, "A>B", consistent("A"), 1, 1) for i in range(6)]
    rows_b = [(f"p{i}", K, "A>B", consistent("A" if i % 2 else "B"), 1, 1) for i in range(4)]
    a = load_judged(write_judged(tmp_path / "a.jsonl", rows_a, judge_model="A"))
    b = load_judged(write_judged(tmp_path / "b.jsonl", rows_b, judge_model="B"))
    c = load_judged(write_judged(tmp_path / "c.jsonl", rows_a[2:], judge_model="C"))
    # the pairs all three hold: p2 p3
    assert [(r.judge, r.accuracy) for r in tiers([a, b, c], iterations=0)] == [("A", 100.0), ("C", 100.0), ("B", 50.0)]
    assert [r.vs_leader.n for r in tiers([a, b, c], iterations=0)[1:]] == [2, 2]
    z = load_judged(write_judged(tmp_path / "z.jsonl", [("zz", K, "A>B", consistent("A"), 1, 1)], judge_model="Z"))
    with pytest.raises(InputError, match="the files share no pair_id") as err:
        tiers([a, b, z], iterations=0)
    assert err.value.path == a.path
