"""Auditing pair labels: re-verify both responses of each pair against ground truth.

A pair *agrees* with its label when the response the label calls correct passes its verifier and the other
fails. Pairs are matched to source questions by ``original_id`` (MMLU-Pro's ``question_id``) or else by the
exact question text (LiveBench's ``turns[0]``). Coding pairs without a matching LiveCodeBench question are
checked against the sample cases printed in their statement. Math pairs also get Math-Verify's second
opinion; where it disagrees with the primary rule the audit says so, without changing the verdict.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from judgebench.catalog import family_of
from judgebench.records import Pair
from judgebench.verifiers.base import VERIFIERS, Check, Outcome, Question, Verifier, preflight


def _coding_task(statement: str) -> str:
    if "Sample Input 1:" in statement:
        return "codeforces"
    return "atcoder" if "Sample Input 1" in statement else "leetcode"


@dataclass
class QuestionIndex:
    """Questions by (source family, id) and by prompt text."""

    by_id: dict[tuple[str, str], Question] = field(default_factory=dict)
    by_text: dict[str, Question] = field(default_factory=dict)

    @classmethod
    def build(cls, questions: Iterable[Question]) -> QuestionIndex:
        """Index every question (the first of duplicate texts wins)."""
        index = cls()
        for q in questions:
            index.by_id.setdefault((family_of(q.source), q.id), q)
            index.by_text.setdefault(q.prompt, q)
        return index

    def match(self, pair: Pair) -> tuple[Question | None, str]:
        """The pair's question and how it was found (``original_id``, ``text``, ``statement`` or ``none``)."""
        if pair.original_id is not None:
            q = self.by_id.get((family_of(pair.source), str(pair.original_id)))
            if q is not None:
                return q, "original_id"
        q = self.by_text.get(pair.question)
        if q is not None:
            return q, "text"
        if pair.source.startswith("livecodebench"):
            task = _coding_task(pair.question)
            return Question(pair.pair_id, pair.source, task, pair.question, None, "livecodebench"), "statement"
        return None, "none"


def _math_verify_applies(q: Question) -> bool:
    """Math-Verify speaks to expressions and numbers (AMPS_Hard, AIME), not to letters or proof orders."""
    kind = str(q.metadata.get("subtask") or q.task)
    return "amps_hard" in kind.lower() or kind.startswith("aime")


@dataclass
class PairAudit:
    """One pair's audit: the verdicts on the labeled-correct and labeled-incorrect responses."""

    pair: Pair
    task: str
    matched_by: str
    correct: Check | None
    incorrect: Check | None
    second_opinion: tuple[Check, Check] | None = None

    @property
    def correct_passes(self) -> bool | None:
        """Whether the labeled-correct response passes (None: unverifiable or unmatched)."""
        return self.correct.passed if self.correct else None

    @property
    def incorrect_passes(self) -> bool | None:
        """Whether the labeled-incorrect response passes (None: unverifiable or unmatched)."""
        return self.incorrect.passed if self.incorrect else None

    @property
    def agrees(self) -> bool | None:
        """True when the label is reproduced, False when contradicted, None when either side is unknown."""
        c, i = self.correct_passes, self.incorrect_passes
        if c is None or i is None:
            return None
        return c and not i

    @property
    def second_opinion_differs(self) -> bool:
        """Whether Math-Verify reached a different (known) verdict on either response."""
        if self.second_opinion is None:
            return False
        mine = (self.correct_passes, self.incorrect_passes)
        theirs = (self.second_opinion[0].passed, self.second_opinion[1].passed)
        return any(a is not None and b is not None and a != b for a, b in zip(mine, theirs, strict=True))

    def to_dict(self) -> dict[str, Any]:
        """The issue's fixed JSON shape."""
        return {
            "pair_id": self.pair.pair_id,
            "source": self.pair.source,
            "task": self.task,
            "correct_passes": self.correct_passes,
            "incorrect_passes": self.incorrect_passes,
            "agrees": self.agrees,
        }


def audit_pairs(
    pairs: list[Pair],
    index: QuestionIndex,
    *,
    workers: int = 2,
    second_opinion: bool = True,
    verifiers: dict[str, Verifier] | None = None,
) -> list[PairAudit]:
    """Audit every pair; code runs ``workers`` sandboxes at a time, other checks run in this thread."""
    cache: dict[str, Verifier] = dict(verifiers or {})

    def verifier(name: str) -> Verifier:
        if name not in cache:
            cache[name] = VERIFIERS.get(name)()
        return cache[name]

    audits: list[PairAudit] = []
    code_jobs: list[tuple[PairAudit, Question]] = []
    for pair in pairs:
        q, how = index.match(pair)
        if q is None:
            audits.append(PairAudit(pair, "", how, None, None))
            continue
        audit = PairAudit(pair, q.task, how, None, None)
        audits.append(audit)
        if q.verifier.startswith("livecodebench"):
            code_jobs.append((audit, q))
            continue
        good, bad = pair.correct_first()
        v = verifier(q.verifier)
        audit.correct, audit.incorrect = v.check(q, good), v.check(q, bad)
        if second_opinion and q.source.startswith("livebench-math") and _math_verify_applies(q):
            mv = verifier("math-verify")
            audit.second_opinion = (mv.check(q, good), mv.check(q, bad))

    def run_code(job: tuple[PairAudit, Question]) -> None:
        audit, q = job
        good, bad = audit.pair.correct_first()
        v = verifier(q.verifier)
        audit.correct, audit.incorrect = v.check(q, good), v.check(q, bad)

    preflight(verifier(name) for name in {q.verifier for _, q in code_jobs})  # created before the threads share them
    with ThreadPoolExecutor(max(1, workers)) as pool:
        list(pool.map(run_code, code_jobs))
    return audits


def _family_of(audit: PairAudit) -> str:
    return family_of(audit.pair.source)


def summarize(audits: list[PairAudit]) -> dict[str, Any]:
    """Counts overall and per source family and task, and the pairs that do not agree."""

    def counts(items: list[PairAudit]) -> dict[str, int]:
        c = Counter("agree" if a.agrees else "unverifiable" if a.agrees is None else "disagree" for a in items)
        return {"pairs": len(items), "agree": c["agree"], "disagree": c["disagree"], "unverifiable": c["unverifiable"]}

    by_source: dict[str, dict[str, Any]] = {}
    for fam in sorted({_family_of(a) for a in audits}):
        items = [a for a in audits if _family_of(a) == fam]
        tasks = {t: counts([a for a in items if a.task == t]) for t in sorted({a.task for a in items})}
        by_source[fam] = {**counts(items), "tasks": tasks}
    return {
        **counts(audits),
        "by_source": by_source,
        "not_agreeing": [explain(a) for a in audits if a.agrees is not True],
        "math_verify_disagreements": [explain(a) for a in audits if a.second_opinion_differs],
    }


def _side(check: Check | None) -> dict[str, Any] | None:
    if check is None:
        return None
    extracted = None if check.extracted is None else check.extracted[-120:]
    return {"outcome": check.outcome.value, "rule": check.rule, "extracted": extracted, "detail": check.detail}


def explain(audit: PairAudit) -> dict[str, Any]:
    """Why a pair got its verdict: the rule, extracted answer and detail for each response."""
    out: dict[str, Any] = {
        "pair_id": audit.pair.pair_id,
        "source": audit.pair.source,
        "task": audit.task,
        "matched_by": audit.matched_by,
        "agrees": audit.agrees,
        "labeled_correct": _side(audit.correct),
        "labeled_incorrect": _side(audit.incorrect),
    }
    if audit.second_opinion is not None:
        out["math_verify"] = [_side(c) for c in audit.second_opinion]
    return out


def unverifiable_reason(audit: PairAudit) -> str:
    """A short reason for a pair without a verdict."""
    if audit.matched_by == "none":
        return "no matching question"
    for check in (audit.correct, audit.incorrect):
        if check is not None and check.outcome is Outcome.UNVERIFIABLE:
            return f"{check.rule}: {check.detail}"
    return ""
