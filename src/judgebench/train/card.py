"""The trained model's card (``README.md`` in the output folder): what it was trained on and how, and how it scored."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from judgebench.train.data import PairFile
from judgebench.train.trainer import TrainOutcome, TrainSettings

_PACKAGES = ("judgebench", "torch", "transformers", "trl", "peft", "datasets", "accelerate")


def package_versions() -> dict[str, str]:
    """Installed versions of the packages that shape a training run."""
    out: dict[str, str] = {}
    for name in _PACKAGES:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "not installed"
    return out


def hyper_parameters(settings: TrainSettings) -> dict[str, Any]:
    """The settings as recorded (the effective learning rate, paths as strings)."""
    d = asdict(settings)
    d.pop("progress")
    d["out"] = str(settings.out)
    d["lr"] = settings.learning_rate
    return d


def render_card(
    *,
    settings: TrainSettings,
    files: Sequence[PairFile],
    split: dict[str, Any],
    outcome: TrainOutcome,
    score: dict[str, Any] | None,
    tokenizer_changes: Sequence[str],
    command: str,
) -> str:
    """The model card as Markdown with a YAML header the hub reads."""
    lines = [
        "---",
        "library_name: transformers",
        f"base_model: {json.dumps(settings.base)}",
        "tags: [reward-model, judgebench, trl]",
        "---",
        "",
        f"# Reward model trained from `{settings.base}` by judgebench",
        "",
        f"Trained {datetime.now(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')} with `judgebench train`: a Bradley–Terry "
        "reward model (TRL's RewardTrainer) on objectively labeled pairs, chosen = the response the label calls "
        "correct. Load it with `AutoModelForSequenceClassification` (one output: the reward) or judge with it:",
        "",
        "```",
        f"judgebench judge --judge reward_model --model hf/{settings.out} --pairs gpt",
        "```",
        "",
        "## Command",
        "",
        "```",
        command,
        "```",
        "",
        "## Data",
        "",
        "| file | pairs | sha256 |",
        "|---|---:|---|",
        *(f"| `{f.path}` | {f.pairs} | `{f.sha256}` |" for f in files),
        "",
        f"Split by question (`original_id`, else the question text), seed {settings.seed}, evaluation fraction "
        f"{settings.eval_split}: **{split['train_pairs']} training pairs** ({split['train_questions']} questions), "
        f"**{split['eval_pairs']} evaluation pairs** ({split['eval_questions']} questions); no question is in both. "
        f"Pair ids of each part: `split.json`; the evaluation pairs: `eval_pairs.jsonl`.",
    ]
    if split["excluded"]:
        lines.append(
            f"Left out before the split: {split['excluded']} pairs whose question is in "
            + ", ".join(f"`{p}`" for p in split["excluded_by"])
            + " (`--exclude`)."
        )
    if split["skipped"]:
        lines.append(f"Skipped (question longer than max_length): {split['skipped']} pairs, listed in `split.json`.")
    lines += ["", "## Hyper-parameters", "", "| setting | value |", "|---|---|"]
    lines += [f"| {k} | `{v}` |" for k, v in hyper_parameters(settings).items()]
    lines += [
        f"| device | {outcome.device}, {outcome.dtype} |",
        f"| steps | {outcome.global_step} |",
        f"| training time (this process) | {outcome.seconds:.1f} s |",
    ]
    if tokenizer_changes:
        lines += ["", "Tokenizer: " + "; ".join(tokenizer_changes) + "."]
    lines += ["", "## Evaluation", "", "Each epoch (pair accuracy: chosen scored above rejected):", ""]
    lines += ["| epoch | step | pair accuracy | loss |", "|---:|---:|---:|---:|"]
    lines += [
        f"| {e['epoch']:g} | {int(e['step'])} | {e['pair_accuracy']:.2f}% | {e['loss']:.4f} |" for e in outcome.epochs
    ]
    if score is not None:
        lines += [
            "",
            "Final model on the evaluation part, judged by `reward_model` in both orders and scored with the "
            "JudgeBench vote rule (`eval_judged.jsonl`; `judgebench score eval_judged.jsonl` prints the same):",
            "",
            "| category | accuracy | correct | pairs |",
            "|---|---:|---:|---:|",
        ]
        for name, c in score["categories"].items():
            acc = "–" if c["accuracy"] is None else f"{c['accuracy']:.2f}%"
            lines.append(f"| {name} | {acc} | {c['correct']} | {c['n']} |")
    lines += ["", "## Versions", "", ", ".join(f"{k} {v}" for k, v in package_versions().items()), ""]
    return "\n".join(lines)
