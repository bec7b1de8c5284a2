"""Terminal tables for scores and the leaderboard (rich)."""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console
from rich.table import Table
from rich.text import Text

from judgebench.metrics.scorecard import OVERALL, CategoryScore, FileScore
from judgebench.ranking import Leaderboard, LeaderboardRow
from judgebench.records import CATEGORIES
from judgebench.reporting.rich_text import literal, markup

COLUMNS = [str(c) for c in CATEGORIES] + [OVERALL]


def make_console() -> Console:
    """A console for stdout; wide enough for the leaderboard when output is piped to a file."""
    console = Console()
    if not console.is_terminal:
        console = Console(width=max(console.width, 180))
    return console


def fmt_acc(cs: CategoryScore | None) -> str:
    """``65.71`` or ``-`` for a category with no pairs."""
    return "-" if cs is None or cs.accuracy is None else f"{cs.accuracy:.2f}"


def fmt_ci(cs: CategoryScore | None) -> str:
    """``[60.57, 70.57]`` or empty."""
    return "" if cs is None or cs.ci95 is None else f"[{cs.ci95[0]:.2f}, {cs.ci95[1]:.2f}]"


def score_table(score: FileScore) -> Table:
    """One file: accuracy, k/n and interval per category, then decisions and consistency."""
    table = Table()
    table.add_column("Category")
    table.add_column("Accuracy", justify="right")
    table.add_column("k/n", justify="right")
    table.add_column("95% CI", justify="right")
    for name, cs in score.categories.items():
        style = "bold" if name == OVERALL else None
        table.add_row(literal(name), fmt_acc(cs), f"{cs.correct}/{cs.n}", fmt_ci(cs), style=style)
    return table


def _null_kinds(nulls: int, failed: int) -> str:
    """`` (no verdict 13, failed 0)`` when there are nulls: replies without a verdict and calls without a reply."""
    return f" (no verdict {nulls - failed}, failed {failed})" if nulls else ""


def score_summary(score: FileScore) -> str:
    """Decisions by kind, inconsistent and single-order pairs, on one line."""
    d = score.decisions
    o = score.outcomes
    return (
        f"decisions: A>B {d['A>B']}, B>A {d['B>A']}, A=B {d['A=B']}, null {d['null']}"
        f"{_null_kinds(d['null'], score.failed_judgments)} · "
        f"position-inconsistent pairs: {score.inconsistent_pairs} · single-order pairs: {score.single_order_pairs} · "
        f"undecided pairs ({score.rule} rule): {o.get('undecided', 0)}"
    )


def print_scores(scores: list[FileScore], console: Console) -> None:
    """Print each file's table and summary line."""
    for score in scores:
        names = (score.judge_name or "?", score.judge_model or "?", score.response_model or "?")
        console.print(markup("[bold]{}[/] · {} · pairs by {}", *names))
        if score.file is not None:  # None: pairs judged in memory (the Python API without out=)
            console.print(literal(score.file, "dim"), soft_wrap=True, highlight=False)
        console.print(score_table(score))
        console.print(score_summary(score))  # numbers and the rule's name (checked): judgebench's own text
        if score.unlabelled_pairs:
            console.print(
                f"skipped {score.unlabelled_pairs} pairs without an expert majority (label no-majority): "
                "no right answer to score; 'judgebench benchmarks --protocol native' counts them"
            )
        console.print()


def _names(s: FileScore) -> list[Text]:
    """The judge, judge model and response model cells (``?`` when unknown), as literal text."""
    return [literal(name or "?") for name in (s.judge_name, s.judge_model, s.response_model)]


def leaderboard_table(rows: list[LeaderboardRow]) -> Table:
    """The leaderboard grouped by judge kind."""
    table = Table(title="JudgeBench leaderboard (vote rule over both orders; accuracy %)", title_justify="left")
    for name in ("Kind", "Judge", "Model", "Pairs by"):
        table.add_column(name)
    for name in COLUMNS:
        table.add_column(name, justify="right")
    table.add_column("95% CI (Overall)", justify="right")
    last_kind = None
    for row in rows:
        if last_kind is not None and row.kind != last_kind:
            table.add_section()
        s = row.score
        cells = [fmt_acc(s.categories.get(c)) for c in COLUMNS]
        table.add_row(
            literal(row.kind if row.kind != last_kind else ""),
            *_names(s),
            *cells,
            fmt_ci(s.categories.get(OVERALL)),
        )
        last_kind = row.kind
    return table


def fmt_coverage(row: LeaderboardRow) -> str:
    """``20/350`` (pairs judged of the pairs of the split), or empty when unknown."""
    return f"{row.coverage[0]}/{row.coverage[1]}" if row.coverage else ""


def partial_table(rows: list[LeaderboardRow]) -> Table:
    """Partial runs: not ranked, each with its coverage."""
    table = Table(title="partial runs (not ranked: fewer pairs than their split holds)", title_justify="left")
    for name in ("Kind", "Judge", "Model", "Pairs by"):
        table.add_column(name)
    for name in ("Coverage", OVERALL, "95% CI (Overall)"):
        table.add_column(name, justify="right")
    for row in rows:
        s = row.score
        overall = s.categories.get(OVERALL)
        table.add_row(
            literal(row.kind),
            *_names(s),
            fmt_coverage(row),
            fmt_acc(overall),
            fmt_ci(overall),
        )
    return table


def leaderboard_notes(board: Leaderboard, literal: Callable[[str], str] = str) -> list[str]:
    """One line per run not ranked for another benchmark, and per skipped file (plain text).

    ``literal`` renders the parts that come from the files (names, reasons): Markdown passes ``md_text``.
    """
    from pathlib import Path

    lines = []
    if not board.rows:
        lines.append(f"no complete {literal(board.benchmark)} runs here")
    for o in board.other:
        judge = literal(f"{o.judge_name or '?'} · {o.judge_model or '?'}")
        lines.append(
            f"other benchmark: {literal(Path(o.file).name)} ({judge}, {o.n_pairs} pairs of "
            f"{literal(', '.join(o.benchmarks))}) is not ranked here; `judgebench benchmarks FILE...` scores it"
        )
    lines.extend(f"skipped: {literal(Path(f).name)}: {literal(why)}" for f, why in board.skipped)
    return lines
