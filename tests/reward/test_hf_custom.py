"""``hf/`` custom-code path: a tiny InternLM2-style remote-code reward model with ``get_score``."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

from judgebench.backends.hf_reward import HFRewardBackend  # noqa: E402
from judgebench.backends.reward import RewardItem  # noqa: E402
from judgebench.errors import ConfigError  # noqa: E402
from judgebench.judges import JudgeContext, JudgeOptions  # noqa: E402
from judgebench.judges.reward_model import reward_model_judge  # noqa: E402
from tests.reward.tiny import words  # noqa: E402

QUESTION = words(5, 60)
ITEMS = [RewardItem(QUESTION, words(n, 11 * n)) for n in (2, 13, 5, 40, 1)]


def direct(folder: Path) -> tuple[Any, Any]:
    from transformers import AutoModel, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(folder, trust_remote_code=True)
    model = AutoModel.from_pretrained(folder, trust_remote_code=True, dtype=torch.float32).eval()
    return tok, model


def conv(question: str, response: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": question}, {"role": "assistant", "content": response}]


def run(backend: HFRewardBackend, items: list[RewardItem]) -> list[float]:
    async def go() -> list[float]:
        try:
            return await backend.score(items)
        finally:
            await backend.aclose()

    return asyncio.run(go())


def spy(backend: HFRewardBackend) -> dict[str, int]:
    backend.load()
    calls = {"get_score": 0, "get_scores": 0}
    for name in calls:
        method = getattr(backend._model, name)

        def wrapped(*args: Any, _m: Any = method, _n: str = name) -> Any:
            calls[_n] += 1
            return _m(*args)

        setattr(backend._model, name, wrapped)
    return calls


def test_scored_through_the_models_own_get_score(custom_rm: Path) -> None:
    backend = HFRewardBackend(str(custom_rm), batch_size=1, trust_remote_code=True)
    calls = spy(backend)
    assert type(backend._model).__name__ == "TinyInternLM2ForRewardModel"  # the checkpoint's own class
    scores = run(backend, ITEMS)
    # the folder is named like the hub model: it borrows InternLM2-Reward's spec, but is recorded as itself
    assert backend.model == str(custom_rm) and backend.spec.kind == "custom_code"
    assert backend.borrowed_spec == {"name": "internlm2-reward", "borrowed_from": "internlm/internlm2-7b-reward"}
    assert calls == {"get_score": len(ITEMS), "get_scores": 0}
    tok, model = direct(custom_rm)
    expected = [model.get_score(tok, conv(i.question, i.response)) for i in ITEMS]
    assert scores == pytest.approx(expected, abs=1e-6)
    assert len(set(scores)) == len(ITEMS)


def test_batched_get_scores_equals_one_by_one(custom_rm: Path) -> None:
    singles = run(HFRewardBackend(str(custom_rm), batch_size=1, trust_remote_code=True), ITEMS)
    backend = HFRewardBackend(str(custom_rm), batch_size=4, trust_remote_code=True)
    calls = spy(backend)
    batched = run(backend, ITEMS)
    assert calls == {"get_score": 1, "get_scores": 1}  # 5 responses: a batch of 4, then one alone
    assert batched == pytest.approx(singles, abs=1e-5)


def test_truncation_shortens_the_response(custom_rm: Path) -> None:
    long = RewardItem(QUESTION, words(300, 1))
    backend = HFRewardBackend(str(custom_rm), max_length=48, trust_remote_code=True)
    backend.load()
    kept = backend._shorten_response(long, 48)
    assert long.response.startswith(kept) and 0 < len(kept.split()) < 300
    tok, model = direct(custom_rm)
    n_tokens = len(tok.encode(tok.apply_chat_template(conv(QUESTION, kept), tokenize=False), add_special_tokens=False))
    assert n_tokens + 1 == 48  # plus the reward token: exactly the limit, nothing more cut than needed
    score = run(backend, [long])[0]
    assert score == pytest.approx(model.get_score(tok, conv(QUESTION, kept)), abs=1e-6)
    assert score != pytest.approx(model.get_score(tok, conv(QUESTION, long.response)), abs=1e-4)


def test_custom_code_only_truncates_the_response(custom_rm: Path) -> None:
    with pytest.raises(ConfigError, match="can only truncate the response"):
        HFRewardBackend(str(custom_rm), truncation="right")


def test_reward_model_judge_over_hf(custom_rm: Path) -> None:
    judge = reward_model_judge(
        JudgeOptions(model=f"hf/{custom_rm}", extra={"batch_size": 2, "trust_remote_code": True})
    )
    a, b = ITEMS[0].response, ITEMS[1].response

    async def go() -> Any:
        scores = await judge.score(QUESTION, [a, b], JudgeContext("p1", 0))
        swapped = await judge.judge(QUESTION, b, a, JudgeContext("p1", 1))
        await judge.aclose()
        return scores, swapped

    (sa, sb), swapped = asyncio.run(go())
    v0, v1 = judge.verdicts(sa, sb)  # type: ignore[attr-defined]
    assert v0.judgment == {
        "judge_model": str(custom_rm),
        "prompt": "",
        "response": "",
        "scores": [sa, sb],
        "reward_spec": {"name": "internlm2-reward", "borrowed_from": "internlm/internlm2-7b-reward"},
    }
    assert v1.judgment["scores"] == [sb, sa]
    assert {v0.decision, v1.decision} == {"A>B", "B>A"}
    assert swapped.decision == v1.decision and swapped.judgment["scores"] == pytest.approx([sb, sa], abs=1e-6)
