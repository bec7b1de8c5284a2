"""A run's total memory, what it leaves behind, the host's Unix sockets, and a forged end of the test runner.

Before issue 19: four processes of 1.5 GB each held 6 GB in both modes (the limits bounded each process's
address space, 64 of them); the fallback left what it wrote to ``/tmp``, ``/var/tmp`` and ``/dev/shm`` behind
and could connect to a world-writable Unix socket of the host; and a program that wrote ``{"done": true}`` to
the report descriptor turned its verdict from incorrect into unverifiable. Hostile code: run these tests in a
PID namespace (``unshare --pid --fork --mount-proc``).
"""

from __future__ import annotations

import os
import socket
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from judgebench.sandbox import cgroups, containment
from judgebench.sandbox.cgroups import RunCgroups
from judgebench.sandbox.launch import Limits, Sandbox
from judgebench.verifiers.base import Outcome, Question
from judgebench.verifiers.code_execution import CodeExecutionVerifier
from judgebench.verifiers.code_tests import CodeTests, TestCase
from tests.verification.test_sandbox_escapes import MODES, recorded

HOLD_MB = 100  # each child of the hungry program; four of them (400 MiB) against a 256 MiB run
LIMITS = Limits(
    wall_s=20, cpu_s=10, memory_mb=512, file_mb=16, processes=16, output_bytes=1 << 20, total_memory_mb=256, tmp_mb=16
)

HUNGRY = f"""
import os, signal, time
held = []
for i in range(4):
    try:
        r, w = os.pipe()
        pid = os.fork()
    except OSError as exc:
        print("fork refused", exc.errno, flush=True)
        break
    if pid == 0:
        os.close(r)
        try:
            block = bytearray({HOLD_MB} << 20)
            for j in range(0, len(block), 4096):  # touch every page: resident, not just reserved
                block[j] = 1
            os.write(w, b"got")
        except MemoryError:
            os.write(w, b"MemoryError")
        time.sleep(30)
        os._exit(0)
    os.close(w)
    said = os.read(r, 20)
    os.close(r)
    print("child", i, said.decode() or "killed", flush=True)
    held.append((pid, said))
time.sleep(0.3)
holding = [pid for pid, said in held if said == b"got" and os.waitpid(pid, os.WNOHANG) == (0, 0)]
print("holding", len(holding), flush=True)
for pid, _ in held:
    os.kill(pid, signal.SIGKILL)
"""


@pytest.fixture(params=MODES)
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(params=["memory-cgroup", "no-memory-cgroup"])
def memory_bound(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """With the memory cgroup (where this machine has one), and as on a machine without one."""
    if request.param == "memory-cgroup":
        if not cgroups.memory_cgroup_works():
            pytest.skip("no writable memory cgroup here (not root, or /sys/fs/cgroup read-only)")
    else:
        real_open = RunCgroups.open
        monkeypatch.setattr(RunCgroups, "open", classmethod(lambda cls, pids, memory: real_open(pids, None)))
    return str(request.param)


def test_a_run_s_processes_together_stay_within_its_memory_budget(mode: str, memory_bound: str) -> None:
    r = Sandbox(LIMITS, isolation=mode, guard=False).run_python(HUNGRY)  # type: ignore[arg-type]
    out = r.stdout.decode()
    holding = [int(line.split()[1]) for line in out.splitlines() if line.startswith("holding")]
    assert holding, (out, r.stderr.decode()[-500:])
    assert holding[0] * HOLD_MB <= LIMITS.total_memory_mb, out  # never 4 x 100 MiB at once
    if memory_bound == "memory-cgroup":
        assert r.memory_exceeded and "got" in out, out  # the cgroup's OOM killer ended a child, not an rlimit
    else:
        assert not r.memory_exceeded and "got" not in out, out  # 4 tasks x 64 MiB of address space


def test_within_budget_splits_the_run_among_processes() -> None:
    assert (Limits().within_budget().processes, Limits().within_budget().memory_mb) == (4, 512)
    assert (Limits(memory_mb=256).within_budget().processes, Limits(memory_mb=256).within_budget().memory_mb) == (
        8,
        256,
    )
    few = Limits(processes=2).within_budget()
    assert (few.processes, few.memory_mb) == (2, 1024)
    assert Limits(memory_mb=100, processes=3, total_memory_mb=4096).within_budget() == Limits(
        memory_mb=100, processes=3, total_memory_mb=4096
    )


QUESTION = Question("q", "livecodebench", "fixture", "", CodeTests((TestCase("1 2\n", "3\n"),)), "livecodebench")


def test_a_solution_over_the_memory_budget_is_a_memory_limit(mode: str, memory_bound: str) -> None:
    limits = Limits(memory_mb=1024, total_memory_mb=256)
    verifier = CodeExecutionVerifier(timeout_s=5.0, sandbox=Sandbox(limits, isolation=mode))  # type: ignore[arg-type]
    code = "block = bytearray(400 << 20)\nfor i in range(0, len(block), 4096):\n    block[i] = 1\nprint(3)\n"
    check = verifier.check(QUESTION, code)
    assert (check.outcome, check.rule) == (Outcome.INCORRECT, "memory-limit"), check.detail


def test_a_forged_done_is_incorrect(mode: str) -> None:
    """The program ends the runner after writing ``{"done": true}`` to its report descriptor (fd 3)."""
    verifier = CodeExecutionVerifier(timeout_s=5.0, sandbox=Sandbox(Limits(memory_mb=1024), isolation=mode))  # type: ignore[arg-type]
    code = "import os\nos.write(3, b'{\"done\": true}\\n')\nos._exit(0)\n"
    check = verifier.check(QUESTION, code)
    assert (check.outcome, check.rule) == (Outcome.INCORRECT, "runtime-error"), check.detail
    assert "ended the test runner after 0/1 tests" in (check.detail or "")


def test_files_written_to_temporary_folders_do_not_outlive_the_run(mode: str) -> None:
    marker = f"jb-leftover-{uuid.uuid4().hex}"
    targets = [f"{folder}/{marker}" for folder in ("/tmp", "/var/tmp", "/dev/shm")]
    code = f"""
import os
for path in {targets!r}:
    try:
        with open(path, "wb") as fh:
            fh.write(b"x" * (4 << 20))
        os.mkdir(path + ".d")
        print("wrote", path, flush=True)
    except OSError as exc:
        print("refused", path, exc.errno, flush=True)
"""
    try:
        r = Sandbox(LIMITS, isolation=mode, guard=False).run_python(code)  # type: ignore[arg-type]
        assert f"wrote /tmp/{marker}" in r.stdout.decode(), r.stdout.decode()  # the run had a /tmp to use
        left = [p for t in targets for p in (t, t + ".d") if os.path.lexists(p)]
        assert left == [], r.stdout.decode()
    finally:
        for t in targets:
            for p in (Path(t), Path(t + ".d")):
                if p.is_dir():
                    p.rmdir()
                elif p.exists():
                    p.unlink()


def _socket_folders() -> list[str]:
    folders = [tempfile.gettempdir()]
    if os.path.isdir("/run") and os.access("/run", os.W_OK):
        folders.append("/run")  # outside every private folder: hidden only by binding /dev/null over it
    return folders


@pytest.fixture(params=_socket_folders())
def host_socket(request: pytest.FixtureRequest) -> Iterator[tuple[str, list[bytes]]]:
    """A Unix socket anyone may connect to, in a folder anyone may search, with a thread recording what arrives."""
    folder = tempfile.mkdtemp(prefix="jb-host-socket-", dir=str(request.param))
    os.chmod(folder, 0o755)
    path = os.path.join(folder, "s")
    srv = socket.socket(socket.AF_UNIX)
    srv.bind(path)
    os.chmod(path, 0o777)
    try:
        with recorded(srv) as got:
            yield path, got
    finally:
        os.unlink(path)
        os.rmdir(folder)


def test_a_host_unix_socket_is_out_of_reach(mode: str, host_socket: tuple[str, list[bytes]]) -> None:
    path, got = host_socket
    code = f"""
import socket
try:
    s = socket.socket(socket.AF_UNIX)
    s.connect({path!r})
    s.sendall(b"pwned")
    print("connected", flush=True)
except OSError as exc:
    print("refused", exc.errno, flush=True)
"""
    box = Sandbox(LIMITS, isolation=mode, guard=False)  # type: ignore[arg-type]
    if mode == "rlimits" and not containment.mounts_contained():
        pytest.skip("documented: without a mount namespace the fallback reaches host sockets (the warning says so)")
    r = box.run_python(code)
    time.sleep(0.3)  # what the listener thread may still be reading
    assert "connected" not in r.stdout.decode() and got == [], (r.stdout.decode(), got)


OPT_IN = [("1", True), (" 1 ", True), ("TRUE", True), ("yes", True), ("0", False), ("", False), ("on", False)]


@pytest.mark.parametrize(("value", "allowed"), OPT_IN)
def test_the_opt_in_values(value: str, allowed: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(containment.ALLOW_ENV, value)
    assert containment.unsandboxed_allowed() is allowed


@pytest.mark.skipif(os.geteuid() != 0, reason="the fallback leases a uid per run only as root")
@pytest.mark.parametrize("failing", ["namespaces", "cgroups"])
def test_a_run_whose_setup_fails_gives_its_uid_back(failing: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fallback leases a uid, then builds the namespace prefix and the cgroups: if either fails, the error
    reaches the caller and the uid's slot is free again (it leaked: both ran before the ``try``)."""

    def fail(*args: object) -> None:
        raise OSError(f"{failing} refused")

    if failing == "namespaces":
        monkeypatch.setattr(containment, "drop_argv", fail)
    else:
        monkeypatch.setattr(RunCgroups, "open", classmethod(fail))
    before = set(containment._slots_in_use)
    with pytest.raises(OSError, match=f"{failing} refused"):
        Sandbox(LIMITS, isolation="rlimits").run_python("print('never')")
    assert containment._slots_in_use == before
