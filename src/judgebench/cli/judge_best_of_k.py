"""``judgebench judge --pairs BEST_OF_K_FILE``: judge a best-of-K set and print its best-of-K scores."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from judgebench.cli.batch_options import run_maybe_batched


def run_best_of_k_command(args: argparse.Namespace) -> int:
    """Judge the set (resumable), print the score table or JSON; exit 1 when some judgment failed, as for pairs.

    A reply without a verdict is an answer (exit 0, counted), as ``judge`` on pairs treats it.
    """
    from judgebench.best_of_k import read_best_of_k
    from judgebench.reporting.best_of_k_terminal import print_best_of_k
    from judgebench.reporting.rich_text import literal
    from judgebench.reporting.terminal import make_console
    from judgebench.runner.best_of_k import BestOfKSpec, run_best_of_k
    from judgebench.runner.run import default_output_path

    records = read_best_of_k(args.pairs)
    if args.limit is not None:
        records = records[: args.limit]
    out = Path(args.out) if args.out else default_output_path(Path(args.pairs).stem, args.judge, args.model)
    spec = BestOfKSpec(
        judge=args.judge,
        model=args.model,
        records=records,
        out=out,
        concurrency=args.concurrency,
        seed=args.seed,
        base_url=args.base_url,
        cache=not args.no_cache,
        comparisons=args.comparisons,
        extra=args.model_options,
    )
    summary = run_maybe_batched(args, out, lambda: run_best_of_k(spec))
    line = (
        f"{summary.judged} prompts judged, {summary.skipped} already done · {summary.unscored_responses} responses "
        f"without a score · {summary.no_verdict_judgments} replies without a verdict · "
        f"{summary.failed_judgments} failed judgments · ${summary.cost_usd:.4f} · {summary.out}"
    )
    if args.json:
        doc = {
            "out": str(summary.out),
            "judged": summary.judged,
            "skipped": summary.skipped,
            "unscored_responses": summary.unscored_responses,
            "failed_judgments": summary.failed_judgments,
            "no_verdict_judgments": summary.no_verdict_judgments,
            "cost_usd": summary.cost_usd,
            "score": summary.score.to_dict() if summary.score else None,
        }
        json.dump(doc, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        console = make_console()
        if summary.score is not None:
            print_best_of_k([summary.score], console)
        console.print(literal(line), soft_wrap=True)  # the output path is the user's: literal text
    return 1 if summary.failed_judgments else 0
