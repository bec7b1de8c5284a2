"""``build --batch``: the build in rounds, each stage's calls sent as provider batches (see :mod:`judgebench.batch`).

A stage whose calls went to a batch stops the build after collecting all of them (``CallDeferred`` out of the
sampling executor); the next round finds the answers in the cache, records them in the stage file and goes on to
the next stage. ``--fresh`` applies to the first round only.
"""

from __future__ import annotations

import asyncio
import dataclasses

from judgebench.batch.driver import maybe_batched
from judgebench.builder.config import BuildConfig
from judgebench.builder.pipeline import BuildResult, run_build
from judgebench.errors import ConfigError


async def build_in_batches(config: BuildConfig, *, poll_s: float = 30.0, progress: bool = True) -> BuildResult:
    """Run the build of ``config`` in batched rounds until every stage is answered."""
    if config.executor != "local":
        raise ConfigError("--batch: the calls go through this process's engine: use --executor local")
    if config.model is None:
        raise ConfigError("--batch: nothing to sample (--responses given without --model)")
    rounds = 0

    async def one_round() -> BuildResult:
        nonlocal rounds
        rounds += 1
        this = config if rounds == 1 else dataclasses.replace(config, fresh=False)
        return await asyncio.to_thread(run_build, this)  # to_thread carries the round's deferral (a contextvar)

    return await maybe_batched(
        one_round,
        batch=True,
        out=config.out,
        model=config.model,
        cache=config.cache,
        poll_s=poll_s,
        progress=progress,
        cache_path=str(config.cache_path) if config.cache_path is not None else None,
    )
