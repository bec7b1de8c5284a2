"""Judge benchmarks other than JudgeBench, side by side with it (the paper's Section 4.3).

A :class:`Benchmark` owns its facts: its name, the pair ``source`` names that belong to it and the
category each maps to (a benchmark's subsets are its categories), how its overall score combines them,
and where its data comes from. Built-ins live in :mod:`judgebench.benchmarks.catalog`; third-party
packages add theirs through the ``judgebench.benchmarks`` entry-point group, so adding a benchmark never
means editing a core table.
"""

from __future__ import annotations

from judgebench.benchmarks.base import BENCHMARKS, Benchmark, benchmark_of

__all__ = ["BENCHMARKS", "Benchmark", "benchmark_of"]
