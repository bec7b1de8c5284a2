"""Judging one arm: its pairs through the two-order runner, its file scored with the vote rule.

An arm is judged exactly as ``judgebench judge`` judges a pair set — :func:`~judgebench.runner.run.run_judge`
with both orders, the engine, the call cache (bypassed for the stability repeats) and resume — into its own
outputs file in the probe's folder, beside the pairs it judged:

    <out>/<arm>.pairs.jsonl     the (perturbed) pairs, for people to read
    <out>/<arm>.judged.jsonl    the judge's outputs (upstream's format), resumed on a rerun

Its accuracy is the file's ``Overall`` score from :func:`~judgebench.metrics.scorecard.score_file` (what
``judgebench score`` prints); its per-pair outcomes, for the paired statistics, come from
:func:`~judgebench.metrics.vote.vote_correct`, the rule that score counts, and must add up to it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from judgebench.errors import ConfigError, JudgeBenchError
from judgebench.judges.base import Judge, JudgeOptions
from judgebench.judges.templates import overridden
from judgebench.metrics.scorecard import OVERALL
from judgebench.metrics.vote import vote_correct
from judgebench.model_spec import ModelSpec
from judgebench.records import Pair, flip, iter_judged, read_pairs, write_pairs
from judgebench.runner.run import RunSpec, RunSummary, run_judge


@dataclass(slots=True)
class ArmSettings:
    """What every arm of one probe run shares (the judge, its model and options, run settings)."""

    judge: str
    model: ModelSpec
    out: Path
    seed: int = 0
    concurrency: int = 16
    base_url: str | None = None
    cache: bool = True
    progress: bool = True
    extra: dict[str, Any] = field(default_factory=dict)
    make_judge: Callable[[JudgeOptions], Judge] | None = None

    def __post_init__(self) -> None:
        self.model = ModelSpec.parse(self.model)  # text given here is parsed here


@dataclass(slots=True)
class Arm:
    """One judged arm: the pairs' judged decisions in pair order and what the runner reported.

    Attributes:
        name: the arm (``original``, ``pad_incorrect``, ``paraphrase_1``, ``repeat_2`` ...).
        pairs: the pairs judged (perturbed), in order.
        decisions: per pair, the decisions as recorded (the second in swapped positions).
        scores: per pair, a pointwise judge's ``[score A, score B]`` (None for pairwise judges).
        summary: the run's summary (its ``score`` is the file's score report).
    """

    name: str
    pairs: list[Pair]
    decisions: list[list[str | None]]
    scores: list[list[float] | None]
    summary: RunSummary

    @property
    def correct(self) -> list[bool]:
        """Per pair, correct under the vote rule (what ``judgebench score`` counts)."""
        return [vote_correct(p.label, d) for p, d in zip(self.pairs, self.decisions, strict=True)]

    def entry(self) -> dict[str, Any]:
        """``{"accuracy", "correct", "n"}``: the score report's Overall (accuracy in percent)."""
        score = self.summary.score
        if self.summary.deferred_pairs:  # --batch, a round that is not the last: its card is never shown
            return {"accuracy": 0.0, "correct": 0, "n": len(self.pairs)}
        if score is None:
            raise JudgeBenchError(f"arm {self.name}: nothing was judged")
        overall = score.categories[OVERALL]
        return {"accuracy": overall.accuracy, "correct": overall.correct, "n": overall.n}

    def order_correct(self) -> tuple[list[bool], list[bool]]:
        """Single-order outcomes per pair: (right when the correct response is shown first, ... second)."""
        first: list[bool] = []
        second: list[bool] = []
        for pair, decisions in zip(self.pairs, self.decisions, strict=True):
            aligned = [decisions[0], flip(decisions[1]) if len(decisions) > 1 else None]
            right = [d == pair.label for d in aligned]
            shown_first = 0 if pair.label == "A>B" else 1  # order 0 shows A first, order 1 shows B first
            first.append(right[shown_first])
            second.append(right[1 - shown_first])
        return first, second


def _check_same_arm(path: Path, pairs: list[Pair]) -> None:
    """Refuse to resume an arm whose pairs were perturbed differently (another seed): same ids, other texts."""
    if not path.is_file():
        return
    before = {p.pair_id: p for p in read_pairs(path)}
    for pair in pairs:
        old = before.get(pair.pair_id)
        if old is not None and (old.response_A, old.response_B) != (pair.response_A, pair.response_B):
            raise ConfigError(
                f"{path} holds other versions of these pairs (another --seed or pair set): use another --out"
            )


async def judge_arm(
    settings: ArmSettings,
    name: str,
    pairs: list[Pair],
    *,
    cache: bool | None = None,
    templates: Mapping[str, str] | None = None,
    bootstrap: int = 0,
) -> Arm:
    """Write ``pairs`` and judge them in both orders as arm ``name``; ``templates`` replace prompt templates."""
    settings.out.mkdir(parents=True, exist_ok=True)
    shown = settings.out / f"{name}.pairs.jsonl"
    _check_same_arm(shown, pairs)
    write_pairs(shown, pairs)
    spec = RunSpec(
        judge=settings.judge,
        model=settings.model,
        pairs=pairs,
        out=settings.out / f"{name}.judged.jsonl",
        orders=2,
        concurrency=settings.concurrency,
        seed=settings.seed,
        base_url=settings.base_url,
        cache=settings.cache if cache is None else cache,
        progress=settings.progress,
        extra=dict(settings.extra),
        bootstrap=bootstrap,
        label=f"judging {name}",
    )
    with overridden(templates or {}):
        summary = await run_judge(spec, settings.make_judge)
    judged = {j.pair.pair_id: j for j in iter_judged(spec.out)} if spec.out.exists() else {}
    decisions: list[list[str | None]] = []
    scores: list[list[float] | None] = []
    for pair in pairs:
        record = judged.get(pair.pair_id)
        if record is None and summary.deferred_pairs:  # its calls went to a batch: a round that is not the last
            decisions.append([None, None])
            scores.append(None)
            continue
        assert record is not None
        decisions.append(record.decisions)
        first = record.judgments[0] if record.judgments else None
        inner = first.get("judgment") if isinstance(first, dict) else None
        raw = inner.get("scores") if isinstance(inner, dict) else None
        scores.append([float(x) for x in raw] if isinstance(raw, list) and len(raw) == 2 else None)
    arm = Arm(name, pairs, decisions, scores, summary)
    if summary.deferred_pairs:
        return arm  # the round's other arms are collected too; run_probes then ends the round
    if summary.score is not None and sum(arm.correct) != summary.score.categories[OVERALL].correct:
        raise JudgeBenchError(f"arm {name}: per-pair outcomes do not add up to the score report")  # pragma: no cover
    return arm
