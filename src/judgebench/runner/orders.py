"""Judging one pair in its orders: order 0 is (A, B) as stored, order 1 the swap (B, A).

Pairwise judges judge the requested orders concurrently. Pointwise judges (reward models) score the two
responses once and build every order's verdict from the same two scores (:meth:`PointwiseJudge.decide`:
equal scores are a tie). Whatever goes wrong becomes a failed verdict with the reason — an exception a judge
did not handle included — so one bad pair never stops a run, and a failure is never a tie. Only an
:class:`~judgebench.errors.EndpointError` (nothing can succeed: a refused connection, a rejected key) passes
through and stops the run.

Each verdict is written as one entry of ``judgments``: upstream's ``{"judgment", "decision"}`` plus
``usage``, ``latency_s``, ``cost_usd``, ``error`` (why a judgment failed: no answer) and ``no_verdict`` (why an
answer holds no verdict); :func:`~judgebench.records.judgment_outcome` tells the three outcomes apart.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Coroutine, Sequence
from typing import Any, TypeVar

from judgebench.backends.failures import reason_of
from judgebench.engine.deferral import ITEM, CallDeferred
from judgebench.errors import BackendError, EndpointError, JudgeBenchError
from judgebench.judges.base import Judge, JudgeContext, PointwiseJudge, Verdict
from judgebench.records import DECIDED, FAILED, NO_VERDICT, Pair, judgment_outcome

T = TypeVar("T")

#: What a judge call lets through instead of recording a failed verdict: cancellation, an endpoint that
#: refuses every call (the runner stops the run: not one failed judgment after another), and a call deferred
#: to a batch (``--batch``: the pair waits for a later round and nothing is recorded for it now).
PASS_THROUGH: tuple[type[BaseException], ...] = (asyncio.CancelledError, EndpointError, CallDeferred)


def failure(judge: Judge, exc: BaseException) -> Verdict:
    """A failed verdict for an exception raised out of a judge."""
    if isinstance(exc, BackendError):
        why = f"call failed ({reason_of(exc)}): {exc}"
    elif isinstance(exc, JudgeBenchError):
        why = f"{type(exc).__name__}: {exc}"
    else:
        why = f"judge raised {type(exc).__name__}: {exc}"
    return Verdict(None, {"judge_model": judge.model_name, "prompt": "", "response": ""}, error=why)


async def _one(judge: Judge, pair: Pair, order: int, seed: int) -> Verdict:
    first, second = (pair.response_A, pair.response_B) if order == 0 else pair.swapped()
    started = time.perf_counter()
    ITEM.set((pair.pair_id, str(order)))  # this task's own context: names the pair of a call deferred to a batch
    try:
        verdict = await judge.judge(pair.question, first, second, JudgeContext(pair.pair_id, order, seed))
    except PASS_THROUGH:
        raise
    except Exception as exc:
        verdict = failure(judge, exc)
        verdict.latency_s = time.perf_counter() - started
    return verdict


async def _pointwise(judge: PointwiseJudge, pair: Pair, orders: Sequence[int], seed: int) -> dict[int, Verdict]:
    started = time.perf_counter()
    token = ITEM.set((pair.pair_id, "both"))
    try:
        a, b = await judge.score(pair.question, [pair.response_A, pair.response_B], JudgeContext(pair.pair_id, 0, seed))
    except PASS_THROUGH:
        raise
    except Exception as exc:
        out = {o: failure(judge, exc) for o in orders}
    else:
        out = {}
        for o in orders:
            first, second = (a, b) if o == 0 else (b, a)
            out[o] = Verdict(judge.decide(first, second), judge.judgment([first, second]))
    finally:
        ITEM.reset(token)
    elapsed = time.perf_counter() - started
    for verdict in out.values():
        verdict.latency_s = elapsed
    return out


async def judge_orders(judge: Judge, pair: Pair, orders: Sequence[int], seed: int = 0) -> dict[int, Verdict]:
    """Verdicts of ``pair`` in ``orders`` (0, 1 or both), keyed by order.

    A pointwise judge rescoring a pair scores both responses again, so ``orders`` for it should be every
    order the record holds (the runner asks for all of them).
    """
    if isinstance(judge, PointwiseJudge):
        return await _pointwise(judge, pair, orders, seed)
    verdicts = await gather_collecting([_one(judge, pair, o, seed) for o in orders])
    return dict(zip(orders, verdicts, strict=True))


async def gather_collecting(calls: Sequence[Coroutine[Any, Any, T]]) -> list[T]:
    """``asyncio.gather(*calls)``, except that a call deferred to a batch lets the others run to their own calls.

    An exception propagates at once, as from ``gather``; a :class:`CallDeferred` first waits for the other calls,
    so every call of the item is collected in the same round, then passes on (another exception first, if any).
    """
    tasks = [asyncio.ensure_future(call) for call in calls]
    try:
        return list(await asyncio.gather(*tasks))
    except CallDeferred:
        raise_first(await asyncio.gather(*tasks, return_exceptions=True))
        raise


def raise_first(results: Sequence[object]) -> None:
    """Raise the first exception of a ``gather(..., return_exceptions=True)``, a deferral only when nothing else."""
    errors = [r for r in results if isinstance(r, BaseException)]
    for error in errors:
        if not isinstance(error, CallDeferred):
            raise error
    if errors:
        raise errors[0]


def entry(verdict: Verdict) -> dict[str, Any]:
    """The ``judgments`` entry of a verdict (upstream's two keys first)."""
    return {
        "judgment": verdict.judgment,
        "decision": verdict.decision,
        "usage": verdict.usage.to_dict(),
        "latency_s": round(verdict.latency_s, 4),
        "cost_usd": verdict.cost_usd,
        "error": verdict.error,
        "no_verdict": verdict.no_verdict,
    }


def succeeded(judgment: Any) -> bool:
    """True for an entry with a decision (see :func:`~judgebench.records.judgment_outcome`)."""
    return judgment_outcome(judgment) == DECIDED


def needs_judging(judgment: Any, retry_no_verdict: bool = False) -> bool:
    """True for an entry a resumed run judges again: a failed one, or a no-verdict one when asked."""
    outcome = judgment_outcome(judgment)
    return outcome == FAILED or (retry_no_verdict and outcome == NO_VERDICT)
