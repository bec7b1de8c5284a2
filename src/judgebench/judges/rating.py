"""Pointwise rating judges: one call per response, a number read from the reply.

- ``rating`` (prompted): MT-Bench's single-answer grading prompt (Zheng et al. 2023, arXiv 2306.05685)
  pointed at correctness (template ``rating_prompt``: ours, documented in docs/best_of_k.md); temperature 0,
  max_tokens 2048. The rating is the one distinct ``[[n]]`` in the reply, n from 1 to 10 (decimals allowed);
  none, several distinct ones or one out of range is unreadable.
- ``prometheus_2_absolute`` (fine-tuned): Prometheus 2's absolute grading without a reference answer
  (arXiv 2405.01535; the ``prometheus-eval`` package's ``ABS_SYSTEM_PROMPT`` and ``ABSOLUTE_PROMPT_WO_REF``)
  with its factual-validity rubric, whose first line is the criterion the pairwise ``prometheus_2`` judge uses;
  temperature 0, max_tokens 1024. The score is the integer 1–5 after the last ``[RESULT]``.

Both are :class:`~judgebench.judges.base.PointwiseJudge` s: on pairs they score both responses and the higher
wins (equal ratings are a tie); on best-of-K sets every response is rated once
(:mod:`judgebench.runner.best_of_k`). An unreadable reply or a failed call fails that response's rating with
the reason, never a guessed score.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from judgebench.backends.base import Message, Usage
from judgebench.errors import ParseError
from judgebench.judges.base import JudgeContext, JudgeOptions, PointwiseJudge
from judgebench.judges.engine_judge import EngineCalls, Trace, open_judge_engine, outcome
from judgebench.judges.templates import render

PROMETHEUS_ABS_SYSTEM = (
    "You are a fair judge assistant tasked with providing clear, objective feedback based on specific criteria, "
    "ensuring each assessment reflects the absolute standards set for performance."
)
FACTUAL_VALIDITY_RUBRIC = "\n".join(
    [
        "[Are the model's responses factually correct and well-supported by evidence?]",
        "Score 1: The model's responses are mostly incorrect or based on unfounded information.",
        "Score 2: The model sometimes provides factually correct responses, but inaccuracies are common.",
        "Score 3: The model generally provides factually correct information, though some errors occur.",
        "Score 4: The model often provides factually accurate information with only occasional minor errors.",
        "Score 5: The model consistently provides responses that are factually correct and well-supported by evidence.",
    ]
)
_DOUBLE_BRACKETS = re.compile(r"\[\[\s*(\d+(?:\.\d+)?)\s*\]\]")
_RESULT = re.compile(r"\[RESULT\]\s*\(?\s*(\d+)\s*\)?", re.IGNORECASE)


def parse_rating(reply: str) -> float:
    """The one distinct ``[[n]]`` rating in the reply, 1 ≤ n ≤ 10; ParseError otherwise."""
    found = {float(m) for m in _DOUBLE_BRACKETS.findall(reply)}
    if not found:
        raise ParseError("no [[rating]] in the reply", reply)
    if len(found) > 1:
        raise ParseError(f"several ratings in the reply: {sorted(found)}", reply)
    (value,) = found
    if not 1 <= value <= 10:
        raise ParseError(f"rating {value} is outside 1-10", reply)
    return value


def parse_result_score(reply: str) -> float:
    """The integer 1–5 after the last ``[RESULT]``; ParseError otherwise."""
    found = _RESULT.findall(reply)
    if not found:
        raise ParseError("no [RESULT] score in the reply", reply)
    value = int(found[-1])
    if not 1 <= value <= 5:
        raise ParseError(f"[RESULT] {value} is outside 1-5", reply)
    return float(value)


@dataclass(slots=True)
class Rating:
    """One response's rating: the score, or None with the reason; the raw record and accounting."""

    score: float | None
    judgment: dict[str, Any]
    error: str | None = None
    no_verdict: str | None = None
    usage: Usage = field(default_factory=Usage)
    cost_usd: float | None = None
    latency_s: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """The record written beside the score (``judgments_chosen`` / ``judgments_rejected``)."""
        return {
            "judgment": self.judgment,
            "score": self.score,
            "error": self.error,
            "no_verdict": self.no_verdict,
            "usage": self.usage.to_dict(),
            "cost_usd": self.cost_usd,
            "latency_s": round(self.latency_s, 4),
        }


class RatingJudge(EngineCalls, PointwiseJudge):
    """A pointwise judge that rates one response per call; subclasses implement :meth:`run`."""

    async def run(self, question: str, response: str, ctx: JudgeContext, trace: Trace) -> float:
        """Rate one response: fill ``trace.judgment`` and return the score (ParseError when unreadable)."""
        raise NotImplementedError

    async def rate(self, question: str, response: str, ctx: JudgeContext) -> Rating:
        """Rate one response: a failed call sets ``error``, a reply without a rating ``no_verdict`` (never a guess).

        An endpoint that refuses every call (``EndpointError``) passes through: the runner stops the run.
        """
        started = time.perf_counter()
        trace = Trace({"judge_model": self.model_name, "prompt": "", "response": ""})
        score, error, no_verdict = await outcome(self.run(question, response, ctx, trace))
        elapsed = time.perf_counter() - started
        return Rating(score, trace.judgment, error, no_verdict, trace.usage, trace.cost_usd, elapsed)

    async def rate_all(self, question: str, responses: Sequence[str], ctx: JudgeContext) -> list[Rating]:
        """Every response rated concurrently; ``ctx.order`` numbers the response (replay keys on it)."""
        return list(
            await asyncio.gather(
                *(self.rate(question, r, JudgeContext(ctx.pair_id, i, ctx.seed)) for i, r in enumerate(responses))
            )
        )

    async def score(self, question: str, responses: Sequence[str], ctx: JudgeContext) -> list[float]:
        """Scores of ``responses``; raises ParseError/BackendError-like JudgeBenchError when one fails."""
        ratings = await self.rate_all(question, responses, ctx)
        for i, r in enumerate(ratings):
            if r.score is None:
                raise ParseError(f"response {i}: {r.error or r.no_verdict}", str(r.judgment.get("response", "")))
        return [float(r.score) for r in ratings if r.score is not None]


class PromptedRatingJudge(RatingJudge):
    """``rating``: a 1–10 rating from MT-Bench's single-answer grading prompt, aimed at correctness."""

    name = "rating"

    async def run(self, question: str, response: str, ctx: JudgeContext, trace: Trace) -> float:
        """One user turn; the one distinct ``[[n]]``."""
        prompt = render("rating_prompt", question=question, answer=response)
        trace.judgment["prompt"] = prompt
        reply = await self.chat(trace, [Message("user", prompt)], ctx, temperature=0.0, max_tokens=2048)
        trace.judgment["response"] = reply
        return parse_rating(reply)


class Prometheus2AbsoluteJudge(RatingJudge):
    """``prometheus_2_absolute``: Prometheus 2's absolute grading (1–5) without a reference answer."""

    name = "prometheus_2_absolute"

    async def run(self, question: str, response: str, ctx: JudgeContext, trace: Trace) -> float:
        """System prompt, rubric, one call; the score after the last ``[RESULT]``."""
        prompt = render(
            "prometheus2_absolute_prompt", instruction=question, response=response, rubric=FACTUAL_VALIDITY_RUBRIC
        )
        trace.judgment["prompt"] = prompt
        messages = [Message("system", PROMETHEUS_ABS_SYSTEM), Message("user", prompt)]
        reply = await self.chat(trace, messages, ctx, temperature=0.0, max_tokens=1024)
        trace.judgment["response"] = reply
        return parse_result_score(reply)


def _build(cls: type[RatingJudge], options: JudgeOptions) -> RatingJudge:
    engine, model_name, _ = open_judge_engine(options)  # takes no options of its own: the rest go to the engine
    return cls(engine, model_name)


def rating_judge(options: JudgeOptions) -> RatingJudge:
    """Factory for ``rating``."""
    return _build(PromptedRatingJudge, options)


def prometheus_2_absolute_judge(options: JudgeOptions) -> RatingJudge:
    """Factory for ``prometheus_2_absolute``."""
    return _build(Prometheus2AbsoluteJudge, options)
