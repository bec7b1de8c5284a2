"""Per-task agreement of ``livebench-math`` with LiveBench's own scoring of real model answers.

Needs a LiveBench checkout at fc6c6080 (the commit of ../shared/sources/livebench), named by
``JUDGEBENCH_LIVEBENCH_SRC``: its ``livebench/data/live_bench/math/<task>/`` folders hold model answers
(``model_answer/*.jsonl``) and LiveBench's recorded verdicts on them (``model_judgment/ground_truth_judgment.jsonl``).
For math_comp, AMPS_Hard and olympiad it prints, per scorer version, how many answers get the same verdict
(LiveBench score 1 = correct, below 1 = incorrect) and lists the others. With ``--live`` it also runs
LiveBench's functions now, through ``tests/tools/livebench_reference.py`` under ``JUDGEBENCH_LIVEBENCH_PYTHON``::

    JUDGEBENCH_LIVEBENCH_SRC=~/LiveBench JUDGEBENCH_LIVEBENCH_PYTHON=~/lbenv/bin/python \\
        python bench/livebench_parity.py --live
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from judgebench.verifiers.base import Question
from judgebench.verifiers.livebench_math import LiveBenchMathVerifier

TASKS = ("math_comp", "AMPS_Hard", "olympiad")
REFERENCE = Path(__file__).parents[1] / "tests" / "tools" / "livebench_reference.py"


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def corpus(root: Path, task: str) -> list[dict[str, Any]]:
    """Every model answer of ``task`` with its question, and LiveBench's recorded score."""
    folder = root / "livebench" / "data" / "live_bench" / "math" / task
    questions = {q["question_id"]: q for q in _jsonl(folder / "question.jsonl")}
    judgments = _jsonl(folder / "model_judgment" / "ground_truth_judgment.jsonl")
    recorded = {(j["question_id"], j["model"]): j["score"] for j in judgments}
    rows = []
    for file in sorted((folder / "model_answer").glob("*.jsonl")):
        for answer in _jsonl(file):
            q = questions[answer["question_id"]]
            key = (answer["question_id"], answer["model_id"])
            rows.append({
                "id": f"{answer['question_id']}/{answer['model_id']}", "task": task, "subtask": q.get("subtask"),
                "ground_truth": q["ground_truth"], "question": q["turns"][0],
                "response": answer["choices"][0]["turns"][-1], "recorded": recorded.get(key),
            })  # fmt: skip
    return rows


def _verdict(score: Any) -> bool | None:
    return None if score is None else score == 1


def run(task_rows: list[dict[str, Any]], version: str) -> dict[str, bool | None]:
    """Our verdict for each row."""
    verifier = LiveBenchMathVerifier(version=version)  # type: ignore[arg-type]
    out = {}
    for row in task_rows:
        meta = {"subtask": row["subtask"]} if row["subtask"] else {}
        q = Question(row["id"], "livebench-math", row["task"], row["question"], row["ground_truth"], "", meta)
        out[row["id"]] = verifier.check(q, row["response"]).passed
    return out


def live(task_rows: list[dict[str, Any]]) -> dict[str, bool | None]:
    """LiveBench's verdicts, computed now by its own functions."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as fh:
        fh.writelines(json.dumps(row) + "\n" for row in task_rows)
    python = os.environ.get("JUDGEBENCH_LIVEBENCH_PYTHON", sys.executable)
    done = subprocess.run([python, str(REFERENCE), fh.name], capture_output=True, text=True, check=True)
    os.unlink(fh.name)
    return {r["id"]: (None if r["error"] else _verdict(r["score"])) for r in map(json.loads, done.stdout.splitlines())}


def main() -> None:
    """Print the agreement table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--live", action="store_true", help="also run LiveBench's functions now")
    parser.add_argument("--versions", default="2025-08,2024")
    parser.add_argument("--tasks", default=",".join(TASKS))
    args = parser.parse_args()
    src = os.environ.get("JUDGEBENCH_LIVEBENCH_SRC")
    if not src:
        raise SystemExit("set JUDGEBENCH_LIVEBENCH_SRC to a LiveBench checkout at fc6c6080")
    for task in args.tasks.split(","):
        rows = corpus(Path(src), task)
        references = {"recorded": {r["id"]: _verdict(r["recorded"]) for r in rows}}
        if args.live:
            references["live"] = live(rows)
        for version in args.versions.split(","):
            mine = run(rows, version)
            for name, ref in references.items():
                agree = [k for k in mine if mine[k] == ref[k]]
                others = [
                    f"{k[:8]}…{k.split('/')[1]} (LiveBench {ref[k]}, ours {mine[k]})" for k in mine if mine[k] != ref[k]
                ]
                print(f"{task:9s} {version:7s} vs {name:8s}: {len(agree)}/{len(mine)} agree  {'; '.join(others)}")


if __name__ == "__main__":
    main()
