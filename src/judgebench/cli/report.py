"""``judgebench report FILE... --html OUT [--markdown OUT]``: one self-contained report to look at.

FILE may be recorded judge outputs (any mix of judges and response-model splits) and solve-result files
from ``judgebench solve`` (told apart by their keys); with solve files the report adds judge versus solve.
``--probe CARD`` (repeatable; a ``judgebench probe`` card.json or its folder) adds the bias-probe section: the
reliability card with its forest plot of effects.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from judgebench.cli.score import add_bootstrap_args


def add_parser(sub: Any) -> None:
    """Register the ``report`` command."""
    p = sub.add_parser("report", help="an offline HTML (and Markdown) report: leaderboard, bias, judge vs solve")
    p.add_argument("files", nargs="*", metavar="FILE", help="recorded-outputs and solve-result JSONL files")
    p.add_argument(
        "--probe",
        action="append",
        default=[],
        metavar="CARD",
        help="a probe card (judgebench probe's card.json, or its --out folder) for the bias-probe section",
    )
    p.add_argument("--html", metavar="OUT", help="write the self-contained HTML report here")
    p.add_argument("--markdown", metavar="OUT", help="write the same report as Markdown here")
    p.add_argument("--title", default="JudgeBench report", help="the report's title")
    add_bootstrap_args(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Compute every section first, then write each output atomically."""
    from judgebench.errors import ConfigError
    from judgebench.jsonl import atomic_writer
    from judgebench.output_files import output_target
    from judgebench.reporting.html import render_html, render_markdown
    from judgebench.reporting.report_data import build_report

    if not args.html and not args.markdown:
        raise ConfigError("report needs --html OUT and/or --markdown OUT")
    if not args.files and not args.probe:
        raise ConfigError("report needs judge-output files and/or --probe CARD")
    for path in (args.html, args.markdown):
        if path:
            output_target(path)  # a device, a FIFO or a folder is refused before the work
    data = build_report(args.files, iterations=args.bootstrap, seed=args.seed, title=args.title, probe_cards=args.probe)
    outputs = [(args.html, render_html), (args.markdown, render_markdown)]
    rendered = [(path, render(data)) for path, render in outputs if path]
    for path, text in rendered:
        with atomic_writer(path) as fh:
            fh.write(text)
        print(f"wrote {path}", file=sys.stderr)
    return 0
