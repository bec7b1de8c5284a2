"""Judged best-of-K score lists: the all-float fast check and the item-by-item check accept and refuse alike."""

from __future__ import annotations

import math

import pytest

from judgebench.best_of_k import judged_prompt
from judgebench.errors import MalformedRecordError


def record(scores: list[object]) -> dict[str, object]:
    return {
        "id": "p1",
        "prompt": "q",
        "chosen": ["a"] * len(scores),
        "rejected": [],
        "scores_chosen": scores,
        "scores_rejected": [],
    }


@pytest.mark.parametrize(
    ("scores", "read"),
    [
        ([1.5, -2.0], [1.5, -2.0]),  # all floats: the fast check
        ([1, 2.5], [1.0, 2.5]),  # ints become floats
        ([None, 3.0], [None, 3.0]),  # a failed score
        ([1e308, 1e308], [1e308, 1e308]),  # finite, though their sum is not
    ],
)
def test_accepted(scores, read):
    got = judged_prompt(record(scores), "f.jsonl", 1).scores_chosen
    assert got == read and all(s is None or type(s) is float for s in got)


@pytest.mark.parametrize("bad", [True, "1.0", math.nan, math.inf, -math.inf, [1.0], {"s": 1.0}])
def test_refused(bad):
    with pytest.raises(MalformedRecordError, match="not a finite number or null"):
        judged_prompt(record([1.0, bad]), "f.jsonl", 3)
