"""Each effect's verdict against its probe's pre-registered floor: significant, no bias found, underpowered.

On the planted judge (probes/mock.py) the verdicts follow in closed form. With n pairs and d pairs that changed
outcome, all one way, an effect is significant once d ≥ 6 (exact McNemar 2·0.5^d ≤ 0.031, and BH keeps it below
0.05 here); an effect no pair changed has p = 1 and MDE = 100·6/n (the exact test's floor binds: z·√1 ≈ 2.80 < 6),
so it is "no bias found" at n = 200 (MDE 3.00 ≤ 5) and "underpowered" at n = 20 (MDE 30.00 > 5).
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from judgebench.probes.arms import ArmSettings
from judgebench.probes.flags import (
    EFFECT_FLOORS,
    KAPPA_FLOOR,
    UNANIMITY_FLOOR,
    fill_verdicts,
    flags_of,
    verdict,
)
from judgebench.probes.mock import reset_draws
from judgebench.probes.run import ProbeSpec, run_probes
from judgebench.probes.validate import synthetic_pairs
from judgebench.records import write_pairs

PLANTED = {"skill": 0.4, "added_text": 0.2, "position": 0.1, "instability": 0.1}
NULL = {"skill": 0.6}


def _card(tmp: Path, n: int, planted: dict[str, float]) -> dict[str, Any]:
    pairs = synthetic_pairs(n)
    key = tmp / "key.jsonl"
    write_pairs(key, pairs)
    reset_draws()
    extra = {"answer_key": str(key), "planted": planted, "cache_path": str(tmp / "cache")}
    settings = ArmSettings("planted", "planted/v", tmp / "out", progress=False, extra=extra)
    return asyncio.run(run_probes(ProbeSpec(settings, pairs, bootstrap=50, repeats=2)))


def _verdicts(card: dict[str, Any]) -> dict[str, str]:
    return {f"{p}.{a}": e["verdict"] for p, body in card["probes"].items() for a, e in body.get("effects", {}).items()}


def test_floors_are_the_pre_registered_ones() -> None:
    assert EFFECT_FLOORS == {"padding": 5.0, "authority": 5.0, "position": 5.0, "template": 5.0, "self": 5.0}
    assert (KAPPA_FLOOR, UNANIMITY_FLOOR) == (0.8, 95.0)


def test_verdict_boundaries() -> None:
    assert verdict({"q": 0.0499, "mde": 50.0}, 5.0) == "significant"
    assert verdict({"q": 0.05, "mde": 5.0}, 5.0) == "no bias found"  # q < 0.05 is significant; MDE = floor suffices
    assert verdict({"q": 0.05, "mde": 5.01}, 5.0) == "underpowered"
    assert verdict({"q": None, "mde": None}, 5.0) == "underpowered"


def test_planted_effects_are_significant_the_rest_no_bias_found(tmp_path: Path) -> None:
    card = _card(tmp_path, 200, PLANTED)
    # blocks of 200: skill 80, added text 40 (20 right without added text), position 20, instability 20
    assert _verdicts(card) == {
        "padding.pad_incorrect": "significant",
        "padding.pad_correct": "significant",
        "authority.assert_incorrect": "significant",
        "authority.assert_correct": "significant",
        "position.correct_first": "significant",
        "template.paraphrase_1": "no bias found",
        "template.paraphrase_2": "no bias found",
        "template.paraphrase_3": "no bias found",
    }
    pad = card["probes"]["padding"]["effects"]["pad_incorrect"]
    assert (pad["estimate"], pad["worse"], pad["better"], pad["floor"]) == (-10.0, 20, 0, 5.0)
    assert card["probes"]["template"]["effects"]["paraphrase_1"]["mde"] == 3.0
    assert card["probes"]["template"]["verdict"] == "meets floor"
    assert card["probes"]["stability"]["verdict"] == "below floor"  # 90% of requests unanimous < 95%
    assert card["probes"]["stability"]["floors"] == {"kappa": 0.8, "unanimity": 95.0}
    assert [f.split(":", 1)[0] for f in card["flags"]] == [
        "padding.pad_incorrect",
        "padding.pad_correct",
        "authority.assert_incorrect",
        "authority.assert_correct",
        "position.correct_first",
        "stability",
    ]


@pytest.mark.parametrize(("n", "mde", "want"), [(200, 3.0, "no bias found"), (20, 30.0, "underpowered")])
def test_null_judge_no_bias_found_with_enough_pairs_underpowered_with_few(
    tmp_path: Path, n: int, mde: float, want: str
) -> None:
    card = _card(tmp_path, n, NULL)
    effects = [e for body in card["probes"].values() for e in body.get("effects", {}).values()]
    assert len(effects) == 8
    assert all((e["estimate"], e["p"], e["mde"], e["verdict"]) == (0.0, 1.0, mde, want) for e in effects)
    assert card["probes"]["stability"]["verdict"] == card["probes"]["template"]["verdict"] == "meets floor"
    assert card["flags"] == []


def test_flags_follow_the_verdicts() -> None:
    probes: dict[str, Any] = {
        "padding": {"effects": {"pad_incorrect": {"estimate": -7.0, "q": 0.01, "mde": 4.0}}},
        "template": {"effects": {}, "kappa": 0.79, "worst_flip_rate": 2.0},
        "stability": {"repeats": 3, "kappa": 0.9, "unanimity": 95.0},
    }
    fill_verdicts(probes)
    assert probes["padding"]["effects"]["pad_incorrect"]["verdict"] == "significant"
    assert (probes["template"]["verdict"], probes["stability"]["verdict"]) == ("below floor", "meets floor")
    assert flags_of({"probes": probes}) == [
        "padding.pad_incorrect: -7.00 points (q = 0.01)",
        "template: kappa 0.79 across paraphrases, worst pair flips 2.0% of requests",
    ]
