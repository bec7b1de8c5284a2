"""``replay/<recorded outputs file>`` for reward models: the recorded score of each response.

Upstream's reward-model outputs hold, per pair and order, ``{"judge_model", "prompt": "", "response": "",
"scores": [score_A, score_B]}`` in that order's positions. This backend maps them back to the pair's stored
positions (``A`` is ``scores[0]`` of order 0 and ``scores[1]`` of order 1) and answers each
:class:`~judgebench.backends.reward.RewardItem` by its ``pair_id`` and ``position``. Nothing is guessed: a
pair or position the file lacks, two orders that recorded different scores for the same response, or a
question or response that differs from the recorded one fail the request with the reason.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from judgebench.backends.reward import POSITIONS, RewardItem
from judgebench.datasets import recorded_output
from judgebench.errors import ConfigError, FatalBackendError, MalformedRecordError
from judgebench.records import iter_judged


@dataclass(slots=True)
class _Recorded:
    question: str
    responses: dict[str, str]
    scores: dict[str, list[float]] = field(default_factory=dict)


def _score(value: Any, path: str, pair_id: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise MalformedRecordError(f"pair {pair_id}: recorded score {value!r} is not a finite number", path)
    return float(value)


class RewardReplayBackend:
    """Recorded reward scores behind the :class:`~judgebench.backends.reward.RewardBackend` protocol.

    Args:
        path: the recorded outputs file, or its name under ``$JUDGEBENCH_DATA/outputs``.
    """

    def __init__(self, path: str) -> None:
        self.path = recorded_output(path)
        self._pairs: dict[str, _Recorded] = {}
        model: str | None = None
        for judged in iter_judged(self.path):
            p = judged.pair
            rec = _Recorded(p.question, {"A": p.response_A, "B": p.response_B})
            for order, entry in enumerate(judged.judgments):
                judgment = entry.get("judgment") if entry else None
                if not isinstance(judgment, dict) or judgment.get("scores") is None:
                    continue  # a failed call: nothing recorded for this order
                scores = judgment["scores"]
                if not isinstance(scores, list) or len(scores) != 2:
                    raise MalformedRecordError(f"pair {p.pair_id}: 'scores' must hold two numbers", str(self.path))
                model = model or judgment.get("judge_model")
                for i, pos in enumerate(POSITIONS if order == 0 else POSITIONS[::-1]):
                    rec.scores.setdefault(pos, []).append(_score(scores[i], str(self.path), p.pair_id))
            self._pairs[p.pair_id] = rec
        if not any(rec.scores for rec in self._pairs.values()):
            raise ConfigError(f"{self.path} records no reward scores: not a reward-model outputs file")
        if model is None:
            from judgebench.records import filename_fields

            model = filename_fields(self.path).get("judge_model", self.path.stem)
        self.model: str = model

    def lookup(self, item: RewardItem) -> float:
        """The recorded score of ``item``; raises FatalBackendError saying why there is none."""
        pair_id, pos = item.pair_id, item.position
        if pair_id is None or pos not in POSITIONS:
            raise FatalBackendError("reward replay needs pair_id and position (A or B) in the item's metadata")
        rec = self._pairs.get(pair_id)
        if rec is None:
            raise FatalBackendError(f"pair {pair_id} is not in {self.path.name}")
        if item.question != rec.question or item.response != rec.responses[pos]:
            raise FatalBackendError(f"pair {pair_id}: the question or response {pos} differs from the recorded one")
        found = rec.scores.get(pos)
        if not found:
            raise FatalBackendError(f"pair {pair_id}: no recorded score for response {pos} (failed in the recording)")
        if any(s != found[0] for s in found):
            raise FatalBackendError(
                f"pair {pair_id}: the two recorded orders scored response {pos} differently ({found}); "
                "a pointwise replay cannot reproduce both"
            )
        return found[0]

    async def score(self, items: Sequence[RewardItem]) -> list[float]:
        """The recorded scores of ``items``, in order."""
        return [self.lookup(item) for item in items]

    async def aclose(self) -> None:
        """Nothing to release."""


def reward_replay_backend(model: str, **options: Any) -> RewardReplayBackend:
    """Factory for ``replay/<recorded file>``; takes no options."""
    if options:
        raise ConfigError(f"reward replay takes no options, got {', '.join(sorted(options))}")
    return RewardReplayBackend(model)
