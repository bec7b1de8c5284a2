"""What ``judgebench evaluate`` judges: each selected benchmark as pairs files, or skipped with its reason.

A benchmark's pairs come from where ``judge --pairs`` / ``import`` get them, offline first:

- JudgeBench: the two release splits (``gpt``, ``claude``), from ``$JUDGEBENCH_DATA`` or the per-user cache;
- LLMBar's sets (Natural, Adversarial, the case studies, its processed MT-Bench, LLMEval² and FairEval): from
  ``$JUDGEBENCH_BENCHMARKS/llmbar``, else LLMBar's pinned commit (cached after the first download);
- MT-Bench human and RewardBench (its filtered split and the four Prior Sets): their importers, from the
  hub's Parquet conversion (cached after the first download);
- RewardBench 2 and RM-Bench: best-of-K sets, from their importers.

``data`` names a local file for a benchmark instead (what ``judgebench import`` wrote). Data that cannot be
had (offline, ``HF_HUB_OFFLINE``, a folder without the set) makes the benchmark *skipped*, with the reason;
anything else wrong with the data (a malformed file) is an error, as for ``judge``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from judgebench.catalog import BENCHMARKS
from judgebench.errors import ConfigError, DataUnavailableError
from judgebench.records import Pair

#: The best-of-K benchmarks (scored by their own protocols, not in the pairs table): name → (title, importer).
BEST_OF_K_BENCHMARKS: dict[str, tuple[str, str]] = {
    "rewardbench-2": ("RewardBench 2", "reward-bench-2"),
    "rm-bench": ("RM-Bench", "rm-bench"),
}
JUDGEBENCH = "judgebench"
#: The JudgeBench release splits, judged on every evaluation.
SPLITS = ("gpt", "claude")


@dataclass(slots=True)
class Target:
    """One file to judge: a benchmark's pairs (or best-of-K set) and the dataset stem its outputs are named by."""

    benchmark: str
    split: str
    pairs_file: Path
    stem: str
    best_of_k: bool = False


@dataclass(slots=True)
class Selected:
    """A selected benchmark: its targets, or why it is skipped."""

    name: str
    title: str
    targets: list[Target] = field(default_factory=list)
    skipped: str | None = None
    best_of_k: bool = False


def known_benchmarks() -> list[str]:
    """Every benchmark ``evaluate`` knows: the registered pair benchmarks, then the best-of-K ones."""
    return [*BENCHMARKS.names(), *BEST_OF_K_BENCHMARKS]


def select(benchmarks: str | Sequence[str]) -> list[str]:
    """The benchmark names asked for (``all`` or a comma list), JudgeBench first and always, each once.

    Raises:
        ConfigError: an unknown name (the known ones listed).
    """
    words = benchmarks.split(",") if isinstance(benchmarks, str) else list(benchmarks)
    names = [w.strip() for w in words if w.strip()]
    known = known_benchmarks()
    chosen: list[str] = [JUDGEBENCH]
    for name in names:
        if name == "all":
            chosen.extend(known)
            continue
        if name not in known:
            raise ConfigError(f"unknown benchmark {name!r} (known: all, {', '.join(known)})")
        chosen.append(name)
    return list(dict.fromkeys(chosen))


def prepare(name: str, folder: Path, data: Mapping[str, str | os.PathLike[str]]) -> Selected:
    """The targets of benchmark ``name``: pairs files written under ``folder/pairs`` (JudgeBench: the releases)."""
    if name in BEST_OF_K_BENCHMARKS:
        title, importer = BEST_OF_K_BENCHMARKS[name]
        selected = Selected(name, title, best_of_k=True)
        return _guarded(selected, lambda: [_best_of_k_target(name, importer, folder, data.get(name))])
    bench = BENCHMARKS.get(name)
    selected = Selected(name, bench.title)
    if name in data:
        return _guarded(selected, lambda: [_file_target(name, Path(data[name]))])
    if name == JUDGEBENCH:
        return _guarded(selected, _release_targets)
    reader = _reader(name, bench.sources)
    if reader is None:
        selected.skipped = f"no source of its pairs is known here: give a pairs file with --data {name}=PATH"
        return selected
    return _guarded(selected, lambda: [_write_target(name, folder, reader())])


def _guarded(selected: Selected, make: Callable[[], list[Target]]) -> Selected:
    try:
        selected.targets = make()
    except DataUnavailableError as exc:
        selected.skipped = f"{exc} (a local copy: --data {selected.name}=PATH)"
    return selected


def _release_targets() -> list[Target]:
    from judgebench.datasets import dataset_stem, resolve_pairs

    return [Target(JUDGEBENCH, s, resolve_pairs(s), dataset_stem(s)) for s in SPLITS]


def _file_target(name: str, path: Path) -> Target:
    from judgebench.datasets import resolve_pairs

    resolved = resolve_pairs(os.fspath(path))  # the checks ``judge --pairs PATH`` makes
    return Target(name, name, resolved, resolved.stem)


def _reader(name: str, sources: tuple[str, ...]) -> Callable[[], list[Pair]] | None:
    from judgebench.importers.llmbar import SETS, load_sets

    if all(s in SETS for s in sources):
        return lambda: [p for s in sources for p in load_sets(s)]
    if name == "mt-bench-human":
        return lambda: _imported("mt-bench", [None])
    if name == "rewardbench":
        from judgebench.importers.reward_bench import PRIOR_SETS

        return lambda: _imported("reward-bench", [None, *sorted(PRIOR_SETS)])
    return None


def _imported(importer: str, subsets: list[str | None]) -> list[Pair]:
    """The pairs ``judgebench import IMPORTER`` writes (``subset``: RewardBench's Prior Sets, one by one)."""
    from judgebench.importers import run_importer

    out: list[Pair] = []
    for subset in subsets:
        options = {"subset": subset} if subset else {}
        records = run_importer(importer, None, options).records
        out.extend(Pair.from_dict(dict(r), f"import {importer}", i, unlabelled=True) for i, r in enumerate(records, 1))
    return out


def _write_target(name: str, folder: Path, pairs: list[Pair]) -> Target:
    from judgebench.records import write_pairs

    path = folder / "pairs" / f"dataset={name}.jsonl"
    rows = [p.to_dict() for p in pairs]
    _write_if_changed(path, lambda: write_pairs(path, pairs), rows)
    return Target(name, name, path, path.stem)


def _best_of_k_target(name: str, importer: str, folder: Path, given: str | os.PathLike[str] | None) -> Target:
    from judgebench.best_of_k import read_best_of_k

    if given is not None:
        path = Path(given)
        read_best_of_k(path)  # checked before anything is judged
        return Target(name, name, path, path.stem, best_of_k=True)
    from judgebench.importers import run_importer
    from judgebench.jsonl import write_jsonl

    records = run_importer(importer, None, {}).records
    path = folder / "pairs" / f"dataset={name}.jsonl"
    _write_if_changed(path, lambda: write_jsonl(path, records), records)
    return Target(name, name, path, path.stem, best_of_k=True)


def _write_if_changed(path: Path, write: Callable[[], Any], rows: list[dict[str, Any]]) -> None:
    """Write the set unless the file already holds exactly these rows (a rerun leaves it untouched)."""
    from judgebench.jsonl import dumps_line

    if path.is_file():
        expected = "".join(dumps_line(r) + "\n" for r in rows).encode()
        if path.read_bytes() == expected:
            return
    path.parent.mkdir(parents=True, exist_ok=True)
    write()
