"""The perturbed arms: pure additions around the verbatim original, seeded, on the side the arm names."""

from __future__ import annotations

from judgebench.probes.perturb import CLAIMS, PAD_RATIO, SEPARATOR, arm_pairs, perturb
from judgebench.probes.validate import synthetic_pairs
from judgebench.records import Pair

LONG = " ".join(f"Step {i}: we multiply {i} by {i + 1} and keep the result." for i in range(30)) + " The answer is (C)."


def _pair(label: str = "A>B") -> Pair:
    return Pair("p1", 1, "mmlu-pro-math", "Q?", "m", LONG, "Short wrong answer: (D).", label)


def test_padding_keeps_the_original_verbatim_and_reaches_about_1_6_times() -> None:
    pair = _pair()
    padded = perturb(pair, "pad_correct", seed=0)
    assert padded.response_B == pair.response_B  # the other response is untouched
    shown = padded.response_A
    assert shown.startswith(LONG + SEPARATOR) or shown.endswith(SEPARATOR + LONG)
    added = padded.extra["added_text"]
    assert shown in (added + SEPARATOR + LONG, LONG + SEPARATOR + added)
    assert 1.5 <= len(shown) / len(LONG) <= 1.7, len(shown) / len(LONG)
    assert PAD_RATIO == 1.6
    # the recap quotes the response's own words: every word it adds after the framing is one of the original's
    words = set(LONG.split())
    framing_end = added.index(":") + 1
    assert all(w in words or w == "…" for w in added[framing_end:].split())


def test_arms_pick_the_side_by_the_label_and_keep_id_and_label() -> None:
    for label, correct in (("A>B", "A"), ("B>A", "B")):
        pair = _pair(label)
        for arm in ("pad_incorrect", "pad_correct", "assert_incorrect", "assert_correct"):
            out = perturb(pair, arm, seed=3)
            want = correct if arm.endswith("_correct") else ("B" if correct == "A" else "A")
            assert out.extra["perturbed"] == want
            assert (out.pair_id, out.label, out.question) == (pair.pair_id, pair.label, pair.question)
            changed = out.response_A if want == "A" else out.response_B
            original = pair.response_A if want == "A" else pair.response_B
            assert original in changed and len(changed) > len(original)
            if arm.startswith("assert"):
                assert out.extra["added_text"] in CLAIMS


def test_perturbations_are_seeded_by_seed_arm_and_pair_only() -> None:
    pairs = synthetic_pairs(40)
    a = arm_pairs(pairs, "pad_incorrect", seed=7)
    assert a == arm_pairs(pairs, "pad_incorrect", seed=7)
    assert arm_pairs(pairs[5:6], "pad_incorrect", seed=7) == a[5:6]  # not the pair's place in the list
    b = arm_pairs(pairs, "pad_incorrect", seed=8)
    assert [p.extra["added"] for p in a] != [p.extra["added"] for p in b]
    assert {p.extra["added"] for p in a} == {"before", "after"}


def test_original_arm_is_an_unchanged_copy() -> None:
    pair = _pair()
    copy = perturb(pair, "original", seed=0)
    assert copy == pair and copy.extra is not pair.extra
