"""``--batch`` on the commands that call models (``judge``, best-of-K judging, ``probe``): the flags and the run."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


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
    from judgebench.batch.driver import maybe_batched

    batched = maybe_batched(
        run_round,
        batch=True,
        out=out,
        model=args.model,
        cache=not getattr(args, "no_cache", False),
        poll_s=args.batch_poll,
        progress=not getattr(args, "json", False),
    )
    result: T = asyncio.run(batched)
    return result
