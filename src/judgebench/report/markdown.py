"""Markdown renderings of the leaderboard."""

from __future__ import annotations

from judgebench.leaderboard import LeaderboardRow
from judgebench.metrics.scorecard import OVERALL
from judgebench.report.terminal import COLUMNS, fmt_acc, fmt_ci


def leaderboard_markdown(rows: list[LeaderboardRow]) -> str:
    """A GitHub-flavoured Markdown table, one row per file, grouped by kind."""
    head = ["Kind", "Judge", "Model", "Pairs by", *COLUMNS, "95% CI (Overall)"]
    lines = [
        "| " + " | ".join(head) + " |",
        "|" + "|".join(["---"] * 4 + ["---:"] * (len(COLUMNS) + 1)) + "|",
    ]
    for row in rows:
        s = row.score
        cells = [row.kind, s.judge_name or "?", s.judge_model or "?", s.response_model or "?"]
        cells += [fmt_acc(s.categories.get(c)) for c in COLUMNS]
        cells.append(fmt_ci(s.categories.get(OVERALL)))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
