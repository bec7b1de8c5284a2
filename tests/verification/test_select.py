"""Pair selection: mixed questions only, the correct response on the side the label names, every combination
and both placements reachable by seed, stable ids, and the per-group cap."""

from __future__ import annotations

from judgebench.builder.responses import Response
from judgebench.builder.select import Labeled, make_pair, original_id_for, pair_id_for, select_pairs
from judgebench.verifiers.base import Outcome, Question


def _question(qid: str, source: str = "mmlu-pro-math") -> Question:
    return Question(qid, source, "math", f"prompt {qid}", "C", "mmlu-pro", {})


def _labeled(qid: str, good: int, bad: int, source: str = "mmlu-pro-math") -> Labeled:
    item = Labeled(_question(qid, source))
    for i in range(good + bad):
        outcome = Outcome.CORRECT if i < good else Outcome.INCORRECT
        item.add(Response(qid, i, f"model-{i}", f"{qid} response {i}"), outcome)
    return item


def test_responses_are_filed_by_outcome_and_the_rest_counted_as_dropped() -> None:
    item = Labeled(_question("1"))
    assert not item.mixed
    item.add(Response("1", 0, "m", "a"), Outcome.CORRECT)
    assert not item.mixed
    item.add(Response("1", 1, "m", "b"), Outcome.UNVERIFIABLE)
    item.add(Response("1", 2, "m", "c"), None, "disagreement")
    item.add(Response("1", 3, "m", "d"), None, "disagreement")
    assert not item.mixed and item.dropped == {"unverifiable": 1, "disagreement": 2}
    item.add(Response("1", 4, "m", "e"), Outcome.INCORRECT)
    assert item.mixed and [r.text for r in item.correct] == ["a"] and [r.text for r in item.incorrect] == ["e"]
    only_bad = _labeled("2", 0, 2)
    assert not only_bad.mixed


def test_the_label_names_the_side_holding_the_correct_response() -> None:
    item = _labeled("7", 2, 3)
    good = {r.text: r for r in item.correct}
    bad = {r.text: r for r in item.incorrect}
    labels, combos = set(), set()
    for seed in range(80):
        pair = make_pair(item, seed)
        right, wrong = (pair["response_A"], pair["response_B"])
        if pair["label"] == "B>A":
            right, wrong = wrong, right
        assert right in good and wrong in bad
        assert pair["pair_id"] == pair_id_for("mmlu-pro-math", "7", good[right], bad[wrong])
        assert pair["response_model"] == good[right].model and pair["source"] == "mmlu-pro-math"
        assert pair["question"] == "prompt 7" and pair["original_id"] == 7
        labels.add(pair["label"])
        combos.add((right, wrong))
    assert labels == {"A>B", "B>A"}  # the placement is drawn, not fixed
    assert len(combos) == 6  # every (correct, incorrect) combination can be drawn
    assert make_pair(item, 3) == make_pair(_labeled("7", 2, 3), 3)  # a function of seed and ids


def test_pair_ids_and_original_ids() -> None:
    a, b = Response("q", 0, "m", "x"), Response("q", 1, "m", "y")
    assert pair_id_for("s", "q", a, b) != pair_id_for("s", "q", b, a)
    assert pair_id_for("s", "q", a, b) != pair_id_for("t", "q", a, b) != pair_id_for("s", "r", a, b)
    assert pair_id_for("s", "q", a, b) == pair_id_for("s", "q", Response("other", 9, "n", "x"), b)  # text only
    assert original_id_for(_question("123")) == 123 and original_id_for(_question("2024-x")) == "2024-x"


def test_select_keeps_mixed_questions_by_source_and_question_id_capped_per_group() -> None:
    labeled = [
        _labeled("3", 1, 1, "mmlu-pro-law"),
        _labeled("1", 1, 1, "mmlu-pro-law"),
        _labeled("2", 1, 0, "mmlu-pro-law"),  # no incorrect response: not a pair
        _labeled("9", 2, 1, "livebench-math"),
        _labeled("4", 1, 1, "mmlu-pro-law"),
    ]
    pairs = select_pairs(labeled, None, seed=0)
    assert [(p["source"], p["original_id"]) for p in pairs] == [
        ("livebench-math", 9),
        ("mmlu-pro-law", 1),
        ("mmlu-pro-law", 3),
        ("mmlu-pro-law", 4),
    ]
    capped = select_pairs(labeled, 2, seed=0)
    assert [p["source"] for p in capped] == ["livebench-math", "mmlu-pro-law", "mmlu-pro-law"]
    kept = {p["original_id"] for p in capped if p["source"] == "mmlu-pro-law"}
    assert len(kept) == 2 and kept <= {1, 3, 4}
    assert capped == select_pairs(labeled, 2, seed=0)
    assert select_pairs(labeled, 0, seed=0) == []
