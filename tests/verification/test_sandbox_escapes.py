"""The sandbox escape suite (issue 10), in every mode the sandbox has, with and without the audit-hook guard.

Each attempt is what model-written code did to the old rlimits sandbox: ``_posixsubprocess.fork_exec`` (no
audit event), ``ctypes``, every ``os`` process entry point, reading the parent's environment through
``/proc``, a ``setsid`` survivor, killing the parent, a socket to a listener on this machine, fork bombs and
floods on every descriptor. The guard is switched off in half the runs because an attacker gets around it
anyway: what must hold is the kernel's part. The outcome of each, per mode, is in docs/verifiers.md.

Modes: ``bwrap`` (skipped without bubblewrap) and ``rlimits``, the opt-in fallback, which contains code only by
running it as a throw-away unprivileged uid and so is skipped unless these tests run as root.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import json
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from judgebench.sandbox import containment
from judgebench.sandbox.launch import Limits, RunResult, Sandbox, bwrap_path

ROOT = Path(__file__).resolve().parents[2]
FAKE_KEY = "sk-test-ESCAPE-4242-never-leaves"
LIMITS = Limits(wall_s=5, cpu_s=4, memory_mb=512, file_mb=4, processes=32, output_bytes=1 << 20)
MODES = [
    pytest.param("bwrap", marks=pytest.mark.skipif(bwrap_path() is None, reason="bubblewrap not installed")),
    pytest.param(
        "rlimits",
        marks=pytest.mark.skipif(
            os.geteuid() != 0,
            reason="the rlimits fallback contains code only by dropping to an unprivileged uid, which needs root; "
            "as another user these escapes would run as that user",
        ),
    ),
]

# fork_exec's arguments by Python version (3.10: 21, 3.11: + process group, then + allow_vfork; builds differ).
FORK_EXEC = """
import _posixsubprocess, os, sys
def fork_exec(argv):
    errpipe_read, errpipe_write = os.pipe()
    args = [argv, [os.fsencode(argv[0])], True, (), None, None, -1, -1, -1, -1, -1, -1,
            errpipe_read, errpipe_write, False, False]
    args += [-1] if sys.version_info >= (3, 11) else []
    args += [None, None, None, -1, None]
    try:
        pid = _posixsubprocess.fork_exec(*args)
    except TypeError:
        pid = _posixsubprocess.fork_exec(*args, False)
    os.close(errpipe_write)
    return pid
"""


def payload(target: Path) -> str:
    """A shell line that reports its uid, dumps every environment it can read and writes outside."""
    return (
        "echo uid=$(id -u); cat /proc/$PPID/environ /proc/1/environ 2>/dev/null; "
        "for f in /proc/[0-9]*/environ; do cat $f 2>/dev/null; done; env; "
        f"echo pwned > {target} 2>/dev/null; cat /root/.bashrc 2>/dev/null; echo end-of-payload"
    )


class KeyedSandbox(Sandbox):
    """Runs each program from a fresh process started with the fake key in its environment (see sandbox_child)."""

    def run_python(self, script: str, **kw: Any) -> RunResult:
        assert not kw
        job = {"limits": dataclasses.asdict(self.limits), "mode": self.isolation, "guard": self.guard, "code": script}
        env = {**os.environ, "OPENAI_API_KEY": FAKE_KEY}
        done = subprocess.run(
            [sys.executable, "-m", "tests.verification.sandbox_child"], input=json.dumps(job), env=env, cwd=ROOT,
            capture_output=True, text=True, timeout=60, check=True,
        )  # fmt: skip
        doc = json.loads(done.stdout)
        doc["stdout"], doc["stderr"] = base64.b64decode(doc["stdout"]), base64.b64decode(doc["stderr"])
        doc["blocked"] = tuple(doc["blocked"])
        return RunResult(**doc)


@pytest.fixture(params=MODES)
def mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("OPENAI_API_KEY", FAKE_KEY)  # what the attacker is after, in judgebench's environment
    return str(request.param)


@pytest.fixture(params=[True, False], ids=["guard", "no-guard"])
def box(request: pytest.FixtureRequest, mode: str) -> Sandbox:
    return Sandbox(LIMITS, isolation=mode, guard=request.param)  # type: ignore[arg-type]


@pytest.fixture(params=[True, False], ids=["guard", "no-guard"])
def keyed(request: pytest.FixtureRequest, mode: str) -> Sandbox:
    """A sandbox whose parent process was started with the key in its environment (as ``judgebench`` is)."""
    return KeyedSandbox(LIMITS, isolation=mode, guard=request.param)  # type: ignore[arg-type]


def test_the_key_is_there_to_steal_unsandboxed() -> None:
    """The keyed parent really exposes the key through /proc, so tests that find none prove something."""
    code = "import os\nprint(open(f'/proc/{os.getppid()}/environ', 'rb').read())"
    env = {**os.environ, "OPENAI_API_KEY": FAKE_KEY}
    child = f"import subprocess, sys\nsubprocess.run([sys.executable, '-c', {code!r}])"
    out = subprocess.run([sys.executable, "-c", child], env=env, capture_output=True, text=True, timeout=60).stdout
    assert FAKE_KEY in out


def text(r: RunResult) -> str:
    return (r.stdout + r.stderr).decode("utf-8", "replace")


def assert_contained(r: RunResult, target: Path) -> None:
    assert FAKE_KEY not in text(r)
    assert not target.exists()
    for line in text(r).splitlines():
        if line.startswith("uid="):
            assert line != "uid=0", "code ran as root"


def alive(marker: str) -> list[int]:
    """Processes whose command line holds ``marker``."""
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                cmdline = Path(entry.path, "cmdline").read_bytes()
            except OSError:
                continue
            if marker.encode() in cmdline:
                found.append(int(entry.name))
    return found


def test_posixsubprocess_fork_exec_bypass(keyed: Sandbox, tmp_path: Path) -> None:
    target = tmp_path / "escaped"
    code = FORK_EXEC + f"pid = fork_exec(['/bin/sh', '-c', {payload(target)!r}])\nos.waitpid(pid, 0)\n"
    r = keyed.run_python(code)
    assert_contained(r, target)
    assert "end-of-payload" in text(r)  # the shell did run: the bypass works, the kernel contains it
    assert "uid=" in text(r)


def test_ctypes_system(keyed: Sandbox, tmp_path: Path) -> None:
    target = tmp_path / "escaped"
    r = keyed.run_python(f"import ctypes\nctypes.CDLL(None).system({payload(target).encode()!r})\n")
    assert_contained(r, target)
    if keyed.guard:
        assert any(b.startswith("ctypes") for b in r.blocked)


def test_every_os_process_entry_point(keyed: Sandbox, tmp_path: Path) -> None:
    target = tmp_path / "escaped"
    sh = ["/bin/sh", "-c", payload(target)]
    code = f"""
import os, pty, subprocess, sys
sh = {sh!r}
def attempt(name, fn):
    try:
        fn()
        print("ran", name, flush=True)
    except BaseException as exc:
        print("refused", name, type(exc).__name__, flush=True)
def fork():
    pid = os.fork()
    if pid == 0:
        os.execv(sh[0], sh)
    os.waitpid(pid, 0)
attempt("os.system", lambda: os.system(sh[2]))
attempt("os.popen", lambda: os.popen(sh[2]).read())
attempt("os.fork", fork)
attempt("os.forkpty", lambda: os.forkpty()[0] == 0 and os._exit(0))
attempt("os.posix_spawn", lambda: os.waitpid(os.posix_spawn(sh[0], sh, {{}}), 0))
attempt("os.posix_spawnp", lambda: os.waitpid(os.posix_spawnp("sh", sh, {{}}), 0))
attempt("os.spawnv", lambda: os.spawnv(os.P_WAIT, sh[0], sh))
attempt("subprocess.run", lambda: subprocess.run(sh))
attempt("pty.spawn", lambda: pty.spawn(sh))
for name in ("execv", "execve", "execl", "execlp", "execvp", "execvpe"):
    fn = getattr(os, name)
    args = {{"execv": (sh[0], sh), "execve": (sh[0], sh, {{}}), "execl": (sh[0], *sh), "execlp": ("sh", *sh),
            "execvp": ("sh", sh), "execvpe": ("sh", sh, {{}})}}[name]
    attempt("os." + name, lambda: fn(*args))
"""
    r = keyed.run_python(code)
    assert_contained(r, target)
    if keyed.guard:
        assert "ran os." not in text(r) and "ran subprocess" not in text(r) and "ran pty" not in text(r)
        assert len(r.blocked) >= 10


def test_read_the_parents_environment_through_proc(keyed: Sandbox) -> None:
    code = """
import os
paths = [f"/proc/{p}/environ" for p in os.listdir("/proc") if p.isdigit()]
for path in [f"/proc/{os.getppid()}/environ", "/proc/1/environ", *paths]:
    try:
        print(path, open(path, "rb").read())
    except Exception as exc:
        print(path, type(exc).__name__)
print(dict(os.environ))
"""
    r = keyed.run_python(code)
    assert FAKE_KEY not in text(r)
    assert "OPENAI_API_KEY" not in r.stdout.decode()


def test_a_setsid_survivor_is_killed_with_the_run(box: Sandbox) -> None:
    marker = f"{7 + int(uuid.uuid4().int % 10**6) / 10**7:.7f}"  # a unique sleep length marks the survivor
    line = f"setsid /bin/sh -c 'sleep {marker}' </dev/null >/dev/null 2>&1 &"
    r = box.run_python(FORK_EXEC + f"fork_exec(['/bin/sh', '-c', {line!r}])\nimport time\ntime.sleep(0.5)\n")
    deadline = time.monotonic() + 2
    while alive(f"sleep\0{marker}") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(f"sleep\0{marker}"), f"a setsid process outlived the run ({r.isolation})"


def test_kill_the_parent_and_everyone(box: Sandbox) -> None:
    # kill(-1) as root in this pid namespace would end every process on the machine: the program fires only
    # when it is not root outside (another uid than its parent's) or sits in its own pid namespace (a small pid),
    # and says so; a sandbox that regressed makes this test fail instead of taking the machine down.
    code = """
import os, signal
armed = os.getpid() < 10 or os.stat(f"/proc/{os.getppid()}").st_uid != os.getuid()
print("armed" if armed else "disarmed", flush=True)
for name, call in (("parent", lambda: os.kill(os.getppid(), signal.SIGKILL)),
                   ("group", lambda: os.killpg(os.getpgid(os.getppid()), signal.SIGKILL)),
                   ("all", lambda: os.kill(-1, signal.SIGKILL))):
    if not armed:
        break
    try:
        call()
        print("sent", name, flush=True)
    except BaseException as exc:
        print("refused", name, type(exc).__name__, flush=True)
"""
    r = box.run_python(code)
    assert r.stdout.startswith(b"armed"), text(r)
    assert os.getpid() > 0  # this test process is still here
    assert box.run_python("print('alive')").stdout == b"alive\n"
    if r.isolation == "rlimits":  # another uid: the parent is out of reach
        assert "sent parent" not in text(r)


@contextlib.contextmanager
def recorded(srv: socket.socket) -> Iterator[list[bytes]]:
    """Within the block, a thread accepts on the bound ``srv`` and records what each connection sends first
    (``b"(connected)"`` for nothing); ``srv`` is closed after."""
    srv.listen()
    srv.settimeout(0.2)
    got: list[bytes] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = srv.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(2)
                got.append(conn.recv(100) or b"(connected)")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield got
    finally:
        stop.set()
        thread.join()
        srv.close()


@pytest.fixture
def listener() -> Iterator[tuple[int, list[bytes]]]:
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    with recorded(srv) as got:
        yield srv.getsockname()[1], got


def test_a_socket_to_a_local_listener(box: Sandbox, listener: tuple[int, list[bytes]]) -> None:
    port, got = listener
    connect = f"import socket\nsocket.create_connection(('127.0.0.1', {port}), timeout=2).sendall(b'pwned')\n"
    code = FORK_EXEC + (
        f"try:\n    exec({connect!r})\nexcept BaseException as exc:\n    print('direct', type(exc).__name__)\n"
        f"pid = fork_exec([sys.executable, '-I', '-c', {connect!r}])\nos.waitpid(pid, 0)\n"
    )
    box.run_python(code)
    time.sleep(0.3)
    if box.mode() == "bwrap" or containment.network_contained():
        assert got == []  # a network namespace of its own, nothing up: 127.0.0.1 is not this machine's
    else:  # documented: without `unshare --net` the fallback has no network namespace; a fresh interpreter
        assert b"pwned" in got  # has no audit hook


def test_fork_bomb(box: Sandbox) -> None:
    marker = f"bomb-{uuid.uuid4().hex}"
    bomb = "f() { f | f & }; f"
    r = box.run_python(FORK_EXEC + f"fork_exec(['/bin/sh', '-c', {bomb!r}, {marker!r}])\nimport time\ntime.sleep(1)\n")
    assert r.wall_s < LIMITS.wall_s + 3
    deadline = time.monotonic() + 3
    while alive(marker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(marker), "bomb processes outlived the run"
    assert "fork" in r.stderr.decode("utf-8", "replace").lower()  # the process limit stopped it


def test_process_count_is_capped(mode: str) -> None:
    box = Sandbox(LIMITS, isolation=mode, guard=False)  # type: ignore[arg-type]
    code = """
import os, time
n = 0
try:
    while n < 500:
        if os.fork() == 0:
            os.close(1)
            os.close(2)
            time.sleep(30)
            os._exit(0)
        n += 1
except OSError as exc:
    print("stopped", n, exc.errno, flush=True)
"""
    r = box.run_python(code)
    words = r.stdout.decode().split()
    assert words[:1] == ["stopped"], text(r)
    assert int(words[1]) <= LIMITS.processes


@pytest.mark.parametrize("where", ["stdout", "stderr", "every-fd"])
def test_a_1_gb_flood_is_an_output_limit(box: Sandbox, where: str) -> None:
    code = {
        "stdout": "import sys\nfor _ in range(1024):\n    sys.stdout.write('x' * (1 << 20))\n",
        "stderr": "import sys\nfor _ in range(1024):\n    sys.stderr.write('x' * (1 << 20))\n",
        "every-fd": "import os\nchunk = b'x' * (1 << 20)\nfor _ in range(1024):\n"
        "    for fd in range(1, 64):\n        try:\n            os.write(fd, chunk)\n        except OSError:\n"
        "            pass\n",
    }[where]
    r = box.run_python(code)
    assert r.output_truncated and not r.timed_out
    assert len(r.stdout) <= LIMITS.output_bytes and len(r.stderr) <= LIMITS.output_bytes
    assert r.wall_s < LIMITS.wall_s


def test_a_file_flood_stops_at_the_file_limit(box: Sandbox) -> None:
    code = """
chunk = b'x' * (1 << 20)
written = 0
try:
    with open('big', 'wb') as fh:
        for _ in range(1024):
            fh.write(chunk)
            fh.flush()
            written += len(chunk)
except OSError as exc:
    print('stopped', written, exc.errno)
"""
    r = box.run_python(code)
    words = r.stdout.decode().split()
    assert words[:1] == ["stopped"] and int(words[1]) <= LIMITS.file_mb << 20, text(r)
