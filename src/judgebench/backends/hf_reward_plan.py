"""A planned ``hf/`` run on its thread: encode while the model loads, self-check, size the budget, score.

:class:`PlanRunner` drives :class:`~judgebench.backends.hf_reward.HFRewardBackend` through one planned run:

1. the tokenizer loads, then the model loads on a second thread while every distinct (question, response)
   is rendered with the chat template and tokenized (truncated as the spec says);
2. inputs equal token for token (or conversation for conversation, for custom-code models) become one
   :class:`~judgebench.backends.reward_plan.Unit`, so each is scored once;
3. the self-check: the two shortest inputs of different lengths are scored alone and together (padded),
   trying right padding without an attention mask (exact for a causal model: its real tokens never see
   the pads after them, and the fast causal kernels run), then with one, then left padding; the first
   that gives the unbatched scores is used, and if none does every request fails with the figures (a model
   whose pooling index ignores the padding would otherwise score every padded row wrong, silently);
4. the token budget: the spec's ``token_budget``, else sized from free CUDA memory, else 8,192; the units
   are scored by :func:`~judgebench.backends.reward_plan.score_units` (halving it on out-of-memory).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Hashable, Sequence
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

from judgebench.backends.reward import RewardItem
from judgebench.backends.reward_plan import ScorePlan, Unit, group_units, score_units
from judgebench.errors import FatalBackendError, JudgeBenchError

if TYPE_CHECKING:
    from judgebench.backends.hf_reward import HFRewardBackend

log = logging.getLogger(__name__)
CPU_BUDGET = 8192
MAX_AUTO_BUDGET = 65536
MIN_AUTO_BUDGET = 512
#: what the self-check tries, fastest first (see HFRewardBackend.padding)
PADDINGS = ("right-causal", "right", "left")


def self_check_tolerance(dtype: str, score: float) -> float:
    """How far a padded row's score may be from the unbatched one (kernels differ; pooling errors don't)."""
    if dtype in ("float16", "bfloat16"):
        return 0.05 + 0.02 * abs(score)
    return 1e-3 + 1e-4 * abs(score)


def budget_from_free_memory(free_bytes: int, config: Any, dtype_bytes: int, longest: int) -> int:
    """Padded tokens per batch that half of ``free_bytes`` holds, for a transformer's activations.

    Per token: the residual stream and attention projections (about 8 × hidden), the MLP's gate, up and
    activation (3 × intermediate), and the attention scores' row if the kernel materialises it
    (2 × heads × the longest input); all in the model's dtype. Clipped to 512..65,536.
    """
    hidden = int(getattr(config, "hidden_size", 4096) or 4096)
    inter = int(getattr(config, "intermediate_size", 4 * hidden) or 4 * hidden)
    heads = int(getattr(config, "num_attention_heads", 32) or 32)
    per_token = dtype_bytes * (8 * hidden + 3 * inter + 2 * heads * max(1, longest))
    return max(MIN_AUTO_BUDGET, min(MAX_AUTO_BUDGET, int(0.5 * free_bytes / per_token)))


class PlanRunner:
    """Scores a :class:`~judgebench.backends.reward_plan.ScorePlan` with one backend, on its own thread."""

    def __init__(self, backend: HFRewardBackend, items: Sequence[RewardItem], plan: ScorePlan) -> None:
        self.backend = backend
        self.items = list({(i.question, i.response): i for i in items}.values())
        self.plan = plan
        self.stop = threading.Event()
        self.units: list[Unit] = []
        """The distinct inputs (after encoding)."""
        self.budget = 0
        """The token budget the run started with."""
        self._thread = threading.Thread(target=self._run, name=f"reward-plan:{backend.model}", daemon=True)

    def start(self) -> None:
        """Start the run's thread."""
        self._thread.start()

    async def aclose(self) -> None:
        """Skip the batches not started, wait for the running one, cancel what is left."""
        self.stop.set()
        if self._thread.is_alive():
            await asyncio.to_thread(self._thread.join)
        self.plan.cancel()

    def _run(self) -> None:
        try:
            self._score()
        except JudgeBenchError as exc:
            self.plan.fail_all(exc)
        except Exception as exc:  # a bug here must still reach every waiting pair, with its reason
            self.plan.fail_all(FatalBackendError(f"planned reward scoring failed: {type(exc).__name__}: {exc}"))

    def _score(self) -> None:
        backend = self.backend
        loader = threading.Thread(target=self._load, name="reward-load", daemon=True)
        backend.open_tokenizer()  # a tokenizer or chat template that fails stops the run (EndpointError)
        loader.start()
        custom = backend.spec.kind == "custom_code"
        entries = self._encode_custom() if custom else self._encode_classifier()
        self.units = group_units(entries)
        loader.join()
        backend.load()  # raises the load error, if any
        if not self.units or self.stop.is_set():
            return
        if not custom and backend.batch_size > 1:
            self._self_check()
        self.budget = 1 if backend.batch_size == 1 else self._budget()  # batch_size 1: one sequence per pass
        backend.settings.update(token_budget=self.budget, padding=backend.padding)
        import torch

        def forward(batch: list[Unit]) -> list[float]:
            if custom:
                return backend.forward_conversations([u.payload for u in batch])
            return backend.forward_ids([u.payload for u in batch])

        def free_cached() -> None:
            if backend.device.startswith("cuda"):
                torch.cuda.empty_cache()

        end = score_units(
            self.units, self.budget, forward, oom=(torch.cuda.OutOfMemoryError,), stop=self.stop, on_oom=free_cached
        )
        if end != self.budget:
            backend.settings["token_budget_after_oom"] = end
        log.info(
            "planned %d responses as %d distinct inputs, token budget %d%s",
            len(self.plan.futures),
            len(self.units),
            self.budget,
            f" (halved to {end} on out-of-memory)" if end != self.budget else "",
        )

    def _load(self) -> None:
        with contextlib.suppress(JudgeBenchError):  # kept by the backend; load() raises it again on the plan's thread
            self.backend.load()

    def _future(self, item: RewardItem) -> Future[float]:
        fut = self.plan.get(item)
        assert fut is not None  # every item came from the plan
        return fut

    def _encode_classifier(self) -> list[tuple[Hashable, int, Any, Future[float]]]:
        entries: list[tuple[Hashable, int, Any, Future[float]]] = []
        for item, ids in zip(self.items, self.backend.encode_many(self.items), strict=True):
            if isinstance(ids, JudgeBenchError):
                self._future(item).set_exception(ids)
                continue
            entries.append((tuple(ids), len(ids), ids, self._future(item)))
        return entries

    def _encode_custom(self) -> list[tuple[Hashable, int, Any, Future[float]]]:
        entries: list[tuple[Hashable, int, Any, Future[float]]] = []
        for item in self.items:
            try:
                conv = self.backend.conversation(item)
                length = self.backend._length(item, conv[1]["content"])
            except JudgeBenchError as exc:
                self._future(item).set_exception(exc)
                continue
            key = (conv[0]["content"], conv[1]["content"])
            entries.append((key, length, conv, self._future(item)))
        return entries

    def _self_check(self) -> None:
        """Two inputs of different lengths, padded together, must score as they do alone."""
        backend = self.backend
        by_length: dict[int, Unit] = {}
        for unit in sorted(self.units, key=lambda u: u.length):
            by_length.setdefault(unit.length, unit)
            if len(by_length) == 2:
                break
        if len(by_length) < 2:
            return  # every input has the same length: no batch is ever padded
        rows = [u.payload for u in by_length.values()]
        alone = [backend.forward_ids([r])[0] for r in rows]
        dtype = str(backend.settings.get("dtype", "float32"))
        tried: list[str] = []
        for padding in PADDINGS:
            together = backend.forward_ids(rows, padding=padding)
            if all(abs(a - b) <= self_check_tolerance(dtype, a) for a, b in zip(alone, together, strict=True)):
                if padding == "left":
                    log.warning("%s: padded scores match the unbatched ones only with left padding", backend.model)
                backend.padding = padding
                return
            tried.append(f"{padding} padding {[round(x, 4) for x in together]}")
        raise FatalBackendError(
            f"self-check failed: scores of two inputs ({len(rows[0])} and {len(rows[1])} tokens) batched together "
            f"differ from their unbatched scores {[round(x, 4) for x in alone]}: {'; '.join(tried)} "
            "(padding side or pooling index wrong for this model; batch_size=1 scores one input at a time)"
        )

    def _budget(self) -> int:
        backend = self.backend
        if backend.spec.token_budget is not None:
            return backend.spec.token_budget
        if not backend.device.startswith("cuda"):
            return CPU_BUDGET
        import torch

        free, _total = torch.cuda.mem_get_info(torch.device(backend.device))
        dtype_bytes = next(backend._model.parameters()).element_size()
        longest = max(u.length for u in self.units)
        return budget_from_free_memory(free, backend._model.config, dtype_bytes, longest)
