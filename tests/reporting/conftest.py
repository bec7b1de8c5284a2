"""A report's input: the recorded GPT-4o-split outputs, a solve file for o1-mini, and a self-preference pair."""

from __future__ import annotations

import json

import pytest

from judgebench.records import category_of
from tests.analysis.fixtures import J1, J2, write_judged
from tests.conftest import GRM, O1_MINI, SKYWORK

#: The solve fixture's rule: Math and Coding solved, Knowledge wrong, Reasoning unverifiable. So the solver
#: scores 0 / 0 / 100 / 100 per category and (56 + 42) / 350 = 28.00 overall, 98 unverifiable.
SOLVE_RULE = {"Knowledge": "incorrect", "Reasoning": "unverifiable", "Math": "correct", "Coding": "correct"}


@pytest.fixture(scope="session")
def report_inputs(tmp_path_factory):
    d = tmp_path_factory.mktemp("report-inputs")
    solve = d / "solve-o1-mini.jsonl"
    with solve.open("w") as fh:
        for line in O1_MINI.open():
            r = json.loads(line)
            outcome = SOLVE_RULE[str(category_of(r["source"]))]
            row = {"pair_id": r["pair_id"], "source": r["source"], "model": "o1-mini-2024-09-12"}
            fh.write(
                json.dumps({**row, "response": "", "extracted": None, "outcome": outcome, "rule": "fixture"}) + "\n"
            )
    judge = "claude-3-haiku-20240307"
    own = write_judged(d / "own.jsonl", J1, judge_model=judge, response_model="claude-fixture")
    other = write_judged(d / "other.jsonl", J2, judge_model=judge, response_model="gpt-fixture")
    return [str(O1_MINI), str(SKYWORK), str(GRM), str(solve), own, other]
