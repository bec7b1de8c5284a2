"""The Python API of the builder side: :func:`build`, :func:`abuild` and :func:`solve`.

They are re-exported by :mod:`judgebench.api` and the package root, where to import them from.
Each takes the flags of its command as typed keyword parameters of the same names (``--no-cache`` is
``cache=False``). They work inside a running event loop too: their model calls then run on a private loop in a
worker thread (:mod:`judgebench.event_loops`).
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from judgebench.model_spec import ModelLike, ModelSpec

if TYPE_CHECKING:
    from judgebench.builder.pipeline import BuildResult
    from judgebench.builder.solve import SolveResult

PathLike = str | os.PathLike[str]


def _allow_unsandboxed(allow: bool) -> None:
    """``--allow-unsandboxed``: through the environment, so verification worker processes see it too."""
    if allow:
        from judgebench.sandbox.containment import ALLOW_ENV

        os.environ[ALLOW_ENV] = "1"


def _path(value: PathLike | None) -> str | None:
    return os.fspath(value) if value is not None else None


def _spec(value: ModelLike | None) -> ModelSpec | None:
    """A model spec parsed here, at the edge."""
    return ModelSpec.parse(value) if value is not None else None


def build(
    sources: Sequence[str],
    *,
    out: PathLike = "pairs.jsonl",
    source_options: Sequence[str] = (),
    model: ModelLike | None = None,
    k: int = 5,
    questions: int | None = None,
    per_category: int | None = None,
    seed: int = 0,
    temperature: float = 1.0,
    max_tokens: int | None = None,
    responses: PathLike | None = None,
    executor: str = "local",
    workers: int | None = None,
    ray_address: str | None = None,
    base_url: str | None = None,
    concurrency: int = 16,
    cache: bool = True,
    cache_path: PathLike | None = None,
    checker: ModelLike | None = None,
    checker_base_url: str | None = None,
    fresh: bool = False,
    format: str = "pairs",
    best_of: int | None = None,
    allow_unsandboxed: bool = False,
    engine_options: Mapping[str, Any] | None = None,
    progress: Callable[[str], None] | None = None,
    batch: bool = False,
    batch_poll: float = 30.0,
) -> BuildResult:
    """Build labeled pairs from sources with ground truth (``judgebench build``).

    Args:
        sources: ``NAME`` or ``NAME=PATH`` of registered sources (``mmlu-pro=../sources/mmlu-pro/test.jsonl``).
        out: the pair file to write.
        source_options: ``NAME.KEY=VALUE`` source options.
        model: the response model spec (not needed with ``responses``).
        k: responses sampled per question (paper: 5).
        questions: questions sampled per group (paper: 100; 0 = all).
        per_category: pairs kept per group (0 = all).
        seed: seed of every random choice.
        temperature: sampling temperature.
        max_tokens: max_tokens per response (None: the provider's).
        responses: a JSONL file of responses to use instead of sampling.
        executor: ``local`` or ``ray``.
        workers: local verification processes (None: CPU count; 0: inline).
        ray_address: the Ray cluster (None: a local instance).
        base_url: the endpoint for ``openai/`` specs.
        concurrency: calls in flight.
        cache: read and write the call cache (``--no-cache``: False).
        cache_path: the SQLite call cache (None: the engine's).
        checker: an LLM answer checker's model spec (paper: ``openai/gpt-4o-mini``); None: off.
        checker_base_url: the checker's endpoint.
        fresh: discard the work folder of a previous run first.
        format: ``pairs`` or ``best-of-k``.
        best_of: with ``format="best-of-k"``: one correct and ``best_of - 1`` incorrect responses per question.
        allow_unsandboxed: run model-written code under the weaker rlimits fallback when bubblewrap is missing.
        engine_options: the engine's own options (``rpm``, ``api_key``...).
        progress: called with each progress line (the command prints them on stderr).
        batch: send the sampling (and checker) calls as provider batches (``--batch``; the ids are kept beside
            ``out``, so calling again resumes by polling).
        batch_poll: seconds between polls of a batch in flight.
    """
    from judgebench.builder.inputs import SourceSpec
    from judgebench.builder.pipeline import BuildConfig, run_build

    _allow_unsandboxed(allow_unsandboxed)
    config = BuildConfig(
        sources=[SourceSpec.parse(s, list(source_options)) for s in sources],
        out=Path(out),
        model=_spec(model),
        k=k,
        questions=questions,
        per_category=per_category,
        seed=seed,
        temperature=temperature,
        max_tokens=max_tokens,
        responses=_path(responses),
        executor=executor,
        workers=workers,
        ray_address=ray_address,
        base_url=base_url,
        concurrency=concurrency,
        cache=cache,
        cache_path=_path(cache_path),
        checker=_spec(checker),
        checker_base_url=checker_base_url,
        fresh=fresh,
        format=format,
        best_of=best_of,
        engine_options=dict(engine_options or {}),
        progress=progress,
    )
    if batch:
        from judgebench.builder.batched import build_in_batches
        from judgebench.event_loops import run_coroutine

        return run_coroutine(build_in_batches(config, poll_s=batch_poll, progress=False))
    return run_build(config)


async def abuild(
    sources: Sequence[str],
    *,
    out: PathLike = "pairs.jsonl",
    source_options: Sequence[str] = (),
    model: ModelLike | None = None,
    k: int = 5,
    questions: int | None = None,
    per_category: int | None = None,
    seed: int = 0,
    temperature: float = 1.0,
    max_tokens: int | None = None,
    responses: PathLike | None = None,
    executor: str = "local",
    workers: int | None = None,
    ray_address: str | None = None,
    base_url: str | None = None,
    concurrency: int = 16,
    cache: bool = True,
    cache_path: PathLike | None = None,
    checker: ModelLike | None = None,
    checker_base_url: str | None = None,
    fresh: bool = False,
    format: str = "pairs",
    best_of: int | None = None,
    allow_unsandboxed: bool = False,
    engine_options: Mapping[str, Any] | None = None,
    progress: Callable[[str], None] | None = None,
    batch: bool = False,
    batch_poll: float = 30.0,
) -> BuildResult:
    """:func:`build` for ``await`` (same parameters): the build runs in a worker thread with its own event loop."""
    settings = dict(locals())
    del settings["sources"]
    return await asyncio.to_thread(build, sources, **settings)


def solve(
    model: ModelLike,
    pairs: PathLike,
    *,
    out: PathLike,
    sources: Sequence[str] = (),
    temperature: float = 0.0,
    max_tokens: int | None = None,
    base_url: str | None = None,
    concurrency: int = 16,
    cache: bool = True,
    cache_path: PathLike | None = None,
    workers: int | None = None,
    allow_unsandboxed: bool = False,
) -> SolveResult:
    """A model answers each pair's question and its answers are verified (``judgebench solve``).

    Args:
        model: ``provider/model`` or a :class:`~judgebench.model_spec.ModelSpec`.
        pairs: a release name, a pairs file or ``hf:owner/name:split``.
        out: the solve-result file to write (resumable).
        sources: ``NAME=PATH``: where a source's ground truth lives (default: download).
        temperature: sampling temperature.
        max_tokens: max_tokens per answer (None: the provider's).
        base_url: the endpoint for ``openai/`` specs.
        concurrency: calls in flight.
        cache: read and write the call cache (``--no-cache``: False).
        cache_path: the SQLite call cache (None: the engine's).
        workers: verification processes (None: CPU count; 0: inline).
        allow_unsandboxed: as for :func:`build`.
    """
    from judgebench.builder.inputs import SourceSpec
    from judgebench.builder.solve import run_solve

    _allow_unsandboxed(allow_unsandboxed)
    return run_solve(
        ModelSpec.parse(model),
        os.fspath(pairs),
        Path(out),
        sources=[SourceSpec.parse(s) for s in sources],
        temperature=temperature,
        max_tokens=max_tokens,
        base_url=base_url,
        concurrency=concurrency,
        cache=cache,
        cache_path=_path(cache_path),
        workers=workers,
    )
