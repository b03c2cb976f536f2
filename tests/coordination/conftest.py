"""Coordination against real backends: a redis-server started for the session (tests/redis_server.py) and the
sandbox on 127.0.0.1, both stopped when the session ends. Each test gets an empty Redis database and an empty
sandbox; credentials are unique per test, so nothing cached by one test serves another."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
import redis as redis_module

from tests import redis_server
from unihook._settings import credential_env
from unihook_sandbox import SandboxServer


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex}"


@pytest.fixture(scope="session")
def redis() -> Iterator[redis_server.RedisServer]:
    with redis_server.running() as server:
        yield server


@pytest.fixture
def redis_url(redis: redis_server.RedisServer) -> str:
    """The session's Redis, emptied."""
    with redis_module.Redis.from_url(redis.url) as client:
        client.flushall()
    return redis.url


@pytest.fixture
def raw(redis_url: str) -> Iterator[redis_module.Redis]:
    """A plain redis-py client on the session's Redis, to look at what unihook stored."""
    with redis_module.Redis.from_url(redis_url) as client:
        yield client


@pytest.fixture(scope="session")
def sandbox_server() -> Iterator[SandboxServer]:
    with SandboxServer() as server:
        yield server


@pytest.fixture
def sandbox(sandbox_server: SandboxServer) -> SandboxServer:
    sandbox_server.reset()
    return sandbox_server


@pytest.fixture(autouse=True)
def no_outer_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    """No credential, base URL or UNIHOOK_REDIS_URL from the outer environment reaches a client."""
    for name in list(os.environ):
        if name.startswith("UNIHOOK_") or name in credential_env().values():
            monkeypatch.delenv(name)
