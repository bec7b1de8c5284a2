"""End to end: build pairs from MMLU-Pro and LiveBench questions with a local OpenAI-compatible server as the
response model; kill -9 the run midway, resume it, and check that no call was made twice (counted at the
server) and that the pair file is identical to an uninterrupted run's; the Ray executor writes the same file.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from judgebench.builder.inputs import SourceSpec, gather_inputs
from judgebench.builder.pipeline import BuildConfig, run_build
from judgebench.records import read_pairs
from tests.conftest import ROOT, SHARED
from tests.pipeline.oracle import OracleServer, answer_key

SOURCES = [
    f"mmlu-pro={SHARED / 'sources' / 'mmlu-pro' / 'test.jsonl'}",
    f"livebench-math={SHARED / 'sources' / 'livebench'}",
    f"livebench-reasoning={SHARED / 'sources' / 'livebench'}",
]
OPTIONS = ["livebench-math.tasks=math_comp"]  # AMPS_Hard's sympy checks are covered by the rebuild test
K, QUESTIONS, SEED = 5, 3, 7
MODEL = "vllm/oracle"  # an OpenAI-compatible vllm/ spec, pointed at the local server


@pytest.fixture(scope="module")
def key() -> dict[str, tuple[str | None, str]]:
    inputs = gather_inputs([SourceSpec.parse(s, OPTIONS) for s in SOURCES], seed=SEED, model=MODEL, questions=QUESTIONS)
    return answer_key(inputs.questions)


def cli(out: Path, base_url: str) -> list[str]:
    args = [sys.executable, "-m", "judgebench.cli.main", "build", "--model", MODEL, "--base-url", base_url]
    for s in SOURCES:
        args += ["--source", s]
    for o in OPTIONS:
        args += ["--source-option", o]
    args += ["--k", str(K), "--questions", str(QUESTIONS), "--seed", str(SEED), "--out", str(out)]
    return [*args, "--no-cache", "--workers", "0", "--concurrency", "4"]


def env(tmp: Path) -> dict[str, str]:
    return {**os.environ, "OPENAI_API_KEY": "sk-test", "JUDGEBENCH_CACHE": str(tmp / "cache"), "PYTHONPATH": str(ROOT)}


def response_records(path: Path) -> int:
    if not path.exists():
        return 0
    lines = path.read_text().splitlines()[1:]
    return sum(1 for line in lines if line.endswith("}") and json.loads(line).get("response") is not None)


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory, key) -> tuple[Path, int]:
    tmp = tmp_path_factory.mktemp("whole")
    with OracleServer(key) as srv:
        proc = subprocess.run(cli(tmp / "pairs.jsonl", srv.base_url), env=env(tmp), capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        assert max(srv.answered.values()) == 1
        return tmp / "pairs.jsonl", srv.total


def test_uninterrupted_run_builds_pairs_from_every_source(uninterrupted):
    out, calls = uninterrupted
    n_questions = 14 * QUESTIONS + 2 * QUESTIONS
    assert calls == n_questions * K
    pairs = read_pairs(out)
    assert {str(p.category) for p in pairs} == {"Knowledge", "Reasoning", "Math"}
    assert all(p.response_model == "oracle" for p in pairs)
    card = json.loads(out.with_name("pairs.card.json").read_text())
    assert card["counts"]["pairs"] == len(pairs) and card["counts"]["questions"] == n_questions
    assert card["response_model"] == MODEL and card["sampling"] == {"k": K, "temperature": 1.0, "max_tokens": None}


def test_kill_midway_and_resume(tmp_path, key, uninterrupted):
    expected, calls = uninterrupted
    out = tmp_path / "pairs.jsonl"
    stage = tmp_path / "pairs.build" / "responses.jsonl"
    with OracleServer(key) as srv:
        srv.hold_after = calls // 2  # answer half the calls, then hold every request unanswered
        proc = subprocess.Popen(cli(out, srv.base_url), env=env(tmp_path), stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while response_records(stage) < calls // 2:  # every answered call recorded: kill now
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            assert time.monotonic() < deadline, "the run never got halfway"
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert proc.returncode == -signal.SIGKILL and not out.exists()
        assert srv.total == calls // 2
        srv.hold_after = None
        srv.release.set()  # held requests end unanswered (their client is gone)
        resumed = subprocess.run(cli(out, srv.base_url), env=env(tmp_path), capture_output=True, text=True)
        assert resumed.returncode == 0, resumed.stderr
        assert f"sample: {calls - calls // 2} calls to make ({calls // 2} done)" in resumed.stderr
        assert max(srv.answered.values()) == 1  # no call made twice
        assert srv.total == calls  # and none lost
    assert out.read_bytes() == expected.read_bytes()
    again = subprocess.run(cli(out, "http://127.0.0.1:9/v1"), env=env(tmp_path), capture_output=True, text=True)
    assert again.returncode == 0 and "sample: 0 calls to make" in again.stderr  # a finished run calls nothing
    assert out.read_bytes() == expected.read_bytes()


def test_ray_executor_writes_the_same_pairs(tmp_path, key, uninterrupted, monkeypatch):
    ray = pytest.importorskip("ray", reason="the ray extra is not installed")
    expected, calls = uninterrupted
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    ray.init(
        num_cpus=2,
        object_store_memory=80 * 1024 * 1024,
        include_dashboard=False,
        log_to_driver=False,
        runtime_env={"env_vars": {"OPENAI_API_KEY": "sk-test", "PYTHONPATH": str(ROOT)}},
    )
    try:
        with OracleServer(key) as srv:
            cfg = BuildConfig(
                sources=[SourceSpec.parse(s, OPTIONS) for s in SOURCES],
                out=tmp_path / "pairs.jsonl",
                model=MODEL,
                k=K,
                questions=QUESTIONS,
                seed=SEED,
                executor="ray",
                base_url=srv.base_url,
                cache=False,
                concurrency=4,
            )
            run_build(cfg)
            assert srv.total == calls and max(srv.answered.values()) == 1
    finally:
        ray.shutdown()
    assert (tmp_path / "pairs.jsonl").read_bytes() == expected.read_bytes()
