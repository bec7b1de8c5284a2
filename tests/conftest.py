"""Shared test setup: the reference data folder and paths to the release files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("JUDGEBENCH_SHARED", ROOT.parent / "shared")).resolve()
DATA = Path(os.environ.setdefault("JUDGEBENCH_DATA", str(SHARED / "judgebench"))).resolve()
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

if not GPT_PAIRS.is_file():  # pragma: no cover - a broken checkout, say so loudly
    raise RuntimeError(f"reference data not found under {DATA}: set JUDGEBENCH_DATA")


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the user's cache from tests."""
    monkeypatch.setenv("JUDGEBENCH_CACHE", str(tmp_path_factory.mktemp("jb-cache")))
