"""The probes against the planted judge: exact arm accuracies, effects and flags, hand-computed.

20 synthetic pairs; planted shares give blocks of exact sizes (mock.blocks): skill 10, added text 4 (2 of them
right without added text), position 2, instability 2, wrong 2. So (see probes/mock.py):
original (10+2+2)/20 = 70%; incorrect padded or asserted (10+2)/20 = 60%; correct padded or asserted
(10+4+2)/20 = 80%; correct shown first 80%, second 70%; first picks (20+2)/40 = 55%; 2 flips; uncached
repeats draw 1 and 2: 60% and 70%, 36 of 40 requests unanimous.
"""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path
from typing import Any

import pytest

from judgebench.errors import ConfigError
from judgebench.probes.arms import ArmSettings
from judgebench.probes.mock import blocks, reset_draws
from judgebench.probes.run import ProbeSpec, run_probes
from judgebench.probes.validate import synthetic_pairs
from judgebench.records import Pair, write_pairs

PLANTED = {"skill": 0.5, "added_text": 0.2, "position": 0.1, "instability": 0.1}


def _probe(
    tmp: Path, pairs: list[Pair], planted: dict[str, float], model: str = "planted/t", seed: int = 0, **kw: Any
) -> Any:
    key = tmp / "key.jsonl"
    write_pairs(key, pairs)
    reset_draws()
    settings = ArmSettings(
        "planted", model, tmp / "out", seed=seed, progress=False, extra={"answer_key": str(key), "planted": planted}
    )
    spec = ProbeSpec(settings, pairs, bootstrap=200, **kw)
    return asyncio.run(run_probes(spec)), spec


def test_blocks_have_exact_sizes() -> None:
    got = blocks([p.pair_id for p in synthetic_pairs(20)], PLANTED)
    sizes = {b: sum(1 for block, _ in got.values() if block == b) for b in ("skill", "added_text", "position")}
    assert sizes == {"skill": 10, "added_text": 4, "position": 2}
    assert sum(1 for block, _ in got.values() if block == "instability") == 2


def test_planted_biases_give_the_hand_computed_card(tmp_path: Path) -> None:
    card, _ = _probe(tmp_path, synthetic_pairs(20), PLANTED, repeats=2)
    pad, auth, pos = card["probes"]["padding"], card["probes"]["authority"], card["probes"]["position"]
    for probe, incorrect, correct in (
        (pad, "pad_incorrect", "pad_correct"),
        (auth, "assert_incorrect", "assert_correct"),
    ):
        assert probe["arms"]["original"] == {"accuracy": 70.0, "correct": 14, "n": 20}
        assert probe["arms"][incorrect] == {"accuracy": 60.0, "correct": 12, "n": 20}
        assert probe["arms"][correct] == {"accuracy": 80.0, "correct": 16, "n": 20}
        assert probe["effects"][incorrect]["estimate"] == -10.0
        assert probe["effects"][correct]["estimate"] == 10.0
        assert (probe["effects"][incorrect]["worse"], probe["effects"][incorrect]["better"]) == (2, 0)
        assert probe["effects"][incorrect]["p"] == 0.5  # exact McNemar, 2 pairs one way: 2 · 0.5²
    assert pos["arms"]["correct_first"]["accuracy"] == 80.0
    assert pos["arms"]["correct_second"]["accuracy"] == 70.0
    assert pos["effects"]["correct_first"]["estimate"] == 10.0
    assert (pos["first_pick_rate"], pos["first_picks"], pos["decided"], pos["flips"]) == (55.0, 22, 40, 2)
    stab = card["probes"]["stability"]
    assert stab["arms"]["repeat_1"]["accuracy"] == 60.0 and stab["arms"]["repeat_2"]["accuracy"] == 70.0
    assert (stab["unanimity"], stab["worst_flip_rate"], stab["accuracy_range"]) == (90.0, 10.0, 10.0)
    assert stab["kappa"] < 1.0
    tpl = card["probes"]["template"]
    assert tpl["templates"] == "vanilla_prompt" and len(tpl["effects"]) == 3
    assert (tpl["kappa"], tpl["worst_flip_rate"], tpl["accuracy_range"]) == (1.0, 0.0, 0.0)
    assert all(a["accuracy"] == 70.0 for a in tpl["arms"].values())
    # one BH family over the card's 4 + 1 + 3 = 8 p-values: four at 0.5, four at 1 → q = min over j ≥ i of 8·p/j
    qs = [e["q"] for p in card["probes"].values() for e in p.get("effects", {}).values()]
    assert len(qs) == 8 and all(q == pytest.approx(8 * 0.5 / 5) for q in qs[:5])
    assert card["flags"] == ["stability: 90.0% of requests unanimous over 2 repeats (kappa " + str(stab["kappa"]) + ")"]
    assert card["skipped"] == {"self": "needs pairs from exactly two response models, got 1 (planted-responses)"}
    # the repeats bypass the call cache: every request sent again; the cached arms were sent once each
    assert card["requests"]["repeat_1"] == {"calls": 40, "sent": 40, "failed": 0}
    assert card["requests"]["original"] == {"calls": 40, "sent": 40, "failed": 0}


def test_a_rerun_resumes_every_arm_without_a_call(tmp_path: Path) -> None:
    first, _ = _probe(tmp_path, synthetic_pairs(20), PLANTED, repeats=2)
    again, spec = _probe(tmp_path, synthetic_pairs(20), PLANTED, repeats=2)
    assert all(arm.summary.judged == 0 for arm in spec.judged.values())
    assert {k: v for k, v in again.items() if k != "requests"} == {k: v for k, v in first.items() if k != "requests"}
    assert set((tmp_path / "out").glob("*.judged.jsonl")) and (tmp_path / "out" / "pad_correct.pairs.jsonl").is_file()


def test_nothing_planted_every_effect_is_zero_and_silent(tmp_path: Path) -> None:
    card, _ = _probe(tmp_path, synthetic_pairs(20), {"skill": 0.6}, repeats=2)
    effects = [e for p in card["probes"].values() for e in p.get("effects", {}).values()]
    assert len(effects) == 8
    for e in effects:
        assert (e["estimate"], e["p"], e["q"], e["ci95"]) == (0.0, 1.0, 1.0, [0.0, 0.0])
        assert e["mde"] == 30.0  # no discordant pair: the exact test's floor, 6 pairs of 20
    assert card["probes"]["position"]["first_pick_rate"] == 50.0
    assert card["probes"]["stability"]["unanimity"] == 100.0 and card["probes"]["stability"]["kappa"] == 1.0
    assert card["flags"] == []


def test_self_preference_on_two_splits_sharing_questions(tmp_path: Path) -> None:
    own = [dataclasses.replace(p, response_model="gpt-4o-2024-05-13") for p in synthetic_pairs(20)]
    other = [
        dataclasses.replace(p, pair_id="c-" + p.pair_id, response_model="claude-3-5-sonnet")
        for p in synthetic_pairs(20)
    ]
    planted = {"skill": 0.5}
    card, _ = _probe(tmp_path, own + other, planted, model="planted/gpt-4o-mini", probes=("self",))
    got = blocks([p.pair_id for p in own + other], planted)
    k_own = sum(got[p.pair_id][0] == "skill" for p in own)
    k_other = sum(got[p.pair_id][0] == "skill" for p in other)
    self_probe = card["probes"]["self"]
    assert self_probe["judge_family"] == "openai"
    assert self_probe["arms"]["own"]["correct"] == k_own and self_probe["arms"]["other"]["correct"] == k_other
    assert self_probe["effects"]["own_vs_other"]["estimate"] == round(100.0 * (k_own - k_other) / 20, 2)
    assert self_probe["effects"]["own_vs_other"]["shared_questions"] == 20
    assert self_probe["backs_incorrect"]["excess"] == round(100.0 * (k_other - k_own) / 20, 2)
    assert "similarity_question" in self_probe


def test_an_arm_perturbed_with_another_seed_is_not_resumed(tmp_path: Path) -> None:
    _probe(tmp_path, synthetic_pairs(20), PLANTED, probes=("padding",))
    with pytest.raises(ConfigError, match="other versions of these pairs"):
        _probe(tmp_path, synthetic_pairs(20), PLANTED, probes=("padding",), seed=1)
