"""LiveCodeBench code-generation problems with their tests.

Dataset: ``livecodebench/code_generation_lite`` (files ``test.jsonl`` … ``test6.jsonl``; ``release_vN`` is the
first N files; keys ``question_title, question_content, platform, question_id, contest_id, contest_date,
starter_code, difficulty, public_test_cases, private_test_cases, metadata``). Paper: Jain et al. 2024,
"LiveCodeBench: Holistic and Contamination Free Evaluation of Large Language Models for Code",
arXiv 2403.07974.

Format: JudgeBench's prompt is ``question_content`` verbatim (no starter code, no format block); the response
models were prompted with LCB's generic prompt (kept in ``metadata["generation_prompt"]``). Ground truth is a
:class:`~judgebench.verifiers.code_tests.CodeTests` (public then private tests, private ones decoded with
a restricted unpickler), checked by the ``livecodebench`` verifier. Problems in LCB's ERRATA (several valid
outputs, interactive, bad tests) are skipped unless ``keep_errata=True``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from judgebench.errors import ConfigError, MalformedRecordError
from judgebench.sources.hub_files import hub_raw_file, read_rows
from judgebench.verifiers.base import Question
from judgebench.verifiers.code_tests import CodeTests, decode_test_cases

HUB_ID = "livecodebench/code_generation_lite"
RELEASE_FILES = {f"release_v{n}": ["test.jsonl", *[f"test{i}.jsonl" for i in range(2, n + 1)]] for n in range(1, 7)}
ERRATA = frozenset(
    [
        "abc311_c",
        "abc326_d",
        "abc327_b",
        "abc333_e",
        "abc343_e",
        "abc362_c",
        "find-words-containing-character",
        "find-the-peaks",
        "generate-binary-strings-without-adjacent-zeros",
        "arc185_c",
        "abc343_a",
        "abc337_e",
        "abc355_e",
        "abc350_c",
        "apply-operations-to-make-string-empty",
        "most-frequent-ids",
        "arc189_a",
    ]
)
SYSTEM_PROMPT = (
    "You are an expert Python programmer. You will be given a question (problem specification) and will generate "
    "a correct Python program that matches the specification and passes all tests."
)
_STDIN_FORMAT = (
    "### Format: Read the inputs from stdin solve the problem and write the answer to stdout (do not directly test "
    "on the sample inputs). Enclose your code within delimiters as follows. Ensure that when the python program "
    "runs, it reads the inputs, runs the algorithm and writes output to STDOUT.\n```python\n# YOUR CODE HERE\n```\n\n"
)


def generation_prompt(content: str, starter_code: str) -> str:
    """LCB's generic user prompt (the one that produced JudgeBench's responses)."""
    if starter_code:
        fmt = (
            "### Format: You will use the following starter code to write the solution to the problem and enclose "
            f"your code within delimiters.\n```python\n{starter_code}\n```\n\n"
        )
    else:
        fmt = _STDIN_FORMAT
    return f"### Question:\n{content}\n\n{fmt}### Answer: (use the provided format with backticks)\n\n"


@dataclass
class LiveCodeBenchSource:
    """LCB problems from a JSONL/Parquet file (``path``) or a hub release (``release``, e.g. ``release_v2``)."""

    path: str | None = None
    release: str = "release_v2"
    keep_errata: bool = False
    name: str = "livecodebench"

    def _files(self) -> list[Path]:
        if self.path is not None:
            return [Path(self.path)]
        if self.release not in RELEASE_FILES:
            raise ConfigError(f"unknown LiveCodeBench release {self.release!r} ({', '.join(RELEASE_FILES)})")
        return [hub_raw_file(HUB_ID, name) for name in RELEASE_FILES[self.release]]

    def questions(self) -> Iterator[Question]:
        """Problems in file order."""
        for file in self._files():
            for where, line, row in read_rows(file):
                q = self._question(row, where, line)
                if self.keep_errata or q.id not in ERRATA:
                    yield q

    def _question(self, row: dict[str, Any], where: str, line: int) -> Question:
        try:
            content, qid = str(row["question_content"]), str(row["question_id"])
            public = decode_test_cases(row.get("public_test_cases") or "[]", "public_test_cases")
            private = decode_test_cases(row.get("private_test_cases") or "[]", "private_test_cases")
            meta = row.get("metadata") or "{}"
            meta = json.loads(meta) if isinstance(meta, str) else dict(meta)
        except KeyError as exc:
            raise MalformedRecordError(f"not a LiveCodeBench row (missing {exc})", where, line) from None
        except MalformedRecordError as exc:
            raise MalformedRecordError(exc.reason, where, line) from None
        except ValueError:
            raise MalformedRecordError("'metadata' is not JSON", where, line) from None
        starter = str(row.get("starter_code") or "")
        return Question(
            id=qid,
            source=self.name,
            task=str(row.get("platform", "")),
            prompt=content,
            ground_truth=CodeTests(tuple(public + private), meta.get("func_name")),
            verifier="livecodebench",
            metadata={
                "title": row.get("question_title"),
                "contest_date": str(row.get("contest_date", "")),
                "difficulty": row.get("difficulty"),
                "starter_code": starter,
                "generation_prompt": generation_prompt(content, starter),
            },
        )


def make_source(path: str | None = None, **options: Any) -> LiveCodeBenchSource:
    """Factory registered as ``livecodebench``."""
    unknown = set(options) - {"release", "keep_errata"}
    if unknown:
        raise ConfigError(f"unknown livecodebench options: {', '.join(sorted(unknown))} (release, keep_errata)")
    return LiveCodeBenchSource(path, str(options.get("release", "release_v2")), bool(options.get("keep_errata")))
