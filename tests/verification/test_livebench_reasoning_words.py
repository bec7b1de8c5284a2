"""LiveBench reasoning's word lists, entry by entry: each number word a zebra or spatial answer may be given
as, and each shape whose plural or article a spatial answer may add (LiveBench's ``NUMBER_WORDS`` and shape
list, written out here rather than read from the module)."""

from __future__ import annotations

import pytest

from judgebench.verifiers.livebench_reasoning import spatial, zebra_old

WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]


@pytest.mark.parametrize(("n", "word"), list(enumerate(WORDS)))
def test_each_number_word(n: int, word: str) -> None:
    assert zebra_old(word, f"so ***{n}***") == (True, "triple-bold", str(n))  # a digit for a word ground truth
    assert spatial(str(n), f"It is **{word}**.") == (True, "bold", word)  # a word for a digit ground truth
    assert spatial(str(n), f"It is **{word.upper()}**.")[0] is True
    assert zebra_old(word, f"so ***{n + 1}***")[0] is False


@pytest.mark.parametrize("shape", ["tetrahedra", "tetrahedron", "triangle", "square"])
def test_each_shape_may_be_written_with_an_article_or_plural(shape: str) -> None:
    assert spatial(shape, f"**{shape}s**") == (True, "bold-shape", f"{shape}s")
    assert spatial(shape, f"**a {shape}**") == (True, "bold-shape", f"a {shape}")
    longer = "x" * (len(shape) + 5) + shape  # 2 * len + 5 characters: too long
    assert spatial(shape, f"**{longer}**") == (False, "no-match", longer)
    assert spatial(shape, f"**{longer[1:]}**") == (True, "bold-shape", longer[1:])
