"""``hf/<model id or local path>``: reward models run locally with transformers.

Two paths, chosen by the model's :class:`~judgebench.backends.hf_reward_specs.RewardModelSpec`:

* sequence classification (Skywork-Reward, GRM, any AutoModelForSequenceClassification reward model):
  the conversation ``[user: question, assistant: response]`` rendered with the tokenizer's chat template,
  tokenized, truncated as the spec says, right-padded into batches; the score is logit 0 at the last token.
* custom code (InternLM2-Reward): the checkpoint's own ``get_scores`` / ``get_score`` with the tokenizer and
  the conversation, after shortening the response when a ``max_length`` is set.

The model loads on first use and always runs on one worker thread (:class:`BatchWorker`), never on the event
loop; requests arriving together share batches. Device: ``cuda``, else ``mps``, else ``cpu``.
"""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Sequence
from typing import Any

from judgebench.backends.hf_reward_specs import RewardModelSpec, resolve_spec
from judgebench.backends.reward import BatchWorker, RewardItem
from judgebench.errors import (
    ConfigError,
    EndpointError,
    FatalBackendError,
    JudgeBenchError,
    MissingExtraError,
    RetryableBackendError,
)

log = logging.getLogger(__name__)
_NO_LIMIT = 1_000_000  # tokenizers without a limit report ~1e30 as model_max_length


def pick_device(requested: str | None = None) -> str:
    """``requested`` if given, else ``cuda`` when available, then ``mps``, then ``cpu``."""
    if requested:
        return requested
    import torch

    if torch.cuda.is_available():
        return "cuda"
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        return "mps"
    return "cpu"


def _version(text: str) -> tuple[int, int]:
    major, minor = [*text.split("."), "0"][:2]
    return int(major), int("".join(c for c in minor if c.isdigit()) or 0)


def _conversation(item: RewardItem, response: str | None = None) -> list[dict[str, str]]:
    text = item.response if response is None else response
    return [{"role": "user", "content": item.question}, {"role": "assistant", "content": text}]


class HFRewardBackend:
    """A transformers reward model behind the :class:`~judgebench.backends.reward.RewardBackend` protocol.

    Args:
        model: a hub model id or a local folder.
        device: ``cuda``, ``cuda:1``, ``mps``, ``cpu``; None picks the first available.
        spec: a named spec to use instead of the one matched from ``model`` (``generic``, ``grm``, ...).
        **overrides: spec fields to override (``dtype``, ``attn_implementation``, ``max_length``,
            ``truncation``, ``add_special_tokens``, ``batch_size``, ...).
    """

    def __init__(self, model: str, *, device: str | None = None, spec: str | None = None, **overrides: Any) -> None:
        for package in ("torch", "transformers"):
            if importlib.util.find_spec(package) is None:
                raise MissingExtraError(package, "hf")
        self.path = model
        self.model, base = resolve_spec(model, spec)
        self.spec: RewardModelSpec = base.with_overrides(overrides)
        self._explicit_dtype = "dtype" in overrides
        self._requested_device = device
        self._tokenizer: Any = None
        self._model: Any = None
        self._load_error: JudgeBenchError | None = None
        self.device = ""
        self.max_length: int | None = None
        self.batch_size = self.spec.batch_size
        self.settings: dict[str, Any] = {}
        """What was actually used once loaded: device, dtype, attention, max_length, truncation, batch_size."""
        self._worker: BatchWorker[RewardItem, float] = BatchWorker(
            self._score_blocking, max_items=4 * self.spec.batch_size, name=f"reward:{self.model}"
        )

    # ---- loading (worker thread, or called directly) -------------------------------------------------
    def load(self) -> None:
        """Load tokenizer and model now (blocking); later calls do nothing. Raises FatalBackendError."""
        if self._model is not None:
            return
        if self._load_error is not None:
            raise self._load_error
        try:
            self._load()
        except JudgeBenchError as exc:
            self._load_error = exc
            raise
        except Exception as exc:
            self._load_error = FatalBackendError(f"could not load reward model {self.path!r}: {exc}")
            raise self._load_error from exc

    def _offline(self) -> bool:
        """True when the model is a hub id (``owner/name``, no local folder) and the hub cannot be reached."""
        from pathlib import Path

        from judgebench.hub import hub_unreachable

        hub_id = not self.path.startswith((".", "/", "~")) and self.path.count("/") <= 1
        return hub_id and not Path(self.path).exists() and hub_unreachable()

    def _load(self) -> None:
        import torch
        import transformers

        spec = self.spec
        self.device = pick_device(self._requested_device)
        dtype_name = spec.dtype
        if self.device == "cpu" and dtype_name == "float16" and not self._explicit_dtype:
            dtype_name = "float32"
        # transformers renamed torch_dtype to dtype in 4.56; older versions would ignore dtype silently
        dtype_key = "dtype" if _version(transformers.__version__) >= (4, 56) else "torch_dtype"
        kwargs: dict[str, Any] = {dtype_key: dtype_name if dtype_name == "auto" else getattr(torch, dtype_name)}
        attn = spec.attn_implementation
        if attn == "flash_attention_2" and not (
            self.device.startswith("cuda") and importlib.util.find_spec("flash_attn") is not None
        ):
            attn = spec.attn_fallback
        if attn is not None:
            kwargs["attn_implementation"] = attn
        if spec.trust_remote_code:
            kwargs["trust_remote_code"] = True
        offline = self._offline()
        if offline:
            kwargs["local_files_only"] = True  # the hub cannot answer: no 49 s of retries before the error
        auto = transformers.AutoModel if spec.kind == "custom_code" else transformers.AutoModelForSequenceClassification
        try:
            tokenizer = self.load_tokenizer(local_files_only=offline)
            model = auto.from_pretrained(self.path, **kwargs).to(self.device).eval()
        except OSError as exc:
            if not offline:
                raise
            from judgebench.hub import hf_endpoint

            raise EndpointError(
                "unavailable",
                f"reward model {self.path!r} is neither a local folder nor in the Hugging Face cache, and the hub "
                f"({hf_endpoint()}) cannot be reached (or HF_HUB_OFFLINE is set): pass a local folder as hf/PATH, "
                "or go online (HF_ENDPOINT names a mirror)",
            ) from exc
        if spec.kind == "custom_code" and not callable(getattr(model, spec.score_method, None)):
            raise ConfigError(f"{self.path}: custom-code reward model has no {spec.score_method}() method")
        if spec.kind == "sequence_classification" and model.config.pad_token_id is None:
            if tokenizer.pad_token_id is not None:
                model.config.pad_token_id = tokenizer.pad_token_id
            elif self.batch_size > 1:
                log.warning("%s: no padding token, scoring one sequence at a time", self.model)
                self.batch_size = 1
        self._tokenizer, self._model = tokenizer, model
        self.settings = {
            "device": self.device,
            "dtype": str(next(model.parameters()).dtype).removeprefix("torch."),
            "attn_implementation": getattr(model.config, "_attn_implementation", attn),
            "max_length": self.max_length,
            "truncation": spec.truncation,
            "add_special_tokens": spec.add_special_tokens,
            "batch_size": self.batch_size,
        }
        log.info("loaded reward model %s with %s", self.model, self.settings)

    # ---- tokenization and truncation -----------------------------------------------------------------
    def load_tokenizer(self, tokenizer: Any = None, *, local_files_only: bool = False) -> Any:
        """Load the tokenizer (or take ``tokenizer``) and set ``max_length`` from the spec, without the model.

        Training (:mod:`judgebench.train`) encodes its pairs through this and :meth:`encode`, so a trained
        model sees exactly the sequences it will be scored on.
        """
        if tokenizer is None:
            import transformers

            tokenizer = transformers.AutoTokenizer.from_pretrained(
                self.path, trust_remote_code=self.spec.trust_remote_code, local_files_only=local_files_only
            )
        limit = self.spec.max_length
        if limit == "tokenizer":
            declared = getattr(tokenizer, "model_max_length", None)
            limit = declared if isinstance(declared, int) and declared < _NO_LIMIT else None
        self.max_length = limit
        self._tokenizer = tokenizer
        return tokenizer

    def encode(self, item: RewardItem) -> list[int]:
        """The token ids the model scores for ``item``: chat template, special tokens and truncation per spec."""
        if self._tokenizer is None:
            self.load_tokenizer()
        return self._encode(item)

    def _render(self, item: RewardItem, response: str | None = None) -> str:
        text: str = self._tokenizer.apply_chat_template(_conversation(item, response), tokenize=False)
        return text

    def _ids(self, text: str) -> list[int]:
        add = self.spec.add_special_tokens
        if add is None:
            bos = self._tokenizer.bos_token
            add = not (bos and text.startswith(bos))
        ids: list[int] = self._tokenizer(text, add_special_tokens=add)["input_ids"]
        return ids

    def _length(self, item: RewardItem, response: str | None = None) -> int:
        # custom-code models append one scoring token (InternLM2's reward token) to the rendered template
        extra = 1 if self.spec.kind == "custom_code" else 0
        return len(self._ids(self._render(item, response))) + extra

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

    def _encode(self, item: RewardItem) -> list[int]:
        ids = self._ids(self._render(item))
        limit = self.max_length
        if limit is None or len(ids) <= limit:
            return ids
        if self.spec.truncation == "right":
            return ids[:limit]
        if self.spec.truncation == "left":
            return ids[-limit:]
        return self._ids(self._render(item, self._shorten_response(item, limit)))

    # ---- scoring (worker thread) ---------------------------------------------------------------------
    def _score_blocking(self, items: list[RewardItem]) -> list[float]:
        self.load()
        import torch

        try:
            with torch.inference_mode():
                if self.spec.kind == "custom_code":
                    return self._score_custom(items)
                return self._score_classifier(items)
        except JudgeBenchError:
            raise
        except torch.cuda.OutOfMemoryError as exc:
            raise RetryableBackendError(f"out of memory scoring {len(items)} responses: {exc}") from exc
        except Exception as exc:
            raise FatalBackendError(f"reward model {self.model} failed: {type(exc).__name__}: {exc}") from exc

    def _score_classifier(self, items: list[RewardItem]) -> list[float]:
        import torch

        encoded = [self._encode(item) for item in items]
        order = sorted(range(len(items)), key=lambda i: len(encoded[i]))  # similar lengths share a batch
        pad = self._model.config.pad_token_id
        scores = [0.0] * len(items)
        for start in range(0, len(order), self.batch_size):
            chunk = order[start : start + self.batch_size]
            width = max(len(encoded[i]) for i in chunk)
            ids = torch.full((len(chunk), width), pad if pad is not None else 0, dtype=torch.long)
            mask = torch.zeros((len(chunk), width), dtype=torch.long)
            for row, i in enumerate(chunk):
                ids[row, : len(encoded[i])] = torch.tensor(encoded[i])
                mask[row, : len(encoded[i])] = 1
            logits = self._model(input_ids=ids.to(self.device), attention_mask=mask.to(self.device)).logits
            for row, i in enumerate(chunk):
                scores[i] = float(logits[row, 0].float().item())
        return scores

    def _score_custom(self, items: list[RewardItem]) -> list[float]:
        convs = []
        for item in items:
            response = None
            if self.max_length is not None and self._length(item) > self.max_length:
                response = self._shorten_response(item, self.max_length)
            convs.append(_conversation(item, response))
        many = getattr(self._model, self.spec.batch_score_method or "", None)
        one = getattr(self._model, self.spec.score_method)
        scores: list[float] = []
        for start in range(0, len(convs), self.batch_size):
            chunk = convs[start : start + self.batch_size]
            if callable(many) and len(chunk) > 1:
                scores.extend(float(s) for s in many(self._tokenizer, chunk))
            else:
                scores.extend(float(one(self._tokenizer, c)) for c in chunk)
        return scores

    # ---- the RewardBackend protocol ------------------------------------------------------------------
    async def score(self, items: Sequence[RewardItem]) -> list[float]:
        """Scores of ``items``, computed on the worker thread (batched with other waiting requests)."""
        return await self._worker.submit(items)

    async def aclose(self) -> None:
        """Stop the worker and drop the model."""
        await self._worker.aclose()
        self._model = self._tokenizer = None


def hf_reward_backend(model: str, **options: Any) -> HFRewardBackend:
    """Factory for ``hf/<model id or path>``; options: ``device``, ``spec`` and spec fields."""
    return HFRewardBackend(model, **options)
