"""The reward seam without a model: the batching worker, the judge's failure rules, the named specs."""

from __future__ import annotations

import asyncio
import math
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from judgebench.backends.hf_reward_specs import GENERIC, SPECS, resolve_spec
from judgebench.backends.reward import REWARD_BACKENDS, BatchWorker, RewardBackend, RewardItem
from judgebench.errors import ConfigError, FatalBackendError
from judgebench.judges import JudgeContext
from judgebench.judges.reward_model import RewardModelJudge


def test_worker_gathers_waiting_requests_and_isolates_a_failing_one() -> None:
    calls: list[list[str]] = []
    gate = threading.Event()

    def fn(items: list[str]) -> list[int]:
        gate.wait(5)
        calls.append(list(items))
        if "bad" in items:
            raise ValueError("cannot score 'bad'")
        return [len(x) for x in items]

    worker: BatchWorker[str, int] = BatchWorker(fn, max_items=100)

    async def go() -> list[object]:
        first = asyncio.create_task(worker.submit(["a"]))
        await asyncio.sleep(0.05)  # the worker is busy with the first request (held at the gate)
        rest = [asyncio.create_task(worker.submit(x)) for x in (["bb", "ccc"], ["bad"], ["dddd"])]
        await asyncio.sleep(0.05)
        gate.set()
        out = await asyncio.gather(first, *rest, return_exceptions=True)
        await worker.aclose()
        return list(out)

    out = asyncio.run(go())
    assert out[0] == [1] and out[1] == [2, 3] and out[3] == [4]
    assert isinstance(out[2], ValueError) and "bad" in str(out[2])
    # the three waiting requests went in one call; when it failed, each was retried alone
    assert calls == [["a"], ["bb", "ccc", "bad", "dddd"], ["bb", "ccc"], ["bad"], ["dddd"]]
    assert worker.calls == 5


def test_worker_runs_off_the_loop_and_rejects_after_close() -> None:
    names: list[str] = []

    def fn(items: list[int]) -> list[int]:
        names.append(threading.current_thread().name)
        time.sleep(0.2)
        return items

    worker: BatchWorker[int, int] = BatchWorker(fn, name="rm-test")

    async def go() -> int:
        ticks = 0
        task = asyncio.create_task(worker.submit([1, 2]))
        while not task.done():
            ticks += 1
            await asyncio.sleep(0.01)
        assert await task == [1, 2]
        assert await worker.submit([]) == []
        await worker.aclose()
        with pytest.raises(RuntimeError, match="closed"):
            await worker.submit([3])
        return ticks

    assert asyncio.run(go()) >= 10
    assert names == ["rm-test"]


class FixedBackend:
    """A reward backend returning given scores."""

    model = "fixed"

    def __init__(self, scores: list[float]) -> None:
        self.scores = scores
        self.seen: list[RewardItem] = []

    async def score(self, items: Sequence[RewardItem]) -> list[float]:
        self.seen.extend(items)
        return self.scores

    async def aclose(self) -> None:
        pass


def test_judge_passes_positions_and_rejects_non_finite_or_missing_scores() -> None:
    backend = FixedBackend([0.5, 2.0])
    assert isinstance(backend, RewardBackend)
    judge = RewardModelJudge(backend)
    assert asyncio.run(judge.score("q", ["ra", "rb"], JudgeContext("p", 0))) == [0.5, 2.0]
    assert [(i.response, i.pair_id, i.position) for i in backend.seen] == [("ra", "p", "A"), ("rb", "p", "B")]
    backend.seen.clear()
    v = asyncio.run(judge.judge("q", "rb", "ra", JudgeContext("p", 1)))  # order 1 shows the stored B first
    assert [(i.response, i.position) for i in backend.seen] == [("ra", "A"), ("rb", "B")]
    assert v.decision == "A>B" and v.judgment["scores"] == [2.0, 0.5]
    v0 = asyncio.run(judge.judge("q", "ra", "rb", JudgeContext("p", 0)))  # the other order: scores reused
    assert len(backend.seen) == 2 and v0.decision == "B>A" and v0.judgment["scores"] == [0.5, 2.0]
    asyncio.run(judge.judge("q", "ra", "rb", JudgeContext("p", 0)))  # used twice, then dropped: scored again
    assert len(backend.seen) == 4
    for bad in ([math.nan, 1.0], [1.0, math.inf], [1.0]):
        judge = RewardModelJudge(FixedBackend(bad))
        with pytest.raises(FatalBackendError):
            asyncio.run(judge.score("q", ["a", "b"], JudgeContext("p", 0)))
        v = asyncio.run(judge.judge("q", "a", "b", JudgeContext("p", 0)))
        assert v.decision is None and v.error  # a failure with its reason, never a tie


def test_equal_scores_are_a_tie_in_both_orders() -> None:
    judge = RewardModelJudge(FixedBackend([1.0, 1.0]))
    assert [v.decision for v in judge.verdicts(3.25, 3.25)] == ["A=B", "A=B"]
    assert [v.decision for v in judge.verdicts(1.0, 2.0)] == ["B>A", "A>B"]
    assert [v.judgment["scores"] for v in judge.verdicts(1.0, 2.0)] == [[1.0, 2.0], [2.0, 1.0]]
    assert len(judge.verdicts(1.0, 2.0, orders=1)) == 1


def test_named_specs_match_upstream(tmp_path: Path) -> None:
    _, spec, _ = resolve_spec("Skywork/Skywork-Reward-Llama-3.1-8B")
    assert (spec.dtype, spec.attn_implementation, spec.max_length) == ("bfloat16", "flash_attention_2", None)
    name, gemma, _ = resolve_spec("skywork/skywork-reward-gemma-2-27b")
    assert name == "Skywork/Skywork-Reward-Gemma-2-27B" and gemma.attn_implementation == "flash_attention_2"
    assert (gemma.dtype, gemma.attn_fallback, spec.attn_fallback) == ("bfloat16", "eager", "sdpa")
    grm = SPECS["Ray2333/GRM-Gemma-2B-rewardmodel-ft"]
    assert (grm.dtype, grm.max_length, grm.truncation, grm.add_special_tokens) == (
        "float16",
        "tokenizer",
        "right",
        True,
    )
    for size in ("7b", "20b"):
        s = SPECS[f"internlm/internlm2-{size}-reward"]
        # custom code, but no spec grants running it: the user opts in (--trust-remote-code)
        assert (s.kind, s.dtype, s.trust_remote_code, s.score_method) == ("custom_code", "float16", False, "get_score")
    assert not any(s.trust_remote_code for s in SPECS.values())
    assert resolve_spec("someone/my-rm") == ("someone/my-rm", GENERIC, None)
    # a hub id that merely ends like a known model is not that model; a local folder named like one borrows its
    # spec, but is recorded as itself, the hub id it borrowed from beside it
    assert resolve_spec("someone/Skywork-Reward-Llama-3.1-8B")[1] is GENERIC
    folder = tmp_path / "Skywork-Reward-Llama-3.1-8B"
    folder.mkdir()
    assert resolve_spec(str(folder)) == (str(folder), spec, "Skywork/Skywork-Reward-Llama-3.1-8B")
    assert resolve_spec("someone/my-rm", "grm") == ("someone/my-rm", grm, None)


def test_spec_overrides_are_validated() -> None:
    assert GENERIC.with_overrides({"batch_size": 3, "dtype": "bfloat16"}).batch_size == 3
    with pytest.raises(ConfigError, match="unknown reward model option"):
        GENERIC.with_overrides({"batchsize": 3})
    with pytest.raises(ConfigError, match="dtype"):
        GENERIC.with_overrides({"dtype": "fp8"})
    with pytest.raises(ConfigError, match="truncation"):
        GENERIC.with_overrides({"truncation": "middle"})
    with pytest.raises(ConfigError, match="max_length"):
        GENERIC.with_overrides({"max_length": 0})
    with pytest.raises(ConfigError, match="unknown reward model spec"):
        resolve_spec("x/y", "nope")
    assert {"hf", "replay"} <= set(REWARD_BACKENDS.names())
