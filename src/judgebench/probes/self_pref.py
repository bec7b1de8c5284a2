"""The self / family preference probe: one judge on two response-model splits of the pairs.

Both responses of a JudgeBench pair come from one response model, so a judge "preferring itself" shows as
doing worse on the pairs its own model (family) wrote: it backs its own family's incorrect responses more
often. With the pairs holding exactly two response models, one of the judge model's family
(:func:`judgebench.analysis.self_preference.family`), the probe reports each split's accuracy and how often
it backs the incorrect response in both orders, and the paired effect own − other on the questions both
splits share (matched by question text), tested like every other effect. It also states the
judge–response-model similarity question the numbers answer.
"""

from __future__ import annotations

from typing import Any

from judgebench.analysis.resample import pct
from judgebench.analysis.self_preference import family
from judgebench.metrics.vote import pair_outcome
from judgebench.probes.arms import Arm
from judgebench.probes.effects import accuracy_entry, effect

QUESTION = (
    "Does a judge that shares the response model's family (and so its strengths and blind spots) judge that "
    "model's pairs better or worse than another model's?"
)


def self_preference(original: Arm, judge: str, *, bootstrap: int, seed: int) -> dict[str, Any] | str:
    """The probe's card entry, or why it does not apply (a one-line reason)."""
    judge_model = original.summary.score.judge_model if original.summary.score else None
    mine = family(judge_model)
    splits: dict[str, list[int]] = {}
    for i, pair in enumerate(original.pairs):
        splits.setdefault(pair.response_model, []).append(i)
    if len(splits) != 2:
        return f"needs pairs from exactly two response models, got {len(splits)} ({', '.join(sorted(splits))})"
    own = [m for m in splits if family(m) == mine]
    families = {m: family(m) for m in splits}
    if len(own) != 1:
        return f"needs exactly one split of the judge model's family ({judge_model}: {mine}); splits: {families}"
    own_model = own[0]
    other_model = next(m for m in splits if m != own_model)
    correct = original.correct
    arms: dict[str, Any] = {}
    wrong: dict[str, float | None] = {}
    for role, model in (("own", own_model), ("other", other_model)):
        idx = splits[model]
        arms[role] = {**accuracy_entry([correct[i] for i in idx]), "response_model": model}
        backs_wrong = sum(pair_outcome(original.pairs[i].label, original.decisions[i]) == "incorrect" for i in idx)
        wrong[role] = pct(backs_wrong, len(idx))
    first_other: dict[str, int] = {}
    for i in splits[other_model]:
        first_other.setdefault(original.pairs[i].question, i)
    seen: set[str] = set()
    matched: list[tuple[int, int]] = []
    for i in splits[own_model]:
        q = original.pairs[i].question
        if q in first_other and q not in seen:
            seen.add(q)
            matched.append((i, first_other[q]))
    effects: dict[str, Any] = {}
    if matched:
        base = [correct[j] for _, j in matched]
        arm = [correct[i] for i, _ in matched]
        effects["own_vs_other"] = {
            **effect(base, arm, bootstrap=bootstrap, seed=seed),
            "shared_questions": len(matched),
        }
    return {
        "judge_family": mine,
        "response_families": families,
        "arms": arms,
        "backs_incorrect": {**wrong, "excess": _diff(wrong["own"], wrong["other"])},
        "effects": effects,
        "similarity_question": QUESTION,
    }


def _diff(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else round(a - b, 2)
