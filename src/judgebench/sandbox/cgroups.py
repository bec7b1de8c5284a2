"""The cgroups of one sandboxed run (root only): a cap on its processes and a bound on its total memory.

- **pids**: ``RLIMIT_NPROC`` does not bind root, whom bubblewrap's namespace uid maps to; ``pids.max`` does.
- **memory**: rlimits bound each process's address space, not their sum (64 processes × 2 GiB);
  ``memory.limit_in_bytes`` (v1) or ``memory.max`` (v2) bounds everything the run's processes hold, the
  pages they write to a tmpfs included, and the kernel's OOM killer ends a process that goes past it
  (:meth:`RunCgroups.memory_exceeded` then says so). Swap is bounded to the same total (v1 ``memsw``) or
  refused (v2 ``memory.swap.max``).

Where the cgroups live: cgroup v1 (``/sys/fs/cgroup/<controller>``) nests the run's cgroup under the one
judgebench itself is in, so limits set above it still hold, else under the hierarchy's root; cgroup v2
(``/sys/fs/cgroup/cgroup.controllers``) uses the root, where the controller is enabled in
``cgroup.subtree_control`` (a v2 cgroup holding processes cannot enable controllers for children). Where no
cgroup can be made (not root, a read-only ``/sys/fs/cgroup``), :meth:`RunCgroups.open` leaves that bound
out and the caller falls back to rlimits alone.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import logging
import os
import signal
import time
from pathlib import Path

log = logging.getLogger("judgebench.sandbox")

CGROUP_ROOT = Path("/sys/fs/cgroup")
_seq = itertools.count()


def _own_v1_cgroup(controller: str) -> str | None:
    """This process's cgroup path in the v1 hierarchy of ``controller`` (``/`` for the root), or None."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/cgroup").read_text().splitlines():
            _, controllers, path = line.split(":", 2)
            if controller in controllers.split(","):
                return path
    return None


def _bases(controller: str) -> list[tuple[Path, bool]]:
    """Folders a run's cgroup for ``controller`` may be made in, best first, each with whether it is v2."""
    bases: list[tuple[Path, bool]] = []
    v1 = CGROUP_ROOT / controller
    if (v1 / "cgroup.procs").exists():
        own = _own_v1_cgroup(controller)
        if own not in (None, "/") and (v1 / own.lstrip("/") / "cgroup.procs").exists():
            bases.append((v1 / own.lstrip("/"), False))
        bases.append((v1, False))
    with contextlib.suppress(OSError):
        if controller in (CGROUP_ROOT / "cgroup.subtree_control").read_text().split():
            bases.append((CGROUP_ROOT, True))
    return bases


def _make(base: Path) -> Path | None:
    """A fresh, empty cgroup under ``base``, or None where none can be made there."""
    _remove_stale(base)
    path = base / f"judgebench-sandbox-{os.getpid()}-{next(_seq)}"
    try:
        path.mkdir()
    except OSError:
        return None
    return path


def _remove_stale(base: Path) -> None:
    """Remove empty cgroups left by judgebench processes that died (``kill -9``) before removing their own."""
    for path in base.glob("judgebench-sandbox-*-*"):
        owner = path.name.split("-")[2]
        if owner.isdigit() and not Path("/proc", owner).exists():
            with contextlib.suppress(OSError):
                path.rmdir()  # refused while processes remain in it


class RunCgroups:
    """The cgroups one run starts in; :meth:`open` makes those the machine allows (possibly none)."""

    def __init__(self, dirs: list[tuple[Path, bool]], pids: bool, memory: tuple[Path, bool] | None) -> None:
        self.dirs = dirs
        self.pids = pids
        self.memory = memory

    @classmethod
    def open(cls, max_pids: int | None, memory_bytes: int | None) -> RunCgroups:
        """Cgroups capping the run at ``max_pids`` processes and ``memory_bytes`` of memory (None: no cap).

        Only root can make them; where a controller is missing or read-only that bound is left out
        (see :attr:`pids` and :attr:`memory`).
        """
        wanted = {c: v for c, v in (("pids", max_pids), ("memory", memory_bytes)) if v is not None}
        if os.geteuid() != 0:
            return cls([], False, None)
        bases = {c: _bases(c) for c in wanted}  # read once per run: /proc/self/cgroup, the v2 subtree_control
        made: dict[str, tuple[Path, bool]] = {}
        v2 = [c for c in wanted if (CGROUP_ROOT, True) in bases[c]]
        if v2:  # one v2 cgroup holds every controller the v2 root offers
            path = _make(CGROUP_ROOT)
            if path is not None:
                for controller in v2:
                    if _write_limits(path, controller, wanted[controller], v2=True):
                        made[controller] = (path, True)
                if not made:
                    _close_one(path, True)
        for controller, value in wanted.items():
            if controller in made:
                continue
            for base, is_v2 in bases[controller]:
                if is_v2:
                    continue
                path = _make(base)
                if path is not None and _write_limits(path, controller, value, v2=False):
                    made[controller] = (path, False)
                    break
                if path is not None:
                    _close_one(path, False)
        dirs = list(dict.fromkeys(made.values()))
        return cls(dirs, "pids" in made, made.get("memory"))

    def wrap(self, argv: list[str]) -> list[str]:
        """``argv`` started inside the cgroups: a shell moves itself into each, then execs the command."""
        if not self.dirs:
            return argv
        procs = [str(path / "cgroup.procs") for path, _ in self.dirs]
        script = 'n=$0; while [ "$n" -gt 0 ]; do echo $$ > "$1" || exit 125; shift; n=$((n-1)); done; exec "$@"'
        return ["/bin/sh", "-c", script, str(len(procs)), *procs, *argv]

    def set_pids(self, max_pids: int) -> None:
        """Lower the pids cap (to the count a budget without a memory cgroup allows)."""
        for path, _ in self.dirs:
            if (path / "pids.max").exists():
                (path / "pids.max").write_text(str(max_pids))

    def memory_exceeded(self) -> bool:
        """Whether the kernel killed a process of the run for going past the memory bound (read before close)."""
        if self.memory is None:
            return False
        path, v2 = self.memory
        name = "memory.events" if v2 else "memory.oom_control"
        with contextlib.suppress(OSError, ValueError):
            for line in (path / name).read_text().splitlines():
                key, _, value = line.partition(" ")
                if key == "oom_kill" and int(value) > 0:
                    return True
        return False

    def close(self) -> None:
        """Kill everything still in the cgroups and remove them."""
        for path, v2 in self.dirs:
            _close_one(path, v2)


def _write_limits(path: Path, controller: str, value: int, *, v2: bool) -> bool:
    """Set ``controller``'s bound in ``path``; False where the bound itself cannot be written."""
    if controller == "pids":
        settings = [("pids.max", str(value))]
    elif v2:
        settings = [("memory.max", str(value)), ("memory.swap.max", "0"), ("memory.oom.group", "1")]
    else:
        settings = [("memory.limit_in_bytes", str(value)), ("memory.memsw.limit_in_bytes", str(value))]
    for i, (name, text) in enumerate(settings):
        try:
            (path / name).write_text(text)
        except OSError:
            if i == 0:
                return False
    return True


def _close_one(path: Path, v2: bool) -> None:
    kill = path / "cgroup.kill"
    for _ in range(50):
        if v2 and kill.exists():
            with contextlib.suppress(OSError):
                kill.write_text("1")
        try:
            pids = [int(p) for p in (path / "cgroup.procs").read_text().split()]
        except OSError:
            return
        if not pids:
            break
        for pid in pids:
            if pid <= 0:  # a process outside this pid namespace reads as 0: kill(0) would hit our own group
                continue
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.01)
    for _ in range(100):
        try:
            path.rmdir()
            return
        except FileNotFoundError:
            return
        except OSError:  # busy until the last killed process is reaped
            time.sleep(0.01)
    log.warning("judgebench: could not remove the sandbox cgroup %s", path)


@functools.cache
def memory_cgroup_works() -> bool:
    """Whether runs started here get a memory cgroup (one is made and removed to find out; root only)."""
    probe = RunCgroups.open(None, 1 << 30)
    probe.close()
    return probe.memory is not None
