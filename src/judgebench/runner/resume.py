"""Resuming an outputs file: what is done, what to retry, and rewriting it so each pair appears once.

The runner appends one complete, flushed line per judged pair. A run killed at any point (``kill -9``
included) therefore leaves complete lines plus, at worst, one torn last line (no final newline, and it starts
as a record does, ``{"``: anything else is not a judged file and is refused, never overwritten); a retried
pair leaves an older line for the same pair earlier in the file. :func:`read_existing` reads such a file —
the torn tail dropped, the latest line per pair kept — and :func:`write_final` rewrites it atomically in the
pairs file's order.

A pair is *done* when each order the run asks for has an outcome: a decision, or a reply without a verdict
(:func:`~judgebench.records.judgment_outcome`; those are judged again only when the run asks). Retrying
keeps the other orders and judges only the failed ones (a pointwise judge rescores the whole pair). Another process
writing the same file is refused through an advisory lock on a hidden file beside it (``.<name>.lock``; the
kernel releases it even when a run is killed), whatever cache folder each run uses.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from judgebench.errors import ConfigError, InputError, MalformedRecordError
from judgebench.jsonl import atomic_writer
from judgebench.records import check_judgments, check_pair_fields
from judgebench.runner.orders import needs_judging

SETTINGS_KEY = "judge_settings"


@dataclass(slots=True)
class Existing:
    """An outputs file as found: the latest record per pair, in first-seen order.

    Attributes:
        records: pair_id → the latest complete record for it.
        raw: pair_id → that record's line as written (rewritten as is, never re-serialised).
        lines: complete lines read.
        torn: whether a torn last line (a run killed mid-write) was dropped.
    """

    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)
    lines: int = 0
    torn: bool = False

    @property
    def needs_rewrite(self) -> bool:
        """A torn tail or a pair on several lines."""
        return self.torn or self.lines != len(self.records)


def _loads(raw: bytes) -> Any:
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return json.loads(raw)  # NaN and huge integers, which orjson refuses


def _pair_key(record: dict[str, Any], path: str, lineno: int) -> str:
    check_pair_fields(record, path, lineno, unlabelled=True)  # the runner judges no-majority pairs too
    if "judgments" not in record:
        raise MalformedRecordError("missing key 'judgments'", path, lineno)
    check_judgments(record["judgments"], path, lineno)
    return str(record["pair_id"])


def read_existing(
    path: Path, key_of: Callable[[dict[str, Any], str, int], str] = _pair_key, what: str = "judged-pairs"
) -> Existing:
    """Read an outputs file for resuming (missing file: nothing done).

    Args:
        path: the output being resumed.
        key_of: checks one record (``MalformedRecordError`` with its line) and returns its key; by default a
            judged pair's ``pair_id``.
        what: the kind of file, named when a line is not JSON (``judged-pairs``, ``judged best-of-K``).
    """
    found = Existing()
    if not path.exists():
        return found
    p = str(path)
    try:
        raw_lines = path.read_bytes().split(b"\n")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", p) from None
    last = len(raw_lines)
    for lineno, raw in enumerate(raw_lines, 1):
        if not raw.strip():
            continue
        try:
            record = _loads(raw)
        except (ValueError, UnicodeDecodeError):
            if lineno == last and raw.lstrip().startswith(b'{"'):  # no newline after it: a killed run's last line
                found.torn = True
                continue
            raise MalformedRecordError(
                f"not valid JSON: not a {what} file (pass another --out; it is never overwritten)", p, lineno
            ) from None
        if not isinstance(record, dict):
            raise MalformedRecordError(f"expected a JSON object, got {type(record).__name__}", p, lineno)
        key = key_of(record, p, lineno)
        found.lines += 1
        found.records.pop(key, None)  # the latest line wins, placed where it was seen last
        found.records[key] = record
        found.raw.pop(key, None)
        found.raw[key] = raw.decode("utf-8").rstrip("\r")
    return found


def check_judge(existing: Existing, judge: str, same: Callable[[str | None], bool], path: Path) -> None:
    """Refuse to mix judges in one file: ``same(judge_name)`` must hold for every record."""
    for record in existing.records.values():
        name = record.get("judge_name")
        if not same(name):
            raise ConfigError(
                f"{path} holds judgments by {name!r}, not {judge!r}: pass another --out to start a new file"
            )


def judge_settings(model: str, options: Mapping[str, Any], replayed: Path | None = None) -> dict[str, Any]:
    """What a judged record stores of the run that made it (``judge_settings``).

    The model spec (a replayed file by its absolute path) and the judge options, if any: JSON values only
    (test doubles such as ``engine`` are left out), and none of the engine's pacing (``rpm``, retries...).
    The seed is not part of it: no built-in judge draws randomness; it seeds the report's bootstrap.
    """
    settings: dict[str, Any] = {"model": f"replay/{replayed}" if replayed is not None else model}
    kept = {k: v for k, v in sorted(options.items()) if k not in _NOT_SETTINGS and _is_json(v)}
    if kept:
        settings["options"] = kept
    return settings


# trust_remote_code is a permission, not a setting: it changes no score, and a rerun must ask for it again
_NOT_SETTINGS = frozenset(
    {"engine", "cache_path", "config_path", "rpm", "tpm", "max_retries", "timeout_s", "trust_remote_code"}
)


def _is_json(value: Any) -> bool:
    try:
        orjson.dumps(value)
    except TypeError:
        return False
    return True


def check_settings(existing: Existing, settings: dict[str, Any], path: Path) -> None:
    """Refuse a run whose judge settings differ from those a record of the file stores."""
    for record in existing.records.values():
        theirs = record.get(SETTINGS_KEY)
        if theirs is not None and theirs != settings:
            if isinstance(theirs, dict) and theirs.get("model") != settings["model"]:
                what = f"model {theirs.get('model')!r}, not {settings['model']!r}"
            else:
                what = f"settings {theirs}, not {settings}"
            raise ConfigError(f"{path} holds judgments by {what}: pass another --out to start a new file")


def check_pair_set(existing: Existing, pair_ids: frozenset[str], path: Path) -> None:
    """Refuse a file holding pairs that are not among the run's pairs (another pair set's judgments)."""
    foreign = [pid for pid in existing.records if pid not in pair_ids]
    if foreign:
        raise ConfigError(
            f"{path} holds {len(foreign)} pairs that are not among the pairs given (e.g. {foreign[0]!r}): "
            "it judged another pair set; pass another --out to start a new file"
        )


def check_model(existing: Existing, model_name: str, path: Path) -> None:
    """Refuse to mix judge models in one file."""
    for record in existing.records.values():
        for entry in record["judgments"]:
            judgment = entry.get("judgment") if isinstance(entry, dict) else None
            model = judgment.get("judge_model") if isinstance(judgment, dict) else None
            if model is not None and model != model_name:
                raise ConfigError(f"{path} holds judgments by model {model!r}, not {model_name!r}: pass another --out")


def orders_to_run(record: dict[str, Any] | None, orders: int, retry_no_verdict: bool = False) -> list[int]:
    """The orders among the first ``orders`` that a pair still needs (empty when done)."""
    if record is None:
        return list(range(orders))
    judgments = record["judgments"]
    return [o for o in range(orders) if o >= len(judgments) or needs_judging(judgments[o], retry_no_verdict)]


def write_final(path: Path, pair_ids: Sequence[str], lines: dict[str, str]) -> int:
    """Rewrite ``path`` atomically from each pair's line: the run's pairs in their order, then the others kept."""
    wanted = [pid for pid in pair_ids if pid in lines]
    listed = set(wanted)
    rest = [pid for pid in lines if pid not in listed]
    with atomic_writer(path) as fh:
        for pid in wanted + rest:
            fh.write(lines[pid])
            fh.write("\n")
    return len(wanted) + len(rest)
