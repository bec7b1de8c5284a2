"""Reproduce every ``statistics.json`` of a checkout of princeton-nlp/LLMBar by import + score.

    python bench/llmbar_statistics.py PATH_TO_LLMBAR_CHECKOUT   # or set JUDGEBENCH_LLMBAR_REPO

Prints the runs that differ and ``reproduced K / N runs`` with the time taken.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time

from judgebench.analysis.llmbar_check import check_run, run_dirs


def main() -> int:
    repo = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("JUDGEBENCH_LLMBAR_REPO", "")
    if not repo:
        print("usage: llmbar_statistics.py PATH (a checkout of princeton-nlp/LLMBar)", file=sys.stderr)
        return 2
    start = time.perf_counter()
    runs = run_dirs(repo)
    ok = 0
    with tempfile.TemporaryDirectory() as tmp:
        for run in runs:
            check = check_run(run, tmp)
            if check.ok:
                ok += 1
            else:
                print(f"DIFFERS {run}: expected {check.expected} got {check.got}")
    took = time.perf_counter() - start
    stats = "correct_False, correct_True, correct_average, correct_both, equal"
    print(f"reproduced {ok} / {len(runs)} runs ({stats}) in {took:.1f} s")
    return 0 if ok == len(runs) else 1


if __name__ == "__main__":
    sys.exit(main())
