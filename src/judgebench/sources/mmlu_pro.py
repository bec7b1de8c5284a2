"""MMLU-Pro as JudgeBench used it.

Dataset: ``TIGER-Lab/MMLU-Pro`` (test split, 12,032 questions; keys ``question_id, question, options, answer,
answer_index, cot_content, category, src``). Paper: Wang et al. 2024, "MMLU-Pro: A More Robust and
Challenging Multi-Task Language Understanding Benchmark", arXiv 2406.01574.

Format: JudgeBench's prompt is the question, each option on its own line as ``(A) text`` … ``(J) text`` (no
"N/A" filtering), then the five-letter instruction (:data:`MMLU_PRO_SUFFIX`). The ground truth is the answer
letter, checked by the ``mmlu-pro`` verifier. The pair ``source`` is ``mmlu-pro-<category>``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from judgebench.errors import ConfigError, MalformedRecordError
from judgebench.sources.hub_files import hub_split_jsonl, read_rows
from judgebench.verifiers.base import Question

HUB_ID = "TIGER-Lab/MMLU-Pro"
MMLU_PRO_SUFFIX = (
    "\nIf you cannot determine the correct multiple-choice answer, take your best guess. Once you have your "
    "answer, please duplicate that letter five times in a single string. For example, if the answer is K, then "
    "write KKKKK.\nLet's think step by step."
)
LETTERS = "ABCDEFGHIJKLMNOP"


def render_prompt(question: str, options: list[str]) -> str:
    """JudgeBench's MMLU-Pro prompt: the question, ``(A) option`` lines and the five-letter instruction."""
    lines = "".join(f"\n({LETTERS[i]}) {opt}" for i, opt in enumerate(options))
    return question + lines + MMLU_PRO_SUFFIX


@dataclass
class MmluProSource:
    """MMLU-Pro questions; ``categories`` keeps only those (e.g. ``("law", "math")``)."""

    path: str | None = None
    categories: tuple[str, ...] = ()
    name: str = "mmlu-pro"

    def _file(self) -> Path:
        return Path(self.path) if self.path else hub_split_jsonl(HUB_ID, "test")

    def questions(self) -> Iterator[Question]:
        """Questions in file order (only ``categories`` when given)."""
        for where, line, row in read_rows(self._file()):
            q = self._question(row, where, line)
            if not self.categories or q.task in self.categories:
                yield q

    def _question(self, row: dict[str, Any], where: str, line: int) -> Question:
        try:
            qid, text, options, answer, category = (
                row["question_id"],
                row["question"],
                list(row["options"]),
                row["answer"],
                row["category"],
            )
        except (KeyError, TypeError) as exc:
            raise MalformedRecordError(f"not an MMLU-Pro row (missing {exc})", where, line) from None
        return Question(
            id=str(qid),
            source=f"mmlu-pro-{category}",
            task=str(category),
            prompt=render_prompt(str(text), [str(o) for o in options]),
            ground_truth=str(answer),
            verifier="mmlu-pro",
            metadata={
                "question": text,
                "options": options,
                "src": row.get("src"),
                "answer_index": row.get("answer_index"),
            },
        )


def make_source(path: str | None = None, **options: Any) -> MmluProSource:
    """Factory registered as ``mmlu-pro``."""
    unknown = set(options) - {"categories"}
    if unknown:
        raise ConfigError(f"unknown mmlu-pro options: {', '.join(sorted(unknown))} (categories)")
    return MmluProSource(path, tuple(options.get("categories", ())))
