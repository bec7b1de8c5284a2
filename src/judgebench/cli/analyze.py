"""``judgebench analyze ANALYSIS FILE...``: every registered analysis as a sub-command.

The sub-commands come from :data:`~judgebench.analysis.registry.ANALYSES` (position, compare, length,
self-preference, solve-gap, agreement, and any a plugin registers). Every command reads all its files and
computes everything before printing, so an error never leaves half a report; ``--json`` prints the full
result, otherwise the analysis's terminal view draws its tables.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from judgebench.cli.score import add_bootstrap_args


def add_parser(sub: Any) -> None:
    """Register ``analyze`` and one sub-command per registered analysis."""
    from judgebench.analysis.registry import ANALYSES

    p = sub.add_parser("analyze", help="position bias, judge comparisons, baselines, self-preference, agreement")
    inner = p.add_subparsers(dest="analysis", metavar="ANALYSIS", required=True)
    for name in ANALYSES.in_order():
        analysis = ANALYSES.get(name)
        q = inner.add_parser(name, help=analysis.help, description=analysis.help)
        q.add_argument("files", nargs="+", metavar="FILE", help="recorded-outputs JSONL files")
        q.add_argument("--json", action="store_true", help="print JSON instead of tables")
        for option in analysis.options:
            flag = "--" + option.name.replace("_", "-")
            q.add_argument(flag, dest=f"option_{option.name}", default=option.default, metavar=option.metavar,
                           help=option.help)  # fmt: skip
        add_bootstrap_args(q)
        q.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Compute the analysis, then print it as JSON or tables."""
    from judgebench.analysis.registry import ANALYSES

    analysis = ANALYSES.get(args.analysis)
    options = {o.name: getattr(args, f"option_{o.name}") for o in analysis.options}
    result = analysis.run(args.files, iterations=args.bootstrap, seed=args.seed, **options)
    if args.json:
        json.dump(result.to_dict(), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        from judgebench.reporting.analysis_views import show
        from judgebench.reporting.terminal import make_console

        show(analysis, result, make_console())
    return 0
