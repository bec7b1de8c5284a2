"""Self-preference: a hand-worked judge on its own split (J1's verdicts) and another split (J2's)."""

from __future__ import annotations

import pytest

from judgebench.analysis.judged import load_judged
from judgebench.analysis.self_preference import family, pick_own, self_preference, self_preference_files
from judgebench.errors import ConfigError
from tests.analysis.fixtures import J1, J2, K, M, write_judged

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


def test_families_of_the_usual_model_names():
    names = {
        "chatgpt-4o-latest": "openai",
        "o3-mini": "openai",
        "openai/gpt-4.1": "openai",
        "gemini-1.5-pro": "google",
        "google/gemma-2-9b-it": "google",
        "Qwen/Qwen2.5-72B-Instruct": "qwen",
        "qwen2-7b": "qwen",
        "mistralai/Mistral-7B-Instruct": "mistral",
        "mixtral-8x7b": "mistral",
        "deepseek-ai/DeepSeek-V3": "deepseek",
        "anthropic.claude-3-haiku": "anthropic",
        "Skywork/Skywork-Reward-Llama-3.1-8B": "meta",
        "acme:latest": "acme",
    }
    assert {n: family(n) for n in names} == names
    assert family("") is None and family("--/") is None


def _rows(decisions: list[tuple[str, list[str | None]]]) -> list:
    return [(f"s{i}", K if i % 2 else M, lab, d, 1, 2) for i, (lab, d) in enumerate(decisions)]


def test_single_order_pairs_count_in_accuracy_and_wrong_picks_only(tmp_path):
    # s0 (Math) one order, wrong, picks B; s1 (Knowledge) one order, right; s2 (Math) both orders pick slot A
    own_rows = _rows([("A>B", ["B>A"]), ("B>A", ["B>A"]), ("A>B", ["A>B", "A>B"])])
    own = load_judged(write_judged(tmp_path / "own.jsonl", own_rows, judge_model=JUDGE, response_model="claude-x"))
    other = load_judged(write_judged(tmp_path / "o.jsonl", J2, judge_model=JUDGE, response_model="gpt-4o"))
    r = self_preference(own, other, iterations=0)
    e = r.own
    assert (e.accuracy.k, e.accuracy.n) == (1, 3)  # s2's orders cancel under the vote
    assert (e.consistent_wrong.k, e.consistent_wrong.n, e.flip_rate.k, e.flip_rate.n) == (0, 1, 1, 1)
    # wrong decisions: s0 (response B, shown second), s2's second order (response B, shown first)
    assert (e.wrong_picks_first_slot.k, e.wrong_picks_first_slot.n) == (1, 2)
    assert r.gap["Overall"][0] == round(100 * (1 / 3 - 6 / 8), 2)
    assert (r.gap["Math"][0], r.gap["Knowledge"][0]) == (round(100 * (0 / 2 - 3 / 4), 2), 100.0 - 75.0)


def test_a_category_only_one_split_holds_has_no_gap_and_every_field_in_json(tmp_path):
    own_rows = [("k1", K, "A>B", ["A>B", "B>A"], 1, 2), ("k2", K, "A>B", ["B>A", "A>B"], 1, 2)]
    own_path = write_judged(tmp_path / "own.jsonl", own_rows, judge_model=JUDGE, response_model="claude-x")
    other_rows = [(pid, *rest) for pid, *rest in J2[4:]]  # Math only
    other_path = write_judged(tmp_path / "o.jsonl", other_rows, judge_model=JUDGE, response_model="gpt-4o")
    r = self_preference(load_judged(own_path), load_judged(other_path), iterations=0)
    assert list(r.gap) == ["Overall"] and r.gap["Overall"] == (50.0 - 75.0, None)
    assert r.shared_questions is None  # no question in common
    data = r.to_dict()
    assert data == {
        "judge_name": "arena_hard",
        "judge_model": JUDGE,
        "own_file": own_path,
        "other_file": other_path,
        "own_response_model": "claude-x",
        "other_response_model": "gpt-4o",
        "own": r.own.to_dict(),
        "other": r.other.to_dict(),
        "gap": {"Overall": {"value": -25.0, "ci95": None}},
        "shared_questions": None,
    }
    assert data["own"] == {
        "accuracy": {"value": 50.0, "k": 1, "n": 2, "ci95": None},
        "consistent_wrong": {"value": 50.0, "k": 1, "n": 2, "ci95": None},
        "flip_rate": {"value": 0.0, "k": 0, "n": 2, "ci95": None},
        "wrong_picks_first_slot": {"value": 50.0, "k": 1, "n": 2, "ci95": None},
    }


def test_shared_questions_paired_once_each_by_their_first_pair(tmp_path):
    # own: q1 right, q1 again (wrong: not paired again), q2 wrong; other: q1 wrong then right, q2 right
    own_rows = [("a1", K, "A>B", ["A>B", "B>A"], 1, 2), ("a2", K, "A>B", ["B>A", "A>B"], 1, 2)]
    own_rows += [("a3", K, "A>B", ["B>A", "A>B"], 1, 2)]
    own_path = write_judged(tmp_path / "own.jsonl", own_rows, judge_model=JUDGE, response_model="claude-x",
                            questions=["q1", "q1", "q2"])  # fmt: skip
    other_rows = [("b1", K, "A>B", ["B>A", "A>B"], 1, 2), ("b2", K, "A>B", ["A>B", "B>A"], 1, 2)]
    other_rows += [("b3", K, "A>B", ["A>B", "B>A"], 1, 2)]
    other_path = write_judged(tmp_path / "o.jsonl", other_rows, judge_model=JUDGE, response_model="gpt-4o",
                              questions=["q1", "q1", "q2"])  # fmt: skip
    s = self_preference(load_judged(own_path), load_judged(other_path), iterations=0).shared_questions
    # q1: own a1 right, other b1 wrong; q2: own a3 wrong, other b3 right
    assert (s.n, s.both, s.only_a, s.only_b, s.neither) == (2, 0, 1, 1, 0)


def test_files_the_own_split_first_or_second_and_the_refusals(splits, tmp_path):
    own, other = splits
    by_family = self_preference_files([other.path, own.path], iterations=0)
    assert (by_family.own_file, by_family.other_file) == (own.path, other.path)
    told = self_preference_files([own.path, other.path], own=other.path, iterations=0)
    assert (told.own_file, told.other_file, told.own.accuracy.value) == (other.path, own.path, 75.0)
    told = self_preference_files([other.path, own.path], own=own.path, iterations=0)
    assert (told.own_file, told.other_file) == (own.path, other.path)
    with pytest.raises(ConfigError, match="needs two files"):
        self_preference_files([own.path])
    with pytest.raises(ConfigError, match="needs two files"):
        self_preference_files([own.path, other.path, other.path])
    with pytest.raises(ConfigError, match="is neither of the two files"):
        self_preference_files([own.path, other.path], own=str(tmp_path / "missing.jsonl"))
    (tmp_path / "third.jsonl").write_text("")
    with pytest.raises(ConfigError, match="is neither of the two files"):
        self_preference_files([own.path, other.path], own=str(tmp_path / "third.jsonl"))


def test_default_draws_and_seed(splits):
    own, other = splits
    default = self_preference(own, other)
    assert default.to_dict() == self_preference(own, other, iterations=1000, seed=0).to_dict()
    assert default.to_dict() == self_preference_files([own.path, other.path]).to_dict()
    assert default.to_dict() != self_preference(own, other, iterations=999).to_dict()
    assert default.to_dict() != self_preference(own, other, seed=1).to_dict()
    assert default.gap["Overall"][1] is not None and default.shared_questions.ci95 is not None
