"""The Python API on best-of-K sets: ``judgebench.score`` picks the metrics by shape, ``judge_best_of_k`` judges."""

from __future__ import annotations

import json

import pytest

import judgebench
from judgebench.metrics.best_of_k import BestOfKScore
from judgebench.metrics.scorecard import FileScore
from tests.conftest import GRM
from tests.judges.fake_engine import FakeEngine


def test_score_and_judge_best_of_k(tmp_path):
    bo2 = tmp_path / "bo2.jsonl"
    from judgebench.cli.main import main

    assert main(["import", "pairs", str(GRM), "--out", str(bo2)]) == 0
    pair_score, set_score = judgebench.score([GRM, bo2], bootstrap=0)
    assert isinstance(pair_score, FileScore) and isinstance(set_score, BestOfKScore)
    assert set_score.categories["Overall"]["accuracy"] == 59.43

    small = tmp_path / "set.jsonl"
    small.write_text(json.dumps({"id": "a", "prompt": "p", "chosen": ["good"], "rejected": ["bad", "worse"]}) + "\n")
    engine = FakeEngine(lambda r: "[[9]]" if "Answer]\ngood" in r.messages[0].content else "[[4]]")
    summary = judgebench.judge_best_of_k(
        small, judge="rating", model="openai/fake", out=tmp_path / "out.jsonl", options={"engine": engine}, bootstrap=0
    )
    assert summary.judged == 1 and summary.score is not None
    assert summary.score.categories["Overall"]["accuracy"] == 100.0 and len(engine.requests) == 3


def test_best_of_k_results_have_the_pair_results_shape(tmp_path, capsys):
    """Attributes as on a pairs file's score, to_dict() is the --json form, item access still reads attributes."""
    from judgebench.cli.main import main

    bo2 = tmp_path / "bo2.jsonl"
    assert main(["import", "pairs", str(GRM), "--out", str(bo2)]) == 0
    pair_score, set_score = judgebench.score([GRM, bo2], bootstrap=200)
    pair_all, set_all = pair_score.categories["Overall"], set_score.categories["Overall"]
    assert (pair_all.accuracy, pair_all.n) == (59.43, 350) and (set_all.accuracy, set_all.n) == (59.43, 350)
    assert set_all.ci95 is not None and set_all.ci95[0] < set_all.accuracy < set_all.ci95[1]
    assert set_all.best_of_k == {"1": 50.0, "2": 59.43} and set_all.failed == 0
    capsys.readouterr()
    assert main(["score", str(bo2), "--json", "--bootstrap", "200"]) == 0
    (printed,) = json.loads(capsys.readouterr().out)["results"]
    assert set_score.to_dict() == printed and set_all.to_dict() == printed["categories"]["Overall"]
    assert set_all["accuracy"] == set_all.accuracy and set_all["ci95"] == list(set_all.ci95)
    with pytest.raises(KeyError):
        set_all["top1"]
