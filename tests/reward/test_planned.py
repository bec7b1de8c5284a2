"""``hf/`` planned runs: the runner hands the whole run to the backend (dedupe, length sort, token budget,
out-of-memory halving, the padding self-check), on a tiny random Llama reward model (no download)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

from judgebench.backends.hf_reward import HFRewardBackend  # noqa: E402
from judgebench.backends.hf_reward_plan import budget_from_free_memory  # noqa: E402
from judgebench.backends.reward_plan import Unit, pack  # noqa: E402
from judgebench.judges.reward_model import RewardModelJudge  # noqa: E402
from judgebench.records import Pair  # noqa: E402
from judgebench.runner import RunSpec, run_judge  # noqa: E402
from tests.reward.tiny import words  # noqa: E402

Q1, Q2 = words(6, 100), words(9, 20)
SHARED = words(12, 3)


def pair(i: int, question: str, a: str, b: str) -> Pair:
    return Pair(f"p{i}", i, "mmlu-pro-math", question, "m", a, b, "A>B")


# 7 pairs, 14 responses, 9 distinct inputs (4 under Q1, 5 under Q2): SHARED appears in three pairs under Q1
# (and once under Q2, a different input), p4 holds the same response twice, p6 repeats p0 exactly
PAIRS = [
    pair(0, Q1, SHARED, words(3, 40)),
    pair(1, Q1, words(30, 7), SHARED),
    pair(2, Q1, SHARED, words(55, 9)),
    pair(3, Q2, SHARED, words(17, 60)),
    pair(4, Q2, words(5, 80), words(5, 80)),
    pair(5, Q2, words(1, 90), words(90, 11)),
    pair(6, Q1, SHARED, words(3, 40)),
]
DISTINCT = 9


@pytest.fixture(scope="module")
def expected(llama_rm: Path) -> dict[tuple[str, str], float]:
    """Each response's unbatched score (one model load, no backend), keyed by (question, response)."""
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(llama_rm)
    model = AutoModelForSequenceClassification.from_pretrained(llama_rm, dtype=torch.float32).eval()
    out = {}
    for p in PAIRS:
        for r in (p.response_A, p.response_B):
            conv = [{"role": "user", "content": p.question}, {"role": "assistant", "content": r}]
            enc = tok(tok.apply_chat_template(conv, tokenize=False), add_special_tokens=False, return_tensors="pt")
            with torch.no_grad():
                out[(p.question, r)] = float(model(**enc).logits[0, 0])
    return out


def record_forwards(backend: HFRewardBackend) -> list[tuple[int, int]]:
    """(rows, width) of every forward pass the loaded model makes."""
    seen: list[tuple[int, int]] = []
    backend._model.register_forward_pre_hook(
        lambda module, args, kwargs: seen.append(tuple(kwargs["input_ids"].shape)), with_kwargs=True
    )
    return seen


def run(backend: HFRewardBackend, out: Path, pairs: list[Pair] = PAIRS) -> Any:
    spec = RunSpec(judge="reward_model", model="hf/tiny", pairs=pairs, out=out, bootstrap=0, progress=False)
    return asyncio.run(run_judge(spec, make_judge=lambda options: RewardModelJudge(backend)))


def records(out: Path) -> dict[str, dict[str, Any]]:
    return {r["pair_id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}


def test_runner_plans_the_run_each_input_once_sorted_and_packed(
    llama_rm: Path, tmp_path: Path, expected: dict[tuple[str, str], float]
) -> None:
    backend = HFRewardBackend(str(llama_rm), token_budget=200)
    backend.load()
    seen = record_forwards(backend)
    summary = run(backend, tmp_path / "out.jsonl")
    assert summary.judged == 7 and summary.failed_judgments == 0
    self_check = 2 + 1  # two inputs alone, then together
    planned = seen[self_check:]
    assert sum(rows for rows, _ in planned) == DISTINCT  # 14 responses, 9 distinct inputs, each scored once
    assert all(rows * width <= 200 or rows == 1 for rows, width in planned)
    widths = [w for _, w in planned]
    assert widths == sorted(widths, reverse=True) and len(planned) < DISTINCT  # longest first, several per pass
    assert backend.settings["token_budget"] == 200 and backend.settings["padding"] == "right-causal"
    got = records(tmp_path / "out.jsonl")
    for p in PAIRS:
        a, b = (expected[(p.question, r)] for r in (p.response_A, p.response_B))
        first, second = (j["judgment"]["scores"] for j in got[p.pair_id]["judgments"])
        assert first == pytest.approx([a, b], abs=1e-4) and second == pytest.approx([b, a], abs=1e-4)
    assert [j["decision"] for j in got["p4"]["judgments"]] == ["A=B", "A=B"]  # the same input: the same score
    assert [j["judgment"]["scores"] for j in got["p0"]["judgments"]] == [
        j["judgment"]["scores"] for j in got["p6"]["judgments"]
    ]
    # resume: nothing left, the model is not asked again
    before = len(seen)
    assert run(backend, tmp_path / "out.jsonl").judged == 0 and len(seen) == before


def test_out_of_memory_halves_the_budget_and_fails_only_what_never_fits(
    llama_rm: Path, tmp_path: Path, expected: dict[tuple[str, str], float]
) -> None:
    backend = HFRewardBackend(str(llama_rm), token_budget=4096)
    backend.load()
    limit = 150  # the "device" holds 150 padded tokens: anything bigger raises CUDA's out-of-memory error
    seen: list[tuple[int, int]] = []

    def probe(module: Any, args: Any, kwargs: Any) -> None:
        shape = tuple(kwargs["input_ids"].shape)
        seen.append(shape)
        if shape[0] * shape[1] > limit:
            raise torch.cuda.OutOfMemoryError(f"CUDA out of memory: {shape[0]}x{shape[1]} tokens")

    backend._model.register_forward_pre_hook(probe, with_kwargs=True)
    huge = pair(7, Q2, words(200, 5), words(2, 30))  # ~215 tokens alone: never fits
    summary = run(backend, tmp_path / "out.jsonl", [*PAIRS, huge])
    assert backend.settings["token_budget"] == 4096 and backend.settings["token_budget_after_oom"] < limit
    ok = [s for s in seen if s[0] * s[1] <= limit]
    assert sum(rows for rows, _ in ok) - 2 - 2 == DISTINCT + 1  # minus the self-check's rows; each input once
    got = records(tmp_path / "out.jsonl")
    assert summary.failed_judgments == 2  # the pair holding the input that never fits, in both orders
    for j in got["p7"]["judgments"]:
        assert j["decision"] is None and "out of memory scoring one" in j["error"]
    for p in PAIRS:
        a, b = (expected[(p.question, r)] for r in (p.response_A, p.response_B))
        assert got[p.pair_id]["judgments"][0]["judgment"]["scores"] == pytest.approx([a, b], abs=1e-4)


def last_position_pooling(backend: HFRewardBackend, use_mask: bool = True) -> None:
    """Make the loaded model pool at the sequence's last position whatever the padding (a real bug class)."""
    model = backend._model

    def forward(input_ids: Any, attention_mask: Any = None, **kw: Any) -> Any:
        hidden = model.model(input_ids=input_ids, attention_mask=attention_mask if use_mask else None)[0]
        return type("Out", (), {"logits": model.score(hidden)[:, -1]})()

    model.forward = forward


def test_self_check_switches_to_left_padding_for_last_position_pooling(
    llama_rm: Path, tmp_path: Path, expected: dict[tuple[str, str], float]
) -> None:
    backend = HFRewardBackend(str(llama_rm), token_budget=400)
    backend.load()
    last_position_pooling(backend)
    assert run(backend, tmp_path / "out.jsonl").failed_judgments == 0
    assert backend.padding == "left"
    got = records(tmp_path / "out.jsonl")
    for p in PAIRS:
        a, b = (expected[(p.question, r)] for r in (p.response_A, p.response_B))
        assert got[p.pair_id]["judgments"][0]["judgment"]["scores"] == pytest.approx([a, b], abs=1e-3)


def test_self_check_fails_every_pair_loudly_when_no_padding_matches(
    llama_rm: Path, tmp_path: Path, expected: dict[tuple[str, str], float]
) -> None:
    backend = HFRewardBackend(str(llama_rm))
    backend.load()
    last_position_pooling(backend, use_mask=False)  # ignores the attention mask: pads change every score
    summary = run(backend, tmp_path / "out.jsonl")
    assert summary.failed_judgments == 14
    for r in records(tmp_path / "out.jsonl").values():
        for j in r["judgments"]:
            assert j["decision"] is None and "self-check failed" in j["error"] and "padding" in j["error"]


def test_pack_and_budget_sizing() -> None:
    units = [Unit(i, n, None) for i, n in enumerate([5, 50, 7, 48, 6, 120, 49])]
    batches = pack(units, 100)
    assert [[u.length for u in b] for b in batches] == [[120], [50, 49], [48, 7], [6, 5]]  # 2 × 48 ≤ 100
    cfg = type("Cfg", (), {"hidden_size": 4096, "intermediate_size": 14336, "num_attention_heads": 32})()
    # an 8B Llama in bf16 with 120 GB free and 1,615-token inputs: capped at 65,536 padded tokens
    assert budget_from_free_memory(120 * 2**30, cfg, 2, 1615) == 65536
    per_token = 2 * (8 * 4096 + 3 * 14336 + 2 * 32 * 1615)
    assert budget_from_free_memory(8 * 2**30, cfg, 2, 1615) == int(0.5 * 8 * 2**30 / per_token)
    assert budget_from_free_memory(2**20, cfg, 2, 1615) == 512
