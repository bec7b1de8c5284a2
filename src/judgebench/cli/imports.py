"""``judgebench import NAME [SOURCE] --out FILE``: a public benchmark in judgebench's formats.

Importers are registered in :data:`judgebench.importers.IMPORTERS` (entry-point group
``judgebench.importers``), so a package adds ``judgebench import its-name`` by publishing one.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from judgebench.errors import ConfigError


def add_parser(sub: Any) -> None:
    """Register the ``import`` command."""
    p = sub.add_parser(
        "import",
        help="import a public benchmark (reward-bench-2, ppe, pairs, llmbar, llmbar-results, mt-bench, ...)",
        description="Convert a benchmark to judgebench's formats: reward-bench-2 (allenai/reward-bench-2), "
        "ppe (lmarena-ai/PPE-<name>-Best-of-K: mmlu-pro, math, gpqa, ifeval, mbpp-plus), pairs (a JudgeBench "
        "pair or recorded-outputs file as best-of-2 sets), rm-bench (THU-KEG/RM-Bench) as best-of-K sets; "
        "llmbar (LLMBar dataset.json files), "
        "mt-bench (lmsys/mt_bench_human_judgments), reward-bench (allenai/reward-bench filtered), faireval "
        "(i-Eval/FairEval) as JudgeBench pairs; llmbar-results (LLMBar's recorded runs) and inspect-log (an Inspect "
        "AI eval log of a judgebench task) as judged pairs. "
        "Without a local file the data set is downloaded.",
    )
    p.add_argument(
        "name",
        metavar="NAME",
        help="the importer: reward-bench-2, ppe, pairs, rm-bench, llmbar, llmbar-results, mt-bench, reward-bench, "
        "faireval, inspect-log",
    )
    p.add_argument("source", nargs="?", metavar="SOURCE", help="a local file, or the importer's data set name")
    p.add_argument(
        "--out",
        type=Path,
        help="the JSONL file to write (a folder for a folder of runs); inspect-log: default judge's file name",
    )
    p.add_argument("--option", action="append", default=[], metavar="KEY=VALUE", help="an importer option")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Import, check (nothing valid to write: exit 2, ``--out`` untouched), write atomically, print a summary."""
    from judgebench.importers import IMPORTERS, run_importer
    from judgebench.jsonl import write_jsonl

    if args.out is None and not IMPORTERS.get(args.name).names_output:
        raise ConfigError(f"import {args.name} needs --out FILE")
    options: dict[str, str] = {}
    for item in args.option:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise ConfigError(f"--option wants KEY=VALUE, got {item!r}")
        options[key] = value
    result = run_importer(args.name, args.source, options)
    if args.out is None:
        if result.out_name is None:
            raise ConfigError(f"import {args.name}: the source names no output file; give --out FILE")
        args.out = Path(result.out_name)
    if result.files:
        args.out.mkdir(parents=True, exist_ok=True)
        for name, records in result.files.items():
            write_jsonl(args.out / name, records)
    else:
        write_jsonl(args.out, result.records)
    subsets: dict[str, int] = {}
    for r in result.records:
        key = str(r.get("subset", r.get("source")))  # best-of-K sets have a subset, pairs a source
        subsets[key] = subsets.get(key, 0) + 1
    where = f"{len(result.files)} files in {args.out}/" if result.files else args.out
    print(f"{len(result.records)} records -> {where}")
    for name, n in sorted(subsets.items()):
        print(f"  {name:<12} {n:>6}")
    if result.left_out:
        shown = ", ".join(f"{n} {why}" for why, n in sorted(result.left_out.items()))
        print(f"left out: {shown}", file=sys.stderr)
    return 0
