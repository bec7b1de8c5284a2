"""The base of every judge that talks to a model through the engine (all but reward models).

An :class:`EngineJudge` renders its prompts, calls the engine and parses the reply in :meth:`run`; the base
class times the judgment, sums usage and cost over its calls, and turns a failed call into a failed
:class:`Verdict` (``decision=None``, ``error`` saying why) and a reply without a verdict into a no-verdict one
(``decision=None``, ``no_verdict`` saying why, the raw reply kept in ``judgment``), never into a tie. Every
request carries ``ctx.metadata(turn=...)``, which the replay backend keys on.

Factories build the engine from :class:`JudgeOptions` with :func:`open_judge_engine`. ``options.extra``
may hold ``engine`` (any object with ``chat``/``complete``/``aclose``: a test double, or an engine you built)
and ``model_name``; keys naming fields of the judge class's ``options_type`` (a dataclass: PandaLM's and JudgeLM's
``tokenizer``) go to the judge, the rest to :func:`~judgebench.engine.open_engine`
(:class:`~judgebench.engine.EngineOptions` fields such as ``cache_path``, ``timeout_s``, ``rpm``; backend options).
"""

from __future__ import annotations

import time
from abc import abstractmethod
from collections.abc import Awaitable, Iterable
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar, Protocol, TypeVar, runtime_checkable

from judgebench.backends.base import ChatRequest, ChatResponse, Message, Usage
from judgebench.backends.failures import reason_of
from judgebench.errors import BackendError, EndpointError, ParseError
from judgebench.judges.base import Judge, JudgeContext, JudgeOptions, Verdict


@runtime_checkable
class CountsCalls(Protocol):
    """An engine that keeps running totals (:class:`~judgebench.engine.Engine`; test doubles may not)."""

    @property
    def stats(self) -> Any:
        """The totals, with ``to_dict()``."""
        ...


class EngineLike(Protocol):
    """What a judge needs of :class:`~judgebench.engine.Engine`."""

    async def chat(self, request: ChatRequest) -> ChatResponse:
        """One chat call."""
        ...

    async def complete(self, request: ChatRequest) -> ChatResponse:
        """One text completion."""
        ...

    async def aclose(self) -> None:
        """Release the backend."""
        ...


@dataclass(slots=True)
class Trace:
    """What one judgment recorded so far: the upstream-shaped record and the accounting of its calls."""

    judgment: dict[str, Any]
    usage: Usage = field(default_factory=Usage)
    cost_usd: float | None = None
    calls: int = 0

    def add(self, response: ChatResponse) -> None:
        """Count one answered call."""
        self.calls += 1
        self.usage = self.usage + response.usage
        if response.cost_usd is not None:
            self.cost_usd = (self.cost_usd or 0.0) + response.cost_usd


@dataclass(frozen=True, slots=True)
class NoOptions:
    """The options of a judge that takes none."""


class EngineCalls:
    """What a judge over an engine owns: the engine, the recorded model name, counted calls, stats, closing.

    The base of :class:`EngineJudge` (pairwise) and of the pointwise rating judges (``judges.rating``).
    """

    def __init__(self, engine: EngineLike, model_name: str) -> None:
        self.engine = engine
        self._model_name = model_name

    @property
    def model_name(self) -> str:
        """The judge model as recorded in outputs (``judge_model``)."""
        return self._model_name

    async def chat(
        self,
        trace: Trace,
        messages: Iterable[Message],
        ctx: JudgeContext,
        turn: int = 0,
        agent: str | None = None,
        **settings: Any,
    ) -> str:
        """One chat call, counted in ``trace``; returns the reply text.

        Args:
            trace: the judgment's record and accounting.
            messages: the conversation.
            ctx: where the judgment sits (its metadata goes with the request).
            turn: the call's index within this judgment (replay keys on it).
            agent: the speaking agent of a multi-agent judge (metadata only).
            **settings: ChatRequest fields (temperature, max_tokens, ...).
        """
        meta = ctx.metadata(turn=turn) if agent is None else ctx.metadata(turn=turn, agent=agent)
        request = ChatRequest(messages=tuple(messages), metadata=meta, **settings)
        response = await self.engine.chat(request)
        trace.add(response)
        return response.text

    async def complete(self, trace: Trace, prompt: str, ctx: JudgeContext, turn: int = 0, **settings: Any) -> str:
        """One text completion, counted in ``trace``; returns the completion text."""
        request = ChatRequest(prompt=prompt, metadata=ctx.metadata(turn=turn), **settings)
        response = await self.engine.complete(request)
        trace.add(response)
        return response.text

    def stats(self) -> dict[str, Any] | None:
        """The engine's totals (requests, cache hits, retries, failures by reason, usage, cost)."""
        return self.engine.stats.to_dict() if isinstance(self.engine, CountsCalls) else None

    async def aclose(self) -> None:
        """Close the engine."""
        await self.engine.aclose()


class EngineJudge(EngineCalls, Judge):
    """A pairwise judge over an engine; subclasses implement :meth:`run`."""

    #: the dataclass of the judge's own options (``JudgeOptions.extra`` keys naming its fields)
    options_type: ClassVar[type[Any]] = NoOptions

    def __init__(self, engine: EngineLike, model_name: str, **judge_options: Any) -> None:
        super().__init__(engine, model_name)
        if judge_options:
            raise TypeError(f"{type(self).__name__} takes no options {sorted(judge_options)}")

    @abstractmethod
    async def run(self, question: str, response_a: str, response_b: str, ctx: JudgeContext, trace: Trace) -> str:
        """Judge one order: fill ``trace.judgment`` (prompt, response) and return the decision.

        Raise ParseError for an unreadable reply; let BackendError propagate.
        """

    async def judge(self, question: str, response_a: str, response_b: str, ctx: JudgeContext) -> Verdict:
        """Run one order; a failed call gives a failed verdict, an unreadable reply a no-verdict one."""
        started = time.perf_counter()
        trace = Trace({"judge_model": self.model_name, "prompt": "", "response": ""})
        decision, error, no_verdict = await outcome(self.run(question, response_a, response_b, ctx, trace))
        return Verdict(
            decision,
            trace.judgment,
            error=error,
            no_verdict=no_verdict,
            usage=trace.usage,
            cost_usd=trace.cost_usd,
            latency_s=time.perf_counter() - started,
        )


J = TypeVar("J", bound=EngineJudge)
R = TypeVar("R")


async def outcome(call: Awaitable[R]) -> tuple[R | None, str | None, str | None]:
    """Await one judgment's calls: ``(result, error, no_verdict)``.

    A failed call (``BackendError``) is an ``error`` (no answer), an unreadable reply (``ParseError``) a
    ``no_verdict`` (the judge answered without one); an ``EndpointError`` (nothing can succeed at this
    endpoint) passes through, and the runner stops the run.
    """
    try:
        return await call, None, None
    except ParseError as exc:
        return None, None, str(exc)
    except EndpointError:
        raise
    except BackendError as exc:
        return None, f"call failed ({reason_of(exc)}): {exc}", None


def open_judge_engine(options: JudgeOptions, options_type: type[Any] = NoOptions) -> tuple[EngineLike, str, Any]:
    """The engine, the recorded model name and the judge's own options (an ``options_type``) for ``options``.

    ``options.extra`` keys naming fields of ``options_type`` are the judge's; ``engine`` (a ready engine or test
    double) and ``model_name`` replace what would be opened; the rest are engine settings
    (:class:`~judgebench.engine.EngineOptions` fields) and backend options.

    Returns:
        ``(engine, model_name, judge_options)``: the model name is the backend's model (for ``replay/...``
        the model the file recorded), or ``extra["model_name"]``.
    """
    extra = dict(options.extra)
    names = {f.name for f in fields(options_type)}
    judge_options = options_type(**{k: extra.pop(k) for k in list(extra) if k in names})
    given = extra.pop("engine", None)
    model_name = extra.pop("model_name", None)
    if given is not None:
        return given, str(model_name or options.model.model), judge_options
    from judgebench.engine import EngineOptions, open_engine

    base = EngineOptions(concurrency=options.concurrency, cache=options.cache, refresh_cache=options.refresh_cache)
    engine = open_engine(options.model, base, base_url=options.base_url, **extra)
    return engine, str(model_name or engine.backend.model), judge_options


def build(cls: type[J], options: JudgeOptions, **fixed: Any) -> J:
    """A judge of class ``cls`` over the engine ``options`` describe (``fixed`` overrides judge options)."""
    engine, model_name, judge_options = open_judge_engine(options, cls.options_type)
    mine = {f.name: getattr(judge_options, f.name) for f in fields(judge_options)}
    return cls(engine, model_name, **{**mine, **fixed})
