"""One reward model for a whole probe run, instead of one load per arm.

The runner opens a judge for each run and closes it at the end; for a reward model (``hf/...``) closing drops
the weights, so every arm of a probe would load the model again. :class:`KeptJudges` is the ``make_judge``
factory the probe's arms share: the first reward-model judge it opens is kept open and handed to every later
arm with the same options, behind a :class:`KeptOpen` whose ``aclose`` does nothing; :meth:`KeptJudges.aclose`
closes it once the probe is done. Every other judge is opened (and closed by the runner) per arm as before: a
prompted judge's engine is cheap to open, and the stability repeats need their own (uncached) one.

A reused ``hf/`` backend plans (sorts and batches) the first arm's responses as a whole; later arms' responses go
through its batch worker, which batches the requests in flight (``--concurrency``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from judgebench.judges.base import Judge, JudgeContext, JudgeOptions, PointwiseJudge, Verdict
from judgebench.judges.reward_model import RewardModelJudge
from judgebench.runner.workers import open_judge


class KeptOpen(PointwiseJudge):
    """A reward-model judge lent to one arm's run: everything is the kept judge's, but closing is a no-op."""

    name = "reward_model"

    def __init__(self, inner: RewardModelJudge) -> None:
        self.inner = inner

    @property
    def kind(self) -> str:
        """The kept judge's kind."""
        return self.inner.kind

    @property
    def model_name(self) -> str:
        """The kept judge's model."""
        return self.inner.model_name

    async def score(self, question: str, responses: Sequence[str], ctx: JudgeContext) -> list[float]:
        """The kept judge's scores."""
        return await self.inner.score(question, responses, ctx)

    def plan(self, pairs: Sequence[tuple[str, Sequence[str], JudgeContext]]) -> None:
        """Passed on to the kept judge."""
        self.inner.plan(pairs)

    def judgment(self, scores: Sequence[float]) -> dict[str, Any]:
        """The kept judge's record of one order."""
        return self.inner.judgment(scores)

    async def judge(self, question: str, response_a: str, response_b: str, ctx: JudgeContext) -> Verdict:
        """The kept judge's single-order verdict."""
        return await self.inner.judge(question, response_a, response_b, ctx)

    def stats(self) -> dict[str, Any] | None:
        """The kept judge's counts."""
        return self.inner.stats()

    async def aclose(self) -> None:
        """Nothing: the probe closes the kept judge when every arm is done."""


class KeptJudges:
    """The ``make_judge`` of a probe run's arms (see the module docstring)."""

    def __init__(self, name: str, make_judge: Callable[[JudgeOptions], Judge] | None = None) -> None:
        self.name = name
        self.make_judge = make_judge
        self.opened = 0
        """How many judges this factory opened (a reward model: 1 per probe run)."""
        self._kept: RewardModelJudge | None = None
        self._options: JudgeOptions | None = None

    def __call__(self, options: JudgeOptions) -> Judge:
        """The kept reward model for the same options, else a newly opened judge (kept if a reward model)."""
        if self._kept is not None and options == self._options:
            return KeptOpen(self._kept)
        judge = open_judge(self.name, options, self.make_judge)
        self.opened += 1
        if isinstance(judge, RewardModelJudge) and self._kept is None:
            self._kept, self._options = judge, options
            return KeptOpen(judge)
        return judge

    async def aclose(self) -> None:
        """Close the kept judge, if any."""
        kept, self._kept = self._kept, None
        if kept is not None:
            await kept.aclose()
