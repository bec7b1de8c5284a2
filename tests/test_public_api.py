from __future__ import annotations

import subprocess
import sys

import judgebench
from judgebench import errors


def test_all_is_sorted_and_importable():
    assert judgebench.__all__ == sorted(judgebench.__all__)
    for name in judgebench.__all__:
        assert hasattr(judgebench, name)


def test_every_error_is_documented_in_the_tree():
    doc = errors.__doc__ or ""
    for name in errors.__all__:
        cls = getattr(errors, name)
        assert issubclass(cls, errors.JudgeBenchError)
        assert name in doc, f"{name} missing from the tree in errors.py's docstring"


def test_console_script_help_and_version():
    out = subprocess.run([sys.executable, "-m", "judgebench.cli.main", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.strip() == f"judgebench {judgebench.__version__}"
    out = subprocess.run([sys.executable, "-m", "judgebench.cli.main", "--help"], capture_output=True, text=True)
    assert out.returncode == 0
    for command in ("score", "leaderboard"):
        assert command in out.stdout
    out = subprocess.run([sys.executable, "-m", "judgebench.cli.main", "frobnicate"], capture_output=True, text=True)
    assert out.returncode == 2 and "invalid choice" in out.stderr
