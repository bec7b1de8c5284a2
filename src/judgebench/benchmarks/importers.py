"""The judge benchmarks' importers for ``judgebench import`` (registered in :data:`judgebench.importers.IMPORTERS`).

``llmbar`` (dataset.json files → pairs), ``llmbar-results`` (recorded evaluator runs → judged pairs, both
orders; a folder of runs writes one file per run into ``--out`` as a folder), ``mt-bench`` (human judgments
→ pairs), ``reward-bench`` (→ pairs, the chosen response placed by a seeded draw) and ``faireval`` (raw
FairEval → pairs). Options come as ``--option KEY=VALUE``; an unknown key is an error.
"""

from __future__ import annotations

from pathlib import Path

from judgebench.errors import ConfigError, InputError
from judgebench.importers.base import Importer, ImportResult
from judgebench.records import JudgedPair, Pair


def _options(options: dict[str, str], known: tuple[str, ...], importer: str) -> None:
    unknown = sorted(set(options) - set(known))
    if unknown:
        allowed = ", ".join(known) or "none"
        raise ConfigError(f"import {importer}: unknown option {', '.join(unknown)} (known: {allowed})")


def _result(pairs: list[Pair] | list[JudgedPair], left_out: dict[str, int] | None = None) -> ImportResult:
    # an empty result is refused, naming the source, by judgebench.importers.checked.run_importer
    return ImportResult([p.to_dict() for p in pairs], {k: v for k, v in (left_out or {}).items() if v})


def run_llmbar(source: str | None, options: dict[str, str]) -> ImportResult:
    """A dataset.json or a folder of them; none: every named set (local copy or download)."""
    from judgebench.benchmarks.llmbar import SETS, import_llmbar, load_sets

    _options(options, ("source",), "llmbar")
    if source is None:
        return _result([p for name in SETS if "casestudy" not in name for p in load_sets(name)])
    return _result(import_llmbar(source, options.get("source")))


def run_llmbar_results(source: str | None, options: dict[str, str]) -> ImportResult:
    """One ``result.json``, or every run under a folder (one output file each)."""
    from judgebench.benchmarks.llmbar_results import import_result, output_name, result_files

    _options(options, ("judge_name", "judge_model", "source"), "llmbar-results")
    if source is None:
        raise ConfigError("import llmbar-results needs a result.json or a folder of LLMBar runs")
    names = {k: options.get(k) for k in ("judge_name", "judge_model", "source")}
    if not Path(source).is_dir():
        return _result(import_result(source, **names))
    runs = result_files(source)
    if not runs:
        raise InputError("no result.json under this folder", source)
    files = {output_name(run): [j.to_dict() for j in import_result(run, **names)] for run in runs}
    return ImportResult([r for records in files.values() for r in records], files=files)


def run_mt_bench(source: str | None, options: dict[str, str]) -> ImportResult:
    """MT-Bench human judgments (the ``human`` split), labelled by majority; ``judgments=`` adds a judge's votes."""
    from judgebench.benchmarks.mt_bench import HUB_DATASET, import_mt_bench, judged_by
    from judgebench.hub_rows import hub_rows, read_rows

    _options(options, ("judgments", "judge_model", "no_majority"), "mt-bench")
    keep = options.get("no_majority", "drop")
    if keep not in ("drop", "keep"):
        raise ConfigError(f"import mt-bench: no_majority must be keep or drop, got {keep!r}")
    rows, where = (read_rows(source), source) if source else hub_rows(HUB_DATASET, "human")
    pairs, dropped = import_mt_bench(rows, where, no_majority=keep == "keep")
    left_out = {
        "tied comparisons": dropped["tie"],
        "evenly split comparisons": dropped["split"],
        "comparisons without expert votes": dropped["no expert"],
    }
    judgments = options.get("judgments")
    if judgments is None:
        return _result(pairs, left_out)
    judge_rows, judge_where = (
        hub_rows(HUB_DATASET, "gpt4_pair") if judgments == "gpt4_pair" else (read_rows(judgments), judgments)
    )
    judged, missing = judged_by(pairs, judge_rows, judge_where, judge_model=options.get("judge_model", "gpt-4"))
    return _result(judged, {**left_out, "pairs the judge did not see": missing})


def run_reward_bench(source: str | None, options: dict[str, str]) -> ImportResult:
    """RewardBench's filtered split; ``seed`` places the chosen response (default 0)."""
    from judgebench.benchmarks.reward_bench import (
        HUB_DATASET,
        PRIOR_SETS,
        PRIOR_SETS_DATASET,
        SPLIT,
        SUBSETS,
        import_reward_bench,
    )
    from judgebench.hub_rows import hub_rows, read_rows

    _options(options, ("seed", "split", "subset"), "reward-bench")
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
    return _result(import_reward_bench(rows, where, seed=seed, subset=subset))


def run_faireval(source: str | None, options: dict[str, str]) -> ImportResult:
    """A FairEval checkout (none: its four files downloaded at the pinned commit); ties are left out."""
    from judgebench.benchmarks.faireval import folder_files, import_faireval

    _options(options, (), "faireval")
    pairs, ties = import_faireval(folder_files(source))
    return _result(pairs, {"ties": ties})


LLMBAR = Importer(
    "LLMBar dataset.json files as pairs (llmbar-natural, llmbar-adversarial-*, faireval, llmeval2, mt-bench)",
    run_llmbar,
    "a dataset.json or a folder searched recursively; none: the eight sets ($JUDGEBENCH_BENCHMARKS or download)",
)
LLMBAR_RESULTS = Importer(
    "LLMBar's recorded evaluator runs as judged pairs, both orders",
    run_llmbar_results,
    "a .../evaluators/<evaluator>/<strategy>/result.json, or a folder of runs (then --out is a folder)",
)
MT_BENCH = Importer(
    "MT-Bench human judgments as pairs labelled by majority (--option judgments=FILE|gpt4_pair: judged by GPT-4)",
    run_mt_bench,
    "a JSONL/Parquet of lmsys/mt_bench_human_judgments split human; none: download it",
)
REWARD_BENCH = Importer(
    "RewardBench (filtered) as pairs, by section",
    run_reward_bench,
    "a JSONL/Parquet of allenai/reward-bench split filtered (or, with --option subset=shp|..., a Prior Set of "
    "allenai/pref-test-sets); none: download it",
)
FAIREVAL = Importer(
    "raw FairEval (questions, ChatGPT and Vicuna-13B answers, human review) as pairs",
    run_faireval,
    "a checkout of i-Eval/FairEval; none: download its four files",
)
