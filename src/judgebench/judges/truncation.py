"""Fitting two responses into a fine-tuned judge's context with the model's own tokenizer (PandaLM, JudgeLM).

Upstream's rule, reproduced exactly so prompts match the recorded ones: count the tokens of the template
rendered with the question and empty responses (special tokens included), give each response
``(context_limit - max_new_tokens - template_tokens) // 2 - 2`` tokens, tokenize each response without
special tokens and keep the first ``n`` ids (``right`` side truncation) or the last ``n`` (``left``; Python's
slicing, so ``n = 0`` keeps everything, as upstream), then decode. Every response is decoded even when it
fits, since a tokenizer round trip may normalise text and the recorded prompts went through it.

The tokenizer is ``transformers.AutoTokenizer.from_pretrained(name, use_fast=False)`` (the ``hf`` extra),
imported lazily. Without transformers, or when the tokenizer cannot be loaded (offline, a replayed model
whose tokenizer is not cached), responses go in untruncated and a warning says so: a prompt that is then too
long fails as a ``context_length`` call failure, recorded, never guessed around.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Literal, Protocol, cast

log = logging.getLogger("judgebench.judges")

Side = Literal["left", "right"]


class Tokenizer(Protocol):
    """The part of a Hugging Face tokenizer truncation uses."""

    def __call__(self, text: str, **kwargs: Any) -> Any:
        """Encode; the result has ``input_ids``."""
        ...

    def decode(self, ids: Any) -> str:
        """Decode ids to text."""
        ...


def load_tokenizer(name: str, *, local_only: bool = False, trust_remote_code: bool = False) -> Tokenizer | None:
    """The slow (as upstream) or else fast tokenizer of ``name``; None (with a warning) when unavailable.

    A local folder whose ``auto_map`` names its own code is refused (ConfigError) unless ``trust_remote_code``.
    """
    from judgebench.backends.remote_code import check_remote_code

    trust = check_remote_code(name, trusted=trust_remote_code, what="tokenizer")
    try:
        from transformers import AutoTokenizer
    except ImportError:
        log.warning("transformers is not installed (pip install 'judgebench[hf]'): responses are not truncated")
        return None
    last: Exception | None = None
    for use_fast in (False, True):
        try:
            tokenizer: Any = AutoTokenizer.from_pretrained(
                name, use_fast=use_fast, local_files_only=local_only, trust_remote_code=trust
            )
            return cast(Tokenizer, tokenizer)
        except Exception as exc:  # transformers raises OSError, ValueError, ImportError...
            last = exc
    log.warning("no tokenizer for %s (%s): responses are not truncated", name, last)
    return None


def fit_responses(
    tokenizer: Tokenizer,
    template_tokens_text: str,
    response_a: str,
    response_b: str,
    *,
    context_limit: int,
    max_new_tokens: int,
    side: Side,
) -> tuple[str, str]:
    """Both responses cut to upstream's per-response budget (see the module docstring)."""
    template_len = len(tokenizer(template_tokens_text).input_ids)
    n = (context_limit - max_new_tokens - template_len) // 2 - 2
    out = []
    for text in (response_a, response_b):
        ids = tokenizer(text, add_special_tokens=False, padding=False, truncation=False).input_ids
        kept = ids[:n] if side == "right" else ids[-n:]
        out.append(tokenizer.decode(kept))
    return out[0], out[1]


class Truncator:
    """Runs :func:`fit_responses` on one worker thread (tokenizers are CPU work and not all thread-safe).

    Args:
        tokenizer: the model's tokenizer, or None to pass responses through unchanged.
        context_limit, max_new_tokens, side: upstream's settings for the judge.
    """

    def __init__(self, tokenizer: Tokenizer | None, *, context_limit: int, max_new_tokens: int, side: Side) -> None:
        self.tokenizer = tokenizer
        self.context_limit = context_limit
        self.max_new_tokens = max_new_tokens
        self.side: Side = side
        self._pool: ThreadPoolExecutor | None = None

    async def fit(self, template_tokens_text: str, response_a: str, response_b: str) -> tuple[str, str]:
        """The two responses as they go into the prompt."""
        if self.tokenizer is None:
            return response_a, response_b
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="judgebench-tokenizer")
        tokenizer = self.tokenizer
        return await asyncio.get_running_loop().run_in_executor(
            self._pool,
            lambda: fit_responses(
                tokenizer,
                template_tokens_text,
                response_a,
                response_b,
                context_limit=self.context_limit,
                max_new_tokens=self.max_new_tokens,
                side=self.side,
            ),
        )

    def close(self) -> None:
        """Stop the worker thread."""
        if self._pool is not None:
            self._pool.shutdown(wait=False)
            self._pool = None
