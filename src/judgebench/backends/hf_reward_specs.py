"""Named settings of the reward models JudgeBench evaluates, and a generic one for the rest.

Each :class:`RewardModelSpec` says how upstream (``utils/judges.py`` at the pinned commit) loaded and fed a
model: dtype, attention implementation, truncation, whether the tokenizer adds its special tokens on top of
the chat template, and for custom-code models which method scores a conversation. Any field can be
overridden per run (``JudgeOptions.extra`` / ``hf_reward_backend(..., dtype=...)``).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

from judgebench.errors import ConfigError

Kind = Literal["sequence_classification", "custom_code"]
Truncation = Literal["response", "right", "left"]
TRUNCATIONS: tuple[Truncation, ...] = ("response", "right", "left")
DTYPES = ("auto", "float32", "float16", "bfloat16")


@dataclass(frozen=True, slots=True)
class RewardModelSpec:
    """How to load and feed one reward model.

    Attributes:
        name: the spec's name (``skywork-reward``, ``grm``, ``internlm2-reward``, ``generic``).
        kind: ``sequence_classification`` (AutoModelForSequenceClassification, score = logit 0) or
            ``custom_code`` (AutoModel with the checkpoint's own code, scored through ``score_method``).
        dtype: ``auto`` (the checkpoint's), ``float32``, ``float16`` or ``bfloat16``. On CPU, float16
            runs as float32 unless asked for explicitly.
        attn_implementation: e.g. ``flash_attention_2``, ``sdpa``, ``eager``; None leaves transformers'
            default. ``flash_attention_2`` falls back to ``attn_fallback`` without CUDA or the flash-attn
            package (``eager`` for Gemma-2, whose attention logit soft-capping SDPA does not apply).
        max_length: the most tokens one scored sequence may hold; ``tokenizer`` takes the tokenizer's
            ``model_max_length`` (when it is a real limit); None never truncates.
        truncation: what to cut when a sequence is longer: ``response`` shortens the response (the template
            and the question stay whole), ``right`` cuts tokens from the end (upstream's GRM behaviour),
            ``left`` from the start. Custom-code models support ``response`` only.
        add_special_tokens: whether the tokenizer adds BOS/EOS on top of the rendered chat template. Upstream
            rendered the template as text and tokenized it again, adding them (a second BOS for Llama-3 and
            Gemma templates); the named specs keep that to reproduce its scores. None: add them only when
            the rendered text does not already start with the BOS token.
        trust_remote_code: the user's permission to run the checkpoint's own Python code (``auto_map``), as
            ``--trust-remote-code`` gives it. False in every named spec: a custom-code model (InternLM2-Reward)
            is refused until the user opts in (:mod:`~judgebench.backends.remote_code`).
        score_method, batch_score_method: the custom-code model's methods scoring one conversation
            ``(tokenizer, conversation) -> float`` and a list ``(tokenizer, conversations) -> list[float]``
            (None: score one by one).
        batch_size: sequences per forward pass when requests come one by one (a planned run packs its
            batches by ``token_budget`` instead).
        token_budget: padded tokens (rows × longest row) per forward pass of a planned run; None sizes it
            from free device memory on CUDA (at most 65,536) and uses 8,192 elsewhere. Halved on
            out-of-memory.
    """

    name: str
    kind: Kind = "sequence_classification"
    dtype: str = "auto"
    attn_implementation: str | None = None
    attn_fallback: str = "sdpa"
    max_length: int | Literal["tokenizer"] | None = "tokenizer"
    truncation: Truncation = "response"
    add_special_tokens: bool | None = None
    trust_remote_code: bool = False
    score_method: str = "get_score"
    batch_score_method: str | None = "get_scores"
    batch_size: int = 8
    token_budget: int | None = None

    def __post_init__(self) -> None:
        if self.dtype not in DTYPES:
            raise ConfigError(f"reward model dtype must be one of {', '.join(DTYPES)}, got {self.dtype!r}")
        if self.truncation not in TRUNCATIONS:
            raise ConfigError(f"truncation must be one of {', '.join(TRUNCATIONS)}, got {self.truncation!r}")
        if self.kind == "custom_code" and self.truncation != "response":
            raise ConfigError("custom-code reward models can only truncate the response (truncation='response')")
        if isinstance(self.max_length, int) and self.max_length < 1:
            raise ConfigError(f"max_length must be positive, got {self.max_length}")
        if self.batch_size < 1:
            raise ConfigError(f"batch_size must be positive, got {self.batch_size}")
        if self.token_budget is not None and self.token_budget < 1:
            raise ConfigError(f"token_budget must be positive, got {self.token_budget}")

    def with_overrides(self, overrides: Mapping[str, Any]) -> RewardModelSpec:
        """This spec with some fields replaced; an unknown field is a ConfigError."""
        known = {f.name for f in dataclasses.fields(self)} - {"name"}
        unknown = sorted(set(overrides) - known)
        if unknown:
            raise ConfigError(
                f"unknown reward model option(s) {', '.join(unknown)} (known: {', '.join(sorted(known))})"
            )
        return dataclasses.replace(self, **dict(overrides))


_SKYWORK = RewardModelSpec(
    "skywork-reward",
    dtype="bfloat16",
    attn_implementation="flash_attention_2",
    max_length=None,
    add_special_tokens=True,
)
_SKYWORK_GEMMA = dataclasses.replace(_SKYWORK, name="skywork-reward-gemma", attn_fallback="eager")
_GRM = RewardModelSpec(
    "grm", dtype="float16", max_length="tokenizer", truncation="right", add_special_tokens=True, batch_size=8
)
_INTERNLM2 = RewardModelSpec("internlm2-reward", kind="custom_code", dtype="float16", max_length=None)
GENERIC = RewardModelSpec("generic")
"""Any AutoModelForSequenceClassification reward model: checkpoint dtype, default attention, the chat
template as the tokenizer renders it, the response shortened to the tokenizer's limit."""

#: Hub model id → spec, for the reward models of the paper (Table 3).
SPECS: dict[str, RewardModelSpec] = {
    "Skywork/Skywork-Reward-Llama-3.1-8B": _SKYWORK,
    "Skywork/Skywork-Reward-Gemma-2-27B": _SKYWORK_GEMMA,
    "Ray2333/GRM-Gemma-2B-rewardmodel-ft": _GRM,
    "internlm/internlm2-7b-reward": _INTERNLM2,
    "internlm/internlm2-20b-reward": _INTERNLM2,
    "internlm/internlm2-1_8b-reward": _INTERNLM2,
}
NAMED: dict[str, RewardModelSpec] = {s.name: s for s in (_SKYWORK, _SKYWORK_GEMMA, _GRM, _INTERNLM2, GENERIC)}


class ResolvedSpec(NamedTuple):
    """What :func:`resolve_spec` found for a model."""

    model: str
    """What outputs record as ``judge_model``: the hub id as the spec table spells it, or the path as given."""
    spec: RewardModelSpec
    borrowed_from: str | None
    """For a local folder named like a hub model with a named spec: that hub id, whose spec it borrowed."""


def resolve_spec(model: str, name: str | None = None) -> ResolvedSpec:
    """The recorded model name, the spec and where the spec came from, for ``model`` (a hub id or a local path).

    A local folder named like a known model (``/models/Skywork-Reward-Llama-3.1-8B``) borrows that model's
    spec (its dtype, attention, truncation), but not its name: outputs record the folder, and the hub id it
    was named like as ``borrowed_from``. No spec grants ``trust_remote_code``. ``name`` forces a spec by name.
    """
    by_id = {k.lower(): k for k in SPECS}
    by_folder = {k.split("/")[-1].lower(): k for k in SPECS}
    key = model.rstrip("/").lower()
    canonical = by_id.get(key)
    borrowed = None
    if canonical is None and os.path.isdir(model):
        borrowed = by_folder.get(key.split("/")[-1])
    if name is not None:
        if name not in NAMED:
            raise ConfigError(f"unknown reward model spec {name!r} (known: {', '.join(sorted(NAMED))})")
        return ResolvedSpec(canonical or model, NAMED[name], None)
    if canonical is not None:
        return ResolvedSpec(canonical, SPECS[canonical], None)
    if borrowed is not None:
        return ResolvedSpec(model, SPECS[borrowed], borrowed)
    return ResolvedSpec(model, GENERIC, None)
