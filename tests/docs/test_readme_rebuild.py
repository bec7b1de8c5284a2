"""The README's rebuild example prints what the README says it prints (issue 20, item 3: it printed 238).

Runs the example's two commands (the ``jq`` that writes ``claude-responses.jsonl`` and the ``build``) as
written, in a scratch folder with ``../shared`` beside it, and compares the build's summary line with the
README's.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SHARED
from tests.docs.readme_examples import readme_examples

README = ROOT / "README.md"


def test_the_rebuild_example_prints_the_readme_line(tmp_path: Path) -> None:
    if shutil.which("jq") is None:
        pytest.skip("jq is not installed (the example uses it)")
    commands = [e.command for e in readme_examples(README) if "claude-responses.jsonl" in e.command]
    assert len(commands) == 2 and commands[0].startswith("jq ") and commands[1].startswith("judgebench build ")
    said = re.findall(r"^\d+ pairs from .* -> claude-rebuilt\.jsonl$", README.read_text(encoding="utf-8"), re.M)
    assert said == ["239 pairs from 239 questions (239 mixed, 478 responses) -> claude-rebuilt.jsonl"]
    (tmp_path / "shared").symlink_to(SHARED, target_is_directory=True)
    work = tmp_path / "clone"
    work.mkdir()
    env = {
        **os.environ,
        "JUDGEBENCH_DATA": str(SHARED / "judgebench"),
        "JUDGEBENCH_CACHE": str(tmp_path / "cache"),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    printed = ""
    for command in commands:
        proc = subprocess.run(["bash", "-c", command], cwd=work, env=env, capture_output=True, text=True, timeout=280)
        assert proc.returncode == 0, proc.stderr[-2000:]
        printed = proc.stdout
    assert printed.splitlines()[0] == said[0]
