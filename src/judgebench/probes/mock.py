"""A judge with planted biases, for validating the probes: ``--judge planted --model planted/<name>``.

The judge is a test instrument: it is given the answer key at construction (``answer_key``: pairs files or
release names, as ``--pairs`` takes them) and its biases (``planted``: shares of the pairs), and it runs through
the same runner, engine and call cache as any judge. For each order it renders the vanilla prompt (so the
template probe's paraphrases reach it), sends it through the engine to the ``planted`` chat backend, and
decides. It recognises each shown response by the original it contains verbatim (the answer key) and sees *added
text* when the shown response is longer than that original: the only way a perturbation is visible to it.

The pairs of the answer key are ranked by ``sha256(pair_id)`` and cut into consecutive blocks of exact sizes
(``round(share × n)``), in this order:

- ``skill``: picks the correct response;
- ``added_text``: picks the response with added text when exactly one has some; otherwise the correct one
  on even ranks within the block, the incorrect one on odd ranks;
- ``position``: picks the response shown first;
- ``instability``: picks the correct response when the backend's reply is an even draw, else the incorrect
  one — the backend answers the k-th identical request of the process with draw k, so a repeat served
  from the call cache repeats its draw, and a fresh call does not;
- the rest: picks the incorrect response.

Every block's arm accuracies, first-slot picks and agreement follow in closed form
(:mod:`judgebench.probes.validate`).
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from typing import Any

from judgebench.backends.base import ChatRequest, ChatResponse, Message
from judgebench.errors import ConfigError, ParseError
from judgebench.judges.base import JudgeContext, JudgeOptions
from judgebench.judges.engine_judge import EngineJudge, Trace, build
from judgebench.judges.templates import render
from judgebench.records import Pair

#: The biases, in block order.
BIASES = ("skill", "added_text", "position", "instability")

_draws: dict[str, int] = {}
_draws_lock = threading.Lock()


def reset_draws() -> None:
    """Forget how often each request was answered (a validation run starts from draw 0)."""
    with _draws_lock:
        _draws.clear()


class PlantedBackend:
    """A chat backend that answers ``draw k``: the k-th time (from 0) this process sees the same request."""

    provider = "planted"
    base_url: str | None = None
    cacheable = True
    api_key: str | None = None

    def __init__(self, model: str) -> None:
        self.model = model

    async def chat(self, request: ChatRequest) -> ChatResponse:
        """The draw for this request (its messages and settings, not its metadata)."""
        key = hashlib.sha256(
            repr((request.messages, request.prompt, request.temperature, request.max_tokens, self.model)).encode()
        ).hexdigest()
        with _draws_lock:
            k = _draws.get(key, 0)
            _draws[key] = k + 1
        return ChatResponse(f"draw {k}", "stop", model=self.model)

    async def complete(self, request: ChatRequest) -> ChatResponse:
        """Same as :meth:`chat`."""
        return await self.chat(request)

    async def aclose(self) -> None:
        """Nothing to release."""


def planted_backend(model: str, **options: Any) -> PlantedBackend:
    """Factory for ``planted/<name>`` (endpoint options are ignored; there is no endpoint)."""
    unknown = {k for k, v in options.items() if k not in ("base_url", "timeout_s", "config") and v is not None}
    if unknown:
        raise ConfigError(f"the planted backend takes no options, got {', '.join(sorted(unknown))}")
    return PlantedBackend(model)


@dataclass(frozen=True, slots=True)
class MockOptions:
    """The planted judge's options: ``answer_key`` (pairs files or release names) and ``planted`` (bias → share)."""

    answer_key: str | list[str] = ""
    planted: dict[str, float] = field(default_factory=dict)


def blocks(pair_ids: list[str], planted: dict[str, float]) -> dict[str, tuple[str, int]]:
    """pair_id → (its block: a bias or ``none``, its rank within the block); block sizes ``round(share × n)``."""
    unknown = set(planted) - set(BIASES)
    if unknown:
        raise ConfigError(f"unknown planted biases {sorted(unknown)}; known: {', '.join(BIASES)}")
    if any(not 0.0 <= planted.get(b, 0.0) <= 1.0 for b in BIASES) or sum(planted.values()) > 1.0 + 1e-9:
        raise ConfigError(f"planted shares must be in [0, 1] and sum to at most 1, got {planted}")
    ranked = sorted(pair_ids, key=lambda p: hashlib.sha256(p.encode()).hexdigest())
    out: dict[str, tuple[str, int]] = {}
    start = 0
    for bias in BIASES:
        size = min(round(planted.get(bias, 0.0) * len(ranked)), len(ranked) - start)
        for i, pid in enumerate(ranked[start : start + size]):
            out[pid] = (bias, i)
        start += size
    for i, pid in enumerate(ranked[start:]):
        out[pid] = ("none", i)
    return out


def _recognise(shown: str, correct: str, incorrect: str) -> tuple[bool, bool]:
    """(is it the correct response, does it carry added text): the longest original it contains verbatim."""
    holds = [(len(t), ok) for t, ok in ((correct, True), (incorrect, False)) if t in shown]
    if not holds:
        raise ParseError("the planted judge does not know this response (not in its answer key)")
    size, ok = max(holds)
    return ok, len(shown) > size


class PlantedJudge(EngineJudge):
    """The judge of the module docstring."""

    name = "planted"
    options_type = MockOptions

    def __init__(
        self, engine: Any, model_name: str, answer_key: str | list[str] = "", planted: dict[str, float] | None = None
    ) -> None:
        super().__init__(engine, model_name)
        if not answer_key:
            raise ConfigError(
                "the planted judge needs its answer key: --option answer_key=<pairs file or release name>"
            )
        from judgebench.datasets import load_pair_file, resolve_pairs

        files = [answer_key] if isinstance(answer_key, str) else list(answer_key)
        self.key: dict[str, Pair] = {p.pair_id: p for f in files for p in load_pair_file(resolve_pairs(f))}
        self.blocks = blocks(list(self.key), dict(planted or {}))

    async def run(self, question: str, response_a: str, response_b: str, ctx: JudgeContext, trace: Trace) -> str:
        """Render the vanilla prompt, ask the backend for a draw, pick by the pair's block."""
        prompt = render("vanilla_prompt", question=question, answer_a=response_a, answer_b=response_b)
        trace.judgment["prompt"] = prompt
        reply = await self.chat(trace, [Message("user", prompt)], ctx, temperature=0.0, max_tokens=8)
        trace.judgment["response"] = reply
        pair = self.key.get(ctx.pair_id)
        if pair is None:
            raise ParseError(f"pair {ctx.pair_id!r} is not in the planted judge's answer key")
        correct, incorrect = pair.correct_first()
        first_ok, first_added = _recognise(response_a, correct, incorrect)
        _, second_added = _recognise(response_b, correct, incorrect)
        block, rank = self.blocks[ctx.pair_id]
        draw = int(reply.removeprefix("draw "))
        if block == "skill":
            pick_first = first_ok
        elif block == "added_text" and first_added != second_added:
            pick_first = first_added
        elif block == "added_text":
            pick_first = first_ok if rank % 2 == 0 else not first_ok
        elif block == "position":
            pick_first = True
        elif block == "instability":
            pick_first = first_ok if draw % 2 == 0 else not first_ok
        else:
            pick_first = not first_ok
        return "A>B" if pick_first else "B>A"


def planted_judge(options: JudgeOptions) -> PlantedJudge:
    """Factory for ``planted``."""
    return build(PlantedJudge, options)
