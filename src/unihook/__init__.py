"""unihook: one typed client for webhook subscriptions on Flxpoint, Commerce Layer, BLAZE, Shipping Channels
and Pack.cloud.

    import unihook
    with unihook.Client() as hub:   # credentials from arguments, else the environment
        sub = hub.create("commercelayer", url="https://example.com/hook", events=["orders.place"])

A vendor's file and generated client package are imported the first time that vendor is used. Receiving:
`unihook.webhooks` verifies the deliveries a vendor sends (`verify`, and `Receiver`, an ASGI app).
"""

import typing

from ._async_client import AsyncClient
from ._client import Client
from ._exceptions import (
    APIError,
    AuthenticationError,
    ConflictError,
    CoordinationError,
    InvalidRequest,
    NotFoundError,
    RateLimitError,
    ServerError,
    SignatureError,
    TransportError,
    UnihookError,
    UnsupportedOperation,
    ValidationError,
)
from ._types import Subscription
from ._vendors import VENDORS, VendorKey

if typing.TYPE_CHECKING:
    from ._coordination import Coordination, LocalCoordination, RedisCoordination


# The coordination backends load with the first client (or when named), not with `import unihook`.
_LAZY = ("Coordination", "LocalCoordination", "RedisCoordination")


def __getattr__(name: str) -> object:
    if name in _LAZY:
        from . import _coordination

        return getattr(_coordination, name)
    raise AttributeError(f"module 'unihook' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__version__ = "0.1.0"

__all__ = [
    "VENDORS",
    "APIError",
    "AsyncClient",
    "AuthenticationError",
    "Client",
    "ConflictError",
    "Coordination",
    "CoordinationError",
    "InvalidRequest",
    "LocalCoordination",
    "NotFoundError",
    "RateLimitError",
    "RedisCoordination",
    "ServerError",
    "SignatureError",
    "Subscription",
    "TransportError",
    "UnihookError",
    "UnsupportedOperation",
    "ValidationError",
    "VendorKey",
    "__version__",
]
