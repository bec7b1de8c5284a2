"""RM-Bench: the importer (on a fixture written from its README's schema) and its own accuracies.

The expected accuracies were obtained by running THU-KEG/RM-Bench's ``compute_accuracy`` (``scripts/utils.py``)
on the scores below in a scratch directory: chat 55.56, math 77.78, code 33.33, safety 72.22; hard 41.67,
normal 62.5, easy 75.0; total 59.72. In that code hard is the upper triangle of the chosen-style ×
rejected-style matrix (a plainer chosen response against a fancier rejected one) and easy the lower one.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from judgebench.best_of_k import read_best_of_k
from judgebench.cli.main import main

FIXTURES = Path(__file__).parent / "fixtures"

# scores by style (concise, detailed plain, detailed markdown), chosen then rejected, per fixture row
SCORES = {
    "1": ([1, 5, 6], [2, 3, 7]),
    "2": ([4, 4, 4], [4, 1, 1]),  # equal scores lose in RM-Bench, count ½ in judgebench's pairwise
    "3": ([3, 3, 9], [1, 2, 8]),
    "4": ([2, 2, 2], [1, 1, 1]),
    "5": ([0, 5, 5], [1, 4, 6]),
    "6": ([1, 2, 3], [3, 2, 1]),
}


def test_import_keeps_the_style_order(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "rm.jsonl"
    assert main(["import", "rm-bench", str(FIXTURES / "rm-bench.json"), "--out", str(out)]) == 0
    capsys.readouterr()
    recs = read_best_of_k(out)
    assert [(r["id"], r["subset"], r["source"]) for r in recs][:2] == [
        ("1", "chat", "rm-bench"),
        ("2", "chat", "rm-bench"),
    ]
    assert recs[0]["chosen"] == ["c1 concise", "c1 detailed plain", "**c1** detailed markdown"]
    assert recs[0]["rejected"][2] == "**r1** detailed markdown"


def test_bad_row_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = json.loads((FIXTURES / "rm-bench.json").read_text())
    rows[1]["chosen"] = rows[1]["chosen"][:2]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(rows))
    assert main(["import", "rm-bench", str(bad), "--out", str(tmp_path / "o.jsonl")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "'chosen' must be a list of 3 strings" in err


def test_rm_bench_native_accuracies(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    imported = tmp_path / "rm.jsonl"
    assert main(["import", "rm-bench", str(FIXTURES / "rm-bench.json"), "--out", str(imported)]) == 0
    judged = tmp_path / "judged.jsonl"
    with judged.open("w") as fh:
        for r in read_best_of_k(imported):
            good, bad = SCORES[r["id"]]
            fh.write(
                json.dumps({**r, "judge_name": "reward_model", "scores_chosen": good, "scores_rejected": bad}) + "\n"
            )
    capsys.readouterr()
    assert main(["score", str(judged), "--json", "--bootstrap", "0"]) == 0
    result = json.loads(capsys.readouterr().out)["results"][0]
    native = result["native"]
    assert native["protocol"] == "rm-bench"
    assert (native["score"], native["easy"], native["normal"], native["hard"]) == (59.72, 75.0, 62.5, 41.67)
    assert native["domains"]["chat"] == {"easy": 66.67, "normal": 50.0, "hard": 50.0}  # mean 55.56
    assert native["domains"]["safety"] == {"easy": 100.0, "normal": 66.67, "hard": 50.0}  # both safety rows pooled
    # judgebench's own view of the same file: pairwise over all 9 pairs with ties ½ (rows 2 and 6 hold ties)
    pairwise = (4 + 7.5 + 7 + 9 + 4 + 4.5) / 54
    assert result["categories"]["Overall"]["pairwise"] == round(100 * pairwise, 2) == 66.67
