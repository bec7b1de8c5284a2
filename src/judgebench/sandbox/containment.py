"""Keeping sandboxed processes in check: the opt-in, unprivileged uids, namespaces, killing what is left.

- **The opt-in.** Without bubblewrap, model-written code runs only when the user says so
  (``--allow-unsandboxed``, or ``JUDGEBENCH_ALLOW_UNSANDBOXED`` set to ``1``, ``true`` or ``yes``, any case,
  spaces around ignored); otherwise :func:`refusal` is the one line
  judgebench prints. Every run that uses the fallback warns once.
- **A uid per run (root).** Started as root, each run gets its own unprivileged uid and gid (from
  :data:`UID_BASE`, unique per process and slot, never in ``/etc/passwd``). The kernel then counts the run's
  processes alone against ``RLIMIT_NPROC``, the run cannot signal or ptrace anything else or read another
  user's ``/proc/<pid>/environ``, and :func:`kill_uid` ends every process it left, wherever it went
  (``setsid``, double forks): ``kill(-1, SIGKILL)`` sent *as that uid* reaches exactly that uid's processes.
- **No network, private temporary folders (root).** Where util-linux's ``setpriv`` works (probed once), the
  run starts as ``unshare --net --mount --ipc -- sh (mounts) -- setpriv --reuid --regid --clear-groups
  --no-new-privs -- python ...``: a network namespace with no interface up (where ``unshare --net`` works),
  a mount and IPC namespace with private ``/tmp``, ``/var/tmp``, ``/dev/shm`` and host Unix sockets hidden
  (where ``unshare --mount`` works, :mod:`~judgebench.sandbox.fallback_mounts`), then the drop to the run's
  uid, setuid binaries unable to raise privileges again. Without ``setpriv`` the uid drop alone applies
  (:func:`drop_argv` returns None). The run's cgroups (:mod:`~judgebench.sandbox.cgroups`) are joined first.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import multiprocessing
import os
import shutil
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

from judgebench.errors import ConfigError
from judgebench.sandbox import cgroups, fallback_mounts

log = logging.getLogger("judgebench.sandbox")

ALLOW_ENV = "JUDGEBENCH_ALLOW_UNSANDBOXED"
#: First uid (and gid) handed to sandboxed runs started as root: 2**30, far above any real account.
UID_BASE = 1 << 30
_SLOTS = 64
_slot_lock = threading.Lock()
_slots_in_use: set[int] = set()


def unsandboxed_allowed() -> bool:
    """Whether the user opted in to running code without a namespace sandbox."""
    return os.environ.get(ALLOW_ENV, "").strip().lower() in ("1", "true", "yes")


def refusal() -> ConfigError:
    """The one line shown when code would run without a namespace sandbox and nobody opted in."""
    return ConfigError(
        "refusing to run model-written code without a namespace sandbox: install bubblewrap "
        "(apt-get install bubblewrap / dnf install bubblewrap / pacman -S bubblewrap), or accept the weaker "
        f"rlimits fallback with --allow-unsandboxed ({ALLOW_ENV}=1)"
    )


_warned = False


def warn_unsandboxed() -> None:
    """Warn once per run that code runs without a namespace sandbox (its worker processes stay quiet)."""
    global _warned
    if _warned or multiprocessing.parent_process() is not None:
        return
    _warned = True
    root = os.geteuid() == 0
    who = "as a throw-away unprivileged uid" if root else "as you"
    net = "without network" if network_contained() else "can reach the network"
    if mounts_contained():
        tmp = "with private /tmp, /var/tmp and /dev/shm (removed after the run) and no host Unix sockets"
    else:
        tmp = "leaves what it writes to /tmp, /var/tmp and /dev/shm behind, can reach host Unix sockets open to all"
    capped = root and _setpriv() is not None and cgroups.memory_cgroup_works()
    mem = "total memory capped by a cgroup" if capped else "total memory capped by rlimits (processes × address space)"
    log.warning(
        "judgebench: warning: running model-written code WITHOUT a namespace sandbox (opted in): it runs %s "
        "under rlimits, %s, %s, %s and can read world-readable files; install bubblewrap to contain it",
        who,
        net,
        tmp,
        mem,
    )


class UidLease:
    """A uid (= gid) for one run, unique among this process's runs in flight and across processes (by pid)."""

    def __init__(self) -> None:
        with _slot_lock:
            free = next((s for s in range(_SLOTS) if s not in _slots_in_use), None)
            if free is None:
                raise ConfigError(f"more than {_SLOTS} sandboxes at once in one process")
            _slots_in_use.add(free)
        self.slot = free
        self.uid = UID_BASE + os.getpid() * _SLOTS + free  # pids stay below 2**22: no overlap, below 2**32 - 1

    def release(self) -> None:
        """Give the uid back (after :func:`kill_uid`)."""
        with _slot_lock:
            _slots_in_use.discard(self.slot)


def kill_uid(uid: int, python: str) -> None:
    """SIGKILL every process of ``uid``: ``kill(-1)`` sent as that uid (root only), repeated until none is left.

    Nothing is started when the run left no process (the usual case).
    """
    code = "import os, signal\ntry:\n    os.kill(-1, signal.SIGKILL)\nexcept ProcessLookupError:\n    pass\n"
    killer = next((k for k in ("/bin/kill", "/usr/bin/kill") if os.access(k, os.X_OK)), None)
    argv = [killer, "-9", "-1"] if killer else [python, "-S", "-I", "-c", code]
    for _ in range(5):
        if not _has_processes(uid):
            break
        subprocess.run(
            argv,
            user=uid,
            group=uid,
            extra_groups=[],
            env={},
            cwd="/",
            close_fds=True,
            capture_output=True,
            check=False,
            timeout=30,
        )
        time.sleep(0.01)
    _reap_orphans(uid)


def _reap_orphans(uid: int) -> None:
    """Reap the zombies of ``uid`` whose parent is this process (only those pids, no other child).

    Judgebench as a pid namespace's init (a container, ``unshare --pid``) inherits a run's orphans; unreaped,
    they count against the next run's ``RLIMIT_NPROC`` under the same uid.
    """
    me = os.getpid()
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                if entry.stat().st_uid == uid:
                    stat_line = Path(entry.path, "stat").read_text()
                    state, ppid = stat_line[stat_line.rindex(")") + 2 :].split()[:2]
                    if state == "Z" and int(ppid) == me:
                        os.waitpid(int(entry.name), os.WNOHANG)


def _has_processes(uid: int) -> bool:
    """Whether a live (not zombie) process of ``uid`` exists."""
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError):
                if entry.stat().st_uid == uid:
                    stat_line = Path(entry.path, "stat").read_text()
                    if stat_line[stat_line.rindex(")") + 2] != "Z":
                        return True
    return False


def _others_can_run(path: str) -> bool:
    """Whether a user who is neither owner nor group can reach and read ``path`` (each folder searchable)."""
    p = Path(path)
    try:
        for folder in [*reversed(p.parents)]:
            if not os.stat(folder).st_mode & stat.S_IXOTH:
                return False
        return bool(os.stat(p).st_mode & stat.S_IROTH)
    except OSError:
        return False


def interpreter_for_others() -> tuple[str, str]:
    """An interpreter (binary, prefix) an unprivileged uid can run: this one, else the system's ``python3``.

    Raises:
        ConfigError: no readable interpreter (this one sits under a private home, say, and there is no
            system Python).
    """
    exe, prefix = os.path.realpath(sys.executable), os.path.realpath(sys.base_prefix)
    candidates = [(exe, prefix)]
    for name in ("/usr/bin/python3", "/usr/local/bin/python3"):
        real = os.path.realpath(name)
        if os.path.isfile(real):
            candidates.append((real, str(Path(real).parent.parent)))
    for binary, root in candidates:
        if _others_can_run(binary) and _others_can_run(root):
            return binary, root
    raise ConfigError(
        f"the rlimits fallback runs code as an unprivileged uid, which cannot read {exe}; install bubblewrap "
        "or a system python3"
    )


def chown_tree(folder: str, uid: int) -> None:
    """Hand ``folder`` and what is in it to ``uid`` (its private working directory)."""
    os.chown(folder, uid, uid)
    for entry in os.scandir(folder):
        os.chown(entry.path, uid, uid, follow_symlinks=False)


_warned_no_pids = False


def warn_no_pids_limit() -> None:
    """Warn once that root's bubblewrap runs have no process limit here (no pids cgroup could be made)."""
    global _warned_no_pids
    if not _warned_no_pids:
        _warned_no_pids = True
        log.warning(
            "judgebench: warning: running as root without a writable pids cgroup: sandboxed code has no process "
            "limit (the pid namespace is still killed whole when a run ends)"
        )


@functools.cache
def _setpriv() -> str | None:
    """util-linux's ``setpriv`` when, as root, it works here."""
    setpriv = shutil.which("setpriv")
    if os.geteuid() != 0 or setpriv is None:
        return None
    try:
        probe = subprocess.run([setpriv, "--no-new-privs", "--", "true"], capture_output=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return setpriv if probe.returncode == 0 else None


@functools.cache
def _network_namespace() -> str | None:
    """``unshare`` when, as root, ``unshare --net`` works here (a container may forbid it)."""
    unshare = shutil.which("unshare")
    if os.geteuid() != 0 or unshare is None or _setpriv() is None:
        return None
    try:
        probe = subprocess.run([unshare, "--net", "--", "true"], capture_output=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return unshare if probe.returncode == 0 else None


def network_contained() -> bool:
    """Whether the fallback's runs (as root) get a network namespace of their own."""
    return _network_namespace() is not None


def mounts_contained() -> bool:
    """Whether the fallback's runs (as root) get private temporary folders and no host Unix sockets."""
    return _setpriv() is not None and fallback_mounts.mount_namespace_works()


def drop_argv(uid: int, run_dir: str, tmp_mb: int) -> list[str] | None:
    """The command prefix that enters the namespaces this machine allows, then drops to ``uid``.

    The network namespace where ``unshare --net`` works; the mount and IPC namespaces, with private temporary
    folders of ``tmp_mb`` and host sockets hidden (:mod:`~judgebench.sandbox.fallback_mounts`), where
    ``unshare --mount`` works. None where ``setpriv`` is missing (the caller drops the uid itself).
    """
    setpriv = _setpriv()
    if setpriv is None:
        return None
    unshare = shutil.which("unshare") or "unshare"
    flags = ["--net"] if network_contained() else []
    if mounts_contained():
        flags += ["--mount", "--ipc", "--propagation", "private"]
    prefix = [unshare, *flags, "--"] if flags else []
    if mounts_contained():
        prefix += fallback_mounts.mount_argv(run_dir, tmp_mb)
    return [*prefix, setpriv, f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--no-new-privs", "--"]
