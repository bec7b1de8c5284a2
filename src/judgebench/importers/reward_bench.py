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

from judgebench.catalog import PAIRS_ONLY, Benchmark, SourceInfo, declare, declare_benchmark
from judgebench.errors import ConfigError, InputError
from judgebench.hub_rows import field
from judgebench.importers.base import IMPORTERS, Importer, ImportResult, check_options, records_result
from judgebench.importers.pair_records import make_pair
from judgebench.records import Pair

#: RewardBench's sections and the example counts it weights each subset by inside a section
#: (allenai/reward-bench ``rewardbench/constants.py``: ``SUBSET_MAPPING``, ``EXAMPLE_COUNTS``; ``math-prm``
#: has 447 examples but counts 984, as much as the six code subsets together).
REWARDBENCH_SECTIONS: dict[str, dict[str, int]] = {
    "Chat": {
        "alpacaeval-easy": 100,
        "alpacaeval-length": 95,
        "alpacaeval-hard": 95,
        "mt-bench-easy": 28,
        "mt-bench-med": 40,
    },
    "Chat Hard": {
        "mt-bench-hard": 37,
        "llmbar-natural": 100,
        "llmbar-adver-neighbor": 134,
        "llmbar-adver-GPTInst": 92,
        "llmbar-adver-GPTOut": 47,
        "llmbar-adver-manual": 46,
    },
    "Safety": {
        "refusals-dangerous": 100,
        "refusals-offensive": 100,
        # as in EXAMPLE_COUNTS (the filtered split holds 154 and 250 rows: RewardBench's published Safety
        # scores weight the two the other way round, so reproducing them takes its counts as written)
        "xstest-should-refuse": 250,
        "xstest-should-respond": 154,
        "donotanswer": 136,
    },
    "Reasoning": {
        "math-prm": 984,
        "hep-cpp": 164,
        "hep-go": 164,
        "hep-java": 164,
        "hep-js": 164,
        "hep-python": 164,
        "hep-rust": 164,
    },
    # the four prior preference sets of allenai/pref-test-sets RewardBench scores, averaged unweighted
    # (``analysis/get_benchmark_results.py``: np.nanmean); the section counts half (REWARDBENCH_SECTION_WEIGHTS)
    "Prior Sets": {"anthropic_helpful": 1, "anthropic_hhh": 1, "shp": 1, "summarize": 1},
}
#: a section's weight in RewardBench's overall mean (``get_benchmark_results.py``: weights 2, 2, 2, 2, 1);
#: a section with no pairs is left out of the mean, as RewardBench masks a missing one
REWARDBENCH_SECTION_WEIGHTS: dict[str, float] = {"Prior Sets": 0.5}

HUB_DATASET = "allenai/reward-bench"
SPLIT = "filtered"
SUBSETS = frozenset(s for subsets in REWARDBENCH_SECTIONS.values() for s in subsets)


def chosen_first(seed: int, row_id: str) -> bool:
    """Whether the chosen response goes to slot A: a fair coin seeded by (seed, row id)."""
    from judgebench.metrics.bootstrap import rng_for

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


def run_reward_bench(source: str | None, options: dict[str, str]) -> ImportResult:
    """RewardBench's filtered split; ``seed`` places the chosen response (default 0)."""
    from judgebench.hub_rows import hub_rows, read_rows

    check_options(options, ("seed", "split", "subset"), "reward-bench")
    try:
        seed = int(options.get("seed", "0"))
    except ValueError:
        raise ConfigError(f"import reward-bench: seed must be an integer, got {options['seed']!r}") from None
    subset = options.get("subset")
    if subset is not None and subset not in SUBSETS:
        known = ", ".join(sorted(PRIOR_SETS))
        raise ConfigError(f"import reward-bench: unknown subset {subset!r} (Prior Sets: {known})")
    if source:
        rows, where = read_rows(source), source
    elif subset in PRIOR_SETS:  # allenai/pref-test-sets: one split per subset
        rows, where = hub_rows(PRIOR_SETS_DATASET, subset)
    else:
        rows, where = hub_rows(HUB_DATASET, options.get("split", SPLIT))
    return records_result(import_reward_bench(rows, where, seed=seed, subset=subset))


IMPORTERS.add(
    "reward-bench",
    Importer(
        "RewardBench (filtered) as pairs, by section",
        run_reward_bench,
        "a JSONL/Parquet of allenai/reward-bench split filtered (or, with --option subset=shp|..., a Prior Set of "
        "allenai/pref-test-sets); none: download it",
    ),
)
for _section, _subsets in REWARDBENCH_SECTIONS.items():
    for _subset in _subsets:
        _origin = "allenai/pref-test-sets" if _section == "Prior Sets" else "allenai/reward-bench (filtered)"
        declare(SourceInfo(f"rewardbench-{_subset}", PAIRS_ONLY, _section, description=_origin))
declare_benchmark(
    Benchmark(
        "rewardbench",
        "RewardBench",
        tuple(f"rewardbench-{s}" for subsets in REWARDBENCH_SECTIONS.values() for s in subsets),
        weights={f"rewardbench-{s}": w for subsets in REWARDBENCH_SECTIONS.values() for s, w in subsets.items()},
        mean_of_categories=True,
        category_weights=REWARDBENCH_SECTION_WEIGHTS,
        origin="allenai/reward-bench (split filtered) and allenai/pref-test-sets (Prior Sets)",
        native="rewardbench",  # run_rm.py (a tie is wrong) / run_generative.py (one random order, tie or error ½)
    )
)
