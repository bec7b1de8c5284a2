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
