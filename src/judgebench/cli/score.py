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
    p = sub.add_parser(
        "score",
        help="score judged-pair files (the JudgeBench vote rule) or judged best-of-K files (top-1, best-of-K)",
        description="Each file is scored by its records' shape: judged pairs (response_A/B, judgments) with the "
        "aggregation rule; judged best-of-K records (chosen/rejected, scores_chosen/scores_rejected) with top-1, "
        "pairwise and best-of-K accuracy (docs/best_of_k.md).",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="recorded-outputs or judged best-of-K JSONL files")
    p.add_argument("--json", action="store_true", help="print JSON instead of tables")
    p.add_argument(
        "--rule",
        help="aggregation rule for judged pairs: vote (JudgeBench, default), first (first order), second (second "
        "order), agree (both orders right), average (LLMBar's Acc.: the mean of the two orders' accuracies; k/n count "
        "orders); refused for judged best-of-K files, which no rule scores",
    )
    add_bootstrap_args(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Score every file first, then print, so an error never leaves half a report."""
    from judgebench.metrics.by_shape import score_by_shape

    scores = [score_by_shape(f, rule=args.rule, bootstrap=args.bootstrap, seed=args.seed) for f in args.files]
    if args.json:
        json.dump({"results": [s.to_dict() for s in scores]}, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    from judgebench.metrics.scorecard import FileScore  # the tables' modules (rich) only when printing them
    from judgebench.reporting.terminal import make_console, print_scores

    console = make_console()
    for s in scores:
        if isinstance(s, FileScore):
            print_scores([s], console)
        else:
            from judgebench.reporting.best_of_k_terminal import print_best_of_k

            print_best_of_k([s], console)
    return 0
