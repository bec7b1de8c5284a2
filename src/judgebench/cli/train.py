"""``judgebench train``: a reward model trained on labeled pairs (Bradley–Terry, TRL), ready for ``hf/``.

Examples::

    judgebench train --pairs qwen-pairs.jsonl --base Qwen/Qwen2.5-1.5B-Instruct --out rm-qwen --lora
    judgebench judge --judge reward_model --model hf/rm-qwen --pairs gpt

Running the same command again with ``--resume`` continues a stopped run from its last checkpoint.
"""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path
from typing import Any


def add_parser(sub: Any) -> None:
    """Register the ``train`` command."""
    p = sub.add_parser("train", help="train a reward model on labeled pairs (needs judgebench[train])")
    p.add_argument("--pairs", required=True, nargs="+", metavar="FILE", help="pair files (JudgeBench format)")
    p.add_argument(
        "--exclude",
        nargs="+",
        default=[],
        metavar="PAIRS",
        help="drop pairs whose question is in these (e.g. gpt claude)",
    )
    p.add_argument("--base", required=True, metavar="MODEL", help="base model: hub id or local folder")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder (must be empty unless --resume)")
    p.add_argument("--epochs", type=float, default=1.0, metavar="N", help="training epochs (default 1)")
    p.add_argument("--lr", type=float, metavar="LR", help="learning rate (default 2e-5, with --lora 1e-4)")
    p.add_argument("--batch-size", type=int, default=8, metavar="B", help="pairs per step (default 8)")
    p.add_argument("--max-length", type=int, default=1024, metavar="L", help="tokens per sequence (default 1024)")
    p.add_argument("--lora", action="store_true", help="train LoRA adapters (merged into the saved model)")
    p.add_argument("--lora-r", type=int, default=16, metavar="R", help="LoRA rank (default 16)")
    p.add_argument("--eval-split", type=float, default=0.1, metavar="F", help="questions held out (default 0.1)")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="seed of the split and training (default 0)")
    p.add_argument("--save-steps", type=int, metavar="N", help="checkpoint every N steps (default: each epoch)")
    p.add_argument("--resume", action="store_true", help="continue a stopped run in --out from its last checkpoint")
    p.add_argument(
        "--trust-remote-code",
        action="store_true",
        help="let the base model import its own Python code (auto_map) into this process; refused without it",
    )
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(func=run)


def command_line(args: argparse.Namespace) -> str:
    """The run as one complete command (every option spelled out), for the model card."""
    parts = ["judgebench", "train", "--pairs", *args.pairs]
    if args.exclude:
        parts += ["--exclude", *args.exclude]
    parts += ["--base", args.base, "--out", args.out]
    parts += ["--epochs", f"{args.epochs:g}", "--batch-size", str(args.batch_size)]
    parts += ["--max-length", str(args.max_length)]
    if args.lr is not None:
        parts += ["--lr", f"{args.lr:g}"]
    if args.lora:
        parts += ["--lora", "--lora-r", str(args.lora_r)]
    parts += ["--eval-split", f"{args.eval_split:g}", "--seed", str(args.seed)]
    if args.save_steps is not None:
        parts += ["--save-steps", str(args.save_steps)]
    if getattr(args, "trust_remote_code", False):
        parts.append("--trust-remote-code")
    return shlex.join(parts)


def run(args: argparse.Namespace) -> int:
    """Train, then print the evaluation part's JudgeBench accuracy (what ``judgebench score`` says of it)."""
    import json
    import sys

    from judgebench.train.run import run_training
    from judgebench.train.trainer import TrainSettings

    settings = TrainSettings(
        base=args.base,
        out=Path(args.out),
        epochs=args.epochs,
        lr=args.lr,
        batch_size=args.batch_size,
        max_length=args.max_length,
        lora=args.lora,
        lora_r=args.lora_r,
        eval_split=args.eval_split,
        seed=args.seed,
        save_steps=args.save_steps,
        progress=not args.json,
        trust_remote_code=args.trust_remote_code,
    )
    report = run_training(args.pairs, settings, resume=args.resume, command=command_line(args), exclude=args.exclude)
    overall = (report.score or {}).get("categories", {}).get("Overall", {})
    if args.json:
        doc = {
            "out": str(settings.out),
            "steps": {"start": report.outcome.start_step, "end": report.outcome.global_step},
            "resumed_from": report.outcome.resumed_from,
            "epochs": report.outcome.epochs,
            "split": report.split,
            "train_seconds": round(report.outcome.seconds, 3),
            "eval_judged": str(report.eval_judged),
            "failed_judgments": report.failed_judgments,
            "score": report.score,
        }
        json.dump(doc, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        split = report.split
        print(
            f"{split['train_pairs']} training pairs ({split['train_questions']} questions), {split['eval_pairs']} "
            f"evaluation pairs ({split['eval_questions']} questions); left out: {split['excluded']} (--exclude), "
            f"{split['skipped']} (question longer than --max-length)"
        )
        print(f"trained steps {report.outcome.start_step + 1}..{report.outcome.global_step} → {settings.out}")
        print(
            f"eval accuracy {overall.get('accuracy')}% ({overall.get('correct')}/{overall.get('n')} pairs, "
            f"JudgeBench vote rule) → {report.eval_judged}"
        )
    return 1 if report.failed_judgments else 0
