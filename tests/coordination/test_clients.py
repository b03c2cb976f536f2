"""Clients on a coordination backend against the sandbox: one token fetch for many concurrent first calls, no
credential in Redis, and what happens when Redis goes away (nothing is sent, the password is never shown)."""

from __future__ import annotations

import asyncio
import logging

import httpx
import pytest

import unihook
from tests import redis_server
from unihook_sandbox import SandboxServer

from .conftest import unique

FLX_EVENTS = ["OrderImportedEvent"]


class Seen:
    """What the HTTP client sent (httpx event hooks), the token grants apart."""

    def __init__(self) -> None:
        self.token_requests = 0
        self.requests: list[httpx.Request] = []
        self.authorizations: set[str] = set()

    def __call__(self, request: httpx.Request) -> None:
        if request.url.path.endswith("/oauth/token"):
            self.token_requests += 1
        else:
            self.requests.append(request)
            self.authorizations.add(request.headers.get("authorization", ""))

    async def async_hook(self, request: httpx.Request) -> None:
        self(request)

    def client(self) -> httpx.Client:
        return httpx.Client(event_hooks={"request": [self]}, trust_env=False)

    def async_client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(event_hooks={"request": [self.async_hook]}, trust_env=False)


def flx_urls(sandbox: SandboxServer, prefix: str) -> list[str]:
    return [r["webhookUrl"] for r in sandbox.state.records("flxpoint") if r["webhookUrl"].startswith(prefix)]


# --- one token for many first calls ---------------------------------------------------------------------------


@pytest.mark.parametrize("backend", ["default", "redis"])
def test_fifty_concurrent_first_calls_make_one_token_request(sandbox, redis_url, backend):
    seen = Seen()
    coordination = None if backend == "default" else unihook.RedisCoordination(redis_url)

    async def main() -> list[list[unihook.Subscription]]:
        async with unihook.AsyncClient(
            commercelayer_client_id=unique("cl-id"),  # no token cached for it anywhere yet
            commercelayer_client_secret=unique("cl-secret"),
            base_urls={"commercelayer": sandbox.base_url("commercelayer")},
            coordination=coordination,
            http_client=seen.async_client(),
        ) as hub:

            async def list_all() -> list[unihook.Subscription]:
                return [sub async for sub in hub.list("commercelayer")]

            return await asyncio.gather(*(list_all() for _ in range(50)))

    lists = asyncio.run(main())

    assert len(lists) == 50
    assert seen.token_requests == 1
    assert len(seen.requests) == 50
    assert len(seen.authorizations) == 1  # all 50 with the one token


# --- what Redis holds -----------------------------------------------------------------------------------------


def test_redis_holds_no_credential(sandbox, redis_url, raw):
    token, client_id, client_secret = unique("flx-token"), unique("cl-id"), unique("cl-secret")
    seen = Seen()
    with unihook.Client(
        flxpoint_api_token=token,
        commercelayer_client_id=client_id,
        commercelayer_client_secret=client_secret,
        base_urls={v: sandbox.base_url(v) for v in ("flxpoint", "commercelayer")},
        coordination=redis_url,
        http_client=seen.client(),
    ) as hub:
        hub.create("flxpoint", url="https://hooks.example.com/keys/1", events=FLX_EVENTS)
        hub.create("flxpoint", url="https://hooks.example.com/keys/2", events=FLX_EVENTS)
        list(hub.list("commercelayer"))

    stored: list[bytes] = []
    keys = list(raw.scan_iter("*"))
    for key in keys:
        kind = raw.type(key)
        if kind == b"string":
            stored.append(raw.get(key))
        elif kind == b"zset":
            stored.extend(member for member, _ in raw.zrange(key, 0, -1, withscores=True))
        else:
            raise AssertionError(f"unexpected {kind!r} at {key!r}")
    (access_token,) = {a.removeprefix("Bearer ") for a in seen.authorizations if a.startswith("Bearer ")}

    assert keys  # pacing and the token are there
    assert all(key.startswith(b"unihook:") for key in keys)
    for secret in (token, client_id, client_secret, access_token):
        assert not any(secret.encode() in key for key in keys), secret
    for secret in (token, client_id, client_secret):
        assert not any(secret.encode() in value for value in stored), secret
    # The access token is shared through Redis: that is the point; it is the value of one key only.
    assert [value for value in stored if access_token.encode() in value] == [access_token.encode()]


# --- when Redis goes away ---------------------------------------------------------------------------------------

PASSWORD = "s3cret"


def check_refused(info: pytest.ExceptionInfo[unihook.CoordinationError], server: redis_server.RedisServer) -> None:
    error = info.value
    assert isinstance(error, unihook.TransportError)
    shown = f"redis://127.0.0.1:{server.port}/0"
    assert shown in str(error)
    assert error.backend == shown
    assert PASSWORD not in str(error)
    assert PASSWORD not in repr(error)


def test_a_call_after_redis_stopped_raises_before_sending(sandbox):
    seen = Seen()
    prefix = f"https://hooks.example.com/{unique('outage')}"
    with redis_server.running(password=PASSWORD) as server:
        hub = unihook.Client(
            flxpoint_api_token=unique("flx"),
            base_urls={"flxpoint": sandbox.base_url("flxpoint")},
            coordination=server.url,
            http_client=seen.client(),
        )
        hub.create("flxpoint", url=f"{prefix}/1", events=FLX_EVENTS)
        server.stop()

        with pytest.raises(unihook.CoordinationError) as info:
            hub.create("flxpoint", url=f"{prefix}/2", events=FLX_EVENTS)
        hub.close()

    check_refused(info, server)
    assert len(seen.requests) == 1
    assert flx_urls(sandbox, prefix) == [f"{prefix}/1"]


def test_an_async_call_after_redis_stopped_raises_before_sending(sandbox):
    seen = Seen()
    prefix = f"https://hooks.example.com/{unique('outage')}"

    with redis_server.running(password=PASSWORD) as server:

        async def main() -> pytest.ExceptionInfo[unihook.CoordinationError]:
            async with unihook.AsyncClient(
                flxpoint_api_token=unique("flx"),
                base_urls={"flxpoint": sandbox.base_url("flxpoint")},
                coordination=server.url,
                http_client=seen.async_client(),
            ) as hub:
                await hub.create("flxpoint", url=f"{prefix}/1", events=FLX_EVENTS)
                server.stop()
                with pytest.raises(unihook.CoordinationError) as info:
                    await hub.create("flxpoint", url=f"{prefix}/2", events=FLX_EVENTS)
                return info

        info = asyncio.run(main())

    check_refused(info, server)
    assert len(seen.requests) == 1
    assert flx_urls(sandbox, prefix) == [f"{prefix}/1"]


def test_a_token_is_not_requested_without_redis(sandbox):
    # Commerce Layer's grant: the cache is looked at first; without it, no grant is made either.
    seen = Seen()
    with redis_server.running(password=PASSWORD) as server:
        server.stop()
        with (
            unihook.Client(
                commercelayer_client_id=unique("cl-id"),
                commercelayer_client_secret=unique("cl-secret"),
                base_urls={"commercelayer": sandbox.base_url("commercelayer")},
                coordination=server.url,
                http_client=seen.client(),
            ) as hub,
            pytest.raises(unihook.CoordinationError) as info,
        ):
            hub.get("commercelayer", "whatever")

    check_refused(info, server)
    assert seen.token_requests == 0
    assert seen.requests == []


def test_a_wrong_redis_password_is_not_shown(sandbox):
    seen = Seen()
    with redis_server.running(password=PASSWORD) as server:
        wrong = server.url.replace(PASSWORD, "n0t-the-password")
        with (
            unihook.Client(
                flxpoint_api_token=unique("flx"),
                base_urls={"flxpoint": sandbox.base_url("flxpoint")},
                coordination=wrong,
                http_client=seen.client(),
            ) as hub,
            pytest.raises(unihook.CoordinationError) as info,
        ):
            hub.get("flxpoint", "1")

    assert "n0t-the-password" not in str(info.value)
    assert PASSWORD not in str(info.value)
    assert seen.requests == []


def test_redis_lost_after_sending_keeps_the_answer(sandbox, caplog):
    # The request went and was answered; recording its end fails. The answer is returned (its place in the
    # window frees by lease instead) and the failure is logged.
    with redis_server.running() as server:

        def stop_redis(response: httpx.Response) -> None:
            server.stop()

        prefix = f"https://hooks.example.com/{unique('late-outage')}"
        with (
            unihook.Client(
                flxpoint_api_token=unique("flx"),
                base_urls={"flxpoint": sandbox.base_url("flxpoint")},
                coordination=server.url,
                http_client=httpx.Client(event_hooks={"response": [stop_redis]}, trust_env=False),
            ) as hub,
            caplog.at_level(logging.WARNING, logger="unihook"),
        ):
            created = hub.create("flxpoint", url=f"{prefix}/1", events=FLX_EVENTS)

    assert created.url == f"{prefix}/1"
    assert flx_urls(sandbox, prefix) == [f"{prefix}/1"]
    assert any("could not record the end" in r.getMessage() for r in caplog.records)


# --- closing ----------------------------------------------------------------------------------------------------


def test_aclose_closes_this_loops_connections_and_a_later_call_reconnects(redis_url):
    import redis as redis_module

    from unihook._coordination import Call, Limit

    coordination = unihook.RedisCoordination(redis_url)
    observer = redis_module.Redis.from_url(redis_url)
    limit = Limit.per_second(100)

    def connections() -> int:
        return len(observer.client_list())

    async def main() -> tuple[int, int, int]:
        before = connections()
        await coordination.acall(Call("acquire", (unique("closing"), limit, "p1")))
        opened = connections()
        await coordination.aclose()
        closed = connections()
        assert await coordination.acall(Call("token", (unique("none"),))) is None  # reconnects
        await coordination.aclose()
        return before, opened, closed

    before, opened, closed = asyncio.run(main())
    observer.close()

    assert opened == before + 1
    assert closed == before
