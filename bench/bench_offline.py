"""Offline commands on a large judged file against a plain orjson read of the same file (issue 23).

Each command (``score``, ``analyze position``, ``analyze length``, ``benchmarks``, ``report --html`` and
``report --markdown``) runs as its own ``judgebench`` process, alternating with a process that only reads
the file once with orjson (one ``orjson.loads`` per line, nothing kept); each is timed three times and the
medians compared, so both sides pay the same interpreter start and the same page cache. The peak memory is
the child's own ``ru_maxrss`` (``os.wait4``), at 200k pairs and (``--memory-pairs``) 1M pairs. CPU seconds (the
child's user + system time, all its threads) are printed beside wall time: on a shared machine the load stretches
wall time, far less the CPU.

The file is deterministic (seed 0): JudgeBench sources, responses of 40 to 1,240 characters, judgments that
carry a judge reply of a few hundred characters (as real judge outputs do), about 2.3 KB a line.

    python bench/bench_offline.py [--pairs 200000] [--memory-pairs 1000000] [--repeat 3] [--only score,report]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson

SOURCES = ["mmlu-pro-law", "mmlu-pro-math", "livebench-reasoning", "livebench-math", "livecodebench"]
DECISIONS = ["A>B", "B>A", "A>B", "B>A", "A=B", None]
WORDS = [
    "the",
    "of",
    "answer",
    "step",
    "so",
    "we",
    "find",
    "that",
    "value",
    "is",
    "therefore",
    "and",
    "thus",
    "which",
    "gives",
]

READ = "import orjson,sys\nwith open(sys.argv[1],'rb') as fh:\n    for line in fh: orjson.loads(line)\n"


def _text(rng: random.Random, n_chars: int) -> str:
    out: list[str] = []
    size = 0
    while size < n_chars:
        w = rng.choice(WORDS)
        out.append(w)
        size += len(w) + 1
    return " ".join(out)[:n_chars]


def make_file(path: Path, n: int, seed: int = 0) -> None:
    """``n`` judged pairs, the same for the same ``n`` and seed."""
    rng = random.Random(seed)
    reply = [_text(rng, 300 + 50 * k) for k in range(8)]  # judge replies, reused (their content is never read)
    texts = [_text(rng, 40 + 10 * k) for k in range(121)]  # responses of 40..1240 characters
    with path.open("wb") as fh:
        for i in range(n):
            row = {
                "pair_id": f"pair-{i:08d}",
                "original_id": str(i),
                "source": SOURCES[i % len(SOURCES)],
                "question": f"Question {i}: what follows from the premises?",
                "response_model": "synthetic-model",
                "response_A": texts[rng.randrange(121)],
                "response_B": texts[rng.randrange(121)],
                "label": "A>B" if rng.random() < 0.5 else "B>A",
                "judge_name": "arena_hard",
                "judgments": [
                    {
                        "judgment": {"judge_model": "synthetic-judge", "response": reply[rng.randrange(8)]},
                        "decision": rng.choice(DECISIONS),
                    }
                    for _ in range(2)
                ],
            }
            fh.write(orjson.dumps(row) + b"\n")


def run_child(argv: list[str]) -> tuple[float, float, float]:
    """(wall seconds, peak RSS MiB, CPU seconds) of one child process; its output is discarded, a failure raises."""
    t = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    err = proc.stderr.read().decode() if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}): {err.strip()}")
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def commands(path: Path, tmp: Path) -> dict[str, list[str]]:
    jb = [sys.executable, "-m", "judgebench.cli.main"]
    return {
        "score": [*jb, "score", str(path), "--json"],
        "analyze position": [*jb, "analyze", "position", str(path), "--json"],
        "analyze length": [*jb, "analyze", "length", str(path), "--json"],
        "benchmarks": [*jb, "benchmarks", str(path), "--json"],
        "report --html": [*jb, "report", str(path), "--html", str(tmp / "r.html")],
        "report --markdown": [*jb, "report", str(path), "--markdown", str(tmp / "r.md")],
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pairs", type=int, default=200_000)
    ap.add_argument("--memory-pairs", type=int, default=1_000_000, help="0: skip the large memory run")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", default="", help="comma-separated command names (default: all)")
    args = ap.parse_args()
    only = {x.strip() for x in args.only.split(",") if x.strip()}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for n, repeat in ((args.pairs, args.repeat), (args.memory_pairs, 1)):
            if not n:
                continue
            path = tmp / f"synthetic,judge_name=arena_hard,judge_model=synthetic-judge-{n}.jsonl"
            t = time.perf_counter()
            make_file(path, n)
            size = path.stat().st_size / 1e6
            print(f"\n{n:,} judged pairs, {size:.0f} MB, written in {time.perf_counter() - t:.1f} s")
            read = [sys.executable, "-c", READ, str(path)]
            print(
                f"{'command':20} {'time':>8} {'read':>8} {'x read':>7} {'CPU':>7} {'read CPU':>8} {'x read':>7}"
                f" {'peak MiB':>9} {'read MiB':>9}"
            )
            for name, argv in commands(path, tmp).items():
                if only and name not in only:
                    continue
                cmd_t, read_t, cmd_m, read_m, cmd_c, read_c = [], [], [], [], [], []
                for _ in range(repeat):  # alternating, so both see the same load and cache
                    w, m, cpu = run_child(read)
                    read_t.append(w)
                    read_m.append(m)
                    read_c.append(cpu)
                    w, m, cpu = run_child(argv)
                    cmd_t.append(w)
                    cmd_m.append(m)
                    cmd_c.append(cpu)
                c, r = statistics.median(cmd_t), statistics.median(read_t)
                cc, rc = statistics.median(cmd_c), statistics.median(read_c)
                print(
                    f"{name:20} {c:7.2f}s {r:7.2f}s {c / r:7.2f} {cc:6.2f}s {rc:7.2f}s {cc / rc:7.2f}"
                    f" {max(cmd_m):9.0f} {max(read_m):9.0f}",
                    flush=True,
                )
            path.unlink()


if __name__ == "__main__":
    main()
