"""Replaying upstream's recorded reward-model outputs through the reward_model judge."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from judgebench.backends.reward import RewardItem
from judgebench.errors import ConfigError, FatalBackendError, InputError
from judgebench.judges import JUDGES, JudgeContext, JudgeOptions
from judgebench.judges.reward_model import RewardModelJudge, reward_model_judge
from judgebench.metrics.scorecard import score_records
from judgebench.recordings import reward_replay_backend
from judgebench.records import read_judged, read_pairs
from tests.conftest import GPT_PAIRS, GRM, O1_MINI, SKYWORK, upstream_output

PUBLISHED = {
    GRM: {"Knowledge": 62.99, "Reasoning": 53.06, "Math": 64.29, "Coding": 54.76, "Overall": 59.43},
    SKYWORK: {"Knowledge": 59.09, "Reasoning": 64.29, "Math": 76.79, "Coding": 50.00, "Overall": 62.29},
}
#: Pairs whose two responses got equal scores, counted by hand from the recorded files.
EQUAL_SCORE_PAIRS = {GRM: 0, SKYWORK: 1}


def upstream_decide(a: float, b: float) -> str:
    """utils/judges.py: ``'A>B' if score_A > score_B else 'B>A'``."""
    return "A>B" if a > b else "B>A"


async def replay_rows(path: Path) -> tuple[list[dict[str, Any]], RewardModelJudge, int]:
    """Judge the GPT pairs as the runner does: score once per pair, both orders from the two scores."""
    judge = JUDGES.get("reward_model")(JudgeOptions(model=f"replay/{path}"))
    assert isinstance(judge, RewardModelJudge)
    rows, equal = [], 0
    for p in read_pairs(GPT_PAIRS):
        a, b = await judge.score(p.question, [p.response_A, p.response_B], JudgeContext(p.pair_id, 0))
        equal += a == b
        d = p.to_dict()
        d["judge_name"] = judge.name
        d["judgments"] = [{"judgment": v.judgment, "decision": v.decision} for v in judge.verdicts(a, b)]
        rows.append(d)
    return rows, judge, equal


def accuracies(rows: list[dict[str, Any]]) -> dict[str, float | None]:
    score = score_records(enumerate(rows, 1), bootstrap=0)
    return {k: v.accuracy for k, v in score.categories.items()}


@pytest.mark.parametrize("path", [GRM, SKYWORK], ids=["grm", "skywork"])
def test_replay_gives_the_published_row_and_the_recorded_judgments(path: Path) -> None:
    rows, judge, equal = asyncio.run(replay_rows(path))
    assert accuracies(rows) == PUBLISHED[path]
    assert equal == EQUAL_SCORE_PAIRS[path]
    recorded = {j.pair.pair_id: j.judgments for j in read_judged(path)}
    assert judge.model_name == next(iter(recorded.values()))[0]["judgment"]["judge_model"]  # type: ignore[index]
    differing = 0
    for row in rows:
        rec = recorded[row["pair_id"]]
        for ours, theirs in zip(row["judgments"], rec, strict=True):
            assert ours["judgment"] == theirs["judgment"]  # same record shape, same scores, same positions
            a, b = ours["judgment"]["scores"]
            if a == b:
                assert (ours["decision"], theirs["decision"]) == ("A=B", "B>A")  # the only change: ties
                differing += 1
            else:
                assert ours["decision"] == theirs["decision"]
    assert differing == 2 * EQUAL_SCORE_PAIRS[path]


@pytest.mark.parametrize("path", [GRM, SKYWORK], ids=["grm", "skywork"])
def test_tie_rule_leaves_the_published_figures_unchanged(path: Path) -> None:
    rows, _, _ = asyncio.run(replay_rows(path))
    upstream_rows = json.loads(json.dumps(rows))
    for row in upstream_rows:
        for entry in row["judgments"]:
            entry["decision"] = upstream_decide(*entry["judgment"]["scores"])
    ours, theirs = (
        score_records(enumerate(rows, 1), bootstrap=0),
        score_records(enumerate(upstream_rows, 1), bootstrap=0),
    )
    assert {k: v.correct for k, v in ours.categories.items()} == {k: v.correct for k, v in theirs.categories.items()}
    ties = ours.decisions.get("A=B", 0)
    assert ties == 2 * EQUAL_SCORE_PAIRS[path]
    assert theirs.decisions.get("A=B", 0) == 0


def test_tie_in_both_orders_votes_zero_under_either_rule() -> None:
    judge = RewardModelJudge(reward_replay_backend(str(GRM)))
    ours = [v.decision for v in judge.verdicts(1.5, 1.5)]
    assert ours == ["A=B", "A=B"]
    for label in ("A>B", "B>A"):
        mine = score_records(enumerate([_row(label, ours)], 1), bootstrap=0)
        theirs = score_records(enumerate([_row(label, ["B>A", "B>A"])], 1), bootstrap=0)
        assert mine.outcomes.get("undecided") == theirs.outcomes.get("undecided") == 1
        assert mine.categories["Overall"].correct == theirs.categories["Overall"].correct == 0


def _row(label: str, decisions: list[str]) -> dict[str, Any]:
    return {
        "pair_id": "p",
        "original_id": None,
        "source": "mmlu-pro-math",
        "question": "q",
        "response_model": "m",
        "response_A": "a",
        "response_B": "b",
        "label": label,
        "judge_name": "reward_model",
        "judgments": [{"judgment": {}, "decision": d} for d in decisions],
    }


MIRROR_ONLY = {
    "Skywork_Skywork-Reward-Gemma-2-27B": ({"Overall": 64.29}, 3),
    "internlm_internlm2-7b-reward": ({"Overall": 59.43}, 0),
    "internlm_internlm2-20b-reward": ({"Overall": 63.43}, 0),
}


@pytest.mark.parametrize("model", sorted(MIRROR_ONLY))
def test_mirror_only_files_replay_to_their_recorded_figures(model: str, tmp_path: Path) -> None:
    name = f"dataset=judgebench,response_model=gpt-4o-2024-05-13,judge_name=reward_model,judge_model={model}.jsonl"
    path = upstream_output(name, tmp_path)  # not in ../shared: skipped unless $JUDGEBENCH_UPSTREAM_MIRROR is set
    rows, _, equal = asyncio.run(replay_rows(path))
    expected, ties = MIRROR_ONLY[model]
    assert equal == ties
    assert accuracies(rows)["Overall"] == expected["Overall"]
    assert accuracies(rows) == {k: v.accuracy for k, v in score_records(_iter(path), bootstrap=0).categories.items()}


def _iter(path: Path) -> Any:
    with path.open() as fh:
        for i, line in enumerate(fh, 1):
            yield i, json.loads(line)


# ---- failures are recorded with a reason, never turned into ties --------------------------------------------
def test_unknown_pair_and_changed_text_fail_with_a_reason() -> None:
    backend = reward_replay_backend(GRM.name)  # resolved under $JUDGEBENCH_DATA/outputs
    pair = read_pairs(GPT_PAIRS)[0]
    ok = RewardItem(pair.question, pair.response_A, {"pair_id": pair.pair_id, "position": "A"})
    assert backend.lookup(ok) == -1.4306640625
    with pytest.raises(FatalBackendError, match="not in"):
        backend.lookup(RewardItem("q", "r", {"pair_id": "nope", "position": "A"}))
    with pytest.raises(FatalBackendError, match="differs from the recorded"):
        backend.lookup(RewardItem(pair.question, pair.response_B, {"pair_id": pair.pair_id, "position": "A"}))
    with pytest.raises(FatalBackendError, match="needs pair_id and position"):
        backend.lookup(RewardItem(pair.question, pair.response_A, {"pair_id": pair.pair_id}))
    judge = RewardModelJudge(backend)
    verdict = asyncio.run(judge.judge("q", "a", "b", JudgeContext("nope", 1)))
    assert verdict.decision is None and verdict.error and "not in" in verdict.error


def test_judge_single_order_swaps_positions() -> None:
    judge = RewardModelJudge(reward_replay_backend(str(SKYWORK)))
    pair = read_pairs(GPT_PAIRS)[0]
    recorded = read_judged(SKYWORK)[0].judgments
    for order, (first, second) in enumerate([(pair.response_A, pair.response_B), (pair.response_B, pair.response_A)]):
        v = asyncio.run(judge.judge(pair.question, first, second, JudgeContext(pair.pair_id, order)))
        assert v.error is None
        assert v.judgment == recorded[order]["judgment"]  # type: ignore[index]
        assert v.decision == recorded[order]["decision"]  # type: ignore[index]


def test_orders_that_disagree_and_failed_entries(tmp_path: Path) -> None:
    lines = GRM.read_text().splitlines()[:3]
    rows = [json.loads(line) for line in lines]
    rows[0]["judgments"][1]["judgment"]["scores"][0] += 1.0  # order 1 rescored response B differently
    rows[1]["judgments"] = [None, None]  # upstream writes null when a call failed
    path = tmp_path / "recorded.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    backend = reward_replay_backend(str(path))

    def item(i: int, pos: str) -> RewardItem:
        r = rows[i]
        return RewardItem(r["question"], r[f"response_{pos}"], {"pair_id": r["pair_id"], "position": pos})

    assert backend.lookup(item(0, "A")) == rows[0]["judgments"][0]["judgment"]["scores"][0]
    with pytest.raises(FatalBackendError, match="scored response B differently"):
        backend.lookup(item(0, "B"))
    with pytest.raises(FatalBackendError, match="no recorded score"):
        backend.lookup(item(1, "A"))
    assert backend.lookup(item(2, "B")) == rows[2]["judgments"][0]["judgment"]["scores"][1]


def test_not_a_reward_file_and_missing_file() -> None:
    with pytest.raises(ConfigError, match="records no reward scores"):
        reward_replay_backend(str(O1_MINI))
    with pytest.raises(InputError, match="no such recorded outputs file"):
        reward_model_judge(JudgeOptions(model="replay/does-not-exist.jsonl"))
    with pytest.raises(ConfigError, match="takes no options"):
        reward_model_judge(JudgeOptions(model=f"replay/{GRM}", extra={"device": "cpu"}))


def test_importing_the_judges_registers_it_without_loading_torch() -> None:
    code = (
        "import sys; from judgebench.judges import JUDGES; JUDGES.get('reward_model'); "
        "print('torch' in sys.modules, 'transformers' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_registered_as_a_pointwise_reward_model_judge() -> None:
    factory = JUDGES.get("reward_model")
    assert factory is reward_model_judge
    judge = factory(JudgeOptions(model=f"replay/{GRM}"))
    assert judge.pointwise and judge.kind == "reward model" and judge.name == "reward_model"
    assert judge.model_name == "Ray2333/GRM-Gemma-2B-rewardmodel-ft"
    with pytest.raises(ConfigError, match="unknown reward backend"):
        reward_model_judge(JudgeOptions(model="nosuch/model"))
