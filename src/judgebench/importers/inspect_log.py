"""``judgebench import inspect-log LOG``: an Inspect eval log of a judgebench task as judged pairs.

The log of a task from :mod:`judgebench.integrations.inspect` (``.eval`` or ``.json``, read with
:func:`inspect_ai.log.read_eval_log`) holds, per sample, the pair record (metadata), its order and the
``judgments`` entry the judge made (``store``). The pairs come back in their set's order, one record per pair
with its orders' entries (order 0 first), in the judged format ``judgebench judge`` writes
(:class:`judgebench.records.JudgedPair`), so ``score``, ``analyze`` and ``report`` read it.

- a sample that errored in Inspect (no entry) is a failed judgment, its ``error`` the sample's error;
- an order missing from the log (``--limit`` cut a pair) is a null entry, as upstream writes a failed call,
  which the vote rule counts 0, as the task's ``vote_accuracy`` does;
- with several epochs only the first is imported (the others are counted as left out);
- samples without judgebench's metadata (another task's log) are left out; none at all is an error.

Without ``--out`` the file is named as ``judgebench judge`` names it:
``<dataset>,judge_name=<judge>,judge_model=<model>.jsonl``.
"""

from __future__ import annotations

from typing import Any

from judgebench.errors import InputError
from judgebench.importers.base import IMPORTERS, Importer, ImportResult
from judgebench.integrations.inspect import (
    DATASET_KEY,
    INDEX_KEY,
    JUDGE_KEY,
    ORDER_KEY,
    ORDERS_KEY,
    PAIR_KEY,
    STORE_KEY,
)


def read_log(source: str) -> Any:
    """The eval log at ``source``; anything unreadable is one InputError line."""
    try:
        from inspect_ai.log import read_eval_log
    except ImportError:  # pragma: no cover - the optional extra is missing
        raise InputError("reading Inspect logs needs inspect_ai: pip install 'judgebench[inspect]'", source) from None
    try:
        return read_eval_log(source)
    except Exception as exc:  # read_eval_log raises many unrelated types (zip, JSON, pydantic, OS errors)
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        raise InputError(f"not a readable Inspect eval log ({type(exc).__name__}: {first[:200]})", source) from None


def failed_entry(model: str, why: str) -> dict[str, Any]:
    """A ``judgments`` entry for a sample that got no judgment (Inspect's sample error)."""
    return {
        "judgment": {"judge_model": model, "prompt": "", "response": ""},
        "decision": None,
        "error": why,
        "no_verdict": None,
    }


def _entry(sample: Any, model: str) -> dict[str, Any] | None:
    record = (sample.store or {}).get(STORE_KEY)
    if isinstance(record, dict):
        return dict(record)
    if sample.error is not None:
        return failed_entry(model, f"inspect sample error: {str(sample.error.message).splitlines()[0]}")
    return None


def log_records(log: Any, result: ImportResult) -> list[dict[str, Any]]:
    """The judged-pair records of a read eval log (what it leaves out counted in ``result``)."""
    model = str(log.eval.model).split("/", 1)[-1]
    pairs: dict[str, dict[str, Any]] = {}
    where: dict[str, int] = {}
    entries: dict[str, list[dict[str, Any] | None]] = {}
    for sample in log.samples or []:
        meta = sample.metadata or {}
        if not isinstance(meta.get(PAIR_KEY), dict) or ORDER_KEY not in meta:
            result.leave_out("samples without a judgebench pair")
            continue
        if sample.epoch != 1:
            result.leave_out("samples of later epochs")
            continue
        pair = dict(meta[PAIR_KEY])
        pair_id = str(pair.get("pair_id"))
        if pair_id not in pairs:
            pair["judge_name"] = meta.get(JUDGE_KEY)
            pairs[pair_id] = pair
            index = meta.get(INDEX_KEY)
            where[pair_id] = index if isinstance(index, int) else len(where)
            entries[pair_id] = [None] * (2 if int(meta.get(ORDERS_KEY, 2)) == 2 else 1)
        entries[pair_id][int(meta[ORDER_KEY])] = _entry(sample, model)
    ordered = sorted(pairs, key=lambda pid: where[pid])
    return [{**pairs[pid], "judgments": entries[pid]} for pid in ordered]


def output_name(log: Any) -> str | None:
    """``judgebench judge``'s file name for the log's run, or None when the log does not say its pair set."""
    for sample in log.samples or []:
        meta = sample.metadata or {}
        if meta.get(DATASET_KEY) and meta.get(JUDGE_KEY):
            model = str(log.eval.model).split("/", 1)[-1].replace("/", "_")
            return f"{meta[DATASET_KEY]},judge_name={meta[JUDGE_KEY]},judge_model={model}.jsonl"
    return None


def run_inspect_log(source: str | None, options: dict[str, str]) -> ImportResult:
    """Read one eval log; no options."""
    from judgebench.errors import ConfigError

    if options:
        raise ConfigError(f"import inspect-log: unknown option {', '.join(sorted(options))} (known: none)")
    if source is None:
        raise ConfigError("import inspect-log needs an Inspect eval log (.eval or .json)")
    log = read_log(source)
    result = ImportResult([])
    result.records = log_records(log, result)
    result.out_name = output_name(log)
    return result


IMPORTER = Importer(
    help="an Inspect AI eval log of a judgebench task as judged pairs",
    run=run_inspect_log,
    source_help="an Inspect eval log (.eval or .json) written by the judgebench Inspect tasks",
    names_output=True,
)
IMPORTERS.add("inspect-log", IMPORTER)
