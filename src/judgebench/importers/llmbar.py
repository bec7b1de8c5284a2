"""LLMBar's ``dataset.json`` files (princeton-nlp/LLMBar, MIT) as JudgeBench pairs.

Each file is a JSON list of ``{input, output_1, output_2, label}`` with label ``1`` or ``2`` (the better
output). ``output_1`` becomes response A, so label 1 is ``A>B``. The set a file belongs to comes from its
folder (``LLMBar/Natural`` → ``llmbar-natural``); the sets also load by name, from
``$JUDGEBENCH_BENCHMARKS/llmbar/`` (laid out like the repository's ``Dataset/`` folder) or, when that is
unset, downloaded once from GitHub at the pinned commit into the per-user cache.
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from judgebench.catalog import PAIRS_ONLY, Benchmark, SourceInfo, declare, declare_benchmark
from judgebench.errors import DataUnavailableError, InputError
from judgebench.hub_rows import github_raw_url, load_json
from judgebench.importers.base import IMPORTERS, Importer, ImportResult, check_options, records_result
from judgebench.importers.pair_records import make_pair
from judgebench.records import Pair

LLMBAR_REPO = "princeton-nlp/LLMBar"
LLMBAR_COMMIT = "900616bff90b6c6c8e1681f7d079250637c55992"

#: LLMBar's sets: source → (category, folder under LLMBar's ``Dataset/``). Each set is a source whose category is
#: the subset (``llmbar-adversarial-gptinst`` → ``GPTInst``), so scores break a benchmark down by its subsets.
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
#: Set name → folder under LLMBar's ``Dataset/``.
SETS: dict[str, str] = {name: folder for name, (_, folder) in LLMBAR_SETS.items()}
#: Names that stand for several sets.
GROUPS: dict[str, tuple[str, ...]] = {
    "llmbar": tuple(s for s in SETS if s.startswith("llmbar-") and "casestudy" not in s),
    "llmbar-adversarial": tuple(s for s in SETS if s.startswith("llmbar-adversarial-")),
}
_LABELS = {1: "A>B", 2: "B>A", "1": "A>B", "2": "B>A"}


def set_names(name: str) -> tuple[str, ...] | None:
    """The sets a ``--pairs`` name stands for, or None when it names no LLMBar set."""
    if name in SETS:
        return (name,)
    return GROUPS.get(name)


def source_for(path: str | os.PathLike[str]) -> str | None:
    """The set of a ``dataset.json`` or of a run under its ``evaluators/`` folder, from the folder names."""
    parts = Path(path).parts
    if "evaluators" in parts:
        parts = parts[: parts.index("evaluators")]
    elif parts and parts[-1].endswith(".json"):
        parts = parts[:-1]
    for name, rel in SETS.items():
        tail = tuple(rel.split("/"))
        if parts[-len(tail) :] == tail:
            return name
    return None


def _slug(path: Path) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.parent.name.lower()).strip("-") or "dataset"


def item_pair(item: Any, index: int, source: str, path: str) -> Pair:
    """One LLMBar item as a pair; ``index`` (0-based, its place in the file) becomes ``original_id``."""
    if not isinstance(item, dict):
        raise InputError(f"item {index}: expected an object, got {type(item).__name__}", path)
    for key in ("input", "output_1", "output_2"):
        if not isinstance(item.get(key), str):
            raise InputError(f"item {index}: {key!r} must be a string", path)
    label = _LABELS.get(item.get("label"))
    if label is None:
        raise InputError(f"item {index}: label must be 1 or 2, got {item.get('label')!r}", path)
    return make_pair(source, index, item["input"], item["output_1"], item["output_2"], label)


def read_dataset(path: str | os.PathLike[str], source: str | None = None) -> list[Pair]:
    """The pairs of one ``dataset.json``; ``source`` defaults to the set its folder names."""
    p = Path(path)
    data = load_json(p)
    if not isinstance(data, list):
        raise InputError("expected a JSON list of {input, output_1, output_2, label} items", str(p))
    src = source or source_for(p) or f"llmbar-{_slug(p)}"
    return [item_pair(item, i, src, str(p)) for i, item in enumerate(data)]


def import_llmbar(path: str | os.PathLike[str], source: str | None = None) -> list[Pair]:
    """Pairs of a ``dataset.json``, or of every ``dataset.json`` under a folder (sorted by path)."""
    p = Path(path)
    if p.is_dir():
        files = sorted(f for f in p.rglob("dataset.json") if "evaluators" not in f.parts)
        if not files:
            raise InputError("no dataset.json under this folder", str(p))
        return [pair for f in files for pair in read_dataset(f, source)]
    if not p.is_file():
        raise InputError("no such file or folder", str(p))
    return read_dataset(p, source)


def benchmarks_root() -> Path | None:
    """``$JUDGEBENCH_BENCHMARKS`` (a folder laid out like ``../shared/benchmarks``), or None when unset."""
    value = os.environ.get("JUDGEBENCH_BENCHMARKS")
    if not value:
        return None
    root = Path(value).expanduser()
    if not root.is_dir():
        raise DataUnavailableError(f"JUDGEBENCH_BENCHMARKS={value} is not a directory")
    return root


def dataset_file(name: str) -> Path:
    """The ``dataset.json`` of a named set: local under ``$JUDGEBENCH_BENCHMARKS``, else cached or downloaded."""
    rel = SETS[name]
    root = benchmarks_root()
    if root is not None:
        path = root / "llmbar" / rel / "dataset.json"
        if not path.is_file():
            raise DataUnavailableError(f"{path} not found (JUDGEBENCH_BENCHMARKS={root})")
        return path
    from judgebench.hub import download
    from judgebench.locations import cache_dir

    cached = cache_dir() / "benchmarks" / "llmbar" / rel / "dataset.json"
    if cached.is_file():
        return cached
    return download(github_raw_url(LLMBAR_REPO, LLMBAR_COMMIT, f"Dataset/{rel}/dataset.json"), cached)


def load_sets(name: str) -> list[Pair]:
    """The pairs of a named set or group (``llmbar`` = Natural and the four Adversarial sets)."""
    names = set_names(name)
    if names is None:
        raise InputError(f"unknown LLMBar set (known: {', '.join([*GROUPS, *SETS])})", name)
    return [pair for n in names for pair in read_dataset(dataset_file(n), n)]


def resolve_set(spec: str) -> list[Pair] | None:
    """The pairs of an LLMBar set or group named ``spec``, or None when ``spec`` names none (``datasets.PAIR_SETS``)."""
    return load_sets(spec) if set_names(spec) is not None else None


def run_llmbar(source: str | None, options: dict[str, str]) -> ImportResult:
    """A dataset.json or a folder of them; none: every named set (local copy or download)."""
    check_options(options, ("source",), "llmbar")
    if source is None:
        return records_result([p for name in SETS if "casestudy" not in name for p in load_sets(name)])
    return records_result(import_llmbar(source, options.get("source")))


IMPORTERS.add(
    "llmbar",
    Importer(
        "LLMBar dataset.json files as pairs (llmbar-natural, llmbar-adversarial-*, faireval, llmeval2, mt-bench)",
        run_llmbar,
        "a dataset.json or a folder searched recursively; none: the eight sets ($JUDGEBENCH_BENCHMARKS or download)",
    ),
)
for _name, (_category, _folder) in LLMBAR_SETS.items():
    declare(SourceInfo(_name, PAIRS_ONLY, _category, description=f"princeton-nlp/LLMBar Dataset/{_folder}"))
# LLMBar's processed MT-Bench, LLMEval² and FairEval are scored in LLMBar's paper by its own "Acc." (native "llmbar")
for _bench in (
    Benchmark("mt-bench", "MT-Bench", ("mt-bench",), origin="LLMBar's processed MT-Bench (human majority)"),
    Benchmark("llmeval2", "LLMEval²", ("llmeval2",), origin="LLMBar's processed LLMEval²"),
    Benchmark("faireval", "FairEval", ("faireval",), origin="i-Eval/FairEval (human, ties removed)"),
    Benchmark("llmbar-natural", "LLMBar Natural", ("llmbar-natural",), origin=LLMBAR_REPO),
    Benchmark("llmbar-adversarial", "LLMBar Adversarial", GROUPS["llmbar-adversarial"], origin=LLMBAR_REPO),
    Benchmark(
        "llmbar-casestudy",
        "LLMBar case studies",
        tuple(s for s in SETS if s.startswith("llmbar-casestudy-")),
        origin=LLMBAR_REPO,
    ),
):
    declare_benchmark(replace(_bench, native="llmbar"))
