"""Renderings of the judges × benchmarks table (``judgebench benchmarks``): Markdown and terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from judgebench.benchmarks.base import BENCHMARKS
from judgebench.benchmarks.table import BenchmarksTable, Cell

if TYPE_CHECKING:
    from rich.table import Table


def title(name: str) -> str:
    """The display name of a benchmark column."""
    return BENCHMARKS.get(name).title if name in BENCHMARKS else name


def cell_text(cell: Cell | None, *, ci: bool = True) -> str:
    """``92.00 (92/100) [87.00, 97.00]``; ``-`` where the judge has no pairs of that benchmark."""
    if cell is None or cell.accuracy is None:
        return "-"
    text = f"{cell.accuracy:.2f} ({cell.correct}/{cell.n})"
    if ci and cell.ci95:
        text += f" [{cell.ci95[0]:.2f}, {cell.ci95[1]:.2f}]"
    return text


def spread_text(table: BenchmarksTable, name: str) -> str:
    """``31.40`` points from best to worst judge (``-`` with fewer than two judges)."""
    s = table.spread.get(name, {})
    return f"{s['points']:.2f}" if s.get("judges", 0) >= 2 else "-"


def benchmarks_markdown(table: BenchmarksTable) -> str:
    """A GitHub-flavoured Markdown table: judges, then baselines, then the spread row."""
    head = ["Judge", "Model", *(title(c) for c in table.columns)]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] * 2 + ["---:"] * len(table.columns)) + "|"]
    for row in table.rows:
        name = f"*{row.judge_name}* (baseline)" if row.baseline else row.judge_name
        cells = [name, row.judge_model, *(cell_text(row.benchmarks.get(c)) for c in table.columns)]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("| spread (best − worst judge) | | " + " | ".join(spread_text(table, c) for c in table.columns) + " |")
    return "\n".join(lines) + "\n"


def benchmarks_terminal(table: BenchmarksTable) -> Table:
    """A rich table (intervals on a second line of each cell)."""
    from rich.table import Table

    out = Table(title="Judges × benchmarks (vote rule: correct pairs over pairs, 95% CI)")
    out.add_column("Judge")
    out.add_column("Model")
    for c in table.columns:
        out.add_column(title(c), justify="right")
    for i, row in enumerate(table.rows):
        cells = []
        for c in table.columns:
            cell = row.benchmarks.get(c)
            text = cell_text(cell, ci=False)
            if cell is not None and cell.ci95:
                text += f"\n[{cell.ci95[0]:.1f}, {cell.ci95[1]:.1f}]"
            cells.append(text)
        name = f"[i]{row.judge_name}[/i]" if row.baseline else row.judge_name
        out.add_row(name, row.judge_model, *cells, end_section=row.baseline is False and _last_judge(table, i))
    out.add_row("spread (best − worst)", "", *(spread_text(table, c) for c in table.columns))
    return out


def _last_judge(table: BenchmarksTable, i: int) -> bool:
    return i + 1 < len(table.rows) and table.rows[i + 1].baseline
