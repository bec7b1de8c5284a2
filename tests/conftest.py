"""Shared test setup: the reference data folder and paths to the release files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("JUDGEBENCH_SHARED", ROOT.parent / "shared")).resolve()
DATA = Path(os.environ.setdefault("JUDGEBENCH_DATA", str(SHARED / "judgebench"))).resolve()
# huggingface_hub (read at its import) otherwise asks huggingface.co for its AI-agent registry and caches it in ~
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
GPT_PAIRS = DATA / "data" / "dataset=judgebench,response_model=gpt-4o-2024-05-13.jsonl"
CLAUDE_PAIRS = DATA / "data" / "dataset=judgebench,response_model=claude-3-5-sonnet-20240620.jsonl"
OUTPUTS = DATA / "outputs"
O1_MINI = (
    OUTPUTS
    / "dataset=judgebench,response_model=gpt-4o-2024-05-13,judge_name=arena_hard,judge_model=o1-mini-2024-09-12.jsonl"
)
GRM = OUTPUTS / (
    "dataset=judgebench,response_model=gpt-4o-2024-05-13,judge_name=reward_model,"
    "judge_model=Ray2333_GRM-Gemma-2B-rewardmodel-ft.jsonl"
)
SKYWORK = OUTPUTS / (
    "dataset=judgebench,response_model=gpt-4o-2024-05-13,judge_name=reward_model,"
    "judge_model=Skywork_Skywork-Reward-Llama-3.1-8B.jsonl"
)

#: Upstream's recorded outputs that are not in ../shared (tests that need them skip, saying so, when unset):
#: a clone of github.com/ScalerLab/JudgeBench (a checkout, or a bare/mirror git directory).
UPSTREAM_ENV = "JUDGEBENCH_UPSTREAM_MIRROR"
#: A few lines of upstream's Claude-3-Haiku Arena-Hard file (claude split), three with a null decision.
HAIKU_SUBSET = (
    ROOT
    / "tests"
    / "judges"
    / "data"
    / (
        "dataset=judgebench,response_model=claude-3-5-sonnet-20240620,judge_name=arena_hard,"
        "judge_model=claude-3-haiku-20240307.jsonl"
    )
)


def upstream_output(name: str, dest: Path) -> Path:
    """``outputs/<name>`` of the upstream clone named by ``$JUDGEBENCH_UPSTREAM_MIRROR``, copied into ``dest``.

    Skips the calling test when the variable is unset or the clone lacks the file.
    """
    import subprocess

    root = os.environ.get(UPSTREAM_ENV)
    if not root:
        pytest.skip(f"{UPSTREAM_ENV} is unset (a clone of ScalerLab/JudgeBench holding outputs/{name})")
    checkout = Path(root) / "outputs" / name
    if checkout.is_file():
        return checkout
    proc = subprocess.run(
        ["git", "-C", root, "show", f"HEAD:outputs/{name}"], capture_output=True, timeout=60, check=False
    )
    if proc.returncode != 0:
        pytest.skip(f"{UPSTREAM_ENV}={root} holds no outputs/{name}")
    path = dest / name
    path.write_bytes(proc.stdout)
    return path


if not GPT_PAIRS.is_file():  # pragma: no cover - a broken checkout, say so loudly
    raise RuntimeError(f"reference data not found under {DATA}: set JUDGEBENCH_DATA")


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the user's cache from tests."""
    monkeypatch.setenv("JUDGEBENCH_CACHE", str(tmp_path_factory.mktemp("jb-cache")))
