"""RewardBench's own per-pair rules (allenai/reward-bench ``scripts/run_rm.py`` and ``scripts/run_generative.py``).

- A reward model (``run_rm.py``): ``1 if chosen > rejected else 0``, so equal scores are wrong. judgebench's
  ``reward_model`` judge decides each order from the two scores (equal: ``A=B``); the first order's decision
  is the scores in the stored positions, so the pair is right when it equals the label, and a tie or a
  failed score is wrong.
- A generative judge (``run_generative.py``): one order per prompt, the chosen response placed by a random
  draw (``is_shuffled = np.random.rand() > 0.5``); the verdict for the chosen one scores 1, for the rejected
  one 0, anything else (a tie, an ``error``) 0.5. judgebench's ``reward-bench`` importer already places the
  chosen response by a draw seeded by (seed, id), so the first order *is* that one seeded random order; the
  second order, which JudgeBench's vote would add, is not looked at.

The credit is counted in halves (2 units per pair), so k/n count half-points over 2 per pair.
"""

from __future__ import annotations

from judgebench.records import JudgedPair, flip

#: judge names scored as reward models (``run_rm.py``); every other judge as a generative one
REWARD_MODEL_JUDGES = frozenset({"reward_model"})
UNITS = 2


def rewardbench_pair(jp: JudgedPair) -> tuple[int, int]:
    """(half-points earned, 2) of one judged RewardBench pair under RewardBench's own rule."""
    label = jp.pair.label
    first = jp.decisions[0] if jp.decisions else None
    if first == label:
        return UNITS, UNITS
    if jp.judge_name in REWARD_MODEL_JUDGES or first == flip(label):
        return 0, UNITS
    return 1, UNITS  # a generative judge's tie or failed verdict: "effectively a tie"
