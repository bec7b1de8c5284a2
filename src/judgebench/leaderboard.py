"""The leaderboard: every recorded-outputs file of a folder scored, grouped by the kind its judge declares."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from judgebench.errors import InputError
from judgebench.judges.base import KIND_ORDER, judge_kind
from judgebench.metrics.scorecard import OVERALL, FileScore, score_file


@dataclass(slots=True)
class LeaderboardRow:
    """One scored file with its judge kind."""

    kind: str
    score: FileScore

    @property
    def overall(self) -> float:
        """Overall accuracy in percent (0 for an empty file)."""
        return self.score.categories[OVERALL].accuracy or 0.0


def build_leaderboard(folder: str | os.PathLike[str], *, bootstrap: int = 1000, seed: int = 0) -> list[LeaderboardRow]:
    """Score every ``*.jsonl`` file of judged pairs in ``folder``; rows grouped by kind, each by Overall, best first.

    Judged best-of-K sets in the folder are left out (``judgebench analyze best-of-k`` shows them).
    """
    path = Path(folder)
    if not path.is_dir():
        raise InputError("not a directory", str(path))
    from judgebench.best_of_k import file_is_best_of_k

    # judged best-of-K sets (judge --pairs SET writes them to outputs/ too) have their own view: analyze best-of-k
    files = [f for f in sorted(path.glob("*.jsonl")) if not file_is_best_of_k(f)]
    if not files:
        raise InputError("no .jsonl files of recorded outputs here", str(path))
    rows = [LeaderboardRow("", score_file(f, bootstrap=bootstrap, seed=seed)) for f in files]
    for row in rows:
        row.kind = judge_kind(row.score.judge_name)
    rows.sort(key=lambda r: (KIND_ORDER.index(r.kind), -r.overall, r.score.judge_model or ""))
    return rows
