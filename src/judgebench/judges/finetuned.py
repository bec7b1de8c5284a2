"""Fine-tuned judges: pandalm (alias panda_lm), judge_lm, prometheus_2, auto_j, skywork_critic.

Prompts and call settings are upstream JudgeBench's (``utils/judges.py``); parsers are in
:mod:`judgebench.judges.parsers`, stricter than upstream where upstream guessed, with upstream's decision
kept beside ours as ``judgment["upstream_decision"]``.

- ``pandalm``: text completion of the PandaLM prompt (responses stripped of special-token strings, each
  response's last tokens kept to fit 2048 tokens with 150 new, a newline appended), temperature 0, top_p 1,
  max_tokens 150, vLLM beam search (``use_beam_search``, ``best_of`` 4, ``early_stopping``, repetition
  penalty 1.2). Recorded ``response`` is the stripped completion.
- ``judge_lm``: text completion of the JudgeLM prompt (each response's first tokens kept to fit 2048 with 16
  new), temperature 0, max_tokens 16; two scores on the first line.
- ``prometheus_2``: the relative-grading system prompt and rubric, temperature 0, max_tokens 1024.
- ``auto_j``: one user turn, temperature 0, top_p 1, max_tokens 1024. Upstream passed the question as
  ``question=`` to a template that reads ``{{prompt}}``, so every published Auto-J prompt has an empty
  ``[Query]:``; ``auto_j`` reproduces that (its prompts must equal the recorded ones), ``auto_j_query`` is the
  same judge with the query filled in.
- ``skywork_critic``: one user turn, temperature 0, max_tokens 2048; strict ``[[A]]``/``[[B]]``.

PandaLM and JudgeLM take the judge option ``tokenizer``: a name or path (default: the model), a tokenizer
object, or False for no truncation (see :mod:`judgebench.judges.truncation`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, ClassVar

from judgebench.backends.base import Message
from judgebench.judges.base import JudgeContext, JudgeOptions
from judgebench.judges.engine_judge import EngineJudge, EngineLike, Trace, build, open_judge_engine
from judgebench.judges.parsers import (
    parse_auto_j,
    parse_judge_lm,
    parse_pandalm,
    parse_prometheus,
    parse_skywork,
    upstream_auto_j,
    upstream_judge_lm,
    upstream_pandalm,
    upstream_prometheus,
    upstream_skywork,
)
from judgebench.judges.templates import render
from judgebench.judges.truncation import Side, Tokenizer, Truncator, load_tokenizer

PROMETHEUS_SYSTEM = (
    "You are a fair judge assistant assigned to deliver insightful feedback that compares individual "
    "performances, highlighting how each stands relative to others within the same cohort."
)
PROMETHEUS_RUBRIC = "[Are the model's responses factually correct and well-supported by evidence?]"
_PANDALM_SPECIAL = re.compile(
    r"<unk>|<pad>|<s>|</s>|\[PAD\]|<\|endoftext\|>|\[UNK\]|\[CLS\]|\[MASK\]|<\|startofpiece\|>|<\|endofpiece\|>|"
    r"\[gMASK\]|\[sMASK\]"
)


@dataclass(frozen=True, slots=True)
class CompletionOptions:
    """PandaLM's and JudgeLM's options.

    Attributes:
        tokenizer: fits the responses into the context: True for the model's own (loaded by name), a name or
            path, a ready tokenizer, or False / None for none (the responses are sent whole).
        trust_remote_code: the user's permission to import the tokenizer's own code (``auto_map``), as
            ``--trust-remote-code`` gives it; a tokenizer folder naming its own code is refused without it.
    """

    tokenizer: str | bool | Tokenizer | None = True
    trust_remote_code: bool = False


class CompletionJudge(EngineJudge):
    """A text-completion judge whose responses are fitted with the model's tokenizer."""

    options_type = CompletionOptions
    context_limit: ClassVar[int] = 2048
    max_new_tokens: ClassVar[int]
    side: ClassVar[Side]

    def __init__(self, engine: EngineLike, model_name: str, tokenizer: Tokenizer | None = None) -> None:
        super().__init__(engine, model_name)
        self.truncator = Truncator(
            tokenizer, context_limit=self.context_limit, max_new_tokens=self.max_new_tokens, side=self.side
        )

    async def aclose(self) -> None:
        """Stop the tokenizer thread and close the engine."""
        self.truncator.close()
        await super().aclose()


class PandaLMJudge(CompletionJudge):
    """PandaLM-7B: ``1``, ``2`` or ``Tie`` on the first line of a beam-searched completion."""

    name = "pandalm"
    max_new_tokens = 150
    side = "left"

    async def run(self, question: str, response_a: str, response_b: str, ctx: JudgeContext, trace: Trace) -> str:
        """Fit, render (plus the newline upstream adds), complete, parse the first line."""
        empty = render("pandalm_prompt", instruction=question, resp1="", resp2="")
        a, b = await self.truncator.fit(empty, response_a, response_b)
        a = _PANDALM_SPECIAL.sub("", a.strip()).strip()
        b = _PANDALM_SPECIAL.sub("", b.strip()).strip()
        prompt = render("pandalm_prompt", instruction=question, resp1=a, resp2=b) + "\n"
        trace.judgment["prompt"] = prompt
        extra = {"use_beam_search": True, "best_of": 4, "early_stopping": True, "repetition_penalty": 1.2}
        output = await self.complete(trace, prompt, ctx, temperature=0.0, top_p=1.0, max_tokens=150, extra=extra)
        response = output.strip()
        trace.judgment["response"] = response
        trace.judgment["upstream_decision"] = upstream_pandalm(response)
        return parse_pandalm(response)


class JudgeLMJudge(CompletionJudge):
    """JudgeLM: two scores on the first line, the higher wins."""

    name = "judge_lm"
    max_new_tokens = 16
    side = "right"

    async def run(self, question: str, response_a: str, response_b: str, ctx: JudgeContext, trace: Trace) -> str:
        """Fit, render, complete, compare the two scores."""
        empty = render("judgelm_prompt", question=question, answer_1="", answer_2="")
        a, b = await self.truncator.fit(empty, response_a, response_b)
        prompt = render("judgelm_prompt", question=question, answer_1=a, answer_2=b)
        trace.judgment["prompt"] = prompt
        output = await self.complete(trace, prompt, ctx, temperature=0.0, max_tokens=16)
        trace.judgment["response"] = output
        trace.judgment["upstream_decision"] = upstream_judge_lm(output)
        return parse_judge_lm(output)


class Prometheus2Judge(EngineJudge):
    """Prometheus 2 relative grading: ``[RESULT] A`` or ``[RESULT] B``; no tie."""

    name = "prometheus_2"

    async def run(self, question: str, response_a: str, response_b: str, ctx: JudgeContext, trace: Trace) -> str:
        """System prompt, rubric, one call."""
        prompt = render(
            "prometheus2_prompt",
            instruction=question,
            response_A=response_a,
            response_B=response_b,
            rubric=PROMETHEUS_RUBRIC,
        )
        trace.judgment["prompt"] = prompt
        messages = [Message("system", PROMETHEUS_SYSTEM), Message("user", prompt)]
        output = await self.chat(trace, messages, ctx, temperature=0.0, max_tokens=1024)
        trace.judgment["response"] = output
        trace.judgment["upstream_decision"] = upstream_prometheus(output)
        return parse_prometheus(output)


class AutoJJudge(EngineJudge):
    """Auto-J pairwise: "So, the final decision is Response 1 / Response 2 / Tie"."""

    name = "auto_j"
    fill_query: ClassVar[bool] = False

    async def run(self, question: str, response_a: str, response_b: str, ctx: JudgeContext, trace: Trace) -> str:
        """One call; the query is left empty as upstream's published runs had it (see the module docstring)."""
        if self.fill_query:
            prompt = render("autoj_prompt", prompt=question, response=response_a, response_another=response_b)
        else:
            prompt = render("autoj_prompt", question=question, response=response_a, response_another=response_b)
        trace.judgment["prompt"] = prompt
        output = await self.chat(trace, [Message("user", prompt)], ctx, temperature=0.0, top_p=1.0, max_tokens=1024)
        trace.judgment["response"] = output
        trace.judgment["upstream_decision"] = upstream_auto_j(output)
        return parse_auto_j(output)


class AutoJQueryJudge(AutoJJudge):
    """Auto-J with the question in its ``[Query]`` slot."""

    name = "auto_j_query"
    fill_query = True


class SkyworkCriticJudge(EngineJudge):
    """Skywork-Critic: strict ``[[A]]`` / ``[[B]]``; upstream's loose rule beside it."""

    name = "skywork_critic"

    async def run(self, question: str, response_a: str, response_b: str, ctx: JudgeContext, trace: Trace) -> str:
        """One call."""
        prompt = render("skywork_critic_prompt", input=question, response_a=response_a, response_b=response_b)
        trace.judgment["prompt"] = prompt
        output = await self.chat(trace, [Message("user", prompt)], ctx, temperature=0.0, max_tokens=2048)
        trace.judgment["response"] = output
        trace.judgment["upstream_decision"] = upstream_skywork(output)
        return parse_skywork(output)


def _completion_judge(cls: type[CompletionJudge], options: JudgeOptions) -> CompletionJudge:
    engine, model_name, judge_options = open_judge_engine(options, CompletionOptions)
    wanted: Any = model_name if judge_options.tokenizer is True else judge_options.tokenizer
    tokenizer: Tokenizer | None
    if wanted is False or wanted is None:
        tokenizer = None
    elif isinstance(wanted, str):
        replayed = options.model.provider == "replay"
        tokenizer = load_tokenizer(wanted, local_only=replayed, trust_remote_code=judge_options.trust_remote_code)
    else:
        tokenizer = wanted
    return cls(engine, model_name, tokenizer=tokenizer)


def pandalm_judge(options: JudgeOptions) -> CompletionJudge:
    """Factory for ``pandalm`` (upstream's name: ``panda_lm``)."""
    return _completion_judge(PandaLMJudge, options)


def judge_lm_judge(options: JudgeOptions) -> CompletionJudge:
    """Factory for ``judge_lm``."""
    return _completion_judge(JudgeLMJudge, options)


def prometheus_2_judge(options: JudgeOptions) -> Prometheus2Judge:
    """Factory for ``prometheus_2``."""
    return build(Prometheus2Judge, options)


def auto_j_judge(options: JudgeOptions) -> AutoJJudge:
    """Factory for ``auto_j`` (upstream's prompt, empty query)."""
    return build(AutoJJudge, options)


def auto_j_query_judge(options: JudgeOptions) -> AutoJQueryJudge:
    """Factory for ``auto_j_query`` (the question filled in)."""
    return build(AutoJQueryJudge, options)


def skywork_critic_judge(options: JudgeOptions) -> SkyworkCriticJudge:
    """Factory for ``skywork_critic``."""
    return build(SkyworkCriticJudge, options)
