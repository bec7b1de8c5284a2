"""What every command says about inputs it cannot use: empty files, pointless builds (one line, the right exit)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from judgebench.cli.main import main
from tests.conftest import SHARED

MMLU = SHARED / "sources" / "mmlu-pro" / "test.jsonl"
LIVEBENCH = SHARED / "sources" / "livebench"
NOWHERE = "http://127.0.0.1:9/v1"  # nothing listens: a command that gets this far has already gone wrong


def _commands(empty: str, tmp: Path) -> dict[str, list[str]]:
    return {
        "judge": ["judge", "--judge", "arena_hard", "--model", "vllm/x", "--base-url", NOWHERE, "--pairs", empty,
                  "--out", str(tmp / "out.jsonl")],
        "audit": ["audit", empty, "--sources", str(SHARED / "sources")],
        "verify answers": ["verify", "--questions", str(LIVEBENCH), "--answers", empty],
        "verify questions": ["verify", "--questions", empty, "--answers", empty],
        "score": ["score", empty],
        "report": ["report", empty, "--html", str(tmp / "r.html")],
        "analyze": ["analyze", "position", empty],
        "build": ["build", "--source", f"mmlu-pro={empty}", "--model", "vllm/x", "--base-url", NOWHERE,
                  "--out", str(tmp / "pairs.jsonl")],
        "solve": ["solve", "--model", "vllm/x", "--base-url", NOWHERE, "--pairs", empty, "--out", str(tmp / "s.jsonl")],
    }  # fmt: skip


@pytest.mark.parametrize("command", list(_commands("x", Path())))
def test_empty_input_is_exit_2_with_one_line_everywhere(command: str, tmp_path: Path, capsys) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    code = main(_commands(str(empty), tmp_path)[command])
    out, err = capsys.readouterr()
    assert code == 2, (out, err)
    assert err.count("\n") == 1 and "empty.jsonl" in err and "Traceback" not in err
    assert any(word in err for word in ("no pairs", "no judged pairs", "no records", "no answers", "no questions",
                                        "no LiveBench", "yielded no"))  # fmt: skip
    assert not (tmp_path / "out.jsonl").exists() and not (tmp_path / "r.html").exists()


def test_a_build_with_no_pair_says_why_and_exits_1(tmp_path: Path, capsys) -> None:
    """15 responses, none with an answer letter: the verdicts and the commonest rules, exit 1."""
    ids = [json.loads(line)["question_id"] for line, _ in zip(MMLU.open(encoding="utf-8"), range(5), strict=False)]
    responses = tmp_path / "responses.jsonl"
    rows = [{"question_id": q, "response": f"I am not sure ({i}).", "model": "m"} for q in ids for i in range(3)]
    responses.write_text("".join(json.dumps(r) + "\n" for r in rows))
    argv = ["build", "--source", f"mmlu-pro={MMLU}", "--responses", str(responses), "--per-category", "0"]
    code = main([*argv, "--out", str(tmp_path / "pairs.jsonl")])
    out, err = capsys.readouterr()
    assert code == 1
    assert out.startswith("0 pairs from 5 questions")
    why = [line for line in err.splitlines() if line.startswith("judgebench: 0 pairs")]
    assert len(why) == 1
    assert "15 responses: correct 0, incorrect 15, unverifiable 0" in why[0] and "five-letters 15" in why[0]
