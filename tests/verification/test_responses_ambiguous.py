"""``--responses``: a question text that names several questions is never merged into one (issue 20, item 3).

Two MMLU-Pro questions (6274 and 6275, among other pairs) share their text; matched by text, both pairs'
responses used to land on the first id, so one best-of-K record got 2 chosen + 2 rejected and the README's
rebuild printed 238 pairs, not 239.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from judgebench.builder.inputs import SourceSpec, load_source
from judgebench.builder.responses import QuestionIndex, read_responses
from judgebench.errors import InputError
from judgebench.records import read_pairs
from judgebench.verifiers.base import Question
from tests.conftest import CLAUDE_PAIRS, SHARED

MMLU = SHARED / "sources" / "mmlu-pro" / "test.jsonl"


def _q(qid: str, prompt: str, source: str = "mmlu-pro-health") -> Question:
    return Question(qid, source, "health", prompt, "A", "mmlu-pro")


def _write(path: Path, rows: list[dict]) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return str(path)


def test_a_shared_text_is_an_error_listing_its_lines_and_questions(tmp_path):
    index = QuestionIndex([_q("1", "same text"), _q("2", "same text"), _q("3", "other text")])
    rows = [
        {"question": "other text", "response": "x", "model": "m"},
        {"question": "same text", "response": "a", "model": "m"},
        {"question": "same text", "response": "b", "model": "m"},
    ]
    with pytest.raises(InputError) as err:
        read_responses(_write(tmp_path / "r.jsonl", rows), index)
    msg = str(err.value)
    assert "\n" not in msg and "lines 2, 3 name mmlu-pro-health 1 and mmlu-pro-health 2" in msg
    assert "2 responses" in msg and "question_id" in msg


def test_ids_tell_them_apart_and_a_null_id_falls_back_to_the_text(tmp_path):
    index = QuestionIndex([_q("1", "same text"), _q("2", "same text"), _q("3", "other text")])
    rows = [
        {"question_id": 1, "question": "same text", "response": "a", "model": "m"},
        {"question_id": "2", "question": "same text", "response": "b", "model": "m"},
        {"question_id": None, "question": "other text", "response": "c", "model": "m"},
    ]
    got = read_responses(_write(tmp_path / "r.jsonl", rows), index)
    assert {qid: [r.text for r in rs] for qid, rs in got.items()} == {"1": ["a"], "2": ["b"], "3": ["c"]}


def test_an_id_two_sources_share_is_ambiguous_too(tmp_path):
    index = QuestionIndex([_q("7", "a"), _q("7", "b", source="jsonl")])
    with pytest.raises(InputError, match="name mmlu-pro-health 7 and jsonl 7"):
        read_responses(_write(tmp_path / "r.jsonl", [{"question_id": 7, "response": "x", "model": "m"}]), index)
    with pytest.raises(InputError, match="name mmlu-pro-health 7 and jsonl 7"):  # found by its text, kept by id
        read_responses(_write(tmp_path / "r.jsonl", [{"question": "a", "response": "x", "model": "m"}]), index)


def test_the_claude_split_by_text_names_its_shared_mmlu_pro_texts(tmp_path):
    pairs = [p for p in read_pairs(CLAUDE_PAIRS) if p.source.startswith("mmlu-pro")]
    rows = [{"question": p.question, "response": r, "model": "m"} for p in pairs for r in (p.response_A, p.response_B)]
    index = QuestionIndex(load_source(SourceSpec.parse(f"mmlu-pro={MMLU}")))
    with pytest.raises(InputError) as err:
        read_responses(_write(tmp_path / "r.jsonl", rows), index)
    assert "mmlu-pro-health 6274 and mmlu-pro-health 6275" in str(err.value)
    by_id = [{"question_id": p.original_id, **r} for p, r in zip([p for p in pairs for _ in (0, 1)], rows, strict=True)]
    got = read_responses(_write(tmp_path / "r.jsonl", by_id), index)
    assert len(got) == len({p.original_id for p in pairs}) == 154 and {len(rs) for rs in got.values()} == {2}
