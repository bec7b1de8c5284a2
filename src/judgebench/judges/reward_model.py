"""The ``reward_model`` judge: a reward backend's scores of the two responses, compared.

Each response of a pair is scored once (:meth:`RewardModelJudge.score`); both orders reuse the two scores
(:meth:`RewardModelJudge.verdicts`). Judgments keep upstream's record shape
``{"judge_model", "prompt": "", "response": "", "scores": [a, b]}`` with the scores in the order's positions.

Ties: equal scores are ``A=B``. Upstream (``utils/judges.py``) wrote ``'A>B' if score_A > score_B else
'B>A'``, turning every tie into B>A. With both orders scored from the same two numbers the two rules give
the same vote: upstream's B>A then B>A sum to 0, our A=B and A=B also sum to 0; so the published figures
do not change (``tests/reward`` checks it on the recorded files).

The model spec picks the backend: ``hf/<model id or path>`` or ``replay/<recorded outputs file>`` (any
prefix registered in :data:`~judgebench.backends.reward.REWARD_BACKENDS`); ``JudgeOptions.extra`` goes to
the backend factory (``device``, ``dtype``, ``batch_size``, ``max_length``, ...).
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from typing import Any

from judgebench.backends.reward import POSITIONS, REWARD_BACKENDS, PlanningRewardBackend, RewardBackend, RewardItem
from judgebench.errors import EndpointError, FatalBackendError, JudgeBenchError
from judgebench.judges.base import JudgeContext, JudgeOptions, PointwiseJudge, Verdict
from judgebench.model_spec import ModelLike, ModelSpec


class RewardModelJudge(PointwiseJudge):
    """A pointwise judge over a :class:`~judgebench.backends.reward.RewardBackend`."""

    name = "reward_model"

    def __init__(self, backend: RewardBackend) -> None:
        self.backend = backend
        # judge() called order by order: the second order reuses the first one's scores (then drops them)
        self._reused: dict[tuple[str, int], tuple[float, float]] = {}

    @property
    def model_name(self) -> str:
        """The reward model as recorded (``judge_model``): a hub id, a local folder as given, or a replay's model."""
        return self.backend.model

    @property
    def reward_spec(self) -> dict[str, str] | None:
        """For a local folder named like a hub model, the spec it borrowed (``{"name", "borrowed_from"}``), else None.

        Recorded as ``reward_spec`` beside ``judge_model`` (which stays the folder): in each pair judgment and
        at the top of each judged best-of-K record.
        """
        borrowed = getattr(self.backend, "borrowed_spec", None)
        return dict(borrowed) if borrowed else None

    def _items(self, question: str, responses: Sequence[str], ctx: JudgeContext) -> list[RewardItem]:
        # a pair's two responses sit at A and B (replay keys on them); a best-of-K set's at their index
        positions = list(POSITIONS) if len(responses) == 2 else [str(i) for i in range(len(responses))]
        return [
            RewardItem(question, response, ctx.metadata(position=pos))
            for pos, response in zip(positions, responses, strict=True)
        ]

    def plan(self, pairs: Sequence[tuple[str, Sequence[str], JudgeContext]]) -> None:
        """Tell a planning backend (``hf/``) every response of the run before any is scored."""
        if isinstance(self.backend, PlanningRewardBackend):
            self.backend.plan([item for q, responses, ctx in pairs for item in self._items(q, responses, ctx)])

    async def score(self, question: str, responses: Sequence[str], ctx: JudgeContext) -> list[float]:
        """Scores of ``responses`` as stored (A then B, or a best-of-K set's K); raises BackendError on failure.

        A score that is not a finite number (NaN from an overflowing half-precision model) is a failure,
        never a tie.
        """
        items = self._items(question, responses, ctx)
        scores = await self.backend.score(items)
        if len(scores) != len(items):
            raise FatalBackendError(f"reward backend returned {len(scores)} scores for {len(items)} responses")
        for pos, s in zip([i.position for i in items], scores, strict=True):
            if not math.isfinite(s):
                raise FatalBackendError(f"reward model returned a non-finite score ({s}) for response {pos}")
        return [float(s) for s in scores]

    def judgment(self, scores: Sequence[float]) -> dict[str, Any]:
        """Upstream's record for one order, ``scores`` in that order's positions.

        A local folder named like a hub model borrows that model's spec: ``reward_spec`` then records which
        (``{"name", "borrowed_from"}``), while ``judge_model`` stays the folder.
        """
        record = super().judgment(scores)
        spec = self.reward_spec
        if spec:
            record["reward_spec"] = spec
        return record

    def verdict(self, score_a: float, score_b: float, order: int = 0) -> Verdict:
        """The verdict of one order from the stored-position scores (order 1 sees B first)."""
        first, second = (score_a, score_b) if order == 0 else (score_b, score_a)
        return Verdict(self.decide(first, second), self.judgment([first, second]))

    def verdicts(self, score_a: float, score_b: float, orders: int = 2) -> list[Verdict]:
        """Verdicts of the first ``orders`` orders, all from the same two scores."""
        return [self.verdict(score_a, score_b, order) for order in range(orders)]

    def failed(self, error: str) -> Verdict:
        """A failed verdict: no decision, the reason in ``error``."""
        return Verdict(None, {"judge_model": self.model_name, "prompt": "", "response": ""}, error=error)

    async def judge(self, question: str, response_a: str, response_b: str, ctx: JudgeContext) -> Verdict:
        """One order on its own: ``response_a`` is the stored B when ``ctx.order`` is 1.

        The pair's two scores are kept until the other order of the same pair asks for them, so judging
        both orders this way still scores each response once.
        """
        start = time.perf_counter()
        stored = [response_a, response_b] if ctx.order == 0 else [response_b, response_a]
        key = (ctx.pair_id, hash((question, *stored)))
        try:
            if key in self._reused:
                a, b = self._reused.pop(key)
            else:
                a, b = await self.score(question, stored, JudgeContext(ctx.pair_id, 0, ctx.seed))
                self._reused[key] = (a, b)
        except EndpointError:
            raise  # nothing can be scored (the model cannot be loaded offline): the runner stops the run
        except JudgeBenchError as exc:
            verdict = self.failed(f"{type(exc).__name__}: {exc}")
        else:
            verdict = self.verdict(a, b, ctx.order)
        verdict.latency_s = time.perf_counter() - start
        return verdict

    async def aclose(self) -> None:
        """Close the backend."""
        await self.backend.aclose()


def open_reward_backend(spec: ModelLike, **options: Any) -> RewardBackend:
    """The reward backend of a model spec ``provider/model`` (``hf/...``, ``replay/...``)."""
    parsed = ModelSpec.parse(spec)  # a no-op for the ModelSpec the runner hands on
    return REWARD_BACKENDS.get(parsed.provider)(parsed.model, **options)


def reward_model_judge(options: JudgeOptions) -> RewardModelJudge:
    """Factory: the backend from ``options.model``'s prefix, ``options.extra`` passed to it."""
    return RewardModelJudge(open_reward_backend(options.model, **dict(options.extra)))
