"""A recorded-outputs file loaded into columns for the analyses: one entry per pair, in file order.

Pair files without ``judgments`` load too (the length baselines need only the pairs); then
``judged`` is False and every pair has no decisions.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

from judgebench.best_of_k import is_judged_best_of_k
from judgebench.errors import ConfigError, InputError, MalformedRecordError
from judgebench.jsonl import iter_jsonl
from judgebench.metrics.scorecard import OVERALL
from judgebench.metrics.vote import AGGREGATIONS, aligned, vote_sum
from judgebench.records import CATEGORIES, JudgedPair, Pair, category_of, filename_fields, judge_model_of
from judgebench.records import unique_records as unique_pairs


@dataclass(slots=True)
class JudgedFile:
    """The columns of one file the analyses use.

    Attributes:
        decisions: per pair, the decisions as recorded (the second in swapped positions); empty if unjudged.
    """

    path: str
    judge_name: str | None
    judge_model: str | None
    response_model: str | None
    pair_ids: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    decisions: list[list[str | None]] = field(default_factory=list)
    len_a: list[int] = field(default_factory=list)
    len_b: list[int] = field(default_factory=list)
    judged: bool = True

    @property
    def n(self) -> int:
        """Number of pairs."""
        return len(self.pair_ids)

    @property
    def name(self) -> str:
        """A short display name: the judge model (or name), else the file name."""
        return self.judge_model or self.judge_name or os.path.basename(self.path)

    def correct(self, rule: str = "vote") -> np.ndarray:
        """Per pair, whether it is judged correctly under an aggregation rule (bool array)."""
        fn = AGGREGATIONS.get(rule)
        return np.array([bool(fn(lab, d)) for lab, d in zip(self.labels, self.decisions, strict=True)], dtype=bool)

    def verdicts(self) -> list[str]:
        """Per pair, the response the vote over both orders prefers: ``A``, ``B`` or ``-`` (none)."""
        out = []
        for d in self.decisions:
            s = vote_sum("A>B", d)
            out.append("A" if s > 0 else "B" if s < 0 else "-")
        return out

    def aligned(self) -> list[list[str | None]]:
        """Per pair, the decisions in the original positions (the second flipped back)."""
        return [aligned(d) for d in self.decisions]

    def groups(self) -> Iterator[tuple[str, np.ndarray]]:
        """``(category, index array)`` for each category with pairs, then Overall.

        The paper's four come first, then any other category a source declares (a benchmark's subsets) in the
        order met, then Other.
        """
        cats = np.array(self.categories, dtype=object)
        paper = [*map(str, CATEGORIES), "Other"]
        declared = [c for c in dict.fromkeys(self.categories) if c not in paper]
        for cat in [*paper[:-1], *declared, "Other"]:
            idx = np.flatnonzero(cats == cat)
            if idx.size:
                yield cat, idx
        yield OVERALL, np.arange(self.n)


def load_judged(path: str | os.PathLike[str], *, require_judgments: bool = True) -> JudgedFile:
    """Read a recorded-outputs file (or, with ``require_judgments=False``, a pairs file) into columns.

    Raises:
        InputError: missing file; MalformedRecordError for bad records (with the line), an empty file,
            or (when required) records without judgments; DuplicatePairError for a repeated pair_id.
    """
    p = str(path)
    names = filename_fields(p)
    out = JudgedFile(p, None, None, None)
    for line, d in unique_pairs(iter_jsonl(p), p):
        if "judgments" in d:
            jp = JudgedPair.from_dict(d, p, line)
            pair = jp.pair
            out.decisions.append(jp.decisions)
            if out.judge_name is None:
                out.judge_name = jp.judge_name
            if out.judge_model is None:
                out.judge_model = judge_model_of(jp.judgments)
        elif require_judgments:
            raise MalformedRecordError("missing key 'judgments' (is this a pairs file, not judge outputs?)", p, line)
        else:
            pair = Pair.from_dict(d, p, line)
            out.decisions.append([])
        if out.response_model is None:
            out.response_model = pair.response_model
        out.pair_ids.append(pair.pair_id)
        out.questions.append(pair.question)
        out.categories.append(str(category_of(pair.source)))
        out.labels.append(pair.label)
        out.len_a.append(len(pair.response_A))
        out.len_b.append(len(pair.response_B))
    if not out.pair_ids:
        raise MalformedRecordError("no pairs in file", p)
    out.judged = any(out.decisions)
    if require_judgments and not out.judged:
        raise InputError("no judgments in file", p)
    out.judge_name = out.judge_name or names.get("judge_name")
    out.judge_model = out.judge_model or names.get("judge_model")
    out.response_model = out.response_model or names.get("response_model")
    return out


def shared_indices(a: JudgedFile, b: JudgedFile) -> tuple[np.ndarray, np.ndarray]:
    """Indices into ``a`` and ``b`` of the pair_ids both hold, in ``a``'s order."""
    where_b = {pid: i for i, pid in enumerate(b.pair_ids)}
    ia = [i for i, pid in enumerate(a.pair_ids) if pid in where_b]
    ib = [where_b[a.pair_ids[i]] for i in ia]
    return np.array(ia, dtype=np.int64), np.array(ib, dtype=np.int64)


def file_kind(path: str | os.PathLike[str]) -> str:
    """``judged``, ``best-of-k`` (a judged best-of-K set), ``solve`` or ``pairs``, from the first record's keys.

    Raises:
        InputError: a missing file; MalformedRecordError for an empty or non-JSONL file.
    """
    for _, d in iter_jsonl(path):
        if "judgments" in d:
            return "judged"
        if is_judged_best_of_k(d):
            return "best-of-k"
        if "outcome" in d and "pair_id" in d:
            return "solve"
        return "pairs"
    raise MalformedRecordError("no records in file", str(path))


def load_files(analysis: str, paths: list[str], at_least: int = 1) -> list[JudgedFile]:
    """Every file loaded for ``analysis``; fewer than ``at_least`` files is a ConfigError."""
    if len(paths) < at_least:
        raise ConfigError(f"analyze {analysis} needs at least {at_least} files")
    return [load_judged(p) for p in paths]
