"""``--batch`` on the commands that call models (``judge``, best-of-K judging, ``probe``): the flags and the run."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

BATCHED_PROVIDERS = ("openai", "anthropic")


def add_batch_arguments(p: Any) -> None:
    """Add ``--batch`` and ``--batch-poll`` to a command's parser."""
    p.add_argument(
        "--batch",
        action="store_true",
        help="send the calls as provider batches at batch prices (openai/, anthropic/; results within 24 h); the "
        "batch ids are kept beside --out, so rerunning the command polls instead of submitting again",
    )
    p.add_argument(
        "--batch-poll",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="with --batch: seconds between polls of a batch in flight (default 30)",
    )


def run_maybe_batched(args: argparse.Namespace, out: str | Path, run_round: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """``run_round()`` under ``asyncio.run``, in batched rounds when ``--batch`` was given."""
    import asyncio

    if not getattr(args, "batch", False):
        return asyncio.run(run_round())
    from judgebench.batch.driver import BatchSettings, run_batched
    from judgebench.errors import ConfigError
    from judgebench.model_spec import ModelSpec

    provider = ModelSpec.parse(args.model).provider
    if provider not in BATCHED_PROVIDERS:
        raise ConfigError(
            f"--batch: {provider}/ has no batch API here (openai/ and anthropic/ do; a local server "
            "with the OpenAI batch endpoints: openai/<model> --base-url URL)"
        )
    if getattr(args, "no_cache", False):
        raise ConfigError("--batch keeps the batches' answers in the call cache: drop --no-cache")
    if args.batch_poll <= 0:
        raise ConfigError(f"--batch-poll must be more than 0, got {args.batch_poll:g}")
    settings = BatchSettings(poll_s=args.batch_poll, progress=not getattr(args, "json", False))

    async def batched() -> Any:
        return await run_batched(run_round, out, settings)

    result: T = asyncio.run(batched())
    return result
