"""``judgebench verify --questions FILE --answers FILE``: score LiveBench model answers with LiveBench's rules."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def add_parser(sub: Any) -> None:
    """Register the ``verify`` command."""
    p = sub.add_parser("verify", help="verify LiveBench model answers against LiveBench question files")
    p.add_argument("--questions", required=True, metavar="FILE", help="a LiveBench question.jsonl (or a folder)")
    p.add_argument("--answers", required=True, metavar="FILE", help="LiveBench model_answer JSONL")
    p.add_argument(
        "--scorer",
        choices=("2025-08", "2024"),
        default="2025-08",
        help="LiveBench math scorer: 2025-08 (fc6c6080, the commit of LiveBench's current question files; default) "
        "or 2024 (ed36110, JudgeBench's era)",
    )
    p.add_argument("--json", action="store_true", help='print {"answers": [...]}')
    p.set_defaults(func=run)


def _answer_text(row: dict[str, Any], path: str, line: int) -> str:
    from judgebench.errors import MalformedRecordError

    try:
        text = row["choices"][0]["turns"][-1]
    except (KeyError, IndexError, TypeError):
        raise MalformedRecordError(
            "expected choices[0].turns[-1] (LiveBench's model_answer format)", path, line
        ) from None
    if not isinstance(text, str):
        raise MalformedRecordError("choices[0].turns[-1] must be a string", path, line)
    return text


def run(args: argparse.Namespace) -> int:
    """Verify each answer; answers to unknown questions or tasks without a rule get ``correct: null``."""
    from judgebench.errors import InputError, MalformedRecordError
    from judgebench.jsonl import iter_jsonl
    from judgebench.sources.livebench import LiveBenchSource
    from judgebench.verifiers.base import VERIFIERS
    from judgebench.verifiers.livebench_math import LiveBenchMathVerifier

    questions = {q.id: q for cat in ("math", "reasoning") for q in LiveBenchSource(args.questions, cat).questions()}
    if not questions:
        raise InputError("no LiveBench math or reasoning questions in it", args.questions)
    math = LiveBenchMathVerifier(version=args.scorer)
    results: list[dict[str, Any]] = []
    for line, row in iter_jsonl(args.answers):
        if "question_id" not in row:
            raise MalformedRecordError("missing key 'question_id'", args.answers, line)
        text = _answer_text(row, args.answers, line)
        q = questions.get(str(row["question_id"]))
        record: dict[str, Any] = {
            "question_id": row["question_id"],
            "model_id": row.get("model_id"),
            "task": q.task if q else None,
            "correct": None,
        }
        if q is not None:
            verifier = math if q.verifier == "livebench-math" else VERIFIERS.get(q.verifier)()
            record["correct"] = verifier.check(q, text).passed
        results.append(record)
    if not results:
        raise InputError("no answers in file", args.answers)
    if args.json:
        json.dump({"answers": results}, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        for r in results:
            verdict = {True: "correct", False: "incorrect", None: "unverifiable"}[r["correct"]]
            print(f"{r['question_id']}\t{r['model_id']}\t{r['task']}\t{verdict}")
        known = [r for r in results if r["correct"] is not None]
        print(
            f"{sum(bool(r['correct']) for r in known)}/{len(known)} correct ({len(results) - len(known)} unverifiable)"
        )
    return 0
