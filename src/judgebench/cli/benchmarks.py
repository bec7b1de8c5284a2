"""``judgebench benchmarks FILE...``: judges × benchmarks, vote-rule accuracy, spread and baselines."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from judgebench.cli.score import add_bootstrap_args


def add_parser(sub: Any) -> None:
    """Register the ``benchmarks`` command."""
    p = sub.add_parser("benchmarks", help="one row per judge, one column per benchmark (LLMBar, MT-Bench, ...)")
    p.add_argument("files", nargs="+", metavar="FILE", help="judged-pair JSONL files (any benchmarks)")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print JSON")
    fmt.add_argument("--markdown", action="store_true", help="print a Markdown table")
    p.add_argument(
        "--protocol",
        choices=("uniform", "native"),
        default="uniform",
        help="uniform: every benchmark by JudgeBench's vote rule (default); native: each by its authors' protocol "
        "(LLMBar's sets: the mean of the two orders' accuracies, Adversarial the mean of its subsets)",
    )
    add_bootstrap_args(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Build the table from every file, then print it."""
    from judgebench.analysis.benchmarks_table import build_table
    from judgebench.reporting.benchmarks import benchmarks_markdown, benchmarks_terminal

    table = build_table(args.files, bootstrap=args.bootstrap, seed=args.seed, protocol=args.protocol)
    if args.json:
        json.dump(table.to_dict(), sys.stdout, indent=2)
        sys.stdout.write("\n")
    elif args.markdown:
        sys.stdout.write(benchmarks_markdown(table))
    else:
        from judgebench.reporting.terminal import make_console

        make_console().print(benchmarks_terminal(table))
    return 0
