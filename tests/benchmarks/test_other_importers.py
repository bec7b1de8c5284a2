"""MT-Bench human judgments, RewardBench and raw FairEval, on fixtures written from their published schemas."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from judgebench.cli.main import main
from judgebench.importers.reward_bench import chosen_first
from judgebench.records import read_pairs

FIXTURES = Path(__file__).parent / "fixtures"


def imported(tmp_path: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[list, str]:
    out = tmp_path / "out.jsonl"
    assert main(["import", *argv, "--out", str(out)]) == 0
    printed = capsys.readouterr()
    return read_pairs(out), printed.out + printed.err


def test_mt_bench_majority_labels(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pairs, out = imported(tmp_path, capsys, "mt-bench", str(FIXTURES / "mt_bench" / "human.jsonl"))
    assert "left out: 1 evenly split comparisons, 1 tied comparisons" in out
    writing, math = pairs
    # three votes on the same comparison, models in either order: two experts for gpt-4 → gpt-4 (response A);
    # the author's tie is kept apart and not counted (FastChat counts expert_* judges only as human)
    assert (writing.source, writing.label, writing.extra["model_A"], writing.extra["votes"]) == (
        "mt-bench-human-writing",
        "A>B",
        "gpt-4",
        {"gpt-4": 2},
    )
    assert writing.extra["author_votes"] == {"tie": 1}
    assert writing.response_A == "Waves fold the light into salt and sound."
    assert (math.source, math.label, math.extra["turn"]) == ("mt-bench-human-math", "B>A", 2)
    assert math.question == "### Turn 1\nWhat is 7 * 8?\n\n### Turn 2\nAnd 7 * 9?"
    assert math.response_B == "### Turn 1\n56\n\n### Turn 2\n63"


def _vote_row(qid: int, winner: str, judge: str, a: str = "m1", b: str = "m2") -> dict:
    conversation = [{"role": "user", "content": f"q{qid}"}, {"role": "assistant", "content": "x"}]
    return {
        "question_id": qid,
        "model_a": a,
        "model_b": b,
        "winner": winner,
        "judge": judge,
        "turn": 1,
        "conversation_a": conversation,
        "conversation_b": conversation,
    }


def test_mt_bench_no_majority_when_ties_equal_the_winner(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # counts by hand, as FastChat's compute_agreement.py pools them (expert_* only, models in either order).
    # The old importer compared the two models only: q81, q82 and q84 got A>B, q83 B>A (the authors' 2 votes)
    rows = [
        _vote_row(81, "model_a", "expert_1"),
        _vote_row(81, "tie", "expert_2"),  # 1 : 1 tie → no majority
        *[_vote_row(82, w, f"expert_{i}") for i, w in enumerate(["model_a", "model_a", "tie", "tie (bothbad)"])],
        _vote_row(82, "model_a", "expert_9", "m2", "m1"),  # m2 1, m1 2, ties 2 → no majority
        _vote_row(83, "model_a", "expert_1"),
        _vote_row(83, "model_b", "author_1"),
        _vote_row(83, "model_b", "author_2"),
        _vote_row(84, "model_a", "expert_1"),
        _vote_row(84, "tie", "expert_2"),
        _vote_row(84, "tie", "expert_3"),
        _vote_row(85, "model_a", "expert_1"),
        _vote_row(85, "model_a", "expert_2"),
        _vote_row(85, "tie", "expert_3"),
        _vote_row(86, "model_b", "author_1"),
    ]
    src = tmp_path / "human.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows))
    pairs, out = imported(tmp_path, capsys, "mt-bench", str(src))
    assert [(p.original_id, p.label, p.extra["votes"]) for p in pairs] == [
        (83, "A>B", {"m1": 1}),  # the expert's vote; the authors' two for m2 are not counted
        (85, "A>B", {"m1": 2, "tie": 1}),  # 2 against 1 tie: a majority
    ]
    assert pairs[0].extra["author_votes"] == {"m2": 2}
    assert "left out: 1 comparisons without expert votes, 2 evenly split comparisons, 1 tied comparisons" in out


def test_rewardbench_seeded_placement(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [json.loads(x) for x in (FIXTURES / "rewardbench" / "filtered.jsonl").read_text().splitlines()]
    pairs, _ = imported(tmp_path, capsys, "reward-bench", str(FIXTURES / "rewardbench" / "filtered.jsonl"))
    assert [p.source for p in pairs] == [f"rewardbench-{r['subset']}" for r in rows]
    for row, pair in zip(rows, pairs, strict=True):
        chosen = pair.response_A if pair.label == "A>B" else pair.response_B
        assert chosen == row["chosen"] and pair.original_id == row["id"]
        assert (pair.label == "A>B") == chosen_first(0, str(row["id"]))
    assert set(Counter(p.label for p in pairs)) == {"A>B", "B>A"}  # not all at one slot
    again, _ = imported(tmp_path, capsys, "reward-bench", str(FIXTURES / "rewardbench" / "filtered.jsonl"))
    assert [p.pair_id for p in again] == [p.pair_id for p in pairs]


def test_faireval_drops_ties(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pairs, out = imported(tmp_path, capsys, "faireval", str(FIXTURES / "faireval"))
    assert "left out: 1 ties" in out
    assert [(p.original_id, p.label, p.response_A[:4]) for p in pairs] == [(1, "A>B", "Keep"), (3, "B>A", "A ca")]
    assert {p.source for p in pairs} == {"faireval"}


@pytest.mark.parametrize(
    ("kind", "row", "message"),
    [
        (
            "mt-bench",
            {"question_id": 81, "model_a": "x", "model_b": "y", "winner": "model_c", "turn": 1},
            "unknown winner",
        ),
        (
            "mt-bench",
            {"question_id": 7, "model_a": "x", "model_b": "y", "winner": "tie", "turn": 1},
            "outside MT-Bench",
        ),
        ("mt-bench", {"question_id": "81", "model_a": "x"}, "'question_id' must be int"),
        (
            "reward-bench",
            {"prompt": "p", "chosen": "a", "rejected": "b", "subset": "nope", "id": 1},
            "unknown RewardBench",
        ),
        ("reward-bench", {"prompt": "p", "chosen": "a", "rejected": 3, "subset": "donotanswer", "id": 1}, "'rejected'"),
    ],
)
def test_bad_rows_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, row: dict, message: str
) -> None:
    bad = tmp_path / "split.jsonl"
    bad.write_text(json.dumps(row) + "\n")
    assert main(["import", kind, str(bad), "--out", str(tmp_path / "o.jsonl")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and "row 1" in err


def test_bad_faireval_review_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "faireval"
    shutil.copytree(FIXTURES / "faireval", folder)
    (folder / "review" / "review_gpt35_vicuna-13b_human.txt").write_text("CHATGPT\nMAYBE\nTIE\n")
    assert main(["import", "faireval", str(folder), "--out", str(tmp_path / "o.jsonl")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "review_gpt35_vicuna-13b_human.txt:2: unknown verdict 'MAYBE'" in err
    (folder / "review" / "review_gpt35_vicuna-13b_human.txt").write_text("CHATGPT\n")
    assert main(["import", "faireval", str(folder), "--out", str(tmp_path / "o.jsonl")]) == 2
    assert "1 verdicts for 3 questions" in capsys.readouterr().err


def test_mt_bench_judged_by_gpt4_pair(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    human = str(FIXTURES / "mt_bench" / "human.jsonl")
    out = tmp_path / "judged.jsonl"
    argv = ["import", "mt-bench", human, "--option", f"judgments={FIXTURES / 'mt_bench' / 'gpt4_pair.jsonl'}"]
    assert main([*argv, "--out", str(out)]) == 0
    assert "left out: 1 evenly split comparisons, 1 tied comparisons" in capsys.readouterr().err
    records = [json.loads(x) for x in out.read_text().splitlines()]
    # gpt-4 won the writing comparison (listed in the other order there); the math one is a tie (inconsistent)
    assert [(r["source"], r["label"], r["judge_name"], [j["decision"] for j in r["judgments"]]) for r in records] == [
        ("mt-bench-human-writing", "A>B", "gpt4_pair", ["A>B"]),
        ("mt-bench-human-math", "B>A", "gpt4_pair", ["A=B"]),
    ]
    assert main(["score", str(out), "--json", "--bootstrap", "0"]) == 0
    overall = json.loads(capsys.readouterr().out)["results"][0]["categories"]["Overall"]
    assert (overall["correct"], overall["n"]) == (1, 2)
