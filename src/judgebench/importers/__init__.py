"""Importers: public benchmarks turned into judgebench's formats (``judgebench import NAME``).

Each importer is an :class:`Importer` registered in :data:`IMPORTERS` (entry-point group
``judgebench.importers``; the built-ins by import path, loaded on first use): ``reward-bench-2``
(:mod:`~judgebench.importers.reward_bench_2`), ``ppe`` (:mod:`~judgebench.importers.ppe`) and ``pairs``
(:mod:`~judgebench.importers.pairs`) write best-of-K sets (:mod:`judgebench.best_of_k`).
"""

from judgebench.importers.base import IMPORTERS, Importer, ImportResult

__all__ = ["IMPORTERS", "ImportResult", "Importer"]
