r"""LiveBench math and reasoning questions with ground truth.

Dataset: ``livebench/math`` and ``livebench/reasoning`` on the Hugging Face hub (split ``test``; keys
``question_id, category, task, subtask, turns, ground_truth, livebench_release_date,
livebench_removal_date``), or LiveBench's ``data/<category>/<task>/question.jsonl`` files. Paper: White et al.
2024, "LiveBench: A Challenging, Contamination-Free LLM Benchmark", arXiv 2406.19314.

Format: the prompt is ``turns[0]`` verbatim; it already ends with the task's answer-format instruction
(``***X***`` for 2024 zebra puzzles, ``**yes, no, yes**`` for web of lies, five letters for AMC, three digits
for AIME, ``$\\boxed{}$`` for AMPS_Hard). JudgeBench used the 2024-06-24 release (and 2024-07-26 for
spatial): pass ``release="2024-07-26"`` to get the questions live at that date.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from judgebench.errors import ConfigError, MalformedRecordError
from judgebench.sources.hub_files import hub_split_jsonl, read_rows
from judgebench.verifiers.base import Question

HUB_IDS = {"math": "livebench/math", "reasoning": "livebench/reasoning"}
#: JudgeBench's questions were live at this date (spatial was added on 2024-07-26).
JUDGEBENCH_RELEASE = "2024-07-26"


def live_at(row: dict[str, Any], date: str) -> bool:
    """Whether a question was part of the benchmark on ``date`` (released by then and not yet removed)."""
    released = str(row.get("livebench_release_date") or "")
    removed = str(row.get("livebench_removal_date") or "")
    return released <= date and (not removed or removed > date)


@dataclass
class LiveBenchSource:
    """LiveBench questions of one category (``math`` or ``reasoning``).

    Args:
        path: a ``question.jsonl`` (or Parquet) file, or a folder searched for ``**/question.jsonl``; None
            downloads the hub dataset.
        category: ``math`` or ``reasoning``; rows of other categories in the files are skipped.
        release: keep only questions live on this date (``YYYY-MM-DD``); empty keeps all.
        tasks: keep only these tasks (e.g. ``("AMPS_Hard",)``).
    """

    path: str | None = None
    category: str = "math"
    release: str = ""
    tasks: tuple[str, ...] = ()
    name: str = ""

    def __post_init__(self) -> None:
        self.name = self.name or f"livebench-{self.category}"

    def _files(self) -> list[Path]:
        if self.path is None:
            return [hub_split_jsonl(HUB_IDS[self.category], "test")]
        root = Path(self.path)
        return sorted(root.rglob("question.jsonl")) if root.is_dir() else [root]

    def questions(self) -> Iterator[Question]:
        """Questions in file order, filtered by category, release date and task."""
        for file in self._files():
            for where, line, row in read_rows(file):
                if row.get("category", self.category) != self.category:
                    continue
                if self.release and not live_at(row, self.release):
                    continue
                if self.tasks and row.get("task") not in self.tasks:
                    continue
                yield self._question(row, where, line)

    def _question(self, row: dict[str, Any], where: str, line: int) -> Question:
        turns = row.get("turns")
        if not isinstance(turns, list) or not turns or "question_id" not in row or "ground_truth" not in row:
            raise MalformedRecordError("not a LiveBench question (needs question_id, turns, ground_truth)", where, line)
        meta_keys = ("subtask", "livebench_release_date", "livebench_removal_date", "year", "hardness", "level")
        return Question(
            id=str(row["question_id"]),
            source=self.name,
            task=str(row.get("task", "")),
            prompt=str(turns[0]),
            ground_truth=row["ground_truth"],
            verifier=self.name,
            metadata={k: row[k] for k in meta_keys if row.get(k) not in (None, "")},
        )


def _make(category: str, path: str | None, options: dict[str, Any]) -> LiveBenchSource:
    unknown = set(options) - {"release", "tasks"}
    if unknown:
        raise ConfigError(f"unknown livebench-{category} options: {', '.join(sorted(unknown))} (release, tasks)")
    return LiveBenchSource(path, category, str(options.get("release", "")), tuple(options.get("tasks", ())))


def make_math(path: str | None = None, **options: Any) -> LiveBenchSource:
    """Factory registered as ``livebench-math``."""
    return _make("math", path, options)


def make_reasoning(path: str | None = None, **options: Any) -> LiveBenchSource:
    """Factory registered as ``livebench-reasoning``."""
    return _make("reasoning", path, options)
