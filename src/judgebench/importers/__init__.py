"""Importers: public benchmarks turned into judgebench's formats (``judgebench import NAME``).

Each importer is an :class:`Importer` registered in :data:`IMPORTERS` (entry-point group
``judgebench.importers``; the built-ins by import path, loaded on first use): ``reward-bench-2``
(:mod:`~judgebench.importers.reward_bench_2`), ``ppe`` (:mod:`~judgebench.importers.ppe`) and ``pairs``
(:mod:`~judgebench.importers.pairs`) write best-of-K sets (:mod:`judgebench.best_of_k`).

Run importers through :func:`run_importer` (:mod:`~judgebench.importers.checked`), never ``.run`` directly:
it refuses an import with nothing valid to write (empty, another format, malformed or duplicate records)
before anything is written, for every importer registered now or later.
"""

from judgebench.importers.base import IMPORTERS, Importer, ImportResult
from judgebench.importers.checked import check_result, run_importer

__all__ = ["IMPORTERS", "ImportResult", "Importer", "check_result", "run_importer"]
