"""A cache that cannot be used never stops a run (issue 10): damaged, read-only, or a file for a folder.

Before the fix, random bytes in a few pages of ``calls.sqlite`` failed most judgments with ``DatabaseError``
and made ``cache stats`` / ``cache clear`` tracebacks; a read-only ``JUDGEBENCH_CACHE`` crashed ``judge`` even
with ``--no-cache`` (the run lock lived there); ``JUDGEBENCH_CACHE`` naming a file was a traceback.
"""

from __future__ import annotations

import asyncio
import logging
import random
from pathlib import Path

import pytest

from judgebench.backends import ChatRequest, Message
from judgebench.engine import open_engine
from tests.engine.conftest import FAKE_KEY
from tests.fakes.provider_server import FakeProvider
from tests.safety import cli, tmpfs

N = 300


def _requests() -> list[ChatRequest]:
    return [ChatRequest(messages=(Message("user", f"question {i} " + "words " * 60),)) for i in range(N)]


async def _ask(server: FakeProvider, cache: Path) -> tuple[list[str], dict]:
    engine = open_engine("openai/gpt-4o-mini", base_url=server.openai_base_url, cache_path=str(cache), concurrency=16)
    replies = await asyncio.gather(*(engine.chat(r) for r in _requests()))
    await engine.aclose()
    return [r.text for r in replies], engine.stats.to_dict()


def _damage(path: Path, seed: int = 10) -> None:
    """Random bytes over a few whole pages past the header page (what the issue's attacker did)."""
    data = bytearray(path.read_bytes())
    page = 4096
    rng = random.Random(seed)
    pages = len(data) // page
    assert pages > 8, pages
    for p in rng.sample(range(2, pages), 4):
        data[p * page : (p + 1) * page] = rng.randbytes(page)
    path.write_bytes(bytes(data))


def test_a_damaged_cache_is_reported_once_bypassed_and_clearable(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", FAKE_KEY)
    cache = tmp_path / "calls.sqlite"
    with FakeProvider() as server:
        first, _ = asyncio.run(_ask(server, cache))
        assert not Path(f"{cache}-wal").exists() or Path(f"{cache}-wal").stat().st_size == 0
        _damage(cache)
        server.reset()
        with caplog.at_level(logging.WARNING, logger="judgebench.engine"):
            again, stats = asyncio.run(_ask(server, cache))
    assert again == first  # every call answered: from the cache where it could, else from the provider
    assert stats["failed"] == 0 and stats["answered"] == N
    assert server.count() > 0 and stats["requests_sent"] == server.count()
    warnings = [r.getMessage() for r in caplog.records if "cache" in r.getMessage()]
    assert len(warnings) == 1 and "cannot be used" in warnings[0] and "cache clear" in warnings[0]

    code, _, err = cli(capsys, "cache", "stats", "--cache-path", str(cache))
    assert code == 2 and err.count("\n") == 1 and "cache clear" in err and "Traceback" not in err
    code, _, err = cli(capsys, "cache", "clear", "--cache-path", str(cache), "--model", "openai/gpt-4o-mini")
    assert code == 2 and err.count("\n") == 1 and "without --model" in err
    code, out, _ = cli(capsys, "cache", "clear", "--cache-path", str(cache))
    assert code == 0 and "removed the damaged cache" in out and not cache.exists()
    code, out, _ = cli(capsys, "cache", "stats", "--cache-path", str(cache))
    assert code == 0 and "entries: 0" in out


def _judge(server: FakeProvider, out: Path, *extra: str) -> list[str]:
    return [
        "judge", "--judge", "arena_hard", "--model", "openai/fake-judge", "--base-url", server.openai_base_url,
        "--pairs", "gpt", "--limit", "3", "--out", str(out), *extra,
    ]  # fmt: skip


def test_a_read_only_cache_folder_does_not_stop_judge(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", FAKE_KEY)
    with (
        tmpfs(tmp_path / "ro-cache", "1m", read_only=True) as folder,
        FakeProvider(reply=lambda body: "My final verdict is [[A>B]]") as server,
    ):
        monkeypatch.setenv("JUDGEBENCH_CACHE", str(folder))
        code, out, err = cli(capsys, *_judge(server, tmp_path / "a.jsonl", "--no-cache"))
        assert code == 0 and "3 pairs judged" in out and "Traceback" not in err, err
        code, out, err = cli(capsys, *_judge(server, tmp_path / "b.jsonl"))
        assert code == 0 and "3 pairs judged" in out, err


def test_a_cache_folder_that_is_a_file_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", FAKE_KEY)
    afile = tmp_path / "not-a-folder"
    afile.write_text("x")
    monkeypatch.setenv("JUDGEBENCH_CACHE", str(afile))
    with FakeProvider(reply=lambda body: "My final verdict is [[A>B]]") as server:
        code, _, err = cli(capsys, *_judge(server, tmp_path / "a.jsonl"))
        assert code == 2 and err.count("\n") == 1 and "is a file, not a folder" in err, err
        code, out, err = cli(capsys, *_judge(server, tmp_path / "b.jsonl", "--no-cache"))
        assert code == 0 and "3 pairs judged" in out, err
    assert afile.read_text() == "x"
