"""A columnar fast path for scoring large judged files (pyarrow's multi-threaded JSON reader + numpy).

The sequential scan in :mod:`judgebench.metrics.scorecard` spends most of its time in per-line Python; for a
large file this path parses only the columns scoring needs (and the string keys it must validate) in C++,
then counts with numpy. It accepts a file only when it is sure the sequential scan would accept it too:
anything unusual (a parse error, a null where a string must be, a bad label or decision, a judgments list of
the wrong length, a duplicate pair id, a key the columnar reader cannot see) returns None, and the caller
falls back to the sequential scan, which reports the problem with its exact line.
"""

from __future__ import annotations

import os

import numpy as np

from judgebench.jsonl import loads
from judgebench.metrics.tally import Tally
from judgebench.records import DECISIONS, LABELS, LEGACY_NO_VERDICT, NO_MAJORITY, category_of

MIN_BYTES = 8 << 20
_STRING_KEYS = ("pair_id", "source", "question", "response_model", "response_A", "response_B", "label")


def _count_keys(path: str, needles: tuple[bytes, ...]) -> list[int]:
    """Occurrences of each needle in the file, in one pass of large blocks (boundaries checked separately)."""
    totals = [0] * len(needles)
    keep = max(len(x) for x in needles) - 1
    prev_tail = b""
    with open(path, "rb") as fh:
        while block := fh.read(64 << 20):
            seam = prev_tail + block[:keep]
            for i, needle in enumerate(needles):
                totals[i] += block.count(needle) + seam.count(needle)
                totals[i] -= prev_tail.count(needle) + block[:keep].count(needle)
            prev_tail = block[-keep:]
    return totals


def scan_columnar(path: str, rule: str, *, unlabelled: bool = False) -> Tally | None:
    """The tally of a large, well-formed file, or None (small file, or anything the sequential scan must see).

    ``unlabelled``: the pairs labelled :data:`~judgebench.records.NO_MAJORITY` are skipped and counted, as
    :class:`~judgebench.metrics.tally.Tally` does.
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.json as pj

    try:
        if os.path.getsize(path) < MIN_BYTES:
            return None
        schema = pa.schema(
            [(k, pa.string()) for k in (*_STRING_KEYS, "judge_name")]
            + [("judgments", pa.list_(pa.struct([("decision", pa.string()), ("error", pa.string())])))]
        )
        table = pj.read_json(
            path,
            read_options=pj.ReadOptions(block_size=16 << 20),
            parse_options=pj.ParseOptions(explicit_schema=schema, unexpected_field_behavior="ignore"),
        )
    except (pa.ArrowException, OSError, ValueError):
        return None
    n = table.num_rows
    if n == 0 or any(table[k].null_count for k in (*_STRING_KEYS, "judgments")):
        return None
    # keys the reader cannot tell apart from null: original_id (may be null) and each judgment's decision
    lengths = pc.list_value_length(table["judgments"]).to_numpy(zero_copy_only=False)
    entries = pc.list_flatten(table["judgments"])
    if lengths.min() < 1 or lengths.max() > 2 or pc.count_distinct(table["pair_id"]).as_py() != n:
        return None
    n_ids, n_decisions = _count_keys(path, (b'"original_id":', b'"decision":'))
    if n_ids != n or n_decisions != len(entries) - entries.null_count:
        return None

    def codes(values: pa.Array | pa.ChunkedArray, options: tuple[str, ...]) -> np.ndarray:
        idx = pc.index_in(values, value_set=pa.array(options))
        return np.asarray(pc.fill_null(idx, len(options)).to_numpy(zero_copy_only=False), dtype=np.int64)

    known = (*LABELS, NO_MAJORITY) if unlabelled else LABELS
    label = codes(table["label"], known)
    if (label == len(known)).any():
        return None
    decision_field = pc.struct_field(entries, [0])
    decisions = codes(decision_field, DECISIONS)  # nulls (entries or decisions) and unknown values → 3
    if int((decisions == len(DECISIONS)).sum()) != decision_field.null_count:
        return None  # an unknown decision
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    # failed judgments among the null decisions: a null entry, or an error (but old no-verdict records, see records)
    errors = pc.struct_field(entries, [1])
    erred = pc.invert(pc.fill_null(pc.starts_with(errors, LEGACY_NO_VERDICT), True))
    failed = pc.or_(pc.is_null(entries), pc.and_(erred, pc.is_null(decision_field)))
    failed_by_entry = np.asarray(failed.to_numpy(zero_copy_only=False), dtype=bool)
    d1 = decisions[starts]
    d2 = np.where(lengths == 2, decisions[np.minimum(starts + 1, len(decisions) - 1)], 4)  # 4: no second order
    kept = label < len(LABELS)  # the no-majority pairs (``unlabelled``) are skipped, counted
    skipped = n - int(kept.sum())
    if skipped:
        if skipped == n:
            return None  # nothing to score: the sequential scan says so
        by_entry = np.repeat(kept, lengths)
        failed_by_entry, decisions = failed_by_entry[by_entry], decisions[by_entry]
        label, lengths, d1, d2 = label[kept], lengths[kept], d1[kept], d2[kept]
    failed_entries = int(failed_by_entry.sum())

    tally = Tally(rule, unlabelled=unlabelled)
    tally.unlabelled_pairs = skipped
    options: list[str | None] = [*DECISIONS, None]
    ok = np.zeros((2, 4, 5), dtype=np.int64)  # credit units under the rule
    outcome = np.zeros((2, 4, 5), dtype=np.int8)
    inconsistent = np.zeros((2, 4, 5), dtype=bool)
    names = ["correct", "incorrect", "undecided"]
    for li, lab in enumerate(LABELS):
        for i, x in enumerate(options):
            for j, y in enumerate([*options, "single"]):
                decs = (x,) if y == "single" else (x, y)
                c, o, inc = tally.table[(lab, *decs)]
                ok[li, i, j], outcome[li, i, j], inconsistent[li, i, j] = c, names.index(o), inc
    ok_rows = ok[label, d1, d2]
    for i, name in enumerate(names):
        tally.outcomes[name] = int((outcome[label, d1, d2] == i).sum())
    tally.inconsistent = int(inconsistent[label, d1, d2].sum())
    tally.single = int((lengths == 1).sum())
    tally.failed = failed_entries
    tally.n_pairs = n - skipped
    counts = np.bincount(decisions, minlength=4)
    for i, dec in enumerate(options):
        tally.decisions[dec] = int(counts[i])
    sources = table["source"].filter(pa.array(kept)) if skipped else table["source"]
    src = pc.dictionary_encode(sources).combine_chunks()
    tally.categories = {s: category_of(s) for s in src.dictionary.to_pylist()}
    cats = np.array(list(tally.categories.values()), dtype=object)
    src_idx = src.indices.to_numpy(zero_copy_only=False)
    for cat in dict.fromkeys(cats):
        mask = cats[src_idx] == cat
        tally.counts[cat] = [int(ok_rows[mask].sum()), int(mask.sum()) * tally.units]
    with open(path, "rb") as fh:  # the first scored record, as the sequential scan takes it
        first = next(r for r in (loads(line) for line in fh if line.strip()) if r["label"] != NO_MAJORITY)
    inner = first["judgments"][0]
    inner = inner.get("judgment") if isinstance(inner, dict) else None
    model = inner.get("judge_model") if isinstance(inner, dict) else None
    tally.meta = (first.get("judge_name"), model, first["response_model"])
    return tally
