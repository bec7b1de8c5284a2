"""``judgebench import KIND ...``: other judge benchmarks (and LLMBar's recorded runs) as JudgeBench files.

Examples::

    judgebench import llmbar ../shared/benchmarks/llmbar --out llmbar.jsonl
    judgebench import llmbar-results Dataset/LLMBar/Natural/evaluators/GPT-4/Vanilla_NoRules/result.json --out n.jsonl
    judgebench import llmbar-results LLMBar/Dataset --out llmbar-runs/        # every run, one file each
    judgebench import mt-bench human.jsonl --out mt-bench-human.jsonl          # no PATH: download the split
    judgebench import rewardbench filtered.parquet --out rewardbench.jsonl
    judgebench import faireval FairEval/ --out faireval.jsonl
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path
from typing import Any


def add_parser(sub: Any) -> None:
    """Register ``import`` and its kinds."""
    p = sub.add_parser("import", help="import another judge benchmark or LLMBar's recorded runs")
    kinds = p.add_subparsers(dest="kind", metavar="KIND", required=True)

    k = kinds.add_parser("llmbar", help="LLMBar dataset.json files (a file or a folder, searched recursively)")
    k.add_argument("path", metavar="PATH")
    k.add_argument("--source", help="source of every pair (default: the set named by the folder)")
    k.set_defaults(func=_llmbar)

    k = kinds.add_parser("llmbar-results", help="LLMBar recorded runs (a result.json, or a folder of them)")
    k.add_argument("path", metavar="PATH")
    k.add_argument("--judge-name", help="default: the strategy folder (e.g. Vanilla_NoRules)")
    k.add_argument("--judge-model", help="default: the evaluator folder (e.g. GPT-4)")
    k.add_argument("--source", help="default: the set the path names (e.g. llmbar-natural)")
    k.set_defaults(func=_llmbar_results)

    k = kinds.add_parser("mt-bench", help="MT-Bench human judgments (lmsys/mt_bench_human_judgments, split human)")
    k.add_argument("path", nargs="?", metavar="PATH", help="JSONL/Parquet of the split (default: download it)")
    k.set_defaults(func=_mt_bench)

    k = kinds.add_parser("rewardbench", help="RewardBench (allenai/reward-bench, split filtered)")
    k.add_argument("path", nargs="?", metavar="PATH", help="JSONL/Parquet of the split (default: download it)")
    k.add_argument("--seed", type=int, default=0, metavar="S", help="seed of the A/B placement (default 0)")
    k.set_defaults(func=_rewardbench)

    k = kinds.add_parser("faireval", help="raw FairEval (i-Eval/FairEval: questions, answers, human review)")
    k.add_argument("path", nargs="?", metavar="DIR", help="a FairEval checkout (default: download its files)")
    k.set_defaults(func=_faireval)

    for parser in kinds.choices.values():
        parser.add_argument("--out", required=True, metavar="FILE", help="JSONL to write (a folder for a runs folder)")


def _written(pairs: list[Any], out: str) -> int:
    from judgebench.records import write_pairs

    if not pairs:
        from judgebench.errors import InputError

        raise InputError("nothing to import")
    write_pairs(out, pairs)
    sources = Counter((p.pair if hasattr(p, "pair") else p).source for p in pairs)
    print(f"{len(pairs)} pairs ({', '.join(f'{s} {n}' for s, n in sources.items())}) -> {out}")
    return 0


def _llmbar(args: argparse.Namespace) -> int:
    from judgebench.benchmarks.llmbar import import_llmbar

    return _written(import_llmbar(args.path, args.source), args.out)


def _llmbar_results(args: argparse.Namespace) -> int:
    from judgebench.benchmarks.llmbar_results import import_result, output_name, result_files
    from judgebench.errors import InputError
    from judgebench.records import write_pairs

    names = {"judge_name": args.judge_name, "judge_model": args.judge_model, "source": args.source}
    if not Path(args.path).is_dir():
        return _written(import_result(args.path, **names), args.out)
    runs = result_files(args.path)
    if not runs:
        raise InputError("no result.json under this folder", args.path)
    imported = [(output_name(run), import_result(run, **names)) for run in runs]  # all read before any write
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name, judged in imported:
        write_pairs(out / name, judged)
    print(f"{len(imported)} runs, {sum(len(j) for _, j in imported)} judged pairs -> {out}/")
    return 0


def _mt_bench(args: argparse.Namespace) -> int:
    from judgebench.benchmarks.mt_bench import HUB_DATASET, import_mt_bench
    from judgebench.benchmarks.rows import hub_rows, read_rows

    rows, where = (read_rows(args.path), args.path) if args.path else hub_rows(HUB_DATASET, "human")
    pairs, dropped = import_mt_bench(rows, where)
    print(f"{len(rows)} votes; dropped {dropped['tie']} tied and {dropped['split']} evenly split comparisons")
    return _written(pairs, args.out)


def _rewardbench(args: argparse.Namespace) -> int:
    from judgebench.benchmarks.reward_bench import HUB_DATASET, SPLIT, import_reward_bench
    from judgebench.benchmarks.rows import hub_rows, read_rows

    rows, where = (read_rows(args.path), args.path) if args.path else hub_rows(HUB_DATASET, SPLIT)
    return _written(import_reward_bench(rows, where, seed=args.seed), args.out)


def _faireval(args: argparse.Namespace) -> int:
    from judgebench.benchmarks.faireval import folder_files, import_faireval

    pairs, ties = import_faireval(folder_files(args.path))
    print(f"dropped {ties} ties")
    return _written(pairs, args.out)
