"""Recorded judge outputs as judged best-of-2 sets: a reward model's top-1 equals its one-order pair accuracy
(its single tie counted ½), a pairwise judge's top-1 its two-order vote with split votes counted ½."""

from __future__ import annotations

import json

import pytest

from judgebench.cli.main import main
from judgebench.importers.pairs import judged_best_of_2
from judgebench.metrics.best_of_k import score_best_of_k_file
from judgebench.metrics.scorecard import score_file
from judgebench.metrics.vote import vote_sum
from judgebench.records import read_judged
from tests.conftest import GRM, O1_MINI, SKYWORK


def _equal(judged) -> bool:
    a, b = judged.judgments[0]["judgment"]["scores"]
    return a == b


def scored(tmp_path, recorded, capsys):
    out = tmp_path / "bo2.jsonl"
    assert main(["import", "pairs", str(recorded), "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(["score", "--json", "--bootstrap", "0", str(out)]) == 0
    return json.loads(capsys.readouterr().out)["results"][0]


@pytest.mark.parametrize("recorded,ties", [(GRM, 0), (SKYWORK, 1)])
def test_reward_model_top1_is_its_one_order_pair_accuracy(tmp_path, capsys, recorded, ties):
    result = scored(tmp_path, recorded, capsys)
    assert result["format"] == "best-of-k" and result["judge_name"] == "reward_model"
    first = score_file(recorded, bootstrap=0, rule="first")
    for name, cat in result["categories"].items():
        pair = first.categories[name]
        tied = round(cat["tie_rate"] * cat["n"] / 100)
        assert cat["n"] == pair.n and cat["failed"] == 0
        if tied == 0:
            assert cat["accuracy"] == pair.accuracy, name
        assert cat["pairwise"] == cat["accuracy"] == cat["best_of_k"]["2"], name
        assert cat["random"] == cat["best_of_k"]["1"] == 50.0 and cat["oracle"] == 100.0
    overall = result["categories"]["Overall"]
    assert round(overall["tie_rate"] * overall["n"] / 100) == ties
    if recorded == SKYWORK:
        # its one tie (equal scores) has label A>B: upstream wrote B>A, wrong in one order; top-1 gives it ½
        (tie,) = [j for j in read_judged(recorded) if j.decisions[0] is not None and _equal(j)]
        assert tie.pair.label == "A>B" and tie.decisions == ["B>A", "B>A"]
        assert first.categories["Overall"].correct == 218
        assert overall["accuracy"] == round(100 * 218.5 / 350, 2) == 62.43
    else:
        assert overall["accuracy"] == first.categories["Overall"].accuracy == 59.43


def test_pairwise_judge_top1_is_the_vote_with_split_votes_halved(tmp_path, capsys):
    result = scored(tmp_path, O1_MINI, capsys)["categories"]["Overall"]
    sums = [vote_sum(j.pair.label, j.decisions) for j in read_judged(O1_MINI)]
    won, split = sum(s > 0 for s in sums), sum(s == 0 for s in sums)
    assert (won, split) == (230, 81)
    assert result["accuracy"] == round(100 * (won + split / 2) / 350, 2) == 77.29
    assert result["tie_rate"] == round(100 * split / 350, 2)


def test_unjudged_pairs_become_best_of_2_sets(tmp_path, capsys):
    from tests.conftest import GPT_PAIRS

    out = tmp_path / "bo2.jsonl"
    assert main(["import", "pairs", str(GPT_PAIRS), "--out", str(out)]) == 0
    recs = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(recs) == 350 and all(r["num_correct"] == r["num_incorrect"] == 1 for r in recs)
    assert "scores_chosen" not in recs[0]


def test_a_pair_without_any_decision_is_counted_failed(tmp_path):
    src = tmp_path / "judged.jsonl"
    lines = O1_MINI.read_text().splitlines()[:3]
    first = json.loads(lines[0])
    first["judgments"] = [None, None]
    src.write_text("\n".join([json.dumps(first), *lines[1:]]) + "\n")
    result = judged_best_of_2(str(src))
    assert result.records[0]["scores_chosen"] == [None] and result.left_out == {"unscored pairs": 1}
    out = tmp_path / "bo2.jsonl"
    out.write_text("".join(json.dumps(r) + "\n" for r in result.records))
    assert score_best_of_k_file(str(out), bootstrap=0).categories["Overall"]["failed"] == 1


def test_leaderboard_leaves_best_of_k_sets_out(tmp_path, capsys):
    folder = tmp_path / "outputs"
    folder.mkdir()
    (folder / GRM.name).write_bytes(GRM.read_bytes())
    assert main(["import", "pairs", str(GRM), "--out", str(folder / "grm-bo2.jsonl")]) == 0
    capsys.readouterr()
    assert main(["leaderboard", str(folder), "--json", "--bootstrap", "0"]) == 0
    rows = json.loads(capsys.readouterr().out)
    text = json.dumps(rows)
    assert "59.43" in text and "grm-bo2" not in text
