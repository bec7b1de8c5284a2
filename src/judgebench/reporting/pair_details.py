"""The per-pair viewer's data: every judged pair of a report, what the judge saw and said, and the vote outcome.

Two parts, both embedded in the report page (see ``pair_viewer.html.jinja2``):

- the *index*, small and parsed when the page opens: the judges, splits and categories, one entry per pair
  (id, split, category, source, label, a question preview) and one row per (judge, pair) with the decisions,
  the vote outcome and whether the two orders disagree;
- one *chunk* per :data:`BLOCK` pairs (pair ``i`` is item ``i % BLOCK`` of chunk ``i // BLOCK``), gzip-compressed
  and base64-encoded, decompressed in the browser only when one of its pairs is opened: per pair the question,
  both responses and, per judge, each order's prompt, reply, decision and other recorded fields. A prompted
  judge's prompt repeats the question and both responses, which compression makes nearly free; a block rather
  than a stream per pair saves gzip's per-stream set-up (about 40% of the time on pairs of a few KB).

Outcomes are the scorer's (:mod:`judgebench.metrics.vote`): ``correct`` / ``incorrect`` / ``undecided`` from the
vote sum (:func:`~judgebench.metrics.vote.pair_outcome`), and ``inconsistent`` (two orders whose aligned
decisions differ, :func:`~judgebench.metrics.vote.is_inconsistent`) as a separate flag. A pair without a right
answer (an MT-Bench ``no-majority`` comparison) is ``unlabelled``.
"""

from __future__ import annotations

import base64
import gc
import gzip
import itertools
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import orjson
from markupsafe import Markup

from judgebench.errors import MalformedRecordError
from judgebench.jsonl import iter_jsonl
from judgebench.metrics.vote import is_inconsistent, pair_outcome
from judgebench.records import (
    CATEGORIES,
    DECISIONS,
    LABELS,
    NO_MAJORITY,
    JudgedPair,
    category_of,
    filename_fields,
    judge_model_of,
    judgment_outcome,
    unique_records,
)
from judgebench.reporting.jinja_env import template_env

PREVIEW_CHARS = 140
#: (judge, pair) rows embedded at most, shared between the files; a report past it says how many rows it left out
#: (a page holding a million pairs' texts would not open; 10,000 rows of a few KB each make a page of about 12 MB,
#: and its chunks cost about half the time of reading a 200k-pair file to build)
MAX_ROWS = 10_000
#: pairs per compressed chunk: one gzip stream per pair costs more in set-up than in compressing a few KB
BLOCK = 16
#: outcome codes in the index (the viewer's JavaScript has the same list)
OUTCOMES = ("correct", "incorrect", "undecided", "unlabelled")
#: the judgment keys shown as the prompt and the reply; every other key is listed as a recorded field
PROMPT_KEY, REPLY_KEY = "prompt", "response"


@dataclass(slots=True)
class PairDetails:
    """What the viewer embeds: the JSON-ready index and the compressed chunks (:data:`BLOCK` pairs each)."""

    index: dict[str, Any]
    chunks: list[str] = field(default_factory=list)
    left_out: int = 0
    """Rows past :data:`MAX_ROWS`, not embedded."""

    @property
    def n_rows(self) -> int:
        """(judge, pair) rows."""
        return len(self.index["rows"])


def embed_json(value: Any) -> str:
    r"""JSON safe inside a ``<script type="application/json">`` element: no ``<``, ``>`` or ``&`` left literal.

    Escaped as JSON unicode escapes (``\u003c``), so ``</script>`` in model text can neither end the element
    nor start markup.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _embed_base64(chunks: list[str]) -> str:
    """The chunks as a JSON array: base64 holds no character that needs escaping, in JSON or in a script element."""
    return "[" + ",".join([f'"{c}"' for c in chunks]) + "]"


def pair_chunk(details: PairDetails, i: int) -> dict[str, Any]:
    """Pair ``i``'s texts and judgments, decoded as the viewer's script does."""
    block = orjson.loads(gzip.decompress(base64.b64decode(details.chunks[i // BLOCK])))
    return cast("dict[str, Any]", block[i % BLOCK])


def _pack(value: Any) -> str:
    """One chunk: compact JSON, gzipped at the fastest level, base64.

    orjson writes UTF-8 and non-finite numbers as null (which JavaScript's JSON.parse reads); a chunk is some tens
    of KB of text, where gzip level 1 takes about a third of level 6's time for some 15% more bytes.
    """
    raw = orjson.dumps(value)
    return base64.b64encode(gzip.compress(raw, compresslevel=1, mtime=0)).decode("ascii")


def _order_entry(entry: Any) -> dict[str, Any]:
    """One order's judgment for the viewer: decision, outcome kind, prompt, reply (None: not recorded), the rest."""
    if not isinstance(entry, dict):
        return {"decision": None, "kind": judgment_outcome(entry), "prompt": None, "reply": None, "fields": {}}
    inner = entry.get("judgment")
    inner = inner if isinstance(inner, dict) else {}
    prompt, reply = inner.get(PROMPT_KEY), inner.get(REPLY_KEY)
    fields = {k: v for k, v in inner.items() if k not in (PROMPT_KEY, REPLY_KEY)}
    fields.update({k: v for k, v in entry.items() if k not in ("judgment", "decision")})
    return {
        "decision": entry.get("decision"),
        "kind": judgment_outcome(entry),
        "prompt": prompt if isinstance(prompt, str) and prompt else None,
        "reply": reply if isinstance(reply, str) and reply else None,
        "fields": fields,
    }


def _judge_name(path: str, first: _Viewed | None) -> str:
    """The report's name for a file's judge: its judge model, else its judge name, else the file name."""
    names = filename_fields(path)
    model = judge_model_of(first.judgments) if first else None
    return model or names.get("judge_model") or (first.judge_name if first else None) or os.path.basename(path)


def _count_lines(path: str) -> int:
    """Non-blank lines of a file (what :func:`~judgebench.jsonl.iter_jsonl` yields a record for)."""
    with open(path, "rb") as fh:
        return sum(1 for line in fh if line.strip())


class _Builder:
    def __init__(self, counts: Mapping[str, int], files: int) -> None:
        self.counts = counts
        self.files_left = files
        self.judges: list[str] = []
        self.splits: list[str] = []
        self.categories: list[str] = []
        self.pairs: list[list[Any]] = []
        self.rows: list[list[Any]] = []
        self.files: list[list[Any]] = []
        self.chunks: list[dict[str, Any]] = []
        self.where: dict[tuple[int, str], int] = {}
        self.seen: set[tuple[int, int]] = set()
        self.left_out = 0

    @staticmethod
    def _slot(values: list[str], value: str) -> int:
        if value not in values:
            values.append(value)
        return values.index(value)

    def _judge_slot(self, name: str, split: int, path: str) -> int:
        """A judge already holding pairs of this split (a second file of it) is listed apart, by file name."""
        j = self._slot(self.judges, name)
        if (j, split) in self.seen:
            j = self._slot(self.judges, f"{name} ({os.path.basename(path)})")
        self.seen.add((j, split))
        return j

    def add_file(self, path: str) -> None:
        """Embed the file's first rows, its share of :data:`MAX_ROWS`, counting the rest.

        The room left is shared equally between this file and the files still to come (a file with fewer pairs
        leaves its unused share to the next ones), so every judge of a report can be browsed. Only the embedded
        records are parsed (the report read and checked the whole file already); the others are counted from the
        raw lines, so the viewer's time and memory stay bounded however large the file.
        """
        room = max(0, MAX_ROWS - len(self.rows)) // max(1, self.files_left)
        self.files_left -= 1
        records = list(itertools.islice(unique_records(iter_jsonl(path), path), max(room, 1)))
        if not records:
            return  # at least the first is read: it names the judge and the split
        first = _viewed(*records[0], path)
        split = self._slot(self.splits, first.response_model or filename_fields(path).get("response_model", "?"))
        judge = self._judge_slot(_judge_name(path, first), split, path)
        self.files.append([judge, split, path])
        for line, d in records[:room]:
            self._add_pair(_viewed(line, d, path), judge, split)
        if len(records) >= max(room, 1):  # there may be more lines than were parsed: count them, raw
            total = self.counts.get(path)
            self.left_out += (_count_lines(path) if total is None else total) - min(room, len(records))

    def _add_pair(self, v: _Viewed, judge: int, split: int) -> None:
        key = (split, v.pair_id)
        if key not in self.where:
            self.where[key] = len(self.pairs)
            cat = self._slot(self.categories, str(category_of(v.source)))
            preview = " ".join(v.question[: PREVIEW_CHARS * 2].split())[:PREVIEW_CHARS]
            self.pairs.append([v.pair_id, split, cat, v.source, v.label, preview])
            self.chunks.append({"question": v.question, "A": v.response_A, "B": v.response_B, "judges": {}})
        i = self.where[key]
        decisions = v.decisions
        outcome = pair_outcome(v.label, decisions) if v.label in LABELS else "unlabelled"
        row = [i, judge, OUTCOMES.index(outcome), int(is_inconsistent(decisions)), *decisions]
        self.rows.append(row)
        self.chunks[i]["judges"][str(judge)] = [_order_entry(e) for e in v.judgments]

    def done(self) -> PairDetails:
        order = {c: k for k, c in enumerate([*map(str, CATEGORIES), "Other"])}
        index = {
            "judges": self.judges,
            "splits": self.splits,
            "categories": self.categories,
            "category_order": sorted(range(len(self.categories)), key=lambda c: (order.get(self.categories[c], 99), c)),
            "outcomes": list(OUTCOMES),
            "block": BLOCK,
            "pairs": self.pairs,
            "rows": self.rows,
            "files": self.files,
        }
        blocks = [_pack(self.chunks[i : i + BLOCK]) for i in range(0, len(self.chunks), BLOCK)]
        return PairDetails(index, blocks, self.left_out)


@dataclass(slots=True)
class _Viewed:
    """What the viewer reads of one judged record."""

    pair_id: str
    source: str
    question: str
    response_A: str
    response_B: str
    label: str
    response_model: str | None
    judge_name: Any
    judgments: list[Any]
    decisions: list[str | None]


_VIEWED_LABELS = frozenset((*LABELS, NO_MAJORITY))
_VIEWED_DECISIONS = frozenset((*DECISIONS, None))


def _viewed(line: int, d: dict[str, Any], path: str) -> _Viewed:
    """The record's fields, read directly (the report validated the file).

    A record this fast check refuses gets the record readers' one-line error.
    """
    try:
        js = d["judgments"]
        decisions = [None if e is None else e.get("decision") for e in js]
        v = _Viewed(
            d["pair_id"], d["source"], d["question"], d["response_A"], d["response_B"], d["label"],
            d.get("response_model"), d.get("judge_name"), js, decisions,
        )  # fmt: skip
        if (
            type(v.pair_id) is str
            and type(v.source) is str
            and type(v.question) is str
            and type(v.response_A) is str
            and type(v.response_B) is str
            and type(js) is list
            and 1 <= len(js) <= 2
            and v.label in _VIEWED_LABELS
            and all(x in _VIEWED_DECISIONS for x in decisions)
        ):
            return v
    except (KeyError, TypeError, AttributeError):
        pass
    JudgedPair.from_dict(d, path, line, unlabelled=True)  # names what is wrong, file:line
    raise MalformedRecordError("invalid judged record", path, line)  # pragma: no cover - the reader raises


def build_pair_details(
    paths: Sequence[str | os.PathLike[str]], counts: Mapping[str, int] | None = None
) -> PairDetails | None:
    """The viewer's data for these judged files (a report's ``judged`` inputs); None when there are none.

    Raises:
        InputError, MalformedRecordError, DuplicatePairError: as the other readers of judged files.
    """
    builder = _Builder(counts or {}, len(paths))
    collecting = gc.isenabled()
    # the parsed records are JSON (acyclic, freed by reference counting): pausing the cyclic collector while
    # thousands of them are held saves it walking them again and again (a quarter of the viewer's time)
    gc.disable()
    try:
        for path in paths:
            builder.add_file(os.fspath(path))
    finally:
        if collecting:
            gc.enable()
    return builder.done() if builder.rows else None


def viewer_section(paths: Sequence[str | os.PathLike[str]], counts: Mapping[str, int] | None = None) -> Markup:
    """The report's "Pairs" section for these judged files (empty when there are none).

    ``counts``: the pairs of each file, when the caller has read them already (else the lines are counted).
    """
    details = build_pair_details(paths, counts)
    if details is None:
        return Markup("")
    template = template_env(autoescape=True).get_template("pair_viewer.html.jinja2")
    return Markup(
        template.render(
            details=details,
            index_json=Markup(embed_json(details.index)),
            chunks_json=Markup(_embed_base64(details.chunks)),
        )
    )
