"""Pair selection pinned: the pair a given seed builds (which responses, which side, which id) must not move
between versions, whatever order the responses were filed in; hand-checked values from the seeded draws."""

from __future__ import annotations

from judgebench.builder.responses import Response
from judgebench.builder.select import Labeled, make_pair, select_pairs
from judgebench.verifiers.base import Outcome, Question
from tests.verification.test_select import _labeled


def _filed(order: list[int]) -> Labeled:
    """Question 7 with responses r0, r1 correct and r2, r3, r4 incorrect, filed in ``order``."""
    item = Labeled(Question("7", "mmlu-pro-math", "math", "prompt 7", "C", "mmlu-pro", {}))
    for i in order:
        item.add(Response("7", i, f"model-{i}", f"r{i}"), Outcome.CORRECT if i < 2 else Outcome.INCORRECT)
    return item


# seed -> (label, response_A, response_B, pair_id)
PINNED = {
    0: ("B>A", "r4", "r1", "c442136b-c489-5098-a1fc-ee01f1e7ead7"),
    1: ("B>A", "r3", "r1", "a1b79b0e-37eb-5052-b862-1d0eef34f7f8"),
    2: ("A>B", "r1", "r3", "a1b79b0e-37eb-5052-b862-1d0eef34f7f8"),
    3: ("A>B", "r1", "r4", "c442136b-c489-5098-a1fc-ee01f1e7ead7"),
    4: ("B>A", "r4", "r0", "553b4322-39f9-5d67-87ab-46c138fa1a27"),
    5: ("A>B", "r0", "r2", "7742e4c1-9897-5cde-b4fd-2980c52e9130"),
}


def test_each_seed_builds_the_same_pair_in_any_filing_order() -> None:
    for order in ([0, 1, 2, 3, 4], [4, 2, 0, 3, 1], [3, 1, 4, 0, 2]):
        item = _filed(order)
        for seed, (label, a, b, pair_id) in PINNED.items():
            pair = make_pair(item, seed)
            assert (pair["label"], pair["response_A"], pair["response_B"], pair["pair_id"]) == (label, a, b, pair_id)
            correct = a if label == "A>B" else b
            assert pair["response_model"] == f"model-{correct[1]}"  # the correct response's model


def test_the_kept_questions_per_group_are_pinned_by_seed() -> None:
    labeled = [_labeled(str(i), 1, 1, "mmlu-pro-law") for i in range(1, 9)] + [_labeled("9", 2, 1, "livebench-math")]
    law = "mmlu-pro-law"
    want = {
        0: [("livebench-math", 9, "B>A"), (law, 3, "B>A"), (law, 4, "B>A"), (law, 6, "B>A")],
        1: [("livebench-math", 9, "B>A"), (law, 1, "A>B"), (law, 4, "A>B"), (law, 6, "B>A")],
        2: [("livebench-math", 9, "B>A"), (law, 2, "A>B"), (law, 5, "A>B"), (law, 8, "B>A")],
    }
    for seed, pairs in want.items():
        got = select_pairs(labeled, 3, seed)
        assert [(p["source"], p["original_id"], p["label"]) for p in got] == pairs
        assert select_pairs(list(reversed(labeled)), 3, seed) == got  # the input order does not matter
    assert len(select_pairs(labeled, 8, 0)) == len(select_pairs(labeled, None, 0)) == 9
