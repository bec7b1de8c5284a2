"""Checking an imported LLMBar run against the ``statistics.json`` LLMBar wrote beside it.

LLMBar's ``correct_False`` is the first order's accuracy (``judgebench score --rule first``),
``correct_True`` the second's (``--rule second``), ``correct_average`` their mean, the paper's "Acc."
(``--rule average``), ``correct_both`` both orders right (``--rule agree``) and ``equal`` the two orders
agreeing (``judgebench analyze position``: agreement). Used by the test over a checkout named by
``JUDGEBENCH_LLMBAR_REPO`` and by ``bench/llmbar_statistics.py``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from judgebench.analysis.judged import load_judged
from judgebench.analysis.position import position_bias
from judgebench.errors import InputError
from judgebench.hub_rows import load_json
from judgebench.importers.llmbar_results import import_result
from judgebench.metrics.scorecard import OVERALL, score_file
from judgebench.records import write_pairs

#: LLMBar statistic → how judgebench computes it.
CHECKED = ("correct_False", "correct_True", "correct_both", "equal")
_COUNT = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*=")
_PERCENT = re.compile(r"^\s*([0-9.eE+-]+)%\s*$")


@dataclass(frozen=True, slots=True)
class RunCheck:
    """One run: LLMBar's counts and ours, each ``(k, n)`` per statistic."""

    run: str
    expected: dict[str, tuple[int, int]]
    got: dict[str, tuple[int, int]]
    #: ``correct_average`` as LLMBar printed it and ``score --rule average``'s accuracy, in percent (unrounded)
    average_expected: float = float("nan")
    average_got: float = float("nan")

    @property
    def ok(self) -> bool:
        """Every checked statistic reproduced exactly (the average to float precision)."""
        return self.expected == self.got and abs(self.average_expected - self.average_got) < 1e-9


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


def expected_average(statistics_json: str | os.PathLike[str]) -> float:
    """``correct_average`` in percent, parsed from ``"93.5%"``."""
    stats = load_json(Path(statistics_json))
    m = _PERCENT.match(str(stats.get("correct_average", ""))) if isinstance(stats, dict) else None
    if m is None:
        raise InputError("no 'correct_average' of the form 'p%'", str(statistics_json))
    return float(m.group(1))


def check_run(run_dir: str | os.PathLike[str], workdir: str | os.PathLike[str]) -> RunCheck:
    """Import ``run_dir/result.json``, score it and compare with ``run_dir/statistics.json``."""
    run = Path(run_dir)
    judged = Path(workdir) / "run.jsonl"
    write_pairs(judged, import_result(run / "result.json"))
    first = score_file(judged, bootstrap=0, rule="first").categories[OVERALL]
    second = score_file(judged, bootstrap=0, rule="second").categories[OVERALL]
    both = score_file(judged, bootstrap=0, rule="agree").categories[OVERALL]
    average = score_file(judged, bootstrap=0, rule="average").categories[OVERALL]
    agreement = position_bias(load_judged(judged, questions=False), iterations=0).categories[OVERALL].agreement
    assert agreement is not None
    got = {
        "correct_False": (first.correct, first.n),
        "correct_True": (second.correct, second.n),
        "correct_both": (both.correct, both.n),
        "equal": (agreement.k, agreement.n),
    }
    stats = run / "statistics.json"
    return RunCheck(str(run), expected_counts(stats), got, expected_average(stats), 100.0 * average.correct / average.n)


def run_dirs(repo: str | os.PathLike[str]) -> list[Path]:
    """Every run folder (holding ``result.json`` and ``statistics.json``) under a checkout, sorted."""
    return sorted(p.parent for p in Path(repo).rglob("statistics.json") if (p.parent / "result.json").is_file())
