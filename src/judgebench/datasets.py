"""Where pairs and recorded outputs come from.

Resolution order for the named releases (``gpt``, ``claude``) and the recorded judge outputs:

1. an explicit path;
2. ``$JUDGEBENCH_DATA``: a folder laid out like the upstream repository (``data/``, ``outputs/``);
3. a per-user cache (``$JUDGEBENCH_CACHE``, else ``$XDG_CACHE_HOME/judgebench``, else
   ``~/.cache/judgebench``), filled on first use: pairs from the Hugging Face hub
   (``ScalerLab/JudgeBench``, splits ``gpt`` and ``claude``), recorded outputs from the upstream GitHub
   repository at a pinned commit.

Pairs may also come from a ``.jsonl`` or ``.parquet`` file, or a hub dataset id ``hf:owner/name:split``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from judgebench.errors import ConfigError, DataUnavailableError, DuplicatePairError, InputError
from judgebench.hub import HUB_PAIRS_FIX, cached_split, download, split_to_jsonl
from judgebench.input_files import input_file_problem
from judgebench.locations import cache_dir, data_root
from judgebench.records import Pair, read_pairs
from judgebench.registry import Registry

__all__ = [
    "PAIR_SETS",
    "RELEASES",
    "cache_dir",
    "data_root",
    "dataset_stem",
    "load_pair_file",
    "load_pairs",
    "outputs_dir",
    "recorded_output",
    "release_path",
    "resolve_pairs",
]

HUB_DATASET = "ScalerLab/JudgeBench"
UPSTREAM_REPO = "ScalerLab/JudgeBench"
UPSTREAM_COMMIT = "e2c52c284e735e139b3daa61c206ee208f36c461"

RELEASES: dict[str, str] = {
    "gpt": "dataset=judgebench,response_model=gpt-4o-2024-05-13.jsonl",
    "claude": "dataset=judgebench,response_model=claude-3-5-sonnet-20240620.jsonl",
}

_GPT = "dataset=judgebench,response_model=gpt-4o-2024-05-13"
_CLAUDE = "dataset=judgebench,response_model=claude-3-5-sonnet-20240620"
#: Upstream's recorded judge outputs at UPSTREAM_COMMIT: (response split, judge_name, judge_model).
RECORDED_OUTPUTS: tuple[str, ...] = tuple(
    f"{split},judge_name={judge},judge_model={model}.jsonl"
    for split, judge, model in [
        (_CLAUDE, "arena_hard", "claude-3-5-sonnet-20240620"),
        (_CLAUDE, "arena_hard", "claude-3-haiku-20240307"),
        (_CLAUDE, "arena_hard", "gpt-4o-2024-05-13"),
        (_CLAUDE, "arena_hard", "meta-llama_Meta-Llama-3.1-70B-Instruct"),
        (_CLAUDE, "arena_hard", "meta-llama_Meta-Llama-3.1-8B-Instruct"),
        (_GPT, "arena_hard", "claude-3-5-sonnet-20240620"),
        (_GPT, "arena_hard", "claude-3-haiku-20240307"),
        (_GPT, "arena_hard", "gemini-1.5-flash-001"),
        (_GPT, "arena_hard", "gemini-1.5-pro-001"),
        (_GPT, "arena_hard", "gpt-4o-2024-05-13"),
        (_GPT, "arena_hard", "gpt-4o-mini-2024-07-18"),
        (_GPT, "arena_hard", "meta-llama_Meta-Llama-3.1-405B-Instruct"),
        (_GPT, "arena_hard", "meta-llama_Meta-Llama-3.1-70B-Instruct"),
        (_GPT, "arena_hard", "meta-llama_Meta-Llama-3.1-8B-Instruct"),
        (_GPT, "arena_hard", "o1-mini-2024-09-12"),
        (_GPT, "arena_hard", "o1-preview-2024-09-12"),
        (_GPT, "auto_j", "GAIR_autoj-13b"),
        (_GPT, "chat_eval", "gpt-4o-2024-05-13"),
        (_GPT, "compass_judger", "opencompass_CompassJudger-1-1.5B-Instruct"),
        (_GPT, "compass_judger", "opencompass_CompassJudger-1-14B-Instruct"),
        (_GPT, "compass_judger", "opencompass_CompassJudger-1-32B-Instruct"),
        (_GPT, "compass_judger", "opencompass_CompassJudger-1-7B-Instruct"),
        (_GPT, "judge_lm", "BAAI_JudgeLM-13B-v1.0"),
        (_GPT, "judge_lm", "BAAI_JudgeLM-33B-v1.0"),
        (_GPT, "judge_lm", "BAAI_JudgeLM-7B-v1.0"),
        (_GPT, "panda_lm", "WeOpenML_PandaLM-7B-v1"),
        (_GPT, "prometheus_2", "prometheus-eval_prometheus-7b-v2.0"),
        (_GPT, "prometheus_2", "prometheus-eval_prometheus-8x7b-v2.0"),
        (_GPT, "prometheus_2", "prometheus-eval_prometheus-bgb-8x7b-v2.0"),
        (_GPT, "reward_model", "Ray2333_GRM-Gemma-2B-rewardmodel-ft"),
        (_GPT, "reward_model", "Skywork_Skywork-Reward-Gemma-2-27B"),
        (_GPT, "reward_model", "Skywork_Skywork-Reward-Llama-3.1-8B"),
        (_GPT, "reward_model", "internlm_internlm2-20b-reward"),
        (_GPT, "reward_model", "internlm_internlm2-7b-reward"),
        (_GPT, "skywork_critic", "Skywork_Skywork-Critic-Llama-3.1-70B"),
        (_GPT, "skywork_critic", "Skywork_Skywork-Critic-Llama-3.1-8B"),
        (_GPT, "vanilla", "gpt-4o-2024-05-13"),
        (_GPT, "vertext_ai_gen_ai_evaluation", "None"),
    ]
)


def _raw_github_url(kind: str, name: str) -> str:
    base = os.environ.get("JUDGEBENCH_GITHUB_RAW", "https://raw.githubusercontent.com").rstrip("/")
    return f"{base}/{UPSTREAM_REPO}/{UPSTREAM_COMMIT}/{kind}/{quote(name)}"


def release_path(name: str) -> Path:
    """The JSONL file of a named release (``gpt`` or ``claude``), downloading it if needed."""
    if name not in RELEASES:
        raise ConfigError(f"unknown release {name!r} (known: {', '.join(RELEASES)})")
    filename = RELEASES[name]
    root = data_root()
    if root is not None:
        path = root / "data" / filename
        if not path.is_file():
            raise DataUnavailableError(f"{path} not found (JUDGEBENCH_DATA={root})")
        return path
    cached = cache_dir() / "data" / filename
    if cached.is_file():
        return cached
    return split_to_jsonl(HUB_DATASET, name, cached)


def outputs_dir() -> Path:
    """The folder of the release's recorded judge outputs, downloading them on first use."""
    root = data_root()
    if root is not None:
        path = root / "outputs"
        if not path.is_dir():
            raise DataUnavailableError(f"{path} not found (JUDGEBENCH_DATA={root})")
        return path
    folder = cache_dir() / "outputs"
    for name in RECORDED_OUTPUTS:
        if not (folder / name).is_file():
            download(_raw_github_url("outputs", name), folder / name)
    return folder


def recorded_output(spec: str) -> Path:
    """A recorded-outputs file: the path as given, else that file name among the release's recorded outputs.

    A release name is looked up under ``$JUDGEBENCH_DATA/outputs``, else in the per-user cache, where it is
    downloaded on first use (only that file).
    """
    path = Path(spec).expanduser()
    if path.is_file():
        return path
    root = data_root()
    if root is not None and (root / "outputs" / spec).is_file():
        return root / "outputs" / spec
    if root is None and spec in RECORDED_OUTPUTS:
        cached = cache_dir() / "outputs" / spec
        return cached if cached.is_file() else download(_raw_github_url("outputs", spec), cached)
    raise InputError("no such recorded outputs file (a path, or a file name of the release's recorded outputs)", spec)


def _parquet_rows(path: Path) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    try:
        return list(pq.read_table(path).to_pylist())
    except Exception as exc:  # pyarrow raises several unrelated types
        raise InputError(f"not a readable Parquet file ({exc})", str(path)) from None


#: Named pair sets beyond the releases: ``name`` → resolver ``(spec) -> list[Pair] | None`` (None: not one of
#: mine), declared by the package that owns the sets (entry-point group ``judgebench.pair_sets``).
PAIR_SETS: Registry[Callable[[str], list[Pair] | None]] = Registry("pair set", "judgebench.pair_sets")
PAIR_SETS.add_lazy("llmbar", "judgebench.importers.llmbar:resolve_set")


def resolve_pairs(spec: str) -> Path:
    """A local JSONL or Parquet file for a pairs spec.

    The spec is a release name, a benchmark set name (``llmbar-natural``, ``llmbar``...: written as JSONL to the
    per-user cache), a path or ``hf:owner/name:split``.
    """
    if spec in RELEASES:
        return release_path(spec)
    if not Path(spec).exists():
        for name in PAIR_SETS.names():
            named = PAIR_SETS.get(name)(spec)
            if named is not None:
                from judgebench.records import write_pairs

                dest = cache_dir() / "benchmarks" / f"dataset={spec}.jsonl"
                write_pairs(dest, named)
                return dest
    if spec.startswith("hf:"):
        dataset_id, _, split = spec[3:].partition(":")
        if not dataset_id or not split:
            raise ConfigError(f"hub pairs must read hf:owner/name:split, got {spec!r}")
        return cached_split("hub", dataset_id, split, fix=HUB_PAIRS_FIX)
    path = Path(spec).expanduser()
    problem = input_file_problem(path)
    if problem == "no such file":
        raise InputError(
            "no such file (expected gpt, claude, a benchmark set such as llmbar-natural, a .jsonl/.parquet path "
            "or hf:owner/name:split)",
            spec,
        )
    if problem is not None:
        raise InputError(problem, spec)
    return path


def load_pairs(spec: str, *, unlabelled: bool = False) -> list[Pair]:
    """Pairs from a release name, a JSONL or Parquet file, or a hub dataset id; validated.

    ``unlabelled``: accept the label ``no-majority`` (:data:`~judgebench.records.NO_MAJORITY`; the judge runner).

    Raises:
        InputError: no pairs at all (every command that takes pairs has nothing to do: exit 2).
    """
    return load_pair_file(resolve_pairs(spec), unlabelled=unlabelled)


def load_pair_file(path: Path, *, unlabelled: bool = False) -> list[Pair]:
    """Pairs of a file :func:`resolve_pairs` gave (JSONL or Parquet); validated (``unlabelled``: as :func:`load_pairs`).

    Raises:
        InputError: no pairs at all, as :func:`load_pairs`.
    """
    if path.suffix == ".parquet":
        pairs: list[Pair] = []
        seen: set[str] = set()
        for i, row in enumerate(_parquet_rows(path), 1):
            pair = Pair.from_dict(row, str(path), i, unlabelled=unlabelled)
            if pair.pair_id in seen:
                raise DuplicatePairError(f"duplicate pair_id {pair.pair_id!r}", str(path), i)
            seen.add(pair.pair_id)
            pairs.append(pair)
    else:
        pairs = read_pairs(path, unlabelled=unlabelled)
    if not pairs:
        raise InputError("no pairs in file", str(path))
    return pairs


def dataset_stem(spec: str, resolved: Path | None = None) -> str:
    """The dataset part of output file names (upstream: the pairs file name without ``.jsonl``).

    ``resolved``: what :func:`resolve_pairs` already gave for ``spec`` (a named set is not rebuilt again).
    """
    if spec in RELEASES:
        return RELEASES[spec].removesuffix(".jsonl")
    return (resolved if resolved is not None else resolve_pairs(spec)).stem
