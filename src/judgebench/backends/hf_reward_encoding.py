"""Tokenization and truncation of reward-model inputs: the chat template, special tokens and ``max_length``.

:class:`RewardEncoding` is the part of :class:`~judgebench.backends.hf_reward.HFRewardBackend` that turns a
:class:`~judgebench.backends.reward.RewardItem` into what the model scores; it needs only the tokenizer, the
spec and ``max_length`` (set when the tokenizer loads).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from judgebench.backends.hf_reward_specs import RewardModelSpec
from judgebench.backends.remote_code import first_line
from judgebench.backends.reward import RewardItem
from judgebench.errors import ConfigError, FatalBackendError, JudgeBenchError


def conversation_of(item: RewardItem, response: str | None = None) -> list[dict[str, str]]:
    """The item as a two-turn conversation (``response`` replacing the item's own when given)."""
    text = item.response if response is None else response
    return [{"role": "user", "content": item.question}, {"role": "assistant", "content": text}]


def check_chat_template(tokenizer: Any, name: str) -> None:
    """Render a plain two-turn conversation once: a chat template that fails on it would fail every input.

    Raises:
        ConfigError: the template fails (jinja's TemplateError, its sandbox's SecurityError, a ValueError for
            a tokenizer without one) or renders something other than text.
    """
    probe = [{"role": "user", "content": "question"}, {"role": "assistant", "content": "answer"}]
    try:
        text = tokenizer.apply_chat_template(probe, tokenize=False)
    except Exception as exc:
        raise ConfigError(f"{name}: its chat template fails on a plain conversation: {first_line(exc)}") from exc
    if not isinstance(text, str):
        raise ConfigError(f"{name}: its chat template renders {type(text).__name__}, not text")


class RewardEncoding:
    """Encoding of reward items with a loaded tokenizer, per the model's spec."""

    spec: RewardModelSpec
    max_length: int | None
    _tokenizer: Any

    def load_tokenizer(self, tokenizer: Any = None) -> Any:
        """Load the tokenizer and set ``max_length`` (the backend's)."""
        raise NotImplementedError

    def render(self, item: RewardItem, response: str | None = None) -> str:
        """The conversation as the chat template renders it (text); FatalBackendError if the template fails."""
        try:
            text: str = self._tokenizer.apply_chat_template(conversation_of(item, response), tokenize=False)
        except Exception as exc:  # jinja's TemplateError (raise_exception) and SecurityError, a ValueError
            raise FatalBackendError(f"the chat template failed on this input: {first_line(exc)}") from exc
        return text

    def _adds_special_tokens(self, text: str) -> bool:
        add = self.spec.add_special_tokens
        if add is None:
            bos = self._tokenizer.bos_token
            add = not (bos and text.startswith(bos))
        return add

    def _ids(self, text: str) -> list[int]:
        ids: list[int] = self._tokenizer(text, add_special_tokens=self._adds_special_tokens(text))["input_ids"]
        return ids

    def _length(self, item: RewardItem, response: str | None = None) -> int:
        # custom-code models append one scoring token (InternLM2's reward token) to the rendered template
        extra = 1 if self.spec.kind == "custom_code" else 0
        return len(self._ids(self.render(item, response))) + extra

    def _shorten_response(self, item: RewardItem, limit: int) -> str:
        """The longest prefix of the response (whole tokens) whose conversation fits ``limit`` tokens."""
        enc = self._tokenizer(item.response, add_special_tokens=False, return_offsets_mapping=True)
        ends = [end for _, end in enc["offset_mapping"]]
        keep = len(ends)
        while True:
            over = self._length(item, item.response[: ends[keep - 1]] if keep else "") - limit
            if over <= 0:
                return item.response[: ends[keep - 1]] if keep else ""
            if keep == 0:
                raise FatalBackendError(
                    f"the question and chat template alone take {over + limit} tokens, more than "
                    f"max_length={limit}: cannot score this response"
                )
            keep = max(0, keep - over)

    def fit(self, item: RewardItem, ids: list[int]) -> list[int]:
        """``ids`` (the item's full encoding) truncated to ``max_length`` as the spec says."""
        limit = self.max_length
        if limit is None or len(ids) <= limit:
            return ids
        if self.spec.truncation == "right":
            return ids[:limit]
        if self.spec.truncation == "left":
            return ids[-limit:]
        return self._ids(self.render(item, self._shorten_response(item, limit)))

    def _encode(self, item: RewardItem) -> list[int]:
        return self.fit(item, self._ids(self.render(item)))

    def encode(self, item: RewardItem) -> list[int]:
        """The token ids the model scores for ``item``: chat template, special tokens and truncation per spec."""
        if self._tokenizer is None:
            self.load_tokenizer()
        return self._encode(item)

    def encode_many(self, items: Sequence[RewardItem]) -> list[list[int] | JudgeBenchError]:
        """Every item's model input, or the error of one that cannot be truncated to fit.

        One tokenizer call per special-token setting: the fast tokenizer spreads a batch over its threads.
        """
        texts: list[str | JudgeBenchError] = []
        for item in items:
            try:
                texts.append(self.render(item))
            except JudgeBenchError as exc:
                texts.append(exc)
        flags = [self._adds_special_tokens(t) if isinstance(t, str) else None for t in texts]
        ids: list[list[int]] = [[] for _ in items]
        for flag in {f for f in flags if f is not None}:
            where = [i for i, f in enumerate(flags) if f == flag]
            encoded = self._tokenizer([texts[i] for i in where], add_special_tokens=flag)["input_ids"]
            for i, row in zip(where, encoded, strict=True):
                ids[i] = list(row)
        out: list[list[int] | JudgeBenchError] = []
        for item, text, row in zip(items, texts, ids, strict=True):
            if isinstance(text, JudgeBenchError):
                out.append(text)
                continue
            try:
                out.append(self.fit(item, row))
            except JudgeBenchError as exc:
                out.append(exc)
        return out

    def conversation(self, item: RewardItem) -> list[dict[str, str]]:
        """A custom-code model's input: the conversation, its response shortened to ``max_length``."""
        response = None
        if self.max_length is not None and self._length(item) > self.max_length:
            response = self._shorten_response(item, self.max_length)
        return conversation_of(item, response)
