"""The batches' progress (rich, on stderr, only on a terminal): one row per batch, its state and requests done."""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, Any

from judgebench.runner.progress import may_be_terminal

if TYPE_CHECKING:
    from judgebench.batch.state import Submitted


class BatchProgress:
    """Rows ``openai batch_abc · in_progress · 120/350 requests`` (nothing drawn off a terminal)."""

    def __init__(self, *, enabled: bool = True) -> None:
        self.submitted = 0
        self.completed = 0
        self._seen: set[str] = set()
        self._ingested: set[str] = set()
        self._tasks: dict[str, Any] = {}
        self._bar: Any = None
        if not (enabled and may_be_terminal()):
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        console = Console(stderr=True)
        if console.is_terminal:
            self._bar = Progress(
                TextColumn("{task.description}", markup=False),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[state]}", markup=False),
                TimeElapsedColumn(),
                console=console,
            )

    def show(self, batch: Submitted) -> None:
        """Add or update a batch's row."""
        if batch.id not in self._seen:
            self._seen.add(batch.id)
            self.submitted += 1
        if batch.ingested and batch.id not in self._ingested:
            self._ingested.add(batch.id)
            self.completed += 1
        if self._bar is None:
            return
        counts = batch.counts
        done = sum(counts.get(k, 0) for k in ("completed", "succeeded", "failed", "errored", "expired", "canceled"))
        state = "ingested" if batch.ingested else batch.state
        task = self._tasks.get(batch.id)
        if task is None:
            task = self._tasks[batch.id] = self._bar.add_task(
                f"{batch.provider} {batch.id}", total=len(batch.keys), state=state
            )
        self._bar.update(task, completed=len(batch.keys) if batch.ingested else done, state=state)

    def __enter__(self) -> BatchProgress:
        if self._bar is not None:
            self._bar.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._bar is not None:
            self._bar.stop()
