"""The counters of one scan of a judged file: per category, per decision, per outcome; chunks merge.

Both scans fill a :class:`Tally`: the sequential one in :mod:`~judgebench.metrics.scorecard` record by
record, the columnar one (:func:`tally_of_columns`) with numpy over :mod:`~judgebench.judged_columns`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from judgebench.errors import MalformedRecordError
from judgebench.judged_columns import ABSENT, DECISION_CODES, UNLABELLED, PairColumns
from judgebench.metrics.vote import AGGREGATIONS, credit_units, is_inconsistent
from judgebench.records import (
    DECISIONS,
    FAILED,
    LABELS,
    NO_MAJORITY,
    REQUIRED_KEYS,
    category_of,
    check_judgments,
    check_pair_fields,
    judgment_outcome,
)


def outcome_table(rule: str) -> dict[tuple[str | None, ...], tuple[int, str, bool]]:
    """(label, decision, [decision]) → (credit under ``rule`` in units, outcome, position-inconsistent), precomputed.

    The credit is in the rule's units (:func:`~judgebench.metrics.vote.credit_units`): 0 or 1 for the pair
    rules, 0 to 2 halves for ``average``. The outcome is the rule's: ``correct`` when the rule credits the
    labelled response more than the other one (the rule applied to the flipped label), ``incorrect`` when it
    credits the other one more, else ``undecided``. Under the vote rule that is the vote sum's sign; under
    ``first`` the first order's verdict; under ``agree`` both orders agreeing.
    """
    correct = AGGREGATIONS.get(rule)
    units = credit_units(rule)
    table: dict[tuple[str | None, ...], tuple[int, str, bool]] = {}
    options: list[str | None] = [*DECISIONS, None]
    for label in LABELS:
        other = "B>A" if label == "A>B" else "A>B"  # the flipped label: the rule crediting the other response
        combos: list[tuple[str | None, ...]] = [(x,) for x in options] + [(x, y) for x in options for y in options]
        for decs in combos:
            mine, theirs = float(correct(label, decs)), float(correct(other, decs))
            outcome = "correct" if mine > theirs else "incorrect" if theirs > mine else "undecided"
            table[(label, *decs)] = (round(mine * units), outcome, is_inconsistent(decs))
    return table


@dataclass(slots=True)
class Tally:
    """Counters of one scan; tallies of file chunks merge into the file's."""

    rule: str
    #: skip the pairs labelled :data:`~judgebench.records.NO_MAJORITY` (counted in ``unlabelled_pairs``); without
    #: it such a pair is refused as every other unknown label is
    unlabelled: bool = False
    #: category → [credit units earned, units]; ``units`` per pair (the rule's denominator, 1 for pair rules)
    counts: dict[str, list[int]] = field(default_factory=dict)
    decisions: dict[str | None, int] = field(default_factory=lambda: {"A>B": 0, "B>A": 0, "A=B": 0, None: 0})
    outcomes: dict[str, int] = field(default_factory=lambda: {"correct": 0, "incorrect": 0, "undecided": 0})
    inconsistent: int = 0
    single: int = 0
    failed: int = 0
    n_pairs: int = 0
    #: pairs labelled ``no-majority`` that were skipped (they have no right answer to score)
    unlabelled_pairs: int = 0
    meta: tuple[str | None, str | None, str | None] | None = None
    table: dict[tuple[str | None, ...], tuple[int, str, bool]] = field(default_factory=dict)
    units: int = 1
    #: source → category for this scan (the catalog's lookup, once per distinct source)
    categories: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.table = outcome_table(self.rule)
        self.units = credit_units(self.rule)

    def add(self, d: dict[str, Any], path: str, line: int) -> None:
        """Validate one judged record and count it (a fast path; the full validators name what is wrong)."""
        js = d.get("judgments")
        entry = None
        try:
            if type(js) is list and d.keys() >= REQUIRED_KEYS:
                if len(js) == 2:
                    e1, e2 = js
                    key: tuple[str | None, ...] = (
                        d["label"],
                        None if e1 is None else e1["decision"],
                        None if e2 is None else e2["decision"],
                    )
                else:
                    (e1,) = js
                    key = (d["label"], None if e1 is None else e1["decision"])
                entry = self.table.get(key)
                if not (
                    type(d["pair_id"]) is str
                    and type(d["source"]) is str
                    and type(d["question"]) is str
                    and type(d["response_model"]) is str
                    and type(d["response_A"]) is str
                    and type(d["response_B"]) is str
                ):
                    entry = None
        except (KeyError, TypeError, ValueError):
            entry = None
        if entry is None and self.unlabelled and d.get("label") == NO_MAJORITY:
            check_pair_fields(d, path, line, unlabelled=True)  # a valid record, skipped explicitly
            if "judgments" not in d:
                raise MalformedRecordError("missing key 'judgments'", path, line)
            check_judgments(js, path, line)
            self.unlabelled_pairs += 1
            return
        if entry is None:  # something is wrong: let the validators say what and where
            check_pair_fields(d, path, line)
            if "judgments" not in d:
                raise MalformedRecordError("missing key 'judgments'", path, line)
            check_judgments(js, path, line)
            raise MalformedRecordError("invalid judged record", path, line)  # pragma: no cover
        ok, outcome, inconsistent = entry
        if self.meta is None:
            first = js[0]  # type: ignore[index]
            inner = first.get("judgment") if isinstance(first, dict) else None
            model = inner.get("judge_model") if isinstance(inner, dict) else None
            self.meta = (d.get("judge_name"), model, d["response_model"])
        self.n_pairs += 1
        dec_counts = self.decisions
        for dec in key[1:]:
            dec_counts[dec] += 1
        if None in key:
            self.failed += sum(judgment_outcome(e) == FAILED for e in js)  # type: ignore[union-attr]
        if len(key) == 2:
            self.single += 1
        elif inconsistent:
            self.inconsistent += 1
        self.outcomes[outcome] += 1
        source = d["source"]
        cat = self.categories.get(source)
        if cat is None:
            cat = self.categories[source] = category_of(source)
        c = self.counts.get(cat)
        if c is None:
            c = self.counts[cat] = [0, 0]
        c[0] += ok
        c[1] += self.units

    def merge(self, other: Tally) -> None:
        """Add another chunk's counts (chunks merged in file order)."""
        for cat, (k, n) in other.counts.items():
            c = self.counts.setdefault(cat, [0, 0])
            c[0] += k
            c[1] += n
        for dec, value in other.decisions.items():
            self.decisions[dec] += value
        for name, value in other.outcomes.items():
            self.outcomes[name] += value
        self.inconsistent += other.inconsistent
        self.single += other.single
        self.failed += other.failed
        self.n_pairs += other.n_pairs
        self.unlabelled_pairs += other.unlabelled_pairs
        self.meta = self.meta or other.meta
        for source, cat in other.categories.items():
            self.categories.setdefault(source, cat)


def tally_of_columns(cols: PairColumns, rule: str, *, unlabelled: bool = False) -> Tally:
    """The tally of a file read into columns (:func:`~judgebench.judged_columns.read_columns`), counted with numpy.

    The same counts as :meth:`Tally.add` over the file's records: each pair's (label, decisions) is looked up
    in the rule's :func:`outcome_table` once per distinct combination.
    """
    tally = Tally(rule, unlabelled=unlabelled)
    kept = cols.label != UNLABELLED
    tally.unlabelled_pairs = int(cols.n - kept.sum())
    label, d1, d2 = cols.label[kept], cols.d1[kept], cols.d2[kept]
    names = ("correct", "incorrect", "undecided")
    ok = np.zeros((len(LABELS), ABSENT + 1, ABSENT + 1), dtype=np.int64)
    outcome = np.zeros_like(ok)
    inconsistent = np.zeros_like(ok)
    for (lab, *decs), (credit, result, inc) in tally.table.items():
        x = DECISION_CODES[decs[0]]
        y = DECISION_CODES[decs[1]] if len(decs) == 2 else ABSENT
        li = LABELS.index(str(lab))
        ok[li, x, y], outcome[li, x, y], inconsistent[li, x, y] = credit, names.index(result), inc
    credit_rows = ok[label, d1, d2]
    outcomes = np.bincount(outcome[label, d1, d2], minlength=3)
    tally.outcomes = {name: int(outcomes[i]) for i, name in enumerate(names)}
    tally.inconsistent = int(inconsistent[label, d1, d2].sum())
    tally.single = int((d2 == ABSENT).sum())
    tally.failed = int(cols.failed[kept].sum())
    tally.n_pairs = int(kept.sum())
    counts = np.bincount(d1, minlength=ABSENT + 1) + np.bincount(d2, minlength=ABSENT + 1)
    for dec, code in DECISION_CODES.items():
        tally.decisions[dec] = int(counts[code])
    source = cols.source[kept]
    used = np.flatnonzero(np.bincount(source, minlength=len(cols.sources)))
    first = {int(s): int(np.argmax(source == s)) for s in used}  # categories meet in order of first appearance
    for s in sorted(used, key=lambda s: first[int(s)]):
        name = cols.sources[int(s)]
        tally.categories[name] = category_of(name)
    credit_by_source = np.bincount(source, weights=credit_rows, minlength=len(cols.sources))
    n_by_source = np.bincount(source, minlength=len(cols.sources))
    for s in sorted(used, key=lambda s: first[int(s)]):
        cat = tally.categories[cols.sources[int(s)]]
        c = tally.counts.setdefault(cat, [0, 0])
        c[0] += round(float(credit_by_source[s]))
        c[1] += int(n_by_source[s]) * tally.units
    tally.meta = cols.scored_meta
    return tally
