"""``judgebench.probe`` with a simulated judge of known preferences (a stand-in for an outside one).

The judge prefers the correct response, the first slot and a response with added text by known log-odds and
draws its verdict from ``sha256(seed, pair_id, order)``. Every arm's accuracy is recomputed here by asking the
same judge directly (no runner) for both orders of each perturbed pair and applying the vote rule: the card
must match exactly; the planted effects must be significant, and with nothing planted every perturbation
effect must be exactly 0 with p = 1.
"""

from __future__ import annotations

import asyncio
import hashlib
import math
from pathlib import Path

import pytest

import judgebench
from judgebench.judges.base import Judge, JudgeContext, JudgeOptions, Verdict
from judgebench.metrics.vote import vote_correct
from judgebench.probes.perturb import arm_pairs
from judgebench.probes.validate import synthetic_pairs
from judgebench.records import Pair

PAIRS = synthetic_pairs(120)


class Simulated(Judge):
    name = "simulated"

    def __init__(self, correct: float, first: float, added: float) -> None:
        self.w = (correct, first, added)
        self.key = {p.pair_id: p for p in PAIRS}

    @property
    def model_name(self) -> str:
        return "sim"

    def _features(self, pair: Pair, shown: str) -> tuple[int, int]:
        right, wrong = pair.correct_first()
        is_right = right in shown
        return int(is_right), int(len(shown) > len(right if is_right else wrong))

    async def judge(self, question: str, response_a: str, response_b: str, ctx: JudgeContext) -> Verdict:
        pair = self.key[ctx.pair_id]
        (ca, ta), (cb, tb) = self._features(pair, response_a), self._features(pair, response_b)
        u = self.w[0] * (ca - cb) + self.w[1] + self.w[2] * (ta - tb)
        digest = hashlib.sha256(f"{ctx.seed}|{ctx.pair_id}|{ctx.order}".encode()).digest()
        r = int.from_bytes(digest[:8], "little") / 2**64
        decision = "A>B" if r < 1.0 / (1.0 + math.exp(-u)) else "B>A"
        return Verdict(decision, {"judge_model": "sim", "prompt": "", "response": decision})


def _expected(judge: Simulated, pairs: list[Pair]) -> int:
    async def one(p: Pair) -> bool:
        d0 = (await judge.judge(p.question, p.response_A, p.response_B, JudgeContext(p.pair_id, 0, 5))).decision
        d1 = (await judge.judge(p.question, p.response_B, p.response_A, JudgeContext(p.pair_id, 1, 5))).decision
        return vote_correct(p.label, [d0, d1])

    async def every() -> int:
        return sum([await one(p) for p in pairs])

    return asyncio.run(every())


@pytest.mark.parametrize("weights", [(1.5, 0.8, 2.5), (1.5, 0.0, 0.0)], ids=["planted", "nothing-planted"])
def test_simulated_judge_arms_are_exact(tmp_path: Path, weights: tuple[float, float, float]) -> None:
    def make(options: JudgeOptions) -> Judge:
        return Simulated(*weights)

    probes = ["padding", "authority", "position", "stability"]
    card = judgebench.probe(
        PAIRS,
        judge="simulated",
        model="sim/x",
        probes=probes,
        out=tmp_path,
        seed=5,
        bootstrap=200,
        repeats=2,
        make_judge=make,
    )
    sim = Simulated(*weights)
    for probe, arms in (
        ("padding", ("pad_incorrect", "pad_correct")),
        ("authority", ("assert_incorrect", "assert_correct")),
    ):
        body = card["probes"][probe]
        assert body["arms"]["original"]["correct"] == _expected(sim, PAIRS)
        for arm in arms:
            assert body["arms"][arm]["correct"] == _expected(sim, arm_pairs(PAIRS, arm, 5)), arm
            e = body["effects"][arm]
            if weights[2] == 0:
                assert (e["estimate"], e["p"], e["q"]) == (0.0, 1.0, 1.0)
            elif arm.endswith("_incorrect"):
                assert e["estimate"] < 0 and e["q"] < 0.05
            else:
                assert e["estimate"] > 0 and e["q"] < 0.05
    position = card["probes"]["position"]["effects"]["correct_first"]
    assert (position["q"] < 0.05) == (weights[1] > 0)
    assert card["probes"]["stability"]["unanimity"] == 100.0  # draws from (seed, pair, order): same every repeat
