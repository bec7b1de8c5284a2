"""Scoring a million judged pairs, streamed from JSONL: wall time and peak memory of `judgebench score`.

Targets (issue 2): under 5 s and under 2 GB on a 2-core machine. The baseline, measured in the same run, is
the bare cost of reading and parsing the same file with orjson (no validation, no scoring), so the ratio shows
what scoring adds on top of I/O.

    python bench/bench_score.py [--pairs 1000000]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson

SOURCES = ["mmlu-pro-law", "mmlu-pro-math", "livebench-reasoning", "livebench-math", "livecodebench"]
DECISIONS = ["A>B", "B>A", "A=B", None]


def make_file(path: Path, n: int, seed: int = 0) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            row = {
                "pair_id": f"pair-{i:08d}",
                "original_id": i,
                "source": SOURCES[i % len(SOURCES)],
                "question": f"What is {i} + {i}?",
                "response_model": "synthetic-model",
                "response_A": f"The answer is {2 * i}.",
                "response_B": f"The answer is {2 * i + 1}.",
                "label": "A>B" if i % 2 else "B>A",
                "judge_name": "arena_hard",
                "judgments": [
                    {"judgment": {"judge_model": "synthetic-judge"}, "decision": rng.choice(DECISIONS)},
                    {"judgment": {"judge_model": "synthetic-judge"}, "decision": rng.choice(DECISIONS)},
                ],
            }
            fh.write(json.dumps(row) + "\n")


def baseline_parse(path: Path) -> float:
    t = time.perf_counter()
    with path.open("rb") as fh:
        for line in fh:
            orjson.loads(line)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pairs", type=int, default=1_000_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"synthetic,judge_name=arena_hard,judge_model=synthetic-{args.pairs}.jsonl"
        t = time.perf_counter()
        make_file(path, args.pairs)
        print(
            f"wrote {args.pairs:,} judged pairs ({path.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - t:.1f} s"
        )
        base = baseline_parse(path)
        t = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "judgebench.cli.main", "score", str(path), "--json"],
            capture_output=True,
            text=True,
            check=True,
        )
        wall = time.perf_counter() - t
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        overall = json.loads(proc.stdout)["results"][0]["categories"]["Overall"]
        print(f"baseline (orjson parse only, in-process): {base:.2f} s")
        print(f"judgebench score (whole process):        {wall:.2f} s  (target < 5 s)  ratio {wall / base:.2f}x")
        print(f"peak RSS of the scoring process:          {peak_mb:.0f} MB (target < 2048 MB)")
        print(f"overall: {overall['correct']}/{overall['n']} = {overall['accuracy']}%  ci95 {overall['ci95']}")


if __name__ == "__main__":
    main()
