"""Rating judges: the number read from a reply (range ends included), which response wins a pair, and what a
response whose rating could not be read or fetched records (a reason, never a guessed score)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from judgebench.backends.base import ChatRequest, Usage
from judgebench.errors import BackendError, ParseError
from judgebench.judges.base import JudgeContext, JudgeOptions
from judgebench.judges.rating import (
    FACTUAL_VALIDITY_RUBRIC,
    PROMETHEUS_ABS_SYSTEM,
    Prometheus2AbsoluteJudge,
    PromptedRatingJudge,
    Rating,
    parse_rating,
    parse_result_score,
    prometheus_2_absolute_judge,
    rating_judge,
)
from tests.judges.fake_engine import FakeEngine

CTX = JudgeContext("pair-1", 0, seed=3)


@pytest.mark.parametrize(
    ("reply", "value"),
    [
        ("[[1]]", 1.0),
        ("[[10]]", 10.0),
        ("Rating: [[ 7 ]]", 7.0),
        ("[[9.5]]", 9.5),
        ("[[7]] and again [[7.0]]", 7.0),  # the same rating twice is one rating
        ("[[1.0]]", 1.0),
    ],
)
def test_rating_read_from_the_reply(reply: str, value: float) -> None:
    assert parse_rating(reply) == value


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        ("no rating here, 7/10", "no [[rating]] in the reply"),
        ("[[-3]]", "no [[rating]] in the reply"),
        ("[[3]] then [[4]]", "several ratings in the reply: [3.0, 4.0]"),
        ("[[0]]", "rating 0.0 is outside 1-10"),
        ("[[0.9]]", "rating 0.9 is outside 1-10"),
        ("[[10.5]]", "rating 10.5 is outside 1-10"),
        ("[[11]]", "rating 11.0 is outside 1-10"),
    ],
)
def test_unreadable_ratings(reply: str, message: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_rating(reply)
    assert str(info.value) == message and info.value.raw == reply


@pytest.mark.parametrize(
    ("reply", "value"),
    [
        ("[RESULT] 1", 1.0),
        ("[RESULT] 5", 5.0),
        ("Feedback ... [result] (3)", 3.0),
        ("[RESULT] 5 was my first thought; [RESULT] 2", 2.0),  # the last one counts
    ],
)
def test_result_score_read_from_the_reply(reply: str, value: float) -> None:
    assert parse_result_score(reply) == value


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        ("Score: 4", "no [RESULT] score in the reply"),
        ("[RESULT] 0", "[RESULT] 0 is outside 1-5"),
        ("[RESULT] 6", "[RESULT] 6 is outside 1-5"),
        ("[RESULT] 3 then [RESULT] 7", "[RESULT] 7 is outside 1-5"),
    ],
)
def test_unreadable_result_scores(reply: str, message: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_result_score(reply)
    assert str(info.value) == message and info.value.raw == reply


def _by_answer(ratings: dict[str, Any]) -> FakeEngine:
    """Replies keyed by which response the prompt holds."""

    def reply(request: ChatRequest) -> Any:
        prompt = request.messages[-1].content
        return next(v for k, v in ratings.items() if k in prompt)

    return FakeEngine(reply)


@pytest.mark.parametrize(
    ("a", "b", "decision"),
    [("[[8]]", "[[3]]", "A>B"), ("[[2]]", "[[9.5]]", "B>A"), ("[[6]]", "[[6.0]]", "A=B")],
)
def test_the_higher_rating_wins_a_pair(a: str, b: str, decision: str) -> None:
    judge = PromptedRatingJudge(_by_answer({"ANSWER-A": a, "ANSWER-B": b}), "fake")
    verdict = asyncio.run(judge.judge("Q?", "ANSWER-A", "ANSWER-B", CTX))
    assert verdict.decision == decision
    assert verdict.judgment["scores"] == [parse_rating(a), parse_rating(b)]


def test_each_response_is_rated_once_under_its_own_position() -> None:
    engine = _by_answer({"first": "[[4]]", "second": "[[5]]", "third": "[[6]]"})
    judge = PromptedRatingJudge(engine, "fake")
    ratings = asyncio.run(judge.rate_all("Q?", ["first", "second", "third"], CTX))
    assert [r.score for r in ratings] == [4.0, 5.0, 6.0]
    metas = sorted((dict(r.metadata) for r in engine.requests), key=lambda m: m["order"])
    assert [(m["pair_id"], m["order"]) for m in metas] == [("pair-1", 0), ("pair-1", 1), ("pair-1", 2)]
    assert asyncio.run(judge.score("Q?", ["first", "third"], CTX)) == [4.0, 6.0]


def test_the_rating_prompt_and_settings() -> None:
    engine = FakeEngine(lambda r: "[[7]]")
    judge = PromptedRatingJudge(engine, "judge-model")
    rating = asyncio.run(judge.rate("What is 2+2?", "It is 4.", CTX))
    (request,) = engine.requests
    assert [m.role for m in request.messages] == ["user"]
    prompt = request.messages[0].content
    assert "What is 2+2?" in prompt and "It is 4." in prompt and "[[" in prompt
    assert (request.temperature, request.max_tokens) == (0.0, 2048)
    assert rating.score == 7.0 and (rating.error, rating.no_verdict) == (None, None)
    assert rating.judgment == {"judge_model": "judge-model", "prompt": prompt, "response": "[[7]]"}
    assert rating.usage == Usage(10, 2) and rating.cost_usd == 0.001


def test_prometheus_absolute_prompt_and_settings() -> None:
    engine = FakeEngine(lambda r: "Good. [RESULT] 5")
    judge = Prometheus2AbsoluteJudge(engine, "prometheus")
    rating = asyncio.run(judge.rate("Name a prime.", "7", CTX))
    (request,) = engine.requests
    assert [m.role for m in request.messages] == ["system", "user"]
    assert request.messages[0].content == PROMETHEUS_ABS_SYSTEM
    assert (request.temperature, request.max_tokens) == (0.0, 1024)
    assert rating.score == 5.0 and rating.judgment["response"] == "Good. [RESULT] 5"
    assert rating.judgment["prompt"] == request.messages[1].content


def test_an_unreadable_reply_is_no_verdict_and_fails_the_pair() -> None:
    judge = PromptedRatingJudge(_by_answer({"ANSWER-A": "[[8]]", "ANSWER-B": "I would say 9"}), "fake")
    a, b = asyncio.run(judge.rate_all("Q?", ["ANSWER-A", "ANSWER-B"], CTX))
    assert (a.score, a.no_verdict) == (8.0, None)
    assert (b.score, b.error, b.no_verdict) == (None, None, "no [[rating]] in the reply")
    with pytest.raises(ParseError) as info:
        asyncio.run(judge.score("Q?", ["ANSWER-A", "ANSWER-B"], CTX))
    assert str(info.value) == "response 1: no [[rating]] in the reply" and info.value.raw == "I would say 9"


def test_a_failed_call_is_an_error_and_fails_the_pair() -> None:
    failing = BackendError("the server said 500", status=500)
    judge = PromptedRatingJudge(_by_answer({"ANSWER-A": failing, "ANSWER-B": "[[3]]"}), "fake")
    a, b = asyncio.run(judge.rate_all("Q?", ["ANSWER-A", "ANSWER-B"], CTX))
    assert a.score is None and a.no_verdict is None and a.error is not None and "500" in a.error
    assert b.score == 3.0
    with pytest.raises(ParseError, match=r"^response 0: call failed"):
        asyncio.run(judge.score("Q?", ["ANSWER-A", "ANSWER-B"], CTX))


def test_rating_record() -> None:
    assert Rating(7.0, {}).to_dict() == {
        "judgment": {},
        "score": 7.0,
        "error": None,
        "no_verdict": None,
        "usage": Usage().to_dict(),
        "cost_usd": None,
        "latency_s": 0.0,
    }
    r = Rating(None, {"judge_model": "m"}, error=None, no_verdict="why", usage=Usage(3, 4), latency_s=1.234567)
    assert r.to_dict() == {
        "judgment": {"judge_model": "m"},
        "score": None,
        "error": None,
        "no_verdict": "why",
        "usage": Usage(3, 4).to_dict(),
        "cost_usd": None,
        "latency_s": 1.2346,
    }


def test_factories() -> None:
    engine = FakeEngine(lambda r: "[[5]]")
    rating = rating_judge(JudgeOptions("openai/x", extra={"engine": engine}))
    assert type(rating) is PromptedRatingJudge and rating.name == "rating"
    absolute = prometheus_2_absolute_judge(JudgeOptions("openai/x", extra={"engine": engine}))
    assert type(absolute) is Prometheus2AbsoluteJudge and absolute.name == "prometheus_2_absolute"


def test_prometheus_absolute_prompts_are_upstreams() -> None:
    # prometheus-eval's ABS_SYSTEM_PROMPT, and its factual-validity rubric (whose first line the pairwise
    # prometheus_2 judge uses as its criterion)
    assert PROMETHEUS_ABS_SYSTEM == (
        "You are a fair judge assistant tasked with providing clear, objective feedback based on specific criteria, "
        "ensuring each assessment reflects the absolute standards set for performance."
    )
    lines = FACTUAL_VALIDITY_RUBRIC.split("\n")
    assert lines[0] == "[Are the model's responses factually correct and well-supported by evidence?]"
    assert [line.split(":")[0] for line in lines[1:]] == [f"Score {i}" for i in range(1, 6)]
    assert lines[5] == (
        "Score 5: The model consistently provides responses that are factually correct and well-supported by evidence."
    )
