"""A judged best-of-K file's score as ``judgebench score`` reports it: failed prompts, names, ``native``, edges.

Hand-computed: a category whose every prompt failed has no figure (not a zero); recovery is undefined when the
oracle equals the random line; the set's own score (``native``) comes only from one source that names a
protocol, and a set that protocol cannot score says why.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from judgebench.best_of_k import JudgedPrompt
from judgebench.errors import MalformedRecordError
from judgebench.metrics.best_of_k import OVERALL, score_best_of_k_file, score_prompts


def jp(pid: str, subset: str, good: list[float | None], bad: list[float | None], source: str | None = None) -> Any:
    return JudgedPrompt(pid, subset, good, bad, "rating", "judge/m", "resp/m", source)


def test_a_category_whose_every_prompt_failed_has_no_figures() -> None:
    prompts = [
        jp("a", "math", [2.0], [1.0, 0.0]),
        jp("b", "code", [None], [1.0]),
        jp("c", "code", [2.0], [None, 1.0]),
    ]
    cats = score_prompts(prompts, bootstrap=100).categories
    assert list(cats) == ["code", "math", OVERALL]
    assert cats["code"].to_dict() == {
        "accuracy": None,
        "ci95": None,
        "pairwise": None,
        "pairwise_ci95": None,
        "n_pairwise": 0,
        "best_of_k": {},
        "n_best_of_k": {},
        "oracle_best_of_k": {},
        "random_best_of_k": {},
        "random": None,
        "oracle": None,
        "recovery": None,
        "tie_rate": None,
        "n": 0,
        "failed": 2,
    }
    overall = cats[OVERALL]
    assert (overall.n, overall.failed, overall.accuracy, overall.pairwise) == (1, 2, 100.0, 100.0)
    assert overall.best_of_k == {"1": 33.33, "2": 66.67, "3": 100.0}
    assert overall.ci95 == (100.0, 100.0)


def test_recovery_is_undefined_when_the_oracle_is_the_random_line() -> None:
    # every response correct: random = oracle = 100%, top-1 100%: no room to recover
    cats = score_prompts([jp("a", "all", [1.0, 2.0], []), jp("b", "all", [3.0], [])], bootstrap=0).categories
    assert (cats["all"].random, cats["all"].oracle, cats["all"].recovery) == (100.0, 100.0, None)
    assert cats["all"].tie_rate is None and cats["all"].n_pairwise == 0  # no prompt with both kinds
    # a judge half as good as it could be: top-1 halfway between random (1/3) and the oracle (1)
    half = score_prompts([jp("a", "s", [1.0], [1.0, 0.0]), jp("b", "s", [1.0], [1.0, 0.0])], bootstrap=0)
    assert half.categories["s"].recovery == 25.0  # (1/2 - 1/3) / (1 - 1/3)
    assert half.categories["s"].tie_rate == 100.0


def test_curves_over_prompts_of_different_sizes() -> None:
    prompts = [jp("a", "s", [3.0], [1.0]), jp("b", "s", [0.0], [1.0, 2.0]), jp("c", "s", [5.0, 1.0], [2.0])]
    s = score_prompts(prompts, bootstrap=0).categories["s"]
    # K=1: shares 1/2, 1/3, 2/3; K=2: a 1, b 0, c (pairs {5,1} 1, {5,2} 1, {1,2} 0) 2/3; K=3: b 0, c 1
    assert s.best_of_k == {"1": 50.0, "2": 55.56, "3": 50.0}
    assert s.n_best_of_k == {"1": 3, "2": 3, "3": 2}
    assert s.random_best_of_k == {"1": 50.0, "2": 50.0, "3": 50.0}
    assert s.oracle_best_of_k == {"1": 50.0, "2": round(100 * (1 + 2 / 3 + 1) / 3, 2), "3": 100.0}
    assert (s.accuracy, s.pairwise, s.n_pairwise) == (66.67, round(100 * (1 + 0 + 0.5) / 3, 2), 3)
    same = score_prompts([jp("a", "s", [3.0], [1.0]), jp("b", "s", [0.0], [1.0])], bootstrap=0)
    assert same.categories["s"].best_of_k == {"1": 50.0, "2": 50.0}
    # every prompt of one size: the random line is the mean share correct at every K
    three = [jp("a", "s", [3.0], [1.0, 0.0]), jp("b", "s", [3.0, 2.0], [1.0]), jp("c", "s", [1.0], [2.0, 3.0])]
    s = score_prompts(three, bootstrap=0).categories["s"]
    assert s.random_best_of_k == {"1": 44.44, "2": 44.44, "3": 44.44} and s.random == 44.44
    assert s.best_of_k == {"1": 44.44, "2": round(100 * (2 / 3 + 1 + 0) / 3, 2), "3": 66.67}


def write(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def rec(pid: str, good: list[Any], bad: list[Any], **extra: Any) -> dict[str, Any]:
    return {
        "id": pid,
        "prompt": "p",
        "chosen": [f"c{i}" for i in range(len(good))],
        "rejected": [f"r{i}" for i in range(len(bad))],
        "scores_chosen": good,
        "scores_rejected": bad,
        **extra,
    }


def test_names_come_from_the_records_then_from_the_file_name(tmp_path: Path) -> None:
    name = "dataset=x,response_model=name-resp,judge_name=name-judge,judge_model=name-model.jsonl"
    bare = write(tmp_path / name, [rec("1", [1], [0])])
    s = score_best_of_k_file(str(bare), bootstrap=0)
    assert (s.judge_name, s.judge_model, s.response_model) == ("name-judge", "name-model", "name-resp")
    rich = write(
        tmp_path / name, [rec("1", [1], [0], judge_name="j", judge_model="jm", response_model="rm"), rec("2", [1], [0])]
    )
    s = score_best_of_k_file(str(rich), bootstrap=0)
    assert (s.judge_name, s.judge_model, s.response_model) == ("j", "jm", "rm")
    assert s.to_dict()["format"] == "best-of-k" and s.n_prompts == 2 and "native" not in s.to_dict()


def test_a_file_of_failed_prompts_is_scored_and_an_empty_one_refused(tmp_path: Path) -> None:
    failed = write(tmp_path / "failed.jsonl", [rec("1", [None], [0])])
    s = score_best_of_k_file(str(failed), bootstrap=0)
    assert s.n_prompts == 0 and s.categories[OVERALL].failed == 1
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    with pytest.raises(MalformedRecordError, match="no judged best-of-K records in file"):
        score_best_of_k_file(str(empty), bootstrap=0)


def test_the_sets_own_score_needs_one_source_that_names_a_protocol() -> None:
    rb2 = [
        jp("f1", "Factuality", [5.0], [3.0, 4.0], "reward-bench-2"),
        jp("m1", "Math", [1.0], [2.0], "reward-bench-2"),
    ]
    native = score_prompts(rb2, bootstrap=0).native
    assert native == {"protocol": "rewardbench-2", "score": 50.0, "subsets": {"Factuality": 100.0, "Math": 0.0},
                      "n": 2, "all_failed": 0}  # fmt: skip
    mixed = [*rb2, jp("x", "Math", [1.0], [0.0], "rm-bench")]
    assert score_prompts(mixed, bootstrap=0).native is None
    assert score_prompts([jp("x", "s", [1.0], [0.0], "my-own")], bootstrap=0).native is None
    assert score_prompts([jp("x", "s", [1.0], [0.0], None)], bootstrap=0).native is None
    assert score_prompts([], bootstrap=0).native is None
    # RM-Bench's matrix needs three styles each: its own score says so, judgebench's still scores the set
    short = score_prompts([jp("7", "chat", [1.0], [0.0], "rm-bench")], bootstrap=0)
    assert short.native == {"protocol": "rm-bench", "score": None,
                            "error": "RM-Bench prompt '7' needs 3 chosen and 3 rejected scores"}  # fmt: skip
    assert short.categories[OVERALL].accuracy == 100.0
    assert short.to_dict()["native"] == short.native


def test_a_tie_at_the_top_needs_two_responses_sharing_the_top_score() -> None:
    from judgebench.metrics.best_of_k import top_tied

    assert not top_tied([3.0], [1.0, 0.0]) and not top_tied([1.0], [3.0, 1.0]) and not top_tied([2.0], [])
    assert top_tied([3.0], [3.0]) and top_tied([3.0, 3.0], []) and top_tied([], [2.0, 2.0, 2.0])
    assert not top_tied([1.0, 1.0], [2.0])  # a tie below the top is no tie at the top


def test_the_floating_curve_of_one_prompt_is_the_exact_one() -> None:
    from judgebench.metrics.best_of_k import best_of_k, best_of_k_exact

    for good, bad in (([3.0], [3.0, 1.0, 0.0]), ([5.0, 2.0], [5.0, 1.0]), ([0.5, 2.0, 2.0, 7.0], [7.0, 7.0, 2.0])):
        curve = best_of_k(good, bad)
        assert len(curve) == len(good) + len(bad)
        assert curve == pytest.approx([float(x) for x in best_of_k_exact(good, bad)], abs=1e-12)
    assert best_of_k([3.0], [3.0, 1.0, 0.0]) == pytest.approx([1 / 4, 5 / 12, 1 / 2, 1 / 2], abs=1e-15)


def test_prompts_are_scored_with_1000_draws_at_seed_0_unless_told() -> None:
    prompts = [jp(str(i), "s", [float(i % 3)], [1.0, float(i % 2)]) for i in range(40)]
    default = score_prompts(prompts).categories[OVERALL]
    assert default == score_prompts(prompts, bootstrap=1000, seed=0).categories[OVERALL]
    # 999 or 1001 draws, or seed 1, move these bounds (33.31 / 68.78, 33.33 / 68.75, 57.92 / 45.0)
    assert (default.accuracy, default.ci95, default.pairwise, default.pairwise_ci95) == (
        45.83,
        (33.32, 58.75),
        56.88,
        (45.62, 68.77),
    )
    assert score_prompts(prompts).to_dict()["file"] == "<input>"


def test_a_file_is_scored_with_1000_draws_at_seed_0_unless_told(tmp_path: Path) -> None:
    rows = [rec(str(i), [float(i % 3)], [1.0, float(i % 2)]) for i in range(40)]
    f = write(tmp_path / "set.jsonl", rows)
    overall = score_best_of_k_file(str(f)).categories[OVERALL]
    assert (overall.accuracy, overall.ci95, overall.pairwise_ci95) == (45.83, (33.32, 58.75), (45.62, 68.77))
    assert score_best_of_k_file(str(f), seed=1).categories[OVERALL].ci95 == (33.33, 57.92)
