"""Checking an imported LLMBar run against the ``statistics.json`` LLMBar wrote beside it.

LLMBar's ``correct_False`` is the first order's accuracy (``judgebench score --rule first``),
``correct_both`` both orders right (``--rule agree``) and ``equal`` the two orders agreeing
(``judgebench analyze position``: agreement). Used by the test over a checkout named by
``JUDGEBENCH_LLMBAR_REPO`` and by ``bench/llmbar_statistics.py``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from judgebench.analysis.judged import load_judged
from judgebench.analysis.position import position_bias
from judgebench.benchmarks.llmbar_results import import_result
from judgebench.errors import InputError
from judgebench.hub_rows import load_json
from judgebench.metrics.scorecard import OVERALL, score_file
from judgebench.records import write_pairs

#: LLMBar statistic → how judgebench computes it.
CHECKED = ("correct_False", "correct_both", "equal")
_COUNT = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*=")


@dataclass(frozen=True, slots=True)
class RunCheck:
    """One run: LLMBar's counts and ours, each ``(k, n)`` per statistic."""

    run: str
    expected: dict[str, tuple[int, int]]
    got: dict[str, tuple[int, int]]

    @property
    def ok(self) -> bool:
        """Every checked statistic reproduced exactly."""
        return self.expected == self.got


def expected_counts(statistics_json: str | os.PathLike[str]) -> dict[str, tuple[int, int]]:
    """``(k, n)`` of each checked statistic, parsed from ``"92 / 100 = 92.0%"``."""
    stats = load_json(Path(statistics_json))
    out: dict[str, tuple[int, int]] = {}
    for key in CHECKED:
        m = _COUNT.match(str(stats.get(key, ""))) if isinstance(stats, dict) else None
        if m is None:
            raise InputError(f"no {key!r} of the form 'k / n = p%'", str(statistics_json))
        out[key] = (int(m.group(1)), int(m.group(2)))
    return out


def check_run(run_dir: str | os.PathLike[str], workdir: str | os.PathLike[str]) -> RunCheck:
    """Import ``run_dir/result.json``, score it and compare with ``run_dir/statistics.json``."""
    run = Path(run_dir)
    judged = Path(workdir) / "run.jsonl"
    write_pairs(judged, import_result(run / "result.json"))
    first = score_file(judged, bootstrap=0, rule="first").categories[OVERALL]
    both = score_file(judged, bootstrap=0, rule="agree").categories[OVERALL]
    agreement = position_bias(load_judged(judged), iterations=0).categories[OVERALL].agreement
    assert agreement is not None
    got = {
        "correct_False": (first.correct, first.n),
        "correct_both": (both.correct, both.n),
        "equal": (agreement.k, agreement.n),
    }
    return RunCheck(str(run), expected_counts(run / "statistics.json"), got)


def run_dirs(repo: str | os.PathLike[str]) -> list[Path]:
    """Every run folder (holding ``result.json`` and ``statistics.json``) under a checkout, sorted."""
    return sorted(p.parent for p in Path(repo).rglob("statistics.json") if (p.parent / "result.json").is_file())
