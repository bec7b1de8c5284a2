"""``judgebench build``: objectively labeled pairs from a source with ground truth (JudgeBench's recipe)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from judgebench.cli.batch_options import add_batch_arguments


def add_model_args(p: argparse.ArgumentParser) -> None:
    """Engine flags shared by build and solve."""
    p.add_argument("--base-url", help="OpenAI-compatible endpoint for openai/… specs (vllm/… defaults to :8000)")
    p.add_argument("--concurrency", type=int, default=16, help="calls in flight (default 16)")
    p.add_argument("--no-cache", action="store_true", help="do not read or write the call cache")
    p.add_argument("--cache-path", help="the SQLite call cache (default: the engine's)")
    p.add_argument("--max-tokens", type=int, help="max_tokens per response (default: the provider's)")


def add_sandbox_arg(p: argparse.ArgumentParser) -> None:
    """``--allow-unsandboxed``, shared by the commands that run model-written code (build, solve, audit)."""
    p.add_argument(
        "--allow-unsandboxed",
        action="store_true",
        help="without bubblewrap, run model-written code anyway under the weaker rlimits fallback "
        "(also JUDGEBENCH_ALLOW_UNSANDBOXED=1; warned on every run)",
    )


def apply_sandbox_arg(args: argparse.Namespace) -> None:
    """Pass the opt-in on through the environment, so verification worker processes see it too."""
    if getattr(args, "allow_unsandboxed", False):
        from judgebench.sandbox.containment import ALLOW_ENV

        os.environ[ALLOW_ENV] = "1"


def add_parser(sub: Any) -> None:
    """Register the ``build`` command."""
    p = sub.add_parser(
        "build",
        help="build labeled (correct, incorrect) response pairs from questions with ground truth",
        description="Sample k responses per question, verify them, keep questions with both a correct and an "
        "incorrect response, pick one seeded pair per question. Resumable: rerun the same command.",
    )
    p.add_argument(
        "--source",
        action="append",
        required=True,
        metavar="NAME[=PATH]",
        help="a registered source (mmlu-pro, livebench-math, livebench-reasoning, livecodebench, jsonl), "
        "optionally with a local file or folder; repeat for several",
    )
    p.add_argument(
        "--source-option",
        action="append",
        default=[],
        metavar="NAME.KEY=VALUE",
        help="a source option, e.g. livebench-math.release=2024-07-26 or mmlu-pro.categories=law,math",
    )
    p.add_argument("--model", help="response model spec (openai/…, vllm/…, anthropic/…)")
    p.add_argument("--k", type=int, default=5, help="responses sampled per question (paper: 5)")
    p.add_argument("--questions", type=int, help="questions sampled per group (paper: 100; 0 = all)")
    p.add_argument("--per-category", type=int, help="pairs kept per group (paper: 11 per MMLU-Pro discipline; 0 = all)")
    p.add_argument("--seed", type=int, default=0, help="seed of every random choice (default 0)")
    p.add_argument("--temperature", type=float, default=1.0, help="sampling temperature (default 1.0)")
    p.add_argument("--out", type=Path, default=Path("pairs.jsonl"), help="pair file (default pairs.jsonl)")
    p.add_argument("--responses", metavar="FILE", help="use these responses instead of sampling (JSONL)")
    p.add_argument("--executor", choices=("local", "ray"), default="local", help="where to run (default local)")
    p.add_argument("--workers", type=int, help="local verification processes (default: CPU count; 0 = inline)")
    p.add_argument("--ray-address", help="Ray cluster address (default: start a local instance)")
    p.add_argument("--checker", metavar="SPEC", help="LLM answer checker (paper: openai/gpt-4o-mini); off by default")
    p.add_argument("--checker-base-url", help="endpoint of the checker model")
    p.add_argument(
        "--format",
        choices=("pairs", "best-of-k"),
        default="pairs",
        help="pairs (JudgeBench, default) or best-of-k: one record per question with every verified response",
    )
    p.add_argument(
        "--best-of",
        type=int,
        metavar="N",
        help="with --format best-of-k: one correct and N-1 incorrect responses per question (RewardBench 2: 4)",
    )
    p.add_argument("--fresh", action="store_true", help="discard the work folder of a previous run first")
    add_model_args(p)
    add_sandbox_arg(p)
    add_batch_arguments(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Build, print the counts; exit 1 when some calls failed (rerun to retry them)."""
    from judgebench.builder.inputs import SourceSpec
    from judgebench.builder.pipeline import BuildConfig, run_build
    from judgebench.model_spec import ModelSpec

    apply_sandbox_arg(args)

    cfg = BuildConfig(
        sources=[SourceSpec.parse(s, args.source_option) for s in args.source],
        out=args.out,
        model=ModelSpec.parse(args.model) if args.model else None,  # parsed once, here
        k=args.k,
        questions=args.questions,
        per_category=args.per_category,
        seed=args.seed,
        temperature=args.temperature,
        max_tokens=args.max_tokens,
        responses=args.responses,
        executor=args.executor,
        workers=args.workers,
        ray_address=args.ray_address,
        base_url=args.base_url,
        concurrency=args.concurrency,
        cache=not args.no_cache,
        cache_path=args.cache_path,
        checker=ModelSpec.parse(args.checker) if args.checker else None,
        checker_base_url=args.checker_base_url,
        fresh=args.fresh,
        format=args.format,
        best_of=args.best_of,
        progress=lambda msg: print(msg, file=sys.stderr, flush=True),
    )
    result = _run_batched(args, cfg) if args.batch else run_build(cfg)
    counts = result.card.to_dict()["counts"]
    what = "best-of-K records" if args.format == "best-of-k" else "pairs"
    print(
        f"{counts['pairs']} {what} from {counts['questions']} questions ({counts['mixed_questions']} mixed, "
        f"{counts['responses']} responses) -> {result.out}"
    )
    for name, n in result.card.to_dict()["by_category"].items():
        print(f"  {name:<10} {n['pairs']:>5} {what.split()[-1]}  {n['questions']:>5} questions")
    status = 0
    if not counts["pairs"]:
        print(f"judgebench: 0 {what}: {_why_no_pairs(result.card.to_dict())}", file=sys.stderr)
        status = 1
    if result.failed_calls:
        print(
            f"judgebench: {result.failed_calls} calls failed (e.g. {result.errors[0]}); rerun to retry", file=sys.stderr
        )
        status = 1
    return status


def _why_no_pairs(card: dict[str, Any]) -> str:
    """One line on why a build made no pair: the verifiers' verdicts and their commonest rules."""
    from collections import Counter

    outcomes: Counter[str] = Counter()
    rules: Counter[str] = Counter()
    for stats in card["verifiers"].values():
        outcomes.update(stats["outcomes"])
        rules.update(stats["rules"])
    verdicts = ", ".join(f"{k} {outcomes.get(k, 0)}" for k in ("correct", "incorrect", "unverifiable"))
    common = ", ".join(f"{rule} {n}" for rule, n in rules.most_common(3)) or "none"
    return (
        f"no question got both a right and a wrong response; verdicts of the "
        f"{sum(outcomes.values())} responses: {verdicts}; commonest rules: {common}"
    )


def _run_batched(args: argparse.Namespace, cfg: Any) -> Any:
    """``build --batch`` (see :mod:`judgebench.builder.batched`)."""
    import asyncio

    from judgebench.builder.batched import build_in_batches

    return asyncio.run(build_in_batches(cfg, poll_s=args.batch_poll))
