r"""Multiple-choice letters for MMLU-Pro (TIGER-Lab/MMLU-Pro; Wang et al. 2024, arXiv 2406.01574).

JudgeBench asked for the chosen letter five times in a row (``KKKKK``) and extracted "the last capital letter
A-J that was repeated 5 times" (paper, App. A.5). Rules:

- ``five`` (default): the last match of ``([A-J])\1{4}`` (five or more repeats, no word boundary). It
  reproduces all 154 MMLU-Pro labels of both released splits.
- ``strict``: the public pipeline template's ``\b([A-J])\1{4}\b`` (rejects ``CCCCCCCCCC``, ``_DDDDD_``).
- ``official``: MMLU-Pro's own chain: ``answer is (X)``, then the last ``Answer: X``, then the last standalone
  capital A-J. MMLU-Pro guesses at random when nothing matches; here nothing matching is *incorrect*.

The ground truth is the answer letter (``"C"``) or JudgeBench-template style ``"(C) option text"``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from judgebench.verifiers.base import Check, Outcome, Question

_FIVE = re.compile(r"([A-J])\1{4}")
_STRICT = re.compile(r"\b([A-J])\1{4}\b")
_ANSWER_IS = re.compile(r"answer is \(?([A-J])\)?")
_ANSWER_COLON = re.compile(r".*[aA]nswer:\s*([A-J])")
_LAST_LETTER = re.compile(r"\b[A-J]\b(?!.*\b[A-J]\b)", re.S)


def answer_letter(ground_truth: object) -> str | None:
    """The letter of a ground truth given as ``C``, ``(C) text`` or an index 0-9; None if unreadable."""
    if isinstance(ground_truth, int) and 0 <= ground_truth < 10:
        return "ABCDEFGHIJ"[ground_truth]
    if isinstance(ground_truth, str):
        m = re.match(r"\s*\(?([A-J])\)?(?:\s|$)", ground_truth)
        if m:
            return m.group(1)
    return None


def official_extract(response: str) -> tuple[str | None, str]:
    """MMLU-Pro's extraction chain; returns the letter (or None) and the step that matched."""
    m = _ANSWER_IS.search(response)
    if m:
        return m.group(1), "answer-is"
    m = _ANSWER_COLON.search(response)
    if m:
        return m.group(1), "answer-colon"
    m = _LAST_LETTER.search(response)
    if m:
        return m.group(0), "last-letter"
    return None, "none"


@dataclass(slots=True)
class MmluProVerifier:
    """Checks the chosen letter against MMLU-Pro's answer; see the module docstring for the rules."""

    name: str = "mmlu-pro"
    rule: Literal["five", "strict", "official"] = "five"

    def extract(self, response: str) -> tuple[str | None, str]:
        """The chosen letter and the rule that found it."""
        if self.rule == "official":
            letter, step = official_extract(response)
            return letter, f"official:{step}"
        pattern = _STRICT if self.rule == "strict" else _FIVE
        found = pattern.findall(response)
        return (found[-1] if found else None), f"{self.rule}-letters"

    def check(self, question: Question, response: str) -> Check:
        """Correct iff the extracted letter is the answer letter."""
        gold = answer_letter(question.ground_truth)
        if gold is None:
            return Check(Outcome.UNVERIFIABLE, None, "bad-ground-truth", f"unreadable answer {question.ground_truth!r}")
        letter, rule = self.extract(response)
        if letter is None:
            return Check(Outcome.INCORRECT, None, rule, "no answer letter found")
        outcome = Outcome.CORRECT if letter == gold else Outcome.INCORRECT
        return Check(outcome, letter, rule, None if letter == gold else f"expected {gold}")
