"""``judgebench score FILE...``: accuracy per category with counts and intervals."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def add_bootstrap_args(p: argparse.ArgumentParser) -> None:
    """``--bootstrap N`` and ``--seed S``, shared by the scoring commands."""
    p.add_argument("--bootstrap", type=int, default=1000, metavar="N", help="bootstrap draws for 95%% CIs (0: none)")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="seed of the bootstrap (default 0)")


def add_parser(sub: Any) -> None:
    """Register the ``score`` command."""
    p = sub.add_parser("score", help="score judged-pair files (the JudgeBench vote rule)")
    p.add_argument("files", nargs="+", metavar="FILE", help="recorded-outputs JSONL files")
    p.add_argument("--json", action="store_true", help="print JSON instead of tables")
    p.add_argument(
        "--rule",
        default="vote",
        help="aggregation rule: vote (JudgeBench, default), first (first order), agree",
    )
    add_bootstrap_args(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Score every file first, then print, so an error never leaves half a report."""
    from judgebench.metrics.scorecard import score_file
    from judgebench.report.terminal import make_console, print_scores

    scores = [score_file(f, bootstrap=args.bootstrap, seed=args.seed, rule=args.rule) for f in args.files]
    if args.json:
        json.dump({"results": [s.to_dict() for s in scores]}, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        print_scores(scores, make_console())
    return 0
