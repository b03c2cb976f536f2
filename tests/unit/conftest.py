"""Fixtures for the facade's policy tests (retries, pacing, configuration, secrets, OAuth, public API, async).

Nothing here sleeps or touches the network: every client sends through `httpx.MockTransport`, and the
`waits` fixture replaces `unihook._engine._sleep` / `_async_sleep` with recorders.
"""

from __future__ import annotations

import asyncio
import heapq
import json
import uuid
from collections.abc import Callable, Coroutine, Iterator
from typing import Any

import httpx
import pytest

import unihook
from unihook import _engine as _http
from unihook._settings import base_url_env, credential_env
from unihook._vendors import VENDORS

CREDENTIAL_ENV = credential_env()


HOOK = "https://example.com/hook"

# Ids each fake vendor hands out, and the ids tests ask for.
IDS = {
    "flxpoint": "42",
    "commercelayer": "wh1",
    "blaze": "b1",
    "shipping_channels": "wh_1",
    "packcloud": "p1",
}
EVENTS = {
    "flxpoint": ["OrderImportedEvent"],
    "commercelayer": ["orders.place"],
    "blaze": ["NEW_CONSUMER_ORDER"],
    "shipping_channels": ["shipment.created"],
    "packcloud": ["order.created"],
}
# Secrets the fake vendors put in their responses (Commerce Layer's shared_secret, Pack.cloud's secret).
CL_SHARED_SECRET = "clsharedsecret-RESPONSE-0f0f0f"
PC_RESPONSE_SECRET = "pcsecret-RESPONSE-1e1e1e"
PC_ORG = "org1"
CL_ORG = "acme"

DEFAULT_HOSTS = {
    "api.flxpoint.com": "flxpoint",
    f"{CL_ORG}.commercelayer.io": "commercelayer",
    "api.partners.blaze.me": "blaze",
    "api.shipping-channels.com": "shipping_channels",
    "api.pack.cloud": "packcloud",
}
COLLECTIONS = {
    "flxpoint": "/webhhok/configurations",
    "commercelayer": "/api/webhooks",
    "blaze": "/api/v1/partner/webHooks",
    "shipping_channels": "/v1/webhook-subscriptions",
    "packcloud": f"/v1/organizations/{PC_ORG}/webhooks",
}


def unique(prefix: str) -> str:
    """A credential nobody else in the process uses (the default coordination's pacing and tokens are
    process-wide)."""
    return f"{prefix}-{uuid.uuid4().hex}"


def credentials(**overrides: str | None) -> dict[str, Any]:
    """Explicit, unique credentials for every vendor (Commerce Layer with a ready access token)."""
    values: dict[str, Any] = {
        "flxpoint_api_token": unique("flxtoken"),
        "commercelayer_access_token": unique("cltoken"),
        "commercelayer_organization": CL_ORG,
        "blaze_partner_key": unique("blazepartner"),
        "blaze_developer_key": unique("blazedeveloper"),
        "shipping_channels_api_key": unique("sckey"),
        "packcloud_api_token": unique("pctoken"),
        "packcloud_organization_id": PC_ORG,
    }
    values.update(overrides)
    return values


def json_response(status: int, body: Any = None, headers: dict[str, str] | None = None) -> httpx.Response:
    content = b"" if body is None else json.dumps(body).encode()
    base = {"Content-Type": "application/json"} if body is not None else {}
    return httpx.Response(status, content=content, headers={**base, **(headers or {})})


def resource(vendor: str, url: str = HOOK, id: str | None = None) -> dict[str, Any]:
    """One subscription as the vendor's API returns it (unwrapped)."""
    id = id or IDS[vendor]
    if vendor == "flxpoint":
        return {
            "id": int(id),
            "configurationName": "cfg",
            "webhookUrl": url,
            "subscribedEvents": EVENTS[vendor],
            "status": "active",
        }
    if vendor == "commercelayer":
        return {
            "id": id,
            "type": "webhooks",
            "attributes": {
                "name": "n",
                "topic": EVENTS[vendor][0],
                "callback_url": url,
                "shared_secret": CL_SHARED_SECRET,
                "disabled_at": None,
            },
        }
    if vendor == "blaze":
        return {"id": id, "webHookType": EVENTS[vendor][0], "webHookUrls": [url], "url": url}
    if vendor == "shipping_channels":
        return {"id": id, "name": "n", "url": url, "events": EVENTS[vendor], "active": True, "secret": "********"}
    if vendor == "packcloud":
        return {
            "id": id,
            "event_code": EVENTS[vendor][0],
            "endpoint": url,
            "secret": PC_RESPONSE_SECRET,
            "enabled": True,
            "created_at": "2024-08-02T10:00:00Z",
            "updated_at": "2024-08-02T10:00:00Z",
        }
    raise AssertionError(vendor)


def single_body(vendor: str, **kw: Any) -> Any:
    item = resource(vendor, **kw)
    return {"data": item} if vendor in ("commercelayer", "shipping_channels") else item


def list_body(vendor: str, items: list[dict[str, Any]] | None = None, page: int = 1, pages: int = 1) -> Any:
    items = [resource(vendor)] if items is None else items
    if vendor == "flxpoint":
        return items
    if vendor == "commercelayer":
        return {"data": items, "meta": {"record_count": len(items), "page_count": pages}}
    if vendor == "blaze":
        return {"values": items, "skip": 0, "limit": 100, "total": len(items)}
    if vendor == "shipping_channels":
        return {"data": items, "meta": {"current_page": page, "last_page": pages, "per_page": 100}}
    if vendor == "packcloud":
        return {"data": items, "next": None, "prev": None, "per_page": 25}
    raise AssertionError(vendor)


def ok(vendor: str, request: httpx.Request) -> httpx.Response:
    """A success answer to any webhook call of `vendor` (the request's path decides which)."""
    collection = request.url.path.endswith(COLLECTIONS[vendor].rsplit("/", 1)[-1])
    if request.method == "DELETE":
        return json_response(204 if vendor in ("commercelayer", "shipping_channels") else 200)
    if request.method == "GET" and collection:
        return json_response(200, list_body(vendor))
    status = 201 if request.method == "POST" and vendor in ("commercelayer", "shipping_channels", "packcloud") else 200
    return json_response(status, single_body(vendor))


def fake_api(request: httpx.Request) -> httpx.Response:
    """Answers every vendor at its documented root."""
    vendor = DEFAULT_HOSTS[request.url.host]
    return ok(vendor, request)


Step = httpx.Response | type[BaseException] | BaseException | Callable[[httpx.Request], httpx.Response]


class Script:
    """A MockTransport handler that answers from a list of steps (the last one repeats) and records requests.

    A step is an httpx.Response, an httpx exception class (raised with the request), or a callable.
    """

    def __init__(self, *steps: Step) -> None:
        assert steps
        self.steps = list(steps)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        step = self.steps.pop(0) if len(self.steps) > 1 else self.steps[0]
        if isinstance(step, type) and issubclass(step, httpx.RequestError):
            raise step(f"simulated {step.__name__}", request=request)
        if isinstance(step, BaseException):
            raise step
        if isinstance(step, httpx.Response):
            # A fresh copy each time so a repeated step can be read again.
            return httpx.Response(step.status_code, headers=step.headers, content=step.content)
        return step(request)

    @property
    def count(self) -> int:
        return len(self.requests)

    @property
    def methods(self) -> list[str]:
        return [r.method for r in self.requests]


class Forbidden:
    """A handler that records any call: local validation must leave it untouched."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        raise AssertionError(f"nothing should have been sent, got {request.method} {request.url}")


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every wait unihook asks for (sync or async), instead of sleeping."""
    recorded: list[float] = []

    def fake_sleep(seconds: float) -> None:
        recorded.append(seconds)

    async def fake_async_sleep(seconds: float) -> None:
        recorded.append(seconds)

    monkeypatch.setattr(_http, "_sleep", fake_sleep)
    monkeypatch.setattr(_http, "_async_sleep", fake_async_sleep)
    return recorded


class FakeClock:
    """A monotonic clock that only moves when unihook sleeps on it."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start
        self.waits: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)


class VirtualTime:
    """Concurrent asyncio tasks sleeping on a FakeClock: time moves to the earliest wake-up only once every task
    started with `gather` is asleep, as it would if the sleeps were real and everything else took no time."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._seq = 0
        self._active = 0

    async def sleep(self, seconds: float) -> None:
        self.clock.waits.append(seconds)
        future = asyncio.get_running_loop().create_future()
        self._seq += 1
        heapq.heappush(self._sleepers, (self.clock.now + seconds, self._seq, future))
        await future

    async def gather(self, *coroutines: Coroutine[Any, Any, Any]) -> list[Any]:
        self._active = len(coroutines)

        async def tracked(coroutine: Coroutine[Any, Any, Any]) -> Any:
            try:
                return await coroutine
            finally:
                self._active -= 1

        async def advance() -> None:
            while self._active:
                if self._sleepers and len(self._sleepers) == self._active:
                    wake, _, future = heapq.heappop(self._sleepers)
                    self.clock.now = max(self.clock.now, wake)
                    future.set_result(None)
                await asyncio.sleep(0)

        results = await asyncio.gather(*(tracked(c) for c in coroutines), advance())
        return results[:-1]


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    """A fake clock whose sleep is unihook's `_sleep` / `_async_sleep`; give it to a client's backend with
    `coordination=unihook.LocalCoordination(clock=clock)`."""
    fake = FakeClock()
    monkeypatch.setattr(_http, "_sleep", fake.sleep)
    monkeypatch.setattr(_http, "_async_sleep", fake.async_sleep)
    return fake


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No unihook credential or base-URL variable from the outer environment leaks into a test."""
    for var in CREDENTIAL_ENV.values():
        monkeypatch.delenv(var, raising=False)
    for vendor in VENDORS:
        monkeypatch.delenv(base_url_env(vendor), raising=False)
    return monkeypatch


@pytest.fixture
def make_client() -> Iterator[Callable[..., unihook.Client]]:
    """Build a Client around a MockTransport handler; unique credentials, pacing off unless asked."""
    made: list[unihook.Client] = []

    def build(handler: Callable[[httpx.Request], httpx.Response], **kwargs: Any) -> unihook.Client:
        options: dict[str, Any] = {**credentials(), "rate_limit": False}
        options.update(kwargs)
        client = unihook.Client(http_client=httpx.Client(transport=httpx.MockTransport(handler)), **options)
        made.append(client)
        return client

    yield build
    for client in made:
        client._http.close()


def make_async_client(handler: Callable[[httpx.Request], httpx.Response], **kwargs: Any) -> unihook.AsyncClient:
    options: dict[str, Any] = {**credentials(), "rate_limit": False}
    options.update(kwargs)
    return unihook.AsyncClient(http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)), **options)
