"""Running the probes and assembling the reliability card (a dict in the documented JSON schema).

:func:`run_probes` judges the original arm and each probe's arms (:mod:`judgebench.probes.arms`), then
builds the card: per probe its arms' accuracies and its effects (:mod:`judgebench.probes.effects`), one
Benjamini–Hochberg family over every p-value of the card, and the flags. Probes that do not apply to the
judge (the template probe without paraphrases of its prompt, the position and agreement probes for a
pointwise judge, self-preference without two response-model splits) are listed under ``skipped`` with the
reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from judgebench.engine.deferral import CallDeferred
from judgebench.errors import ConfigError
from judgebench.model_spec import ModelLike
from judgebench.probes.arms import Arm, ArmSettings, judge_arm
from judgebench.probes.effects import agreement, effect, position, score_shift
from judgebench.probes.flags import fill_verdicts, flags_of
from judgebench.probes.kept_judge import KeptJudges
from judgebench.probes.paraphrases import paraphrases_for
from judgebench.probes.perturb import ARMS, arm_pairs, perturbed_slot
from judgebench.probes.self_pref import self_preference
from judgebench.probes.stats import benjamini_hochberg
from judgebench.records import Pair

#: Every probe, in card order.
PROBES = ("padding", "authority", "position", "template", "stability", "self")


@dataclass(slots=True)
class ProbeSpec:
    """What to probe and how (see ``judgebench probe --help``).

    Attributes:
        arms: the judge, model, options and run settings every arm shares (``arms.out`` is the folder).
        pairs: the pairs, in file order (two response-model splits for the self-preference probe).
        probes: which probes to run (:data:`PROBES`).
        bootstrap: bootstrap draws for each effect's interval (0: none).
        repeats: stability: how many times every request of the original arm is sent again, uncached.
        paraphrases: template: how many paraphrases of the judge's prompt (at most those available).
    """

    arms: ArmSettings
    pairs: list[Pair]
    probes: tuple[str, ...] = PROBES
    bootstrap: int = 1000
    repeats: int = 3
    paraphrases: int = 3
    judged: dict[str, Arm] = field(default_factory=dict)


def _check(spec: ProbeSpec) -> None:
    unknown = [p for p in spec.probes if p not in PROBES]
    if unknown:
        raise ConfigError(f"unknown probes {', '.join(unknown)}; known: {', '.join(PROBES)}")
    if not spec.pairs:
        raise ConfigError("no pairs to probe")
    if "stability" in spec.probes and spec.repeats < 2:
        raise ConfigError(f"stability needs at least 2 repeats, got {spec.repeats}")
    if "template" in spec.probes and spec.paraphrases < 1:
        raise ConfigError(f"template needs at least 1 paraphrase, got {spec.paraphrases}")


async def run_probes(spec: ProbeSpec) -> dict[str, Any]:
    """Judge every arm the probes need and return the card (a reward model is loaded once for all arms)."""
    _check(spec)
    keeper = KeptJudges(spec.arms.judge, spec.arms.make_judge)
    try:
        card = await _run(spec, replace(spec.arms, make_judge=keeper))
    finally:
        await keeper.aclose()
    deferred = sum(arm.summary.deferred_pairs for arm in spec.judged.values())
    if deferred:  # --batch: every arm's calls were collected; the card comes from the round that needs none
        raise CallDeferred(f"{deferred} pairs of the probe's arms wait for a batch")
    return card


async def _run(spec: ProbeSpec, settings: ArmSettings) -> dict[str, Any]:
    seed = settings.seed
    original = await _judge(spec, settings, "original", arm_pairs(spec.pairs, "original", seed))
    pointwise = bool(original.scores) and all(s is not None for s in original.scores)
    probes: dict[str, Any] = {}
    skipped: dict[str, str] = {}
    for name in PROBES:
        if name not in spec.probes:
            continue
        if name in ARMS:
            probes[name] = await _perturbed(spec, settings, name, original, pointwise)
        elif pointwise and name in ("position", "template", "stability"):
            skipped[name] = "a pointwise judge scores each response alone: no order, prompt or sampling to vary"
        elif name == "position":
            probes[name] = position(original, bootstrap=spec.bootstrap, seed=seed)
        elif name == "template":
            found = paraphrases_for(settings.judge)
            if found is None:
                skipped[name] = f"no paraphrases of judge {settings.judge}'s prompt (prompted judges only)"
            else:
                probes[name] = await _template(spec, settings, original, found[: spec.paraphrases])
        elif name == "stability":
            probes[name] = await _stability(spec, settings, original)
        else:
            result = self_preference(original, settings.judge, bootstrap=spec.bootstrap, seed=seed)
            if isinstance(result, str):
                skipped[name] = result
            else:
                probes[name] = result
    _fill_q(probes)
    fill_verdicts(probes)
    card: dict[str, Any] = {
        "judge_name": settings.judge,
        "judge_model": original.summary.score.judge_model if original.summary.score else None,
        "n_pairs": len(spec.pairs),
        "seed": seed,
        "bootstrap": spec.bootstrap,
        "out": str(settings.out),
        "probes": probes,
        "skipped": skipped,
        "requests": {name: _requests(arm) for name, arm in spec.judged.items()},
    }
    card["flags"] = flags_of(card)
    return card


async def _judge(
    spec: ProbeSpec,
    settings: ArmSettings,
    name: str,
    pairs: list[Pair],
    *,
    cache: bool | None = None,
    templates: Mapping[str, str] | None = None,
) -> Arm:
    """Judge arm ``name`` (:func:`~judgebench.probes.arms.judge_arm`) and keep it in ``spec.judged``."""
    arm = spec.judged[name] = await judge_arm(settings, name, pairs, cache=cache, templates=templates)
    return arm


def _effect(spec: ProbeSpec, settings: ArmSettings, probe: str, original: Arm, arm: Arm) -> dict[str, Any]:
    """The effect of ``arm`` over the original arm, its interval seeded by (seed, paired outcomes)."""
    return effect(original.correct, arm.correct, bootstrap=spec.bootstrap, seed=settings.seed)


def _requests(arm: Arm) -> dict[str, int]:
    """This run's calls for ``arm``, those sent (not cached), and its judgments that got no answer.

    ``failed`` judgments count as wrong under the vote rule; a rerun retries them.
    """
    stats = arm.summary.engine_stats or {}
    failed = arm.summary.score.failed_judgments if arm.summary.score is not None else 0
    return {
        "calls": int(stats.get("calls", 0) or 0),
        "sent": int(stats.get("requests_sent", 0) or 0),
        "failed": failed,
    }


async def _perturbed(
    spec: ProbeSpec, settings: ArmSettings, probe: str, original: Arm, pointwise: bool
) -> dict[str, Any]:
    arms: dict[str, Any] = {"original": original.entry()}
    effects: dict[str, Any] = {}
    for name in ARMS[probe]:
        arm = await _judge(spec, settings, name, arm_pairs(spec.pairs, name, settings.seed))
        arms[name] = arm.entry()
        effects[name] = _effect(spec, settings, probe, original, arm)
        if pointwise:
            slots = [perturbed_slot(p, name) for p in spec.pairs]
            effects[name]["score_shift"] = score_shift(
                original, arm, slots, bootstrap=spec.bootstrap, seed=settings.seed
            )
    return {"arms": arms, "effects": effects}


async def _template(
    spec: ProbeSpec, settings: ArmSettings, original: Arm, paraphrases: tuple[dict[str, str], ...]
) -> dict[str, Any]:
    judged = [original]
    arms: dict[str, Any] = {"original": original.entry()}
    effects: dict[str, Any] = {}
    for i, paraphrase in enumerate(paraphrases, 1):
        name = f"paraphrase_{i}"
        arm = await _judge(spec, settings, name, original.pairs, templates=paraphrase)
        judged.append(arm)
        arms[name] = arm.entry()
        effects[name] = _effect(spec, settings, "template", original, arm)
    templates = sorted({t for p in paraphrases for t in p})
    return {"templates": ", ".join(templates), "arms": arms, "effects": effects, **agreement(judged)}


async def _stability(spec: ProbeSpec, settings: ArmSettings, original: Arm) -> dict[str, Any]:
    judged: list[Arm] = []
    for i in range(1, spec.repeats + 1):
        name = f"repeat_{i}"
        judged.append(await _judge(spec, settings, name, original.pairs, cache=False))
    return {"repeats": spec.repeats, "arms": {a.name: a.entry() for a in judged}, **agreement(judged)}


def _fill_q(probes: dict[str, Any]) -> None:
    """One Benjamini–Hochberg family over every effect's p-value on the card."""
    slots = [e for probe in probes.values() for e in probe.get("effects", {}).values() if e.get("p") is not None]
    for e, q in zip(slots, benjamini_hochberg([e["p"] for e in slots]), strict=True):
        e["q"] = q


def default_out(dataset: str, judge: str, model: ModelLike, folder: str | Path = "probes") -> Path:
    """``probes/<dataset>,judge_name=<judge>,judge_model=<model, / as _>``: the probe's folder."""
    from judgebench.runner.run import default_output_path

    return default_output_path(dataset, judge, model, folder).with_suffix("")
