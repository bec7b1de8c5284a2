"""The optional LLM answer checker (paper §3 and App. A.5): a second opinion on each labeled response.

JudgeBench asked GPT-4o-mini to extract the answer from each response and say whether it is correct,
regardless of format, and dropped the responses where the model and the rule-based checker disagreed. The
prompt follows the public JudgeBench-style template (JSON mode, ``{"is_correct": bool}``, temperature 0).
It runs on MMLU-Pro and LiveBench questions only (the paper did not filter LiveCodeBench). A reply with no
readable verdict is recorded as such and the response is dropped: a failed check is never a guess.
"""

from __future__ import annotations

import json
import re
from typing import Any

from judgebench.backends.base import ChatRequest, Message
from judgebench.records import Category
from judgebench.verifiers.base import Outcome, Question

SYSTEM_PROMPT = (
    "You are a helpful assistant that checks whether a response to a question reaches the correct final answer. "
    "Extract the final answer from the response and compare it with the correct answer, regardless of format. "
    'Reply with a JSON object: {"is_correct": true} or {"is_correct": false}.'
)
USER_TEMPLATE = "<|Question|>\n{0}\n\n<|LLM Response|>\n{1}\n\n<|Correct Answer|>\n{2}"
CHECKER_RULE = "llm-checker/v1"

_VERDICT = re.compile(r'"is_correct"\s*:\s*(true|false)', re.IGNORECASE)
_LETTERS = "ABCDEFGHIJ"


def applies_to(question: Question) -> bool:
    """The checker runs on every category but Coding (as the paper did)."""
    return question.category is not Category.CODING


def ground_truth_text(question: Question) -> str:
    """The correct answer as shown to the checker: ``(C) option text`` for multiple choice, else the value."""
    gt = question.ground_truth
    options = question.metadata.get("options")
    if isinstance(gt, str) and len(gt) == 1 and gt in _LETTERS and isinstance(options, list):
        i = _LETTERS.index(gt)
        if i < len(options):
            return f"({gt}) {options[i]}"
    return gt if isinstance(gt, str) else json.dumps(gt, ensure_ascii=False)


def checker_request(question: Question, response: str) -> ChatRequest:
    """The checker call for one response."""
    user = USER_TEMPLATE.format(question.prompt, response, ground_truth_text(question))
    return ChatRequest(
        messages=(Message("system", SYSTEM_PROMPT), Message("user", user)),
        temperature=0.0,
        extra={"response_format": {"type": "json_object"}},
        metadata={"question_id": question.id, "stage": "check"},
    )


def parse_verdict(text: str) -> Outcome | None:
    """CORRECT / INCORRECT from the checker's reply, or None when it holds no readable verdict."""
    try:
        obj: Any = json.loads(text)
    except ValueError:
        obj = None
    if isinstance(obj, dict) and isinstance(obj.get("is_correct"), bool):
        return Outcome.CORRECT if obj["is_correct"] else Outcome.INCORRECT
    m = _VERDICT.findall(text)
    if len(set(v.lower() for v in m)) == 1:
        return Outcome.CORRECT if m[0].lower() == "true" else Outcome.INCORRECT
    return None


def combine(rule: Outcome, checker: Outcome | None) -> tuple[Outcome | None, str]:
    """The final outcome of a response: the rule's when the checker agrees, else dropped with a reason."""
    if rule is Outcome.UNVERIFIABLE:
        return None, "unverifiable"
    if checker is None:
        return None, "checker-unreadable"
    if checker is not rule:
        return None, "rule-checker-disagree"
    return rule, ""
