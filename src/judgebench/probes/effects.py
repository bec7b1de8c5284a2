"""The card's numbers from judged arms: paired effects, position, agreement across templates or repeats.

An effect compares an arm with the original on the same pairs: ``estimate`` = arm accuracy − original
accuracy in points, ``ci95`` a bootstrap over pairs, ``p`` the exact McNemar test of the pairs that changed
outcome (1 when none did), ``mde`` the minimum detectable effect at 80% power; ``q`` (Benjamini–Hochberg over
the whole card) is filled in when the card is assembled. The statistics are :mod:`judgebench.probes.stats`'.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from judgebench.analysis.compare import mcnemar_exact
from judgebench.analysis.resample import pct
from judgebench.metrics.bootstrap import mean_ci
from judgebench.probes.arms import Arm
from judgebench.probes.stats import first_pick_rate, fleiss_kappa, paired_effect_ci, paired_mde

#: Verdict categories of one request, for agreement (a failure or no verdict is its own category).
CATEGORIES: tuple[str | None, ...] = ("A>B", "B>A", "A=B", None)


def effect(base: Sequence[bool], arm: Sequence[bool], *, bootstrap: int, seed: int) -> dict[str, Any]:
    """The effect of ``arm`` over ``base`` (per-pair outcomes, paired): estimate, ci95, p, q, mde, changes."""
    n = len(base)
    worse = sum(1 for x, y in zip(base, arm, strict=True) if x and not y)
    better = sum(1 for x, y in zip(base, arm, strict=True) if y and not x)
    ci = paired_effect_ci(base, arm, iterations=bootstrap, seed=seed) if bootstrap > 0 else None
    return {
        "estimate": round(100.0 * (sum(arm) - sum(base)) / n, 2),
        "ci95": list(ci) if ci is not None else None,
        "p": mcnemar_exact(worse, better),
        "q": None,
        "mde": round(paired_mde(base, arm), 2),
        "worse": worse,
        "better": better,
    }


def accuracy_entry(outcomes: Sequence[bool]) -> dict[str, Any]:
    """``{"accuracy", "correct", "n"}`` of single outcomes (percent, two decimals, as the score report)."""
    k, n = sum(outcomes), len(outcomes)
    return {"accuracy": pct(k, n), "correct": k, "n": n}


def position(original: Arm, *, bootstrap: int, seed: int) -> dict[str, Any]:
    """The position probe from the original arm's two orders.

    ``first_pick_rate``: decided verdicts that picked the response shown first (percent; 50 = none);
    ``flips``: pairs whose two verdicts picked the same slot; the effect ``correct_first`` is single-order
    accuracy with the correct response shown first minus shown second — its McNemar test counts the pairs
    judged right only when the correct response came first against those right only when it came second,
    i.e. the pairs that picked the first slot twice against those that picked the second twice.
    """
    picks = decided = flips = 0
    for decisions in original.decisions:
        slots = [d for d in decisions if d in ("A>B", "B>A")]
        decided += len(slots)
        picks += slots.count("A>B")
        if len(decisions) == 2 and decisions[0] == decisions[1] and decisions[0] in ("A>B", "B>A"):
            flips += 1
    first, second = original.order_correct()
    return {
        "arms": {
            "original": original.entry(),
            "correct_first": accuracy_entry(first),
            "correct_second": accuracy_entry(second),
        },
        "first_pick_rate": round(first_pick_rate(picks, decided), 2) if decided else None,
        "first_picks": picks,
        "decided": decided,
        "flips": flips,
        "effects": {"correct_first": effect(second, first, bootstrap=bootstrap, seed=seed)},
    }


def _requests(arm: Arm) -> list[str | None]:
    """Every request's verdict, pair by pair, order by order (as recorded: the shown positions)."""
    return [d for decisions in arm.decisions for d in decisions]


def agreement(arms: Sequence[Arm]) -> dict[str, Any]:
    """How the same requests fare across ``arms`` (templates or repeats), request by request.

    ``unanimity``: percent of requests (pair × order) given the same verdict by every arm; ``kappa``:
    Fleiss' kappa over the verdict categories; ``worst_flip_rate``: the most, over two arms, of requests the
    two judged differently (percent); ``accuracy_range``: max − min arm accuracy (points).
    """
    columns = [_requests(a) for a in arms]
    rows = list(zip(*columns, strict=True))
    table = [[row.count(c) for c in CATEGORIES] for row in rows]
    unanimous = sum(1 for row in rows if len(set(row)) == 1)
    worst = max(
        (sum(1 for x, y in zip(a, b, strict=True) if x != y) for a, b in itertools.combinations(columns, 2)),
        default=0,
    )
    accuracies = [a.entry()["accuracy"] for a in arms]
    n = len(rows)
    return {
        "raters": len(arms),
        "requests": n,
        "unanimity": pct(unanimous, n),
        "kappa": round(fleiss_kappa(table), 4) if n and len(arms) >= 2 else None,
        "worst_flip_rate": pct(worst, n),
        "accuracy_range": round(max(accuracies) - min(accuracies), 2) if accuracies else None,
    }


def score_shift(original: Arm, arm: Arm, slots: Sequence[str], *, bootstrap: int, seed: int) -> dict[str, Any] | None:
    """A pointwise judge's mean change in the perturbed response's score (``slots``: A or B per pair)."""
    shifts: list[float] = []
    for before, after, slot in zip(original.scores, arm.scores, slots, strict=True):
        if before is None or after is None:
            continue
        i = 0 if slot == "A" else 1
        shifts.append(after[i] - before[i])
    if not shifts:
        return None
    ci = mean_ci(shifts, iterations=bootstrap, seed=seed)
    mean = sum(shifts) / len(shifts)
    # mean_ci reports fractions as percent: a shift is in score units, so scale the interval back
    return {
        "mean": round(mean, 4),
        "ci95": [round(x / 100.0, 4) for x in ci] if ci else None,
        "n": len(shifts),
    }
