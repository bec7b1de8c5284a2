"""``replay/<recorded outputs file>`` for reward models: the recorded score of each response.

Upstream's reward-model outputs hold, per pair and order, ``{"judge_model", "prompt": "", "response": "",
"scores": [score_A, score_B]}`` in that order's positions. This backend maps them back to the pair's stored
positions (``A`` is ``scores[0]`` of order 0 and ``scores[1]`` of order 1) and answers each
:class:`~judgebench.backends.reward.RewardItem` by its ``pair_id`` and ``position``. Nothing is guessed: a
pair or position the file lacks, two orders that recorded different scores for the same response, or a
question or response that differs from the recorded one fail the request with the reason. The backend is
given its :class:`RewardRecording`; reading the file is :mod:`judgebench.recordings`'s job.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from judgebench.backends.reward import POSITIONS, RewardItem
from judgebench.errors import FatalBackendError


@dataclass(slots=True)
class RecordedPair:
    """One pair of a reward-model recording: its text and the scores recorded for each stored position."""

    question: str
    responses: dict[str, str]
    scores: dict[str, list[float]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RewardRecording:
    """The scores a reward-model outputs file holds (read by :func:`judgebench.recordings.read_reward_recording`)."""

    name: str
    model: str
    pairs: Mapping[str, RecordedPair]


class RewardReplayBackend:
    """Recorded reward scores behind the :class:`~judgebench.backends.reward.RewardBackend` protocol."""

    def __init__(self, recording: RewardRecording) -> None:
        self.recording = recording
        self.model: str = recording.model

    def lookup(self, item: RewardItem) -> float:
        """The recorded score of ``item``; raises FatalBackendError saying why there is none."""
        pair_id, pos = item.pair_id, item.position
        if pair_id is None or pos not in POSITIONS:
            raise FatalBackendError("reward replay needs pair_id and position (A or B) in the item's metadata")
        rec = self.recording.pairs.get(pair_id)
        if rec is None:
            raise FatalBackendError(f"pair {pair_id} is not in {self.recording.name}")
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
