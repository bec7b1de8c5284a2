"""Escape attempts against both isolation modes: each must be contained and reported."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from judgebench.sandbox.launch import Limits, Sandbox, bwrap_path

MODES = [
    pytest.param("bwrap", marks=pytest.mark.skipif(bwrap_path() is None, reason="bubblewrap not installed")),
    "rlimits",
]
LIMITS = Limits(wall_s=4, cpu_s=3, memory_mb=512, file_mb=8, processes=32, output_bytes=1 << 20)


@pytest.fixture(params=MODES)
def box(request: pytest.FixtureRequest) -> Sandbox:
    return Sandbox(LIMITS, isolation=request.param)


def test_runs_ordinary_code_with_stdin(box: Sandbox) -> None:
    r = box.run_python("import sys\nprint(sum(map(int, sys.stdin.read().split())))", stdin=b"1 2 3\n")
    assert (r.returncode, r.stdout, r.timed_out, r.blocked) == (0, b"6\n", False, ())
    assert r.isolation == box.isolation


def test_write_outside_the_temp_dir(box: Sandbox, tmp_path: Path) -> None:
    target = tmp_path / f"escape-{uuid.uuid4().hex}"
    r = box.run_python(f"open({str(target)!r}, 'w').write('x')\n")
    assert not target.exists()
    assert r.returncode != 0 and b"Error" in r.stderr


def test_writes_inside_the_temp_dir_work(box: Sandbox) -> None:
    r = box.run_python("open('scratch.txt', 'w').write('ok')\nprint(open('scratch.txt').read())")
    assert r.stdout == b"ok\n"


def test_read_the_users_home(box: Sandbox) -> None:
    secret = Path.home() / f".jb-sandbox-secret-{uuid.uuid4().hex}"
    secret.write_text("top secret")
    try:
        r = box.run_python(f"print(open({str(secret)!r}).read())")
        assert b"top secret" not in r.stdout
        assert r.returncode != 0
        listing = box.run_python(f"import os\nprint(os.listdir({str(Path.home())!r}))")
        assert secret.name.encode() not in listing.stdout
    finally:
        secret.unlink()


def test_open_a_network_socket(box: Sandbox) -> None:
    r = box.run_python("import socket\ns = socket.create_connection(('1.1.1.1', 80), timeout=2)\nprint('connected')")
    assert b"connected" not in r.stdout and r.returncode != 0


def test_fork_bomb(box: Sandbox) -> None:
    r = box.run_python("import os\nwhile True:\n    os.fork()\n")
    assert r.returncode != 0
    assert r.wall_s < LIMITS.wall_s + 2
    assert any(b.startswith("os.fork") for b in r.blocked)


def test_allocate_10_gb(box: Sandbox) -> None:
    r = box.run_python("x = bytearray(10 * 2**30)\nprint('allocated')")
    assert b"allocated" not in r.stdout and b"MemoryError" in r.stderr


def test_loop_forever(box: Sandbox) -> None:
    r = box.run_python("while True:\n    pass\n")
    assert r.timed_out or r.killed_by in (9, 24)
    assert r.wall_s < LIMITS.wall_s + 2


def test_print_1_gb(box: Sandbox) -> None:
    r = box.run_python("import sys\nchunk = 'x' * (1 << 20)\nfor _ in range(1024):\n    sys.stdout.write(chunk)\n")
    assert r.output_truncated and len(r.stdout) == LIMITS.output_bytes
    assert r.returncode != 0


def test_kill_the_parent(box: Sandbox) -> None:
    r = box.run_python("import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\nprint('sent')")
    assert b"sent" not in r.stdout
    assert os.getpid() > 0  # still here
    follow_up = box.run_python("print('alive')")
    assert follow_up.stdout == b"alive\n"


def test_environment_is_scrubbed(box: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JB_SECRET_TOKEN", "hunter2")
    r = box.run_python("import os\nprint(sorted(os.environ))")
    assert b"JB_SECRET_TOKEN" not in r.stdout


@pytest.mark.skipif(bwrap_path() is None, reason="bubblewrap not installed")
def test_bwrap_contains_without_the_audit_guard(tmp_path: Path) -> None:
    """The kernel layer alone: no network, no host files, nothing written outside."""
    box = Sandbox(LIMITS, isolation="bwrap", guard=False)
    target = tmp_path / "escape"
    code = (
        "import os, socket\n"
        f"try:\n    open({str(target)!r}, 'w')\nexcept OSError as e:\n    print('write', type(e).__name__)\n"
        "try:\n    socket.create_connection(('1.1.1.1', 80), timeout=2)\n"
        "except OSError as e:\n    print('net', e.errno)\n"
        "print(sorted(os.listdir('/')))\n"
    )
    r = box.run_python(code)
    assert not target.exists()
    out = r.stdout.decode()
    assert "write" in out and "net" in out
    assert "work" not in out and "home" not in out


def test_unknown_isolation_is_a_config_error() -> None:
    from judgebench.errors import ConfigError

    with pytest.raises(ConfigError):
        Sandbox(isolation="docker").mode()  # type: ignore[arg-type]
