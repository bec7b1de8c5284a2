"""The Inspect tasks: JudgeBench's two splits, and any pair set judgebench reads (LLMBar, MT-Bench, files...).

Registered with Inspect through the ``inspect_ai`` entry point (``judgebench/judgebench``,
``judgebench/pairs``), or run from this file::

    inspect eval judgebench/judgebench --model openai/gpt-4o -T split=claude -T judge=vanilla
    inspect eval judgebench/pairs --model openai/gpt-4o -T pairs=llmbar-natural
"""

from __future__ import annotations

from inspect_ai import Task, task

from judgebench.datasets import RELEASES, dataset_stem, load_pair_file, resolve_pairs
from judgebench.errors import ConfigError
from judgebench.integrations.inspect.samples import pairs_dataset
from judgebench.integrations.inspect.scoring import pair_vote
from judgebench.integrations.inspect.solver import check_judge, judge_pair


def pairs_task(pairs: str, judge: str, orders: int = 2, seed: int = 0) -> Task:
    """A task judging every pair of ``pairs`` (any ``--pairs`` spec of ``judgebench judge``).

    Args:
        pairs: ``gpt``, ``claude``, a benchmark set (``llmbar-natural``, ``llmbar``...), a ``.jsonl`` /
            ``.parquet`` file or ``hf:owner/name:split``.
        judge: a registered judge name that talks to a chat model.
        orders: 2 (both orders, the JudgeBench protocol) or 1 (the stored order only).
        seed: the run's seed.
    """
    if orders not in (1, 2):
        raise ConfigError(f"orders must be 1 or 2, got {orders!r}")
    check_judge(judge)
    resolved = resolve_pairs(pairs)
    stem = dataset_stem(pairs, resolved)
    loaded = load_pair_file(resolved)
    return Task(
        dataset=pairs_dataset(loaded, orders, judge, stem),
        solver=judge_pair(judge, seed),
        scorer=pair_vote(),
        metadata={"pairs": pairs, "dataset": stem, "judge": judge, "orders": orders, "seed": seed},
    )


@task
def judgebench(split: str = "gpt", judge: str = "arena_hard", orders: int = 2, seed: int = 0) -> Task:
    """JudgeBench's pairs (``split``: ``gpt`` or ``claude``) judged by ``judge`` over the eval's model."""
    if split not in RELEASES:
        raise ConfigError(f"unknown JudgeBench split {split!r} (known: {', '.join(RELEASES)})")
    return pairs_task(split, judge, orders, seed)


@task
def pairs(pairs: str = "gpt", judge: str = "arena_hard", orders: int = 2, seed: int = 0) -> Task:
    """Any pair set (``pairs``: a benchmark set such as ``llmbar-natural``, a file, ``hf:owner/name:split``)."""
    return pairs_task(pairs, judge, orders, seed)
