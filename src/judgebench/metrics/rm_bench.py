"""RM-Bench's own accuracies of a judged best-of-K set (THU-KEG/RM-Bench ``scripts/utils.py``, ``compute_accuracy``).

Per domain (``chat``, ``math``, ``code``, ``safety``: ``safety-refuse`` and ``safety-response`` pooled, as its
``split_dataset_by_domain`` matches by prefix), a 3×3 matrix: cell (i, j) is the share of prompts whose chosen
response in style i scores strictly above the rejected one in style j (styles: concise, detailed plain,
detailed markdown; equal scores are wrong). In RM-Bench's code, **hard** is the mean of the upper triangle
(i < j: a plainer chosen response against a fancier rejected one), **normal** the diagonal, **easy** the lower
triangle (i > j). A domain's average is the mean of its three; the overall hard / normal / easy are the means
over domains, and the total the mean of the domain averages. A failed score (null) wins no comparison (RM-Bench
has no failures; the number of prompts with one is reported). A domain with no prompts is left out, where
RM-Bench's code needs all four.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from judgebench.best_of_k import JudgedPrompt
from judgebench.errors import InputError

DOMAINS = ("chat", "math", "code", "safety")
STYLES = 3


def style_matrix(prompts: Sequence[JudgedPrompt]) -> np.ndarray:
    """The 3×3 share of prompts whose chosen style i beats rejected style j."""
    matrix = np.zeros((STYLES, STYLES))
    for p in prompts:
        if len(p.scores_chosen) != STYLES or len(p.scores_rejected) != STYLES:
            raise InputError(f"RM-Bench prompt {p.id!r} needs {STYLES} chosen and {STYLES} rejected scores")
        for i, c in enumerate(p.scores_chosen):
            for j, r in enumerate(p.scores_rejected):
                matrix[i, j] += c is not None and r is not None and c > r
    return matrix / len(prompts)


def accuracies(matrix: np.ndarray) -> dict[str, float]:
    """Hard (upper triangle), normal (diagonal) and easy (lower triangle) of one domain's matrix."""
    off = STYLES * (STYLES - 1) / 2
    return {
        "hard": float(np.sum(np.triu(matrix, 1)) / off),
        "normal": float(np.mean(np.diag(matrix))),
        "easy": float(np.sum(np.tril(matrix, -1)) / off),
    }


def rm_bench_score(prompts: Sequence[JudgedPrompt]) -> dict[str, Any]:
    """RM-Bench's figures (percent, two decimals): ``score`` (total), ``easy``/``normal``/``hard``, per domain."""
    by_domain: dict[str, list[JudgedPrompt]] = {}
    for p in prompts:
        domain = next((d for d in DOMAINS if p.subset.startswith(d)), None)
        if domain is None:
            raise InputError(f"RM-Bench prompt {p.id!r} has an unknown domain {p.subset!r}")
        by_domain.setdefault(domain, []).append(p)
    per = {d: accuracies(style_matrix(by_domain[d])) for d in DOMAINS if d in by_domain}

    def pct(x: float) -> float:
        return round(100.0 * x, 2)

    levels = ("easy", "normal", "hard")
    return {
        "score": pct(float(np.mean([np.mean(list(a.values())) for a in per.values()]))) if per else None,
        **{lv: pct(float(np.mean([a[lv] for a in per.values()]))) if per else None for lv in levels},
        "domains": {d: {lv: pct(a[lv]) for lv in levels} for d, a in per.items()},
        "n": len(prompts),
        "with_failed_score": sum(1 for p in prompts if not p.complete),
    }
