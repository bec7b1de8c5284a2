"""``hf/`` sequence-classification path on tiny random Llama and Gemma reward models (no download)."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path
from typing import Any

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

from judgebench.backends.hf_reward import HFRewardBackend  # noqa: E402
from judgebench.backends.reward import RewardItem  # noqa: E402
from judgebench.errors import FatalBackendError  # noqa: E402
from judgebench.judges import JudgeContext, JudgeOptions  # noqa: E402
from judgebench.judges.reward_model import RewardModelJudge, reward_model_judge  # noqa: E402
from tests.reward.tiny import words  # noqa: E402

QUESTION = words(6, 100)
ITEMS = [RewardItem(QUESTION, words(n, 7 * n)) for n in (1, 4, 9, 17, 30, 2, 55)]


def manual_score(folder: Path, question: str, response: str, add_special_tokens: bool = False) -> float:
    """What the model says about the chat-templated conversation, computed here without the backend."""
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(folder)
    model = AutoModelForSequenceClassification.from_pretrained(folder, dtype=torch.float32).eval()
    conv = [{"role": "user", "content": question}, {"role": "assistant", "content": response}]
    text = tok.apply_chat_template(conv, tokenize=False)
    assert text.startswith("<bos><|user|> ") and text.endswith("<|end|> ")
    enc = tok(text, add_special_tokens=add_special_tokens, return_tensors="pt")
    with torch.no_grad():
        return float(model(**enc).logits[0, 0])


def run(backend: HFRewardBackend, items: list[RewardItem]) -> list[float]:
    async def go() -> list[float]:
        try:
            return await backend.score(items)
        finally:
            await backend.aclose()

    return asyncio.run(go())


def count_forwards(backend: HFRewardBackend) -> dict[str, Any]:
    backend.load()
    seen: dict[str, Any] = {"calls": 0, "rows": [], "threads": set()}

    def hook(module: Any, args: Any, kwargs: Any, output: Any) -> None:
        seen["calls"] += 1
        seen["rows"].append(kwargs["input_ids"].shape[0])
        seen["threads"].add(threading.current_thread().name)

    backend._model.register_forward_hook(hook, with_kwargs=True)
    return seen


@pytest.mark.parametrize("arch", ["llama", "gemma"])
def test_scores_are_the_models_logit_on_the_chat_template(arch: str, llama_rm: Path, gemma_rm: Path) -> None:
    folder = llama_rm if arch == "llama" else gemma_rm
    backend = HFRewardBackend(str(folder), dtype="float32")
    scores = run(backend, ITEMS[:3])
    assert backend.model == str(folder) and backend.spec.name == "generic"
    assert backend.settings["device"] == "cpu"  # cuda → mps → cpu: this machine has neither
    for item, s in zip(ITEMS[:3], scores, strict=True):
        assert s == pytest.approx(manual_score(folder, item.question, item.response), abs=1e-5)
    assert len(set(scores)) == 3  # a random model still tells responses apart


def test_batched_equals_one_by_one(llama_rm: Path) -> None:
    one = HFRewardBackend(str(llama_rm), batch_size=1)
    seen_one = count_forwards(one)
    singles = run(one, ITEMS)
    batched = HFRewardBackend(str(llama_rm), batch_size=4)
    seen = count_forwards(batched)
    together = run(batched, ITEMS)
    assert together == pytest.approx(singles, abs=1e-5)
    assert seen_one["calls"] == len(ITEMS)
    assert seen["calls"] == 2 and sorted(seen["rows"]) == [3, 4]  # 7 responses in batches of 4


def test_concurrent_requests_share_batches_off_the_event_loop(llama_rm: Path) -> None:
    backend = HFRewardBackend(str(llama_rm), batch_size=8)
    seen = count_forwards(backend)
    slow = backend._model.forward

    def slow_forward(*args: Any, **kwargs: Any) -> Any:
        time.sleep(0.15)  # a forward pass long enough to notice a blocked loop
        return slow(*args, **kwargs)

    backend._model.forward = slow_forward
    judge = RewardModelJudge(backend)
    ticks = 0

    async def ticker(stop: asyncio.Event) -> None:
        nonlocal ticks
        while not stop.is_set():
            ticks += 1
            await asyncio.sleep(0.01)

    async def go() -> list[list[float]]:
        stop = asyncio.Event()
        tick = asyncio.create_task(ticker(stop))
        pairs = [(ITEMS[i].response, ITEMS[i + 1].response) for i in range(6)]
        out = await asyncio.gather(
            *(judge.score(QUESTION, list(p), JudgeContext(f"p{i}", 0)) for i, p in enumerate(pairs))
        )
        stop.set()
        await tick
        await judge.aclose()
        return out

    results = asyncio.run(go())
    assert ticks >= 10  # the loop kept running while the model worked
    assert threading.current_thread().name not in seen["threads"] and len(seen["threads"]) == 1
    assert seen["calls"] < 6  # six concurrent pairs, fewer forward passes: they were gathered
    assert sum(seen["rows"]) == 12
    for i, (a, b) in enumerate(results):
        assert a == pytest.approx(manual_score(llama_rm, QUESTION, ITEMS[i].response), abs=1e-5)
        assert b == pytest.approx(manual_score(llama_rm, QUESTION, ITEMS[i + 1].response), abs=1e-5)


def test_truncation_strategies_on_long_inputs(llama_rm: Path) -> None:
    long = RewardItem(QUESTION, words(400, 3))
    full = HFRewardBackend(str(llama_rm), max_length=None)
    full.load()
    full_ids = full._encode(long)
    assert len(full_ids) > 400

    right = HFRewardBackend(str(llama_rm), max_length=64, truncation="right")
    right.load()
    assert right._encode(long) == full_ids[:64]
    left = HFRewardBackend(str(llama_rm), max_length=64, truncation="left")
    left.load()
    assert left._encode(long) == full_ids[-64:]

    resp = HFRewardBackend(str(llama_rm), max_length=64)  # generic spec: shorten the response
    resp.load()
    ids = resp._encode(long)
    tok = resp._tokenizer
    assert len(ids) == 64 and tok.convert_ids_to_tokens(ids[-1]) == "<|end|>"  # the template stays whole
    kept = tok.decode(ids).split("<|assistant|>")[1].split("<|end|>")[0].split()
    assert kept == long.response.split()[: len(kept)] and len(kept) < 400
    short = run(resp, [long])[0]
    assert short == pytest.approx(manual_score(llama_rm, QUESTION, " ".join(kept)), abs=1e-5)
    assert run(full, [long])[0] != pytest.approx(short, abs=1e-4)

    tight = HFRewardBackend(str(llama_rm), max_length=5)
    with pytest.raises(FatalBackendError, match="question and chat template alone"):
        run(tight, [long])


def test_named_spec_settings_and_upstreams_double_bos(llama_rm: Path, tmp_path: Path) -> None:
    grm = HFRewardBackend(str(llama_rm), spec="grm")
    grm.load()
    assert grm.settings["dtype"] == "float32"  # GRM's float16 runs as float32 on CPU
    assert grm.max_length == 4096 and grm.spec.truncation == "right"
    item = ITEMS[1]
    ids = grm._encode(item)
    assert ids[:2] == [2, 2]  # upstream tokenized the rendered template again: a second <bos>
    assert run(grm, [item])[0] == pytest.approx(manual_score(llama_rm, QUESTION, item.response, True), abs=1e-5)
    generic = HFRewardBackend(str(llama_rm))
    generic.load()
    assert generic._encode(item)[:2] == [2, 4]  # auto: the template's <bos> only
    bf16 = HFRewardBackend(str(llama_rm), dtype="bfloat16")
    bf16.load()
    assert bf16.settings["dtype"] == "bfloat16"
    sky = HFRewardBackend(str(llama_rm), spec="skywork-reward")
    sky.load()
    assert sky.settings["attn_implementation"] == "sdpa"  # flash_attention_2 needs CUDA and flash-attn
    sky_gemma = HFRewardBackend(str(llama_rm), spec="skywork-reward-gemma")
    sky_gemma.load()
    assert sky_gemma.settings["attn_implementation"] == "eager"  # Gemma-2's soft-capping: not SDPA


def test_load_failure_stops_the_run_never_a_tie(tmp_path: Path) -> None:
    """Nothing can be scored: one EndpointError (the runner stops the run), not a failed judgment per pair."""
    from judgebench.errors import EndpointError

    judge = reward_model_judge(JudgeOptions(model=f"hf/{tmp_path / 'missing'}"))
    with pytest.raises(EndpointError, match="could not load reward model") as raised:
        asyncio.run(judge.judge("q", "a", "b", JudgeContext("p", 0)))
    assert "\n" not in str(raised.value)
    asyncio.run(judge.aclose())


def test_a_hub_model_offline_stops_the_run_at_once_without_hub_retries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not a local folder, not cached, hub unreachable: one EndpointError (the runner stops), no retry noise."""
    from judgebench.errors import EndpointError

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))  # an empty hub cache
    monkeypatch.chdir(tmp_path)
    backend = HFRewardBackend("no-such-owner/no-such-reward-model")
    with pytest.raises(EndpointError, match="neither a local folder nor in the Hugging Face cache"):
        backend.load()
    judge = reward_model_judge(JudgeOptions(model="hf/no-such-owner/no-such-reward-model"))
    with pytest.raises(EndpointError):
        asyncio.run(judge.judge("q", "a", "b", JudgeContext("p", 0)))
    asyncio.run(judge.aclose())
