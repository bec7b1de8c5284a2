"""LLMBar's recorded evaluator runs as judged pairs in JudgeBench's outputs format, both orders.

A run lives at ``Dataset/<set>/evaluators/<evaluator>/<strategy>/result.json``.
Each item of a ``result.json`` is a ``dataset.json`` item plus ``results``: a list (in some runs a string
holding a Python literal) whose last entry is a dict with ``swap = False`` and ``swap = True``, each with a
``winner`` (``"1"``/``"2"``) given in the *original* positions for both orders; the entries before it are
the evaluator's generated rules, metrics or reference output. JudgeBench records the second order's decision
in the swapped positions, so it is flipped on the way in. A missing winner (the evaluator's reply held none)
becomes a null decision with the reason in ``error``, never a tie or a guess.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path
from typing import Any

from judgebench.errors import ConfigError, InputError
from judgebench.hub_rows import load_json
from judgebench.importers.base import IMPORTERS, Importer, ImportResult, check_options, records_result
from judgebench.importers.llmbar import item_pair, source_for
from judgebench.records import JudgedPair

_ORDERS = ("swap = False", "swap = True")
_WINNER = {"1": "A>B", "2": "B>A"}


def run_names(path: str | os.PathLike[str]) -> tuple[str | None, str | None]:
    """(strategy, evaluator) of a run from its path ``.../evaluators/<evaluator>/<strategy>/result.json``."""
    parts = Path(path).parts
    if "evaluators" in parts:
        rest = parts[parts.index("evaluators") + 1 :]
        if len(rest) >= 3:
            return rest[1], rest[0]
    return None, None


def _final(results: Any, index: int, path: str) -> tuple[list[Any], dict[str, Any]]:
    if isinstance(results, str):
        try:
            results = ast.literal_eval(results)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            raise InputError(f"item {index}: 'results' is a string but not a Python literal", path) from None
    if not isinstance(results, list) or not results or not isinstance(results[-1], dict):
        raise InputError(f"item {index}: 'results' must be a list ending with a dict", path)
    last = results[-1]
    for key in _ORDERS:
        if not isinstance(last.get(key), dict) or "winner" not in last[key]:
            raise InputError(f"item {index}: the last entry of 'results' lacks {key!r} with a 'winner'", path)
    return results[:-1], last


def _judgment(entry: dict[str, Any], model: str, swapped: bool) -> dict[str, Any]:
    winner = entry["winner"]
    decision = _WINNER.get(str(winner)) if winner is not None else None
    if decision is not None and swapped:
        decision = "B>A" if decision == "A>B" else "A>B"  # the winner is given in the original positions
    judgment: dict[str, Any] = {"judge_model": model, **entry}
    out: dict[str, Any] = {"judgment": judgment, "decision": decision}
    if decision is None:
        out["error"] = f"LLMBar recorded no usable winner ({winner!r})"
    return out


def import_result(
    path: str | os.PathLike[str],
    *,
    judge_name: str | None = None,
    judge_model: str | None = None,
    source: str | None = None,
) -> list[JudgedPair]:
    """The judged pairs of one ``result.json``; names default to the strategy, evaluator and set of its path."""
    p = Path(path)
    strategy, evaluator = run_names(p)
    name = judge_name or strategy
    model = judge_model or evaluator
    src = source or source_for(p)
    missing = [f"--option {k}=..." for k, v in (("judge_name", name), ("judge_model", model), ("source", src)) if not v]
    if missing:
        raise InputError(
            f"not under Dataset/<set>/evaluators/<evaluator>/<strategy>/: give {', '.join(missing)}", str(p)
        )
    assert name and model and src
    data = load_json(p)
    if not isinstance(data, list):
        raise InputError("expected a JSON list of LLMBar result items", str(p))
    out: list[JudgedPair] = []
    for i, item in enumerate(data):
        pair = item_pair(item, i, src, str(p))
        auxiliary, last = _final(item.get("results"), i, str(p))
        scores = {k: v for k, v in last.items() if k not in _ORDERS}
        first = _judgment(last[_ORDERS[0]], model, swapped=False)
        if auxiliary or scores:
            first["judgment"].update({**scores, "auxiliary": auxiliary} if auxiliary else scores)
        out.append(JudgedPair(pair, name, [first, _judgment(last[_ORDERS[1]], model, swapped=True)]))
    return out


def result_files(folder: str | os.PathLike[str]) -> list[Path]:
    """Every ``result.json`` under a folder, sorted by path."""
    return sorted(Path(folder).rglob("result.json"))


def output_name(path: str | os.PathLike[str]) -> str:
    """The outputs file name of a run: ``dataset=<set>,judge_name=<strategy>,judge_model=<evaluator>.jsonl``."""
    strategy, evaluator = run_names(path)
    return f"dataset={source_for(path)},judge_name={strategy},judge_model={evaluator}.jsonl"


def run_llmbar_results(source: str | None, options: dict[str, str]) -> ImportResult:
    """One ``result.json``, or every run under a folder (one output file each)."""
    check_options(options, ("judge_name", "judge_model", "source"), "llmbar-results")
    if source is None:
        raise ConfigError("import llmbar-results needs a result.json or a folder of LLMBar runs")
    names = {k: options.get(k) for k in ("judge_name", "judge_model", "source")}
    if not Path(source).is_dir():
        return records_result(import_result(source, **names))
    runs = result_files(source)
    if not runs:
        raise InputError("no result.json under this folder", source)
    files = {output_name(run): [j.to_dict() for j in import_result(run, **names)] for run in runs}
    return ImportResult([r for records in files.values() for r in records], files=files)


IMPORTERS.add(
    "llmbar-results",
    Importer(
        "LLMBar's recorded evaluator runs as judged pairs, both orders",
        run_llmbar_results,
        "a .../evaluators/<evaluator>/<strategy>/result.json, or a folder of runs (then --out is a folder)",
    ),
)
