"""The baseline rows of ``judgebench benchmarks``, scored on the distinct pairs of each benchmark.

Named as in ``analyze length``: always A under the vote rule (its two orders cancel: 0 on two-order pairs) and
in the first order (the share labelled A>B), longer wins, random (the seeded coin of
:func:`~judgebench.analysis.length.random_picks`). A pair met in several files counts once, in the place it was
first met, with what its last file says of it; pairs without a majority label have no right answer to pick
and are left out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from judgebench.analysis.benchmark_cells import Counts, Row, score_cell
from judgebench.analysis.benchmark_tally import SeenRows
from judgebench.analysis.length import random_picks
from judgebench.catalog import BENCHMARKS
from judgebench.judged_columns import LABEL_OF, UNLABELLED
from judgebench.metrics.vote import vote_correct

BASELINE_ROWS = ("always A (vote)", "always A (first order)", "longer wins", "random")


@dataclass(slots=True)
class DistinctPairs:
    """A benchmark's distinct pairs in the order first met: ids and the facts the baselines need."""

    pair_ids: list[str]
    source: np.ndarray
    label: np.ndarray
    len_a: np.ndarray
    len_b: np.ndarray
    orders: np.ndarray


def distinct_pairs(chunks: list[SeenRows]) -> DistinctPairs:
    """The pairs of the chunks, each once: at its first place, with the facts of its last chunk."""
    if len(chunks) == 1:  # one file: its pair ids are distinct
        c = chunks[0]
        return DistinctPairs(c.pair_ids.tolist(), c.source, c.label, c.len_a, c.len_b, c.orders)
    ids: list[str] = np.concatenate([c.pair_ids for c in chunks]).tolist()
    last = dict(zip(ids, range(len(ids)), strict=True))  # a later place overwrites: the last facts
    order = list(dict.fromkeys(ids))  # insertion keeps the first place
    at = np.fromiter((last[pid] for pid in order), dtype=np.int64, count=len(order))

    def pick(name: str) -> np.ndarray:
        return np.concatenate([getattr(c, name) for c in chunks])[at]

    return DistinctPairs(order, pick("source"), pick("label"), pick("len_a"), pick("len_b"), pick("orders"))


def baseline_rows(
    seen: dict[str, DistinctPairs], sources: list[str], columns: list[str], bootstrap: int, seed: int
) -> list[Row]:
    """One row per baseline, a cell per benchmark column (``sources`` names the pairs' source codes)."""
    rows = {name: Row(name, "-", True) for name in BASELINE_ROWS}
    for bench_name in columns:
        pairs = seen.get(bench_name)
        bench = BENCHMARKS.get(bench_name)
        for name, counts in _counts(pairs, sources, seed).items():
            rows[name].benchmarks[bench_name] = score_cell(bench, counts, bootstrap, seed)
    return list(rows.values())


def _counts(pairs: DistinctPairs | None, sources: list[str], seed: int) -> dict[str, Counts]:
    """Per baseline, source → [right, pairs], sources in the order their first labelled pair comes."""
    if pairs is None or not pairs.pair_ids:
        return {name: {} for name in BASELINE_ROWS}
    coin = random_picks(pairs.pair_ids, seed)
    labelled = np.flatnonzero(pairs.label != UNLABELLED)
    label = pairs.label[labelled].astype(np.int64)
    orders = pairs.orders[labelled].astype(np.int64)
    label_a = label == 0
    la, lb = pairs.len_a[labelled], pairs.len_b[labelled]
    vote = np.zeros((UNLABELLED + 1, 3), dtype=bool)  # (label, orders) → always A's vote, as analyze length scores it
    for lab, n in np.unique(np.stack([label, orders]), axis=1).T.tolist():  # each distinct (label, orders) once
        vote[lab, n] = vote_correct(LABEL_OF[lab], ["A>B"] * n)
    hits = {
        "always A (vote)": vote[label, orders],
        "always A (first order)": label_a,
        "longer wins": np.where(label_a, la > lb, lb > la),
        "random": coin[labelled] == label_a,
    }
    src = pairs.source[labelled]
    uniq, first, inverse = np.unique(src, return_index=True, return_inverse=True)
    inverse = inverse.ravel()
    order = np.argsort(first, kind="stable").tolist()
    n = np.bincount(inverse, minlength=uniq.size)
    out: dict[str, Counts] = {}
    for name, hit in hits.items():
        k = np.bincount(inverse[hit], minlength=uniq.size)
        out[name] = {sources[int(uniq[g])]: [int(k[g]), int(n[g])] for g in order}
    return out
