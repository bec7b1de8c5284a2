"""Pairs as Inspect samples: one sample per order, both orders of a pair next to each other.

Order 0 shows the responses as stored (A, B), order 1 swapped (B, A), as ``judgebench judge`` judges them.
A sample's ``input`` is the pair's question (the judge renders its own prompt when it runs), its ``target``
the label in that order's positions, and its metadata carries the whole pair record, so an eval log is
enough to rebuild the judged pairs (:mod:`judgebench.importers.inspect_log`). Judges never see the label:
only the scorer reads the target.
"""

from __future__ import annotations

from collections.abc import Sequence

from inspect_ai.dataset import MemoryDataset, Sample

from judgebench.integrations.inspect import (
    CATEGORY_KEY,
    DATASET_KEY,
    INDEX_KEY,
    JUDGE_KEY,
    LABEL_KEY,
    ORDER_KEY,
    ORDERS_KEY,
    PAIR_ID_KEY,
    PAIR_KEY,
    sample_id,
)
from judgebench.records import Pair, flip


def pair_samples(pair: Pair, index: int, orders: int, judge: str, dataset: str) -> list[Sample]:
    """The samples of the pair at ``index`` in its set: order 0, and order 1 when ``orders`` is 2."""
    out = []
    for order in range(orders):
        target = pair.label if order == 0 else flip(pair.label)
        out.append(
            Sample(
                input=pair.question,
                target=str(target),
                id=sample_id(pair.pair_id, order),
                metadata={
                    PAIR_ID_KEY: pair.pair_id,
                    INDEX_KEY: index,
                    ORDER_KEY: order,
                    LABEL_KEY: pair.label,
                    CATEGORY_KEY: pair.category,
                    JUDGE_KEY: judge,
                    ORDERS_KEY: orders,
                    DATASET_KEY: dataset,
                    PAIR_KEY: pair.to_dict(),
                },
            )
        )
    return out


def pairs_dataset(pairs: Sequence[Pair], orders: int, judge: str, dataset: str) -> MemoryDataset:
    """Every pair's samples, in file order (a pair's orders adjacent)."""
    samples = [s for i, p in enumerate(pairs) for s in pair_samples(p, i, orders, judge, dataset)]
    return MemoryDataset(samples, name=dataset)
