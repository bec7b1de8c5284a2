"""Hub downloads trust the hub no further than they must: checked names, the token kept on the hub's origin.

Real HTTP against :class:`tests.fakes.hf_hub.FakeHub` on 127.0.0.1 (``HF_ENDPOINT`` points at it), driving the
real download code (huggingface_hub underneath); nothing here needs the network.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from judgebench import datasets
from judgebench.cli.main import main
from judgebench.errors import ConfigError
from tests.conftest import CLAUDE_PAIRS
from tests.fakes.hf_hub import PARQUET_REVISION, FakeHub, Reply

CANARY = "hf_canary_7c1e0b"  # a fake token that must never leave the hub's origin
NOWHERE = "http://127.0.0.1:9/v1"
ROWS = [json.loads(line) for line in CLAUDE_PAIRS.read_text(encoding="utf-8").splitlines()][:5]


def _parquet(rows: list[dict], tmp_path: Path) -> bytes:
    p = tmp_path / "rows.parquet"  # tmp_path itself: the hub_env cache lives under tmp_path/home
    pq.write_table(pa.Table.from_pylist(rows), p)
    return p.read_bytes()


def _judge(spec: str, out: Path) -> list[str]:
    return [
        "judge",
        "--judge",
        "arena_hard",
        "--model",
        "vllm/x",
        "--base-url",
        NOWHERE,
        "--pairs",
        spec,
        "--out",
        str(out),
    ]


def _prefix_ports() -> tuple[FakeHub, FakeHub]:
    """A hub on port P and another origin on port P·10+1, whose URL starts with the hub's (:4710 and :47101)."""
    for port in range(4710, 6500, 37):
        try:
            with socket.socket() as probe:
                probe.bind(("127.0.0.1", port * 10 + 1))
            hub = FakeHub(port)
        except OSError:
            continue
        try:
            return hub, FakeHub(port * 10 + 1)
        except OSError:
            hub.close()
    pytest.skip("no free pair of ports P and P*10+1")


@pytest.fixture
def hub_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No JUDGEBENCH_DATA, the canary token, and a cache two folders down in tmp_path (so an escape lands here)."""
    monkeypatch.delenv("JUDGEBENCH_DATA", raising=False)
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setenv("HF_TOKEN", CANARY)
    cache = tmp_path / "home" / "cache"
    monkeypatch.setenv("JUDGEBENCH_CACHE", str(cache))
    return cache


def _files_outside(cache: Path) -> list[Path]:
    """Files under the cache's parent (where ``../../../out/X`` from ``cache/hub/a__b`` lands) but not in it."""
    return [p for p in cache.parent.rglob("*") if p.is_file() and not p.is_relative_to(cache)]


def test_the_token_never_reaches_another_origin(hub_env, tmp_path, monkeypatch):
    """Every way a hub answer can point elsewhere: a listed URL, a next page, a redirect; the token stays home."""
    data = _parquet(ROWS, tmp_path)
    hub, other = _prefix_ports()
    assert other.url.startswith(hub.url)  # the case a prefix test gets wrong
    with hub, other:
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        # the hub's Parquet listing API names a file on the other origin
        hub.replies["/api/datasets/me/pairs/parquet/default/train"] = Reply(
            200, json.dumps([f"{other.url}/p"]).encode()
        )
        other.replies["/p"] = Reply(200, data)
        # the tree listing links its next page on the other origin
        entry = {"type": "file", "path": "default/train/0000.parquet", "size": len(data), "oid": "0" * 40}
        hub.replies[f"/api/datasets/me/pairs/tree/{PARQUET_REVISION}/default/train"] = Reply(
            200, json.dumps([entry]).encode(), {"Link": f'<{other.url}/page2>; rel="next"'}
        )
        other.replies["/page2"] = Reply(200, b"[]")
        # the file redirects to the other origin, as the hub does to its CDN
        hub.replies[f"/datasets/me/pairs/resolve/{PARQUET_REVISION}/default/train/0000.parquet"] = Reply(
            302,
            b"",
            {
                "Location": f"{other.url}/blob",
                "X-Repo-Commit": "1" * 40,
                "X-Linked-Etag": '"e"',
                "X-Linked-Size": str(len(data)),
            },
        )
        other.replies["/blob"] = Reply(200, data)

        pairs = datasets.load_pairs("hf:me/pairs:train")

        assert [p.pair_id for p in pairs] == [r["pair_id"] for r in ROWS]
        assert other.requests, "the other origin was never asked: the test proves nothing"
        assert other.tokens() == []
        assert hub.tokens() and set(hub.tokens()) == {f"Bearer {CANARY}"}  # the hub itself does get it


@pytest.mark.parametrize(
    ("url", "keeps"),
    [
        ("https://huggingface.co/api/x", True),
        ("https://huggingface.co:443/api/x", True),
        ("https://HuggingFace.co/api/x", True),
        ("https://huggingface.co.evil.com/api/x", False),
        ("https://huggingface.co@evil.com/api/x", False),
        ("http://huggingface.co/api/x", False),
        ("https://huggingface.co:8443/api/x", False),
        ("https://cdn-lfs.huggingface.co/x", False),
    ],
)
def test_token_origin_rule(url: str, keeps: bool) -> None:
    """The hook on huggingface_hub's client keeps the token only on the endpoint's scheme, host and port."""
    import httpx2

    from judgebench.hub import _drop_foreign_token, _on_hub

    request = httpx2.Request("GET", url, headers={"Authorization": f"Bearer {CANARY}"})
    with _on_hub("https://huggingface.co"):
        _drop_foreign_token(request)
    assert ("authorization" in request.headers) is keeps
    outside = httpx2.Request("GET", url, headers={"Authorization": "Bearer x"})
    _drop_foreign_token(outside)  # not inside a judgebench download: huggingface_hub's own calls are left alone
    assert "authorization" in outside.headers


@pytest.mark.parametrize("split", ["../../../out/X", "a/b", "..", "x\\y", "/abs", ".hidden", "a..b"])
def test_a_split_cannot_leave_the_cache(hub_env, tmp_path, monkeypatch, capsys, split):
    data = _parquet(ROWS, tmp_path)
    with FakeHub() as hub:
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        # a hub that answers the path ../../../out/X makes of the Parquet listing URL (a permissive mirror)
        hub.replies["/api/datasets/a/out/X"] = Reply(200, json.dumps([f"{hub.url}/p.parquet"]).encode())
        hub.replies["/p.parquet"] = Reply(200, data)
        out = tmp_path / "judged.jsonl"
        code = main(_judge(f"hf:a/b:{split}", out))
        err = capsys.readouterr().err
        assert code == 2 and err.count("\n") == 1 and "not a split name" in err, err
        assert _files_outside(hub_env) == []
        assert hub.requests == []  # refused before anything is asked


@pytest.mark.parametrize(
    "dataset_id", ["a", "../x", "a/b/c", "-a/b", "a/b-", "a/b--c", "a/b..c", "a /b", "a/", "/b", ".a/b", "a/b.git/.."]
)
def test_invalid_dataset_ids_are_refused(hub_env, tmp_path, monkeypatch, capsys, dataset_id):
    with FakeHub() as hub:
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        code = main(_judge(f"hf:{dataset_id}:train", tmp_path / "judged.jsonl"))
        err = capsys.readouterr().err
        assert code == 2 and err.count("\n") == 1 and "not a hub dataset id" in err, err
        assert hub.requests == []
    with pytest.raises(ConfigError, match="not a hub dataset id"):
        from judgebench.hub_rows import hub_rows

        hub_rows(dataset_id, "train")


def test_api_level_names_are_checked(hub_env):
    from judgebench.hub_rows import hub_rows
    from judgebench.sources.hub_files import hub_raw_file, hub_split_jsonl

    with pytest.raises(ConfigError, match="not a split name"):
        hub_rows("allenai/reward-bench-2", "../x")
    with pytest.raises(ConfigError, match="not a split name"):
        hub_split_jsonl("TIGER-Lab/MMLU-Pro", "te/st")
    with pytest.raises(ConfigError, match="not a dataset config name"):
        hub_split_jsonl("TIGER-Lab/MMLU-Pro", "test", "../x")
    with pytest.raises(ConfigError, match="refusing the cache path part"):
        hub_raw_file("livecodebench/code_generation_lite", "../test.jsonl")


GARBAGE = [
    Reply(200, b"<html><body>Bad gateway</body></html>", {"Content-Type": "text/html"}),
    Reply(200, b'{"error": "not a list"}'),
    Reply(200, b"[1, 2]"),
    Reply(200, b'[{"type": "file"}]'),
    Reply(200, b'[{"type": "file", "path": "../../../x.parquet", "size": 1, "oid": "0"}]'),
]


@pytest.mark.parametrize("reply", GARBAGE, ids=["html", "dict", "ints", "no-path", "climbing-path"])
def test_a_listing_that_is_not_the_hubs_is_one_line(hub_env, tmp_path, monkeypatch, capsys, reply):
    with FakeHub() as hub:
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        hub.replies["/api/datasets/me/pairs/parquet/default/train"] = reply
        hub.replies[f"/api/datasets/me/pairs/tree/{PARQUET_REVISION}/default/train"] = reply
        code = main(_judge("hf:me/pairs:train", tmp_path / "judged.jsonl"))
        err = capsys.readouterr().err
        assert code == 2 and err.count("\n") == 1 and "Traceback" not in err, err
        assert hub.requests  # the hub was asked: the reply is what failed
        assert _files_outside(hub_env) == []


@pytest.mark.parametrize("headers", [{}, {"X-Repo-Commit": "1" * 40, "ETag": '"e"'}], ids=["no-etag", "not-parquet"])
def test_a_file_reply_that_is_not_the_hubs_is_one_line(hub_env, tmp_path, monkeypatch, capsys, headers):
    with FakeHub() as hub:
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        hub.add("me/pairs", {"default/train/0000.parquet": b"PAR1 not really"})
        hub.replies[f"/datasets/me/pairs/resolve/{PARQUET_REVISION}/default/train/0000.parquet"] = Reply(
            200, b"<html>login</html>", headers
        )
        code = main(_judge("hf:me/pairs:train", tmp_path / "judged.jsonl"))
        err = capsys.readouterr().err
        assert code == 2 and err.count("\n") == 1 and "Traceback" not in err, err
        assert not list(hub_env.rglob("*.jsonl")) and not list(hub_env.rglob("*.parquet"))


def test_hf_hub_offline_asks_nothing(hub_env, tmp_path, monkeypatch, capsys):
    with FakeHub() as hub:
        hub.add("me/pairs", {"default/train/0000.parquet": _parquet(ROWS, tmp_path)})
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        monkeypatch.setenv("HF_HUB_OFFLINE", "1")
        code = main(_judge("hf:me/pairs:train", tmp_path / "judged.jsonl"))
        err = capsys.readouterr().err
        assert code == 2 and err.count("\n") == 1 and "HF_HUB_OFFLINE is set" in err, err
        assert hub.requests == []


def test_judgebench_data_comes_first(monkeypatch, tmp_path):
    """With JUDGEBENCH_DATA set the releases and recorded outputs never reach the hub, even one that answers."""
    with FakeHub() as hub:
        hub.add("ScalerLab/JudgeBench", {"default/gpt/0000.parquet": _parquet(ROWS, tmp_path)})
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        assert len(datasets.load_pairs("gpt")) == 350 and len(datasets.load_pairs("claude")) == 270
        assert datasets.outputs_dir().is_dir()
        assert hub.requests == []
