"""``hf/<model id or local path>``: reward models run locally with transformers.

Two paths, chosen by the model's :class:`~judgebench.backends.hf_reward_specs.RewardModelSpec`:

* sequence classification (Skywork-Reward, GRM, any AutoModelForSequenceClassification reward model):
  the conversation ``[user: question, assistant: response]`` rendered with the tokenizer's chat template,
  tokenized, truncated as the spec says, right-padded into batches; the score is logit 0 at the last token.
* custom code (InternLM2-Reward): the checkpoint's own ``get_scores`` / ``get_score`` with the tokenizer and
  the conversation, after shortening the response when a ``max_length`` is set.

A run that says up front what it will score (:meth:`HFRewardBackend.plan`, which the runner calls with every
pair left to judge) is scored as a whole: the responses are encoded on a thread while the model loads, each
distinct model input once, sorted by length and packed into batches by a token budget
(:mod:`~judgebench.backends.reward_plan`); a self-check at load compares two inputs scored together (padded)
with their unbatched scores, which catches a wrong padding side or pooling index. Requests outside a plan run
on one worker thread (:class:`BatchWorker`) where requests arriving together share batches. The model never
runs on the event loop. Device: ``cuda``, else ``mps``, else ``cpu``.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import logging
import threading
from collections.abc import Iterator, Sequence
from typing import Any

from judgebench.backends.hf_reward_encoding import RewardEncoding, check_chat_template
from judgebench.backends.hf_reward_plan import PlanRunner
from judgebench.backends.hf_reward_specs import RewardModelSpec, resolve_spec
from judgebench.backends.remote_code import check_remote_code, first_line
from judgebench.backends.reward import BatchWorker, RewardItem
from judgebench.backends.reward_plan import ScorePlan
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


class HFRewardBackend(RewardEncoding):
    """A transformers reward model behind the :class:`~judgebench.backends.reward.RewardBackend` protocol.

    Args:
        model: a hub model id or a local folder.
        device: ``cuda``, ``cuda:1``, ``mps``, ``cpu``; None picks the first available.
        spec: a named spec to use instead of the one matched from ``model`` (``generic``, ``grm``, ...).
        **overrides: spec fields to override (``dtype``, ``attn_implementation``, ``max_length``,
            ``truncation``, ``add_special_tokens``, ``batch_size``, ...), and ``trust_remote_code=True``, the
            user's permission to import the model's own code (never given by a spec or a folder's name).
    """

    def __init__(self, model: str, *, device: str | None = None, spec: str | None = None, **overrides: Any) -> None:
        for package in ("torch", "transformers"):
            if importlib.util.find_spec(package) is None:
                raise MissingExtraError(package, "hf")
        self.path = model
        self.model, base, self.borrowed_from = resolve_spec(model, spec)
        self.spec: RewardModelSpec = base.with_overrides(overrides)
        self._explicit_dtype = "dtype" in overrides
        self._requested_device = device
        self._tokenizer: Any = None
        self._model: Any = None
        self._load_error: JudgeBenchError | None = None
        self._load_lock = threading.Lock()
        self.model_lock = threading.Lock()
        """Held around every forward pass: planned and one-by-one requests never run the model at once."""
        self.device = ""
        self.max_length: int | None = None
        self.batch_size = self.spec.batch_size
        self.padding = "right"
        """How a batch is padded: ``right`` or ``left`` (with an attention mask), or ``right-causal`` (right,
        no mask: a causal model's real tokens never see the pads after them, and the fast causal attention
        kernels apply). A planned run's self-check picks the first of ``right-causal``, ``right``, ``left``
        that gives the unbatched scores."""
        self.settings: dict[str, Any] = {}
        """What was actually used once loaded: device, dtype, attention, max_length, truncation, batch_size
        (and, once a planned run started, token_budget and padding)."""
        self._worker: BatchWorker[RewardItem, float] = BatchWorker(
            self._score_blocking, max_items=4 * self.spec.batch_size, name=f"reward:{self.model}"
        )
        self._plan: ScorePlan | None = None
        self._hub_offline: bool | None = None
        self._runs_code: bool | None = None
        self._planner: PlanRunner | None = None

    @property
    def borrowed_spec(self) -> dict[str, str] | None:
        """For a local folder named like a hub model: the spec it borrowed and that model's hub id (recorded)."""
        if self.borrowed_from is None:
            return None
        return {"name": self.spec.name, "borrowed_from": self.borrowed_from}

    def check_code(self) -> bool:
        """Refuse (ConfigError) a model whose own code would run without ``trust_remote_code``; warn once if it will.

        Returns what loading passes as ``trust_remote_code``. Reads JSON only: nothing of the model is loaded.
        """
        if self._runs_code is None:
            self._runs_code = check_remote_code(
                self.path,
                trusted=self.spec.trust_remote_code,
                needs_code=self.spec.kind == "custom_code",
                what="reward model",
            )
        return self._runs_code

    # ---- loading (worker thread, or called directly) -------------------------------------------------
    def load(self) -> None:
        """Load tokenizer and model now (blocking); later calls do nothing.

        Raises:
            EndpointError: the model cannot be loaded (refused code, a missing or broken file, a chat template
                that fails): nothing can be scored, so a run stops at once, in one line.
        """
        with self._load_lock:
            if self._model is not None:
                return
            with self._loading():
                self.load_tokenizer()
                self._load_model()

    def open_tokenizer(self) -> Any:
        """:meth:`load_tokenizer`, its failure kept and raised as :meth:`load`'s (a planned run starts here)."""
        with self._load_lock, self._loading():
            return self.load_tokenizer()

    @contextlib.contextmanager
    def _loading(self) -> Iterator[None]:
        if self._load_error is not None:
            raise self._load_error
        try:
            yield
        except EndpointError as exc:
            self._load_error = exc
            raise
        except Exception as exc:
            prefix, text = f"could not load reward model {self.path!r}", first_line(exc)
            self._load_error = EndpointError("unloadable", text if text.startswith(prefix) else f"{prefix}: {text}")
            raise self._load_error from exc

    def load_tokenizer(self, tokenizer: Any = None) -> Any:
        """Load the tokenizer (or take ``tokenizer``) and set ``max_length`` from the spec, without the model.

        A planned run encodes with it while the model loads; training (:mod:`judgebench.train`) encodes its
        pairs through this and :meth:`encode`, so a trained model sees exactly the sequences it will be scored
        on. Called again without ``tokenizer``, it returns the one loaded.
        """
        if tokenizer is None:
            if self._tokenizer is not None:
                return self._tokenizer
            import transformers

            trust = self.check_code()
            offline = self._offline()
            try:
                tokenizer = transformers.AutoTokenizer.from_pretrained(
                    self.path, trust_remote_code=trust, local_files_only=offline
                )
            except Exception as exc:
                if offline:
                    raise self._unavailable() from exc
                raise FatalBackendError(f"could not load reward model {self.path!r}: {first_line(exc)}") from exc
        check_chat_template(tokenizer, self.path)
        limit = self.spec.max_length
        if limit == "tokenizer":
            declared = getattr(tokenizer, "model_max_length", None)
            limit = declared if isinstance(declared, int) and declared < _NO_LIMIT else None
        self.max_length = limit
        self._tokenizer = tokenizer
        return tokenizer

    def _offline(self) -> bool:
        """True when the model is a hub id (``owner/name``, no local folder) and the hub cannot be reached.

        Loading then reads the Hugging Face cache only (``local_files_only``): no hub retries before the error.
        """
        if self._hub_offline is None:
            from pathlib import Path

            from judgebench.hub import hub_unreachable

            hub_id = not self.path.startswith((".", "/", "~")) and self.path.count("/") <= 1
            self._hub_offline = hub_id and not Path(self.path).exists() and hub_unreachable()
        return self._hub_offline

    def _unavailable(self) -> EndpointError:
        from judgebench.hub import hf_endpoint

        return EndpointError(
            "unavailable",
            f"reward model {self.path!r} is neither a local folder nor in the Hugging Face cache, and the hub "
            f"({hf_endpoint()}) cannot be reached (or HF_HUB_OFFLINE is set): pass a local folder as hf/PATH, "
            "or go online (HF_ENDPOINT names a mirror)",
        )

    def _load_model(self) -> None:
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
        kwargs["trust_remote_code"] = self.check_code()  # explicit: transformers never prompts or decides
        auto = transformers.AutoModel if spec.kind == "custom_code" else transformers.AutoModelForSequenceClassification
        if self._offline():
            kwargs["local_files_only"] = True
            try:
                model = auto.from_pretrained(self.path, **kwargs).to(self.device).eval()
            except OSError as exc:
                raise self._unavailable() from exc
        else:
            model = auto.from_pretrained(self.path, **kwargs).to(self.device).eval()
        self._adopt(model, attn)

    def _adopt(self, model: Any, attn: str | None) -> None:
        spec, tokenizer = self.spec, self._tokenizer
        if spec.kind == "custom_code" and not callable(getattr(model, spec.score_method, None)):
            raise ConfigError(f"{self.path}: custom-code reward model has no {spec.score_method}() method")
        if spec.kind == "sequence_classification" and model.config.pad_token_id is None:
            if tokenizer.pad_token_id is not None:
                model.config.pad_token_id = tokenizer.pad_token_id
            elif self.batch_size > 1:
                log.warning("%s: no padding token, scoring one sequence at a time", self.model)
                self.batch_size = 1
        self._model = model
        self.device = self.device or str(next(model.parameters()).device)
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

    @classmethod
    def from_model(cls, model: Any, tokenizer: Any, name: str = "in-memory", **overrides: Any) -> HFRewardBackend:
        """A backend around a model and tokenizer already in memory (on their device), nothing loaded.

        Args:
            model: an ``AutoModelForSequenceClassification``-style model (or a custom-code one with
                ``spec="internlm2-reward"``), in eval mode.
            tokenizer: its tokenizer, with a chat template.
            name: what outputs record as ``judge_model``.
            **overrides: ``spec`` and spec fields, as for the constructor (``dtype`` and attention are the
                model's own).
        """
        backend = cls(name, **overrides)
        backend.load_tokenizer(tokenizer)
        backend._adopt(model, getattr(model.config, "_attn_implementation", None))
        return backend

    # ---- forward passes (any thread, under model_lock) -----------------------------------------------
    def forward_ids(self, rows: Sequence[Sequence[int]], padding: str | None = None) -> list[float]:
        """Logit 0 of each row at its last token, the rows padded into one batch (``padding``, see above)."""
        import torch

        side = padding or self.padding
        pad = self._model.config.pad_token_id
        width = max(len(r) for r in rows)
        ids = torch.full((len(rows), width), pad if pad is not None else 0, dtype=torch.long)
        mask = torch.zeros((len(rows), width), dtype=torch.long)
        for i, r in enumerate(rows):
            span = slice(width - len(r), width) if side == "left" else slice(0, len(r))
            ids[i, span] = torch.tensor(r, dtype=torch.long)
            mask[i, span] = 1
        with self.model_lock, torch.inference_mode():
            masked = side != "right-causal" or len(rows) == 1  # one row: no pads, the mask is all ones
            extra = {"attention_mask": mask.to(self.device)} if masked else {}
            logits = self._model(input_ids=ids.to(self.device), **extra).logits
            return [float(x) for x in logits[:, 0].float().cpu().tolist()]

    def forward_conversations(self, convs: Sequence[list[dict[str, str]]]) -> list[float]:
        """A custom-code model's scores: its batch method for several, its single method for one."""
        import torch

        many = getattr(self._model, self.spec.batch_score_method or "", None)
        one = getattr(self._model, self.spec.score_method)
        with self.model_lock, torch.inference_mode():
            if callable(many) and len(convs) > 1:
                return [float(s) for s in many(self._tokenizer, list(convs))]
            return [float(one(self._tokenizer, c)) for c in convs]

    # ---- requests one by one (worker thread) ---------------------------------------------------------
    def _score_blocking(self, items: list[RewardItem]) -> list[float]:
        self.load()
        import torch

        try:
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
        encoded = [self._encode(item) for item in items]
        order = sorted(range(len(items)), key=lambda i: len(encoded[i]))  # similar lengths share a batch
        scores = [0.0] * len(items)
        for start in range(0, len(order), self.batch_size):
            chunk = order[start : start + self.batch_size]
            for i, s in zip(chunk, self.forward_ids([encoded[i] for i in chunk]), strict=True):
                scores[i] = s
        return scores

    def _score_custom(self, items: list[RewardItem]) -> list[float]:
        convs = [self.conversation(item) for item in items]
        scores: list[float] = []
        for start in range(0, len(convs), self.batch_size):
            scores.extend(self.forward_conversations(convs[start : start + self.batch_size]))
        return scores

    # ---- the RewardBackend protocol ------------------------------------------------------------------
    def plan(self, items: Sequence[RewardItem]) -> None:
        """Every item this run will ask for: start scoring them all now, as a whole, on a thread.

        Later :meth:`score` calls for planned items wait for their planned scores; other items take the
        one-by-one path. A second plan replaces nothing: its items not planned yet go one by one.
        """
        if self._plan is not None or not items:
            return
        self._plan = ScorePlan(items)
        self._planner = PlanRunner(self, items, self._plan)
        self._planner.start()

    async def score(self, items: Sequence[RewardItem]) -> list[float]:
        """Scores of ``items``: planned ones as the plan computes them, others on the worker thread."""
        plan = self._plan
        if plan is not None:
            futures = [plan.get(item) for item in items]
            if all(f is not None for f in futures):
                return [await asyncio.wrap_future(f) for f in futures if f is not None]
        return await self._worker.submit(items)

    async def aclose(self) -> None:
        """Stop the planned run and the worker, and drop the model."""
        if self._planner is not None:
            await self._planner.aclose()
        await self._worker.aclose()
        self._model = self._tokenizer = None


def hf_reward_backend(model: str, **options: Any) -> HFRewardBackend:
    """Factory for ``hf/<model id or path>``; options: ``device``, ``spec``, spec fields, ``trust_remote_code``.

    A model whose own code would run without ``trust_remote_code`` is refused here (ConfigError), before a run
    starts or anything is loaded.
    """
    backend = HFRewardBackend(model, **options)
    backend.check_code()
    return backend
