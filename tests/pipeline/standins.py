"""Small stand-in source and verifier for unit tests of the pipeline's plumbing (the real ones are tested too).

``toy`` questions: "What is a + b?" with the sum as ground truth; the ``toy-sum`` verifier takes the last
integer of a response, and calls a response without one unverifiable.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from judgebench.verifiers.base import SOURCES, VERIFIERS, Check, Outcome, Question


class ToySource:
    name = "toy"

    def __init__(self, path: str | None = None, n: int = 40, groups: int = 2, missing_gt: str | None = None) -> None:
        self.n, self.groups, self.missing_gt = n, groups, missing_gt

    def questions(self) -> Iterator[Question]:
        for i in range(self.n):
            gt = None if str(i) == self.missing_gt else str(i + i % 7)
            yield Question(
                id=str(i),
                source=f"toy-g{i % self.groups}",
                task="olympiad" if i == 0 else "sum",
                prompt=f"What is {i} + {i % 7}?",
                ground_truth=gt,
                verifier="toy-sum",
            )


@dataclass(frozen=True)
class ToySum:
    """Stateless and picklable, as the verifier seam asks (equal copies: the registry test pickles every verifier)."""

    name: ClassVar[str] = "toy-sum"
    version: ClassVar[str] = "1"

    def check(self, question: Question, response: str) -> Check:
        nums = re.findall(r"-?\d+", response)
        if not nums:
            return Check(Outcome.UNVERIFIABLE, None, "no-number")
        ok = nums[-1] == question.ground_truth
        return Check(Outcome.CORRECT if ok else Outcome.INCORRECT, nums[-1], "last-integer")


def register() -> None:
    if "toy" not in SOURCES.names():
        SOURCES.add("toy", ToySource)
    if "toy-sum" not in VERIFIERS.names():
        VERIFIERS.add("toy-sum", ToySum)


register()
