"""``judgebench probe`` with an ``hf/`` reward model (a tiny random Llama, no download): loaded once for all arms.

The kept model plans the original arm as a whole; the perturbed arms go through its batch worker. Each arm's
scores must be those a fresh model gives the same pairs in a run of its own.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")

from judgebench.backends.hf_reward import HFRewardBackend
from judgebench.probes.arms import ArmSettings
from judgebench.probes.run import ProbeSpec, run_probes
from judgebench.records import Pair, read_pairs
from judgebench.runner import RunSpec, run_judge
from tests.reward.tiny import words


def _pairs() -> list[Pair]:
    return [
        Pair(f"p{i}", i, "mmlu-pro-math", words(5, 10 * i), "m", words(8, 3 * i), words(11, 7 + i), "A>B")
        for i in range(6)
    ]


def _scores(path: Path) -> dict[str, list[float]]:
    out = {}
    for line in path.read_text().splitlines():
        r = json.loads(line)
        out[r["pair_id"]] = r["judgments"][0]["judgment"]["scores"]
    return out


def test_probe_loads_the_reward_model_once_and_scores_as_fresh_runs(
    llama_rm: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loads: list[str] = []
    real = HFRewardBackend._load_model

    def counted(self: Any) -> None:
        loads.append(self.path)
        real(self)

    monkeypatch.setattr(HFRewardBackend, "_load_model", counted)
    extra = {"device": "cpu", "batch_size": 2}
    settings = ArmSettings("reward_model", f"hf/{llama_rm}", tmp_path / "probe", progress=False, extra=extra)
    card = asyncio.run(run_probes(ProbeSpec(settings, _pairs(), probes=("padding", "authority"), bootstrap=50)))
    assert len(loads) == 1  # five arms, one load (five before)
    assert set(card["probes"]) == {"padding", "authority"}
    for arm in ("original", "pad_incorrect", "pad_correct", "assert_incorrect", "assert_correct"):
        fresh = tmp_path / f"fresh-{arm}.jsonl"
        pairs = read_pairs(tmp_path / "probe" / f"{arm}.pairs.jsonl")
        spec = RunSpec(
            judge="reward_model", model=f"hf/{llama_rm}", pairs=pairs, out=fresh, progress=False, extra=extra
        )
        asyncio.run(run_judge(spec))
        kept, alone = _scores(tmp_path / "probe" / f"{arm}.judged.jsonl"), _scores(fresh)
        assert kept.keys() == alone.keys()
        for pid, scores in alone.items():
            assert kept[pid] == pytest.approx(scores, abs=1e-4), (arm, pid)
