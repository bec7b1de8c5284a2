"""Users' files: only regular files or new paths are written, modes and links are kept, a full disk is one line.

Each test names the defect it guards (issue 10): before the fix ``--out /dev/null`` replaced the device with a
file, a text file given as ``--out`` was taken for a torn judged line and overwritten, atomic writes made
files 0600 and replaced symlinks, and a full disk, ``--out afile/x`` and ``--out /proc/x`` were tracebacks.
"""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from judgebench.errors import OutputError
from judgebench.output_files import atomic_writer, lock_path, output_lock
from tests.conftest import DATA, O1_MINI
from tests.pipeline import standins
from tests.safety import cli, remount, tmpfs

standins.register()

REPLAY = f"replay/{O1_MINI}"


def judge_args(out: Path | str, limit: int = 4) -> list[str]:
    return [
        "judge",
        "--judge",
        "arena_hard",
        "--model",
        REPLAY,
        "--pairs",
        "gpt",
        "--limit",
        str(limit),
        "--out",
        str(out),
    ]


def special_files(tmp_path: Path) -> dict[str, Path]:
    """A FIFO, a folder, a socket and (as root) a character device equal to /dev/null, all inside tmp_path."""
    found = {"fifo": tmp_path / "fifo", "folder": tmp_path / "folder", "socket": tmp_path / "sock"}
    os.mkfifo(found["fifo"])
    found["folder"].mkdir()
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(found["socket"]))
    sock.close()
    if os.geteuid() == 0:
        found["device"] = tmp_path / "null"
        os.mknod(found["device"], 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    return found


def kind(path: Path) -> int:
    return stat.S_IFMT(os.lstat(path).st_mode)


@pytest.mark.parametrize("writer", ["judge", "report", "build", "solve"])
def test_every_writer_refuses_devices_fifos_sockets_and_folders(
    writer: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, path in special_files(tmp_path).items():
        before = kind(path)
        argv = {
            "judge": judge_args(path),
            "report": ["report", str(O1_MINI), "--html", str(path), "--bootstrap", "0"],
            "build": ["build", "--source", "toy", "--responses", str(tmp_path / "r.jsonl"), "--out", str(path)],
            "solve": [
                "solve",
                "--model",
                "openai/m",
                "--base-url",
                "http://127.0.0.1:9/v1",
                "--pairs",
                "gpt",
                "--out",
                str(path),
            ],
        }[writer]
        code, _, err = cli(capsys, *argv)
        assert code == 2, (name, err)
        assert err.count("\n") == 1 and "refusing to write" in err and "regular file or a new path" in err, err
        assert kind(path) == before, f"{writer} changed the {name}"


def test_judge_refuses_a_one_line_text_file_without_final_newline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes, no final newline")
    code, _, err = cli(capsys, *judge_args(notes))
    assert code == 2 and err.count("\n") == 1 and "notes.txt:1" in err
    assert notes.read_text() == "my notes, no final newline"


def test_a_torn_judged_line_is_still_dropped_and_resumed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.jsonl"
    assert cli(capsys, *judge_args(out, limit=3))[0] == 0
    whole = out.read_text().splitlines()
    out.write_text("\n".join(whole[:2]) + "\n" + whole[2][:50])  # a run killed mid-line
    code, stdout, _ = cli(capsys, *judge_args(out, limit=3))
    assert code == 0 and "1 pairs judged, 2 already done" in stdout
    again = [json.loads(line) for line in out.read_text().splitlines()]
    first = [json.loads(line) for line in whole]
    assert [r["pair_id"] for r in again] == [r["pair_id"] for r in first]
    assert again[:2] == first[:2]  # the complete lines are kept as they were
    assert [j["decision"] for j in again[2]["judgments"]] == [j["decision"] for j in first[2]["judgments"]]


def test_new_files_follow_the_umask_and_existing_files_keep_their_mode(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        with atomic_writer(tmp_path / "new.txt") as fh:
            fh.write("x")
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "new.txt").st_mode) == 0o640
    kept = tmp_path / "kept.txt"
    kept.write_text("old")
    os.chmod(kept, 0o604)
    with atomic_writer(kept) as fh:
        fh.write("new")
    assert kept.read_text() == "new" and stat.S_IMODE(os.stat(kept).st_mode) == 0o604


def test_writing_through_a_symlink_writes_its_target(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    real = tmp_path / "real" / "report.html"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "link.html"
    link.symlink_to(real)
    code, _, _ = cli(capsys, "report", str(O1_MINI), "--html", str(link), "--bootstrap", "0")
    assert code == 0 and link.is_symlink() and "<html" in real.read_text().lower()
    # judged outputs through a dangling link: the target is created, the link stays
    target = tmp_path / "real" / "judged.jsonl"
    out_link = tmp_path / "judged.jsonl"
    out_link.symlink_to(target)
    assert cli(capsys, *judge_args(out_link, limit=2))[0] == 0
    assert out_link.is_symlink() and len(target.read_text().splitlines()) == 2


@pytest.mark.parametrize("where", ["under-a-file", "proc"])
def test_unwritable_out_paths_are_one_line(where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    afile = tmp_path / "afile"
    afile.write_text("x")
    out = afile / "x.jsonl" if where == "under-a-file" else Path("/proc/judgebench-x.jsonl")
    for argv in (judge_args(out), ["report", str(O1_MINI), "--html", str(out), "--bootstrap", "0"]):
        code, _, err = cli(capsys, *argv)
        assert code == 2 and err.count("\n") == 1 and err.startswith("judgebench: error: "), err
        assert "Traceback" not in err
    assert afile.read_text() == "x"


def test_the_run_lock_belongs_to_the_output_not_the_cache(tmp_path: Path) -> None:
    """Two runs with one --out and different cache folders: the second is refused in one line."""
    out = tmp_path / "out.jsonl"
    env = {**os.environ, "JUDGEBENCH_DATA": str(DATA), "JUDGEBENCH_CACHE": str(tmp_path / "other-cache")}
    with output_lock(out):  # the first run, holding its lock (its cache is this test's JUDGEBENCH_CACHE)
        second = subprocess.run(
            [sys.executable, "-m", "judgebench.cli.main", *judge_args(out)],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert second.returncode == 2, second.stderr
    assert second.stderr.count("\n") == 1 and "being written by another judgebench run" in second.stderr
    assert not out.exists() and lock_path(out) == tmp_path / ".out.jsonl.lock"
    with output_lock(out), pytest.raises(OutputError, match="another judgebench run"), output_lock(out):
        pass


def test_disk_full_during_judge_is_one_line_and_resumable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with tmpfs(tmp_path / "fs", "64k") as fs:
        out = fs / "judged.jsonl"
        code, _, err = cli(capsys, *judge_args(out, limit=40))
        assert code == 2 and err.count("\n") == 1, err
        assert "disk is full" in err and "rerun the same command to resume" in err
        raw = out.read_bytes()
        complete = raw[: raw.rfind(b"\n") + 1].splitlines()
        assert 0 < len(complete) < 40 and all(json.loads(line)["judgments"] for line in complete)
        remount(fs, "size=16m")
        code, stdout, _ = cli(capsys, *judge_args(out, limit=40))
        assert code == 0 and f"{40 - len(complete)} pairs judged, {len(complete)} already done" in stdout
        assert len(out.read_text().splitlines()) == 40


def test_disk_full_during_report_and_build_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.pipeline.test_plumbing import write_responses

    responses = write_responses(tmp_path / "r.jsonl")
    with tmpfs(tmp_path / "fs", "64k") as fs:
        (fs / "filler").write_bytes(b"\0" * (64 * 1024 - 4096 * 3))  # leave a few blocks only
        report = fs / "report.html"
        report.write_text("the old report")
        code, _, err = cli(capsys, "report", str(O1_MINI), "--html", str(report), "--bootstrap", "0")
        assert code == 2 and err.count("\n") == 1 and "disk is full" in err and "nothing was replaced" in err
        assert report.read_text() == "the old report"
        build = ("build", "--source", "toy", "--responses", str(responses), "--workers", "0", "--out")
        code, _, err = cli(capsys, *build, str(fs / "pairs.jsonl"))
        errors = [line for line in err.splitlines() if not line.startswith("verify:")]  # progress lines
        assert code == 2 and len(errors) == 1 and "disk is full" in errors[0] and "Traceback" not in err, err
        remount(fs, "size=16m")
        code, stdout, _ = cli(capsys, *build, str(fs / "pairs.jsonl"))
        assert code == 0 and "40 pairs" in stdout
