"""The built-in importers: importing this module registers each of them (and what it declares).

Every importer module registers its :class:`~judgebench.importers.base.Importer`; a judge benchmark's module
also declares its pair sources and its :class:`~judgebench.catalog.Benchmark` in :mod:`judgebench.catalog`.
The registries (:data:`~judgebench.importers.base.IMPORTERS`, :data:`~judgebench.catalog.SOURCES`,
:data:`~judgebench.catalog.BENCHMARKS`) import this module on their first lookup. A new importer is its module
and its name below.
"""

from judgebench.importers import (  # noqa: F401 - imported for their registrations
    faireval,
    inspect_log,
    llmbar,
    llmbar_results,
    mt_bench,
    pairs,
    ppe,
    reward_bench,
    reward_bench_2,
    rm_bench,
)
