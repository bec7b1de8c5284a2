"""A recorded-outputs file loaded into columns for the analyses: one entry per pair, in file order.

Pair files without ``judgments`` load too (the length baselines need only the pairs); then
``judged`` is False and every pair has no decisions.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from judgebench.errors import ConfigError, InputError, MalformedRecordError
from judgebench.file_kinds import file_kind
from judgebench.judged_columns import ABSENT, DECISION_OF, LABEL_OF, UNLABELLED, PairColumns, check_loaded, read_columns
from judgebench.metrics.scorecard import OVERALL
from judgebench.metrics.vote import AGGREGATIONS, aligned, vote_sum
from judgebench.records import CATEGORIES, category_of, filename_fields

__all__ = ["JudgedFile", "file_kind", "from_columns", "load_files", "load_judged", "shared_indices"]


@dataclass(slots=True)
class JudgedFile:
    """The columns of one file the analyses use (:class:`~judgebench.judged_columns.PairColumns`), and views of them.

    Per-pair statistics are functions of the pair's label and decisions: :meth:`pair_map` evaluates one once
    per distinct (label, decisions) and spreads the values over the pairs, so the analyses call the same
    rules as before without a Python call per pair.
    """

    path: str
    judge_name: str | None
    judge_model: str | None
    response_model: str | None
    cols: PairColumns = field(default_factory=lambda: PairColumns(""))
    judged: bool = True
    _maps: dict[Any, np.ndarray] = field(default_factory=dict, repr=False)

    @property
    def n(self) -> int:
        """Number of pairs."""
        return self.cols.n

    @property
    def pair_ids(self) -> list[str]:
        """Pair ids in file order."""
        return self.cols.pair_ids

    @property
    def question_keys(self) -> list[bytes]:
        """A digest of each pair's question (:func:`~judgebench.judged_columns.question_key`).

        Raises:
            ValueError: the file was read without them (``load_judged(questions=False)``).
        """
        if len(self.cols.question_keys) != self.cols.n:
            raise ValueError(f"{self.path} was read without question digests: load_judged(path, questions=True)")
        return self.cols.question_keys

    @property
    def len_a(self) -> np.ndarray:
        """Length of response A in characters, per pair."""
        return self.cols.len_a

    @property
    def len_b(self) -> np.ndarray:
        """Length of response B in characters, per pair."""
        return self.cols.len_b

    @property
    def label_a(self) -> np.ndarray:
        """Per pair, whether the label is ``A>B``."""
        return np.asarray(self.cols.label == 0)

    @property
    def labels(self) -> list[str]:
        """Per pair, the label."""
        return [LABEL_OF[c] for c in self.cols.label.tolist()]

    @property
    def decisions(self) -> list[list[str | None]]:
        """Per pair, the decisions as recorded (the second in swapped positions); empty if unjudged."""
        return [_decisions(x, y) for x, y in zip(self.cols.d1.tolist(), self.cols.d2.tolist(), strict=True)]

    def category_array(self) -> np.ndarray:
        """Per pair, its category (object array)."""
        names = np.array([str(category_of(s)) for s in self.cols.sources] or [""], dtype=object)
        return np.asarray(names[self.cols.source])

    @property
    def categories(self) -> list[str]:
        """Per pair, its category."""
        return list(self.category_array())

    @property
    def name(self) -> str:
        """A short display name: the judge model (or name), else the file name."""
        return self.judge_model or self.judge_name or os.path.basename(self.path)

    def pair_map(self, fn: Callable[[str, list[str | None]], Any], key: Any, dtype: Any = np.int64) -> np.ndarray:
        """Per pair, ``fn(label, decisions)``, evaluated once per distinct (label, decisions); cached by ``key``."""
        found = self._maps.get(key)
        if found is None:
            combo = self._combo()
            present = np.flatnonzero(np.bincount(combo, minlength=_COMBOS))
            table = np.zeros(_COMBOS, dtype=dtype)
            for c in present.tolist():
                lab, rest = divmod(c, (ABSENT + 1) ** 2)
                x, y = divmod(rest, ABSENT + 1)
                table[c] = fn(LABEL_OF[lab], _decisions(x, y))
            found = self._maps[key] = table[combo]
        return found

    def _combo(self) -> np.ndarray:
        found = self._maps.get("combo")
        if found is None:
            c = self.cols
            found = c.label.astype(np.int64) * (ABSENT + 1) ** 2 + c.d1.astype(np.int64) * (ABSENT + 1) + c.d2
            self._maps["combo"] = found
        return found

    @property
    def orders(self) -> np.ndarray:
        """Per pair, the orders judged (0 for a pair without judgments)."""
        return self.cols.orders

    def correct(self, rule: str = "vote") -> np.ndarray:
        """Per pair, whether it is judged correctly under an aggregation rule (bool array)."""
        fn = AGGREGATIONS.get(rule)
        return self.pair_map(lambda lab, d: bool(fn(lab, d)), ("correct", rule), bool)

    def verdict_codes(self) -> np.ndarray:
        """Per pair, the response the vote over both orders prefers: 0 A, 1 B, 2 none (see :data:`VERDICTS`)."""

        def code(_lab: str, d: list[str | None]) -> int:
            s = vote_sum("A>B", d)
            return 0 if s > 0 else 1 if s < 0 else 2

        return self.pair_map(code, "verdict")

    def verdicts(self) -> list[str]:
        """Per pair, the response the vote over both orders prefers: ``A``, ``B`` or ``-`` (none)."""
        return [VERDICTS[v] for v in self.verdict_codes().tolist()]

    def aligned(self) -> list[list[str | None]]:
        """Per pair, the decisions in the original positions (the second flipped back)."""
        return [aligned(d) for d in self.decisions]

    def groups(self) -> Iterator[tuple[str, np.ndarray]]:
        """``(category, index array)`` for each category with pairs, then Overall.

        The paper's four come first, then any other category a source declares (a benchmark's subsets) in the
        order met, then Other.
        """
        names = [str(category_of(s)) for s in self.cols.sources]  # sources are kept in the order met
        paper = [*map(str, CATEGORIES), "Other"]
        declared = [c for c in dict.fromkeys(names) if c not in paper]
        code_of = {c: i for i, c in enumerate(dict.fromkeys(names))}
        cat_code = np.array([code_of[c] for c in names] or [0], dtype=np.int64)[self.cols.source]
        for cat in [*paper[:-1], *declared, "Other"]:
            if cat in code_of:
                idx = np.flatnonzero(cat_code == code_of[cat])
                if idx.size:
                    yield cat, idx
        yield OVERALL, np.arange(self.n)


VERDICTS = ("A", "B", "-")
#: label codes: A>B, B>A and UNLABELLED (no majority), which the analyses never load
_LABEL_CODES = UNLABELLED + 1
_COMBOS = _LABEL_CODES * (ABSENT + 1) ** 2


def _decisions(x: int, y: int) -> list[str | None]:
    out: list[str | None] = []
    if x != ABSENT:
        out.append(DECISION_OF[x])
        if y != ABSENT:
            out.append(DECISION_OF[y])
    return out


def from_columns(cols: PairColumns, *, require_judgments: bool = True) -> JudgedFile:
    """The analyses' view of a file read into columns (judge and models as :func:`load_judged` names them).

    Raises:
        MalformedRecordError: no pairs; InputError: no judgments when they are required.
    """
    p = cols.path
    if not cols.n:
        raise MalformedRecordError("no pairs in file", p)
    names = filename_fields(p)
    judge_name = next((k[0] for k in cols.judges if k[0] is not None), None)
    judge_model = next((k[1] for k in cols.judges if k[1] is not None), None)
    judged = bool((cols.d1 != ABSENT).any())
    if require_judgments and not judged:
        raise InputError("no judgments in file", p)
    return JudgedFile(
        p,
        judge_name or names.get("judge_name"),
        judge_model or names.get("judge_model"),
        cols.response_model or names.get("response_model"),
        cols,
        judged,
    )


def load_judged(path: str | os.PathLike[str], *, require_judgments: bool = True, questions: bool = True) -> JudgedFile:
    """Read a recorded-outputs file (or, with ``require_judgments=False``, a pairs file) into columns.

    ``questions``: keep a digest of each question (:attr:`JudgedFile.question_keys`), which only matching two
    files' pairs by question needs (self-preference); without it the read skips hashing every question.

    Raises:
        InputError: missing file; MalformedRecordError for bad records (with the line), an empty file,
            or (when required) records without judgments; DuplicatePairError for a repeated pair_id.
    """
    cols = read_columns(path, require_judgments=require_judgments, check=check_loaded, questions=questions)
    return from_columns(cols, require_judgments=require_judgments)


def shared_indices(a: JudgedFile, b: JudgedFile) -> tuple[np.ndarray, np.ndarray]:
    """Indices into ``a`` and ``b`` of the pair_ids both hold, in ``a``'s order."""
    where_b = {pid: i for i, pid in enumerate(b.pair_ids)}
    ia = [i for i, pid in enumerate(a.pair_ids) if pid in where_b]
    ib = [where_b[a.pair_ids[i]] for i in ia]
    return np.array(ia, dtype=np.int64), np.array(ib, dtype=np.int64)


def load_files(analysis: str, paths: list[str], at_least: int = 1, *, questions: bool = False) -> list[JudgedFile]:
    """Every file loaded for ``analysis``; fewer than ``at_least`` files is a ConfigError.

    ``questions``: with question digests (only matching pairs by question needs them).
    """
    if len(paths) < at_least:
        raise ConfigError(f"analyze {analysis} needs at least {at_least} files")
    return [load_judged(p, questions=questions) for p in paths]
