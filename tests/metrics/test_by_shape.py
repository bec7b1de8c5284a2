"""``score_by_shape`` (what ``judgebench score`` and ``judgebench.score`` call): the file's records pick the metrics.

A judged best-of-K file is scored by top-1 / pairwise / best-of-K with the draws and seed asked for, and a rule
given for it is refused (no aggregation rule scores a best-of-K set); a judged pairs file is scored by the rule
(the vote rule when none is given), its MT-Bench no-majority pairs skipped and counted rather than refused.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from judgebench.errors import ConfigError, MalformedRecordError
from judgebench.metrics.best_of_k import BestOfKScore, score_best_of_k_file
from judgebench.metrics.by_shape import score_by_shape
from judgebench.metrics.scorecard import FileScore, score_file


def best_of_k_file(path: Path) -> Path:
    """30 judged prompts (one correct, two incorrect responses), chat and math alternating."""
    rows = [
        {
            "id": f"p{i}",
            "prompt": "q",
            "subset": "math" if i % 2 else "chat",
            "chosen": ["good"],
            "rejected": ["bad", "worse"],
            "scores_chosen": [float((i * 7) % 5)],
            "scores_rejected": [float((i * 3) % 4), float((i * 5) % 6)],
        }
        for i in range(30)
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def judged(pid: str, label: str, decisions: list[str | None]) -> dict[str, object]:
    return {
        "pair_id": pid,
        "original_id": None,
        "source": "mmlu-pro-law",
        "question": "q",
        "response_model": "m",
        "response_A": "a",
        "response_B": "b",
        "label": label,
        "judge_name": "vanilla",
        "judgments": [{"judgment": {}, "decision": d} for d in decisions],
    }


def test_a_judged_best_of_k_file_is_scored_by_top1_with_the_default_draws_and_seed(tmp_path: Path) -> None:
    f = best_of_k_file(tmp_path / "set.jsonl")
    score = score_by_shape(f)
    assert isinstance(score, BestOfKScore)
    overall = score.to_dict()["categories"]["Overall"]
    # 10 of the 30 prompts put the correct response alone at the top (by hand: i = 1, 6, 11, ... have c=2 > r)
    assert (overall["accuracy"], overall["n"]) == (33.33, 30)
    # 1000 draws at seed 0 (999, 1001 draws or seed 1 move this bound: 18.86, 18.89, 18.89)
    assert overall["ci95"] == [18.88, 48.33]
    assert score.to_dict() == score_best_of_k_file(str(f), bootstrap=1000, seed=0).to_dict()
    assert score_best_of_k_file(str(f)).to_dict() == score.to_dict()  # the file scorer's own defaults


def test_the_draws_and_seed_asked_for_reach_a_best_of_k_file(tmp_path: Path) -> None:
    f = best_of_k_file(tmp_path / "set.jsonl")
    seeded = score_by_shape(f, seed=1).to_dict()["categories"]["Overall"]
    assert seeded["ci95"] == [18.89, 49.44]
    assert score_by_shape(f, bootstrap=999).to_dict()["categories"]["Overall"]["ci95"] == [18.86, 48.33]
    none = score_by_shape(f, bootstrap=0).to_dict()["categories"]["Overall"]
    assert none["ci95"] is None and none["pairwise_ci95"] is None and none["accuracy"] == 33.33


@pytest.mark.parametrize("rule", ["vote", "average", "first"])
def test_a_rule_given_for_a_judged_best_of_k_file_is_refused(tmp_path: Path, rule: str) -> None:
    f = best_of_k_file(tmp_path / "set.jsonl")
    with pytest.raises(
        ConfigError, match=rf"rule '{rule}' scores judged pairs, but .*set\.jsonl holds judged best-of-K"
    ):
        score_by_shape(f, rule=rule)


def test_an_unknown_rule_is_refused_before_the_file_is_looked_at(tmp_path: Path) -> None:
    f = best_of_k_file(tmp_path / "set.jsonl")
    with pytest.raises(ConfigError, match="unknown aggregation rule 'majority'"):
        score_by_shape(f, rule="majority")
    with pytest.raises(ConfigError, match="unknown aggregation rule 'majority'"):
        score_by_shape(tmp_path / "missing.jsonl", rule="majority")


def test_a_judged_pairs_file_is_scored_by_the_vote_rule_unless_told(tmp_path: Path) -> None:
    f = tmp_path / "pairs.jsonl"
    rows = [
        judged("1", "A>B", ["A>B", "A>B"]),  # vote 0 (position bias); first order right
        judged("2", "A>B", ["A>B", "B>A"]),  # vote +2
        judged("3", "B>A", ["A>B", "B>A"]),  # vote 0; first order wrong
    ]
    f.write_text("".join(json.dumps(r) + "\n" for r in rows))
    vote = score_by_shape(f, bootstrap=0)
    assert isinstance(vote, FileScore) and vote.rule == "vote"
    assert (vote.categories["Overall"].correct, vote.categories["Overall"].n) == (1, 3)
    first = score_by_shape(f, rule="first", bootstrap=0)
    assert isinstance(first, FileScore) and first.rule == "first"
    assert first.categories["Overall"].correct == 2


def test_no_majority_pairs_are_skipped_and_counted_not_refused(tmp_path: Path) -> None:
    # score_file alone refuses an unknown label; the shape dispatcher scores an MT-Bench import kept with
    # --option no_majority=keep: its labelled pairs only, the others counted
    f = tmp_path / "pairs.jsonl"
    rows = [judged("1", "A>B", ["A>B", "B>A"]), judged("2", "no-majority", ["A>B", "B>A"])]
    f.write_text("".join(json.dumps(r) + "\n" for r in rows))
    with pytest.raises(MalformedRecordError):
        score_file(f, bootstrap=0)
    score = score_by_shape(f, bootstrap=0)
    assert isinstance(score, FileScore)
    assert score.unlabelled_pairs == 1 and score.n_pairs == 1
    assert score.categories["Overall"].accuracy == 100.0
