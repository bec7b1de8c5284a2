"""A judged-pairs file read once into compact columns: what every offline command on judged pairs needs.

One pass of :func:`~judgebench.jsonl.iter_jsonl` (orjson per line) keeps, per pair, only small values: the
pair id, codes for the source, label and each order's decision, the response lengths (in characters, as
``len`` counts them), a digest of the question, and which judge it names; every text is dropped with its line,
so memory grows with the number of pairs, never with the texts. Each record is validated on the way (a fast
check; a record it does not accept goes to the full validators of :mod:`judgebench.records`, which raise a
one-line error naming file:line), so a file read here is accepted or refused exactly as the record readers do.

Codes: decisions :data:`DECISION_CODES` (``A>B`` 0, ``B>A`` 1, ``A=B`` 2, null 3) and :data:`ABSENT` (4) for an
order not judged; labels :data:`LABELS` (0, 1) and :data:`~judgebench.records.NO_MAJORITY` (2).
"""

from __future__ import annotations

import hashlib
import os
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from judgebench.errors import DuplicatePairError, MalformedRecordError
from judgebench.jsonl import iter_jsonl
from judgebench.records import (
    DECISIONS,
    FAILED,
    LABELS,
    NO_MAJORITY,
    JudgedPair,
    Pair,
    check_judgments,
    check_pair_fields,
    judge_model_of,
    judgment_outcome,
)

DECISION_CODES: dict[str | None, int] = {**{d: i for i, d in enumerate(DECISIONS)}, None: len(DECISIONS)}
NULL = len(DECISIONS)  # 3
ABSENT = NULL + 1  # 4: the order was not judged
UNLABELLED = len(LABELS)  # 2: NO_MAJORITY
#: decision code → the decision (None for null and absent)
DECISION_OF: tuple[str | None, ...] = (*DECISIONS, None, None)
LABEL_OF: tuple[str, ...] = (*LABELS, NO_MAJORITY)
Judge = tuple[Any, str | None]
"""(``judge_name`` as recorded, the judge model its judgments name): one judge of a file."""


def question_key(question: str) -> bytes:
    """A 16-byte digest standing for a question (pairs are matched on their questions without keeping them)."""
    return hashlib.blake2b(question.encode("utf-8", "surrogatepass"), digest_size=16).digest()


@dataclass(slots=True)
class PairColumns:
    """The columns of one judged-pairs (or pairs) file, one entry per pair in file order."""

    path: str
    pair_ids: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    """The distinct sources, in order of first appearance; ``source`` indexes them."""
    source: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    label: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int8))
    d1: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int8))
    d2: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int8))
    failed: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int8))
    """Failed judgments of the pair, counted as the score counts them (only on pairs with a null decision)."""
    len_a: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    len_b: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    question_keys: list[bytes] = field(default_factory=list)
    judges: list[Judge] = field(default_factory=list)
    judge: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    """Per pair, the index of its judge in ``judges`` (-1 for a pair without judgments)."""
    response_model: str | None = None
    """The first record's response model."""
    scored_meta: tuple[Any, Any, Any] | None = None
    """(judge_name, the first judgment's judge_model, response_model) of the first labelled record, as
    ``score`` reports them."""

    @property
    def n(self) -> int:
        """Number of pairs."""
        return len(self.pair_ids)

    @property
    def orders(self) -> np.ndarray:
        """Per pair, the orders judged (0 for a pair without judgments)."""
        out: np.ndarray = (self.d1 != ABSENT).astype(np.int8) + (self.d2 != ABSENT).astype(np.int8)
        return out


def _judge_model(js: list[Any]) -> str | None:
    first = js[0]
    if type(first) is dict:
        inner = first.get("judgment")
        if type(inner) is dict:
            model = inner.get("judge_model")
            if type(model) is str:
                return model
    return judge_model_of(js)


def _entry_model(js: list[Any]) -> Any:
    """The first judgment's judge_model as ``score`` takes it (any type, None when absent)."""
    first = js[0]
    inner = first.get("judgment") if isinstance(first, dict) else None
    return inner.get("judge_model") if isinstance(inner, dict) else None


def check_judged(d: dict[str, Any], path: str, line: int, unlabelled: bool) -> None:
    """The record readers' validation of a judged record (raises its one-line error)."""
    JudgedPair.from_dict(d, path, line, unlabelled=unlabelled)


def check_loaded(d: dict[str, Any], path: str, line: int, unlabelled: bool) -> None:
    """The analyses' validation: a record without judgments is named as a pairs file first."""
    if "judgments" not in d:
        raise MalformedRecordError(_NOT_JUDGED, path, line)
    JudgedPair.from_dict(d, path, line, unlabelled=unlabelled)


def check_scored(d: dict[str, Any], path: str, line: int, unlabelled: bool) -> None:
    """``score``'s validation of a judged record, in its order: the pair's keys, then the judgments."""
    check_pair_fields(d, path, line, unlabelled=unlabelled)
    if "judgments" not in d:
        raise MalformedRecordError("missing key 'judgments'", path, line)
    check_judgments(d["judgments"], path, line)


Check = Callable[[dict[str, Any], str, int, bool], None]


def read_columns(
    path: str | os.PathLike[str],
    *,
    require_judgments: bool = True,
    unlabelled: bool = False,
    check: Check = check_judged,
    duplicates_first: bool = True,
    questions: bool = True,
) -> PairColumns:
    """Read a judged-pairs file (or, with ``require_judgments=False``, a pairs file too) into columns.

    Args:
        path: the JSONL file.
        require_judgments: a record without ``judgments`` is an error (else it is a pair with no orders).
        unlabelled: accept the label :data:`~judgebench.records.NO_MAJORITY` (code 2).
        check: the validator that names what is wrong with a record the fast check refuses.
        duplicates_first: a repeated pair_id is reported before the record is validated (the record readers'
            order); False: after (``score``'s).
        questions: keep a digest of each question (:attr:`PairColumns.question_keys`; matching pairs by question).

    Raises:
        InputError: a missing or unreadable file; MalformedRecordError for a bad record (with its line);
            DuplicatePairError for a repeated pair_id. An empty file gives no pairs (the caller decides).
    """
    p = str(path)
    labels = {lab: i for i, lab in enumerate(LABELS)}
    if unlabelled:
        labels[NO_MAJORITY] = UNLABELLED
    pair_ids: list[str] = []
    qkeys: list[bytes] = []
    source_ix: dict[str, int] = {}
    judge_ix: dict[Judge, int] = {}
    judges: list[Judge] = []
    src, jdg, la, lb = array("i"), array("i"), array("q"), array("q")
    lab, c1, c2, fails = array("b"), array("b"), array("b"), array("b")
    seen: dict[str, int] = {}
    out = PairColumns(p)
    codes = DECISION_CODES
    blake = hashlib.blake2b
    add_id, add_q, add_src, add_j = pair_ids.append, qkeys.append, src.append, jdg.append
    add_la, add_lb, add_lab, add_c1, add_c2, add_fail = (
        la.append,
        lb.append,
        lab.append,
        c1.append,
        c2.append,
        fails.append,
    )
    for line, d in iter_jsonl(p):
        ok = False
        try:
            pid = d["pair_id"]
            source = d["source"]
            question = d["question"]
            ra = d["response_A"]
            rb = d["response_B"]
            label = labels[d["label"]]
            if (
                type(pid) is str
                and type(source) is str
                and type(question) is str
                and type(ra) is str
                and type(rb) is str
                and type(d["response_model"]) is str
                and "original_id" in d  # with the keys read above: every required key
            ):
                js = d.get("judgments", _MISSING)
                if js is _MISSING:
                    ok = not require_judgments
                    x = y = ABSENT
                elif type(js) is list and 1 <= len(js) <= 2:
                    e = js[0]
                    x = NULL if e is None else codes[e["decision"]]  # a JSON value other than an object: TypeError
                    if len(js) == 2:
                        e = js[1]
                        y = NULL if e is None else codes[e["decision"]]
                    else:
                        y = ABSENT
                    ok = True
        except (KeyError, TypeError):
            ok = False
        if not ok:
            if duplicates_first:
                _duplicate(d.get("pair_id"), seen, p, line)
            if "judgments" not in d and require_judgments and check is check_judged:
                raise MalformedRecordError(
                    "missing key 'judgments' (is this a pairs file, not judge outputs?)", p, line
                )
            if "judgments" in d or require_judgments:
                check(d, p, line, unlabelled)
            else:
                Pair.from_dict(d, p, line, unlabelled=unlabelled)
            raise MalformedRecordError("invalid judged record", p, line)  # pragma: no cover - validators raise
        if pid in seen:
            raise DuplicatePairError(f"duplicate pair_id {pid!r} (first on line {seen[pid]})", p, line)
        seen[pid] = line
        add_fail(sum(judgment_outcome(e) == FAILED for e in js) if x == NULL or y == NULL else 0)
        s = source_ix.get(source)
        if s is None:
            s = source_ix[source] = len(source_ix)
        if x == ABSENT:
            j = -1
        else:
            judge = (d.get("judge_name"), _judge_model(js))
            try:
                j = judge_ix.get(judge, -1)
            except TypeError:  # an unhashable judge_name: looked up by equality
                j = next((i for i, k in enumerate(judges) if k == judge), -1)
                if j < 0:
                    j = len(judges)
                    judges.append(judge)
            else:
                if j < 0:
                    j = judge_ix[judge] = len(judges)
                    judges.append(judge)
            if out.scored_meta is None and label != UNLABELLED:
                out.scored_meta = (d.get("judge_name"), _entry_model(js), d["response_model"])
        if out.response_model is None:
            out.response_model = d["response_model"]
        add_id(pid)
        if questions:
            add_q(blake(question.encode("utf-8", "surrogatepass"), digest_size=16).digest())
        add_src(s)
        add_j(j)
        add_la(len(ra))
        add_lb(len(rb))
        add_lab(label)
        add_c1(x)
        add_c2(y)
    out.pair_ids, out.question_keys, out.sources, out.judges = pair_ids, qkeys, list(source_ix), judges
    out.source = np.frombuffer(src, dtype=np.int32).copy() if src else np.zeros(0, np.int32)
    out.judge = np.frombuffer(jdg, dtype=np.int32).copy() if jdg else np.zeros(0, np.int32)
    out.len_a = np.frombuffer(la, dtype=np.int64).copy() if la else np.zeros(0, np.int64)
    out.len_b = np.frombuffer(lb, dtype=np.int64).copy() if lb else np.zeros(0, np.int64)
    out.label = np.frombuffer(lab, dtype=np.int8).copy() if lab else np.zeros(0, np.int8)
    out.d1 = np.frombuffer(c1, dtype=np.int8).copy() if c1 else np.zeros(0, np.int8)
    out.d2 = np.frombuffer(c2, dtype=np.int8).copy() if c2 else np.zeros(0, np.int8)
    out.failed = np.frombuffer(fails, dtype=np.int8).copy() if fails else np.zeros(0, np.int8)
    return out


_MISSING: Any = object()
_NOT_JUDGED = "missing key 'judgments' (is this a pairs file, not judge outputs?)"


def _duplicate(pid: Any, seen: dict[str, int], path: str, line: int) -> None:
    if isinstance(pid, str) and pid in seen:
        raise DuplicatePairError(f"duplicate pair_id {pid!r} (first on line {seen[pid]})", path, line)
