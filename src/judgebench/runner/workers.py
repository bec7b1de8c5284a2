"""What both runners (pairs, best-of-K) share: making the judge, and judging items into an appended output.

:func:`append_by_workers` runs a number of workers over the items; each item's line is appended and flushed
as soon as it is made, so a run killed at any point leaves complete lines (and, at worst, one torn last
line) that a rerun resumes from. Two things stop a run, each as one line: a failed write (a full disk:
:class:`~judgebench.errors.OutputError`, the lines so far kept) and an endpoint that refuses every call
(:class:`~judgebench.errors.EndpointError`, saying how many items are kept). What the line advises follows
the failure's ``reason``: a model that cannot load (``unloadable``: a broken file, refused code, a failing
chat template) stops the same way on every rerun, so the line says to fix the model or pick another; every
other stop (a refused connection, a rejected key, an unreachable hub) says that rerunning resumes.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import TypeVar

from judgebench.errors import EndpointError, OutputError
from judgebench.judges.base import JUDGES, Judge, JudgeOptions
from judgebench.output_files import open_append, write_error

T = TypeVar("T")

#: EndpointError reasons that no rerun of the same command gets past: the line says what to fix instead.
_FIX_FIRST = {
    "unloadable": "the model cannot load, so a rerun would stop the same way: fix the model folder "
    "(its files, config or chat template) or choose another model, then run again",
}


def open_judge(name: str, options: JudgeOptions, make_judge: Callable[[JudgeOptions], Judge] | None = None) -> Judge:
    """The judge for ``options``: ``make_judge`` when given (tests), else the one registered as ``name``."""
    if make_judge is None:
        import judgebench.judges  # noqa: F401 - registers the built-in judges (only when a judge is needed)

        make_judge = JUDGES.get(name)
    return make_judge(options)


async def append_by_workers(
    out: Path,
    items: Sequence[T],
    workers: int,
    line_of: Callable[[T], Awaitable[str | None]],
    done: Callable[[], int],
    noun: str,
) -> None:
    """Judge ``items`` with ``workers`` concurrent workers, appending each item's line to ``out``.

    Args:
        out: the output file (appended to).
        items: what to judge, taken in order.
        workers: how many items are judged at once.
        line_of: judges one item and returns its line (no newline), or None to write nothing for it (a call
            deferred to a batch); its bookkeeping is the caller's.
        done: how many items are judged so far (named when an endpoint stops the run).
        noun: what an item is, plural (``pairs``, ``prompts``).
    """
    queue = deque(items)
    fh = open_append(out)

    async def worker() -> None:
        while queue:
            line = await line_of(queue.popleft())
            if line is None:
                continue
            try:
                fh.write(line + "\n")
                fh.flush()  # a complete line per item, whatever happens next
            except OSError as exc:
                raise write_error(out, exc, resume_hint=True) from None

    try:
        try:
            async with asyncio.TaskGroup() as group:
                for _ in range(min(len(items), workers)):
                    group.create_task(worker())
        except* EndpointError as stopped:
            first = stopped.exceptions[0]
            reason = getattr(first, "reason", "endpoint")
            n = done()
            kept = f"the {n} {noun} judged are kept in {out}; " if n else ""
            advice = _FIX_FIRST.get(reason, "rerun the command to resume")
            raise EndpointError(reason, f"{first} — run stopped; {kept}{advice}") from None
    except* OutputError as group:  # the complete lines written so far keep the file resumable
        raise group.exceptions[0] from None
    finally:
        try:
            fh.close()
        except OSError as exc:  # the last buffered bytes could not be written either
            raise write_error(out, exc, resume_hint=True) from None
