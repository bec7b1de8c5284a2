"""``leaderboard`` and ``benchmarks`` on a mixed folder (issue 20, item 2).

The folder holds the release's three complete JudgeBench runs, a 20-pair ``judge --limit`` run, an LLMBar run,
an MT-Bench run and a pairs file that is not judged. The leaderboard ranks the three complete runs only; the
partial one is shown apart with its coverage; the LLMBar and MT-Bench runs are named and pointed to
``benchmarks``; the pairs file is skipped with a note.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from judgebench.api import leaderboard
from judgebench.cli.main import main
from tests.conftest import GPT_PAIRS, GRM, O1_MINI, SKYWORK

FIXTURES = Path(__file__).parent / "benchmarks" / "fixtures"


@pytest.fixture
def mixed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    folder = tmp_path / "runs"
    folder.mkdir()
    for f in (O1_MINI, GRM, SKYWORK):
        shutil.copy(f, folder / f.name)
    llmbar = tmp_path / "llmbar"
    assert main(["import", "llmbar-results", str(FIXTURES / "llmbar" / "Dataset"), "--out", str(llmbar)]) == 0
    (natural,) = [f for f in llmbar.iterdir() if "Rating" in f.name]
    shutil.copy(natural, folder / natural.name)
    mt = ["import", "mt-bench", str(FIXTURES / "mt_bench" / "human.jsonl")]
    mt += ["--option", f"judgments={FIXTURES / 'mt_bench' / 'gpt4_pair.jsonl'}", "--out", str(folder / "mt.jsonl")]
    assert main(mt) == 0
    limited = tmp_path / "limit.jsonl"
    judge = ["judge", "--judge", "arena_hard", "--model", f"replay/{O1_MINI}", "--pairs", str(GPT_PAIRS)]
    assert main([*judge, "--limit", "20", "--out", str(limited), "--json"]) == 0
    records = [json.loads(line) for line in limited.read_text().splitlines()]
    for r in records:  # another judge's name, so `benchmarks` may pool it beside o1-mini's complete run
        r["judge_name"] = "vanilla"
    (folder / "limit20.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    shutil.copy(GPT_PAIRS, folder / "pairs.jsonl")
    capsys.readouterr()
    return folder


def test_the_leaderboard_ranks_complete_judgebench_runs_only(mixed: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["leaderboard", str(mixed), "--json", "--bootstrap", "100"]) == 0
    board = json.loads(capsys.readouterr().out)
    assert board["benchmark"] == "judgebench"
    ranked = [(r["judge_model"], r["n_pairs"], r["coverage"]) for r in board["rows"]]
    assert [m for m, _, _ in ranked] == [
        "o1-mini-2024-09-12",
        "Skywork/Skywork-Reward-Llama-3.1-8B",
        "Ray2333/GRM-Gemma-2B-rewardmodel-ft",
    ]
    assert {(n, json.dumps(c)) for _, n, c in ranked} == {(350, json.dumps({"pairs": 350, "of": 350}))}
    (partial,) = board["partial"]
    assert (partial["judge_name"], partial["n_pairs"], partial["coverage"]) == ("vanilla", 20, {"pairs": 20, "of": 350})
    other = {Path(o["file"]).name: (o["judge_name"], o["n_pairs"], o["benchmarks"]) for o in board["other_benchmarks"]}
    assert other == {
        "dataset=llmbar-natural,judge_name=Rating,judge_model=GPT-4.jsonl": ("Rating", 3, ["llmbar-natural"]),
        "mt.jsonl": ("gpt4_pair", 2, ["mt-bench-human"]),
    }
    (skipped,) = board["skipped"]
    assert Path(skipped["file"]).name == "pairs.jsonl" and "not judged pairs" in skipped["reason"]


def test_the_printed_leaderboard_says_partial_and_points_to_benchmarks(mixed: Path, capsys):
    assert main(["leaderboard", str(mixed), "--bootstrap", "0"]) == 0
    out = capsys.readouterr().out
    ranked, rest = out.split("partial runs", 1)
    assert "vanilla" not in ranked and "Rating" not in ranked and "gpt4_pair" not in ranked
    assert "20/350" in rest and "vanilla" in rest
    assert "`judgebench benchmarks FILE...`" in rest
    assert "mt.jsonl (gpt4_pair · gpt-4, 2 pairs of mt-bench-human)" in rest
    assert "skipped: pairs.jsonl: not judged pairs" in rest
    assert main(["leaderboard", str(mixed), "--markdown", "--bootstrap", "0"]) == 0
    md = capsys.readouterr().out
    assert "Partial runs (not ranked" in md
    assert "| prompted | vanilla | o1-mini-2024-09-12 | gpt-4o-2024-05-13 | 20/350 |" in md
    assert md.count("| prompted | arena_hard |") == 1


def test_the_api_leaderboard_is_the_same(mixed: Path):
    board = leaderboard(mixed, bootstrap=0)  # judgebench.leaderboard once the CLI has not imported the module
    assert [r.score.judge_model for r in board] == [r.score.judge_model for r in board.rows] and len(board) == 3
    assert [r.coverage for r in board.partial] == [(20, 350)] and len(board.other) == 2 and len(board.skipped) == 1


def test_benchmarks_marks_the_partial_run_and_leaves_it_out_of_the_spread(mixed: Path, capsys):
    files = [str(f) for f in sorted(mixed.iterdir()) if f.name != "pairs.jsonl"]
    assert main(["benchmarks", *files, "--json", "--bootstrap", "0"]) == 0
    table = json.loads(capsys.readouterr().out)
    cells = {(r["judge_name"], r["judge_model"]): r["benchmarks"] for r in table["rows"] if not r["baseline"]}
    partial = cells[("vanilla", "o1-mini-2024-09-12")]["judgebench"]
    assert (partial["partial"], partial["coverage"]) == (True, {"pairs": 20, "of": 350})
    full = cells[("arena_hard", "o1-mini-2024-09-12")]["judgebench"]
    assert (full["partial"], full["coverage"]) == (False, {"pairs": 350, "of": 350})
    # best o1-mini 65.71, worst GRM 59.43 among the complete runs; the 20-pair run is counted apart
    assert table["spread"]["judgebench"] == {
        "points": 6.28,
        "best": "arena_hard · o1-mini-2024-09-12",
        "worst": "reward_model · Ray2333/GRM-Gemma-2B-rewardmodel-ft",
        "judges": 3,
        "partial": 1,
    }
