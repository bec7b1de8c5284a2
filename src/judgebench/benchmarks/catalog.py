"""The built-in benchmarks.

JudgeBench, LLMBar (Natural, Adversarial, case studies), LLMBar's processed MT-Bench, FairEval and LLMEval²,
the raw MT-Bench human judgments and RewardBench.
"""

from __future__ import annotations

from judgebench.benchmarks.base import BENCHMARKS, Benchmark

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
}

#: MT-Bench's eight question categories, ten questions each, by question id (81-160).
MT_BENCH_CATEGORIES = ("writing", "roleplay", "reasoning", "math", "coding", "extraction", "stem", "humanities")

JUDGEBENCH = Benchmark(
    "judgebench",
    "JudgeBench",
    prefixes={
        "mmlu-pro": "Knowledge",
        "livebench-reasoning": "Reasoning",
        "livebench-math": "Math",
        "livecodebench": "Coding",
    },
    origin="ScalerLab/JudgeBench (JUDGEBENCH_DATA or the hub)",
)
LLMBAR_NATURAL = Benchmark(
    "llmbar-natural", "LLMBar Natural", {"llmbar-natural": "Natural"}, origin="princeton-nlp/LLMBar"
)
LLMBAR_ADVERSARIAL = Benchmark(
    "llmbar-adversarial",
    "LLMBar Adversarial",
    {
        "llmbar-adversarial-neighbor": "Neighbor",
        "llmbar-adversarial-gptinst": "GPTInst",
        "llmbar-adversarial-gptout": "GPTOut",
        "llmbar-adversarial-manual": "Manual",
    },
    origin="princeton-nlp/LLMBar",
)
LLMBAR_CASESTUDY = Benchmark(
    "llmbar-casestudy",
    "LLMBar case studies",
    {
        "llmbar-casestudy-base-9": "Base_9",
        "llmbar-casestudy-base-10": "Base_10",
        "llmbar-casestudy-constraint": "Constraint",
        "llmbar-casestudy-negation": "Negation",
        "llmbar-casestudy-normal": "Normal",
    },
    origin="princeton-nlp/LLMBar",
)
MT_BENCH = Benchmark(
    "mt-bench", "MT-Bench", {"mt-bench": "MT-Bench"}, origin="princeton-nlp/LLMBar Processed (human majority, no ties)"
)
FAIREVAL = Benchmark("faireval", "FairEval", {"faireval": "FairEval"}, origin="i-Eval/FairEval (human, no ties)")
LLMEVAL2 = Benchmark("llmeval2", "LLMEval²", {"llmeval2": "LLMEval²"}, origin="princeton-nlp/LLMBar Processed")
MT_BENCH_HUMAN = Benchmark(
    "mt-bench-human",
    "MT-Bench human judgments",
    {f"mt-bench-human-{c}": c for c in MT_BENCH_CATEGORIES},
    origin="lmsys/mt_bench_human_judgments (split human)",
)
REWARDBENCH = Benchmark(
    "rewardbench",
    "RewardBench",
    {f"rewardbench-{s}": section for section, subsets in REWARDBENCH_SECTIONS.items() for s in subsets},
    weights={f"rewardbench-{s}": w for subsets in REWARDBENCH_SECTIONS.values() for s, w in subsets.items()},
    mean_of_categories=True,
    origin="allenai/reward-bench (split filtered)",
)

#: The built-ins in the paper's Figure 3 order (the column order of ``judgebench benchmarks``).
BUILTIN = (
    MT_BENCH,
    MT_BENCH_HUMAN,
    LLMEVAL2,
    FAIREVAL,
    LLMBAR_NATURAL,
    LLMBAR_ADVERSARIAL,
    LLMBAR_CASESTUDY,
    REWARDBENCH,
    JUDGEBENCH,
)
for _bench in BUILTIN:
    BENCHMARKS.add(_bench.name, _bench)
