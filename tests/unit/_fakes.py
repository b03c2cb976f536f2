"""Shared helpers for the facade's unit tests: a recording httpx.MockTransport handler and a way to run one
facade call through `unihook.Client` or `unihook.AsyncClient` with the same test body.

Every test is parametrised over MODES ("sync", "async"); `call(mode, handler, "get", vendor, id)` builds the
right client around `httpx.MockTransport(handler)`, runs the operation (async ones with asyncio.run) and
returns its result (`list` is collected into a Python list).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterable
from typing import Any

import httpx
import pytest

import unihook

MODES = ("sync", "async")

# Explicit credentials for every vendor; each test only touches its own vendor.
FLX_TOKEN = "tok-flx-1234"
CL_TOKEN = "tok-cl-5678"
CL_ORG = "acme"
BLAZE_PARTNER = "pk-blaze-9012"
BLAZE_DEVELOPER = "dk-blaze-3456"
SC_KEY = "sk-sc-7890"
PC_TOKEN = "tok-pc-2468"
PC_ORG = "org_1"

CREDENTIALS: dict[str, str] = {
    "flxpoint_api_token": FLX_TOKEN,
    "commercelayer_access_token": CL_TOKEN,
    "commercelayer_organization": CL_ORG,
    "blaze_partner_key": BLAZE_PARTNER,
    "blaze_developer_key": BLAZE_DEVELOPER,
    "shipping_channels_api_key": SC_KEY,
    "packcloud_api_token": PC_TOKEN,
    "packcloud_organization_id": PC_ORG,
}

Responder = Callable[[httpx.Request], httpx.Response]


def json_response(
    status: int, body: Any, headers: dict[str, str] | None = None, content_type: str = "application/json"
) -> httpx.Response:
    return httpx.Response(
        status,
        content=json.dumps(body).encode(),
        headers={"Content-Type": content_type, **(headers or {})},
    )


def empty_response(status: int, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, content=b"", headers=headers or {})


HTML_BODY = (
    "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>"
    "<body><h1>Oops</h1><p>Something went wrong</p></body></html>"
)


def html_response(status: int) -> httpx.Response:
    return httpx.Response(status, content=HTML_BODY.encode(), headers={"Content-Type": "text/html; charset=utf-8"})


class Recorder:
    """A MockTransport handler that keeps every request it saw and answers with `respond(request)`."""

    def __init__(self, respond: Responder) -> None:
        self.respond = respond
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.respond(request)

    @property
    def calls(self) -> list[tuple[str, str]]:
        """(method, full URL) of every request, in order."""
        return [(r.method, str(r.url)) for r in self.requests]


class Script(Recorder):
    """Answers the i-th request with the i-th response; fails the test on an unexpected extra request."""

    def __init__(self, *responses: httpx.Response) -> None:
        self._responses = list(responses)
        super().__init__(self._next)

    def _next(self, request: httpx.Request) -> httpx.Response:
        index = len(self.requests) - 1
        if index >= len(self._responses):
            pytest.fail(f"unexpected request #{index + 1}: {request.method} {request.url}")
        template = self._responses[index]
        # A fresh Response per request: httpx binds a response to the request it answered.
        return httpx.Response(template.status_code, content=template.content, headers=template.headers)


class NoRequests(Recorder):
    """A handler for calls that must send nothing: any request fails the test."""

    def __init__(self) -> None:
        super().__init__(self._fail)

    def _fail(self, request: httpx.Request) -> httpx.Response:
        pytest.fail(f"nothing should have been sent, got {request.method} {request.url}")


def body(request: httpx.Request) -> Any:
    """The request's JSON body, parsed from the bytes on the wire."""
    return json.loads(request.content)


def _client_kwargs(extra: dict[str, Any] | None) -> dict[str, Any]:
    return {**CREDENTIALS, "rate_limit": False, **(extra or {})}


def call(
    mode: str, handler: Recorder, operation: str, *args: Any, client: dict[str, Any] | None = None, **kwargs: Any
) -> Any:
    """Run `Client.<operation>(*args, **kwargs)` or its awaited AsyncClient twin through `handler`."""
    if mode == "sync":
        http = httpx.Client(transport=httpx.MockTransport(handler))
        try:
            with unihook.Client(http_client=http, **_client_kwargs(client)) as hub:
                result = getattr(hub, operation)(*args, **kwargs)
                return list(result) if operation == "list" else result
        finally:
            http.close()

    async def main() -> Any:
        async with (
            httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http,
            unihook.AsyncClient(http_client=http, **_client_kwargs(client)) as hub,
        ):
            if operation == "list":
                return [item async for item in hub.list(*args, **kwargs)]
            return await getattr(hub, operation)(*args, **kwargs)

    return asyncio.run(main())


def walk_lazily(
    mode: str, handler: Recorder, vendor: str, client: dict[str, Any] | None = None
) -> tuple[int, list[tuple[Any, int]]]:
    """Iterate list(vendor) one item at a time. Returns the number of requests sent before the first item was
    asked for, and each item with the number of requests sent by the time it was yielded."""
    seen: list[tuple[Any, int]] = []
    if mode == "sync":
        http = httpx.Client(transport=httpx.MockTransport(handler))
        try:
            with unihook.Client(http_client=http, **_client_kwargs(client)) as hub:
                iterator = hub.list(vendor)
                before = len(handler.requests)
                for item in iterator:
                    seen.append((item, len(handler.requests)))
                return before, seen
        finally:
            http.close()

    async def main() -> int:
        async with (
            httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http,
            unihook.AsyncClient(http_client=http, **_client_kwargs(client)) as hub,
        ):
            iterator = hub.list(vendor)
            before = len(handler.requests)
            async for item in iterator:
                seen.append((item, len(handler.requests)))
            return before

    before = asyncio.run(main())
    return before, seen


def raises_from(
    mode: str,
    handler: Recorder,
    expected: type[BaseException],
    operation: str,
    *args: Any,
    client: dict[str, Any] | None = None,
    **kwargs: Any,
) -> Any:
    """Run the call and return the raised exception, which must be of exactly the `expected` family."""
    with pytest.raises(expected) as info:
        call(mode, handler, operation, *args, client=client, **kwargs)
    return info.value


def requests_per_yield(seen: Iterable[tuple[Any, int]]) -> list[int]:
    return [count for _, count in seen]
