"""``judgebench push``: real huggingface_hub uploads to a fake hub on 127.0.0.1; the token never shows or lands."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from tests.conftest import GPT_PAIRS, O1_MINI, ROOT
from tests.fakes.hf_hub import FakeHub

TOKEN = "hf_judgebenchTestToken0123456789"


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[FakeHub]:
    with FakeHub() as fake:
        fake.token = TOKEN
        yield fake


def push(hub: FakeHub, tmp_path: Path, *argv: str, token: str | None = TOKEN) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HF_")}
    env.update(HF_ENDPOINT=hub.url, HF_HOME=str(tmp_path / "hf-home"), HF_HUB_DISABLE_TELEMETRY="1")
    if token is not None:
        env["HF_TOKEN"] = token
    cmd = [sys.executable, "-m", "judgebench.cli.main", "push", *argv]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path, check=False)


def token_nowhere(tmp_path: Path, proc: subprocess.CompletedProcess[str]) -> None:
    assert TOKEN not in proc.stdout and TOKEN not in proc.stderr
    for p in tmp_path.rglob("*"):
        if p.is_file():
            assert TOKEN.encode() not in p.read_bytes(), p


def test_pair_set_goes_up_as_parquet_with_its_card_and_reads_back(hub: FakeHub, tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.jsonl"
    shutil.copy(GPT_PAIRS, pairs)
    (tmp_path / "pairs.card.md").write_text("# Dataset card: pairs.jsonl\n\nBuilt by a test.\n", encoding="utf-8")
    (tmp_path / "pairs.card.json").write_text('{"counts": {"pairs": 350}}\n', encoding="utf-8")
    proc = push(hub, tmp_path, "pairs.jsonl", "--repo", "me/hard-pairs", "--split", "test")
    assert proc.returncode == 0, proc.stderr
    assert "pushed pair set (3 files) to dataset me/hard-pairs" in proc.stdout
    files = hub.pushed[("dataset", "me/hard-pairs")]
    assert set(files) == {"README.md", "data/test-00000-of-00001.parquet", "judgebench_card.json"}
    readme = files["README.md"].decode()
    assert readme.startswith("---\ntags: ")
    assert '"split": "test", "path": "data/test-00000-of-00001.parquet"' in readme
    assert readme.endswith("# Dataset card: pairs.jsonl\n\nBuilt by a test.\n")
    assert hub.created[("dataset", "me/hard-pairs")]["visibility"] == "public"
    rows = pq.read_table(io.BytesIO(files["data/test-00000-of-00001.parquet"])).to_pylist()
    original = [json.loads(line) for line in GPT_PAIRS.read_text(encoding="utf-8").splitlines()]
    assert rows == original
    assert all(seen.authorization == f"Bearer {TOKEN}" for seen in hub.requests if seen.method == "POST")
    token_nowhere(tmp_path, proc)

    # as the hub serves it back (its Parquet conversion), judgebench reads the same pairs (a fresh interpreter)
    hub.add("me/hard-pairs", {"default/test/0000.parquet": files["data/test-00000-of-00001.parquet"]})
    code = "import json; from judgebench.datasets import load_pairs; "
    code += "print(json.dumps([p.to_dict() for p in load_pairs('hf:me/hard-pairs:test')]))"
    env = {k: v for k, v in os.environ.items() if not k.startswith("HF_")}
    env.update(HF_ENDPOINT=hub.url, HF_HOME=str(tmp_path / "hf-home"), HF_HUB_DISABLE_TELEMETRY="1")
    read = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    assert read.returncode == 0, read.stderr
    back = json.loads(read.stdout)
    assert back == original


def test_judged_outputs_file_and_folder(hub: FakeHub, tmp_path: Path) -> None:
    runs = tmp_path / "runs"
    runs.mkdir()
    shutil.copy(O1_MINI, runs / O1_MINI.name)
    (runs / "results,judge_name=x,judge_model=y.json").write_text("{}\n", encoding="utf-8")
    (runs / "notes.jsonl").write_text('{"pair_id": "x"}\n', encoding="utf-8")  # not judged: left out
    proc = push(hub, tmp_path, "runs", "--repo", "me/runs", "--private")
    assert proc.returncode == 0, proc.stderr
    files = hub.pushed[("dataset", "me/runs")]
    assert set(files) == {"README.md", f"outputs/{O1_MINI.name}", "outputs/results,judge_name=x,judge_model=y.json"}
    assert files[f"outputs/{O1_MINI.name}"] == O1_MINI.read_bytes()  # as they are
    assert "| arena_hard | o1-mini-2024-09-12 | 65.71 | 230/350 |" in files["README.md"].decode()
    assert hub.created[("dataset", "me/runs")]["visibility"] == "private"
    proc = push(hub, tmp_path, f"runs/{O1_MINI.name}", "--repo", "me/runs")  # the repo exists: one more commit
    assert proc.returncode == 0, proc.stderr
    assert "pushed judged outputs (2 files)" in proc.stdout and len(hub.commits) == 2
    token_nowhere(tmp_path, proc)


def test_best_of_k_set_and_trained_model_folder(hub: FakeHub, tmp_path: Path) -> None:
    bok = tmp_path / "bok.jsonl"
    fixture = ROOT / "tests" / "best_of_k" / "fixtures" / "reward-bench-2.jsonl"
    made = subprocess.run(
        [sys.executable, "-m", "judgebench.cli.main", "import", "reward-bench-2", str(fixture), "--out", str(bok)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    proc = push(hub, tmp_path, "bok.jsonl", "--repo", "me/bok")
    assert proc.returncode == 0, proc.stderr
    files = hub.pushed[("dataset", "me/bok")]
    assert "best-of-k-set" in files["README.md"].decode()
    rows = pq.read_table(io.BytesIO(files["data/train-00000-of-00001.parquet"])).to_pylist()
    assert rows == [json.loads(line) for line in bok.read_text(encoding="utf-8").splitlines()]

    model = tmp_path / "verifier"
    (model / "checkpoints" / "checkpoint-2").mkdir(parents=True)
    (model / "config.json").write_text('{"architectures": ["LlamaForSequenceClassification"]}', encoding="utf-8")
    (model / "README.md").write_text("---\nlibrary_name: transformers\n---\n# Reward model\n", encoding="utf-8")
    (model / "model.safetensors").write_bytes(b"\x00" * 64)
    (model / "checkpoints" / "checkpoint-2" / "optimizer.pt").write_bytes(b"\x01" * 64)
    proc = push(hub, tmp_path, "verifier", "--repo", "me/verifier", "--private")
    assert proc.returncode == 0, proc.stderr
    assert "pushed trained model (3 files) to model me/verifier" in proc.stdout
    assert set(hub.pushed[("model", "me/verifier")]) == {"config.json", "README.md", "model.safetensors"}
    assert hub.created[("model", "me/verifier")]["visibility"] == "private"
    token_nowhere(tmp_path, proc)


def test_missing_or_rejected_token_is_one_line_exit_2_and_never_shown(hub: FakeHub, tmp_path: Path) -> None:
    shutil.copy(GPT_PAIRS, tmp_path / "pairs.jsonl")
    proc = push(hub, tmp_path, "pairs.jsonl", "--repo", "me/pairs", token=None)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "HF_TOKEN" in proc.stderr
    assert not [s for s in hub.requests if s.method == "POST"]  # refused before anything was sent
    hub.token = "hf_theHubWantsAnotherToken"
    proc = push(hub, tmp_path, "pairs.jsonl", "--repo", "me/pairs")
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1, proc.stderr
    assert "HTTP 401" in proc.stderr and "Traceback" not in proc.stderr
    token_nowhere(tmp_path, proc)


def test_what_cannot_be_pushed_is_refused_before_the_hub(hub: FakeHub, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    proc = push(hub, tmp_path, "empty", "--repo", "me/x")
    assert proc.returncode == 2 and "no judged outputs" in proc.stderr
    proc = push(hub, tmp_path, "empty", "--repo", "../x")
    assert proc.returncode == 2 and "not a hub dataset id" in proc.stderr
    (tmp_path / "bad.jsonl").write_text('{"pair_id": 1}\n', encoding="utf-8")
    proc = push(hub, tmp_path, "bad.jsonl", "--repo", "me/x")
    assert proc.returncode == 2 and "bad.jsonl" in proc.stderr and proc.stderr.count("\n") == 1
    assert not [s for s in hub.requests if s.method == "POST"]
