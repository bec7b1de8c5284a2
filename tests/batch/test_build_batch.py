"""``build --batch`` (the sampling calls as provider batches) and ``batch export -- build ...``: the same pair file as
a live build against the same deterministic response model, with no live call on the batch path."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from judgebench.builder.inputs import SourceSpec, gather_inputs
from judgebench.cli.main import main
from tests.batch.test_export_ingest import run_batch_file
from tests.conftest import SHARED
from tests.fakes.batch_server import FakeBatchProvider
from tests.pipeline.oracle import OracleServer, answer_key

SOURCES = [f"mmlu-pro={SHARED / 'sources' / 'mmlu-pro' / 'test.jsonl'}"]
K, QUESTIONS, SEED = 4, 6, 7


@pytest.fixture(scope="module")
def oracle() -> OracleServer:
    inputs = gather_inputs(
        [SourceSpec.parse(s, []) for s in SOURCES], seed=SEED, model="openai/oracle", questions=QUESTIONS
    )
    return OracleServer(answer_key(inputs.questions))  # not started: only its deterministic replies are used


def build_args(model: str, base_url: str, out: Path) -> list[str]:
    args = ["build", "--model", model, "--base-url", base_url, "--source", *SOURCES]
    return [
        *args,
        "--k",
        str(K),
        "--questions",
        str(QUESTIONS),
        "--seed",
        str(SEED),
        "--out",
        str(out),
        "--workers",
        "0",
    ]


@pytest.mark.parametrize("how", ["batch", "export"])
def test_batched_build_writes_the_live_pair_file(
    how: str, oracle: OracleServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-key")

    def reply(body: dict[str, Any]) -> str:
        return oracle.reply(body["messages"][-1]["content"], body.get("seed"))

    model = "openai/oracle" if how == "batch" else "vllm/oracle"
    with FakeBatchProvider(reply=reply) as server:
        monkeypatch.setenv("JUDGEBENCH_CACHE", str(tmp_path / "live-cache"))
        assert main(build_args(model, server.openai_base_url, tmp_path / "live.jsonl")) == 0
        sent_live = server.count("/v1/chat/completions")
        server.reset()
        monkeypatch.setenv("JUDGEBENCH_CACHE", str(tmp_path / "batch-cache"))
        out = tmp_path / "batched.jsonl"
        if how == "batch":
            assert main([*build_args(model, server.openai_base_url, out), "--batch", "--batch-poll", "0.01"]) == 0
            assert [len(lines) for lines in server._lines.values()] == [sent_live]  # one batch: every sample
        else:
            requests, results = tmp_path / "requests.jsonl", tmp_path / "results.jsonl"
            assert main(["batch", "export", str(requests), "--", *build_args(model, server.openai_base_url, out)]) == 0
            assert run_batch_file(requests, results, server) == sent_live
            assert main(["batch", "ingest", str(results), "--requests", str(requests)]) == 0
        assert server.count("/v1/chat/completions") == 0
    capsys.readouterr()
    assert sent_live > 0 and sent_live % K == 0  # K samples of each question
    live = (tmp_path / "live.jsonl").read_text()
    assert len(live.splitlines()) > 0 and out.read_text() == live
    card = json.loads(out.with_name(out.name.removesuffix(".jsonl") + ".card.json").read_text())
    assert card["counts"]["pairs"] == len(live.splitlines())
