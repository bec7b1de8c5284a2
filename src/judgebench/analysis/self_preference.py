"""Self-preference: one judge on two response-model splits, its own model's pairs against another's.

Both responses of a pair come from the same model, so "preferring itself" cannot mean picking its own
response; what the paper measures (Claude-3.5-Sonnet: 64.3 on GPT-4o pairs, 44.8 on its own) is how much
worse a judge does on pairs written by its own model family. Reported:

* accuracy on each split and the **gap** own − other in points, with an unpaired bootstrap interval (the
  splits hold different pairs) and per category;
* the **direction of errors** on each split: pairs judged consistently wrong (the judge backs the wrong
  response in both orders), the flip rate (same slot twice), and the share of wrong decisions that pick
  the response shown first;
* the same gap on the **questions both splits share** (matched by question text), paired by question,
  with its paired interval and exact McNemar p-value.

The own split is the one whose response model is of the judge model's family (see :func:`family`).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from judgebench.analysis.compare import PairedDiff, paired_diff
from judgebench.analysis.judged import JudgedFile, load_files
from judgebench.analysis.position import pair_kind, same_slot
from judgebench.analysis.resample import Share, two_sample_diff_ci
from judgebench.errors import ConfigError
from judgebench.metrics.vote import aligned
from judgebench.records import flip

_FAMILIES = {
    "claude": "anthropic",
    "gpt": "openai",
    "chatgpt": "openai",
    "o1": "openai",
    "o3": "openai",
    "gemini": "google",
    "gemma": "google",
    "llama": "meta",
    "qwen": "qwen",
    "qwen2": "qwen",
    "mistral": "mistral",
    "mixtral": "mistral",
    "deepseek": "deepseek",
}


def family(model: str | None) -> str | None:
    """The model family of a name: ``claude-3-haiku`` → anthropic, ``gpt-4o``/``o1-mini`` → openai, ..."""
    if not model:
        return None
    tokens = [t for t in re.split(r"[-_/ .:]", model.lower()) if t]
    for t in tokens:
        if t in _FAMILIES:
            return _FAMILIES[t]
    return tokens[0] if tokens else None


@dataclass(slots=True)
class SplitErrors:
    """How a judge goes wrong on one split."""

    accuracy: Share
    consistent_wrong: Share
    flip_rate: Share
    wrong_picks_first_slot: Share

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "accuracy": self.accuracy.to_dict(),
            "consistent_wrong": self.consistent_wrong.to_dict(),
            "flip_rate": self.flip_rate.to_dict(),
            "wrong_picks_first_slot": self.wrong_picks_first_slot.to_dict(),
        }


@dataclass(slots=True)
class SelfPreference:
    """A judge on its own family's pairs against another model's pairs."""

    judge: str
    own_file: str
    other_file: str
    own_model: str | None
    other_model: str | None
    own: SplitErrors
    other: SplitErrors
    gap: dict[str, tuple[float | None, tuple[float, float] | None]] = field(default_factory=dict)
    shared_questions: PairedDiff | None = None
    judge_name: str | None = None
    judge_model: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON form; ``gap`` maps each category to own − other accuracy (points) and its interval."""
        return {
            "judge_name": self.judge_name,
            "judge_model": self.judge_model,
            "own_file": self.own_file,
            "other_file": self.other_file,
            "own_response_model": self.own_model,
            "other_response_model": self.other_model,
            "own": self.own.to_dict(),
            "other": self.other.to_dict(),
            "gap": {k: {"value": v, "ci95": list(ci) if ci else None} for k, (v, ci) in self.gap.items()},
            "shared_questions": self.shared_questions.to_dict() if self.shared_questions else None,
        }


def _wrong_picks(label: str, d: list[str | None]) -> tuple[int, int]:
    """(orders picking the wrong response in the first slot, orders picking the wrong response)."""
    wrong = flip(label)
    k = n = 0
    for raw, al in zip(d, aligned(d), strict=True):
        if al == wrong:
            n += 1
            k += raw == "A>B"
    return k, n


def _errors(jf: JudgedFile, iterations: int, seed: int) -> SplitErrors:
    right = jf.correct("vote")
    two = jf.orders == 2
    # only a pair judged in both orders can be consistently wrong (pair_kind needs two decisions)
    wrong_kind = int(
        jf.pair_map(
            lambda lab, d: len(d) == 2 and pair_kind(lab, aligned(d)) == "consistent_wrong", "wrong", bool
        ).sum()
    )
    flips = int((jf.pair_map(lambda _lab, d: same_slot(d) is not None, "flip", bool) & two).sum())
    first_k = int(jf.pair_map(lambda lab, d: _wrong_picks(lab, d)[0], "wrong-first").sum())
    first_n = int(jf.pair_map(lambda lab, d: _wrong_picks(lab, d)[1], "wrong-picks").sum())
    n_two = int(two.sum())
    return SplitErrors(
        Share.of(int(right.sum()), jf.n, iterations=iterations, seed=seed),
        Share.of(wrong_kind, n_two, iterations=iterations, seed=seed),
        Share.of(flips, n_two, iterations=iterations, seed=seed),
        Share.of(first_k, first_n, iterations=iterations, seed=seed),
    )


def pick_own(a: JudgedFile, b: JudgedFile) -> tuple[JudgedFile, JudgedFile]:
    """``(own, other)``: the file whose response-model family is the judge's comes first.

    Raises:
        ConfigError: not the same judge model, or not exactly one split of the judge's family.
    """
    if a.judge_model != b.judge_model:
        raise ConfigError(f"self-preference needs one judge model on two splits, got {a.name!r} and {b.name!r}")
    fam = family(a.judge_model)
    own = [f for f in (a, b) if family(f.response_model) == fam]
    if len(own) != 1:
        splits = f"{a.response_model!r} and {b.response_model!r}"
        raise ConfigError(f"cannot tell which split is the judge {a.name!r}'s own ({fam}): {splits}; use --own FILE")
    return (a, b) if own[0] is a else (b, a)


def self_preference(own: JudgedFile, other: JudgedFile, *, iterations: int = 1000, seed: int = 0) -> SelfPreference:
    """The self-preference analysis of a judge, given its own-family split and another split."""
    res = SelfPreference(
        own.name,
        own.path,
        other.path,
        own.response_model,
        other.response_model,
        _errors(own, iterations, seed),
        _errors(other, iterations, seed),
        judge_name=own.judge_name,
        judge_model=own.judge_model,
    )
    r_own, r_other = own.correct("vote"), other.correct("vote")
    other_groups = dict(other.groups())
    for cat, idx in own.groups():
        jdx = other_groups.get(cat)
        if jdx is None:
            continue
        k1, n1, k2, n2 = int(r_own[idx].sum()), int(idx.size), int(r_other[jdx].sum()), int(jdx.size)
        value = round(100.0 * (k1 / n1 - k2 / n2), 2)
        ci = two_sample_diff_ci(k1, n1, k2, n2, iterations=iterations, seed=seed)
        res.gap[cat] = (value, ci)
    first_other: dict[bytes, int] = {}
    for j, q in enumerate(other.question_keys):
        first_other.setdefault(q, j)
    seen: set[bytes] = set()
    io, jo = [], []
    for i, q in enumerate(own.question_keys):
        if q in first_other and q not in seen:
            seen.add(q)
            io.append(i)
            jo.append(first_other[q])
    if io:
        res.shared_questions = paired_diff(r_own[np.array(io)], r_other[np.array(jo)], iterations=iterations, seed=seed)
    return res


def self_preference_files(
    paths: list[str], *, own: str | None = None, iterations: int = 1000, seed: int = 0
) -> SelfPreference:
    """``analyze self-preference``: one judge on two response-model splits; ``own`` names its own split."""
    if len(paths) != 2:
        raise ConfigError("analyze self-preference needs two files: one judge on two response-model splits")
    a, b = load_files("self-preference", paths, questions=True)
    if own:
        same = [f for f in (a, b) if os.path.exists(own) and os.path.samefile(f.path, own)]
        if not same:
            raise ConfigError(f"--own {own} is neither of the two files")
        mine, other = (a, b) if same[0] is a else (b, a)
    else:
        mine, other = pick_own(a, b)
    return self_preference(mine, other, iterations=iterations, seed=seed)
