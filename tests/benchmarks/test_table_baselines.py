"""The baselines rows of ``judgebench benchmarks``: the same numbers ``analyze length`` gives, per seed."""

from __future__ import annotations

from pathlib import Path

import pytest

from judgebench.analysis.benchmarks_table import build_table
from judgebench.analysis.judged import load_judged
from judgebench.analysis.length import length_analysis
from tests.analysis.fixtures import write_judged
from tests.conftest import GRM, O1_MINI


def _baselines(*files: object, seed: int = 0) -> dict[str, tuple[int, int]]:
    table = build_table([str(f) for f in files], bootstrap=0, seed=seed).to_dict()
    return {r["judge_name"]: (c["correct"], c["n"]) for r in table["rows"] if r["baseline"] for c in
            [r["benchmarks"]["judgebench"]]}  # fmt: skip


def test_baselines_on_the_released_pairs_match_analyze_length() -> None:
    for seed in (0, 5):
        length = length_analysis(load_judged(O1_MINI), iterations=10, seed=seed).categories["Overall"].baselines
        want = {name: (length[key].k, length[key].n) for name, key in [
            ("always A (vote)", "always_a_vote"), ("always A (first order)", "always_a_first"),
            ("longer wins", "longer_wins"), ("random", "random")]}  # fmt: skip
        assert _baselines(O1_MINI, GRM, seed=seed) == want  # two files of the same 350 pairs: counted once
    assert _baselines(O1_MINI) == {
        "always A (vote)": (0, 350),
        "always A (first order)": (193, 350),
        "longer wins": (161, 350),
        "random": (182, 350),
    }
    assert _baselines(O1_MINI, seed=5)["random"] == (164, 350)


def test_equal_lengths_never_win_and_one_order_is_scored_by_plain_accuracy(tmp_path: Path) -> None:
    rows = [
        ("e1", "mmlu-pro-law", "A>B", ["A>B"], 5, 5),  # equal lengths: longer wins is never right
        ("e2", "mmlu-pro-law", "B>A", ["A>B"], 5, 5),
        ("e3", "mmlu-pro-law", "A>B", ["A>B"], 6, 4),  # A longer and right
        ("e4", "mmlu-pro-law", "B>A", ["A>B"], 2, 9),  # B longer and right
        ("e5", "mmlu-pro-law", "A>B", ["A>B"], 1, 9),  # B longer, A right
    ]
    one_order = write_judged(tmp_path / "one.jsonl", rows)
    got = _baselines(one_order)
    assert got["longer wins"] == (2, 5) and got["always A (first order)"] == (3, 5)
    assert got["always A (vote)"] == (3, 5)  # one order judged: always A is right on the A>B pairs
    two = [(pid, s, lab, ["A>B", "B>A"], la, lb) for pid, s, lab, _, la, lb in rows]
    assert _baselines(write_judged(tmp_path / "two.jsonl", two))["always A (vote)"] == (0, 5)


def test_the_report_counts_a_pair_judged_twice_once_and_skips_unknown_sources(tmp_path: Path) -> None:
    from judgebench.errors import InputError

    lenient = build_table([str(O1_MINI), str(O1_MINI)], bootstrap=0, strict=False)
    assert lenient is not None
    (judge,) = [r for r in lenient.to_dict()["rows"] if not r["baseline"]]
    assert (judge["benchmarks"]["judgebench"]["correct"], judge["benchmarks"]["judgebench"]["n"]) == (230, 350)
    with pytest.raises(InputError, match="judged twice by arena_hard"):
        build_table([str(O1_MINI), str(O1_MINI)], bootstrap=0)
    odd = write_judged(tmp_path / "odd.jsonl", [("o1", "nowhere-bench", "A>B", ["A>B", "B>A"], 1, 2)])
    assert build_table([odd], bootstrap=0, strict=False) is None  # nothing known: no table, no error
    with pytest.raises(InputError, match="'nowhere-bench' belongs to no known benchmark"):
        build_table([odd], bootstrap=0)


def test_the_table_draws_1000_times_by_default_and_keeps_two_digits() -> None:
    want = build_table([str(O1_MINI)], bootstrap=1000, seed=0).to_dict()
    assert want != build_table([str(O1_MINI)], bootstrap=999, seed=0).to_dict()
    assert build_table([str(O1_MINI)]).to_dict() == want
    cell = next(r for r in want["rows"] if not r["baseline"])["benchmarks"]["judgebench"]
    assert cell["ci95"] == [60.57, 70.57]


def test_rewardbench_weighted_intervals_keep_two_digits(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from judgebench.cli.main import main
    from judgebench.records import JudgedPair, flip, read_pairs, write_pairs

    pairs_file = tmp_path / "rb.jsonl"
    fixture = Path(__file__).parent / "fixtures" / "rewardbench" / "filtered.jsonl"
    assert main(["import", "reward-bench", str(fixture), "--out", str(pairs_file)]) == 0
    capsys.readouterr()
    judged = []
    for p in read_pairs(pairs_file):
        label = p.label if p.original_id % 2 else flip(p.label)
        judgments = [{"judgment": {"judge_model": "tiny"}, "decision": label}, {"decision": flip(label)}]
        judged.append(JudgedPair(p, "rm", judgments))
    out = tmp_path / "judged.jsonl"
    write_pairs(out, judged)
    table = build_table([str(out)], bootstrap=300, seed=0).to_dict()
    cell = next(r for r in table["rows"] if not r["baseline"])["benchmarks"]["rewardbench"]
    intervals = [cell["ci95"], *(c["ci95"] for c in cell["categories"].values())]
    assert all(ci is not None and ci[0] <= ci[1] for ci in intervals)
    assert all(round(x, 2) == x for ci in intervals for x in ci)
    assert any(round(x, 1) != x for ci in intervals for x in ci)  # two digits, not one
    points = [cell["accuracy"], *(c["accuracy"] for c in cell["categories"].values())]
    assert all(lo <= p <= hi for (lo, hi), p in zip(intervals, points, strict=True))  # around its own score


def test_llmbar_adversarial_native_is_the_mean_of_its_subsets_even_with_none_right(tmp_path: Path) -> None:
    rows = [
        ("n1", "llmbar-adversarial-neighbor", "A>B", ["B>A", "A>B"], 3, 4),  # wrong in both orders
        ("n2", "llmbar-adversarial-neighbor", "B>A", ["A>B", "B>A"], 3, 4),  # wrong in both orders
        ("g1", "llmbar-adversarial-gptinst", "A>B", ["A>B", "B>A"], 3, 4),  # right in both orders
    ]
    path = write_judged(tmp_path / "adv.jsonl", rows)

    def cell(protocol: str) -> dict[str, object]:
        table = build_table([path], bootstrap=200, protocol=protocol).to_dict()
        return next(r for r in table["rows"] if not r["baseline"])["benchmarks"]["llmbar-adversarial"]

    native = cell("native")  # LLMBar's Acc.: orders counted, the subsets averaged
    assert (native["accuracy"], native["correct"], native["n"]) == (50.0, 2, 6)
    assert {k: v["accuracy"] for k, v in native["categories"].items()} == {"Neighbor": 0.0, "GPTInst": 100.0}
    uniform = cell("uniform")  # the vote over pairs, pooled
    assert (uniform["accuracy"], uniform["correct"], uniform["n"]) == (33.33, 1, 3)
    for c in (native, uniform):
        lo, hi = c["ci95"]
        assert 0 <= lo <= c["accuracy"] <= hi <= 100


def test_the_spread_is_best_minus_worst_complete_judge() -> None:
    spread = build_table([str(O1_MINI), str(GRM)], bootstrap=0).to_dict()["spread"]["judgebench"]
    assert spread == {
        "points": round(65.71 - 59.43, 2),
        "best": "arena_hard · o1-mini-2024-09-12",
        "worst": "reward_model · Ray2333/GRM-Gemma-2B-rewardmodel-ft",
        "judges": 2,
        "partial": 0,
    }
