"""``judgebench judge``: run a judge on pairs in both orders, resumably, and print the score report.

Examples::

    judgebench judge --judge arena_hard --model openai/gpt-4o-mini --pairs gpt
    judgebench judge --judge arena_hard --model replay/<recorded outputs file> --pairs gpt
    judgebench judge --judge skywork_critic --model vllm/Skywork/Skywork-Critic-Llama-3.1-8B --pairs claude
    judgebench judge --judge reward_model --model hf/Skywork/Skywork-Reward-Llama-3.1-8B --pairs gpt

A best-of-K set (``--pairs`` a file of best-of-K records, docs/best_of_k.md) is judged response by response
(pointwise judges) or by a round robin of comparisons (pairwise judges) and scored with the best-of-K metrics.

Running the same command again resumes: finished pairs are skipped, failed judgments (no answer) retried;
replies without a verdict are the judge's outcome and kept, unless ``--retry-no-verdict`` asks for fresh calls.
Exit status 0 when every judgment got an answer (with or without a verdict), 1 when some failed (they are in
the file with their reasons).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from judgebench.cli.batch_options import add_batch_arguments, run_maybe_batched


def add_parser(sub: Any) -> None:
    """Register the ``judge`` command."""
    p = sub.add_parser("judge", help="judge pairs in both orders (resumable) and score them")
    p.add_argument("--judge", required=True, metavar="NAME", help="judge name (vanilla, arena_hard, reward_model...)")
    p.add_argument(
        "--model", required=True, metavar="SPEC", help="provider/model, e.g. openai/gpt-4o, replay/<recorded file>"
    )
    p.add_argument("--pairs", required=True, metavar="gpt|claude|PATH", help="a release name or a pairs file")
    p.add_argument(
        "--out",
        metavar="PATH",
        help="outputs file (default outputs/<dataset>,judge_name=<judge>,judge_model=<model>.jsonl)",
    )
    p.add_argument("--concurrency", type=int, default=16, metavar="N", help="requests in flight (default 16)")
    p.add_argument("--single-order", action="store_true", help="judge only the stored order (A, B)")
    p.add_argument("--base-url", metavar="URL", help="endpoint of an OpenAI-compatible server (vLLM, SGLang...)")
    p.add_argument("--limit", type=int, metavar="N", help="judge only the first N pairs")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="seed for judges and the report (default 0)")
    p.add_argument("--no-cache", action="store_true", help="do not read or write the call cache")
    p.add_argument(
        "--retry-no-verdict",
        action="store_true",
        help="judge again the replies that held no verdict, with fresh calls (not from the cache)",
    )
    p.add_argument(
        "--comparisons",
        type=int,
        default=16,
        metavar="N",
        help="best-of-K sets, pairwise judges: the most (correct, incorrect) comparisons per prompt, each in both "
        "orders (default 16; seeded sample beyond it)",
    )
    p.add_argument(
        "--trust-remote-code",
        action="store_true",
        help="let a local model folder or hub model import its own Python code (auto_map) into this process, "
        "which holds your API keys; refused without it (a warning is printed when it runs)",
    )
    add_batch_arguments(p)
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=run)


def model_options(args: argparse.Namespace) -> dict[str, Any]:
    """The judge options the command line sets: ``trust_remote_code``, only when asked for (``args.model`` parsed).

    It applies only where a model's code is loaded here (``hf/`` reward models, PandaLM's and JudgeLM's
    tokenizers); asked for elsewhere, a ConfigError.
    """
    if not getattr(args, "trust_remote_code", False):
        return {}
    from judgebench.errors import ConfigError
    from judgebench.judges import JUDGES
    from judgebench.judges.finetuned import judge_lm_judge, pandalm_judge

    if args.model.provider != "hf" and JUDGES.get(args.judge) not in (pandalm_judge, judge_lm_judge):
        raise ConfigError(
            f"--trust-remote-code: judge {args.judge} with {args.model} loads no model code here (it applies to hf/ "
            "reward models and PandaLM's and JudgeLM's tokenizers)"
        )
    return {"trust_remote_code": True}


def run(args: argparse.Namespace) -> int:
    """Load pairs, run, report."""
    from judgebench.datasets import dataset_stem, load_pair_file, resolve_pairs
    from judgebench.errors import ConfigError
    from judgebench.model_spec import ModelSpec
    from judgebench.runner import RunSpec, default_output_path, run_judge

    if args.limit is not None and args.limit < 0:
        raise ConfigError(f"--limit must be 0 or more, got {args.limit}")
    args.model = ModelSpec.parse(args.model)  # once, here: the runner, judges and engine get this value
    args.model_options = model_options(args)  # before anything is read or loaded
    if Path(args.pairs).is_file():
        from judgebench.file_kinds import file_is_best_of_k

        if file_is_best_of_k(args.pairs):
            from judgebench.cli.judge_best_of_k import run_best_of_k_command

            return run_best_of_k_command(args)
    resolved = resolve_pairs(args.pairs)  # once: a named benchmark set is built and written here
    pairs = load_pair_file(resolved, unlabelled=True)  # judges never see labels: no-majority pairs are judged too
    pair_set = frozenset(p.pair_id for p in pairs)  # an outputs file holds pairs of this set only
    if args.limit is not None:
        pairs = pairs[: args.limit]
    stem = dataset_stem(args.pairs, resolved)
    out = Path(args.out) if args.out else default_output_path(stem, args.judge, args.model)
    spec = RunSpec(
        judge=args.judge,
        model=args.model,
        pairs=pairs,
        out=out,
        orders=1 if args.single_order else 2,
        concurrency=args.concurrency,
        seed=args.seed,
        base_url=args.base_url,
        cache=not args.no_cache,
        retry_no_verdict=args.retry_no_verdict,
        pair_set=pair_set,
        extra=args.model_options,
    )
    summary = run_maybe_batched(args, out, lambda: run_judge(spec))
    _report(summary, args.json)
    return 1 if summary.failed_judgments else 0


def _report(summary: Any, as_json: bool) -> None:
    line = (
        f"{summary.judged} pairs judged, {summary.skipped} already done · "
        f"{summary.no_verdict_judgments} replies without a verdict · "
        f"{summary.failed_judgments} failed judgments · ${summary.cost_usd:.4f} · {summary.out}"
    )
    if summary.unlabelled_pairs:
        line += f" · {summary.unlabelled_pairs} pairs without an expert majority (unlabelled, not scored)"
    if as_json:
        import json

        doc = {
            "out": str(summary.out),
            "judged": summary.judged,
            "skipped": summary.skipped,
            "failed_judgments": summary.failed_judgments,
            "no_verdict_judgments": summary.no_verdict_judgments,
            "unlabelled_pairs": summary.unlabelled_pairs,
            "cost_usd": summary.cost_usd,
            "engine": summary.engine_stats,
            "score": summary.score.to_dict() if summary.score else None,
        }
        json.dump(doc, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return
    from judgebench.reporting.rich_text import literal  # rich: only to draw
    from judgebench.reporting.terminal import make_console, print_scores

    console = make_console()
    if summary.score is not None:
        print_scores([summary.score], console)
    console.print(literal(line), soft_wrap=True)  # the output path is the user's: literal text
