"""The judge benchmarks' pair sources, declared in :mod:`judgebench.catalog` like any source.

Each subset of a benchmark is a source whose category is the subset (``llmbar-adversarial-gptinst`` →
``GPTInst``; RewardBench's subsets → their section), so ``judgebench score`` and the analyses break a
benchmark down by its own subsets. ``local`` is where a copy sits inside a ``$JUDGEBENCH_BENCHMARKS`` folder.
These sources hold labelled pairs, not questions: ``judgebench judge --pairs NAME`` reads them, and building
from them is refused with a message saying so.
"""

from __future__ import annotations

from typing import Any

from judgebench.catalog import SourceInfo, declare
from judgebench.errors import ConfigError

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
        "xstest-should-refuse": 154,
        "xstest-should-respond": 250,
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

#: MT-Bench's eight question categories, ten questions each, by question id (81-160).
MT_BENCH_CATEGORIES = ("writing", "roleplay", "reasoning", "math", "coding", "extraction", "stem", "humanities")

#: LLMBar's sets: source → (category, folder under LLMBar's ``Dataset/``).
LLMBAR_SETS: dict[str, tuple[str, str]] = {
    "llmbar-natural": ("Natural", "LLMBar/Natural"),
    "llmbar-adversarial-neighbor": ("Neighbor", "LLMBar/Adversarial/Neighbor"),
    "llmbar-adversarial-gptinst": ("GPTInst", "LLMBar/Adversarial/GPTInst"),
    "llmbar-adversarial-gptout": ("GPTOut", "LLMBar/Adversarial/GPTOut"),
    "llmbar-adversarial-manual": ("Manual", "LLMBar/Adversarial/Manual"),
    "faireval": ("FairEval", "Processed/FairEval"),
    "llmeval2": ("LLMEval²", "Processed/LLMEval^2"),
    "mt-bench": ("MT-Bench", "Processed/MT-Bench"),
    "llmbar-casestudy-base-9": ("Base_9", "CaseStudy/Base_9"),
    "llmbar-casestudy-base-10": ("Base_10", "CaseStudy/Base_10"),
    "llmbar-casestudy-constraint": ("Constraint", "CaseStudy/Constraint"),
    "llmbar-casestudy-negation": ("Negation", "CaseStudy/Negation"),
    "llmbar-casestudy-normal": ("Normal", "CaseStudy/Normal"),
}


def pairs_only(path: str | None = None, **options: Any) -> Any:
    """The factory of a benchmark source: these hold labelled pairs, there are no questions to build from."""
    raise ConfigError(
        "a judge benchmark holds labelled pairs, not questions to build from: "
        "judge it with judgebench judge --pairs <set>, or import it with judgebench import"
    )


_FACTORY = "judgebench.benchmarks.sources:pairs_only"

for _name, (_category, _folder) in LLMBAR_SETS.items():
    declare(
        SourceInfo(
            _name,
            _FACTORY,
            _category,
            description=f"princeton-nlp/LLMBar Dataset/{_folder}",
        )
    )
for _category in MT_BENCH_CATEGORIES:
    declare(
        SourceInfo(
            f"mt-bench-human-{_category}",
            _FACTORY,
            _category,
            description="lmsys/mt_bench_human_judgments (human, majority)",
        )
    )
for _section, _subsets in REWARDBENCH_SECTIONS.items():
    for _subset in _subsets:
        _origin = "allenai/pref-test-sets" if _section == "Prior Sets" else "allenai/reward-bench (filtered)"
        declare(SourceInfo(f"rewardbench-{_subset}", _FACTORY, _section, description=_origin))
