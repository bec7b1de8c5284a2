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
    assert first["id"] == "101:gemma-2-9b-it" and first["question_id"] == "101"  # a question answered by a model
    assert first["chosen_index"] == [3, 17] and first["num_correct"] == 2
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


def gpqa_row(qid, model, correct, record_id):
    """A row shaped like lmarena-ai/PPE-GPQA-Best-of-K's (its published ``dataset_info`` features, in order)."""
    scores = [i in correct for i in range(1, 33)]
    row = {
        "question_id": qid, "Question": f"Question {qid}?", "Subdomain": "Organic Chemistry",
        "Record ID": record_id, "High-level domain": "Chemistry", "choices": ["w", "x", "y", "z"],
        "correct_choice_index": 2, "correct_choice": "y", "model_name": model,
        "parsed_outputs": ["C" if ok else "A" for ok in scores], "scores": scores,
        "mean_score": sum(scores) / 32, "prompt": f"Answer question {qid}. Choices: w, x, y, z",
    }  # fmt: skip
    row.update({f"response_{i}": f"{model} on {qid}, sample {i}: {'C' if i in correct else 'A'}" for i in range(1, 33)})
    row.update({"canary_string": "BENCHMARK DATA SHOULD NEVER APPEAR", "conflict_pairs": [[0, 1]],
                "sampled_conflict_pairs": [[0, 1]]})  # fmt: skip
    return row


PPE_MODELS = ("gpt-4o-mini-2024-07-18", "claude-3-haiku-20240307", "Meta-Llama-3-8B-Instruct", "gemma-2-9b-it")


def test_ppe_question_ids_repeat_across_models(tmp_path, capsys):
    """Issue 19 leftovers, item 3: PPE draws each set's 512 rows for four models, so one ``question_id`` can
    come with several ``model_name`` s (MBPP-Plus has fewer problems than rows). Each (question, model) row is
    its own best-of-K record; the new duplicate-id check refused such a file."""
    rows = [gpqa_row("rec7Ag", m, {1 + n, 9}, "rec7Ag") for n, m in enumerate(PPE_MODELS)]
    rows.append(gpqa_row("recQ2b", PPE_MODELS[0], {32}, "recQ2b"))
    source = tmp_path / "ppe-gpqa.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in rows))
    recs, printed = imported(tmp_path, capsys, "ppe", str(source), "--option", "benchmark=gpqa")
    assert [r["id"] for r in recs] == [f"rec7Ag:{m}" for m in PPE_MODELS] + [f"recQ2b:{PPE_MODELS[0]}"]
    assert [r["question_id"] for r in recs] == ["rec7Ag"] * 4 + ["recQ2b"]
    assert [r["response_model"] for r in recs] == [*PPE_MODELS, PPE_MODELS[0]]
    assert [r["chosen_index"] for r in recs] == [[1, 9], [2, 9], [3, 9], [4, 9], [32]]
    claude = recs[1]
    assert claude["chosen"] == [f"{PPE_MODELS[1]} on rec7Ag, sample {i}: C" for i in (2, 9)]
    assert claude["num_incorrect"] == 30 and claude["subset"] == "GPQA" and claude["source"] == "ppe-gpqa"
    assert "5 records" in printed.out

    # the same question answered by the same model twice is a real duplicate: refused, --out kept
    out = tmp_path / "kept.jsonl"
    out.write_text("before\n")
    source.write_text("".join(json.dumps(r) + "\n" for r in [*rows, rows[2]]))
    assert main(["import", "ppe", str(source), "--option", "benchmark=gpqa", "--out", str(out)]) == 2
    assert "duplicate id 'rec7Ag:Meta-Llama-3-8B-Instruct'" in capsys.readouterr().err
    assert out.read_text() == "before\n"


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
