"""`unihook listen`: a local receiver that shows each delivery as it arrives, verified where it can be.

Deliveries go to `http://HOST:PORT/<key>`: the path names the vendor. A delivery is verified with
`unihook.webhooks.verify` where the vendor documents its signing scheme and a secret was given; the sandbox signs
for vendors whose scheme is undocumented with a scheme of its own (base64 HMAC-SHA256 of the body in
`X-Unihook-Sandbox-Signature`), which is checked the same way and reported as the sandbox's. A delivery that
fails verification is answered 401, as a real receiver would; one that cannot be verified is answered 200 and
shown as not verified. Only the standard library serves: the listener needs no web framework.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import hashlib
import hmac
import http.server
import json
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from . import _vendors
from ._exceptions import InvalidRequest, SignatureError

SANDBOX_SIGNATURE = "x-unihook-sandbox-signature"
SANDBOX_EVENT = "x-unihook-sandbox-event"
MAX_BODY = 1024 * 1024


@dataclasses.dataclass(frozen=True)
class Heard:
    """One delivery as the listener saw it. `verified` is None when it could not be checked (no secret given, or
    no scheme); `scheme` says which: the vendor's, the sandbox's own, or none."""

    vendor: str
    event: str | None
    resource_id: str | None
    verified: bool | None
    scheme: str
    status: int
    problem: str = ""

    def line(self) -> str:
        state = {True: "verified", False: "NOT VERIFIED", None: "not verified"}[self.verified]
        extra = f" ({self.problem})" if self.problem else ""
        return f"{self.vendor} {self.event or '-'} id={self.resource_id or '-'} {state} [{self.scheme}]{extra}"

    def as_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def _resource_id(data: object) -> str | None:
    # Both delivery shapes carry the resource under `data`: JSON:API `{data: {id}}` and `{event, data: {id}}`.
    inner = data.get("data") if isinstance(data, dict) else None
    value = inner.get("id") if isinstance(inner, dict) else None
    return str(value) if value is not None else None


def _sandbox_signature_ok(body: bytes, signature: str, secrets: Sequence[str]) -> bool:
    try:
        given = base64.b64decode(signature, validate=True)
    except (binascii.Error, ValueError):
        return False
    return any(
        hmac.compare_digest(given, hmac.new(secret.encode(), body, hashlib.sha256).digest()) for secret in secrets
    )


def hear(vendor: str, body: bytes, headers: Mapping[str, str], secrets: Sequence[str]) -> Heard:
    """Judge one delivery (the listener's whole policy, without the HTTP server around it)."""
    from . import webhooks

    lowered = {k.lower(): v for k, v in headers.items()}
    try:
        data: object = json.loads(body)
    except ValueError:
        data = None
    event = lowered.get(SANDBOX_EVENT) or (data.get("event") if isinstance(data, dict) else None)
    if not webhooks.can_verify(vendor):
        signature = lowered.get(SANDBOX_SIGNATURE)
        if signature is None or not secrets:
            return Heard(vendor, event, _resource_id(data), None, "none" if signature is None else "sandbox's own", 200)
        ok = _sandbox_signature_ok(body, signature, secrets)
        return Heard(vendor, event, _resource_id(data), ok, "sandbox's own", 200 if ok else 401)
    if not secrets:  # a documented scheme, but no secret to check it with
        topic = webhooks.event_of(vendor, headers) or event
        return Heard(vendor, topic, _resource_id(data), None, "vendor's", 200, "no secret given")
    try:
        delivery = webhooks.verify(vendor, body, headers, list(secrets))
    except (SignatureError, InvalidRequest) as exc:
        topic = webhooks.event_of(vendor, headers) or event
        return Heard(vendor, topic, _resource_id(data), False, "vendor's", 401, str(exc))
    return Heard(vendor, delivery.event, delivery.resource_id, True, "vendor's", 200)


class Listener:
    """A receiver on HOST:PORT (127.0.0.1 and a free port by default) until `stop()`; `on_delivery` is called
    for each delivery, from the server's threads."""

    def __init__(
        self,
        on_delivery: Callable[[Heard], None],
        secrets: Mapping[str, Sequence[str]] | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.secrets = {k: list(v) for k, v in (secrets or {}).items()}
        for vendor in self.secrets:
            _vendors.check_vendor(vendor)
        listener = self

        class Handler(http.server.BaseHTTPRequestHandler):
            disable_nagle_algorithm = True  # keep-alive requests otherwise wait ~40 ms each
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                vendor = self.path.split("?", 1)[0].strip("/")
                if vendor not in _vendors.registered():
                    self._answer(404, {"error": f"deliver to /<vendor>, one of: {', '.join(_vendors.registered())}"})
                    return
                length = int(self.headers.get("content-length") or 0)
                if length > MAX_BODY:
                    self._answer(413, {"error": "body too large"})
                    self.close_connection = True
                    return
                body = self.rfile.read(length)
                heard = hear(vendor, body, dict(self.headers.items()), listener.secrets.get(vendor, []))
                self._answer(heard.status, {"ok": heard.status == 200})
                on_delivery(heard)

            def _answer(self, status: int, payload: dict[str, Any]) -> None:
                content = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            def log_message(self, format: str, *args: Any) -> None:
                return  # each delivery is reported through on_delivery instead

        self._server = http.server.ThreadingHTTPServer((host, port), Handler)
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> Listener:
        self._thread = threading.Thread(target=self._server.serve_forever, name="unihook-listen", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self._server.serve_forever()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> Listener:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
