"""RewardBench 2 and PPE best-of-K importers on fixtures written from the datasets' published schemas
(the hub's ``dataset_info`` features); the download path is the hub's Parquet listing, as for JudgeBench."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from judgebench.best_of_k import read_best_of_k
from judgebench.cli.main import main
from judgebench.importers import IMPORTERS
from judgebench.importers.ppe import dataset_id

FIXTURES = Path(__file__).parent / "fixtures"


def imported(tmp_path, capsys, *argv):
    out = tmp_path / "out.jsonl"
    assert main(["import", *argv, "--out", str(out)]) == 0
    printed = capsys.readouterr()
    return read_best_of_k(out), printed


def test_reward_bench_2(tmp_path, capsys):
    recs, printed = imported(tmp_path, capsys, "reward-bench-2", str(FIXTURES / "reward-bench-2.jsonl"))
    assert [r["id"] for r in recs] == ["0", "1", "2"]
    math = recs[0]
    assert math["chosen"] == ["7 * 8 = 56."] and len(math["rejected"]) == 3
    assert (math["num_correct"], math["num_incorrect"], math["total_completions"]) == (1, 3, 4)
    assert math["subset"] == "Math" and math["source"] == "reward-bench-2"
    assert math["response_model"] is None  # four models
    assert recs[1]["response_model"] == "gpt-4o" and recs[1]["num_correct"] == 3
    assert math["additional_metadata"]["category"] == "arithmetic"
    assert "3 records" in printed.out and "Precise IF" in printed.out


def test_ppe_best_of_k(tmp_path, capsys):
    recs, printed = imported(
        tmp_path, capsys, "ppe", str(FIXTURES / "ppe-mmlu-pro.jsonl"), "--option", "benchmark=mmlu-pro"
    )
    first, all_right, all_wrong = recs
    assert first["id"] == "101" and first["chosen_index"] == [3, 17] and first["num_correct"] == 2
    assert first["num_incorrect"] == 30 and first["total_completions"] == 32
    assert first["chosen"][0] == "q101 response 3: the answer is (B)"
    assert first["rejected_index"] == [i for i in range(1, 33) if i not in (3, 17)]
    assert first["subset"] == "MMLU-Pro" and first["source"] == "ppe-mmlu-pro"
    assert first["response_model"] == "gemma-2-9b-it" and first["prompt"].startswith("Question 101")
    assert all_right["num_correct"] == 32 and all_right["rejected"] == []
    # row 103: response 5 missing, score 10 null -> 30 responses kept, both left-outs counted
    assert all_wrong["num_correct"] == 0 and all_wrong["total_completions"] == 30
    assert 5 not in all_wrong["rejected_index"] and 10 not in all_wrong["rejected_index"]
    assert "left out: 1 missing response, 1 no score" in printed.err


def test_ppe_needs_a_benchmark(tmp_path, capsys):
    out = tmp_path / "x.jsonl"
    assert main(["import", "ppe", str(FIXTURES / "ppe-mmlu-pro.jsonl"), "--out", str(out)]) == 2
    assert "name a PPE benchmark" in capsys.readouterr().err
    assert dataset_id("mbpp-plus") == "lmarena-ai/PPE-MBPP-Plus-Best-of-K"


def test_downloads_go_through_the_hub_listing(tmp_path, monkeypatch):
    """Without a file the importer asks the hub for the split's Parquet files (here a refused connection)."""
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    monkeypatch.setenv("JUDGEBENCH_CACHE", str(tmp_path))
    from judgebench.errors import DataUnavailableError

    listing = "/tree/refs/convert/parquet/default/"  # the hub's Parquet conversion of the dataset
    with pytest.raises(DataUnavailableError, match=f"api/datasets/allenai/reward-bench-2{listing}test"):
        IMPORTERS.get("reward-bench-2").run(None, {})
    with pytest.raises(DataUnavailableError, match=f"lmarena-ai/PPE-MATH-Best-of-K{listing}train"):
        IMPORTERS.get("ppe").run("math", {})


def test_unknown_importer_is_one_line(tmp_path, capsys):
    assert main(["import", "nope", "--out", str(tmp_path / "x.jsonl")]) == 2
    assert "unknown importer 'nope'" in capsys.readouterr().err


def test_scored_after_import(tmp_path, capsys):
    """An imported set with scores added scores by shape (RewardBench 2's 1-of-4: chance is 25%)."""
    recs, _ = imported(tmp_path, capsys, "reward-bench-2", str(FIXTURES / "reward-bench-2.jsonl"))
    judged = tmp_path / "judged.jsonl"
    with judged.open("w") as fh:
        for r in recs:
            sc = [len(t) for t in r["chosen"]]
            sr = [len(t) for t in r["rejected"]]
            fh.write(json.dumps({**r, "scores_chosen": sc, "scores_rejected": sr}) + "\n")
    assert main(["score", "--json", "--bootstrap", "0", str(judged)]) == 0
    cats = json.loads(capsys.readouterr().out)["results"][0]["categories"]
    assert cats["Math"]["random"] == 25.0 and cats["Math"]["best_of_k"]["1"] == 25.0
    # lengths: chosen 11, rejected 11 ("7 * 8 = 54."), 9, 2 -> tie at the top, half credit
    assert cats["Math"]["accuracy"] == 50.0


def test_scoring_an_unjudged_set_says_to_judge_it(tmp_path, capsys):
    imported(tmp_path, capsys, "reward-bench-2", str(FIXTURES / "reward-bench-2.jsonl"))
    assert main(["score", str(tmp_path / "out.jsonl")]) == 2
    assert "without scores: judge the set first" in capsys.readouterr().err
