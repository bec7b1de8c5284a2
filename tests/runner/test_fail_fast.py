"""An endpoint where nothing can succeed stops the run at once: one line, exit 2, the finished work kept.

Real subprocesses against a real local HTTP server (tests/fakes/provider_server.py) and a closed port.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DATA, SHARED
from tests.fakes.provider_server import FakeProvider, Fault

SOURCES = [
    f"mmlu-pro={SHARED / 'sources' / 'mmlu-pro' / 'test.jsonl'}",
    f"livebench-math={SHARED / 'sources' / 'livebench'}",
    f"livebench-reasoning={SHARED / 'sources' / 'livebench'}",
]


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "JUDGEBENCH_DATA": str(DATA), "OPENAI_API_KEY": "sk-test-key-1234"}
    return subprocess.run(
        [sys.executable, "-m", "judgebench.cli.main", *args], cwd=cwd, env=env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip


def _closed_port() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"  # bound then closed: nothing listens


def _one_line(proc: subprocess.CompletedProcess[str]) -> str:
    """The one error line (``build`` also prints its progress lines before it); nothing else went wrong."""
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr and "never retrieved" not in proc.stderr, proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("judgebench: error:")]
    assert len(errors) == 1 and proc.stderr.endswith(errors[0] + "\n"), proc.stderr
    return errors[0]


@pytest.mark.parametrize("model", ["vllm/m", "openai/gpt-4o-mini"])
def test_nothing_listening_stops_at_once_and_says_connection_refused(model: str, tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    args = ["--judge", "arena_hard", "--model", model, "--base-url", _closed_port(), "--pairs", "gpt"]
    err = _one_line(_cli("judge", *args, "--limit", "50", "--out", str(out), cwd=tmp_path))
    assert "connection refused: nothing listens there" in err and "timed out" not in err
    assert "run stopped" in err and "rerun the command to resume" in err


def test_a_rejected_key_stops_the_run_and_keeps_the_finished_work(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    with FakeProvider(lambda body: "[[A>B]]") as server:
        args = ["--judge", "arena_hard", "--model", "openai/gpt-4o-mini", "--base-url", server.openai_base_url]
        args += ["--pairs", "gpt", "--out", str(out), "--concurrency", "4"]
        assert _cli("judge", *args, "--limit", "3", cwd=tmp_path).returncode == 0
        done = out.read_bytes()
        sent = server.count()
        server.fault_all(Fault.status(401))
        err = _one_line(_cli("judge", *args, "--limit", "100", cwd=tmp_path))
        rejected = server.count() - sent
    assert "authentication failed: check OPENAI_API_KEY" in err and "run stopped" in err
    assert "sk-test-key-1234" not in err
    assert rejected <= 2 * 4  # the calls in flight when the first 401 came back, not 2 × 97
    assert out.read_bytes().startswith(done) and len(out.read_text().splitlines()) == 3  # the three pairs kept


def test_solve_and_build_stop_on_a_rejected_key_without_a_stray_task_error(tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.jsonl"
    claude = (DATA / "data" / "dataset=judgebench,response_model=claude-3-5-sonnet-20240620.jsonl").read_text()
    kept = [line for line in claude.splitlines() if "livecodebench" not in line][:20]
    pairs.write_text("".join(line + "\n" for line in kept))
    sources = [arg for s in SOURCES for arg in ("--source", s)]
    with FakeProvider() as server:
        server.fault_all(Fault.status(401))
        url = ["--base-url", server.openai_base_url, "--model", "openai/gpt-4o-mini"]
        solve = _cli("solve", *url, "--pairs", str(pairs), *sources, "--out", str(tmp_path / "s.jsonl"), cwd=tmp_path)
        assert "authentication failed" in _one_line(solve)
        build = _cli("build", *url, "--source", SOURCES[0], "--questions", "20", "--out", str(tmp_path / "b.jsonl"),
                     cwd=tmp_path)  # fmt: skip
        assert "authentication failed" in _one_line(build)
        assert server.count() <= 2 * 16 + 2 * 16  # each stopped after the calls in flight
