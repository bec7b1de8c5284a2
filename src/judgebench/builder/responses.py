"""Given responses (``--responses FILE``): match each line to a source question, before any model call.

The file is JSONL, one response per line: ``{"question_id" | "question", "response", "model"}``. A line is
matched to a question by ``question_id`` (a source's question id; MMLU-Pro's integer ids may be given as
numbers) or, when that key is absent or null, by the exact question text (the JudgeBench prompt). A line that
matches no question, or that misses its response or model, is an error naming its file and line. A text (or an
id) that names several questions of the selected sources is never merged into one: the lines that give one are
an error that lists them, asking for the question's id.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from judgebench.errors import InputError, MalformedRecordError
from judgebench.jsonl import iter_jsonl
from judgebench.verifiers.base import Question


def text_sha(text: str) -> str:
    """A short stable digest of a response text (used in pair ids and to detect changed inputs)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class Response:
    """One response to one question: sampled (``index`` = sample number) or given (its rank in the file)."""

    question_id: str
    index: int
    model: str
    text: str

    @property
    def sha(self) -> str:
        """Digest of the text."""
        return text_sha(self.text)

    def to_record(self) -> dict[str, Any]:
        """The stage-file record."""
        return {"question_id": self.question_id, "index": self.index, "model": self.model, "response": self.text}


class QuestionIndex:
    """Questions looked up by id and by exact prompt text (a key may name several questions)."""

    def __init__(self, questions: list[Question]) -> None:
        self.by_id: dict[str, list[Question]] = {}
        self.by_text: dict[str, list[Question]] = {}
        for q in questions:
            self.by_id.setdefault(q.id, []).append(q)
            self.by_text.setdefault(q.prompt, []).append(q)

    def find(self, question_id: Any = None, text: Any = None) -> list[Question]:
        """The questions with this id (when given and not null), else with this exact text; [] for none."""
        if question_id is not None:
            return self.by_id.get(str(question_id), [])
        if isinstance(text, str):
            return self.by_text.get(text, [])
        return []


def read_responses(path: str, index: QuestionIndex, model: str | None = None) -> dict[str, list[Response]]:
    """Responses per question id, in file order; every line must match a question.

    Args:
        path: the JSONL file.
        index: the source's questions.
        model: the response model when lines carry no ``model`` (``--model``); a line's own model wins.

    Raises:
        InputError: a line that matches no question, lines whose text (or id) names several questions (all
            listed), or responses from more than one model.
        MalformedRecordError: a line without a response, question key or model.
    """
    out: dict[str, list[Response]] = {}
    ambiguous: dict[tuple[str, ...], list[int]] = {}  # the questions a key names -> the lines that give it
    first_model: tuple[str, int] | None = None
    for line, row in iter_jsonl(path):
        if "question_id" not in row and "question" not in row:
            raise MalformedRecordError("a response line needs 'question_id' or 'question'", path, line)
        text = row.get("response")
        if not isinstance(text, str):
            raise MalformedRecordError("'response' must be a string", path, line)
        m = row.get("model", model)
        if not isinstance(m, str) or not m:
            raise MalformedRecordError("no 'model' on the line and no --model given", path, line)
        if first_model is None:
            first_model = (m, line)
        elif m != first_model[0]:
            raise InputError(
                f"responses from more than one model ({first_model[0]!r} on line {first_model[1]}, {m!r} here); "
                "a build uses one response model",
                path,
                line,
            )
        found = index.find(row.get("question_id"), row.get("question"))
        if not found:
            what = (
                f"question_id {row['question_id']!r}"
                if row.get("question_id") is not None
                else f"question text {_preview(row.get('question'))!r}"
            )
            raise InputError(f"{what} matches no question of the selected sources", path, line)
        if len(found) == 1 and len(index.by_id[found[0].id]) > 1:
            found = index.by_id[found[0].id]  # its id is another source's too: responses are kept by id
        if len(found) > 1:
            ambiguous.setdefault(tuple(f"{q.source} {q.id}" for q in found), []).append(line)
            continue
        q = found[0]
        rs = out.setdefault(q.id, [])
        rs.append(Response(q.id, len(rs), m, text))
    if ambiguous:
        raise InputError(_ambiguity(ambiguous), path)
    if not out:
        raise InputError("no responses in the file", path)
    return out


def _ambiguity(ambiguous: dict[tuple[str, ...], list[int]]) -> str:
    """One line: which lines give a text that names several questions, and which questions."""
    parts = [
        f"line{'s' if len(lines) > 1 else ''} {', '.join(map(str, lines))} name {' and '.join(qs)}"
        for qs, lines in ambiguous.items()
    ]
    return (
        f"{sum(map(len, ambiguous.values()))} responses give a question text shared by several questions "
        f"({'; '.join(parts)}); give each its question_id"
    )


def _preview(value: Any) -> str:
    s = str(value).replace("\n", " ")
    return s if len(s) <= 60 else s[:57] + "..."
