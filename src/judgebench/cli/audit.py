"""``judgebench audit PAIRS [--json]``: re-verify each pair's responses and report agreement with the label."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from judgebench.cli.build import add_sandbox_arg, apply_sandbox_arg


def add_parser(sub: Any) -> None:
    """Register the ``audit`` command."""
    p = sub.add_parser("audit", help="re-verify pair labels against ground truth (agreement per source and task)")
    p.add_argument("pairs", metavar="PAIRS", help="gpt, claude, a pairs .jsonl/.parquet file or hf:owner/name:split")
    p.add_argument("--json", action="store_true", help='print {"pairs": [...], "summary": {...}}')
    p.add_argument(
        "--sources",
        metavar="DIR",
        help="local ground truth laid out as mmlu-pro/test.jsonl and livebench/<task>/question.jsonl "
        "(default: download TIGER-Lab/MMLU-Pro, livebench/math and livebench/reasoning)",
    )
    p.add_argument("--workers", type=int, default=2, metavar="N", help="sandboxes run at once for code (default 2)")
    p.add_argument("--no-second-opinion", action="store_true", help="skip Math-Verify on math pairs")
    add_sandbox_arg(p)
    p.set_defaults(func=run)


def _questions(sources: str | None) -> list[Any]:
    """Questions of every source that declares a local layout: downloaded, or read from ``sources``."""
    from judgebench.catalog import SOURCES, source_info
    from judgebench.errors import InputError

    infos = [info for info in map(source_info, SOURCES.names()) if info.local is not None]
    if sources is None:
        return [q for info in infos for q in info().questions()]
    root = Path(sources)
    present = [(info, root / info.local) for info in infos if info.local and (root / info.local).exists()]
    if not present:
        layouts = " or ".join(dict.fromkeys(i.local + ("" if "." in i.local else "/") for i in infos if i.local))
        raise InputError(f"expected {layouts} inside", sources)
    return [q for info, path in present for q in info(str(path)).questions()]


def _print_tables(audits: list[Any], summary: dict[str, Any]) -> None:
    from rich.table import Table

    from judgebench.reporting.rich_text import literal, markup
    from judgebench.reporting.terminal import make_console
    from judgebench.verifiers.audit import unverifiable_reason

    console = make_console()
    table = Table(title=f"label audit: {summary['agree']}/{summary['pairs']} pairs agree")
    for col in ("source", "task", "pairs", "agree", "disagree", "unverifiable"):
        table.add_column(col, justify="left" if col in ("source", "task") else "right")
    for source, block in summary["by_source"].items():
        for task, c in block["tasks"].items():
            counts = (str(c[k]) for k in ("pairs", "agree", "disagree", "unverifiable"))
            table.add_row(literal(source), literal(task), *counts)
    console.print(table)
    for a in audits:
        if a.agrees is True:
            continue
        if a.agrees is None:
            where = (a.pair.pair_id, a.pair.source, a.task, unverifiable_reason(a))
            console.print(markup("[yellow]unverifiable[/] {} {}/{}: {}", *where))
            continue
        sides = []
        for label, check in (("labeled correct", a.correct), ("labeled incorrect", a.incorrect)):
            got = (check.extracted or "")[-60:].replace("\n", " ")
            sides.append(f"{label} {check.outcome.value} ({check.rule}: {got!r})")
        console.print(markup("[red]disagrees[/] {} {}/{}: {}", a.pair.pair_id, a.pair.source, a.task, "; ".join(sides)))
    if summary["math_verify_disagreements"]:
        console.print(f"Math-Verify differs from the primary rule on {len(summary['math_verify_disagreements'])} pairs")


def run(args: argparse.Namespace) -> int:
    """Audit, then print a table (or JSON)."""
    from judgebench.datasets import load_pairs
    from judgebench.verifiers.audit import QuestionIndex, audit_pairs, summarize

    apply_sandbox_arg(args)
    pairs = load_pairs(args.pairs)
    index = QuestionIndex.build(_questions(args.sources))
    audits = audit_pairs(pairs, index, workers=args.workers, second_opinion=not args.no_second_opinion)
    summary = summarize(audits)
    if args.json:
        json.dump({"pairs": [a.to_dict() for a in audits], "summary": summary}, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        _print_tables(audits, summary)
    return 0
