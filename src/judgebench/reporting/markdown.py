"""Markdown renderings of the leaderboard, and :func:`md_text` for user text placed in Markdown.

Every string that comes from the user's data (judge and model names, kinds, file names, categories, benchmark
names, a ``--title``) goes through :func:`md_text` wherever judgebench writes Markdown (``report --markdown``,
``leaderboard --markdown``, ``benchmarks --markdown``, a build's ``.card.md``, the probe card), so a ``|``
cannot split a table cell and HTML, links or emphasis in a name stay text.
"""

from __future__ import annotations

import re

from judgebench.metrics.scorecard import OVERALL
from judgebench.ranking import Leaderboard, LeaderboardRow
from judgebench.reporting.terminal import COLUMNS, fmt_acc, fmt_ci, fmt_coverage, leaderboard_notes

#: What makes inline Markdown (CommonMark and GitHub's additions) of plain text: the backslash, code spans,
#: emphasis, links and images, raw HTML and entities, table cells, strikethrough, math, a closing ``#``. An
#: underscore between two letters or digits (``arena_hard``) is left alone: CommonMark never reads one there
#: as emphasis.
_MARKUP = re.compile(r"([\\`*\[\]<>&!|~$#]|(?<![^\W_])_|_(?![^\W_]))")


def md_text(text: str) -> str:
    """``text`` as one line of literal Markdown text: white space runs become one space, markup is escaped.

    Every character CommonMark lets a backslash escape that could start markup here is escaped, so a
    ``--title`` of ``<b>x</b> [a](b)`` renders as those characters, not as HTML or a link, a new line in it
    cannot start a second heading or a table, and a ``|`` in a table cell (a judge named ``a|b``) stays in
    its cell.
    """
    return _MARKUP.sub(r"\\\1", " ".join(text.split()))


def leaderboard_markdown(rows: list[LeaderboardRow]) -> str:
    """A GitHub-flavoured Markdown table, one row per file, grouped by kind."""
    head = ["Kind", "Judge", "Model", "Pairs by", *COLUMNS, "95% CI (Overall)"]
    lines = [
        "| " + " | ".join(head) + " |",
        "|" + "|".join(["---"] * 4 + ["---:"] * (len(COLUMNS) + 1)) + "|",
    ]
    for row in rows:
        s = row.score
        cells = _names(row)
        cells += [fmt_acc(s.categories.get(c)) for c in COLUMNS]
        cells.append(fmt_ci(s.categories.get(OVERALL)))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _names(row: LeaderboardRow) -> list[str]:
    """A row's kind, judge, model and response model, as Markdown text."""
    s = row.score
    return [md_text(x) for x in (row.kind, s.judge_name or "?", s.judge_model or "?", s.response_model or "?")]


def board_markdown(board: Leaderboard) -> str:
    """The ranked table, then (when there are any) the partial runs with their coverage, and the notes."""
    out = leaderboard_markdown(board.rows) if board.rows else ""
    if board.partial:
        head = ["Kind", "Judge", "Model", "Pairs by", "Coverage", OVERALL, "95% CI (Overall)"]
        out += "\nPartial runs (not ranked: fewer pairs than their split holds):\n\n"
        out += "| " + " | ".join(head) + " |\n|" + "|".join(["---"] * 4 + ["---:"] * 3) + "|\n"
        for row in board.partial:
            s = row.score
            overall = s.categories.get(OVERALL)
            cells = _names(row)
            out += "| " + " | ".join([*cells, fmt_coverage(row), fmt_acc(overall), fmt_ci(overall)]) + " |\n"
    notes = leaderboard_notes(board, literal=md_text)
    if notes:
        out += "\n" + "".join(f"- {line}\n" for line in notes)
    return out
