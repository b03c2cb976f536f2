from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.applications import Starlette

from unihook_sandbox import SandboxState, create_app

from .support import FakeClock, TestClient


@pytest.fixture
def clock() -> FakeClock:
    # A second passes on every reading, so Flxpoint's 2 requests/second only bites where a test sets step 0.
    return FakeClock()


@pytest.fixture
def app(clock: FakeClock) -> Starlette:
    return create_app(clock=clock)


@pytest.fixture
def state(app: Starlette) -> SandboxState:
    sandbox: SandboxState = app.state.sandbox
    return sandbox


@pytest.fixture
def client(app: Starlette) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client
