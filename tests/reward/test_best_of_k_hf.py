"""A real (tiny, random) Hugging Face reward model judging a best-of-K set: every response scored once, in one
batch per prompt, with the same scores the model gives each response alone."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from judgebench.runner.best_of_k import BestOfKSpec, run_best_of_k
from tests.reward.test_hf_classifier import manual_score
from tests.reward.tiny import words


def test_hf_reward_model_scores_a_best_of_k_set(llama_rm: Path, tmp_path: Path) -> None:
    records = [
        {"id": f"r{n}", "prompt": words(6, n), "chosen": [words(9, 10 + n)],
         "rejected": [words(7, 30 + n), words(12, 50 + n), words(5, 70 + n)], "num_correct": 1,
         "num_incorrect": 3, "total_completions": 4, "subset": "Math"}
        for n in range(3)
    ]  # fmt: skip
    out = tmp_path / "rm.jsonl"
    spec = BestOfKSpec(
        judge="reward_model", model=f"hf/{llama_rm}", records=records, out=out, bootstrap=0,
        extra={"dtype": "float32", "batch_size": 4},
    )  # fmt: skip
    summary = asyncio.run(run_best_of_k(spec))
    assert summary.judged == 3 and summary.unscored_responses == 0
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    for rec, line in zip(records, lines, strict=True):
        texts = rec["chosen"] + rec["rejected"]
        got = line["scores_chosen"] + line["scores_rejected"]
        want = [manual_score(llama_rm, rec["prompt"], t) for t in texts]
        assert got == pytest.approx(want, abs=1e-5)
        assert line["judge_model"] == str(llama_rm)
    assert summary.score is not None and summary.score.categories["Math"]["n"] == 3


def test_a_folder_named_like_a_hub_model_records_the_borrowed_spec_on_best_of_k(tmp_path: Path) -> None:
    """As pair judgments do: ``judge_model`` is the folder, ``reward_spec`` the hub spec it borrowed (issue 19
    leftovers, item 2: best-of-K records had no ``reward_spec``)."""
    from tests.reward.tiny import build_classifier

    folder = build_classifier(tmp_path / "Skywork-Reward-Llama-3.1-8B")
    records = [
        {"id": f"r{n}", "prompt": words(6, n), "chosen": [words(9, 10 + n)], "rejected": [words(7, 30 + n)],
         "num_correct": 1, "num_incorrect": 1, "total_completions": 2, "subset": "Math"}
        for n in range(2)
    ]  # fmt: skip
    out = tmp_path / "rm.jsonl"
    spec = BestOfKSpec(
        judge="reward_model", model=f"hf/{folder}", records=records, out=out, bootstrap=0, extra={"dtype": "float32"}
    )
    assert asyncio.run(run_best_of_k(spec)).judged == 2
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    for line in lines:
        assert line["judge_model"] == str(folder)  # whose model it was
        assert line["reward_spec"] == {"name": "skywork-reward", "borrowed_from": "Skywork/Skywork-Reward-Llama-3.1-8B"}
        assert list(line).index("reward_spec") == list(line).index("judge_model") + 1
    # a resumed run reads the file back, keeps the records and writes the key once
    assert asyncio.run(run_best_of_k(spec)).skipped == 2
    assert [json.loads(x) for x in out.read_text().splitlines()] == lines


def test_a_plainly_named_folder_records_no_reward_spec_on_best_of_k(llama_rm: Path, tmp_path: Path) -> None:
    record = {"id": "r0", "prompt": words(6, 0), "chosen": [words(9, 1)], "rejected": [words(7, 2)], "subset": "Math"}
    out = tmp_path / "rm.jsonl"
    spec = BestOfKSpec(judge="reward_model", model=f"hf/{llama_rm}", records=[record], out=out, bootstrap=0)
    asyncio.run(run_best_of_k(spec))
    assert "reward_spec" not in json.loads(out.read_text())
