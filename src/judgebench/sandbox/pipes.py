"""The parent's side of a sandboxed process's pipes: feed stdin, read stdout and stderr under a cap, kill."""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import time


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()


def collect(proc: subprocess.Popen[bytes], stdin: bytes, deadline: float, cap: int) -> tuple[bytes, bytes, bool, bool]:
    """Feed stdin, read both pipes up to ``cap`` bytes each, kill at ``deadline`` or on overflow."""
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
    out_fd, err_fd, in_fd = proc.stdout.fileno(), proc.stderr.fileno(), proc.stdin.fileno()
    buffers = {out_fd: bytearray(), err_fd: bytearray()}
    sel = selectors.DefaultSelector()
    sel.register(out_fd, selectors.EVENT_READ)
    sel.register(err_fd, selectors.EVENT_READ)
    pending = memoryview(stdin)
    if pending:
        os.set_blocking(in_fd, False)
        sel.register(in_fd, selectors.EVENT_WRITE)
    else:
        proc.stdin.close()
    readers = 2
    timed_out = truncated = False
    while readers and not truncated:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            timed_out = True
            break
        for key, _ in sel.select(min(remaining, 0.5)):
            if key.fd == in_fd:
                try:
                    pending = pending[os.write(in_fd, pending[: 1 << 16]) :]
                except OSError:  # the program closed its stdin or exited
                    pending = memoryview(b"")
                if not pending:
                    sel.unregister(in_fd)
                    proc.stdin.close()
                continue
            chunk = os.read(key.fd, 1 << 16)
            if not chunk:
                sel.unregister(key.fd)
                readers -= 1
                continue
            buf = buffers[key.fd]
            if len(buf) + len(chunk) > cap:
                truncated = True
            buf += chunk[: max(0, cap - len(buf))]
    if not (timed_out or truncated):
        try:
            proc.wait(max(0.05, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            timed_out = True
    _kill_group(proc)  # on overflow or timeout, and anything a finished program left in its session
    sel.close()
    for pipe in (proc.stdin, proc.stdout, proc.stderr):
        pipe.close()
    return bytes(buffers[out_fd]), bytes(buffers[err_fd]), timed_out, truncated
