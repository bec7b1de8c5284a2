"""Differential test: judgebench.probes.stats against judgecal's estimators where the definitions match.

judgecal (PyPI, MIT; in the dev extra) is the reference implementation of the bias-probe statistics the
issue asks for. Compared: exact McNemar (judgecal's ``method="exact"``; its position probe defaults to
mid-p, which we do not use), Benjamini–Hochberg, Fleiss' kappa, the first-pick rate as judgecal's position
probe computes it, and the MDE (judgecal's ``mde_mcnemar`` carried to the accuracy scale, where our floor
does not bind).
"""

from __future__ import annotations

import math

import numpy as np
from judgecal.core import Judgment
from judgecal.probes.base import ProbeConfig
from judgecal.probes.position import PositionProbe
from judgecal.stats import bh_fdr, mcnemar_test, mde_mcnemar
from judgecal.stats import fleiss_kappa as jc_fleiss_kappa

from judgebench.metrics.bootstrap import rng_for
from judgebench.probes.stats import (
    benjamini_hochberg,
    first_pick_rate,
    fleiss_kappa,
    mcnemar_exact,
    paired_mde,
)

TOL = 1e-12


def test_mcnemar_matches_judgecal_exact() -> None:
    counts = [(b, c) for b in range(61) for c in range(61)]
    rng = rng_for(0, "mcnemar")
    counts += [(int(b), int(c)) for b, c in rng.integers(0, 800, size=(200, 2))]
    counts += [(0, 1000), (499, 501), (350, 0), (1, 1)]
    worst = max(abs(mcnemar_exact(b, c) - mcnemar_test(b, c, method="exact").p_value) for b, c in counts)
    assert worst <= TOL


def test_benjamini_hochberg_matches_judgecal() -> None:
    rng = rng_for(0, "bh")
    cases: list[list[float]] = [[0.0], [1.0], [0.5, 0.5, 0.5], [0.0, 1.0, 0.0], [0.01, 0.04, 0.03, 0.2]]
    for _ in range(500):
        m = int(rng.integers(1, 40))
        p = rng.beta(0.4, 1.0, size=m)
        if rng.random() < 0.5:
            p = np.round(p, 2)  # ties
        cases.append([float(x) for x in p])
    worst = max(float(np.max(np.abs(np.asarray(benjamini_hochberg(p)) - bh_fdr(p)))) for p in cases)
    assert worst <= TOL


def test_fleiss_kappa_matches_judgecal() -> None:
    rng = rng_for(0, "fleiss")
    tables: list[list[list[int]]] = [
        [[2, 0], [0, 2], [1, 1]],
        [[3, 0], [0, 3]],
        [[1, 1], [1, 1]],
        [[0, 5], [0, 5]],  # every rating in one category: both call it 1.0
        [[5, 0, 0]],
    ]
    for _ in range(400):
        items, categories, raters = int(rng.integers(1, 60)), int(rng.integers(2, 6)), int(rng.integers(2, 11))
        skew = rng.dirichlet(np.full(categories, 0.5), size=items)
        tables.append([[int(x) for x in rng.multinomial(raters, shares)] for shares in skew])
    diffs = []
    for table in tables:
        ours, theirs = fleiss_kappa(table), jc_fleiss_kappa(np.asarray(table))
        assert math.isnan(ours) == math.isnan(theirs)
        if not math.isnan(ours):
            diffs.append(abs(ours - theirs))
    assert max(diffs) <= 1e-9


def _position_judgments(rng: np.random.Generator, items: int) -> tuple[list[Judgment], int, int]:
    """Two passes per item with random verdicts (some ties and failures); also counts first picks."""
    judgments = []
    first = decided = 0
    for item in range(items):
        for condition, first_is_a in (("orig", True), ("swap", False)):
            verdict = str(rng.choice(["first", "second", "tie", "invalid"], p=[0.55, 0.35, 0.06, 0.04]))
            first += verdict == "first"
            decided += verdict in ("first", "second")
            meta = {"probe": "position", "condition": condition, "item_id": f"q{item}", "first_is_a": first_is_a}
            judgments.append(Judgment(custom_id=f"q{item}-{condition}", verdict=verdict, raw_text=None, meta=meta))  # type: ignore[arg-type]
    return judgments, first, decided


def test_first_pick_rate_matches_judgecal_position_probe() -> None:
    rng = rng_for(0, "position")
    config = ProbeConfig(n_boot=50)
    worst = 0.0
    for items in (20, 57, 200):
        judgments, first, decided = _position_judgments(rng, items)
        result = PositionProbe().analyze(judgments, config)
        theirs = next(e.estimate for e in result.estimates if e.name == "first_pick_rate")
        worst = max(worst, abs(first_pick_rate(first, decided) / 100.0 - theirs))
    assert worst <= TOL


def test_paired_mde_matches_judgecal_mcnemar_mde() -> None:
    """Our MDE in points is judgecal's discordant-scale MDE δ carried over: 100 · 2δ · d / n (for d ≥ 5)."""
    rng = rng_for(0, "mde")
    worst = 0.0
    for _ in range(300):
        n = int(rng.integers(20, 2000))
        base = rng.random(n) < 0.6
        arm = np.where(rng.random(n) < rng.uniform(0.01, 0.5), ~base, base)
        d = int(np.count_nonzero(base != arm))
        if d < 5:
            continue
        theirs = 100.0 * 2.0 * mde_mcnemar(d) * d / n
        worst = max(worst, abs(paired_mde(list(base), list(arm)) - theirs))
    assert worst <= 1e-9
