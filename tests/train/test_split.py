"""The split by question: seeded, stable, and never a question on both sides (no torch needed)."""

from __future__ import annotations

import pytest

from judgebench.errors import ConfigError
from judgebench.records import Pair, read_pairs
from judgebench.train.split import question_groups, question_keys, split_pairs
from tests.conftest import CLAUDE_PAIRS, GPT_PAIRS
from tests.train.synthetic import marker_pairs


def pair(pid: str, oid: object, question: str) -> Pair:
    return Pair(pid, oid, "mmlu-pro-math", question, "m", "a", "b", "A>B")


def leaks(train: list[Pair], evaluation: list[Pair]) -> set[str]:
    seen = {k for p in train for k in question_keys(p)}
    return {k for p in evaluation for k in question_keys(p)} & seen


def test_keys_are_linked_through_original_id_and_question_text() -> None:
    pairs = [
        pair("a", 1, "q1"),
        pair("b", None, "q1"),  # same text as a, no id
        pair("c", 1, "q2"),  # same id as a, other text
        pair("d", "", "q3"),  # an empty id falls back to the text
        pair("e", None, "q3"),
        pair("f", 7, "q4"),
    ]
    assert question_groups(pairs) == [[0, 1, 2], [5], [3, 4]]  # ordered by smallest key: id:1, id:7, q:q3


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 17])
@pytest.mark.parametrize("fraction", [0.1, 0.25, 0.5])
def test_the_judgebench_releases_never_leak_a_question(seed: int, fraction: float) -> None:
    # both releases together: 44 original_ids recur across them, LiveBench/LCB pairs have no id (text only)
    pairs = read_pairs(GPT_PAIRS) + read_pairs(CLAUDE_PAIRS)
    split = split_pairs(pairs, fraction, seed)
    assert leaks(split.train, split.eval) == set()
    assert len(split.train) + len(split.eval) == len(pairs)
    assert {p.pair_id for p in split.train}.isdisjoint(p.pair_id for p in split.eval)
    groups = split.train_groups + split.eval_groups
    assert split.eval_groups == round(fraction * groups)
    assert split == split_pairs(pairs, fraction, seed)  # the seed decides, nothing else
    assert split_pairs(list(reversed(pairs)), fraction, seed).eval == list(reversed(split.eval))  # file order neither


def test_several_pairs_per_question_stay_together_and_the_seed_changes_the_draw() -> None:
    pairs = [Pair.from_dict(d) for d in marker_pairs(40, seed=3, pairs_per_question=3)]
    first = split_pairs(pairs, 0.25, seed=0)
    assert leaks(first.train, first.eval) == set()
    assert len(first.eval) == 3 * 10 and first.eval_groups == 10
    assert {p.question for p in split_pairs(pairs, 0.25, seed=1).eval} != {p.question for p in first.eval}


@pytest.mark.parametrize("fraction", [0.0, 1.0, -0.1, 2.0])
def test_a_fraction_outside_0_1_is_refused(fraction: float) -> None:
    with pytest.raises(ConfigError, match="--eval-split"):
        split_pairs([pair("a", 1, "q1"), pair("b", 2, "q2")], fraction, 0)


def test_one_question_cannot_be_split() -> None:
    with pytest.raises(ConfigError, match="at least 2 questions"):
        split_pairs([pair("a", 1, "q1"), pair("b", None, "q1")], 0.5, 0)
