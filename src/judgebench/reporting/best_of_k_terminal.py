"""Terminal tables for judged best-of-K files and the ``analyze best-of-k`` curves (rich)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.table import Table

from judgebench.analysis.best_of_k import BestOfKCurves
from judgebench.metrics.best_of_k import OVERALL, BestOfKScore
from judgebench.reporting.rich_text import literal, markup

#: Curve columns shown in the table (the JSON has every K).
CURVE_COLUMNS = 8


def _num(x: Any) -> str:
    return "-" if x is None else f"{x:.2f}"


def _ci(ci: Sequence[float] | None) -> str:
    return "" if not ci else f"[{ci[0]:.2f}, {ci[1]:.2f}]"


def best_of_k_table(score: BestOfKScore) -> Table:
    """Per category: prompts, top-1 with its interval, pairwise, random, oracle, recovery, tie rate, curve."""
    table = Table()
    for name in ("Category", "n", "Top-1", "95% CI", "Pairwise", "Random", "Oracle", "Recovery", "Top tie"):
        table.add_column(name, justify="left" if name == "Category" else "right")
    longest = max((len(c.best_of_k) for c in score.categories.values()), default=0)
    ks = list(range(1, longest + 1))
    if len(ks) > CURVE_COLUMNS:  # 1, 2, 4, 8, ... and the last
        ks = sorted({k for k in ks if k & (k - 1) == 0} | {longest})[:CURVE_COLUMNS]
    for k in ks:
        table.add_column(f"@{k}", justify="right")
    for name, c in score.categories.items():
        failed = f"+{c.failed} failed" if c.failed else ""
        table.add_row(
            literal(name),
            f"{c.n}{failed and ' ' + failed}",
            _num(c.accuracy),
            _ci(c.ci95),
            _num(c.pairwise),
            _num(c.random),
            _num(c.oracle),
            _num(c.recovery),
            _num(c.tie_rate),
            *[_num(c.best_of_k.get(str(k))) for k in ks],
            style="bold" if name == OVERALL else None,
        )
    return table


def print_best_of_k(scores: list[BestOfKScore], console: Console) -> None:
    """Print each judged best-of-K file's table."""
    for score in scores:
        names = (score.judge_name or "?", score.judge_model or "?", score.response_model or "?")
        console.print(markup("[bold]{}[/] · {} · best-of-K set, responses by {}", *names))
        console.print(literal(score.file, "dim"), soft_wrap=True, highlight=False)
        console.print(best_of_k_table(score))
        console.print(
            "top-1 = correct share of the top-scored (ties split); pairwise = correct above incorrect (ties ½); "
            "@K = expected top-1 among K random responses; percent",
            style="dim",
        )
        console.print()


def show_best_of_k(result: BestOfKCurves, console: Console) -> None:
    """The ``analyze best-of-k`` view: one row per judge, then each set's oracle and random rows."""
    longest = max([len(j.curve) for j in result.judges] + [len(r.oracle) for r in result.references])
    ks = list(range(1, longest + 1))
    if len(ks) > CURVE_COLUMNS:
        ks = sorted({k for k in ks if k & (k - 1) == 0} | {longest})[:CURVE_COLUMNS]
    table = Table(title="Best-of-K: expected top-1 among K random responses (Overall, %)", title_justify="left")
    for name in ("Judge", "n", "Top-1", "95% CI", "Pairwise", "Recovery", "Top tie"):
        table.add_column(name, justify="left" if name == "Judge" else "right")
    for k in ks:
        table.add_column(f"@{k}", justify="right")
    several = len(result.references) > 1
    for j in result.judges:
        judge = markup("{} (set {})", j.name, j.reference + 1) if several else literal(j.name)
        cells = [_num(j.accuracy), _ci(j.ci95), _num(j.pairwise), _num(j.recovery), _num(j.tie_rate)]
        table.add_row(judge, str(j.n), *cells, *[_num(j.curve.get(str(k))) for k in ks])
    table.add_section()
    for i, ref in enumerate(result.references):
        suffix = f" (set {i + 1})" if several else ""
        table.add_row(f"oracle{suffix}", "", "", "", "", "", "", *[_num(ref.oracle.get(str(k))) for k in ks])
        table.add_row(f"random{suffix}", "", "", "", "", "", "", *[_num(ref.random.get(str(k))) for k in ks])
    console.print(table)
