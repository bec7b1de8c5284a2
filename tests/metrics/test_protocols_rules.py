"""The scoring protocols' declarations and their per-pair rules, by hand.

What ``judgebench benchmarks --protocol native`` and ``judgebench score`` (a best-of-K set's ``native``) do is
decided by each protocol's facts: the pair rule, whether categories are averaged, the credit units, whether
no-majority pairs count, and the pair or set scorer. RewardBench's own rule (``run_rm.py``: a reward model's tie
is wrong; ``run_generative.py``: a generative judge's tie or error is half) and FastChat's MT-Bench agreement are
checked on single pairs.
"""

from __future__ import annotations

from typing import Any

import pytest

from judgebench.errors import ConfigError, InputError
from judgebench.metrics.protocols import (
    BEST_OF_K_NATIVE,
    JUDGEBENCH,
    NATIVE,
    PROTOCOLS,
    UNIFORM,
    VIEWS,
    ScoringProtocol,
    protocol_for,
)
from judgebench.metrics.rewardbench2 import rewardbench2_score
from judgebench.metrics.rewardbench_rules import REWARD_MODEL_JUDGES, UNITS, rewardbench_pair
from judgebench.metrics.rm_bench import rm_bench_score
from judgebench.records import JudgedPair, Pair


def pair(label: str = "A>B", **extra: Any) -> Pair:
    return Pair("p1", None, "src", "q", "m", "a", "b", label, extra=extra)


def judged(decisions: list[str | None], judge: str | None = "vanilla", **extra: Any) -> JudgedPair:
    p = pair(extra.pop("label", "A>B"), **extra)
    return JudgedPair(p, judge, [None if d == "entry-null" else {"decision": d} for d in decisions])


def test_the_registered_protocols_and_what_each_declares() -> None:
    got = {
        name: (p.rule, p.mean_of_categories, p.units, p.unlabelled, p.pair_score is not None, p.set_score is not None)
        for name in ("judgebench", "llmbar", "fastchat-s1", "fastchat-s2", "rewardbench", "rewardbench-2", "rm-bench")
        for p in [PROTOCOLS.get(name)]
    }
    assert got == {
        "judgebench": ("vote", None, 1, False, False, False),
        "llmbar": ("average", True, 1, False, False, False),
        "fastchat-s1": ("vote", None, 1, True, True, False),
        "fastchat-s2": ("vote", None, 1, True, True, False),
        "rewardbench": ("vote", None, 2, False, True, False),
        "rewardbench-2": ("vote", None, 1, False, False, True),
        "rm-bench": ("vote", None, 1, False, False, True),
    }
    assert {n: PROTOCOLS.get(n).name for n in got} == {n: n for n in got}
    assert PROTOCOLS.get("rewardbench-2").set_score is rewardbench2_score
    assert PROTOCOLS.get("rm-bench").set_score is rm_bench_score
    assert PROTOCOLS.get("rewardbench").pair_score is rewardbench_pair
    assert BEST_OF_K_NATIVE == {"reward-bench-2": "rewardbench-2", "rm-bench": "rm-bench"}
    assert ScoringProtocol("x") == ScoringProtocol("x", "vote", None, "", None, 1, None, False)


def test_a_view_picks_the_benchmarks_own_protocol_or_judgebenchs() -> None:
    assert (UNIFORM, NATIVE) == VIEWS == ("uniform", "native")
    assert protocol_for("rm-bench", "native") is PROTOCOLS.get("rm-bench")
    assert protocol_for("fastchat-s2", "uniform") is JUDGEBENCH
    assert protocol_for("no-such-protocol", "uniform") is JUDGEBENCH  # the native one is not looked up
    with pytest.raises(ConfigError, match="unknown scoring protocol 'no-such-protocol'"):
        protocol_for("no-such-protocol", "native")
    with pytest.raises(ConfigError, match=r"unknown protocol view 'Native' \(known: uniform, native\)"):
        protocol_for("llmbar", "Native")


@pytest.mark.parametrize(
    ("label", "decisions", "generative", "reward_model"),
    [
        ("A>B", ["A>B", "A>B"], 2, 2),  # the first order right (the second is never looked at)
        ("B>A", ["B>A"], 2, 2),
        ("A>B", ["B>A", "B>A"], 0, 0),  # the first order picks the rejected one
        ("B>A", ["A>B", "B>A"], 0, 0),
        ("A>B", ["A=B", "B>A"], 1, 0),  # a tie: half for a generative judge, wrong for a reward model
        ("A>B", [None, "B>A"], 1, 0),  # a failed verdict: the same
        ("A>B", ["entry-null"], 1, 0),
        ("A>B", [], 1, 0),
    ],
)
def test_rewardbench_scores_the_first_order_in_half_points(label, decisions, generative, reward_model) -> None:
    assert UNITS == 2
    assert {"reward_model"} == set(REWARD_MODEL_JUDGES)
    assert rewardbench_pair(judged(decisions, "arena_hard", label=label)) == (generative, 2)
    assert rewardbench_pair(judged(decisions, None, label=label)) == (generative, 2)
    assert rewardbench_pair(judged(decisions, "reward_model", label=label)) == (reward_model, 2)
    assert PROTOCOLS.get("rewardbench").pair_score(judged(decisions, "reward_model", label=label)) == (reward_model, 2)


def test_fastchat_agreement_of_one_judged_comparison() -> None:
    votes = {"gpt-4": 2, "tie": 1, "llama": 1}
    s1, s2 = PROTOCOLS.get("fastchat-s1").pair_score, PROTOCOLS.get("fastchat-s2").pair_score
    assert s1 is not None and s2 is not None
    picks_a = judged(["A>B", "B>A"], votes=votes, model_A="gpt-4", model_B="llama")
    assert s1(picks_a) == (2, 4) and s2(picks_a) == (2, 3)  # the expert tie left out in S2
    picks_b = judged(["B>A", "A>B"], votes=votes, model_A="gpt-4", model_B="llama")
    assert s1(picks_b) == (1, 4) and s2(picks_b) == (1, 3)
    tie = judged(["A>B", "A>B"], votes=votes, model_A="gpt-4", model_B="llama")  # orders disagree: a tie
    assert s1(tie) == (1, 4) and s2(tie) == (0, 0)
    failed = judged([None, None], votes=votes, model_A="gpt-4", model_B="llama")  # no tie: disagrees with all
    assert s1(failed) == (0, 4) and s2(failed) == (0, 3)
    for broken in (
        judged(["A>B"], model_A="gpt-4", model_B="llama"),
        judged(["A>B"], votes=[1, 2], model_A="gpt-4", model_B="llama"),
        judged(["A>B"], votes=votes, model_B="llama"),
        judged(["A>B"], votes=votes, model_A="gpt-4", model_B=3),
    ):
        with pytest.raises(InputError, match=r"pair p1: no expert 'votes', 'model_A', 'model_B'"):
            s1(broken)


def test_the_judges_side_and_the_experts_votes_of_one_comparison() -> None:
    from judgebench.metrics.mt_bench_agreement import expert_votes, human_vs_human, judge_side, judge_vs_human

    assert expert_votes({"gpt-4": 2, "tie": 1, "llama": 0}) == ["gpt-4", "gpt-4", "tie"]
    assert expert_votes({"gpt-4": "2"}) == ["gpt-4", "gpt-4"]
    assert judge_side("x", "y", ["A>B", "B>A"]) == "x" and judge_side("x", "y", ["B>A", "A>B"]) == "y"
    assert judge_side("x", "y", ["A>B"]) == "x" and judge_side("x", "y", ["B>A"]) == "y"
    assert judge_side("x", "y", [None, "A>B"]) == "y"  # one failed order: the other decides
    assert judge_side("x", "y", ["A=B", "A=B"]) == "tie" and judge_side("x", "y", ["A=B"]) == "tie"
    assert judge_side("x", "y", []) is None and judge_side("x", "y", [None, None]) is None
    # ties agree with ties whatever their kind; S2 leaves out the judge's tie and the experts' tie votes
    assert judge_vs_human("tie (bothbad)", ["tie", "x", "tie (inconsistent)"], "S1") == (2, 3)
    assert judge_vs_human("x", ["tie", "x", "y"], "S1") == (1, 3)
    assert judge_vs_human("x", ["tie", "x", "y"], "S2") == (1, 2)
    assert judge_vs_human("tie", ["tie", "x"], "S2") == (0, 0)
    assert judge_vs_human("x", [], "S1") == (0, 0)
    assert human_vs_human(["x", "x", "y"], "S1") == (1, 3)
    assert human_vs_human(["tie", "tie (bothbad)", "x"], "S1") == (1, 3)
    assert human_vs_human(["tie", "tie (bothbad)", "x"], "S2") == (0, 0)
    assert human_vs_human(["x", "x", "tie"], "S2") == (1, 1)
    assert human_vs_human(["x"], "S1") == (0, 0)
