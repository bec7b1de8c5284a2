"""Length and trivial baselines: what a judge that never reads the answers would score.

Baselines, each scored like a judge over both orders (length in characters):

* **always A** always answers A>B, in the orders the file was judged in. Under the vote rule its two orders
  cancel (it picks response A, then response B), so on two-order pairs (and on pair files) it scores 0; a pair
  judged in one order is scored by plain accuracy, so there it is right when the label is A>B. Under the
  first-order rule it scores the share of pairs labelled A>B.
* **longer wins** picks the longer response in both orders (equal lengths: a tie, never correct).
* **random** picks one response per pair with a fair coin seeded by (seed, pair_id), the same in both
  orders, so it scores about 50%.

For a judged file, its **length preference**: among pairs with a vote verdict and responses of different
lengths, the share where the judge prefers the longer one; and its accuracy when the correct response is
the longer versus the shorter one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from judgebench.analysis.judged import JudgedFile, load_judged
from judgebench.analysis.registry import Results
from judgebench.analysis.resample import Share
from judgebench.metrics.seeded_coins import fair_coins
from judgebench.metrics.vote import AGGREGATIONS

BASELINES = ("always_a_vote", "always_a_first", "longer_wins", "random")
JUDGE_FIELDS = ("judge_accuracy", "prefers_longer", "accuracy_when_longer_correct", "accuracy_when_shorter_correct")


def random_picks(pair_ids: list[str], seed: int) -> np.ndarray:
    """Per pair, True when the seeded coin picks response A (a function of seed and pair_id only).

    The coin is ``rng_for(seed, "random-baseline", pair_id).random() < 0.5``, computed for all pairs at once
    (:mod:`judgebench.metrics.seeded_coins`); the same ids and seed are drawn once per process (a report's
    analyses and tables share them). The array is read-only.
    """
    return _picks(tuple(pair_ids), seed)


@lru_cache(maxsize=8)
def _picks(pair_ids: tuple[str, ...], seed: int) -> np.ndarray:
    out = fair_coins(seed, "random-baseline", pair_ids)
    out.flags.writeable = False
    return out


def _always_a_vote(jf: JudgedFile) -> np.ndarray:
    """Per pair, whether always-A is right under the vote rule, judged in the pair's orders (two when unjudged)."""
    vote = AGGREGATIONS.get("vote")
    return jf.pair_map(lambda lab, d: bool(vote(lab, ["A>B"] * (1 if len(d) == 1 else 2))), "always-a-vote", bool)


def baseline_correct(jf: JudgedFile, seed: int) -> dict[str, np.ndarray]:
    """Per baseline, whether it gets each pair right."""
    label_a = jf.label_a
    la, lb = jf.len_a, jf.len_b
    longer_right = np.where(label_a, la > lb, lb > la)
    return {
        "always_a_vote": _always_a_vote(jf),
        "always_a_first": label_a,
        "longer_wins": longer_right,
        "random": random_picks(jf.pair_ids, seed) == label_a,
    }


@dataclass(slots=True)
class LengthCell:
    """One category: baselines, and (for a judged file) the judge's length preference."""

    n: int
    equal_length: int
    correct_is_longer: Share
    baselines: dict[str, Share]
    judge_accuracy: Share | None = None
    prefers_longer: Share | None = None
    accuracy_when_longer_correct: Share | None = None
    accuracy_when_shorter_correct: Share | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        out: dict[str, Any] = {
            "n": self.n,
            "equal_length_pairs": self.equal_length,
            "correct_is_longer": self.correct_is_longer.to_dict(),
            "baselines": {k: v.to_dict() for k, v in self.baselines.items()},
        }
        for key in JUDGE_FIELDS:
            share = getattr(self, key)
            out[key] = share.to_dict() if share is not None else None
        return out


@dataclass(slots=True)
class LengthResult:
    """Length analysis of one file, per category and Overall."""

    file: str
    judge: str | None
    """The display name (None for pairs without judgments); the JSON says judge_name, judge_model."""
    response_model: str | None
    categories: dict[str, LengthCell] = field(default_factory=dict)
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


def length_analysis(jf: JudgedFile, *, iterations: int = 1000, seed: int = 0) -> LengthResult:
    """Baselines per category, plus the judge's length preference when the file is judged."""
    base = baseline_correct(jf, seed)
    la, lb = jf.len_a, jf.len_b
    label_a = jf.label_a
    differ = la != lb
    longer_is_a = la > lb
    res = LengthResult(jf.path, jf.name if jf.judged else None, jf.response_model)
    if jf.judged:
        res.judge_name, res.judge_model = jf.judge_name, jf.judge_model
        right = jf.correct("vote")
        verdicts = jf.verdict_codes()  # 0 A, 1 B, 2 none
        decided = verdicts != 2
        picks_longer = np.where(longer_is_a, verdicts == 0, verdicts == 1)
    for cat, idx in jf.groups():

        def share(mask: np.ndarray, of: np.ndarray, key: str, idx: np.ndarray = idx) -> Share:
            k, n = int((mask[idx] & of[idx]).sum()), int(of[idx].sum())
            return Share.of(k, n, iterations=iterations, seed=seed)

        every = np.ones(jf.n, dtype=bool)
        cell = LengthCell(
            n=int(idx.size),
            equal_length=int((~differ[idx]).sum()),
            correct_is_longer=share(base["longer_wins"], differ, "correct_is_longer"),
            baselines={k: share(v, every, k) for k, v in base.items()},
        )
        if jf.judged:
            longer_correct = differ & (longer_is_a == label_a)
            shorter_correct = differ & (longer_is_a != label_a)
            cell.judge_accuracy = share(right, every, "judge")
            cell.prefers_longer = share(picks_longer, decided & differ, "prefers_longer")
            cell.accuracy_when_longer_correct = share(right, longer_correct, "acc_longer")
            cell.accuracy_when_shorter_correct = share(right, shorter_correct, "acc_shorter")
        res.categories[cat] = cell
    return res


def length_files(paths: list[str], *, iterations: int = 1000, seed: int = 0) -> Results[LengthResult]:
    """``analyze length``: one result per file (pair files without judgments too)."""
    files = [load_judged(p, require_judgments=False, questions=False) for p in paths]
    return Results([length_analysis(jf, iterations=iterations, seed=seed) for jf in files])
