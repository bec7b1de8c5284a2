"""Reward models take the padding and authority probes as pointwise score shifts.

A reward backend that scores a response by its length (a tenth of a point per character) on pairs whose two
responses are equally long: every original pair is a tie (0%), the padded or asserted correct response always
wins (100%), and each arm's score shift is the mean added length (text and blank line) over ten.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from judgebench.backends.reward import REWARD_BACKENDS, RewardItem
from judgebench.probes.arms import ArmSettings
from judgebench.probes.run import ProbeSpec, run_probes
from judgebench.records import read_pairs
from tests.probes.test_probe_cli import N, _pairs


class LengthReward:
    model = "length-reward"

    async def score(self, items: Sequence[RewardItem]) -> list[float]:
        return [len(item.response) / 10 for item in items]

    async def aclose(self) -> None:
        pass


@pytest.fixture
def length_reward() -> Iterator[None]:
    REWARD_BACKENDS.add("lengthreward", lambda model, **options: LengthReward())
    try:
        yield
    finally:
        REWARD_BACKENDS.remove("lengthreward")


def test_reward_model_padding_and_authority_as_score_shifts(tmp_path: Path, length_reward: None) -> None:
    settings = ArmSettings("reward_model", "lengthreward/x", tmp_path, progress=False)
    card = asyncio.run(run_probes(ProbeSpec(settings, _pairs(), bootstrap=100)))
    assert set(card["probes"]) == {"padding", "authority"}
    assert set(card["skipped"]) == {"position", "template", "stability", "self"}
    for probe, arms in (
        ("padding", ("pad_incorrect", "pad_correct")),
        ("authority", ("assert_incorrect", "assert_correct")),
    ):
        body = card["probes"][probe]
        assert body["arms"]["original"]["accuracy"] == 0.0
        assert body["arms"][arms[0]]["accuracy"] == 0.0 and body["arms"][arms[1]]["accuracy"] == 100.0
        for arm in arms:
            shown = read_pairs(tmp_path / f"{arm}.pairs.jsonl")
            want = sum(len(p.extra["added_text"]) + 2 for p in shown) / 10 / N
            shift = body["effects"][arm]["score_shift"]
            assert shift["n"] == N and shift["mean"] == pytest.approx(want, abs=1e-4)
            lo, hi = shift["ci95"]
            assert lo <= shift["mean"] <= hi
    assert [f.split(":", 1)[0] for f in card["flags"]] == ["padding.pad_correct", "authority.assert_correct"]


class CountedReward(LengthReward):
    """LengthReward that counts how often it is loaded (constructed) and closed, and refuses use after closing."""

    loads = 0
    closes = 0

    def __init__(self) -> None:
        CountedReward.loads += 1
        self.closed = False

    async def score(self, items: Sequence[RewardItem]) -> list[float]:
        assert not self.closed, "scored after aclose"
        return await super().score(items)

    async def aclose(self) -> None:
        self.closed = True
        CountedReward.closes += 1


def test_a_reward_model_is_loaded_once_per_probe_run(tmp_path: Path) -> None:
    CountedReward.loads = CountedReward.closes = 0
    REWARD_BACKENDS.add("countedreward", lambda model, **options: CountedReward())
    try:
        settings = ArmSettings("reward_model", "countedreward/x", tmp_path, progress=False)
        card = asyncio.run(run_probes(ProbeSpec(settings, _pairs(), probes=("padding", "authority"), bootstrap=100)))
    finally:
        REWARD_BACKENDS.remove("countedreward")
    # original + pad_incorrect + pad_correct + assert_incorrect + assert_correct judged by one model, closed once
    assert (CountedReward.loads, CountedReward.closes) == (1, 1)
    assert card["probes"]["padding"]["arms"]["pad_correct"]["accuracy"] == 100.0
    assert card["judge_model"] == "length-reward"
