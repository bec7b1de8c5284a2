"""``replay/<recorded outputs file>``: a chat backend that answers with the replies a file recorded.

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

from typing import Any

from judgebench.backends.base import ChatRequest, ChatResponse
from judgebench.backends.failures import ProviderFatalError
from judgebench.datasets import recorded_output
from judgebench.errors import ConfigError, InputError
from judgebench.jsonl import iter_jsonl
from judgebench.records import filename_fields

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


class ReplayBackend:
    """Serves recorded replies by ``(pair_id, order, turn)``.

    Attributes:
        model: the ``judge_model`` the file recorded (what outputs of the replay record too).
        judge_name: the recorded judge.
    """

    provider = "replay"
    cacheable = False

    def __init__(self, path: str) -> None:
        self.path = recorded_output(path)
        self.base_url: str | None = None
        self._replies: dict[tuple[str, int], list[str]] = {}
        self._failed: set[tuple[str, int]] = set()
        model: str | None = None
        judge_name: str | None = None
        for _, record in iter_jsonl(self.path):
            pair_id = record.get("pair_id")
            judgments = record.get("judgments")
            if not isinstance(pair_id, str) or not isinstance(judgments, list):
                continue
            judge_name = judge_name or record.get("judge_name")
            for order, entry in enumerate(judgments):
                judgment = entry.get("judgment") if isinstance(entry, dict) else None
                if not isinstance(judgment, dict):
                    self._failed.add((pair_id, order))
                    continue
                model = model or judgment.get("judge_model")
                self._replies[(pair_id, order)] = recorded_replies(judgment, record.get("judge_name"))
        if not self._replies and not self._failed:
            raise InputError("no judged records to replay", str(self.path))
        self.judge_name = judge_name
        self.model: str = str(model or filename_fields(self.path).get("judge_model", self.path.stem))
        self.label = f"replay/{self.path.name}"

    def reply(self, request: ChatRequest) -> str:
        """The recorded reply for a request's ``(pair_id, order, turn)``."""
        meta = request.metadata
        pair_id, order, turn = meta.get("pair_id"), meta.get("order"), meta.get("turn", 0)
        if not isinstance(pair_id, str) or not isinstance(order, int) or not isinstance(turn, int):
            raise ProviderFatalError("not_recorded", "replay needs pair_id, order and turn in the request metadata")
        key = (pair_id, order)
        if key in self._failed:
            raise ProviderFatalError("not_recorded", f"pair {pair_id} order {order}: the recorded call failed")
        replies = self._replies.get(key)
        if replies is None:
            raise ProviderFatalError("not_recorded", f"pair {pair_id} order {order} is not in {self.path.name}")
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


def replay_backend(model: str, **options: Any) -> ReplayBackend:
    """Factory for ``replay/<file>``; endpoint options (``base_url``, ``timeout_s``, ``config``) are ignored."""
    unknown = {k for k, v in options.items() if k not in ("base_url", "timeout_s", "config") and v is not None}
    if unknown:
        raise ConfigError(f"replay takes no options, got {', '.join(sorted(unknown))}")
    if options.get("base_url"):
        raise ConfigError("replay takes no --base-url: it answers from the recorded file")
    return ReplayBackend(model)
