"""Importers: public benchmarks turned into judgebench's formats (``judgebench import NAME``).

Each importer registers an :class:`Importer` in :data:`IMPORTERS` (entry-point group
``judgebench.importers``): ``reward-bench-2`` (:mod:`~judgebench.importers.reward_bench_2`), ``ppe``
(:mod:`~judgebench.importers.ppe`) and ``pairs`` (:mod:`~judgebench.importers.pairs`) write best-of-K sets
(:mod:`judgebench.best_of_k`).
"""

from judgebench.importers.base import IMPORTERS, Importer, ImportResult

# built-in importers register on import  isort: skip
from judgebench.importers import pairs, ppe, reward_bench_2  # noqa: F401  isort: skip

__all__ = ["IMPORTERS", "ImportResult", "Importer"]
