"""RewardBench (``allenai/reward-bench``, split ``filtered``, ODC-BY) as JudgeBench pairs.

Rows: ``prompt, chosen, rejected, chosen_model, rejected_model, subset, id``. Each row becomes a pair whose
``source`` is ``rewardbench-<subset>``; its category is the subset's section (Chat, Chat Hard, Safety,
Reasoning). The chosen response is placed at A or B by a draw seeded from (seed, id), so always-A scores
about half, as on JudgeBench. The benchmark's score (``judgebench benchmarks``) weights each subset's
accuracy by RewardBench's example counts inside its section and averages the sections, the Prior Sets at half
weight. The Prior Sets are ``allenai/pref-test-sets``, whose splits name the subset (``anthropic_helpful``,
``anthropic_hhh``, ``shp``, ``summarize``; its own ``subset`` column is a sub-subset): ``subset=NAME`` gives
every row that subset, and a row without ``id`` is numbered by its line.
"""

from __future__ import annotations

from typing import Any

from judgebench.benchmarks.pairs import make_pair
from judgebench.benchmarks.sources import REWARDBENCH_SECTIONS
from judgebench.errors import InputError
from judgebench.hub_rows import field
from judgebench.metrics.bootstrap import rng_for
from judgebench.records import Pair

HUB_DATASET = "allenai/reward-bench"
SPLIT = "filtered"
SUBSETS = frozenset(s for subsets in REWARDBENCH_SECTIONS.values() for s in subsets)


def chosen_first(seed: int, row_id: str) -> bool:
    """Whether the chosen response goes to slot A: a fair coin seeded by (seed, row id)."""
    return bool(rng_for(seed, "rewardbench", row_id).random() < 0.5)


PRIOR_SETS_DATASET = "allenai/pref-test-sets"
PRIOR_SETS = frozenset(REWARDBENCH_SECTIONS["Prior Sets"])


def import_reward_bench(
    rows: list[dict[str, Any]], where: str, *, seed: int = 0, subset: str | None = None
) -> list[Pair]:
    """One pair per row, the chosen response at A or B by a seeded draw; ``subset`` names every row's subset."""
    pairs: list[Pair] = []
    for i, row in enumerate(rows, 1):
        prompt = field(row, "prompt", str, where, i)
        chosen = field(row, "chosen", str, where, i)
        rejected = field(row, "rejected", str, where, i)
        row_subset = subset if subset is not None else field(row, "subset", str, where, i)
        if row_subset not in SUBSETS:
            raise InputError(f"row {i}: unknown RewardBench subset {row_subset!r} (is this the filtered split?)", where)
        row_id = row.get("id", i if row_subset in PRIOR_SETS else None)
        if not isinstance(row_id, (int, str)) or isinstance(row_id, bool):
            raise InputError(f"row {i}: 'id' must be an integer or a string", where)
        first = chosen_first(seed, str(row_id))
        a, b = (chosen, rejected) if first else (rejected, chosen)
        models = (row.get("chosen_model"), row.get("rejected_model"))
        model_a, model_b = models if first else models[::-1]
        pairs.append(
            make_pair(
                f"rewardbench-{row_subset}",
                row_id,
                prompt,
                a,
                b,
                "A>B" if first else "B>A",
                response_model="mixed",
                extra={"model_A": model_a, "model_B": model_b},
            )
        )
    return pairs
