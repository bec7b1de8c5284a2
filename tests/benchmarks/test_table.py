"""``judgebench benchmarks``: judges × benchmarks with spread and baselines; RewardBench's own weighting."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from judgebench.cli.main import main
from judgebench.records import JudgedPair, flip, read_pairs, write_pairs

FIXTURES = Path(__file__).parent / "fixtures"


def run_json(capsys: pytest.CaptureFixture[str], *files: Path) -> dict:
    assert main(["benchmarks", *map(str, files), "--json", "--bootstrap", "200"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def llmbar_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[Path]:
    out = tmp_path / "runs"
    assert main(["import", "llmbar-results", str(FIXTURES / "llmbar" / "Dataset"), "--out", str(out)]) == 0
    capsys.readouterr()
    return sorted(out.iterdir())


def test_judges_by_benchmark_with_spread_and_baselines(llmbar_runs: list[Path], capsys: pytest.CaptureFixture[str]):
    table = run_json(capsys, *llmbar_runs)
    assert table["columns"] == ["llmbar-natural", "llmbar-adversarial"]
    judges = {(r["judge_name"], r["judge_model"]): r["benchmarks"] for r in table["rows"] if not r["baseline"]}
    # vote rule: Rating item 33 is split between the orders (undecided), item 10 of Manual has no winner
    assert judges[("Metrics_Reference", "GPT-4")]["llmbar-natural"]["accuracy"] == 100.0
    natural = judges[("Rating", "GPT-4")]["llmbar-natural"]
    assert (natural["accuracy"], natural["correct"], natural["n"]) == (66.67, 2, 3)
    lo, hi = natural["ci95"]
    assert lo <= 66.67 <= hi
    adversarial = judges[("Vanilla_1shot", "GPT-4")]["llmbar-adversarial"]
    assert (adversarial["correct"], adversarial["n"], list(adversarial["categories"])) == (1, 2, ["Manual"])
    # the excerpts judge different items: each judge covers part of the 4 natural pairs, so both are partial
    # and no spread compares them (tests/test_leaderboard_mixed.py checks a spread of complete runs)
    assert (natural["coverage"], natural["partial"]) == ({"pairs": 3, "of": 4}, True)
    assert table["spread"]["llmbar-natural"] == {"points": None, "best": None, "worst": None, "judges": 0, "partial": 2}
    baselines = {r["judge_name"]: r["benchmarks"] for r in table["rows"] if r["baseline"]}
    assert list(baselines) == ["always A (vote)", "always A (first order)", "longer wins", "random"]
    natural_pairs = {
        (j["pair_id"], j["label"]) for f in llmbar_runs if "natural" in f.name for j in map(json.loads, f.open())
    }
    first = baselines["always A (first order)"]["llmbar-natural"]
    assert first["n"] == len(natural_pairs) == 4  # distinct pairs of both runs
    assert first["correct"] == sum(lab == "A>B" for _, lab in natural_pairs)
    assert baselines["always A (vote)"]["llmbar-natural"]["correct"] == 0  # both orders judged: they cancel
    assert main(["benchmarks", *map(str, llmbar_runs), "--markdown", "--bootstrap", "0"]) == 0
    md = capsys.readouterr().out
    assert "| Judge | Model | LLMBar Natural | LLMBar Adversarial |" in md
    assert "| Rating | GPT-4 | 66.67 (2/3) partial 3/4 | - |" in md
    assert "| spread (best − worst judge) | | - | - |" in md


def test_rewardbench_weights_subsets_and_averages_sections(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    pairs_file = tmp_path / "rb.jsonl"
    assert (
        main(["import", "reward-bench", str(FIXTURES / "rewardbench" / "filtered.jsonl"), "--out", str(pairs_file)])
        == 0
    )
    right = {1, 3, 5, 6, 7}  # alpacaeval-easy 1 of 2, mt-bench-hard, donotanswer, both math-prm
    judged = []
    for p in read_pairs(pairs_file):
        label = p.label if p.original_id in right else flip(p.label)
        judged.append(
            JudgedPair(p, "rm", [{"judgment": {"judge_model": "tiny"}, "decision": label}, {"decision": flip(label)}])
        )
    out = tmp_path / "judged.jsonl"
    write_pairs(out, judged)
    capsys.readouterr()
    cell = run_json(capsys, out)["rows"][0]["benchmarks"]["rewardbench"]
    sections = {k: v["accuracy"] for k, v in cell["categories"].items()}
    # Chat Hard: mt-bench-hard right (weight 37), llmbar-natural wrong (100);
    # Reasoning: math-prm 2/2 (weight 984), hep-python 0/1 (164)
    assert sections == {
        "Chat": 50.0,
        "Chat Hard": round(100 * 37 / 137, 2),
        "Safety": 100.0,
        "Reasoning": round(100 * 984 / 1148, 2),
    }
    assert cell["accuracy"] == round((50 + 100 * 37 / 137 + 100 + 100 * 984 / 1148) / 4, 2) == 65.68
    assert (cell["correct"], cell["n"]) == (5, 8)  # raw counts beside the weighted score


def test_bad_input_exit_2(llmbar_runs: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["benchmarks", str(llmbar_runs[0]), str(llmbar_runs[0])]) == 2
    assert "judged twice by" in capsys.readouterr().err
    rec = json.loads(llmbar_runs[0].read_text().splitlines()[0])
    rec["source"] = "nowhere-bench"
    odd = tmp_path / "odd.jsonl"
    odd.write_text(json.dumps(rec) + "\n")
    assert main(["benchmarks", str(odd)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "'nowhere-bench' belongs to no known benchmark" in err
