"""Scoring a judged best-of-K file (10k prompts × 32 responses) against a plain orjson read of the same file.

The baseline, measured in the same run and alternated with the scoring, is the bare cost of reading and
parsing the file with orjson (no validation, no scoring), so the ratio shows what best-of-K scoring adds on
top of I/O (issue 23's target: within 3×). Both are timed in a fresh interpreter (``python -c`` for the read,
``python -m judgebench score --json`` for the score), median of ``--repeat`` alternating runs. Also timed: the
start-up of ``judgebench --version``, ``--help`` and ``score`` on a 10-line judged-pair file. With
``--before SRC`` (another tree's ``src/``) each figure is also taken for that tree, alternating. CPU seconds
are printed beside wall time: on a shared machine the load stretches wall time, far less the CPU.

    python bench/bench_best_of_k.py [--prompts 10000] [--k 32] [--repeat 3] [--before /tmp/old/src]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SUBSETS = ["math", "code", "reasoning", "knowledge"]
WORDS = ["the", "answer", "is", "therefore", "because", "we", "compute", "so", "that", "gives", "a", "value"]


def make_file(path: Path, prompts: int, k: int, seed: int = 0) -> None:
    """A deterministic judged best-of-K file: K responses per prompt, a quarter correct, judge scores with ties.

    Half the prompts carry 1–10 integer scores (many ties at the top), half continuous reward scores.
    """
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(prompts):
            n_good = rng.randint(1, k // 2)
            texts = [" ".join(rng.choices(WORDS, k=40)) for _ in range(k)]
            if i % 2:
                scores = [float(rng.randint(1, 10)) for _ in range(k)]
            else:
                scores = [round(rng.gauss(0.0, 2.0), 4) for _ in range(k)]
            row = {
                "id": f"prompt-{i:06d}",
                "prompt": f"Question {i}: what is {i} times {i + 1}?",
                "chosen": texts[:n_good],
                "rejected": texts[n_good:],
                "num_correct": n_good,
                "num_incorrect": k - n_good,
                "total_completions": k,
                "subset": SUBSETS[i % len(SUBSETS)],
                "source": "synthetic",
                "response_model": "synthetic-model",
                "judge_name": "reward_model",
                "judge_model": "synthetic-judge",
                "scores_chosen": scores[:n_good],
                "scores_rejected": scores[n_good:],
            }
            fh.write(json.dumps(row) + "\n")


def make_pairs(path: Path, n: int) -> None:
    """A small judged-pair file (for the start-up of ``score``)."""
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            row = {
                "pair_id": f"pair-{i}",
                "original_id": i,
                "source": "mmlu-pro-math",
                "question": f"What is {i} + {i}?",
                "response_model": "m",
                "response_A": f"{2 * i}",
                "response_B": f"{2 * i + 1}",
                "label": "A>B",
                "judge_name": "arena_hard",
                "judgments": [{"judgment": {"judge_model": "j"}, "decision": "A>B"}] * 2,
            }
            fh.write(json.dumps(row) + "\n")


READ = "import orjson,sys\nwith open(sys.argv[1],'rb') as fh:\n    for line in fh: orjson.loads(line)"


CPU: list[float] = []  # CPU seconds (user + system) of each timed child, in order


def timed(cmd: list[str], env: dict[str, str] | None = None) -> float:
    """Wall seconds of one run (its CPU seconds go to ``CPU``: a loaded machine stretches wall time, not CPU)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return wall


def _env(src: str | None) -> dict[str, str]:
    """The environment of a run of the tree at ``src`` (None: this one, as imported here)."""
    import judgebench

    env = dict(os.environ)
    env["PYTHONPATH"] = src or str(Path(judgebench.__file__).resolve().parents[1])
    return env


def _runs(xs: list[float]) -> str:
    return ", ".join(f"{x:.3f}" for x in xs)


def _median(pairs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--prompts", type=int, default=10_000)
    ap.add_argument("--k", type=int, default=32)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--keep", metavar="DIR", help="write the files here (kept) instead of a temporary folder")
    ap.add_argument(
        "--before",
        metavar="SRC",
        help="the src/ folder of another tree (e.g. `git archive main src | tar -x -C /tmp/old`): its figures are "
        "timed alternately with this tree's",
    )
    ap.add_argument("--skip-score-before", action="store_true", help="time only the start-up of --before")
    args = ap.parse_args()
    py = sys.executable
    trees = {"this tree": _env(None)}
    if args.before:
        trees["before"] = _env(args.before)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.keep or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"bok-{args.prompts}x{args.k}.jsonl"
        pairs = folder / "pairs-10.jsonl"
        if not path.exists():
            make_file(path, args.prompts, args.k)
        make_pairs(pairs, 10)
        print(f"{args.prompts:,} prompts × {args.k} responses: {path.stat().st_size / 1e6:.0f} MB; load {_load()}")
        score_trees = {k: v for k, v in trees.items() if not (k == "before" and args.skip_score_before)}
        reads: list[tuple[float, float]] = []
        scores: dict[str, list[tuple[float, float]]] = {k: [] for k in score_trees}
        for _ in range(args.repeat):  # alternating, so drift hits all alike
            reads.append((timed([py, "-c", READ, str(path)]), CPU[-1]))
            for name, env in score_trees.items():
                scores[name].append((timed([py, "-m", "judgebench", "score", str(path), "--json"], env), CPU[-1]))
        rw, rc = _median(reads)
        print(
            f"orjson read (fresh interpreter):  {rw:7.3f} s wall {rc:7.3f} s CPU   runs {_runs([r[0] for r in reads])}"
        )
        for name, runs in scores.items():
            sw, sc = _median(runs)
            print(
                f"score best-of-K ({name:>9}):  {sw:7.3f} s wall {sc:7.3f} s CPU   runs {_runs([r[0] for r in runs])}"
                f"\n    ratio to the read: {sw / rw:.2f}× wall, {sc / rc:.2f}× CPU"
            )
        print(f"start-up (median of {max(5, args.repeat)}, alternating), load {_load()}:")
        for label, argv in [
            ("--version", ["--version"]),
            ("--help", ["--help"]),
            ("score on 10 lines", ["score", str(pairs), "--json"]),
        ]:
            got: dict[str, list[tuple[float, float]]] = {k: [] for k in trees}
            for _ in range(max(5, args.repeat)):
                for name, env in trees.items():
                    got[name].append((timed([py, "-m", "judgebench", *argv], env), CPU[-1]))
            cells = [
                f"{name}: {1000 * _median(r)[0]:5.0f} ms wall {1000 * _median(r)[1]:5.0f} ms CPU"
                for name, r in got.items()
            ]
            print(f"  {label:<18} " + "   ".join(cells))
        bare = [(timed([py, "-c", "pass"]), CPU[-1]) for _ in range(5)]
        print(
            f"  {'bare interpreter':<18} {1000 * _median(bare)[0]:5.0f} ms wall {1000 * _median(bare)[1]:5.0f} ms CPU"
        )


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


if __name__ == "__main__":
    main()
