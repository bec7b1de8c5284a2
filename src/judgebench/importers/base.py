"""The importer seam: a name, a one-line help, and a function from a source to records."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from judgebench.errors import ConfigError
from judgebench.registry import Registry

if TYPE_CHECKING:
    from judgebench.records import JudgedPair, Pair


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


def check_options(options: dict[str, str], known: tuple[str, ...], importer: str) -> None:
    """Refuse an ``--option`` key the importer does not take, naming those it does."""
    unknown = sorted(set(options) - set(known))
    if unknown:
        allowed = ", ".join(known) or "none"
        raise ConfigError(f"import {importer}: unknown option {', '.join(unknown)} (known: {allowed})")


def records_result(pairs: Sequence[Pair | JudgedPair], left_out: dict[str, int] | None = None) -> ImportResult:
    """Pairs or judged pairs as records, with the counts left out that are not zero."""
    # an empty result is refused, naming the source, by judgebench.importers.checked.run_importer
    return ImportResult([p.to_dict() for p in pairs], {k: v for k, v in (left_out or {}).items() if v})


#: Every importer module registers itself (:mod:`judgebench.importers.builtin` imports them on the first lookup).
IMPORTERS: Registry[Importer] = Registry("importer", "judgebench.importers", builtins="judgebench.importers.builtin")
