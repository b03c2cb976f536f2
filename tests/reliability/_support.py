"""Pieces shared by the reliability suites: fake credentials, events, a recording transport, and how to read the
sandbox's stored records of each vendor."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable
from typing import Any

import httpx

import unihook

VENDORS: tuple[str, ...] = tuple(unihook.VENDORS)
PACK_ORG = "org-reliability"

# One documented event per vendor (VENDORS.md), plus a second where a vendor takes several per registration.
EVENTS: dict[str, list[str]] = {
    "flxpoint": ["OrderImportedEvent"],
    "commercelayer": ["orders.place"],
    "blaze": ["NEW_CONSUMER_ORDER"],
    "shipping_channels": ["shipment.created"],
    "packcloud": ["order.created"],
}


FLX_TOKEN = "flx-reliability-token"


def credentials(flxpoint_token: str = FLX_TOKEN) -> dict[str, str]:
    """Fake credentials for every vendor (the sandbox accepts any non-empty one)."""
    return {
        "flxpoint_api_token": flxpoint_token,
        "commercelayer_access_token": "cl-reliability-token",
        "blaze_partner_key": "blaze-reliability-partner",
        "blaze_developer_key": "blaze-reliability-developer",
        "shipping_channels_api_key": "sc-reliability-key",
        "packcloud_api_token": "pack-reliability-token",
        "packcloud_organization_id": PACK_ORG,
    }


def record_url(vendor: str, record: dict[str, Any]) -> str:
    """The delivery URL of a record as the sandbox stores it (the vendor's own shape)."""
    if vendor == "flxpoint":
        return str(record["webhookUrl"])
    if vendor == "commercelayer":
        return str(record["attributes"]["callback_url"])
    if vendor == "blaze":
        return str((record.get("webHookUrls") or [record.get("url")])[0])
    if vendor == "shipping_channels":
        return str(record["url"])
    if vendor == "packcloud":
        return str(record["endpoint"])
    raise AssertionError(vendor)


def record_live(vendor: str, record: dict[str, Any]) -> bool:
    """False for a Flxpoint configuration soft-deleted (status "deleted"); the others delete for real."""
    return not (vendor == "flxpoint" and record.get("status") == "deleted")


def stored(server: Any, vendor: str) -> list[dict[str, Any]]:
    scope = PACK_ORG if vendor == "packcloud" else None
    records: list[dict[str, Any]] = server.state.records(vendor, scope=scope)
    return records


class StepClock:
    """A monotonic clock for the sandbox that moves `step` seconds on every reading, so that Flxpoint's
    2 requests/second limit never bites unless a test wants it to."""

    def __init__(self, step: float = 1.0) -> None:
        self._ticks = itertools.count()
        self.step = step
        self.base = 1_000_000.0
        self.extra = 0.0

    def __call__(self) -> float:
        return self.base + next(self._ticks) * self.step + self.extra

    def advance(self, seconds: float) -> None:
        self.extra += seconds


class Wire(httpx.BaseTransport):
    """Sends through a real transport, records every request, and can give the requests of one target
    (the first request whose method is in `methods`, then its retries: same method and URL) a fault each:
    a sandbox fault name (sent as the X-Unihook-Fault header) or a client-side one:
      connect-error  httpx.ConnectError before anything is sent
      nonjson        the request goes through; the success body is replaced by an HTML page
    """

    CLIENT_FAULTS = ("connect-error", "nonjson")

    def __init__(self, inner: httpx.BaseTransport, on_request: Callable[[httpx.Request], None] | None = None) -> None:
        self.inner = inner
        self.sent: list[httpx.Request] = []
        self.statuses: list[int] = []
        self.methods: frozenset[str] = frozenset()
        self.faults: list[str] = []
        self.target: tuple[str, str] | None = None
        self.target_attempts = 0
        self.on_request = on_request

    def arm(self, methods: set[str] | frozenset[str], faults: list[str]) -> None:
        self.methods = frozenset(methods)
        self.faults = list(faults)
        self.target = None
        self.target_attempts = 0

    def counts(self) -> Counter[str]:
        return Counter(r.method for r in self.sent)

    def prepare(self, request: httpx.Request) -> tuple[httpx.Request, str | None]:
        """Record the request; return the copy to send and the fault it meets (None for none)."""
        if self.on_request is not None:
            self.on_request(request)
        self.sent.append(request)
        key = (request.method, str(request.url))
        fault: str | None = None
        if self.target is None and self.faults and request.method in self.methods:
            self.target = key
        if self.target == key:
            self.target_attempts += 1
            if self.faults:
                fault = self.faults.pop(0)
        # The facade sends the same Request object on every attempt: fault a copy, never the original.
        headers = httpx.Headers(request.headers)
        headers.pop("X-Unihook-Fault", None)
        if fault is not None and fault not in self.CLIENT_FAULTS:
            headers["X-Unihook-Fault"] = fault
        outgoing = httpx.Request(
            request.method, request.url, headers=headers, content=request.content, extensions=request.extensions
        )
        if fault == "connect-error":
            raise httpx.ConnectError("[Errno 111] Connection refused (injected by the test)", request=request)
        return outgoing, fault

    def finish(self, request: httpx.Request, response: httpx.Response, fault: str | None) -> httpx.Response:
        """The response the client gets (already read when the fault replaces it)."""
        self.statuses.append(response.status_code)
        if fault != "nonjson":
            return response
        status = 200 if 200 <= response.status_code < 300 else response.status_code
        return httpx.Response(
            status,
            headers={"content-type": "text/html; charset=utf-8"},
            content=b"<html><body><h1>OK</h1><p>Thanks!</p></body></html>",
            request=request,
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        outgoing, fault = self.prepare(request)
        response = self.inner.handle_request(outgoing)
        if fault == "nonjson":
            response.read()
            response.close()
        return self.finish(request, response, fault)

    def close(self) -> None:
        """The inner transport is shared between cases; whoever made it closes it."""


class AsyncWire(httpx.AsyncBaseTransport):
    """`Wire` for httpx.AsyncClient (the same faults, the same records)."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.wire = Wire(httpx.BaseTransport())

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        outgoing, fault = self.wire.prepare(request)
        response = await self.inner.handle_async_request(outgoing)
        if fault == "nonjson":
            await response.aread()
            await response.aclose()
        return self.wire.finish(request, response, fault)

    async def aclose(self) -> None:
        await self.inner.aclose()
