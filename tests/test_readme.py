"""The README's Python example runs as printed: its code block, run in a fresh interpreter, prints its output."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import DATA

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_python_example_prints_what_the_readme_says(tmp_path: Path) -> None:
    section = README.read_text(encoding="utf-8").split("## Python\n", 1)[1].split("\n## ", 1)[0]
    code, expected = re.findall(r"```(?:python|text)\n(.*?)```", section, re.S)
    env = {**os.environ, "JUDGEBENCH_DATA": str(DATA), "JUDGEBENCH_CACHE": str(tmp_path / "cache")}
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout == expected
    assert (tmp_path / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_python_dash_m_is_the_command_line() -> None:
    out = subprocess.run([sys.executable, "-m", "judgebench", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("judgebench ")
