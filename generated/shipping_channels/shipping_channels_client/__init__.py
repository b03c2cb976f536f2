"""A client library for accessing Shipping Channels webhook API (unihook)"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
