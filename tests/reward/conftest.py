"""Tiny reward models, built once per session from a config (no download; torch imported only when used)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reward.tiny import build_classifier, build_custom


@pytest.fixture(scope="session")
def llama_rm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_classifier(tmp_path_factory.mktemp("rm") / "tiny-llama-rm", "llama")


@pytest.fixture(scope="session")
def gemma_rm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_classifier(tmp_path_factory.mktemp("rm") / "tiny-gemma-rm", "gemma", seed=1)


@pytest.fixture(scope="session")
def custom_rm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # named like the hub model so the folder picks up the InternLM2-Reward spec
    return build_custom(tmp_path_factory.mktemp("rm") / "internlm2-7b-reward")
