"""Position bias: does the verdict follow the response or the slot it is shown in?

Over the pairs judged in both orders, each pair is exactly one of:

* **consistent right**: both orders pick the correct response;
* **consistent wrong**: both orders pick the wrong response;
* **consistent tie**: both orders say A=B (or both failed);
* **inconsistent**: the aligned decisions differ (upstream's position-inconsistency count).

The **agreement** is the share of two-order pairs that are not inconsistent (LLMBar's ``equal``).

The **flip rate** is the share of pairs where the judge picks a response in both orders but not the same
one, i.e. it picked the same *slot* twice (A twice or B twice: counted separately). The **first-slot
preference** is the share of all decisive verdicts (A>B or B>A, each order counted) that pick the response
shown first; 50% is no bias. Accuracy under every aggregation rule (vote, first order, both agree) closes
the table. Intervals: seeded bootstrap over pairs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from judgebench.analysis.judged import JudgedFile, load_files
from judgebench.analysis.registry import Results
from judgebench.analysis.resample import Share, bootstrap_ci, pct
from judgebench.metrics.vote import AGGREGATIONS, aligned
from judgebench.records import flip

PAIR_KINDS = ("consistent_right", "consistent_wrong", "consistent_tie", "inconsistent")
RULE_ORDER = ("vote", "first", "agree")
_LLMBAR_RULES = ("second", "average")
# (first-slot picks, decisive verdicts) of one pair: the types of the first-slot bootstrap
_SLOT_TYPES: list[Any] = [(a, d) for d in range(3) for a in range(d + 1)]


def rules() -> list[str]:
    """Pair rules in report order: vote, first, agree, then any registered by plug-ins.

    LLMBar's ``second`` and ``average`` (``judgebench score --rule``) are left out: ``average`` gives half
    credits, and this table counts pairs.
    """
    names = [r for r in AGGREGATIONS.names() if r not in _LLMBAR_RULES and AGGREGATIONS.facts(r)["denominator"] == 1]
    return [r for r in RULE_ORDER if r in names] + [r for r in names if r not in RULE_ORDER]


def pair_kind(label: str, aligned2: list[str | None]) -> str:
    """Which of :data:`PAIR_KINDS` a two-order pair is, from its aligned decisions."""
    first, second = aligned2[0], aligned2[1]
    if first != second:
        return "inconsistent"
    if first == label:
        return "consistent_right"
    if first == flip(label):
        return "consistent_wrong"
    return "consistent_tie"


_SLOT_OF: dict[str | None, str] = {"A>B": "A", "B>A": "B"}


def same_slot(decisions: list[str | None]) -> str | None:
    """``A`` or ``B`` when both recorded decisions pick that slot (a flip), else None."""
    if len(decisions) != 2:
        return None
    first, second = decisions
    return _SLOT_OF.get(first) if first == second else None


def _ratio(draws: np.ndarray) -> np.ndarray:
    a = np.array([t[0] for t in _SLOT_TYPES], dtype=float)
    d = np.array([t[1] for t in _SLOT_TYPES], dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        out: np.ndarray = 100.0 * (draws @ a) / (draws @ d)
    return out


@dataclass(slots=True)
class PositionCell:
    """Position statistics of one category of one file."""

    two_order: int
    single_order: int
    kinds: dict[str, Share]
    flip_rate: Share
    slot_a_twice: int
    slot_b_twice: int
    first_slot: Share
    accuracy: dict[str, Share]
    agreement: Share | None = None
    """Pairs whose two orders agree once aligned (LLMBar's ``equal``): two-order pairs minus inconsistent."""

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "two_order_pairs": self.two_order,
            "single_order_pairs": self.single_order,
            **{k: v.to_dict() for k, v in self.kinds.items()},
            "flip_rate": self.flip_rate.to_dict(),
            "slot_a_twice": self.slot_a_twice,
            "slot_b_twice": self.slot_b_twice,
            "first_slot_preference": self.first_slot.to_dict(),
            "accuracy": {k: v.to_dict() for k, v in self.accuracy.items()},
            "agreement": self.agreement.to_dict() if self.agreement else None,
        }


@dataclass(slots=True)
class PositionResult:
    """Position statistics of one file, per category and Overall."""

    file: str
    judge: str
    """The display name (judge model, else judge name, else the file's); the JSON says judge_name, judge_model."""
    response_model: str | None
    categories: dict[str, PositionCell] = field(default_factory=dict)
    judge_name: str | None = None
    judge_model: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "file": self.file,
            "judge_name": self.judge_name,
            "judge_model": self.judge_model,
            "response_model": self.response_model,
            "categories": {k: v.to_dict() for k, v in self.categories.items()},
        }


def _kind(label: str, d: list[str | None]) -> int:
    return PAIR_KINDS.index(pair_kind(label, aligned(d))) if len(d) == 2 else -1


def _slot(_label: str, d: list[str | None]) -> int:
    return " AB".index(same_slot(d) or " ")


def _slot_type(_label: str, d: list[str | None]) -> int:
    ds = [x for x in d if x in ("A>B", "B>A")]
    return _SLOT_TYPES.index((sum(x == "A>B" for x in ds), len(ds)))


def position_bias(jf: JudgedFile, *, iterations: int = 1000, seed: int = 0) -> PositionResult:
    """Position statistics of a judged file (see the module docstring)."""
    correct = {r: jf.correct(r) for r in rules()}
    two_order = jf.orders == 2
    kind, slot = jf.pair_map(_kind, "pair-kind"), jf.pair_map(_slot, "same-slot")
    slot_type = jf.pair_map(_slot_type, "slot-type")
    first_a = np.array([a for a, _ in _SLOT_TYPES], dtype=np.int64)
    decisive = np.array([d for _, d in _SLOT_TYPES], dtype=np.int64)
    res = PositionResult(jf.path, jf.name, jf.response_model, judge_name=jf.judge_name, judge_model=jf.judge_model)
    for cat, idx in jf.groups():
        two = idx[two_order[idx]]
        counts = np.bincount(kind[two], minlength=len(PAIR_KINDS))
        kind_shares = {
            k: Share.of(int(c), two.size, iterations=iterations, seed=seed)
            for k, c in zip(PAIR_KINDS, counts, strict=True)
        }
        slots = np.bincount(slot[two], minlength=3)
        flips = int(slots[1] + slots[2])
        slot_counts = np.bincount(slot_type[idx], minlength=len(_SLOT_TYPES))
        first_k = int((slot_counts * first_a).sum())
        first_n = int((slot_counts * decisive).sum())
        first_ci = bootstrap_ci(slot_counts, _ratio, iterations=iterations, seed=seed)
        res.categories[cat] = PositionCell(
            two_order=int(two.size),
            single_order=int(idx.size) - int(two.size),
            kinds=kind_shares,
            flip_rate=Share.of(flips, int(two.size), iterations=iterations, seed=seed),
            slot_a_twice=int(slots[1]),
            slot_b_twice=int(slots[2]),
            first_slot=Share(first_k, first_n, first_ci if pct(first_k, first_n) is not None else None),
            accuracy={
                r: Share.of(int(c[idx].sum()), int(idx.size), iterations=iterations, seed=seed)
                for r, c in correct.items()
            },
            agreement=Share.of(
                int(two.size) - int(counts[PAIR_KINDS.index("inconsistent")]),
                int(two.size),
                iterations=iterations,
                seed=seed,
            ),
        )
    return res


def position_files(paths: list[str], *, iterations: int = 1000, seed: int = 0) -> Results[PositionResult]:
    """``analyze position``: one result per file."""
    return Results([position_bias(jf, iterations=iterations, seed=seed) for jf in load_files("position", paths)])
