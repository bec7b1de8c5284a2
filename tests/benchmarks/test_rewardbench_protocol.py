"""RewardBench scored by its own rules (``--protocol native``) against JudgeBench's vote rule.

The expected values were obtained by running allenai/reward-bench's ``calculate_scores_per_section``
(``rewardbench/utils.py``, with ``EXAMPLE_COUNTS``/``SUBSET_MAPPING`` from ``rewardbench/constants.py``) and the
overall weighting of ``analysis/get_benchmark_results.py`` (Prior Sets the unweighted mean of its four sets,
section weights 2, 2, 2, 2, 1) in a scratch directory, on the per-example results ``run_generative.py`` /
``run_rm.py`` give here (listed per pair below): generative 53.97 (sections 0, 100, 50, 92.86; Prior 0),
reward model 54.41 (50, 27.01, 100, 42.86; Prior 50).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from judgebench.cli.main import main
from judgebench.metrics.rewardbench_rules import rewardbench_pair
from judgebench.records import JudgedPair, read_pairs, write_pairs

FIXTURES = Path(__file__).parent / "fixtures" / "rewardbench"


def _pairs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list:
    out = []
    for name, extra in (("filtered.jsonl", []), ("pref_shp.jsonl", ["--option", "subset=shp"])):
        dest = tmp_path / f"{name}.pairs.jsonl"
        assert main(["import", "reward-bench", str(FIXTURES / name), *extra, "--out", str(dest)]) == 0
        out += read_pairs(dest)
    capsys.readouterr()
    return out


def _judged(pairs: list, judge: str | None, decisions: dict[tuple[str, object], list[str | None]]) -> list[JudgedPair]:
    return [
        JudgedPair(
            p, judge, [{"judgment": {"judge_model": "m"}, "decision": d} for d in decisions[(p.source, p.original_id)]]
        )
        for p in pairs
    ]


def _cells(path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, tuple]:
    out = {}
    for view in ("uniform", "native"):
        assert main(["benchmarks", str(path), "--json", "--bootstrap", "100", "--protocol", view]) == 0
        cell = json.loads(capsys.readouterr().out)["rows"][0]["benchmarks"]["rewardbench"]
        out[view] = (cell["accuracy"], {k: v["accuracy"] for k, v in cell["categories"].items()})
    return out


def test_generative_judge_one_seeded_order_tie_half(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pairs = _pairs(tmp_path, capsys)
    # labels with seed 0: filtered 1, 2 and both shp rows B>A, the rest A>B. The judge picks the first slot
    # in both orders (the second recorded swapped, so its vote sums to 0: nothing under the vote rule);
    # donotanswer (5) it calls a tie, hep-python (8) fails.
    first_slot: dict[tuple[str, object], list[str | None]] = {(p.source, p.original_id): ["A>B", "A>B"] for p in pairs}
    first_slot[("rewardbench-donotanswer", 5)] = ["A=B", "A=B"]
    first_slot[("rewardbench-hep-python", 8)] = [None, None]
    path = tmp_path / "g.jsonl"
    write_pairs(path, _judged(pairs, "arena_hard", first_slot))
    cells = _cells(path, capsys)
    # run_generative.py: the first order only: alpacaeval-easy 0, 0; mt-bench-hard 1; llmbar-natural 1;
    # donotanswer 0.5 (tie); math-prm 1, 1; hep-python 0.5 (error); shp 0, 0
    assert cells["native"] == (
        53.97,
        {"Chat": 0.0, "Chat Hard": 100.0, "Safety": 50.0, "Reasoning": 92.86, "Prior Sets": 0.0},
    )
    assert cells["uniform"][0] == 0.0  # the vote rule: every pair's orders cancel


def test_reward_model_tie_is_wrong(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pairs = _pairs(tmp_path, capsys)
    right, tie, wrong = ["L", "L"], ["A=B", "A=B"], ["W", "W"]
    plan = {
        ("rewardbench-alpacaeval-easy", 1): right,
        ("rewardbench-alpacaeval-easy", 2): tie,  # equal scores: wrong in run_rm.py (and under the vote)
        ("rewardbench-mt-bench-hard", 3): right,
        ("rewardbench-llmbar-natural", 4): wrong,
        ("rewardbench-donotanswer", 5): right,
        ("rewardbench-math-prm", 6): right,
        ("rewardbench-math-prm", 7): wrong,
        ("rewardbench-hep-python", 8): wrong,
        ("rewardbench-shp", 1): right,
        ("rewardbench-shp", 2): ["A=B", "L"],  # first order tied, second right: the vote says right, run_rm wrong
    }
    flipped = {"A>B": "B>A", "B>A": "A>B"}
    decisions = {}
    for p in pairs:
        wanted = plan[(p.source, p.original_id)]
        # the second order is recorded in swapped positions
        as_recorded = [p.label if w == "L" else flipped[p.label] if w == "W" else w for w in wanted]
        if len(as_recorded) > 1 and as_recorded[1] in flipped:
            as_recorded[1] = flipped[as_recorded[1]]
        decisions[(p.source, p.original_id)] = as_recorded
    judged = _judged(pairs, "reward_model", decisions)
    assert [rewardbench_pair(jp) for jp in judged if jp.pair.source == "rewardbench-shp"] == [(2, 2), (0, 2)]
    path = tmp_path / "rm.jsonl"
    write_pairs(path, judged)
    cells = _cells(path, capsys)
    sections = {"Chat": 50.0, "Chat Hard": 27.01, "Safety": 100.0, "Reasoning": 42.86}
    assert cells["native"] == (54.41, {**sections, "Prior Sets": 50.0})
    # the vote rule: shp 2 right, Prior Sets 100, overall (2 * (50 + 27.007 + 100 + 42.857) + 100) / 9
    assert cells["uniform"] == (59.97, {**sections, "Prior Sets": 100.0})


def test_prior_sets_import_names_the_subset(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pairs = [p for p in _pairs(tmp_path, capsys) if p.source == "rewardbench-shp"]
    assert [p.original_id for p in pairs] == [1, 2]  # no id in pref-test-sets rows: numbered by line
    assert main(["import", "reward-bench", str(FIXTURES / "pref_shp.jsonl"), "--out", str(tmp_path / "x.jsonl")]) == 2
    assert "unknown RewardBench subset 'askscience'" in capsys.readouterr().err


@pytest.mark.parametrize(("judge_name", "expected"), [("reward_model", 0.0), ("arena_hard", 50.0)])
def test_judge_named_by_the_file_name(
    judge_name: str, expected: float, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # every order a tie, the judge named only by the file: run_rm.py gives 0, run_generative.py ½ per pair
    pairs = _pairs(tmp_path, capsys)
    path = tmp_path / f"dataset=rb,response_model=x,judge_name={judge_name},judge_model=m.jsonl"
    write_pairs(path, _judged(pairs, None, {(p.source, p.original_id): ["A=B", "A=B"] for p in pairs}))
    assert main(["benchmarks", str(path), "--json", "--bootstrap", "0", "--protocol", "native"]) == 0
    assert json.loads(capsys.readouterr().out)["rows"][0]["benchmarks"]["rewardbench"]["accuracy"] == expected
