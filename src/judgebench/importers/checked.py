"""The one checked path from a registered importer to records that may be written: :func:`run_importer`.

``judgebench import`` never calls an importer directly. :func:`run_importer` runs it and then
:func:`check_result` checks what it made, so every importer, built-in or added later (an entry point, a
new ``IMPORTERS.add_lazy``), gets the same rules before anything is written:

- **something to write**: an import that yields no record (an empty file, rows without responses, another
  benchmark's file) is an :class:`~judgebench.errors.InputError` naming the source, what was left out and
  what the importer reads; the CLI then writes nothing, so an existing ``--out`` is kept as it was;
- **the right shape and types**: each record is checked by the reader of its format (best-of-K:
  :func:`judgebench.best_of_k.check_record`, plus a string ``subset`` and ``source``, and scores when judged;
  pairs: :meth:`judgebench.records.Pair.from_dict`; judged pairs:
  :meth:`judgebench.records.JudgedPair.from_dict`), and a file holds one format;
- **unique ids**: an ``id`` (best-of-K) or ``pair_id`` (pairs) seen twice in one file is a
  :class:`~judgebench.errors.DuplicatePairError` naming it (ids are never renamed to make them unique);
- **no traceback**: input the importer cannot take apart (JSON nested 100k deep, a field of the wrong type
  it meets first) is one :class:`~judgebench.errors.InputError` line (``--debug`` shows the cause).
"""

from __future__ import annotations

from typing import Any

from judgebench.best_of_k import check_record, is_best_of_k, judged_prompt
from judgebench.errors import DuplicatePairError, InputError, JudgeBenchError, MalformedRecordError
from judgebench.importers.base import IMPORTERS, Importer, ImportResult
from judgebench.jsonl import JSONTooDeepError
from judgebench.records import JudgedPair, Pair

#: What an importer may raise on input it cannot take apart; anything else is a bug and stays loud.
_SHAPE_ERRORS = (TypeError, KeyError, AttributeError, IndexError, ValueError)


def run_importer(name: str, source: str | None, options: dict[str, str]) -> ImportResult:
    """Run the importer registered as ``name`` and check its result (see the module docstring).

    Raises:
        ConfigError: no importer by that name (or the importer's own option errors).
        InputError: nothing valid to write, a malformed or duplicate record, or input of the wrong shape.
    """
    importer = IMPORTERS.get(name)
    where = source or f"import {name}"
    try:
        result = importer.run(source, options)
    except JudgeBenchError:
        raise
    except RecursionError:
        raise InputError(str(JSONTooDeepError()), where) from None
    except _SHAPE_ERRORS as exc:
        raise InputError(
            f"not what import {name} reads ({type(exc).__name__}: {exc}){_reads(importer)}", where
        ) from exc
    check_result(name, result, where, importer)
    return result


def _reads(importer: Importer) -> str:
    return f"; it reads {importer.source_help}" if importer.source_help else ""


def check_result(name: str, result: ImportResult, where: str, importer: Importer | None = None) -> None:
    """Refuse a result with nothing to write, a malformed record or a duplicate id in one output file.

    Args:
        name: the importer's name, for the messages.
        result: what it made.
        where: its source (a path, a data set), named in the messages.
        importer: the importer, whose ``source_help`` an empty result's message repeats.
    """
    if not result.records:
        left = ", ".join(f"{n} {why}" for why, n in sorted(result.left_out.items()))
        left = f" (left out: {left})" if left else ""
        reads = _reads(importer) if importer is not None else ""
        raise InputError(f"nothing to import as {name}{left}{reads}", where)
    for file, records in (result.files or {"": result.records}).items():
        if not records:
            raise InputError(f"nothing to import as {name} for {file}", where)
        _check_file(records, where, f" for {file}" if file else "")


def _check_file(records: list[dict[str, Any]], where: str, file: str) -> None:
    """Check one output file's records: one format, each valid, ids unique."""
    best_of_k = is_best_of_k(records[0])
    seen: dict[str, int] = {}
    for number, record in enumerate(records, 1):
        key = "id" if best_of_k else "pair_id"
        rid = record.get(key)
        label = f"imported record {number}{file}" + (f" ({key} {rid!r})" if isinstance(rid, str | int) else "")
        try:
            if is_best_of_k(record) != best_of_k:
                raise MalformedRecordError("mixes best-of-K records and pairs in one file")
            _check_record(record, best_of_k)
        except MalformedRecordError as exc:
            raise MalformedRecordError(f"{label}: {exc.reason}", where) from None
        rid = str(record[key])
        if rid in seen:
            raise DuplicatePairError(
                f"duplicate {key} {rid!r}{file} (imported records {seen[rid]} and {number}); ids must be unique",
                where,
            )
        seen[rid] = number


def _check_record(record: dict[str, Any], best_of_k: bool) -> None:
    """Raise MalformedRecordError unless ``record`` is a valid record of its format."""
    if not best_of_k:
        if "judgments" in record:  # an importer may write comparisons without a majority (import mt-bench)
            JudgedPair.from_dict(record, unlabelled=True)
        else:
            Pair.from_dict(record, unlabelled=True)
        return
    check_record(record, "", 0)
    for key in ("subset", "source"):
        if not isinstance(record.get(key), str):
            raise MalformedRecordError(f"{key!r} must be a string, got {type(record.get(key)).__name__}")
    if "scores_chosen" in record or "scores_rejected" in record:
        judged_prompt(record, "", 0)
