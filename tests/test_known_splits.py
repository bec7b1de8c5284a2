"""Coverage against the release split a run's pairs come from (issue 20, item 2).

A ``judge --limit 20`` run alone in a folder used to count as complete (nothing beside it to compare with):
ranked in ``leaderboard`` and a full cell in ``benchmarks``. Its pairs are the ``gpt`` release's, which holds
350, so it is partial 20/350 in both, text and JSON. Pairs of no release are still compared with their folder.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from judgebench.cli.main import main
from judgebench.known_splits import known_total, release_ids
from tests.analysis.fixtures import J1, write_judged
from tests.conftest import CLAUDE_PAIRS, GPT_PAIRS, O1_MINI


def _ids(path: Path) -> list[str]:
    return [json.loads(line)["pair_id"] for line in path.read_text().splitlines()]


def test_known_total_by_pair_ids() -> None:
    gpt, claude = _ids(GPT_PAIRS), _ids(CLAUDE_PAIRS)
    assert {k: len(v) for k, v in release_ids().items()} == {"gpt": 350, "claude": 270}
    assert known_total(gpt[:20]) == (("gpt",), 350) and known_total(gpt) == (("gpt",), 350)
    assert known_total(claude[:3]) == (("claude",), 270)
    assert known_total(gpt[:5] + claude[:5]) == (("gpt", "claude"), 620)  # one judge on both splits
    assert known_total([*gpt[:5], "p1"]) is None and known_total(["p1"]) is None and known_total([]) is None


@pytest.fixture
def alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    folder = tmp_path / "runs"
    judge = ["judge", "--judge", "arena_hard", "--model", f"replay/{O1_MINI}", "--pairs", "gpt", "--limit", "20"]
    assert main([*judge, "--out", str(folder / "limit20.jsonl"), "--json"]) == 0
    capsys.readouterr()
    return folder


def test_a_limit_run_alone_is_partial_on_the_leaderboard(alone: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["leaderboard", str(alone), "--json", "--bootstrap", "0"]) == 0
    board = json.loads(capsys.readouterr().out)
    assert board["rows"] == []
    (partial,) = board["partial"]
    assert (partial["judge_model"], partial["n_pairs"], partial["coverage"]) == (
        "o1-mini-2024-09-12",
        20,
        {"pairs": 20, "of": 350},
    )
    assert main(["leaderboard", str(alone), "--bootstrap", "0"]) == 0
    out = capsys.readouterr().out
    assert "partial runs" in out and "20/350" in out and "no complete judgebench runs here" in out
    assert main(["leaderboard", str(alone), "--markdown", "--bootstrap", "0"]) == 0
    assert "Partial runs" in (md := capsys.readouterr().out) and "20/350" in md


def test_a_limit_run_alone_is_partial_in_benchmarks(alone: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = str(alone / "limit20.jsonl")
    assert main(["benchmarks", run, "--json", "--bootstrap", "0"]) == 0
    table = json.loads(capsys.readouterr().out)
    cell = table["rows"][0]["benchmarks"]["judgebench"]
    assert (cell["n"], cell["coverage"], cell["partial"]) == (20, {"pairs": 20, "of": 350}, True)
    assert table["spread"]["judgebench"]["partial"] == 1 and table["spread"]["judgebench"]["judges"] == 0
    assert main(["benchmarks", run, "--bootstrap", "0"]) == 0
    assert "partial 20/350" in capsys.readouterr().out


def test_a_complete_split_is_complete_beside_the_other_split(tmp_path: Path, capsys) -> None:
    """Two judges, one per split: each covers its own release (350/350, 270/270), not the 620 pairs seen."""
    claude = tmp_path / "claude.jsonl"
    with claude.open("w") as fh:  # a judge that always prefers A, on every claude pair
        for line in CLAUDE_PAIRS.read_text().splitlines():
            pair = json.loads(line)
            judgment = {"judge_model": "always-a", "prompt": "", "response": ""}
            orders = [{"judgment": judgment, "decision": d} for d in ("A>B", "B>A")]
            fh.write(json.dumps({**pair, "judge_name": "vanilla", "judgments": orders}) + "\n")
    assert main(["benchmarks", str(O1_MINI), str(claude), "--json", "--bootstrap", "0"]) == 0
    table = json.loads(capsys.readouterr().out)
    cells = {r["judge_name"]: r["benchmarks"]["judgebench"] for r in table["rows"] if not r["baseline"]}
    assert {k: (c["coverage"], c["partial"]) for k, c in cells.items()} == {
        "arena_hard": ({"pairs": 350, "of": 350}, False),
        "vanilla": ({"pairs": 270, "of": 270}, False),
    }
    assert table["spread"]["judgebench"]["judges"] == 2 and table["spread"]["judgebench"]["partial"] == 0


def test_pairs_of_no_release_are_compared_with_their_folder(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "runs"
    folder.mkdir()
    write_judged(folder / "own.jsonl", J1)  # 8 pairs p1..p8 of no release: complete, nothing says otherwise
    assert main(["leaderboard", str(folder), "--json", "--bootstrap", "0"]) == 0
    board = json.loads(capsys.readouterr().out)
    assert [r["coverage"] for r in board["rows"]] == [{"pairs": 8, "of": 8}] and board["partial"] == []
