"""The Python API on best-of-K sets: ``judgebench.score`` picks the metrics by shape, ``judge_best_of_k`` judges."""

from __future__ import annotations

import json

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
        small, judge="rating", model="openai/fake", out=tmp_path / "out.jsonl", extra={"engine": engine}, bootstrap=0
    )
    assert summary.judged == 1 and summary.score is not None
    assert summary.score.categories["Overall"]["accuracy"] == 100.0 and len(engine.requests) == 3
