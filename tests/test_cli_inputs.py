"""What every command says about inputs it cannot use: empty files, pointless builds (one line, the right exit)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from judgebench.cli.main import main
from tests.conftest import DATA, SHARED

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


# ---- item 6: inputs that are not files, offline hints, every missing key, Ctrl-C ------------------------------
def _not_files(tmp: Path) -> dict[str, tuple[Path, str]]:
    loop_a, loop_b, folder = tmp / "loop-a.jsonl", tmp / "loop-b.jsonl", tmp / "folder.jsonl"
    loop_a.symlink_to(loop_b)
    loop_b.symlink_to(loop_a)
    folder.mkdir()
    return {"directory": (folder, "a directory, not a file"), "symlink loop": (loop_a, "a symlink loop")}


@pytest.mark.parametrize("command", list(_commands("x", Path())))
def test_a_directory_or_a_symlink_loop_is_named_as_such(command: str, tmp_path: Path, capsys) -> None:
    for path, what in _not_files(tmp_path).values():
        if command == "verify questions":  # --questions takes LiveBench's folder: only --answers is a file
            continue
        code = main(_commands(str(path), tmp_path)[command])
        _, err = capsys.readouterr()
        assert code == 2 and err.count("\n") == 1, err
        assert what in err and "no such file" not in err, err


@pytest.mark.parametrize("command", ["judge", "score", "report", "verify answers", "build", "audit"])
def test_a_fifo_is_refused_without_hanging(command: str, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    env = {**os.environ, "JUDGEBENCH_DATA": str(DATA)}
    argv = [sys.executable, "-m", "judgebench.cli.main", *_commands(str(fifo), tmp_path)[command]]
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=60, env=env, cwd=tmp_path)  # hung before
    assert proc.returncode == 2 and "a FIFO (named pipe), not a regular file" in proc.stderr, proc.stderr


def test_offline_hints_name_the_real_fix(tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not 'set JUDGEBENCH_DATA' where it cannot help: --source NAME=PATH for build and solve, HF_ENDPOINT for hf:."""
    monkeypatch.setenv("HF_ENDPOINT", NOWHERE.removesuffix("/v1"))  # the hub: nothing listens
    pairs = ["judge", "--judge", "arena_hard", "--model", "vllm/x", "--base-url", NOWHERE, "--pairs", "hf:o/n:test"]
    build = ["build", "--source", "mmlu-pro", "--model", "vllm/x", "--base-url", NOWHERE]
    coding = tmp_path / "coding.jsonl"
    claude = (DATA / "data" / "dataset=judgebench,response_model=claude-3-5-sonnet-20240620.jsonl").read_text()
    lcb = [line for line in claude.splitlines() if '"livecodebench"' in line][:2]
    coding.write_text("".join(line + "\n" for line in lcb))
    solve = ["solve", "--model", "vllm/x", "--base-url", NOWHERE, "--pairs", str(coding), "--out", str(tmp_path / "s")]
    for argv, fix in ((pairs, "HF_ENDPOINT"), (build, "--source NAME=PATH"), (solve, "--source NAME=PATH")):
        code = main([*argv, "--out", str(tmp_path / "o.jsonl")] if argv is not solve else argv)
        _, err = capsys.readouterr()
        assert code == 2 and err.count("\n") == 1 and "(offline?)" in err, err
        assert fix in err and "JUDGEBENCH_DATA" not in err, err


def test_a_pairs_file_missing_keys_reports_them_all(tmp_path: Path, capsys) -> None:
    row = json.loads((DATA / "data" / "dataset=judgebench,response_model=gpt-4o-2024-05-13.jsonl").open().readline())
    del row["label"], row["response_B"], row["source"]
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(row) + "\n")
    assert main(["audit", str(bad), "--sources", str(SHARED / "sources")]) == 2
    assert "bad.jsonl:1: missing keys 'source', 'response_B', 'label'" in capsys.readouterr().err


def test_ctrl_c_says_that_rerunning_resumes(tmp_path: Path) -> None:
    from tests.fakes.provider_server import FakeProvider

    # No reply comes while the test runs (the engine's 120 s per attempt, retried, outlasts it): the run cannot
    # finish before the Ctrl-C, however long this process is descheduled between seeing the call and signalling
    # (with 30 s replies, a loaded machine once let the run finish first, and it exited 0).
    with FakeProvider(lambda body: "[[A>B]]", latency=3600.0) as server:
        argv = [sys.executable, "-m", "judgebench.cli.main", "judge", "--judge", "arena_hard", "--model", "vllm/m"]
        argv += ["--base-url", server.openai_base_url, "--pairs", "gpt", "--limit", "2", "--out", str(tmp_path / "o")]
        env = {**os.environ, "JUDGEBENCH_DATA": str(DATA)}
        # SIGINT at its default in the child, as at a terminal: a shell's background job (nohup, `cmd &`) ignores
        # it, and Python installs its Ctrl-C handler only when SIGINT is not ignored (the run would never stop)
        proc = subprocess.Popen(
            argv,
            stderr=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        deadline = time.monotonic() + 120
        while server.count() == 0 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)  # until a call is in flight: the run is inside its event loop, its handler installed
        assert server.count() > 0 and proc.poll() is None, "the run never called the server"
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert err.strip().splitlines()[-1] == (
        "judgebench: interrupted; the finished work is kept: rerun the same command to resume"
    )
