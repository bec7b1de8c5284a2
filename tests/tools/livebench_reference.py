"""Score a corpus with LiveBench's own math scorers, to record (or re-check) what ``livebench-math-2025`` must say.

Needs a LiveBench checkout, named by ``JUDGEBENCH_LIVEBENCH_SRC`` (the folder holding the ``livebench``
package), at the commit of the shared questions (fc6c6080)::

    git clone https://github.com/LiveBench/LiveBench && git -C LiveBench checkout fc6c6080
    python -m venv lbenv && lbenv/bin/pip install sympy==1.14.0 lark antlr4-python3-runtime==4.11 levenshtein
    JUDGEBENCH_LIVEBENCH_SRC=$PWD/LiveBench lbenv/bin/python tests/tools/livebench_reference.py \\
        tests/verification/fixtures/livebench_math_corpus.jsonl \\
        > tests/verification/fixtures/livebench_math_expected.jsonl

It runs under LiveBench's own dependencies (sympy's ANTLR LaTeX parser needs antlr4 4.11, which judgebench's
environment cannot have), so it imports nothing from judgebench. Each corpus line
(``id, task, subtask, ground_truth, question, response``) is dispatched as LiveBench's
``gen_ground_truth_judgment`` does (``<think>`` blocks removed, then by ``subtask``) and printed as
``{"id", "score", "error"}``: ``score`` is LiveBench's (0/1, a fraction for imo/usamo), ``error`` the type
of the exception LiveBench raised instead (then ``score`` is null). ``OPENAI_API_KEY`` is removed first, so
AMPS_Hard never asks a model. ``tests/verification/test_livebench_parity.py`` runs this live when the variable is set.
"""

from __future__ import annotations

import json
import os
import re
import sys
import warnings
from typing import Any


def _scorers() -> dict[str, Any]:
    src = os.environ.get("JUDGEBENCH_LIVEBENCH_SRC")
    if not src:
        raise SystemExit("set JUDGEBENCH_LIVEBENCH_SRC to a LiveBench checkout (the folder holding livebench/)")
    sys.path.insert(0, src)
    from livebench.process_results.math.AMPS_Hard.utils import amps_hard_process_results
    from livebench.process_results.math.math_competitions.utils import (
        aime_process_results,
        mathcontest_process_results,
    )
    from livebench.process_results.math.olympiad.utils import proof_rearrangement_process_results

    return {
        "amc": lambda row, text: mathcontest_process_results(row["ground_truth"], text, row.get("question", "")),
        "aime": lambda row, text: aime_process_results(row["ground_truth"], text),
        "proof": lambda row, text: proof_rearrangement_process_results(row["ground_truth"], text, edit_distance=True),
        "amps": lambda row, text: amps_hard_process_results(row["ground_truth"], text),
    }


def _kind(name: str) -> str:
    parts = name.split("_")
    if parts[0] in ("amc", "smc") or (len(parts) > 1 and parts[1] == "amc"):
        return "amc"
    if parts[0] == "aime":
        return "aime"
    if parts[0] in ("imo", "usamo"):
        return "proof"
    return "amps" if "amps_hard" in name else ""


def main(corpus: str) -> None:
    """Print one ``{"id", "score", "error"}`` line per corpus line."""
    os.environ.pop("OPENAI_API_KEY", None)
    warnings.simplefilter("ignore")
    scorers = _scorers()
    with open(corpus, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    for row in rows:
        text = re.sub(r"<think>.*?</think>", "", row["response"], flags=re.DOTALL)
        score, error = None, None
        try:
            score = scorers[_kind(row.get("subtask") or row["task"])](row, text)
        except Exception as exc:  # LiveBench's whole judging run would stop here; record which exception
            error = type(exc).__name__
        print(json.dumps({"id": row["id"], "score": score, "error": error}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
