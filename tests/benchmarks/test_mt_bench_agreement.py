"""MT-Bench's own metric, FastChat's ``compute_agreement.py``, on the fixture votes and by hand.

The expected counts below are what FastChat's ``get_mt_bench_agreement`` prints on ``fixtures/mt_bench`` (run
against lm-sys/FastChat's file, GPT-4 rows given its judge name ``["gpt-4", "pair-v2"]``): turn 1 judge vs
human 3/4 in both setups, human vs human 1/2; turn 2 judge vs human 0/1 (S1) and 0/0 (S2, GPT-4's tie left
out). FastChat counts ``expert_*`` votes as human, not ``author_*`` ones.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from judgebench.cli.main import main
from judgebench.metrics.mt_bench_agreement import human_vs_human, judge_side, judge_vs_human

FIXTURES = Path(__file__).parent / "fixtures" / "mt_bench"


def _by_comparison(rows: list[dict]) -> dict[tuple[int, int, str, str], list[str]]:
    """FastChat's grouping: votes by (turn, question, models sorted), each vote named by model."""
    out: dict[tuple[int, int, str, str], list[str]] = {}
    for r in rows:
        a, b = sorted((r["model_a"], r["model_b"]))
        side = {"model_a": r["model_a"], "model_b": r["model_b"]}.get(r["winner"], r["winner"])
        out.setdefault((r["turn"], r["question_id"], a, b), []).append(side)
    return out


def _agreement(turn: int, setup: str) -> tuple[tuple[int, int], tuple[int, int]]:
    rows = [json.loads(x) for x in (FIXTURES / "human.jsonl").read_text().splitlines()]
    humans = _by_comparison([r for r in rows if r["judge"].startswith("expert")])
    gpt4 = _by_comparison([json.loads(x) for x in (FIXTURES / "gpt4_pair.jsonl").read_text().splitlines()])
    jh = [judge_vs_human(gpt4[k][0], v, setup) for k, v in humans.items() if k[0] == turn and k in gpt4]
    hh = [human_vs_human(v, setup) for k, v in humans.items() if k[0] == turn]
    return (sum(a for a, _ in jh), sum(n for _, n in jh)), (sum(a for a, _ in hh), sum(n for _, n in hh))


@pytest.mark.parametrize(
    ("turn", "setup", "judge_human", "human_human"),
    [(1, "S1", (3, 4), (1, 2)), (1, "S2", (3, 4), (1, 2)), (2, "S1", (0, 1), (0, 0)), (2, "S2", (0, 0), (0, 0))],
)
def test_fastchat_agreement_on_the_fixture(turn, setup, judge_human, human_human) -> None:
    assert _agreement(turn, setup) == (judge_human, human_human)


def test_ties_by_hand() -> None:
    votes = ["m1", "tie", "tie (bothbad)", "m2"]
    assert judge_vs_human("tie (inconsistent)", votes, "S1") == (2, 4)  # a tie agrees with any tie
    assert judge_vs_human("tie", votes, "S2") == (0, 0)  # the judge's tie: the comparison is left out
    assert judge_vs_human("m1", votes, "S2") == (1, 2)  # the experts' ties are left out
    assert judge_vs_human(None, votes, "S2") == (0, 2)  # a failed judgment is no tie: it disagrees
    assert human_vs_human(votes, "S1") == (1, 6)  # the two ties agree
    assert human_vs_human(votes, "S2") == (0, 1)
    assert judge_side("m1", "m2", ["A>B", "B>A"]) == "m1"
    assert judge_side("m1", "m2", ["A>B", "A>B"]) == "tie"  # the orders disagree: FastChat's pair judge ties
    assert judge_side("m1", "m2", [None]) is None


def test_native_mt_bench_human_is_fastchat_s2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "judged.jsonl"
    argv = ["import", "mt-bench", str(FIXTURES / "human.jsonl"), "--option"]
    assert main([*argv, f"judgments={FIXTURES / 'gpt4_pair.jsonl'}", "--out", str(out)]) == 0
    capsys.readouterr()
    cells = {}
    for view in ("uniform", "native"):
        assert main(["benchmarks", str(out), "--json", "--bootstrap", "0", "--protocol", view]) == 0
        cell = json.loads(capsys.readouterr().out)["rows"][0]["benchmarks"]["mt-bench-human"]
        cells[view] = (cell["accuracy"], cell["correct"], cell["n"])
    # the imported pairs: q81 (gpt-4 2 votes, the author's tie 1; GPT-4 picks gpt-4) and q113 turn 2 (vicuna 1;
    # GPT-4 ties). Vote rule: GPT-4's tie is wrong, 1/2. S2: the tie is left out and so is the tie vote: 2/2
    assert cells == {"uniform": (50.0, 1, 2), "native": (100.0, 2, 2)}
