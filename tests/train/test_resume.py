"""A real ``judgebench train`` process killed with SIGKILL resumes from its last checkpoint; bad input exits 2."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("trl")

from judgebench.cli.main import main
from judgebench.train.trainer import last_checkpoint

ROOT = Path(__file__).resolve().parents[2]


def train_args(pairs: Path, base: Path, out: Path) -> list[str]:
    # 180 training pairs / 8 = 23 steps an epoch, 3 epochs: 69 steps, a checkpoint every 2
    return ["train", "--pairs", str(pairs), "--base", str(base), "--out", str(out), "--epochs", "3",
            "--lr", "3e-3", "--batch-size", "8", "--eval-split", "0.25", "--save-steps", "2"]  # fmt: skip


def test_kill_9_then_resume_continues_the_global_step(
    tiny_base: Path, marker_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], one_thread: None
) -> None:
    out = tmp_path / "rm"
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": str(ROOT / "src")}
    log = open(tmp_path / "first.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [sys.executable, "-m", "judgebench.cli.main", *train_args(marker_file, tiny_base, out)],
        stdout=log, stderr=subprocess.STDOUT, env=env,
    )  # fmt: skip
    deadline = time.monotonic() + 240
    try:
        while last_checkpoint(out) is None:
            assert proc.poll() is None, (tmp_path / "first.log").read_text()[-2000:]
            assert time.monotonic() < deadline, "no checkpoint within 240 s"
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
        log.close()
    assert proc.returncode == -signal.SIGKILL
    killed_at = last_checkpoint(out)
    assert killed_at is not None
    step = int(killed_at.name.split("-")[1])
    assert 2 <= step < 69 and not (out / "README.md").exists()  # it died mid-way, before the card

    # the same command without --resume refuses the folder; with it, training continues from that step
    assert main(train_args(marker_file, tiny_base, out)) == 2
    assert "is not empty: pass --resume" in capsys.readouterr().err
    assert main([*train_args(marker_file, tiny_base, out), "--resume", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["resumed_from"] == str(killed_at)
    assert doc["steps"] == {"start": step, "end": 69}  # continued, not restarted
    state = json.loads((out / "checkpoints" / "checkpoint-69" / "trainer_state.json").read_text())
    assert state["global_step"] == 69
    assert [round(e["epoch"]) for e in doc["epochs"]] == [e for e in (1, 2, 3) if e * 23 > step]
    assert doc["score"]["categories"]["Overall"]["n"] == 60 and (out / "README.md").is_file()

    # resuming with other options is refused: the folder's run is another one
    assert main([*train_args(marker_file, tiny_base, out), "--resume", "--lr", "1e-3"]) == 2
    assert "lr differ from the run" in capsys.readouterr().err


def one_line_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str], expected: str) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and expected in err, err


def test_bad_input_is_one_line_and_exit_2(
    tiny_base: Path,
    marker_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    base = ["--base", str(tiny_base), "--out", str(tmp_path / "o")]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"pair_id": "x", "question": "q"}\n')
    one_line_exit_2(capsys, ["train", "--pairs", str(bad), *base], f"{bad}:1: missing key")
    one_line_exit_2(capsys, ["train", "--pairs", str(tmp_path / "none.jsonl"), *base], "no such file")
    one_line_exit_2(capsys, ["train", "--pairs", str(marker_file), "--eval-split", "1.5", *base], "--eval-split")
    twice = ["train", "--pairs", str(marker_file), str(marker_file), *base]
    one_line_exit_2(capsys, twice, "pair_id 'syn-0-0' is also in")
    nobase = ["train", "--pairs", str(marker_file), "--base", str(tmp_path), "--out", str(tmp_path / "o2")]
    one_line_exit_2(capsys, nobase, "cannot load a tokenizer")
    full = tmp_path / "full"
    full.mkdir()
    (full / "x").write_text("")
    one_line_exit_2(capsys, ["train", "--pairs", str(marker_file), "--base", str(tiny_base), "--out", str(full)],
                    "is not empty")  # fmt: skip
    one_line_exit_2(
        capsys, ["train", "--pairs", str(marker_file), "--base", str(tiny_base), "--out", str(full), "--resume"],
        "not a judgebench train folder",
    )  # fmt: skip

    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "trl" else real(name, *a))
    one_line_exit_2(capsys, ["train", "--pairs", str(marker_file), *base], "pip install 'judgebench[train]'")
