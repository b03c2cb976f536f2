"""Local stand-ins of the five vendor APIs, for tests and for `unihook sandbox`.

One ASGI app mounts vendor `<key>` at `/<key>`, so `http://127.0.0.1:P/<key>` replaces the vendor's
documented root (UNIHOOK_<KEY>_BASE_URL). Behaviour follows shared/VENDORS.md and specs/<key>/openapi.yaml:
paths, media types, status codes, envelopes, pagination, error bodies, auth headers (any non-empty
credential is accepted), Flxpoint's 2 requests/second per token.

Faults, queued per vendor (`SandboxServer.inject`, `POST /_admin/faults`) or for one request
(`X-Unihook-Fault` header), each consumed by one request:
    429, 500, 502, 503, 504   the vendor's own error answer with that status
    html                      502 with an HTML proxy error page
    520                       an unknown status with an HTML body
    redirect                  307 to another origin (127.0.0.1:9, where nothing listens)
    drop-before               connection closed, request not processed
    drop-after                request processed (state changes), then connection closed without a response
    slow:<seconds>            answered normally after a delay (at most 30 s)
    malformed                 processed, then answered with a truncated JSON body
    enum                      processed, answered with enum values and a field that no spec lists
Admin: `POST /_admin/reset`, `POST /_admin/faults` {"vendor", "faults"}, `GET /_admin/state`.

Deliveries (`POST /_admin/trigger` {"vendor", "event", "data"?}, `SandboxServer.trigger`): the stand-in POSTs
the event, shaped and signed as its vendor does, to every active registration subscribed to it, retrying
failures with exponential backoff, and answers with each delivery's outcome. Vendors that sign without
documenting how get the sandbox's own scheme (`X-Unihook-Sandbox-Signature`, see `_deliver`), never passed
off as theirs. Settings (`GET`/`POST /_admin/settings`, `SandboxServer.configure`): `DeliverySettings`.
"""

from ._app import ConnectionDropped, create_app
from ._core import FAULT_NAMES, DeliverySettings, SandboxState
from ._registry import VENDOR_KEYS
from ._server import SandboxServer, serve

__all__ = [
    "FAULT_NAMES",
    "VENDOR_KEYS",
    "ConnectionDropped",
    "DeliverySettings",
    "SandboxServer",
    "SandboxState",
    "create_app",
    "serve",
]
