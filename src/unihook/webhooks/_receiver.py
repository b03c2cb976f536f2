"""`Receiver`: an ASGI app that verifies each delivery and hands it to your code. No web framework: any ASGI server
(uvicorn, hypercorn) runs it, and any ASGI framework (FastAPI, Starlette) mounts it."""

from __future__ import annotations

import inspect
import json
import logging
from collections.abc import Awaitable, Callable, Mapping, MutableMapping, Sequence
from typing import Any, TypeAlias

from .._exceptions import InvalidRequest, SignatureError
from ._verify import MAX_BODY, Delivery, Headers, check, secret_keys, signing_of

Scope: TypeAlias = MutableMapping[str, Any]
Message: TypeAlias = MutableMapping[str, Any]
Receive: TypeAlias = Callable[[], Awaitable[Message]]
Send: TypeAlias = Callable[[Message], Awaitable[None]]

#: A delivery handler: a plain function (run in a worker thread, so it may block) or an async one (awaited).
#: What it returns is ignored; an exception it raises is answered 500 and logged.
Handler: TypeAlias = Callable[[Delivery], object]

logger = logging.getLogger("unihook.webhooks")


class _Disconnected(Exception):
    """The client went away before the whole body arrived."""


class Receiver:
    """An ASGI app receiving `vendor`'s deliveries at whatever path it is served or mounted on.

    Each request: POST only (405 with `Allow: POST` otherwise); the body read up to `max_body` bytes (413 past it,
    without reading further); verified with `secrets` (one, or a list while rotating) exactly as `verify` does
    (401 with a short JSON error on a bad signature, 400 on a validly signed body that is not JSON); then handed
    to a handler: `on[delivery.event]` where `on` has one for its event, else `handler`. 200 `{"ok": true}` when
    the handler returns; 500 `{"ok": false, ...}` when it raises (logged on the `unihook.webhooks` logger; the
    answer holds no traceback). A delivery no handler takes is answered 200 `{"ok": true, "handled": false}`, so
    the vendor does not retry it.

    Construction checks everything it can: UnsupportedOperation for a vendor with no documented signing scheme,
    InvalidRequest for missing or empty secrets, no handler, or a bad `max_body`.
    """

    def __init__(
        self,
        vendor: str,
        secrets: str | Sequence[str],
        handler: Handler | None = None,
        *,
        on: Mapping[str, Handler] | None = None,
        max_body: int = MAX_BODY,
    ) -> None:
        self._signing = signing_of(vendor)
        try:
            self._keys = secret_keys(secrets)
        except SignatureError as exc:
            raise InvalidRequest(str(exc)) from None
        routes = dict(on or {})
        if handler is None and not routes:
            raise InvalidRequest("give a handler, or handlers by event with on={event: handler}")
        for name, candidate in [("handler", handler), *((f"on[{event!r}]", h) for event, h in routes.items())]:
            if candidate is not None and not callable(candidate):
                raise InvalidRequest(f"{name} is not callable")
        if type(max_body) is not int or max_body < 1:
            raise InvalidRequest(f"max_body is a positive number of bytes, got {max_body!r}")
        self.vendor = vendor
        self.max_body = max_body
        self._handler = handler
        self._on = routes

    def __repr__(self) -> str:
        events = f", on={sorted(self._on)!r}" if self._on else ""
        return f"Receiver(vendor={self.vendor!r}, secrets=<{len(self._keys)}>{events}, max_body={self.max_body})"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http":
            await self._http(scope, receive, send)
        elif kind == "lifespan":
            await _lifespan(receive, send)
        elif kind == "websocket":
            await send({"type": "websocket.close", "code": 1008})

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["method"] != "POST":
            await _answer(send, 405, {"ok": False, "error": "deliveries are POSTed"}, [(b"allow", b"POST")])
            return
        headers = Headers(scope["headers"])
        declared = headers.get("content-length", "").strip()
        if declared.isascii() and declared.isdigit() and (len(declared) > 18 or int(declared) > self.max_body):
            await _answer(send, 413, {"ok": False, "error": f"body over {self.max_body} bytes"})
            return
        try:
            body = await self._read(receive)
        except _Disconnected:
            return
        if body is None:
            await _answer(send, 413, {"ok": False, "error": f"body over {self.max_body} bytes"})
            return
        try:
            delivery = check(self.vendor, self._signing, self._keys, body, headers)
        except SignatureError as exc:
            await _answer(send, 401, {"ok": False, "error": str(exc)})
            return
        except InvalidRequest as exc:
            await _answer(send, 400, {"ok": False, "error": str(exc)})
            return
        handler = self._on.get(delivery.event, self._handler) if delivery.event else self._handler
        if handler is None:
            await _answer(send, 200, {"ok": True, "handled": False})
            return
        try:
            await _call(handler, delivery)
        except Exception:  # any failure of the user's handler is a 500, never a crash of the app
            logger.exception("the handler of %r failed", delivery)
            await _answer(send, 500, {"ok": False, "error": "the delivery's handler failed"})
            return
        await _answer(send, 200, {"ok": True})

    async def _read(self, receive: Receive) -> bytes | None:
        """The whole body, or None as soon as it grows past max_body (the rest is not read)."""
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise _Disconnected
            chunk: bytes = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)


async def _call(handler: Handler, delivery: Delivery) -> None:
    if inspect.iscoroutinefunction(handler) or inspect.iscoroutinefunction(getattr(handler, "__call__", None)):  # noqa: B004
        result = handler(delivery)
    else:
        import anyio.to_thread  # httpx's own dependency; imported only when a plain function is first called

        result = await anyio.to_thread.run_sync(handler, delivery)
    if inspect.isawaitable(result):
        await result


async def _answer(
    send: Send, status: int, payload: Mapping[str, object], extra: Sequence[tuple[bytes, bytes]] = ()
) -> None:
    content = json.dumps(payload).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(content)).encode()), *extra]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": content})


async def _lifespan(receive: Receive, send: Send) -> None:
    # Served on its own (uvicorn module:app), the app is told of start-up and shutdown: nothing to do for either.
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
