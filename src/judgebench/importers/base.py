"""The importer seam: a name, a one-line help, and a function from a source to records."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from judgebench.registry import Registry


@dataclass(slots=True)
class ImportResult:
    """What an importer produced: the records, and what it left out and why (counted)."""

    records: list[dict[str, Any]]
    left_out: dict[str, int] = field(default_factory=dict)
    files: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    """When set, the records split into files by name: ``--out`` is then a folder and each is written there
    (``llmbar-results`` on a folder of runs: one judged file per run)."""
    out_name: str | None = None
    """The file name to write when ``--out`` is not given (importers declaring ``names_output``)."""

    def leave_out(self, reason: str, n: int = 1) -> None:
        """Count ``n`` items left out for ``reason``."""
        self.left_out[reason] = self.left_out.get(reason, 0) + n


@dataclass(frozen=True, slots=True)
class Importer:
    """A registered importer.

    Attributes:
        help: one line for ``judgebench import --help``.
        run: ``(source, options) -> ImportResult``; ``source`` is a local file, a dataset name, or None for
            the importer's default download; ``options`` are ``--option KEY=VALUE`` pairs.
        source_help: what ``source`` may be.
        names_output: its results name their file (``out_name``), so ``--out`` may be left out.
    """

    help: str
    run: Callable[[str | None, dict[str, str]], ImportResult]
    source_help: str = ""
    names_output: bool = False


def import_rows(
    source: str | None,
    options: dict[str, str],
    dataset: str,
    split: str,
    convert: Callable[[dict[str, Any], str, int], dict[str, Any]],
    skip: Callable[[dict[str, Any]], str | None],
) -> ImportResult:
    """Convert every row of a local copy or of a hub split.

    Args:
        source: a local ``.jsonl`` / ``.json`` / ``.parquet`` copy; None: the hub split (downloaded once).
        options: the ``--option`` pairs (``split`` overrides the default split).
        dataset: the hub data set.
        split: its default split.
        convert: ``(row, where, line) -> record``; raises MalformedRecordError naming ``where`` and ``line``.
        skip: why a row is left out (counted under that reason), or None to convert it.
    """
    from judgebench.hub_rows import hub_rows, read_rows

    split = options.get("split", split)
    where = source or f"hf:{dataset}:{split}"
    rows = read_rows(source) if source else hub_rows(dataset, split)[0]
    result = ImportResult([])
    for line, row in enumerate(rows, 1):
        why = skip(row)
        if why is None:
            result.records.append(convert(row, where, line))
        else:
            result.leave_out(why)
    return result


IMPORTERS: Registry[Importer] = Registry("importer", "judgebench.importers")
IMPORTERS.add_lazy("reward-bench-2", "judgebench.importers.reward_bench_2:IMPORTER")
IMPORTERS.add_lazy("ppe", "judgebench.importers.ppe:IMPORTER")
IMPORTERS.add_lazy("pairs", "judgebench.importers.pairs:IMPORTER")
IMPORTERS.add_lazy("rm-bench", "judgebench.importers.rm_bench:IMPORTER")
# the judge benchmarks beside JudgeBench (docs/benchmarks.md)
IMPORTERS.add_lazy("llmbar", "judgebench.benchmarks.importers:LLMBAR")
IMPORTERS.add_lazy("llmbar-results", "judgebench.benchmarks.importers:LLMBAR_RESULTS")
IMPORTERS.add_lazy("mt-bench", "judgebench.benchmarks.importers:MT_BENCH")
IMPORTERS.add_lazy("reward-bench", "judgebench.benchmarks.importers:REWARD_BENCH")
IMPORTERS.add_lazy("faireval", "judgebench.benchmarks.importers:FAIREVAL")
# an Inspect AI eval log of a judgebench task (docs/inspect.md; needs the ``inspect`` extra)
IMPORTERS.add_lazy("inspect-log", "judgebench.importers.inspect_log:IMPORTER")
