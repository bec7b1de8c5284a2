r"""LiveBench's ``\boxed{}`` helpers, edge by edge: which box is the answer, what is sliced out of it, and which
shapes LiveBench's asserts reject (unverifiable here, a crashed run there). Values hand-checked against
``livebench/process_results/util.py``."""

from __future__ import annotations

import pytest

from judgebench.errors import VerificationError
from judgebench.verifiers.livebench_boxed import last_boxed, last_boxed_only_string, remove_boxed


@pytest.mark.parametrize(
    ("text", "sliced", "content"),
    [
        ("a \\boxed 12$ and", "\\boxed 12", "12"),  # boxed-space: up to the next $
        ("\\boxed 1 then \\boxed 2", "\\boxed 2", "2"),  # its last occurrence
        ("x \\boxed{a{b}c} y \\boxed{d}", "\\boxed{d}", "d"),
        ("\\boxed{a{b}}", "\\boxed{a{b}}", "a{b}"),  # nested braces counted
        ("\\boxed{a}b}", "\\boxed{a}", "a"),
        ("\\fbox{3}", "\\boxed{3}", "3"),  # fbox only without any boxed; renamed
        ("\\fbox{1} and \\boxed{2}", "\\boxed{2}", "2"),
        ("$\\boxed{x$y}$", "\\boxed{xy}", "x$y"),  # $ dropped from the slice only
        ("\\boxed\\text{B}", "\\boxed\\text{B}", "B"),  # braces counted from the \boxed, not its first {
        ("none", None, None),
        ("\\boxed{unclosed", None, None),
    ],
)
def test_the_last_box(text: str, sliced: str | None, content: str | None) -> None:
    assert last_boxed_only_string(text) == sliced
    assert last_boxed(text) == content


def test_where_the_two_readers_differ() -> None:
    # the exact reader prefers any \boxed to a later \fbox; the lenient one takes whichever is last
    assert last_boxed_only_string("\\boxed{1} and \\fbox{2}") == "\\boxed{1}"
    assert last_boxed("\\boxed{1} and \\fbox{2}") == "2"
    # a closing brace before any opening one: the exact reader never gets back to depth 0
    assert last_boxed_only_string("\\boxed}x{y}") is None
    assert last_boxed("\\boxed}x{y}") == "y"
    assert last_boxed(" \\boxed  7 $") == "7"  # the lenient reader strips
    assert last_boxed("\\boxed") is None and last_boxed("\\boxed 5") == "5"
    # braces without any box are not an answer, nor are braces before a box that has none
    assert last_boxed_only_string("a {b} c") is None and last_boxed("a {b} c") is None
    assert last_boxed("{a} then \\boxed1") is None


@pytest.mark.parametrize(
    ("boxed", "content"),
    [("\\boxed 12", "12"), ("\\boxed{12}", "12"), ("\\boxed{}", ""), ("\\boxed{a}b}", "a}b")],
)
def test_remove_boxed(boxed: str, content: str) -> None:
    assert remove_boxed(boxed) == content


@pytest.mark.parametrize(
    ("boxed", "why"),
    [
        ("x\\boxed 12", "'x\\\\boxed 12' (boxed-space not at start)"),
        ("\\boxed\\text{B}", "'\\\\boxed\\\\text{B}' (not \\boxed{...})"),
        ("\\boxed{12", "'\\\\boxed{12' (not \\boxed{...})"),
        ("boxed{12}", "'boxed{12}' (not \\boxed{...})"),
    ],
)
def test_shapes_livebench_asserts_against(boxed: str, why: str) -> None:
    with pytest.raises(VerificationError) as info:
        remove_boxed(boxed)
    assert str(info.value) == f"LiveBench's remove_boxed rejects {why}"


def test_a_long_rejected_box_is_shown_cut() -> None:
    with pytest.raises(VerificationError) as info:
        remove_boxed("\\boxed\\text{" + "x" * 100 + "}")
    assert repr(("\\boxed\\text{" + "x" * 100)[:60]) in str(info.value)
