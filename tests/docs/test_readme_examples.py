"""Every shell example of the README runs as written from the clone's root, offline (item: a newcomer's path).

The commands run in README order with ``bash`` in a scratch copy of the clone (its files linked, ``../shared``
beside it), with ``JUDGEBENCH_DATA`` set, a private cache, the hub offline and no API keys, so they write
nothing into the repository. Each must exit 0. Examples marked as not runnable offline are skipped with their
reason shown (how to mark one: :mod:`tests.docs.readme_examples`).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SHARED
from tests.docs.readme_examples import readme_examples

EXAMPLES = readme_examples(ROOT / "README.md")
_KEYS = ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "TOGETHER_API_KEY", "GOOGLE_API_KEY", "HF_TOKEN")


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch clone: the repository's top-level entries linked, ``../shared`` beside it, outputs kept here."""
    base = tmp_path_factory.mktemp("readme")
    (base / "shared").symlink_to(SHARED, target_is_directory=True)
    root = base / "clone"
    root.mkdir()
    for entry in ROOT.iterdir():
        if entry.name in (".git", ".venv", "outputs") or entry.name.startswith(".venv"):
            continue
        (root / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    return root


def _env(clone: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _KEYS}
    env.update(
        JUDGEBENCH_DATA=str(clone.parent / "shared" / "judgebench"),
        JUDGEBENCH_CACHE=str(clone.parent / "cache"),
        HF_HUB_OFFLINE="1",
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",  # this environment's judgebench
    )
    return env


def test_the_readme_has_examples_and_every_skip_says_why() -> None:
    assert len(EXAMPLES) >= 10
    assert all(e.skip is None or len(e.skip.split()) >= 2 for e in EXAMPLES)  # a reason, not a bare flag


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.id for e in EXAMPLES])
def test_readme_example_runs_as_written(example, clone: Path) -> None:
    if example.skip:
        pytest.skip(f"README line {example.line}: {example.skip}")
    proc = subprocess.run(
        ["bash", "-c", example.command], cwd=clone, env=_env(clone), capture_output=True, text=True, timeout=280
    )
    assert proc.returncode == 0, (
        f"README line {example.line} exited {proc.returncode}: {example.command}\n{proc.stderr[-2000:]}"
    )
