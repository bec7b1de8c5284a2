"""TRL's ``RewardTrainer`` (and PEFT's LoRA): load the base, then train, evaluate each epoch, checkpoint, resume.

The loss is Bradley–Terry's, ``-log σ(r_chosen - r_rejected)``, on a sequence-classification head with one
output (TRL adds it to a causal LM base). Checkpoints go to ``<out>/checkpoints/checkpoint-<step>`` (model,
optimizer, scheduler, RNG states, ``trainer_state.json`` written last); a resumed run starts from the newest
complete one and continues its global step. The final model is saved to ``<out>`` with LoRA merged.
"""

from __future__ import annotations

import contextlib
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from judgebench.train.data import Encoded

CHECKPOINTS = "checkpoints"
_STATE = "trainer_state.json"


@dataclass(frozen=True, slots=True)
class TrainSettings:
    """The hyper-parameters of one run (all recorded in the model card)."""

    base: str
    out: Path
    epochs: float = 1.0
    lr: float | None = None
    batch_size: int = 8
    max_length: int = 1024
    lora: bool = False
    lora_r: int = 16
    eval_split: float = 0.1
    seed: int = 0
    save_steps: int | None = None
    progress: bool = True
    trust_remote_code: bool = False
    """The user's permission to import the base model's own code (``auto_map``): ``--trust-remote-code``."""

    @property
    def learning_rate(self) -> float:
        """``lr``, else 1e-4 with LoRA and 2e-5 for full fine-tuning."""
        if self.lr is not None:
            return self.lr
        return 1e-4 if self.lora else 2e-5


@dataclass(slots=True)
class TrainOutcome:
    """What the training loop did."""

    start_step: int
    global_step: int
    resumed_from: str | None
    epochs: list[dict[str, float]] = field(default_factory=list)
    """Per evaluation: ``epoch``, ``pair_accuracy`` (chosen scored above rejected, percent), ``loss``."""
    metrics: dict[str, float] = field(default_factory=dict)
    device: str = "cpu"
    dtype: str = "float32"
    seconds: float = 0.0


def last_checkpoint(out: Path) -> Path | None:
    """The newest complete checkpoint under ``out/checkpoints`` (one with its trainer state written), or None."""
    folder = out / CHECKPOINTS
    if not folder.is_dir():
        return None
    done = [p for p in folder.glob("checkpoint-*") if (p / _STATE).is_file() and p.name.split("-")[-1].isdigit()]
    return max(done, key=lambda p: int(p.name.split("-")[-1]), default=None)


def _dataset(encoded: Encoded) -> Any:
    from datasets import Dataset

    return Dataset.from_dict({"chosen_ids": encoded.chosen_ids, "rejected_ids": encoded.rejected_ids})


def _callback(outcome: TrainOutcome) -> Any:
    from transformers import TrainerCallback

    class EpochReport(TrainerCallback):
        """Prints the evaluation after each epoch and remembers where this process started."""

        def on_train_begin(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
            outcome.start_step = int(state.global_step)
            if outcome.resumed_from:
                print(f"resuming from {outcome.resumed_from} at step {state.global_step}", file=sys.stderr)

        def on_evaluate(self, args: Any, state: Any, control: Any, metrics: Any = None, **kwargs: Any) -> None:
            metrics = metrics or {}
            row = {
                "epoch": round(float(state.epoch or 0.0), 4),
                "step": float(state.global_step),
                "pair_accuracy": round(100.0 * float(metrics.get("eval_accuracy", float("nan"))), 2),
                "loss": float(metrics.get("eval_loss", float("nan"))),
            }
            outcome.epochs.append(row)
            print(
                f"epoch {row['epoch']:g} (step {state.global_step}): eval pair accuracy {row['pair_accuracy']:.2f}%,"
                f" eval loss {row['loss']:.4f}",
                file=sys.stderr,
                flush=True,
            )

    return EpochReport()


@dataclass(slots=True)
class PreparedTraining:
    """A trainer whose base model is loaded, not yet trained: :func:`prepare_training`, then :meth:`run`."""

    settings: TrainSettings
    trainer: Any
    tokenizer: Any
    outcome: TrainOutcome
    bf16: bool

    def run(self) -> TrainOutcome:
        """Train (from the newest checkpoint when there is one), then save the merged model and tokenizer."""
        resume = self.outcome.resumed_from
        start = time.perf_counter()
        with contextlib.redirect_stdout(sys.stderr):  # the Trainer prints its logs: stdout is for the result
            result = self.trainer.train(resume_from_checkpoint=resume)
        outcome = self.outcome
        outcome.seconds = time.perf_counter() - start
        outcome.global_step = int(self.trainer.state.global_step)
        outcome.metrics = {k: float(v) for k, v in result.metrics.items() if isinstance(v, int | float)}
        _save(self.trainer, self.tokenizer, self.settings.out, self.bf16)
        return outcome


def prepare_training(settings: TrainSettings, tokenizer: Any, train: Encoded, evaluation: Encoded) -> PreparedTraining:
    """Load the base model into TRL's ``RewardTrainer`` (and LoRA), without training or writing anything of the run.

    A base that cannot load (a pickle the weights-only loader refuses, a broken file, no sequence-classification
    class) fails here, so ``judgebench train`` calls this before it writes its first file to ``out``; the
    Trainer only creates the (empty) ``out/checkpoints`` folder once the model is loaded. The run resumes from
    :func:`last_checkpoint` when there is one (the caller decides whether that is allowed).
    """
    import torch
    from trl import RewardConfig, RewardTrainer

    cuda = torch.cuda.is_available()
    bf16 = bool(cuda and torch.cuda.is_bf16_supported())
    resume = last_checkpoint(settings.out)
    outcome = TrainOutcome(0, 0, str(resume) if resume else None, device="cuda" if cuda else "cpu")
    outcome.dtype = "bfloat16 (mixed)" if bf16 else "float32"
    with warnings.catch_warnings():  # TRL sets `gradient_checkpointing`, which transformers 5.x renames
        warnings.filterwarnings("ignore", message=".*gradient_checkpointing.*", category=FutureWarning)
        config = _config(RewardConfig, settings, bf16, cuda)
    peft_config = None
    if settings.lora:
        from peft import LoraConfig

        peft_config = LoraConfig(
            task_type="SEQ_CLS", r=settings.lora_r, lora_alpha=2 * settings.lora_r, target_modules="all-linear"
        )
    trainer = RewardTrainer(
        model=settings.base,
        args=config,
        train_dataset=_dataset(train),
        eval_dataset=_dataset(evaluation),
        processing_class=tokenizer,
        callbacks=[_callback(outcome)],
        peft_config=peft_config,
    )
    return PreparedTraining(settings, trainer, tokenizer, outcome, bf16)


def _save(trainer: Any, tokenizer: Any, out: Path, bf16: bool) -> None:
    """The final model (LoRA merged into the base weights) and tokenizer, as a plain transformers folder."""
    import torch

    model = trainer.model
    if hasattr(model, "merge_and_unload"):
        model = model.merge_and_unload()
    model.config.pad_token_id = tokenizer.pad_token_id
    model.config.num_labels = 1
    if bf16:
        model = model.to(torch.bfloat16)
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)


def _config(config_class: Any, settings: TrainSettings, bf16: bool, cuda: bool) -> Any:
    """TRL's RewardConfig for ``settings``: evaluation each epoch, checkpoints, no reporting services."""
    import torch

    return config_class(
        output_dir=str(settings.out / CHECKPOINTS),
        num_train_epochs=settings.epochs,
        learning_rate=settings.learning_rate,
        per_device_train_batch_size=settings.batch_size,
        per_device_eval_batch_size=settings.batch_size,
        max_length=settings.max_length,
        eval_strategy="epoch",
        save_strategy="steps" if settings.save_steps else "epoch",
        save_steps=settings.save_steps or 500,
        save_total_limit=2,
        logging_strategy="epoch",
        seed=settings.seed,
        data_seed=settings.seed,
        report_to="none",
        gradient_checkpointing=False,
        bf16=bf16,
        use_cpu=not cuda,
        disable_tqdm=not settings.progress,
        dataloader_num_workers=0,
        model_init_kwargs={"dtype": torch.float32, "trust_remote_code": settings.trust_remote_code},
        trust_remote_code=settings.trust_remote_code,
    )
