"""unihook: one typed client for webhook subscriptions on Flxpoint, Commerce Layer, BLAZE, Shipping Channels
and Pack.cloud.

    import unihook
    with unihook.Client.from_env() as hub:
        sub = hub.create("commercelayer", url="https://example.com/hook", events=["orders.place"])

A vendor's generated client package is imported the first time that vendor is used.
"""

from ._client import AsyncClient, Client
from ._config import VENDORS
from ._exceptions import (
    APIError,
    AuthenticationError,
    InvalidRequest,
    NotFoundError,
    RateLimitError,
    ServerError,
    TransportError,
    UnihookError,
    UnsupportedOperation,
    ValidationError,
)
from ._subscription import Subscription

__version__ = "0.1.0"

__all__ = [
    "VENDORS",
    "APIError",
    "AsyncClient",
    "AuthenticationError",
    "Client",
    "InvalidRequest",
    "NotFoundError",
    "RateLimitError",
    "ServerError",
    "Subscription",
    "TransportError",
    "UnihookError",
    "UnsupportedOperation",
    "ValidationError",
    "__version__",
]
