"""Running untrusted Python: bubblewrap, or (only when the user opts in) a subprocess under rlimits.

Every run gets a private temporary directory (the only writable place), a scrubbed environment, no inherited
descriptors, a new session, a wall-clock kill of the whole process group and a cap on what it may print.
Inside, a small trusted boot script sets resource limits (address space, CPU seconds, file size, processes,
core dumps) and installs an audit hook that blocks process creation, signals to other processes, sockets,
``ctypes``, raising limits, writes outside the private directory and reads outside the interpreter's files.

The audit hook is a second layer, not a security boundary: ``_posixsubprocess.fork_exec`` fires no audit
event. The boundary is the kernel's:

- ``bwrap`` (the default where bubblewrap is installed): new user, pid, ipc, uts, cgroup and network
  namespaces (no network at all), further user namespaces disabled, ``--clearenv``, ``--die-with-parent``,
  ``--new-session``, a read-only view of only the interpreter's files, home and the rest of the disk absent,
  ``/tmp`` and ``/dev/shm`` tmpfs of ``tmp_mb``, ``/dev`` read-only.
  The process count is capped by ``RLIMIT_NPROC`` (it counts the namespace's uid only) or, for root, whom that
  limit does not bind, by a pids cgroup that is also killed whole when the run ends.
- ``rlimits`` (no namespaces): refused unless the user opts in (``--allow-unsandboxed`` or
  ``JUDGEBENCH_ALLOW_UNSANDBOXED=1``, or ``isolation="rlimits"`` in code), with a warning on every run.
  Started as root, the code runs as a fresh unprivileged uid per run (see :mod:`~judgebench.sandbox.containment`),
  so ``RLIMIT_NPROC`` binds, the parent and other users' processes are out of reach, and every process of the
  run is killed when it ends. Where ``unshare --net`` works it also gets a network namespace with nothing up
  (no network); otherwise it can reach the network. Where ``unshare --mount`` works it also gets private
  ``/tmp``, ``/var/tmp``, ``/dev/shm`` (gone with the run) and no host Unix sockets
  (:mod:`~judgebench.sandbox.fallback_mounts`); otherwise the warning says what it leaves and reaches. It can
  read world-readable files.

In both modes a run's total memory is bounded by ``Limits.total_memory_mb``: a memory cgroup where root can
make one (:mod:`~judgebench.sandbox.cgroups`; its OOM kill is :attr:`RunResult.memory_exceeded`), else
:meth:`Limits.within_budget` (processes × address space within the budget).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from judgebench.errors import ConfigError, VerificationError
from judgebench.sandbox import containment
from judgebench.sandbox.cgroups import RunCgroups
from judgebench.sandbox.pipes import collect

log = logging.getLogger("judgebench.sandbox")

Isolation = Literal["auto", "bwrap", "rlimits"]
#: Marker the guard writes to stderr for every blocked action; parsed into :attr:`RunResult.blocked`.
BLOCK_MARK = "jb-sandbox: blocked "
_BOOT_NAME = "_jb_boot.py"
#: Tasks (processes and threads) a run keeps when, without a memory cgroup, its budget is split among them.
MIN_TASKS = 4

# The trusted boot script: limits, then the guard, then the target script as __main__ (stdlib only).
_BOOT = r"""
import json, os, resource, sys
cfg = json.loads(sys.argv[1])
for _name, _value in cfg["rlimits"].items():
    resource.setrlimit(getattr(resource, _name), (_value, _value))
if cfg["guard"]:
    def _install(root, read_roots, mark):
        deny = frozenset(("os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "os.forkpty",
            "os.kill", "os.killpg", "signal.pthread_kill", "subprocess.Popen", "pty.spawn", "socket.__new__",
            "ctypes.dlopen", "ctypes.dlsym", "ctypes.call_function", "ctypes.cdata", "resource.setrlimit",
            "resource.prlimit", "os.chroot", "os.setxattr", "os.removexattr", "sys.remote_exec"))
        paths = frozenset(("os.remove", "os.rename", "os.rmdir", "os.mkdir", "os.symlink", "os.link",
            "os.chmod", "os.chown", "os.truncate", "os.utime", "shutil.rmtree", "os.chflags"))
        listing = frozenset(("os.listdir", "os.scandir"))
        readable = tuple(read_roots) + (root,)
        devices = frozenset(("/dev/null", "/dev/zero", "/dev/urandom", "/dev/random"))
        write_flags = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
        realpath, fsdecode, write = os.path.realpath, os.fsdecode, os.write

        def inside(path, roots):
            p = realpath(fsdecode(path))
            return p in devices or any(p == r or p.startswith(r + "/") for r in roots)

        def block(event, what):
            write(2, (mark + event + " " + repr(what)[:200] + "\n").encode())
            raise PermissionError("sandbox: " + event + " is not allowed")

        def hook(event, args):
            if event in deny:
                block(event, args[:1])
            elif event == "open":
                path, mode, flags = args
                if isinstance(path, int) or path is None:
                    return
                writing = (mode is not None and any(c in mode for c in "wax+")) or (flags or 0) & write_flags
                if not inside(path, (root,) if writing else readable):
                    block("open", path)
            elif event in paths and args and isinstance(args[0], (str, bytes)) and not inside(args[0], (root,)):
                block(event, args[0])
            elif event in listing and args and isinstance(args[0], (str, bytes)) and not inside(args[0], readable):
                block(event, args[0])

        sys.addaudithook(hook)
    _install(cfg["root"], cfg["read_roots"], cfg["mark"])
    del _install
sys.argv = [cfg["main"], *cfg["args"]]
del cfg, _name, _value
import runpy
runpy.run_path(sys.argv[0], run_name="__main__")
"""


@dataclass(frozen=True, slots=True)
class Limits:
    """Resource bounds of one sandboxed run.

    Attributes:
        wall_s: wall-clock seconds before the whole process group is killed.
        cpu_s: CPU seconds (RLIMIT_CPU).
        memory_mb: address space in MiB (RLIMIT_AS).
        file_mb: largest file the program may write, MiB (RLIMIT_FSIZE).
        processes: processes and threads at once: RLIMIT_NPROC, or for root under bubblewrap a pids cgroup.
        output_bytes: stdout and stderr are each cut here and the run killed.
        total_memory_mb: memory of the whole run, all its processes and its private tmpfs pages together: a
            memory cgroup where one can be made (root), else :meth:`within_budget` lowers ``processes`` and
            ``memory_mb`` until processes × address space fits it.
        tmp_mb: size of each private tmpfs (``/tmp`` and ``/dev/shm`` under bubblewrap; ``/tmp``, ``/var/tmp``,
            ``/dev/shm`` in the fallback's mount namespace).
    """

    wall_s: float = 30.0
    cpu_s: int = 30
    memory_mb: int = 2048
    file_mb: int = 64
    processes: int = 64
    output_bytes: int = 8 << 20
    total_memory_mb: int = 2048
    tmp_mb: int = 64

    def within_budget(self) -> Limits:
        """These limits with ``processes × memory_mb <= total_memory_mb`` (for runs without a memory cgroup).

        RLIMIT_NPROC also counts threads, which share one address space, so at least
        :data:`MIN_TASKS` are kept (a solution may start a thread for a deeper stack) and the address space
        is split among them; ``processes`` is lowered first where each may keep ``memory_mb``.
        """
        tasks = max(1, min(self.processes, max(MIN_TASKS, self.total_memory_mb // max(self.memory_mb, 1))))
        return replace(self, processes=tasks, memory_mb=min(self.memory_mb, self.total_memory_mb // tasks))


@dataclass(frozen=True, slots=True)
class RunResult:
    """What a sandboxed run did."""

    returncode: int
    stdout: bytes
    stderr: bytes
    wall_s: float
    timed_out: bool
    output_truncated: bool
    isolation: str
    blocked: tuple[str, ...] = ()
    memory_exceeded: bool = False

    @property
    def killed_by(self) -> int | None:
        """The signal that ended the program, if one did (bubblewrap reports it as ``128 + signal``)."""
        if self.returncode < 0:
            return -self.returncode
        if self.isolation == "bwrap" and self.returncode > 128:
            return self.returncode - 128
        return None


def bwrap_path() -> str | None:
    """The bubblewrap binary, or None where it is not installed."""
    return shutil.which("bwrap")


def _interpreter() -> tuple[str, str]:
    """The real interpreter binary and its installation prefix (a venv's base interpreter)."""
    exe = os.path.realpath(sys.executable)
    return exe, os.path.realpath(sys.base_prefix)


@dataclass(frozen=True, slots=True)
class Sandbox:
    """Runs Python scripts in isolation; picklable, so process-pool workers can carry one.

    Args:
        limits: the resource bounds.
        isolation: ``bwrap``, ``rlimits`` or ``auto`` (bwrap where installed).
        guard: install the in-process audit-hook guard (on by default; off only to test the kernel layer).
    """

    limits: Limits = field(default_factory=Limits)
    isolation: Isolation = "auto"
    guard: bool = True

    def mode(self) -> str:
        """The isolation this sandbox will use: ``bwrap`` or ``rlimits``.

        Raises:
            ConfigError: ``auto`` without bubblewrap and without the user's opt-in (one line saying how to
                install it), ``bwrap`` without bubblewrap, or an unknown isolation.
        """
        if self.isolation == "auto":
            if bwrap_path():
                return "bwrap"
            if containment.unsandboxed_allowed():
                return "rlimits"
            raise containment.refusal()
        if self.isolation == "bwrap" and not bwrap_path():
            raise ConfigError("isolation='bwrap' but bubblewrap is not installed (apt-get install bubblewrap)")
        if self.isolation not in ("bwrap", "rlimits"):
            raise ConfigError(f"unknown isolation {self.isolation!r} (auto, bwrap, rlimits)")
        return self.isolation

    def preflight(self) -> str:
        """Check before any work that code can run (the refusal is one line), and warn about the fallback."""
        mode = self.mode()
        if mode == "rlimits":
            containment.warn_unsandboxed()
            if os.geteuid() == 0:
                containment.interpreter_for_others()
        return mode

    def run_python(
        self, script: str, *, stdin: bytes = b"", files: dict[str, bytes] | None = None, args: tuple[str, ...] = ()
    ) -> RunResult:
        """Run ``script`` as ``__main__`` with ``files`` beside it in a fresh private directory.

        Raises:
            VerificationError: the sandbox itself could not be started.
        """
        mode = self.preflight()
        root = os.geteuid() == 0
        drop = mode == "rlimits" and root
        interpreter = containment.interpreter_for_others() if drop else _interpreter()
        with tempfile.TemporaryDirectory(prefix="jb-sandbox-") as host_dir:
            Path(host_dir, "main.py").write_text(script, encoding="utf-8")
            Path(host_dir, _BOOT_NAME).write_text(_BOOT, encoding="utf-8")
            for name, data in (files or {}).items():
                if "/" in name or name.startswith("."):
                    raise ConfigError(f"sandbox file names must be plain names, got {name!r}")
                Path(host_dir, name).write_bytes(data)
            lease = containment.UidLease() if drop else None
            cgroups = RunCgroups([], False, None)  # none yet: what fails before they are made still frees the lease
            try:
                prefix = None if lease is None else containment.drop_argv(lease.uid, host_dir, self.limits.tmp_mb)
                cgroups = self._cgroups(mode, root and (mode == "bwrap" or prefix is not None))
                limits = self.limits if cgroups.memory else self.limits.within_budget()
                if cgroups.pids and limits.processes != self.limits.processes:
                    cgroups.set_pids(limits.processes + 2)
                sandbox_root = "/sandbox" if mode == "bwrap" else host_dir
                argv = self._argv(mode, host_dir, sandbox_root, args, interpreter, limits)
                if lease is not None:
                    containment.chown_tree(host_dir, lease.uid)
                argv = cgroups.wrap([*(prefix or []), *argv])
                user = lease.uid if lease is not None and prefix is None else None
                cwd = host_dir if mode == "rlimits" else None
                return self._execute(argv, stdin, cwd, mode, limits, cgroups, user)
            finally:
                cgroups.close()
                if lease is not None:
                    containment.kill_uid(lease.uid, interpreter[0])
                    lease.release()

    def _cgroups(self, mode: str, allowed: bool) -> RunCgroups:
        """The run's cgroups: as root, started as root (bubblewrap, or the fallback through ``setpriv``)."""
        if not allowed:
            return RunCgroups([], False, None)
        pids = self.limits.processes + 2 if mode == "bwrap" else None  # + bwrap and its init; else NPROC binds
        cgroups = RunCgroups.open(pids, self.limits.total_memory_mb << 20)
        if mode == "bwrap" and not cgroups.pids:
            containment.warn_no_pids_limit()
        return cgroups

    def _boot_config(self, root: str, args: tuple[str, ...], interpreter: tuple[str, str], lim: Limits) -> str:
        mib = 1 << 20
        exe, prefix = interpreter
        cfg = {
            "rlimits": {
                "RLIMIT_AS": lim.memory_mb * mib,
                "RLIMIT_CPU": lim.cpu_s,
                "RLIMIT_FSIZE": lim.file_mb * mib,
                "RLIMIT_NPROC": lim.processes,
                "RLIMIT_CORE": 0,
            },
            "guard": self.guard,
            "root": root,
            "read_roots": sorted({prefix, os.path.dirname(exe)}),
            "mark": BLOCK_MARK,
            "main": f"{root}/main.py",
            "args": list(args),
        }
        return json.dumps(cfg)

    def _argv(
        self, mode: str, host_dir: str, root: str, args: tuple[str, ...], interpreter: tuple[str, str], lim: Limits
    ) -> list[str]:
        exe, prefix = interpreter
        python = [exe, "-I", "-X", "utf8", f"{root}/{_BOOT_NAME}", self._boot_config(root, args, interpreter, lim)]
        if mode == "rlimits":
            return python
        bwrap = bwrap_path()
        assert bwrap is not None  # checked by mode()
        cmd = [bwrap, "--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent", "--new-session"]
        cmd += ["--cap-drop", "ALL", "--uid", "65534", "--gid", "65534", "--hostname", "sandbox", "--clearenv"]
        for name, value in self._env(root).items():
            cmd += ["--setenv", name, value]
        for system_dir in ("/usr", "/lib", "/lib64", "/lib32", "/bin"):
            if os.path.islink(system_dir):
                cmd += ["--symlink", os.readlink(system_dir), system_dir]
            elif os.path.isdir(system_dir):
                cmd += ["--ro-bind", system_dir, system_dir]
        cmd += ["--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache"]
        for path in sorted({prefix, os.path.dirname(exe)}):
            if not path.startswith("/usr/"):
                cmd += ["--ro-bind", path, path]
        tmp = str(lim.tmp_mb << 20)  # bounded /tmp and /dev/shm (bwrap's own tmpfs: half the RAM); /dev read-only
        cmd += ["--proc", "/proc", "--dev", "/dev", "--size", tmp, "--tmpfs", "/dev/shm", "--remount-ro", "/dev"]
        cmd += ["--size", tmp, "--tmpfs", "/tmp", "--bind", host_dir, root, "--chdir", root]
        return [*cmd, "--", *python]

    def _env(self, root: str) -> dict[str, str]:
        return {
            "PATH": "/usr/bin:/bin",
            "HOME": root,
            "TMPDIR": root,
            "LANG": "C.UTF-8",
            "PYTHONIOENCODING": "utf-8",
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONHASHSEED": "0",
            "OMP_NUM_THREADS": "1",
        }

    def _execute(
        self,
        argv: list[str],
        stdin: bytes,
        cwd: str | None,
        mode: str,
        limits: Limits,
        cgroups: RunCgroups,
        user: int | None,
    ) -> RunResult:
        start = time.monotonic()
        try:
            proc = subprocess.Popen(
                argv,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                cwd=cwd,
                env=self._env(cwd or "/sandbox"),
                start_new_session=True,
                close_fds=True,
                pass_fds=(),
                user=user,
                group=user,
                extra_groups=[] if user is not None else None,
            )
        except OSError as exc:
            raise VerificationError(f"cannot start the sandbox ({mode}): {exc}") from exc
        out, err, timed_out, truncated = collect(proc, stdin, start + limits.wall_s, limits.output_bytes)
        code = proc.wait()
        text = err.decode("utf-8", "replace")
        blocked = tuple(line[len(BLOCK_MARK) :] for line in text.splitlines() if line.startswith(BLOCK_MARK))
        if mode == "bwrap" and code == 1 and text.startswith("bwrap:"):
            raise VerificationError(f"bubblewrap failed: {text.strip()[:300]}")
        wall = time.monotonic() - start
        return RunResult(code, out, err, wall, timed_out, truncated, mode, blocked, cgroups.memory_exceeded())
