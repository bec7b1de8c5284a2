"""Tiny base models (random weights from a config, nothing downloaded) and synthetic pair files for training."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.train.synthetic import marker_pairs, write_pairs


@pytest.fixture(scope="session")
def tiny_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("trl")
    from tests.reward.tiny import build_classifier

    return build_classifier(tmp_path_factory.mktemp("base") / "tiny-llama", initializer_range=0.02)


@pytest.fixture(scope="session")
def marker_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_pairs(tmp_path_factory.mktemp("pairs") / "marker.jsonl", marker_pairs(240, seed=0))


@pytest.fixture
def one_thread() -> object:
    """Train on one thread: the machine's cores are shared, and CPU time is what the tests report."""
    torch = pytest.importorskip("torch")
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)
