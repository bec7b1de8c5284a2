"""``judgebench evaluate``: its figures equal separate ``judge`` + ``score`` / ``benchmarks`` runs on the same pairs.

Two judges drive it: the recorded o1-mini Arena-Hard replies (replay; every pair it has no reply for is a failed
judgment, as for ``judge``) and a deterministic judge behind a fake OpenAI-compatible server on 127.0.0.1.
Benchmark data is LLMBar's copy in ``../shared/benchmarks``; the hub is offline, so hub-only benchmarks are
skipped with their reason.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from judgebench.cli.main import main
from tests.conftest import O1_MINI, SHARED

BENCHMARKS = SHARED / "benchmarks"
REPLAY = f"replay/{O1_MINI}"


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch) -> None:
    import huggingface_hub  # noqa: F401  (imported first: it reads HF_HUB_OFFLINE once, and later tests need it unset)

    monkeypatch.setenv("JUDGEBENCH_BENCHMARKS", str(BENCHMARKS))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


def cli(*argv: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "judgebench.cli.main", *argv]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300, env=dict(os.environ), check=False)


def in_process(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any]:
    code = main(list(argv))
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip().startswith("{") else out


def without_file(score: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in score.items() if k != "file"}


def judge_row(table: dict[str, Any]) -> dict[str, Any]:
    (row,) = [r for r in table["rows"] if not r["baseline"]]
    return dict(row["benchmarks"])


def test_replayed_judge_equals_separate_judge_score_and_benchmarks_runs(tmp_path: Path) -> None:
    out = tmp_path / "ev"
    proc = cli(
        "evaluate", "--judge", "arena_hard", "--model", REPLAY, "--benchmarks", "llmbar-natural,llmbar-casestudy,"
        "rewardbench", "--out", str(out), "--bootstrap", "200", "--json",
    )  # fmt: skip
    assert proc.returncode == 1, proc.stderr  # the claude split and LLMBar have no recorded reply: failed, as for judge
    results = json.loads(proc.stdout)
    written = out / "results,judge_name=arena_hard,judge_model=o1-mini-2024-09-12.json"
    assert json.loads(written.read_text(encoding="utf-8")) == results
    assert results["judge_name"] == "arena_hard" and results["judge_model"] == "o1-mini-2024-09-12"
    assert results["model"] == REPLAY and results["judgebench_version"]
    benches = results["benchmarks"]
    assert list(benches) == ["judgebench", "llmbar-natural", "llmbar-casestudy", "rewardbench"]
    assert benches["llmbar-casestudy"]["status"] == "skipped" and "CaseStudy" in benches["llmbar-casestudy"]["reason"]
    assert benches["rewardbench"]["status"] == "skipped" and "HF_HUB_OFFLINE" in benches["rewardbench"]["reason"]

    # the separate runs: judge each set, then score and tabulate the files
    sep = tmp_path / "sep"
    files = []
    for pairs in ("gpt", "claude", "llmbar-natural"):
        f = sep / f"{pairs}.jsonl"
        done = cli("judge", "--judge", "arena_hard", "--model", REPLAY, "--pairs", pairs, "--out", str(f), "--json")
        assert done.returncode == (0 if pairs == "gpt" else 1), done.stderr
        files.append(str(f))
    scores = json.loads(cli("score", *files, "--bootstrap", "200", "--json").stdout)["results"]
    uniform = json.loads(cli("benchmarks", *files, "--bootstrap", "200", "--json").stdout)
    native = json.loads(cli("benchmarks", *files, "--bootstrap", "200", "--protocol", "native", "--json").stdout)

    gpt, claude = benches["judgebench"]["files"]
    assert (gpt["split"], gpt["judged"], gpt["failed_judgments"]) == ("gpt", 350, 0)
    assert (claude["split"], claude["judged"], claude["failed_judgments"]) == ("claude", 270, 540)
    (natural,) = benches["llmbar-natural"]["files"]
    mine = [without_file(f["score"]) for f in (gpt, claude, natural)]
    assert mine == [without_file(s) for s in scores]
    assert gpt["score"]["categories"]["Overall"]["accuracy"] == 65.71  # the release's o1-mini figure
    for name in ("judgebench", "llmbar-natural"):
        assert benches[name]["judgebench_rule"] == judge_row(uniform)[name]
        assert benches[name]["native"] == judge_row(native)[name]
        assert benches[name]["native_protocol"] == native["protocols"][name]
    assert benches["judgebench"]["judgebench_rule"]["correct"] == 230  # 230 of 620: every claude pair failed
    assert results["failed_judgments"] == 540 + 200


def deterministic(body: dict[str, Any]) -> str:
    """A verdict that depends on the prompt only: the same for the same pair and order, in any run."""
    from tests.fakes.provider_server import last_text

    return ("[[A>B]]", "[[B>A]]", "[[A=B]]")[hashlib.sha256(last_text(body).encode()).digest()[0] % 3]


def rewardbench_file(tmp_path: Path) -> Path:
    """Eight LLMBar Natural pairs as RewardBench pairs of two sections (a weighted, mean-of-sections benchmark)."""
    rows: list[dict[str, Any]] = []
    data = json.loads((BENCHMARKS / "llmbar" / "LLMBar" / "Natural" / "dataset.json").read_text(encoding="utf-8"))
    for i, item in enumerate(data[:8]):
        label = "A>B" if item["label"] == 1 else "B>A"
        source = "rewardbench-llmbar-natural" if i % 2 else "rewardbench-alpacaeval-easy"
        rows.append(
            {"pair_id": f"rb-{i}", "original_id": i, "source": source, "question": item["input"],
             "response_model": "unknown", "response_A": item["output_1"], "response_B": item["output_2"],
             "label": label}
        )  # fmt: skip
    path = tmp_path / "rewardbench.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_local_judge_equals_separate_runs_and_a_rerun_resumes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import judgebench
    from tests.fakes.provider_server import FakeProvider

    rb = rewardbench_file(tmp_path)
    with FakeProvider(deterministic) as server:
        base = server.openai_base_url
        how: dict[str, Any] = dict(judge="arena_hard", model="vllm/fake-judge", base_url=base, cache=False)
        result = judgebench.evaluate(
            **how,
            benchmarks="llmbar-adversarial,faireval,rewardbench,rewardbench-2",
            out=tmp_path / "ev",
            data={"rewardbench": rb},
            limit=12,
            bootstrap=200,
        )
        sent = server.count()
        assert sent == 5 * 12 * 2 - 2 * (12 - 8)  # five files of 12 pairs (RewardBench's 8), both orders
        assert result.failed_judgments == 0 and result.skipped.keys() == {"rewardbench-2"}
        assert "HF_HUB_OFFLINE" in result.skipped["rewardbench-2"]
        doc = result.to_dict()
        assert doc["judge_model"] == "fake-judge" and doc["limit"] == 12
        pairs_files = sorted((tmp_path / "ev" / "pairs").iterdir())
        stamps = [p.stat().st_mtime_ns for p in pairs_files]

        async def notebook_cell() -> Any:  # the rerun from inside a running event loop, as in a notebook
            return judgebench.evaluate(
                **how,
                benchmarks=["llmbar-adversarial", "faireval", "rewardbench", "rewardbench-2"],
                out=tmp_path / "ev",
                data={"rewardbench": rb},
                limit=12,
                bootstrap=200,
            )

        again = asyncio.run(notebook_cell())
        assert server.count() == sent  # resumed: every file was complete, nothing was asked again
        redo = again.to_dict()
        for name, bench in doc["benchmarks"].items():  # the same figures; this run's work differs: judged → skipped
            for before, after in zip(bench.get("files", []), redo["benchmarks"][name].get("files", []), strict=True):
                assert (after["judged"], after["skipped"]) == (0, before["judged"])
                before.pop("judged"), before.pop("skipped"), after.pop("judged"), after.pop("skipped")
        assert redo == doc
        assert [p.stat().st_mtime_ns for p in pairs_files] == stamps  # the same sets: not rewritten

        sep = tmp_path / "sep"
        files = []
        for pairs in ("gpt", "claude", "llmbar-adversarial", "faireval", str(rb)):
            f = str(sep / f"{Path(pairs).stem}.jsonl")
            argv = ["judge", "--judge", "arena_hard", "--model", "vllm/fake-judge", "--base-url", base, "--no-cache"]
            code, _ = in_process(capsys, *argv, "--pairs", pairs, "--limit", "12", "--out", f, "--json")
            assert code == 0
            files.append(f)
    _, scores = in_process(capsys, "score", *files, "--bootstrap", "200", "--json")
    _, uniform = in_process(capsys, "benchmarks", *files, "--bootstrap", "200", "--json")
    _, native = in_process(capsys, "benchmarks", *files, "--bootstrap", "200", "--protocol", "native", "--json")
    benches = doc["benchmarks"]
    mine = [f["score"] for name in ("judgebench", "llmbar-adversarial", "faireval", "rewardbench") for f in
            benches[name]["files"]]  # fmt: skip
    assert [without_file(s) for s in mine] == [without_file(s) for s in scores["results"]]
    assert set(judge_row(uniform)) == {"judgebench", "llmbar-adversarial", "faireval", "rewardbench"}
    for name, cell in judge_row(uniform).items():
        assert benches[name]["judgebench_rule"] == cell
        assert benches[name]["native"] == judge_row(native)[name]
    # the native views differ where the protocols do: LLMBar's Acc. counts orders, RewardBench weights sections
    assert benches["faireval"]["native"]["n"] == 2 * benches["faireval"]["judgebench_rule"]["n"] == 24
    assert benches["rewardbench"]["native_protocol"] == "rewardbench"


def test_unknown_benchmark_and_bad_data_are_one_line_exit_2(tmp_path: Path) -> None:
    proc = cli("evaluate", "--judge", "arena_hard", "--model", REPLAY, "--benchmarks", "nope", "--out", str(tmp_path))
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "unknown benchmark 'nope'" in proc.stderr
    assert "llmbar-natural" in proc.stderr and not any(tmp_path.iterdir())
    proc = cli("evaluate", "--judge", "arena_hard", "--model", REPLAY, "--benchmarks", "faireval", "--data", "x")
    assert proc.returncode == 2 and "--data wants NAME=PATH" in proc.stderr
    proc = cli(
        "evaluate", "--judge", "arena_hard", "--model", REPLAY, "--benchmarks", "faireval",
        "--data", "rewardbench=x.jsonl", "--out", str(tmp_path),
    )  # fmt: skip
    assert proc.returncode == 2 and "rewardbench is not among the benchmarks evaluated" in proc.stderr


def test_a_best_of_k_benchmark_scores_as_judge_and_score_do(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import judgebench
    from tests.conftest import ROOT
    from tests.fakes.provider_server import FakeProvider

    bok = tmp_path / "rb2.jsonl"
    fixture = ROOT / "tests" / "best_of_k" / "fixtures" / "reward-bench-2.jsonl"
    assert in_process(capsys, "import", "reward-bench-2", str(fixture), "--out", str(bok))[0] == 0
    with FakeProvider(deterministic) as server:
        how: dict[str, Any] = dict(judge="arena_hard", model="vllm/fake-judge", base_url=server.openai_base_url)
        result = judgebench.evaluate(
            **how, benchmarks="rewardbench-2", out=tmp_path / "ev", data={"rewardbench-2": bok}, limit=3, cache=False
        )
        f = str(tmp_path / "sep.jsonl")
        argv = ["judge", "--judge", "arena_hard", "--model", "vllm/fake-judge", "--base-url", server.openai_base_url]
        assert in_process(capsys, *argv, "--no-cache", "--pairs", str(bok), "--out", f, "--json")[0] == 0
    _, scores = in_process(capsys, "score", f, "--json")
    entry = result.to_dict()["benchmarks"]["rewardbench-2"]
    assert entry["kind"] == "best-of-k" and entry["status"] == "scored"
    (file,) = entry["files"]
    assert file["prompts"] == 3 and file["failed_judgments"] == 0
    assert without_file(file["score"]) == without_file(scores["results"][0])
    assert [s.to_dict() for s in result.best_of_k] == [file["score"]]
