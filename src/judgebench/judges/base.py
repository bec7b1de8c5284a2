"""The judge seam.

A judge sees a question and two responses in one order and returns a :class:`Verdict`; it never sees the
label, and it never decides orders, retries, caching or resume: the runner owns those, so every judge is
scored under the same rules. A reply that names no single verdict is *no verdict*: ``decision=None`` and
``no_verdict`` saying why (the raw reply stays in ``judgment``), never a guess; a judgment with no reply at
all (a failed call) is *failed*: ``decision=None`` and ``error`` saying why.

Pointwise judges (reward models) score each response once; the runner builds both orders' verdicts from
the same two scores (:meth:`PointwiseJudge.decide`: equal scores are a tie ``A=B``).

Judges register a factory ``(options: JudgeOptions) -> Judge`` in :data:`JUDGES` (entry-point group
``judgebench.judges``).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from judgebench.backends.base import Usage
from judgebench.errors import ConfigError
from judgebench.model_spec import ModelSpec
from judgebench.registry import Registry


@dataclass(frozen=True, slots=True)
class JudgeContext:
    """Where a judgment sits: passed to backends as request metadata (replay keys on it), never the label.

    Attributes:
        pair_id: the pair's stable id.
        order: 0 for (A, B) as stored, 1 for the swapped order (B, A).
        seed: the run's seed; judges needing randomness derive it from (seed, pair_id, order).
    """

    pair_id: str
    order: int
    seed: int = 0

    def metadata(self, **more: Any) -> dict[str, Any]:
        """Request metadata for this judgment (plus e.g. ``turn`` or ``agent``)."""
        return {"pair_id": self.pair_id, "order": self.order, **more}


@dataclass(slots=True)
class Verdict:
    """One order's outcome.

    Attributes:
        decision: ``A>B``, ``B>A``, ``A=B`` (in this order's positions), or None (no verdict, or failed).
        judgment: the raw record in upstream's shape (``judge_model``, ``prompt``, ``response``, and
            ``scores`` for reward models), written to the outputs file as ``judgments[i].judgment``.
        error: why there is no answer (a failed call): the judgment failed and is retried on resume.
        no_verdict: why the model's answer holds no single verdict (none, or two different ones): the
            judge's outcome, scored 0 and not retried unless asked.
        usage, cost_usd, latency_s: accounting of the calls behind this verdict.
    """

    decision: str | None
    judgment: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    no_verdict: str | None = None
    usage: Usage = field(default_factory=Usage)
    cost_usd: float | None = None
    latency_s: float = 0.0


@dataclass(slots=True)
class JudgeOptions:
    """What a judge factory gets from the CLI or the API (``refresh_cache``: send calls the cache holds).

    ``model`` is the parsed spec (``str(options.model)`` is its text); a string given is parsed here.
    """

    model: ModelSpec
    base_url: str | None = None
    concurrency: int = 16
    seed: int = 0
    cache: bool = True
    refresh_cache: bool = False
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.model = ModelSpec.parse(self.model)  # plugins and tests may still give ``provider/model`` text


class Judge(ABC):
    """A pairwise judge: one call (or conversation) per order."""

    name: ClassVar[str]
    pointwise: ClassVar[bool] = False

    @property
    def kind(self) -> str:
        """What its registration declares: prompted, fine-tuned, multi-agent, reward model (else other)."""
        return judge_kind(self.name)

    @property
    @abstractmethod
    def model_name(self) -> str:
        """The judge model as recorded in outputs (``judge_model``)."""

    @abstractmethod
    async def judge(self, question: str, response_a: str, response_b: str, ctx: JudgeContext) -> Verdict:
        """Judge one order; an unreadable reply gives a Verdict with ``no_verdict`` set, never an exception."""

    def stats(self) -> dict[str, Any] | None:
        """What its calls cost and how they went (the engine's counts), or None for a judge that keeps none."""
        return None

    async def aclose(self) -> None:  # noqa: B027 - optional hook
        """Release backends."""


class PointwiseJudge(Judge):
    """A judge that scores responses one by one (reward models)."""

    pointwise = True

    @abstractmethod
    async def score(self, question: str, responses: Sequence[str], ctx: JudgeContext) -> list[float]:
        """Scores of ``responses`` (as stored: A then B) to ``question``."""

    def plan(self, pairs: Sequence[tuple[str, Sequence[str], JudgeContext]]) -> None:
        """Every ``(question, responses as stored, context)`` the run will :meth:`score`, told up front.

        The runner calls this once before scoring, so a judge whose backend can schedule a whole run
        (sorted, batched, deduplicated) gets to; the default does nothing.
        """

    def judgment(self, scores: Sequence[float]) -> dict[str, Any]:
        """The recorded judgment of one order, ``scores`` in that order's positions (upstream's shape)."""
        return {"judge_model": self.model_name, "prompt": "", "response": "", "scores": list(scores)}

    @staticmethod
    def decide(score_a: float, score_b: float) -> str:
        """Higher score wins; equal scores are a tie (upstream called them B>A)."""
        if score_a > score_b:
            return "A>B"
        if score_b > score_a:
            return "B>A"
        return "A=B"

    async def judge(self, question: str, response_a: str, response_b: str, ctx: JudgeContext) -> Verdict:
        """Single-order fallback: score both and decide."""
        a, b = await self.score(question, [response_a, response_b], ctx)
        return Verdict(self.decide(a, b), self.judgment([a, b]))


JudgeFactory = Callable[[JudgeOptions], Judge]
#: ``name`` → factory; each entry declares its ``kind`` (a third-party factory carries a ``kind`` attribute).
JUDGES: Registry[JudgeFactory] = Registry("judge", "judgebench.judges", facts={"kind": "other"})
#: The kinds as the paper groups judges, in leaderboard order.
KIND_ORDER = ("prompted", "multi-agent", "fine-tuned", "reward model", "other")


def judge_kind(judge_name: str | None) -> str:
    """The kind a judge's registration declares; ``other`` for names not registered."""
    if not judge_name or judge_name not in JUDGES:
        return "other"
    kind = str(JUDGES.facts(judge_name)["kind"])
    return kind if kind in KIND_ORDER else "other"


def not_runnable(options: JudgeOptions) -> Judge:
    """Factory of judges whose recorded outputs are scored here but which cannot be run (Vertex AI's service)."""
    raise ConfigError(f"this judge is not runnable with judgebench (model {options.model}); its recorded outputs score")
