"""Judging a pair in its orders (``runner.orders``): which responses each order shows, the pointwise verdicts
built from one pair of scores, failures recorded with their reason (never a tie), what passes through, and the
``judgments`` entry written for each verdict."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest

from judgebench.backends.base import Usage
from judgebench.engine.deferral import ITEM, CallDeferred
from judgebench.errors import BackendError, ConfigError, EndpointError
from judgebench.judges.base import Judge, JudgeContext, PointwiseJudge, Verdict
from judgebench.records import Pair
from judgebench.runner import orders

PAIR = Pair("p-1", 3, "mmlu-pro-law", "Q?", "gpt", "resp A", "resp B", "A>B")


class Pairwise(Judge):
    name = "orders-test"

    def __init__(self, fail: BaseException | None = None, fail_order: int | None = None) -> None:
        self.calls: list[tuple[str, str, str, JudgeContext, object]] = []
        self.fail, self.fail_order = fail, fail_order

    @property
    def model_name(self) -> str:
        return "judge-model"

    async def judge(self, question: str, response_a: str, response_b: str, ctx: JudgeContext) -> Verdict:
        self.calls.append((question, response_a, response_b, ctx, ITEM.get()))
        if self.fail is not None and self.fail_order in (None, ctx.order):
            raise self.fail
        # prefers "resp A" wherever it is shown
        return Verdict("A>B" if response_a == "resp A" else "B>A", {"shown": [response_a, response_b]})


class Scores(PointwiseJudge):
    name = "orders-test-rm"

    def __init__(self, scores: Sequence[float], fail: BaseException | None = None) -> None:
        self.scores, self.fail = list(scores), fail
        self.calls: list[tuple[str, list[str], JudgeContext, object]] = []

    @property
    def model_name(self) -> str:
        return "rm"

    async def score(self, question: str, responses: Sequence[str], ctx: JudgeContext) -> list[float]:
        self.calls.append((question, list(responses), ctx, ITEM.get()))
        if self.fail is not None:
            raise self.fail
        return self.scores


def run(coro):
    return asyncio.run(coro)


def test_order_0_shows_the_pair_as_stored_and_order_1_swapped():
    judge = Pairwise()
    verdicts = run(orders.judge_orders(judge, PAIR, [0, 1], seed=7))
    assert sorted(verdicts) == [0, 1]
    assert verdicts[0].decision == "A>B" and verdicts[0].judgment == {"shown": ["resp A", "resp B"]}
    assert verdicts[1].decision == "B>A" and verdicts[1].judgment == {"shown": ["resp B", "resp A"]}
    calls = sorted(judge.calls, key=lambda c: c[3].order)
    assert calls == [
        ("Q?", "resp A", "resp B", JudgeContext("p-1", 0, 7), ("p-1", "0")),
        ("Q?", "resp B", "resp A", JudgeContext("p-1", 1, 7), ("p-1", "1")),
    ]
    assert ITEM.get() is None  # each call set it in its own task


def test_only_the_orders_asked_for():
    judge = Pairwise()
    verdicts = run(orders.judge_orders(judge, PAIR, [1]))
    assert list(verdicts) == [1] and verdicts[1].decision == "B>A"
    assert [(c[1], c[2], c[3].order, c[3].seed) for c in judge.calls] == [("resp B", "resp A", 1, 0)]
    assert run(orders.judge_orders(Pairwise(), PAIR, [])) == {}


def _clock(monkeypatch, *times):
    ticks = iter(times)
    monkeypatch.setattr(orders.time, "perf_counter", lambda: next(ticks))


@pytest.mark.parametrize(
    ("exc", "why"),
    [
        (ValueError("bad reply"), "judge raised ValueError: bad reply"),
        (BackendError("HTTP 429: slow down", status=429), "call failed (rate_limit): HTTP 429: slow down"),
        (BackendError("HTTP 503", status=503), "call failed (server_error): HTTP 503"),
        (ConfigError("no template"), "ConfigError: no template"),
    ],
)
def test_a_judge_that_raises_gives_a_failed_verdict_with_the_reason(monkeypatch, exc, why):
    _clock(monkeypatch, 10.0, 12.5)
    verdicts = run(orders.judge_orders(Pairwise(exc, fail_order=1), PAIR, [1]))
    v = verdicts[1]
    assert (v.decision, v.error, v.no_verdict) == (None, why, None)
    assert v.judgment == {"judge_model": "judge-model", "prompt": "", "response": ""}
    assert v.latency_s == 2.5
    assert orders.failure(Pairwise(), exc).error == why


def test_one_failed_order_leaves_the_other():
    verdicts = run(orders.judge_orders(Pairwise(ValueError("x"), fail_order=0), PAIR, [0, 1]))
    assert verdicts[0].error == "judge raised ValueError: x" and verdicts[0].decision is None
    assert verdicts[1].decision == "B>A" and verdicts[1].error is None


@pytest.mark.parametrize(
    "exc", [EndpointError("refused", "connection refused"), CallDeferred(), asyncio.CancelledError()]
)
def test_what_passes_through(exc):
    with pytest.raises(type(exc)):
        run(orders.judge_orders(Pairwise(exc), PAIR, [0]))
    with pytest.raises(type(exc)):
        run(orders.judge_orders(Scores([1, 2], exc), PAIR, [0, 1]))
    assert ITEM.get() is None


def test_pointwise_verdicts_come_from_one_pair_of_scores(monkeypatch):
    _clock(monkeypatch, 1.0, 1.75)
    judge = Scores([2.0, 0.5])
    verdicts = run(orders.judge_orders(judge, PAIR, [0, 1], seed=3))
    assert judge.calls == [("Q?", ["resp A", "resp B"], JudgeContext("p-1", 0, 3), ("p-1", "both"))]
    assert verdicts[0].decision == "A>B" and verdicts[0].judgment["scores"] == [2.0, 0.5]
    assert verdicts[1].decision == "B>A" and verdicts[1].judgment["scores"] == [0.5, 2.0]
    assert verdicts[0].judgment == {"judge_model": "rm", "prompt": "", "response": "", "scores": [2.0, 0.5]}
    assert [v.latency_s for v in verdicts.values()] == [0.75, 0.75]
    assert ITEM.get() is None


def test_pointwise_second_order_only_and_equal_scores():
    verdicts = run(orders.judge_orders(Scores([0.1, 0.9]), PAIR, [1]))
    assert list(verdicts) == [1] and verdicts[1].decision == "A>B" and verdicts[1].judgment["scores"] == [0.9, 0.1]
    tied = run(orders.judge_orders(Scores([1.0, 1.0]), PAIR, [0, 1]))
    assert [v.decision for v in tied.values()] == ["A=B", "A=B"]


def test_a_failed_pointwise_score_fails_every_order(monkeypatch):
    _clock(monkeypatch, 5.0, 9.0)
    verdicts = run(orders.judge_orders(Scores([1, 2], RuntimeError("oom")), PAIR, [0, 1]))
    assert [(o, v.decision, v.error, v.latency_s) for o, v in verdicts.items()] == [
        (0, None, "judge raised RuntimeError: oom", 4.0),
        (1, None, "judge raised RuntimeError: oom", 4.0),
    ]


def test_the_judgments_entry():
    v = Verdict("B>A", {"judge_model": "m", "prompt": "p", "response": "r"}, usage=Usage(3, 4, 1), cost_usd=0.002,
                latency_s=1.234567)  # fmt: skip
    e = orders.entry(v)
    assert list(e) == ["judgment", "decision", "usage", "latency_s", "cost_usd", "error", "no_verdict"]
    assert e == {
        "judgment": {"judge_model": "m", "prompt": "p", "response": "r"},
        "decision": "B>A",
        "usage": {"input_tokens": 3, "output_tokens": 4, "reasoning_tokens": 1},
        "latency_s": 1.2346,
        "cost_usd": 0.002,
        "error": None,
        "no_verdict": None,
    }
    failed = orders.entry(Verdict(None, error="call failed"))
    assert (failed["decision"], failed["error"], failed["no_verdict"]) == (None, "call failed", None)
    none = orders.entry(Verdict(None, no_verdict="no [[X]]"))
    assert (none["error"], none["no_verdict"]) == (None, "no [[X]]")


def test_which_entries_a_resumed_run_judges_again():
    decided = orders.entry(Verdict("A>B"))
    failed = orders.entry(Verdict(None, error="timeout"))
    no_verdict = orders.entry(Verdict(None, no_verdict="two verdicts"))
    assert [orders.succeeded(e) for e in (decided, failed, no_verdict, None)] == [True, False, False, False]
    assert [orders.needs_judging(e) for e in (decided, failed, no_verdict, None)] == [False, True, False, True]
    assert [orders.needs_judging(e, True) for e in (decided, failed, no_verdict, None)] == [False, True, True, True]


def test_raise_first_prefers_a_real_error_to_a_deferral():
    deferred, error = CallDeferred(), ValueError("v")
    with pytest.raises(ValueError):
        orders.raise_first([1, deferred, error])
    with pytest.raises(CallDeferred) as e:
        orders.raise_first(["ok", deferred, CallDeferred()])
    assert e.value is deferred
    orders.raise_first([1, None, "x"])
    orders.raise_first([])


def test_gather_collecting_lets_every_call_reach_its_own_before_deferring():
    done: list[str] = []

    async def deferred() -> str:
        raise CallDeferred()

    async def slow(name: str) -> str:
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        done.append(name)
        return name

    async def failing() -> str:
        await asyncio.sleep(0)
        raise KeyError("k")

    assert run(orders.gather_collecting([slow("a"), slow("b")])) == ["a", "b"]
    done.clear()
    with pytest.raises(CallDeferred):
        run(orders.gather_collecting([deferred(), slow("x"), slow("y")]))
    assert sorted(done) == ["x", "y"]  # the other calls ran to their end first
    with pytest.raises(KeyError):
        run(orders.gather_collecting([deferred(), failing(), slow("z")]))
    with pytest.raises(KeyError):
        run(orders.gather_collecting([failing(), slow("w")]))
