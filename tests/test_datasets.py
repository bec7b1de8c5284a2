"""Data resolution: explicit paths, $JUDGEBENCH_DATA, and the real download code against a local hub."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from judgebench import datasets
from judgebench.errors import DataUnavailableError, DuplicatePairError, InputError
from judgebench.records import read_pairs
from tests.conftest import CLAUDE_PAIRS, DATA, GPT_PAIRS, O1_MINI
from tests.fakes.hf_hub import FakeHub, Reply


def _parquet_bytes(rows: list[dict], tmp_path: Path) -> bytes:
    p = tmp_path / f"x{len(rows)}.parquet"
    pq.write_table(pa.Table.from_pylist(rows), p)
    return p.read_bytes()


@pytest.fixture
def no_data(monkeypatch):
    monkeypatch.delenv("JUDGEBENCH_DATA", raising=False)


def test_explicit_path_and_env(monkeypatch):
    assert datasets.resolve_pairs(str(GPT_PAIRS)) == GPT_PAIRS
    assert datasets.release_path("claude").resolve() == DATA / "data" / CLAUDE_PAIRS.name
    assert len(datasets.load_pairs("gpt")) == 350
    assert datasets.outputs_dir().resolve() == DATA / "outputs"
    assert datasets.dataset_stem("gpt") == "dataset=judgebench,response_model=gpt-4o-2024-05-13"
    monkeypatch.setenv("JUDGEBENCH_DATA", "/nonexistent/jb")
    with pytest.raises(DataUnavailableError, match="JUDGEBENCH_DATA=/nonexistent/jb is not a directory"):
        datasets.load_pairs("gpt")


def test_bad_specs(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        datasets.load_pairs(str(tmp_path / "missing.jsonl"))
    with pytest.raises(Exception, match="hf:owner/name:split"):
        datasets.resolve_pairs("hf:ScalerLab/JudgeBench")


def test_release_downloads_from_hub_once(no_data, tmp_path, monkeypatch):
    rows = [json.loads(line) for line in GPT_PAIRS.read_text(encoding="utf-8").splitlines()]
    with FakeHub() as hub:
        hub.add("ScalerLab/JudgeBench", {"default/gpt/0000.parquet": _parquet_bytes(rows, tmp_path)})
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        pairs = datasets.load_pairs("gpt")
        assert [p.to_dict() for p in pairs] == rows
        n = len(hub.requests)
        asked = [(r.method, r.path.partition("?")[0]) for r in hub.requests]
        assert [(m, path) for m, path in asked if "JudgeBench" in path] == [
            ("GET", "/api/datasets/ScalerLab/JudgeBench/tree/refs%2Fconvert%2Fparquet/default%2Fgpt"),
            ("HEAD", "/datasets/ScalerLab/JudgeBench/resolve/refs%2Fconvert%2Fparquet/default/gpt/0000.parquet"),
            ("GET", "/datasets/ScalerLab/JudgeBench/resolve/refs%2Fconvert%2Fparquet/default/gpt/0000.parquet"),
        ]
        assert len(datasets.load_pairs("gpt")) == 350  # from the cache now
        assert len(hub.requests) == n
        cached = datasets.cache_dir() / "data" / GPT_PAIRS.name
        assert cached.read_bytes() == GPT_PAIRS.read_bytes()  # same bytes as the upstream file
        assert not list(cached.parent.glob(".*"))  # no partial files left behind


def test_hub_dataset_id_and_missing_split(no_data, tmp_path, monkeypatch):
    rows = [json.loads(line) for line in CLAUDE_PAIRS.read_text(encoding="utf-8").splitlines()][:5]
    with FakeHub() as hub:
        # two files, listed out of order: rows keep the files' order
        hub.add("me/pairs", {"default/train/0001.parquet": _parquet_bytes(rows[3:], tmp_path)})
        hub.add("me/pairs", {"default/train/0000.parquet": _parquet_bytes(rows[:3], tmp_path)})
        hub.add("me/big", {"default/partial-train/0000.parquet": _parquet_bytes(rows[:2], tmp_path)})
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        assert [p.pair_id for p in datasets.load_pairs("hf:me/pairs:train")] == [r["pair_id"] for r in rows]
        assert [p.pair_id for p in datasets.load_pairs("hf:me/big:train")] == [r["pair_id"] for r in rows[:2]]
        with pytest.raises(DataUnavailableError, match=r"has no split 'test'.*HTTP 404"):
            datasets.load_pairs("hf:me/pairs:test")
        with pytest.raises(DataUnavailableError, match="HTTP 404, no such dataset"):
            datasets.load_pairs("hf:me/none:train")


#: Where GitHub raw serves the recorded outputs; a file's name is percent-encoded in the request.
RAW_OUTPUTS = f"/ScalerLab/JudgeBench/{datasets.UPSTREAM_COMMIT}/outputs/"


def test_recorded_outputs_download(no_data, monkeypatch):
    body = O1_MINI.read_bytes()
    with FakeHub() as hub:  # GitHub raw here: only planted replies, keyed by the decoded path
        for name in datasets.RECORDED_OUTPUTS:
            hub.replies[RAW_OUTPUTS + name] = Reply(200, body)
        monkeypatch.setenv("JUDGEBENCH_GITHUB_RAW", hub.url)
        folder = datasets.outputs_dir()
        assert sorted(p.name for p in folder.glob("*.jsonl")) == sorted(datasets.RECORDED_OUTPUTS)
        assert len(hub.requests) == len(datasets.RECORDED_OUTPUTS) == 38
        assert sorted(r.path for r in hub.requests) == sorted(RAW_OUTPUTS + quote(n) for n in datasets.RECORDED_OUTPUTS)
        datasets.outputs_dir()
        assert len(hub.requests) == 38


def test_offline_message(no_data, monkeypatch):
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{port}")
    with pytest.raises(DataUnavailableError, match=r"offline\?.*Set JUDGEBENCH_DATA"):
        datasets.load_pairs("claude")
    assert not (datasets.cache_dir() / "data").exists() or not list((datasets.cache_dir() / "data").iterdir())


def test_parquet_pairs_file(tmp_path):
    rows = [json.loads(line) for line in GPT_PAIRS.read_text(encoding="utf-8").splitlines()][:10]
    p = tmp_path / "pairs.parquet"
    pq.write_table(pa.Table.from_pylist(rows), p)
    assert [x.to_dict() for x in datasets.load_pairs(str(p))] == [x.to_dict() for x in read_pairs(GPT_PAIRS)][:10]
    pq.write_table(pa.Table.from_pylist(rows + rows[:1]), p)
    with pytest.raises(DuplicatePairError, match=r"pairs\.parquet:11"):
        datasets.load_pairs(str(p))
    bad = tmp_path / "bad.parquet"
    bad.write_text("nope")
    with pytest.raises(InputError, match="not a readable Parquet file"):
        datasets.load_pairs(str(bad))


def test_recorded_output_by_name(no_data, monkeypatch, tmp_path):
    name = O1_MINI.name
    with FakeHub() as hub:
        hub.replies[RAW_OUTPUTS + name] = Reply(200, O1_MINI.read_bytes())
        monkeypatch.setenv("JUDGEBENCH_GITHUB_RAW", hub.url)
        path = datasets.recorded_output(name)  # only this file is fetched, once
        assert path.read_bytes() == O1_MINI.read_bytes()
        assert datasets.recorded_output(name) == path and [r.path for r in hub.requests] == [RAW_OUTPUTS + quote(name)]
        assert datasets.recorded_output(str(O1_MINI)) == O1_MINI
        with pytest.raises(InputError, match="no such recorded outputs file"):
            datasets.recorded_output("not-a-release-file.jsonl")
