"""Self-preference: a hand-worked judge on its own split (J1's verdicts) and another split (J2's)."""

from __future__ import annotations

import pytest

from judgebench.analysis.judged import load_judged
from judgebench.analysis.self_preference import family, pick_own, self_preference
from judgebench.errors import ConfigError
from tests.analysis.fixtures import J1, J2, write_judged

JUDGE = "claude-3-haiku-20240307"


@pytest.fixture
def splits(tmp_path):
    own = write_judged(tmp_path / "own.jsonl", J1, judge_model=JUDGE, response_model="claude-3-5-sonnet-20240620")
    # the other split: other pair ids, questions q1..q4 shared with the own split, r5..r8 not
    other_rows = [(f"o{pid}", *rest) for pid, *rest in J2]
    questions = ["qp1", "qp2", "qp3", "qp4", "r5", "r6", "r7", "r8"]
    other = write_judged(
        tmp_path / "other.jsonl", other_rows, judge_model=JUDGE, response_model="gpt-4o-2024-05-13", questions=questions
    )
    return load_judged(own), load_judged(other)


def test_family():
    assert family("claude-3-5-sonnet-20240620") == family(JUDGE) == "anthropic"
    assert family("gpt-4o-2024-05-13") == family("o1-mini-2024-09-12") == "openai"
    assert family("meta-llama_Meta-Llama-3.1-70B-Instruct") == "meta"
    assert family("acme-7b") == "acme" and family(None) is None


def test_by_hand(splits):
    own, other = pick_own(*reversed(splits))
    assert own.response_model.startswith("claude")
    r = self_preference(own, other, iterations=500)
    # own (J1) right on 3/8, other (J2) on 6/8
    assert (r.own.accuracy.value, r.other.accuracy.value) == (37.5, 75.0)
    value, ci = r.gap["Overall"]
    assert value == -37.5 and ci[0] <= value <= ci[1]
    # Knowledge: 1/4 vs 3/4; Math: 2/4 vs 3/4
    assert (r.gap["Knowledge"][0], r.gap["Math"][0]) == (-50.0, -25.0)
    # own errors: consistently wrong p3 (1/8), flips p2 p4 (2/8); wrong decisions by slot:
    # p2 order 2 (slot A), p3 both orders (A, B), p4 order 2 (slot B), p8 order 1 (slot A) -> 3 of 5 in slot A
    assert (r.own.consistent_wrong.k, r.own.flip_rate.k) == (1, 2)
    assert (r.own.wrong_picks_first_slot.k, r.own.wrong_picks_first_slot.n) == (3, 5)
    # other: wrong on p4 and p5, each wrong in both orders, once per slot -> 2 of 4
    assert (r.other.consistent_wrong.k, r.other.flip_rate.k, r.other.wrong_picks_first_slot.value) == (2, 0, 50.0)
    # shared questions q1..q4: own right on q1, other on q1 q2 q3 -> only_b 2, McNemar p = 2 * 1/4
    s = r.shared_questions
    assert (s.n, s.acc_a, s.acc_b, s.only_a, s.only_b, s.p_value) == (4, 25.0, 75.0, 0, 2, 0.5)


def test_needs_one_judge_and_an_own_split(splits, tmp_path):
    own, other = splits
    stranger = load_judged(write_judged(tmp_path / "x.jsonl", J2, judge_model="gpt-4o-2024-05-13"))
    with pytest.raises(ConfigError, match="one judge model"):
        pick_own(own, stranger)
    both_other = load_judged(write_judged(tmp_path / "y.jsonl", J2, judge_model=JUDGE))
    with pytest.raises(ConfigError, match="cannot tell"):
        pick_own(other, both_other)


def test_a_file_read_without_question_digests_cannot_be_matched_by_question(tmp_path):
    a = write_judged(tmp_path / "a.jsonl", J1, judge_model=JUDGE, response_model="claude-3-5-sonnet-20240620")
    b = write_judged(tmp_path / "b.jsonl", J2, judge_model=JUDGE, response_model="gpt-4o-2024-05-13")
    with pytest.raises(ValueError, match="without question digests"):
        self_preference(load_judged(a, questions=False), load_judged(b), iterations=0)
    # read with them (the default), the same files are matched on their shared questions
    shared = self_preference(load_judged(a), load_judged(b), iterations=0).shared_questions
    assert shared is not None and shared.n == len(J1)
