"""What one hostile run holds and leaves: peak memory, files left in /tmp, /var/tmp, /dev/shm, a host socket.

    unshare --pid --fork --mount-proc .venv/bin/python bench/bench_sandbox_memory.py [--hold-mb 600]

Root only (the peak is read from a v1 memory cgroup the measured run is started in, and the fallback needs
root). For each mode, with default :class:`Limits` and the audit-hook guard off (an attacker gets around it):
four forked processes each touch ``--hold-mb`` MiB and hold it; then a program writes 20 MiB into each of
``/tmp``, ``/var/tmp`` and ``/dev/shm``; then a program connects to a world-writable Unix socket in ``/tmp``.
Runs against whatever ``judgebench`` is on the path (point PYTHONPATH at an older tree to compare).
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

HUNGRY = """
import os, time
for i in range(4):
    if os.fork() == 0:
        try:
            block = bytearray({mb} << 20)
            for j in range(0, len(block), 4096):
                block[j] = 1
        except MemoryError:
            pass
        time.sleep(8)
        os._exit(0)
time.sleep(10)
"""
ONE_RUN = """
import os, sys
from judgebench.sandbox.launch import Sandbox
os.environ["JUDGEBENCH_ALLOW_UNSANDBOXED"] = "1"
r = Sandbox(isolation=sys.argv[1], guard=False).run_python(sys.argv[2])
print(r.stdout.decode(), r.stderr.decode()[-300:], file=sys.stderr)
"""


def run_measured(mode: str, code: str) -> int:
    """Run one sandboxed program in a fresh subprocess inside a v1 memory cgroup; its peak in bytes."""
    base = Path("/sys/fs/cgroup/memory")
    lines = Path("/proc/self/cgroup").read_text().splitlines()
    own = next(line.split(":", 2)[2] for line in lines if ":memory:" in line)
    group = base / own.lstrip("/") / f"jb-measure-{uuid.uuid4().hex[:8]}"
    group.mkdir()
    try:
        argv = ["/bin/sh", "-c", 'echo $$ > "$0" && exec "$@"', str(group / "cgroup.procs")]
        subprocess.run([*argv, sys.executable, "-c", ONE_RUN, mode, code], check=True, timeout=120)
        return int((group / "memory.max_usage_in_bytes").read_text())
    finally:
        group.rmdir()


def leftovers(mode: str) -> int:
    marker = f"jb-measure-{uuid.uuid4().hex}"
    paths = [f"{d}/{marker}" for d in ("/tmp", "/var/tmp", "/dev/shm")]
    code = f"for p in {paths!r}:\n    try:\n        open(p, 'wb').write(b'x' * (20 << 20))\n"
    code += "    except OSError:\n        pass\n"
    run_measured(mode, code)
    left = sum(os.path.getsize(p) for p in paths if os.path.exists(p))
    for p in paths:
        if os.path.exists(p):
            os.unlink(p)
    return left


def socket_reachable(mode: str) -> bool:
    folder = tempfile.mkdtemp(prefix="jb-measure-")
    os.chmod(folder, 0o755)
    path = os.path.join(folder, "s")
    srv = socket.socket(socket.AF_UNIX)
    srv.bind(path)
    os.chmod(path, 0o777)
    srv.listen(5)
    srv.settimeout(0.5)
    try:
        run_measured(mode, f"import socket\nsocket.socket(socket.AF_UNIX).connect({path!r})\n")
        try:
            srv.accept()[0].close()
            return True
        except TimeoutError:
            return False
    finally:
        srv.close()
        os.unlink(path)
        os.rmdir(folder)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--hold-mb", type=int, default=600)
    ap.add_argument("--modes", default="bwrap,rlimits")
    args = ap.parse_args()
    for mode in args.modes.split(","):
        peak = run_measured(mode, HUNGRY.format(mb=args.hold_mb))
        left, reach = leftovers(mode) / 2**20, socket_reachable(mode)
        print(
            f"{mode}: peak {peak / 2**20:.0f} MiB (4 x {args.hold_mb} MiB asked), left behind {left:.0f} MiB, ", end=""
        )
        print(f"host socket reachable: {reach}")


if __name__ == "__main__":
    main()
