"""Code-verification throughput vs. one bare ``python -c pass`` subprocess per test, same run, 2 workers.

    .venv/bin/python bench/bench_sandbox.py [--problems 24] [--tests 10] [--workers 2]

Each problem is a stdin program with ``--tests`` cases, verified by the ``livecodebench`` verifier (all tests
of one response in one sandboxed process). The baseline starts one bare interpreter per test, no sandbox.
Prints tests/s for both and their ratio (>1: verification is faster than the bare per-test baseline).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from judgebench.sandbox.launch import Sandbox
from judgebench.verifiers.base import Question
from judgebench.verifiers.code_execution import CodeExecutionVerifier
from judgebench.verifiers.code_tests import CodeTests, TestCase

CODE = "n = int(input())\nprint(sum(range(n)))\n"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--problems", type=int, default=24)
    ap.add_argument("--tests", type=int, default=10)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--isolation", default="auto", choices=("auto", "bwrap", "rlimits"))
    args = ap.parse_args()
    cases = tuple(TestCase(f"{k}\n", f"{k * (k - 1) // 2}\n") for k in range(args.tests))
    questions = [
        Question(str(i), "livecodebench", "bench", "", CodeTests(cases), "livecodebench") for i in range(args.problems)
    ]
    verifier = CodeExecutionVerifier(sandbox=Sandbox(isolation=args.isolation))
    n_tests = args.problems * args.tests

    start = time.perf_counter()
    with ThreadPoolExecutor(args.workers) as pool:
        checks = list(pool.map(lambda q: verifier.check(q, CODE), questions))
    ours = time.perf_counter() - start
    assert all(c.passed for c in checks), [c for c in checks if not c.passed][:1]

    start = time.perf_counter()
    with ThreadPoolExecutor(args.workers) as pool:
        list(pool.map(lambda _: subprocess.run([sys.executable, "-c", "pass"], check=True), range(n_tests)))
    base = time.perf_counter() - start

    mode = verifier.sandbox.mode()
    print(f"verification ({mode}, {args.workers} workers): {n_tests / ours:8.1f} tests/s  ({ours:.2f} s)")
    print(f"bare 'python -c pass' per test:        {n_tests / base:8.1f} tests/s  ({base:.2f} s)")
    print(f"ratio (verification / baseline): {base / ours:.2f}x")


if __name__ == "__main__":
    main()
