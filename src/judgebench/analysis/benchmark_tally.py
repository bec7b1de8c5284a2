"""What ``judgebench benchmarks`` counts from judged files read into columns, vectorised over the pairs.

Per judge (judge name and model, pooled over the files) and benchmark, the credit and credit units of each
source; per benchmark, the pairs seen (for the baselines); per judge, the pair ids it judged (for coverage and
for a pair judged twice). A pair's credit is a function of its benchmark's rule, its label and its decisions:
it is computed once per distinct (rule, label, decisions) and spread over the pairs with numpy, and the
counts are added in the order the pairs first meet each judge, benchmark and source (that order is the
table's: its rows, cells and categories, and the data that seed the weighted intervals).

Where a protocol scores the records themselves (MT-Bench's expert votes, RewardBench's judge names), the file
is read record by record as well and those pairs take their (credit, units) from the protocol.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from judgebench.analysis.benchmark_cells import Counts, PairCounts, Rule, rule_for
from judgebench.catalog import Benchmark, benchmark_of
from judgebench.errors import InputError
from judgebench.judged_columns import ABSENT, DECISION_OF, LABEL_OF, UNLABELLED, PairColumns
from judgebench.metrics.protocols import UNIFORM
from judgebench.records import filename_fields, iter_judged

Key = tuple[Any, str]
"""A table row's judge: (judge name, judge model)."""
_COMBOS = (UNLABELLED + 1) * (ABSENT + 1) ** 2  # distinct (label, first decision, second decision) codes


@dataclass(slots=True)
class SeenRows:
    """Pairs of one benchmark counted from one file, in file order (pair ids are distinct within a file)."""

    pair_ids: np.ndarray  # object array of str
    source: np.ndarray  # index into Tally.sources
    label: np.ndarray
    len_a: np.ndarray
    len_b: np.ndarray
    orders: np.ndarray


@dataclass(slots=True)
class Tally:
    """The counts of every file added so far (:meth:`add`), in the order the pairs met them."""

    protocol: str = UNIFORM
    strict: bool = True
    counts: dict[Key, dict[str, Counts]] = field(default_factory=dict)
    """judge → benchmark → source → [credit, units]"""
    per_pair: dict[tuple[Any, str, str], PairCounts] = field(default_factory=dict)
    """(judge name, model, benchmark) → source → per pair (credit, units), where a protocol scores pairs"""
    judged_ids: dict[Key, dict[str, tuple[int, str]]] = field(default_factory=dict)
    """judge → pair id → (file index, path) of the file that first held it"""
    seen: dict[str, list[SeenRows]] = field(default_factory=dict)
    """benchmark → the pairs counted there, file by file (the same pair may come again from another file)"""
    sources: list[str] = field(default_factory=list)
    _source_ix: dict[str, int] = field(default_factory=dict)
    _benchmarks: dict[str, tuple[Benchmark, str] | None] = field(default_factory=dict)
    _rules: dict[str, Rule] = field(default_factory=dict)
    _credits: dict[Any, int] = field(default_factory=dict)

    def benchmark(self, source: str) -> tuple[Benchmark, str] | None:
        """The benchmark of a source and its category there (one registry walk per distinct source)."""
        if source not in self._benchmarks:
            self._benchmarks[source] = benchmark_of(source)
        return self._benchmarks[source]

    def rule(self, bench: Benchmark) -> Rule:
        """The benchmark's rule under this tally's view."""
        return rule_for(bench, self.protocol, self._rules)

    def add(self, index: int, cols: PairColumns) -> None:
        """Count the pairs of the ``index``-th file.

        Raises:
            InputError: (strict) a pair of no known benchmark or a pair this judge judged in an earlier file,
                whichever comes first in the file.
        """
        p = cols.path
        n = cols.n
        if not n:
            return
        found_of = [self.benchmark(s) for s in cols.sources]
        rules = [self.rule(f[0]) if f is not None else None for f in found_of]
        src = cols.source.astype(np.int64)
        known = np.array([f is not None for f in found_of], dtype=bool)[src]
        counts_unlabelled = np.array([r is not None and r[3] for r in rules], dtype=bool)[src]
        keep = known & ((cols.label != UNLABELLED) | counts_unlabelled)
        first_unknown = int(np.argmin(known)) if self.strict and not known.all() else n
        kept = np.flatnonzero(keep[:first_unknown])
        key_of_pair, keys = self._keys(cols, kept)
        pair_ids = np.array(cols.pair_ids, dtype=object)
        dup = self._repeated(kept, key_of_pair, keys, pair_ids)
        if self.strict and (dup.size or first_unknown < n):
            stop = int(dup[0]) if dup.size else first_unknown
            before = kept[kept < stop]  # the pairs met before the error are scored first, as one by one
            self._credit(cols, src, before, rules, key_of_pair, keys)
            if dup.size:
                key, pid = keys[int(key_of_pair[stop])], cols.pair_ids[stop]
                also = self.judged_ids[key][pid][1]
                raise InputError(f"pair {pid} judged twice by {key[0]} · {key[1]} (also in {also})", p)
            raise InputError(f"pair source {cols.sources[int(src[stop])]!r} belongs to no known benchmark", p)
        counted = np.setdiff1d(kept, dup, assume_unique=True)
        for k in np.unique(key_of_pair[counted]).tolist():
            mine = self.judged_ids.setdefault(keys[k], {})
            mine.update(dict.fromkeys(pair_ids[counted[key_of_pair[counted] == k]].tolist(), (index, p)))
        credit, units = self._credit(cols, src, counted, rules, key_of_pair, keys)
        self._count(cols, src, counted, found_of, key_of_pair, keys, credit, units)
        self._see(cols, src, counted, found_of, pair_ids)

    def _keys(self, cols: PairColumns, kept: np.ndarray) -> tuple[np.ndarray, list[Key]]:
        """Per pair, the index of its judge in the list returned (only the judges of ``kept`` pairs are named)."""
        names = filename_fields(cols.path)
        judge_ix = cols.judge.astype(np.int64)
        key_of_judge = np.zeros(len(cols.judges) or 1, dtype=np.int64)
        keys: list[Key] = []
        where: dict[Key, int] = {}
        for j in np.unique(judge_ix[kept]).tolist():
            name, model = cols.judges[j]  # -1 (no judgments) as a list index, as the records' reader names it
            key = (name or names.get("judge_name") or "?", model or names.get("judge_model") or "?")
            if key not in where:
                where[key] = len(keys)
                keys.append(key)
            key_of_judge[j] = where[key]
        return key_of_judge[judge_ix], keys

    def _repeated(self, kept: np.ndarray, key_of_pair: np.ndarray, keys: list[Key], pair_ids: np.ndarray) -> np.ndarray:
        """The kept pairs (indices, in file order) whose judge judged them in an earlier file."""
        out = []
        for k, key in enumerate(keys):
            mine = self.judged_ids.get(key)
            if mine:
                sel = kept[key_of_pair[kept] == k]
                ids = pair_ids[sel].tolist()
                out.append(sel[np.fromiter((pid in mine for pid in ids), dtype=bool, count=len(ids))])
        return np.sort(np.concatenate(out)) if out else np.zeros(0, np.int64)

    def _credit(
        self,
        cols: PairColumns,
        src: np.ndarray,
        counted: np.ndarray,
        rules: list[Rule | None],
        key_of_pair: np.ndarray,
        keys: list[Key],
    ) -> tuple[np.ndarray, np.ndarray]:
        """Per counted pair, its credit and credit units under its benchmark's rule (or protocol)."""
        combo = cols.label.astype(np.int64) * (ABSENT + 1) ** 2 + cols.d1.astype(np.int64) * (ABSENT + 1) + cols.d2
        cell = src[counted] * _COMBOS + combo[counted]
        table = np.zeros(len(cols.sources) * _COMBOS, dtype=np.int64)
        for c in np.unique(cell).tolist():
            s, code = divmod(c, _COMBOS)
            rule = rules[s]
            if rule is None or rule[2] is not None:
                continue
            lab, rest = divmod(code, (ABSENT + 1) ** 2)
            x, y = divmod(rest, ABSENT + 1)
            table[c] = self._pair_credit(rule, lab, x, y)
        credit = table[cell]
        units_of = np.array([r[1] if r is not None else 0 for r in rules], dtype=np.int64)
        units = units_of[src[counted]]
        scored = [r is not None and r[2] is not None for r in rules]
        if self.protocol != UNIFORM and any(scored):
            self._pair_scores(cols, src, counted, rules, key_of_pair, keys, credit, units)
        return credit, units

    def _pair_credit(self, rule: Rule, lab: int, x: int, y: int) -> int:
        key = (rule, lab, x, y)  # the whole rule: its aggregation and its credit units
        found = self._credits.get(key)
        if found is None:
            decisions = [DECISION_OF[c] for c in (x, y) if c != ABSENT]
            found = self._credits[key] = round(float(rule[0](LABEL_OF[lab], decisions)) * rule[1])
        return found

    def _pair_scores(
        self,
        cols: PairColumns,
        src: np.ndarray,
        counted: np.ndarray,
        rules: list[Rule | None],
        key_of_pair: np.ndarray,
        keys: list[Key],
        credit: np.ndarray,
        units: np.ndarray,
    ) -> None:
        """Read the file's records and score the counted pairs whose protocol scores records (in place)."""
        position = {int(i): at for at, i in enumerate(counted.tolist())}
        last = max(position, default=-1)
        for i, jp in enumerate(iter_judged(cols.path, unlabelled=True)):
            if i > last:
                break
            at = position.get(i)
            if at is None:
                continue
            rule = rules[int(src[i])]
            if rule is None or rule[2] is None:
                continue
            jp.judge_name = keys[int(key_of_pair[i])][0]  # the file name's judge_name where records lack one
            credit[at], units[at] = rule[2](jp)

    def _count(
        self,
        cols: PairColumns,
        src: np.ndarray,
        counted: np.ndarray,
        found_of: list[tuple[Benchmark, str] | None],
        key_of_pair: np.ndarray,
        keys: list[Key],
        credit: np.ndarray,
        units: np.ndarray,
    ) -> None:
        """Add each (judge, source) group's sums, groups in the order their first pair comes."""
        n_src = len(cols.sources)
        group = key_of_pair[counted] * n_src + src[counted]
        uniq, first, inverse = np.unique(group, return_index=True, return_inverse=True)
        inverse = inverse.ravel()
        if not uniq.size:
            return
        by_group = np.argsort(inverse, kind="stable")
        bounds = np.searchsorted(inverse[by_group], np.arange(uniq.size + 1))
        k_sum = np.add.reduceat(credit[by_group], bounds[:-1]).tolist()  # integer sums, exact
        n_sum = np.add.reduceat(units[by_group], bounds[:-1]).tolist()
        for g in np.argsort(first, kind="stable").tolist():
            k, s = divmod(int(uniq[g]), n_src)
            found = found_of[s]
            assert found is not None  # counted pairs are of a known benchmark
            bench, source, key = found[0].name, cols.sources[s], keys[k]
            c = self.counts.setdefault(key, {}).setdefault(bench, {}).setdefault(source, [0, 0])
            c[0] += k_sum[g]
            c[1] += n_sum[g]
            if self.protocol != UNIFORM and self.rule(found[0])[2] is not None:
                members = by_group[bounds[g] : bounds[g + 1]]
                scores = list(zip(credit[members].tolist(), units[members].tolist(), strict=True))
                self.per_pair.setdefault((*key, bench), {}).setdefault(source, []).extend(scores)

    def _see(
        self,
        cols: PairColumns,
        src: np.ndarray,
        counted: np.ndarray,
        found_of: list[tuple[Benchmark, str] | None],
        pair_ids: np.ndarray,
    ) -> None:
        """Keep, per benchmark, the counted pairs' baseline facts (source, label, lengths, orders)."""
        bench_names = [f[0].name if f is not None else "" for f in found_of]
        bench_codes = {b: i for i, b in enumerate(dict.fromkeys(bench_names))}
        bench_of_pair = np.array([bench_codes[b] for b in bench_names], dtype=np.int64)[src[counted]]
        global_src = np.array([self._source(s) for s in cols.sources], dtype=np.int64)
        orders = cols.orders
        for b, code in bench_codes.items():
            sel = counted[bench_of_pair == code]
            if not sel.size:
                continue
            rows = SeenRows(
                pair_ids[sel], global_src[src[sel]], cols.label[sel], cols.len_a[sel], cols.len_b[sel], orders[sel]
            )
            self.seen.setdefault(b, []).append(rows)

    def _source(self, source: str) -> int:
        found = self._source_ix.get(source)
        if found is None:
            found = self._source_ix[source] = len(self.sources)
            self.sources.append(source)
        return found
