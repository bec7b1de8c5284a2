"""``judgebench benchmarks``: a judge's coverage of each benchmark on its own, and the order of the judge rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from judgebench.analysis.benchmark_cells import Cell, Row, score_cell
from judgebench.analysis.benchmark_tally import Tally
from judgebench.analysis.benchmarks_table import build_table
from judgebench.catalog import BENCHMARKS, Benchmark
from judgebench.errors import InputError
from judgebench.judged_columns import read_columns
from judgebench.metrics.bootstrap import proportion_ci
from tests.analysis.fixtures import write_judged
from tests.conftest import O1_MINI

O1 = ("arena_hard", "o1-mini-2024-09-12")


def _judges(table: dict) -> dict[tuple[str, str], dict]:
    return {(r["judge_name"], r["judge_model"]): r["benchmarks"] for r in table["rows"] if not r["baseline"]}


def test_part_of_a_release_is_partial_however_many_pairs_of_other_benchmarks_the_judge_judged(tmp_path: Path) -> None:
    # o1-mini on 100 of the 350 gpt pairs, and on 600 LLMBar Natural pairs: 700 pairs in all, more than both
    # releases hold (620), yet its JudgeBench cell is 100 of the 350 of the gpt split it comes from
    part = tmp_path / "jb.jsonl"
    part.write_text("".join(O1_MINI.read_text().splitlines(keepends=True)[:100]))
    natural = [(f"n{i}", "llmbar-natural", "A>B", ["A>B", "B>A"], 3, 4) for i in range(600)]
    other = write_judged(tmp_path / "natural.jsonl", natural, judge_name=O1[0], judge_model=O1[1])
    table = build_table([str(part), other], bootstrap=0).to_dict()
    cells = _judges(table)[O1]
    assert (cells["judgebench"]["coverage"], cells["judgebench"]["partial"]) == ({"pairs": 100, "of": 350}, True)
    assert (cells["llmbar-natural"]["coverage"], cells["llmbar-natural"]["partial"]) == (
        {"pairs": 600, "of": 600},
        False,
    )
    assert table["spread"]["judgebench"]["judges"] == 0 and table["spread"]["judgebench"]["partial"] == 1
    # all 350: complete, whatever else it judged
    whole = build_table([str(O1_MINI), other], bootstrap=0).to_dict()
    cell = _judges(whole)[O1]["judgebench"]
    assert (cell["coverage"], cell["partial"], cell["accuracy"]) == ({"pairs": 350, "of": 350}, False, 65.71)


def _mt_bench(path: Path, judge: str, label: str, decision: str, votes: dict[str, int]) -> str:
    flipped = {"A>B": "B>A", "B>A": "A>B"}[decision]
    rows = [
        {
            "pair_id": f"{judge}-{i}",
            "original_id": i,
            "source": "mt-bench-human-writing",
            "question": f"q{i}",
            "response_model": "m",
            "response_A": "a",
            "response_B": "bb",
            "label": label,
            "votes": votes,
            "model_A": "model-x",
            "model_B": "model-y",
            "judge_name": judge,
            "judgments": [
                {"judgment": {"judge_model": "m"}, "decision": decision},
                {"judgment": {"judge_model": "m"}, "decision": flipped},
            ],
        }
        for i in range(3)
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return str(path)


def test_judges_ranked_by_mean_accuracy_a_judge_without_a_scored_cell_counting_as_zero(tmp_path: Path) -> None:
    # MT-Bench by FastChat's agreement: "z" judged only comparisons whose experts all voted tie (no trial to
    # score: no accuracy), "a" is wrong on every trial (0%), "m" right on every one (100%)
    files = [
        _mt_bench(tmp_path / "z.jsonl", "z", "no-majority", "A>B", {"tie": 2}),
        _mt_bench(tmp_path / "a.jsonl", "a", "A>B", "B>A", {"model-x": 1}),
        _mt_bench(tmp_path / "m.jsonl", "m", "A>B", "A>B", {"model-x": 2}),
    ]
    table = build_table(files, bootstrap=0, protocol="native").to_dict()
    rows = [
        (r["judge_name"], r["benchmarks"]["mt-bench-human"]["accuracy"]) for r in table["rows"] if not r["baseline"]
    ]
    assert rows == [("m", 100.0), ("a", 0.0), ("z", None)]  # z ties with a at 0 and follows it by name
    renamed = [files[1], _mt_bench(tmp_path / "b.jsonl", "0", "no-majority", "A>B", {"tie": 2})]
    table = build_table(renamed, bootstrap=0, protocol="native").to_dict()
    assert [r["judge_name"] for r in table["rows"] if not r["baseline"]] == ["0", "a"]  # "0" before "a" by name


def test_a_tally_is_strict_and_uniform_unless_told(tmp_path: Path) -> None:
    odd = write_judged(tmp_path / "odd.jsonl", [("o1", "nowhere-bench", "A>B", ["A>B", "B>A"], 1, 2)])
    with pytest.raises(InputError, match="'nowhere-bench' belongs to no known benchmark"):
        Tally().add(0, read_columns(odd, unlabelled=True, questions=False))
    lenient = Tally(strict=False)
    lenient.add(0, read_columns(odd, unlabelled=True, questions=False))
    assert lenient.counts == {}
    # MT-Bench by the vote rule (one per pair), not by FastChat's agreement (one per expert vote: 6 trials here)
    mt = _mt_bench(tmp_path / "m.jsonl", "m", "A>B", "A>B", {"model-x": 2})
    tally = Tally()
    tally.add(0, read_columns(mt, unlabelled=True, questions=False))
    assert tally.counts == {("m", "m"): {"mt-bench-human": {"mt-bench-human-writing": [3, 3]}}}
    assert tally.per_pair == {}


def test_a_pair_judged_twice_is_named_before_its_own_record_is_scored(tmp_path: Path) -> None:
    # the second file repeats the first file's pair m-1, without its expert votes: the repeat is the error
    first = Path(_mt_bench(tmp_path / "a.jsonl", "m", "A>B", "A>B", {"model-x": 2}))
    again = json.loads(first.read_text().splitlines()[1])
    del again["votes"]
    second = tmp_path / "b.jsonl"
    second.write_text(json.dumps(again) + "\n")
    with pytest.raises(InputError, match=r"pair m-1 judged twice by m · m \(also in .*a\.jsonl\)"):
        build_table([first, second], bootstrap=0, protocol="native")


@pytest.mark.parametrize("protocol", ["uniform", "native"])
def test_lenient_tables_leave_pairs_of_no_known_benchmark_out(tmp_path: Path, protocol: str) -> None:
    rows = [
        ("o1", "nowhere-bench", "A>B", ["A>B", "B>A"], 1, 2),
        ("k1", "mmlu-pro-law", "A>B", ["A>B", "B>A"], 1, 2),
        ("k2", "mmlu-pro-law", "B>A", ["A>B", "B>A"], 1, 2),
        ("n1", "llmbar-natural", "B>A", ["B>A", "B>A"], 1, 2),
    ]
    table = build_table([write_judged(tmp_path / "mixed.jsonl", rows)], bootstrap=0, strict=False, protocol=protocol)
    assert table is not None and table.columns == ["llmbar-natural", "judgebench"]  # catalog order
    cells = _judges(table.to_dict())[("arena_hard", "judge-one")]
    assert (cells["judgebench"]["correct"], cells["judgebench"]["n"]) == (1, 2)
    # LLMBar natural: split orders (undecided) under the vote rule; one of two orders right under LLMBar's Acc.
    natural = cells["llmbar-natural"]
    assert (natural["correct"], natural["n"]) == ((0, 1) if protocol == "uniform" else (1, 2))


WEIGHTED = [
    ("r1", "rewardbench-alpacaeval-easy", "A>B", ["A>B", "B>A"], 1, 2),  # right
    ("r2", "rewardbench-alpacaeval-easy", "A>B", ["B>A", "A>B"], 1, 2),  # wrong
    ("r3", "rewardbench-hep-go", "B>A", ["B>A", "A>B"], 1, 2),  # right
    ("r4", "rewardbench-donotanswer", "A>B", ["A>B", "B>A"], 1, 2),  # right
    ("a1", "llmbar-adversarial-manual", "A>B", ["A>B", "B>A"], 1, 2),  # right
    ("a2", "llmbar-adversarial-neighbor", "A>B", ["B>A", "A>B"], 1, 2),  # wrong
    ("a3", "llmbar-adversarial-neighbor", "A>B", ["A>B", "B>A"], 1, 2),  # right
]


def _cells(table: dict) -> dict[str, tuple]:
    (row,) = [r for r in table["rows"] if not r["baseline"]]
    return {
        b: (
            c["accuracy"],
            c["correct"],
            c["n"],
            {k: (v["accuracy"], v["correct"], v["n"]) for k, v in c["categories"].items()},
        )
        for b, c in row["benchmarks"].items()
    }


@pytest.mark.parametrize("protocol", ["uniform", "native"])
def test_sections_averaged_and_subsets_by_hand_without_draws_no_interval(tmp_path: Path, protocol: str) -> None:
    path = write_judged(tmp_path / "w.jsonl", WEIGHTED)
    table = build_table([path], bootstrap=0, protocol=protocol).to_dict()
    # RewardBench: the mean of its sections Chat 1/2, Safety 1/1, Reasoning 1/1 (natively in half-points)
    # LLMBar Adversarial: Neighbor 1/2, Manual 1/1; natively the mean of its subsets' Acc. (50 + 100) / 2,
    # by the vote rule the pairs pooled, 2/3
    units = 1 if protocol == "uniform" else 2
    sections = {"Chat": (50.0, units, 2 * units), "Safety": (100.0, units, units), "Reasoning": (100.0, units, units)}
    subsets = {"Neighbor": (50.0, units, 2 * units), "Manual": (100.0, units, units)}
    assert _cells(table) == {
        "rewardbench": (83.33, 3 * units, 4 * units, sections),
        "llmbar-adversarial": (66.67 if protocol == "uniform" else 75.0, 2 * units, 3 * units, subsets),
    }
    (row,) = [r for r in table["rows"] if not r["baseline"]]
    for cell in row["benchmarks"].values():
        assert cell["ci95"] is None and all(c["ci95"] is None for c in cell["categories"].values())
    drawn = build_table([path], bootstrap=30, protocol=protocol).to_dict()
    assert _cells(drawn) == _cells(table)
    (row,) = [r for r in drawn["rows"] if not r["baseline"]]
    for cell in row["benchmarks"].values():
        for c in [cell, *cell["categories"].values()]:
            lo, hi = c["ci95"]
            assert 0.0 <= lo <= c["accuracy"] <= hi <= 100.0


def _baseline_cells(table: dict, bench: str) -> dict[str, tuple]:
    return {
        r["judge_name"]: (
            r["benchmarks"][bench]["correct"],
            r["benchmarks"][bench]["n"],
            {k: (v["correct"], v["n"]) for k, v in r["benchmarks"][bench]["categories"].items()},
        )
        for r in table["rows"]
        if r["baseline"]
    }


def test_baselines_count_a_repeated_pair_once_where_first_met_with_its_last_facts(tmp_path: Path) -> None:
    # judge one: p1 (law) A longer, p2 (math) B longer; judge two: p2 again, now A longer, and p3 (law) B longer
    one = [("p1", "mmlu-pro-law", "A>B", ["A>B", "B>A"], 9, 1), ("p2", "livebench-math", "A>B", ["A>B"], 1, 9)]
    two = [("p2", "livebench-math", "A>B", ["A>B", "B>A"], 9, 1), ("p3", "mmlu-pro-law", "B>A", ["A>B"], 1, 9)]
    files = [write_judged(tmp_path / "one.jsonl", one), write_judged(tmp_path / "two.jsonl", two, judge_model="two")]
    got = _baseline_cells(build_table(files, bootstrap=0).to_dict(), "judgebench")
    # three distinct pairs; p2 judged in both orders by its last file: always A's two orders cancel there
    assert got["always A (vote)"] == (0, 3, {"Knowledge": (0, 2), "Math": (0, 1)})
    assert got["always A (first order)"] == (2, 3, {"Knowledge": (1, 2), "Math": (1, 1)})
    assert got["longer wins"] == (3, 3, {"Knowledge": (2, 2), "Math": (1, 1)})  # p2: A longer in its last file
    reverse = _baseline_cells(build_table(files[::-1], bootstrap=0).to_dict(), "judgebench")
    assert reverse["longer wins"] == (2, 3, {"Math": (0, 1), "Knowledge": (2, 2)})  # p2 last seen B longer


def test_baselines_leave_pairs_without_a_majority_out(tmp_path: Path) -> None:
    labelled = Path(_mt_bench(tmp_path / "a.jsonl", "a", "A>B", "A>B", {"model-x": 2}))
    undecided = Path(_mt_bench(tmp_path / "z.jsonl", "z", "no-majority", "A>B", {"model-x": 1, "model-y": 1}))
    table = build_table([labelled, undecided], bootstrap=0, protocol="native").to_dict()
    got = _baseline_cells(table, "mt-bench-human")
    assert {name: cell[:2] for name, cell in got.items()} == {
        "always A (vote)": (0, 3),
        "always A (first order)": (3, 3),
        "longer wins": (0, 3),  # B is longer in every pair
        "random": (got["random"][0], 3),
    }


def test_json_names_the_protocols_only_in_the_native_view(tmp_path: Path) -> None:
    path = write_judged(tmp_path / "w.jsonl", WEIGHTED)
    uniform = build_table([path], bootstrap=0).to_dict()
    assert list(uniform) == ["columns", "rows", "spread"]
    native = build_table([path], bootstrap=0, protocol="native").to_dict()
    assert list(native) == ["columns", "rows", "spread", "protocol", "protocols"]
    assert (native["protocol"], native["protocols"]) == (
        "native",
        {"rewardbench": "rewardbench", "llmbar-adversarial": "llmbar"},
    )
    assert build_table([path], bootstrap=0, protocol="native").protocols == native["protocols"]


def test_baseline_intervals_draw_over_their_pairs(tmp_path: Path) -> None:
    rows = [(f"p{i}", "mmlu-pro-law", "A>B" if i < 7 else "B>A", ["A>B", "B>A"], 1 + i % 3, 2) for i in range(10)]
    table = build_table([write_judged(tmp_path / "b.jsonl", rows)], bootstrap=200, seed=4).to_dict()
    baselines = {r["judge_name"]: r["benchmarks"]["judgebench"] for r in table["rows"] if r["baseline"]}
    first = baselines["always A (first order)"]
    assert (first["correct"], first["n"], first["coverage"], first["partial"]) == (7, 10, None, False)
    assert first["ci95"] == list(proportion_ci(7, 10, iterations=200, seed=4))
    # longer wins: right on p2 p5 (A longer, A>B) and p9 (B longer, B>A); equal lengths (p1 p4 p7) never win
    longer = baselines["longer wins"]
    assert (longer["correct"], longer["ci95"]) == (3, list(proportion_ci(3, 10, iterations=200, seed=4)))


def test_a_cell_counts_its_pairs_from_its_units_unless_told() -> None:
    assert Cell(50.0, 3, 6, None).judged == 6 and Cell(50.0, 3, 6, None).units == 1
    assert Cell(50.0, 3, 6, None, units=2).judged == 3
    assert Cell(50.0, 3, 7, None, units=2).judged == 3  # whole pairs
    assert Cell(50.0, 3, 6, None, units=2, pairs=5).judged == 5
    assert Cell(50.0, 3, 6, None, of=4, units=2).partial and not Cell(50.0, 3, 6, None, of=3, units=2).partial
    assert not Cell(50.0, 3, 6, None).partial  # no coverage counted
    assert Row("a", "m").baseline is False and Row("a", "m").benchmarks == {}


def _rewardbench_rows() -> list:
    # (subset, pairs, right): Chat 7/10; Chat Hard 3/8; Safety 4/6; Reasoning hep-go 2/5 (weight 164), math-prm 8/9;
    # Prior Sets (half weight in the mean of the sections) 1/4
    plan = [
        ("alpacaeval-easy", 10, 7),
        ("mt-bench-hard", 8, 3),
        ("donotanswer", 6, 4),
        ("hep-go", 5, 2),
        ("math-prm", 9, 8),
        ("anthropic_helpful", 4, 1),
    ]
    rows = []
    for subset, n, right in plan:
        for i in range(n):
            pick = "A" if i < right else "B"
            rows.append(
                (
                    f"{subset}-{i}",
                    f"rewardbench-{subset}",
                    "A>B",
                    ["A>B", "B>A"] if pick == "A" else ["B>A", "A>B"],
                    1,
                    2,
                )
            )
    return rows


#: the intervals of that cell with 200 draws, seed 0 (binomial redraws per subset, seeded by the counts in their
#: drawing order): what the table quotes; a change to the draws, their seed data or their order moves them
PINNED_SECTIONS = {
    "Chat": [39.75, 100.0],
    "Chat Hard": [12.5, 75.0],
    "Safety": [32.92, 100.0],
    "Reasoning": [60.0, 97.14],
    "Prior Sets": [0.0, 75.0],
}
PINNED_OVERALL = [45.97, 71.82]
#: the same natively (half-points: the counts that seed the draws are in credit units)
PINNED_SECTIONS_NATIVE = {
    "Chat": [40.0, 90.0],
    "Chat Hard": [12.5, 75.0],
    "Safety": [33.33, 100.0],
    "Reasoning": [57.12, 94.36],
    "Prior Sets": [0.0, 75.0],
}
PINNED_OVERALL_NATIVE = [46.16, 73.92]


def test_rewardbench_sections_by_hand_and_their_seeded_intervals(tmp_path: Path) -> None:
    path = write_judged(tmp_path / "rb.jsonl", _rewardbench_rows())
    cell = _judges(build_table([path], bootstrap=200, seed=0).to_dict())[("arena_hard", "judge-one")]["rewardbench"]
    reasoning = 100 * (164 * 2 / 5 + 984 * 8 / 9) / (164 + 984)
    sections = [70.0, 37.5, 100 * 4 / 6, reasoning]
    assert {k: v["accuracy"] for k, v in cell["categories"].items()} == {
        "Chat": 70.0,
        "Chat Hard": 37.5,
        "Safety": 66.67,
        "Reasoning": round(reasoning, 2),
        "Prior Sets": 25.0,
    }
    overall = (sum(sections) + 0.5 * 25.0) / 4.5
    assert cell["accuracy"] == round(overall, 2) and (cell["correct"], cell["n"]) == (25, 42)
    assert {k: v["ci95"] for k, v in cell["categories"].items()} == PINNED_SECTIONS
    assert cell["ci95"] == PINNED_OVERALL
    # natively in half-points (two credit units per pair), drawn over the same pairs
    native = _judges(build_table([path], bootstrap=200, seed=0, protocol="native").to_dict())
    cell = native[("arena_hard", "judge-one")]["rewardbench"]
    assert (cell["correct"], cell["n"], cell["accuracy"]) == (50, 84, round(overall, 2))
    assert {k: v["ci95"] for k, v in cell["categories"].items()} == PINNED_SECTIONS_NATIVE
    assert cell["ci95"] == PINNED_OVERALL_NATIVE


RB = BENCHMARKS.get("rewardbench")


def test_weighted_subsets_with_categories_pooled_by_their_pairs() -> None:
    # a benchmark weighting subsets inside a category but pooling the categories by their example counts
    flat = Benchmark("rb-flat", "flat", RB.sources, weights=RB.weights, mean_of_categories=False)
    counts = {"rewardbench-hep-go": [2, 5], "rewardbench-math-prm": [8, 9], "rewardbench-alpacaeval-easy": [7, 10]}
    cell = score_cell(flat, counts, 0, 0)
    reasoning = 100 * (164 * 2 / 5 + 984 * 8 / 9) / (164 + 984)
    assert {k: (v["accuracy"], v["correct"], v["n"]) for k, v in cell.categories.items()} == {
        "Chat": (70.0, 7, 10),
        "Reasoning": (round(reasoning, 2), 10, 14),
    }
    assert cell.accuracy == round((70.0 * 10 + reasoning * 14) / 24, 2) and cell.ci95 is None
    drawn = score_cell(flat, counts, 300, 1)
    assert drawn.accuracy == cell.accuracy and drawn.ci95 is not None
    assert drawn.ci95[0] <= drawn.accuracy <= drawn.ci95[1]
    assert score_cell(flat, counts, 300, 1, mean_of_categories=True).accuracy == round((70.0 + reasoning) / 2, 2)


def test_an_unweighted_cell_draws_over_pairs_of_several_credit_units() -> None:
    # LLMBar's Acc. counts two credit units per pair: 7 of 12 units are 3.5 of 6 pairs
    judgebench = BENCHMARKS.get("judgebench")
    cell = score_cell(judgebench, {"mmlu-pro-law": [7, 12]}, 400, 2, units=2)
    assert (cell.accuracy, cell.correct, cell.n, cell.units, cell.judged) == (58.33, 7, 12, 2, 6)
    assert cell.ci95 == proportion_ci(3.5, 6, iterations=400, seed=2)
    assert cell.categories["Knowledge"]["ci95"] == list(proportion_ci(3.5, 6, iterations=400, seed=2))
    assert score_cell(judgebench, {"mmlu-pro-law": [7, 12]}, 400, 2).ci95 == proportion_ci(
        7, 12, iterations=400, seed=2
    )


def test_only_protocols_that_need_no_label_count_pairs_without_a_majority(tmp_path: Path) -> None:
    rows = [
        ("r1", "rewardbench-alpacaeval-easy", "A>B", ["A>B", "B>A"], 1, 2),
        ("r2", "rewardbench-alpacaeval-easy", "A>B", ["B>A", "A>B"], 1, 2),
        ("r3", "rewardbench-alpacaeval-easy", "no-majority", ["A>B", "B>A"], 1, 2),
    ]
    path = write_judged(tmp_path / "rb.jsonl", rows)
    for protocol, units in (("uniform", 1), ("native", 2)):
        cell = _judges(build_table([path], bootstrap=0, protocol=protocol).to_dict())[("arena_hard", "judge-one")]
        assert (cell["rewardbench"]["correct"], cell["rewardbench"]["n"]) == (units, 2 * units)


def test_baselines_of_one_order_pairs_all_labelled_b(tmp_path: Path) -> None:
    rows = [(f"b{i}", "livebench-math", "B>A", ["B>A"], 1 + i, 3) for i in range(4)]
    got = _baseline_cells(build_table([write_judged(tmp_path / "b.jsonl", rows)], bootstrap=0).to_dict(), "judgebench")
    assert {name: cell[:2] for name, cell in got.items() if name != "random"} == {
        "always A (vote)": (0, 4),
        "always A (first order)": (0, 4),
        "longer wins": (2, 4),  # B (3 characters) longer than A in b0 b1, equal in b2, shorter in b3
    }
