"""``judgebench leaderboard [DIR]``: complete JudgeBench runs ranked by judge kind; partial and other runs apart."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from judgebench.cli.score import add_bootstrap_args


def add_parser(sub: Any) -> None:
    """Register the ``leaderboard`` command."""
    p = sub.add_parser("leaderboard", help="rank recorded judge outputs (default: the release's)")
    p.add_argument("folder", nargs="?", metavar="DIR", help="folder of recorded-outputs JSONL files")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print JSON")
    fmt.add_argument("--markdown", action="store_true", help="print a Markdown table")
    add_bootstrap_args(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Build the leaderboard, then print it in the chosen format."""
    from judgebench.datasets import outputs_dir
    from judgebench.ranking import build_leaderboard
    from judgebench.reporting.markdown import board_markdown
    from judgebench.reporting.terminal import leaderboard_notes, leaderboard_table, make_console, partial_table

    folder = args.folder or outputs_dir()
    board = build_leaderboard(folder, bootstrap=args.bootstrap, seed=args.seed)
    if args.json:
        json.dump(board.to_dict(), sys.stdout, indent=2)
        sys.stdout.write("\n")
    elif args.markdown:
        sys.stdout.write(board_markdown(board))
    else:
        console = make_console()
        if board.rows:
            console.print(leaderboard_table(board.rows))
        if board.partial:
            console.print(partial_table(board.partial))
        for line in leaderboard_notes(board):
            console.print(line, highlight=False, markup=False)
    return 0
