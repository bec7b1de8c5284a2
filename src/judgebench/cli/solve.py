"""``judgebench solve``: the model answers each pair's question; solver accuracy per category."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from judgebench.cli.build import add_model_args, add_sandbox_arg, apply_sandbox_arg


def add_parser(sub: Any) -> None:
    """Register the ``solve`` command."""
    p = sub.add_parser(
        "solve",
        help="let a model answer the pairs' questions and verify its answers (solver accuracy per category)",
    )
    p.add_argument("--model", required=True, help="solver model spec (openai/…, vllm/…, anthropic/…)")
    p.add_argument("--pairs", required=True, help="pairs: gpt, claude, a .jsonl/.parquet file or hf:owner/name:split")
    p.add_argument("--out", type=Path, help="answers JSONL (default solve-<model>.jsonl)")
    p.add_argument(
        "--source",
        action="append",
        default=[],
        metavar="NAME=PATH",
        help="where a source's ground truth lives (default: download); repeat for several",
    )
    p.add_argument("--temperature", type=float, default=0.0, help="sampling temperature (default 0)")
    p.add_argument("--workers", type=int, help="verification processes (default: CPU count; 0 = inline)")
    p.add_argument("--json", action="store_true", help="print the accuracy table as JSON")
    add_model_args(p)
    add_sandbox_arg(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Solve, print accuracy per category; exit 1 when some calls failed (rerun to retry them)."""
    from judgebench.builder.inputs import SourceSpec
    from judgebench.builder.solve import run_solve
    from judgebench.model_spec import ModelSpec

    apply_sandbox_arg(args)

    out = args.out or Path(f"solve-{args.model.replace('/', '_')}.jsonl")
    result = run_solve(
        ModelSpec.parse(args.model),  # parsed once, here
        args.pairs,
        out,
        sources=[SourceSpec.parse(s) for s in args.source],
        temperature=args.temperature,
        max_tokens=args.max_tokens,
        base_url=args.base_url,
        concurrency=args.concurrency,
        cache=not args.no_cache,
        cache_path=args.cache_path,
        workers=args.workers,
    )
    table = result.accuracy()
    if args.json:
        json.dump({"model": args.model, "out": str(out), "categories": table}, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        print(f"solver {args.model}: {len(result.rows)} answers -> {out}")
        print(f"  {'category':<10} {'accuracy':>8} {'correct':>8} {'incorrect':>9} {'unverifiable':>12}")
        for name, n in table.items():
            acc = "-" if n["accuracy"] is None else f"{n['accuracy']:.2f}"
            print(f"  {name:<10} {acc:>8} {n['correct']:>8} {n['incorrect']:>9} {n['unverifiable']:>12}")
    if result.failed:
        print(f"judgebench: {result.failed} calls failed (e.g. {result.errors[:1]}); rerun to retry", file=sys.stderr)
        return 1
    return 0
