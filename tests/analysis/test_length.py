"""Length baselines and a judge's length preference against the hand-worked J1 and the recorded pairs."""

from __future__ import annotations

from judgebench.analysis.judged import load_judged
from judgebench.analysis.length import length_analysis, random_picks
from tests.analysis.fixtures import J1, write_judged
from tests.conftest import GPT_PAIRS, O1_MINI


def test_baselines_and_preference_by_hand(tmp_path):
    res = length_analysis(load_judged(write_judged(tmp_path / "j1.jsonl", J1)), iterations=200)
    o = res.categories["Overall"]
    # correct response longer in p1 p3 p5 p8 of the 7 pairs of unequal length (p4 equal)
    assert (o.n, o.equal_length, o.correct_is_longer.k, o.correct_is_longer.n) == (8, 1, 4, 7)
    assert o.correct_is_longer.value == 57.14
    b = {k: (v.k, v.n) for k, v in o.baselines.items()}
    # always A: 0 under the vote rule (its two orders cancel); first order = labels A>B (p1 p2 p5 p7)
    # longer wins: right on p1 p3 p5 p8, the equal-length p4 is a tie, never right
    assert b["always_a_vote"] == (0, 8) and b["always_a_first"] == (4, 8) and b["longer_wins"] == (4, 8)
    # J1's verdicts on unequal pairs: p1 A (longer), p3 A (shorter), p5 A (longer), p6 B (shorter), p8 A (shorter)
    assert (o.prefers_longer.k, o.prefers_longer.n, o.prefers_longer.value) == (2, 5, 40.0)
    # vote-right: of p1 p3 p5 p8 (longer correct) p1 p5; of p2 p6 p7 (shorter correct) p6
    assert (o.accuracy_when_longer_correct.k, o.accuracy_when_longer_correct.n) == (2, 4)
    assert (o.accuracy_when_shorter_correct.k, o.accuracy_when_shorter_correct.n) == (1, 3)
    assert o.judge_accuracy.value == 37.5
    k = res.categories["Knowledge"]
    # Knowledge p1..p4: unequal p1 p2 p3, correct longer p1 p3
    assert (k.correct_is_longer.k, k.correct_is_longer.n, k.baselines["longer_wins"].value) == (2, 3, 50.0)


def test_random_baseline_is_a_function_of_seed_and_pair_id():
    ids = [f"id-{i}" for i in range(4000)]
    picks = random_picks(ids, seed=0)
    assert list(random_picks(ids[::-1], seed=0)) == list(picks[::-1])  # order does not matter
    assert (random_picks(ids, seed=1) != picks).any()
    assert 0.47 < picks.mean() < 0.53  # a fair coin


def test_pairs_file_gives_baselines_only():
    res = length_analysis(load_judged(GPT_PAIRS, require_judgments=False))
    o = res.categories["Overall"]
    assert res.judge is None and o.prefers_longer is None
    assert (o.baselines["always_a_vote"].k, o.baselines["always_a_vote"].n) == (0, 350)  # scored in two orders
    # the 350 GPT-4o pairs: 193 labelled A>B; the correct response is the longer one in 161
    assert (o.baselines["always_a_first"].k, o.baselines["longer_wins"].k, o.baselines["random"].value) == (
        193,
        161,
        52.0,
    )


def test_recorded_o1_mini():
    o = length_analysis(load_judged(O1_MINI)).categories["Overall"]
    assert (o.correct_is_longer.value, o.baselines["always_a_first"].value, o.baselines["longer_wins"].value) == (
        46.0,
        55.14,
        46.0,
    )
    # o1-mini does not chase length: it prefers the longer response in 124 of 269 decided pairs
    assert (o.prefers_longer.k, o.prefers_longer.n, o.prefers_longer.value) == (124, 269, 46.1)
    assert (o.accuracy_when_longer_correct.value, o.accuracy_when_shorter_correct.value) == (65.84, 65.61)


def test_always_a_under_the_vote_rule_on_a_single_order_file_is_the_share_of_a_labels(tmp_path):
    """A single-order file is scored by plain accuracy: always-A is right on every A>B pair, not 0."""
    import json

    rows = [json.loads(line) for line in O1_MINI.read_text(encoding="utf-8").splitlines()]
    for row in rows:
        row["judgments"] = row["judgments"][:1]
    single = tmp_path / "single.jsonl"
    single.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    o = length_analysis(load_judged(single)).categories["Overall"]
    assert (o.baselines["always_a_vote"].k, o.baselines["always_a_vote"].n) == (193, 350)  # 193 pairs are A>B
    assert o.baselines["always_a_vote"].value == o.baselines["always_a_first"].value == 55.14
    both = length_analysis(load_judged(O1_MINI)).categories["Overall"]
    assert both.baselines["always_a_vote"].k == 0  # two orders: they cancel


def test_equal_length_pairs_are_never_won_by_length_and_left_out_of_the_preference(tmp_path):
    from judgebench.metrics.bootstrap import rng_for

    rows = [
        ("e1", "mmlu-pro-law", "A>B", ["A>B", "B>A"], 5, 5),  # equal, judge right (A)
        ("e2", "mmlu-pro-law", "B>A", ["B>A", "A>B"], 5, 5),  # equal, judge right (B)
        ("e3", "mmlu-pro-law", "A>B", ["B>A", "A>B"], 4, 6),  # judge picks B, the longer, wrong
        ("e4", "mmlu-pro-law", "B>A", ["A>B", "B>A"], 3, 7),  # judge picks A, the shorter, wrong
    ]
    res = length_analysis(load_judged(write_judged(tmp_path / "eq.jsonl", rows)), iterations=100, seed=3)
    o = res.categories["Overall"]
    assert (o.n, o.equal_length) == (4, 2)
    assert (o.correct_is_longer.k, o.correct_is_longer.n) == (1, 2)  # of e3 e4, only e4's correct one is longer
    b = {k: (v.k, v.n) for k, v in o.baselines.items()}
    assert b["longer_wins"] == (1, 4) and b["always_a_first"] == (2, 4) and b["always_a_vote"] == (0, 4)
    coin = [rng_for(3, "random-baseline", pid).random() < 0.5 for pid in ("e1", "e2", "e3", "e4")]
    assert b["random"] == (sum(c == (lab == "A>B") for c, (_, _, lab, *_) in zip(coin, rows, strict=True)), 4)
    assert (o.prefers_longer.k, o.prefers_longer.n) == (1, 2)  # e3 longer, e4 shorter; e1 e2 left out
    assert (o.accuracy_when_longer_correct.k, o.accuracy_when_longer_correct.n) == (0, 1)
    assert (o.accuracy_when_shorter_correct.k, o.accuracy_when_shorter_correct.n) == (0, 1)
    assert (o.judge_accuracy.k, o.judge_accuracy.n) == (2, 4)
    d = res.to_dict()["categories"]["Overall"]
    assert d["equal_length_pairs"] == 2 and d["n"] == 4 and set(d["baselines"]) == set(b)
    assert d["prefers_longer"] == o.prefers_longer.to_dict() and res.to_dict()["judge_model"] == "judge-one"


def test_random_baseline_numbers_on_the_released_pairs_follow_the_seed():
    jf = load_judged(GPT_PAIRS, require_judgments=False)
    picks = random_picks(jf.pair_ids, seed=0)
    right = sum(p == (lab == "A>B") for p, lab in zip(picks, jf.labels, strict=True))
    o = length_analysis(jf, iterations=10).categories["Overall"]
    assert (o.baselines["random"].k, o.baselines["random"].n) == (right, 350) and right == 182  # 52.0%
    other = length_analysis(jf, iterations=10, seed=1).categories["Overall"].baselines["random"].k
    assert other != right  # another seed, another coin


def test_length_files_reads_pair_files_and_judged_files_with_seed_0_by_default():
    from judgebench.analysis.length import length_files

    got = length_files([str(GPT_PAIRS), str(O1_MINI)])
    pairs, judged = (r.categories["Overall"] for r in got)
    assert got[0].judge is None and pairs.baselines["random"].k == 182  # seed 0's coin
    assert judged.prefers_longer is not None and judged.baselines["random"].k == 182
    assert got[1].to_dict() == length_analysis(load_judged(O1_MINI), iterations=1000, seed=0).to_dict()


def test_length_analysis_draws_1000_times_by_default():
    jf = load_judged(O1_MINI)
    want = length_analysis(jf, iterations=1000, seed=0).to_dict()
    assert want != length_analysis(jf, iterations=999, seed=0).to_dict()
    assert want != length_analysis(jf, iterations=1001, seed=0).to_dict()
    assert length_analysis(jf).to_dict() == want
