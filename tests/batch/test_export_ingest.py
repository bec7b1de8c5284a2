"""``batch export`` → a stand-in batch runner (what ``vllm run-batch`` does) → ``batch ingest`` gives the outputs
file of a live run, byte for byte where the fields are not timings; exports are deduplicated and resumable."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from judgebench.cli.main import main
from tests.fakes.provider_server import FakeProvider
from tests.runner.test_kill_resume import reply

N = 10


def run_batch_file(requests: Path, results: Path, server: FakeProvider, fail: str | None = None) -> int:
    """A stand-in for ``vllm run-batch``: answer each request line into an OpenAI batch output file."""
    rows = []
    for line in requests.read_text(encoding="utf-8").splitlines():
        req = json.loads(line)
        if fail and fail in json.dumps(req["body"]):
            rows.append(
                {
                    "id": "r",
                    "custom_id": req["custom_id"],
                    "response": None,
                    "error": {"code": "server_error", "message": "the runner failed this line"},
                }
            )
            continue
        body = server.answer(req["url"], req["body"])
        rows.append({"id": "r", "custom_id": req["custom_id"], "error": None,
                     "response": {"status_code": 200, "request_id": "r", "body": body}})  # fmt: skip
    results.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return len(rows)


def judge_cmd(server: FakeProvider, out: Path) -> list[str]:
    return [
        "judge", "--judge", "arena_hard", "--model", "vllm/Qwen/Qwen2.5-7B-Instruct", "--base-url",
        server.openai_base_url, "--pairs", "gpt", "--limit", str(N), "--out", str(out),
    ]  # fmt: skip


def without_timing(text: str) -> str:
    """The file's bytes with each judgment's latency blanked (the one field a timing, not a result)."""
    return re.sub(r'"latency_s": ?[0-9.e-]+', '"latency_s": _', text)


def test_export_run_elsewhere_ingest_equals_a_live_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with FakeProvider(reply=reply) as server:
        monkeypatch.setenv("JUDGEBENCH_CACHE", str(tmp_path / "live-cache"))
        assert main(judge_cmd(server, tmp_path / "live.jsonl")) == 0
        server.reset()

        monkeypatch.setenv("JUDGEBENCH_CACHE", str(tmp_path / "cache"))
        requests, results, out = tmp_path / "requests.jsonl", tmp_path / "results.jsonl", tmp_path / "out.jsonl"
        assert main(["batch", "export", str(requests), "--", *judge_cmd(server, out)]) == 0
        assert server.count() == 0  # nothing was sent
        lines = [json.loads(x) for x in requests.read_text().splitlines()]
        assert len(lines) == 2 * N and len({x["custom_id"] for x in lines}) == 2 * N
        assert {x["url"] for x in lines} == {"/v1/chat/completions"}
        assert {x["body"]["model"] for x in lines} == {"Qwen/Qwen2.5-7B-Instruct"}
        manifest = json.loads((tmp_path / "requests.jsonl.manifest.json").read_text())
        items = sorted(tuple(i) for line in manifest["lines"].values() for i in line["items"])
        pair_ids = sorted({i[0] for i in items})
        assert len(pair_ids) == N and items == sorted((p, o) for p in pair_ids for o in ("0", "1"))

        assert run_batch_file(requests, results, server) == 2 * N
        capsys.readouterr()
        assert main(["batch", "ingest", str(results), "--requests", str(requests)]) == 0
        assert "20 answers ingested; the run is complete" in capsys.readouterr().err
        assert server.count() == 0  # ingest sent nothing either

    live = (tmp_path / "live.jsonl").read_text()
    assert '"latency_s": _' in without_timing(live)
    assert without_timing(out.read_text()) == without_timing(live)  # byte for byte but the timings


def test_export_only_what_is_missing_and_failed_lines_are_exported_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from judgebench.datasets import load_pairs

    monkeypatch.setenv("JUDGEBENCH_CACHE", str(tmp_path / "cache"))
    requests, results, out = tmp_path / "requests.jsonl", tmp_path / "results.jsonl", tmp_path / "out.jsonl"
    marker = load_pairs("gpt")[2].question[:60]
    with FakeProvider(reply=reply) as server:
        assert main(["batch", "export", str(requests), "--", *judge_cmd(server, out)]) == 0
        run_batch_file(requests, results, server, fail=marker)
        assert main(["batch", "ingest", str(results), "--requests", str(requests)]) == 1
        assert (
            "18 answers ingested, 2 failed lines (batch line failed: the runner failed this line)"
            in capsys.readouterr().err
        )
        assert len(out.read_text().splitlines()) == N - 1  # the pair whose lines failed is left out
        again = [json.loads(x) for x in requests.read_text().splitlines()]
        assert len(again) == 2 and all(marker in json.dumps(x["body"]) for x in again)  # only what is missing

        run_batch_file(requests, results, server)
        assert main(["batch", "ingest", str(results), "--requests", str(requests)]) == 0
        assert server.count() == 0
    assert len(out.read_text().splitlines()) == N


def test_a_results_line_of_no_exported_request_is_never_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("JUDGEBENCH_CACHE", str(tmp_path / "cache"))
    requests, results, out = tmp_path / "requests.jsonl", tmp_path / "results.jsonl", tmp_path / "out.jsonl"
    with FakeProvider(reply=reply) as server:
        assert main(["batch", "export", str(requests), "--", *judge_cmd(server, out)]) == 0
        run_batch_file(requests, results, server)
        rows = [json.loads(x) for x in results.read_text().splitlines()]
        forged = dict(rows[0], custom_id="0" * 64)
        results.write_text("".join(json.dumps(r) + "\n" for r in [forged, *rows]))
        assert main(["batch", "ingest", str(results), "--requests", str(requests)]) == 0
        assert "1 lines of no exported request ignored" in capsys.readouterr().err


def test_bad_usage_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["batch", "export", str(tmp_path / "r.jsonl"), "--", "score", "x"]) == 2
    assert capsys.readouterr().err.count("\n") == 1
    assert main(["batch", "ingest", str(tmp_path / "nothing.jsonl"), "--requests", str(tmp_path / "r.jsonl")]) == 2
    err = capsys.readouterr().err
    assert "no manifest" in err and err.count("\n") == 1
