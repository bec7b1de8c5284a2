"""MT-Bench's own metric: agreement with the human experts' votes, as FastChat computes it.

FastChat's ``fastchat/llm_judge/compute_agreement.py`` (Zheng et al. 2023, "Judging LLM-as-a-Judge") counts,
over every comparison a judge and the experts both voted on, one trial per expert vote; a trial agrees when
the judge's vote equals the expert's, a tie equal to any tie (``tie``, ``tie (bothbad)``, ...). Setup S1 keeps
ties; setup S2 leaves out a comparison the judge called a tie and every expert vote that is a tie.
Human-vs-human agreement counts every pair of expert votes on one comparison the same way.

Here a comparison is a judged pair imported by ``judgebench import mt-bench`` (its ``votes`` hold the experts'
votes by model name and ``tie``); the judge's vote is the pair's decision (two orders: the vote over both,
a sum of 0 being a tie). A failed judgment (no decision) is no tie: it disagrees with every vote, in both
setups. The default import leaves out the comparisons without an expert majority, so over it this counts the
labelled comparisons only; ``--option no_majority=keep`` keeps them as pairs labelled ``no-majority``, which the
FastChat protocols (``unlabelled=True``) count, so the agreement is FastChat's over every voted comparison.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import combinations

from judgebench.metrics.vote import vote_sum

TIE = "tie"
SETUPS = ("S1", "S2")


def _vote(v: str | None) -> str | None:
    return TIE if v is not None and v.startswith(TIE) else v


def judge_vs_human(judge: str | None, humans: Sequence[str], setup: str) -> tuple[int, int]:
    """(agreeing trials, trials) of one comparison: one judge vote against each expert vote.

    Votes are model names (or any names of the two sides), a tie (``tie...``) or None (a failed judgment).
    """
    judge = _vote(judge)
    if setup == "S2" and judge == TIE:
        return 0, 0
    agree = total = 0
    for h in map(_vote, humans):
        if setup == "S2" and h == TIE:
            continue
        total += 1
        agree += judge is not None and h == judge
    return agree, total


def human_vs_human(humans: Sequence[str], setup: str) -> tuple[int, int]:
    """(agreeing pairs of expert votes, pairs of expert votes) on one comparison."""
    agree = total = 0
    for a, b in combinations(map(_vote, humans), 2):
        if setup == "S2" and TIE in (a, b):
            continue
        total += 1
        agree += a == b
    return agree, total


def expert_votes(counts: Mapping[str, int]) -> list[str]:
    """The expert votes of a pair's ``votes`` ({model: n, "tie": n}) as a list."""
    return [name for name, n in counts.items() for _ in range(int(n))]


def judge_side(model_a: str, model_b: str, decisions: Sequence[str | None]) -> str | None:
    """The judge's vote on a pair as a model name or ``tie``; None when every order failed."""
    if not decisions or all(d is None for d in decisions):
        return None
    s = vote_sum("A>B", decisions)
    return model_a if s > 0 else model_b if s < 0 else TIE
