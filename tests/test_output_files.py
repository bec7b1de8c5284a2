"""The writer every command shares: the run lock through symlinks, no temporary file left behind, one-line errors."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from judgebench.errors import OutputError
from judgebench.output_files import (
    atomic_writer,
    lock_path,
    open_append,
    output_folder,
    output_lock,
    output_target,
    write_error,
)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_the_lock_is_the_targets_whether_reached_through_a_symlink_or_not(tmp_path: Path) -> None:
    real = tmp_path / "real" / "out.jsonl"
    real.parent.mkdir()
    link = tmp_path / "link.jsonl"
    link.symlink_to(real)
    assert lock_path(link) == lock_path(real) == real.parent / ".out.jsonl.lock"
    busy = "being written by another judgebench run"
    with output_lock(link), pytest.raises(OutputError, match=busy), output_lock(real):
        pass
    with output_lock(real), pytest.raises(OutputError, match=busy), output_lock(link):
        pass
    with output_lock(link):  # both released: it can be taken again
        pass
    assert link.is_symlink() and not (tmp_path / ".link.jsonl.lock").exists()


def test_the_lock_is_released_when_the_run_fails(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    with pytest.raises(RuntimeError), output_lock(out):
        raise RuntimeError("the run failed")
    with output_lock(out):
        pass
    assert lock_path(out).exists()  # the lock file stays (unlinking it could let two runs hold it)


def test_a_failed_write_leaves_the_target_as_it_was_and_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "scores.json"
    target.write_text("old")
    with pytest.raises(ValueError, match="boom"), atomic_writer(target) as fh:
        fh.write("half")
        raise ValueError("boom")
    assert target.read_text() == "old" and _leftovers(tmp_path) == []
    with pytest.raises(OutputError, match=f"cannot write {target}: the disk is full"), atomic_writer(target) as fh:
        fh.write("half")
        raise OSError(errno.ENOSPC, "No space left on device")
    assert target.read_text() == "old" and _leftovers(tmp_path) == []
    new = tmp_path / "new.json"
    with pytest.raises(ValueError), atomic_writer(new):
        raise ValueError("boom")
    assert not new.exists() and _leftovers(tmp_path) == []
    with atomic_writer(target) as fh:
        fh.write("new")
    assert target.read_text() == "new" and _leftovers(tmp_path) == []


def test_the_target_of_a_path_is_a_regular_file_or_a_new_path(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text("x")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    assert output_target(link) == real and output_target(real) == real
    deep = tmp_path / "a" / "b" / "c.txt"
    assert output_target(deep) == deep and deep.parent.is_dir() and not deep.exists()
    with pytest.raises(OutputError, match="it is a folder"):
        output_target(tmp_path)
    with pytest.raises(OutputError, match=f"{real} is a file, not a folder"):
        output_target(real / "x.txt")
    with open_append(link) as fh:
        fh.write("y\n")
    assert real.read_text() == "xy\n" and link.is_symlink()


def test_an_output_folder_is_a_folder_or_a_new_path(tmp_path: Path) -> None:
    assert output_folder(tmp_path) == tmp_path
    assert output_folder(tmp_path / "new") == tmp_path / "new" and not (tmp_path / "new").exists()
    dangling = tmp_path / "dangling"
    dangling.symlink_to(tmp_path / "made-later")
    assert output_folder(dangling) == tmp_path / "made-later"
    afile = tmp_path / "afile"
    afile.write_text("x")
    with pytest.raises(OutputError, match="is not a folder"):
        output_folder(afile)
    with pytest.raises(OutputError, match=f"{afile} is a file, not a folder"):
        output_folder(afile / "sub")


def test_write_errors_are_one_line_and_say_what_is_kept() -> None:
    full = write_error("o.jsonl", OSError(errno.ENOSPC, "No space left on device"), resume_hint=True)
    assert str(full) == (
        "cannot write o.jsonl: the disk is full (No space left on device); "
        "the lines written so far are kept: free space and rerun the same command to resume"
    )
    big = write_error("o.jsonl", OSError(errno.EFBIG, "File too large"))
    assert str(big) == (
        "cannot write o.jsonl: the file is too large for this file system (File too large); "
        "nothing was replaced: free space and rerun"
    )
    assert str(write_error("o.jsonl", OSError(errno.EACCES, "Permission denied"))) == (
        "cannot write o.jsonl: Permission denied"
    )
    assert "\n" not in str(full)


@pytest.mark.skipif(os.geteuid() != 0, reason="chown keeps the owner only for root")
def test_an_existing_files_owner_is_kept_by_root(tmp_path: Path) -> None:
    kept = tmp_path / "kept.txt"
    kept.write_text("old")
    os.chown(kept, 1234, 5678)
    with atomic_writer(kept) as fh:
        fh.write("new")
    st = os.stat(kept)
    assert (st.st_uid, st.st_gid) == (1234, 5678) and kept.read_text() == "new"


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_new_files_and_the_lock_file_get_0666_less_the_umask(tmp_path: Path, umask: int, mode: int) -> None:
    import stat

    old = os.umask(umask)
    try:
        with atomic_writer(tmp_path / "new.txt") as fh:
            fh.write("x")
        with output_lock(tmp_path / "out.jsonl"):
            pass
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "new.txt").st_mode) == mode
    assert stat.S_IMODE(os.stat(lock_path(tmp_path / "out.jsonl")).st_mode) == mode


def test_without_proc_the_umask_is_still_read_and_left_as_it_was(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    from judgebench import output_files

    real_open = builtins.open

    def no_proc(file: object, *args: object, **kwargs: object) -> object:
        if str(file).startswith("/proc/"):
            raise FileNotFoundError(2, "No such file or directory", str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(output_files, "open", no_proc, raising=False)
    old = os.umask(0o027)
    try:
        assert output_files._umask() == 0o027 and os.umask(0o027) == 0o027
    finally:
        os.umask(old)


def test_a_symlink_to_an_existing_folder_is_written_into_as_given(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real)
    assert output_folder(link) == link  # an existing folder: the path as the user gave it


def test_an_output_folder_on_a_read_only_file_system_is_refused_before_any_work(tmp_path: Path) -> None:
    from tests.safety import tmpfs

    with tmpfs(tmp_path / "ro", "1m", read_only=True) as fs:
        with pytest.raises(OutputError, match=f"cannot write into {fs}: {fs} is on a read-only file system"):
            output_folder(fs)
        with pytest.raises(OutputError, match=f"{fs} is on a read-only file system"):
            output_folder(fs / "new" / "deeper")
