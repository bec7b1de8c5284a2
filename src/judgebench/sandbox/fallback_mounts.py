"""The rlimits fallback's own view of the disk: private temporary folders, no host Unix sockets.

Only as root, where ``unshare --mount`` works. The fallback runs code as a throw-away uid, which can still
write to every world-writable folder and connect to every Unix socket anyone may use. Started as root, a run
therefore enters a mount namespace of its own (``unshare --mount --ipc``) where a
small trusted shell, before dropping to the run's uid:

- mounts a fresh tmpfs of ``tmp_mb`` on each world-writable folder of :data:`PRIVATE_CANDIDATES` (``/tmp``,
  ``/var/tmp``, ``/dev/shm``, ``/dev/mqueue``, ``/run/lock``): what the run writes there lives only as long as
  the namespace, which dies with the run's last process (all killed by uid), and is bounded in size;
- binds the run's own folder back where it was (it usually sits in ``/tmp``), through a descriptor opened
  before the tmpfs hid it;
- binds ``/dev/null`` over every Unix socket that another uid could connect to (a pathname socket bound in
  this network namespace, as ``/proc/net/unix`` lists them, writable by others in a folder chain others can
  search): ``connect`` then fails. Abstract sockets are covered by the network namespace.

A new IPC namespace also drops the run's System V shared memory, semaphores and message queues with it.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import stat
import subprocess
from pathlib import Path

#: Folders the fallback makes private when they are world-writable here.
PRIVATE_CANDIDATES = ("/tmp", "/var/tmp", "/dev/shm", "/dev/mqueue", "/run/lock")

# $0: the run's folder, $1: tmpfs size in bytes; then "tmp:PATH" and "sock:PATH" items up to "--", then the
# command. Fails closed (exit 125, "the test runner did not start") when a mount that is needed fails.
_SCRIPT = r"""
d=$0 size=$1; shift
exec 3<"$d" || exit 125
while [ "$1" != -- ]; do
  case $1 in
    tmp:*) mount -t tmpfs -o "size=$size,mode=1777,nosuid,nodev" jb-private "${1#tmp:}" || exit 125 ;;
    sock:*) if [ -S "${1#sock:}" ]; then mount --no-canonicalize --bind /dev/null "${1#sock:}" || exit 125; fi ;;
  esac
  shift
done
shift
mkdir -p "$d" && mount --no-canonicalize --bind /proc/self/fd/3 "$d" || exit 125
exec 3<&-
cd "$d" || exit 125
exec "$@"
"""


def private_dirs() -> list[str]:
    """The world-writable folders of :data:`PRIVATE_CANDIDATES` here (symlinks resolved, each once)."""
    found: list[str] = []
    for candidate in PRIVATE_CANDIDATES:
        real = os.path.realpath(candidate)
        with contextlib.suppress(OSError):
            mode = os.stat(real).st_mode
            if stat.S_ISDIR(mode) and mode & stat.S_IWOTH and real not in found:
                found.append(real)
    return found


def _others_can_search(folder: Path) -> bool:
    try:
        return all(os.stat(p).st_mode & stat.S_IXOTH for p in [folder, *folder.parents])
    except OSError:
        return False


def reachable_sockets(hidden: list[str]) -> list[str]:
    """Pathname Unix sockets of this network namespace that another uid could connect to, outside ``hidden``."""
    try:
        lines = Path("/proc/net/unix").read_text(errors="replace").splitlines()[1:]
    except OSError:
        return []
    found: list[str] = []
    for line in lines:
        fields = line.split(None, 7)
        if len(fields) < 8 or not fields[7].startswith("/"):
            continue
        path = fields[7]
        if path in found or any(path == h or path.startswith(h + "/") for h in hidden):
            continue
        with contextlib.suppress(OSError):
            mode = os.stat(path).st_mode
            if stat.S_ISSOCK(mode) and mode & stat.S_IWOTH and _others_can_search(Path(path).parent):
                found.append(path)
    return found


def mount_argv(run_dir: str, tmp_mb: int) -> list[str]:
    """The trusted shell that sets up the run's view (inside the new mount namespace), up to its command."""
    dirs = private_dirs()
    items = [f"tmp:{d}" for d in dirs] + [f"sock:{s}" for s in reachable_sockets(dirs)]
    return ["/bin/sh", "-c", _SCRIPT, run_dir, str(tmp_mb << 20), *items, "--"]


@functools.cache
def mount_namespace_works() -> bool:
    """Whether, as root, ``unshare --mount`` and a tmpfs mount inside it work here (a container may refuse)."""
    unshare = shutil.which("unshare")
    if os.geteuid() != 0 or unshare is None or shutil.which("mount") is None:
        return False
    probe = [unshare, "--mount", "--ipc", "--propagation", "private", "--", "mount", "-t", "tmpfs", "-o", "size=4k"]
    try:
        done = subprocess.run([*probe, "jb-probe", "/tmp"], capture_output=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0
