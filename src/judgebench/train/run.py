"""The whole ``judgebench train`` run: check, read, split, encode, train, judge the evaluation part, write the card.

Output folder ``<out>``:

* the model (``config.json``, weights; LoRA merged) and its tokenizer: ``hf/<out>`` scores with it as it is;
* ``README.md``: the model card; ``train_state.json``: the run's inputs (a resume must match them);
* ``split.json`` (pair ids per part) and ``eval_pairs.jsonl`` (the evaluation part as a pairs file);
* ``eval_judged.jsonl``: the evaluation part judged by the final model (``reward_model``, both orders);
* ``checkpoints/``: the resumable checkpoints.
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib.util
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from judgebench.backends.remote_code import check_remote_code, first_line
from judgebench.errors import ConfigError, InputError, JudgeBenchError, MissingExtraError
from judgebench.event_loops import run_coroutine
from judgebench.model_spec import ModelSpec
from judgebench.output_files import atomic_writer
from judgebench.records import write_pairs
from judgebench.train.card import hyper_parameters, render_card
from judgebench.train.data import Encoded, PairFile, encode_pairs, prepare_tokenizer, read_pair_files
from judgebench.train.split import drop_questions_of, split_pairs
from judgebench.train.trainer import CHECKPOINTS, PreparedTraining, TrainOutcome, TrainSettings, prepare_training

#: What ``pip install 'judgebench[train]'`` brings (import names).
TRAIN_PACKAGES = ("torch", "transformers", "trl", "peft", "datasets", "accelerate")
EVAL_JUDGED = "eval_judged.jsonl"
STATE = "train_state.json"


@dataclass(slots=True)
class TrainReport:
    """What ``judgebench train`` prints: the loop's outcome and the JudgeBench score of the evaluation part."""

    outcome: TrainOutcome
    score: dict[str, Any] | None
    eval_judged: Path
    failed_judgments: int
    split: dict[str, Any]
    """``split.json``'s counts (pairs and questions per part, left out by --exclude, skipped as too long)."""


def check_extra() -> None:
    """Raise MissingExtraError naming the ``train`` extra when one of its packages is missing."""
    for package in TRAIN_PACKAGES:
        if importlib.util.find_spec(package) is None:
            raise MissingExtraError(package, "train")


def _write_text(path: Path, text: str) -> None:
    """Write one file of the output folder through the safe writer (regular files only, atomic, umask)."""
    with atomic_writer(path) as fh:
        fh.write(text)


def _check_out(out: Path, state: dict[str, Any], resume: bool) -> None:
    if out.exists() and not out.is_dir():
        raise ConfigError(f"--out {out} is a file, not a folder")
    if not out.is_dir() or not any(out.iterdir()):
        return
    if not resume:
        raise ConfigError(f"--out {out} is not empty: pass --resume to continue a stopped run, or pick a new folder")
    path = out / STATE
    if not path.is_file():
        raise ConfigError(f"--out {out} holds no {STATE}: it is not a judgebench train folder, nothing to resume")
    before = json.loads(path.read_text(encoding="utf-8"))
    changed = sorted(k for k in state if before.get(k) != state[k])
    if changed:
        raise ConfigError(f"--resume: {', '.join(changed)} differ from the run in {out}; same options, or a new --out")


def run_training(
    specs: Sequence[str], settings: TrainSettings, *, resume: bool, command: str, exclude: Sequence[str] = ()
) -> TrainReport:
    """Train on the pairs of ``specs`` as ``settings`` say (see the module docstring for the output folder).

    ``exclude``: pair files whose questions (``original_id`` or text) are dropped from the data first.
    """
    check_extra()
    # before anything of the base model is read or loaded: its own code runs only when the user asked
    trust = check_remote_code(settings.base, trusted=settings.trust_remote_code, what="base model")
    if settings.epochs <= 0 or settings.batch_size < 1 or settings.max_length < 8 or settings.lora_r < 1:
        raise ConfigError("--epochs must be > 0, --batch-size and --lora-r >= 1, --max-length >= 8")
    if settings.save_steps is not None and settings.save_steps < 1:
        raise ConfigError(f"--save-steps must be at least 1, got {settings.save_steps}")
    pairs, files = read_pair_files(specs)
    excluded_files: list[PairFile] = []
    excluded = 0
    if exclude:
        banned, excluded_files = read_pair_files(exclude)
        pairs, excluded = drop_questions_of(pairs, banned)
        if not pairs:
            raise InputError("every pair's question is in an --exclude file: nothing left to train on", specs[0])
    split = split_pairs(pairs, settings.eval_split, settings.seed)
    params = hyper_parameters(settings)
    state = {
        "files": [f.sha256 for f in files],
        "exclude": [f.sha256 for f in excluded_files],
        **{k: v for k, v in params.items() if k not in ("out", "trust_remote_code")},  # a permission, not a setting
    }
    out = settings.out
    _check_out(out, state, resume)

    from transformers import AutoTokenizer

    try:
        tokenizer = AutoTokenizer.from_pretrained(settings.base, trust_remote_code=trust)
    except Exception as exc:  # OSError, ValueError, ImportError...: one line whatever transformers raises
        raise InputError(f"cannot load a tokenizer: {first_line(exc)}", settings.base) from exc
    changes = prepare_tokenizer(tokenizer, settings.max_length)
    train = encode_pairs(split.train, tokenizer, settings.max_length)
    evaluation = encode_pairs(split.eval, tokenizer, settings.max_length)
    if not train.chosen_ids or not evaluation.chosen_ids:
        raise InputError("no pair fits --max-length in the training or the evaluation part", settings.base)

    # the base model loads before the first file is written: a base that cannot load leaves --out as it was;
    # it loads with what the check allows, as the tokenizer did (False for a folder without auto_map)
    prepared = _prepare(dataclasses.replace(settings, trust_remote_code=trust), tokenizer, train, evaluation)
    out.mkdir(parents=True, exist_ok=True)
    _write_text(out / STATE, json.dumps(state, indent=1) + "\n")
    skipped = train.skipped + evaluation.skipped
    split_doc = {
        "seed": settings.seed,
        "eval_split": settings.eval_split,
        "train_pairs": len(split.train),
        "train_questions": split.train_groups,
        "eval_pairs": len(split.eval),
        "eval_questions": split.eval_groups,
        "excluded": excluded,
        "excluded_by": [f.path for f in excluded_files],
        "skipped": len(skipped),
        "skipped_pairs": [{"pair_id": pid, "reason": why} for pid, why in skipped],
        "train": [p.pair_id for p in split.train],
        "eval": [p.pair_id for p in split.eval],
    }
    _write_text(out / "split.json", json.dumps(split_doc, indent=1) + "\n")
    write_pairs(out / "eval_pairs.jsonl", split.eval)

    try:
        outcome = prepared.run()
    except JudgeBenchError:
        raise
    except Exception as exc:  # one line whatever the training loop raises
        raise InputError(f"cannot train: {first_line(exc)}", settings.base) from exc
    report = _judge_eval(settings, split.eval)
    card = render_card(
        settings=settings,
        files=files,
        split=split_doc,
        outcome=outcome,
        score=report[0],
        tokenizer_changes=changes,
        command=command,
    )
    _write_text(out / "README.md", card)
    counts = {k: v for k, v in split_doc.items() if k not in ("train", "eval", "skipped_pairs")}
    return TrainReport(outcome, report[0], out / EVAL_JUDGED, report[1], counts)


def _prepare(settings: TrainSettings, tokenizer: Any, train: Encoded, evaluation: Encoded) -> PreparedTraining:
    """Load the base into the trainer; on failure one line (InputError), and no folder of ours left behind."""
    out = settings.out
    existed = out.exists()
    try:
        return prepare_training(settings, tokenizer, train, evaluation)
    except BaseException as exc:
        if not existed:  # only empty folders the Trainer may have made: never a file, never the user's folder
            for folder in (out / CHECKPOINTS, out):
                with contextlib.suppress(OSError):
                    folder.rmdir()
        if isinstance(exc, JudgeBenchError) or not isinstance(exc, Exception):
            raise
        # an unloadable base (a pickle the weights-only loader refuses, a broken file), an unsuitable one
        raise InputError(f"cannot train: {first_line(exc)}", settings.base) from exc


def _judge_eval(settings: TrainSettings, pairs: list[Any]) -> tuple[dict[str, Any] | None, int]:
    """Judge the evaluation part with the saved model through ``hf/`` (a fresh file each time) and score it."""
    from judgebench.runner import RunSpec, run_judge

    path = settings.out / EVAL_JUDGED
    if path.exists():
        path.unlink()  # judged by an earlier model (a resumed run): never reuse its verdicts
    spec = RunSpec(
        judge="reward_model",
        model=ModelSpec("hf", str(settings.out)),
        pairs=pairs,
        out=path,
        cache=False,
        seed=settings.seed,
        progress=settings.progress,
        extra={"trust_remote_code": True} if settings.trust_remote_code else {},
    )
    summary = run_coroutine(run_judge(spec))
    return (summary.score.to_dict() if summary.score else None), summary.failed_judgments
