"""The ASGI app: the five stand-ins mounted at `/<key>`, the `/_admin` endpoints, and fault injection.

Faults are applied here, outside Starlette's own middleware, because dropping a connection needs the
server's raw `send` (to reach uvicorn's transport) and must bypass Starlette's 500 handler.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Mount, Route, Router
from starlette.types import Message, Receive, Scope, Send

from ._core import (
    REDIRECT_TARGET,
    SLOW_PREFIX,
    STATUS_FAULTS,
    BadBody,
    SandboxState,
    VendorApi,
    html_response,
    json_body,
    json_response,
    parse_fault,
    slow_seconds,
)
from ._deliver import deliver
from ._registry import stand_ins

FAULT_HEADER = b"x-unihook-fault"


class ConnectionDropped(httpx.RemoteProtocolError):
    """Raised by a drop fault when the app runs in-process (TestClient, httpx.ASGITransport), where there is
    no connection to close: those transports re-raise app exceptions, so the caller sees the same transport
    error class that a real dropped connection produces."""


class SandboxApp(Starlette):
    def __init__(self, state: SandboxState, apis: Sequence[VendorApi]) -> None:
        self.sandbox = state
        self._apis = {api.key: api for api in apis}
        routes: list[BaseRoute] = [_vendor_mount(api) for api in apis]
        routes.extend(_admin_routes(state, self._apis))
        super().__init__(routes=routes)
        self.state.sandbox = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        api, below = self._target(scope)
        if api is None:
            await self._process(scope, receive, send)
            return
        try:
            fault = self._fault(api, below, scope)
        except ValueError as exc:
            await PlainTextResponse(f"X-Unihook-Fault: {exc}", status_code=400)(scope, receive, send)
            return
        if fault is None:
            await self._process(scope, receive, send)
        else:
            await self._with_fault(fault, api, scope, receive, send)

    async def _process(self, scope: Scope, receive: Receive, send: Send) -> None:
        await super().__call__(scope, receive, send)

    def _target(self, scope: Scope) -> tuple[VendorApi | None, str]:
        """The vendor stand-in an HTTP request is for, and its path below the mount."""
        if scope["type"] != "http":
            return None, ""
        path: str = scope["path"]
        root: str = scope.get("root_path", "")
        if root and path.startswith(root):
            path = path[len(root) :]
        key, _, below = path.lstrip("/").partition("/")
        return self._apis.get(key), "/" + below

    def _fault(self, api: VendorApi, below: str, scope: Scope) -> str | None:
        for name, value in scope["headers"]:
            if name.lower() == FAULT_HEADER:
                return parse_fault(value.decode("latin-1"))
        if below in api.queue_exempt_paths:
            return None
        return self.sandbox.next_fault(api.key)

    async def _with_fault(self, fault: str, api: VendorApi, scope: Scope, receive: Receive, send: Send) -> None:
        if fault in STATUS_FAULTS:
            await _status_fault(api, fault)(scope, receive, send)
        elif fault == "drop-before":
            await _drop_connection(send)
        elif fault == "drop-after":
            await self._captured(scope, receive)
            await _drop_connection(send)
        elif fault.startswith(SLOW_PREFIX):
            # Processed first, answered late: a client that times out meanwhile leaves the change made, as a
            # slow vendor would (the "maybe stored" case a create timeout must report).
            status, headers, body = await self._captured(scope, receive)
            try:
                await asyncio.sleep(slow_seconds(fault))
            except asyncio.CancelledError:
                # The server is stopping mid-delay: go away as a dying server would, without a traceback (and
                # without awaiting again, which uvicorn would cancel too).
                transport = _transport_of(send)[1]
                if transport is None:
                    raise
                transport.close()
                return
            await _replay(send, status, headers, body)
        else:
            status, headers, body = await self._captured(scope, receive)
            if fault == "malformed":
                status, headers, body = _truncated(status, headers, body)
            else:
                body = _with_unknown_values(api, body)
            await _replay(send, status, headers, body)

    async def _captured(self, scope: Scope, receive: Receive) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        """Process the request normally (state changes included) and keep the response instead of sending it."""
        messages: list[Message] = []

        async def capture(message: Message) -> None:
            messages.append(message)

        await self._process(scope, receive, capture)
        start = next(message for message in messages if message["type"] == "http.response.start")
        body = b"".join(message.get("body", b"") for message in messages if message["type"] == "http.response.body")
        return int(start["status"]), list(start.get("headers", [])), body


def _vendor_mount(api: VendorApi) -> Mount:
    """Vendor `<key>` at `/<key>`, answering its own 404 for any path below that no route matches, and its own 405
    (with `Allow`) for a method that a path does not serve.

    Path parameters arrive percent-decoded, so an id may hold `/`, a newline or any other character. The mount
    matches across newlines (Starlette's `.*` does not, and its plain-text 404 is no vendor's answer), and the
    vendor's router neither redirects on a trailing slash (a 307 no vendor documents) nor answers in plain text.
    """

    async def not_found(scope: Scope, receive: Receive, send: Send) -> None:
        await api.not_found()(scope, receive, send)

    routes = _with_method_not_allowed(api)
    mount = Mount(f"/{api.key}", app=Router(routes=routes, redirect_slashes=False, default=not_found))
    mount.path_regex = re.compile(mount.path_regex.pattern, re.DOTALL)
    return mount


# The order methods are listed in an `Allow` header.
ALLOW_ORDER = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def _with_method_not_allowed(api: VendorApi) -> list[BaseRoute]:
    """The stand-in's routes, grouped by path (in order of first appearance), each group followed by a route that
    answers every other method with the vendor's 405 and an `Allow` header listing the methods the path serves.

    RFC 9110 (15.5.6): a 405 MUST carry `Allow`. Starlette's own 405 lists only the methods of the first route
    that matched the path (`Allow: POST` where the path also serves GET), and answers in plain text.
    """
    groups: dict[str, list[Route]] = {}
    for route in api.routes():
        if not isinstance(route, Route):
            raise TypeError(f"{api.key}: only plain routes are supported, got {route!r}")
        groups.setdefault(route.path, []).append(route)
    routed: list[BaseRoute] = []
    for path, group in groups.items():
        served = {method for route in group for method in (route.methods or ())}
        allow = ", ".join([m for m in ALLOW_ORDER if m in served] + sorted(served - set(ALLOW_ORDER)))
        routed.extend(group)
        # An ASGI endpoint (not a function) keeps `methods` None: the route takes whatever method is left.
        routed.append(Route(path, _MethodNotAllowed(api, allow)))
    return routed


class _MethodNotAllowed:
    def __init__(self, api: VendorApi, allow: str) -> None:
        self._api = api
        self._allow = allow

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = self._api.method_not_allowed()
        response.headers["Allow"] = self._allow
        await response(scope, receive, send)


def _status_fault(api: VendorApi, fault: str) -> Response:
    if fault == "html":
        return html_response(502, "502 Bad Gateway", "nginx")
    if fault == "520":
        return html_response(520, "520: Web server is returning an unknown error", "cloudflare")
    if fault == "redirect":
        return Response(status_code=307, headers={"location": REDIRECT_TARGET})
    return api.error_response(int(fault))


def _transport_of(send: Send) -> tuple[object, asyncio.BaseTransport | None]:
    """uvicorn's request cycle behind `send`, and its connection; in-process there is no connection."""
    cycle = getattr(send, "__self__", None)
    transport = getattr(cycle, "transport", None)
    return cycle, transport if isinstance(transport, asyncio.BaseTransport) else None


async def _drop_connection(send: Send) -> None:
    """Close the client's connection without a response.

    Under uvicorn `send` is a method of the request cycle, which holds the transport; after closing it,
    yield until uvicorn has seen the loss, so it neither logs an error nor tries to answer 500.
    """
    cycle, transport = _transport_of(send)
    if transport is None:
        raise ConnectionDropped("Server disconnected without sending a response (sandbox drop fault).")
    transport.close()
    for _ in range(100):
        if getattr(cycle, "disconnected", True):
            return
        await asyncio.sleep(0)


def _truncated(
    status: int, headers: list[tuple[bytes, bytes]], body: bytes
) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    """Half of the JSON body: a strict prefix of an object or array never parses."""
    if body:
        return status, headers, body[: max(1, len(body) // 2)]
    # A bodiless success (204, BLAZE's delete) gets a cut-off JSON object instead, on a 200.
    kept = [(name, value) for name, value in headers if name.lower() != b"content-type"]
    return (200 if 200 <= status < 300 else status), [*kept, (b"content-type", b"application/json")], b'{"id":'


def _with_unknown_values(api: VendorApi, body: bytes) -> bytes:
    try:
        parsed = json.loads(body)
    except ValueError:
        return body
    return json.dumps(api.reveal_unknown_values(parsed), ensure_ascii=False, separators=(",", ":")).encode()


async def _replay(send: Send, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
    sized = [(name, value) for name, value in headers if name.lower() != b"content-length"]
    sized.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": sized})
    await send({"type": "http.response.body", "body": body, "more_body": False})


# What an event name may be: printable ASCII without spaces (it travels in a header), and not too long.
EVENT_PATTERN = re.compile(r"[\x21-\x7e]{1,200}")
TRIGGER_SHAPE = 'expected {"vendor": KEY, "event": EVENT, "data": {...}} (data optional)'


def _trigger_request(body: Any, apis: Mapping[str, VendorApi]) -> tuple[VendorApi, str, dict[str, Any] | None]:
    """The stand-in, event and data a trigger names; ValueError saying what is wrong."""
    if not isinstance(body, dict) or set(body) - {"vendor", "event", "data"}:
        raise ValueError(TRIGGER_SHAPE)
    vendor, event, data = body.get("vendor"), body.get("event"), body.get("data")
    if not isinstance(vendor, str) or vendor not in apis:
        raise ValueError(f"unknown vendor {vendor!r}; known: {', '.join(apis)}")
    if not isinstance(event, str) or not EVENT_PATTERN.fullmatch(event):
        raise ValueError(f"event must be 1 to 200 printable ASCII characters without spaces; {TRIGGER_SHAPE}")
    if data is not None and not isinstance(data, dict):
        raise ValueError(f"data must be a JSON object; {TRIGGER_SHAPE}")
    return apis[vendor], event, data


def _admin_routes(state: SandboxState, apis: Mapping[str, VendorApi]) -> list[BaseRoute]:
    async def reset(request: Request) -> Response:
        state.reset()
        return json_response({"reset": True})

    async def faults(request: Request) -> Response:
        try:
            body: Any = json.loads(await request.body())
        except (ValueError, RecursionError):
            return json_response({"error": 'the body must be JSON: {"vendor": KEY, "faults": [...]}'}, 400)
        vendor = body.get("vendor") if isinstance(body, dict) else None
        names = body.get("faults") if isinstance(body, dict) else None
        if not isinstance(vendor, str) or not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            return json_response({"error": 'expected {"vendor": KEY, "faults": [FAULT, ...]}'}, 400)
        try:
            state.inject(vendor, *names)
        except ValueError as exc:
            return json_response({"error": str(exc)}, 400)
        return json_response({"vendor": vendor, "queued": state.pending_faults(vendor)})

    async def snapshot(request: Request) -> Response:
        return json_response(state.snapshot())

    async def trigger(request: Request) -> Response:
        """Deliver `event` to every active registration of `vendor` subscribed to it; answer once every
        delivery has its outcome."""
        try:
            api, event, data = _trigger_request(await json_body(request), apis)
        except BadBody as exc:
            return json_response({"error": f"{exc}; {TRIGGER_SHAPE}"}, 400)
        except ValueError as exc:
            return json_response({"error": str(exc)}, 400)
        reports = await deliver(api.deliveries(event, data), state.settings)
        return json_response({"vendor": api.key, "event": event, "deliveries": reports})

    async def settings(request: Request) -> Response:
        if request.method == "POST":
            try:
                changes = await json_body(request)
                if not isinstance(changes, dict):
                    raise BadBody("the body must be a JSON object of settings")
                state.configure(**changes)
            except (BadBody, ValueError) as exc:
                return json_response({"error": str(exc)}, 400)
        return json_response(asdict(state.settings))

    return [
        Route("/_admin/reset", reset, methods=["POST"]),
        Route("/_admin/faults", faults, methods=["POST"]),
        Route("/_admin/state", snapshot, methods=["GET"]),
        Route("/_admin/trigger", trigger, methods=["POST"]),
        Route("/_admin/settings", settings, methods=["GET", "POST"]),
    ]


def create_app(clock: Callable[[], float] = time.monotonic) -> Starlette:
    """The sandbox app: vendor `<key>` mounted at `/<key>`, its `SandboxState` at `app.state.sandbox`.

    `clock` (seconds, monotonic) drives Flxpoint's rate limit; tests pass their own to control time.
    """
    state = SandboxState(clock)
    return SandboxApp(state, stand_ins(state))
