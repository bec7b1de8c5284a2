"""``chat_eval``: a multi-agent debate judge after ChatEval (Chan et al. 2023, arXiv 2308.07201).

Upstream JudgeBench published ChatEval figures but released no code for it; this is our protocol, fixed
here so a run can be reproduced and replayed:

1. **Referees.** Three role-played referees, each a system turn ``You are <name>, one of the referees in
   this task. <persona>`` (``chat_eval_system.jinja2``): *General Public*, *Critic* and *Scientist*
   (:data:`REFEREES`; ChatEval's "diverse role prompts", adapted to questions with a right answer).
2. **One-by-one communication.** Referees speak in that fixed order. Each turn is a fresh two-message call:
   the system turn, and a user turn (``chat_eval_prompt.jinja2``) holding the question, both answers, the
   task, every earlier turn of the debate in order (``<name> (round r): <reply>``), and an invitation to
   speak ending with the verdict format.
3. **Two rounds.** Every referee speaks once per round: 3 × 2 = 6 sequential calls per order, temperature
   0, max_tokens 1024. Request metadata carries ``turn`` (0–5, the call's index) and ``agent``; replay
   serves ``judgment["replies"][turn]``.
4. **Verdicts.** Each reply must end with one label alone on its last non-empty line: ``[[A>B]]``,
   ``[[B>A]]`` or ``[[A=B]]`` (:func:`~judgebench.judges.parsers.parse_referee`; labels quoted earlier in a
   reply do not count). Only the final round's verdicts vote.
5. **Majority.** A decision needs a strict majority of the panel (2 of 3 referees). When every referee
   voted and no label has a majority (one vote each), the panel is split and the decision is a tie ``A=B``.
   When referees whose final reply could not be read leave no majority, the judgment has no verdict
   (``no_verdict`` names the votes); a failed call fails the whole judgment (``error``). An unreadable vote
   never becomes a tie.

The judgment record holds ``prompt`` (the first referee's first user turn), ``response`` (the debate as a
transcript), ``replies`` (the six raw replies), ``votes`` (referee → final verdict or null) and
``protocol``.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from judgebench.backends.base import Message
from judgebench.errors import ParseError
from judgebench.judges.base import JudgeContext, JudgeOptions
from judgebench.judges.engine_judge import EngineJudge, Trace, build
from judgebench.judges.parsers import parse_referee
from judgebench.judges.templates import render

REFEREES: tuple[tuple[str, str], ...] = (
    (
        "General Public",
        "You are interested in getting a correct and useful answer to the question. Please think critically by "
        "yourself and note that it's your responsibility to choose the better answer.",
    ),
    (
        "Critic",
        "You will question the other referees' judgements to make sure they are well-considered, check each "
        "answer's reasoning for gaps and errors, and offer an alternative view when they overlook something.",
    ),
    (
        "Scientist",
        "You are a professional engaged in systematic study: you check every fact, calculation and line of code "
        "in the answers, work the problem out yourself, and prefer the answer that is actually correct.",
    ),
)
ROUNDS = 2
PROTOCOL = "chat_eval/1: 3 referees, one-by-one, 2 rounds, final-round majority (split panel = tie)"


def majority(votes: list[str | None]) -> str:
    """The panel's decision from the final-round votes (None: unreadable); raises ParseError without one."""
    counts = Counter(v for v in votes if v is not None)
    need = len(votes) // 2 + 1
    for decision, n in counts.items():
        if n >= need:
            return decision
    if None not in votes:
        return "A=B"
    raise ParseError(f"no majority among the referees' votes {votes} (unreadable votes are not ties)")


class ChatEvalJudge(EngineJudge):
    """Three referees debate for two rounds, one by one; the majority of final verdicts decides."""

    name = "chat_eval"

    async def run(self, question: str, response_a: str, response_b: str, ctx: JudgeContext, trace: Trace) -> str:
        """The debate of the module docstring."""
        history: list[dict[str, Any]] = []
        replies: list[str] = []
        votes: dict[str, str | None] = {}
        errors: dict[str, str] = {}
        trace.judgment.update(protocol=PROTOCOL, replies=replies)
        for round_no in range(1, ROUNDS + 1):
            for name, persona in REFEREES:
                system = render("chat_eval_system", name=name, persona=persona)
                user = render(
                    "chat_eval_prompt",
                    question=question,
                    answer_a=response_a,
                    answer_b=response_b,
                    history=history,
                    name=name,
                    round=round_no,
                    rounds=ROUNDS,
                )
                if not replies:
                    trace.judgment["prompt"] = user
                messages = [Message("system", system), Message("user", user)]
                reply = await self.chat(
                    trace, messages, ctx, len(replies), temperature=0.0, max_tokens=1024, agent=name
                )
                replies.append(reply)
                history.append({"name": name, "round": round_no, "text": reply.strip()})
                trace.judgment["response"] = _transcript(history)
                if round_no == ROUNDS:
                    try:
                        votes[name] = parse_referee(reply)
                    except ParseError as exc:
                        votes[name] = None
                        errors[name] = str(exc)
        trace.judgment["votes"] = votes
        if errors:
            trace.judgment["vote_errors"] = errors
        return majority(list(votes.values()))


def _transcript(history: list[dict[str, Any]]) -> str:
    return "\n\n".join(f"{t['name']} (round {t['round']}): {t['text']}" for t in history)


def chat_eval_judge(options: JudgeOptions) -> ChatEvalJudge:
    """Factory for ``chat_eval``."""
    return build(ChatEvalJudge, options)
