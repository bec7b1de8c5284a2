"""``judgebench evaluate``: one judge on JudgeBench (both splits) and the other benchmarks, one results file.

Examples::

    judgebench evaluate --judge arena_hard --model openai/gpt-4o-mini --benchmarks all --out runs/
    judgebench evaluate --judge arena_hard --model replay/<recorded file> --benchmarks llmbar-natural,faireval

Every benchmark (JudgeBench: each split) is judged into its own outputs file under ``--out`` with the runner
``judge`` uses, so a rerun resumes; the scores equal those of ``judge`` + ``score`` / ``benchmarks`` on the same
files. A benchmark whose data cannot be had here is reported as skipped, with the reason. Exit 0 when every
judgment got an answer, 1 when some failed (they are in the files; rerun to retry them).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def add_parser(sub: Any) -> None:
    """Register the ``evaluate`` command."""
    p = sub.add_parser(
        "evaluate", help="judge a model on JudgeBench and every selected benchmark (resumable), one results JSON"
    )
    p.add_argument("--judge", required=True, metavar="NAME", help="judge name (vanilla, arena_hard, reward_model...)")
    p.add_argument("--model", required=True, metavar="SPEC", help="provider/model, e.g. openai/gpt-4o, replay/<file>")
    p.add_argument(
        "--benchmarks",
        default="all",
        metavar="LIST|all",
        help="comma-separated benchmark names, or all (default); JudgeBench (both splits) is always evaluated",
    )
    p.add_argument(
        "--out", default="outputs", metavar="DIR", help="outputs, pairs and results folder (default outputs)"
    )
    p.add_argument(
        "--data",
        action="append",
        default=[],
        metavar="NAME=PATH",
        help="a local pairs file for a benchmark (what judgebench import wrote), instead of finding its data",
    )
    p.add_argument("--concurrency", type=int, default=16, metavar="N", help="requests in flight (default 16)")
    p.add_argument("--base-url", metavar="URL", help="endpoint of an OpenAI-compatible server (vLLM, SGLang...)")
    p.add_argument("--limit", type=int, metavar="N", help="judge only the first N pairs of each benchmark file")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="seed for judges and intervals (default 0)")
    p.add_argument("--bootstrap", type=int, default=1000, metavar="N", help="bootstrap draws for 95%% CIs (0: none)")
    p.add_argument("--no-cache", action="store_true", help="do not read or write the call cache")
    p.add_argument("--retry-no-verdict", action="store_true", help="judge replies without a verdict again")
    p.add_argument(
        "--trust-remote-code", action="store_true", help="as for judge: let a local or hub model run its own code"
    )
    p.add_argument("--json", action="store_true", help="print the results JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Judge every benchmark, write the results, print the tables (or the JSON)."""
    from judgebench.cli.judge import model_options
    from judgebench.errors import ConfigError
    from judgebench.evaluation.suite import evaluate

    data: dict[str, str] = {}
    for item in args.data:
        name, sep, path = item.partition("=")
        if not sep or not name or not path:
            raise ConfigError(f"--data wants NAME=PATH, got {item!r}")
        data[name] = path
    result = evaluate(
        judge=args.judge,
        model=args.model,
        benchmarks=args.benchmarks,
        out=args.out,
        data=data,
        concurrency=args.concurrency,
        seed=args.seed,
        base_url=args.base_url,
        cache=not args.no_cache,
        limit=args.limit,
        retry_no_verdict=args.retry_no_verdict,
        bootstrap=args.bootstrap,
        options=model_options(args),
        progress=not args.json,
    )
    if args.json:
        json.dump(result.to_dict(), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        _print(result)
    return 1 if result.failed_judgments else 0


def _print(result: Any) -> None:
    from judgebench.reporting.benchmarks import benchmarks_terminal
    from judgebench.reporting.rich_text import literal
    from judgebench.reporting.terminal import make_console

    console = make_console()
    for table in (result.uniform, result.native):
        if table is not None:
            console.print(benchmarks_terminal(table))
    if result.best_of_k:
        from judgebench.reporting.best_of_k_terminal import print_best_of_k

        print_best_of_k(result.best_of_k, console)
    for name, reason in result.skipped.items():
        console.print(literal(f"skipped {name}: {reason}"), soft_wrap=True)
    doc = result.to_dict()
    line = f"{doc['failed_judgments']} failed judgments · ${doc['cost_usd']:.4f} · results: {result.path}"
    console.print(literal(line), soft_wrap=True)
