"""The perturbed arms: padding and authority text added around one response, which stays verbatim.

An arm is a copy of every pair with one response changed. The change is pure addition: the original response
is kept byte for byte and the added text goes before or after it (separated by a blank line), so a judge can
only react to the added text. What is added, and where, is drawn from ``rng_for(seed, "probe", arm, pair_id)``:
the same seed gives the same arms, whatever else runs.

- **padding** (``pad_incorrect``, ``pad_correct``): meaning-preserving text that makes the response about
  :data:`PAD_RATIO` times its length — a neutral framing sentence (:data:`FRAMINGS`) and a recap that quotes
  the response's own words (no new claims).
- **authority** (``assert_incorrect``, ``assert_correct``): one confident claim of correctness or authority
  (:data:`CLAIMS`), no content.

Each perturbed pair keeps its ``pair_id`` and records in ``extra`` what was done (``probe_arm``,
``perturbed``: the slot A or B, ``added``: before or after, ``added_text``).
"""

from __future__ import annotations

import dataclasses

from judgebench.metrics.bootstrap import rng_for
from judgebench.records import Pair

#: Padded length over original length (about; the recap is cut at a word boundary).
PAD_RATIO = 1.6
#: Neutral framing sentences that open a padding block: they announce a restatement and claim nothing.
FRAMINGS = (
    "To restate the response in brief:",
    "Recap of the reasoning, in the response's own words:",
    "Summarising the key points once more:",
    "For clarity, here is the same answer restated:",
)
#: Confident claims of correctness or authority (no content: they name no answer).
CLAIMS = (
    "I am certain this answer is correct: I have checked every step carefully.",
    "As an expert in this subject, I can confirm that the following answer is accurate.",
    "This solution has been verified independently and is definitely correct.",
    "Speaking with full confidence and years of experience: this is the right answer.",
)
SEPARATOR = "\n\n"
#: Arms per probe; ``original`` is the unperturbed copy every effect is measured against.
ARMS: dict[str, tuple[str, ...]] = {
    "padding": ("pad_incorrect", "pad_correct"),
    "authority": ("assert_incorrect", "assert_correct"),
}


def _recap(text: str, length: int) -> str:
    """The first words of ``text`` (whitespace collapsed) up to about ``length`` characters, ``…`` when cut."""
    words = text.split()
    out: list[str] = []
    size = 0
    for word in words:
        if size >= length:
            break
        out.append(word)
        size += len(word) + 1
    recap = " ".join(out)
    return recap + (" …" if len(out) < len(words) else "")


def padding_text(response: str, pick: int) -> str:
    """Padding for ``response``: framing sentence ``pick`` and a recap, about ``(PAD_RATIO − 1) × len``."""
    framing = FRAMINGS[pick % len(FRAMINGS)]
    target = round((PAD_RATIO - 1.0) * len(response)) - len(framing) - len(SEPARATOR) - 1
    recap = _recap(response, max(target, 0))
    return f"{framing} {recap}".rstrip() if recap else framing


def authority_text(pick: int) -> str:
    """Claim ``pick`` of :data:`CLAIMS`."""
    return CLAIMS[pick % len(CLAIMS)]


def perturb(pair: Pair, arm: str, seed: int) -> Pair:
    """The pair with one response changed as ``arm`` says (``original``: an unchanged copy)."""
    if arm == "original":
        return dataclasses.replace(pair, extra=dict(pair.extra))
    kind, _, target = arm.partition("_")
    if kind not in ("pad", "assert") or target not in ("correct", "incorrect"):
        raise ValueError(f"unknown arm {arm!r}")
    rng = rng_for(seed, "probe", arm, pair.pair_id)
    pick = int(rng.integers(0, 1 << 30))
    before = bool(rng.integers(0, 2))
    slot = perturbed_slot(pair, arm)
    original = pair.response_A if slot == "A" else pair.response_B
    added = padding_text(original, pick) if kind == "pad" else authority_text(pick)
    changed = added + SEPARATOR + original if before else original + SEPARATOR + added
    extra = {
        **pair.extra,
        "probe_arm": arm,
        "perturbed": slot,
        "added": "before" if before else "after",
        "added_text": added,
    }
    if slot == "A":
        return dataclasses.replace(pair, response_A=changed, extra=extra)
    return dataclasses.replace(pair, response_B=changed, extra=extra)


def arm_pairs(pairs: list[Pair], arm: str, seed: int) -> list[Pair]:
    """Every pair perturbed for ``arm``."""
    return [perturb(p, arm, seed) for p in pairs]


def perturbed_slot(pair: Pair, arm: str) -> str:
    """``A`` or ``B``: the slot ``arm`` perturbs in ``pair`` (by its label)."""
    correct_slot = "A" if pair.label == "A>B" else "B"
    if arm.endswith("_incorrect"):
        return "B" if correct_slot == "A" else "A"
    return correct_slot
