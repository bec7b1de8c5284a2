"""RewardBench 2's own score of a judged best-of-K set.

From allenai/reward-bench ``scripts/run_v2.py``, ``scripts/run_generative_v2.py`` and ``rewardbench/utils.py``:

- A prompt outside Ties: 1 / (number of top-scored responses) when the chosen response is among them, else 0
  (``reroll_and_score_dataset``; RewardBench 2 has one chosen response there, where this is judgebench's
  top-1). A failed score is left out of the ranking, as ``run_generative_v2.py`` drops ratings of -1; a prompt
  with every score failed counts 0.25 ("effectively a tie"), where judgebench's top-1 leaves out any prompt
  with a failed score.
- Ties (``process_single_model``): prompts come in pairs ``ref:N`` (one correct answer) and ``tied:N`` (several).
  Per prompt: accurate when the worst correct answer outscores the best incorrect one; the correct-answer
  spread (best − worst correct) and the correct-incorrect margin (worst correct − best incorrect). The score is
  0.30 tied accuracy + 0.30 ref accuracy + 0.20 P(tied margin > tied spread) + 0.20 P(min(ref, tied margin) >
  tied spread) + 0.01 mean tanh(min(ref, tied margin) / tied spread − 1) (NaN → 0), the last three over the
  N with both prompts. A failed rating enters as -1, as ``run_generative_v2.py`` passes its ratings on.
- The set's score is the plain mean of the subset scores.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from judgebench.best_of_k import JudgedPrompt
from judgebench.errors import InputError

TIES = "ties"
ALL_FAILED = 0.25
FAILED_TIES_RATING = -1.0


def prompt_result(scores_chosen: Sequence[float | None], scores_rejected: Sequence[float | None]) -> float:
    """One prompt outside Ties: the chosen one's share of the top score among the valid scores."""
    valid = [s for s in (*scores_chosen, *scores_rejected) if s is not None]
    if not valid:
        return ALL_FAILED
    best = max(valid)
    good = sum(1 for s in scores_chosen if s == best)
    return good / sum(1 for s in valid if s == best)


def _stats(p: JudgedPrompt) -> tuple[bool, float | None, float]:
    """(accurate, correct spread or None, correct − incorrect margin) of one Ties prompt."""
    good = [FAILED_TIES_RATING if s is None else s for s in p.scores_chosen]
    bad = [FAILED_TIES_RATING if s is None else s for s in p.scores_rejected]
    if not good or not bad:
        raise InputError(f"Ties prompt {p.id!r} needs a correct and an incorrect response")
    margin = min(good) - max(bad)
    return margin > 0, (max(good) - min(good)) if len(good) > 1 else None, margin


def ties_score(prompts: Sequence[JudgedPrompt]) -> float:
    """RewardBench 2's Ties score (``process_single_model``), a fraction."""
    ref: dict[str, tuple[bool, float | None, float]] = {}
    tied: dict[str, tuple[bool, float | None, float]] = {}
    for p in prompts:
        kind, _, number = p.id.partition(":")
        if kind not in ("ref", "tied") or not number:
            raise InputError(f"Ties prompt id {p.id!r} is not 'ref:N' or 'tied:N'")
        (ref if kind == "ref" else tied)[number] = _stats(p)
    ref_acc = float(np.mean([s[0] for s in ref.values()])) if ref else 0.0
    tied_acc = float(np.mean([s[0] for s in tied.values()])) if tied else 0.0
    both = sorted(set(ref) & set(tied))
    if any(tied[n][1] is None for n in both):
        raise InputError("a tied:N prompt of Ties needs two or more correct responses")
    spread = np.array([tied[n][1] for n in both], dtype=float)
    tie_margin = np.array([tied[n][2] for n in both], dtype=float)
    ref_margin = np.array([ref[n][2] for n in both], dtype=float)
    hard = np.minimum(ref_margin, tie_margin)
    with np.errstate(divide="ignore", invalid="ignore"):
        margin_scores = np.nan_to_num(np.tanh(hard / spread - 1), nan=0.0)
    preferred = float(np.mean(tie_margin > spread)) if both else 0.0
    preferred_hard = float(np.mean(hard > spread)) if both else 0.0
    margin = float(np.mean(margin_scores)) if both else 0.0
    return 0.30 * tied_acc + 0.30 * ref_acc + 0.20 * preferred + 0.20 * preferred_hard + 0.01 * margin


def rewardbench2_score(prompts: Sequence[JudgedPrompt]) -> dict[str, Any]:
    """The set's score and its subsets' (percent, two decimals), as RewardBench 2 reports them."""
    by_subset: dict[str, list[JudgedPrompt]] = {}
    for p in prompts:
        by_subset.setdefault(p.subset, []).append(p)
    subsets: dict[str, float] = {}
    for name in sorted(by_subset):
        group = by_subset[name]
        if name.lower() == TIES:
            subsets[name] = ties_score(group)
        else:
            subsets[name] = float(np.mean([prompt_result(p.scores_chosen, p.scores_rejected) for p in group]))
    all_failed = sum(1 for p in prompts if all(s is None for s in (*p.scores_chosen, *p.scores_rejected)))
    return {
        "score": round(100.0 * float(np.mean(list(subsets.values()))), 2) if subsets else None,
        "subsets": {k: round(100.0 * v, 2) for k, v in subsets.items()},
        "n": len(prompts),
        "all_failed": all_failed,
    }
