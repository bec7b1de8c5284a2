"""``judgebench analyze best-of-k FILE...``: the best-of-K curve of each judge, with the oracle and random lines.

Each judged best-of-K file is scored with :mod:`judgebench.metrics.best_of_k`; the result holds, per judge, the
Overall curve (expected top-1 among K random responses, K = 1…k), its top-1, pairwise accuracy, tie rate and
recovery, and per distinct set of prompts the oracle curve (a correct response among the K) and the random
line (the share correct). The curves at K average the prompts with at least K responses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from judgebench.errors import ConfigError
from judgebench.metrics.best_of_k import OVERALL, BestOfKScore, score_best_of_k_file


@dataclass(slots=True)
class JudgeCurve:
    """One judge's Overall best-of-K figures."""

    name: str
    file: str
    curve: dict[str, float | None]
    accuracy: float | None
    ci95: tuple[float, float] | None
    pairwise: float | None
    tie_rate: float | None
    recovery: float | None
    n: int
    failed: int
    reference: int
    """Index of this judge's set in :attr:`BestOfKCurves.references` (its oracle and random lines)."""
    judge_name: str | None = None
    judge_model: str | None = None
    response_model: str | None = None


@dataclass(slots=True)
class Reference:
    """The oracle and random lines of one set of prompts."""

    oracle: dict[str, float | None]
    random: dict[str, float | None]


@dataclass(slots=True)
class BestOfKCurves:
    """The analysis result: one curve per judge, and the reference lines of the sets they judged."""

    judges: list[JudgeCurve] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The ``--json`` form."""
        return {
            "judges": [
                {
                    "file": j.file,
                    "judge_name": j.judge_name,
                    "judge_model": j.judge_model,
                    "response_model": j.response_model,
                    "best_of_k": j.curve,
                    "accuracy": j.accuracy,
                    "ci95": list(j.ci95) if j.ci95 else None,
                    "pairwise": j.pairwise,
                    "tie_rate": j.tie_rate,
                    "recovery": j.recovery,
                    "n": j.n,
                    "failed": j.failed,
                    "reference": j.reference,
                }
                for j in self.judges
            ],
            "references": [{"oracle_best_of_k": r.oracle, "random_best_of_k": r.random} for r in self.references],
        }


def judge_label(score: BestOfKScore) -> str:
    """Judge model, else judge name, else the file's name."""
    from pathlib import Path

    return score.judge_model or score.judge_name or Path(score.file).name


def curves_of(scores: list[BestOfKScore]) -> BestOfKCurves:
    """The analysis from scored files (in their order)."""
    out = BestOfKCurves()
    for s in scores:
        o = s.categories[OVERALL]
        ref = Reference(o.oracle_best_of_k, o.random_best_of_k)
        if ref not in out.references:
            out.references.append(ref)
        out.judges.append(
            JudgeCurve(
                judge_label(s),
                s.file,
                o.best_of_k,
                o.accuracy,
                o.ci95,
                o.pairwise,
                o.tie_rate,
                o.recovery,
                o.n,
                o.failed,
                out.references.index(ref),
                s.judge_name,
                s.judge_model,
                s.response_model,
            )
        )
    return out


def best_of_k_files(files: list[str], *, iterations: int = 1000, seed: int = 0) -> BestOfKCurves:
    """Score each judged best-of-K file and gather the curves.

    Raises:
        ConfigError: a file that is not a judged best-of-K set.
    """
    from judgebench.best_of_k import first_record, is_judged_best_of_k

    for f in files:
        first = first_record(f)
        if first is None or not is_judged_best_of_k(first):
            raise ConfigError(f"{f} is not a judged best-of-K file (records with chosen/rejected and their scores)")
    return curves_of([score_best_of_k_file(f, bootstrap=iterations, seed=seed) for f in files])
