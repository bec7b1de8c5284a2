"""Seeded question selection by a source's recipe (each source declares the paper's in :mod:`judgebench.catalog`).

JudgeBench (Tan et al. 2024, App. A.3): one response model; MMLU-Pro — 100 random questions per discipline,
11 pairs kept per discipline; LiveBench — 100 random math and 100 random reasoning questions, the olympiad
subset excluded; LiveCodeBench — no pre- or post-filtering. Questions are grouped by JudgeBench's ``source``
value (``mmlu-pro-law``, ``livebench-math``...), which is the paper's "discipline" for MMLU-Pro.
"""

from __future__ import annotations

from collections.abc import Iterable

from judgebench.catalog import SOURCES, Recipe, source_info
from judgebench.metrics.bootstrap import rng_for
from judgebench.verifiers.base import Question

__all__ = ["PAPER_K", "Recipe", "group_of", "recipe_for", "seeded_take", "select_questions"]

#: The paper's number of responses sampled per question (7,000 responses over 1,400 MMLU-Pro questions).
PAPER_K = 5


def recipe_for(source: str, *, questions: int | None = None, per_category: int | None = None) -> Recipe:
    """The paper's recipe for ``source`` with optional overrides (0 means "no limit")."""
    base = source_info(source).recipe if source in SOURCES else Recipe()
    q = base.questions_per_group if questions is None else (questions or None)
    p = base.pairs_per_group if per_category is None else (per_category or None)
    return Recipe(questions_per_group=q, pairs_per_group=p, exclude_tasks=base.exclude_tasks)


def group_of(question: Question) -> str:
    """The group a question is counted in (JudgeBench's ``source`` value)."""
    return question.source


def seeded_take(items: list[str], n: int | None, seed: int, *stable_id: str) -> list[str]:
    """``n`` of ``items`` drawn without replacement by ``(seed, stable_id)``, in their original order."""
    if n is None or n >= len(items):
        return list(items)
    rng = rng_for(seed, *stable_id)
    chosen = set(rng.choice(len(items), size=n, replace=False).tolist())
    return [item for i, item in enumerate(items) if i in chosen]


def select_questions(questions: Iterable[Question], recipe: Recipe, seed: int, source_name: str) -> list[Question]:
    """The questions to sample: excluded tasks dropped, then ``questions_per_group`` drawn per group.

    The draw depends only on the seed, the source name, the group and the (sorted) question ids, so the
    same questions are chosen whatever order the source yields them in.
    """
    groups: dict[str, dict[str, Question]] = {}
    for q in questions:
        if q.task in recipe.exclude_tasks:
            continue
        groups.setdefault(group_of(q), {})[q.id] = q
    out: list[Question] = []
    for group in sorted(groups):
        by_id = groups[group]
        ids = sorted(by_id)
        for qid in seeded_take(ids, recipe.questions_per_group, seed, "questions", source_name, group):
            out.append(by_id[qid])
    return out
