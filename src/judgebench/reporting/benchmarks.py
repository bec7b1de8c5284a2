"""Renderings of the judges × benchmarks table (``judgebench benchmarks``): Markdown and terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from judgebench.analysis.benchmarks_table import BenchmarksTable, Cell
from judgebench.catalog import BENCHMARKS
from judgebench.reporting.markdown import md_text

if TYPE_CHECKING:
    from rich.table import Table


def title(name: str) -> str:
    """The display name of a benchmark column."""
    return BENCHMARKS.get(name).title if name in BENCHMARKS else name


def cell_text(cell: Cell | None, *, ci: bool = True) -> str:
    """``92.00 (92/100) [87.00, 97.00]``; ``-`` where the judge has no pairs of that benchmark.

    A partial cell ends ``partial 20/350`` (pairs judged of the benchmark's pairs in the files).
    """
    if cell is None or cell.accuracy is None:
        return "-"
    text = f"{cell.accuracy:.2f} ({cell.correct}/{cell.n})"
    if ci and cell.ci95:
        text += f" [{cell.ci95[0]:.2f}, {cell.ci95[1]:.2f}]"
    if cell.partial:
        text += f" partial {cell.n}/{cell.of}"
    return text


def spread_text(table: BenchmarksTable, name: str) -> str:
    """``31.40`` points from best to worst complete judge (``-`` with fewer than two; partial ones left out)."""
    s = table.spread.get(name, {})
    return f"{s['points']:.2f}" if s.get("judges", 0) >= 2 else "-"


def benchmarks_markdown(table: BenchmarksTable) -> str:
    """A GitHub-flavoured Markdown table: judges, then baselines, then the spread row (names as literal text)."""
    head = ["Judge", "Model", *(md_text(title(c)) for c in table.columns)]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] * 2 + ["---:"] * len(table.columns)) + "|"]
    for row in table.rows:
        name = f"*{md_text(row.judge_name)}* (baseline)" if row.baseline else md_text(row.judge_name)
        cells = [name, md_text(row.judge_model), *(cell_text(row.benchmarks.get(c)) for c in table.columns)]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("| spread (best − worst judge) | | " + " | ".join(spread_text(table, c) for c in table.columns) + " |")
    return "\n".join(lines) + "\n"


def benchmarks_terminal(table: BenchmarksTable) -> Table:
    """A rich table (intervals on a second line of each cell)."""
    from rich.table import Table

    from judgebench.reporting.rich_text import literal, markup

    how = "vote rule: correct pairs over pairs" if table.view == "uniform" else "each benchmark by its own protocol"
    out = Table(title=f"Judges × benchmarks ({how}, 95% CI)")
    out.add_column("Judge")
    out.add_column("Model")
    for c in table.columns:
        out.add_column(literal(title(c)), justify="right")
    for i, row in enumerate(table.rows):
        cells = []
        for c in table.columns:
            cell = row.benchmarks.get(c)
            text = cell_text(cell, ci=False)
            if cell is not None and cell.ci95:
                text += f"\n[{cell.ci95[0]:.2f}, {cell.ci95[1]:.2f}]"
            cells.append(text)
        name = markup("[i]{}[/i]", row.judge_name) if row.baseline else literal(row.judge_name)
        out.add_row(name, literal(row.judge_model), *cells, end_section=row.baseline is False and _last_judge(table, i))
    out.add_row("spread (best − worst)", "", *(spread_text(table, c) for c in table.columns))
    return out


def _last_judge(table: BenchmarksTable, i: int) -> bool:
    return i + 1 < len(table.rows) and table.rows[i + 1].baseline


def accuracy_color(value: float | None) -> str:
    """A cell colour for an accuracy in percent: white at 50 (chance), deepening blue up to 100, orange below 50."""
    if value is None:
        return "#f2f2f2"
    t = max(-1.0, min((value - 50.0) / 50.0, 1.0))
    r, g, b = (0, 114, 178) if t >= 0 else (230, 159, 0)  # Okabe–Ito blue and orange
    a = abs(t) * 0.85
    mix = [round(255 + (c - 255) * a) for c in (r, g, b)]
    return "#{:02x}{:02x}{:02x}".format(*mix)


def _text(x: float, y: float, s: str, anchor: str = "middle", extra: str = "") -> str:
    from html import escape

    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{extra}>{escape(s)}</text>'


def figure3_svg(table: BenchmarksTable, *, cell_w: int = 118, cell_h: int = 30, label_w: int = 300) -> str:
    """The paper's Figure 3: judges (rows, baselines last) × benchmarks (columns), accuracy per cell, inline SVG."""
    from html import escape

    from judgebench.reporting.svg import open_svg

    rows = table.rows
    width = label_w + cell_w * len(table.columns) + 10
    height = 40 + cell_h * (len(rows) + 1) + 10
    out = open_svg(width, height, "Judges × benchmarks: vote-rule accuracy (%)", "benchmarks")
    for j, name in enumerate(table.columns):
        x = label_w + j * cell_w + cell_w / 2
        out.append(_text(x, 30, title(name), "middle", ' font-weight="600"'))
    for i, row in enumerate(rows):
        y = 40 + i * cell_h
        label = f"{row.judge_name} (baseline)" if row.baseline else f"{row.judge_name} · {row.judge_model}"
        label = label if len(label) <= 44 else label[:43] + "…"
        style = ' font-style="italic" fill="#555"' if row.baseline else ' fill="#222"'
        out.append(
            f'<text x="{label_w - 8}" y="{y + cell_h / 2 + 4:.1f}" text-anchor="end"{style}>{escape(label)}</text>'
        )
        for j, name in enumerate(table.columns):
            cell = row.benchmarks.get(name)
            value = cell.accuracy if cell else None
            x = label_w + j * cell_w
            tip = escape(f"{label} on {title(name)}: {cell_text(cell)}")
            out.append(
                f'<rect x="{x + 1}" y="{y + 1}" width="{cell_w - 2}" height="{cell_h - 2}" '
                f'fill="{accuracy_color(value)}"><title>{tip}</title></rect>'
            )
            text = "-" if value is None else f"{value:.1f}"
            out.append(
                f'<text x="{x + cell_w / 2:.1f}" y="{y + cell_h / 2 + 4:.1f}" text-anchor="middle">{text}</text>'
            )
    y = 40 + len(rows) * cell_h
    out.append(
        f'<text x="{label_w - 8}" y="{y + cell_h / 2 + 4:.1f}" text-anchor="end" fill="#222">spread (points)</text>'
    )
    for j, name in enumerate(table.columns):
        x = label_w + j * cell_w + cell_w / 2
        out.append(
            f'<text x="{x:.1f}" y="{y + cell_h / 2 + 4:.1f}" text-anchor="middle">{spread_text(table, name)}</text>'
        )
    out.append("</svg>")
    return "\n".join(out)
