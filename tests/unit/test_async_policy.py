"""AsyncClient keeps the sync policy: retries, no duplicate create, pacing, lazy pages, client ownership."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import httpx
import pytest

import unihook

from .conftest import (
    EVENTS,
    HOOK,
    IDS,
    FakeClock,
    Forbidden,
    Script,
    VirtualTime,
    json_response,
    list_body,
    make_async_client,
    ok,
    resource,
    unique,
)

SC = "shipping_channels"


def sc_ok(request: httpx.Request) -> httpx.Response:
    return ok(SC, request)


def run(coroutine):
    return asyncio.run(coroutine)


async def get_once(hub: unihook.AsyncClient, vendor: str = SC) -> unihook.Subscription:
    async with hub:
        return await hub.get(vendor, IDS[vendor])


# --- retries ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "failure",
    [
        httpx.ConnectError,
        httpx.ReadTimeout,
        json_response(429),
        json_response(502),
        json_response(503),
        json_response(504),
    ],
    ids=["ConnectError", "ReadTimeout", "429", "502", "503", "504"],
)
def test_async_get_is_retried_then_succeeds(waits, failure):
    script = Script(failure, sc_ok)
    hub = make_async_client(script)

    sub = run(get_once(hub))

    assert isinstance(sub, unihook.Subscription)
    assert sub.id == "wh_1"
    assert script.count == 2
    assert len(waits) == 1


def test_async_backoff_waits_through_patched_async_sleep(waits):
    script = Script(json_response(503), json_response(503), json_response(503), sc_ok)
    hub = make_async_client(script)

    run(get_once(hub))

    assert script.count == 4
    assert len(waits) == 3
    for n, wait in enumerate(waits, start=1):
        base = 0.5 * 2 ** (n - 1)
        assert base <= wait <= base + 0.5, (n, wait)


def test_async_retry_after_is_the_wait(waits):
    script = Script(
        json_response(429, headers={"Retry-After": "4"}), json_response(429, headers={"Retry-After": "2"}), sc_ok
    )
    hub = make_async_client(script)

    run(get_once(hub))

    assert waits == [4.0, 2.0]


def test_async_sync_sleep_is_never_used(monkeypatch, waits):
    def forbidden(seconds: float) -> None:
        raise AssertionError("AsyncClient must not block the event loop with a sync sleep")

    monkeypatch.setattr("unihook._engine._sleep", forbidden)
    script = Script(json_response(503), json_response(503), sc_ok)
    hub = make_async_client(script)

    run(get_once(hub))
    assert len(waits) == 2


def test_async_exhausted_retries_raise_the_typed_error(waits):
    script = Script(httpx.ConnectError)
    hub = make_async_client(script)

    with pytest.raises(unihook.TransportError) as info:
        run(get_once(hub))
    assert script.count == 4
    assert info.value.attempts == 4

    script = Script(json_response(503))
    hub = make_async_client(script)
    with pytest.raises(unihook.ServerError) as server:
        run(get_once(hub))
    assert server.value.status_code == 503
    assert script.count == 4


def test_async_max_retries_zero(waits):
    script = Script(json_response(503), sc_ok)
    hub = make_async_client(script, max_retries=0)

    with pytest.raises(unihook.ServerError):
        run(get_once(hub))
    assert script.count == 1
    assert waits == []


def test_async_500_is_not_retried(waits):
    script = Script(json_response(500), sc_ok)
    hub = make_async_client(script)

    with pytest.raises(unihook.ServerError):
        run(get_once(hub))
    assert script.count == 1


def test_async_delete_retry_finding_404_counts_as_done(waits):
    script = Script(json_response(503), json_response(404))
    hub = make_async_client(script)

    async def main() -> None:
        async with hub:
            return await hub.delete(SC, "wh_1")

    assert run(main()) is None
    assert script.methods == ["DELETE", "DELETE"]


def test_async_logs_one_record_per_attempt(waits, caplog):
    caplog.set_level(logging.INFO, logger="unihook")
    script = Script(json_response(503), sc_ok)
    hub = make_async_client(script)

    run(get_once(hub))

    url = "https://api.shipping-channels.com/v1/webhook-subscriptions/wh_1"
    assert [r.getMessage() for r in caplog.records if "attempt" in r.getMessage()] == [
        f"GET {url} -> 503 (attempt 1)",
        f"GET {url} -> 200 (attempt 2)",
    ]


# --- no duplicate create ------------------------------------------------------------------------------------------


async def create_once(hub: unihook.AsyncClient, vendor: str) -> unihook.Subscription:
    async with hub:
        return await hub.create(vendor, url=HOOK, events=EVENTS[vendor])


@pytest.mark.parametrize("vendor", list(IDS))
@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_async_create_answered_5xx_is_not_retried(waits, vendor, status):
    script = Script(json_response(status), lambda r: ok(vendor, r))
    hub = make_async_client(script)

    with pytest.raises(unihook.ServerError) as info:
        run(create_once(hub, vendor))
    assert info.value.status_code == status
    assert script.methods == ["POST"]


@pytest.mark.parametrize("vendor", list(IDS))
@pytest.mark.parametrize("failure", [httpx.ReadTimeout, httpx.RemoteProtocolError], ids=lambda e: e.__name__)
def test_async_create_failed_after_sending_is_not_retried(waits, vendor, failure):
    script = Script(failure, lambda r: ok(vendor, r))
    hub = make_async_client(script)

    with pytest.raises(unihook.TransportError) as info:
        run(create_once(hub, vendor))
    assert "may exist" in str(info.value)
    assert script.methods == ["POST"]


@pytest.mark.parametrize("vendor", list(IDS))
def test_async_create_whose_connection_failed_is_retried(waits, vendor):
    script = Script(httpx.ConnectError, lambda r: ok(vendor, r))
    hub = make_async_client(script)

    sub = run(create_once(hub, vendor))

    assert sub.id == IDS[vendor]
    assert script.methods == ["POST", "POST"]


def test_async_create_answered_429_is_retried(waits):
    script = Script(json_response(429, headers={"Retry-After": "1"}), sc_ok)
    hub = make_async_client(script)

    sub = run(create_once(hub, SC))

    assert sub.id == "wh_1"
    assert script.methods == ["POST", "POST"]
    assert waits == [1.0]


# --- pacing -------------------------------------------------------------------------------------------------------


def test_async_flxpoint_client_paces(clock: FakeClock):
    script = Script(lambda r: ok("flxpoint", r))
    hub = make_async_client(script, rate_limit=True, coordination=unihook.LocalCoordination(clock=clock))

    async def main() -> None:
        async with hub:
            for _ in range(4):
                await hub.get("flxpoint", "42")

    run(main())

    assert script.count == 4
    # Answered at once: only the 0.51 s spacing of 2/s binds (see test_pacing).
    assert clock.waits == pytest.approx([0.51, 0.51, 0.51])


def test_async_rate_limit_false_means_no_waits(clock: FakeClock):
    script = Script(lambda r: ok("flxpoint", r))
    hub = make_async_client(script, rate_limit=False, coordination=unihook.LocalCoordination(clock=clock))

    async def main() -> None:
        async with hub:
            for _ in range(4):
                await hub.get("flxpoint", "42")

    run(main())
    assert clock.waits == []


def test_sync_and_async_clients_with_one_token_share_one_budget(clock: FakeClock, make_client):
    shared = unihook.LocalCoordination(clock=clock)
    token = unique("flx")
    sync_hub = make_client(
        Script(lambda r: ok("flxpoint", r)), flxpoint_api_token=token, rate_limit=True, coordination=shared
    )
    async_hub = make_async_client(
        Script(lambda r: ok("flxpoint", r)), flxpoint_api_token=token, rate_limit=True, coordination=shared
    )

    sync_hub.get("flxpoint", "42")
    run(get_once(async_hub, "flxpoint"))

    assert clock.waits == pytest.approx([0.51])


def test_async_concurrent_calls_are_spaced(clock: FakeClock, monkeypatch):
    arrivals: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        arrivals.append(clock.now)
        return ok("flxpoint", request)

    hub = make_async_client(handler, rate_limit=True, coordination=unihook.LocalCoordination(clock=clock))
    virtual = VirtualTime(clock)
    monkeypatch.setattr("unihook._engine._async_sleep", virtual.sleep)

    async def main() -> None:
        async with hub:
            await virtual.gather(*(hub.get("flxpoint", "42") for _ in range(3)))

    run(main())

    # The first starts at once; the other two wait for the spacing and ask again when it has passed, and only
    # one of them gets that start: the last one waits another 0.51 s.
    assert arrivals == pytest.approx([1000.0, 1000.51, 1001.02])
    assert clock.waits == pytest.approx([0.51, 0.51, 0.51])


# --- list() -------------------------------------------------------------------------------------------------------


def paged_sc(pages: int):
    def handler(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["page"])
        items = [resource(SC, id=f"wh_{page}_{i}") for i in range(2)]
        return json_response(200, list_body(SC, items, page=page, pages=pages))

    return handler


def test_async_list_is_an_async_iterator_over_every_page():
    script = Script(paged_sc(3))
    hub = make_async_client(script)

    async def main() -> list[str]:
        async with hub:
            iterator = hub.list(SC)
            assert isinstance(iterator, AsyncIterator)
            assert not isinstance(iterator, list)
            return [sub.id async for sub in iterator]

    ids = run(main())

    assert ids == ["wh_1_0", "wh_1_1", "wh_2_0", "wh_2_1", "wh_3_0", "wh_3_1"]
    assert [r.url.params["page"] for r in script.requests] == ["1", "2", "3"]


def test_async_list_is_lazy():
    script = Script(paged_sc(3))
    hub = make_async_client(script)

    async def main() -> tuple[int, int, str]:
        async with hub:
            iterator = hub.list(SC)
            before = script.count
            first = await iterator.__anext__()
            return before, script.count, first.id

    before, after_first, first_id = run(main())
    assert before == 0  # nothing is fetched until iteration starts
    assert after_first == 1  # one page for the first item
    assert first_id == "wh_1_0"


def test_async_list_pages_are_retried(waits):
    pages = paged_sc(2)
    script = Script(pages, json_response(503), pages)
    hub = make_async_client(script)

    async def main() -> list[str]:
        async with hub:
            return [sub.id async for sub in hub.list(SC)]

    assert run(main()) == ["wh_1_0", "wh_1_1", "wh_2_0", "wh_2_1"]
    assert [r.url.params["page"] for r in script.requests] == ["1", "2", "2"]


def test_async_list_unknown_vendor_is_refused_at_once():
    hub = make_async_client(Script(sc_ok))
    with pytest.raises(unihook.InvalidRequest):
        hub.list("nope")


# --- ownership of the httpx client ---------------------------------------------------------------------------------


def test_async_context_manager_closes_an_owned_client():
    async def main() -> tuple[bool, bool]:
        hub = unihook.AsyncClient(shipping_channels_api_key="k")
        async with hub:
            opened = hub._http.is_closed
        return opened, hub._http.is_closed

    opened, closed = run(main())
    assert opened is False
    assert closed is True


def test_async_context_manager_leaves_an_injected_client_open():
    async def main() -> tuple[bool, unihook.Subscription]:
        async with httpx.AsyncClient(transport=httpx.MockTransport(sc_ok)) as http:
            async with unihook.AsyncClient(shipping_channels_api_key="k", http_client=http) as hub:
                sub = await hub.get(SC, "wh_1")
            still_open = not http.is_closed
            # and it still works for its owner
            response = await http.get("https://api.shipping-channels.com/v1/webhook-subscriptions/wh_1")
            assert response.status_code == 200
        return still_open, sub

    still_open, sub = run(main())
    assert still_open is True
    assert sub.id == "wh_1"


def test_async_aclose_of_an_injected_client_does_not_close_it():
    async def main() -> bool:
        http = httpx.AsyncClient(transport=httpx.MockTransport(sc_ok))
        hub = unihook.AsyncClient(shipping_channels_api_key="k", http_client=http)
        await hub.aclose()
        open_after = not http.is_closed
        await http.aclose()
        return open_after

    assert run(main()) is True


def test_sync_context_manager_closes_owned_but_not_injected_client():
    with unihook.Client(shipping_channels_api_key="k") as owned:
        assert owned._http.is_closed is False
    assert owned._http.is_closed is True

    http = httpx.Client(transport=httpx.MockTransport(sc_ok))
    with unihook.Client(shipping_channels_api_key="k", http_client=http) as hub:
        hub.get(SC, "wh_1")
    assert http.is_closed is False
    http.close()


# --- OAuth in async -----------------------------------------------------------------------------------------------


def test_async_commercelayer_token_is_fetched_once_and_reused():
    token_requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/token":
            token_requests.append(request)
            return json_response(200, {"access_token": "async-tok", "token_type": "bearer", "expires_in": 7200})
        assert request.headers["authorization"] == "Bearer async-tok"
        return ok("commercelayer", request)

    hub = make_async_client(
        handler,
        commercelayer_access_token=None,
        commercelayer_client_id="id",
        commercelayer_client_secret="secret",
        base_urls={"commercelayer": "http://cl.test"},
        coordination=unihook.LocalCoordination(),  # its own token cache: the grant is made here, not reused
    )

    async def main() -> None:
        async with hub:
            await hub.get("commercelayer", "wh1")
            await hub.get("commercelayer", "wh1")

    run(main())
    assert [str(r.url) for r in token_requests] == ["http://cl.test/oauth/token"]


def test_async_from_env_reads_the_environment(clean_env):
    clean_env.setenv("SHIPPING_CHANNELS_API_KEY", "env-as-key")
    clean_env.setenv("UNIHOOK_SHIPPING_CHANNELS_BASE_URL", "http://127.0.0.1:8765/shipping_channels")
    script = Script(sc_ok)

    async def main() -> unihook.Subscription:
        async with (
            httpx.AsyncClient(transport=httpx.MockTransport(script)) as http,
            unihook.AsyncClient.from_env(http_client=http, rate_limit=False) as hub,
        ):
            return await hub.get(SC, "wh_1")

    assert run(main()).id == "wh_1"
    assert str(script.requests[0].url) == "http://127.0.0.1:8765/shipping_channels/webhook-subscriptions/wh_1"
    assert script.requests[0].headers["authorization"] == "Bearer env-as-key"


def test_async_missing_credential_sends_nothing(clean_env):
    forbidden = Forbidden()

    async def main() -> None:
        async with (
            httpx.AsyncClient(transport=httpx.MockTransport(forbidden)) as http,
            unihook.AsyncClient.from_env(http_client=http) as hub,
        ):
            await hub.create("flxpoint", url=HOOK, events=["OrderImportedEvent"])

    with pytest.raises(unihook.InvalidRequest, match="FLXPOINT_API_TOKEN"):
        run(main())
    assert forbidden.requests == []


def test_async_undecodable_body_is_a_unihook_error(waits):
    def broken_gzip(request: httpx.Request) -> httpx.Response:
        headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
        return httpx.Response(200, headers=headers, content=b"definitely not gzip")

    hub = make_async_client(Script(broken_gzip))
    with pytest.raises(unihook.UnihookError):
        run(get_once(hub))
