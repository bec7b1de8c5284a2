"""``analyze best-of-k``'s result: which reference lines each judge gets, its label, its JSON and its interval."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from judgebench.analysis.best_of_k import best_of_k_files
from judgebench.cli.main import main
from judgebench.errors import ConfigError


def write_set(path: Path, scores: list[tuple[list[float], list[float]]], **names: str) -> str:
    """One prompt per entry, each with its chosen and rejected responses scored as given."""
    rows = []
    for i, (chosen, rejected) in enumerate(scores):
        rows.append(
            {
                "id": f"q{i}",
                "prompt": f"p{i}",
                "chosen": [f"c{j}" for j in range(len(chosen))],
                "rejected": [f"r{j}" for j in range(len(rejected))],
                "num_correct": len(chosen),
                "num_incorrect": len(rejected),
                "total_completions": len(chosen) + len(rejected),
                "subset": "Math",
                "scores_chosen": chosen,
                "scores_rejected": rejected,
                **names,
            }
        )
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return str(path)


def test_judges_of_different_sets_get_their_own_reference_lines(tmp_path: Path) -> None:
    # set 1: one correct of four; set 2: one correct of two. Judges 1 and 3 judged set 1.
    four = [([9.0], [1.0, 2.0, 3.0]), ([9.0], [1.0, 2.0, 3.0])]
    two = [([1.0], [2.0]), ([3.0], [1.0])]
    a = write_set(tmp_path / "a.jsonl", four, judge_name="rm", judge_model="perfect")
    b = write_set(tmp_path / "b.jsonl", two, judge_name="rm", judge_model="half")
    c = write_set(tmp_path / "c.jsonl", [([1.0], [2.0, 0.0, 0.0]), ([9.0], [1.0, 2.0, 3.0])], judge_model="other")
    result = best_of_k_files([a, b, c], iterations=0)
    assert [(j.name, j.reference) for j in result.judges] == [("perfect", 0), ("half", 1), ("other", 0)]
    assert [(r.oracle, r.random) for r in result.references] == [
        ({"1": 25.0, "2": 50.0, "3": 75.0, "4": 100.0}, {"1": 25.0, "2": 25.0, "3": 25.0, "4": 25.0}),
        ({"1": 50.0, "2": 100.0}, {"1": 50.0, "2": 50.0}),
    ]
    half = result.judges[1]
    assert (half.curve, half.accuracy, half.pairwise, half.n, half.failed) == ({"1": 50.0, "2": 50.0}, 50.0, 50.0, 2, 0)
    other = result.judges[2]
    assert (other.accuracy, other.judge_name, other.judge_model) == (50.0, None, "other")


def test_label_is_the_model_else_the_name_else_the_file(tmp_path: Path) -> None:
    one = [([2.0], [1.0])]
    paths = [
        write_set(tmp_path / "m.jsonl", one, judge_name="prompted", judge_model="gpt-x"),
        write_set(tmp_path / "n.jsonl", one, judge_name="prompted"),
        write_set(tmp_path / "nothing.jsonl", one),
    ]
    result = best_of_k_files(paths, iterations=0)
    assert [j.name for j in result.judges] == ["gpt-x", "prompted", "nothing.jsonl"]
    assert [j.file for j in result.judges] == paths


def test_json_form_and_the_seeded_interval(tmp_path: Path) -> None:
    scores = [([2.0], [1.0])] * 6 + [([1.0], [2.0])] * 4 + [([1.0], [1.0])] * 2
    path = write_set(tmp_path / "s.jsonl", scores, judge_name="rm", judge_model="m", response_model="gen")
    result = best_of_k_files([path], iterations=200, seed=3)
    judge = result.judges[0]
    assert judge.ci95 is not None and judge.ci95[0] < judge.accuracy < judge.ci95[1]  # type: ignore[operator]
    assert best_of_k_files([path], iterations=200, seed=3).judges[0].ci95 == judge.ci95
    assert best_of_k_files([path], iterations=0).judges[0].ci95 is None
    assert best_of_k_files([path], iterations=200, seed=4).judges[0].ci95 != judge.ci95
    data = result.to_dict()
    assert data == {
        "judges": [
            {
                "file": path,
                "judge_name": "rm",
                "judge_model": "m",
                "response_model": "gen",
                "best_of_k": judge.curve,
                "accuracy": judge.accuracy,
                "ci95": list(judge.ci95),
                "pairwise": judge.pairwise,
                "tie_rate": judge.tie_rate,
                "recovery": judge.recovery,
                "n": 12,
                "failed": 0,
                "reference": 0,
            }
        ],
        "references": [{"oracle_best_of_k": {"1": 50.0, "2": 100.0}, "random_best_of_k": {"1": 50.0, "2": 50.0}}],
    }
    # two ties among 12: 6 right, 4 wrong, 2 tied (half right each)
    assert (judge.accuracy, judge.tie_rate) == (round(100 * 7 / 12, 2), round(100 * 2 / 12, 2))
    assert best_of_k_files([path], iterations=0).to_dict()["judges"][0]["ci95"] is None
    assert main(["analyze", "best-of-k", path, "--json", "--bootstrap", "0"]) == 0


def test_an_empty_file_is_not_a_judged_best_of_k_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    with pytest.raises(ConfigError, match=r"empty\.jsonl is not a judged best-of-K file"):
        best_of_k_files([str(empty)], iterations=0)
    unjudged = tmp_path / "unjudged.jsonl"
    unjudged.write_text(json.dumps({"id": "q", "prompt": "p", "chosen": ["c"], "rejected": ["r"]}) + "\n")
    good = write_set(tmp_path / "good.jsonl", [([2.0], [1.0])])
    with pytest.raises(ConfigError, match=r"unjudged\.jsonl is not a judged best-of-K file"):
        best_of_k_files([good, str(unjudged)], iterations=0)


def test_the_analysis_draws_1000_times_with_seed_0_by_default(tmp_path: Path) -> None:
    # 37 prompts, one correct and two incorrect responses each, scores drawn once from 0..5 with seed 2:
    # 999 or 1001 draws move the upper bound (45.97, 45.95), seed 1 the interval
    rng = random.Random(2)
    scores = [([float(rng.randint(0, 5))], [float(rng.randint(0, 5)) for _ in range(2)]) for _ in range(37)]
    path = write_set(tmp_path / "s.jsonl", scores, judge_model="m")
    default = best_of_k_files([path]).judges[0]
    assert default.ci95 == best_of_k_files([path], iterations=1000, seed=0).judges[0].ci95 == (20.72, 45.96)
    assert best_of_k_files([path], seed=1).judges[0].ci95 != default.ci95
