"""EngineOptions: the typed owner of engine settings; flat settings split by its fields, the rest go to the backend."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from judgebench.backends.base import CHAT_BACKENDS
from judgebench.engine import EngineOptions, open_engine
from judgebench.errors import ConfigError
from tests.conftest import O1_MINI


def test_take_splits_engine_settings_from_backend_options() -> None:
    base = EngineOptions(concurrency=4)
    opts, rest = EngineOptions.take({"rpm": 60, "max_retries": 2, "api_key": "k", "transport": "httpx"}, base)
    assert opts == EngineOptions(concurrency=4, rpm=60, max_retries=2)
    assert rest == {"api_key": "k", "transport": "httpx"}


def test_open_engine_applies_typed_options_and_passes_the_endpoint(tmp_path: Path) -> None:
    seen: dict[str, object] = {}

    class Probe:
        provider, cacheable, api_key, base_url = "probe", True, None, None

        def __init__(self, model: str, **kwargs: object) -> None:
            self.model = model
            seen.update(kwargs)

        async def aclose(self) -> None:
            pass

    CHAT_BACKENDS.add("probe", Probe)
    try:
        opts = EngineOptions(concurrency=3, max_retries=1, timeout_s=7.0, cache_path=str(tmp_path / "c.sqlite"))
        engine = open_engine("probe/m", opts, backend_options={"flavour": "x"}, max_wait_s=2.0)
        assert (engine.limits.concurrency, engine.retry.max_retries, engine.retry.max_wait_s) == (3, 1, 2.0)
        assert engine.timeout_s == 7.0 and engine.cache is not None and engine.owns_cache
        assert set(seen) == {"base_url", "config", "timeout_s", "flavour"} and seen["timeout_s"] == 7.0
        asyncio.run(engine.aclose())
    finally:
        CHAT_BACKENDS.remove("probe")


def test_replay_refuses_backend_options_it_does_not_take() -> None:
    with pytest.raises(ConfigError, match="replay takes no options, got flavour"):
        open_engine(f"replay/{O1_MINI}", flavour="x")
