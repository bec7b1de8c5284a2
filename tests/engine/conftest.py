from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.provider_server import FakeProvider

FAKE_KEY = "sk-test-RECOGNISABLE-123"


@pytest.fixture
def server() -> Iterator[FakeProvider]:
    with FakeProvider() as srv:
        yield srv
