"""The ``reward_model`` judge around its backend: which position each response is scored under, which response
wins in each order, what a failed or malformed scoring records, and what the run is told up front."""

from __future__ import annotations

import asyncio
import math
from collections.abc import Iterator, Sequence
from types import SimpleNamespace
from typing import ClassVar

import pytest

from judgebench.backends.reward import RewardItem
from judgebench.errors import EndpointError, FatalBackendError
from judgebench.judges import reward_model
from judgebench.judges.base import JudgeContext, JudgeOptions
from judgebench.judges.reward_model import RewardModelJudge, open_reward_backend, reward_model_judge
from judgebench.recordings import RewardReplayBackend
from tests.conftest import GRM


class LengthBackend:
    """Scores a response by its length; records what it was asked and told."""

    model = "length-rm"

    def __init__(self, scores: list[float] | None = None, error: Exception | None = None) -> None:
        self.scores, self.error = scores, error
        self.seen: list[RewardItem] = []
        self.closed = False

    async def score(self, items: Sequence[RewardItem]) -> list[float]:
        self.seen.extend(items)
        if self.error is not None:
            raise self.error
        return self.scores if self.scores is not None else [float(len(i.response)) for i in items]

    async def aclose(self) -> None:
        self.closed = True


class PlanningBackend(LengthBackend):
    def __init__(self) -> None:
        super().__init__()
        self.planned: list[RewardItem] = []

    def plan(self, items: Sequence[RewardItem]) -> None:
        self.planned.extend(items)


class BorrowingBackend(LengthBackend):
    borrowed_spec: ClassVar[dict[str, str]] = {"name": "Org/Model", "borrowed_from": "Org/Model"}


def test_a_pair_is_scored_at_a_and_b_and_a_set_at_its_indices() -> None:
    backend = LengthBackend()
    judge = RewardModelJudge(backend)
    ctx = JudgeContext("p1", 0, seed=4)
    assert asyncio.run(judge.score("q", ["aa", "b"], ctx)) == [2.0, 1.0]
    assert asyncio.run(judge.score("q", ["aaa", "b", "cc"], ctx)) == [3.0, 1.0, 2.0]
    assert asyncio.run(judge.score("q", ["aaaa"], ctx)) == [4.0]
    assert [(i.question, i.response, dict(i.metadata)) for i in backend.seen] == [
        ("q", "aa", {"pair_id": "p1", "order": 0, "position": "A"}),
        ("q", "b", {"pair_id": "p1", "order": 0, "position": "B"}),
        ("q", "aaa", {"pair_id": "p1", "order": 0, "position": "0"}),
        ("q", "b", {"pair_id": "p1", "order": 0, "position": "1"}),
        ("q", "cc", {"pair_id": "p1", "order": 0, "position": "2"}),
        ("q", "aaaa", {"pair_id": "p1", "order": 0, "position": "0"}),
    ]


def test_scores_are_floats() -> None:
    scores = asyncio.run(RewardModelJudge(LengthBackend([1, 2])).score("q", ["a", "b"], JudgeContext("p", 0)))  # type: ignore[list-item]
    assert scores == [1.0, 2.0] and all(type(s) is float for s in scores)


@pytest.mark.parametrize(
    ("scores", "message"),
    [
        ([1.0], "reward backend returned 1 scores for 2 responses"),
        ([1.0, 2.0, 3.0], "reward backend returned 3 scores for 2 responses"),
        ([1.0, math.nan], "reward model returned a non-finite score (nan) for response B"),
        ([-math.inf, 1.0], "reward model returned a non-finite score (-inf) for response A"),
    ],
)
def test_malformed_scores_are_a_failure(scores: list[float], message: str) -> None:
    judge = RewardModelJudge(LengthBackend(scores))
    with pytest.raises(FatalBackendError) as info:
        asyncio.run(judge.score("q", ["a", "b"], JudgeContext("p", 0)))
    assert str(info.value) == message
    verdict = asyncio.run(judge.judge("q", "a", "b", JudgeContext("p", 0)))
    assert verdict.decision is None and verdict.error == f"FatalBackendError: {message}"
    assert verdict.judgment == {"judge_model": "length-rm", "prompt": "", "response": ""}


@pytest.mark.parametrize(
    ("a", "b", "order0", "order1"),
    [(3.0, 1.0, "A>B", "B>A"), (1.0, 3.0, "B>A", "A>B"), (2.0, 2.0, "A=B", "A=B")],
)
def test_each_order_decides_from_the_same_two_scores(a: float, b: float, order0: str, order1: str) -> None:
    judge = RewardModelJudge(LengthBackend())
    first, second = judge.verdicts(a, b)
    assert (first.decision, second.decision) == (order0, order1)
    assert first.judgment == {"judge_model": "length-rm", "prompt": "", "response": "", "scores": [a, b]}
    assert second.judgment["scores"] == [b, a]
    assert judge.verdict(a, b).decision == order0 and judge.verdict(a, b, 1).decision == order1
    assert [v.decision for v in judge.verdicts(a, b, orders=1)] == [order0]


def test_judging_order_by_order_scores_each_response_once(monkeypatch: pytest.MonkeyPatch) -> None:
    ticks: Iterator[float] = iter([100.0, 102.5, 200.0, 200.25, 300.0, 301.0])
    monkeypatch.setattr(reward_model, "time", SimpleNamespace(perf_counter=lambda: next(ticks)))
    backend = LengthBackend()
    judge = RewardModelJudge(backend)
    second = asyncio.run(judge.judge("q", "long response", "short", JudgeContext("p", 1, seed=7)))
    # order 1 shows the stored B first: the stored A is "short"
    assert [(i.response, i.position, i.metadata["order"]) for i in backend.seen] == [
        ("short", "A", 0),
        ("long response", "B", 0),
    ]
    assert second.decision == "A>B" and second.judgment["scores"] == [13.0, 5.0] and second.latency_s == 2.5
    first = asyncio.run(judge.judge("q", "short", "long response", JudgeContext("p", 0, seed=7)))
    assert len(backend.seen) == 2  # reused, not scored again
    assert first.decision == "B>A" and first.judgment["scores"] == [5.0, 13.0] and first.latency_s == 0.25
    # another pair with the same texts is its own pair
    asyncio.run(judge.judge("q", "short", "long response", JudgeContext("p2", 0)))
    assert len(backend.seen) == 4


def test_an_endpoint_failure_stops_the_run() -> None:
    judge = RewardModelJudge(LengthBackend(error=EndpointError("offline", "cannot load the model")))
    with pytest.raises(EndpointError):
        asyncio.run(judge.judge("q", "a", "b", JudgeContext("p", 0)))


def test_a_borrowed_spec_is_recorded_beside_the_model() -> None:
    judge = RewardModelJudge(BorrowingBackend())
    assert judge.reward_spec == {"name": "Org/Model", "borrowed_from": "Org/Model"}
    assert judge.judgment([1.0, 2.0])["reward_spec"] == judge.reward_spec
    plain = RewardModelJudge(LengthBackend())
    assert plain.reward_spec is None and "reward_spec" not in plain.judgment([1.0, 2.0])
    assert plain.model_name == "length-rm"


def test_a_planning_backend_is_told_every_response_up_front() -> None:
    backend = PlanningBackend()
    judge = RewardModelJudge(backend)
    judge.plan([("q1", ["a", "b"], JudgeContext("p1", 0)), ("q2", ["x", "y", "z"], JudgeContext("s", 0))])
    assert [(i.question, i.response, i.position, i.pair_id) for i in backend.planned] == [
        ("q1", "a", "A", "p1"),
        ("q1", "b", "B", "p1"),
        ("q2", "x", "0", "s"),
        ("q2", "y", "1", "s"),
        ("q2", "z", "2", "s"),
    ]
    assert backend.seen == []  # told, not scored
    RewardModelJudge(LengthBackend()).plan([("q", ["a", "b"], JudgeContext("p", 0))])  # others: nothing to tell


def test_aclose_closes_the_backend() -> None:
    backend = LengthBackend()
    asyncio.run(RewardModelJudge(backend).aclose())
    assert backend.closed


def test_the_spec_picks_the_backend() -> None:
    backend = open_reward_backend(f"replay/{GRM}")
    assert isinstance(backend, RewardReplayBackend) and backend.model == "Ray2333/GRM-Gemma-2B-rewardmodel-ft"
    judge = reward_model_judge(JudgeOptions(f"replay/{GRM}"))
    assert isinstance(judge, RewardModelJudge) and isinstance(judge.backend, RewardReplayBackend)
    assert judge.model_name == backend.model
