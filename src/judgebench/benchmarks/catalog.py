"""The built-in benchmarks (the columns of ``judgebench benchmarks``, in the paper's Figure 3 order).

Each names the registered sources that make it up (:mod:`judgebench.benchmarks.sources` declares the
benchmarks' own; JudgeBench's are the build sources), so the categories stay where the sources declare them.
"""

from __future__ import annotations

from judgebench.benchmarks.base import BENCHMARKS, Benchmark
from judgebench.benchmarks.sources import (
    LLMBAR_SETS,
    MT_BENCH_CATEGORIES,
    REWARDBENCH_SECTION_WEIGHTS,
    REWARDBENCH_SECTIONS,
)

# LLMBar's processed MT-Bench, LLMEval² and FairEval are scored in LLMBar's paper by its own "Acc." (native "llmbar")
MT_BENCH = Benchmark(
    "mt-bench", "MT-Bench", ("mt-bench",), origin="LLMBar's processed MT-Bench (human majority)", native="llmbar"
)
MT_BENCH_HUMAN = Benchmark(
    "mt-bench-human",
    "MT-Bench human",
    tuple(f"mt-bench-human-{c}" for c in MT_BENCH_CATEGORIES),
    origin="lmsys/mt_bench_human_judgments (split human)",
    native="fastchat-s2",  # FastChat's agreement without ties (paper's headline); fastchat-s1 keeps them
)
LLMEVAL2 = Benchmark("llmeval2", "LLMEval²", ("llmeval2",), origin="LLMBar's processed LLMEval²", native="llmbar")
FAIREVAL = Benchmark(
    "faireval", "FairEval", ("faireval",), origin="i-Eval/FairEval (human, ties removed)", native="llmbar"
)
LLMBAR_NATURAL = Benchmark(
    "llmbar-natural", "LLMBar Natural", ("llmbar-natural",), origin="princeton-nlp/LLMBar", native="llmbar"
)
LLMBAR_ADVERSARIAL = Benchmark(
    "llmbar-adversarial",
    "LLMBar Adversarial",
    tuple(s for s in LLMBAR_SETS if s.startswith("llmbar-adversarial-")),
    origin="princeton-nlp/LLMBar",
    native="llmbar",
)
LLMBAR_CASESTUDY = Benchmark(
    "llmbar-casestudy",
    "LLMBar case studies",
    tuple(s for s in LLMBAR_SETS if s.startswith("llmbar-casestudy-")),
    origin="princeton-nlp/LLMBar",
    native="llmbar",
)
REWARDBENCH = Benchmark(
    "rewardbench",
    "RewardBench",
    tuple(f"rewardbench-{s}" for subsets in REWARDBENCH_SECTIONS.values() for s in subsets),
    weights={f"rewardbench-{s}": w for subsets in REWARDBENCH_SECTIONS.values() for s, w in subsets.items()},
    mean_of_categories=True,
    category_weights=REWARDBENCH_SECTION_WEIGHTS,
    origin="allenai/reward-bench (split filtered) and allenai/pref-test-sets (Prior Sets)",
    native="rewardbench",  # run_rm.py (a tie is wrong) / run_generative.py (one random order, tie or error ½)
)
JUDGEBENCH = Benchmark(
    "judgebench",
    "JudgeBench",
    ("mmlu-pro", "livebench-reasoning", "livebench-math", "livecodebench"),
    origin="ScalerLab/JudgeBench",
)

#: The built-ins in the paper's Figure 3 order.
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
