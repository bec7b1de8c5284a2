"""Training pairs: read from pair files (hashed for the card), turned into chosen/rejected token ids.

Any file in the JudgeBench pair format works (a release name, a JSONL or Parquet path, ``hf:owner/name:split``),
so pairs built by ``judgebench build`` and other benchmarks' imported pairs train the same way. Chosen is
the response the label says is right, rejected the other one.

Sequences are encoded by the ``hf/`` reward backend itself (:meth:`HFRewardBackend.encode`, generic spec):
the conversation ``[user: question, assistant: response]`` through the chat template, special tokens and
truncation as scoring does them, so the trained model learns on exactly what it will later be scored on.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from judgebench.backends.reward import RewardItem
from judgebench.errors import InputError, JudgeBenchError
from judgebench.records import Pair

#: The chat template a tokenizer without one gets (saved with the trained model, named in its card).
DEFAULT_CHAT_TEMPLATE = (
    "{{ bos_token or '' }}{% for m in messages %}{{ m['role'] | capitalize }}: {{ m['content'] }}\n\n{% endfor %}"
)


@dataclass(frozen=True, slots=True)
class PairFile:
    """One input file: as given, where it was read from, its SHA-256 and how many pairs it holds."""

    spec: str
    path: str
    sha256: str
    pairs: int


@dataclass(slots=True)
class Encoded:
    """Token ids of the chosen and rejected sequences, and the pairs that could not be encoded (with why)."""

    chosen_ids: list[list[int]]
    rejected_ids: list[list[int]]
    skipped: list[tuple[str, str]]


def sha256_of(path: str | Path) -> str:
    """The file's SHA-256, hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_pair_files(specs: Sequence[str]) -> tuple[list[Pair], list[PairFile]]:
    """All pairs of ``specs`` in order, and a :class:`PairFile` per input.

    Raises:
        InputError: an unreadable or malformed file, an empty one, or a pair_id found in two files.
    """
    from judgebench.datasets import load_pair_file, resolve_pairs

    pairs: list[Pair] = []
    files: list[PairFile] = []
    owner: dict[str, str] = {}
    for spec in specs:
        path = resolve_pairs(spec)
        loaded = load_pair_file(path)
        for pair in loaded:
            if pair.pair_id in owner:
                raise InputError(f"pair_id {pair.pair_id!r} is also in {owner[pair.pair_id]}", str(path))
            owner[pair.pair_id] = str(path)
        pairs.extend(loaded)
        files.append(PairFile(spec, str(path), sha256_of(path), len(loaded)))
    return pairs, files


def prepare_tokenizer(tokenizer: Any, max_length: int) -> list[str]:
    """Make ``tokenizer`` fit for training and for ``hf/`` scoring; returns what was changed (for the card).

    A missing chat template becomes :data:`DEFAULT_CHAT_TEMPLATE`; a missing padding token becomes the EOS
    token; ``model_max_length`` becomes ``max_length`` so that scoring truncates as training did.

    Raises:
        InputError: the tokenizer has neither a padding nor an EOS token.
    """
    changes: list[str] = []
    if not getattr(tokenizer, "chat_template", None):
        tokenizer.chat_template = DEFAULT_CHAT_TEMPLATE
        changes.append("the base tokenizer has no chat template: judgebench's default one was added")
    if tokenizer.pad_token is None:
        if tokenizer.eos_token is None:
            raise InputError("the base tokenizer has neither a padding nor an EOS token", tokenizer.name_or_path)
        tokenizer.pad_token = tokenizer.eos_token
        changes.append(f"no padding token: the EOS token {tokenizer.eos_token!r} pads")
    tokenizer.model_max_length = max_length
    return changes


def encode_pairs(pairs: Sequence[Pair], tokenizer: Any, max_length: int) -> Encoded:
    """Chosen and rejected token ids of ``pairs`` as ``hf/`` scores them (responses shortened to fit).

    A pair whose question and template alone exceed ``max_length`` is skipped and listed with the reason.
    """
    from judgebench.backends.hf_reward import HFRewardBackend

    backend = HFRewardBackend(tokenizer.name_or_path or "tokenizer", spec="generic", max_length=max_length)
    backend.load_tokenizer(tokenizer)
    out = Encoded([], [], [])
    for pair in pairs:
        chosen, rejected = pair.correct_first()
        try:
            ids = [backend.encode(RewardItem(pair.question, text)) for text in (chosen, rejected)]
        except JudgeBenchError as exc:
            out.skipped.append((pair.pair_id, str(exc)))
            continue
        out.chosen_ids.append(ids[0])
        out.rejected_ids.append(ids[1])
    return out
