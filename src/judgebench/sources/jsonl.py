"""Any JSONL file of questions with answers and the verifier that checks them.

Dataset: your own. Format: one JSON object per line with ``question`` (the full prompt), ``answer`` (the
ground truth in the form the verifier expects: a letter for ``mmlu-pro``, LiveBench's ``ground_truth`` for
``livebench-*``, LCB test cases ``{"tests": [...], "fn_name": ...}`` for ``livecodebench``) and ``verifier``
(a registered name); optional ``id`` (else the line number), ``source`` (default ``jsonl``), ``task`` and
``metadata``. Bad lines raise :class:`~judgebench.errors.MalformedRecordError` naming file and line.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from judgebench.errors import ConfigError, MalformedRecordError
from judgebench.jsonl import iter_jsonl
from judgebench.verifiers.base import VERIFIERS, Question
from judgebench.verifiers.code_tests import CodeTests, decode_test_cases


def _ground_truth(answer: Any, verifier: str, where: str, line: int) -> Any:
    if verifier.startswith("livecodebench") and isinstance(answer, dict):
        try:
            cases = decode_test_cases(answer.get("tests", []), "answer.tests")
        except MalformedRecordError as exc:
            raise MalformedRecordError(exc.reason, where, line) from None
        fn_name = answer.get("fn_name")
        return CodeTests(tuple(cases), str(fn_name) if fn_name else None)
    return answer


@dataclass
class JsonlSource:
    """Questions from a JSONL file of ``{"question", "answer", "verifier", ...}`` records."""

    path: str
    name: str = "jsonl"

    def questions(self) -> Iterator[Question]:
        """Questions in file order; an unknown verifier name is an error on its line."""
        where = str(self.path)
        for line, row in iter_jsonl(Path(self.path)):
            missing = [k for k in ("question", "answer", "verifier") if k not in row]
            if missing:
                raise MalformedRecordError(f"missing key {missing[0]!r}", where, line)
            verifier = row["verifier"]
            if not isinstance(verifier, str) or verifier not in VERIFIERS:
                raise MalformedRecordError(
                    f"unknown verifier {verifier!r} (known: {', '.join(VERIFIERS)})", where, line
                )
            if not isinstance(row["question"], str):
                raise MalformedRecordError("'question' must be a string", where, line)
            meta = row.get("metadata") or {}
            yield Question(
                id=str(row.get("id", line)),
                source=str(row.get("source", "jsonl")),
                task=str(row.get("task", "")),
                prompt=row["question"],
                ground_truth=_ground_truth(row["answer"], verifier, where, line),
                verifier=verifier,
                metadata=dict(meta) if isinstance(meta, dict) else {"metadata": meta},
            )


def make_source(path: str | None = None, **options: Any) -> JsonlSource:
    """Factory registered as ``jsonl``; a path is required."""
    if path is None:
        raise ConfigError("the jsonl source needs a path")
    if options:
        raise ConfigError(f"unknown jsonl options: {', '.join(sorted(options))}")
    return JsonlSource(path)
