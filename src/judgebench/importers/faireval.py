"""Raw FairEval (``i-Eval/FairEval``): questions, two models' answers and the human review, as pairs.

The repository holds ``question.jsonl`` (``question_id, text, category``), ``answer/answer_<model>.jsonl``
(``answer_id, model_id, question_id, text, metadata``) and ``review/review_gpt35_vicuna-13b_human.txt``: one
verdict per line, in question order, ``CHATGPT``, ``VICUNA13B`` or ``TIE``. Response A is ChatGPT's answer
(FairEval's Assistant 1), B Vicuna-13B's; ties are dropped. This gives exactly the 66 pairs of LLMBar's
``Processed/FairEval`` (same placement, same labels, hence the same pair ids).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from judgebench.errors import InputError
from judgebench.hub_rows import field, github_raw_url, read_rows
from judgebench.importers.base import IMPORTERS, Importer, ImportResult, check_options, records_result
from judgebench.importers.pair_records import make_pair
from judgebench.records import Pair

FAIREVAL_REPO = "i-Eval/FairEval"
FAIREVAL_COMMIT = "453c117a69159fd7b7de2f4e0519bac57bee21f4"
FILES = {
    "questions": "question.jsonl",
    "answer_a": "answer/answer_gpt35.jsonl",
    "answer_b": "answer/answer_vicuna-13b.jsonl",
    "review": "review/review_gpt35_vicuna-13b_human.txt",
}
_VERDICTS = {"CHATGPT": "A>B", "VICUNA13B": "B>A", "TIE": None}


def _by_question(path: Path) -> dict[int, dict[str, Any]]:
    out: dict[int, dict[str, Any]] = {}
    for i, row in enumerate(read_rows(path), 1):
        qid = field(row, "question_id", int, str(path), i)
        field(row, "text", str, str(path), i)
        out[qid] = row
    return out


def folder_files(folder: str | os.PathLike[str] | None) -> Path:
    """A FairEval checkout: ``folder`` as given, else the four files downloaded once at the pinned commit."""
    if folder is not None:
        return Path(folder)
    from judgebench.hub import download
    from judgebench.locations import cache_dir

    root = cache_dir() / "benchmarks" / "faireval"
    for rel in FILES.values():
        if not (root / rel).is_file():
            download(github_raw_url(FAIREVAL_REPO, FAIREVAL_COMMIT, rel), root / rel)
    return root


def import_faireval(folder: str | os.PathLike[str]) -> tuple[list[Pair], int]:
    """The pairs of a FairEval checkout and the number of ties dropped."""
    root = Path(folder)
    if not root.is_dir():
        raise InputError("not a folder (expected a FairEval checkout: question.jsonl, answer/, review/)", str(root))
    questions = _by_question(root / FILES["questions"])
    answers_a = _by_question(root / FILES["answer_a"])
    answers_b = _by_question(root / FILES["answer_b"])
    review = root / FILES["review"]
    if not review.is_file():
        raise InputError("no such file", str(review))
    verdicts = review.read_text(encoding="utf-8").split()
    qids = sorted(questions)
    if len(verdicts) != len(qids):
        raise InputError(f"{len(verdicts)} verdicts for {len(qids)} questions", str(review))
    pairs: list[Pair] = []
    ties = 0
    for line, (qid, verdict) in enumerate(zip(qids, verdicts, strict=True), 1):
        if verdict not in _VERDICTS:
            raise InputError(f"unknown verdict {verdict!r} (CHATGPT, VICUNA13B or TIE)", str(review), line)
        label = _VERDICTS[verdict]
        if label is None:
            ties += 1
            continue
        if qid not in answers_a or qid not in answers_b:
            raise InputError(f"question {qid} has no answer from both models", str(root / "answer"))
        q = questions[qid]
        pairs.append(
            make_pair(
                "faireval",
                qid,
                q["text"],
                answers_a[qid]["text"],
                answers_b[qid]["text"],
                label,
                response_model="mixed",
                extra={"model_A": "gpt-3.5-turbo", "model_B": "vicuna-13b", "category": q.get("category")},
            )
        )
    return pairs, ties


def run_faireval(source: str | None, options: dict[str, str]) -> ImportResult:
    """A FairEval checkout (none: its four files downloaded at the pinned commit); ties are left out."""
    check_options(options, (), "faireval")
    pairs, ties = import_faireval(folder_files(source))
    return records_result(pairs, {"ties": ties})


# its pairs are LLMBar's "faireval" source and benchmark (declared in judgebench.importers.llmbar)
IMPORTERS.add(
    "faireval",
    Importer(
        "raw FairEval (questions, ChatGPT and Vicuna-13B answers, human review) as pairs",
        run_faireval,
        "a checkout of i-Eval/FairEval; none: download its four files",
    ),
)
