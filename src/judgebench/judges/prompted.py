"""Prompted judges: ``vanilla``, ``arena_hard`` (and ``arena_hard_no_tie``), ``compass_judger``.

Each reproduces upstream JudgeBench's ``utils/judges.py``: the same templates, call settings and verdict
rules (see ``shared/design/prompts/README.md``).

- ``vanilla`` (LLMBar): one user turn, temperature 0, top_p 1, max_tokens 1024; the stripped reply must be
  exactly ``Output (a)`` or ``Output (b)``.
- ``arena_hard`` (Arena-Hard): system + user turn, temperature 0, max_tokens 4096; the verdict is the one
  distinct ``[[...]]`` label of the whole judgment (every reply so far, each prefixed with a newline, as
  upstream records it). With no label, the reply is kept as an assistant turn, the user turn "continue your
  judgment and finish by outputting a final verdict label" is added and the model is asked again: two
  attempts in all. Several distinct labels fail at once. ``arena_hard_no_tie`` uses the system prompt
  without the tie options.
- ``compass_judger`` (CompassJudger-1): Arena-Hard's prompts and label rule in a single call, temperature 0,
  max_tokens 2048.

Records hold ``prompt`` = the user turn as sent. Upstream's o1 runs recorded the first reply there instead
(its o1 wrapper rewrote the message list in place); ours always records the prompt.
"""

from __future__ import annotations

from typing import ClassVar

from judgebench.backends.base import Message
from judgebench.judges.base import JudgeContext, JudgeOptions
from judgebench.judges.engine_judge import EngineJudge, Trace, build
from judgebench.judges.parsers import NoVerdictError, parse_arena_hard, parse_vanilla
from judgebench.judges.templates import render

CONTINUE = "continue your judgment and finish by outputting a final verdict label"


class VanillaJudge(EngineJudge):
    """LLMBar's vanilla prompt: answer only ``Output (a)`` or ``Output (b)``."""

    name = "vanilla"

    async def run(self, question: str, response_a: str, response_b: str, ctx: JudgeContext, trace: Trace) -> str:
        """One call; exact-match parse."""
        prompt = render("vanilla_prompt", question=question, answer_a=response_a, answer_b=response_b)
        trace.judgment["prompt"] = prompt
        reply = await self.chat(trace, [Message("user", prompt)], ctx, temperature=0.0, top_p=1.0, max_tokens=1024)
        trace.judgment["response"] = reply
        return parse_vanilla(reply)


class ArenaHardJudge(EngineJudge):
    """Arena-Hard's pairwise judge with its continuation turn."""

    name = "arena_hard"
    system_template: ClassVar[str] = "arena_hard_judge_system"
    attempts: ClassVar[int] = 2

    def messages(self, question: str, response_a: str, response_b: str) -> list[Message]:
        """The system and user turns as upstream renders them."""
        user = render("arena_hard_judge_prompt", prompt=question, answer_a=response_a, answer_b=response_b)
        return [Message("system", render(self.system_template)), Message("user", user)]

    async def run(self, question: str, response_a: str, response_b: str, ctx: JudgeContext, trace: Trace) -> str:
        """Up to two attempts; the verdict is read from all replies so far."""
        messages = self.messages(question, response_a, response_b)
        trace.judgment["prompt"] = messages[1].content
        judgment = ""
        replies: list[str] = []
        for turn in range(self.attempts):
            reply = await self.chat(trace, messages, ctx, turn, temperature=0.0, max_tokens=4096)
            replies.append(reply)
            judgment += "\n" + reply
            trace.judgment["response"] = judgment
            if len(replies) > 1:
                trace.judgment["replies"] = list(replies)
            try:
                return parse_arena_hard(judgment)
            except NoVerdictError:
                if turn + 1 == self.attempts:
                    raise
            messages += [Message("assistant", reply), Message("user", CONTINUE)]
        raise AssertionError("unreachable")  # pragma: no cover


class ArenaHardNoTieJudge(ArenaHardJudge):
    """Arena-Hard with the system prompt that offers no tie."""

    name = "arena_hard_no_tie"
    system_template = "arena_hard_judge_system_notie"


class CompassJudger(ArenaHardJudge):
    """CompassJudger-1: Arena-Hard's prompts, one call."""

    name = "compass_judger"

    async def run(self, question: str, response_a: str, response_b: str, ctx: JudgeContext, trace: Trace) -> str:
        """One call; no label fails (no continuation turn)."""
        messages = self.messages(question, response_a, response_b)
        trace.judgment["prompt"] = messages[1].content
        reply = await self.chat(trace, messages, ctx, temperature=0.0, max_tokens=2048)
        trace.judgment["response"] = reply
        return parse_arena_hard(reply)


def vanilla_judge(options: JudgeOptions) -> VanillaJudge:
    """Factory for ``vanilla``."""
    return build(VanillaJudge, options)


def arena_hard_judge(options: JudgeOptions) -> ArenaHardJudge:
    """Factory for ``arena_hard``."""
    return build(ArenaHardJudge, options)


def arena_hard_no_tie_judge(options: JudgeOptions) -> ArenaHardNoTieJudge:
    """Factory for ``arena_hard_no_tie``."""
    return build(ArenaHardNoTieJudge, options)


def compass_judger(options: JudgeOptions) -> CompassJudger:
    """Factory for ``compass_judger``."""
    return build(CompassJudger, options)
