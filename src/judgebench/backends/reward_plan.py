"""A whole run's reward scoring, planned: deduplicated, sorted by length, packed by a token budget.

A reward backend told every response of a run up front (:meth:`HFRewardBackend.plan
<judgebench.backends.hf_reward.HFRewardBackend.plan>`) encodes them all, then hands this module one
:class:`Unit` per *distinct* model input (responses shared by several pairs, or both orders of one pair,
are one unit with several waiting futures). :func:`pack` sorts the units by length and cuts them into
batches whose padded size (rows × longest row) stays within a token budget, so a batch holds many short
sequences or a few long ones and little padding; :func:`score_units` runs the batches, halving the budget
and re-packing what is left whenever a batch runs out of device memory, and retrying a failing batch row
by row so one bad input fails only its own pairs.

Nothing here imports torch: the forward function and the out-of-memory exception types come from the
backend.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Hashable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from judgebench.backends.reward import RewardItem
from judgebench.errors import FatalBackendError, JudgeBenchError, RetryableBackendError

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Unit:
    """One distinct model input and everyone waiting for its score.

    Attributes:
        key: what makes inputs equal (the exact token ids, or the exact conversation).
        length: its length in tokens (what it costs in a batch).
        payload: what the forward function takes for it (token ids, a conversation).
        futures: one per planned request of this input; all get the same score or error.
    """

    key: Hashable
    length: int
    payload: Any
    futures: list[Future[float]] = field(default_factory=list)

    def resolve(self, score: float | None = None, error: BaseException | None = None) -> None:
        """Give every waiting request the score (or the error)."""
        for fut in self.futures:
            if fut.done():
                continue
            if error is not None:
                fut.set_exception(error)
            else:
                fut.set_result(float(score if score is not None else 0.0))


class ScorePlan:
    """The futures of a planned run, keyed by what a request holds (question and response text)."""

    def __init__(self, items: Sequence[RewardItem]) -> None:
        self.futures: dict[tuple[str, str], Future[float]] = {}
        for item in items:
            self.futures.setdefault((item.question, item.response), Future())

    def get(self, item: RewardItem) -> Future[float] | None:
        """The future of a planned item, None for one the plan does not hold."""
        return self.futures.get((item.question, item.response))

    def fail_all(self, error: BaseException) -> None:
        """Fail every request not answered yet (the model did not load, the self-check failed, ...)."""
        for fut in self.futures.values():
            if not fut.done():
                fut.set_exception(error)

    def cancel(self) -> None:
        """Cancel what is left (the backend is closing)."""
        for fut in self.futures.values():
            fut.cancel()


def group_units(entries: Sequence[tuple[Hashable, int, Any, Future[float]]]) -> list[Unit]:
    """One :class:`Unit` per distinct key, holding the futures of every entry with that key."""
    units: dict[Hashable, Unit] = {}
    for key, length, payload, fut in entries:
        unit = units.get(key)
        if unit is None:
            unit = units[key] = Unit(key, length, payload)
        unit.futures.append(fut)
    return list(units.values())


def pack(units: Sequence[Unit], budget: int) -> list[list[Unit]]:
    """``units`` sorted by length (longest first) and cut into batches of at most ``budget`` padded tokens.

    A batch's padded size is its row count times its longest row; a unit longer than the budget goes alone.
    Longest first, so the batch most likely to run out of memory runs first, while nothing else is held.
    """
    batches: list[list[Unit]] = []
    current: list[Unit] = []
    for unit in sorted(units, key=lambda u: u.length, reverse=True):
        width = current[0].length if current else unit.length
        if current and (len(current) + 1) * width > budget:
            batches.append(current)
            current = []
        current.append(unit)
    if current:
        batches.append(current)
    return batches


def score_units(
    units: Sequence[Unit],
    budget: int,
    forward: Callable[[list[Unit]], list[float]],
    *,
    oom: tuple[type[BaseException], ...] = (),
    stop: threading.Event | None = None,
    on_oom: Callable[[], None] | None = None,
) -> int:
    """Score ``units`` in budget-packed batches, resolving their futures as each batch finishes.

    Args:
        units: the distinct inputs.
        budget: padded tokens per batch to start with.
        forward: scores of one batch, in its order (blocking; called on this thread only).
        oom: exception types meaning "out of device memory": the budget is halved and the batch and
            everything after it re-packed; a single input that still does not fit fails with the reason.
        stop: when set, the remaining batches are skipped (their futures are left for the caller).
        on_oom: called after an out-of-memory error, before retrying (to free cached memory).

    Returns:
        The budget in use at the end (smaller than ``budget`` after out-of-memory errors).
    """
    pending = pack(units, budget)
    while pending:
        if stop is not None and stop.is_set():
            return budget
        batch = pending.pop(0)
        try:
            scores = forward(batch)
            if len(scores) != len(batch):
                raise FatalBackendError(f"the model returned {len(scores)} scores for {len(batch)} inputs")
        except oom as exc:
            if on_oom is not None:
                on_oom()
            if len(batch) == 1:
                why = f"out of memory scoring one {batch[0].length}-token input: {exc}"
                batch[0].resolve(error=RetryableBackendError(why))
                continue
            budget = max(1, budget // 2)
            log.warning("out of memory on a batch of %d inputs: token budget halved to %d", len(batch), budget)
            rest = batch + [u for b in pending for u in b]
            pending = pack(rest, budget)
            if len(pending[0]) >= len(batch):  # the halved budget would run the same batch again
                pending = [batch[: len(batch) // 2], batch[len(batch) // 2 :], *pack(rest[len(batch) :], budget)]
            continue
        except Exception as exc:
            if len(batch) > 1:  # find the input that fails; the others still get their scores
                pending = [[u] for u in batch] + pending
                continue
            error = exc if isinstance(exc, JudgeBenchError) else FatalBackendError(f"{type(exc).__name__}: {exc}")
            batch[0].resolve(error=error)
            continue
        for unit, s in zip(batch, scores, strict=True):
            unit.resolve(s)
    return budget
