"""Do two judges agree? Cohen's kappa on their pair verdicts, with a paired bootstrap interval.

Each judge's verdict on a pair is the response its vote over both orders prefers: ``A``, ``B`` or ``-``
(no verdict: ties, failures, a split vote). On the pairs both judged, the 3×3 table of verdicts gives the
observed agreement ``p_o`` (its trace over n), the agreement expected from the marginals
``p_e = Σ_v row_v col_v / n²``, and ``κ = (p_o - p_e) / (1 - p_e)`` (undefined when ``p_e = 1``). The
interval resamples pairs (both judges together).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np

from judgebench.analysis.judged import VERDICTS, JudgedFile, load_files, shared_indices
from judgebench.analysis.registry import Results
from judgebench.analysis.resample import Share, bootstrap_ci
from judgebench.errors import InputError

_CELLS: list[Any] = [(x, y) for x in VERDICTS for y in VERDICTS]


def kappa_of(draws: np.ndarray) -> np.ndarray:
    """Cohen's kappa of each row of flattened 3×3 tables (shape (draws, 9)); NaN where undefined."""
    t = np.asarray(draws, dtype=float).reshape(-1, 3, 3)
    n = t.sum(axis=(1, 2))
    po = np.trace(t, axis1=1, axis2=2) / n
    pe = (t.sum(axis=2) * t.sum(axis=1)).sum(axis=1) / n**2
    with np.errstate(invalid="ignore", divide="ignore"):
        out = (po - pe) / (1.0 - pe)
    return np.where(np.isclose(pe, 1.0), np.nan, out)


@dataclass(slots=True)
class Agreement:
    """Two judges' agreement on their shared pairs."""

    file_a: str
    file_b: str
    judge_a: str
    judge_b: str
    n: int
    table: dict[str, dict[str, int]]
    kappa: float | None
    ci95: tuple[float, float] | None
    raw: Share
    judge_name_a: str | None = None
    judge_model_a: str | None = None
    judge_name_b: str | None = None
    judge_model_b: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "file_a": self.file_a,
            "file_b": self.file_b,
            "judge_name_a": self.judge_name_a,
            "judge_model_a": self.judge_model_a,
            "judge_name_b": self.judge_name_b,
            "judge_model_b": self.judge_model_b,
            "n": self.n,
            "kappa": self.kappa,
            "ci95": list(self.ci95) if self.ci95 else None,
            "raw_agreement": self.raw.to_dict(),
            "table": self.table,
        }

    def fmt(self) -> str:
        """``0.512 [0.43, 0.59]`` or ``-``."""
        if self.kappa is None:
            return "-"
        ci = f" [{self.ci95[0]:.3f}, {self.ci95[1]:.3f}]" if self.ci95 else ""
        return f"{self.kappa:.3f}{ci}"


def agreement(a: JudgedFile, b: JudgedFile, *, iterations: int = 1000, seed: int = 0) -> Agreement:
    """Cohen's kappa between two judged files on the pairs both hold.

    Raises:
        InputError: the files share no pair.
    """
    ia, ib = shared_indices(a, b)
    if ia.size == 0:
        raise InputError(f"no pair_id in common with {a.path}", b.path)
    counts = np.bincount(a.verdict_codes()[ia] * 3 + b.verdict_codes()[ib], minlength=len(_CELLS))
    k = kappa_of(counts[None, :])[0]
    ci = bootstrap_ci(counts, kappa_of, iterations=iterations, seed=seed, digits=3)
    agree = int(counts[[0, 4, 8]].sum())
    n = int(ia.size)
    table = {x: {y: int(counts[3 * r + c]) for c, y in enumerate(VERDICTS)} for r, x in enumerate(VERDICTS)}
    return Agreement(
        a.path,
        b.path,
        a.name,
        b.name,
        n,
        table,
        None if np.isnan(k) else round(float(k), 3),
        ci,
        Share.of(agree, n, iterations=iterations, seed=seed),
        a.judge_name,
        a.judge_model,
        b.judge_name,
        b.judge_model,
    )


def agreement_matrix(files: list[JudgedFile], *, iterations: int = 1000, seed: int = 0) -> list[Agreement]:
    """Kappa for every pair of files (i < j), in input order."""
    return [agreement(a, b, iterations=iterations, seed=seed) for a, b in itertools.combinations(files, 2)]


def agreement_files(paths: list[str], *, iterations: int = 1000, seed: int = 0) -> Results[Agreement]:
    """``analyze agreement``: kappa for every two of the files."""
    return Results(agreement_matrix(load_files("agreement", paths, 2), iterations=iterations, seed=seed))
