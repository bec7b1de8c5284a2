"""Position bias against the hand-worked judge J1 (see fixtures.py) and on the recorded o1-mini outputs."""

from __future__ import annotations

import pytest

from judgebench.analysis.judged import load_judged
from judgebench.analysis.position import _SLOT_TYPES, pair_kind, position_bias, rules, same_slot
from judgebench.analysis.resample import bootstrap_ci, type_counts
from judgebench.metrics.scorecard import score_file
from tests.analysis.fixtures import J1, K, write_judged
from tests.conftest import GRM, O1_MINI


@pytest.fixture
def j1(tmp_path):
    return load_judged(write_judged(tmp_path / "j1.jsonl", J1))


def shares(cell):
    return {k: (v.k, v.n, v.value) for k, v in cell.kinds.items()}


def test_overall_by_hand(j1):
    o = position_bias(j1, iterations=200).categories["Overall"]
    # consistent right p1 p5 p6, wrong p3, tie p7, inconsistent p2 p4 p8 — of 8 two-order pairs
    assert shares(o) == {
        "consistent_right": (3, 8, 37.5),
        "consistent_wrong": (1, 8, 12.5),
        "consistent_tie": (1, 8, 12.5),
        "inconsistent": (3, 8, 37.5),
    }
    # flips: p2 picks slot A twice, p4 slot B twice; p8 is inconsistent through a tie, not a flip
    assert (o.flip_rate.k, o.flip_rate.n, o.slot_a_twice, o.slot_b_twice) == (2, 8, 1, 1)
    # decisive decisions in the first slot: p1 1/2, p2 2/2, p3 1/2, p4 0/2, p5 1/2, p6 1/2, p7 0/0, p8 1/1 = 7/13
    assert (o.first_slot.k, o.first_slot.n, o.first_slot.value) == (7, 13, 53.85)
    # vote: p1 p5 p6 = 3/8; first order: p1 p2 p4 p5 p6 = 5/8; both agree: p1 p5 p6 = 3/8
    assert {r: (s.k, s.value) for r, s in o.accuracy.items()} == {
        "vote": (3, 37.5),
        "first": (5, 62.5),
        "agree": (3, 37.5),
    }
    assert (o.two_order, o.single_order) == (8, 0)


def test_per_category_by_hand(j1):
    res = position_bias(j1, iterations=200)
    assert list(res.categories) == ["Knowledge", "Math", "Overall"]
    k, m = res.categories["Knowledge"], res.categories["Math"]
    # Knowledge p1-p4: right p1, wrong p3, inconsistent p2 p4 (both flips); first-slot 1+2+1+0 of 8
    assert [s.k for s in k.kinds.values()] == [1, 1, 0, 2]
    assert (k.flip_rate.value, k.first_slot.value, k.accuracy["first"].value) == (50.0, 50.0, 75.0)
    # Math p5-p8: right p5 p6, tie p7, inconsistent p8; first-slot 1+1+0+1 of 5
    assert [s.k for s in m.kinds.values()] == [2, 0, 1, 1]
    assert (m.flip_rate.value, m.first_slot.value, m.accuracy["vote"].value) == (0.0, 60.0, 50.0)


def test_intervals_are_seeded_and_bracket_the_value(j1):
    a = position_bias(j1, iterations=300, seed=1).categories["Overall"]
    b = position_bias(j1, iterations=300, seed=1).categories["Overall"]
    c = position_bias(j1, iterations=300, seed=2).categories["Overall"]
    assert a.to_dict() == b.to_dict()
    assert a.first_slot.ci95 != c.first_slot.ci95 or a.flip_rate.ci95 != c.flip_rate.ci95
    for share in [*a.kinds.values(), a.flip_rate, a.first_slot, *a.accuracy.values()]:
        lo, hi = share.ci95
        assert lo <= share.value <= hi


def test_single_order_pairs_count_in_accuracy_only(tmp_path):
    rows = [("s1", K, "A>B", ["A>B"], 1, 2), ("s2", K, "B>A", ["A>B", "A>B"], 1, 2)]
    o = position_bias(load_judged(write_judged(tmp_path / "s.jsonl", rows)), iterations=0).categories["Overall"]
    # s1 is single-order: right under vote and first; s2 flips (slot A twice), vote 0
    assert (o.two_order, o.single_order, o.flip_rate.k, o.flip_rate.n) == (1, 1, 1, 1)
    assert (o.accuracy["vote"].k, o.accuracy["vote"].n, o.accuracy["first"].k) == (1, 2, 1)
    assert o.first_slot.ci95 is None  # no draws asked for


def test_recorded_o1_mini():
    jf = load_judged(O1_MINI)
    o = position_bias(jf, iterations=1000).categories["Overall"]
    # 110 position-inconsistent pairs, as judgebench score counts them
    assert o.kinds["inconsistent"].k == score_file(O1_MINI, bootstrap=0).inconsistent_pairs == 110
    assert (o.kinds["consistent_right"].value, o.kinds["consistent_wrong"].value) == (58.0, 9.14)
    assert (o.flip_rate.value, o.slot_a_twice, o.slot_b_twice) == (21.71, 58, 18)
    assert o.first_slot.value == 55.95 and o.first_slot.ci95[0] > 50  # a real first-slot preference
    assert {r: s.value for r, s in o.accuracy.items()} == {"vote": 65.71, "first": 70.86, "agree": 58.0}


def test_recorded_reward_model_is_position_free():
    o = position_bias(load_judged(GRM), iterations=100).categories["Overall"]
    # a reward model scores each response alone: never inconsistent, first-slot exactly half
    assert (o.kinds["inconsistent"].k, o.flip_rate.k, o.first_slot.value) == (0, 0, 50.0)
    assert o.accuracy["vote"].value == o.accuracy["first"].value == 59.43


def test_the_default_draws_and_seed_are_the_scores(tmp_path):
    # position_bias's defaults (1000 draws, seed 0) give the intervals `judgebench score` quotes for the same
    # pairs; 999 draws move Reasoning's upper bound, seed 1 moves Overall's flip-rate interval
    from judgebench.analysis.position import position_files

    jf = load_judged(O1_MINI)
    default = position_bias(jf)
    assert default.categories["Reasoning"].accuracy["vote"].ci95 == (53.06, 71.45)
    assert default.categories["Overall"].flip_rate.ci95 == (17.71, 26.29)
    assert position_bias(jf, iterations=999).categories["Reasoning"].accuracy["vote"].ci95 != (53.06, 71.45)
    assert position_bias(jf, seed=1).categories["Overall"].flip_rate.ci95 != (17.71, 26.29)
    # the command's entry point: one result per file, the same figures
    (only,) = position_files([O1_MINI]).items
    assert only.categories["Overall"].flip_rate.ci95 == (17.71, 26.29)


def test_json_of_a_category(j1):
    res = position_bias(j1, iterations=0)
    data = res.to_dict()
    assert {k: v for k, v in data.items() if k != "categories"} == {
        "file": j1.path,
        "judge_name": "arena_hard",
        "judge_model": "judge-one",
        "response_model": "gpt-4o-2024-05-13",
    }
    assert list(data["categories"]) == ["Knowledge", "Math", "Overall"]

    def share(k, n):
        return {"value": round(100 * k / n, 2), "k": k, "n": n, "ci95": None}

    assert data["categories"]["Overall"] == {
        "two_order_pairs": 8,
        "single_order_pairs": 0,
        "consistent_right": share(3, 8),
        "consistent_wrong": share(1, 8),
        "consistent_tie": share(1, 8),
        "inconsistent": share(3, 8),
        "flip_rate": share(2, 8),
        "slot_a_twice": 1,
        "slot_b_twice": 1,
        "first_slot_preference": share(7, 13),
        "accuracy": {"vote": share(3, 8), "first": share(5, 8), "agree": share(3, 8)},
        "agreement": share(5, 8),
    }
    assert res.judge == "judge-one"


def test_first_slot_interval_only_with_decisive_verdicts(tmp_path):
    ties = [(f"t{i}", K, "A>B", ["A=B", "A=B"], 1, 1) for i in range(3)]
    cell = position_bias(load_judged(write_judged(tmp_path / "t.jsonl", ties)), iterations=200).categories["Overall"]
    assert (cell.first_slot.k, cell.first_slot.n, cell.first_slot.value, cell.first_slot.ci95) == (0, 0, None, None)
    assert cell.kinds["consistent_tie"].k == 3 and cell.agreement.k == 3
    # one pair picking slot A twice, one picking response A in both orders: 3 of 4 decisive verdicts in slot A
    rows = [("a", K, "A>B", ["A>B", "A>B"], 1, 1), ("b", K, "A>B", ["A>B", "B>A"], 1, 1)]
    cell = position_bias(load_judged(write_judged(tmp_path / "d.jsonl", rows)), iterations=200, seed=2)
    first = cell.categories["Overall"].first_slot
    assert (first.k, first.n, first.value) == (3, 4, 75.0)
    # pair types (first-slot picks, decisive verdicts): (2, 2) once, (1, 2) once
    counts = type_counts([(2, 2), (1, 2)], _SLOT_TYPES)
    assert first.ci95 == bootstrap_ci(counts, lambda d: 100.0 * (d @ [0, 0, 1, 0, 1, 2]) / (d @ [0, 1, 1, 2, 2, 2]),
                                      iterations=200, seed=2)  # fmt: skip


def test_rules_reported():
    assert rules() == ["vote", "first", "agree"]  # the built-in rules that count pairs
    assert "second" not in rules() and "average" not in rules()


def test_same_slot_and_pair_kind_by_hand():
    assert same_slot(["A>B", "A>B"]) == "A" and same_slot(["B>A", "B>A"]) == "B"
    for decisions in (["A>B", "B>A"], ["A=B", "A=B"], [None, None], ["A>B"], [], ["B>A", "B>A", "B>A"]):
        assert same_slot(decisions) is None
    assert pair_kind("A>B", ["A>B", "A>B"]) == "consistent_right"
    assert pair_kind("B>A", ["A>B", "A>B"]) == "consistent_wrong"
    assert pair_kind("A>B", ["A=B", "A=B"]) == pair_kind("A>B", [None, None]) == "consistent_tie"
    assert pair_kind("A>B", ["A>B", "A=B"]) == pair_kind("B>A", ["B>A", None]) == "inconsistent"


def test_the_command_draws_1000_times_by_default():
    from judgebench.analysis.position import position_files

    (only,) = position_files([O1_MINI]).items
    # 999 or 1001 draws move Reasoning's vote interval and Knowledge's inconsistent-pair interval
    assert only.categories["Reasoning"].accuracy["vote"].ci95 == (53.06, 71.45)
    want = position_bias(load_judged(O1_MINI), iterations=1000, seed=0).categories["Knowledge"].kinds["inconsistent"]
    assert only.categories["Knowledge"].kinds["inconsistent"].ci95 == want.ci95
    assert (
        want.ci95
        != position_bias(load_judged(O1_MINI), iterations=1001).categories["Knowledge"].kinds["inconsistent"].ci95
    )
