"""``replay/<recorded outputs file>``: a chat backend that answers with the replies a file recorded.

The backend is given its :class:`ChatRecording`; reading the file is :mod:`judgebench.recordings`'s job.

A judge run against ``replay/...`` renders its prompts and parses the replies itself, so replaying a
released outputs file is an exact test of templates and parsers. Replies are looked up by the request's
metadata ``(pair_id, order, turn)`` — never by the prompt: records of o1-style models hold the model's first
reply in ``prompt`` (upstream's o1 wrapper rewrote its message list in place), and prompts are what a replay
checks, not what it trusts.

How a record's ``judgment`` becomes replies, turn by turn:

- ``replies`` (a list, written by our multi-call judges: chat_eval, Arena-Hard with a continuation turn):
  turn ``i`` is ``replies[i]``;
- Arena-Hard records (``judge_name`` arena_hard*): ``response`` is every reply, each prefixed with a newline.
  When the record is o1-style (``response`` is a newline and ``prompt``, optionally followed by a newline
  and more) the turns split exactly: ``prompt``, then the rest. Otherwise the whole ``response`` less its first
  newline is turn 0 (the judge finds the same labels in it as upstream did in the same text, so the
  decision and the recorded ``response`` come back unchanged);
- anything else: ``response`` is turn 0.

A request the file has no reply for (a pair or order not in it, an order whose recorded call failed, a turn
past the recorded ones) raises :class:`~judgebench.errors.FatalBackendError`, so it is recorded as a failed
judgment, never an empty reply. Replay is never cached (``cacheable = False``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from judgebench.backends.base import ChatRequest, ChatResponse
from judgebench.backends.failures import ProviderFatalError

_ARENA_HARD = ("arena_hard", "arena_hard_no_tie", "arena_hard_notie")


def recorded_replies(judgment: dict[str, Any], judge_name: str | None) -> list[str]:
    """The raw replies behind one recorded judgment, turn by turn (see the module docstring)."""
    replies = judgment.get("replies")
    if isinstance(replies, list) and all(isinstance(r, str) for r in replies):
        return list(replies)
    response = judgment.get("response")
    if not isinstance(response, str):
        return []
    if judge_name in _ARENA_HARD and response.startswith("\n"):
        body = response[1:]
        prompt = judgment.get("prompt")
        if isinstance(prompt, str) and prompt:
            if body == prompt:
                return [prompt]
            if body.startswith(prompt + "\n"):
                return [prompt, body[len(prompt) + 1 :]]
        return [body]
    return [response]


@dataclass(frozen=True, slots=True)
class ChatRecording:
    """The replies a recorded-outputs file holds (read by :func:`judgebench.recordings.read_chat_recording`).

    Attributes:
        name: the file's name, for messages.
        model: the ``judge_model`` the file recorded (what outputs of the replay record too).
        judge_name: the recorded judge.
        replies: the raw replies, turn by turn, by ``(pair_id, order)``.
        failed: the ``(pair_id, order)`` whose recorded call failed.
    """

    name: str
    model: str
    judge_name: str | None
    replies: Mapping[tuple[str, int], list[str]]
    failed: frozenset[tuple[str, int]] = frozenset()


class ReplayBackend:
    """Serves recorded replies by ``(pair_id, order, turn)`` from the recording it is given."""

    provider = "replay"
    cacheable = False
    api_key: str | None = None

    def __init__(self, recording: ChatRecording) -> None:
        self.recording = recording
        self.base_url: str | None = None
        self.model: str = recording.model
        self.judge_name = recording.judge_name
        self.label = f"replay/{recording.name}"

    def reply(self, request: ChatRequest) -> str:
        """The recorded reply for a request's ``(pair_id, order, turn)``."""
        meta = request.metadata
        pair_id, order, turn = meta.get("pair_id"), meta.get("order"), meta.get("turn", 0)
        if not isinstance(pair_id, str) or not isinstance(order, int) or not isinstance(turn, int):
            raise ProviderFatalError("not_recorded", "replay needs pair_id, order and turn in the request metadata")
        key = (pair_id, order)
        if key in self.recording.failed:
            raise ProviderFatalError("not_recorded", f"pair {pair_id} order {order}: the recorded call failed")
        replies = self.recording.replies.get(key)
        if replies is None:
            raise ProviderFatalError("not_recorded", f"pair {pair_id} order {order} is not in {self.recording.name}")
        if turn >= len(replies):
            raise ProviderFatalError(
                "not_recorded", f"pair {pair_id} order {order}: no turn {turn} recorded ({len(replies)} turns)"
            )
        return replies[turn]

    async def chat(self, request: ChatRequest) -> ChatResponse:
        """The recorded reply (no usage: nothing was spent)."""
        return ChatResponse(text=self.reply(request), finish_reason="stop", model=self.model)

    async def complete(self, request: ChatRequest) -> ChatResponse:
        """The recorded completion."""
        return ChatResponse(text=self.reply(request), finish_reason="stop", model=self.model)

    async def aclose(self) -> None:
        """Nothing to release."""
