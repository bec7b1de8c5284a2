"""Markdown renderings of the leaderboard."""

from __future__ import annotations

from judgebench.leaderboard import Leaderboard, LeaderboardRow
from judgebench.metrics.scorecard import OVERALL
from judgebench.report.terminal import COLUMNS, fmt_acc, fmt_ci, fmt_coverage, leaderboard_notes


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


def board_markdown(board: Leaderboard) -> str:
    """The ranked table, then (when there are any) the partial runs with their coverage, and the notes."""
    out = leaderboard_markdown(board.rows) if board.rows else ""
    if board.partial:
        head = ["Kind", "Judge", "Model", "Pairs by", "Coverage", OVERALL, "95% CI (Overall)"]
        out += "\nPartial runs (not ranked: fewer pairs than the complete runs of their split):\n\n"
        out += "| " + " | ".join(head) + " |\n|" + "|".join(["---"] * 4 + ["---:"] * 3) + "|\n"
        for row in board.partial:
            s = row.score
            overall = s.categories.get(OVERALL)
            cells = [row.kind, s.judge_name or "?", s.judge_model or "?", s.response_model or "?"]
            out += "| " + " | ".join([*cells, fmt_coverage(row), fmt_acc(overall), fmt_ci(overall)]) + " |\n"
    notes = leaderboard_notes(board)
    if notes:
        out += "\n" + "".join(f"- {line}\n" for line in notes)
    return out
