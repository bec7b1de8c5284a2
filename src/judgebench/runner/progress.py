"""The run's progress bar (rich, on stderr): pairs judged, running accuracy (the vote rule), cost, failures.

Running accuracy counts the pairs judged in this run whose vote sum is positive, over those pairs (pairs labelled
``no-majority`` are counted apart, as unlabelled, and left out of it); the final
score report covers the whole file. The bar draws only on a terminal; elsewhere it stays silent and rich is not
even imported (a run in a pipeline starts faster).
"""

from __future__ import annotations

import os
import sys
from types import TracebackType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.progress import Progress


def may_be_terminal() -> bool:
    """False when stderr is surely not a terminal for rich (not a tty, no FORCE_COLOR / TTY_COMPATIBLE)."""
    if os.environ.get("FORCE_COLOR") or os.environ.get("TTY_COMPATIBLE"):
        return True
    return sys.stderr is not None and sys.stderr.isatty()


class RunProgress:
    """Counts and draws the run's progress.

    Args:
        total: pairs this run judges.
        skipped: pairs already done in the file.
        enabled: draw the bar (False: count only).
        label: the bar's title.
    """

    def __init__(self, total: int, skipped: int = 0, *, enabled: bool = True, label: str = "judging") -> None:
        self.total = total
        self.skipped = skipped
        self.done = 0
        self.correct = 0
        self.unlabelled = 0
        self.failed = 0
        self.cost_usd = 0.0
        self._bar: Progress | None = None
        if not (enabled and may_be_terminal()):
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        console = Console(stderr=True)
        if console.is_terminal:
            self._bar = Progress(
                TextColumn("{task.description}", style="bold", markup=False),  # the label is literal text
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[status]}"),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=console,
            )
            self._task = self._bar.add_task(label, total=total, status=self.status())

    @property
    def accuracy(self) -> float | None:
        """Percent of this run's labelled pairs judged correct so far (None before the first)."""
        labelled = self.done - self.unlabelled
        return 100.0 * self.correct / labelled if labelled else None

    def status(self) -> str:
        """``acc 65.7% · $0.0123 · 2 failed`` (``· 3 unlabelled`` when some pairs have no label)."""
        acc = "acc -" if self.accuracy is None else f"acc {self.accuracy:.1f}%"
        unlabelled = f" · {self.unlabelled} unlabelled" if self.unlabelled else ""
        return f"{acc} · ${self.cost_usd:.4f} · {self.failed} failed{unlabelled}"

    def advance(self, *, correct: bool, failed: int, cost_usd: float | None, unlabelled: bool = False) -> None:
        """One pair finished (``unlabelled``: a no-majority pair, never counted correct)."""
        self.done += 1
        self.unlabelled += int(unlabelled)
        self.correct += int(correct and not unlabelled)
        self.failed += failed
        self.cost_usd += cost_usd or 0.0
        if self._bar is not None:
            self._bar.update(self._task, advance=1, status=self.status())

    def __enter__(self) -> RunProgress:
        if self._bar is not None:
            self._bar.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._bar is not None:
            self._bar.stop()
