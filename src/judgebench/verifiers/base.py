"""The source and verifier seams.

A :class:`Source` yields :class:`Question` s with ground truth and the exact prompt JudgeBench used. A
:class:`Verifier` checks one response against a question's ground truth and returns a :class:`Check`:
correct, incorrect or unverifiable (a checker that timed out or crashed is *unverifiable*, never
*incorrect*), with the extracted answer and the rule that fired. Both register in registries that
third-party packages extend through entry points (``judgebench.sources``, ``judgebench.verifiers``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol, runtime_checkable

from judgebench.catalog import SOURCES, category_of
from judgebench.registry import Registry


class Outcome(StrEnum):
    """A verifier's three answers."""

    CORRECT = "correct"
    INCORRECT = "incorrect"
    UNVERIFIABLE = "unverifiable"


@dataclass(frozen=True, slots=True)
class Question:
    """A question with ground truth.

    Attributes:
        id: stable id within its source (MMLU-Pro question_id, LiveBench question_id, LCB question_id).
        source: JudgeBench's ``source`` value (``mmlu-pro-law``, ``livebench-math``, ``livecodebench``...).
        task: the finer task (``math_comp``, ``zebra_puzzle``, ``law``...), for reports.
        prompt: the full question text as shown to the response model (answer-format instructions included).
        ground_truth: whatever the verifier needs (a letter, an expression, test cases...).
        verifier: the registered verifier name that checks responses to this question.
        metadata: anything else (release date, difficulty, original fields).
    """

    id: str
    source: str
    task: str
    prompt: str
    ground_truth: Any
    verifier: str
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def category(self) -> str:
        """The category its source declares (Knowledge, Reasoning, Math, Coding...)."""
        return category_of(self.source)


@dataclass(frozen=True, slots=True)
class Check:
    """A verifier's verdict on one response."""

    outcome: Outcome
    extracted: str | None = None
    rule: str = ""
    detail: str | None = None

    @property
    def passed(self) -> bool | None:
        """True / False, or None when unverifiable."""
        if self.outcome is Outcome.UNVERIFIABLE:
            return None
        return self.outcome is Outcome.CORRECT


@runtime_checkable
class Verifier(Protocol):
    """Checks a response against a question's ground truth; must not raise on bad responses.

    A verifier may also define ``preflight() -> None``, called once before any work by every command that
    verifies (see :func:`preflight`): it raises a one-line error when the checker cannot run at all (code
    execution without a sandbox and without the user's opt-in).
    """

    name: str

    def check(self, question: Question, response: str) -> Check:
        """The verdict; checker failures become UNVERIFIABLE with ``detail`` saying why."""
        ...


@runtime_checkable
class Source(Protocol):
    """Questions with ground truth from one dataset."""

    name: str

    def questions(self) -> Iterator[Question]:
        """All questions of the source (in a stable order)."""
        ...


def preflight(verifiers: Iterable[Verifier]) -> None:
    """Call each verifier's optional ``preflight()`` (see :class:`Verifier`)."""
    for verifier in verifiers:
        check = getattr(verifier, "preflight", None)
        if callable(check):
            check()


#: ``name`` → factory ``() -> Verifier``; the built-ins register in :mod:`judgebench.verifiers.builtin`.
VERIFIERS: Registry[Callable[[], Verifier]] = Registry(
    "verifier", "judgebench.verifiers", builtins="judgebench.verifiers.builtin"
)

__all__ = ["SOURCES", "VERIFIERS", "Check", "Outcome", "Question", "Source", "Verifier"]
